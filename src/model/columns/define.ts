// Small factories the column modules are built from, so each kind module only states what is
// particular to it (header, source, value). Every value() returns null rather than throwing
// when its source is missing (permission denied, kernel thread, not collected).

import type { ProcessSample, ProcSource } from '../../collect/types.js';
import { formatBytes, formatPercent } from '../format.js';
import type { Align, CellValue, ColumnContext, ColumnKind } from './types.js';

export interface ColumnDef {
  kind: string;
  jsonKey: string;
  header: string;
  unit?: string;
  align?: Align;
  description: string;
  needs?: ProcSource[];
  defaultStyle?: string;
}

/** A finite number or null (NaN, Infinity and undefined become null). */
export function num(v: number | undefined | null): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A non-empty string or null. */
export function str(v: string | undefined | null): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

/** The effective uid: from status when it was read, else the owner of the /proc/PID directory. */
export function effectiveUid(p: ProcessSample): number {
  const euid = p.status?.uid?.[1];
  return typeof euid === 'number' && Number.isFinite(euid) ? euid : p.uid;
}

function base(def: ColumnDef, numeric: boolean, align: Align): Omit<ColumnKind, 'value' | 'format'> {
  return {
    kind: def.kind,
    jsonKey: def.jsonKey,
    header: def.header,
    unit: def.unit ?? '',
    align: def.align ?? align,
    description: def.description,
    needs: def.needs ?? [],
    numeric,
    ...(def.defaultStyle !== undefined ? { defaultStyle: def.defaultStyle } : {}),
  };
}

/** An integer column (ids, counts): right-aligned, printed as is. */
export function integerColumn(
  def: ColumnDef,
  value: (p: ProcessSample, ctx: ColumnContext) => number | null | undefined,
): ColumnKind {
  return {
    ...base(def, true, 'right'),
    value: (p, ctx) => num(value(p, ctx)),
    format: (v) => (typeof v === 'number' ? String(v) : ''),
  };
}

/** A byte-count column: right-aligned, binary units ("12.3M"). */
export function bytesColumn(
  def: ColumnDef,
  value: (p: ProcessSample, ctx: ColumnContext) => number | null | undefined,
): ColumnKind {
  return {
    ...base({ unit: '[bytes]', defaultStyle: 'ByUnit', ...def }, true, 'right'),
    value: (p, ctx) => num(value(p, ctx)),
    format: (v) => (typeof v === 'number' ? formatBytes(v) : ''),
  };
}

/** A percentage column: right-aligned, one decimal. */
export function percentColumn(
  def: ColumnDef,
  value: (p: ProcessSample, ctx: ColumnContext) => number | null | undefined,
): ColumnKind {
  return {
    ...base({ unit: '[%]', defaultStyle: 'ByPercentage', ...def }, true, 'right'),
    value: (p, ctx) => num(value(p, ctx)),
    format: (v) => (typeof v === 'number' ? formatPercent(v) : ''),
  };
}

/** A numeric column with its own formatter (times). */
export function formattedNumberColumn(
  def: ColumnDef,
  value: (p: ProcessSample, ctx: ColumnContext) => number | null | undefined,
  format: (v: number, p: ProcessSample, ctx: ColumnContext) => string,
): ColumnKind {
  return {
    ...base(def, true, 'right'),
    value: (p, ctx) => num(value(p, ctx)),
    format: (v, p, ctx) => (typeof v === 'number' ? format(v, p, ctx) : ''),
  };
}

/** A text column: left-aligned, shown as is (strings in ProcessSample are already sanitized). */
export function textColumn(
  def: ColumnDef,
  value: (p: ProcessSample, ctx: ColumnContext) => string | null | undefined,
): ColumnKind {
  return {
    ...base(def, false, 'left'),
    value: (p, ctx) => str(value(p, ctx)),
    format: (v: CellValue) => (v === null ? '' : String(v)),
  };
}
