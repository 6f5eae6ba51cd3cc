// Sorting process rows by a column kind: stable, nulls (and NaN) last in both orders, numbers
// compared as numbers, strings by code unit (no localeCompare: fast and the same everywhere),
// ties broken by PID then TID ascending so the output is deterministic.

import type { ProcessSample } from '../collect/types.js';
import type { CellValue, ColumnContext, ColumnKind } from './columns/types.js';

export type SortOrder = 'ascending' | 'descending';

/** Code-unit string comparison. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isMissing(v: CellValue): boolean {
  return v === null || (typeof v === 'number' && Number.isNaN(v));
}

/** Compare two non-null values: numbers numerically, anything else as strings. */
export function compareValues(a: CellValue, b: CellValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  return compareStrings(String(a), String(b));
}

/** PID, then TID, ascending. */
export function comparePid(a: ProcessSample, b: ProcessSample): number {
  return a.pid - b.pid || a.tid - b.tid;
}

/** A sorted copy of `samples`. */
export function sortRows(
  samples: readonly ProcessSample[],
  kind: ColumnKind,
  order: SortOrder,
  ctx: ColumnContext,
): ProcessSample[] {
  const dir = order === 'descending' ? -1 : 1;
  if (kind.compare) {
    const custom = kind.compare.bind(kind);
    return samples.slice().sort((a, b) => dir * custom(a, b, ctx) || comparePid(a, b));
  }
  const decorated = samples.map((p) => {
    const v = kind.value(p, ctx);
    return { p, v, missing: isMissing(v) };
  });
  decorated.sort((a, b) => {
    if (a.missing !== b.missing) return a.missing ? 1 : -1;
    if (!a.missing) {
      const c = compareValues(a.v, b.v);
      if (c !== 0) return dir * c;
    }
    return comparePid(a.p, b.p);
  });
  return decorated.map((d) => d.p);
}
