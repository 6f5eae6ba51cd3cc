// Command-line options as data: one table drives parsing (node:util parseArgs, which costs
// nothing to load, unlike yargs' ~60 ms) and the --help text, so the two never disagree.

import { parseArgs } from 'node:util';

export interface OptionSpec {
  name: string;
  short?: string;
  type: 'boolean' | 'string';
  /** placeholder shown in --help for string options */
  arg?: string;
  alias?: string[];
  help: string;
  multiple?: boolean;
}

export const OPTIONS: OptionSpec[] = [
  { name: 'once', type: 'boolean', help: 'print the table once and exit (the default when stdout is not a terminal)' },
  { name: 'json', type: 'boolean', help: 'print the processes as a JSON array (stable keys, real numbers) and exit' },
  { name: 'tree', short: 't', type: 'boolean', help: 'show processes as a tree (parents above their children)' },
  { name: 'threads', type: 'boolean', help: 'list every thread as its own row' },
  { name: 'kthreads', type: 'boolean', help: 'include kernel threads' },
  { name: 'sorta', type: 'string', arg: 'KIND', help: 'sort ascending by a column (kind or header, e.g. pid, rss, cpu)' },
  { name: 'sortd', type: 'string', arg: 'KIND', help: 'sort descending by a column (e.g. --sortd rss)' },
  { name: 'columns', type: 'string', arg: 'LIST', help: 'comma-separated column kinds for this run (e.g. pid,user,pss,command)' },
  { name: 'no-header', type: 'boolean', help: 'do not print the header row' },
  { name: 'width', type: 'string', arg: 'N', help: 'cut lines to N columns (0 = never cut); default: the terminal width' },
  { name: 'and', short: 'a', type: 'boolean', help: 'keywords: a process must match all of them (default)' },
  { name: 'or', short: 'o', type: 'boolean', help: 'keywords: a process must match any of them' },
  { name: 'nand', type: 'boolean', help: 'keywords: show processes that do not match all of them' },
  { name: 'nor', type: 'boolean', help: 'keywords: show processes that match none of them' },
  { name: 'interval', type: 'string', arg: 'MS', help: 'ps mode: measure CPU% and I/O rates over MS milliseconds (0 = lifetime average, as ps)' },
  { name: 'delay', short: 'd', type: 'string', arg: 'SECS', help: 'interactive refresh interval in seconds (e.g. 0.5)' },
  { name: 'color', short: 'c', type: 'string', arg: 'WHEN', help: 'colour output: auto, always or never (NO_COLOR is honoured)' },
  { name: 'theme', type: 'string', arg: 'NAME|PATH', help: 'colour theme: dark, light, mono, nord, dracula, or a theme file' },
  { name: 'config', type: 'string', arg: 'FILE', alias: ['load-config'], help: 'read this config file instead of the usual places' },
  { name: 'config-path', type: 'boolean', help: 'print which config file is in use (and why) and exit' },
  { name: 'gen-config', type: 'boolean', help: 'print the built-in defaults as a TOML config and exit' },
  { name: 'list', short: 'l', type: 'boolean', help: 'list the column kinds with descriptions and exit' },
  { name: 'help', short: 'h', type: 'boolean', help: 'show this help and exit' },
  { name: 'version', short: 'V', type: 'boolean', help: 'print the version and exit' },
];

export interface CliArgs {
  keywords: string[];
  once: boolean;
  json: boolean;
  tree: boolean;
  threads: boolean;
  kthreads: boolean;
  sorta?: string;
  sortd?: string;
  columns?: string[];
  noHeader: boolean;
  width?: number;
  logic?: 'and' | 'or' | 'nand' | 'nor';
  intervalMs?: number;
  delaySec?: number;
  color?: 'auto' | 'always' | 'never';
  theme?: string;
  config?: string;
  configPath: boolean;
  genConfig: boolean;
  list: boolean;
  help: boolean;
  version: boolean;
}

/** A usage error: printed with a hint to --help, exit status 2. */
export class UsageError extends Error {}

export function parseCli(argv: string[]): CliArgs {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string; multiple?: boolean }> = {};
  for (const o of OPTIONS) {
    options[o.name] = { type: o.type, ...(o.short ? { short: o.short } : {}) };
    for (const a of o.alias ?? []) options[a] = { type: o.type };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
  const v = parsed.values as Record<string, string | boolean | undefined>;
  const str = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const bool = (k: string) => v[k] === true;

  const logics = (['and', 'or', 'nand', 'nor'] as const).filter((l) => bool(l));
  if (logics.length > 1) throw new UsageError(`--${logics.join(' and --')} cannot be used together`);
  if (str('sorta') && str('sortd')) throw new UsageError('--sorta and --sortd cannot be used together');

  const num = (k: string, min: number): number | undefined => {
    const s = str(k);
    if (s === undefined) return undefined;
    const n = Number(s);
    if (s.trim() === '' || !Number.isFinite(n) || n < min) throw new UsageError(`--${k} needs a number >= ${min}, got '${s}'`);
    return n;
  };
  const color = str('color');
  if (color !== undefined && !['auto', 'always', 'never'].includes(color)) {
    throw new UsageError(`--color must be auto, always or never, got '${color}'`);
  }
  const delay = num('delay', 0.05);
  const width = num('width', 0);
  const columns = str('columns')
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (str('columns') !== undefined && (!columns || columns.length === 0)) throw new UsageError('--columns needs at least one column kind');

  return {
    keywords: parsed.positionals,
    once: bool('once'),
    json: bool('json'),
    tree: bool('tree'),
    threads: bool('threads'),
    kthreads: bool('kthreads'),
    sorta: str('sorta'),
    sortd: str('sortd'),
    columns,
    noHeader: bool('no-header'),
    width: width === undefined ? undefined : Math.floor(width),
    logic: logics[0],
    intervalMs: num('interval', 0),
    delaySec: delay,
    color: color as CliArgs['color'],
    theme: str('theme'),
    config: str('config') ?? str('load-config'),
    configPath: bool('config-path'),
    genConfig: bool('gen-config'),
    list: bool('list'),
    help: bool('help'),
    version: bool('version'),
  };
}

export function helpText(version: string): string {
  const rows = OPTIONS.map((o) => {
    const names = [o.short ? `-${o.short}, ` : '    ', `--${o.name}`, o.arg ? ` ${o.arg}` : ''].join('');
    const alias = o.alias?.length ? ` (alias: ${o.alias.map((a) => `--${a}`).join(', ')})` : '';
    return [names, o.help + alias];
  });
  const w = Math.max(...rows.map((r) => r[0].length)) + 2;
  return [
    `ptop ${version}: a process viewer for Linux, and a ps alias`,
    '',
    'Usage: ptop [OPTIONS] [KEYWORD]...',
    '       ptop inspect PID [--json] [--section LIST]   everything about one process (ptop inspect --help)',
    '',
    'On a terminal ptop opens the interactive table; piped, or with --once/--json, it prints the table once.',
    'KEYWORDs filter as in procs: a number matches the PID (numeric_search columns) exactly, text matches',
    'the user and command (nonnumeric_search columns) as a case-insensitive substring.',
    '',
    'Options:',
    ...rows.map(([a, b]) => `  ${a.padEnd(w)}${b}`),
    '',
    'Config: --config FILE, $PTOP_CONFIG, $XDG_CONFIG_HOME/ptop/config.toml, ~/.config/ptop/config.toml,',
    '/etc/ptop/config.toml (first found; merged over the defaults). See config.example.toml.',
  ].join('\n');
}
