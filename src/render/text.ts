// The plain-text table (ps mode): a header row (▲/▼ on the sorted column), an optional unit row,
// then one line per row. Cells are padded/cut by display width first and painted afterwards, so
// colour codes never disturb alignment; lines lose their trailing spaces and are cut to the
// terminal width by display width.

import type { Painter } from '../model/paint.js';
import type { StyleConfig } from '../model/config/types.js';
import { cutToWidth, displayWidth, padToWidth } from '../model/format.js';
import { TREE_GAP, treeColumnIndex, type ResolvedColumn, type Table, type TableRow } from '../model/table.js';
import { fadeSpec, resolveCellStyle } from './cell-style.js';

export interface TextOptions {
  /** cut every line to this many columns; null = don't cut */
  width: number | null;
  /** draw the header (and the unit row when the table has units) */
  header: boolean;
  painter: Painter;
  styles: StyleConfig;
  /** tree glyphs per row index, overriding the rows' own treePrefix */
  treePrefixes?: readonly string[];
}

/** A piece of a line: text already padded, and the spec to paint it with. */
export interface Segment {
  text: string;
  spec?: string;
}

const GAP: Segment = { text: ' ' };

/** Drop trailing spaces (across segments). */
export function trimEnd(segs: Segment[]): Segment[] {
  let k = segs.length - 1;
  while (k >= 0 && segs[k].text === '') k--;
  if (k < 0 || segs[k].text.charCodeAt(segs[k].text.length - 1) !== 32) return segs;
  const out = segs.slice();
  while (out.length) {
    const lastSeg = out[out.length - 1];
    const t = lastSeg.text.trimEnd();
    if (t === '') {
      out.pop();
      continue;
    }
    out[out.length - 1] = { ...lastSeg, text: t };
    break;
  }
  return out;
}

/** Keep at most `width` display columns. */
export function cutSegments(segs: Segment[], width: number | null): Segment[] {
  if (width === null) return segs;
  const out: Segment[] = [];
  let left = width;
  for (const s of segs) {
    if (left <= 0) break;
    const w = displayWidth(s.text);
    if (w <= left) {
      out.push(s);
      left -= w;
    } else {
      const cut = cutToWidth(s.text, left);
      if (cut) out.push({ ...s, text: cut });
      break;
    }
  }
  return out;
}

/** The segments painted and joined. */
export function paintLine(segs: Segment[], painter: Painter): string {
  let line = '';
  for (const s of segs) line += s.spec ? painter.paint(s.spec, s.text) : s.text;
  return line;
}

function joinColumns(parts: Segment[][]): Segment[] {
  const out: Segment[] = [];
  parts.forEach((p, i) => {
    if (i > 0) out.push(GAP);
    out.push(...p);
  });
  return out;
}

function headerSegments(columns: readonly ResolvedColumn[], styles: StyleConfig, unit: boolean): Segment[] {
  return joinColumns(
    columns.map((c) => {
      if (c.separator) return [{ text: padToWidth(c.headerText, c.width, c.align), spec: c.style }];
      const text = unit ? c.unit : c.headerText;
      return [{ text: padToWidth(text, c.width, c.align), spec: unit ? styles.unit : styles.header }];
    }),
  );
}

/** The segments of one row (before trimming and cutting): for reuse by other text front ends. */
export function rowSegments(table: Table, row: TableRow, styles: StyleConfig, treePrefix?: string): Segment[] {
  const prefix = treePrefix ?? row.treePrefix;
  const fade = row.auxiliary ? fadeSpec : (s: string | undefined) => s;
  const lastIndex = table.columns.length - 1;
  return joinColumns(
    table.columns.map((c, i): Segment[] => {
      const cell = row.cells[i];
      if (c.separator) return [{ text: padToWidth(cell, c.width, c.align), spec: fade(c.style) }];
      if (c.treeSlot) return [{ text: padToWidth(prefix, c.width, c.align), spec: fade(styles.tree) }];
      const spec = fade(resolveCellStyle(c.style, cell, row.values[i], styles));
      if (c.tree && prefix) {
        const lead = prefix + TREE_GAP;
        const leadWidth = displayWidth(lead);
        if (leadWidth >= c.width) return [{ text: padToWidth(cutToWidth(lead, c.width), c.width), spec: fade(styles.tree) }];
        return [
          { text: lead, spec: fade(styles.tree) },
          { text: padToWidth(cell, c.width - leadWidth, c.align), spec },
        ];
      }
      if (i === lastIndex && c.align === 'left') {
        return [{ text: displayWidth(cell) > c.width ? padToWidth(cell, c.width, c.align) : cell, spec }];
      }
      return [{ text: padToWidth(cell, c.width, c.align), spec }];
    }),
  );
}

/** The table as lines of text (no trailing newline). */
export function renderText(table: Table, opts: TextOptions): string[] {
  if (!opts.painter.enabled && !opts.treePrefixes) return renderPlain(table, opts);
  const lines: string[] = [];
  const finish = (segs: Segment[]): string => paintLine(trimEnd(cutSegments(segs, opts.width)), opts.painter);
  // prefixes given here go where the table would have put its own
  let table2 = table;
  if (opts.treePrefixes && !table.columns.some((c) => c.tree)) {
    const idx = treeColumnIndex(table.columns);
    if (idx >= 0) {
      const c = table.columns[idx];
      let width = c.width;
      // widen for the glyphs unless this is the last column already fitted to the terminal
      if (!(idx === table.columns.length - 1 && table.width !== null)) {
        table.rows.forEach((row, i) => {
          const prefix = opts.treePrefixes?.[i] ?? '';
          const w = c.treeSlot ? displayWidth(prefix) : displayWidth(row.cells[idx]) + (prefix ? displayWidth(prefix + TREE_GAP) : 0);
          if (w > width) width = c.maxWidth !== undefined && c.maxWidth >= 0 ? Math.max(width, Math.min(w, c.maxWidth)) : w;
        });
      }
      table2 = { ...table, columns: table.columns.map((col, i) => (i === idx ? { ...col, tree: true, width } : col)) };
    }
  }
  if (opts.header && table2.columns.length) {
    lines.push(finish(headerSegments(table2.columns, opts.styles, false)));
    if (table2.showUnits) lines.push(finish(headerSegments(table2.columns, opts.styles, true)));
  }
  table2.rows.forEach((row, i) => {
    lines.push(finish(rowSegments(table2, row, opts.styles, opts.treePrefixes?.[i])));
  });
  return lines;
}

// ---------------------------------------------------------------------------------------------
// Without colour (a pipe, NO_COLOR: every ps-mode run that is not on a terminal) the same lines
// are built as plain strings: no Segment objects, no style resolution. Same rules as above: a
// space between columns, the last left-aligned column unpadded, the line cut to the width
// column by column, trailing spaces dropped.

/**
 * One plain line from its padded parts, cut to `width` column by column as cutSegments does
 * (a tree column's lead, in `leads`, is a part of its own, without a gap), trailing spaces dropped.
 */
function joinPlain(parts: string[], leads: string[] | null, width: number | null, widths?: (number | null)[]): string {
  let line = '';
  let left = width === null ? Infinity : width;
  for (let i = 0; i < parts.length; i++) {
    if (i > 0) {
      if (left <= 0) break;
      line += ' ';
      left--;
    }
    const lead = leads?.[i];
    if (lead) {
      if (left <= 0) break;
      const w = displayWidth(lead);
      if (w > left) {
        line += cutToWidth(lead, left);
        break;
      }
      line += lead;
      left -= w;
    }
    if (left <= 0) break;
    const text = parts[i];
    if (left === Infinity) {
      line += text;
      continue;
    }
    const w = widths?.[i] ?? displayWidth(text);
    if (w <= left) {
      line += text;
      left -= w;
    } else {
      line += cutToWidth(text, left);
      break;
    }
  }
  return line.charCodeAt(line.length - 1) === 32 ? line.trimEnd() : line;
}

/** The cell of a column padded as rowSegments pads it; a tree column's lead goes to leads[i]. */
function plainCell(c: ResolvedColumn, cell: string, prefix: string, last: boolean, leads: string[], i: number): string {
  if (c.separator) return padToWidth(cell, c.width, c.align);
  if (c.treeSlot) return padToWidth(prefix, c.width, c.align);
  if (c.tree && prefix) {
    const lead = prefix + TREE_GAP;
    const leadWidth = displayWidth(lead);
    if (leadWidth >= c.width) return padToWidth(cutToWidth(lead, c.width), c.width);
    leads[i] = lead;
    return padToWidth(cell, c.width - leadWidth, c.align);
  }
  if (last && c.align === 'left') return displayWidth(cell) > c.width ? padToWidth(cell, c.width, c.align) : cell;
  return padToWidth(cell, c.width, c.align);
}

/** renderText for a painter that does not colour: the same lines, built without segments. */
export function renderPlain(table: Table, opts: Pick<TextOptions, 'width' | 'header'>): string[] {
  const columns = table.columns;
  const n = columns.length;
  const lines: string[] = [];
  const parts: string[] = new Array(n);
  if (opts.header && n) {
    for (let i = 0; i < n; i++) parts[i] = padToWidth(columns[i].headerText, columns[i].width, columns[i].align);
    lines.push(joinPlain(parts, null, opts.width));
    if (table.showUnits) {
      for (let i = 0; i < n; i++) {
        const c = columns[i];
        parts[i] = padToWidth(c.separator ? c.headerText : c.unit, c.width, c.align);
      }
      lines.push(joinPlain(parts, null, opts.width));
    }
  }
  const tree = columns.some((c) => c.tree);
  const leads: string[] = new Array(n).fill('');
  // a separator's cell is the same on every row: padded once
  const fixed: (string | null)[] = columns.map((c) => (c.separator ? padToWidth(c.headerText, c.width, c.align) : null));
  // a part padded to its column's width takes exactly that many columns (padToWidth); the last
  // left-aligned column (unpadded) and a tree column (its lead apart) are measured
  const fixedWidths = columns.map((c, i) => (c.tree || (i === n - 1 && c.align === 'left') ? null : Math.max(0, c.width)));
  const rows = table.rows;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    for (let i = 0; i < n; i++) parts[i] = fixed[i] ?? plainCell(columns[i], row.cells[i], row.treePrefix, i === n - 1, leads, i);
    lines.push(joinPlain(parts, tree ? leads : null, opts.width, fixedWidths));
    if (tree) leads.fill('');
  }
  return lines;
}
