// Themes: TOML files that give the interactive UI its colours ([ui]), may restyle the table
// ([style], same keys as the config's [style]) and choose which half of "DARK|LIGHT" specs applies.
// Also the Painter that turns colour specs into SGR escape sequences.
//
//   name = "nord"
//   variant = "dark"          # "dark" | "light": picks the DARK or LIGHT half of "A|B" specs
//   monochrome = false        # true: colours are dropped, only bold/dim/italic/underline/inverse remain
//   description = "…"         # optional, one line for listings
//   [ui]                      # see UI_KEYS; missing keys fall back to the built-in defaults
//   selected = "bg:#3b4252"
//   [style]                   # optional; overrides the built-in [style] defaults, never the user's config
//   header = "#88c0d0 bold"
//   [style.by_percentage]
//   color_000 = "#5e81ac"

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkColorSpec, styleToSgr, type Sgr } from './config/color.js';
import { ConfigError } from './config/errors.js';
import type { SourcePos } from './config/locate.js';
import { didYouMean } from './config/suggest.js';
import type { ColorMode, Config } from './config/types.js';
import { applyStylePatch, Ctx, has, parseToml, readStyleTable, type StylePatch } from './config/validate.js';
import type { Painter } from './paint.js';

export { checkColorSpec, isValidColorSpec, COLOR_NAMES, COLOR_MODIFIERS } from './config/color.js';
export type { StylePatch } from './config/validate.js';

export const UI_KEYS = [
  'header_label',
  'header_value',
  'meter_user',
  'meter_nice',
  'meter_system',
  'meter_iowait',
  'meter_steal',
  'meter_mem_used',
  'meter_mem_buffers',
  'meter_mem_cache',
  'meter_swap',
  'meter_bracket',
  'table_header',
  'table_header_sorted',
  'selected',
  'tagged',
  'key_bar_key',
  'key_bar_label',
  'status_error',
  'status_info',
  'tab_active',
  'tab_inactive',
  'border',
  'dim',
  'tree',
  'search_match',
] as const;

export type UiKey = (typeof UI_KEYS)[number];

/**
 * Built-in [ui] defaults ("DARK|LIGHT"), used for keys a theme file leaves out. themes/dark.toml
 * spells out the DARK halves and themes/light.toml the LIGHT halves.
 */
export const DEFAULT_UI: Readonly<Record<UiKey, string>> = {
  header_label: 'BrightCyan|Blue',
  header_value: 'BrightWhite bold|Black bold',
  meter_user: 'BrightGreen|Green',
  meter_nice: 'BrightBlue|Blue',
  meter_system: 'BrightRed|Red',
  meter_iowait: 'BrightBlack|BrightBlack',
  meter_steal: 'Cyan|Cyan',
  meter_mem_used: 'BrightGreen|Green',
  meter_mem_buffers: 'BrightBlue|Blue',
  meter_mem_cache: 'BrightYellow|Yellow',
  meter_swap: 'BrightRed|Red',
  meter_bracket: 'BrightWhite bold|Black bold',
  table_header: 'Black bg:Green|White bg:Blue',
  table_header_sorted: 'Black bg:Cyan bold|White bg:Cyan bold',
  selected: 'bg:238|bg:252',
  tagged: 'BrightYellow bold|Magenta bold',
  key_bar_key: 'BrightWhite bold|Black bold',
  key_bar_label: 'Black bg:Cyan|Black bg:Cyan',
  status_error: 'BrightRed bold|Red bold',
  status_info: 'BrightCyan|Blue',
  tab_active: 'Black bg:Cyan bold|White bg:Blue bold',
  tab_inactive: 'BrightBlack|BrightBlack',
  border: 'BrightBlack|BrightBlack',
  dim: 'BrightBlack|BrightBlack',
  tree: 'Cyan|Cyan',
  search_match: 'Black bg:BrightYellow|Black bg:Yellow',
};

export interface Theme {
  name: string;
  variant: 'dark' | 'light';
  /** colours off, modifiers only (the "mono" theme) */
  monochrome: boolean;
  description?: string;
  /** every UI_KEYS entry, filled from DEFAULT_UI where the file has none */
  ui: Record<UiKey, string>;
  /** overrides for the config's [style] defaults */
  style?: StylePatch;
  /** the file it was loaded from (undefined for defaultTheme()) */
  path?: string;
}

const THEME_KEYS = ['name', 'variant', 'monochrome', 'description', 'ui', 'style'] as const;

/** The built-in dark theme without reading a file (fallback, tests). */
export function defaultTheme(): Theme {
  return { name: 'dark', variant: 'dark', monochrome: false, ui: { ...DEFAULT_UI } };
}

// ---- locating themes -----------------------------------------------------------------------------

let builtinDirCache: string | undefined;

/**
 * `<package root>/themes`, found by walking up from this module's directory until a directory
 * containing `themes/dark.toml` turns up. Works from source (src/model/theme.ts) and from the
 * esbuild bundle (dist/*.js). `fromUrl` is for tests.
 */
export function builtinThemesDir(fromUrl: string = import.meta.url): string {
  const useCache = fromUrl === import.meta.url;
  if (useCache && builtinDirCache !== undefined) return builtinDirCache;
  const start = dirname(fileURLToPath(fromUrl));
  let found: string | undefined;
  for (let dir = start; ; ) {
    const cand = join(dir, 'themes');
    if (existsSync(join(cand, 'dark.toml'))) {
      found = cand;
      break;
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  const result = found ?? resolve(start, '..', '..', 'themes');
  if (useCache) builtinDirCache = result;
  return result;
}

export interface ThemeLookup {
  env: NodeJS.ProcessEnv;
  home: string;
  builtinDir: string;
}

/** the user's theme directory: $XDG_CONFIG_HOME/ptop/themes, default ~/.config/ptop/themes */
export function userThemesDir(opts: { env: NodeJS.ProcessEnv; home: string }): string {
  const xdg = opts.env.XDG_CONFIG_HOME;
  const base = xdg && xdg.startsWith('/') ? xdg : join(opts.home, '.config');
  return join(base, 'ptop', 'themes');
}

/** a theme value that is a file path rather than a name */
export function isThemePath(nameOrPath: string): boolean {
  return nameOrPath.includes('/') || nameOrPath.toLowerCase().endsWith('.toml');
}

function tomlNames(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => f.endsWith('.toml'))
      .map((f) => f.slice(0, -5));
  } catch {
    return [];
  }
}

/** available theme names (user's and built-in), sorted, without duplicates */
export function listThemes(opts: ThemeLookup): string[] {
  return [...new Set([...tomlNames(userThemesDir(opts)), ...tomlNames(opts.builtinDir)])].sort();
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/**
 * The theme file for `--theme`/`[display] theme`. A path (contains '/' or ends in .toml; `~/`
 * is expanded) is used as is; a name is looked up in the user's theme dir, then the built-in one
 * (exact name first, then case-insensitively, so procs' "Dark"/"Light" work; "auto" means
 * "dark"). Unknown names and missing files throw ConfigError, positioned at `origin` when given
 * (where the config set the theme).
 */
export function resolveThemePath(nameOrPath: string, opts: ThemeLookup & { origin?: { file: string } & SourcePos }): string {
  const where = opts.origin ? { file: opts.origin.file, line: opts.origin.line, column: opts.origin.column } : {};
  if (isThemePath(nameOrPath)) {
    const p = nameOrPath.startsWith('~/') ? join(opts.home, nameOrPath.slice(2)) : nameOrPath;
    if (!isFile(p)) throw new ConfigError(`no such theme file \`${p}\``, where);
    return p;
  }
  const name = nameOrPath.toLowerCase() === 'auto' ? 'dark' : nameOrPath;
  const dirs = [userThemesDir(opts), opts.builtinDir];
  for (const dir of dirs) {
    const p = join(dir, `${name}.toml`);
    if (isFile(p)) return p;
  }
  for (const dir of dirs) {
    const hit = tomlNames(dir).find((n) => n.toLowerCase() === name.toLowerCase());
    if (hit !== undefined) return join(dir, `${hit}.toml`);
  }
  const available = listThemes(opts);
  const dym = didYouMean(name, available);
  const list = available.length > 0 ? `available themes: ${available.join(', ')}` : `no themes found in ${dirs.join(' or ')}`;
  throw new ConfigError(`unknown theme \`${nameOrPath}\``, { ...where, hint: dym ? `${dym} ${list}` : list });
}

// ---- loading -------------------------------------------------------------------------------------

/** Read and validate a theme file; errors are ConfigError with FILE:LINE:COL. */
export function loadTheme(path: string): Theme {
  let src: string;
  try {
    src = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ConfigError(`cannot read theme file: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`, { file: path });
  }
  if (src.charCodeAt(0) === 0xfeff) src = src.slice(1);
  return parseTheme(src, path);
}

/** Validate theme text (`file` names it in messages; its basename is the default `name`). */
export function parseTheme(src: string, file: string): Theme {
  const doc = parseToml(src, file);
  const ctx: Ctx = new Ctx(file, src);
  ctx.checkKeys(doc, [], THEME_KEYS);
  const base = file.split('/').pop() ?? file;
  const theme: Theme = {
    name: has(doc, 'name') ? ctx.string(doc.name, ['name'], { nonEmpty: true }) : base.replace(/\.toml$/i, ''),
    variant: has(doc, 'variant') ? ctx.enumValue(doc.variant, ['variant'], ['dark', 'light']) : 'dark',
    monochrome: has(doc, 'monochrome') ? ctx.bool(doc.monochrome, ['monochrome']) : false,
    ui: { ...DEFAULT_UI },
    path: file,
  };
  if (has(doc, 'description')) theme.description = ctx.string(doc.description, ['description']);
  if (has(doc, 'ui')) {
    const ui = ctx.table(doc.ui, ['ui']);
    ctx.checkKeys(ui, ['ui'], UI_KEYS);
    for (const k of UI_KEYS) if (has(ui, k)) theme.ui[k] = ctx.color(ui[k], ['ui', k]);
  }
  if (has(doc, 'style')) theme.style = readStyleTable(ctx, doc.style, ['style']).patch;
  return theme;
}

/**
 * The config with the theme's [style] applied over the built-in style defaults, except for the
 * keys the user's config set itself (`userStyleKeys` from loadConfigWithMeta).
 */
export function applyThemeStyle(config: Config, theme: Theme, userStyleKeys: ReadonlySet<string>): Config {
  if (!theme.style) return config;
  return { ...config, style: applyStylePatch(config.style, theme.style, userStyleKeys) };
}

// ---- painting ------------------------------------------------------------------------------------

const NO_SGR: Sgr = { open: '', close: '' };

/** The SGR open/close pair for a spec under a theme (empty for invalid specs and ByX styles). */
export function specToSgr(spec: string, theme: Pick<Theme, 'variant' | 'monochrome'>): Sgr {
  const r = checkColorSpec(spec);
  if (!r.ok) return NO_SGR;
  return styleToSgr(theme.variant === 'light' ? r.spec.light : r.spec.dark, theme.monochrome);
}

/**
 * A Painter for a theme. Output is `ESC[<params>m text ESC[<resets>m` with modifiers first (in
 * the order bold dim italic underline inverse), then foreground, then background; the resets are
 * attribute-specific (22 23 24 27 39 49), so painting a cell inside a row painted with a
 * background keeps the row's background. Parsed specs are cached per painter.
 */
export function createPainter(theme: Pick<Theme, 'variant' | 'monochrome'>, enabled: boolean): Painter {
  if (!enabled) return { enabled: false, paint: (_spec, text) => text };
  const cache = new Map<string, Sgr>();
  return {
    enabled: true,
    paint(spec, text) {
      if (!spec || text === '') return text;
      let sgr = cache.get(spec);
      if (sgr === undefined) {
        sgr = specToSgr(spec, theme);
        cache.set(spec, sgr);
      }
      return sgr.open === '' ? text : sgr.open + text + sgr.close;
    },
  };
}

/**
 * Whether to colour. `always`/`never` are final (an explicit `--color always` beats NO_COLOR);
 * `auto` colours a TTY unless NO_COLOR is set to a non-empty value (no-color.org) or TERM=dumb.
 */
export function colorEnabled(opts: { mode: ColorMode; isTTY: boolean; env: NodeJS.ProcessEnv }): boolean {
  if (opts.mode === 'always') return true;
  if (opts.mode === 'never') return false;
  const noColor = opts.env.NO_COLOR;
  if (noColor !== undefined && noColor !== '') return false;
  if (opts.env.TERM === 'dumb') return false;
  return opts.isTTY;
}
