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
  const last = segs[segs.length - 1];
  if (last && last.text.charCodeAt(last.text.length - 1) !== 32) return segs;
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
