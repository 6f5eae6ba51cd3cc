// What the view does to processes: send a signal, set the nice value. Errors (EPERM, ESRCH, …)
// come back as results for the status line; nothing here throws. The controller takes an
// implementation as a parameter so tests can record instead of signalling.

import { readFileSync } from 'node:fs';
import { constants, getPriority, setPriority } from 'node:os';
import { parseStat } from '../collect/parse/stat.js';

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
  // real-time signals by the names kill -l gives them: RTMIN, RTMIN+n, RTMAX-n, RTMAX
  const rt = /^SIGRT(MIN|MAX)(?:([+-])(\d{1,2}))?$/.exec(full);
  if (rt) {
    const step = rt[3] === undefined ? 0 : Number(rt[3]);
    if (step > 0 && rt[2] !== (rt[1] === 'MIN' ? '+' : '-')) return null;
    const n = rt[1] === 'MIN' ? RTMIN + step : RTMAX - step;
    if (n < RTMIN || n > RTMAX) return null;
    return parseSignal(String(n));
  }
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

/** Whether a PID is still the process that was chosen: its start time (stat field 22) unchanged. */
export type Identity = 'same' | 'gone' | 'reused';

export interface ProcessOps {
  /** checked between the menu and the signal, so a PID reused meanwhile is never signalled */
  identity(pid: number, starttime: number): Identity;
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
  identity(pid, starttime) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/stat`, 'latin1');
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ESRCH' ? 'gone' : 'same';
    }
    const st = parseStat(text);
    if (!st) return 'same';
    return st.starttime === starttime ? 'same' : 'reused';
  },
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
  ESRCH: 'no such process: it has exited',
  EREUSED: 'exited, and its PID was taken by a new process',
  EINVAL: 'invalid argument',
};

/** "EPERM (operation not permitted)" */
export function describeError(code: string): string {
  // EREUSED is ptop's own finding, not an errno: said in words only
  if (code === 'EREUSED') return WHY[code];
  return WHY[code] ? `${code} (${WHY[code]})` : code;
}
