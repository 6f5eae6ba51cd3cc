// The native batch reader (native/proc-batch.c via src/collect/read.ts startBatch) against the
// kernel: the same bytes, errors and owners as node:fs reads of the same files, chunk by chunk;
// and the sampler's first scan (which reads ahead with it) equal to the scan through node:fs.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { batchText, batchUid, lastReadError, nativeReader, startBatch, useNativeReader } from '../../src/collect/read.js';
import { Sampler } from '../../src/collect/sampler.js';
import type { ProcessSample, ProcSource } from '../../src/collect/types.js';

const children: ChildProcess[] = [];
/** a child whose command line is 300 KB long (more than one 64 KiB read), and one with a plain one */
let long: ChildProcess;
let plain: ChildProcess;
/** three arguments of 100 KB (one argument may hold at most 128 KiB) */
const LONG_ARG = 'x'.repeat(100_000);

function startChild(args: string[]): Promise<ChildProcess> {
  const c = spawn('python3', ['-c', 'import time\nprint("ready", flush=True)\ntime.sleep(600)', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(c);
  return new Promise((resolve, reject) => {
    c.stdout!.once('data', () => resolve(c));
    c.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
  });
}

beforeAll(async () => {
  [long, plain] = await Promise.all([startChild([LONG_ARG, LONG_ARG, LONG_ARG]), startChild(['plain arg'])]);
});

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  useNativeReader(true);
});

/** a PID that is not running: one above the largest listed, below pid_max */
function missingPid(): number {
  const pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number);
  return Math.max(...pids) + 7919;
}

describe('native batch reader', () => {
  it('is built by npm install / npm run build (dist/proc-batch.node)', () => {
    expect(nativeReader(), 'dist/proc-batch.node is missing: see the build output of npm install').not.toBeNull();
  });

  it('reads the same bytes as node:fs, the owner uid, and the errno of a missing process', () => {
    const pids = [process.pid, long.pid!, plain.pid!, missingPid(), 1];
    const job = startBatch('/proc', Int32Array.from(pids), ['stat', 'cmdline', 'statm'], 2)!;
    expect(job).not.toBeNull();
    const taken = new Map<number, ReturnType<typeof job.take>>();
    try {
      for (let i = 0; i < pids.length; i++) {
        const pid = pids[i]!;
        const c = Math.floor(i / 2);
        if (!taken.has(c)) taken.set(c, job.take(c));
        const batch = taken.get(c)!;
        const row = i % 2;
        if (pid === pids[3]) {
          expect(batchText(batch, row, 0)).toBeNull();
          expect(lastReadError).toBe('ENOENT');
          expect(batchUid(batch, row)).toBe(-1);
          continue;
        }
        // the command lines do not change while the test runs, nor the sleeping children's statm
        expect(batchText(batch, row, 1)).toBe(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
        const statm = batchText(batch, row, 2)!;
        expect(statm).toMatch(/^\d+( \d+){6}\n$/);
        if (pid === long.pid || pid === plain.pid) expect(statm).toBe(readFileSync(`/proc/${pid}/statm`, 'utf8'));
        const stat = batchText(batch, row, 0)!;
        expect(stat.startsWith(`${pid} (`)).toBe(true);
        expect(stat.endsWith('\n')).toBe(true);
        expect(batchUid(batch, row)).toBe(statSync(`/proc/${pid}`).uid);
      }
    } finally {
      job.finish();
    }
  });

  it('reads a command line longer than one read to its end', () => {
    const job = startBatch('/proc', Int32Array.from([long.pid!]), ['cmdline'])!;
    try {
      const text = batchText(job.take(0), 0, 0)!;
      expect(text.length).toBeGreaterThan(300_000);
      expect(text.split('\0').filter((a) => a === LONG_ARG)).toHaveLength(3);
    } finally {
      job.finish();
    }
  });

  it('hands out every chunk once, in any order, and can be finished early', () => {
    const pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number).slice(0, 200);
    const job = startBatch('/proc', Int32Array.from(pids), ['stat'], 7)!;
    const chunks = Math.ceil(pids.length / 7);
    const last = job.take(chunks - 1);
    expect(last.meta.length).toBe((pids.length - (chunks - 1) * 7) * 3);
    const first = job.take(0);
    expect(batchText(first, 0, 0)?.startsWith(`${pids[0]} (`) ?? lastReadError === 'ENOENT').toBe(true);
    expect(() => job.take(0)).toThrow(/already taken/);
    expect(() => job.take(chunks)).toThrow(/no such chunk/);
    job.finish(); // the chunks in between were never taken
    expect(() => job.take(1)).toThrow();
    job.finish(); // twice is harmless
  });

  it('rejects bad arguments with an error, not a crash', () => {
    const n = nativeReader()!;
    expect(() => n.start('/proc', [1, 2] as unknown as Int32Array, ['stat'], 4)).toThrow(/Int32Array/);
    expect(() => n.start('/proc', Int32Array.from([1]), [], 4)).toThrow();
    expect(() => n.start('/proc', Int32Array.from([1]), ['stat'], 0)).toThrow();
    expect(() => n.take({}, 0)).toThrow();
  });
});

describe("the sampler's first scan with and without the native reader", () => {
  const needs = new Set<ProcSource>(['statm', 'status', 'io']);
  const pick = (p: ProcessSample) => ({
    pid: p.pid,
    uid: p.uid,
    comm: p.comm,
    command: p.command,
    starttime: p.stat.starttime,
    statm: p.statm,
    vmHwm: p.status?.vmHwm,
    threads: p.status?.threads,
    denied: p.denied,
  });

  it('gives the same samples for the processes that stay put', () => {
    useNativeReader(true);
    const withNative = new Sampler({ showSelf: true }).sample(needs).procs;
    useNativeReader(false);
    const withFs = new Sampler({ showSelf: true }).sample(needs).procs;
    useNativeReader(true);
    const ours = [long.pid!, plain.pid!];
    for (const pid of ours) {
      const a = withNative.find((p) => p.pid === pid);
      const b = withFs.find((p) => p.pid === pid);
      expect(a, `pid ${pid} sampled with the native reader`).toBeDefined();
      expect(pick(a!)).toEqual(pick(b!));
    }
    expect(withNative.find((p) => p.pid === plain.pid)!.command).toContain('plain arg');
    // everything both scans saw: the same owner, command and start time
    const byPid = new Map(withFs.map((p) => [p.pid, p]));
    let compared = 0;
    for (const a of withNative) {
      const b = byPid.get(a.pid);
      if (!b || b.stat.starttime !== a.stat.starttime || a.pid === process.pid) continue;
      expect({ uid: a.uid, command: a.command, comm: a.comm }).toEqual({ uid: b.uid, command: b.command, comm: b.comm });
      compared++;
    }
    expect(compared).toBeGreaterThan(2);
  });
});
