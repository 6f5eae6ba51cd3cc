// One live strace of one process, for the strace pane: starts the system strace
// (`strace -f -tt -T -s N [args] -p PID`, through the children registry so it dies with ptop),
// reads its output without ever blocking the event loop or the tracee, parses it into a bounded
// ring with a running summary, and tells subscribers (coalesced, at most every `notifyMs`).
//
// strace writes the trace and its own messages to stderr (stdout is not used): ptop reads that
// stream with 'data' events and never pauses it, so the output is drained even while the pane's
// display is paused, and strace (hence the traced process) never waits on a full pipe. (strace's
// -o FILE cannot be used: Node's child pipes are sockets, which strace cannot fopen, and a FIFO
// would be block-buffered.)
//
// Usage (the UI side):
//   const s = new StraceSession({ bufferLines: cfg.strace.bufferLines, slowMs: cfg.strace.slowMs });
//   const off = s.subscribe((ev) => { if (ev.type === 'lines') repaint(); else showStatus(s.status, s.error, s.endMessage); });
//   s.start(pid, { args: cfg.strace.args, stringLimit: cfg.strace.stringLimit });
//   … s.ring.at(i), s.ring.length, s.ring.totalSeen, s.summary.snapshot(5) …
//   await s.stop(); off();

import { sanitize } from '../sanitize.js';
import { startChild, type DeathMode, type TrackedChild } from './children.js';
import { writeExclusive } from './files.js';
import { placeStraceLine, Ring, SyscallSummary } from './ring.js';
import { streamDone } from './run.js';
import { StraceJoiner, type StraceLine } from './strace-parse.js';
import { commOf, explainPtraceDenied, isRunning, ppidOf, tracerPid } from './target.js';
import { missingToolMessage, tools } from './tools.js';

export type StraceStatus = 'starting' | 'running' | 'ended' | 'failed';

export type StraceEvent =
  /** new lines are in the ring (coalesced: `added` since the last event; may exceed capacity) */
  | { type: 'lines'; added: number; totalSeen: number }
  /** status, error or endMessage changed */
  | { type: 'status'; status: StraceStatus; error: string | null; endMessage: string | null };

export interface StraceSessionOptions {
  /** ring capacity ([strace] buffer_lines); default 10,000 */
  bufferLines?: number;
  /** calls at least this long count as slow ([strace] slow_ms); default 10 */
  slowMs?: number;
  /** at most one 'lines' event per this many ms; default 75 */
  notifyMs?: number;
  /** strace's path; default: found on PATH at start (null = not installed) */
  stracePath?: string | null;
  /** how strace is made to die with ptop (tests); default: setpriv when available, else a watchdog */
  death?: DeathMode;
}

export interface StraceStartOptions {
  /** extra arguments ([strace] args), placed before `-p PID` */
  args?: readonly string[];
  /** strace -s: how much of each string argument to show ([strace] string_limit); default 64 */
  stringLimit?: number;
}

/** a longer line is cut (strace -s keeps real lines far shorter) */
const MAX_LINE = 64 * 1024;

export class StraceSession {
  readonly ring: Ring<StraceLine>;
  readonly summary: SyscallSummary;
  /** the traced pid, once started */
  pid: number | null = null;
  /** the traced process's comm when started (sanitized) */
  comm: string | null = null;
  status: StraceStatus = 'starting';
  /** why it failed ('failed'), in words: missing strace, ptrace refused (and why), no such process */
  error: string | null = null;
  /** why it ended ('ended'): "stopped", "process 123 exited with status 0", … */
  endMessage: string | null = null;
  /** the strace command line that was run (for display), once started */
  command: string | null = null;
  /** ms since the epoch when start() was called */
  startedAt = 0;

  private readonly notifyMs: number;
  private readonly stracePath: string | null | undefined;
  private readonly death: DeathMode | undefined;
  private readonly listeners = new Set<(ev: StraceEvent) => void>();
  private child: TrackedChild | null = null;
  private joiner: StraceJoiner = new StraceJoiner();
  /** where each unfinished line went in the ring (weak: it goes with the line) */
  private readonly startSeqs = new WeakMap<StraceLine, number>();
  /** a held line was replaced since the last 'lines' event */
  private revised = false;
  private partial = '';
  private added = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopping = false;
  /** strace's own messages (info lines), the last few, for failure reasons */
  private readonly messages: string[] = [];
  /** the traced process's own exit, when strace reported it */
  private targetExit: string | null = null;
  private attachPoll: NodeJS.Timeout | null = null;

  constructor(opts: StraceSessionOptions = {}) {
    this.ring = new Ring<StraceLine>(opts.bufferLines ?? 10_000);
    this.summary = new SyscallSummary({ slowMs: opts.slowMs ?? 10 });
    this.notifyMs = opts.notifyMs ?? 75;
    this.stracePath = opts.stracePath;
    this.death = opts.death;
  }

  /** Listen for events; returns the function that stops listening. */
  subscribe(fn: (ev: StraceEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** strace's own pid ('setpriv' mode) or its watchdog's, while it runs */
  get stracePid(): number | null {
    return this.child && !this.child.exit ? this.child.pid : null;
  }

  /**
   * Start tracing `pid`. Never throws: a missing strace or a process that does not exist makes
   * the status 'failed' with `error` in words (the status event follows asynchronously).
   */
  start(pid: number, opts: StraceStartOptions = {}): void {
    if (this.pid !== null) throw new Error('a StraceSession is started once; make a new one');
    this.pid = pid;
    this.startedAt = Date.now();
    this.comm = commOf(pid);
    this.joiner = new StraceJoiner(pid);
    const path = this.stracePath === undefined ? tools().strace : this.stracePath;
    if (!path) return this.failSoon(missingToolMessage('strace'));
    if (!isRunning(pid)) return this.failSoon(`process ${pid} no longer exists`);
    const limit = opts.stringLimit ?? 64;
    const args = ['-f', '-tt', '-T', '-s', String(limit), ...(opts.args ?? []), '-p', String(pid)];
    this.command = ['strace', ...args].join(' ');
    const child = startChild({ label: 'strace', path, args, targetPid: pid, stdout: 'ignore', stderr: 'pipe', death: this.death });
    this.child = child;
    const err = child.proc.stderr!;
    err.setEncoding('utf8');
    err.on('data', (chunk: string) => this.onData(chunk));
    void child.exited.then(async (ex) => {
      if (this.attachPoll) clearInterval(this.attachPoll);
      // strace's last words ("Process N detached") may still be in the pipe after its exit
      await streamDone(err);
      this.onData('', true);
      this.onExit(ex.code, ex.signal, ex.spawnError);
    });
    // strace says "Process N attached", unless -q hides it: then /proc tells (TracerPid is strace)
    this.attachPoll = setInterval(() => {
      if (this.status !== 'starting') {
        if (this.attachPoll) clearInterval(this.attachPoll);
        return;
      }
      // our strace: the child itself (setpriv) or the watchdog's child
      const t = tracerPid(pid);
      if (t && (t === child.pid || ppidOf(t) === child.pid)) this.setStatus('running');
    }, 100);
    this.attachPoll.unref?.();
  }

  /**
   * End strace: SIGTERM (it detaches cleanly), SIGKILL after `graceMs`; resolves once strace is
   * reaped. The traced process keeps running, untraced (TracerPid 0).
   */
  async stop(graceMs = 2000): Promise<void> {
    const c = this.child;
    if (!c || c.exit) return;
    this.stopping = true;
    await c.end(graceMs);
    // the exit handler drains the pipe first; wait until it has set the status
    while (this.status === 'starting' || this.status === 'running') await new Promise((r) => setImmediate(r));
  }

  /** the buffer as text: the raw lines strace wrote, oldest first */
  text(): string {
    let s = '';
    for (const l of this.ring) s += `${l.raw}\n`;
    return s;
  }

  /**
   * Write the buffer's lines to `path`, never overwriting (an existing name gets .1, .2, …
   * before its extension); the file is mode 0600. Returns the path written. Throws an Error
   * whose message is in words when the file cannot be written.
   */
  saveTo(path: string): string {
    return writeExclusive(path, this.text());
  }

  // ---- internals -------------------------------------------------------------------------------

  private emit(ev: StraceEvent): void {
    for (const fn of [...this.listeners]) {
      try {
        fn(ev);
      } catch {
        /* a listener's bug must not stop the drain */
      }
    }
  }

  private setStatus(status: StraceStatus, error: string | null = this.error, endMessage: string | null = this.endMessage): void {
    if (status === this.status && error === this.error && endMessage === this.endMessage) return;
    this.status = status;
    this.error = error;
    this.endMessage = endMessage;
    this.emit({ type: 'status', status, error, endMessage });
  }

  private failSoon(error: string): void {
    this.status = 'failed';
    this.error = error;
    setImmediate(() => this.emit({ type: 'status', status: 'failed', error, endMessage: null }));
  }

  private onData(chunk: string, end = false): void {
    let text = this.partial + chunk;
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      this.line(text.slice(start, nl));
      start = nl + 1;
    }
    text = start === 0 ? text : text.slice(start);
    if (text.length > MAX_LINE) {
      this.line(text.slice(0, MAX_LINE));
      text = '';
    }
    if (end) {
      if (text !== '') this.line(text);
      text = '';
      for (const rec of this.joiner.flush()) this.record(rec);
    }
    this.partial = text;
    if (this.added > 0 || this.revised) this.scheduleNotify(end);
  }

  private line(line: string): void {
    for (const rec of this.joiner.push(line)) this.record(rec);
  }

  private record(rec: StraceLine): void {
    const now = Date.now();
    if (placeStraceLine(this.ring, this.startSeqs, rec) === 'replaced') this.revised = true;
    else this.added++;
    this.summary.add(rec, now);
    if (rec.kind === 'info' && rec.message !== null) this.onMessage(rec.message);
    else if (this.status === 'starting' && rec.kind !== 'other') this.setStatus('running');
    else if (rec.kind === 'exit' && rec.tid === this.pid) {
      this.targetExit =
        rec.exitCode !== null ? `process ${this.pid} exited with status ${rec.exitCode}` : `process ${this.pid} was killed by ${rec.signal}`;
    }
  }

  private onMessage(msg: string): void {
    this.messages.push(msg);
    if (this.messages.length > 8) this.messages.shift();
    if (this.status === 'starting' && /^Process \d+ attached/.test(msg)) this.setStatus('running');
    const m = /attach: ptrace\(PTRACE_(?:SEIZE|ATTACH), (\d+)\): (.*)$/.exec(msg);
    if (m && this.status !== 'failed') {
      const pid = Number(m[1]);
      const why = /Operation not permitted/.test(m[2])
        ? explainPtraceDenied(pid, 'strace', this.child?.pid)
        : /No such process/.test(m[2])
          ? `process ${pid} no longer exists`
          : `strace could not attach to process ${pid}: ${sanitize(m[2])}`;
      // with -f a thread may vanish between listing and attaching; only the process itself is fatal
      if (pid === this.pid || this.status === 'starting') this.setStatus('failed', why, null);
    }
  }

  private scheduleNotify(now: boolean): void {
    if (now) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.flushNotify();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.flushNotify();
    }, this.notifyMs);
    this.timer.unref?.();
  }

  private flushNotify(): void {
    if (this.added === 0 && !this.revised) return;
    const added = this.added;
    this.added = 0;
    this.revised = false;
    this.emit({ type: 'lines', added, totalSeen: this.ring.totalSeen });
  }

  private onExit(code: number | null, signal: NodeJS.Signals | null, spawnError?: string): void {
    if (this.status === 'failed') return;
    if (spawnError) return this.setStatus('failed', spawnError, null);
    if (this.stopping) return this.setStatus('ended', null, this.targetExit ?? 'strace stopped; the process runs on, untraced');
    if (this.targetExit) return this.setStatus('ended', null, this.targetExit);
    if (this.status === 'starting') {
      const last = this.messages.filter((m) => !/^Process \d+ (?:attached|detached)/.test(m)).pop();
      const why = last
        ? `strace failed: ${last}`
        : code === 127
          ? `strace could not be run (exit status 127)`
          : `strace exited before attaching (${signal ? `killed by ${signal}` : `exit status ${code}`})`;
      return this.setStatus('failed', why, null);
    }
    const how = signal ? `strace was killed by ${signal}` : `strace exited with status ${code}`;
    this.setStatus('ended', null, isRunning(this.pid!) ? `${how}; the process runs on, untraced` : `${how}; process ${this.pid} is gone`);
  }
}
