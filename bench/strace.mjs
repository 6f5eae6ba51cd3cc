// The strace pane against a busy process (issue 5), in tmux with the built ptop, 160x50, 1 s refresh.
// The child is a python loop paced at 100,000 getppid() calls a second (untraced it keeps that
// rate; traced, it makes as many as strace lets it, which is reported); it prints its own count
// each second, so the rate is the process's, not ptop's guess. ptop is started with the child's
// PID as its keyword (one row), settles 3 s in the table (its RSS there is the baseline), then `s`
// opens the Strace tab. For WINDOW_S seconds (default 20):
//  - ptop's RSS is sampled every 250 ms (peak and end), and its CPU and strace's are measured;
//  - every ~1.3 s a key is pressed and timed to its effect on the captured screen: Space until
//    "PAUSED" shows, Space again until "following the tail" is back (median and worst);
// Targets: a key answered within 100 ms; RSS no more than the usual ceiling (90 MB, issue 3) plus
// 50 MB, and no more than 50 MB above ptop's own RSS before tracing.
//
// A real strace slows its tracee to ~26,000 calls a second here, so ptop never sees 100,000 lines
// a second from it. The second measurement gives ptop exactly that: a fake strace
// (test/fixtures/strace/fake-strace.mjs, first on ptop's PATH as `strace`) prints 100,000
// realistic `-f -tt -T` lines a second (BENCH_FAKE_STRACE_RATE) while the same window, keys and
// RSS samples run; the fake's own count gives the rate ptop drained (its writes block when ptop
// does not read). The target is a plain `sleep`, which nothing traces.
// Run alone: node bench/strace.mjs (prints JSON); benchStrace() for bench/run.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Tmux, cpuTicks, findDescendant, median, sleep, statusKb, waitFor } from './interactive.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WINDOW_S = Number(process.env.BENCH_STRACE_WINDOW_S ?? process.env.BENCH_WINDOW_S ?? 20);
const RATE = Number(process.env.BENCH_STRACE_RATE ?? 100_000);
const FAKE_RATE = Number(process.env.BENCH_FAKE_STRACE_RATE ?? 100_000);
const FAKE_STRACE = path.join(root, 'test', 'fixtures', 'strace', 'fake-strace.mjs');

const CHILD_PY = String.raw`
import os, sys, time
rate = int(sys.argv[1])
n = 0
t0 = time.monotonic()
last = t0
while True:
    for _ in range(500):
        os.getppid()
    n += 500
    now = time.monotonic()
    ahead = n / rate - (now - t0)
    if ahead > 0.001:
        time.sleep(ahead)
    if now - last >= 0.5:
        sys.stdout.write('%d %.6f\n' % (n, now))
        sys.stdout.flush()
        last = now
`;

/** The child's own count of calls: the latest "n t" line it printed. */
function childCounter(child) {
  const state = { n: 0, t: 0 };
  let buf = '';
  child.stdout.on('data', (b) => {
    buf += b.toString();
    const lines = buf.split('\n');
    buf = lines.pop();
    const last = lines.filter(Boolean).pop();
    if (last) {
      const [n, t] = last.split(' ').map(Number);
      state.n = n;
      state.t = t;
    }
  });
  return state;
}

async function rateOver(counter, ms) {
  const a = { ...counter };
  await sleep(ms);
  const b = { ...counter };
  return b.t > a.t ? (b.n - a.n) / (b.t - a.t) : 0;
}

function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** The pane's text without colours (Tmux.capture keeps the escapes). */
const screen = (tm) => tm.capture().replace(/\x1b\[[0-9;]*m/g, '');

/**
 * The same machine load without ptop's strace pane, as a reference for the key figure: a plain
 * `strace -f -tt -T -o /dev/null -p PID` on the child while htop (the table, all processes) gets
 * Down/Up in tmux, timed the same way (to the first changed capture, polled every 5 ms).
 */
async function htopUnderTrace(pid) {
  const htop = spawnSync('sh', ['-c', 'command -v htop']).stdout.toString().trim();
  if (!htop) return { missing: 'htop is not installed (apt-get install htop)' };
  const st = spawn('strace', ['-f', '-tt', '-T', '-o', '/dev/null', '-p', String(pid)], { stdio: 'ignore' });
  const tm = new Tmux('strace-htop', 160, 50, `${htop} -d 10`);
  try {
    await waitFor(() => screen(tm).includes('PID'), 15000, 5);
    await sleep(2000);
    const lat = [];
    for (let i = 0; i < 13; i++) {
      const before = screen(tm);
      const t = performance.now();
      tm.send(i % 2 ? 'Up' : 'Down');
      await waitFor(() => screen(tm) !== before, 5000, 5);
      lat.push(performance.now() - t);
      await sleep(1300);
    }
    const sorted = [...lat].sort((a, b) => a - b);
    return { tool: 'htop', keyMedianMs: +median(lat).toFixed(1), keyWorstMs: +sorted[sorted.length - 1].toFixed(1) };
  } finally {
    tm.kill();
    st.kill('SIGTERM');
  }
}

/**
 * The measuring window on an open Strace tab (see the header): RSS every 250 ms, a Space every
 * ~1.3 s timed to PAUSED / "following the tail" on screen, CPU of ptop and of the strace (`toolPid`).
 */
async function measureTab(tm, ptopPid, toolPid, perfLog) {
  const c0 = cpuTicks(ptopPid);
  const s0 = toolPid ? cpuTicks(toolPid) : 0;
  const w0 = performance.now();
  let peakRss = 0;
  const lat = [];
  const sent = []; // epoch ms of each Space sent
  let nextKey = performance.now() + 1300;
  let paused = false;
  while (performance.now() - w0 < WINDOW_S * 1000) {
    peakRss = Math.max(peakRss, statusKb(ptopPid, 'VmRSS'));
    if (performance.now() >= nextKey) {
      const t = performance.now();
      sent.push(performance.timeOrigin + t);
      tm.send('Space');
      const want = paused ? 'following the tail' : 'PAUSED';
      await waitFor(() => screen(tm).includes(want), 5000, 5);
      lat.push(performance.now() - t);
      paused = !paused;
      nextKey = performance.now() + 1300;
    }
    await sleep(250 - ((performance.now() - w0) % 250));
  }
  const secs = (performance.now() - w0) / 1000;
  const ptopCpu = ((cpuTicks(ptopPid) - c0) / 100 / secs) * 100;
  const toolCpu = toolPid ? ((cpuTicks(toolPid) - s0) / 100 / secs) * 100 : null;
  const perS = /per s ([\d,]+)/.exec(screen(tm))?.[1];
  return { secs, lat, sent, peakRss, ptopCpu, toolCpu, perS, endRss: statusKb(ptopPid, 'VmRSS') / 1024 };
}

/** The window's figures, with ptop's own view of each key (PTOP_PERF_LOG: input read → next frame). */
function perfFigures(perfLog, m, baselineRssMb) {
  const { secs, lat, sent } = m;
  const sorted = [...lat].sort((a, b) => a - b);
  const log = readFileSync(perfLog, 'utf8').split('\n').filter(Boolean).map((l) => {
    const x = /^([\d.]+) ms at ([\d.]+)(?: \((.*)\))? epoch ([\d.]+)/.exec(l);
    return { ms: Number(x[1]), at: Number(x[2]), note: x[3] ?? '', epoch: Number(x[4]) };
  });
  const inputs = log.filter((e) => e.note === 'input');
  const frames = log.filter((e) => e.note === '');
  const spaceInputs = inputs.slice(-lat.length - 1, -1); // the Spaces (the last input is Escape)
  const inProc = spaceInputs.map((k) => { const f = frames.find((x) => x.at >= k.at); return f ? f.at - k.at : NaN; }).filter((x) => !Number.isNaN(x));
  // from the bench's send-keys to ptop reading the key: tmux's delivery and ptop's event loop
  const delivery = spaceInputs.map((k, i) => k.epoch - sent[i]);
  const tracingFrames = frames.filter((f) => f.at >= (spaceInputs[0]?.at ?? 0));
  return {
    paneRate: m.perS ? Number(m.perS.replace(/,/g, '')) : null,
    windowS: +secs.toFixed(1),
    keys: lat.length,
    keyMedianMs: +median(lat).toFixed(1),
    keyWorstMs: +sorted[sorted.length - 1].toFixed(1),
    keyInProcessMedianMs: +median(inProc).toFixed(1),
    keyInProcessWorstMs: +Math.max(...inProc).toFixed(1),
    deliveryMedianMs: +median(delivery).toFixed(1),
    deliveryWorstMs: +Math.max(...delivery).toFixed(1),
    frameRenderMedianMs: +median(tracingFrames.map((f) => f.ms)).toFixed(1),
    framesPerSecond: +(tracingFrames.length / secs).toFixed(1),
    baselineRssMb: +baselineRssMb.toFixed(1),
    peakRssMb: +(m.peakRss / 1024).toFixed(1),
    endRssMb: +m.endRss.toFixed(1),
    rssGrowthMb: +(m.peakRss / 1024 - baselineRssMb).toFixed(1),
    ptopCpuPercent: +m.ptopCpu.toFixed(1),
    straceCpuPercent: m.toolCpu === null ? null : +m.toolCpu.toFixed(1),
  };
}

/** "LINES RESUMED SECONDS" from the fake strace's count file, or zeros before its first report */
function fakeCount(file) {
  try {
    const [lines, resumed, secs] = readFileSync(file, 'utf8').trim().split(' ').map(Number);
    return { lines, resumed, secs };
  } catch {
    return { lines: 0, resumed: 0, secs: 0 };
  }
}

/**
 * ptop in tmux (160x50) with `args` (the target's PID last), until the table shows `shown`; 3 s
 * to settle (its RSS then is the baseline); then `s`, until getppid() calls are in the Strace tab.
 * The caller kills `tm`, also when this throws (it is set on `holder` first).
 */
async function openStraceTab(holder, name, env, args, shown) {
  holder.tm = new Tmux(name, 160, 50, `${env} ${path.join(root, 'dist', 'cli.js')} -d 1 ${args}`);
  const tm = holder.tm;
  await waitFor(() => screen(tm).includes(shown), 15000, 5).catch((e) => {
    throw new Error(`ptop did not show the target: ${e.message}\n${screen(tm)}`);
  });
  const ptopPid = findDescendant(tm.panePid(), 'node');
  if (!ptopPid) throw new Error('no ptop (node) under the tmux pane');
  await sleep(3000);
  const baselineRssMb = statusKb(ptopPid, 'VmRSS') / 1024;
  tm.send('s');
  await waitFor(() => /getppid\(\)\s+= \d+/.test(screen(tm)), 15000, 5).catch((e) => {
    throw new Error(`no getppid() calls in the Strace tab: ${e.message}\n${screen(tm)}`);
  });
  return { tm, ptopPid, baselineRssMb };
}

/** The second measurement (see the header): ptop's Strace tab fed 100,000 lines a second by a fake strace. */
export async function benchFakeStrace() {
  const dir = mkdtempSync(path.join(tmpdir(), 'ptop-bench-fake-strace-'));
  const bin = path.join(dir, 'bin');
  mkdirSync(bin);
  symlinkSync(FAKE_STRACE, path.join(bin, 'strace'));
  const countFile = path.join(dir, 'count');
  const config = path.join(dir, 'config.toml');
  writeFileSync(config, `[strace]\nargs = ["--fake-rate=${FAKE_RATE}", "--fake-count=${countFile}"]\n`);
  const target = spawn('sleep', ['100000'], { stdio: 'ignore' });
  const h = { tm: null };
  try {
    const perfLog = path.join(dir, 'perf.log');
    const env = `env -u CI PATH=${bin}:${process.env.PATH} XDG_STATE_HOME=${dir}/state HOME=${dir} PTOP_PERF_LOG=${perfLog}`;
    const { ptopPid, baselineRssMb } = await openStraceTab(h, 'fake-strace', env, `--config ${config} ${target.pid}`, 'sleep 100000');
    const tm = h.tm;
    const fakePid = () => childrenOf(ptopPid).find((p) => {
      try { return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('fake-strace'); } catch { return false; }
    });
    await sleep(1000);
    const f0 = fakeCount(countFile);
    const m = await measureTab(tm, ptopPid, fakePid(), perfLog);
    const f1 = fakeCount(countFile);
    const drainedRate = f1.secs > f0.secs ? (f1.lines - f0.lines) / (f1.secs - f0.secs) : 0;
    // leaving the tab ends the fake (SIGTERM): no child of ptop runs it any more
    tm.send('Escape');
    await waitFor(() => !fakePid(), 10000, 5);
    return { requestedRate: FAKE_RATE, drainedRate: Math.round(drainedRate), ...perfFigures(perfLog, m, baselineRssMb) };
  } finally {
    h.tm?.kill();
    target.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Both measurements: the real strace on a busy child, then (with nothing else running) the fake strace. */
export async function benchStrace() {
  const real = spawnSync('sh', ['-c', 'command -v strace']).stdout.toString().trim() ? await benchRealStrace() : { missing: 'strace is not installed' };
  const fake = await benchFakeStrace().catch((e) => ({ error: e.message }));
  return { ...real, fake };
}

/** The first measurement (see the header): the system strace on a python child paced at RATE calls a second. */
async function benchRealStrace() {
  const dir = mkdtempSync(path.join(tmpdir(), 'ptop-bench-strace-'));
  const script = path.join(dir, 'busy.py');
  writeFileSync(script, CHILD_PY);
  const child = spawn('python3', [script, String(RATE)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const counter = childCounter(child);
  const h = { tm: null };
  try {
    await waitFor(() => counter.n > 0, 10000, 10);
    const untraced = await rateOver(counter, 2000);
    const perfLog = path.join(dir, 'perf.log');
    const env = `env -u CI XDG_STATE_HOME=${dir}/state HOME=${dir} PTOP_PERF_LOG=${perfLog}`;
    const { ptopPid, baselineRssMb } = await openStraceTab(h, 'strace', env, `${process.env.BENCH_STRACE_ARGS ?? ''} ${child.pid}`, 'busy.py');
    const tm = h.tm;
    const stracePid = childrenOf(ptopPid).find((p) => {
      try { return readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'strace'; } catch { return false; }
    });
    await sleep(1000);
    const n0 = { ...counter };
    const m = await measureTab(tm, ptopPid, stracePid, perfLog);
    const n1 = { ...counter };
    const tracedRate = n1.t > n0.t ? (n1.n - n0.n) / (n1.t - n0.t) : 0;
    // leaving the tab ends strace: the child must be untraced again
    tm.send('Escape');
    await waitFor(() => /TracerPid:\s+0\b/.test(readFileSync(`/proc/${child.pid}/status`, 'utf8')), 10000, 5);
    const figures = perfFigures(perfLog, m, baselineRssMb);
    tm.kill();
    h.tm = null;
    const reference = await htopUnderTrace(child.pid);
    return {
      reference,
      requestedRate: RATE,
      untracedRate: Math.round(untraced),
      tracedRate: Math.round(tracedRate),
      ...figures,
    };
  } finally {
    h.tm?.kill();
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

export function printStrace(r) {
  if (r.missing) console.log(`strace pane: ${r.missing}`);
  else printReal(r);
  if (r.fake) printFake(r.fake, r.tracedRate);
}

function printReal(r) {
  console.log(`\n== strace pane against a busy process (python, paced at ${r.requestedRate.toLocaleString('en')} getppid/s) ==`);
  console.log(`child's own rate                : ${r.untracedRate.toLocaleString('en')}/s untraced, ${r.tracedRate.toLocaleString('en')}/s while traced (the pane says ${r.paneRate?.toLocaleString('en')}/s)`);
  console.log(`key -> redraw while tracing      : median ${r.keyMedianMs} ms, worst ${r.keyWorstMs} ms over ${r.keys} keys (target <= 100 ms)`);
  console.log(`  in ptop (input read -> frame) : median ${r.keyInProcessMedianMs} ms, worst ${r.keyInProcessWorstMs} ms; frames ${r.framesPerSecond}/s, render ${r.frameRenderMedianMs} ms each`);
  console.log(`  send-keys -> ptop reads it      : median ${r.deliveryMedianMs} ms, worst ${r.deliveryWorstMs} ms (the rest is tmux drawing and capture-pane)`);
  if (r.reference?.missing) console.log(`reference: ${r.reference.missing}`);
  else if (r.reference) console.log(`  reference, htop on the same load : key -> redraw median ${r.reference.keyMedianMs} ms, worst ${r.reference.keyWorstMs} ms (a plain strace -o /dev/null on the child)`);
  console.log(`ptop RSS                         : ${r.baselineRssMb} MB before, peak ${r.peakRssMb} MB while tracing (+${r.rssGrowthMb} MB; target <= +50 MB and <= 140 MB)`);
  console.log(`CPU over ${r.windowS} s                  : ptop ${r.ptopCpuPercent}% of a core, strace ${r.straceCpuPercent}%`);
}

function printFake(f, tracedRate) {
  const real = tracedRate ? `; a real one slowed its tracee to ${tracedRate.toLocaleString('en')}/s` : '';
  console.log(`\n== strace pane fed by a fake strace (${FAKE_RATE.toLocaleString('en')} lines/s requested${real}) ==`);
  if (f.error) { console.log(`fake strace: ${f.error}`); return; }
  console.log(`lines drained by ptop            : ${f.drainedRate.toLocaleString('en')}/s (the pane says ${f.paneRate?.toLocaleString('en')} calls/s)`);
  console.log(`key -> redraw                    : median ${f.keyMedianMs} ms, worst ${f.keyWorstMs} ms over ${f.keys} keys (target <= 100 ms)`);
  console.log(`  in ptop (input read -> frame) : median ${f.keyInProcessMedianMs} ms, worst ${f.keyInProcessWorstMs} ms; frames ${f.framesPerSecond}/s, render ${f.frameRenderMedianMs} ms each`);
  console.log(`  send-keys -> ptop reads it      : median ${f.deliveryMedianMs} ms, worst ${f.deliveryWorstMs} ms`);
  console.log(`ptop RSS                         : ${f.baselineRssMb} MB before, peak ${f.peakRssMb} MB while tracing (+${f.rssGrowthMb} MB; target <= +50 MB and <= 140 MB)`);
  console.log(`CPU over ${f.windowS} s                  : ptop ${f.ptopCpuPercent}% of a core, the fake strace ${f.straceCpuPercent}%`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync(path.join(root, 'dist', 'cli.js'))) throw new Error('run npm run build first');
  const r = await benchStrace();
  printStrace(r);
  console.log(JSON.stringify(r, null, 1));
  process.exit(0);
}
