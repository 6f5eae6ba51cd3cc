// Entry point: parses the command line, loads the config and theme, then either prints the
// table once (ps mode: stdout not a TTY, --once, --json) or opens the interactive UI, which is
// imported lazily so ps mode never loads Ink or React.

import { parseCli, helpText, UsageError, type CliArgs } from './cli/args.js';
import { ConfigError } from './model/config/errors.js';
import { loadSettings, type Settings } from './cli/settings.js';
import { runPsMode } from './cli/ps.js';
import { fstatSync } from 'node:fs';
import { builtinModule } from './builtin.js';

/**
 * Tuning for a run that prints and exits (ps mode): V8's young generation grows to its full size
 * at the first collection instead of doubling each time (3 scavenges at 1000 processes instead of
 * 7), and no TurboFan: code it optimized would be used for a few milliseconds at most, while its
 * background compile jobs compete with the scan for the second core and hold up the exit. The
 * interactive UI keeps V8's defaults (ui/main.ts tunes the young generation for RSS).
 */
function tuneForOneShot(): void {
  // The bin's shebang passes --no-opt and a 1 MB young generation, which makes the growth factor
  // moot (scripts/build.mjs): loading node:v8 to set them here costs ~8 ms (it pulls in Node's
  // streams), so only a plain `node dist/cli.js` does it.
  if (process.execArgv.includes('--no-opt')) return;
  const { setFlagsFromString } = builtinModule<typeof import('node:v8')>('node:v8');
  setFlagsFromString('--semi-space-growth-factor=16');
  setFlagsFromString('--no-opt');
}

/**
 * Whether stdout is a terminal, without setting up process.stdout when fd 1 plainly is not one:
 * not a character device (a pipe, a file), or one of the memory devices (/dev/null), major 1.
 */
function stdoutIsTTY(): boolean {
  try {
    const st = fstatSync(1);
    if (!st.isCharacterDevice() || ((st.rdev >> 8) & 0xfff) === 1) return false;
  } catch {
    return false;
  }
  return process.stdout.isTTY === true;
}

declare const PTOP_VERSION: string;
const VERSION = typeof PTOP_VERSION === 'string' ? PTOP_VERSION : '0.0.0-dev';

function fail(message: string, code: number): never {
  process.stderr.write(`ptop: ${message}\n`);
  process.exit(code);
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'inspect') return (await import('./cli/inspect.js')).runInspect(argv.slice(1));
  // stdout not a terminal: ps mode (or --help & co.), so tune before anything is allocated
  const tty = stdoutIsTTY();
  const oneShot = !tty;
  if (oneShot) tuneForOneShot();
  let args: CliArgs;
  try {
    args = parseCli(argv);
  } catch (e) {
    if (e instanceof UsageError) fail(`${e.message}\nTry 'ptop --help'.`, 2);
    throw e;
  }
  if (args.help) {
    process.stdout.write(helpText(VERSION) + '\n');
    return 0;
  }
  if (args.version) {
    process.stdout.write(`ptop ${VERSION}\n`);
    return 0;
  }

  let settings: Settings;
  try {
    settings = loadSettings(args, process.env);
  } catch (e) {
    if (e instanceof ConfigError || e instanceof UsageError) fail(e.message, 2);
    throw e;
  }

  if (args.configPath) {
    process.stdout.write(`${settings.configPath ?? '(none: built-in defaults)'}\t${settings.configSource}\n`);
    return 0;
  }
  if (args.genConfig) {
    const { configToToml } = await import('./model/config/gen.js');
    process.stdout.write(configToToml(settings.defaults));
    return 0;
  }
  if (args.list) {
    const { listKinds } = await import('./cli/list.js');
    process.stdout.write(listKinds());
    return 0;
  }

  const interactive = !args.once && !args.json && tty && process.stdin.isTTY === true;
  if (interactive) {
    const ui = await import('./ui/main.js');
    return ui.runInteractive(settings);
  }
  if (!oneShot) tuneForOneShot();
  const code = await runPsMode(settings, tty ? process.stdout : null);
  // Everything is written (runPsMode waits for the write callback; stdout to a file, pipe or
  // terminal is synchronous on Linux): exit now instead of after Node tears the heap down.
  process.exit(code);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`ptop: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(70);
  },
);
