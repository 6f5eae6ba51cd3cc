// Fast, allocation-light reads of small /proc files: one reused buffer, open/read/close per file,
// never more than one fd held at a time (procs lost processes past the fd limit, procs #743).
// A missing file (process gone) returns null; the reason is kept in `lastReadError`.

import { closeSync, fstatSync, openSync, readFileSync, readSync, readdirSync, readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getSystemErrorName } from 'node:util';
import { NATIVE_STAT_STRIDE, statFromNative } from './parse/stat.js';
import type { ProcStat } from './types.js';
import { loadAddon } from '../builtin.js';

let buf = Buffer.allocUnsafe(64 * 1024);

/** errno code of the last failed read ('ENOENT', 'ESRCH', 'EACCES', …), '' after a success */
export let lastReadError = '';

/** open(2) for reading, or -1 with the reason in lastReadError. */
function openOrFail(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (e) {
    lastReadError = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return -1;
  }
}

function readInto(path: string): number {
  const fd = openOrFail(path);
  if (fd < 0) return -1;
  try {
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
    }
    lastReadError = '';
    return n;
  } catch (e) {
    lastReadError = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return -1;
  } finally {
    closeSync(fd);
  }
}

/** uid of the file opened by the last readSmall(…, {uid: true}) (the owner of /proc/PID/*) */
export let lastUid = -1;
/** the fd left open by the last readSmall(…, {keep: true}), or -1 */
export let keptFd = -1;

/**
 * A single-record /proc file (stat, statm, status, io, cmdline, wchan): one read, and a short
 * read is taken as the whole file, which saves the second read that only returns EOF. With
 * `uid`, the owner is taken from the open fd (fstat), which is the process's effective uid just
 * like the /proc/PID directory's. With `keep`, the fd stays open in `keptFd` for preadSmall.
 */
export function readSmall(path: string, opts?: { uid?: boolean; keep?: boolean }): string | null {
  const n = readOnce(path, opts);
  if (n < 0) return null;
  // larger than the buffer: read it the long way (rare for these files)
  return n === buf.length ? readText(path) : buf.toString('utf8', 0, n);
}

/** readFileSync options for its UTF-8 fast path (an object: a string would be copied into one per call) */
const UTF8 = { encoding: 'utf8', flag: 'r' } as const;

/**
 * A whole file as UTF-8 text through Node's one-call path (readFileSync with 'utf8' opens, reads
 * to EOF and closes in C++: one call from JS instead of three, none of readSync's argument checks).
 * For files read once (statm, cmdline on first sight); null and lastReadError when it failed.
 */
export function readFileText(path: string): string | null {
  try {
    const t = readFileSync(path, UTF8);
    lastReadError = '';
    return t;
  } catch (e) {
    lastReadError = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return null;
  }
}

/** Like readSmall for a binary single-record file (cmdline, environ): a copy of its bytes. */
export function readSmallBytes(path: string): Buffer | null {
  const n = readOnce(path);
  if (n < 0) return null;
  return n === buf.length ? readBytes(path) : Buffer.from(buf.subarray(0, n));
}

/** One open + read into the shared buffer: the byte count, or -1 (reason in lastReadError). */
function readOnce(path: string, opts?: { uid?: boolean; keep?: boolean }): number {
  keptFd = -1;
  const fd = openOrFail(path);
  if (fd < 0) return -1;
  let keep = false;
  try {
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n < buf.length) {
      if (opts?.uid) lastUid = fstatSync(fd).uid;
      keep = opts?.keep === true;
      if (keep) keptFd = fd;
    }
    lastReadError = '';
    return n;
  } catch (e) {
    lastReadError = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return -1;
  } finally {
    if (!keep) closeSync(fd);
  }
}

/**
 * Re-read a kept single-record file from offset 0 into the shared buffer (sharedBuffer()): its
 * length, or -1 (and lastReadError) when it failed, was empty or did not fit.
 */
export function preadBytes(fd: number): number {
  try {
    const n = readSync(fd, buf, 0, buf.length, 0);
    if (n <= 0 || n === buf.length) {
      lastReadError = n <= 0 ? 'ESRCH' : 'E2BIG';
      return -1;
    }
    lastReadError = '';
    return n;
  } catch (e) {
    lastReadError = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return -1;
  }
}

/** The buffer preadBytes reads into (valid until the next read through this module). */
export function sharedBuffer(): Buffer {
  return buf;
}

/** Re-read a kept single-record file from offset 0; null (and lastReadError) when it failed or was empty. */
export function preadSmall(fd: number): string | null {
  try {
    const n = readSync(fd, buf, 0, buf.length, 0);
    if (n <= 0 || n === buf.length) {
      lastReadError = n <= 0 ? 'ESRCH' : 'E2BIG';
      return null;
    }
    lastReadError = '';
    return buf.toString('utf8', 0, n);
  } catch (e) {
    lastReadError = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return null;
  }
}

export function closeFd(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already closed
  }
}

/** The soft limit on open files (RLIMIT_NOFILE), from /proc/self/limits; 1024 when unknown. */
export function openFileLimit(procRoot = '/proc'): number {
  const t = readText(`${procRoot}/self/limits`);
  const m = t ? /^Max open files\s+(\d+|unlimited)/m.exec(t) : null;
  if (!m) return 1024;
  return m[1] === 'unlimited' ? 1 << 20 : Number(m[1]);
}

/** The file as UTF-8 text (invalid sequences become U+FFFD), or null. */
export function readText(path: string): string | null {
  const n = readInto(path);
  return n < 0 ? null : buf.toString('utf8', 0, n);
}

/** The file's bytes (a copy), or null. */
export function readBytes(path: string): Buffer | null {
  const n = readInto(path);
  return n < 0 ? null : Buffer.from(buf.subarray(0, n));
}

export function readLink(path: string): string | null {
  try {
    const s = readlinkSync(path);
    lastReadError = '';
    return s;
  } catch (e) {
    lastReadError = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return null;
  }
}

/** Number of entries in a directory (e.g. /proc/PID/fd), or null. */
export function countDir(path: string): number | null {
  try {
    const n = readdirSync(path).length;
    lastReadError = '';
    return n;
  } catch (e) {
    lastReadError = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return null;
  }
}

/** True when an errno means the process (or thread) is gone rather than unreadable. */
export function isGone(code: string): boolean {
  return code === 'ENOENT' || code === 'ESRCH';
}

/** The native batch reader (native/proc-batch.c, built into dist/ by scripts/build.mjs). */
interface NativeBatch {
  /** pids null: the job's first reader lists ROOT (pids() then says what it found) */
  start(root: string, pids: Int32Array | null, names: string[], chunk: number, parseStat?: boolean): unknown;
  take(job: unknown, chunk: number): { data: Buffer; meta: Int32Array; stat?: Float64Array; text?: string };
  finish(job: unknown): void;
  pread(fds: Int32Array, out: Buffer, slot: number, lens: Int32Array): void;
  pids(job: unknown): Int32Array;
}

let native: NativeBatch | null | undefined;

/** Tests: turn the native reader off (false) or look for it again (true). */
export function useNativeReader(on: boolean): void {
  native = on ? undefined : null;
}

/**
 * The native reader, or null when it was not built (no C compiler) or PTOP_NATIVE=0. It sits next
 * to the bundle (dist/), or in dist/ when this runs from the sources (tests).
 */
export function nativeReader(): NativeBatch | null {
  if (native !== undefined) return native;
  native = null;
  if (process.env.PTOP_NATIVE === '0') return null;
  // loaded already by the bin for its early read (see takeEarlyBatch)
  const early = earlyRead();
  if (early) return (native = early.addon);
  for (const rel of ['./proc-batch.node', '../../dist/proc-batch.node']) {
    try {
      native = loadAddon<NativeBatch>(fileURLToPath(new URL(rel, import.meta.url)));
      break;
    } catch {
      // not there: the next place, or node:fs
    }
  }
  return native;
}

/** The files of one chunk of processes: see startBatch. */
export interface Batch {
  data: Buffer;
  meta: Int32Array;
  /** Int32s per process: [offset, length or -errno] per file, then the owner uid */
  stride: number;
  files: number;
  /** with parseStat: each row's stat line parsed in C (NATIVE_STAT_STRIDE doubles a row) */
  stat?: Float64Array;
  /** `data` as a string when it is all ASCII (byte offsets are then string offsets) */
  text?: string;
}

/** Files of many processes being read in the background, taken chunk by chunk. */
export interface BatchJob {
  /** processes per chunk: process i is row i % chunk of chunk floor(i / chunk) */
  readonly chunk: number;
  /** chunk c, waiting for it when it is still being read */
  take(c: number): Batch;
  /** stop the readers and free what was not taken (also when not all chunks were taken) */
  finish(): void;
}

/**
 * Start reading ROOT/PID/NAME for every pid and name with the native reader: one thread per CPU
 * (at most 4), one fd per thread at a time, chunk by chunk in pid order, so the caller parses
 * chunk c while the next ones are read. The owner uid is that of the first name's file. Null
 * without the native reader. Read the results with batchText and batchUid. With `parseStat`
 * (names[0] must be 'stat') each stat line is also parsed by the reader: batchStat.
 */
export function startBatch(root: string, pids: Int32Array, names: string[], chunk = 64, parseStat = false): BatchJob | null {
  const n = nativeReader();
  if (!n || names.length === 0 || names.length > 8 || pids.length === 0) return null;
  let job: unknown;
  try {
    job = n.start(root, pids, names, chunk, parseStat);
  } catch {
    return null;
  }
  return wrapJob(n, job, names.length, chunk);
}

function wrapJob(n: NativeBatch, job: unknown, files: number, chunk: number): BatchJob {
  const stride = files * 2 + 1;
  let finished = false;
  return {
    chunk,
    take: (c) => {
      const { data, meta, stat, text } = n.take(job, c);
      return { data, meta, stride, files, stat, text };
    },
    finish: () => {
      if (finished) return;
      finished = true;
      n.finish(job);
    },
  };
}

/**
 * The first scan's reads that the bin (dist/cli.js, written by scripts/build.mjs) started before
 * the bundle was even compiled, in ps mode: /proc listed, and the native reader already reading
 * `files` of every listed process (stat parsed, chunks of `chunk`). It overlaps the reads with
 * the compile, the config and the theme: ~5 ms of every `ptop --once`.
 */
interface EarlyRead {
  /** the directory listed (by the job's reader: start() with pids null) */
  root: string;
  files: string[];
  chunk: number;
  job: unknown;
  addon: NativeBatch;
}

const EARLY_KEY = '__ptopEarlyRead';

function earlyRead(): EarlyRead | null {
  const e = (globalThis as Record<string, unknown>)[EARLY_KEY] as EarlyRead | null | undefined;
  return e && typeof e === 'object' && typeof e.addon?.take === 'function' ? e : null;
}

/** The bin's early read as the sampler takes it over (takeEarlyBatch). */
export interface EarlyBatch {
  /** /proc's numeric entries as listed, in the job's order */
  names: string[];
  files: string[];
  job: BatchJob;
}

/**
 * The bin's early read of ROOT, handed over once (null when there is none, it was taken, or it
 * read another root): the listed names, the files being read, and the job, whose chunk c holds
 * names [c * chunk, (c + 1) * chunk) as startBatch's does. The taker must finish() it.
 */
export function takeEarlyBatch(root: string): EarlyBatch | null {
  const e = earlyRead();
  if (!e || e.job === null) return null;
  const job = wrapJob(e.addon, e.job, e.files.length, e.chunk);
  let pids: Int32Array | null = null;
  try {
    if (e.root === root && e.files[0] === 'stat') pids = e.addon.pids(e.job);
  } catch {
    // /proc could not be listed: the sampler lists it itself (and says why if it fails too)
  }
  e.job = null;
  if (!pids) {
    job.finish();
    return null;
  }
  const names: string[] = new Array(pids.length);
  for (let i = 0; i < names.length; i++) names[i] = String(pids[i]);
  return { names, files: e.files, job };
}

/** File `f` of row `i` of a batch as UTF-8 text, or null with the reason in lastReadError. */
export function batchText(b: Batch, i: number, f: number): string | null {
  const at = i * b.stride + f * 2;
  const len = b.meta[at + 1]!;
  if (len < 0) {
    lastReadError = errnoName(-len);
    return null;
  }
  lastReadError = '';
  const start = b.meta[at]!;
  return b.text !== undefined ? b.text.slice(start, start + len) : b.data.toString('utf8', start, start + len);
}

/**
 * Row `i`'s stat as parsed by the native reader (startBatch with parseStat); null when the file
 * could not be read (lastReadError says why); undefined when it was not parsed there or looked
 * malformed to it: parse batchText(b, i, 0) then.
 */
export function batchStat(b: Batch, i: number): ProcStat | null | undefined {
  if (!b.stat) return undefined;
  const len = b.meta[i * b.stride + 1]!;
  if (len < 0) {
    lastReadError = errnoName(-len);
    return null;
  }
  lastReadError = '';
  return statFromNative(b.stat, i * NATIVE_STAT_STRIDE, b.data, b.text) ?? undefined;
}

/** The owner uid of row `i` of a batch (of its first file), -1 when it could not be opened. */
export function batchUid(b: Batch, i: number): number {
  return b.meta[i * b.stride + b.files * 2]!;
}

function errnoName(errno: number): string {
  try {
    return getSystemErrorName(-errno);
  } catch {
    return 'EIO';
  }
}

/** Bytes per fd in a preadMany result: more than any /proc/PID/stat line (~350 bytes, comm ≤ 64). */
export const PREAD_SLOT = 1024;

/** The result of preadMany: fd i's bytes at [i * PREAD_SLOT, i * PREAD_SLOT + lens[i]); lens[i] < 0 is -errno. */
export interface Preads {
  data: Buffer;
  lens: Int32Array;
}

let preadOut: Preads | null = null;

/**
 * Re-read the first `count` kept fds of `fds` from offset 0 in one native call, shared among the
 * CPUs (native/proc-batch.c pread); fds < 0 are skipped. A length of PREAD_SLOT means the file
 * did not fit: read it the usual way. The buffers are reused: valid until the next call. Null
 * without the native reader.
 */
export function preadMany(fds: Int32Array, count: number): Preads | null {
  const n = nativeReader();
  if (!n || typeof n.pread !== 'function') return null;
  if (!preadOut || preadOut.lens.length < count) {
    const cap = Math.max(count, 1024) * 2;
    preadOut = { data: Buffer.allocUnsafe(cap * PREAD_SLOT), lens: new Int32Array(cap) };
  }
  try {
    n.pread(count === fds.length ? fds : fds.subarray(0, count), preadOut.data, PREAD_SLOT, preadOut.lens);
  } catch {
    return null;
  }
  return preadOut;
}
