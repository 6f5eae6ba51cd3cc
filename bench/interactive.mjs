// The interactive screen's costs, measured in tmux side by side with htop in the same run
// (part of `npm run bench`; also runnable alone: node bench/interactive.mjs):
//  - steady-state CPU % of one core over 20 s, 200x50 terminal, 1 s refresh (ptop -d 1, htop -d 10);
//  - RSS after that; time to the first frame; key press → redraw latency (median of 15 Downs).
// Idle processes are started by the caller (bench/run.mjs) or here when run alone.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { readFileSync, existsSync, readdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLK_TCK = 100;
const WINDOW_S = Number(process.env.BENCH_WINDOW_S ?? 20);

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; }

export function cpuTicks(pid) {
  const t = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = t.slice(t.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}
export function statusKb(pid, key) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(key + ':'));
  return line ? Number(line.split(/\s+/)[1]) : NaN;
}
function childrenOf(pid) {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch { return []; }
}
export function findDescendant(pid, comm) {
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift();
    try { if (readFileSync(`/proc/${p}/comm`, 'utf8').trim() === comm) return p; } catch {}
    queue.push(...childrenOf(p));
  }
  return null;
}

export class Tmux {
  constructor(name, cols, rows, command) {
    this.sock = `ptop-bench-${name}-${process.pid}`;
    const env = { ...process.env, TERM: 'xterm-256color' };
    delete env.CI;
    execFileSync('tmux', ['-L', this.sock, '-f', '/dev/null', 'new-session', '-d', '-s', 'b', '-x', String(cols), '-y', String(rows), command], { env });
  }
  tmux(...args) { return spawnSync('tmux', ['-L', this.sock, ...args], { encoding: 'utf8' }).stdout ?? ''; }
  capture() { return this.tmux('capture-pane', '-p', '-e', '-t', 'b'); }
  send(...keys) { this.tmux('send-keys', '-t', 'b', ...keys); }
  panePid() { return Number(this.tmux('display-message', '-p', '-t', 'b', '#{pane_pid}').trim()); }
  kill() { spawnSync('tmux', ['-L', this.sock, 'kill-server']); }
}

export async function waitFor(fn, timeoutMs = 15000, stepMs = 2) {
  const t0 = performance.now();
  while (performance.now() - t0 < timeoutMs) {
    const v = fn();
    if (v) return performance.now() - t0;
    await sleep(stepMs);
  }
  throw new Error('timed out');
}

async function measureTool(name, command, comm, { keys = true, perfLog = null } = {}) {
  const t0 = performance.now();
  const tm = new Tmux(name, 200, 50, command);
  try {
    const firstFrame = await waitFor(() => { const s = tm.capture(); return s.includes('PID') && (s.includes('Tasks') || s.includes('COMMAND')); }).then(() => performance.now() - t0);
    const pid = findDescendant(tm.panePid(), comm);
    if (!pid) throw new Error(`no ${comm} process under the tmux pane`);
    await sleep(3000); // settle: the first refreshes read cmdlines etc.
    const c0 = cpuTicks(pid);
    const w0 = performance.now();
    await sleep(WINDOW_S * 1000);
    const cpu = ((cpuTicks(pid) - c0) / CLK_TCK) / ((performance.now() - w0) / 1000) * 100;
    const rssMb = statusKb(pid, 'VmRSS') / 1024;
    let keyMs = null;
    if (keys) {
      const lat = [];
      for (let i = 0; i < 15; i++) {
        const before = tm.capture();
        const t = performance.now();
        tm.send(i % 2 ? 'Up' : 'Down');
        await waitFor(() => tm.capture() !== before, 5000, 1);
        lat.push(performance.now() - t);
        await sleep(120);
      }
      keyMs = median(lat);
    }
    // ptop's own view of its first frame: ms from its process start (PTOP_PERF_LOG), without tmux
    // (the first line is the frame main.ts draws before Ink is loaded; the first of Ink's own
    // frames, when keys start being handled, is reported beside it)
    let inProcessFirstFrameMs = null;
    let inProcessInkFrameMs = null;
    if (perfLog) {
      const lines = readFileSync(perfLog, 'utf8').split('\n');
      const at = (line) => { const m = /at ([\d.]+)/.exec(line ?? ''); return m ? Math.round(Number(m[1])) : null; };
      inProcessFirstFrameMs = at(lines[0]);
      inProcessInkFrameMs = at(lines.find((l) => l && !l.includes('before Ink')));
    }
    return { tool: name, inProcessFirstFrameMs, inProcessInkFrameMs, cpuPercent: +cpu.toFixed(2), rssMb: +rssMb.toFixed(1), firstFrameMs: +firstFrame.toFixed(0), keyRedrawMs: keyMs === null ? null : +keyMs.toFixed(1) };
  } finally {
    tm.kill();
  }
}

export async function benchInteractive({ withHtop = true } = {}) {
  const out = [];
  const perfLog = path.join(mkdtempSync(path.join(tmpdir(), 'ptop-bench-')), 'perf.log');
  const ptopCmd = `env -u CI PTOP_PERF_LOG=${perfLog} ${path.join(root, 'dist', 'cli.js')} -d 1`;
  out.push(await measureTool('ptop', ptopCmd, 'node', { perfLog }));
  if (withHtop) {
    const htop = spawnSync('sh', ['-c', 'command -v htop']).stdout.toString().trim();
    if (htop) out.push(await measureTool('htop', `${htop} -d 10`, 'htop', { keys: true }));
    else out.push({ tool: 'htop', missing: 'htop is not installed (apt-get install htop) — no side-by-side figure' });
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const kids = [];
  const n = Number(process.env.BENCH_N ?? 1000);
  const have = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).length;
  for (let i = Number(have); i < n; i++) kids.push(spawn('sleep', ['3600'], { stdio: 'ignore' }));
  process.on('exit', () => kids.forEach((k) => k.kill('SIGKILL')));
  await sleep(500);
  if (!existsSync(path.join(root, 'dist', 'cli.js'))) throw new Error('run npm run build first');
  console.log(JSON.stringify(await benchInteractive(), null, 1));
  process.exit(0);
}
