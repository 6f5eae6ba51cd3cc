import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/model/config/defaults.js';
import { configToToml } from '../../../src/model/config/gen.js';
import { CONFIG_KEYS, CONFIG_SECTIONS, loadConfig, parseConfig } from '../../../src/model/config/load.js';
import { STYLE_SUBTABLES } from '../../../src/model/config/validate.js';
import { KINDS } from './kinds.js';

describe('configToToml (--gen-config)', () => {
  it('the defaults round-trip through TOML', () => {
    const text = configToToml(defaultConfig(), { knownKinds: KINDS });
    const back = parseConfig(text, 'gen.toml', KINDS);
    expect(back.config).toEqual(defaultConfig());
  });

  it('a customised config round-trips too', () => {
    const c = defaultConfig();
    c.columns = [
      { kind: 'Pid', numericSearch: true, nonnumericSearch: false, header: 'P"I\\D', minWidth: 2, maxWidth: 9, align: 'center', style: '#88c0d0 bold|Blue' },
      { kind: 'Command', numericSearch: false, nonnumericSearch: true },
    ];
    c.display.separator = '\t|';
    c.display.treeSymbols = ['|', '-', '+', '+', '`', '*'];
    c.sort = { column: 'Command', order: 'descending' };
    c.keys = { quit: ['q', 'F10'], 'toggle tree': ['t'] };
    c.search.logic = 'nor';
    c.refresh = { intervalMs: 250, psSampleMs: 100 };
    expect(parseConfig(configToToml(c), 'gen.toml', KINDS).config).toEqual(c);
  });

  it('lists the kinds in a comment when given, and has a commented [keys] example', () => {
    const text = configToToml(defaultConfig(), { knownKinds: ['Pid', 'User'] });
    expect(text).toContain('# Kinds: Pid User Separator');
    expect(text).toContain('[keys]\n# quit = ["q", "F10"]');
  });
});

describe('config.example.toml', () => {
  const text = readFileSync('config.example.toml', 'utf8');

  it('loads without error and equals the built-in defaults', () => {
    expect(loadConfig({ path: 'config.example.toml', knownKinds: KINDS })).toEqual(defaultConfig());
  });

  it('documents every section and key', () => {
    for (const s of CONFIG_SECTIONS) expect(text).toMatch(new RegExp(`^\\[{1,2}${s}\\]{1,2}`, 'm'));
    for (const [section, keys] of Object.entries(CONFIG_KEYS)) {
      for (const k of keys) expect(text, `${section}.${k}`).toMatch(new RegExp(`\\b${k}\\b`));
    }
    for (const [sub, def] of Object.entries(STYLE_SUBTABLES)) {
      expect(text).toContain(`[style.${sub}]`);
      for (const k of Object.keys(def.keys)) expect(text).toMatch(new RegExp(`^${k} = `, 'm'));
    }
  });

  it('lists every column kind and Separator', () => {
    for (const k of [...KINDS, 'Separator']) expect(text).toMatch(new RegExp(`\\b${k}\\b`));
  });
});
