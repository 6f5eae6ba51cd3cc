// Settings for one run: the config file found and merged over the defaults, the theme, and the
// command line's overrides (--columns, --sorta/--sortd, --tree, --theme, --color, …) folded in.
// Shared by ps mode and the interactive UI.

import { readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { builtinModule } from '../builtin.js';
import type { CliArgs } from './args.js';
import { UsageError } from './args.js';
import { defaultConfig } from '../model/config/defaults.js';
import { findConfigPath, loadConfigWithMeta } from '../model/config/load.js';
import type { ColumnConfig, Config } from '../model/config/types.js';
import { COLUMN_ALIASES, COLUMN_KINDS, LAYOUT_KINDS, columnKindNames, findColumnKind, getColumnKind } from '../model/columns/registry.js';
import { didYouMeanOneOf } from '../model/config/suggest.js';
import type { ColumnKind } from '../model/columns/types.js';
import type { Painter } from '../model/paint.js';
import { applyThemeStyle, builtinThemesDir, colorEnabled, createPainter, loadTheme, resolveThemePath, type Theme } from '../model/theme.js';

export interface Settings {
  args: CliArgs;
  /** the effective config: defaults < theme [style] < user file < command line */
  config: Config;
  defaults: Config;
  configPath: string | null;
  configSource: string;
  theme: Theme;
  sort: { kind: ColumnKind; order: 'ascending' | 'descending' };
  /** the painter for a stream (colour only where --color/NO_COLOR/TTY allow it) */
  painter(out: OutputKind): Painter;
  /** width to cut lines to on a stream, or null for no cut */
  outputWidth(out: OutputKind): number | null;
}

/** What the settings need to know of an output: a terminal (and its width) or not. */
export interface OutputKind {
  isTTY?: boolean;
  columns?: number;
}

/** Every kind name a config may use: registry kinds, procs aliases and layout kinds. */
export function knownKinds(): string[] {
  return [...columnKindNames(), ...COLUMN_ALIASES.keys(), ...[...LAYOUT_KINDS].filter((k) => k !== 'Separator')];
}

function columnFor(kind: ColumnKind): ColumnConfig {
  const numeric = kind.kind === 'Pid';
  const text = kind.kind === 'User' || kind.kind === 'Command';
  return { kind: kind.kind, numericSearch: numeric, nonnumericSearch: text };
}

/** The built-in themes parsed at build time (scripts/build.mjs), as JSON: file name → text and theme. */
declare const PTOP_BUILTIN_THEMES: string | undefined;
let builtinThemes: Record<string, { text: string; theme: Omit<Theme, 'path'> }> | undefined;

/**
 * loadTheme, without the TOML parse for a built-in theme whose file still holds the text the build
 * parsed (~2.5 ms of a ps-mode run); anything else, or an edited file, is parsed as usual.
 */
function loadThemeFile(path: string): Theme {
  if (typeof PTOP_BUILTIN_THEMES === 'string' && dirname(path) === builtinThemesDir()) {
    builtinThemes ??= JSON.parse(PTOP_BUILTIN_THEMES) as NonNullable<typeof builtinThemes>;
    const built = builtinThemes[basename(path)];
    let text: string | null = null;
    try {
      text = built ? readFileSync(path, 'utf8') : null;
    } catch {
      // loadTheme says what is wrong with the file
    }
    if (built && text === built.text) return { ...structuredClone(built.theme), path };
  }
  return loadTheme(path);
}

export function loadSettings(args: CliArgs, env: NodeJS.ProcessEnv): Settings {
  // node:os only when HOME is unset (loading it costs every `ptop --once` ~3 ms)
  const home = env.HOME || builtinModule<typeof import('node:os')>('node:os').homedir();
  const where = findConfigPath({ cliPath: args.config, env, home });
  const loaded = loadConfigWithMeta({ path: where.path, knownKinds: knownKinds() });
  const defaults = defaultConfig();

  const themePath = resolveThemePath(args.theme ?? loaded.config.display.theme, {
    env,
    home,
    builtinDir: builtinThemesDir(),
    origin: args.theme ? undefined : loaded.themeOrigin,
  });
  const theme = loadThemeFile(themePath);
  const config = applyThemeStyle(loaded.config, theme, loaded.userStyleKeys);

  // one-off column set
  if (args.columns) {
    config.columns = args.columns.map((name) => {
      const k = getColumnKind(name) ?? findColumnKind(name);
      if (!k) throw new UsageError(`--columns: unknown column kind '${name}'${hintFor(name)} (see ptop --list)`);
      const existing = loaded.config.columns.find((c) => c.kind === k.kind);
      return existing ? { ...existing } : columnFor(k);
    });
  }
  if (args.threads) config.display.showThreads = true;
  if (args.kthreads) config.display.showKthreads = true;
  if (args.noHeader) config.display.showHeader = false;
  if (args.color) config.display.color = args.color;
  if (args.logic) config.search.logic = args.logic;
  if (args.intervalMs !== undefined) config.refresh.psSampleMs = args.intervalMs;
  if (args.delaySec !== undefined) config.refresh.intervalMs = Math.round(args.delaySec * 1000);

  // sort: --sorta/--sortd name a kind loosely (`rss`, `cpu`); a kind not shown is added
  // before the last column, as procs does
  let sort: Settings['sort'];
  const keyword = args.sorta ?? args.sortd;
  if (keyword !== undefined) {
    const k = getColumnKind(keyword) ?? findColumnKind(keyword);
    if (!k) throw new UsageError(`--${args.sorta ? 'sorta' : 'sortd'}: unknown column '${keyword}'${hintFor(keyword)} (see ptop --list)`);
    sort = { kind: k, order: args.sorta ? 'ascending' : 'descending' };
    if (!config.columns.some((c) => getColumnKind(c.kind)?.kind === k.kind)) {
      const at = Math.max(0, config.columns.length - 1);
      config.columns.splice(at, 0, columnFor(k));
    }
  } else {
    const k = getColumnKind(config.sort.column) ?? findColumnKind(config.sort.column) ?? getColumnKind('Pid')!;
    sort = { kind: k, order: config.sort.order };
  }

  return {
    args,
    config,
    defaults,
    configPath: where.path,
    configSource: where.source,
    theme,
    sort,
    painter(out) {
      const enabled = colorEnabled({ mode: config.display.color, isTTY: out.isTTY === true, env });
      return createPainter(theme, enabled);
    },
    outputWidth(out) {
      if (args.width !== undefined) return args.width === 0 ? null : args.width;
      if (out.isTTY) return config.display.cutToTerminal ? out.columns || 80 : null;
      if (!config.display.cutToPipe) return null;
      const cols = Number(env.COLUMNS);
      return Number.isInteger(cols) && cols > 0 ? cols : 80;
    },
  };
}

/** ": did you mean `X`?" for a misspelt column kind on the command line, or nothing. */
function hintFor(name: string): string {
  const hint = didYouMeanOneOf(name, COLUMN_KINDS.keys());
  return hint ? `: ${hint}` : '';
}
