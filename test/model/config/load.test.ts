import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/model/config/defaults.js';
import { ConfigError } from '../../../src/model/config/errors.js';
import { loadConfig, loadConfigWithMeta, parseConfig } from '../../../src/model/config/load.js';
import { KINDS } from './kinds.js';

const INVALID = 'test/fixtures/config/invalid';
const VALID = 'test/fixtures/config/valid';

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error('expected a ConfigError, got none');
}

function loadError(name: string): ConfigError {
  return errorOf(() => loadConfig({ path: `${INVALID}/${name}`, knownKinds: KINDS }));
}

function parseError(src: string): ConfigError {
  return errorOf(() => parseConfig(src, 'x.toml', KINDS));
}

describe('invalid config files: exact FILE:LINE:COL and message', () => {
  // [fixture, line, column, first line after "FILE:LINE:COL: ", hint line or undefined]
  const cases: [string, number, number, string, string | undefined][] = [
    [
      'syntax.toml',
      2,
      14,
      'TOML syntax error: control characters are not allowed in strings',
      `is a closing quote missing? A string ends on its own line (use """ or ''' for multi-line strings)`,
    ],
    ['unknown-key.toml', 7, 3, 'unknown key `max_widht` in [[columns]]', 'did you mean `max_width`?'],
    ['unknown-section.toml', 4, 2, 'unknown section `[dispaly]`', 'did you mean `[display]`?'],
    ['unknown-kind-VmRSS.toml', 5, 8, 'unknown column kind `VmRSS`', 'did you mean `VmRss`?'],
    ['unknown-kind-Vmrss.toml', 6, 13, 'unknown column kind `Vmrss`', 'did you mean `VmRss`?'],
    ['unknown-kind-inline.toml', 3, 12, 'unknown column kind `VmRSS`', 'did you mean `VmRss`?'],
    ['unknown-kind-tie.toml', 6, 8, 'unknown column kind `Usr`', 'did you mean `User` or `Uss`?'],
    ['wrong-type.toml', 3, 13, '`max_width` must be an integer, got string', undefined],
    ['bad-enum.toml', 3, 9, '`align` must be one of `left`, `right`, `center`, got `middle`', undefined],
    ['bad-enum-search.toml', 2, 9, '`logic` must be one of `and`, `or`, `nand`, `nor`, got `xor`', undefined],
    ['bad-colour.toml', 6, 11, 'invalid colour spec `BrightRedd|Red` for `color_d`: unknown colour `BrightRedd`', 'did you mean `BrightRed`?'],
    ['misplaced-key.toml', 2, 1, 'unknown key `theme` in [style]', '`theme` belongs in the [display] section'],
    ['top-level-key.toml', 1, 1, 'unknown top-level key `theme`', '`theme` belongs in the [display] section'],
    ['missing-kind.toml', 4, 3, '[[columns]] entry has no `kind`', 'add e.g. kind = "Pid"'],
    ['tree-symbols.toml', 2, 16, '`tree_symbols` must have 5 or 6 strings (│ ─ ┬ ├ └, then the folded mark +), got 4', undefined],
    ['keys-type.toml', 2, 14, '`quit[1]` must be a string, got integer', undefined],
    ['interval-range.toml', 2, 15, '`interval_ms` must be at least 100, got 10', undefined],
    ['procs-color-mode.toml', 2, 1, 'unknown key `color_mode` in [display]', "procs' `color_mode` is called `color` in ptop (auto, always, never)"],
    ['sort-separator.toml', 2, 10, '`column` index 2 points at a Separator, which cannot be sorted', undefined],
  ];
  it.each(cases)('%s → line %i col %i', (name, line, column, reason, hint) => {
    const e = loadError(name);
    const file = `${INVALID}/${name}`;
    expect(e.file).toBe(file);
    expect(e.line).toBe(line);
    expect(e.column).toBe(column);
    expect(e.reason).toBe(reason);
    expect(e.hint).toBe(hint);
    expect(e.message).toBe(`${file}:${line}:${column}: ${reason}${hint === undefined ? '' : `\n${hint}`}`);
  });

  it('bad 256-colour index in a column style explains the range and the ByX styles', () => {
    const e = loadError('bad-colour-column.toml');
    const [first, second] = e.message.split('\n');
    expect(first).toBe(`${INVALID}/bad-colour-column.toml:3:9: invalid colour spec \`300\` for \`style\`: 256-colour index 300 is out of range 0-255`);
    expect(second).toContain('#rrggbb');
    expect(second).toContain('ByPercentage, ByState, ByUnit');
  });

  it('every invalid fixture is covered by a case above', async () => {
    const { readdirSync } = await import('node:fs');
    const covered = new Set([...cases.map((c) => c[0]), 'bad-colour-column.toml']);
    expect(readdirSync(INVALID).filter((f) => f.endsWith('.toml')).sort()).toEqual([...covered].sort());
  });
});

describe('valid config files', () => {
  it('a three-column config gives exactly those three columns, with per-field defaults', () => {
    const c = loadConfig({ path: `${VALID}/three-columns.toml`, knownKinds: KINDS });
    expect(c.columns).toEqual([
      { kind: 'Pid', numericSearch: true, nonnumericSearch: false },
      { kind: 'VmRss', style: 'ByUnit', align: 'right', minWidth: 6, maxWidth: 12, header: 'RSS', numericSearch: false, nonnumericSearch: false },
      { kind: 'Command', numericSearch: false, nonnumericSearch: true },
    ]);
    const d = defaultConfig();
    expect({ ...c, columns: d.columns }).toEqual(d);
  });

  it('a partial config keeps every other default and records the style keys it set', () => {
    const { config, userStyleKeys } = loadConfigWithMeta({ path: `${VALID}/partial.toml`, knownKinds: KINDS });
    const d = defaultConfig();
    d.display.theme = 'nord';
    d.display.showThreads = true;
    d.style.byPercentage.color100 = 'BrightMagenta bold';
    d.refresh.psSampleMs = 250;
    d.keys = { quit: ['Q'], kill: ['k', 'F9'] };
    expect(config).toEqual(d);
    expect([...userStyleKeys]).toEqual(['by_percentage.color_100']);
  });

  it("accepts procs' capitalised spellings, Username, Disable and a numeric sort column", () => {
    const c = loadConfig({ path: `${VALID}/procs-style.toml`, knownKinds: KINDS });
    expect(c.columns.map((x) => x.kind)).toEqual(['Pid', 'User', 'Separator', 'UsageCpu', 'Command']);
    expect(c.columns[3]).toEqual({ kind: 'UsageCpu', style: 'ByPercentage', align: 'right', numericSearch: false, nonnumericSearch: false });
    expect(c.columns[4].align).toBe('left');
    expect(c.columns[4].maxWidth).toBe(80);
    expect(c.search).toEqual({ numericSearch: 'exact', nonnumericSearch: 'partial', logic: 'and', case: 'smart' });
    expect(c.display.color).toBe('never');
    expect(c.display.theme).toBe('Dark');
    expect(c.sort).toEqual({ column: 'UsageCpu', order: 'descending' });
  });

  it('path null gives the built-in defaults and no user style keys', () => {
    const r = loadConfigWithMeta({ path: null, knownKinds: KINDS });
    expect(r.config).toEqual(defaultConfig());
    expect(r.userStyleKeys.size).toBe(0);
    expect(r.themeOrigin).toBeUndefined();
  });

  it('an empty file is the defaults', () => {
    expect(parseConfig('', 'empty.toml', KINDS).config).toEqual(defaultConfig());
    // five tree symbols (the form before the folded mark) keep the default mark
    const five = parseConfig('[display]\ntree_symbols = ["|", "-", "+", "+", "`"]\n', 'five.toml', KINDS).config;
    expect(five.display.treeSymbols).toEqual(['|', '-', '+', '+', '`', '+']);
  });
});

describe('merging and value handling', () => {
  it('merges [style] key by key, including sub-tables, and reports the keys set', () => {
    const r = parseConfig('[style]\nheader = "Red"\n[style.by_state]\ncolor_z = "#ff00ff bold"\n', 'x.toml', KINDS);
    const d = defaultConfig();
    expect(r.config.style).toEqual({ ...d.style, header: 'Red', byState: { ...d.style.byState, colorZ: '#ff00ff bold' } });
    expect([...r.userStyleKeys].sort()).toEqual(['by_state.color_z', 'header']);
  });

  it('accepts dotted keys and inline tables for [style]', () => {
    const r = parseConfig('style.unit = "223"\nstyle.by_unit = { color_g = "bg:Blue", color_t = "inverse" }\n', 'x.toml', KINDS);
    expect(r.config.style.unit).toBe('223');
    expect(r.config.style.byUnit.colorG).toBe('bg:Blue');
    expect(r.config.style.byUnit.colorT).toBe('inverse');
    expect(r.config.style.byUnit.colorK).toBe(defaultConfig().style.byUnit.colorK);
  });

  it('sort column names are matched case-insensitively and canonicalised', () => {
    expect(parseConfig('[sort]\ncolumn = "vmrss"\norder = "DESC"', 'x.toml', KINDS).config.sort).toEqual({ column: 'VmRss', order: 'descending' });
  });

  it('unknown sort column gets a suggestion', () => {
    const e = parseError('[sort]\ncolumn = "UsageCPU2"\n');
    expect(e.message).toBe('x.toml:2:10: unknown column kind `UsageCPU2` for `column`\ndid you mean `UsageCpu`?');
  });

  it('a numeric sort column indexes the user column list', () => {
    const src = '[[columns]]\nkind = "Command"\n[[columns]]\nkind = "Pss"\n[sort]\ncolumn = 1\n';
    expect(parseConfig(src, 'x.toml', KINDS).config.sort.column).toBe('Pss');
    expect(parseError('[sort]\ncolumn = 99\n').message).toMatch(/^x\.toml:2:10: `column` index 99 is out of range: there are 10 columns \(0-9\)\n/);
  });

  it('[keys] accepts any action with a string or a list of strings', () => {
    const c = parseConfig('[keys]\nquit = "q"\n"toggle-tree" = ["t", "F5"]\nnone = []\n', 'x.toml', KINDS).config;
    expect(c.keys).toEqual({ quit: ['q'], 'toggle-tree': ['t', 'F5'], none: [] });
    expect(parseError('[keys]\nquit = ""\n').message).toBe('x.toml:2:8: `quit` must not be empty');
    expect(parseError('[keys]\nquit = { a = 1 }\n').message).toBe('x.toml:2:8: `quit` must be a key string or an array of key strings, got table');
  });

  it('an action named __proto__ is stored as data, not as the prototype', () => {
    const c = parseConfig('[keys]\n__proto__ = "x"\n', 'x.toml', KINDS).config;
    expect(Object.getPrototypeOf(c.keys)).toBe(Object.prototype);
    expect(Object.keys(c.keys)).toEqual(['__proto__']);
  });

  it('a relative theme path is resolved against the config file directory; names are kept', () => {
    expect(parseConfig('[display]\ntheme = "mine.toml"\n', '/etc/ptop/config.toml', KINDS).config.display.theme).toBe('/etc/ptop/mine.toml');
    expect(parseConfig('[display]\ntheme = "~/t/x.toml"\n', '/etc/ptop/config.toml', KINDS).config.display.theme).toBe('~/t/x.toml');
    const r = parseConfig('\n[display]\ntheme = "nord"\n', '/c.toml', KINDS);
    expect(r.config.display.theme).toBe('nord');
    expect(r.themeOrigin).toEqual({ file: '/c.toml', line: 3, column: 9 });
  });

  it('min_width greater than max_width is an error at min_width', () => {
    expect(parseError('[[columns]]\nkind = "Pid"\nmax_width = 3\nmin_width = 5\n').message).toBe(
      'x.toml:4:13: `min_width` (5) is greater than `max_width` (3)',
    );
  });

  it('floats and booleans are reported with their TOML type', () => {
    expect(parseError('[refresh]\ninterval_ms = 1.5\n').message).toBe('x.toml:2:15: `interval_ms` must be an integer, got float');
    expect(parseError('[display]\nshow_self = "yes"\n').message).toBe('x.toml:2:13: `show_self` must be a boolean (true or false), got string');
    expect(parseError('[display]\nseparator = 1979-05-27\n').message).toBe('x.toml:2:13: `separator` must be a string, got datetime');
    expect(parseError('display = 3\n').message).toBe('x.toml:1:11: `display` must be a table, got integer');
  });

  it("TOML syntax errors carry smol-toml's position and a hint", () => {
    expect(parseError('[display]\ntheme = nord\n').message).toBe(
      'x.toml:2:9: TOML syntax error: invalid value\na value is a "quoted string", a number, true or false, [an array] or { an inline table }',
    );
    expect(parseError('[sort]\n[sort]\n').message).toBe(
      'x.toml:2:2: TOML syntax error: trying to redefine an already defined table or value\neach key and each [table] may appear only once',
    );
  });

  it('an empty columns array is rejected', () => {
    expect(parseError('columns = []\n').message).toBe('x.toml:1:11: `columns` must list at least one column');
  });

  it('unknown kind with nothing close lists the known kinds', () => {
    const e = parseError('[[columns]]\nkind = "Docker"\n');
    expect(e.reason).toBe('unknown column kind `Docker`');
    expect(e.hint).toBe(`known kinds: ${KINDS.join(' ')} Separator`);
  });

  it('unknown section with nothing close lists the sections', () => {
    const e = parseError('[zzzzzz]\n');
    expect(e.message).toBe('x.toml:1:2: unknown section `[zzzzzz]`\nknown sections: columns, style, search, display, sort, refresh, keys, strace, actions');
  });

  it("procs' [pager] section gets a specific hint", () => {
    expect(parseError('[pager]\nmode = "Auto"\n').message).toBe(
      'x.toml:1:2: unknown section `[pager]`\nptop has no pager section; pipe the output to `less -SR` instead',
    );
  });

  it('errors in the third [[columns]] entry point into that entry', () => {
    const src = '[[columns]]\nkind = "Pid"\nalign = "left"\n\n[[columns]]\nkind = "User"\n\n[[columns]]\nkind = "Command"\nalign = "diagonal"\n';
    expect(parseError(src).message).toMatch(/^x\.toml:10:9: `align` must be one of/);
  });
});

describe('reading files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ptop-load-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a missing file is a ConfigError without a position', () => {
    const p = join(dir, 'nope.toml');
    const e = errorOf(() => loadConfig({ path: p, knownKinds: KINDS }));
    expect(e.message).toBe(`${p}: cannot read config file: no such file`);
    expect(e.line).toBe(0);
  });

  it('a UTF-8 BOM is ignored', () => {
    const p = join(dir, 'bom.toml');
    writeFileSync(p, '\ufeff[display]\nshow_self = true\n');
    expect(loadConfig({ path: p, knownKinds: KINDS }).display.showSelf).toBe(true);
  });
});
