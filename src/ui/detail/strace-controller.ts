// The Strace tab's live side, outside React: it owns the one StraceSession of the process the tab
// shows (started when the tab opens, stopped and reaped when the tab is left or the view closes),
// and the display's state over that session's ring:
//  - following the tail (the default), or scrolled back: anchored on a line's sequence number, so
//    the window stays on its lines while new ones arrive and old ones drop out of the ring;
//  - paused: the display shows a frozen copy of the ring (references, taken once) while the
//    session keeps draining strace and counting, so strace never waits on ptop;
//  - filtered: an index of the matching lines' sequence numbers, extended with the new lines at
//    each frame and trimmed as old ones drop out (the whole ring is scanned only when the filter
//    text changes), and a line looked at again when the session replaces it (an unfinished call
//    completed in place).
// Only the lines of the visible window are handed to the pane. The session tells us at most every
// ~75 ms that lines arrived (coalesced); we pass that on as one onChange, never one per line.

import type { SummarySnapshot } from '../../collect/trace/ring.js';
import type { StraceLine } from '../../collect/trace/strace-parse.js';
import { StraceSession, type StraceSessionOptions, type StraceStartOptions, type StraceStatus } from '../../collect/trace/strace-session.js';

/** What the owner needs of a StraceSession (tests pass a fake with a real Ring and SyscallSummary). */
export type StraceSessionLike = Pick<
  StraceSession,
  'ring' | 'summary' | 'status' | 'error' | 'endMessage' | 'command' | 'pid' | 'comm' | 'subscribe' | 'start' | 'stop' | 'saveTo'
>;

/** A move of the window, as the detail view's keys give it. */
export type TraceMove = { delta: number } | { page: 1 | -1 } | 'home' | 'end';

export interface StraceInfo {
  pid: number;
  comm: string | null;
  status: StraceStatus;
  error: string | null;
  endMessage: string | null;
  command: string | null;
  /** lines ever read from strace, lines held, lines dropped from the ring, its capacity */
  totalSeen: number;
  held: number;
  dropped: number;
  capacity: number;
  summary: SummarySnapshot;
  /** calls at least this long (ms) are slow */
  slowMs: number;
}

export interface StraceWindow {
  /** the visible lines, oldest first (at most `page`) */
  lines: readonly StraceLine[];
  /** lines that pass the filter (in the live ring, or in the frozen copy while paused) */
  count: number;
  /** index of lines[0] among those */
  top: number;
  page: number;
  following: boolean;
  paused: boolean;
  /** while paused: lines read since the pause */
  sincePause: number;
}

export interface StraceOwnerOptions {
  /** ring size, slow threshold (from [strace]) */
  session: StraceSessionOptions;
  /** strace arguments and -s (from [strace]) */
  start: StraceStartOptions;
  /** called (asynchronously) when lines arrived or the session's status changed */
  onChange: () => void;
  makeSession?: (o: StraceSessionOptions) => StraceSessionLike;
  /** why `pid` must not be traced (ptop itself: it would wait on its own output), or null */
  refuse?: (pid: number) => string | null;
  now?: () => number;
}

/** Lines addressed by sequence number: the live ring, or a frozen copy of it. */
interface LineStore {
  /** sequence number of the oldest line held */
  first: number;
  /** one past the newest */
  end: number;
  get(seq: number): StraceLine | undefined;
  /** the live ring's replacements (an unfinished call completed in place); a frozen copy has none */
  revisions?: number;
  revisedSince?(since: number): number[] | null;
}

const matches = (l: StraceLine | undefined, needle: string): boolean => l !== undefined && l.raw.toLowerCase().includes(needle);

/** The lines of a store that pass a filter, by sequence number; kept up to date incrementally. */
class FilterIndex {
  private seqs: number[] = [];
  private head = 0;
  private scanned: number;
  private revSeen: number;

  constructor(
    readonly needle: string,
    readonly store: LineStore,
  ) {
    this.scanned = store.first;
    this.revSeen = store.revisions ?? 0;
  }

  /** Take in the lines added since the last sync and forget the ones the store dropped. */
  sync(): void {
    const st = this.store;
    while (this.head < this.seqs.length && this.seqs[this.head] < st.first) this.head++;
    if (this.head > 1024 && this.head * 2 > this.seqs.length) {
      this.seqs = this.seqs.slice(this.head);
      this.head = 0;
    }
    if (st.revisedSince && st.revisions !== this.revSeen) {
      // lines already looked at were replaced (a call completed): look at them again
      const revs = st.revisedSince(this.revSeen);
      this.revSeen = st.revisions!;
      if (revs === null) {
        this.seqs = [];
        this.head = 0;
        this.scanned = st.first;
      } else for (const q of revs) if (q >= st.first && q < this.scanned) this.recheck(q);
    }
    for (let q = Math.max(this.scanned, st.first); q < st.end; q++) if (matches(st.get(q), this.needle)) this.seqs.push(q);
    this.scanned = st.end;
  }

  private recheck(q: number): void {
    const at = this.head + this.lowerBound(q);
    const has = this.seqs[at] === q;
    const want = matches(this.store.get(q), this.needle);
    if (want && !has) this.seqs.splice(at, 0, q);
    else if (!want && has) this.seqs.splice(at, 1);
  }

  get count(): number {
    return this.seqs.length - this.head;
  }

  seqAt(i: number): number {
    return this.seqs[this.head + i];
  }

  /** the index of the first line whose sequence number is ≥ seq */
  lowerBound(seq: number): number {
    let lo = this.head;
    let hi = this.seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.seqs[mid] < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo - this.head;
  }
}

/** Every line of a store (no filter): plain arithmetic. */
class AllIndex {
  constructor(readonly store: LineStore) {}
  sync(): void {}
  get count(): number {
    return Math.max(0, this.store.end - this.store.first);
  }
  seqAt(i: number): number {
    return this.store.first + i;
  }
  lowerBound(seq: number): number {
    return Math.max(0, Math.min(this.count, seq - this.store.first));
  }
}

type Index = FilterIndex | AllIndex;

export class StraceOwner {
  private readonly opts: StraceOwnerOptions;
  private readonly makeSession: (o: StraceSessionOptions) => StraceSessionLike;
  private session: StraceSessionLike | null = null;
  private off: (() => void) | null = null;
  private tracedPid: number | null = null;
  /** stops under way (close() waits for them) */
  private readonly stopping = new Set<Promise<void>>();

  private following = true;
  /** while scrolled back: the sequence number of the first visible line */
  private topSeq = 0;
  private frozen: { store: LineStore; totalAt: number } | null = null;
  private index: Index | null = null;
  /** the window as last drawn, for the moves */
  private drawn: { top: number; count: number; page: number } = { top: 0, count: 0, page: 1 };
  private live: LineStore | null = null;
  /** the tab shows a PID that is not traced, and why */
  private refused: { pid: number; why: string } | null = null;

  constructor(opts: StraceOwnerOptions) {
    this.opts = opts;
    this.makeSession = opts.makeSession ?? ((o) => new StraceSession(o));
  }

  /** the PID being traced (or whose trace ended while the tab stayed open), else null */
  get pid(): number | null {
    return this.tracedPid;
  }

  get paused(): boolean {
    return this.frozen !== null;
  }

  get isFollowing(): boolean {
    return this.following;
  }

  /**
   * The Strace tab shows `pid`: start tracing it unless that is already done (a trace that ended
   * while the tab stayed open is not restarted; leaving the tab and coming back starts anew).
   */
  open(pid: number): void {
    if (this.session && this.tracedPid === pid) return;
    if (this.refused?.pid === pid) return;
    this.leave();
    const why = this.opts.refuse?.(pid) ?? null;
    if (why) {
      this.refused = { pid, why };
      return;
    }
    const s = this.makeSession(this.opts.session);
    this.session = s;
    this.tracedPid = pid;
    this.following = true;
    this.frozen = null;
    this.index = null;
    this.drawn = { top: 0, count: 0, page: 1 };
    const ring = s.ring;
    this.live = {
      get first() {
        return ring.firstSeq;
      },
      get end() {
        return ring.totalSeen;
      },
      get: (seq) => ring.bySeq(seq),
      get revisions() {
        return ring.revisions;
      },
      revisedSince: (since) => ring.revisedSince(since),
    };
    this.off = s.subscribe(() => this.opts.onChange());
    s.start(pid, this.opts.start);
  }

  /** The tab was left (or the view closed): stop strace (it detaches; the process runs on) and forget the session. */
  leave(): void {
    this.refused = null;
    const s = this.session;
    if (!s) return;
    this.off?.();
    this.off = null;
    this.session = null;
    this.tracedPid = null;
    this.live = null;
    this.index = null;
    this.frozen = null;
    const p = s.stop().catch(() => undefined);
    this.stopping.add(p);
    void p.then(() => this.stopping.delete(p));
  }

  /** Stop tracing and wait until every strace this owner started has been reaped. */
  async close(): Promise<void> {
    this.leave();
    await Promise.all([...this.stopping]);
  }

  info(): StraceInfo | null {
    const r = this.refused;
    if (r) {
      const summary = { calls: 0, errors: 0, slow: 0, signals: 0, perSecond: 0, topByCount: [], topByTime: [] };
      return { pid: r.pid, comm: null, status: 'failed', error: r.why, endMessage: null, command: null, totalSeen: 0, held: 0, dropped: 0, capacity: 0, summary, slowMs: 0 };
    }
    const s = this.session;
    if (!s || this.tracedPid === null) return null;
    const now = this.opts.now?.() ?? Date.now();
    return {
      pid: this.tracedPid,
      comm: s.comm,
      status: s.status,
      error: s.error,
      endMessage: s.endMessage,
      command: s.command,
      totalSeen: s.ring.totalSeen,
      held: s.ring.length,
      dropped: s.ring.dropped,
      capacity: s.ring.capacity,
      summary: s.summary.snapshot(5, now),
      slowMs: this.opts.session.slowMs ?? 10,
    };
  }

  private store(): LineStore | null {
    return this.frozen?.store ?? this.live;
  }

  private indexFor(filter: string): Index | null {
    const store = this.store();
    if (!store) return null;
    const needle = filter.trim().toLowerCase();
    const cur = this.index;
    const fits = cur && cur.store === store && (cur instanceof FilterIndex ? cur.needle === needle : needle === '');
    if (!fits) this.index = needle ? new FilterIndex(needle, store) : new AllIndex(store);
    this.index!.sync();
    return this.index;
  }

  /** The lines to show in a window of `page` lines, with `filter` applied. */
  window(filter: string, page: number): StraceWindow {
    const p = Math.max(1, page);
    const idx = this.indexFor(filter);
    const paused = this.frozen !== null;
    const sincePause = this.frozen && this.session ? this.session.ring.totalSeen - this.frozen.totalAt : 0;
    if (!idx) return { lines: [], count: 0, top: 0, page: p, following: this.following, paused, sincePause };
    const count = idx.count;
    const last = Math.max(0, count - p);
    let top = this.following ? last : Math.min(idx.lowerBound(this.topSeq), last);
    if (top < 0) top = 0;
    if (!this.following && count > 0) this.topSeq = idx.seqAt(top);
    const store = this.store()!;
    const lines: StraceLine[] = [];
    for (let i = top; i < Math.min(count, top + p); i++) {
      const l = store.get(idx.seqAt(i));
      if (l) lines.push(l);
    }
    this.drawn = { top, count, page: p };
    return { lines, count, top, page: p, following: this.following, paused, sincePause };
  }

  /**
   * Move the window (as last drawn): up stops following, reaching the bottom or End follows the
   * tail again. Returns whether anything changed.
   */
  move(m: TraceMove): boolean {
    const { top, count, page } = this.drawn;
    const last = Math.max(0, count - page);
    if (m === 'end') {
      const changed = !this.following;
      this.following = true;
      return changed;
    }
    const to = Math.max(0, Math.min(last, m === 'home' ? 0 : 'delta' in m ? top + m.delta : top + m.page * page));
    const up = m === 'home' || ('delta' in m ? m.delta < 0 : m.page < 0);
    if (!up && to >= last) {
      // down to the bottom: follow the tail again
      const changed = !this.following;
      this.following = true;
      return changed;
    }
    const idx = this.index;
    if (to === top || !idx || idx.count === 0) return false;
    this.following = false;
    this.topSeq = idx.seqAt(Math.min(to, idx.count - 1));
    return true;
  }

  /** Pause or resume the display (the session keeps reading strace either way). Returns the new state. */
  togglePause(): boolean {
    const s = this.session;
    if (!s) return false;
    if (this.frozen) {
      this.frozen = null;
      return false;
    }
    const ring = s.ring;
    const copy = ring.slice();
    const first = ring.firstSeq;
    this.frozen = {
      store: { first, end: first + copy.length, get: (seq) => copy[seq - first] },
      totalAt: ring.totalSeen,
    };
    return true;
  }

  /**
   * Save the ring's lines (all of them, not only the filtered or visible ones) to `path`, never
   * overwriting. Returns the path written and the line count, or an error in words.
   */
  save(path: string): { ok: true; path: string; lines: number } | { ok: false; error: string } {
    const s = this.session;
    if (!s) return { ok: false, error: 'nothing to save: strace is not running' };
    if (s.ring.length === 0) return { ok: false, error: 'nothing to save yet: strace has printed no lines' };
    try {
      const path1 = s.saveTo(path);
      // a joined call is two of strace's lines
      let lines = 0;
      for (const l of s.ring) lines += l.joined ? 2 : 1;
      return { ok: true, path: path1, lines };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }
}
