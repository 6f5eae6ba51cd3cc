// The Memory tab: where the process's memory goes, from smaps_rollup and status. VSS, RSS, PSS and
// USS side by side (in columns from 100 terminal columns up, one per line below), each with a
// line on what it counts; RSS split into anon, file and shmem; shared/private, clean/dirty; swap
// and SwapPss; peak RSS and VSS; and sparklines of RSS and PSS over the time ptop has watched the
// process (./memory-history.ts; PSS only while this view reads it). A text pane, scrolled.

import type { MemorySection } from '../../collect/inspect/types.js';
import { formatBytes, formatDuration, padToWidth } from '../../model/format.js';
import type { Segment } from '../../render/text.js';
import type { UiStyles } from '../styles.js';
import { padSegments } from '../table-view.js';
import { clampTo, Memo, notReadLine, paneState, problemLines, type DetailData, type MemoryPoint, type PaneDef, type PaneInput, type PaneView } from './pane.js';
import { wrapText } from './wrap.js';

/** What each measure counts (the wording, one line each). */
export const MEASURES: ReadonlyArray<{ name: string; key: 'vss' | 'rss' | 'pss' | 'uss'; explain: string }> = [
  { name: 'VSS', key: 'vss', explain: 'the address space: every mapping, used or not' },
  { name: 'RSS', key: 'rss', explain: 'pages in RAM, shared pages counted in full' },
  { name: 'PSS', key: 'pss', explain: 'pages in RAM, each shared page divided among its users' },
  { name: 'USS', key: 'uss', explain: 'private pages: what would return if the process ended' },
];

/** From this width the four measures stand in columns. */
export const SIDE_BY_SIDE_WIDTH = 100;

const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * A sparkline of the values scaled between their min and max, one block per value; more values
 * than `width` are picked evenly from first to last (the line keeps its whole span). A null (not
 * read then) is a blank. Changes under 1 % of the largest value draw a flat line of middle blocks
 * (page-level jitter is not a trend).
 */
export function sparkline(values: readonly (number | null)[], width: number): string {
  if (width <= 0 || values.length === 0) return '';
  const n = values.length;
  const vs = n <= width ? values : Array.from({ length: width }, (_, i) => values[Math.round((i * (n - 1)) / (width - 1 || 1))]);
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of vs) {
    if (x === null) continue;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  let out = '';
  for (const x of vs) {
    if (x === null) out += ' ';
    else out += BLOCKS[hi - lo <= Math.abs(hi) * 0.01 ? 3 : Math.round(((x - lo) / (hi - lo)) * (BLOCKS.length - 1))];
  }
  return out;
}

const b = (n: number | null | undefined): string => (n === null || n === undefined ? '?' : formatBytes(n));

function measureLines(mem: MemorySection, width: number, ui: UiStyles): Segment[][] {
  const label = ui.ui('header_label');
  const value = ui.ui('header_value');
  const dim = ui.ui('dim');
  if (width >= SIDE_BY_SIDE_WIDTH) {
    const colW = Math.floor((width - 1) / MEASURES.length);
    const cols = MEASURES.map((m) => {
      const out: Segment[][] = [[{ text: ' ' }, { text: m.name, spec: label }, { text: ' ' }, { text: b(mem[m.key]), spec: value }]];
      for (const part of wrapText(m.explain, colW - 2)) out.push([{ text: ` ${part}`, spec: dim }]);
      return out;
    });
    const rows = Math.max(...cols.map((c) => c.length));
    const lines: Segment[][] = [];
    for (let r = 0; r < rows; r++) {
      const line: Segment[] = [];
      cols.forEach((c, i) => line.push(...(i < cols.length - 1 ? padSegments(c[r] ?? [], colW) : (c[r] ?? []))));
      lines.push(line);
    }
    return lines;
  }
  return MEASURES.map((m) => [
    { text: ' ' },
    { text: m.name, spec: label },
    { text: ' ' },
    { text: padToWidth(b(mem[m.key]), 7, 'right'), spec: value },
    { text: `  ${m.explain}`, spec: dim },
  ]);
}

function row(label: string, parts: Array<[string, number | null]>, ui: UiStyles): Segment[] {
  const segs: Segment[] = [{ text: ' ' }, { text: padToWidth(label, 12), spec: ui.ui('header_label') }];
  parts.forEach(([name, n], i) => {
    segs.push({ text: `${i ? '   ' : ''}${name} ` }, { text: b(n), spec: ui.ui('header_value') });
  });
  return segs;
}

function historyLines(history: readonly MemoryPoint[], width: number, ui: UiStyles): Segment[][] {
  const lines: Segment[][] = [];
  const label = ui.ui('header_label');
  const span = history.length > 1 ? (history[history.length - 1].at - history[0].at) / 1000 : 0;
  // PSS is read only by this view: before it opened, the table's samples give RSS alone
  const rssOnly = history.some((p) => p.pss === null);
  lines.push([
    { text: ' ' },
    { text: 'History', spec: label },
    {
      text:
        history.length > 1
          ? `  ${history.length} readings over ${formatDuration(span)} since ptop began watching it${rssOnly ? ' (PSS while this view is open)' : ''}, newest on the right`
          : '  recorded at each refresh while ptop runs: the line grows with each one',
      spec: ui.ui('dim'),
    },
  ]);
  const lineW = Math.max(4, width - 30);
  for (const [name, key] of [['RSS', 'rss'], ['PSS', 'pss']] as const) {
    const vs = history.map((p) => p[key]);
    const known = vs.filter((v): v is number => v !== null);
    if (!known.length) continue;
    const lo = b(Math.min(...known));
    const hi = b(Math.max(...known));
    lines.push([
      { text: ' ' },
      { text: padToWidth(name, 5), spec: label },
      { text: sparkline(vs, lineW), spec: ui.ui('meter_mem_used') },
      { text: `  ${b(known[known.length - 1])}`, spec: ui.ui('header_value') },
      { text: lo === hi ? '' : ` (${lo}–${hi})`, spec: ui.ui('dim') },
    ]);
  }
  return lines;
}

export function memoryLines(data: DetailData, width: number, ui: UiStyles): Segment[][] {
  const mem = data.inspection?.sections.memory;
  if (!mem) return [notReadLine(data, 'smaps_rollup', ui)];
  const lines: Segment[][] = [...problemLines(mem.problems, width, ui)];
  lines.push(...measureLines(mem, width, ui));
  lines.push([]);
  lines.push(row('RSS split', [['anon', mem.rssAnon], ['file', mem.rssFile], ['shmem', mem.rssShmem]], ui));
  lines.push(row('Shared', [['clean', mem.sharedClean], ['dirty', mem.sharedDirty]], ui));
  lines.push(row('Private', [['clean', mem.privateClean], ['dirty', mem.privateDirty]], ui));
  lines.push(row('Swap', [['swapped out', mem.swap], ['SwapPss', mem.swapPss]], ui));
  lines.push(row('Peak', [['RSS', mem.peakRss], ['VSS', mem.peakVss]], ui));
  lines.push([]);
  lines.push(...historyLines(data.history, width, ui));
  return lines;
}

class MemoryRenderer {
  private memo = new Memo<Segment[][]>();
  view(i: PaneInput): PaneView {
    const d = i.data;
    const all = this.memo.get([d.inspection?.sections.memory, d.history, d.exited, i.width, i.ui], () => memoryLines(d, i.width, i.ui));
    const page = Math.max(1, i.height);
    const offset = clampTo(i.state.offset, 0, Math.max(0, all.length - page));
    return { lines: all.slice(offset, offset + page), count: all.length, page, list: false, cursor: 0, offset };
  }
}

export const memoryPane: PaneDef = {
  title: 'Memory',
  sections: ['memory'],
  keys: [],
  initial: () => paneState(),
  create: () => new MemoryRenderer(),
};
