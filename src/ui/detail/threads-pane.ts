// The Threads tab: one row per thread (TID, name, state, CPU% since the previous reading, the CPU
// it last ran on, wchan, voluntary and involuntary context switches), sortable by each column
// (< > move the sort column, I inverts). Sorted once per data change; only the window is laid out.

import { unreadable } from '../../collect/inspect/problem-groups.js';
import type { ThreadInfo } from '../../collect/inspect/types.js';
import { formatPercent } from '../../model/format.js';
import type { Segment } from '../../render/text.js';
import { byNumber, byText, headerLine, layoutColumns, rowLine, sortRows, widest, type ListColumn } from './list.js';
import { listPaneView } from './list-pane.js';
import { groupDigits, Memo, notReadLine, paneState, problemLines, type PaneDef, type PaneInput, type PaneView, type SortColumn } from './pane.js';

interface ThreadColumn {
  name: string;
  desc: boolean;
  cmp: (a: ThreadInfo, b: ThreadInfo) => number;
}

export const THREAD_SORTS: readonly ThreadColumn[] = [
  { name: 'TID', desc: false, cmp: (a, b) => a.tid - b.tid },
  { name: 'NAME', desc: false, cmp: (a, b) => byText(a.name, b.name) },
  { name: 'S', desc: false, cmp: (a, b) => byText(a.state, b.state) },
  { name: 'CPU%', desc: true, cmp: (a, b) => a.cpuPercent - b.cpuPercent },
  { name: 'CPU', desc: false, cmp: (a, b) => a.lastCpu - b.lastCpu },
  { name: 'WCHAN', desc: false, cmp: (a, b) => byText(a.wchan ?? '', b.wchan ?? '') },
  { name: 'VCSW', desc: true, cmp: (a, b) => byNumber(a.voluntaryCtxSwitches, b.voluntaryCtxSwitches) },
  { name: 'NVCSW', desc: true, cmp: (a, b) => byNumber(a.involuntaryCtxSwitches, b.involuntaryCtxSwitches) },
];

const count = (n: number | null) => (n === null ? '?' : groupDigits(n));

function columns(rows: readonly ThreadInfo[]): Array<ListColumn<ThreadInfo>> {
  return [
    { header: 'TID', width: widest(rows, (t) => String(t.tid), 5), align: 'right', cell: (t) => String(t.tid) },
    { header: 'NAME', width: widest(rows, (t) => t.name, 8, 16), align: 'left', cell: (t) => t.name },
    { header: 'S', width: 1, align: 'left', cell: (t) => t.state },
    { header: 'CPU%', width: 6, align: 'right', cell: (t) => formatPercent(t.cpuPercent) },
    { header: 'CPU', width: 3, align: 'right', cell: (t) => String(t.lastCpu), drop: 2 },
    { header: 'WCHAN', width: 0, min: 12, align: 'left', cell: (t) => (t.wchan && t.wchan !== '0' ? t.wchan : '-') },
    { header: 'VCSW', width: widest(rows, (t) => count(t.voluntaryCtxSwitches), 6, 14), align: 'right', cell: (t) => count(t.voluntaryCtxSwitches), drop: 1 },
    { header: 'NVCSW', width: widest(rows, (t) => count(t.involuntaryCtxSwitches), 6, 14), align: 'right', cell: (t) => count(t.involuntaryCtxSwitches), drop: 1 },
  ];
}

class ThreadsRenderer {
  private sorted = new Memo<{ rows: ThreadInfo[]; cols: Array<ListColumn<ThreadInfo>>; key: string; desc: boolean }>();

  view(i: PaneInput): PaneView {
    const { ui, width, state } = i;
    const sec = i.data.inspection?.sections.threads;
    if (!sec) {
      return listPaneView({ top: [notReadLine(i.data, 'task', ui)], header: null, rows: [], state, height: i.height });
    }
    if (unreadable(sec.problems, sec.threads.length)) {
      // refused: the problems say so (no "0 threads" summary, no "No threads.")
      return listPaneView({ top: problemLines(sec.problems, width, ui), header: null, rows: [], state, height: i.height });
    }
    const col = THREAD_SORTS.find((c) => c.name === state.sortKey) ?? THREAD_SORTS[0];
    const desc = col.name === state.sortKey ? state.desc : col.desc;
    const p = this.sorted.get([sec.threads, col, desc], () => ({
      rows: col === THREAD_SORTS[0] && !desc ? sec.threads.slice().sort((a, b) => a.tid - b.tid) : sortRows(sec.threads, col.cmp, desc, (a, b) => a.tid - b.tid),
      cols: columns(sec.threads),
      key: col.name,
      desc,
    }));
    const lay = layoutColumns(p.cols, width, p.key);
    const running = sec.threads.filter((t) => t.state === 'R').length;
    const top: Segment[][] = [...problemLines(sec.problems, width, ui)];
    top.push([
      { text: ' ' },
      { text: `${groupDigits(sec.threads.length)} threads`, spec: ui.ui('header_value') },
      { text: `, ${running} running`, spec: ui.ui('header_label') },
      { text: '   CPU% since the previous refresh', spec: ui.ui('dim') },
    ]);
    const sortColumns: SortColumn[] = THREAD_SORTS.map((c) => ({ name: c.name, desc: c.desc }));
    return listPaneView({
      top,
      header: headerLine(lay, width, ui, { header: p.key, desc: p.desc }),
      rows: p.rows,
      state,
      height: i.height,
      line: (t, sel) => rowLine(lay, t, width, ui, sel),
      empty: [{ text: ' No threads.', spec: ui.ui('dim') }],
      sortKey: p.key,
      desc: p.desc,
      sortColumns,
    });
  }
}

export const threadsPane: PaneDef = {
  title: 'Threads',
  sections: ['threads'],
  keys: [
    ['detail_sort_next', 'Sort'],
    ['detail_sort_invert', 'Invert'],
  ],
  initial: () => paneState({ sortKey: 'TID' }),
  create: () => new ThreadsRenderer(),
};
