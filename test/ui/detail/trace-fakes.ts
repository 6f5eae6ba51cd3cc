// Stand-ins for the trace actions' back end in the UI tests: a strace session fed with lines by the
// test (a real Ring, SyscallSummary and StraceJoiner, so the pane sees what a real session holds),
// a stack capture the test resolves, and a core capture whose events the test emits.

import { join } from 'node:path';
import type { CoreEvent, CorePlan } from '../../../src/collect/trace/gcore.js';
import type { StackCapture, StackResult, ThreadStack } from '../../../src/collect/trace/gstack.js';
import { placeStraceLine, Ring, SyscallSummary } from '../../../src/collect/trace/ring.js';
import { StraceJoiner, type StraceLine } from '../../../src/collect/trace/strace-parse.js';
import type { StraceEvent, StraceSessionOptions, StraceStartOptions, StraceStatus } from '../../../src/collect/trace/strace-session.js';
import { builtinThemesDir, loadTheme } from '../../../src/model/theme.js';
import type { CoreCaptureLike } from '../../../src/ui/core-job.js';
import type { StraceSessionLike } from '../../../src/ui/detail/strace-controller.js';
import { createUiStyles, type UiStyles } from '../../../src/ui/styles.js';

let dark: UiStyles | null = null;

/** The dark theme's styles: errors, slow calls and the rest each have their own colour. */
export function darkStyles(): UiStyles {
  if (!dark) dark = createUiStyles(loadTheme(join(builtinThemesDir(), 'dark.toml')), true);
  return dark;
}

export class FakeSession implements StraceSessionLike {
  readonly ring: Ring<StraceLine>;
  readonly summary: SyscallSummary;
  pid: number | null = null;
  comm: string | null = null;
  status: StraceStatus = 'starting';
  error: string | null = null;
  endMessage: string | null = null;
  command: string | null = null;
  startOptions: StraceStartOptions | null = null;
  stopped = 0;
  saved: string[] = [];
  private joiner = new StraceJoiner();
  private readonly starts = new WeakMap<StraceLine, number>();
  private fns = new Set<(ev: StraceEvent) => void>();

  constructor(readonly options: StraceSessionOptions) {
    this.ring = new Ring<StraceLine>(options.bufferLines ?? 10_000);
    this.summary = new SyscallSummary({ slowMs: options.slowMs });
  }

  subscribe(fn: (ev: StraceEvent) => void): () => void {
    this.fns.add(fn);
    return () => this.fns.delete(fn);
  }

  get listeners(): number {
    return this.fns.size;
  }

  start(pid: number, opts: StraceStartOptions = {}): void {
    this.pid = pid;
    this.comm = 'writer';
    this.startOptions = opts;
    this.command = `strace -f -tt -T -s ${opts.stringLimit ?? 64} ${(opts.args ?? []).join(' ')} -p ${pid}`.replace(/ +/g, ' ');
    this.joiner = new StraceJoiner(pid);
  }

  async stop(): Promise<void> {
    this.stopped++;
    this.setStatus('ended', null, 'strace stopped; the process runs on, untraced');
  }

  saveTo(path: string): string {
    this.saved.push(path);
    return path;
  }

  /** strace printed these lines (one 'lines' event, as the coalesced notify would send) */
  feed(...lines: string[]): void {
    let added = 0;
    for (const line of lines) {
      for (const rec of this.joiner.push(line)) {
        if (placeStraceLine(this.ring, this.starts, rec) === 'pushed') added++;
        this.summary.add(rec);
      }
    }
    if (this.status === 'starting') this.status = 'running';
    for (const fn of this.fns) fn({ type: 'lines', added, totalSeen: this.ring.totalSeen });
  }

  setStatus(status: StraceStatus, error: string | null = null, endMessage: string | null = null): void {
    this.status = status;
    this.error = error;
    this.endMessage = endMessage;
    for (const fn of this.fns) fn({ type: 'status', status, error, endMessage });
  }
}

/** `n` write calls of TID `tid`, numbered from `from`. */
export function writes(n: number, from = 0, tid = 4242): string[] {
  return Array.from({ length: n }, (_, i) => `[pid ${tid}] 10:00:${String(Math.floor((from + i) / 1000) % 60).padStart(2, '0')}.${String((from + i) % 1000).padStart(3, '0')}000 write(1, "tick ${from + i}\\n", 8) = 8 <0.000010>`);
}

export const FAILED_STAT = '[pid 4243] 10:00:00.500000 newfstatat(AT_FDCWD, "/nope", 0x7ffd, 0) = -1 ENOENT (No such file or directory) <0.000012>';
export const SLOW_SLEEP = '[pid 4242] 10:00:00.600000 clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=0, tv_nsec=50000000}, NULL) = 0 <0.050123>';

export function thread(tid: number, name: string, fns: string[]): ThreadStack {
  return {
    tid,
    name,
    state: 'S',
    frames: fns.map((f, i) => ({ index: i, address: `0x00007f00000000${i}0`, function: f, file: i === 0 ? 'nanosleep.c' : null, line: i === 0 ? 48 : null, module: '/lib/x86_64-linux-gnu/libc.so.6' })),
  };
}

export function stackCapture(pid: number, threads: ThreadStack[]): StackCapture {
  return { pid, comm: 'writer', tool: 'eu-stack', takenAt: Date.UTC(2024, 5, 15, 12, 0, 0), durationMs: 35, threads, warnings: [] };
}

/** A stack capture the test settles; records the AbortSignal it was given. */
export class FakeStacks {
  calls: Array<{ pid: number; signal: AbortSignal | undefined; resolve: (r: StackResult) => void }> = [];
  saved: Array<{ capture: StackCapture; path: string }> = [];
  capture = (pid: number, o: { signal?: AbortSignal }): Promise<StackResult> =>
    new Promise((resolve) => {
      this.calls.push({ pid, signal: o.signal, resolve });
    });
  save = (c: StackCapture, path: string): string => {
    this.saved.push({ capture: c, path });
    return path;
  };
}

export function corePlan(pid: number, over: Partial<CorePlan> = {}): CorePlan {
  return {
    pid,
    comm: 'writer',
    exe: '/usr/bin/writer',
    dir: '/tmp/cores',
    expectedBytes: 100 * 1024 * 1024,
    freeBytes: 10 * 1024 ** 3,
    spaceShort: false,
    needsConfirm: false,
    confirmReason: '',
    ...over,
  };
}

/** A core capture the test drives: emit() sends its events; cancel() reports 'cancelled'. */
export class FakeCore implements CoreCaptureLike {
  state: CoreCaptureLike['state'] = 'running';
  written = 0;
  cancels = 0;
  readonly finished: Promise<CoreEvent>;
  private resolveFinished!: (ev: CoreEvent) => void;
  private fns = new Set<(ev: CoreEvent) => void>();

  constructor(
    readonly pid: number,
    readonly expectedBytes: number,
  ) {
    this.finished = new Promise((r) => (this.resolveFinished = r));
  }

  subscribe(fn: (ev: CoreEvent) => void): () => void {
    this.fns.add(fn);
    return () => this.fns.delete(fn);
  }

  emit(ev: CoreEvent): void {
    if (ev.type === 'progress') this.written = ev.written;
    else {
      this.state = ev.type === 'done' ? 'done' : ev.type === 'failed' ? 'failed' : 'cancelled';
      this.resolveFinished(ev);
    }
    for (const fn of [...this.fns]) fn(ev);
  }

  async cancel(): Promise<void> {
    this.cancels++;
    this.emit({ type: 'cancelled', message: `core capture of process ${this.pid} cancelled; the partial file was removed` });
  }
}
