// The detail view of one process as painted lines: a title (PID, command, and on the right the
// state in words, or "exited"), the tab bar (from the panes' registry), a rule (or, when the process
// has exited or could not be inspected, a line saying so; for a zombie, which parent has to reap
// it), then the active pane's window.

import type { Segment } from '../../render/text.js';
import { cutSegments } from '../../render/text.js';
import { displayWidth, truncateToWidth } from '../../model/format.js';
import type { UiStyles } from '../styles.js';
import { paintMerged } from '../table-view.js';
import { formatTimestamp, stateInWords } from './facts.js';
import type { DetailData, PaneRenderer, PaneState, PaneView } from './pane.js';
import { TAB_TITLES } from './panes.js';

export { wrapText } from './wrap.js';

export interface DetailInput {
  data: DetailData;
  /** the collector failed (in words), or null */
  error: string | null;
  tab: number;
  state: PaneState;
  renderer: PaneRenderer;
  width: number;
  /** lines available for title + tab bar + rule + pane */
  height: number;
  ui: UiStyles;
}

export interface DetailOutput {
  lines: string[];
  /** the pane as drawn (for key handling) */
  view: PaneView;
}

/** Lines above the pane. */
export const CHROME_LINES = 3;

/** The title: `PID 1234  command …` on the left, `S (sleeping)` or `exited` on the right. */
export function titleSegments(d: DetailData, width: number, ui: UiStyles): Segment[] {
  const ins = d.inspection;
  const p = d.sample;
  const pid = ins?.pid ?? (p ? (p.isThread ? p.tid : p.pid) : d.pid);
  const command = ins?.command ?? p?.command ?? '';
  const letter = ins?.state ?? p?.stat.state ?? '';
  const right: Segment[] = d.exited
    ? [{ text: '(exited)', spec: ui.ui('status_error') }]
    : letter
      ? [{ text: stateInWords(letter), spec: ui.ui('header_value') }]
      : [];
  const rightW = right.reduce((n, s) => n + displayWidth(s.text), 0);
  const head = `PID ${pid}`;
  const room = Math.max(0, width - displayWidth(head) - 2 - (rightW ? rightW + 2 : 0));
  const left: Segment[] = [{ text: head, spec: ui.ui('header_value') }];
  if (command && room > 0) left.push({ text: '  ' }, { text: truncateToWidth(command, room), spec: ui.ui('header_label') });
  const leftW = left.reduce((n, s) => n + displayWidth(s.text), 0);
  if (!rightW) return left;
  return [...left, { text: ' '.repeat(Math.max(2, width - leftW - rightW)) }, ...right];
}

/** A tab's label: ` 1 State `, or `1 State` when the full bar does not fit the width (8 tabs at 80 columns). */
function tabLabels(width: number): string[] {
  const full = TAB_TITLES.map((name, i) => ` ${i + 1} ${name} `);
  const total = full.reduce((n, l) => n + displayWidth(l), 0) + full.length - 1;
  return total <= width ? full : TAB_TITLES.map((name, i) => `${i + 1} ${name}`);
}

export function tabBar(tab: number, width: number, ui: UiStyles): Segment[] {
  const segs: Segment[] = [];
  tabLabels(width).forEach((label, i) => {
    if (i > 0) segs.push({ text: ' ' });
    segs.push({ text: label, spec: ui.ui(i === tab ? 'tab_active' : 'tab_inactive') });
  });
  return segs;
}

/** The screen columns each tab takes on the tab bar at this width: [first, last + 1). */
export function tabSpans(width = Infinity): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let x = 0;
  tabLabels(width).forEach((label, i) => {
    if (i > 0) x += 1;
    const w = displayWidth(label);
    out.push([x, x + w]);
    x += w;
  });
  return out;
}

/** The line under the tab bar once the process has exited (or is a zombie: exited, not reaped). */
export function exitedText(d: DetailData): string {
  const ins = d.inspection;
  const when = ins ? ` at ${formatTimestamp(ins.collectedAt).slice(11)}` : '';
  if (ins?.state === 'Z') {
    // the table's sample is the newest word on the parent (a zombie is re-parented if its parent dies)
    const ppid = d.sample?.stat.ppid || ins.sections.state?.ancestry[1]?.pid;
    return `The process has exited (a zombie until ${ppid ? `PID ${ppid}` : 'its parent'} reaps it); the last data read${when} is shown.`;
  }
  return `The process has exited: showing the last data read${when}.`;
}

/** The detail screen's lines (title, tab bar, rule, pane), each at most `width` columns. */
export function detailLines(d: DetailInput): DetailOutput {
  const { ui, width } = d;
  const p = ui.painter;
  const paint = (segs: Segment[]) => paintMerged(cutSegments(segs, width), p);
  const lines: string[] = [paint(titleSegments(d.data, width, ui)), paint(tabBar(d.tab, width, ui))];
  if (d.error) lines.push(paint([{ text: d.error, spec: ui.ui('status_error') }]));
  else if (d.data.exited) lines.push(paint([{ text: exitedText(d.data), spec: ui.ui('status_error') }]));
  else lines.push(ui.paint('border', '─'.repeat(Math.max(0, width))));
  const height = Math.max(1, d.height - lines.length);
  const view = d.renderer.view({ data: d.data, state: d.state, width, height, ui });
  for (const segs of view.lines) {
    if (lines.length >= d.height) break;
    lines.push(paint(segs));
  }
  return { lines: lines.slice(0, Math.max(0, d.height)), view };
}
