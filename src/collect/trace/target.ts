// Facts about a process that a ptrace tool (strace, gdb, eu-stack) is pointed at, read from /proc:
// its state letter, name, tracer, owner; and why a ptrace attach was refused, in words (another
// user's process, kernel.yama.ptrace_scope, no CAP_SYS_PTRACE in a container, already traced).

import { readdirSync, readFileSync } from 'node:fs';
import { sanitize } from '../sanitize.js';

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The state letter of /proc/PID/stat (or /proc/PID/task/TID/stat with `tid`), or null when the task is gone. */
export function procState(pid: number, tid?: number): string | null {
  const text = readText(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`);
  if (text === null) return null;
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  return text.charAt(close + 2) || null;
}

const SIGSTOP_BIT = 1n << 18n; // signal 19, bit 18 of the pending masks

/**
 * True when a SIGSTOP is queued for the process (ShdPnd) or any of its threads (SigPnd) but not yet
 * taken: what a ptrace attach leaves behind when its tracer dies before consuming it, so the process
 * would stop a moment later.
 */
export function stopPending(pid: number): boolean {
  const has = (text: string | null, key: string): boolean => {
    if (text === null) return false;
    const m = new RegExp(`^${key}:\\s*([0-9a-f]+)`, 'm').exec(text);
    return m !== null && (BigInt(`0x${m[1]}`) & SIGSTOP_BIT) !== 0n;
  };
  if (has(readText(`/proc/${pid}/status`), 'ShdPnd')) return true;
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return false;
  }
  return tids.some((tid) => has(readText(`/proc/${pid}/task/${tid}/status`), 'SigPnd'));
}

/** True when any thread of the process has a tracer (TracerPid of /proc/PID/task/TID/status). */
export function anyTracer(pid: number): boolean {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return false;
  }
  return tids.some((tid) => (threadTracerPid(pid, Number(tid)) ?? 0) !== 0);
}

/** True when the process exists and is not a zombie (a dead child nobody reaped yet counts as gone). */
export function isRunning(pid: number): boolean {
  const s = procState(pid);
  return s !== null && s !== 'Z' && s !== 'X';
}

/** The (sanitized) comm of a process or thread, or null when gone. */
export function commOf(pid: number, tid?: number): string | null {
  const text = readText(tid === undefined ? `/proc/${pid}/comm` : `/proc/${pid}/task/${tid}/comm`);
  return text === null ? null : sanitize(text.replace(/\n$/, ''));
}

function statusField(pid: number, key: string): string | null {
  const text = readText(`/proc/${pid}/status`);
  if (text === null) return null;
  const m = new RegExp(`^${key}:\\s*(.*)$`, 'm').exec(text);
  return m ? m[1] : null;
}

/** TracerPid from /proc/PID/status: 0 when untraced, null when the process is gone. */
export function tracerPid(pid: number): number | null {
  const v = statusField(pid, 'TracerPid');
  return v === null ? null : Number(v);
}

/** TracerPid of one thread (/proc/PID/task/TID/status): 0 when untraced, null when the thread is gone. */
export function threadTracerPid(pid: number, tid: number): number | null {
  const m = /^TracerPid:\s*(\d+)/m.exec(readText(`/proc/${pid}/task/${tid}/status`) ?? '');
  return m ? Number(m[1]) : null;
}

/** The parent pid, or null when the process is gone. */
export function ppidOf(pid: number): number | null {
  const v = statusField(pid, 'PPid');
  return v === null ? null : Number(v);
}

/** The real uid of the process, or null. */
export function uidOf(pid: number): number | null {
  const v = statusField(pid, 'Uid');
  return v === null ? null : Number(v.split(/\s+/)[0]);
}

/** reads a file's text, null when it cannot (tests pass their own) */
export type ReadText = (path: string) => string | null;

/** Does ptop's own effective capability set (CapEff of /proc/PID/status) hold CAP_SYS_PTRACE (bit 19)? */
export function selfHasSysPtrace(read: ReadText = readText): boolean {
  const m = /^CapEff:\s*([0-9a-fA-F]+)\s*$/m.exec(read(`/proc/${process.pid}/status`) ?? '');
  return m !== null && (BigInt(`0x${m[1]}`) & (1n << 19n)) !== 0n;
}

/** kernel.yama.ptrace_scope (0-3), or null when Yama is not in this kernel (or the file says something else). */
export function ptraceScope(read: ReadText = readText): number | null {
  const t = read('/proc/sys/kernel/yama/ptrace_scope')?.trim();
  return t !== undefined && /^[0-3]$/.test(t) ? Number(t) : null;
}

/** "process 123 no longer exists" / "" when it does. */
export function goneMessage(pid: number): string {
  return isRunning(pid) ? '' : `process ${pid} no longer exists`;
}

/** What explainPtraceDenied reads about the target and ptop itself (each read from /proc unless given; tests give them). */
export interface PtraceFacts {
  /** the target exists and is not a zombie */
  running: boolean;
  /** the target's TracerPid (0: none; null: unknown) */
  tracer: number | null;
  /** the comm of a process (the tracer's name) */
  commOf: (pid: number) => string | null;
  /** ptop's uid */
  myUid: number;
  /** the target's real uid (null: unknown) */
  theirUid: number | null;
  /** ptop holds CAP_SYS_PTRACE */
  hasSysPtrace: boolean;
  /** kernel.yama.ptrace_scope (null: no Yama) */
  scope: number | null;
}

function readFacts(pid: number, given: Partial<PtraceFacts>): PtraceFacts {
  return {
    running: given.running ?? isRunning(pid),
    tracer: given.tracer !== undefined ? given.tracer : tracerPid(pid),
    commOf: given.commOf ?? ((p) => commOf(p)),
    myUid: given.myUid ?? process.getuid?.() ?? -1,
    theirUid: given.theirUid !== undefined ? given.theirUid : uidOf(pid),
    hasSysPtrace: given.hasSysPtrace ?? selfHasSysPtrace(),
    scope: given.scope !== undefined ? given.scope : ptraceScope(),
  };
}

const SCOPE_ZERO = 'sudo sysctl kernel.yama.ptrace_scope=0';

/**
 * Why ptrace(ATTACH/SEIZE) on `pid` was refused with EPERM, and what to do, in words: what was
 * refused, why, and the way out. `tool` names who tried ("strace"); `ignoreTracer` is a tracer pid
 * of our own (the tool itself) not to blame; `given` replaces facts otherwise read from /proc.
 */
export function explainPtraceDenied(pid: number, tool: string, ignoreTracer?: number, given: Partial<PtraceFacts> = {}): string {
  const f = readFacts(pid, given);
  const head = `${tool} may not attach to process ${pid} (ptrace: Operation not permitted)`;
  if (!f.running) return `${tool} could not attach: process ${pid} no longer exists`;
  if (f.tracer !== null && f.tracer !== 0 && f.tracer !== ignoreTracer) {
    const who = f.commOf(f.tracer);
    return `${head}: it is already traced by PID ${f.tracer}${who ? ` (${who})` : ''}; a process can have only one tracer: stop that one first`;
  }
  if (f.scope === 3)
    return `${head}: kernel.yama.ptrace_scope is 3, which forbids every ptrace attach, root's included; it cannot be lowered until the next reboot`;
  const cap = f.hasSysPtrace;
  if (f.myUid === 0 && !cap) {
    const also = f.theirUid !== null && f.theirUid !== 0 ? ` (and the process belongs to uid ${f.theirUid})` : f.scope === 1 || f.scope === 2 ? ` (and kernel.yama.ptrace_scope is ${f.scope})` : '';
    return `${head}: ptop runs as root but without CAP_SYS_PTRACE, as in a container${also}: start the container with --cap-add SYS_PTRACE`;
  }
  if (f.theirUid !== null && f.theirUid !== f.myUid && !cap) {
    return `${head}: it belongs to uid ${f.theirUid} and ptop runs as uid ${f.myUid}: run ptop as that user, or as root (CAP_SYS_PTRACE)`;
  }
  if (f.scope === 2 && !cap)
    return `${head}: kernel.yama.ptrace_scope is 2: only a process with CAP_SYS_PTRACE may attach: run ptop as root (sudo), or allow attaching with ${SCOPE_ZERO}`;
  if (f.scope === 1 && !cap)
    return `${head}: kernel.yama.ptrace_scope is 1: a process may trace only its own descendants, and ptop did not start this one: run ptop as root (sudo), or allow attaching with ${SCOPE_ZERO}`;
  return `${head}: the process may be setuid or not dumpable, or a security module (SELinux, AppArmor, seccomp) denies it; try as root`;
}
