// Where the detail view's data comes from: the collector called for the open PID with the
// sections the active tab needs, right away when the view opens or the tab changes and then once
// per table refresh (the controller calls tick() from the LiveSource's subscription, so pausing
// the table pauses this too). Memory is read every time, for the RSS/PSS history the Memory tab
// draws (./memory-history.ts: bounded per PID and in PIDs). The table's samples feed the same
// history with each process's RSS (the controller calls sampled()), so the line covers the time
// ptop has watched the process, not only the time the view has been open.
//
// Two collectors: `collector`, off the main thread (the inspection worker: a refresh of 10,000 fds
// never holds up a key), whose readings arrive later and are announced with onChange; and
// `inspect` (inspectProcess, injectable), called in-process, whose reading is there when open() or
// tick() returns. `inspect` is used when there is no `collector` or once it turns out unavailable.
// One reading at a time goes to the collector: asking again while one is under way reads once
// more when it is done (a tab switch is read then; refreshes do not pile up).
//
// Each reading is merged into the last one section by section, so a tab shows what was read for
// it even while another tab is read. The previous reading with threads goes back to the collector
// for the thread CPU% deltas, and the last fds section for reusing the unchanged fds. When the
// collector says the process is gone, the last data stays and the view says "exited"; nothing is
// read for that PID any more (its number may be reused). A reading in state Z (a zombie: exited,
// not yet reaped) or X (dead) counts as gone too: its memory and files are already released, so
// only its state facts are taken into the last data, which stays otherwise as it was.

import type { CollectOptions } from '../../collect/inspect/inspect.js';
import type { Inspection, SectionName } from '../../collect/inspect/types.js';
import type { AsyncInspector } from '../../collect/inspect/worker-client.js';
import { stateWords } from '../../collect/inspect/words.js';
import type { Snapshot } from '../../collect/types.js';
import { MemoryHistory } from './memory-history.js';
import type { MemoryPoint } from './pane.js';

export type Inspector = (pid: number, opts?: CollectOptions) => Inspection | null;

export interface DetailSnapshot {
  pid: number | null;
  inspection: Inspection | null;
  exited: boolean;
  history: readonly MemoryPoint[];
  /** the collector failed (a bug, not a permission problem: those are ReadProblems), in words */
  error: string | null;
}

export interface DetailSourceOptions {
  /** the in-process collector */
  inspect: Inspector;
  /** the collector off the main thread (null: read in-process) */
  collector?: AsyncInspector | null;
  /** a reading from `collector` arrived (or it failed): current() changed */
  onChange?: () => void;
  /** where the RSS/PSS history is kept (default: a MemoryHistory of its own) */
  history?: MemoryHistory;
}

const EMPTY: readonly MemoryPoint[] = [];

/** Z (exited, not yet reaped by its parent) or X (dead): nothing but the state is left to read. */
export function isExited(state: string): boolean {
  return state === 'Z' || state === 'X';
}

/**
 * The last data with only the state facts of a zombie's reading: its letter, the letter in words
 * and its ancestry (the parent that has to reap it). The collection time stays the last data's.
 */
function withStateOf(last: Inspection, r: Inspection): Inspection {
  const st = last.sections.state;
  const now = r.sections.state;
  const state = st
    ? { ...st, state: r.state, stateWords: now?.stateWords ?? stateWords(r.state), ancestry: now?.ancestry ?? st.ancestry }
    : now;
  return { ...last, state: r.state, sections: state ? { ...last.sections, state } : last.sections };
}

export class DetailSource {
  private readonly inspect: Inspector;
  private collector: AsyncInspector | null;
  private readonly onChange: () => void;
  /** a reading is under way at the collector */
  private busy = false;
  /** asked to read while busy: read once more when it is done */
  private again = false;
  /** changes when the PID changes or the view closes: later readings of before are dropped */
  private generation = 0;
  private pid: number | null = null;
  private sections: readonly SectionName[] = [];
  private merged: Inspection | null = null;
  private withThreads: Inspection | null = null;
  private exited = false;
  private error: string | null = null;
  readonly history: MemoryHistory;
  private snap: DetailSnapshot = { pid: null, inspection: null, exited: false, history: EMPTY, error: null };
  /** readings taken (for tests and the bench) */
  reads = 0;

  constructor(o: DetailSourceOptions) {
    this.inspect = o.inspect;
    this.collector = o.collector ?? null;
    this.onChange = o.onChange ?? (() => {});
    this.history = o.history ?? new MemoryHistory();
  }

  /** The data now (a new object whenever something changed, so it can be compared by identity). */
  current(): DetailSnapshot {
    return this.snap;
  }

  get openPid(): number | null {
    return this.pid;
  }

  /**
   * The view opened on `pid` (or switched tab: `sections` changed). Reads now, unless `paused` and
   * the sections were read before for this PID (a paused view stays frozen).
   */
  open(pid: number, sections: readonly SectionName[], paused = false): void {
    if (pid !== this.pid) {
      this.generation++;
      this.pid = pid;
      this.merged = null;
      this.withThreads = null;
      this.exited = false;
      this.error = null;
    }
    this.sections = sections;
    const have = this.merged !== null && sections.every((s) => this.merged!.sections[s] !== undefined);
    const before = this.snap;
    if (!paused || !have) this.read();
    // (a reading off the main thread comes later: the PID is the view's now)
    if (this.snap === before) this.publish();
  }

  /** A table refresh: read again (nothing once the process has exited or the view is closed). */
  tick(): void {
    if (this.pid !== null) this.read();
  }

  /**
   * A table sample: each process's RSS goes into the history (not the open PID's while the view
   * reads it), and the PIDs that exited are forgotten (not the open one: its last data stays).
   */
  sampled(snap: Snapshot): void {
    // (nor after it exited: a zombie's RSS of 0 is no reading of its memory)
    this.history.sample(snap.procs, snap.system.pageSize, snap.system.now, this.pid);
  }

  /** The view closed: stop reading (the history is kept for the next time). */
  close(): void {
    this.generation++;
    this.pid = null;
    this.merged = null;
    this.withThreads = null;
    this.exited = false;
    this.error = null;
    this.publish();
  }

  /** Stop the collector's thread (the source reads in-process if used again). */
  dispose(): void {
    this.generation++;
    const c = this.collector;
    this.collector = null;
    c?.close();
  }

  /** The sections to read now: the tab's, and memory for the history. */
  private asked(): readonly SectionName[] {
    return this.sections.includes('memory') ? this.sections : [...this.sections, 'memory' as const];
  }

  private read(): void {
    const pid = this.pid;
    if (pid === null || this.exited) return;
    if (this.collector) {
      this.readAsync(pid, this.collector);
      return;
    }
    let r: Inspection | null;
    this.reads++;
    try {
      r = this.inspect(pid, { sections: this.asked(), previous: this.withThreads, previousFds: this.merged?.sections.fds ?? null });
    } catch (e) {
      this.failed(pid, e);
      return;
    }
    this.accept(pid, r);
  }

  private readAsync(pid: number, collector: AsyncInspector): void {
    if (this.busy) {
      this.again = true;
      return;
    }
    this.busy = true;
    this.reads++;
    const generation = this.generation;
    const current = () => generation === this.generation && this.pid === pid;
    collector
      .inspect(pid, { sections: this.asked(), continued: this.merged !== null }, (r) => {
        if (!current() || this.exited) return;
        this.accept(pid, r);
        this.onChange();
      })
      .catch((e: unknown) => {
        if ((e as { unavailable?: unknown } | null)?.unavailable === true) {
          if (this.collector !== collector) return; // disposed
          // no worker: in-process from now on, starting with this reading
          this.collector = null;
          collector.close();
          this.again = true;
        } else if (current()) {
          this.failed(pid, e);
          this.onChange();
        }
      })
      .finally(() => {
        this.busy = false;
        if (!this.again) return;
        this.again = false;
        const before = this.snap;
        this.read();
        if (this.snap !== before) this.onChange();
      });
  }

  /** The collector failed (a bug, not a permission problem): in words. */
  private failed(pid: number, e: unknown): void {
    this.error = `could not inspect PID ${pid}: ${e instanceof Error ? e.message : String(e)}`;
    this.publish();
  }

  private accept(pid: number, r: Inspection | null): void {
    this.error = null;
    if (!r) {
      this.exited = true;
      this.publish();
      return;
    }
    if (isExited(r.state)) {
      this.exited = true;
      this.merged = this.merged ? withStateOf(this.merged, r) : r;
      this.publish();
      return;
    }
    this.merged = this.merged ? { ...r, sections: { ...this.merged.sections, ...r.sections } } : r;
    if (r.sections.threads) this.withThreads = r;
    const m = r.sections.memory;
    if (m && m.rss !== null) this.history.record(pid, { at: r.collectedAt, rss: m.rss, pss: m.pss });
    this.publish();
  }

  private publish(): void {
    const pid = this.pid;
    this.snap = {
      pid,
      inspection: this.merged,
      exited: this.exited,
      history: pid === null ? EMPTY : this.history.get(pid),
      error: this.error,
    };
  }
}
