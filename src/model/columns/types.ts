// The contract every column kind module fulfils: header, unit, alignment, how to get a value
// from a process sample, how to format and compare it, and which /proc sources it needs.

import type { ProcessSample, ProcSource, SystemSample } from '../../collect/types.js';

export type Align = 'left' | 'right' | 'center';

/** How a cell is coloured when the config says `style = "ByX"`. */
export type AutoStyle = 'ByPercentage' | 'ByState' | 'ByUnit';

/** What a column may look up besides the process itself. */
export interface ColumnContext {
  system: SystemSample;
  /** uid → user name (falls back to the number) */
  userName(uid: number): string;
  /** tty_nr → "pts/3", "tty1", "" */
  ttyName(ttyNr: number): string;
}

export type CellValue = number | string | null;

export interface ColumnKind {
  /** procs-style kind name, e.g. "UsageCpu" */
  kind: string;
  /** stable JSON key, snake_case, e.g. "usage_cpu" */
  jsonKey: string;
  /** default header text */
  header: string;
  /** unit shown in the unit row, e.g. "[%]", "[bytes]", "[B/s]"; '' for none */
  unit: string;
  align: Align;
  /** one line for --list and the docs */
  description: string;
  /** per-process /proc sources this column reads (stat is always read) */
  needs: ProcSource[];
  /** true when value() is a number (numeric comparison, numeric keyword search) */
  numeric: boolean;
  /** default cell style (a colour spec or an AutoStyle) */
  defaultStyle?: string;
  /** the raw value: used for sorting, JSON and numeric filters; null when unavailable */
  value(p: ProcessSample, ctx: ColumnContext): CellValue;
  /** display text of a value (already sanitized; '' for null) */
  format(v: CellValue, p: ProcessSample, ctx: ColumnContext): string;
  /** optional custom comparator; default compares value() (nulls last) */
  compare?(a: ProcessSample, b: ProcessSample, ctx: ColumnContext): number;
}
