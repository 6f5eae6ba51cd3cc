// What the view does to processes: send a signal, set the nice value. Errors (EPERM, ESRCH, …)
// come back as results for the status line; nothing here throws. The controller takes an
// implementation as a parameter so tests can record instead of signalling.

import { constants, getPriority, setPriority } from 'node:os';

/** The signal menu's entries, in order; TERM is the default. */
export const MENU_SIGNALS = ['TERM', 'KILL', 'INT', 'HUP', 'STOP', 'CONT', 'USR1', 'USR2', 'QUIT'] as const;

const SIGNALS = constants.signals as Readonly<Record<string, number>>;

export interface SignalChoice {
  /** name without SIG, e.g. "TERM"; "RTMIN+3" style for real-time numbers */
  name: string;
  number: number;
}

/** SIGRTMIN on Linux/glibc (the kernel's 32/33 are used by the C library). */
const RTMIN = 34;
const RTMAX = 64;

/** A signal typed by the user: a name with or without SIG (any case) or a number 1–64. */
export function parseSignal(text: string): SignalChoice | null {
  const t = text.trim();
  if (t === '') return null;
  if (/^\d+$/.test(t)) {
    const n = Number(t);
    if (n < 1 || n > RTMAX) return null;
    const name = Object.keys(SIGNALS).find((k) => SIGNALS[k] === n && k !== 'SIGIOT' && k !== 'SIGPOLL' && k !== 'SIGUNUSED');
    if (name) return { name: name.slice(3), number: n };
    return { name: n >= RTMIN ? (n === RTMIN ? 'RTMIN' : `RTMIN+${n - RTMIN}`) : String(n), number: n };
  }
  const upper = t.toUpperCase();
  const full = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  const n = SIGNALS[full];
  if (typeof n === 'number' && n > 0) return { name: full.slice(3), number: n };
  return null;
}

/** The menu entries as choices. */
export function menuSignals(): SignalChoice[] {
  return MENU_SIGNALS.map((s) => parseSignal(s)).filter((c): c is SignalChoice => c !== null);
}

export interface OpResult {
  pid: number;
  /** errno code (EPERM, ESRCH, EACCES, EINVAL) or null on success */
  error: string | null;
}

export interface ProcessOps {
  kill(pid: number, signal: number): OpResult;
  /** current nice value, or null when unreadable */
  getNice(pid: number): number | null;
  setNice(pid: number, nice: number): OpResult;
}

function errCode(e: unknown): string {
  const err = e as { code?: string; info?: { code?: string } };
  return err?.info?.code ?? (err?.code && err.code !== 'ERR_SYSTEM_ERROR' ? err.code : 'EPERM');
}

export const realProcessOps: ProcessOps = {
  kill(pid, signal) {
    try {
      process.kill(pid, signal);
      return { pid, error: null };
    } catch (e) {
      return { pid, error: errCode(e) };
    }
  },
  getNice(pid) {
    try {
      return getPriority(pid);
    } catch {
      return null;
    }
  },
  setNice(pid, nice) {
    try {
      setPriority(pid, nice);
      return { pid, error: null };
    } catch (e) {
      return { pid, error: errCode(e) };
    }
  },
};

const WHY: Readonly<Record<string, string>> = {
  EPERM: 'operation not permitted',
  EACCES: 'permission denied',
  ESRCH: 'no such process',
  EINVAL: 'invalid argument',
};

/** "EPERM (operation not permitted)" */
export function describeError(code: string): string {
  return WHY[code] ? `${code} (${WHY[code]})` : code;
}
