// /proc/PID/stat → ProcStat. Hot path (thousands of calls per refresh): indexOf/lastIndexOf plus one
// split, no regex. comm is everything between the FIRST '(' and the LAST ')', so it may hold anything.
import type { ProcStat } from '../types.js';

/** Fields after comm: index 0 is field 3 (state) of proc(5). */
const MIN_FIELDS = 22; // up to and including rss (field 24)

/** Parse one /proc/PID/stat (or task/TID/stat) line; `null` when empty or malformed. */
export function parseStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open <= 0 || close < open) return null;
  const pid = Number(text.slice(0, open));
  if (!Number.isInteger(pid) || pid < 0) return null;
  // ") " separates comm from the state field.
  const f = text.slice(close + 2).split(' ');
  if (f.length < MIN_FIELDS) return null;
  const state = f[0];
  if (state.length !== 1) return null;
  const n = (i: number): number => {
    const v = f[i];
    return v === undefined || v === '' ? 0 : Number(v);
  };
  return {
    pid,
    comm: text.slice(open + 1, close),
    state,
    ppid: n(1),
    pgrp: n(2),
    session: n(3),
    ttyNr: n(4),
    tpgid: n(5),
    flags: n(6),
    minflt: n(7),
    cminflt: n(8),
    majflt: n(9),
    cmajflt: n(10),
    utime: n(11),
    stime: n(12),
    cutime: n(13),
    cstime: n(14),
    priority: n(15),
    nice: n(16),
    numThreads: n(17),
    // 18 is itrealvalue (always 0)
    starttime: n(19),
    vsize: n(20),
    rss: n(21),
    rsslim: n(22),
    // 23..35: startcode endcode startstack kstkesp kstkeip signal blocked sigignore sigcatch wchan
    // nswap cnswap exit_signal
    processor: n(36),
    rtPriority: n(37),
    policy: n(38),
    delayacctBlkioTicks: n(39),
    // 40..48: guest_time cguest_time start_data end_data start_brk arg_start arg_end env_start env_end
    exitCode: n(49),
  };
}

/** PF_KTHREAD in the stat flags marks a kernel thread. */
export const PF_KTHREAD = 0x00200000;

/** True when the stat flags say this is a kernel thread. */
export function isKernelThread(stat: ProcStat): boolean {
  return (stat.flags & PF_KTHREAD) !== 0;
}
