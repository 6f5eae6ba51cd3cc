// The frame of a list pane: fixed lines on top (read problems, a summary), a header bar, then the
// window of rows around the cursor. Only the rows in the window are formatted. The selected row may
// open into more lines (the environment pane shows a long value in full there); the window then
// moves so those lines stay on screen.

import type { Segment } from '../../render/text.js';
import { clampTo, listWindow, type PaneState, type PaneView } from './pane.js';

export interface ListPaneInput<T> {
  /** lines above the header (problems, summary); at most height − 2 are kept */
  top: Segment[][];
  header: Segment[] | null;
  rows: readonly T[];
  state: PaneState;
  height: number;
  /** a row's line (not needed when there are no rows) */
  line?(row: T, selected: boolean): Segment[];
  /** extra lines under the selected row */
  expand?(row: T): Segment[][];
  /** shown instead of rows when there are none */
  empty?: Segment[];
  sortKey?: string;
  desc?: boolean;
  sortColumns?: PaneView['sortColumns'];
}

export function listPaneView<T>(o: ListPaneInput<T>): PaneView {
  const lines: Segment[][] = o.top.slice(0, Math.max(0, o.height - 2));
  if (o.header) lines.push(o.header);
  const page = Math.max(1, o.height - lines.length);
  const n = o.rows.length;
  let { cursor, offset } = listWindow(o.state.cursor, o.state.offset, n, page);
  if (n === 0) {
    if (o.empty && lines.length < o.height) lines.push(o.empty);
  } else {
    const extra = o.expand ? o.expand(o.rows[cursor]).slice(0, Math.max(0, page - 1)) : [];
    // keep the selected row and its extra lines inside the window
    if (cursor - offset + 1 + extra.length > page) offset = clampTo(cursor + 1 + extra.length - page, 0, cursor);
    const end = Math.min(n, offset + page);
    for (let i = offset; i < end && lines.length < o.height; i++) {
      lines.push(o.line ? o.line(o.rows[i], i === cursor) : []);
      if (i === cursor) for (const e of extra) if (lines.length < o.height) lines.push(e);
    }
  }
  return { lines, count: n, page, list: true, cursor, offset, sortKey: o.sortKey, desc: o.desc, sortColumns: o.sortColumns };
}
