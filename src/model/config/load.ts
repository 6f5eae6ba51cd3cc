// Finding, parsing, validating and merging the user's config file.
//
// Unlike procs, a config file is MERGED over the built-in defaults: every section and every key
// is optional. A `[[columns]]` list replaces the default column list as a whole (lists are not
// merged element-wise), but each entry gets per-field defaults. `[style]` and its sub-tables are
// merged key by key. Unknown sections and keys are errors (with a "did you mean" hint), and every
// error points at FILE:LINE:COL (see errors.ts).

import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { isThemePath } from '../theme.js';
import { defaultConfig } from './defaults.js';
import { ConfigError } from './errors.js';
import type { SourcePos, TomlPath } from './locate.js';
import { didYouMeanOneOf } from './suggest.js';
import type { Align } from '../columns/types.js';
import type { ColumnConfig, Config } from './types.js';
import { applyStylePatch, Ctx, has, isTable, parseToml, readStyleTable, type TomlTable } from './validate.js';

// ---- schema (TOML spellings) -------------------------------------------------------------------

export const CONFIG_SECTIONS = ['columns', 'style', 'search', 'display', 'sort', 'refresh', 'keys', 'strace', 'actions'] as const;

/** keys of each section (for [style] see STYLE_SUBTABLES in validate.ts); [keys] takes any action name */
export const CONFIG_KEYS = {
  columns: ['kind', 'style', 'align', 'min_width', 'max_width', 'header', 'numeric_search', 'nonnumeric_search'],
  style: ['header', 'unit', 'tree', 'by_percentage', 'by_state', 'by_unit'],
  search: ['numeric_search', 'nonnumeric_search', 'logic', 'case'],
  display: [
    'theme',
    'color',
    'show_self',
    'show_threads',
    'show_kthreads',
    'show_header',
    'cut_to_terminal',
    'cut_to_pipe',
    'separator',
    'ascending',
    'descending',
    'tree_symbols',
  ],
  sort: ['column', 'order'],
  refresh: ['interval_ms', 'ps_sample_ms'],
  strace: ['args', 'string_limit', 'buffer_lines', 'slow_ms'],
  actions: ['core_dir', 'core_confirm_bytes'],
} as const;

/** column `style` values besides colour specs */
export const AUTO_STYLES = ['ByPercentage', 'ByState', 'ByUnit'] as const;

/** procs keys/sections ptop renamed or does not have: a clearer hint than edit distance */
const PROCS_HINTS: Record<string, string> = {
  color_mode: 'procs\' `color_mode` is called `color` in ptop (auto, always, never)',
  show_thread: 'procs\' `show_thread` is called `show_threads` in ptop',
  show_self_parents: 'procs\' `show_self_parents` is not supported by ptop',
  show_thread_in_tree: 'procs\' `show_thread_in_tree` is not supported by ptop',
  show_parent_in_tree: 'procs\' `show_parent_in_tree` is not supported by ptop',
  show_children_in_tree: 'procs\' `show_children_in_tree` is not supported by ptop',
  show_footer: 'procs\' `show_footer` is not supported by ptop',
  cut_to_pager: 'ptop has no pager; use `cut_to_pipe`',
  abbr_sid: 'procs\' `abbr_sid` is Windows-only and not supported by ptop',
  docker: 'procs\' [docker] section has no ptop equivalent (the Container column reads cgroups)',
  pager: 'ptop has no pager section; pipe the output to `less -SR` instead',
};

/** hints for keys that belong to another section than the one they were found in */
function misplacedHints(section: string | null): Record<string, string> {
  const hints: Record<string, string> = { ...PROCS_HINTS };
  for (const [sec, keys] of Object.entries(CONFIG_KEYS)) {
    if (sec === section) continue;
    for (const k of keys) {
      if (Object.hasOwn(hints, k)) continue;
      hints[k] = sec === 'columns' ? `\`${k}\` belongs in a [[columns]] entry` : `\`${k}\` belongs in the [${sec}] section`;
    }
  }
  if (section !== null) for (const k of CONFIG_KEYS[section as keyof typeof CONFIG_KEYS] ?? []) delete hints[k];
  return hints;
}

// ---- lookup --------------------------------------------------------------------------------------

export interface ConfigLocation {
  /** the config file to load, or null for the built-in defaults */
  path: string | null;
  /** why: "--config", "$PTOP_CONFIG", "$XDG_CONFIG_HOME/ptop/config.toml", "~/.config/ptop/config.toml", "/etc/ptop/config.toml" or "built-in defaults" */
  source: string;
}

export const SYSTEM_CONFIG_PATH = '/etc/ptop/config.toml';

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function explicitPath(p: string, source: string): ConfigLocation {
  let st;
  try {
    st = statSync(p);
  } catch {
    throw new ConfigError(`no such config file (given by ${source})`, { file: p });
  }
  if (st.isDirectory()) throw new ConfigError(`is a directory, not a config file (given by ${source})`, { file: p });
  return { path: p, source };
}

/**
 * The config file to use. Order: `--config FILE`, `$PTOP_CONFIG`, `$XDG_CONFIG_HOME/ptop/config.toml`
 * (only when XDG_CONFIG_HOME is an absolute path), `~/.config/ptop/config.toml`,
 * `/etc/ptop/config.toml`; the first existing file wins. An explicit `--config` or `$PTOP_CONFIG`
 * that does not exist is an error (ConfigError), not a fall-through.
 * `systemPath` overrides /etc/ptop/config.toml (for tests).
 */
export function findConfigPath(opts: { cliPath?: string; env: NodeJS.ProcessEnv; home: string; systemPath?: string }): ConfigLocation {
  if (opts.cliPath !== undefined && opts.cliPath !== '') return explicitPath(opts.cliPath, '--config');
  const envPath = opts.env.PTOP_CONFIG;
  if (envPath !== undefined && envPath !== '') return explicitPath(envPath, '$PTOP_CONFIG');
  const xdg = opts.env.XDG_CONFIG_HOME;
  if (xdg && isAbsolute(xdg)) {
    const p = join(xdg, 'ptop', 'config.toml');
    if (isFile(p)) return { path: p, source: '$XDG_CONFIG_HOME/ptop/config.toml' };
  }
  if (opts.home) {
    const p = join(opts.home, '.config', 'ptop', 'config.toml');
    if (isFile(p)) return { path: p, source: '~/.config/ptop/config.toml' };
  }
  const sys = opts.systemPath ?? SYSTEM_CONFIG_PATH;
  if (isFile(sys)) return { path: sys, source: SYSTEM_CONFIG_PATH === sys ? SYSTEM_CONFIG_PATH : sys };
  return { path: null, source: 'built-in defaults' };
}

// ---- loading -------------------------------------------------------------------------------------

export interface LoadConfigOptions {
  /** config file, or null for the built-in defaults */
  path: string | null;
  /** column kind names from the registry; "Separator" is always accepted */
  knownKinds: readonly string[];
}

export interface LoadedConfig {
  config: Config;
  /**
   * [style] keys the user's file set explicitly, as dotted TOML names ("header",
   * "by_percentage.color_000", "by_state.color_d"): a theme's [style] must not override them.
   */
  userStyleKeys: Set<string>;
  /** where `[display] theme` was set, to position a "no such theme" error (undefined = default) */
  themeOrigin?: { file: string } & SourcePos;
}

export function loadConfig(opts: LoadConfigOptions): Config {
  return loadConfigWithMeta(opts).config;
}

export function loadConfigWithMeta(opts: LoadConfigOptions): LoadedConfig {
  if (opts.path === null) return { config: defaultConfig(), userStyleKeys: new Set() };
  return parseConfig(readConfigText(opts.path), opts.path, opts.knownKinds);
}

function readConfigText(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new ConfigError(`cannot read config file: ${why}`, { file: path });
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Parse and validate config text (`file` is used for messages and to resolve a relative
 * `[display] theme` path) and merge it over the defaults.
 */
export function parseConfig(src: string, file: string, knownKinds: readonly string[]): LoadedConfig {
  const doc = parseToml(src, file);
  const ctx: Ctx = new Ctx(file, src);
  const config = defaultConfig();
  let userStyleKeys = new Set<string>();
  let themeOrigin: LoadedConfig['themeOrigin'];

  ctx.checkKeys(doc, [], CONFIG_SECTIONS, misplacedHints(null));
  for (const sec of CONFIG_SECTIONS) {
    if (has(doc, sec) && sec !== 'columns') ctx.table(doc[sec], [sec]);
  }

  if (has(doc, 'columns')) config.columns = readColumns(ctx, doc.columns, knownKinds);

  if (has(doc, 'style')) {
    const t = doc.style as TomlTable;
    ctx.checkKeys(t, ['style'], CONFIG_KEYS.style, misplacedHints('style'));
    const { patch, keys } = readStyleTable(ctx, t, ['style']);
    config.style = applyStylePatch(config.style, patch);
    userStyleKeys = keys;
  }

  if (has(doc, 'search')) {
    const t = doc.search as TomlTable;
    const p = ['search'];
    ctx.checkKeys(t, p, CONFIG_KEYS.search, misplacedHints('search'));
    const s = config.search;
    if (has(t, 'numeric_search')) s.numericSearch = ctx.enumValue(t.numeric_search, [...p, 'numeric_search'], ['exact', 'partial']);
    if (has(t, 'nonnumeric_search')) s.nonnumericSearch = ctx.enumValue(t.nonnumeric_search, [...p, 'nonnumeric_search'], ['exact', 'partial']);
    if (has(t, 'logic')) s.logic = ctx.enumValue(t.logic, [...p, 'logic'], ['and', 'or', 'nand', 'nor']);
    if (has(t, 'case')) s.case = ctx.enumValue(t.case, [...p, 'case'], ['smart', 'insensitive', 'sensitive']);
  }

  if (has(doc, 'display')) {
    const t = doc.display as TomlTable;
    const p = ['display'];
    ctx.checkKeys(t, p, CONFIG_KEYS.display, misplacedHints('display'));
    const d = config.display;
    if (has(t, 'theme')) {
      let theme = ctx.string(t.theme, [...p, 'theme'], { nonEmpty: true });
      // a relative theme path is relative to the config file, not to the working directory
      if (isThemePath(theme) && !isAbsolute(theme) && !theme.startsWith('~/')) theme = resolve(dirname(file), theme);
      d.theme = theme;
      themeOrigin = { file, ...ctx.locator.find([...p, 'theme'], 'value') };
    }
    if (has(t, 'color')) d.color = ctx.enumValue(t.color, [...p, 'color'], ['auto', 'always', 'never'], { disable: 'never' });
    const bools = [
      ['show_self', 'showSelf'],
      ['show_threads', 'showThreads'],
      ['show_kthreads', 'showKthreads'],
      ['show_header', 'showHeader'],
      ['cut_to_terminal', 'cutToTerminal'],
      ['cut_to_pipe', 'cutToPipe'],
    ] as const;
    for (const [k, f] of bools) if (has(t, k)) d[f] = ctx.bool(t[k], [...p, k]);
    for (const k of ['separator', 'ascending', 'descending'] as const) if (has(t, k)) d[k] = ctx.string(t[k], [...p, k]);
    if (has(t, 'tree_symbols')) {
      const tp = [...p, 'tree_symbols'];
      const v = t.tree_symbols;
      if (!Array.isArray(v)) ctx.typeError(tp, 'an array of 5 or 6 strings', v);
      if (v.length !== 5 && v.length !== 6) ctx.fail(tp, 'value', `\`tree_symbols\` must have 5 or 6 strings (│ ─ ┬ ├ └, then the folded mark +), got ${v.length}`);
      const given = v.map((s, i) => ctx.string(s, [...tp, i]));
      // the folded mark came later: a list of 5 keeps the default one
      d.treeSymbols = (given.length === 5 ? [...given, d.treeSymbols[5]] : given) as Config['display']['treeSymbols'];
    }
  }

  if (has(doc, 'sort')) {
    const t = doc.sort as TomlTable;
    const p = ['sort'];
    ctx.checkKeys(t, p, CONFIG_KEYS.sort, misplacedHints('sort'));
    if (has(t, 'column')) config.sort.column = readSortColumn(ctx, t.column, [...p, 'column'], knownKinds, config.columns);
    if (has(t, 'order')) config.sort.order = ctx.enumValue(t.order, [...p, 'order'], ['ascending', 'descending'], { asc: 'ascending', desc: 'descending' });
  }

  if (has(doc, 'refresh')) {
    const t = doc.refresh as TomlTable;
    const p = ['refresh'];
    ctx.checkKeys(t, p, CONFIG_KEYS.refresh, misplacedHints('refresh'));
    if (has(t, 'interval_ms')) config.refresh.intervalMs = ctx.int(t.interval_ms, [...p, 'interval_ms'], { min: 100, max: 3_600_000 });
    if (has(t, 'ps_sample_ms')) config.refresh.psSampleMs = ctx.int(t.ps_sample_ms, [...p, 'ps_sample_ms'], { min: 0, max: 60_000 });
  }

  if (has(doc, 'keys')) config.keys = readKeys(ctx, doc.keys as TomlTable);

  if (has(doc, 'strace')) {
    const t = doc.strace as TomlTable;
    const p = ['strace'];
    ctx.checkKeys(t, p, CONFIG_KEYS.strace, misplacedHints('strace'));
    const st = config.strace;
    if (has(t, 'args')) st.args = readStraceArgs(ctx, t.args, [...p, 'args']);
    if (has(t, 'string_limit')) st.stringLimit = ctx.int(t.string_limit, [...p, 'string_limit'], { min: 0, max: 1_048_576 });
    if (has(t, 'buffer_lines')) st.bufferLines = ctx.int(t.buffer_lines, [...p, 'buffer_lines'], { min: 100, max: 1_000_000 });
    if (has(t, 'slow_ms')) st.slowMs = readNumber(ctx, t.slow_ms, [...p, 'slow_ms'], { min: 0, max: 3_600_000 });
  }

  if (has(doc, 'actions')) {
    const t = doc.actions as TomlTable;
    const p = ['actions'];
    ctx.checkKeys(t, p, CONFIG_KEYS.actions, misplacedHints('actions'));
    if (has(t, 'core_dir')) {
      let dir = ctx.string(t.core_dir, [...p, 'core_dir'], { nonEmpty: true });
      // a relative directory is relative to the config file, like a theme path; ~/ is expanded when used
      if (!isAbsolute(dir) && dir !== '~' && !dir.startsWith('~/')) dir = resolve(dirname(file), dir);
      config.actions.coreDir = dir;
    }
    if (has(t, 'core_confirm_bytes')) config.actions.coreConfirmBytes = readBytes(ctx, t.core_confirm_bytes, [...p, 'core_confirm_bytes']);
  }

  return { config, userStyleKeys, themeOrigin };
}

function readColumns(ctx: Ctx, v: unknown, knownKinds: readonly string[]): ColumnConfig[] {
  const path = ['columns'];
  if (!Array.isArray(v)) ctx.typeError(path, 'an array of tables ([[columns]] entries)', v);
  if (v.length === 0) ctx.fail(path, 'value', '`columns` must list at least one column');
  const kinds = [...knownKinds, 'Separator'];
  const hints = misplacedHints('columns');
  return v.map((entry, i): ColumnConfig => {
    const p: TomlPath = ['columns', i];
    if (!isTable(entry)) ctx.typeError(p, 'a table with at least `kind`', entry);
    ctx.checkKeys(entry, p, CONFIG_KEYS.columns, hints);
    if (!has(entry, 'kind')) ctx.fail(p, 'key', '[[columns]] entry has no `kind`', 'add e.g. kind = "Pid"');
    let kind = ctx.string(entry.kind, [...p, 'kind'], { nonEmpty: true });
    if (!kinds.includes(kind)) {
      if (kind === 'Username' && kinds.includes('User')) kind = 'User'; // procs' alias
      else
        ctx.fail([...p, 'kind'], 'value', `unknown column kind \`${kind}\``, didYouMeanOneOf(kind, kinds) ?? `known kinds: ${kinds.join(' ')}`);
    }
    const col: ColumnConfig = { kind, numericSearch: false, nonnumericSearch: false };
    if (has(entry, 'style')) col.style = ctx.color(entry.style, [...p, 'style'], AUTO_STYLES);
    if (has(entry, 'align')) col.align = ctx.enumValue<Align>(entry.align, [...p, 'align'], ['left', 'right', 'center'], { centre: 'center' });
    if (has(entry, 'min_width')) col.minWidth = ctx.int(entry.min_width, [...p, 'min_width'], { min: 0, max: 10_000 });
    if (has(entry, 'max_width')) col.maxWidth = ctx.int(entry.max_width, [...p, 'max_width'], { min: 1, max: 10_000 });
    if (col.minWidth !== undefined && col.maxWidth !== undefined && col.minWidth > col.maxWidth)
      ctx.fail([...p, 'min_width'], 'value', `\`min_width\` (${col.minWidth}) is greater than \`max_width\` (${col.maxWidth})`);
    if (has(entry, 'header')) col.header = ctx.string(entry.header, [...p, 'header']);
    if (has(entry, 'numeric_search')) col.numericSearch = ctx.bool(entry.numeric_search, [...p, 'numeric_search']);
    if (has(entry, 'nonnumeric_search')) col.nonnumericSearch = ctx.bool(entry.nonnumeric_search, [...p, 'nonnumeric_search']);
    return col;
  });
}

/** a kind name (case-insensitive), or procs' index into the column list */
function readSortColumn(ctx: Ctx, v: unknown, path: TomlPath, knownKinds: readonly string[], columns: ColumnConfig[]): string {
  if (typeof v === 'number' && Number.isInteger(v)) {
    if (v < 0 || v >= columns.length)
      ctx.fail(path, 'value', `\`column\` index ${v} is out of range: there are ${columns.length} columns (0-${columns.length - 1})`, 'give a column kind name instead, e.g. column = "Pid"');
    const kind = columns[v].kind;
    if (kind === 'Separator') ctx.fail(path, 'value', `\`column\` index ${v} points at a Separator, which cannot be sorted`);
    return kind;
  }
  const s = ctx.string(v, path, { nonEmpty: true });
  if (s.toLowerCase() === 'separator') ctx.fail(path, 'value', 'cannot sort by `Separator`');
  const hit = knownKinds.find((k) => k.toLowerCase() === s.toLowerCase());
  if (hit !== undefined) return hit;
  return ctx.fail(path, 'value', `unknown column kind \`${s}\` for \`column\``, didYouMeanOneOf(s, knownKinds) ?? `known kinds: ${knownKinds.join(' ')}`);
}

/** strace options that would break the strace pane, and why */
const STRACE_FORBIDDEN: [RegExp, string][] = [
  [/^(-o|--output(=.*)?)$|^-o./, 'ptop reads strace\'s output itself; to keep a copy, save the pane\'s buffer'],
  [/^(-p|--attach(=.*)?)$|^-p\d/, 'ptop passes `-p PID` of the selected process itself'],
  [/^(-c|-C|--summary-only|--summary)$/, 'a summary replaces the trace lines the pane shows; the pane has its own summary strip'],
  [/^(-D+|--daemonize(=.*)?)$/, 'a daemonized strace would escape ptop, which must end it'],
  [/^(-h|--help|-V|--version)$/, 'it makes strace print and exit instead of tracing'],
];

/** [strace] args: an array of non-empty strings, none of which takes over what ptop controls */
function readStraceArgs(ctx: Ctx, v: unknown, path: TomlPath): string[] {
  if (!Array.isArray(v)) ctx.typeError(path, 'an array of strings, e.g. ["-e", "trace=network"]', v);
  return v.map((a, i) => {
    const s = ctx.string(a, [...path, i], { nonEmpty: true });
    for (const [re, why] of STRACE_FORBIDDEN) if (re.test(s)) ctx.fail([...path, i], 'value', `strace argument \`${s}\` is not allowed in \`args\``, why);
    return s;
  });
}

/** an integer or a float in [min, max] */
function readNumber(ctx: Ctx, v: unknown, path: TomlPath, opts: { min: number; max: number }): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) ctx.typeError(path, 'a number', v);
  const name = String(path[path.length - 1]);
  if (v < opts.min) ctx.fail(path, 'value', `\`${name}\` must be at least ${opts.min}, got ${v}`);
  if (v > opts.max) ctx.fail(path, 'value', `\`${name}\` must be at most ${opts.max}, got ${v}`);
  return v;
}

const BYTE_UNITS: Record<string, number> = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** a byte count: an integer, or a string with a K/M/G/T suffix ("512M", "1.5G", "2GiB") */
function readBytes(ctx: Ctx, v: unknown, path: TomlPath): number {
  const name = String(path[path.length - 1]);
  if (typeof v === 'number') return ctx.int(v, path, { min: 0 });
  if (typeof v !== 'string') ctx.typeError(path, 'a byte count: an integer or a string like "1G"', v);
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*$/i.exec(v);
  if (!m) return ctx.fail(path, 'value', `\`${name}\` must be a byte count like 1073741824, "512M" or "1G", got \`${v}\``);
  return Math.round(Number(m[1]) * BYTE_UNITS[m[2].toUpperCase()]);
}

/** [keys]: action = "key" | ["key", ...]; action names are checked later by the UI */
function readKeys(ctx: Ctx, t: TomlTable): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const action of Object.keys(t)) {
    const p = ['keys', action];
    const v = t[action];
    let keys: string[];
    if (typeof v === 'string') keys = [ctx.string(v, p, { nonEmpty: true })];
    else if (Array.isArray(v)) keys = v.map((k, i) => ctx.string(k, [...p, i], { nonEmpty: true }));
    else ctx.typeError(p, 'a key string or an array of key strings', v);
    // defineProperty: an action literally named "__proto__" must not change the prototype
    Object.defineProperty(out, action, { value: keys, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
