// The registry of every external tool ptop starts (strace, gdb, eu-stack, gcore): how they are
// started so that they die with ptop, and how they are ended and reaped.
//
// Dying with ptop, even when ptop is killed with SIGKILL:
//  - 'setpriv': `setpriv --pdeathsig KILL -- TOOL ARGS` (util-linux): the kernel sends the signal
//    when ptop's main thread exits (PR_SET_PDEATHSIG fires on the exit of the parent *thread*;
//    Node spawns from the main thread). setpriv execs the tool, so the child's pid is the tool's.
//  - 'watchdog' (no setpriv, or one without --pdeathsig): a small `node -e` process starts the tool
//    and kills it (SIGKILL, then SIGCONT to an inspected process) when its stdin, a pipe from
//    ptop, reaches EOF, which is what the kernel does to the pipe when ptop dies in any way.
//  - 'none': nothing (for callers that know better; not used by ptop).
// Either way the child runs in its own session and process group (setsid), so a Ctrl-C or a
// hangup of ptop's terminal never reaches it directly and ending it reaches the whole group.
//
// Ending: the tool's end signal to the group, SIGKILL after a grace period; then, for a tool that
// stops its target (gdb, eu-stack), SIGCONT to the target when it is left stopped, or about to stop
// (a SIGSTOP from the attach still queued), and was not stopped before. The end signal is SIGTERM
// (strace detaches cleanly) except for gdb, which gets SIGKILL at once: gdb turns SIGTERM into a
// quit request, and a quit that arrives while the inferior owns gdb's terminal state (during the
// attach) is passed on as kill(target, SIGINT), which ends a Python or a shell. A killed ptrace tool
// never leaves its tracee traced: the kernel detaches every tracee when the tracer exits, and gdb
// in batch mode (a core, a backtrace) has inserted no breakpoints.
//
// endAll() is synchronous, for exit paths (process 'exit', signal and crash handlers): it waits by
// polling /proc with a blocking sleep, at most about graceMs + 500 ms.

import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { basename } from 'node:path';
import { anyTracer, procState, stopPending } from './target.js';
import { setprivHasPdeathsig, tools } from './tools.js';

export type DeathMode = 'setpriv' | 'watchdog' | 'none';

export interface StartChildOptions {
  /** what to call it in messages and in liveChildren(): "strace", "gdb", "eu-stack" */
  label: string;
  /** the tool's absolute path (from tools.ts) */
  path: string;
  args: readonly string[];
  /** the process the tool inspects */
  targetPid?: number;
  /** the tool stops the target while it works (gdb, eu-stack): SIGCONT it afterwards if it is left stopped */
  stopsTarget?: boolean;
  /**
   * the first signal that ends it early: by default SIGKILL for gdb (see the header), SIGTERM for
   * every other tool. SIGKILL is sent after the grace period whatever this is.
   */
  endSignal?: NodeJS.Signals;
  /** stdout and stderr of the tool: 'pipe' (default) or 'ignore'; stdin is always closed */
  stdout?: 'pipe' | 'ignore';
  stderr?: 'pipe' | 'ignore';
  /** umask for the child (e.g. 0o077 so a core file is born private); applied around the fork */
  umask?: number;
  /** how the child is made to die with ptop; default: 'setpriv' when available, else 'watchdog' */
  death?: DeathMode;
  /** the signal setpriv arms (default KILL) */
  deathSignal?: 'KILL' | 'TERM';
  /** extra environment (merged over ptop's) */
  env?: NodeJS.ProcessEnv;
  /**
   * Runs once, synchronously, after the child has ended and the target was continued (e.g. to
   * remove a partial file): with the exit when Node reaped it, or null when endAll() ended it
   * (ptop is exiting).
   */
  onEnded?: (exit: ChildExit | null) => void;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** set when the tool could not be started at all (spawn error), in words */
  spawnError?: string;
}

export interface TrackedChild {
  /** a serial number, unique in this ptop */
  readonly id: number;
  readonly label: string;
  /** pid of the process ptop spawned: the tool itself ('setpriv', 'none') or the watchdog */
  readonly pid: number;
  readonly proc: ChildProcess;
  readonly death: DeathMode;
  readonly targetPid: number | undefined;
  /** resolves when the child has exited and been reaped (never rejects) */
  readonly exited: Promise<ChildExit>;
  /** the exit, once known */
  readonly exit: ChildExit | null;
  /** what end() and endAll() send first */
  readonly endSignal: NodeJS.Signals;
  /** the end signal (SIGTERM unless set), SIGKILL after graceMs, wait for the reap, continue the target; resolves with the exit */
  end(graceMs?: number): Promise<ChildExit>;
}

// The watchdog (CommonJS, run by `node -e`): argv = [tool, ...args]; PTOP_WD_TARGET = pid to SIGCONT
// after a kill when it was not stopped before (the same rules as contTarget() below). It exits the way the tool exited.
const WATCHDOG = String.raw`
const { spawn } = require('child_process');
const fs = require('fs');
const [tool, ...args] = process.argv.slice(1);
const target = Number(process.env.PTOP_WD_TARGET || 0);
const state = (pid) => { try { const t = fs.readFileSync('/proc/' + pid + '/stat', 'latin1'); return t.charAt(t.lastIndexOf(')') + 2); } catch { return ''; } };
const before = target ? state(target) : '';
let child = null;
let pending = null;
let killed = false;
// handlers first: a signal that arrives while the tool starts is passed on, not lost
for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(s, () => { if (child) { try { child.kill(s); } catch {} } else pending = s; });
child = spawn(tool, args, { stdio: ['ignore', 'inherit', 'inherit'] });
if (pending) { try { child.kill(pending); } catch {} }
const rd = (p) => { try { return fs.readFileSync(p, 'latin1'); } catch { return ''; } };
const stopBit = (text, key) => { const m = new RegExp('^' + key + ':\\s*([0-9a-f]+)', 'm').exec(text); return m !== null && (BigInt('0x' + m[1]) & (1n << 18n)) !== 0n; };
const stopQueued = (pid) => { if (stopBit(rd('/proc/' + pid + '/status'), 'ShdPnd')) return true; try { return fs.readdirSync('/proc/' + pid + '/task').some((t) => stopBit(rd('/proc/' + pid + '/task/' + t + '/status'), 'SigPnd')); } catch { return false; } };
const traced = (pid) => { try { return fs.readdirSync('/proc/' + pid + '/task').some((t) => /^TracerPid:\s*[1-9]/m.test(rd('/proc/' + pid + '/task/' + t + '/status'))); } catch { return false; } };
const cont1 = () => { if (target && before !== 'T' && (state(target) === 'T' || stopQueued(target)) && !traced(target)) { try { process.kill(target, 'SIGCONT'); } catch {} } };
const cont = () => { cont1(); Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50); cont1(); };
process.stdin.on('data', () => {});
process.stdin.on('close', () => { killed = true; try { child.kill('SIGKILL'); } catch {} });
process.stdin.on('error', () => {});
child.on('error', (e) => { process.stderr.write(tool + ': ' + e.message + '\n'); process.exit(127); });
child.on('exit', (code, sig) => {
  if (killed) cont();
  if (sig) { for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.removeAllListeners(s); process.kill(process.pid, sig); }
  process.exit(code ?? 1);
});
`;

let serial = 0;
const live = new Set<Child>();

class Child implements TrackedChild {
  readonly id = ++serial;
  readonly label: string;
  readonly pid: number;
  readonly proc: ChildProcess;
  readonly death: DeathMode;
  readonly targetPid: number | undefined;
  readonly exited: Promise<ChildExit>;
  exit: ChildExit | null = null;
  readonly stopsTarget: boolean;
  readonly endSignal: NodeJS.Signals;
  private readonly targetStateBefore: string | null;
  private readonly onEnded: ((exit: ChildExit | null) => void) | undefined;
  private finished = false;
  /** end() or endAll() has signalled it */
  ending = false;

  constructor(opts: StartChildOptions) {
    this.label = opts.label;
    this.targetPid = opts.targetPid;
    this.stopsTarget = opts.stopsTarget ?? false;
    this.endSignal = opts.endSignal ?? (basename(opts.path).startsWith('gdb') ? 'SIGKILL' : 'SIGTERM');
    this.onEnded = opts.onEnded;
    this.targetStateBefore = opts.targetPid !== undefined ? procState(opts.targetPid) : null;

    let death = opts.death ?? (setprivHasPdeathsig(tools().setpriv) ? 'setpriv' : 'watchdog');
    if (death === 'setpriv' && !setprivHasPdeathsig(tools().setpriv)) death = 'watchdog';
    this.death = death;

    const out = opts.stdout ?? 'pipe';
    const err = opts.stderr ?? 'pipe';
    let cmd: string;
    let argv: string[];
    let stdio: StdioOptions;
    const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
    if (death === 'setpriv') {
      cmd = tools().setpriv!;
      argv = ['--pdeathsig', opts.deathSignal ?? 'KILL', '--', opts.path, ...opts.args];
      stdio = ['ignore', out, err];
    } else if (death === 'watchdog') {
      cmd = process.execPath;
      argv = ['-e', WATCHDOG, '--', opts.path, ...opts.args];
      stdio = ['pipe', out, err];
      if (opts.targetPid !== undefined && opts.stopsTarget) env.PTOP_WD_TARGET = String(opts.targetPid);
      // the watchdog must not inherit options meant for ptop's own Node (--inspect, loaders)
      delete env.NODE_OPTIONS;
    } else {
      cmd = opts.path;
      argv = [...opts.args];
      stdio = ['ignore', out, err];
    }

    const oldMask = opts.umask !== undefined ? process.umask(opts.umask) : null;
    let proc: ChildProcess;
    try {
      proc = spawn(cmd, argv, { stdio, detached: true, env });
    } finally {
      if (oldMask !== null) process.umask(oldMask);
    }
    this.proc = proc;
    this.pid = proc.pid ?? -1;
    this.exited = new Promise<ChildExit>((resolve) => {
      proc.once('error', (e: NodeJS.ErrnoException) => {
        // spawn failure (no pid): no 'exit' will follow; other errors (a failed kill) are not exits
        if (proc.pid === undefined) {
          const ex: ChildExit = { code: null, signal: null, spawnError: `could not start ${opts.label} (${cmd}): ${e.code ?? e.message}` };
          this.settle(ex);
          resolve(ex);
        }
      });
      proc.once('exit', (code, signal) => {
        const ex: ChildExit = { code, signal };
        this.settle(ex);
        resolve(ex);
      });
    });
    // an error on a closed pipe must never crash ptop
    proc.stdin?.on('error', () => undefined);
    proc.stdout?.on('error', () => undefined);
    proc.stderr?.on('error', () => undefined);
    if (this.pid > 0) live.add(this);
  }

  private settle(ex: ChildExit): void {
    if (this.exit) return;
    this.exit = ex;
    live.delete(this);
    this.finish();
  }

  /** ptop ended it (end(), endAll()) or it died of a signal: it may have been cut off mid-attach */
  private cutOff(): boolean {
    return this.ending || this.exit === null || this.exit.signal !== null;
  }

  /**
   * SIGCONT the target when this tool left it stopped, or (when the tool was cut off) about to stop
   * with the attach's SIGSTOP still queued; never when it was stopped before, and never while a
   * thread of it is traced: then the stop belongs to another tracer (a SIGCONT would swallow the
   * SIGSTOP of its attach, and it would wait for that stop for ever). The queue is read before the
   * tracers: an attach links its tracer and queues its SIGSTOP in one step.
   */
  contTarget(): void {
    const pid = this.targetPid;
    if (!this.stopsTarget || pid === undefined || this.targetStateBefore === 'T') return;
    const stopped = procState(pid) === 'T' || (this.cutOff() && stopPending(pid));
    if (!stopped || anyTracer(pid)) return;
    try {
      process.kill(pid, 'SIGCONT');
    } catch {
      /* gone */
    }
  }

  /** continue the target if this tool left it stopped, then run onEnded; once */
  finish(lateCheck = true): void {
    if (this.finished) return;
    this.finished = true;
    this.contTarget();
    // a queued SIGSTOP taken in the instant between the reads above shows as T only a moment later
    if (lateCheck && this.stopsTarget && this.cutOff()) setTimeout(() => this.contTarget(), 50).unref();
    try {
      this.onEnded?.(this.exit);
    } catch {
      /* cleanup is best effort */
    }
  }

  /** signal the child's process group (it is a group leader: setsid); false when already reaped */
  signal(sig: NodeJS.Signals): boolean {
    if (this.exit || this.pid <= 0) return false;
    try {
      process.kill(-this.pid, sig);
      return true;
    } catch {
      try {
        process.kill(this.pid, sig);
        return true;
      } catch {
        return false;
      }
    }
  }

  /** exited (zombie or gone), without waiting for Node to reap it */
  hasExited(): boolean {
    if (this.exit) return true;
    const s = procState(this.pid);
    return s === null || s === 'Z' || s === 'X';
  }

  async end(graceMs = 2000): Promise<ChildExit> {
    if (this.exit) return this.exit;
    this.ending = true;
    this.signal(this.endSignal);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((r) => {
      timer = setTimeout(() => r('timeout'), graceMs);
    });
    const first = await Promise.race([this.exited, timedOut]);
    clearTimeout(timer);
    if (first === 'timeout') {
      this.signal('SIGKILL');
      return this.exited;
    }
    return first;
  }
}

/** Start a tool (see StartChildOptions) and register it. Never throws for a missing binary: `exited` reports it. */
export function startChild(opts: StartChildOptions): TrackedChild {
  return new Child(opts);
}

/** The children that have not exited yet (a copy). */
export function liveChildren(): TrackedChild[] {
  return [...live];
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

function waitSync(list: Child[], ms: number): Child[] {
  const end = Date.now() + ms;
  let left = list.filter((c) => !c.hasExited());
  while (left.length > 0 && Date.now() < end) {
    sleepSync(5);
    left = left.filter((c) => !c.hasExited());
  }
  return left;
}

/**
 * End every live child now, synchronously: its end signal (SIGTERM, SIGKILL for gdb), up to `graceMs` for them to exit, SIGKILL to
 * the rest (and up to 500 ms more), then SIGCONT each inspected process left stopped, and run the
 * cleanups (partial core files are removed). Safe to call more than once and from any exit path.
 * The children are dead when it returns; Node reaps them later, or the kernel when ptop exits.
 */
export function endAll(graceMs = 500): void {
  const list = [...live];
  if (list.length === 0) return;
  for (const c of list) {
    c.ending = true;
    c.signal(c.endSignal);
  }
  const stubborn = waitSync(list, graceMs);
  for (const c of stubborn) c.signal('SIGKILL');
  waitSync(stubborn, 500);
  // whatever is left in a child's process group (a grandchild that ignored SIGTERM while its
  // parent exited) goes too; safe while Node has not reaped the leader, which keeps the group id ours
  for (const c of list) if (!c.exit) c.signal('SIGKILL');
  for (const c of list) {
    live.delete(c);
    c.finish(false);
  }
  // ptop is exiting: no timer will run, so look once more, synchronously
  if (list.some((c) => c.stopsTarget)) {
    sleepSync(20);
    for (const c of list) c.contTarget();
  }
}
