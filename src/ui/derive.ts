// From one snapshot to the rows the table lists, in order: the filter query, then either the sort
// or the tree (with folded subtrees and, when filtering, the matches' relatives drawn faded).
// Run once per data tick or per key that changes the sort, filter or tree — never per render.

import type { ProcessSample } from '../collect/types.js';
import type { ColumnContext, ColumnKind } from '../model/columns/types.js';
import type { ColumnConfig, Config } from '../model/config/types.js';
import { compileQuery, type Query } from '../model/query.js';
import { sortRows, type SortOrder } from '../model/sort.js';
import type { TableInput } from '../model/table.js';
import { buildTree, withRelatives } from '../model/tree.js';
import type { RowsView } from './view-state.js';

export interface DeriveOptions {
  /** the bare-word search columns come from the config's columns (numeric_search/nonnumeric_search) */
  columns: readonly ColumnConfig[];
  search: Config['search'];
  sortKind: ColumnKind;
  order: SortOrder;
  tree: boolean;
  collapsed: ReadonlySet<number>;
  treeSymbols: readonly string[];
  query: Query | null;
}

export interface Derived {
  /** rows in display order (samples, or tree nodes with their glyphs) */
  rows: TableInput[];
  keys: number[];
  index: Map<number, number>;
  /** tree view: rows that have children (shown or folded) */
  withChildren: Set<number>;
  /** rows that matched the filter themselves (the rest are tree relatives) */
  matched: number;
}

/** A row's identity: the TID (= the PID for a process row). */
export const rowKey = (p: ProcessSample): number => p.tid;

/** A query as a predicate, with the config's search columns and settings for bare words. */
export function compileFilter(query: Query, columns: readonly ColumnConfig[], search: Config['search']): (p: ProcessSample, ctx: ColumnContext) => boolean {
  return compileQuery(query, {
    columns,
    case: search.case,
    numericSearch: search.numericSearch,
    nonnumericSearch: search.nonnumericSearch,
  });
}

export function deriveRows(procs: readonly ProcessSample[], ctx: ColumnContext, opts: DeriveOptions): Derived {
  const match = opts.query ? compileFilter(opts.query, opts.columns, opts.search) : null;
  let rows: TableInput[];
  let matched: number;
  const withChildren = new Set<number>();
  if (opts.tree) {
    const set = match ? withRelatives(procs, (p) => match(p, ctx)) : procs.map((sample) => ({ sample }));
    const nodes = buildTree(set, {
      sortKind: opts.sortKind,
      order: opts.order,
      ctx,
      collapsed: opts.collapsed,
      symbols: opts.treeSymbols,
    });
    matched = 0;
    for (const n of nodes) {
      if (n.hasChildren) withChildren.add(rowKey(n.sample));
      if (!n.auxiliary) matched++;
    }
    rows = nodes;
  } else {
    const list = match ? procs.filter((p) => match(p, ctx)) : procs;
    rows = sortRows(list, opts.sortKind, opts.order, ctx);
    matched = rows.length;
  }
  const keys = new Array<number>(rows.length);
  const index = new Map<number, number>();
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const k = rowKey('sample' in r ? r.sample : r);
    keys[i] = k;
    index.set(k, i);
  }
  return { rows, keys, index, withChildren, matched };
}

/** The sample of a derived row. */
export function sampleOf(row: TableInput): ProcessSample {
  return 'sample' in row ? row.sample : row;
}

/** The transitions' view of derived rows. */
export function rowsView(d: Derived, page: number, sortable: readonly string[]): RowsView {
  return {
    keys: d.keys,
    index: d.index,
    page,
    sortable,
    parentOf(key) {
      const i = d.index.get(key);
      if (i === undefined) return undefined;
      const p = sampleOf(d.rows[i]);
      const parent = p.isThread ? p.pid : p.stat.ppid;
      return parent !== key && d.index.has(parent) ? parent : undefined;
    },
    hasChildren: (key) => d.withChildren.has(key),
  };
}
