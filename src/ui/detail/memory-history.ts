// The RSS (and, while the detail view reads it, PSS) of each process over the whole time ptop has
// watched it, for the Memory tab's sparklines. Fed by every table sample (RSS from stat/statm, the
// controller calls DetailSource.sampled) and by the detail view's own readings (RSS and PSS).
//
// Bounded: at most `points` points per PID, whatever the time watched. When a PID's points are
// full, every other one is dropped and from then on one sample in twice as many is kept (the
// newest sample always replaces the last point until its turn to stay is done), so the line
// always spans from the first sample to the newest. A PID is forgotten when a table sample no
// longer lists it (it exited) or its start time changes (the number was reused), and at most
// `pids` PIDs are kept (the oldest go first). Points are stored in typed arrays: 16 bytes each.

import type { ProcessSample } from '../../collect/types.js';
import type { MemoryPoint } from './pane.js';

export const HISTORY_POINTS = 64;
export const HISTORY_PIDS = 10_000;

interface Track {
  /** the process's start time (stat field 22), -1 when unknown (recorded by the view only) */
  start: number;
  at: Float64Array;
  /** KiB (float32: exact to 16 GiB, 7 digits beyond) */
  rss: Float32Array;
  /** KiB, NaN when not read (the table reads RSS only) */
  pss: Float32Array;
  n: number;
  /** one sample in `every` stays */
  every: number;
  /** samples taken into the last point so far */
  taken: number;
  /** the table sample that last listed the PID */
  seen: number;
  /** get()'s answer until the next point (a new array after each: the Memory tab memoises on it) */
  cache: MemoryPoint[] | null;
}

const EMPTY: readonly MemoryPoint[] = [];

export class MemoryHistory {
  private readonly tracks = new Map<number, Track>();
  private readonly maxPoints: number;
  private readonly maxPids: number;
  private samples = 0;

  constructor(o: { points?: number; pids?: number } = {}) {
    this.maxPoints = Math.max(2, o.points ?? HISTORY_POINTS);
    this.maxPids = Math.max(1, o.pids ?? HISTORY_PIDS);
  }

  /** PIDs with a history (for tests and the bench). */
  get size(): number {
    return this.tracks.size;
  }

  /** The points of `pid`, oldest first (the same array until a point is added). */
  get(pid: number): readonly MemoryPoint[] {
    const t = this.tracks.get(pid);
    if (!t || t.n === 0) return EMPTY;
    if (!t.cache) {
      const out: MemoryPoint[] = new Array(t.n);
      for (let i = 0; i < t.n; i++) {
        const pss = t.pss[i];
        out[i] = { at: t.at[i], rss: t.rss[i] * 1024, pss: Number.isNaN(pss) ? null : pss * 1024 };
      }
      t.cache = out;
    }
    return t.cache;
  }

  /**
   * One point of `pid` (bytes; pss null when not read). `start` is the process's start time when
   * known: a different one means a new process under a reused number, whose history starts anew.
   */
  record(pid: number, p: MemoryPoint, start = -1): void {
    let t = this.tracks.get(pid);
    if (t && start >= 0 && t.start >= 0 && t.start !== start) {
      this.tracks.delete(pid);
      t = undefined;
    }
    if (!t) {
      const n = this.maxPoints;
      t = { start, at: new Float64Array(n), rss: new Float32Array(n), pss: new Float32Array(n), n: 0, every: 1, taken: 0, seen: this.samples, cache: null };
      this.tracks.set(pid, t);
      while (this.tracks.size > this.maxPids) this.tracks.delete(this.tracks.keys().next().value!);
    } else if (t.start < 0) t.start = start;
    if (t.n > 0 && p.at <= t.at[t.n - 1]) return; // not newer (the same reading twice)
    if (t.taken === 0 || t.n === 0) {
      if (t.n === this.maxPoints) thin(t);
      t.n++;
    }
    const i = t.n - 1;
    t.at[i] = p.at;
    t.rss[i] = p.rss / 1024;
    t.pss[i] = p.pss === null ? NaN : p.pss / 1024;
    t.taken = (t.taken + 1) % t.every;
    t.cache = null;
  }

  /**
   * A table sample: each process's RSS (thread rows share their process's and are skipped), then
   * the PIDs the sample no longer lists are forgotten, except `keep` (the detail view's, whose
   * last data stays on screen after it exits); `keep` itself is not recorded (the view reads it).
   */
  sample(procs: readonly ProcessSample[], pageSize: number, at: number, keep: number | null = null): void {
    const no = ++this.samples;
    for (const p of procs) {
      if (p.isThread) continue;
      if (p.pid === keep) {
        const t = this.tracks.get(p.pid);
        if (t) t.seen = no;
        continue;
      }
      const rss = p.statm ? p.statm.resident : p.stat.rss * pageSize;
      this.record(p.pid, { at, rss, pss: null }, p.stat.starttime);
      this.tracks.get(p.pid)!.seen = no;
    }
    for (const [pid, t] of this.tracks) if (t.seen !== no && pid !== keep) this.tracks.delete(pid);
  }
}

/** Keep every other point (the newest stays), and from now on one sample in twice as many. */
function thin(t: Track): void {
  const keep = Math.ceil(t.n / 2);
  // the points at odd distance from the newest go: 0..n-1 → the newest and every second before it
  const from = t.n - 1 - (keep - 1) * 2;
  for (let j = 0; j < keep; j++) {
    const i = from + j * 2;
    t.at[j] = t.at[i];
    t.rss[j] = t.rss[i];
    t.pss[j] = t.pss[i];
  }
  t.n = keep;
  t.every *= 2;
}
