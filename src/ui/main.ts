// The interactive UI's entry (loaded lazily by cli.ts, so ps mode never loads Ink or React).
// Order matters: the [keys] table is checked before the screen is touched (a config error is
// printed and exits 2); React is put in production mode before it is loaded; the first sample is
// taken, and the first frame drawn from the controller's lines, while Ink is still loading; and
// every way out restores the terminal first.

import { readFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { constants, hostname, release } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from 'node:v8';
import type { Settings } from '../cli/settings.js';
import { Sampler } from '../collect/sampler.js';
import { sourcesFor } from '../model/columns/registry.js';
import { requiredSources } from '../model/table.js';
import { sanitize } from '../collect/sanitize.js';
import { ConfigError } from '../model/config/errors.js';
import { SourceLocator } from '../model/config/locate.js';
import { colorEnabled } from '../model/theme.js';
import { Controller, type Frame, type Size } from './controller.js';
import type { HostFacts } from './header.js';
import { buildKeymap, type Keymap } from './keymap.js';
import { LiveSource } from './source.js';
import { createUiStyles } from './styles.js';
import { TerminalGuard } from './terminal.js';
import type { ViewState } from './view-state.js';

/** The [keys] table as a keymap; ConfigError (FILE:LINE:COL) for anything wrong in it. */
export function keymapFromSettings(settings: Settings, configText: string | undefined): Keymap {
  const file = settings.configPath;
  return buildKeymap(settings.config.keys, file ? { file, text: configText } : undefined);
}

function readConfigText(path: string | null): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** The view's starting state from the command line and config. */
export function initialState(settings: Settings, configText: string | undefined): Partial<ViewState> {
  const { args, config } = settings;
  // ps mode sorts by PID; the interactive view by CPU% unless a sort was asked for
  const locator = configText !== undefined ? new SourceLocator(configText) : null;
  const sortGiven = args.sorta !== undefined || args.sortd !== undefined || !!locator?.has(['sort', 'column']) || !!locator?.has(['sort', 'order']);
  const sort = sortGiven ? { kind: settings.sort.kind.kind, order: settings.sort.order } : { kind: 'UsageCpu', order: 'descending' as const };
  const words = args.keywords.map((w) => (/[\s"]/.test(w) ? `"${w.replace(/(["\\])/g, '\\$1')}"` : w));
  return {
    sort,
    tree: args.tree,
    showThreads: config.display.showThreads,
    showKthreads: config.display.showKthreads,
    filter: { text: words.join(' '), query: null, error: null },
  };
}

function hostFacts(): HostFacts {
  return { hostname: sanitize(hostname()), kernel: sanitize(release()) };
}

/**
 * The static host facts from systeminformation, read once after the first frame: its osInfo module
 * alone (the whole package costs ~45 ms to load and ~14 MB of RSS; this module ~6 ms and a few
 * MB), which reads the os-release files and `hostname -f` in child processes.
 */
export async function osFacts(fallback: HostFacts): Promise<HostFacts> {
  try {
    const { osInfo } = await import('systeminformation/lib/osinfo.js');
    const o = await osInfo();
    const known = (s: string | undefined) => !!s && s !== 'unknown';
    const os = known(o.distro) ? o.distro + (known(o.release) && !o.distro.includes(o.release) ? ` ${o.release}` : '') : '';
    return { hostname: sanitize(o.hostname || fallback.hostname), kernel: sanitize(o.kernel || fallback.kernel), os: os ? sanitize(os) : undefined };
  } catch {
    return fallback;
  }
}

function sizeOf(out: NodeJS.WriteStream): Size {
  return { columns: out.columns || 80, rows: out.rows || 24 };
}

/**
 * The frame as terminal output: each line, then the rest of the row erased (so nothing from an
 * earlier screen shows through), and the cursor back to the top left where Ink starts drawing.
 */
export function frameText(frame: Frame): string {
  let out = '\x1b[H';
  for (let i = 0; i < frame.lines.length; i++) out += (i > 0 ? '\r\n' : '') + frame.lines[i].text + '\x1b[0m\x1b[K';
  return out + '\x1b[H';
}

/** PTOP_PERF_LOG=/path: one line per frame, "renderTime ms at T" (T: ms since the process started), and "0.000 ms at T (input)" per chunk of input; each line ends with "epoch E" (ms since 1970, to line up with another process's clock). */
function perfLogger(path: string | undefined): { log?: (ms: number, note?: string) => void; close(): void } {
  if (!path) return { close() {} };
  let fd: number;
  try {
    fd = openSync(path, 'a');
  } catch {
    return { close() {} };
  }
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  return {
    log: (ms, note) => {
      try {
        // render time of the frame, and when it was drawn in ms since the process started
        const now = performance.now();
        writeSync(fd, `${ms.toFixed(3)} ms at ${now.toFixed(1)}${note ? ` (${note})` : ''} epoch ${(performance.timeOrigin + now).toFixed(1)}\n`);
      } catch {
        // a full disk must not stop the view
      }
    },
    close: () => {
      // how long timers and I/O waited on the event loop over the whole run (resolution 5 ms)
      h.disable();
      const ms = (ns: number) => (ns / 1e6).toFixed(1);
      try {
        writeSync(fd, `event loop delay: p50 ${ms(h.percentile(50))} ms, p99 ${ms(h.percentile(99))} ms, max ${ms(h.max)} ms\n`);
        const mb = (b: number) => (b / 1048576).toFixed(1);
        const heap = getHeapStatistics();
        const spaces = getHeapSpaceStatistics().map((sp) => `${sp.space_name} ${mb(sp.space_used_size)}/${mb(sp.space_size)}`).join(', ');
        writeSync(fd, `heap at exit: used ${mb(heap.used_heap_size)} MB of ${mb(heap.total_heap_size)} MB, external ${mb(heap.external_memory)} MB; ${spaces}; rss ${mb(process.memoryUsage.rss())} MB\n`);
      } catch {
        // as above
      }
      closeSync(fd);
    },
  };
}

/**
 * Load a module with `fetch` hidden. Yoga (Ink's layout engine) instantiates its inlined wasm
 * through fetch() of a data: URL when fetch exists, which loads Node's undici first: 35-40 ms of a
 * ~90 ms import (measured, Node 20). Without fetch it decodes the same bytes directly.
 */
async function withoutFetch<T>(load: () => Promise<T>): Promise<T> {
  const g = globalThis as { fetch?: unknown };
  const saved = Object.getOwnPropertyDescriptor(g, 'fetch');
  if (!saved?.configurable) return load();
  Object.defineProperty(g, 'fetch', { value: undefined, configurable: true, writable: true });
  try {
    return await load();
  } finally {
    Object.defineProperty(g, 'fetch', saved);
  }
}

export async function runInteractive(settings: Settings): Promise<number> {
  const { config } = settings;
  const stdout = process.stdout;
  const stdin = process.stdin;
  const stderr = process.stderr;

  const configText = readConfigText(settings.configPath);
  let keymap: Keymap;
  try {
    keymap = keymapFromSettings(settings, configText);
  } catch (e) {
    if (e instanceof ConfigError) {
      stderr.write(`ptop: ${e.message}\n`);
      return 2;
    }
    throw e;
  }

  // React's development build is several times slower per render and keeps memory. The bundle has
  // only the production build (scripts/build.mjs defines NODE_ENV); run from source, React picks
  // its build when first loaded, which is the import below.
  // (set through Reflect: the bundle defines process.env.NODE_ENV as a constant, and esbuild
  // warns about a plain assignment to it)
  Reflect.set(process.env, 'NODE_ENV', 'production');
  // An Ink frame at 200x50 allocates ~29 MB of short-lived objects (a cell object, a style array and
  // a style diff per character of the screen), so V8 grows the young generation to 2 x 16 MB: RSS
  // 118-120 MB. Kept at its initial 1 MB (the only young-generation knob that still works after
  // start-up) more of each frame is promoted, and the old generation then swings between ~15 and
  // ~40 MB (RSS 84-110 MB) unless it is collected sooner than V8's adaptive growing factor (up to
  // 4x) allows. Measured at 1000 processes, 1 s refresh, 200x50, RSS sampled every second for 20 s:
  //   defaults ...................................... RSS ~118-120 MB
  //   growth factor 1 ............................... RSS median 86-96, max 103-110 MB
  //   growth factor 1 + heap growing 60 % ........... RSS median 84, max 86-88 MB
  // each step costing about +0.3-0.5 % of a core in GC against htop's ~6.6 % on the same box.
  setFlagsFromString('--semi-space-growth-factor=1');
  setFlagsFromString('--heap-growing-percent=60');

  const color = colorEnabled({ mode: config.display.color, isTTY: stdout.isTTY === true, env: process.env });
  const ui = createUiStyles(settings.theme, color);
  const sampler = new Sampler({
    showThreads: config.display.showThreads,
    showKthreads: config.display.showKthreads,
    showSelf: config.display.showSelf,
  });
  // the first sample reads what the columns need, so the controller does not ask for a second one
  const firstNeeds = new Set(requiredSources(config.columns));
  for (const n of sourcesFor([settings.sort.kind])) firstNeeds.add(n);
  const source = new LiveSource(sampler, firstNeeds, config.refresh.intervalMs);
  // for the first frame; systeminformation's facts replace them once read (osFacts)
  const host = hostFacts();
  const controller = new Controller({
    config,
    source,
    keymap,
    ui,
    host,
    size: sizeOf(stdout),
    initial: initialState(settings, configText),
    configNote: settings.configPath ? `keys from ${settings.configPath} [keys]` : 'remap keys in the config file\'s [keys] table',
  });
  // start loading the UI chunk (Ink, React, Yoga's wasm) before the first sample, so the
  // chunk's file reads and Yoga's asynchronous wasm compile overlap the scan
  const appModule = withoutFetch(() => import('./app.js'));
  appModule.catch(() => {}); // awaited below; this only keeps an early failure from being unhandled
  // The first scan runs once, in cold code: TurboFan's background compiles of it would only compete
  // with it for the second core (measured ~50 ms instead of ~70 at 1000 processes). Back on after
  // the first frame, for the refreshes.
  setFlagsFromString('--no-opt');
  source.start();

  const guard = new TerminalGuard(stdout, stdin);
  const perf = perfLogger(process.env.PTOP_PERF_LOG);
  let instance: { unmount(): void } | null = null;
  let finished = false;

  const teardown = (): void => {
    if (finished) return;
    finished = true;
    controller.dispose();
    // a core capture cut off by this ending: said once the shell's screen is back
    const interrupted = controller.core.interruptedNote();
    source.close();
    try {
      instance?.unmount();
    } catch {
      // already gone
    }
    guard.restore();
    if (interrupted) stderr.write(`${interrupted}\n`);
    perf.close();
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    teardown();
    process.exit(128 + (constants.signals[signal] ?? 1));
  };
  const onCrash = (e: unknown): void => {
    teardown();
    stderr.write(`ptop: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(70);
  };
  const onExit = (): void => guard.restore();
  // Ctrl-Z (raw mode: a key, not the tty's SIGTSTP) and `kill -TSTP`: the terminal back to the
  // shell, then the whole process group stopped the default way (as vim does), so a shell that
  // started ptop through npm sees its job stop too. The stop is known to have happened by the
  // SIGCONT that ends it (fg); when none comes within STOP_MS the kernel discarded the stop (an
  // orphaned process group: a shell without job control). A timer that fires late means ptop was
  // stopped meanwhile too; its check runs after the event loop's I/O phase (setImmediate), which is
  // where a pending SIGCONT is delivered. Then the screen comes back, drawn as Ink last drew it
  // (cursor below the last line, where Ink's next update starts erasing from).
  const STOP_MS = 250;
  let suspended = false;
  const onSuspend = (): void => {
    if (finished || suspended || !guard.isActive) return;
    suspended = true;
    const straceWasRunning = controller.suspending();
    const wasPaused = source.isPaused;
    source.setPaused(true);
    guard.restore();
    let contSeen = false;
    const onCont = (): void => {
      contSeen = true;
      back(true);
    };
    const back = (stopped: boolean): void => {
      if (!suspended) return;
      suspended = false;
      clearTimeout(timer);
      process.off('SIGCONT', onCont);
      process.on('SIGTSTP', onSuspend);
      if (finished) return;
      guard.enter();
      if (stdin.isTTY) stdin.setRawMode(true);
      stdout.write(controller.getFrame().lines.map((l) => l.text + '\x1b[0m\x1b[K').join('\r\n') + '\r\n');
      source.setPaused(wasPaused);
      controller.resumed(straceWasRunning, stopped);
    };
    process.on('SIGCONT', onCont);
    process.off('SIGTSTP', onSuspend);
    const sent = performance.now();
    const timer = setTimeout(() => {
      const late = performance.now() - sent > STOP_MS + 100;
      setImmediate(() => back(contSeen || late));
    }, STOP_MS);
    try {
      process.kill(0, 'SIGTSTP');
    } catch {
      back(false);
    }
  };
  controller.onSuspend = onSuspend;
  process.on('SIGTSTP', onSuspend);
  const signals: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGINT', 'SIGQUIT'];
  for (const s of signals) process.on(s, onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  process.on('exit', onExit);

  try {
    // The first frame is drawn straight from the controller's lines, without waiting for Ink:
    // importing Ink/React/Yoga (~100 ms) and Ink's first, cold render (~70-100 ms) come after it.
    // Ink then draws the same lines over it from the top left. Keys typed meanwhile wait in the
    // tty (raw mode, no echo) for Ink's input handling.
    guard.enter();
    const drawStart = performance.now();
    if (stdin.isTTY) stdin.setRawMode(true);
    const predrawn = controller.getFrame();
    stdout.write(frameText(predrawn));
    perf.log?.(performance.now() - drawStart, 'first frame, drawn before Ink');
    setFlagsFromString('--opt');
    const { mountApp } = await appModule;
    // a frame that changed meanwhile (a resize, a refresh) is cleared rather than overdrawn
    if (controller.getFrame() !== predrawn) stdout.write('\x1b[H\x1b[2J');
    const ink = mountApp(controller, { stdout, stdin, stderr, onRender: perf.log, onInput: perf.log ? () => perf.log!(0, 'input') : undefined });
    instance = ink;
    setTimeout(() => void osFacts(host).then((h) => finished || controller.setHost(h)), 300).unref();
    await ink.waitUntilExit();
    teardown();
    return 0;
  } catch (e) {
    teardown();
    stderr.write(`ptop: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 70;
  } finally {
    for (const s of signals) process.off(s, onSignal);
    process.off('SIGTSTP', onSuspend);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    process.off('exit', onExit);
  }
}
