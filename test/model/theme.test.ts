import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'smol-toml';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/model/config/defaults.js';
import { ConfigError } from '../../src/model/config/errors.js';
import { parseConfig } from '../../src/model/config/load.js';
import {
  applyThemeStyle,
  builtinThemesDir,
  checkColorSpec,
  colorEnabled,
  createPainter,
  DEFAULT_UI,
  defaultTheme,
  isValidColorSpec,
  listThemes,
  loadTheme,
  resolveThemePath,
  UI_KEYS,
  type Theme,
} from '../../src/model/theme.js';
import { KINDS } from './config/kinds.js';

const BUILTIN = builtinThemesDir();
const FIX = 'test/fixtures/themes';
const ESC = '\x1b';

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('built-in theme files', () => {
  const files = readdirSync(BUILTIN).filter((f) => f.endsWith('.toml'));

  it('are dark, light, mono, nord and dracula', () => {
    expect(files.sort()).toEqual(['dark.toml', 'dracula.toml', 'light.toml', 'mono.toml', 'nord.toml']);
  });

  it.each(files)('%s loads, is named after its file and sets every ui key to a valid spec', (f) => {
    const t = loadTheme(join(BUILTIN, f));
    expect(t.name).toBe(f.replace(/\.toml$/, ''));
    const raw = parse(readFileSync(join(BUILTIN, f), 'utf8')) as { ui: Record<string, unknown> };
    expect(Object.keys(raw.ui).sort()).toEqual([...UI_KEYS].sort());
    for (const k of UI_KEYS) {
      expect(isValidColorSpec(t.ui[k]), `${f} ${k} = ${t.ui[k]}`).toBe(true);
      expect(t.ui[k]).toBe(raw.ui[k]);
    }
  });

  it('dark.toml and light.toml spell out the halves of the built-in DEFAULT_UI', () => {
    const dark = loadTheme(join(BUILTIN, 'dark.toml'));
    const light = loadTheme(join(BUILTIN, 'light.toml'));
    expect(dark.variant).toBe('dark');
    expect(light.variant).toBe('light');
    for (const k of UI_KEYS) {
      const [d, l] = DEFAULT_UI[k].split('|');
      expect(dark.ui[k], k).toBe(d);
      expect(light.ui[k], k).toBe(l ?? d);
    }
  });

  it('mono uses no colour at all, in the ui and in the table styles', () => {
    const t = loadTheme(join(BUILTIN, 'mono.toml'));
    expect(t.monochrome).toBe(true);
    const p = createPainter(t, true);
    const config = applyThemeStyle(defaultConfig(), t, new Set());
    const specs = [
      ...Object.values(t.ui),
      config.style.header,
      ...Object.values(config.style.byPercentage),
      ...Object.values(config.style.byState),
      ...Object.values(config.style.byUnit),
      'BrightYellow|Yellow', // a column's own colour is dropped too
      'bg:#3b4252 bold',
    ];
    for (const s of specs) {
      const out = p.paint(s, 'x');
      const params = [...out.matchAll(/\x1b\[([0-9;]*)m/g)].flatMap((m) => m[1].split(';'));
      for (const n of params) expect(['1', '2', '3', '4', '7', '22', '23', '24', '27'], `${s} → ${JSON.stringify(out)}`).toContain(n);
    }
    expect(p.paint('BrightYellow bold', 'x')).toBe(`${ESC}[1mx${ESC}[22m`);
    expect(p.paint('BrightYellow', 'x')).toBe('x');
  });
});

describe('loadTheme validation', () => {
  const cases: [string, string][] = [
    ['bad-ui-key.toml', `${FIX}/bad-ui-key.toml:6:1: unknown key \`selectd\` in [ui]\ndid you mean \`selected\`?`],
    ['bad-spec.toml', `${FIX}/bad-spec.toml:4:12: invalid colour spec \`bg:#3b425\` for \`selected\`: \`#3b425\` is not a #rrggbb colour`],
    ['bad-variant.toml', `${FIX}/bad-variant.toml:2:11: \`variant\` must be one of \`dark\`, \`light\`, got \`Dim\``],
    [
      'bad-style.toml',
      `${FIX}/bad-style.toml:4:1: unknown key \`color_q\` in [style.by_unit]\nknown keys: color_k, color_m, color_g, color_t, color_p, color_x`,
    ],
  ];
  it.each(cases)('%s', (f, expected) => {
    const e = errorOf(() => loadTheme(`${FIX}/${f}`));
    if (f === 'bad-spec.toml') expect(e.message.split('\n')[0]).toBe(expected);
    else expect(e.message).toBe(expected);
  });

  it('missing ui keys come from the defaults and the name from the file name', () => {
    const t = loadTheme(`${FIX}/minimal.toml`);
    expect(t.name).toBe('minimal');
    expect(t.variant).toBe('light');
    expect(t.monochrome).toBe(false);
    expect(t.ui).toEqual({ ...DEFAULT_UI, selected: 'inverse' });
    expect(t.style).toBeUndefined();
  });

  it('a missing file is a ConfigError', () => {
    expect(() => loadTheme(`${FIX}/nope.toml`)).toThrow(`${FIX}/nope.toml: cannot read theme file: no such file`);
  });

  it('a TOML syntax error has a position', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ptop-theme-syntax-'));
    try {
      writeFileSync(join(dir, 't.toml'), 'name = "x"\n[ui\n');
      const e = errorOf(() => loadTheme(join(dir, 't.toml')));
      expect(e.line).toBe(2);
      expect(e.message).toMatch(new RegExp(`^${join(dir, 't.toml')}:2:\\d+: TOML syntax error: `));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('applyThemeStyle', () => {
  const theme = loadTheme(`${FIX}/custom-style.toml`);

  it("overrides the built-in style defaults but not the user's own keys", () => {
    const { config, userStyleKeys } = parseConfig('[style]\nheader = "Green"\n[style.by_percentage]\ncolor_100 = "Red"\n', 'c.toml', KINDS);
    const out = applyThemeStyle(config, theme, userStyleKeys);
    const d = defaultConfig().style;
    expect(out.style).toEqual({
      ...d,
      header: 'Green', // the user's
      tree: 'Cyan', // the theme's
      byPercentage: { ...d.byPercentage, color000: '#010203', color100: 'Red' },
    });
    expect(config.style.tree).toBe(d.tree); // not mutated
  });

  it('a theme without [style] leaves the config alone', () => {
    const c = defaultConfig();
    expect(applyThemeStyle(c, defaultTheme(), new Set())).toBe(c);
  });
});

describe('resolveThemePath', () => {
  const root = mkdtempSync(join(tmpdir(), 'ptop-theme-'));
  const home = join(root, 'home');
  const xdg = join(root, 'xdg');
  mkdirSync(join(home, '.config', 'ptop', 'themes'), { recursive: true });
  mkdirSync(join(xdg, 'ptop', 'themes'), { recursive: true });
  writeFileSync(join(home, '.config', 'ptop', 'themes', 'nord.toml'), 'name = "my nord"\n');
  writeFileSync(join(home, '.config', 'ptop', 'themes', 'solar.toml'), 'name = "solar"\n');
  writeFileSync(join(xdg, 'ptop', 'themes', 'ocean.toml'), 'name = "ocean"\n');
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const opts = { env: {}, home, builtinDir: BUILTIN };

  it('finds built-in themes by name', () => {
    expect(resolveThemePath('dracula', opts)).toBe(join(BUILTIN, 'dracula.toml'));
  });

  it("the user's theme dir comes first (~/.config, or $XDG_CONFIG_HOME when set)", () => {
    expect(resolveThemePath('nord', opts)).toBe(join(home, '.config', 'ptop', 'themes', 'nord.toml'));
    const x = { ...opts, env: { XDG_CONFIG_HOME: xdg } };
    expect(resolveThemePath('ocean', x)).toBe(join(xdg, 'ptop', 'themes', 'ocean.toml'));
    expect(resolveThemePath('nord', x)).toBe(join(BUILTIN, 'nord.toml'));
  });

  it("procs' Dark/Light/Auto work", () => {
    expect(resolveThemePath('Dark', opts)).toBe(join(BUILTIN, 'dark.toml'));
    expect(resolveThemePath('LIGHT', opts)).toBe(join(BUILTIN, 'light.toml'));
    expect(resolveThemePath('Auto', opts)).toBe(join(BUILTIN, 'dark.toml'));
  });

  it('paths are used as is, with ~/ expanded', () => {
    expect(resolveThemePath(`${FIX}/minimal.toml`, opts)).toBe(`${FIX}/minimal.toml`);
    expect(resolveThemePath('~/.config/ptop/themes/solar.toml', opts)).toBe(join(home, '.config/ptop/themes/solar.toml'));
    expect(() => resolveThemePath('/no/such/theme.toml', opts)).toThrow('no such theme file `/no/such/theme.toml`');
  });

  it('an unknown name lists the available themes, with a suggestion', () => {
    const e = errorOf(() => resolveThemePath('drakula', opts));
    expect(e.message).toBe('unknown theme `drakula`\ndid you mean `dracula`? available themes: dark, dracula, light, mono, nord, solar');
    const f = errorOf(() => resolveThemePath('zzz', { ...opts, origin: { file: 'c.toml', line: 3, column: 9 } }));
    expect(f.message).toBe('c.toml:3:9: unknown theme `zzz`\navailable themes: dark, dracula, light, mono, nord, solar');
  });

  it('listThemes merges both dirs without duplicates', () => {
    expect(listThemes(opts)).toEqual(['dark', 'dracula', 'light', 'mono', 'nord', 'solar']);
  });
});

describe('builtinThemesDir', () => {
  it('finds <root>/themes from the source module and from a bundle in dist/', () => {
    expect(BUILTIN).toBe(join(process.cwd(), 'themes'));
    expect(builtinThemesDir(pathToFileURL(join(process.cwd(), 'dist', 'cli.js')).href)).toBe(join(process.cwd(), 'themes'));
    expect(builtinThemesDir(pathToFileURL(join(process.cwd(), 'dist', 'chunks', 'ui-ABC.js')).href)).toBe(join(process.cwd(), 'themes'));
  });
});

describe('colour specs', () => {
  it.each([
    'Red',
    'brightgreen',
    'BrightWhite|Black',
    '0',
    '255',
    '#88c0d0',
    '#abc',
    'default',
    'bg:#3b4252',
    'inverse',
    'BrightWhite bold',
    'bold italic underline dim inverse',
    'Black bg:Cyan bold|White bg:Blue',
  ])('%s is valid', (s) => expect(isValidColorSpec(s)).toBe(true));

  it.each(['', ' ', 'Purple', '256', '#12345', 'Red Blue', 'bg:Red bg:Blue', 'A|B|C', 'Red|', 'ByPercentage', 'bg:bold', 'blink'])(
    '%j is invalid',
    (s) => expect(isValidColorSpec(s)).toBe(false),
  );

  it('explains what is wrong, with a suggestion for misspelt names', () => {
    expect(checkColorSpec('BrightGren')).toEqual({ ok: false, reason: 'unknown colour `BrightGren`', suggestion: 'BrightGreen' });
    expect(checkColorSpec('Red Blue')).toMatchObject({ ok: false, reason: 'more than one foreground colour in `Red Blue`' });
  });
});

describe('createPainter', () => {
  const dark: Theme = defaultTheme();
  const light: Theme = { ...defaultTheme(), variant: 'light' };
  const p = createPainter(dark, true);

  it.each([
    ['Red', `${ESC}[31mx${ESC}[39m`],
    ['BrightGreen', `${ESC}[92mx${ESC}[39m`],
    ['brightblack', `${ESC}[90mx${ESC}[39m`],
    ['default', `${ESC}[39mx${ESC}[39m`],
    ['223', `${ESC}[38;5;223mx${ESC}[39m`],
    ['#88c0d0', `${ESC}[38;2;136;192;208mx${ESC}[39m`],
    ['#fff', `${ESC}[38;2;255;255;255mx${ESC}[39m`],
    ['bg:Blue', `${ESC}[44mx${ESC}[49m`],
    ['bg:BrightCyan', `${ESC}[106mx${ESC}[49m`],
    ['bg:238', `${ESC}[48;5;238mx${ESC}[49m`],
    ['bg:#3b4252', `${ESC}[48;2;59;66;82mx${ESC}[49m`],
    ['inverse', `${ESC}[7mx${ESC}[27m`],
    ['BrightWhite bold', `${ESC}[1;97mx${ESC}[22;39m`],
    ['underline Black bg:Green dim italic', `${ESC}[2;3;4;30;42mx${ESC}[22;23;24;39;49m`],
    ['BrightWhite|Black', `${ESC}[97mx${ESC}[39m`],
  ])('paint(%j) on a dark theme', (spec, out) => {
    expect(p.paint(spec, 'x')).toBe(out);
  });

  it('the LIGHT half applies on a light theme', () => {
    expect(createPainter(light, true).paint('BrightWhite|Black', 'x')).toBe(`${ESC}[30mx${ESC}[39m`);
    expect(createPainter(light, true).paint('Red', 'x')).toBe(`${ESC}[31mx${ESC}[39m`);
  });

  it('invalid specs, ByX styles, empty specs and empty text leave the text alone', () => {
    expect(p.paint('Purple', 'x')).toBe('x');
    expect(p.paint('ByPercentage', 'x')).toBe('x');
    expect(p.paint(undefined, 'x')).toBe('x');
    expect(p.paint('', 'x')).toBe('x');
    expect(p.paint('Red', '')).toBe('');
  });

  it('is stable across calls (cached) and a disabled painter never colours', () => {
    expect(p.paint('Red', 'a')).toBe(p.paint('Red', 'a'));
    const off = createPainter(dark, false);
    expect(off.enabled).toBe(false);
    expect(off.paint('Red', 'x')).toBe('x');
    expect(p.enabled).toBe(true);
  });

  it('an inner fg reset keeps an enclosing background', () => {
    const row = p.paint('bg:Blue', `a${p.paint('Red', 'b')}c`);
    expect(row).toBe(`${ESC}[44ma${ESC}[31mb${ESC}[39mc${ESC}[49m`);
  });
});

describe('colorEnabled', () => {
  it.each([
    ['auto', true, {}, true],
    ['auto', false, {}, false],
    ['auto', true, { NO_COLOR: '1' }, false],
    ['auto', true, { NO_COLOR: '' }, true],
    ['auto', true, { TERM: 'dumb' }, false],
    ['always', false, { NO_COLOR: '1' }, true],
    ['never', true, {}, false],
  ] as const)('mode %s, tty %s, env %j → %s', (mode, isTTY, env, expected) => {
    expect(colorEnabled({ mode, isTTY, env })).toBe(expected);
  });
});
