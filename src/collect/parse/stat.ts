// /proc/PID/stat → ProcStat, three ways with the same result. parseStat is for hot code (thousands
// of calls per refresh): indexOf/lastIndexOf and one pass over the digits into a reused array, no
// split, no regex; parseStatBytes is the same pass over the file's bytes (the sampler's refresh
// path: no line decoded to a string). parseStatCold uses split() for code that has not been
// compiled yet (a one-shot ps run, the first scan): a per-character loop runs in the interpreter
// until the JIT catches up, 10-17 µs a line, where split, a builtin, takes ~5 µs from the first
// call. comm is everything between the FIRST '(' and the LAST ')', so it may hold anything.
import type { ProcStat } from '../types.js';

/** Fields after comm: index 0 is field 3 (state) of proc(5). */
const MIN_FIELDS = 22; // up to and including rss (field 24)
const MAX_FIELDS = 50;

/** Numeric fields after the state, reused between calls (no per-call array or substrings). */
const f = new Float64Array(MAX_FIELDS);

/** Parse one /proc/PID/stat (or task/TID/stat) line; `null` when empty or malformed. */
export function parseStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open <= 0 || close < open) return null;
  let pid = 0;
  for (let i = 0; i < open - 1; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return null;
    pid = pid * 10 + (c - 48);
  }
  if (text.charCodeAt(open - 1) !== 32 || text.charCodeAt(close + 1) !== 32) return null;
  const stateAt = close + 2;
  const state = text.charAt(stateAt);
  const afterState = text.charCodeAt(stateAt + 1);
  if (state === '' || (afterState !== 32 && !Number.isNaN(afterState))) return null;
  // fields 4.. : signed decimal integers separated by single spaces
  const n = text.length;
  let count = 1;
  let i = stateAt + 2;
  f.fill(0);
  while (i < n && count < MAX_FIELDS) {
    let c = text.charCodeAt(i);
    if (c === 10) break;
    let neg = false;
    if (c === 45) {
      neg = true;
      c = text.charCodeAt(++i);
    }
    let v = 0;
    while (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      c = text.charCodeAt(++i);
    }
    f[count++] = neg ? -v : v;
    if (c !== 32) break;
    i++;
  }
  if (count < MIN_FIELDS) return null;
  return fromFields(pid, text.slice(open + 1, close), state);
}

/**
 * parseStat for the bytes of the file (the first `n` of `b`), so the sampler's hot path decodes
 * no 300-byte line per process per tick: only comm is text, and when its bytes spell `prevComm`
 * (the usual case) that string is returned again.
 */
export function parseStatBytes(b: Buffer, n: number, prevComm?: string): ProcStat | null {
  const open = n > 0 ? b.indexOf(0x28) : -1;
  const close = n > 0 ? b.lastIndexOf(0x29, n - 1) : -1;
  if (open <= 0 || open >= n || close < open) return null;
  let pid = 0;
  for (let i = 0; i < open - 1; i++) {
    const c = b[i];
    if (c < 48 || c > 57) return null;
    pid = pid * 10 + (c - 48);
  }
  if (b[open - 1] !== 32 || close + 1 >= n || b[close + 1] !== 32) return null;
  const stateAt = close + 2;
  if (stateAt >= n) return null;
  const state = String.fromCharCode(b[stateAt]);
  if (stateAt + 1 < n && b[stateAt + 1] !== 32) return null;
  let count = 1;
  let i = stateAt + 2;
  f.fill(0);
  while (i < n && count < MAX_FIELDS) {
    let c = b[i];
    if (c === 10) break;
    let neg = false;
    if (c === 45) {
      neg = true;
      c = ++i < n ? b[i] : -1;
    }
    let v = 0;
    while (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      c = ++i < n ? b[i] : -1;
    }
    f[count++] = neg ? -v : v;
    if (c !== 32) break;
    i++;
  }
  if (count < MIN_FIELDS) return null;
  return fromFields(pid, commOf(b, open + 1, close, prevComm), state);
}

/** The comm bytes [from, to) as text: `prev` again when they spell it in ASCII, else decoded. */
function commOf(b: Buffer, from: number, to: number, prev: string | undefined): string {
  if (prev !== undefined && prev.length === to - from) {
    let same = true;
    for (let i = 0; i < prev.length; i++) {
      const c = b[from + i];
      if (c >= 0x80 || c !== prev.charCodeAt(i)) {
        same = false;
        break;
      }
    }
    if (same) return prev;
  }
  return b.toString('utf8', from, to);
}

/**
 * The ProcStat from the numeric fields the scanners left in `f` (field k of proc(5) at a[o + k - 3];
 * the native reader's array is read in place, at its row's offset).
 */
function fromFields(pid: number, comm: string, state: string, a: Float64Array = f, o = 0): ProcStat {
  return {
    pid,
    comm,
    state,
    ppid: a[o + 1],
    pgrp: a[o + 2],
    session: a[o + 3],
    ttyNr: a[o + 4],
    tpgid: a[o + 5],
    flags: a[o + 6],
    minflt: a[o + 7],
    cminflt: a[o + 8],
    majflt: a[o + 9],
    cmajflt: a[o + 10],
    utime: a[o + 11],
    stime: a[o + 12],
    cutime: a[o + 13],
    cstime: a[o + 14],
    priority: a[o + 15],
    nice: a[o + 16],
    numThreads: a[o + 17],
    // 18 is itrealvalue (always 0)
    starttime: a[o + 19],
    vsize: a[o + 20],
    rss: a[o + 21],
    rsslim: a[o + 22],
    // 23..35: startcode endcode startstack kstkesp kstkeip signal blocked sigignore sigcatch wchan
    // nswap cnswap exit_signal
    processor: a[o + 36],
    rtPriority: a[o + 37],
    policy: a[o + 38],
    delayacctBlkioTicks: a[o + 39],
    // 40..48: guest_time cguest_time start_data end_data start_brk arg_start arg_end env_start env_end
    exitCode: a[o + 49],
  };
}

/** Doubles per process in a native pre-parsed stat (native/proc-batch.c STAT_STRIDE). */
export const NATIVE_STAT_STRIDE = 5 + MAX_FIELDS - 1;

/**
 * The ProcStat of a line the native reader has already parsed (the same pass as parseStat, in C):
 * `s` holds [ok, pid, comm offset in `data`, comm length, state char code, fields 4..] from
 * `base`; null when it marked the line missing or malformed (parse the text then).
 */
export function statFromNative(s: Float64Array, base: number, data: Buffer, text?: string): ProcStat | null {
  if (s[base] !== 1) return null;
  const at = s[base + 2]!;
  const end = at + s[base + 3]!;
  const comm = text !== undefined ? text.slice(at, end) : data.toString('utf8', at, end);
  return fromFields(s[base + 1]!, comm, String.fromCharCode(s[base + 4]!), s, base + 4);
}

/** Like parseStat, for cold code: split() and Number() instead of a character loop. */
export function parseStatCold(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open <= 0 || close < open || text.charCodeAt(open - 1) !== 32 || text.charCodeAt(close + 1) !== 32) return null;
  const head = text.slice(0, open - 1);
  if (!DIGITS.test(head)) return null;
  let tail = text.slice(close + 2);
  const nl = tail.indexOf('\n');
  if (nl >= 0) tail = tail.slice(0, nl);
  if (!WELL_FORMED.test(tail)) return null;
  const p = tail.split(' ', MAX_FIELDS);
  const n = (i: number): number => (i < p.length ? Number(p[i]) || 0 : 0);
  return {
    pid: Number(head),
    comm: text.slice(open + 1, close),
    state: p[0],
    ppid: Number(p[1]),
    pgrp: Number(p[2]),
    session: Number(p[3]),
    ttyNr: Number(p[4]),
    tpgid: Number(p[5]),
    flags: Number(p[6]),
    minflt: Number(p[7]),
    cminflt: Number(p[8]),
    majflt: Number(p[9]),
    cmajflt: Number(p[10]),
    utime: Number(p[11]),
    stime: Number(p[12]),
    cutime: Number(p[13]),
    cstime: Number(p[14]),
    priority: Number(p[15]),
    nice: Number(p[16]),
    numThreads: Number(p[17]),
    starttime: Number(p[19]),
    vsize: Number(p[20]),
    rss: Number(p[21]),
    rsslim: n(22),
    processor: n(36),
    rtPriority: n(37),
    policy: n(38),
    delayacctBlkioTicks: n(39),
    exitCode: n(49),
  };
}

const DIGITS = /^\d+$/;
/** the state and fields 4..24 (up to rss), each a decimal integer */
const WELL_FORMED = /^\S(?: -?\d+){21}(?: |$)/;

/** PF_KTHREAD in the stat flags marks a kernel thread. */
export const PF_KTHREAD = 0x00200000;

/** True when the stat flags say this is a kernel thread. */
export function isKernelThread(stat: ProcStat): boolean {
  return (stat.flags & PF_KTHREAD) !== 0;
}
