// The table model shared by the text renderer and the interactive UI: the config's columns
// resolved to kinds (with header/align/style/width overrides), the cell text of every row, and
// column widths. Nothing here knows about colours or terminals beyond a width in columns.
//
// Width of a column = max(header incl. sort marker, unit when units are shown, widest cell),
// then clamped by min_width/max_width. The last column takes whatever the terminal width leaves
// (still capped by its max_width); cells wider than their column are cut with `…` when drawn.

import type { ProcessSample, ProcSource } from '../collect/types.js';
import { findColumnKind, getColumnKind, LAYOUT_KINDS, sourcesFor } from './columns/registry.js';
import type { Align, CellValue, ColumnContext, ColumnKind } from './columns/types.js';
import type { ColumnConfig } from './config/types.js';
import { displayWidth } from './format.js';
import type { SortOrder } from './sort.js';

export interface ResolvedColumn {
  /** the kind name, or "Separator" / "TreeSlot" */
  name: string;
  /** null for Separator and TreeSlot */
  kind: ColumnKind | null;
  separator: boolean;
  /** a TreeSlot: a column holding only the tree glyphs */
  treeSlot: boolean;
  /** the tree glyphs are drawn at the start of this column's cells */
  tree: boolean;
  /** header text (config override or the kind's), without the sort marker */
  header: string;
  /** header text as drawn: header + sort marker on the sorted column */
  headerText: string;
  unit: string;
  align: Align;
  /** colour spec or ByPercentage/ByState/ByUnit; undefined = plain */
  style: string | undefined;
  /** width in terminal columns */
  width: number;
  minWidth?: number;
  maxWidth?: number;
  numericSearch: boolean;
  nonnumericSearch: boolean;
  /** set on the column the rows are sorted by */
  sortOrder: SortOrder | null;
}

export interface TableRow {
  pid: number;
  tid: number;
  sample: ProcessSample;
  /** cell text per column, unpadded and uncut; the separator text for Separators, '' for a TreeSlot */
  cells: string[];
  /** raw values per column (null for layout columns) */
  values: CellValue[];
  /** tree glyphs ('' outside tree mode) */
  treePrefix: string;
  /** a relative of a match pulled in by tree filtering (drawn faded) */
  auxiliary: boolean;
}

export interface Table {
  columns: ResolvedColumn[];
  rows: TableRow[];
  /** the width the table was laid out for; null = not cut */
  width: number | null;
  /** a unit row is drawn under the header */
  showUnits: boolean;
  /** column kinds of the config that are not known (skipped) */
  unknown: string[];
}

/** A row as given to buildTable: a bare sample, or a tree node (TreeNode fits). */
export type TableInput = ProcessSample | { sample: ProcessSample; prefix?: string; auxiliary?: boolean };

export interface BuildTableOptions {
  columns: readonly ColumnConfig[];
  ctx: ColumnContext;
  /** terminal width; null/undefined = don't fit the last column to a width */
  width?: number | null;
  /** text of Separator columns (display.separator), default "│" */
  separator?: string;
  /** the sorted column: a kind (name) and order; marks that column's header */
  sort?: { kind: string | ColumnKind; order: SortOrder } | null;
  /** sort markers (display.ascending / display.descending), default ▲ ▼ */
  markers?: { ascending: string; descending: string };
  /** draw a unit row ([%], [bytes]) under the header and count it in widths, default false */
  showUnits?: boolean;
}

/** What goes between the tree glyphs and the cell text in a content column. */
export const TREE_GAP = ' ';

/** The /proc sources the configured columns need (always including stat). */
export function requiredSources(columns: readonly ColumnConfig[]): Set<ProcSource> {
  const kinds: ColumnKind[] = [];
  for (const c of columns) {
    const k = getColumnKind(c.kind);
    if (k) kinds.push(k);
  }
  return sourcesFor(kinds);
}

/** Resolve a sort target given as a kind or a name (exact name first, then the loose match). */
export function resolveSortKind(kind: string | ColumnKind): ColumnKind | undefined {
  if (typeof kind !== 'string') return kind;
  return getColumnKind(kind) ?? findColumnKind(kind);
}

/** The config's columns as resolved columns (widths still 0), plus the unknown kind names. */
export function resolveColumns(
  configs: readonly ColumnConfig[],
  opts: Pick<BuildTableOptions, 'separator' | 'sort' | 'markers'> = {},
): { columns: ResolvedColumn[]; unknown: string[] } {
  const separator = opts.separator ?? '│';
  const markers = opts.markers ?? { ascending: '▲', descending: '▼' };
  const sortKind = opts.sort ? resolveSortKind(opts.sort.kind) : undefined;
  let sortMarked = false;
  const columns: ResolvedColumn[] = [];
  const unknown: string[] = [];

  for (const c of configs) {
    const common = {
      style: c.style,
      minWidth: c.minWidth,
      maxWidth: c.maxWidth,
      numericSearch: c.numericSearch,
      nonnumericSearch: c.nonnumericSearch,
      sortOrder: null,
      tree: false,
      width: 0,
    };
    if (c.kind === 'Separator') {
      columns.push({
        ...common,
        name: 'Separator',
        kind: null,
        separator: true,
        treeSlot: false,
        header: separator,
        headerText: separator,
        unit: separator,
        align: c.align ?? 'left',
        numericSearch: false,
        nonnumericSearch: false,
      });
      continue;
    }
    if (c.kind === 'TreeSlot') {
      columns.push({
        ...common,
        name: 'TreeSlot',
        kind: null,
        separator: false,
        treeSlot: true,
        header: c.header ?? '',
        headerText: c.header ?? '',
        unit: '',
        align: c.align ?? 'left',
        numericSearch: false,
        nonnumericSearch: false,
      });
      continue;
    }
    const kind = getColumnKind(c.kind);
    if (!kind) {
      if (!LAYOUT_KINDS.has(c.kind)) unknown.push(c.kind);
      continue;
    }
    const header = c.header ?? kind.header;
    let sortOrder: SortOrder | null = null;
    if (!sortMarked && sortKind && kind === sortKind && opts.sort) {
      sortOrder = opts.sort.order;
      sortMarked = true;
    }
    columns.push({
      ...common,
      name: kind.kind,
      kind,
      separator: false,
      treeSlot: false,
      header,
      headerText: sortOrder ? header + (sortOrder === 'ascending' ? markers.ascending : markers.descending) : header,
      unit: kind.unit,
      align: c.align ?? kind.align,
      style: c.style ?? kind.defaultStyle,
      sortOrder,
    });
  }
  return { columns, unknown };
}

/** Index of the column the tree glyphs go into: a TreeSlot, else Command, else Comm, else the last content column. */
export function treeColumnIndex(columns: readonly ResolvedColumn[]): number {
  const slot = columns.findIndex((c) => c.treeSlot);
  if (slot >= 0) return slot;
  for (const name of ['Command', 'Comm']) {
    const i = columns.findIndex((c) => c.name === name);
    if (i >= 0) return i;
  }
  for (let i = columns.length - 1; i >= 0; i--) if (!columns[i].separator) return i;
  return -1;
}

/** The text of a cell as drawn before padding: tree glyphs + gap + text in the tree column. */
export function drawnCellText(table: Table, row: TableRow, index: number): string {
  const col = table.columns[index];
  if (!col.tree || !row.treePrefix) return row.cells[index];
  if (col.treeSlot) return row.treePrefix;
  return row.treePrefix + TREE_GAP + row.cells[index];
}

function clamp(w: number, min?: number, max?: number): number {
  let v = w;
  if (min !== undefined && min > v) v = min;
  if (max !== undefined && max >= 0 && max < v) v = max;
  return v;
}

/** Cells, values and widths for the rows, in the order given. */
export function buildTable(rows: readonly TableInput[], opts: BuildTableOptions): Table {
  const { columns, unknown } = resolveColumns(opts.columns, opts);
  const showUnits = opts.showUnits === true;
  const ctx = opts.ctx;

  // (plain loops and locals: ps mode runs this once, in V8's interpreter)
  const n = columns.length;
  const kinds = columns.map((c) => c.kind);
  const fixed = columns.map((c) => (c.separator ? c.headerText : ''));
  const tableRows: TableRow[] = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    const isNode = 'sample' in row;
    const p = isNode ? row.sample : row;
    const cells: string[] = new Array(n);
    const values: CellValue[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const kind = kinds[i];
      if (kind) {
        const v = kind.value(p, ctx);
        values[i] = v;
        cells[i] = kind.format(v, p, ctx);
      } else {
        values[i] = null;
        cells[i] = fixed[i];
      }
    }
    tableRows[r] = {
      pid: p.pid,
      tid: p.tid,
      sample: p,
      cells,
      values,
      treePrefix: isNode ? (row.prefix ?? '') : '',
      auxiliary: isNode ? row.auxiliary === true : false,
    };
  }

  const hasTree = tableRows.some((r) => r.treePrefix !== '');
  const treeIdx = treeColumnIndex(columns);
  if (treeIdx >= 0 && (hasTree || columns[treeIdx].treeSlot)) columns[treeIdx].tree = true;

  const table: Table = { columns, rows: tableRows, width: opts.width ?? null, showUnits, unknown };

  const last = columns.length - 1;
  const fitLast = last >= 0 && opts.width !== null && opts.width !== undefined && !columns[last].separator;
  for (let i = 0; i < columns.length; i++) {
    const c = columns[i];
    let w = displayWidth(c.headerText);
    if (showUnits) w = Math.max(w, displayWidth(c.unit));
    // a separator's cells are its header; the last column's width is set from the total below
    // (indexed loops: ps mode runs this in V8's interpreter, where for-of costs ~1 us a call)
    if (!c.separator && !(fitLast && i === last)) {
      if (c.tree) {
        for (let r = 0; r < tableRows.length; r++) {
          const cw = displayWidth(drawnCellText(table, tableRows[r], i));
          if (cw > w) w = cw;
        }
      } else {
        for (let r = 0; r < tableRows.length; r++) {
          const cw = displayWidth(tableRows[r].cells[i]);
          if (cw > w) w = cw;
        }
      }
    }
    c.width = c.separator ? w : clamp(w, c.minWidth, c.maxWidth);
  }

  if (fitLast) {
    let used = last; // one space between columns
    for (let i = 0; i < last; i++) used += columns[i].width;
    const remaining = Math.max(0, opts.width! - used);
    const max = columns[last].maxWidth;
    columns[last].width = max !== undefined && max >= 0 ? Math.min(remaining, max) : remaining;
  }
  return table;
}
