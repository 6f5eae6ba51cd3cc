// Test scaffolding for the interactive view: synthetic snapshots, a data source the test drives,
// process operations that record instead of signalling, and a controller wired to them.

import { join } from 'node:path';
import type { ProcessSample, ProcSource, Snapshot } from '../../src/collect/types.js';
import { defaultConfig } from '../../src/model/config/defaults.js';
import type { Config } from '../../src/model/config/types.js';
import { builtinThemesDir, loadTheme } from '../../src/model/theme.js';
import { Controller, type Size, type TraceDeps } from '../../src/ui/controller.js';
import { buildKeymap } from '../../src/ui/keymap.js';
import type { Identity, OpResult, ProcessOps } from '../../src/ui/process-ops.js';
import type { DataSource } from '../../src/ui/source.js';
import { createUiStyles, type UiStyles } from '../../src/ui/styles.js';
import type { Inspector } from '../../src/ui/detail/source.js';
import type { ViewState } from '../../src/ui/view-state.js';
import { ctx, NOW, proc, system } from '../model/factory.js';
import { FakeSession, FakeStacks } from './detail/trace-fakes.js';

export const USER = ctx().userName;

/** `n` processes: PID 1000+i, command `proc-i`, CPU% falling with i unless `cpu` says otherwise. */
export function procs(n: number, cpu: (i: number) => number = (i) => n - i): ProcessSample[] {
  return Array.from({ length: n }, (_, i) =>
    proc({ pid: 1000 + i, comm: `proc-${i}`, argv: [`proc-${i}`, '--flag'], cpuPercent: cpu(i) / 10, stat: { ppid: 1, rss: 256 * (i + 1) } }),
  );
}

export class FakeSource implements DataSource {
  snap: Snapshot | null;
  private fns = new Set<() => void>();
  paused = false;
  options: { showThreads: boolean; showKthreads: boolean } | null = null;
  needs: ReadonlySet<ProcSource> = new Set();
  refreshes = 0;

  constructor(list: ProcessSample[]) {
    this.snap = { system: system(), procs: list };
  }

  /** a new snapshot, as a sampler tick would deliver it */
  push(list: ProcessSample[]): void {
    this.snap = { system: system(), procs: list };
    for (const fn of this.fns) fn();
  }

  /** the same, sampled at `now` (ms) */
  pushAt(list: ProcessSample[], now: number): void {
    this.snap = { system: { ...system(), now }, procs: list };
    for (const fn of this.fns) fn();
  }

  current(): Snapshot | null {
    return this.snap;
  }
  subscribe(fn: () => void): () => void {
    this.fns.add(fn);
    return () => this.fns.delete(fn);
  }
  setPaused(p: boolean): void {
    this.paused = p;
  }
  setOptions(o: { showThreads: boolean; showKthreads: boolean }): void {
    this.options = o;
  }
  setNeeds(n: ReadonlySet<ProcSource>): void {
    this.needs = n;
  }
  refresh(): void {
    this.refreshes++;
  }
  close(): void {}
}

export class FakeOps implements ProcessOps {
  sent: Array<{ pid: number; signal: number }> = [];
  niced: Array<{ pid: number; nice: number }> = [];
  /** errno to answer for a PID */
  fail = new Map<number, string>();
  /** PIDs that exited, or whose number a new process took, after they were chosen */
  gone = new Set<number>();
  reused = new Set<number>();
  identity(pid: number): Identity {
    return this.gone.has(pid) ? 'gone' : this.reused.has(pid) ? 'reused' : 'same';
  }
  kill(pid: number, signal: number): OpResult {
    this.sent.push({ pid, signal });
    return { pid, error: this.fail.get(pid) ?? null };
  }
  getNice(): number | null {
    return 0;
  }
  setNice(pid: number, nice: number): OpResult {
    this.niced.push({ pid, nice });
    return { pid, error: this.fail.get(pid) ?? null };
  }
}

let mono: UiStyles | null = null;

/** The mono theme's styles: the selection is inverse video (SGR 7), nothing else is. */
export function monoStyles(): UiStyles {
  if (!mono) mono = createUiStyles(loadTheme(join(builtinThemesDir(), 'mono.toml')), true);
  return mono;
}

export interface Setup {
  controller: Controller;
  source: FakeSource;
  ops: FakeOps;
  clock: { now: number };
}

export function setup(o: {
  list: ProcessSample[];
  size: Size;
  initial?: Partial<ViewState>;
  config?: Config;
  keys?: Record<string, string[]>;
  inspect?: Inspector;
  /** the trace actions' tools; default: inert fakes (the synthetic PIDs must never be traced for real) */
  trace?: TraceDeps;
  /** default: the mono theme's */
  ui?: UiStyles;
}): Setup {
  const source = new FakeSource(o.list);
  const ops = new FakeOps();
  const clock = { now: NOW };
  const controller = new Controller({
    config: o.config ?? defaultConfig(),
    source,
    keymap: buildKeymap(o.keys ?? {}),
    ui: o.ui ?? monoStyles(),
    host: { hostname: 'testhost', kernel: '6.1.0-test' },
    size: o.size,
    initial: o.initial,
    ops,
    userName: USER,
    ttyName: (nr) => (nr ? `pts/${nr & 0xff}` : ''),
    now: () => clock.now,
    // the synthetic PIDs are not real processes: the detail view shows the table's facts
    inspect: o.inspect ?? (() => null),
    trace: {
      makeSession: (opts) => new FakeSession(opts),
      captureStacks: new FakeStacks().capture,
      planCore: () => ({ ok: false, error: 'no cores in tests' }),
      endChildren: () => {},
      ...o.trace,
    },
  });
  return { controller, source, ops, clock };
}

// ---- reading frames ------------------------------------------------------------------------------

const SGR = /\x1b\[[0-9;]*m/g;

export function strip(s: string): string {
  return s.replace(SGR, '');
}

/** Lines of a painted frame, without escapes. */
export function plainLines(frame: string | undefined): string[] {
  return strip(frame ?? '').split('\n');
}

/** PID at the start of a table row, or null. */
export function leadingPid(line: string): number | null {
  const m = /^\s*(\d+)\s/.exec(line);
  return m ? Number(m[1]) : null;
}

/** PIDs of the table rows in a frame (lines below the table header that start with a PID). */
export function rowPids(frame: string | undefined): number[] {
  const lines = plainLines(frame);
  const hdr = lines.findIndex((l) => /\bPID\b/.test(l) && /\bCOMMAND\b/.test(l));
  const out: number[] = [];
  for (const l of lines.slice(hdr + 1)) {
    const pid = leadingPid(l);
    if (pid !== null) out.push(pid);
  }
  return out;
}

/** The PID of the row drawn in inverse video (the selection), or null. */
export function selectedPid(frame: string | undefined): number | null {
  const line = (frame ?? '').split('\n').find((l) => l.includes('\x1b[7m') && leadingPid(strip(l)) !== null);
  return line ? leadingPid(strip(line)) : null;
}

export async function waitFor(cond: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const KEY = {
  up: '\x1b[A',
  down: '\x1b[B',
  pageDown: '\x1b[6~',
  pageUp: '\x1b[5~',
  home: '\x1b[H',
  end: '\x1b[F',
  enter: '\r',
  escape: '\x1b',
  tab: '\t',
  backspace: '\x7f',
  f6: '\x1b[17~',
  f9: '\x1b[20~',
  ctrlC: '\x03',
} as const;
