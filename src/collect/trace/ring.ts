// The strace pane's memory: a bounded ring of parsed lines (the newest `capacity`, O(1) push,
// index access for a virtualized view) and a running summary over everything seen since the
// start (counts and time per syscall, errors, syscalls per second over the last few seconds).
// Both stay the same size however long strace runs: the ring by construction, the summary because
// it keys on syscall names (a few hundred at most).

import { isCompleteCall, type StraceLine } from './strace-parse.js';

/** A fixed-capacity ring: pushing past capacity drops the oldest item. */
export class Ring<T> {
  readonly capacity: number;
  private readonly buf: (T | undefined)[];
  private head = 0;
  private len = 0;
  private seen = 0;
  /** the sequence numbers of the last REV_LOG replaced items, and how many replacements ever */
  private readonly revLog: number[] = [];
  private revs = 0;
  private static readonly REV_LOG = 256;

  constructor(capacity = 10_000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`ring capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.buf = new Array<T | undefined>(capacity).fill(undefined);
  }

  push(item: T): void {
    if (this.len < this.capacity) {
      this.buf[(this.head + this.len) % this.capacity] = item;
      this.len++;
    } else {
      this.buf[this.head] = item;
      this.head = (this.head + 1) % this.capacity;
    }
    this.seen++;
  }

  /**
   * Put `item` in the place of the held item with sequence number `seq` (an unfinished strace
   * call completed later). False, and nothing changes, when that item was dropped or not pushed.
   */
  replace(seq: number, item: T): boolean {
    const i = seq - this.firstSeq;
    if (!Number.isInteger(i) || i < 0 || i >= this.len) return false;
    this.buf[(this.head + i) % this.capacity] = item;
    if (this.revLog.length >= Ring.REV_LOG) this.revLog.shift();
    this.revLog.push(seq);
    this.revs++;
    return true;
  }

  /** how many replacements there have been (a cursor for revisedSince) */
  get revisions(): number {
    return this.revs;
  }

  /** the sequence numbers replaced since the cursor `since` (oldest first), or null when the log no longer reaches back that far */
  revisedSince(since: number): number[] | null {
    const n = this.revs - since;
    if (n <= 0) return [];
    if (n > this.revLog.length) return null;
    return this.revLog.slice(this.revLog.length - n);
  }

  /** how many items are held now (≤ capacity) */
  get length(): number {
    return this.len;
  }

  /** how many items were ever pushed (held + dropped) */
  get totalSeen(): number {
    return this.seen;
  }

  /** how many items were dropped to make room */
  get dropped(): number {
    return this.seen - this.len;
  }

  /** the sequence number (0-based over everything ever pushed) of at(0); at(i) is number firstSeq + i */
  get firstSeq(): number {
    return this.seen - this.len;
  }

  /** the i-th held item, 0 = oldest, length - 1 = newest; undefined out of range */
  at(i: number): T | undefined {
    if (!Number.isInteger(i) || i < 0 || i >= this.len) return undefined;
    return this.buf[(this.head + i) % this.capacity];
  }

  /** the item with sequence number `seq`, or undefined when it was dropped or not pushed yet */
  bySeq(seq: number): T | undefined {
    return this.at(seq - this.firstSeq);
  }

  /** held items [start, end) (clamped), oldest first: a window for a virtualized view */
  slice(start = 0, end = this.len): T[] {
    const s = Math.max(0, Math.min(this.len, Math.trunc(start)));
    const e = Math.max(s, Math.min(this.len, Math.trunc(end)));
    const out: T[] = new Array(e - s);
    for (let i = s; i < e; i++) out[i - s] = this.buf[(this.head + i) % this.capacity] as T;
    return out;
  }

  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.len; i++) yield this.buf[(this.head + i) % this.capacity] as T;
  }

  /** drop everything held (totalSeen is kept) */
  clear(): void {
    this.buf.fill(undefined);
    this.head = 0;
    this.len = 0;
  }
}

export interface SyscallStat {
  name: string;
  count: number;
  /** sum of the -T durations, seconds */
  totalSec: number;
  /** calls that returned an error */
  errors: number;
}

export interface SummarySnapshot {
  /** complete calls seen since the start */
  calls: number;
  /** of those, failed ones (an errno) */
  errors: number;
  /** of those, slower than the slow threshold */
  slow: number;
  /** signals delivered */
  signals: number;
  /** complete calls per second over the last `windowMs` (or since the start, when shorter) */
  perSecond: number;
  /** the most frequent syscalls, most first */
  topByCount: SyscallStat[];
  /** the syscalls with the most time in them, most first */
  topByTime: SyscallStat[];
}

const BUCKET_MS = 250;

/** Running totals over every line seen (not only those still in the ring). */
export class SyscallSummary {
  private readonly stats = new Map<string, SyscallStat>();
  private calls = 0;
  private errors = 0;
  private slow = 0;
  private signals = 0;
  private readonly buckets: number[];
  private readonly bucketIds: number[];
  private startedMs = -1;
  readonly windowMs: number;
  /** calls at least this long count as slow (seconds) */
  slowSec: number;

  constructor(opts: { windowMs?: number; slowMs?: number } = {}) {
    this.windowMs = Math.max(BUCKET_MS, opts.windowMs ?? 3000);
    this.slowSec = (opts.slowMs ?? 10) / 1000;
    const n = Math.ceil(this.windowMs / BUCKET_MS) + 1;
    this.buckets = new Array<number>(n).fill(0);
    this.bucketIds = new Array<number>(n).fill(-1);
  }

  /** Count one parsed line that arrived at `nowMs`. */
  add(line: StraceLine, nowMs: number = Date.now()): void {
    if (line.kind === 'signal') {
      this.signals++;
      return;
    }
    if (!isCompleteCall(line)) return;
    if (this.startedMs < 0) this.startedMs = nowMs;
    this.calls++;
    const name = line.syscall!;
    let s = this.stats.get(name);
    if (!s) {
      s = { name, count: 0, totalSec: 0, errors: 0 };
      this.stats.set(name, s);
    }
    s.count++;
    if (line.durationSec !== null) {
      s.totalSec += line.durationSec;
      if (line.durationSec >= this.slowSec) this.slow++;
    }
    if (line.errno !== null) {
      s.errors++;
      this.errors++;
    }
    const id = Math.floor(nowMs / BUCKET_MS);
    const slot = id % this.buckets.length;
    if (this.bucketIds[slot] !== id) {
      this.bucketIds[slot] = id;
      this.buckets[slot] = 0;
    }
    this.buckets[slot]++;
  }

  /** complete calls per second over the last windowMs (since the first call when that is shorter) */
  perSecond(nowMs: number = Date.now()): number {
    if (this.startedMs < 0) return 0;
    const nowId = Math.floor(nowMs / BUCKET_MS);
    const oldestId = Math.floor((nowMs - this.windowMs) / BUCKET_MS);
    let n = 0;
    for (let i = 0; i < this.buckets.length; i++) {
      const id = this.bucketIds[i];
      if (id > oldestId && id <= nowId) n += this.buckets[i];
    }
    const spanMs = Math.min(this.windowMs, Math.max(BUCKET_MS, nowMs - this.startedMs));
    return (n * 1000) / spanMs;
  }

  /** the top `n` by count and by time, and the totals (copies: safe to keep) */
  snapshot(n = 5, nowMs: number = Date.now()): SummarySnapshot {
    const all = [...this.stats.values()];
    const copy = (s: SyscallStat): SyscallStat => ({ ...s });
    return {
      calls: this.calls,
      errors: this.errors,
      slow: this.slow,
      signals: this.signals,
      perSecond: this.perSecond(nowMs),
      topByCount: [...all].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)).slice(0, n).map(copy),
      topByTime: [...all].sort((a, b) => b.totalSec - a.totalSec || a.name.localeCompare(b.name)).slice(0, n).map(copy),
    };
  }

  reset(): void {
    this.stats.clear();
    this.calls = this.errors = this.slow = this.signals = 0;
    this.buckets.fill(0);
    this.bucketIds.fill(-1);
    this.startedMs = -1;
  }
}

/**
 * Puts one parsed strace record into `ring`: a joined call (an unfinished line completed by its
 * resumed line) takes the place of its unfinished line when that is still held, so the call shows
 * once, complete, where it started; anything else is pushed. `starts` remembers where unfinished
 * lines went (weak: an entry goes with its line). Returns what happened.
 */
export function placeStraceLine(ring: Ring<StraceLine>, starts: WeakMap<StraceLine, number>, rec: StraceLine): 'pushed' | 'replaced' {
  const start = rec.start;
  if (start) {
    rec.start = null;
    const seq = starts.get(start);
    if (seq !== undefined && ring.replace(seq, rec)) return 'replaced';
  }
  if (rec.kind === 'unfinished') starts.set(rec, ring.totalSeen);
  ring.push(rec);
  return 'pushed';
}
