// The Stacks tab's live side, outside React: one capture of every thread's stack at a time
// (captureStacks: eu-stack, or gdb), run in the background when the tab opens on a process it has
// no capture of, when `b` is pressed, or on refresh. Leaving the tab or closing the view cancels a
// capture under way (the tool is ended and the process continued); the last capture is kept, so
// coming back to the tab shows it without stopping the process again.

import { captureStacks, saveStacks, type CaptureOptions, type StackCapture, type StackResult } from '../../collect/trace/gstack.js';

export type StacksStatus = 'idle' | 'capturing' | 'done' | 'failed';

export interface StacksInfo {
  pid: number;
  status: StacksStatus;
  /** the last capture of this PID (kept while a new one runs) */
  capture: StackCapture | null;
  /** why the last capture failed, in words */
  error: string | null;
  /** when the capture under way started (ms since the epoch) */
  startedAt: number;
}

export interface StacksOwnerOptions {
  onChange: () => void;
  capture?: (pid: number, opts: CaptureOptions) => Promise<StackResult>;
  save?: (c: StackCapture, path: string) => string;
  /** why the stacks of `pid` must not be captured (ptop itself), or null */
  refuse?: (pid: number) => string | null;
  now?: () => number;
}

export class StacksOwner {
  private readonly opts: StacksOwnerOptions;
  private state: StacksInfo | null = null;
  private abort: AbortController | null = null;
  private running: Promise<unknown> | null = null;
  private generation = 0;

  constructor(opts: StacksOwnerOptions) {
    this.opts = opts;
  }

  info(): StacksInfo | null {
    return this.state;
  }

  get capturing(): boolean {
    return this.state?.status === 'capturing';
  }

  /** The tab shows `pid`: capture unless there is a capture (or one under way) of it. */
  enter(pid: number): void {
    if (this.state?.pid === pid && this.state.status !== 'idle') return;
    this.capture(pid);
  }

  /** The tab was left: cancel a capture under way (the last one stays for coming back). */
  leave(): void {
    if (!this.abort) return;
    this.abort.abort();
    this.abort = null;
    this.generation++;
    if (this.state?.status === 'capturing') this.state = { ...this.state, status: this.state.capture ? 'done' : 'idle' };
  }

  /** Forget what was captured, so the next enter() captures anew (`b` asks for a fresh look). */
  forget(): void {
    this.leave();
    this.state = null;
  }

  /** Capture the stacks of `pid` now, cancelling one under way. */
  capture(pid: number): void {
    this.leave();
    const why = this.opts.refuse?.(pid) ?? null;
    if (why) {
      this.state = { pid, status: 'failed', capture: null, error: why, startedAt: this.opts.now?.() ?? Date.now() };
      return;
    }
    const gen = ++this.generation;
    const ac = new AbortController();
    this.abort = ac;
    const keep = this.state?.pid === pid ? this.state.capture : null;
    this.state = { pid, status: 'capturing', capture: keep, error: null, startedAt: this.opts.now?.() ?? Date.now() };
    const run = (this.opts.capture ?? captureStacks)(pid, { signal: ac.signal });
    this.running = run;
    void run
      .then(
        (r) => r,
        (e: unknown): StackResult => ({ ok: false, error: `the stack capture failed: ${e instanceof Error ? e.message : String(e)}` }),
      )
      .then((r) => {
        if (this.running === run) this.running = null;
        if (gen !== this.generation) return;
        this.abort = null;
        this.state = r.ok
          ? { pid, status: 'done', capture: r.capture, error: null, startedAt: this.state?.startedAt ?? 0 }
          : { pid, status: 'failed', capture: keep, error: r.error, startedAt: this.state?.startedAt ?? 0 };
        this.opts.onChange();
      });
  }

  /** Cancel a capture under way and wait for it to settle (its tool ended and reaped). */
  async close(): Promise<void> {
    const run = this.running;
    this.leave();
    if (run) await run.catch(() => undefined);
  }

  /** Save the last capture as text to `path` (never overwriting). */
  save(path: string): { ok: true; path: string; threads: number } | { ok: false; error: string } {
    const c = this.state?.capture;
    if (!c) return { ok: false, error: this.capturing ? 'nothing to save yet: the capture is still running' : 'nothing to save: no stacks captured' };
    try {
      return { ok: true, path: (this.opts.save ?? saveStacks)(c, path), threads: c.threads.length };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }
}
