// What a detail-view pane is: the data it is drawn from (DetailData: the merged Inspection of the
// open PID, whether it exited, its RSS/PSS history, the table's last sample as a fallback), its
// per-tab view state (PaneState: cursor, scroll, sort, grouping, filter), and the contract a pane
// module fulfils (PaneDef: title, sections to read, its keys, and a renderer that returns the lines
// of one window plus the row count and page size the key handling needs).
//
// Also the pieces the panes share: ReadProblems in words (grouped by reason), a memo for work done once per data
// change, and the window arithmetic.

import type { Inspection, ReadProblem, SectionName } from '../../collect/inspect/types.js';
import type { ProcessSample } from '../../collect/types.js';
import type { ColumnContext } from '../../model/columns/types.js';
import type { Segment } from '../../render/text.js';
import { groupProblems } from '../../collect/inspect/problem-groups.js';
import { sanitize } from '../../collect/sanitize.js';
import type { UiStyles } from '../styles.js';
import { wrapText } from './wrap.js';

export { wrapText };

/** One point of the memory history. */
export interface MemoryPoint {
  /** ms since the epoch */
  at: number;
  rss: number;
  /** null when only RSS was read (the table's samples, before the view was opened) */
  pss: number | null;
}

export interface DetailData {
  pid: number;
  /** the newest reading of each section asked for so far (null before the first) */
  inspection: Inspection | null;
  /** the process is gone (the inspection shown is the last one read) */
  exited: boolean;
  /** RSS/PSS over the time ptop has watched this PID, oldest first (./memory-history.ts) */
  history: readonly MemoryPoint[];
  /** the table's last sample of the process (title and State fallback before any inspection) */
  sample: ProcessSample | null;
  ctx: ColumnContext | null;
  /** ms since the epoch */
  now: number;
}

/** Per-tab view state; kept while the view is open (sort and grouping also across opens). */
export interface PaneState {
  /** list panes: the selected row (index into the sorted, filtered rows) */
  cursor: number;
  /** first row (list panes) or line (text panes) shown */
  offset: number;
  /** the sort column's name ('' = the pane's default order) */
  sortKey: string;
  desc: boolean;
  /** maps: one row per file */
  group: boolean;
  /** text the rows are filtered by ('' = all) */
  filter: string;
}

export interface PaneInput {
  data: DetailData;
  state: PaneState;
  width: number;
  /** lines available to the pane */
  height: number;
  ui: UiStyles;
}

export interface PaneView {
  /** at most `height` lines, unpainted */
  lines: Segment[][];
  /** rows (list) or lines (text) that scroll */
  count: number;
  /** how many of them are visible at once */
  page: number;
  /** true: a cursor moves over rows; false: the text scrolls */
  list: boolean;
  /** the state as drawn (cursor and offset clamped to the data) */
  cursor: number;
  offset: number;
  /** the sort in effect, and the columns < and > step through (in display order) */
  sortKey?: string;
  desc?: boolean;
  sortColumns?: ReadonlyArray<SortColumn>;
}

export interface SortColumn {
  name: string;
  /** the order the column sorts in when first chosen (numbers biggest first) */
  desc: boolean;
}

export interface PaneRenderer {
  view(input: PaneInput): PaneView;
}

export interface PaneDef {
  /** tab title */
  title: string;
  /** the Inspection sections this tab reads (memory is always read too: the history) */
  sections: readonly SectionName[];
  /** detail actions the pane takes besides moving, with key-bar labels */
  keys: ReadonlyArray<[action: string, label: string]>;
  /** the state the pane starts in (its default sort) */
  initial(): PaneState;
  /** a renderer holding this pane's memos */
  create(): PaneRenderer;
}

export function paneState(over: Partial<PaneState> = {}): PaneState {
  return { cursor: 0, offset: 0, sortKey: '', desc: false, group: false, filter: '', ...over };
}

// ---- shared helpers --------------------------------------------------------------------------------

export function clampTo(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** A ReadProblem in words: "Could not read memory maps (/proc/1/smaps): EACCES — owned by uid 0 …". */
export function problemText(p: ReadProblem): string {
  const where = p.path ? ` (${p.path})` : '';
  const code = p.code ? `: ${p.code}` : '';
  const why = p.why ? ` — ${p.why}` : '';
  return `Could not read ${p.what}${where}${code}${why}`;
}

/**
 * Problem lines, wrapped to the width, in the error colour. Problems with the same errno and reason
 * are said once: what could not be read, as one list, then the reason under it.
 */
export function problemLines(problems: readonly ReadProblem[] | undefined, width: number, ui: UiStyles): Segment[][] {
  const out: Segment[][] = [];
  if (!problems) return out;
  const spec = ui.ui('status_error');
  // wrapped with a hanging indent: the text after the first line starts under its words
  const para = (text: string, indent: string) => {
    const w = Math.max(10, width - 1 - indent.length);
    const first = wrapText(text, w)[0];
    out.push([{ text: ` ${indent}` }, { text: first, spec }]);
    const rest = text.slice(first.length).replace(/^ /, '');
    if (rest) for (const part of wrapText(rest, w - 2)) out.push([{ text: ` ${indent}  ` }, { text: part, spec }]);
  };
  for (const g of groupProblems(problems)) {
    if (g.length === 1) para(`! ${problemText(g[0])}`, '');
    else {
      para(`! Could not read ${g.map((p) => p.what).join(', ')}${g[0].code ? `: ${g[0].code}` : ''}`, '');
      if (g[0].why) para(`— ${g[0].why}`, '  ');
    }
  }
  return out;
}

/** The line a pane shows before its section has been read (or when it never will be). */
export function notReadLine(d: DetailData, file: string, ui: UiStyles): Segment[] {
  const text = d.exited ? ' Not read: the process exited before this tab was opened.' : ` Reading /proc/${d.pid}/${file} …`;
  return [{ text, spec: ui.ui('dim') }];
}

/** `   matching "text": N` for a filter summary (the typed text sanitized, as the status line does). */
export function matchingText(label: string, filter: string, n: number): string {
  return `   ${label} "${sanitize(filter.trim())}": ${groupDigits(n)}`;
}

/** Remembers one result until any of its inputs changes (compared with ===). */
export class Memo<T> {
  private from: readonly unknown[] | null = null;
  private value: T | undefined;
  get(inputs: readonly unknown[], compute: () => T): T {
    const f = this.from;
    if (f && f.length === inputs.length && f.every((v, i) => v === inputs[i])) return this.value as T;
    this.value = compute();
    this.from = inputs;
    return this.value;
  }
}

/** The window of a list: cursor clamped, offset moved just enough to show it. */
export function listWindow(cursor: number, offset: number, count: number, page: number): { cursor: number; offset: number } {
  const p = Math.max(1, page);
  const c = clampTo(cursor, 0, Math.max(0, count - 1));
  let o = offset;
  if (c < o) o = c;
  else if (c >= o + p) o = c - p + 1;
  return { cursor: c, offset: clampTo(o, 0, Math.max(0, count - p)) };
}

/** "1,234,567" */
export function groupDigits(n: number): string {
  const s = String(Math.trunc(Math.abs(n)));
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ',';
    out += s[i];
  }
  return (n < 0 ? '-' : '') + out;
}

/** Case-insensitive substring test helper: the needle lower-cased once. */
export function matcher(filter: string): ((hay: string) => boolean) | null {
  const f = filter.trim().toLowerCase();
  if (!f) return null;
  return (hay) => hay.includes(f);
}
