// The table inside the list panes (maps, fds, threads, environment): columns with a header,
// fixed widths (measured once per data change by the pane) and one flexible column that takes the
// rest, dropped in priority order when the terminal is narrow (never the sorted one); a header
// bar that marks the sorted column; and the rows of one window only, the selected one as a bar in
// the `selected` spec.
//
// Formatting is per visible row: a window of 50,000 rows costs what a window of 50 does.

import { cutStart, displayWidth, padToWidth } from '../../model/format.js';
import { cutSegments, trimEnd, type Segment } from '../../render/text.js';
import type { UiStyles } from '../styles.js';
import { padSegments } from '../table-view.js';

export interface ListColumn<T> {
  header: string;
  /** columns; 0 for the one flexible column (takes what is left) */
  width: number;
  align: 'left' | 'right';
  /** the cell: plain text, or segments with their own specs (e.g. a "(deleted)" flag) */
  cell(row: T): string | Segment[];
  /** when the terminal is narrow, columns with the highest `drop` go first; 0 = always kept */
  drop?: number;
  /** the flexible column's minimum width */
  min?: number;
  /** too long: keep the end and cut the start (paths: the file name matters most); per row when a function */
  keepEnd?: boolean | ((row: T) => boolean);
}

/** Cut styled pieces from the start, as cutStart does. */
function cutSegmentsStart(segs: readonly Segment[], width: number): Segment[] {
  let total = 0;
  for (const s of segs) total += displayWidth(s.text);
  if (total <= width) return segs.slice();
  let drop = total - (width - 1);
  const out: Segment[] = [];
  for (const s of segs) {
    const w = displayWidth(s.text);
    if (drop >= w) {
      drop -= w;
      continue;
    }
    const text = drop > 0 ? cutStart(s.text, w - drop + 1).slice(1) : s.text;
    drop = 0;
    out.push({ ...s, text });
  }
  if (out.length) out[0] = { ...out[0], text: `…${out[0].text}` };
  else out.push({ text: '…' });
  return out;
}

export interface LaidOut<T> {
  columns: Array<ListColumn<T> & { w: number }>;
}

/**
 * Fit the columns to the width: drop the droppable ones while they do not fit, then size the
 * flexible one. The column headed `keep` (the sort column) is never dropped: < and > must not step
 * the sort to a column that is not on screen; another goes instead.
 */
export function layoutColumns<T>(cols: readonly ListColumn<T>[], width: number, keep?: string): LaidOut<T> {
  // a fixed column has room for its header and the sort arrow
  let kept = cols.map((c) => (c.width === 0 ? c : { ...c, width: Math.max(c.width, displayWidth(c.header) + 1) }));
  const need = (cs: readonly ListColumn<T>[]) =>
    cs.reduce((n, c) => n + (c.width === 0 ? (c.min ?? 10) : c.width), 0) + Math.max(0, cs.length - 1);
  while (need(kept) > width) {
    let worst = -1;
    for (let i = 0; i < kept.length; i++) {
      if ((kept[i].drop ?? 0) > 0 && kept[i].header !== keep && (worst < 0 || (kept[i].drop ?? 0) > (kept[worst].drop ?? 0))) worst = i;
    }
    if (worst < 0) break;
    kept = kept.filter((_, i) => i !== worst);
  }
  const fixed = kept.reduce((n, c) => n + (c.width === 0 ? 0 : c.width), 0) + Math.max(0, kept.length - 1);
  const flex = Math.max(0, width - fixed);
  return { columns: kept.map((c) => ({ ...c, w: c.width === 0 ? flex : c.width })) };
}

/** The header bar across the width; `sorted` names the sorted column's header, with its arrow. */
export function headerLine<T>(lay: LaidOut<T>, width: number, ui: UiStyles, sorted?: { header: string; desc: boolean }): Segment[] {
  const spec = ui.ui('table_header');
  const sortedSpec = ui.ui('table_header_sorted');
  const segs: Segment[] = [];
  lay.columns.forEach((c, i) => {
    if (i > 0) segs.push({ text: ' ', spec });
    const isSorted = sorted?.header === c.header;
    const text = isSorted ? (c.align === 'right' ? `${sorted!.desc ? '▼' : '▲'}${c.header}` : `${c.header}${sorted!.desc ? '▼' : '▲'}`) : c.header;
    segs.push({ text: padToWidth(text, c.w, c.align), spec: isSorted ? sortedSpec : spec });
  });
  return padSegments(cutSegments(segs, width), width, spec);
}

/** One row's segments (cut to the width; the selected row as one padded bar). */
export function rowLine<T>(lay: LaidOut<T>, row: T, width: number, ui: UiStyles, selected: boolean): Segment[] {
  const segs: Segment[] = [];
  const last = lay.columns.length - 1;
  lay.columns.forEach((c, i) => {
    if (i > 0) segs.push({ text: ' ' });
    let v = c.cell(row);
    if (c.keepEnd === true || (typeof c.keepEnd === 'function' && c.keepEnd(row))) v = typeof v === 'string' ? cutStart(v, c.w) : cutSegmentsStart(v, c.w);
    if (typeof v === 'string') {
      // the last left-aligned column is not padded (no trailing blanks)
      segs.push({ text: i === last && c.align === 'left' && displayWidth(v) <= c.w ? v : padToWidth(v, c.w, c.align) });
    } else {
      let w = 0;
      for (const s of v) w += displayWidth(s.text);
      const cut = cutSegments(v, c.w);
      if (w > c.w && cut.length) {
        // mark the cut with … in the last column
        const lastSeg = cut[cut.length - 1];
        cut[cut.length - 1] = { ...lastSeg, text: padToWidth(lastSeg.text + '…', displayWidth(lastSeg.text)) };
      }
      segs.push(...(i === last && c.align === 'left' ? cut : padSegments(cut, c.w)));
    }
  });
  const line = cutSegments(segs, width);
  if (!selected) return trimEnd(line);
  let text = '';
  for (const s of line) text += s.text;
  return [{ text: padToWidth(text, width), spec: ui.ui('selected') }];
}

/** Rows [from, to) of `rows` as lines, the cursor row selected. */
export function windowLines<T>(rows: readonly T[], from: number, to: number, cursor: number, lay: LaidOut<T>, width: number, ui: UiStyles): Segment[][] {
  const out: Segment[][] = [];
  const end = Math.min(rows.length, to);
  for (let i = Math.max(0, from); i < end; i++) out.push(rowLine(lay, rows[i], width, ui, i === cursor));
  return out;
}

/** The widest display width of `f(row)` over the rows (at least `min`, at most `max`). */
export function widest<T>(rows: readonly T[], f: (row: T) => string, min: number, max = Infinity): number {
  let w = min;
  for (const r of rows) {
    const t = f(r);
    if (t.length > w || t.length * 2 > w) {
      const dw = displayWidth(t);
      if (dw > w) w = dw;
    }
    if (w >= max) return max;
  }
  return w;
}

/** Numeric compare, nulls last. */
export function byNumber(a: number | null | undefined, b: number | null | undefined): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  return a - b;
}

export function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sort a copy; `desc` flips the comparison, ties fall back to `tie` ascending (stable order). */
export function sortRows<T>(rows: readonly T[], cmp: (a: T, b: T) => number, desc: boolean, tie?: (a: T, b: T) => number): T[] {
  const out = rows.slice();
  out.sort((a, b) => {
    const c = desc ? -cmp(a, b) : cmp(a, b);
    return c !== 0 ? c : tie ? tie(a, b) : 0;
  });
  return out;
}
