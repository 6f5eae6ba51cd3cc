// The Maps tab: every mapping from smaps (address range, permissions, offset, device, inode, path
// or [heap]/[stack]/anonymous, and Size, RSS, PSS, USS, Swap), sortable by each column (< > move
// the sort column, I inverts), a toggle that groups by file as `pmap -X` / `smem -m` do (one row
// per path with summed counters and the number of mappings), a totals line, deleted files flagged,
// and a filter on the path.
//
// Grouping, filtering, sorting and the column widths are computed once per data change (memoised);
// a key only moves the window, and only the rows in it are formatted.

import { unreadable } from '../../collect/inspect/problem-groups.js';
import type { Mapping, MapsSection } from '../../collect/inspect/types.js';
import { formatBytes } from '../../model/format.js';
import type { Segment } from '../../render/text.js';
import type { UiStyles } from '../styles.js';
import { byNumber, byText, headerLine, layoutColumns, rowLine, sortRows, widest, type ListColumn } from './list.js';
import { listPaneView } from './list-pane.js';
import { groupDigits, matcher, matchingText, Memo, notReadLine, paneState, problemLines, type PaneDef, type PaneInput, type PaneView, type SortColumn } from './pane.js';

/** A row of the table: one mapping, or (grouped) one file with its mappings summed. */
export interface MapRow {
  start: string;
  end: string;
  perms: string;
  offset: string;
  dev: string;
  inode: number;
  /** what is shown: the path without " (deleted)", [heap], or [anon] */
  path: string;
  deleted: boolean;
  size: number;
  rss: number;
  pss: number;
  uss: number;
  swap: number;
  /** mappings in the row (1 unless grouped) */
  count: number;
  kind: Mapping['kind'];
  /** the row's position in kernel (address) order */
  order: number;
}

const DELETED = / \(deleted\)$/;

export function mapPath(m: Mapping): string {
  // named anonymous mappings keep their name ("[anon:buffers]")
  return m.path === '' ? '[anon]' : m.path.replace(DELETED, '');
}

export function mapRows(ms: readonly Mapping[]): MapRow[] {
  return ms.map((m, i) => ({
    start: m.start,
    end: m.end,
    perms: m.perms,
    offset: m.offset,
    dev: m.dev,
    inode: m.inode,
    path: mapPath(m),
    deleted: m.deleted || DELETED.test(m.path),
    size: m.size,
    rss: m.rss,
    pss: m.pss,
    uss: m.uss,
    swap: m.swap,
    count: 1,
    kind: m.kind,
    order: i,
  }));
}

/** One row per path (anonymous mappings together), counters summed, perms merged ("r-xp" + "rw-p" → "rwxp"). */
export function groupByFile(rows: readonly MapRow[]): MapRow[] {
  const by = new Map<string, MapRow>();
  for (const r of rows) {
    const key = `${r.path}\0${r.deleted ? 1 : 0}`;
    const g = by.get(key);
    if (!g) {
      by.set(key, { ...r, offset: '', count: 1 });
      continue;
    }
    g.count++;
    g.size += r.size;
    g.rss += r.rss;
    g.pss += r.pss;
    g.uss += r.uss;
    g.swap += r.swap;
    g.end = r.end;
    g.perms = mergePerms(g.perms, r.perms);
    if (g.inode !== r.inode) g.inode = 0;
  }
  return [...by.values()];
}

function mergePerms(a: string, b: string): string {
  let out = '';
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '-';
    const y = b[i] ?? '-';
    out += x !== '-' ? x : y;
  }
  return out;
}

interface ColumnDef {
  name: string;
  /** default order when first chosen */
  desc: boolean;
  cmp: (a: MapRow, b: MapRow) => number;
}

const hexCmp = (a: string, b: string) => (a.length !== b.length ? a.length - b.length : byText(a, b));

const SORTS: Record<string, ColumnDef> = {
  ADDRESS: { name: 'ADDRESS', desc: false, cmp: (a, b) => a.order - b.order },
  MAPS: { name: 'MAPS', desc: true, cmp: (a, b) => a.count - b.count },
  PERM: { name: 'PERM', desc: false, cmp: (a, b) => byText(a.perms, b.perms) },
  OFFSET: { name: 'OFFSET', desc: false, cmp: (a, b) => hexCmp(a.offset, b.offset) },
  DEV: { name: 'DEV', desc: false, cmp: (a, b) => byText(a.dev, b.dev) },
  INODE: { name: 'INODE', desc: false, cmp: (a, b) => byNumber(a.inode, b.inode) },
  SIZE: { name: 'SIZE', desc: true, cmp: (a, b) => a.size - b.size },
  RSS: { name: 'RSS', desc: true, cmp: (a, b) => a.rss - b.rss },
  PSS: { name: 'PSS', desc: true, cmp: (a, b) => a.pss - b.pss },
  USS: { name: 'USS', desc: true, cmp: (a, b) => a.uss - b.uss },
  SWAP: { name: 'SWAP', desc: true, cmp: (a, b) => a.swap - b.swap },
  PATH: { name: 'PATH', desc: false, cmp: (a, b) => byText(a.path, b.path) },
};

/** The columns in display order, per mode (what < and > step through). */
export const MAP_SORTS: readonly string[] = ['ADDRESS', 'PERM', 'OFFSET', 'DEV', 'INODE', 'SIZE', 'RSS', 'PSS', 'USS', 'SWAP', 'PATH'];
export const GROUP_SORTS: readonly string[] = ['MAPS', 'PERM', 'DEV', 'INODE', 'SIZE', 'RSS', 'PSS', 'USS', 'SWAP', 'PATH'];

const NUM_W = 6;

function columns(rows: readonly MapRow[], grouped: boolean, ui: UiStyles): Array<ListColumn<MapRow>> {
  const err = ui.ui('status_error');
  const num = (header: string, f: (r: MapRow) => number): ListColumn<MapRow> => ({ header, width: NUM_W, align: 'right', cell: (r) => formatBytes(f(r)) });
  const path: ListColumn<MapRow> = {
    header: 'PATH',
    width: 0,
    min: 24,
    align: 'left',
    keepEnd: true,
    cell: (r) => (r.deleted ? [{ text: r.path }, { text: ' (deleted)', spec: err }] : r.path),
  };
  const perm: ListColumn<MapRow> = { header: 'PERM', width: 4, align: 'left', cell: (r) => r.perms };
  const dev: ListColumn<MapRow> = { header: 'DEV', width: widest(rows, (r) => r.dev, 5, 8), align: 'left', cell: (r) => r.dev, drop: 3 };
  const inode: ListColumn<MapRow> = {
    header: 'INODE',
    width: widest(rows, (r) => String(r.inode), 5, 12),
    align: 'right',
    cell: (r) => (r.inode ? String(r.inode) : '-'),
    drop: 2,
  };
  const counters = [num('SIZE', (r) => r.size), num('RSS', (r) => r.rss), num('PSS', (r) => r.pss), num('USS', (r) => r.uss), { ...num('SWAP', (r) => r.swap), drop: 1 }];
  if (grouped) {
    const maps: ListColumn<MapRow> = { header: 'MAPS', width: Math.max(4, widest(rows, (r) => String(r.count), 4)), align: 'right', cell: (r) => String(r.count) };
    return [maps, perm, dev, inode, ...counters, path];
  }
  // sized for the process's own addresses: the kernel's [vsyscall] page (16 digits) is cut instead
  const user = rows.filter((r) => r.kind !== 'vsyscall');
  const addrW = widest(user, (r) => r.start, 8) + 1 + widest(user, (r) => r.end, 8);
  const address: ListColumn<MapRow> = { header: 'ADDRESS', width: addrW, align: 'left', cell: (r) => `${r.start}-${r.end}` };
  const offset: ListColumn<MapRow> = { header: 'OFFSET', width: widest(rows, (r) => r.offset, 6, 16), align: 'left', cell: (r) => r.offset, drop: 4 };
  return [address, perm, offset, dev, inode, ...counters, path];
}

interface Prepared {
  /** rows after grouping, filtering and sorting */
  rows: MapRow[];
  cols: Array<ListColumn<MapRow>>;
  sortKey: string;
  desc: boolean;
  /** rows before the filter */
  total: number;
}

class MapsRenderer {
  private base = new Memo<MapRow[]>();
  private grouped = new Memo<MapRow[]>();
  private filtered = new Memo<MapRow[]>();
  private sorted = new Memo<Prepared>();

  prepare(sec: MapsSection, group: boolean, filter: string, sortKey: string, desc: boolean, ui: UiStyles): Prepared {
    const base = this.base.get([sec.mappings], () => mapRows(sec.mappings));
    const rows = group ? this.grouped.get([base], () => groupByFile(base)) : base;
    const f = filter.trim().toLowerCase();
    const kept = this.filtered.get([rows, f], () => {
      const m = matcher(f);
      return m ? rows.filter((r) => m(r.path.toLowerCase())) : rows;
    });
    const list = group ? GROUP_SORTS : MAP_SORTS;
    const key = list.includes(sortKey) ? sortKey : group ? 'RSS' : 'ADDRESS';
    const d = list.includes(sortKey) ? desc : SORTS[key].desc;
    return this.sorted.get([kept, key, d, ui], () => {
      const s = SORTS[key];
      const out = key === 'ADDRESS' && !d ? kept : sortRows(kept, s.cmp, d, (a, b) => a.order - b.order);
      return { rows: out, cols: columns(kept, group, ui), sortKey: key, desc: d, total: rows.length };
    });
  }

  view(i: PaneInput): PaneView {
    const { ui, width, state } = i;
    const sec = i.data.inspection?.sections.maps;
    const top: Segment[][] = [];
    if (!sec) {
      return listPaneView({ top: [notReadLine(i.data, 'smaps', ui)], header: null, rows: [], state, height: i.height });
    }
    top.push(...problemLines(sec.problems, width, ui));
    // refused: the problems say so (no "0 mappings" summary, no "No mappings.")
    if (unreadable(sec.problems, sec.mappings.length)) return listPaneView({ top, header: null, rows: [], state, height: i.height });
    const p = this.prepare(sec, state.group, state.filter, state.sortKey, state.desc, ui);
    const lay = layoutColumns(p.cols, width, p.sortKey);
    const t = sec.totals;
    const label = ui.ui('header_label');
    const value = ui.ui('header_value');
    const summary: Segment[] = [
      { text: ' ' },
      { text: `${groupDigits(t.count)} mappings`, spec: value },
      { text: '  Size ' },
      { text: formatBytes(t.size), spec: value },
      { text: '  RSS ' },
      { text: formatBytes(t.rss), spec: value },
      { text: '  PSS ' },
      { text: formatBytes(t.pss), spec: value },
      { text: '  USS ' },
      { text: formatBytes(t.uss), spec: value },
      { text: '  Swap ' },
      { text: formatBytes(t.swap), spec: value },
    ];
    if (state.group) summary.push({ text: `   by file: ${groupDigits(p.total)} files`, spec: label });
    if (state.filter.trim()) summary.push({ text: matchingText('path contains', state.filter, p.rows.length), spec: label });
    top.push(summary);
    const sortColumns: SortColumn[] = (state.group ? GROUP_SORTS : MAP_SORTS).map((n) => ({ name: n, desc: SORTS[n].desc }));
    return listPaneView({
      top,
      header: headerLine(lay, width, ui, { header: p.sortKey, desc: p.desc }),
      rows: p.rows,
      state,
      height: i.height,
      line: (r, sel) => rowLine(lay, r, width, ui, sel),
      empty: [{ text: state.filter.trim() ? ' No mapping matches the filter.' : ' No mappings.', spec: ui.ui('dim') }],
      sortKey: p.sortKey,
      desc: p.desc,
      sortColumns,
    });
  }
}

export const mapsPane: PaneDef = {
  title: 'Maps',
  sections: ['maps'],
  keys: [
    ['detail_sort_next', 'Sort'],
    ['detail_sort_invert', 'Invert'],
    ['detail_group', 'ByFile'],
    ['detail_filter', 'Filter'],
  ],
  initial: () => paneState({ sortKey: 'ADDRESS' }),
  create: () => new MapsRenderer(),
};
