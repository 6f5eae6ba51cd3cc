// procs' keyword search, over a neutral row shape so the CLI and the interactive UI share it.
//
// A keyword that parses as a 64-bit integer is numeric and is tested against the columns with
// numericSearch (exact match by default); any other keyword is tested against the columns with
// nonnumericSearch (substring by default). A keyword hits a row when it hits any eligible
// column's formatted text. The numeric keywords and the non-numeric keywords are each folded
// (and/nand: all hit, starting from true; or/nor: any hit, starting from false), then the two
// results are combined: and → n && m, or → n || m, nand → !(n && m), nor → !(n || m).
// No keywords at all keeps every row. Case: smart (insensitive unless the keyword has an
// uppercase letter), insensitive or sensitive.

import type { ProcessSample } from '../collect/types.js';
import type { ColumnContext, ColumnKind } from './columns/types.js';
import { getColumnKind } from './columns/registry.js';
import type { CaseMode, ColumnConfig, MatchMode, SearchLogic } from './config/types.js';

/** The search settings (the shape of Config['search']). */
export interface KeywordOptions {
  numericSearch: MatchMode;
  nonnumericSearch: MatchMode;
  logic: SearchLogic;
  case: CaseMode;
}

export const DEFAULT_KEYWORD_OPTIONS: KeywordOptions = {
  numericSearch: 'exact',
  nonnumericSearch: 'partial',
  logic: 'and',
  case: 'smart',
};

/** Which keyword group a column takes part in. */
export interface SearchColumnFlags {
  numericSearch: boolean;
  nonnumericSearch: boolean;
}

/** Cell text of column `index` of one row. */
export type CellText = (index: number) => string;

const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

/** True when the keyword parses as a 64-bit integer (procs' `i64` parse: optional sign, digits). */
export function isNumericKeyword(keyword: string): boolean {
  if (!/^[+-]?\d+$/.test(keyword)) return false;
  const v = BigInt(keyword);
  return v >= I64_MIN && v <= I64_MAX;
}

interface Needle {
  text: string;
  ignoreCase: boolean;
}

function needle(keyword: string, mode: CaseMode): Needle {
  const lower = keyword.toLowerCase();
  const ignoreCase = mode === 'insensitive' || (mode === 'smart' && keyword === lower);
  return { text: ignoreCase ? lower : keyword, ignoreCase };
}

/** A compiled keyword list, reusable across rows. */
export interface KeywordMatcher {
  /** true when there are no keywords (everything matches) */
  readonly empty: boolean;
  /** does one row match? `columns[i]` says which groups column i takes part in */
  test(cell: CellText, columns: readonly SearchColumnFlags[]): boolean;
}

export function compileKeywords(keywords: readonly string[], options: Partial<KeywordOptions> = {}): KeywordMatcher {
  const opts: KeywordOptions = { ...DEFAULT_KEYWORD_OPTIONS, ...options };
  const numeric: Needle[] = [];
  const text: Needle[] = [];
  for (const k of keywords) {
    if (k === '') continue;
    (isNumericKeyword(k) ? numeric : text).push(needle(k, opts.case));
  }
  const empty = numeric.length === 0 && text.length === 0;
  const foldAll = opts.logic === 'and' || opts.logic === 'nand';

  return {
    empty,
    test(cell, columns) {
      if (empty) return true;
      const lowered = new Map<number, string>();
      const content = (i: number, ignoreCase: boolean): string => {
        if (!ignoreCase) return cell(i);
        let v = lowered.get(i);
        if (v === undefined) {
          v = cell(i).toLowerCase();
          lowered.set(i, v);
        }
        return v;
      };
      const hits = (n: Needle, numericGroup: boolean): boolean => {
        const mode = numericGroup ? opts.numericSearch : opts.nonnumericSearch;
        for (let i = 0; i < columns.length; i++) {
          const c = columns[i];
          if (numericGroup ? !c.numericSearch : !c.nonnumericSearch) continue;
          const s = content(i, n.ignoreCase);
          if (mode === 'exact' ? s === n.text : s.includes(n.text)) return true;
        }
        return false;
      };
      const fold = (group: Needle[], numericGroup: boolean): boolean => {
        let acc = foldAll;
        for (const n of group) {
          const h = hits(n, numericGroup);
          acc = foldAll ? acc && h : acc || h;
        }
        return acc;
      };
      const n = fold(numeric, true);
      const m = fold(text, false);
      switch (opts.logic) {
        case 'and':
          return n && m;
        case 'or':
          return n || m;
        case 'nand':
          return !(n && m);
        case 'nor':
          return !(n || m);
      }
    },
  };
}

/** Rows whose `cells` match the keywords; `columns[i]` flags describe `cells[i]`. */
export function matchKeywords<R extends { cells: readonly string[] }>(
  rows: readonly R[],
  keywords: readonly string[],
  opts: Partial<KeywordOptions> & { columns: readonly SearchColumnFlags[] },
): R[] {
  const m = compileKeywords(keywords, opts);
  if (m.empty) return rows.slice();
  return rows.filter((r) => m.test((i) => r.cells[i] ?? '', opts.columns));
}

/**
 * Keyword search straight over samples with the config's columns: only the searchable columns
 * are formatted. Separators and unknown kinds are ignored.
 */
export function filterSamples(
  samples: readonly ProcessSample[],
  keywords: readonly string[],
  opts: { columns: readonly ColumnConfig[]; ctx: ColumnContext; search?: Partial<KeywordOptions> },
): ProcessSample[] {
  const m = compileKeywords(keywords, opts.search);
  if (m.empty) return samples.slice();
  const kinds: ColumnKind[] = [];
  const flags: SearchColumnFlags[] = [];
  for (const c of opts.columns) {
    if (!c.numericSearch && !c.nonnumericSearch) continue;
    const k = getColumnKind(c.kind);
    if (!k) continue;
    kinds.push(k);
    flags.push({ numericSearch: c.numericSearch, nonnumericSearch: c.nonnumericSearch });
  }
  return samples.filter((p) => {
    const cache: (string | undefined)[] = [];
    const cell = (i: number): string => {
      let v = cache[i];
      if (v === undefined) {
        const k = kinds[i];
        v = k.format(k.value(p, opts.ctx), p, opts.ctx);
        cache[i] = v;
      }
      return v;
    };
    return m.test(cell, flags);
  });
}
