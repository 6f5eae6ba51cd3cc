// Integration tests of the Sampler against real processes this test starts, compared with what
// the kernel reports for them in /proc at the same moment.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { Sampler } from '../../src/collect/sampler.js';
import type { ProcSource } from '../../src/collect/types.js';

const children: ChildProcess[] = [];

function start(cmd: string, args: string[]): ChildProcess {
  const c = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(c);
  return c;
}

/** Wait until the child prints a line (its "ready" signal). */
function ready(c: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    c.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    c.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
  });
}

function statusField(pid: number, key: string): string {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith(key + ':'));
  return line!.slice(key.length + 1).trim();
}

// A python child that allocates and touches 64 MiB, starts 3 named threads, and has an
// argument with spaces; a busy loop child for CPU%.
const MEMORY_CHILD = `
import threading, time, sys, ctypes
buf = bytearray(64 * 1024 * 1024)
for i in range(0, len(buf), 4096): buf[i] = 1
libc = ctypes.CDLL(None)
def worker(name):
    libc.prctl(15, name.encode(), 0, 0, 0)
    time.sleep(600)
for n in ("ptop-w1", "ptop-w2", "ptop-w3"):
    threading.Thread(target=worker, args=(n,), daemon=True).start()
time.sleep(0.3)
print("ready", flush=True)
time.sleep(600)
`;

let mem: ChildProcess;
let busy: ChildProcess;

beforeAll(async () => {
  mem = start('python3', ['-c', MEMORY_CHILD, 'an arg with spaces']);
  busy = start('python3', ['-c', 'import sys\nprint("ready", flush=True)\nwhile True: pass']);
  await Promise.all([ready(mem), ready(busy)]);
});

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

const ALL: ProcSource[] = ['status', 'statm', 'io', 'smaps_rollup', 'fd', 'cgroup', 'wchan', 'cwd', 'exe'];

describe('Sampler against real processes', () => {
  it('reads what the kernel says about a child: ppid, cmdline, RSS, threads, owner', () => {
    const s = new Sampler();
    const snap = s.sample(new Set(ALL));
    const p = snap.procs.find((x) => x.pid === mem.pid)!;
    expect(p).toBeDefined();
    expect(p.stat.ppid).toBe(process.pid);
    const kernelArgv = readFileSync(`/proc/${mem.pid}/cmdline`, 'utf8').split('\0').slice(0, -1);
    expect(p.raw.cmdline).toEqual(kernelArgv);
    expect(p.raw.cmdline.slice(1)).toEqual(['-c', MEMORY_CHILD, 'an arg with spaces']);
    expect(p.command.endsWith('an arg with spaces')).toBe(true);
    // RSS from stat (pages) and status (kB) agree with the kernel, and hold the 64 MiB
    const rssKb = Number(statusField(mem.pid!, 'VmRSS').split(' ')[0]);
    const rss = p.stat.rss * snap.system.pageSize;
    expect(rss).toBeGreaterThan(64 * 1024 * 1024);
    expect(Math.abs(rss - rssKb * 1024)).toBeLessThan(1024 * 1024);
    expect(p.status!.vmRss).toBe(p.statm!.resident);
    expect(p.stat.numThreads).toBe(Number(statusField(mem.pid!, 'Threads')));
    expect(p.stat.numThreads).toBe(4);
    expect(p.uid).toBe(process.getuid!());
    // smaps_rollup: USS = private pages, PSS between USS and RSS
    const r = p.smapsRollup!;
    expect(r.rss).toBeGreaterThan(64 * 1024 * 1024);
    expect(r.privateClean + r.privateDirty).toBeLessThanOrEqual(r.pss);
    expect(r.pss).toBeLessThanOrEqual(r.rss);
    // fd count equals the kernel's fd directory
    expect(p.fdCount).toBe(readdirSync(`/proc/${mem.pid}/fd`).length);
    expect(p.exe).toMatch(/python3/);
    expect(p.cwd).toBe(process.cwd());
    expect(p.io!.rchar).toBeGreaterThan(0);
  });

  it('follows a process whose memory grows between ticks (statm re-read when stat changes)', async () => {
    const grow = start('python3', ['-c', [
      'import signal, sys, time',
      'held = []',
      'def more(*a):',
      '    b = bytearray(48 * 1024 * 1024)',
      '    for i in range(0, len(b), 4096): b[i] = 1',
      '    held.append(b)',
      '    print("grown", flush=True)',
      'signal.signal(signal.SIGUSR1, more)',
      'print("ready", flush=True)',
      'while True: time.sleep(1)',
    ].join('\n')]);
    await ready(grow);
    const s = new Sampler();
    const needs = new Set<ProcSource>(['statm']);
    s.sample(needs);
    const before = s.sample(needs).procs.find((x) => x.pid === grow.pid)!.statm!.resident;
    const grown = new Promise((r) => grow.stdout!.on('data', (d: Buffer) => d.toString().includes('grown') && r(null)));
    grow.kill('SIGUSR1');
    await grown;
    const after = s.sample(needs).procs.find((x) => x.pid === grow.pid)!.statm!.resident;
    expect(after - before).toBeGreaterThan(47 * 1024 * 1024);
    expect(after).toBe(Number(statusField(grow.pid!, 'VmRSS').split(' ')[0]) * 1024);
  });

  it('lists each thread with its own name when threads are shown', () => {
    const s = new Sampler({ showThreads: true });
    const snap = s.sample(new Set());
    const threads = snap.procs.filter((x) => x.pid === mem.pid && x.isThread);
    expect(threads.map((t) => t.comm).sort()).toEqual(['ptop-w1', 'ptop-w2', 'ptop-w3']);
    for (const t of threads) {
      expect(t.tid).not.toBe(mem.pid);
      expect(t.command).toBe(snap.procs.find((x) => x.pid === mem.pid && !x.isThread)!.command);
    }
  });

  it('measures CPU% from the previous sample: a busy loop as the kernel counts it, an idle sleeper near 0', async () => {
    // the busy loop's own CPU time as the kernel counts it (utime + stime, clock ticks of 10 ms)
    const ticks = (pid: number) => {
      const st = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
      return Number(f[11]) + Number(f[12]);
    };
    const s = new Sampler();
    s.sample(new Set());
    const t0 = ticks(busy.pid!);
    await new Promise((r) => setTimeout(r, 600));
    const t1 = ticks(busy.pid!);
    const snap = s.sample(new Set());
    expect(snap.system.interval).toBeGreaterThan(0.5);
    const b = snap.procs.find((x) => x.pid === busy.pid)!;
    const m = snap.procs.find((x) => x.pid === mem.pid)!;
    // on a busy machine the loop gets less than a whole CPU: whatever it got, ptop shows that
    const kernel = ((t1 - t0) / 100 / snap.system.interval) * 100;
    expect(Math.abs(b.cpuPercent - kernel), `ptop ${b.cpuPercent} %, the kernel ${kernel} %`).toBeLessThan(12);
    expect(b.cpuPercent).toBeGreaterThan(10);
    expect(b.cpuPercent).toBeLessThan(130);
    expect(m.cpuPercent).toBeLessThan(5);
    expect(snap.system.cpuUsage!.cpus.length).toBe(snap.system.stat.cpus.length);
  });

  it('skips a process that exits between samples and keeps no fd for it', async () => {
    const s = new Sampler();
    const short = start('sleep', ['30']);
    await new Promise((r) => setTimeout(r, 100));
    expect(s.sample(new Set()).procs.some((x) => x.pid === short.pid)).toBe(true);
    short.kill('SIGKILL');
    await new Promise((r) => short.once('exit', r));
    const again = s.sample(new Set(ALL));
    expect(again.procs.some((x) => x.pid === short.pid)).toBe(false);
  });

  it('keeps stat files open within its budget, never one per process without bound', () => {
    const fdsBefore = readdirSync('/proc/self/fd').length;
    const s = new Sampler();
    const n = s.sample(new Set()).procs.length;
    s.sample(new Set());
    const held = readdirSync('/proc/self/fd').length - fdsBefore;
    expect(held).toBeLessThanOrEqual(n);
    s.close();
    expect(readdirSync('/proc/self/fd').length).toBeLessThanOrEqual(fdsBefore);
    const noKeep = new Sampler({ keepFds: false });
    noKeep.sample(new Set(ALL));
    expect(readdirSync('/proc/self/fd').length).toBeLessThanOrEqual(fdsBefore);
  });

  it('hides kernel threads unless asked, and itself unless asked', () => {
    const hidden = new Sampler().sample(new Set());
    expect(hidden.procs.some((p) => p.isKernelThread)).toBe(false);
    expect(hidden.procs.some((p) => p.pid === process.pid)).toBe(false);
    const shown = new Sampler({ showKthreads: true, showSelf: true }).sample(new Set(['status']));
    const kthreadd = shown.procs.find((p) => p.pid === 2);
    expect(kthreadd?.isKernelThread).toBe(true);
    expect(kthreadd?.command).toBe('[kthreadd]');
    expect(shown.procs.some((p) => p.pid === process.pid)).toBe(true);
  });

  it('reads the system files: memory, load, uptime, per-core CPU', () => {
    const snap = new Sampler().sample(new Set());
    const total = Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024;
    expect(snap.system.meminfo.MemTotal).toBe(total);
    expect(snap.system.uptime.uptime).toBeGreaterThan(0);
    expect(snap.system.stat.cpus.length).toBeGreaterThan(0);
    expect(snap.system.clkTck).toBe(100);
    expect([4096, 16384, 65536]).toContain(snap.system.pageSize);
  });
});
