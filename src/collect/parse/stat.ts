// /proc/PID/stat → ProcStat. Hot path (thousands of calls per refresh): indexOf/lastIndexOf and one
// pass over the digits into a reused array, no split, no regex. comm is everything between the
// FIRST '(' and the LAST ')', so it may hold anything.
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
  return {
    pid,
    comm: text.slice(open + 1, close),
    state,
    ppid: f[1],
    pgrp: f[2],
    session: f[3],
    ttyNr: f[4],
    tpgid: f[5],
    flags: f[6],
    minflt: f[7],
    cminflt: f[8],
    majflt: f[9],
    cmajflt: f[10],
    utime: f[11],
    stime: f[12],
    cutime: f[13],
    cstime: f[14],
    priority: f[15],
    nice: f[16],
    numThreads: f[17],
    // 18 is itrealvalue (always 0)
    starttime: f[19],
    vsize: f[20],
    rss: f[21],
    rsslim: f[22],
    // 23..35: startcode endcode startstack kstkesp kstkeip signal blocked sigignore sigcatch wchan
    // nswap cnswap exit_signal
    processor: f[36],
    rtPriority: f[37],
    policy: f[38],
    delayacctBlkioTicks: f[39],
    // 40..48: guest_time cguest_time start_data end_data start_brk arg_start arg_end env_start env_end
    exitCode: f[49],
  };
}

/** PF_KTHREAD in the stat flags marks a kernel thread. */
export const PF_KTHREAD = 0x00200000;

/** True when the stat flags say this is a kernel thread. */
export function isKernelThread(stat: ProcStat): boolean {
  return (stat.flags & PF_KTHREAD) !== 0;
}
