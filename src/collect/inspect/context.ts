// What the section readers of one inspection share: the process's directory, its stat, the clock,
// the user-name lookup and `problem()`, which turns a failed read into a ReadProblem (the access
// facts behind the words are gathered on the first problem only), and `ptraceRefusal()`, whether
// the kernel refuses ptrace read access to the process (it then hides some files' contents
// without an error: wchan reads "0").

import type { ProcStat, ProcStatus } from '../types.js';
import { lastReadError, readLink, readText } from '../read.js';
import { describeProblem, readAccessFacts, type AccessFacts, type AccessNeed } from './problems.js';
import type { ReadProblem } from './types.js';

/** USER_HZ, the unit of /proc times (as the sampler's CLK_TCK). */
export const CLK_TCK = 100;

export interface InspectContext {
  pid: number;
  procRoot: string;
  /** `${procRoot}/${pid}` */
  dir: string;
  stat: ProcStat;
  kernelThread: boolean;
  /** ms since the epoch */
  now: number;
  userName: (uid: number) => string;
  problem(what: string, path: string, code: string, need: AccessNeed): ReadProblem;
  /**
   * The errno ('EACCES', 'EPERM') with which the kernel refuses ptrace read access to the process,
   * '' when it allows it. Asked once per inspection (a readlink of exe, the cheapest file behind
   * that check), and only when needed.
   */
  ptraceRefusal(): string;
}

export function makeContext(
  pid: number,
  procRoot: string,
  stat: ProcStat,
  kernelThread: boolean,
  now: number,
  userName: (uid: number) => string,
): InspectContext {
  const dir = `${procRoot}/${pid}`;
  let facts: AccessFacts | null = null;
  let refusal: string | null = null;
  return {
    pid,
    procRoot,
    dir,
    stat,
    kernelThread,
    now,
    userName,
    problem(what, path, code, need) {
      facts ??= readAccessFacts(pid, procRoot, userName, readText, stat.state);
      return describeProblem(what, path, code, need, facts);
    },
    ptraceRefusal() {
      if (refusal === null) {
        refusal = readLink(`${dir}/exe`) === null && (lastReadError === 'EACCES' || lastReadError === 'EPERM') ? lastReadError : '';
      }
      return refusal;
    },
  };
}

/**
 * A wchan of "0" that is the kernel hiding it, not a task that waits on nothing: the task is not
 * running (nor exited) and ptrace read access is refused. The errno of the refusal, or ''.
 */
export function hiddenWchan(ctx: InspectContext, wchanText: string, state: string): string {
  if (wchanText.trim() !== '0' || state === 'R' || state === 'Z' || state === 'X') return '';
  return ctx.ptraceRefusal();
}

/** /proc/PID/status, parsed, or null with the errno of the failed read. */
export interface StatusRead {
  status: ProcStatus | null;
  error: string;
}

/** Seconds since boot from /proc/uptime, null when unreadable. */
export function readUptime(procRoot: string): number | null {
  const t = readText(`${procRoot}/uptime`);
  if (t === null) return null;
  const v = parseFloat(t);
  return Number.isFinite(v) ? v : null;
}
