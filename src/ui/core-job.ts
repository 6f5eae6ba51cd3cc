// gcore for the interactive view (`C`), outside React: plans a core capture of a process (where it
// goes, how big it will be, whether to ask first: the disk is short or the core is larger than
// [actions] core_confirm_bytes), starts it in the background, reports progress (bytes written of
// the expected size) and the result (size and the `gdb EXE CORE` command, which holds the path) through
// onEvent, and cancels it (`C` again, or the view closing): the capture's gdb is ended, the partial
// file removed and the process continued, and the message says so. One capture at a time.
// Before sizing a capture it sweeps the partial files a SIGKILLed ptop left in core_dir (they would
// count against the free space). When ptop ends mid-capture (quit, Ctrl-C, SIGHUP, SIGTERM), the
// capture is ended with it and interruptedNote() gives the line to print once the terminal is back.

import { existsSync } from 'node:fs';
import {
  formatBytes,
  planCore,
  resolveCoreDir,
  startCore,
  sweepStalePartials,
  type CoreCapture,
  type CoreEvent,
  type CorePlan,
  type StartCoreOptions,
} from '../collect/trace/gcore.js';
import { sanitize } from '../collect/sanitize.js';
import { isRunning } from '../collect/trace/target.js';

/** What the owner needs of a CoreCapture (tests pass a fake). */
export type CoreCaptureLike = Pick<CoreCapture, 'pid' | 'state' | 'written' | 'expectedBytes' | 'subscribe' | 'cancel' | 'finished'> &
  Partial<Pick<CoreCapture, 'partialPath'>>;

export type PlanResult = { ok: true; plan: CorePlan } | { ok: false; error: string };

export interface CoreJobOptions {
  /** [actions] core_dir (null: the default under the state directory) */
  dir: string | null;
  /** [actions] core_confirm_bytes */
  confirmBytes: number;
  /** a capture's events (progress, done, failed, cancelled), with its plan */
  onEvent: (ev: CoreEvent, plan: CorePlan) => void;
  plan?: (pid: number, o: { dir?: string | null; confirmBytes?: number }) => PlanResult;
  start?: (pid: number, o: StartCoreOptions) => CoreCaptureLike;
  /** removes stale partial files from a directory: default sweepStalePartials, none when `plan` is a fake */
  sweep?: (dir: string) => string[];
}

export class CoreJob {
  private readonly opts: CoreJobOptions;
  private current: { capture: CoreCaptureLike; plan: CorePlan; off: () => void } | null = null;

  constructor(opts: CoreJobOptions) {
    this.opts = opts;
  }

  /** the capture under way, if any */
  get running(): { pid: number; plan: CorePlan; written: number; expected: number } | null {
    const c = this.current;
    if (!c || c.capture.state !== 'running') return null;
    return { pid: c.capture.pid, plan: c.plan, written: c.capture.written, expected: c.capture.expectedBytes };
  }

  /** Size up a capture of `pid` (nothing is started), after sweeping stale partial files. */
  plan(pid: number): PlanResult {
    const sweep = this.opts.sweep ?? (this.opts.plan ? null : sweepStalePartials);
    if (sweep && !this.running) sweep(resolveCoreDir(this.opts.dir));
    return (this.opts.plan ?? planCore)(pid, { dir: this.opts.dir, confirmBytes: this.opts.confirmBytes });
  }

  /** Start capturing (after plan(), and the user's yes when plan.needsConfirm). */
  start(plan: CorePlan): void {
    if (this.running) return;
    const capture = (this.opts.start ?? startCore)(plan.pid, { dir: plan.dir, expectedBytes: plan.expectedBytes });
    const off = capture.subscribe((ev) => {
      if (ev.type !== 'progress' && this.current?.capture === capture) {
        this.current.off();
        this.current = null;
      }
      this.opts.onEvent(ev, plan);
    });
    this.current = { capture, plan, off };
  }

  /** Cancel the capture under way; resolves when gdb has ended and the partial file is gone. */
  async cancel(): Promise<void> {
    const c = this.current;
    if (!c) return;
    await c.capture.cancel();
  }

  /**
   * The line to print (to stderr, once the terminal is restored) when ptop ends while a capture
   * runs, else null. Call it after the controller's dispose(), which ends gdb and removes the
   * partial file; the capture still counts as running then (its end is reported asynchronously).
   */
  interruptedNote(): string | null {
    const c = this.current;
    if (!c || c.capture.state !== 'running') return null;
    const pid = c.capture.pid;
    const partial = c.capture.partialPath;
    const file = partial && existsSync(partial) ? `the partial file ${sanitize(partial)} is left behind (remove it)` : 'the partial file was removed';
    const target = isRunning(pid) ? `PID ${pid} runs on` : `PID ${pid} is gone`;
    return `ptop: the core capture of ${who(pid, c.plan)} was interrupted; ${file} (${target})`;
  }

  /** The status line's words while a capture runs, else null. */
  activity(cancelKey: string): string | null {
    const r = this.running;
    if (!r) return null;
    const pct = r.expected > 0 ? ` (${Math.min(100, Math.floor((r.written * 100) / r.expected))}%)` : '';
    return `Writing a core of ${who(r.pid, r.plan)}: ${formatBytes(r.written)} of about ${formatBytes(r.expected)}${pct}. ${cancelKey} cancels`;
  }
}

/** "PID 42 (python3)", or "PID 42" when the name is unknown */
function who(pid: number, plan: CorePlan): string {
  return plan.comm ? `PID ${pid} (${plan.comm})` : `PID ${pid}`;
}

/** The words for a finished capture (sanitized: a configured core_dir may hold anything): [text, is it an error]. */
export function coreEventText(ev: CoreEvent, plan: CorePlan): [string, 'info' | 'error'] | null {
  switch (ev.type) {
    case 'progress':
      return null;
    case 'done':
      // the path once, inside the command (which comes last, for copying): a status line of
      // 180-250 columns holds it whole
      return [sanitize(`Core of PID ${plan.pid} written (${formatBytes(ev.size)}); open it with: ${ev.openCommand}`), 'info'];
    case 'failed':
      return [sanitize(`No core of PID ${plan.pid}: ${ev.error}`), 'error'];
    case 'cancelled':
      return [sanitize(ev.message.charAt(0).toUpperCase() + ev.message.slice(1)), 'info'];
  }
}
