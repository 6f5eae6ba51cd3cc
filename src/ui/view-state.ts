// The interactive view's state and its pure transitions: selection (by row key, not index),
// scrolling, sort, tree folding, tags, the filter text, modes (filter input, menus, dialogs, help)
// and the detail view. Side effects (signals, renice, resampling) live in the controller; this file
// only computes the next state from the current one, an action and the rows on screen.
//
// A row's key is its TID: the PID for a process row, the thread ID for a thread row.

import type { CorePlan } from '../collect/trace/gcore.js';
import { getColumnKind } from '../model/columns/registry.js';
import { parseQuery, type Query } from '../model/query.js';
import type { SortOrder } from '../model/sort.js';
import { clampTo, listWindow, type PaneState, type PaneView } from './detail/pane.js';
import { PANES, TAB_TITLES } from './detail/panes.js';

/** A process an action (kill, renice) applies to. */
export interface Target {
  /** PID, or TID for a thread row */
  pid: number;
  command: string;
  /** its start time (clock ticks after boot), to tell a reused PID from it */
  starttime?: number;
}

export type Mode =
  | { kind: 'table' }
  /** editing the filter (the text is state.filter.text) */
  | { kind: 'filter' }
  | { kind: 'search'; text: string; error: string | null }
  | { kind: 'sortMenu'; index: number }
  /** `error`: what was wrong with the last name or number typed (shown until the next key) */
  | { kind: 'signalMenu'; index: number; typed: string; targets: Target[]; error?: string }
  | { kind: 'confirmKill'; signal: number; name: string; targets: Target[] }
  /** `fresh`: the text is the prefilled current value, which the first typed character replaces */
  | { kind: 'renice'; text: string; fresh: boolean; targets: Target[] }
  /** gcore asks first: the core is big or the disk is short (plan.confirmReason says which) */
  | { kind: 'confirmCore'; plan: CorePlan }
  | { kind: 'help'; scroll: number };

export interface Message {
  text: string;
  kind: 'info' | 'error';
  /** ms timestamp after which it is no longer shown */
  until: number;
}

export interface FilterState {
  text: string;
  /** the last query that parsed (what the table is filtered by); null = no filter */
  query: Query | null;
  /** why `text` does not parse, or null */
  error: string | null;
}

export interface ViewState {
  mode: Mode;
  screen: 'table' | 'detail';
  /** the detail view's process and tab (meaningful when screen is 'detail') */
  detail: { key: number; tab: number };
  /** each detail tab's own state (scroll, cursor, sort, grouping, filter), in tab order */
  panes: readonly PaneState[];
  selectedKey: number | null;
  /** where the selection was last seen: where it goes when its row disappears */
  selectedIndex: number;
  /** first visible row */
  offset: number;
  follow: boolean;
  sort: { kind: string; order: SortOrder };
  tree: boolean;
  collapsed: ReadonlySet<number>;
  tagged: ReadonlySet<number>;
  filter: FilterState;
  paused: boolean;
  showHeader: boolean;
  showThreads: boolean;
  showKthreads: boolean;
  message: Message | null;
}

/** What the transitions need to know about the rows currently listed. */
export interface RowsView {
  /** row keys in display order */
  keys: readonly number[];
  index: ReadonlyMap<number, number>;
  /** rows that fit on screen */
  page: number;
  /** sortable column kinds in column order (for < > and the sort menu) */
  sortable: readonly string[];
  /** tree view: the parent row's key, when the parent is listed */
  parentOf(key: number): number | undefined;
  /** tree view: whether the row has children (shown or folded) */
  hasChildren(key: number): boolean;
}

/** The detail view's tab titles (the panes' registry, src/ui/detail/panes.ts, decides). */
export const DETAIL_TABS: readonly string[] = TAB_TITLES;

export const MESSAGE_MS = 5000;

export function initialViewState(over: Partial<ViewState> = {}): ViewState {
  return {
    mode: { kind: 'table' },
    screen: 'table',
    detail: { key: 0, tab: 0 },
    panes: PANES.map((p) => p.initial()),
    selectedKey: null,
    selectedIndex: 0,
    offset: 0,
    follow: false,
    sort: { kind: 'UsageCpu', order: 'descending' },
    tree: false,
    collapsed: new Set(),
    tagged: new Set(),
    filter: { text: '', query: null, error: null },
    paused: false,
    showHeader: true,
    showThreads: false,
    showKthreads: false,
    message: null,
    ...over,
  };
}

// ---- scrolling -----------------------------------------------------------------------------------

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** The offset clamped so the window stays within the rows. */
export function clampOffset(offset: number, count: number, page: number): number {
  return clamp(offset, 0, Math.max(0, count - Math.max(1, page)));
}

/** The smallest scroll that brings row `index` into the window. */
export function ensureVisible(offset: number, index: number, count: number, page: number): number {
  const p = Math.max(1, page);
  let o = offset;
  if (index < o) o = index;
  else if (index >= o + p) o = index - p + 1;
  return clampOffset(o, count, p);
}

/** Select the row at `index` (clamped) and scroll it into view. */
export function selectIndex(s: ViewState, rows: RowsView, index: number, offset = s.offset): ViewState {
  const n = rows.keys.length;
  if (n === 0) return { ...s, selectedKey: null, selectedIndex: 0, offset: 0 };
  const i = clamp(index, 0, n - 1);
  return { ...s, selectedKey: rows.keys[i], selectedIndex: i, offset: ensureVisible(offset, i, n, rows.page) };
}

/** The index of the selection in `rows`: its key's row, else where it was (clamped). */
export function selectionIndex(s: ViewState, rows: RowsView): number {
  const i = s.selectedKey === null ? undefined : rows.index.get(s.selectedKey);
  return i ?? clamp(s.selectedIndex, 0, Math.max(0, rows.keys.length - 1));
}

export interface Reconciled {
  state: ViewState;
  /** the key that was selected and is no longer listed */
  lost: number | null;
}

/**
 * After the rows changed (new data, a re-sort, a filter): keep the selection on its key. Not
 * following, the window stays where it is (the status line says where the selection went);
 * following pins the selected row to the screen line it is on and the rows move around it, as
 * htop's follow does. `keepInView` is a change the user asked for (a key): the smallest scroll that
 * shows the selection. When the selected row is gone, the row now at the same index is selected,
 * and a followed process that is gone ends the following (htop does the same).
 */
export function reconcile(s: ViewState, rows: RowsView, keepInView: boolean): Reconciled {
  const n = rows.keys.length;
  if (n === 0) return { state: { ...s, selectedKey: null, offset: 0 }, lost: s.selectedKey };
  const found = s.selectedKey === null ? undefined : rows.index.get(s.selectedKey);
  if (found !== undefined) {
    const offset = keepInView
      ? ensureVisible(s.offset, found, n, rows.page)
      : s.follow
        ? clampOffset(s.offset + found - s.selectedIndex, n, rows.page)
        : clampOffset(s.offset, n, rows.page);
    if (found === s.selectedIndex && offset === s.offset) return { state: s, lost: null };
    return { state: { ...s, selectedIndex: found, offset }, lost: null };
  }
  const i = clamp(s.selectedIndex, 0, n - 1);
  const follow = s.selectedKey === null ? s.follow : false;
  return { state: { ...s, follow, selectedKey: rows.keys[i], selectedIndex: i, offset: ensureVisible(s.offset, i, n, rows.page) }, lost: s.selectedKey };
}

// ---- actions -------------------------------------------------------------------------------------

export type ViewAction =
  | { type: 'move'; delta: number }
  | { type: 'page'; dir: 1 | -1 }
  | { type: 'home' }
  | { type: 'end' }
  | { type: 'sortStep'; dir: 1 | -1 }
  | { type: 'sortInvert' }
  | { type: 'sortBy'; kind: string; toggle?: boolean }
  | { type: 'toggleTree' }
  | { type: 'collapse' }
  | { type: 'expand' }
  | { type: 'expandAll' }
  | { type: 'toggle'; what: 'follow' | 'paused' | 'showHeader' | 'showThreads' | 'showKthreads' }
  | { type: 'tag' }
  | { type: 'untagAll' }
  | { type: 'filterText'; text: string }
  | { type: 'mode'; mode: Mode }
  /** open the detail view of the selected row, on tab 0 or `tab` */
  | { type: 'openDetail'; tab?: number }
  | { type: 'closeDetail' }
  | { type: 'tab'; to?: number; step?: number }
  /** a status-line message for MESSAGE_MS, or `ms` */
  | { type: 'message'; text: string; kind: 'info' | 'error'; now: number; ms?: number }
  /** change a detail tab's state (the active tab's unless `tab` is given) */
  | { type: 'pane'; tab?: number; update: (p: PaneState) => PaneState };

/** The order a column sorts in when first chosen: numbers biggest first, text A→Z. */
export function defaultOrder(kind: string): SortOrder {
  return getColumnKind(kind)?.numeric ? 'descending' : 'ascending';
}

/** Parse the filter text; a bad query keeps the last good one and reports why. */
export function applyFilterText(f: FilterState, text: string): FilterState {
  if (text.trim() === '') return { text, query: null, error: null };
  const r = parseQuery(text);
  if (r.ok) return { text, query: r.query.terms.length ? r.query : null, error: null };
  return { text, query: f.query, error: `${r.error} (at column ${r.at + 1})` };
}

export function reduce(s: ViewState, action: ViewAction, rows: RowsView): ViewState {
  const n = rows.keys.length;
  const cur = selectionIndex(s, rows);
  switch (action.type) {
    case 'move':
      return selectIndex(s, rows, cur + action.delta);
    case 'page': {
      const p = Math.max(1, rows.page);
      return selectIndex(s, rows, cur + action.dir * p, clampOffset(s.offset + action.dir * p, n, p));
    }
    case 'home':
      return selectIndex(s, rows, 0);
    case 'end':
      return selectIndex(s, rows, n - 1);
    case 'sortStep': {
      const list = rows.sortable;
      if (list.length === 0) return s;
      const at = list.indexOf(s.sort.kind);
      const next = at < 0 ? (action.dir > 0 ? 0 : list.length - 1) : clamp(at + action.dir, 0, list.length - 1);
      if (list[next] === s.sort.kind) return s;
      return { ...s, sort: { kind: list[next], order: defaultOrder(list[next]) } };
    }
    case 'sortInvert':
      return { ...s, sort: { kind: s.sort.kind, order: s.sort.order === 'ascending' ? 'descending' : 'ascending' } };
    case 'sortBy':
      if (action.kind === s.sort.kind) {
        if (!action.toggle) return s;
        return { ...s, sort: { kind: s.sort.kind, order: s.sort.order === 'ascending' ? 'descending' : 'ascending' } };
      }
      return { ...s, sort: { kind: action.kind, order: defaultOrder(action.kind) } };
    case 'toggleTree':
      return { ...s, tree: !s.tree };
    case 'collapse': {
      if (!s.tree || s.selectedKey === null) return s;
      const key = s.selectedKey;
      if (rows.hasChildren(key) && !s.collapsed.has(key)) return { ...s, collapsed: new Set([...s.collapsed, key]) };
      const parent = rows.parentOf(key);
      if (parent === undefined) return s;
      const sel = selectIndex(s, rows, rows.index.get(parent) ?? cur);
      return { ...sel, collapsed: new Set([...s.collapsed, parent]) };
    }
    case 'expand': {
      if (!s.tree || s.selectedKey === null || !s.collapsed.has(s.selectedKey)) return s;
      const collapsed = new Set(s.collapsed);
      collapsed.delete(s.selectedKey);
      return { ...s, collapsed };
    }
    case 'expandAll':
      return s.collapsed.size ? { ...s, collapsed: new Set() } : s;
    case 'toggle':
      return { ...s, [action.what]: !s[action.what] };
    case 'tag': {
      if (s.selectedKey === null) return s;
      const tagged = new Set(s.tagged);
      if (tagged.has(s.selectedKey)) tagged.delete(s.selectedKey);
      else tagged.add(s.selectedKey);
      return selectIndex({ ...s, tagged }, rows, cur + 1);
    }
    case 'untagAll':
      return s.tagged.size ? { ...s, tagged: new Set() } : s;
    case 'filterText':
      return { ...s, filter: applyFilterText(s.filter, action.text) };
    case 'mode':
      return { ...s, mode: action.mode };
    case 'openDetail':
      if (s.selectedKey === null) return s;
      return {
        ...s,
        screen: 'detail',
        detail: { key: s.selectedKey, tab: clamp(action.tab ?? 0, 0, DETAIL_TABS.length - 1) },
        mode: { kind: 'table' },
        // a new process: scroll, cursor and filter start over; the sort and grouping stay
        panes: s.panes.map((p) => ({ ...p, cursor: 0, offset: 0, filter: '' })),
      };
    case 'closeDetail':
      return { ...s, screen: 'table' };
    case 'tab': {
      const count = DETAIL_TABS.length;
      const tab = action.to !== undefined ? clamp(action.to, 0, count - 1) : (s.detail.tab + (action.step ?? 1) + count) % count;
      return tab === s.detail.tab ? s : { ...s, detail: { ...s.detail, tab } };
    }
    case 'message':
      return { ...s, message: { text: action.text, kind: action.kind, until: action.now + (action.ms ?? MESSAGE_MS) } };
    case 'pane': {
      const tab = action.tab ?? s.detail.tab;
      const cur = s.panes[tab];
      if (!cur) return s;
      const next = action.update(cur);
      if (next === cur) return s;
      const panes = s.panes.slice();
      panes[tab] = next;
      return { ...s, panes };
    }
  }
}

// ---- detail panes ------------------------------------------------------------------------------

/** What the last drawing of a pane said about its rows (PaneView without the lines). */
export type PaneMetrics = Omit<PaneView, 'lines'>;

export type PaneMove = { delta: number } | { page: 1 | -1 } | 'home' | 'end';

/** Move the cursor (list panes) or scroll (text panes). */
export function movePane(p: PaneState, move: PaneMove, m: PaneMetrics): PaneState {
  const page = Math.max(1, m.page);
  if (!m.list) {
    const max = Math.max(0, m.count - page);
    const at = m.offset;
    const to =
      move === 'home' ? 0 : move === 'end' ? max : 'delta' in move ? at + move.delta : at + move.page * page;
    const offset = clampTo(to, 0, max);
    return offset === p.offset ? p : { ...p, offset };
  }
  const last = Math.max(0, m.count - 1);
  let cursor = m.cursor;
  let offset = m.offset;
  if (move === 'home') cursor = 0;
  else if (move === 'end') cursor = last;
  else if ('delta' in move) cursor += move.delta;
  else {
    cursor += move.page * page;
    offset += move.page * page;
  }
  const w = listWindow(clampTo(cursor, 0, last), clampTo(offset, 0, Math.max(0, m.count - page)), m.count, page);
  return w.cursor === p.cursor && w.offset === p.offset ? p : { ...p, cursor: w.cursor, offset: w.offset };
}

/** < and >: the sort column to the left/right of the current one (in its default order). */
export function stepPaneSort(p: PaneState, dir: 1 | -1, m: PaneMetrics): PaneState {
  const list = m.sortColumns;
  if (!list || list.length === 0) return p;
  const at = list.findIndex((c) => c.name === (m.sortKey ?? p.sortKey));
  const next = list[at < 0 ? 0 : clampTo(at + dir, 0, list.length - 1)];
  if (next.name === p.sortKey) return p;
  return { ...p, sortKey: next.name, desc: next.desc, cursor: 0, offset: 0 };
}

/** I: invert the sort order. */
export function invertPaneSort(p: PaneState, m: PaneMetrics): PaneState {
  if (!m.sortColumns?.length) return p;
  return { ...p, sortKey: m.sortKey ?? p.sortKey, desc: !(m.desc ?? p.desc), cursor: 0, offset: 0 };
}

/** A new filter text: the list starts over at the top. */
export function filterPane(p: PaneState, filter: string): PaneState {
  return filter === p.filter ? p : { ...p, filter, cursor: 0, offset: 0 };
}
