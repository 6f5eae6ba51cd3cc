// Where the view's data comes from: the Sampler on a timer, outside React. Each tick replaces the
// one snapshot held (old snapshots are not kept) and tells the subscriber once. Paused = no
// sampling at all; the threads/kernel-threads toggles change the Sampler's options and resample.

import type { Sampler } from '../collect/sampler.js';
import type { ProcSource, Snapshot } from '../collect/types.js';

export interface DataSource {
  /** the latest snapshot (null before the first sample) */
  current(): Snapshot | null;
  /** called after every new snapshot; returns the unsubscribe function */
  subscribe(fn: () => void): () => void;
  setPaused(paused: boolean): void;
  /** list threads / kernel threads; takes a new sample now */
  setOptions(o: { showThreads: boolean; showKthreads: boolean }): void;
  /** the per-process sources to read (columns, sort, filter); a sample now when new ones are needed */
  setNeeds(needs: ReadonlySet<ProcSource>): void;
  /** sample now (and restart the interval) */
  refresh(): void;
  /** stop the timer and release what the sampler holds */
  close(): void;
}

export class LiveSource implements DataSource {
  private snap: Snapshot | null = null;
  private timer: NodeJS.Timeout | null = null;
  private listeners = new Set<() => void>();
  private paused = false;
  private closed = false;
  private needs: Set<ProcSource>;

  constructor(
    private readonly sampler: Sampler,
    needs: ReadonlySet<ProcSource>,
    private readonly intervalMs: number,
  ) {
    this.needs = new Set(needs);
  }

  /** Take the first sample (synchronously, so the first frame has data) unless one was taken. */
  start(): void {
    if (!this.snap) this.tick();
  }

  current(): Snapshot | null {
    return this.snap;
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  get isPaused(): boolean {
    return this.paused;
  }

  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    if (paused) this.stopTimer();
    else this.tick();
  }

  setOptions(o: { showThreads: boolean; showKthreads: boolean }): void {
    this.sampler.opts.showThreads = o.showThreads;
    this.sampler.opts.showKthreads = o.showKthreads;
    this.refresh();
  }

  setNeeds(needs: ReadonlySet<ProcSource>): void {
    let grew = false;
    for (const n of needs) if (!this.needs.has(n)) grew = true;
    this.needs = new Set(needs);
    if (grew && !this.paused) this.refresh();
  }

  refresh(): void {
    this.tick();
  }

  close(): void {
    this.closed = true;
    this.stopTimer();
    this.listeners.clear();
    this.snap = null;
    this.sampler.close();
  }

  private stopTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private tick(): void {
    if (this.closed) return;
    this.stopTimer();
    const t0 = performance.now();
    this.snap = this.sampler.sample(this.needs);
    for (const fn of this.listeners) fn();
    // a fixed rate: the time spent sampling and drawing comes out of the interval
    if (!this.paused && !this.closed) {
      this.timer = setTimeout(() => this.tick(), Math.max(10, this.intervalMs - (performance.now() - t0)));
    }
  }
}
