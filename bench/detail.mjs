// The detail view on a big process: a python child with ~10,000 mappings (every other page of an
// anonymous region made read-only, so the VMAs cannot merge) and 10,000 open fds (half /dev/null,
// half unix socket pairs). In-process, with the real collector (inspectProcess on /proc) and the
// real controller, 160x50:
//   - first paint: Enter on the child's row → the frame with the State pane; then the Maps and
//     FDs tabs from their key (each reads its section: smaps with 10k mappings, 10k fds);
//   - per key: Down, PgDn, End, Home, < > (Maps), typing a filter (FDs), handleKey → frame;
//   - a refresh of the open tab (the table's tick: the collector again + the frame).
// Targets (issue 4): first paint ≤ 300 ms, ≤ 50 ms a key.
//
// Run alone: `node bench/detail.mjs` (prints JSON); `benchDetail()` for bench/run.mjs.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'bench', 'results');

const CHILD_PY = String.raw`
import ctypes, os, resource, signal, socket, sys
maps, fds = int(sys.argv[1]), int(sys.argv[2])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, fds + 1000), hard))
libc = ctypes.CDLL(None, use_errno=True)
libc.mmap.restype = ctypes.c_void_p
libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_long]
libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
page = 4096
base = libc.mmap(None, maps * page, 3, 0x22, -1, 0)  # PROT_READ|WRITE, MAP_PRIVATE|ANONYMOUS
for i in range(0, maps, 2):
    libc.mprotect(base + i * page, page, 1)  # PROT_READ: a VMA of its own
for i in range(1, maps, 2):
    ctypes.memset(base + i * page, 1, 1)  # touch: resident
held = []
for i in range(fds // 2):
    held.append(os.open('/dev/null', os.O_RDONLY))
while len(held) < fds:
    a, b = socket.socketpair()
    held += [a, b]
sys.stdout.write('ready\n')
sys.stdout.flush()
signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
while True:
    signal.pause()
`;

const ENTRY = `
import { Controller } from './src/ui/controller.ts';
import { buildKeymap } from './src/ui/keymap.ts';
import { createUiStyles } from './src/ui/styles.ts';
import { defaultConfig } from './src/model/config/defaults.ts';
import { builtinThemesDir, loadTheme } from './src/model/theme.ts';
import { Sampler } from './src/collect/sampler.ts';
import { requiredSources } from './src/model/table.ts';
import { inspectProcess } from './src/collect/inspect/inspect.ts';
import { PANES } from './src/ui/detail/panes.ts';
import { join } from 'node:path';
export { PANES, Controller, buildKeymap, createUiStyles, defaultConfig, builtinThemesDir, loadTheme, Sampler, requiredSources, inspectProcess, join };
`;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
};
const round = (x) => Math.round(x * 10) / 10;

async function loadModules() {
  mkdirSync(outDir, { recursive: true });
  const outfile = path.join(outDir, 'detail-entry.mjs');
  await build({
    stdin: { contents: ENTRY, resolveDir: root, loader: 'ts', sourcefile: 'detail-entry.ts' },
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  return import(`${pathToFileURL(outfile).href}?t=${Date.now()}`);
}

function startChild(maps, fds) {
  const token = `ptopbench${Math.random().toString(36).slice(2, 8)}`;
  const child = spawn('python3', ['-c', CHILD_PY, String(maps), String(fds), token], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b) => {
      out += b;
      if (out.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the bench child exited (${code})`)));
  });
  return { child, token, ready };
}

function countMaps(pid) {
  return readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n').filter(Boolean).length;
}

export async function benchDetail({ maps = 10_000, fds = 10_000, columns = 160, rows = 50 } = {}) {
  const m = await loadModules();
  const { child, token, ready } = startChild(maps, fds);
  try {
    await ready;
    const pid = child.pid;
    const config = m.defaultConfig();
    const sampler = new m.Sampler({ showThreads: false, showKthreads: false, showSelf: true });
    const needs = new Set(m.requiredSources(config.columns));
    let lastCollect = 0;
    let snap = sampler.sample(needs);
    const listeners = new Set();
    const source = {
      current: () => snap,
      subscribe: (fn) => (listeners.add(fn), () => listeners.delete(fn)),
      setPaused() {},
      setOptions() {},
      setNeeds() {},
      refresh() {},
      close() {},
      /** a table refresh, as the LiveSource's timer gives one */
      tick() {
        snap = sampler.sample(needs);
        for (const fn of listeners) fn();
      },
    };
    const ui = m.createUiStyles(m.loadTheme(m.join(m.builtinThemesDir(), 'dark.toml')), true);
    const c = new m.Controller({
      config,
      source,
      keymap: m.buildKeymap(),
      ui,
      host: { hostname: 'bench', kernel: 'bench' },
      size: { columns, rows },
      initial: { filter: { text: token, query: null, error: null }, showHeader: false },
      // the collector, timed: how much of each figure is reading /proc
      inspect: (p, o) => {
        const t = performance.now();
        try {
          return m.inspectProcess(p, o);
        } finally {
          lastCollect = performance.now() - t;
        }
      },
    });
    const collected = (ms) => ({ totalMs: round(ms), collectorMs: round(lastCollect) });
    const frameText = () => c.getFrame().lines.map((l) => l.text).join('\n');
    const timed = (key) => {
      const t0 = performance.now();
      c.handleKey(key);
      c.getFrame();
      return performance.now() - t0;
    };
    if (c.state.selectedKey !== pid) throw new Error(`the bench child ${pid} is not the selected row (${c.state.selectedKey})`);
    const result = { mappings: countMaps(pid), fds: readdirSync(`/proc/${pid}/fd`).length, size: `${columns}x${rows}` };

    result.firstPaintState = collected(timed('enter'));
    if (!frameText().includes('Scheduling')) throw new Error('the State pane did not paint');
    result.firstPaintMaps = collected(timed('3'));
    if (!/mappings/.test(frameText())) throw new Error('the Maps pane did not paint');

    const keys = (list, n = 1) => {
      const ts = [];
      for (let r = 0; r < n; r++) for (const k of list) ts.push(timed(k));
      return { medianMs: round(median(ts)), maxMs: round(Math.max(...ts)), keys: ts.length };
    };
    const scrollKeys = ['down', 'down', 'down', 'pagedown', 'pagedown', 'end', 'up', 'pageup', 'home'];
    result.mapsScroll = keys(scrollKeys, 10);
    result.mapsSort = keys(['>', '>', '>', '>', '>', '>', 'I', '<', '<', '<', '<', '<', '<'], 2);
    result.mapsGroup = keys(['f', 'f'], 3);
    let t0 = performance.now();
    source.tick();
    result.mapsRefresh = { ...collected(performance.now() - t0), note: 'includes the table sample' };

    result.firstPaintFds = collected(timed('4'));
    if (!/\d+ open/.test(frameText())) throw new Error('the FDs pane did not paint');
    result.fdsScroll = keys(scrollKeys, 10);
    c.handleKey('/');
    result.fdsFilter = keys(['u', 'n', 'i', 'x', 'backspace', 'backspace', 'backspace', 'backspace'], 2);
    c.handleKey('escape');
    t0 = performance.now();
    source.tick();
    result.fdsRefresh = { ...collected(performance.now() - t0), note: 'includes the table sample' };
    // the panes alone on the real data: a fresh renderer's first window (grouping, sorting, widths)
    const ins = c.detail.current().inspection;
    const paneFirst = (tab) => {
      const t = performance.now();
      m.PANES[tab].create().view({
        data: { pid, inspection: ins, exited: false, history: [], sample: null, ctx: null, now: Date.now() },
        state: m.PANES[tab].initial(),
        width: columns,
        height: rows - 5,
        ui,
      });
      return round(performance.now() - t);
    };
    result.paneFirstWindowMs = { maps: paneFirst(2), fds: paneFirst(3) };
    c.dispose();
    sampler.close?.();

    // how much of it is the collector alone (median of 3 reads of each tab's sections)
    const collect = (sections) => {
      const ts = [];
      for (let i = 0; i < 3; i++) {
        const t = performance.now();
        m.inspectProcess(pid, { sections });
        ts.push(performance.now() - t);
      }
      return round(median(ts));
    };
    result.collectorAloneMs = { state: collect(['state', 'memory']), maps: collect(['maps', 'memory']), fds: collect(['fds', 'memory']) };

    const worstKey = Math.max(result.mapsScroll.maxMs, result.mapsSort.maxMs, result.mapsGroup.maxMs, result.fdsScroll.maxMs, result.fdsFilter.maxMs);
    const firstPaint = Math.max(result.firstPaintState.totalMs, result.firstPaintMaps.totalMs, result.firstPaintFds.totalMs);
    result.targets = { firstPaintMs: 300, keyMs: 50, firstPaintOk: firstPaint <= 300, keyOk: worstKey < 50 };
    return result;
  } finally {
    const gone = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await benchDetail();
  console.log(JSON.stringify(r, null, 1));
  process.exit(0);
}
