// Parsing strace's output (`strace -f -tt -T -s N -p PID`), one line at a time, into records the
// strace pane shows and summarises. Pure: no I/O.
//
// Line shapes handled (all seen from strace 6.1 on this machine; see test/fixtures/strace/):
//   [pid  1234] 08:11:44.204196 write(3, "x"..., 100) = 100 <0.000010>     (-f, several tasks)
//   1234  08:11:44.204196 write(...) = 100 <0.000010>                      (-o FILE format)
//   08:11:44.204196 wait4(-1,  <unfinished ...>) = ?                       (one task: no prefix)
//   ... read(3, 0x7f.., 10) = -1 EAGAIN (Resource temporarily unavailable) <0.000012>
//   ... mmap(NULL, 8192, ...) = 0x7f7d5b3c4000 <0.000011>
//   ... clone(..., flags=...|SIGCHLD <unfinished ...>      then later    <... clone resumed>, child_tidptr=...) = 6118 <0.000710>
//   ... <... clock_nanosleep resumed> <unfinished ...>) = ?                (killed inside the call)
//   ... exit_group(3)     = ?        ... foo(...) = ? <unavailable>
//   ... --- SIGCHLD {si_signo=SIGCHLD, ...} ---      --- stopped by SIGSTOP ---
//   ... +++ exited with 3 +++        +++ killed by SIGKILL +++        +++ killed by SIGSEGV (core dumped) +++
//   strace: Process 24013 attached with 3 threads     /usr/bin/strace: attach: ptrace(PTRACE_SEIZE, 1): Operation not permitted
//
// strace writes its trace and its own messages to the same stream (stderr). When a new task is
// attached while another task's line is half written, the message lands in the middle of that
// line, and the rest of the line follows on the next one:
//   [pid 24013] 08:11:44.204196 clone(child_stack=NULL, flags=...|SIGCHLDstrace: Process 24082 attached
//    <unfinished ...>
// StraceJoiner puts such a line back together, and pairs each `<unfinished ...>` with its
// `<... NAME resumed>` (per task id) into one complete call.
//
// Every text field is sanitized (control and bidi characters → U+FFFD) before it is returned.

import { sanitize } from '../sanitize.js';

export type StraceKind = 'call' | 'unfinished' | 'resumed' | 'signal' | 'exit' | 'info' | 'other';

export interface StraceLine {
  /**
   * call: a complete system call (also one put together from an unfinished + resumed pair: `joined`);
   * unfinished: a call that has started and not returned yet (the task is blocked in it, or
   * another task's line came first); resumed: the end of a call whose start was not seen;
   * signal: a signal delivered (`--- SIGCHLD ... ---`); exit: the task exited or was killed;
   * info: a message from strace itself (attached, detached, errors); other: anything else.
   */
  kind: StraceKind;
  /** the line as strace wrote it (sanitized); saving the buffer writes these. A joined call holds
   * both of its lines, the unfinished one and the resumed one, separated by a newline. */
  raw: string;
  /** the -tt wall clock time ("08:11:44.204196"), or -ttt seconds; for a joined call, when it started */
  time: string | null;
  /** the task (thread) id: from `[pid N]`, or the session's pid when strace printed no prefix */
  tid: number | null;
  /** the system call's name (call, unfinished, resumed) */
  syscall: string | null;
  /** the arguments as strace printed them, without the outer parentheses */
  args: string | null;
  /** the return value as printed: "0", "-1", "100", "0x7f7d5b3c4000", "?" */
  result: string | null;
  /** the error name of a failed call ("EAGAIN", "ERESTARTSYS"), else null */
  errno: string | null;
  /** the error in words ("Resource temporarily unavailable") */
  errnoText: string | null;
  /** what strace printed after the result in parentheses or angle brackets ("Timeout", "flags O_RDWR", "/dev/null") */
  note: string | null;
  /** time spent in the call (-T), seconds; null when not printed or "<unavailable>" */
  durationSec: number | null;
  /** signal: its name; exit: the killing signal's name ("SIGKILL") */
  signal: string | null;
  /** exit: the exit status ("exited with N"), null when killed */
  exitCode: number | null;
  /** info: strace's message without the "strace: " prefix; signal: the siginfo text */
  message: string | null;
  /** true for a call put together from an unfinished line and its resumed line */
  joined: boolean;
  /** a joined call: the unfinished record it completes (the session puts the call in its place) */
  start: StraceLine | null;
}

/** a parsed call returns: did it fail? (an errno, or -1) */
export function isError(l: StraceLine): boolean {
  return l.errno !== null;
}

/** a complete call (a 'call', or a 'resumed' whose start was not seen): what the summary counts */
export function isCompleteCall(l: StraceLine): boolean {
  return (l.kind === 'call' || l.kind === 'resumed') && l.syscall !== null;
}

function blank(raw: string, kind: StraceKind): StraceLine {
  return {
    kind,
    raw,
    time: null,
    tid: null,
    syscall: null,
    args: null,
    result: null,
    errno: null,
    errnoText: null,
    note: null,
    durationSec: null,
    signal: null,
    exitCode: null,
    message: null,
    joined: false,
    start: null,
  };
}

const MESSAGE = /^(?:\/\S*\/)?strace: (.*)$/;
const PID_BRACKET = /^\[pid\s+(\d+)\]\s+/;
const PID_PLAIN = /^(\d+)\s+(?=\S)/;
const TIME = /^(\d{2}:\d{2}:\d{2}(?:\.\d+)?|\d+\.\d+)\s+/;
const EXITED = /^\+\+\+ exited with (-?\d+) \+\+\+$/;
const KILLED = /^\+\+\+ killed by (SIG[A-Z0-9+-]+|\d+)(?: \(core dumped\))? \+\+\+$/;
const SIGNAL = /^--- (?:stopped by )?(SIG[A-Z0-9+-]+|\d+)\s*(.*?)\s*---$/;
const RESUMED = /^<\.\.\. ([A-Za-z_][\w]*) resumed>\s?(.*)$/s;
const UNFINISHED = /\s*<(?:unfinished|detached) \.\.\.>$/;
const CALL_START = /^([A-Za-z_][\w]*)\((.*)$/s;
// the end of a call: `ARGS) = RESULT [<decoded fd>] [ERRNO (text)] [(note)] [<duration>]`; the
// greedy ARGS finds the last `) = ` that the rest of the line fits, so `) = ` inside a string
// argument is harmless
const RESULT_TAIL =
  /^(.*)\)\s+=\s+(\?|-?\d+|0x[0-9a-fA-F]+)(?:<([^>]*)>)?(?:\s+(E[A-Z0-9_]+|ERRNO_\d+)\s+\((.*?)\))?(?:\s+\((.*)\))?(?:\s+<(\d+(?:\.\d+)?|unavailable)>)?$/s;
/** a trace line that starts a call and has no result yet: possibly cut by a strace message */
const CUT_CALL = /^(?:\[pid\s+\d+\]\s+|\d+\s+)?(?:\d{2}:\d{2}:\d{2}(?:\.\d+)?\s+|\d+\.\d+\s+)?[A-Za-z_]\w*\(/;
/** a strace message that interrupted a half-written trace line, at the line's end */
const MIDLINE_MESSAGE = /(?:\/\S*\/)?strace: Process \d+ (?:attached|detached)(?: with \d+ threads)?$/;

function applyTail(rec: StraceLine, m: RegExpExecArray): void {
  rec.result = m[2];
  const fdNote = m[3] ?? null;
  rec.errno = m[4] ?? null;
  rec.errnoText = m[5] ?? null;
  rec.note = m[6] ?? fdNote;
  if (m[7] !== undefined && m[7] !== 'unavailable') rec.durationSec = Number(m[7]);
}

/**
 * Parse one line (without its newline). `defaultTid` is the tid of a line without a `[pid N]`
 * prefix (strace omits it while it traces a single task): the traced process's pid. Stateless:
 * an unfinished call and its resumed end come out as two records (StraceJoiner pairs them).
 */
export function parseStraceLine(line: string, defaultTid: number | null = null): StraceLine {
  const raw = sanitize(line.endsWith('\r') ? line.slice(0, -1) : line);
  const msg = MESSAGE.exec(raw);
  if (msg) {
    const rec = blank(raw, 'info');
    rec.message = msg[1];
    return rec;
  }
  let rest = raw;
  let tid: number | null = defaultTid;
  let m = PID_BRACKET.exec(rest) ?? PID_PLAIN.exec(rest);
  if (m) {
    tid = Number(m[1]);
    rest = rest.slice(m[0].length);
  }
  let time: string | null = null;
  m = TIME.exec(rest);
  if (m) {
    time = m[1];
    rest = rest.slice(m[0].length);
  }
  rest = rest.trimEnd();

  const out = (kind: StraceKind): StraceLine => {
    const rec = blank(raw, kind);
    rec.tid = tid;
    rec.time = time;
    return rec;
  };

  if ((m = EXITED.exec(rest))) {
    const rec = out('exit');
    rec.exitCode = Number(m[1]);
    return rec;
  }
  if ((m = KILLED.exec(rest))) {
    const rec = out('exit');
    rec.signal = m[1];
    return rec;
  }
  if ((m = SIGNAL.exec(rest))) {
    const rec = out('signal');
    rec.signal = m[1];
    rec.message = m[2] || null;
    return rec;
  }
  if ((m = RESUMED.exec(rest))) {
    const rec = out('resumed');
    rec.syscall = m[1];
    const tail = RESULT_TAIL.exec(m[2]);
    if (tail) {
      rec.args = tail[1].replace(UNFINISHED, '');
      applyTail(rec, tail);
    } else {
      // resumed, and not finished yet either (rare): keep what there is
      rec.args = m[2].replace(UNFINISHED, '');
    }
    return rec;
  }
  if (UNFINISHED.test(rest)) {
    const head = rest.replace(UNFINISHED, '');
    const c = CALL_START.exec(head);
    if (c) {
      const rec = out('unfinished');
      rec.syscall = c[1];
      rec.args = c[2];
      return rec;
    }
    return out('other');
  }
  const c = CALL_START.exec(rest);
  if (c) {
    const tail = RESULT_TAIL.exec(c[2]);
    if (tail) {
      const rec = out('call');
      rec.syscall = c[1];
      // "wait4(-1,  <unfinished ...>) = ?": the one task was killed inside the call
      rec.args = tail[1].replace(UNFINISHED, '');
      applyTail(rec, tail);
      return rec;
    }
  }
  return out('other');
}

/** a line that starts a new record (rather than continuing one cut by a strace message) */
function startsRecord(line: string): boolean {
  return /^(?:\[pid\s|\d|(?:\/\S*\/)?strace: |<\.\.\. |--- |\+\+\+ |[A-Za-z_]\w*\()/.test(line);
}

/**
 * Turns strace's lines into records, with the state that needs: pairs `<unfinished ...>` with the
 * same task's `<... NAME resumed>` into one complete 'call' (joined: true; time = when it started;
 * args = both halves, raw = both lines, start = the unfinished record), and mends a line cut by a strace message (see the header). The unfinished
 * line is returned too (kind 'unfinished': it shows that a task is blocked in that call now);
 * the summary counts only complete calls, so a pair counts once.
 */
export class StraceJoiner {
  private readonly pending = new Map<number, StraceLine>();
  private fragment: string | null = null;
  /** at most this many tasks with an unfinished call are remembered (memory stays flat) */
  private static readonly MAX_PENDING = 4096;

  constructor(private readonly defaultTid: number | null = null) {}

  /** One raw line (no newline) in; zero or more records out, in order. */
  push(line: string): StraceLine[] {
    const out: StraceLine[] = [];
    if (this.fragment !== null) {
      // strace's messages may come between a cut line and its rest
      if (MESSAGE.test(line)) return [parseStraceLine(line, this.defaultTid)];
      const frag = this.fragment;
      this.fragment = null;
      if (startsRecord(line)) out.push(...this.one(frag));
      else line = frag + line;
    }
    const mid = MIDLINE_MESSAGE.exec(line);
    if (mid && mid.index > 0 && !MESSAGE.test(line)) {
      this.fragment = line.slice(0, mid.index);
      out.push(parseStraceLine(line.slice(mid.index), this.defaultTid));
      return out;
    }
    // a call cut short at the end of a line (its rest, e.g. " <detached ...>", follows a message):
    // hold it until the next line says whether it continues
    if (CUT_CALL.test(line) && parseStraceLine(line, this.defaultTid).kind === 'other') {
      this.fragment = line;
      return out;
    }
    out.push(...this.one(line));
    return out;
  }

  /** The held fragment, if any, at the end of the stream. */
  flush(): StraceLine[] {
    if (this.fragment === null) return [];
    const frag = this.fragment;
    this.fragment = null;
    return this.one(frag);
  }

  private one(line: string): StraceLine[] {
    const rec = parseStraceLine(line, this.defaultTid);
    const tid = rec.tid ?? -1;
    if (rec.kind === 'unfinished') {
      if (this.pending.size >= StraceJoiner.MAX_PENDING) this.pending.clear();
      this.pending.set(tid, rec);
      return [rec];
    }
    if (rec.kind === 'resumed') {
      const start = this.pending.get(tid);
      if (start && start.syscall === rec.syscall) {
        this.pending.delete(tid);
        rec.kind = 'call';
        rec.joined = true;
        rec.time = start.time ?? rec.time;
        rec.args = joinArgs(start.args ?? '', rec.args ?? '');
        rec.raw = `${start.raw}\n${rec.raw}`;
        rec.start = start;
      }
      return [rec];
    }
    if (rec.kind === 'exit') this.pending.delete(tid);
    return [rec];
  }
}

/** "fd," + "NULL" → "fd, NULL" and "flags=X" + ", tidptr=Y" → "flags=X, tidptr=Y" (the unfinished half's trailing blanks are gone) */
function joinArgs(a: string, b: string): string {
  if (b === '') return a;
  if (a.endsWith(',') && !b.startsWith(' ')) return `${a} ${b}`;
  return a + b;
}
