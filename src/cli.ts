// Entry point: parses the command line, loads the config and theme, then either prints the
// table once (ps mode: stdout not a TTY, --once, --json) or opens the interactive UI, which is
// imported lazily so ps mode never loads Ink or React.

import { parseCli, helpText, UsageError, type CliArgs } from './cli/args.js';
import { ConfigError } from './model/config/errors.js';
import { loadSettings, type Settings } from './cli/settings.js';
import { runPsMode } from './cli/ps.js';

declare const PTOP_VERSION: string;
const VERSION = typeof PTOP_VERSION === 'string' ? PTOP_VERSION : '0.0.0-dev';

function fail(message: string, code: number): never {
  process.stderr.write(`ptop: ${message}\n`);
  process.exit(code);
}

async function main(argv: string[]): Promise<number> {
  if (argv[0] === 'inspect') return (await import('./cli/inspect.js')).runInspect(argv.slice(1));
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

  const interactive = !args.once && !args.json && process.stdout.isTTY === true && process.stdin.isTTY === true;
  if (interactive) {
    const ui = await import('./ui/main.js');
    return ui.runInteractive(settings);
  }
  return runPsMode(settings, process.stdout);
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
