// The detail view of one process as painted lines: a title (`PID 1234  command`), a tab bar
// (State, Memory, Maps, FDs, Threads, Environment), then the body of the active tab. For now every
// tab shows the process's header facts; each tab's own content (maps, fds, threads, environment)
// is filled in by a later version through `TAB_BODIES`.

import type { ProcessSample } from '../../collect/types.js';
import type { ColumnContext } from '../../model/columns/types.js';
import { displayWidth, padToWidth } from '../../model/format.js';
import { cutSegments, type Segment } from '../../render/text.js';
import type { UiStyles } from '../styles.js';
import { paintMerged } from '../table-view.js';
import { DETAIL_TABS } from '../view-state.js';
import { processFacts } from './facts.js';

export interface DetailInput {
  /** the latest sample of the process (the last one seen, when it has exited) */
  sample: ProcessSample | null;
  /** the row key the view was opened on */
  key: number;
  exited: boolean;
  tab: number;
  width: number;
  /** lines available for title + tab bar + body */
  height: number;
  ctx: ColumnContext;
  ui: UiStyles;
}

/** Builds a tab's body lines (unpainted segments per line) for a process. */
export type TabBody = (p: ProcessSample, ctx: ColumnContext, width: number, ui: UiStyles) => Segment[][];

/** Wrap text to `width` columns, breaking at spaces where possible. */
export function wrapText(text: string, width: number): string[] {
  if (width <= 0) return [];
  const out: string[] = [];
  let rest = text;
  while (displayWidth(rest) > width) {
    // the longest prefix that fits
    let cut = 0;
    let w = 0;
    const chars = [...rest];
    let n = 0;
    for (const ch of chars) {
      const cw = displayWidth(ch);
      if (w + cw > width) break;
      w += cw;
      cut += ch.length;
      n++;
    }
    const space = rest.lastIndexOf(' ', cut);
    const at = space > 0 && space > cut / 2 ? space : cut;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^ /, '');
    if (n === 0) break;
  }
  if (rest !== '' || out.length === 0) out.push(rest);
  return out;
}

const LABEL_W = 10;

/** The facts every tab shows for now: label/value lines, then the wrapped command line. */
export const factsBody: TabBody = (p, ctx, width, ui) => {
  const lines: Segment[][] = [];
  const label = (t: string): Segment => ({ text: padToWidth(t, LABEL_W), spec: ui.ui('header_label') });
  for (const f of processFacts(p, ctx)) lines.push([{ text: ' ' }, label(f.label), { text: f.value, spec: ui.ui('header_value') }]);
  const valueW = Math.max(10, width - LABEL_W - 1);
  wrapText(p.command, valueW).forEach((part, i) => {
    lines.push([{ text: ' ' }, i === 0 ? label('Command') : { text: ' '.repeat(LABEL_W) }, { text: part }]);
  });
  return lines;
};

/** Each tab's body; a later version replaces the entries for Memory, Maps, FDs, Threads, Environment. */
export const TAB_BODIES: readonly TabBody[] = DETAIL_TABS.map(() => factsBody);

/** The detail screen's lines (title, tab bar, body), each at most `width` columns. */
export function detailLines(d: DetailInput): string[] {
  const { ui, width } = d;
  const p = d.sample;
  const lines: string[] = [];
  const pid = p ? (p.isThread ? p.tid : p.pid) : d.key;
  const title: Segment[] = [{ text: `PID ${pid}`, spec: ui.ui('header_value') }];
  if (p) title.push({ text: '  ' }, { text: p.command, spec: ui.ui('header_label') });
  if (d.exited) title.push({ text: '  (exited)', spec: ui.ui('status_error') });
  lines.push(paintMerged(cutSegments(title, width), ui.painter));

  const tabs: Segment[] = [];
  DETAIL_TABS.forEach((name, i) => {
    if (i > 0) tabs.push({ text: ' ' });
    tabs.push({ text: ` ${i + 1} ${name} `, spec: ui.ui(i === d.tab ? 'tab_active' : 'tab_inactive') });
  });
  lines.push(paintMerged(cutSegments(tabs, width), ui.painter));
  lines.push(ui.paint('border', '─'.repeat(Math.max(0, width))));

  if (p) {
    const body = TAB_BODIES[d.tab](p, d.ctx, width, ui);
    for (const segs of body) {
      if (lines.length >= d.height) break;
      lines.push(paintMerged(cutSegments(segs, width), ui.painter));
    }
  } else {
    lines.push(ui.paint('status_error', `PID ${pid} is gone.`));
  }
  return lines.slice(0, Math.max(0, d.height));
}
