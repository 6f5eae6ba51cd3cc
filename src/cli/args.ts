// Command-line options as data: one table drives parsing and the --help text, so the two never
// disagree. The parser follows node:util parseArgs (strict, positionals allowed) rule for rule and
// message for message (test/cli/args.test.ts compares the two), without its load: ~1.3 ms of
// every `ptop --once` for Node to compile its internal module, and yargs would cost ~60 ms.

export interface OptionSpec {
  name: string;
  short?: string;
  type: 'boolean' | 'string';
  /** placeholder shown in --help for string options */
  arg?: string;
  alias?: string[];
  help: string;
  /** prints something other than the process table and exits (the bin then reads nothing early) */
  exits?: true;
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
  { name: 'config-path', type: 'boolean', help: 'print which config file is in use (and why) and exit', exits: true },
  { name: 'gen-config', type: 'boolean', help: 'print the built-in defaults as a TOML config and exit', exits: true },
  { name: 'list', short: 'l', type: 'boolean', help: 'list the column kinds with descriptions and exit', exits: true },
  { name: 'help', short: 'h', type: 'boolean', help: 'show this help and exit', exits: true },
  { name: 'version', short: 'V', type: 'boolean', help: 'print the version and exit', exits: true },
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

/** An option as the parser sees it: an alias is an option of its own (as parseArgs has it). */
export interface ParseOption {
  type: 'boolean' | 'string';
  short?: string;
}

/** The options of OPTIONS, keyed by long name, each alias its own entry. */
export function parseOptions(): Record<string, ParseOption> {
  const options: Record<string, ParseOption> = {};
  for (const o of OPTIONS) {
    options[o.name] = o.short ? { type: o.type, short: o.short } : { type: o.type };
    for (const a of o.alias ?? []) options[a] = { type: o.type };
  }
  return options;
}

/**
 * node:util parseArgs({ args, options, allowPositionals: true, strict: true }): `--name`,
 * `--name=value`, `--name value`, `-x`, grouped short booleans (`-tc never`), a short option's
 * value in the same argument (`-d5`), `--` ending the options; the last of a repeated option wins.
 * Throws a UsageError with parseArgs' message.
 */
export function parseArgv(args: readonly string[], options: Record<string, ParseOption>): { values: Record<string, string | boolean>; positionals: string[] } {
  const values: Record<string, string | boolean> = {};
  const positionals: string[] = [];
  const byShort: Record<string, string> = {};
  for (const name of Object.keys(options)) {
    const short = options[name]!.short;
    if (short) byShort[short] = name;
  }
  const unknown = (opt: string) =>
    new UsageError(`Unknown option '${opt}'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- "${opt}"`);
  const label = (name: string) => {
    const short = options[name]!.short;
    return short ? `-${short}, --${name}` : `--${name}`;
  };
  // the value of string option `name` from the next argument, as `-x` or `--name` spelled it
  const next = (i: number, name: string, spelled: string): string => {
    if (i >= args.length) throw new UsageError(`Option '${label(name)} <value>' argument missing`);
    const value = args[i]!;
    if (value.length > 1 && value.charCodeAt(0) === 45) {
      const short = options[name]!.short;
      const how = spelled.startsWith('--') || !short ? `'--${name}=-XYZ'` : `'--${name}=-XYZ' or '-${short}-XYZ'`;
      throw new UsageError(
        `Option '${spelled}' argument is ambiguous.\nDid you forget to specify the option argument for '${spelled}'?\nTo specify an option argument starting with a dash use ${how}.`,
      );
    }
    return value;
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      for (let j = i + 1; j < args.length; j++) positionals.push(args[j]!);
      break;
    }
    if (arg.length < 2 || arg.charCodeAt(0) !== 45 /* - */) {
      positionals.push(arg);
      continue;
    }
    if (arg.charCodeAt(1) === 45) {
      const eq = arg.indexOf('=');
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const opt = name !== '' && Object.hasOwn(options, name) ? options[name]! : undefined;
      if (!opt) throw unknown(eq < 0 || name === '' ? arg : `--${name}`);
      if (opt.type === 'boolean') {
        if (eq >= 0) throw new UsageError(`Option '${label(name)}' does not take an argument`);
        values[name] = true;
      } else if (eq >= 0) values[name] = arg.slice(eq + 1);
      else values[name] = next(++i, name, `--${name}`);
      continue;
    }
    // a group of short options: booleans, and at most one string option, which takes the rest
    for (let k = 1; k < arg.length; k++) {
      const c = arg[k]!;
      const name = Object.hasOwn(byShort, c) ? byShort[c] : undefined;
      if (name === undefined) throw unknown(`-${c}`);
      if (options[name]!.type === 'boolean') {
        values[name] = true;
        continue;
      }
      values[name] = k + 1 < arg.length ? arg.slice(k + 1) : next(++i, name, `-${c}`);
      break;
    }
  }
  return { values, positionals };
}

export function parseCli(argv: string[]): CliArgs {
  const parsed = parseArgv(argv, parseOptions());
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
  const delay = num('delay', 0.1); // as [refresh] interval_ms's minimum of 100 ms
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
