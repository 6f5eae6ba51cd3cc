// The visible slice of the process table as painted lines: buildTable on the rows in the window
// only (so the cost per frame is O(visible rows)), column widths that never shrink while the view
// is open (no jitter as values change; reset when the column set or tree mode changes), the last
// column fitted to the width, and every line cut to the width before it is painted.
//
// The selected row is one bar in the `selected` spec (plain text inside, so the bar reads the same
// on every theme); tagged rows are drawn in the `tagged` spec.

import type { ColumnContext } from '../model/columns/types.js';
import type { ColumnConfig, StyleConfig } from '../model/config/types.js';
import type { Painter } from '../model/paint.js';
import { displayWidth, padToWidth } from '../model/format.js';
import type { SortOrder } from '../model/sort.js';
import { buildTable, type TableInput } from '../model/table.js';
import { isValidColorSpec } from '../model/theme.js';
import { cutSegments, rowSegments, trimEnd, type Segment } from '../render/text.js';
import type { UiStyles } from './styles.js';

export interface TableViewOptions {
  columns: readonly ColumnConfig[];
  ctx: ColumnContext;
  width: number;
  /** null in tree mode (siblings are sorted, the header shows no marker) */
  sort: { kind: string; order: SortOrder } | null;
  separator: string;
  markers: { ascending: string; descending: string };
  styles: StyleConfig;
  ui: UiStyles;
  selectedKey: number | null;
  /** false while a menu has the keyboard: the bar is drawn without inverse */
  selectionFocused: boolean;
  tagged: ReadonlySet<number>;
  /** changes of this reset the remembered widths (column set, tree mode) */
  signature: string;
}

export interface TableLines {
  header: string;
  rows: Array<{ key: number; text: string }>;
  /** where each sortable column is on the line: [first column, last column + 1, kind name] */
  spans: Array<[number, number, string]>;
}

/** Pad segments with spaces in `spec` to exactly `width` columns. */
export function padSegments(segs: Segment[], width: number, spec?: string): Segment[] {
  let w = 0;
  for (const s of segs) w += displayWidth(s.text);
  return w < width ? [...segs, { text: ' '.repeat(width - w), spec }] : segs;
}

/** Paint segments, joining neighbours that share a spec (fewer escape sequences). */
export function paintMerged(segs: readonly Segment[], p: Painter): string {
  let out = '';
  let text = '';
  let spec: string | undefined;
  for (const s of segs) {
    if (s.spec === spec) {
      text += s.text;
      continue;
    }
    out += spec ? p.paint(spec, text) : text;
    text = s.text;
    spec = s.spec;
  }
  return out + (spec ? p.paint(spec, text) : text);
}

/** Both specs at once ("bg:238" + "BrightYellow bold"), half by half; `a` alone when they clash. */
export function combineSpecs(a: string, b: string): string {
  const ha = a.split('|');
  const hb = b.split('|');
  const dark = `${ha[0]} ${hb[0]}`;
  const light = `${ha[1] ?? ha[0]} ${hb[1] ?? hb[0]}`;
  const both = dark === light ? dark : `${dark}|${light}`;
  return isValidColorSpec(both) ? both : a;
}

function plainText(segs: readonly Segment[]): string {
  let s = '';
  for (const seg of segs) s += seg.text;
  return s;
}

/** Keeps the widest width seen per column between frames. */
export class TableView {
  private widths: number[] = [];
  private signature = '';

  /** Forget the remembered widths (e.g. after the user changed the column set). */
  reset(): void {
    this.widths = [];
  }

  build(slice: readonly TableInput[], o: TableViewOptions): TableLines {
    if (o.signature !== this.signature) {
      this.signature = o.signature;
      this.widths = [];
    }
    const table = buildTable(slice, {
      columns: o.columns,
      ctx: o.ctx,
      width: null,
      separator: o.separator,
      sort: o.sort,
      markers: o.markers,
    });
    const cols = table.columns;
    const last = cols.length - 1;
    let used = Math.max(0, last); // one space between columns
    for (let i = 0; i < cols.length; i++) {
      const c = cols[i];
      if (i < last || c.separator) {
        const w = Math.max(c.width, this.widths[i] ?? 0);
        this.widths[i] = w;
        c.width = w;
      }
      if (i < last) used += c.width;
    }
    if (last >= 0 && !cols[last].separator) {
      const max = cols[last].maxWidth;
      const room = Math.max(0, o.width - used);
      cols[last].width = max !== undefined && max >= 0 ? Math.min(room, max) : room;
    }

    const { ui } = o;
    const p = ui.painter;

    // header: one bar across the width, the sorted column in its own spec
    const hdrSpec = ui.ui('table_header');
    const sortedSpec = ui.ui('table_header_sorted');
    const hdr: Segment[] = [];
    cols.forEach((c, i) => {
      if (i > 0) hdr.push({ text: ' ', spec: hdrSpec });
      hdr.push({ text: padToWidth(c.headerText, c.width, c.separator ? 'left' : c.align), spec: c.sortOrder ? sortedSpec : hdrSpec });
    });
    const header = paintMerged(padSegments(cutSegments(hdr, o.width), o.width, hdrSpec), p);
    const spans: TableLines['spans'] = [];
    let x = 0;
    for (const c of cols) {
      if (c.kind) spans.push([x, x + c.width, c.kind.kind]);
      x += c.width + 1;
    }

    const selSpec = o.selectionFocused ? ui.ui('selected') : ui.unfocusedSelected;
    const tagSpec = ui.ui('tagged');
    const rows = table.rows.map((row) => {
      const key = row.tid;
      const segs = rowSegments(table, row, o.styles);
      let text: string;
      if (key === o.selectedKey) {
        const spec = o.tagged.has(key) ? combineSpecs(selSpec, tagSpec) : selSpec;
        text = p.paint(spec, padToWidth(plainText(cutSegments(segs, o.width)), o.width));
      } else if (o.tagged.has(key)) {
        text = p.paint(tagSpec, plainText(trimEnd(cutSegments(segs, o.width))));
      } else {
        text = paintMerged(trimEnd(cutSegments(segs, o.width)).map((s) => ({ text: s.text, spec: ui.cell(s.spec) })), p);
      }
      return { key, text };
    });
    return { header, rows, spans };
  }
}
