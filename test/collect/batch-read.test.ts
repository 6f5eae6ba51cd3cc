// The native batch reader (native/proc-batch.c via src/collect/read.ts startBatch) against the
// kernel: the same bytes, errors and owners as node:fs reads of the same files, chunk by chunk;
// the stat lines it parses in C equal parseStat's (awkward fixtures, malformed lines, every process);
// and the sampler's first scan (which reads ahead with it) equal to the scan through node:fs; the
// refresh's pread of every kept fd, and the sampler's later ticks (which use it) equal to node:fs.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, cpSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { batchStat, batchText, batchUid, lastReadError, nativeReader, PREAD_SLOT, preadMany, startBatch, takeEarlyBatch, useNativeReader } from '../../src/collect/read.js';
import { Sampler } from '../../src/collect/sampler.js';
import type { ProcessSample, ProcSource, ProcStat } from '../../src/collect/types.js';
import { parseStat } from '../../src/collect/parse/stat.js';
import { pollUntil } from '../helpers/procs.js';

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

  it('lists /proc as readdirSync does, on a reader thread, for a job started without pids', () => {
    const n = nativeReader()!;
    const numeric = () => readdirSync('/proc').filter((e) => /^\d/.test(e)).map(Number);
    // processes come and go meanwhile (the test runner's own): compare with the listings around it
    const before = numeric();
    const job = n.start('/proc', null, ['stat', 'cmdline'], 16, true);
    const pids = Array.from(n.pids(job));
    const after = numeric();
    for (const pid of [process.pid, long.pid!, plain.pid!, 1]) expect(pids).toContain(pid);
    for (const pid of pids) expect(before.includes(pid) || after.includes(pid), `pid ${pid}`).toBe(true);
    expect([...pids].sort((x, y) => x - y)).toEqual(pids); // readdir order of /proc: ascending
    // its chunks follow that list: chunk c holds pids [16c, 16c + 16)
    const chunks = Math.ceil(pids.length / 16);
    for (let c = 0; c < chunks; c++) {
      const batch = { ...n.take(job, c), stride: 5, files: 2 };
      const rows = batch.meta.length / 5;
      expect(rows).toBe(Math.min(16, pids.length - c * 16));
      for (let r = 0; r < rows; r++) {
        const text = batchText(batch, r, 0);
        if (text !== null) expect(text.startsWith(`${pids[c * 16 + r]} (`)).toBe(true);
      }
    }
    expect(() => n.take(job, chunks)).toThrow(/no such chunk/);
    n.finish(job);
    expect(() => n.pids(job)).toThrow(/finished/);
  });

  it('a job whose root cannot be listed throws from pids() and has no chunks; one finished unlisted is freed', () => {
    const n = nativeReader()!;
    const job = n.start('/nonexistent-ptop-root', null, ['stat'], 8, false);
    expect(() => n.pids(job)).toThrow(/list \/nonexistent-ptop-root: No such file or directory/);
    expect(() => n.take(job, 0)).toThrow(/no such chunk/);
    n.finish(job);
    // finished before any reader got to it: nothing to wait for
    n.finish(n.start('/proc', null, ['stat'], 8, false));
  });

  it('hands an all-ASCII chunk over as one string too, and decodes a chunk with UTF-8 from its bytes', () => {
    const root = mkdtempSync(join(tmpdir(), 'ptop-native-text-'));
    try {
      const lines: Record<number, string> = {
        10: '10 (plain) S 1 10 10 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 100 1000 10 0\n',
        11: '11 (tab\there) S 1 11 11 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 100 1000 10 0\n',
        20: '20 (grüß ✓) S 1 20 20 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 100 1000 10 0\n',
        21: '21 (x) S 1 21 21 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 100 1000 10 0\n',
      };
      for (const [pid, line] of Object.entries(lines)) {
        mkdirSync(join(root, pid));
        writeFileSync(join(root, pid, 'stat'), line);
      }
      const job = startBatch(root, Int32Array.from([10, 11, 20, 21]), ['stat'], 2, true)!;
      try {
        const ascii = job.take(0);
        const utf8 = job.take(1);
        expect(typeof ascii.text).toBe('string');
        expect(utf8.text).toBeUndefined();
        expect(batchText(ascii, 1, 0)).toBe(lines[11]);
        expect(batchText(utf8, 0, 0)).toBe(lines[20]);
        expect(batchStat(ascii, 1)).toEqual(parseStat(lines[11]!));
        expect(batchStat(utf8, 0)?.comm).toBe('grüß ✓');
        expect(batchStat(utf8, 0)).toEqual(parseStat(lines[20]!));
      } finally {
        job.finish();
      }
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('rejects bad arguments with an error, not a crash', () => {
    const n = nativeReader()!;
    expect(() => n.start('/proc', [1, 2] as unknown as Int32Array, ['stat'], 4)).toThrow(/Int32Array/);
    expect(() => n.start('/proc', Int32Array.from([1]), [], 4)).toThrow();
    expect(() => n.start('/proc', Int32Array.from([1]), ['stat'], 0)).toThrow();
    expect(() => n.take({}, 0)).toThrow();
  });
});

describe('stat parsed by the native reader', () => {
  const FIX = 'test/fixtures/proc';
  const awkward = ['comm-close-paren', 'comm-escape', 'comm-newline', 'comm-parens', 'helper', 'ksoftirqd', 'kthreadd', 'pid1', 'proctitle', 'zombie'];

  function parseAll(root: string, pids: number[]): { native: (ProcStat | null | undefined)[]; texts: (string | null)[] } {
    const job = startBatch(root, Int32Array.from(pids), ['stat', 'cmdline'], 3, true)!;
    const native: (ProcStat | null | undefined)[] = [];
    const texts: (string | null)[] = [];
    try {
      let batch: ReturnType<typeof job.take> | null = null;
      for (let i = 0; i < pids.length; i++) {
        if (i % 3 === 0) batch = job.take(i / 3);
        native.push(batchStat(batch!, i % 3));
        texts.push(batchText(batch!, i % 3, 0));
      }
    } finally {
      job.finish();
    }
    return { native, texts };
  }

  it('gives what parseStat gives for the awkward fixtures (comm with spaces, parens, newlines, escapes; zombie; kernel threads)', () => {
    const root = mkdtempSync(join(tmpdir(), 'ptop-native-stat-'));
    try {
      awkward.forEach((name, i) => {
        mkdirSync(join(root, String(100 + i)));
        cpSync(join(FIX, name, 'stat'), join(root, String(100 + i), 'stat'));
      });
      // and malformed lines, which it leaves to JavaScript (undefined), and a missing file (null)
      const bad = ['', '12 (x) S', 'abc (x) S 1 2 3', '5 (no close S 1 2'];
      bad.forEach((text, i) => {
        mkdirSync(join(root, String(200 + i)));
        writeFileSync(join(root, String(200 + i), 'stat'), text);
      });
      const pids = [...awkward.map((_, i) => 100 + i), ...bad.map((_, i) => 200 + i), 999];
      const { native, texts } = parseAll(root, pids);
      awkward.forEach((name, i) => {
        const want = parseStat(readFileSync(join(FIX, name, 'stat'), 'utf8'));
        expect(want, name).not.toBeNull();
        expect(native[i], name).toEqual(want);
      });
      for (let i = 0; i < bad.length; i++) {
        expect(native[awkward.length + i], JSON.stringify(bad[i])).toBeUndefined();
        expect(parseStat(texts[awkward.length + i]!)).toBeNull();
      }
      expect(native[pids.length - 1]).toBeNull();
      expect(lastReadError).toBe('ENOENT');
      expect(native.find((p) => p?.comm.includes('\n'))?.comm).toBe('nl\n) z');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('gives what parseStat gives for every live process (the same line read once)', () => {
    const pids = readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number);
    const { native, texts } = parseAll('/proc', pids);
    let compared = 0;
    for (let i = 0; i < pids.length; i++) {
      if (texts[i] === null) continue; // exited meanwhile
      expect(native[i], `pid ${pids[i]}`).toEqual(parseStat(texts[i]!));
      compared++;
    }
    expect(compared).toBeGreaterThan(20);
  });
});

describe('native pread of kept fds (the refresh path)', () => {
  it('re-reads each fd from offset 0, on several threads past 256 fds; -EBADF for a closed or absent fd; a long file fills its slot', () => {
    const cmdline = `/proc/${plain.pid}/cmdline`;
    const want = readFileSync(cmdline);
    const fds = new Int32Array(300);
    for (let i = 0; i < fds.length; i++) fds[i] = openSync(cmdline, 'r');
    const longFd = openSync(`/proc/${long.pid}/cmdline`, 'r');
    closeSync(fds[11]!);
    fds[11] = longFd;
    closeSync(fds[7]!); // closed last, so no open above takes its number
    fds[9] = -1;
    try {
      for (const round of [1, 2]) {
        // twice: the second call reuses the pool's threads and the buffers
        const r = preadMany(fds, fds.length)!;
        expect(r, `round ${round}`).not.toBeNull();
        for (let i = 0; i < fds.length; i++) {
          const got = r.data.subarray(i * PREAD_SLOT, i * PREAD_SLOT + Math.max(0, r.lens[i]!));
          if (i === 7 || i === 9) expect(r.lens[i]).toBe(-9); // EBADF
          else if (i === 11) expect(r.lens[i]).toBe(PREAD_SLOT);
          else expect(Buffer.compare(got, want), `fd ${i}`).toBe(0);
        }
      }
      // fewer than asked: only the first `count`
      const few = preadMany(fds, 3)!;
      expect(Buffer.compare(few.data.subarray(0, few.lens[0]!), want)).toBe(0);
    } finally {
      for (let i = 0; i < fds.length; i++) if (i !== 7 && i !== 9) closeSync(fds[i]!);
    }
  });

  it('rejects bad arguments with an error, not a crash', () => {
    const n = nativeReader()!;
    expect(() => n.pread(Int32Array.from([0, 1]), Buffer.alloc(1024), 1024, new Int32Array(2))).toThrow(/pread/);
    expect(() => n.pread([0] as unknown as Int32Array, Buffer.alloc(1024), 1024, new Int32Array(1))).toThrow(/pread/);
    expect(() => n.pread(Int32Array.from([0]), Buffer.alloc(1024), 0, new Int32Array(1))).toThrow(/pread/);
  });
});

describe("the sampler's refresh with and without the native reader", () => {
  it('gives the same samples on later ticks (the kept stat fds re-read up front)', async () => {
    // enough processes for the read-ahead (16 kept stat fds) on a quiet machine too
    const sleepers = Array.from({ length: 24 }, () => spawn('sleep', ['600'], { stdio: 'ignore' }));
    children.push(...sleepers);
    await pollUntil(() => sleepers.every((c) => readFileSync(`/proc/${c.pid}/stat`, 'utf8').includes('(sleep)')), 'the sleepers to exec');
    const needs = new Set<ProcSource>(['statm']);
    const run = (native: boolean) => {
      useNativeReader(native);
      const s = new Sampler({ showSelf: true });
      let procs: ProcessSample[] = [];
      for (let t = 0; t < 4; t++) procs = s.sample(needs).procs;
      const ahead = s.statsReadAhead;
      s.close();
      return { procs, ahead };
    };
    const { procs: a, ahead } = run(true);
    const { procs: b, ahead: none } = run(false);
    useNativeReader(true);
    expect(ahead).toBeGreaterThanOrEqual(24);
    expect(none).toBe(0);
    for (const c of sleepers) expect(a.find((p) => p.pid === c.pid)?.comm).toBe('sleep');
    for (const pid of [long.pid!, plain.pid!]) {
      const x = a.find((p) => p.pid === pid)!;
      const y = b.find((p) => p.pid === pid)!;
      const pick = (p: ProcessSample) => ({ comm: p.comm, command: p.command, state: p.stat.state, starttime: p.stat.starttime, utime: p.stat.utime, statm: p.statm, cpu: p.cpuPercent });
      expect(pick(x)).toEqual(pick(y));
    }
    // the kernel's own threads and init read back the same way
    const init = (xs: ProcessSample[]) => xs.find((p) => p.pid === 1)!.stat.starttime;
    expect(init(a)).toBe(init(b));
  });
});

describe("the sampler taking over the bin's early read (read.ts takeEarlyBatch)", () => {
  const FILES = ['stat', 'cmdline', 'statm'];
  const early = (root = '/proc') => {
    const n = nativeReader()!;
    const read = { root, files: FILES, chunk: 64, job: n.start(root, null, FILES, 64, true), addon: n };
    (globalThis as Record<string, unknown>).__ptopEarlyRead = read;
    return read;
  };
  afterAll(() => {
    delete (globalThis as Record<string, unknown>).__ptopEarlyRead;
  });
  const pick = (p: ProcessSample) => ({ pid: p.pid, uid: p.uid, comm: p.comm, command: p.command, starttime: p.stat.starttime, statm: p.statm, vmHwm: p.status?.vmHwm });

  it('its first tick uses the listing and the files read early, reads the rest (status) beside them, and gives the same samples', () => {
    const needs = new Set<ProcSource>(['statm', 'status']);
    const read = early();
    const s = new Sampler({ showSelf: true });
    const first = s.sample(needs).procs;
    expect(s.earlyReadTaken).toBe(true);
    expect(read.job).toBeNull(); // handed over once
    const plainScan = new Sampler({ showSelf: true });
    const again = plainScan.sample(needs).procs;
    expect(plainScan.earlyReadTaken).toBe(false);
    expect(first.some((p) => p.pid === process.pid)).toBe(true);
    for (const pid of [long.pid!, plain.pid!]) {
      const x = first.find((p) => p.pid === pid);
      expect(x, `pid ${pid} in the early scan`).toBeDefined();
      expect(pick(x!)).toEqual(pick(again.find((p) => p.pid === pid)!));
      expect(x!.status?.vmHwm).toBeGreaterThan(0);
    }
    // the next tick lists /proc again (the early listing predates the fork count it would compare)
    const child = spawn('sleep', ['600'], { stdio: 'ignore' });
    children.push(child);
    expect(s.sample(needs).procs.some((p) => p.pid === child.pid)).toBe(true);
    s.close();
    plainScan.close();
  });

  it('a sampler of another root does not take it, and the early job is ended', () => {
    const read = early('/proc');
    expect(takeEarlyBatch('/elsewhere')).toBeNull();
    expect(read.job).toBeNull();
    expect(takeEarlyBatch('/proc')).toBeNull(); // gone for good
    const fresh = early('/proc');
    const got = takeEarlyBatch('/proc')!;
    expect(fresh.job).toBeNull();
    expect(got.files).toEqual(FILES);
    expect(got.names).toContain(String(process.pid));
    got.job.finish();
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
