// The interactive view's brain, outside React: it holds the view state and the latest snapshot,
// derives the rows (filter, sort, tree) only when one of those inputs changed, lays out the visible
// window, and turns everything into a Frame of painted lines. Keys come in as names (keys.ts) and
// go through the keymap, or to the open dialog first. A new frame is published only when a line
// differs from the last one, so an idle tick or a key that changes nothing draws nothing; React
// then re-renders only the lines that changed.
//
// It also owns the trace actions' external tools: the strace session of the Strace tab (started
// when the tab opens, stopped when it is left or the view closes), the stack capture of the Stacks
// tab (cancelled when the tab is left) and a background gcore (`C`; cancelled on quit). dispose()
// ends every one of them synchronously (children.endAll); close() does it asynchronously and
// waits until they are reaped.

import { inspectProcess } from '../collect/inspect/inspect.js';
import { endAll } from '../collect/trace/children.js';
import { savePath } from '../collect/trace/files.js';
import type { CorePlan } from '../collect/trace/gcore.js';
import type { CaptureOptions, StackCapture, StackResult } from '../collect/trace/gstack.js';
import type { StraceSessionOptions } from '../collect/trace/strace-session.js';
import { workerInspector } from '../collect/inspect/worker-client.js';
import type { ProcessSample, ProcSource, Snapshot } from '../collect/types.js';
import { ttyName as defaultTtyName } from '../collect/tty.js';
import { UserTable } from '../collect/users.js';
import { getColumnKind, sourcesFor } from '../model/columns/registry.js';
import type { ColumnContext, ColumnKind } from '../model/columns/types.js';
import type { Config } from '../model/config/types.js';
import { displayWidth } from '../model/format.js';
import { parseQuery, querySources } from '../model/query.js';
import { requiredSources } from '../model/table.js';
import { helpLines, keyBarEntries, keyBarLine, menuLines, statusLine } from './chrome.js';
import { CoreJob, coreEventText, type CoreCaptureLike, type PlanResult } from './core-job.js';
import { compileFilter, deriveRows, rowsView, sampleOf, type Derived } from './derive.js';
import type { DetailData, PaneState } from './detail/pane.js';
import { PANES, STACKS_TAB, STRACE_TAB } from './detail/panes.js';
import { DetailSource, type Inspector } from './detail/source.js';
import { StacksOwner } from './detail/stacks-controller.js';
import { StacksRenderer } from './detail/stacks-pane.js';
import { StraceOwner, type StraceSessionLike } from './detail/strace-controller.js';
import { StraceRenderer } from './detail/strace-pane.js';
import { detailLines, tabSpans } from './detail/view.js';
import { countTasks, headerBudget, headerLines, type HostFacts } from './header.js';
import { formatKey, keyText, type MouseEvent } from './keys.js';
import type { Keymap } from './keymap.js';
import { describeError, menuSignals, parseSignal, realProcessOps, type OpResult, type ProcessOps, type SignalChoice } from './process-ops.js';
import type { DataSource } from './source.js';
import type { UiStyles } from './styles.js';
import { TableView } from './table-view.js';
import {
  clamp,
  DETAIL_TABS,
  filterPane,
  initialViewState,
  invertPaneSort,
  movePane,
  reconcile,
  reduce,
  selectIndex,
  selectionIndex,
  stepPaneSort,
  type Mode,
  type PaneMetrics,
  type PaneMove,
  type RowsView,
  type Target,
  type ViewAction,
  type ViewState,
} from './view-state.js';

export interface Size {
  columns: number;
  rows: number;
}

export interface FrameLine {
  /** stable identity for React (row lines are keyed by PID) */
  key: string;
  /** painted text, at most `width` columns */
  text: string;
}

export interface Frame {
  width: number;
  /** the root's height: rows − 1 */
  height: number;
  lines: FrameLine[];
}

export interface ControllerOptions {
  config: Config;
  source: DataSource;
  keymap: Keymap;
  ui: UiStyles;
  host: HostFacts;
  size: Size;
  initial?: Partial<ViewState>;
  ops?: ProcessOps;
  userName?: (uid: number) => string;
  ttyName?: (ttyNr: number) => string;
  now?: () => number;
  /** a word in the help overlay on where [keys] come from */
  configNote?: string;
  /** called when the user quits */
  onQuit?: () => void;
  /** the detail view's collector (default: inspectProcess on /proc) */
  inspect?: Inspector;
  /** the trace actions' tools (tests pass fakes); default: the real ones */
  trace?: TraceDeps;
}

/** What the strace, stacks and core actions run; every field defaults to the real thing. */
export interface TraceDeps {
  makeSession?: (o: StraceSessionOptions) => StraceSessionLike;
  captureStacks?: (pid: number, o: CaptureOptions) => Promise<StackResult>;
  saveStacks?: (c: StackCapture, path: string) => string;
  planCore?: (pid: number, o: { dir?: string | null; confirmBytes?: number }) => PlanResult;
  startCore?: (pid: number, o: { dir?: string; expectedBytes?: number }) => CoreCaptureLike;
  /** where `w` saves strace buffers and stacks (default: $XDG_STATE_HOME/ptop) */
  saveDir?: string;
  /** ends every external tool synchronously (default: children.endAll) */
  endChildren?: () => void;
  /** ptop's own PID, which is never traced (default: process.pid) */
  selfPid?: number;
}

/** How long the message about a written core stays (it holds the command to open it). */
const CORE_MESSAGE_MS = 60_000;

const SIGNAL_MENU_W = 16;

/** Actions after which the window does not scroll to the selection. */
const STILL_VIEW: ReadonlySet<ViewAction['type']> = new Set(['mode', 'openDetail', 'closeDetail', 'tab', 'message', 'toggle', 'pane']);

export class Controller {
  state: ViewState;
  private readonly config: Config;
  private readonly source: DataSource;
  private readonly keymap: Keymap;
  private readonly ui: UiStyles;
  private host: HostFacts;
  private readonly ops: ProcessOps;
  private readonly now: () => number;
  private readonly userName: (uid: number) => string;
  private readonly ttyName: (ttyNr: number) => string;
  private readonly users: UserTable | null;
  private readonly configNote: string;
  onQuit: () => void;
  /** Ctrl-Z: set by the terminal's owner (main.ts), which hands the terminal back to the shell */
  onSuspend: (() => void) | null = null;

  private size: Size;
  private snap: Snapshot | null = null;
  private ctx: ColumnContext | null = null;
  private derived: Derived | null = null;
  private derivedFrom: unknown[] = [];
  private header: { from: unknown[]; lines: string[] } | null = null;
  private readonly table = new TableView();
  private frame: Frame = { width: 0, height: 0, lines: [] };
  private listeners = new Set<() => void>();
  private unsubscribe: () => void;
  private messageTimer: NodeJS.Timeout | null = null;
  private refreshTimer: NodeJS.Timeout | null = null;
  private searchMiss = false;
  /** the help overlay's window, from the last frame: first line shown, lines shown, lines in all */
  private helpView = { start: 0, body: 1, total: 1 };
  /** the detail view's process as last seen (shown as exited when it is gone) */
  private detailSample: ProcessSample | null = null;
  /** reads the open process for the detail view's tabs */
  readonly detail: DetailSource;
  /** one renderer per tab (each holds its memos) */
  private readonly renderers = PANES.map((p) => p.create());
  /** what the detail source was last told: `${pid}:${tab}`, '' when closed */
  private detailOpen = '';
  /** the process left the table's snapshot while the view was open (sticky until reopened) */
  private detailGone = false;
  /** the active pane as last drawn (rows, page, sort) for the keys */
  private paneMetrics: PaneMetrics | null = null;
  private readonly sortable: string[];
  private readonly signals: SignalChoice[] = menuSignals();
  private needsKey = '';
  private publishPending = false;
  private resampleAsked = false;
  /** the table header's column positions in the last frame (for clicks) */
  private spans: Array<[number, number, string]> = [];
  /** the Strace tab's session owner */
  readonly strace: StraceOwner;
  /** the Stacks tab's capture owner */
  readonly stacks: StacksOwner;
  /** the background gcore */
  readonly core: CoreJob;
  private readonly trace: TraceDeps;
  private disposed = false;

  constructor(o: ControllerOptions) {
    this.config = o.config;
    this.source = o.source;
    this.keymap = o.keymap;
    this.ui = o.ui;
    this.host = o.host;
    this.size = o.size;
    this.ops = o.ops ?? realProcessOps;
    this.now = o.now ?? Date.now;
    this.users = o.userName ? null : new UserTable();
    this.userName = o.userName ?? ((uid) => this.users!.name(uid));
    this.ttyName = o.ttyName ?? defaultTtyName;
    this.configNote = o.configNote ?? '';
    this.onQuit = o.onQuit ?? (() => {});
    this.detail = new DetailSource({
      inspect: o.inspect ?? inspectProcess,
      // the real collector runs on a worker thread (a refresh of 10,000 fds never holds up a key)
      collector: o.inspect ? null : workerInspector(),
      onChange: () => this.update(false),
    });
    this.trace = o.trace ?? {};
    const changed = () => {
      if (!this.disposed) this.update(false);
    };
    // ptop stopped by its own tracer would wait for itself to read the tracer's output: never
    const self = this.trace.selfPid ?? process.pid;
    const ownProcess = (pid: number) => pid === self || this.sampleByKey(pid)?.pid === self;
    const refuse = (what: string) => (pid: number) =>
      ownProcess(pid) ? `PID ${pid} is ptop itself: ptop cannot ${what} its own process (it would wait on itself)` : null;
    this.strace = new StraceOwner({
      // new lines redraw the tab at most 5 times a second: a tail of thousands of lines a second is
      // read by pausing it, and each redraw of a 50-line pane costs Ink ~25 ms (keys redraw at once)
      session: { bufferLines: o.config.strace.bufferLines, slowMs: o.config.strace.slowMs, notifyMs: 200 },
      start: { args: o.config.strace.args, stringLimit: o.config.strace.stringLimit },
      onChange: changed,
      makeSession: this.trace.makeSession,
      refuse: refuse('strace'),
      now: this.now,
    });
    this.stacks = new StacksOwner({
      onChange: changed,
      capture: this.trace.captureStacks,
      save: this.trace.saveStacks,
      refuse: refuse('capture the stacks of'),
      now: this.now,
    });
    this.core = new CoreJob({
      dir: o.config.actions.coreDir,
      confirmBytes: o.config.actions.coreConfirmBytes,
      plan: this.trace.planCore,
      start: this.trace.startCore,
      onEvent: (ev, plan) => {
        if (this.disposed) return;
        const said = coreEventText(ev, plan);
        if (said) this.message(said[0], said[1], ev.type === 'done' ? CORE_MESSAGE_MS : undefined);
        this.update(false);
      },
    });
    for (const r of this.renderers) {
      if (r instanceof StraceRenderer) r.owner = this.strace;
      if (r instanceof StacksRenderer) r.owner = this.stacks;
    }
    this.state = initialViewState({
      showThreads: o.config.display.showThreads,
      showKthreads: o.config.display.showKthreads,
      ...o.initial,
    });
    if (this.state.filter.text && !this.state.filter.query) {
      this.state = reduce(this.state, { type: 'filterText', text: this.state.filter.text }, this.emptyRows());
    }
    const seen = new Set<string>();
    this.sortable = [];
    for (const c of o.config.columns) {
      const k = getColumnKind(c.kind);
      if (k && !seen.has(k.kind)) {
        seen.add(k.kind);
        this.sortable.push(k.kind);
      }
    }
    this.unsubscribe = this.source.subscribe(() => this.onData());
    this.snap = this.source.current();
    this.update(true);
  }

  // ---- the store React reads -------------------------------------------------------------------

  subscribe = (fn: () => void): (() => void) => {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  };

  getFrame = (): Frame => this.frame;

  /**
   * A new terminal size. Published synchronously: Ink's own resize handler runs right after this
   * one and must already draw lines cut to the new width.
   */
  setSize(size: Size): void {
    if (size.columns === this.size.columns && size.rows === this.size.rows) return;
    this.size = size;
    this.update(true, true);
  }

  /** The host facts read once after start (the distribution, from systeminformation). */
  setHost(host: HostFacts): void {
    this.host = host;
    this.update(false);
  }

  dispose(): void {
    this.unsubscribe();
    this.detail.dispose();
    if (this.messageTimer) clearTimeout(this.messageTimer);
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.listeners.clear();
    // the trace actions' tools: ended now, synchronously; traced and inspected processes run on
    this.disposed = true;
    this.strace.leave();
    this.stacks.leave();
    void this.core.cancel();
    (this.trace.endChildren ?? endAll)();
  }

  /**
   * ptop is about to be stopped (Ctrl-Z, SIGTSTP): a stopped ptop cannot drain strace's output,
   * and a strace that cannot write holds up the traced process, so strace is ended now. True when
   * one was running (resumed() starts it again).
   */
  suspending(): boolean {
    const status = this.strace.info()?.status;
    this.strace.leave();
    return status === 'running' || status === 'starting';
  }

  /**
   * Back from a suspend (`stopped`), or from a suspend that did not happen (a shell without job
   * control discards the stop): strace again when the Strace tab is open, and a fresh sample.
   */
  resumed(straceWasRunning: boolean, stopped = true): void {
    this.syncTrace();
    if (!stopped) this.message('Could not suspend: the shell that started ptop has no job control', 'error');
    else if (straceWasRunning) this.message('strace was ended while ptop was stopped (a stopped ptop cannot read it); it started again');
    this.update(true, true);
    this.resample(() => this.source.refresh());
  }

  /** End the trace actions' tools and wait until each is reaped (dispose() does it synchronously). */
  async close(): Promise<void> {
    await Promise.all([this.strace.close(), this.stacks.close(), this.core.cancel()]);
  }

  /** The sources the sampler must read for the columns, the sort column and the filter. */
  needs(): Set<ProcSource> {
    const s = new Set<ProcSource>(requiredSources(this.config.columns));
    for (const n of sourcesFor([this.sortKind()])) s.add(n);
    if (this.state.filter.query) for (const n of querySources(this.state.filter.query, { columns: this.config.columns })) s.add(n);
    return s;
  }

  // ---- data --------------------------------------------------------------------------------------

  private onData(): void {
    this.snap = this.source.current();
    // every process's RSS over the time ptop watches it, for the Memory tab's sparkline
    if (this.snap) this.detail.sampled(this.snap);
    this.users?.refresh();
    // the detail view refreshes on the table's timer (a paused table sends nothing)
    if (this.detailOpen && this.state.screen === 'detail') this.detail.tick();
    const asked = this.resampleAsked;
    this.resampleAsked = false;
    this.update(asked);
  }

  /** A sample the user asked for (a toggle, a refresh): its rows keep the selection in view. */
  private resample(fn: () => void): void {
    this.resampleAsked = true;
    fn();
    this.resampleAsked = false;
  }

  private sortKind(): ColumnKind {
    return getColumnKind(this.state.sort.kind) ?? getColumnKind('Pid')!;
  }

  private context(): ColumnContext | null {
    if (!this.snap) return null;
    if (!this.ctx || this.ctx.system !== this.snap.system) {
      this.ctx = { system: this.snap.system, userName: this.userName, ttyName: this.ttyName };
    }
    return this.ctx;
  }

  private derive(): Derived {
    const s = this.state;
    const from = [this.snap, s.sort.kind, s.sort.order, s.tree, s.collapsed, s.filter.query];
    if (this.derived && from.every((v, i) => v === this.derivedFrom[i])) return this.derived;
    const ctx = this.context();
    this.derived = ctx
      ? deriveRows(this.snap!.procs, ctx, {
          columns: this.config.columns,
          search: this.config.search,
          sortKind: this.sortKind(),
          order: s.sort.order,
          tree: s.tree,
          collapsed: s.collapsed,
          treeSymbols: this.config.display.treeSymbols,
          query: s.filter.query,
        })
      : { rows: [], keys: [], index: new Map(), withChildren: new Set(), matched: 0 };
    this.derivedFrom = from;
    return this.derived;
  }

  private emptyRows(): RowsView {
    return { keys: [], index: new Map(), page: 1, sortable: [], parentOf: () => undefined, hasChildren: () => false };
  }

  /** Rows on screen for the table. */
  private layout(): { headerLines: number; tableArea: number; page: number } {
    const height = Math.max(1, this.size.rows - 1);
    const header = this.state.showHeader && this.state.screen === 'table' && this.size.rows >= 12 ? this.headerText().length : 0;
    const tableArea = Math.max(0, height - header - 2);
    return { headerLines: header, tableArea, page: Math.max(1, tableArea - 1) };
  }

  private rows(): RowsView {
    return rowsView(this.derive(), this.layout().page, this.sortable);
  }

  private headerText(): string[] {
    const ctx = this.context();
    if (!ctx || !this.snap) return [];
    const from = [this.snap, this.size.columns, this.size.rows, this.host];
    if (this.header && from.every((v, i) => v === this.header!.from[i])) return this.header.lines;
    const lines = headerLines({
      system: this.snap.system,
      tasks: countTasks(this.snap.procs),
      host: this.host,
      width: this.size.columns,
      maxLines: headerBudget(this.size.rows),
      ui: this.ui,
    });
    this.header = { from, lines };
    return lines;
  }

  // ---- updating ----------------------------------------------------------------------------------

  /**
   * A transition the user asked for. Ones that move the selection or reorder the rows scroll the
   * selection into view; opening a dialog, a tab or the detail view leaves the window where it is.
   */
  private apply(action: ViewAction): void {
    this.state = reduce(this.state, action, this.rows());
    this.update(!STILL_VIEW.has(action.type));
  }

  /** Re-derive, keep the selection on its row, rebuild the frame, publish it when it changed. */
  private update(keepInView: boolean, sync = false): void {
    const now = this.now();
    let s = this.state;
    if (s.message && s.message.until <= now) s = { ...s, message: null };
    if (this.snap && (s.tagged.size || s.collapsed.size)) s = this.prune(s);
    this.state = s;

    const rows = this.rows();
    const wasFollowing = this.state.follow;
    const r = reconcile(this.state, rows, keepInView);
    this.state = r.state;
    if (r.lost !== null && this.snap && !this.snap.procs.some((p) => p.tid === r.lost) && this.state.selectedKey !== null) {
      const ended = wasFollowing && !this.state.follow ? ' (following ended)' : '';
      this.state = reduce(this.state, { type: 'message', kind: 'info', text: `PID ${r.lost} exited${ended}; selection moved to ${this.state.selectedKey}`, now }, rows);
    }
    this.scheduleMessageExpiry();
    this.syncDetail();
    this.syncTrace();

    const next = this.buildFrame();
    const prev = this.frame;
    const same =
      next.width === prev.width &&
      next.height === prev.height &&
      next.lines.length === prev.lines.length &&
      next.lines.every((l, i) => l.text === prev.lines[i].text && l.key === prev.lines[i].key);
    if (!same) {
      this.frame = next;
      this.publish(sync);
    }

    // last: telling the source may take a new sample, which comes back here
    const needs = this.needs();
    const needsKey = [...needs].sort().join(',');
    if (needsKey !== this.needsKey) {
      this.needsKey = needsKey;
      this.source.setNeeds(needs);
    }
  }

  /**
   * Tell React once per burst: several keys in one input chunk (a paste, key repeat) or a key and
   * the resample it causes give one render, in a microtask.
   */
  private publish(sync: boolean): void {
    if (sync) {
      for (const fn of this.listeners) fn();
      return;
    }
    if (this.publishPending) return;
    this.publishPending = true;
    queueMicrotask(() => {
      this.publishPending = false;
      for (const fn of this.listeners) fn();
    });
  }

  /** Tell the detail source when the view opens, closes or changes tab (it reads right away). */
  private syncDetail(): void {
    const s = this.state;
    const want = s.screen === 'detail' ? `${s.detail.key}:${s.detail.tab}` : '';
    if (want === this.detailOpen) return;
    const samePid = this.detailOpen.split(':')[0] === String(s.detail.key);
    this.detailOpen = want;
    this.paneMetrics = null;
    if (!want) {
      this.detail.close();
      return;
    }
    if (!samePid) this.detailGone = false;
    this.detail.open(s.detail.key, PANES[s.detail.tab]?.sections ?? [], s.paused);
  }

  /** Start strace on the Strace tab and stop it off that tab; the same for the stack capture. */
  private syncTrace(): void {
    if (this.disposed) return;
    const s = this.state;
    const tab = s.screen === 'detail' ? s.detail.tab : -1;
    if (tab === STRACE_TAB) this.strace.open(s.detail.key);
    else this.strace.leave();
    if (tab === STACKS_TAB) this.stacks.enter(s.detail.key);
    else this.stacks.leave();
  }

  private prune(s: ViewState): ViewState {
    const live = new Set<number>();
    for (const p of this.snap!.procs) live.add(p.tid);
    const keep = (set: ReadonlySet<number>) => {
      let gone = false;
      for (const k of set) if (!live.has(k)) gone = true;
      return gone ? new Set([...set].filter((k) => live.has(k))) : set;
    };
    const tagged = keep(s.tagged);
    const collapsed = keep(s.collapsed);
    return tagged === s.tagged && collapsed === s.collapsed ? s : { ...s, tagged, collapsed };
  }

  private scheduleMessageExpiry(): void {
    if (this.messageTimer) clearTimeout(this.messageTimer);
    this.messageTimer = null;
    const m = this.state.message;
    if (!m) return;
    this.messageTimer = setTimeout(() => this.update(false), Math.max(50, m.until - this.now() + 10));
    this.messageTimer.unref?.();
  }

  private message(text: string, kind: 'info' | 'error' = 'info', ms?: number): void {
    this.state = reduce(this.state, { type: 'message', text, kind, now: this.now(), ms }, this.rows());
  }

  // ---- frame -------------------------------------------------------------------------------------

  private buildFrame(): Frame {
    const { columns: width, rows } = this.size;
    const height = Math.max(1, rows - 1);
    const lines: FrameLine[] = [];
    if (width < 20 || rows < 6) {
      lines.push({ key: 'small', text: 'ptop: terminal too small'.slice(0, Math.max(0, width)) });
      return { width, height, lines };
    }
    const s = this.state;
    const ctx = this.context();
    const body = height - 2;

    if (s.mode.kind === 'help') {
      const all = helpLines(this.keymap, this.configNote, width, this.ui);
      const start = clamp(s.mode.scroll, 0, Math.max(0, all.length - body));
      this.helpView = { start, body, total: all.length };
      all.slice(start, start + body).forEach((text, i) => lines.push({ key: `help${i}`, text }));
      while (lines.length < body) lines.push({ key: `help${lines.length}`, text: '' });
    } else if (s.screen === 'detail' && ctx) {
      lines.push(...this.detailFrame(width, body, ctx));
    } else {
      const lay = this.layout();
      if (lay.headerLines) this.headerText().forEach((text, i) => lines.push({ key: `h${i}`, text }));
      lines.push(...this.tableLines(lay.tableArea, width));
    }

    lines.push({ key: 'status', text: this.statusText(width) });
    const paneKeys = s.screen === 'detail' ? (PANES[s.detail.tab]?.keys ?? []) : [];
    lines.push({ key: 'keys', text: keyBarLine(keyBarEntries(s.mode, s.screen, this.keymap, paneKeys), width, this.ui) });
    return { width, height, lines };
  }

  /** The detail view's lines; remembers the pane's rows and page for the keys. */
  private detailFrame(width: number, body: number, ctx: ColumnContext): FrameLine[] {
    const s = this.state;
    const live = this.snap?.procs.find((p) => p.tid === s.detail.key) ?? null;
    if (live) this.detailSample = live;
    else if (this.detailSample?.tid !== s.detail.key) this.detailSample = null;
    if (!live && this.snap) this.detailGone = true;
    const snap = this.detail.current();
    const inspection = snap.pid === s.detail.key ? snap.inspection : null;
    const data: DetailData = {
      pid: s.detail.key,
      inspection,
      exited: this.detailGone || (snap.pid === s.detail.key && snap.exited),
      history: snap.pid === s.detail.key ? snap.history : [],
      sample: this.detailSample,
      ctx,
      now: this.now(),
    };
    const tab = clamp(s.detail.tab, 0, PANES.length - 1);
    const out = detailLines({
      data,
      error: snap.pid === s.detail.key ? snap.error : null,
      tab,
      state: s.panes[tab],
      renderer: this.renderers[tab],
      width,
      height: body,
      ui: this.ui,
    });
    const { lines: _lines, ...metrics } = out.view;
    this.paneMetrics = metrics;
    // keep the state as drawn (cursor and offset clamped to the data, the sort in effect)
    const ps = s.panes[tab];
    if (
      ps.cursor !== metrics.cursor ||
      ps.offset !== metrics.offset ||
      (metrics.sortKey !== undefined && (ps.sortKey !== metrics.sortKey || ps.desc !== metrics.desc))
    ) {
      const panes = s.panes.slice();
      panes[tab] = { ...ps, cursor: metrics.cursor, offset: metrics.offset, sortKey: metrics.sortKey ?? ps.sortKey, desc: metrics.desc ?? ps.desc };
      this.state = { ...s, panes };
    }
    const lines: FrameLine[] = out.lines.map((text, i) => ({ key: `d${i}`, text }));
    while (lines.length < body) lines.push({ key: `d${lines.length}`, text: '' });
    return lines;
  }

  /** The active pane's rows as last drawn (drawn now when the view has not been drawn yet). */
  private metrics(): PaneMetrics | null {
    if (!this.paneMetrics && this.state.screen === 'detail') this.update(false);
    return this.paneMetrics;
  }

  private paneUpdate(update: (m: PaneMetrics) => (p: PaneState) => PaneState): void {
    const m = this.metrics();
    if (!m) return;
    this.apply({ type: 'pane', update: update(m) });
  }

  private movePane(move: PaneMove): void {
    if (this.state.screen === 'detail' && this.state.detail.tab === STRACE_TAB) {
      if (this.strace.move(move)) this.update(false);
      return;
    }
    this.paneUpdate((m) => (p) => movePane(p, move, m));
  }

  /** Whether the active tab takes this action (its key bar lists it; < goes with >). */
  private paneTakes(action: string): boolean {
    const keys = PANES[this.state.detail.tab]?.keys ?? [];
    const name = action === 'detail_sort_prev' ? 'detail_sort_next' : action;
    return keys.some(([a]) => a === name);
  }

  /**
   * Mouse: the wheel moves the selection (or scrolls the help), a click selects a row, a click on
   * the table header sorts by that column. Only on the table with no dialog open.
   */
  handleMouse(ev: MouseEvent): void {
    const m = this.state.mode;
    const wheel = ev.kind === 'wheel-up' ? -3 : ev.kind === 'wheel-down' ? 3 : 0;
    if (m.kind === 'help') {
      if (wheel) this.scrollHelp(m.scroll + wheel);
      return;
    }
    if (m.kind !== 'table') return;
    if (this.state.screen === 'detail') {
      if (wheel) return this.movePane({ delta: wheel });
      // a click on the tab bar (the second line) switches tab
      if (ev.kind === 'press' && ev.button === 0 && ev.y === 1) {
        const hit = tabSpans(this.size.columns).findIndex(([from, to]) => ev.x >= from && ev.x < to);
        if (hit >= 0) this.apply({ type: 'tab', to: hit });
      }
      return;
    }
    if (wheel) return this.apply({ type: 'move', delta: wheel });
    if (ev.kind !== 'press' || ev.button !== 0) return;
    const lay = this.layout();
    const row = ev.y - lay.headerLines - 1;
    if (row === -1) {
      const hit = this.spans.find(([from, to]) => ev.x >= from && ev.x < to);
      if (hit) this.apply({ type: 'sortBy', kind: hit[2], toggle: true });
      return;
    }
    if (row < 0 || row >= lay.page) return;
    const index = this.state.offset + row;
    if (index < this.derive().rows.length) this.apply({ type: 'move', delta: index - selectionIndex(this.state, this.rows()) });
  }

  private tableLines(area: number, width: number): FrameLine[] {
    const s = this.state;
    const ctx = this.context();
    const d = this.derive();
    const menu = this.menu(area);
    const tableW = menu ? Math.max(0, width - menu.width - 1) : width;
    const page = Math.max(0, area - 1);
    const slice = d.rows.slice(s.offset, s.offset + page);
    const out: FrameLine[] = [];
    if (ctx && area > 0) {
      const t = this.table.build(slice, {
        columns: this.config.columns,
        ctx,
        width: tableW,
        sort: s.sort, // the tree orders siblings by it too
        separator: this.config.display.separator,
        markers: { ascending: this.config.display.ascending, descending: this.config.display.descending },
        styles: this.config.style,
        ui: this.ui,
        selectedKey: s.selectedKey,
        selectionFocused: !menu,
        tagged: s.tagged,
        signature: `${s.tree}`,
      });
      this.spans = t.spans;
      out.push({ key: 'thead', text: t.header });
      for (const r of t.rows) out.push({ key: `r${r.key}`, text: r.text });
    }
    while (out.length < area) out.push({ key: `blank${out.length}`, text: '' });
    if (menu) {
      const pad = ' '.repeat(menu.width);
      out.forEach((l, i) => {
        l.text = (menu.lines[i] ?? pad) + ' ' + l.text;
      });
    }
    return out;
  }

  private menu(area: number): { width: number; lines: string[] } | null {
    const m = this.state.mode;
    if (m.kind === 'sortMenu') {
      const items = this.sortable.map((k) => {
        const header = this.config.columns.find((c) => getColumnKind(c.kind)?.kind === k)?.header ?? getColumnKind(k)!.header;
        const mark = k === this.state.sort.kind ? (this.state.sort.order === 'ascending' ? ` ${this.config.display.ascending}` : ` ${this.config.display.descending}`) : '';
        return header + mark;
      });
      const width = Math.max(14, ...items.map((i) => displayWidth(i) + 2));
      return { width, lines: menuLines({ title: 'Sort by', items, index: m.index, width, height: area, ui: this.ui }) };
    }
    if (m.kind === 'signalMenu') {
      const items = this.signals.map((c) => `${String(c.number).padStart(2)} ${c.name}`);
      const footer = m.typed ? `> ${m.typed}` : 'type: name/nr';
      const width = SIGNAL_MENU_W;
      return {
        width,
        lines: menuLines({ title: 'Send signal', items, index: m.typed ? -1 : m.index, footer, width, height: area, ui: this.ui }),
      };
    }
    return null;
  }

  private statusText(width: number): string {
    const s = this.state;
    const flags: string[] = [];
    if (s.mode.kind === 'help') {
      const { start, body, total } = this.helpView;
      flags.push(`Lines ${start + 1}-${Math.min(total, start + body)}/${total}`);
    }
    if (s.paused) flags.push('PAUSED');
    if (s.follow && s.selectedKey !== null) flags.push(`FOLLOW ${s.selectedKey}`);
    else if (s.screen === 'table' && s.selectedKey !== null && this.derived) {
      // the selection stays on its process; say where it went when a refresh moved it out of view
      const i = this.derived.index.get(s.selectedKey);
      const page = this.layout().page;
      if (i !== undefined && (i < s.offset || i >= s.offset + page)) flags.push(`Selected: ${s.selectedKey} ${i < s.offset ? '↑' : '↓'}`);
    }
    // worded so that no flag starts with a number (a table row does)
    if (s.tagged.size) flags.push(`Tagged: ${s.tagged.size}`);
    if (s.screen === 'detail' && this.paneMetrics?.list && this.paneMetrics.count > 0) {
      flags.push(`Row ${this.paneMetrics.cursor + 1}/${this.paneMetrics.count}`);
    }
    if (s.screen === 'table' && this.snap) {
      const d = this.derive();
      const total = this.snap.procs.length;
      const what = s.showThreads ? 'Rows' : 'Processes';
      flags.push(s.filter.query ? `${what}: ${d.matched}/${total}` : `${what}: ${total}`);
    }
    const activity = [
      this.stacks.capturing ? `capturing… the stacks of PID ${this.stacks.info()?.pid}` : null,
      this.core.activity(formatKey(this.keymap.displayKey('core') ?? 'C')),
    ].filter((a): a is string => a !== null);
    return statusLine({
      activity: activity.join('  ·  '),
      mode: s.mode,
      filterText: s.screen === 'detail' ? (s.panes[s.detail.tab]?.filter ?? '') : s.filter.text,
      filterError: s.screen === 'detail' ? null : s.filter.error,
      message: s.message,
      flags,
      searchMiss: this.searchMiss,
      width,
      ui: this.ui,
    });
  }

  // ---- keys --------------------------------------------------------------------------------------

  handleKey(key: string): void {
    if (key === 'ctrl+c') {
      this.onQuit();
      return;
    }
    const m = this.state.mode;
    switch (m.kind) {
      case 'filter':
        return this.filterKey(key);
      case 'search':
        return this.searchKey(key, m.text);
      case 'sortMenu':
        return this.sortMenuKey(key, m.index);
      case 'signalMenu':
        return this.signalMenuKey(key, m);
      case 'confirmKill':
        return this.confirmKey(key, m);
      case 'renice':
        return this.reniceKey(key, m);
      case 'confirmCore':
        return this.confirmCoreKey(key, m);
      case 'help':
        return this.helpKey(key, m.scroll);
      case 'table':
        break;
    }
    if (this.state.screen === 'detail') {
      // the active tab's own keys (Strace, Stacks) come before the detail view's
      const own = this.keymap.action(key, 'pane');
      if (own && this.paneTakes(own)) return this.run(own);
      const action = this.keymap.action(key, 'detail');
      if (action) return this.run(action);
      if (own) this.notHere(own);
      return;
    }
    const action = this.keymap.action(key, 'table');
    if (action) this.run(action);
  }

  private setMode(mode: Mode): void {
    this.apply({ type: 'mode', mode });
  }

  /** Up/Down/PgUp/PgDn/Home/End in dialogs that let the table move (filter, search). */
  private navKey(key: string): boolean {
    switch (key) {
      case 'up':
        this.apply({ type: 'move', delta: -1 });
        return true;
      case 'down':
        this.apply({ type: 'move', delta: 1 });
        return true;
      case 'pageup':
        this.apply({ type: 'page', dir: -1 });
        return true;
      case 'pagedown':
        this.apply({ type: 'page', dir: 1 });
        return true;
      case 'home':
        this.apply({ type: 'home' });
        return true;
      case 'end':
        this.apply({ type: 'end' });
        return true;
    }
    return false;
  }

  /** A menu index moved by a navigation key, or null when the key is not one. */
  private menuIndex(key: string, index: number, count: number): number | null {
    const page = Math.max(1, this.layout().tableArea - 2);
    switch (key) {
      case 'up':
        return clamp(index - 1, 0, count - 1);
      case 'down':
        return clamp(index + 1, 0, count - 1);
      case 'pageup':
        return clamp(index - page, 0, count - 1);
      case 'pagedown':
        return clamp(index + page, 0, count - 1);
      case 'home':
        return 0;
      case 'end':
        return count - 1;
    }
    return null;
  }

  private filterKey(key: string): void {
    if (this.state.screen === 'detail') return this.paneFilterKey(key);
    const text = this.state.filter.text;
    if (key === 'enter') return this.setMode({ kind: 'table' });
    if (key === 'escape') {
      this.state = { ...this.state, mode: { kind: 'table' } };
      return this.apply({ type: 'filterText', text: '' });
    }
    if (key === 'backspace') return this.apply({ type: 'filterText', text: [...text].slice(0, -1).join('') });
    if (key === 'ctrl+u') return this.apply({ type: 'filterText', text: '' });
    if (this.navKey(key)) return;
    const t = keyText(key);
    if (t !== null) this.apply({ type: 'filterText', text: text + t });
  }

  /** The filter of the active detail tab, typed live: Enter keeps it, Esc clears it. */
  private paneFilterKey(key: string): void {
    const text = this.state.panes[this.state.detail.tab]?.filter ?? '';
    const set = (t: string) => this.apply({ type: 'pane', update: (p) => filterPane(p, t) });
    if (key === 'enter') return this.setMode({ kind: 'table' });
    if (key === 'escape') {
      this.state = { ...this.state, mode: { kind: 'table' } };
      return set('');
    }
    if (key === 'backspace') return set([...text].slice(0, -1).join(''));
    if (key === 'ctrl+u') return set('');
    const moves: Record<string, PaneMove> = { up: { delta: -1 }, down: { delta: 1 }, pageup: { page: -1 }, pagedown: { page: 1 }, home: 'home', end: 'end' };
    if (Object.hasOwn(moves, key)) return this.movePane(moves[key]);
    const t = keyText(key);
    if (t !== null) set(text + t);
  }

  private searchKey(key: string, text: string): void {
    if (key === 'enter' || key === 'escape') {
      this.searchMiss = false;
      return this.setMode({ kind: 'table' });
    }
    let next = text;
    let from = 0; // 0: the selected row may match, 1: start after it
    if (key === 'backspace') next = [...text].slice(0, -1).join('');
    else if (this.keymap.keysOf('search').includes(key)) from = 1;
    else if (this.navKey(key)) return;
    else {
      const t = keyText(key);
      if (t === null) return;
      next = text + t;
    }
    const parsed = next.trim() ? parseQuery(next) : null;
    this.searchMiss = false;
    if (parsed && !parsed.ok) {
      this.state = { ...this.state, mode: { kind: 'search', text: next, error: `${parsed.error} (at column ${parsed.at + 1})` } };
      return this.update(true);
    }
    this.state = { ...this.state, mode: { kind: 'search', text: next, error: null } };
    const ctx = this.context();
    if (parsed?.ok && parsed.query.terms.length && ctx) {
      const test = compileFilter(parsed.query, this.config.columns, this.config.search);
      const d = this.derive();
      const rows = this.rows();
      const start = selectionIndex(this.state, rows);
      const n = d.rows.length;
      let found = -1;
      for (let i = 0; i < n; i++) {
        const at = (start + from + i) % n;
        if (test(sampleOf(d.rows[at]), ctx)) {
          found = at;
          break;
        }
      }
      if (found >= 0) this.state = selectIndex(this.state, rows, found);
      else this.searchMiss = true;
    }
    this.update(true);
  }

  private sortMenuKey(key: string, index: number): void {
    if (key === 'escape') return this.setMode({ kind: 'table' });
    if (key === 'enter') {
      const kind = this.sortable[index];
      this.state = { ...this.state, mode: { kind: 'table' } };
      if (kind) this.apply({ type: 'sortBy', kind });
      else this.update(true);
      return;
    }
    const i = this.menuIndex(key, index, this.sortable.length);
    if (i !== null) this.setMode({ kind: 'sortMenu', index: i });
  }

  private signalMenuKey(key: string, m: Extract<Mode, { kind: 'signalMenu' }>): void {
    if (key === 'escape') return this.setMode({ kind: 'table' });
    if (key === 'enter') {
      const choice = m.typed ? parseSignal(m.typed) : this.signals[m.index];
      // a bad name or number: said in the menu's prompt line, and the typed text cleared for another try
      if (!choice) return this.setMode({ ...m, typed: '', error: `unknown signal \`${m.typed}\`: type a name (TERM, HUP, RTMIN+2) or a number 1-64` });
      return this.setMode({ kind: 'confirmKill', signal: choice.number, name: choice.name, targets: m.targets });
    }
    const { error: _shown, ...menu } = m;
    if (key === 'backspace') return this.setMode({ ...menu, typed: [...m.typed].slice(0, -1).join('') });
    const i = this.menuIndex(key, m.index, this.signals.length);
    if (i !== null) return this.setMode({ ...menu, index: i, typed: '' });
    const t = keyText(key);
    if (t !== null && /^[A-Za-z0-9+-]$/.test(t) && m.typed.length < 12) this.setMode({ ...menu, typed: m.typed + t });
  }

  private confirmCoreKey(key: string, m: Extract<Mode, { kind: 'confirmCore' }>): void {
    this.state = { ...this.state, mode: { kind: 'table' } };
    if (key !== 'y' && key !== 'Y') {
      this.message('Cancelled: no core written');
      return this.update(true);
    }
    this.startCore(m.plan);
  }

  private confirmKey(key: string, m: Extract<Mode, { kind: 'confirmKill' }>): void {
    this.state = { ...this.state, mode: { kind: 'table' } };
    if (key !== 'y' && key !== 'Y') {
      this.message('Cancelled: no signal sent');
      return this.update(true);
    }
    const results = m.targets.map((t) => this.checked(t) ?? this.ops.kill(t.pid, m.signal));
    const failed = results.filter((r) => r.error !== null);
    const sig = `SIG${m.name}`;
    if (failed.length === 0) {
      this.message(`Sent ${sig} to ${m.targets.length === 1 ? `PID ${m.targets[0].pid}` : `${m.targets.length} processes`}`);
      if (this.state.tagged.size) this.state = { ...this.state, tagged: new Set() };
    } else {
      const first = failed[0];
      const ok = results.length - failed.length;
      const why = `PID ${first.pid}: ${describeError(first.error!)}`;
      this.message(ok ? `Sent ${sig} to ${ok} of ${results.length}; ${why}` : `${sig} not sent: ${why}`, 'error');
    }
    this.update(true);
    this.refreshSoon();
  }

  private reniceKey(key: string, m: Extract<Mode, { kind: 'renice' }>): void {
    if (key === 'escape') return this.setMode({ kind: 'table' });
    if (key === 'backspace') return this.setMode({ ...m, fresh: false, text: m.fresh ? '' : [...m.text].slice(0, -1).join('') });
    if (key === 'enter') {
      this.state = { ...this.state, mode: { kind: 'table' } };
      if (!/^[+-]?\d+$/.test(m.text.trim()) || Number(m.text) < -20 || Number(m.text) > 19) {
        this.message(`nice must be a whole number from -20 to 19, got \`${m.text}\``, 'error');
        return this.update(true);
      }
      return this.renice(m.targets, () => Number(m.text));
    }
    const t = keyText(key);
    if (t !== null && /^[-+0-9]$/.test(t) && (m.fresh || m.text.length < 4)) this.setMode({ ...m, fresh: false, text: (m.fresh ? '' : m.text) + t });
  }

  /** A target that is no longer the process chosen (exited, or its PID reused): an error result, else null. */
  private checked(t: Target): OpResult | null {
    if (t.starttime === undefined) return null;
    const id = this.ops.identity(t.pid, t.starttime);
    return id === 'same' ? null : { pid: t.pid, error: id === 'gone' ? 'ESRCH' : 'EREUSED' };
  }

  private renice(targets: readonly Target[], value: (current: number) => number): void {
    const results = targets.map((t) => {
      const refused = this.checked(t);
      if (refused) return { ...refused, from: 0, to: 0 };
      const cur = this.ops.getNice(t.pid) ?? this.sampleByKey(t.pid)?.stat.nice ?? 0;
      const to = clamp(value(cur), -20, 19);
      return { ...this.ops.setNice(t.pid, to), from: cur, to };
    });
    const failed = results.filter((r) => r.error !== null);
    if (failed.length === 0) {
      const r = results[0];
      this.message(results.length === 1 ? `PID ${r.pid}: nice ${r.from} → ${r.to}` : `Reniced ${results.length} processes`);
    } else {
      const f = failed[0];
      const hint = (f.error === 'EACCES' || f.error === 'EPERM') && f.to < f.from ? ' (a lower nice value needs root)' : '';
      const gone = f.error === 'ESRCH' || f.error === 'EREUSED';
      this.message(`Renice PID ${f.pid}${gone ? '' : ` to ${f.to}`} failed: ${describeError(f.error!)}${hint}`, 'error');
    }
    this.update(true);
    this.refreshSoon();
  }

  /** The help overlay scrolls with the movement keys (k too: nothing is killed from here); any other key closes it. */
  private helpKey(key: string, scroll: number): void {
    const page = Math.max(1, this.helpView.body - 1);
    const steps: Record<string, number> = { up: -1, k: -1, 'ctrl+p': -1, down: 1, j: 1, 'ctrl+n': 1, pageup: -page, 'ctrl+b': -page, pagedown: page, 'ctrl+f': page, space: page, home: -Infinity, g: -Infinity, end: Infinity, G: Infinity };
    if (!Object.hasOwn(steps, key)) return this.setMode({ kind: 'table' });
    this.scrollHelp(scroll + steps[key]);
  }

  private scrollHelp(to: number): void {
    this.setMode({ kind: 'help', scroll: clamp(to, 0, Math.max(0, this.helpView.total - this.helpView.body)) });
  }

  private sampleByKey(key: number): ProcessSample | undefined {
    const d = this.derive();
    const i = d.index.get(key);
    if (i !== undefined) return sampleOf(d.rows[i]);
    return this.snap?.procs.find((p) => p.tid === key);
  }

  /** The tagged processes that still exist, else the selected one. */
  private targets(): Target[] {
    const s = this.state;
    const keys = s.tagged.size ? [...s.tagged] : s.selectedKey !== null ? [s.selectedKey] : [];
    const out: Target[] = [];
    for (const k of keys) {
      const p = this.sampleByKey(k);
      if (p) out.push({ pid: k, command: p.command, starttime: p.stat.starttime });
    }
    return out;
  }

  private refreshSoon(): void {
    if (this.state.paused) return;
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      this.source.refresh();
    }, 150);
  }

  private run(action: string): void {
    const s = this.state;
    switch (action) {
      case 'quit':
        return this.onQuit();
      case 'help':
        return this.setMode({ kind: 'help', scroll: 0 });
      case 'up':
        return this.apply({ type: 'move', delta: -1 });
      case 'down':
        return this.apply({ type: 'move', delta: 1 });
      case 'page_up':
        return this.apply({ type: 'page', dir: -1 });
      case 'page_down':
        return this.apply({ type: 'page', dir: 1 });
      case 'home':
        return this.apply({ type: 'home' });
      case 'end':
        return this.apply({ type: 'end' });
      case 'details':
        return this.apply({ type: 'openDetail' });
      case 'filter':
        return this.setMode({ kind: 'filter' });
      case 'search':
        this.searchMiss = false;
        return this.setMode({ kind: 'search', text: '', error: null });
      case 'sort_prev':
        return this.apply({ type: 'sortStep', dir: -1 });
      case 'sort_next':
        return this.apply({ type: 'sortStep', dir: 1 });
      case 'sort_invert':
        return this.apply({ type: 'sortInvert' });
      case 'sort_menu':
        return this.setMode({ kind: 'sortMenu', index: Math.max(0, this.sortable.indexOf(s.sort.kind)) });
      case 'sort_cpu':
        return this.apply({ type: 'sortBy', kind: 'UsageCpu', toggle: true });
      case 'sort_mem':
        return this.apply({ type: 'sortBy', kind: 'UsageMem', toggle: true });
      case 'sort_time':
        return this.apply({ type: 'sortBy', kind: 'CpuTime', toggle: true });
      case 'tree':
        return this.apply({ type: 'toggleTree' });
      case 'collapse':
        return this.apply({ type: 'collapse' });
      case 'expand':
        return this.apply({ type: 'expand' });
      case 'expand_all':
        return this.apply({ type: 'expandAll' });
      case 'threads':
      case 'kthreads': {
        const what = action === 'threads' ? 'showThreads' : 'showKthreads';
        this.state = reduce(s, { type: 'toggle', what }, this.rows());
        this.message(`${action === 'threads' ? 'Threads' : 'Kernel threads'} ${this.state[what] ? 'shown' : 'hidden'}`);
        this.update(true);
        this.resample(() => this.source.setOptions({ showThreads: this.state.showThreads, showKthreads: this.state.showKthreads }));
        return;
      }
      case 'header':
        return this.apply({ type: 'toggle', what: 'showHeader' });
      case 'follow':
        this.state = reduce(s, { type: 'toggle', what: 'follow' }, this.rows());
        this.message(this.state.follow ? `Following PID ${this.state.selectedKey}` : 'Not following');
        return this.update(true);
      case 'pause':
        this.state = reduce(s, { type: 'toggle', what: 'paused' }, this.rows());
        this.message(this.state.paused ? 'Paused: the data is frozen (keys still work)' : 'Resumed');
        this.update(true);
        this.resample(() => this.source.setPaused(this.state.paused));
        return;
      case 'refresh':
        return this.resample(() => this.source.refresh());
      case 'suspend':
        if (this.onSuspend) return this.onSuspend();
        this.message('Suspend needs a terminal ptop owns', 'error');
        return this.update(true);
      case 'tag':
        return this.apply({ type: 'tag' });
      case 'untag_all':
        return this.apply({ type: 'untagAll' });
      case 'kill': {
        const targets = this.targets();
        if (!targets.length) return this.noTarget();
        return this.setMode({ kind: 'signalMenu', index: 0, typed: '', targets });
      }
      case 'renice': {
        const targets = this.targets();
        if (!targets.length) return this.noTarget();
        const cur = this.ops.getNice(targets[0].pid) ?? this.sampleByKey(targets[0].pid)?.stat.nice ?? 0;
        return this.setMode({ kind: 'renice', text: String(cur), fresh: true, targets });
      }
      case 'nice_down':
      case 'nice_up': {
        const targets = this.targets();
        if (!targets.length) return this.noTarget();
        const d = action === 'nice_up' ? 1 : -1;
        return this.renice(targets, (cur) => cur + d);
      }
      case 'close':
        return this.apply({ type: 'closeDetail' });
      case 'detail_up':
        return this.movePane({ delta: -1 });
      case 'detail_down':
        return this.movePane({ delta: 1 });
      case 'detail_page_up':
        return this.movePane({ page: -1 });
      case 'detail_page_down':
        return this.movePane({ page: 1 });
      case 'detail_home':
        return this.movePane('home');
      case 'detail_end':
        return this.movePane('end');
      case 'detail_sort_prev':
      case 'detail_sort_next':
        if (!this.paneTakes(action)) return this.notHere(action);
        return this.paneUpdate((m) => (p) => stepPaneSort(p, action === 'detail_sort_next' ? 1 : -1, m));
      case 'detail_sort_invert':
        if (!this.paneTakes(action)) return this.notHere(action);
        return this.paneUpdate((m) => (p) => invertPaneSort(p, m));
      case 'detail_group':
        if (!this.paneTakes(action)) return this.notHere(action);
        return this.apply({ type: 'pane', update: (p) => ({ ...p, group: !p.group, cursor: 0, offset: 0 }) });
      case 'detail_filter':
        if (!this.paneTakes(action)) return this.notHere(action);
        return this.setMode({ kind: 'filter' });
      case 'strace':
        return this.openOn(STRACE_TAB);
      case 'stacks':
        if (s.screen === 'detail' && s.detail.tab === STACKS_TAB) {
          this.stacks.capture(s.detail.key);
          return this.update(false);
        }
        // `b` asks for a fresh look: no capture kept from before
        this.stacks.forget();
        return this.openOn(STACKS_TAB);
      case 'core':
        return this.coreAction();
      case 'trace_pause': {
        const paused = this.strace.togglePause();
        this.message(paused ? 'Display paused: strace keeps running and counting (Space resumes)' : 'Display resumed');
        return this.update(false);
      }
      case 'trace_save':
        return this.saveTrace();
      case 'trace_refresh':
        this.stacks.capture(s.detail.key);
        return this.update(false);
      case 'next_tab':
        return this.apply({ type: 'tab', step: 1 });
      case 'prev_tab':
        return this.apply({ type: 'tab', step: -1 });
    }
    const tab = /^tab_(\d)$/.exec(action);
    if (tab && Number(tab[1]) <= DETAIL_TABS.length) this.apply({ type: 'tab', to: Number(tab[1]) - 1 });
  }

  /** The detail view on `tab`: from the table, of the selected row; in the view, of its process. */
  private openOn(tab: number): void {
    if (this.state.screen === 'detail') return this.apply({ type: 'tab', to: tab });
    if (this.state.selectedKey === null) return this.noTarget();
    this.apply({ type: 'openDetail', tab });
  }

  /** The process `C` acts on: the detail view's, else the selected row's process (its PID, for a thread row). */
  private corePid(): number | null {
    const s = this.state;
    if (s.screen === 'detail') return s.detail.key;
    if (s.selectedKey === null) return null;
    return this.sampleByKey(s.selectedKey)?.pid ?? s.selectedKey;
  }

  /** `C`: cancel the capture under way, else plan one and start it (asking first when it is big or the disk short). */
  private coreAction(): void {
    const running = this.core.running;
    if (running) {
      this.message(`Cancelling the core capture of PID ${running.pid} …`);
      this.update(false);
      void this.core.cancel();
      return;
    }
    const pid = this.corePid();
    if (pid === null) return this.noTarget();
    const r = this.core.plan(pid);
    if (!r.ok) {
      this.message(`No core of PID ${pid}: ${r.error}`, 'error');
      return this.update(false);
    }
    if (r.plan.needsConfirm) return this.setMode({ kind: 'confirmCore', plan: r.plan });
    this.startCore(r.plan);
  }

  private startCore(plan: CorePlan): void {
    this.core.start(plan);
    this.update(false);
  }

  /** `w` on the Strace or Stacks tab: the buffer or the capture to a file in the save directory. */
  private saveTrace(): void {
    const s = this.state;
    const onStrace = s.detail.tab === STRACE_TAB;
    const pid = s.detail.key;
    const comm = (onStrace ? this.strace.info()?.comm : this.stacks.info()?.capture?.comm) || this.detailSample?.comm || 'process';
    let path: string;
    try {
      path = savePath(onStrace ? 'strace' : 'stacks', comm, pid, this.trace.saveDir);
    } catch (e) {
      this.message(`Not saved: cannot create the directory for it: ${e instanceof Error ? e.message : String(e)}`, 'error');
      return this.update(false);
    }
    const r = onStrace ? this.strace.save(path) : this.stacks.save(path);
    if (r.ok) {
      const what = 'lines' in r ? `${r.lines} strace lines` : `the stacks of ${r.threads} threads`;
      this.message(`Saved ${what} to ${r.path}`, 'info', 15_000);
    } else this.message(`Not saved: ${r.error}`, 'error');
    this.update(false);
  }

  /** A pane key pressed on a tab that has no use for it: say where it works. */
  private notHere(action: string): void {
    const where = PANES.filter((p) => p.keys.some(([a]) => a === action || (action === 'detail_sort_prev' && a === 'detail_sort_next')))
      .map((p) => p.title)
      .join(', ');
    const what = action.replace(/^(detail|trace)_/, '').replace(/_(prev|next)$/, '').replace(/_/g, ' ');
    this.message(`${what} works in ${where || 'no tab'}, not in ${PANES[this.state.detail.tab]?.title ?? 'this tab'}`);
    this.update(false);
  }

  private noTarget(): void {
    this.message('No process selected', 'error');
    this.update(true);
  }
}
