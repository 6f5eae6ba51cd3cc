// The Environment tab: NAME=value, sorted by name, filterable with `/` (live; Esc clears, Enter
// keeps) on names and values. Long values are cut at the width; the selected line opens to show
// its value in full, wrapped. Filtering runs once per keystroke; only the window is laid out.

import { displayWidth } from '../../model/format.js';
import { unreadable } from '../../collect/inspect/problem-groups.js';
import type { EnvVar } from '../../collect/inspect/types.js';
import { cutSegments, type Segment } from '../../render/text.js';
import { listPaneView } from './list-pane.js';
import { groupDigits, matcher, matchingText, Memo, notReadLine, paneState, problemLines, type PaneDef, type PaneInput, type PaneView } from './pane.js';
import { wrapText } from './wrap.js';

interface EnvRow {
  v: EnvVar;
  hay: string;
}

function envLine(r: EnvRow, width: number, nameSpec: string, selSpec: string | null): Segment[] {
  const text = `${r.v.name}=${r.v.value}`;
  if (selSpec !== null) {
    const first = wrapText(text, Math.max(1, width - 1))[0] ?? '';
    return [{ text: ` ${first}${' '.repeat(Math.max(0, width - 1 - displayWidth(first)))}`, spec: selSpec }];
  }
  const segs = cutSegments([{ text: ' ' }, { text: r.v.name, spec: nameSpec }, { text: `=${r.v.value}` }], width);
  if (displayWidth(text) + 1 > width && segs.length) {
    const last = segs[segs.length - 1];
    segs[segs.length - 1] = { ...last, text: `${last.text.slice(0, -1)}…` };
  }
  return segs;
}

class EnvRenderer {
  private rows = new Memo<EnvRow[]>();
  private filtered = new Memo<EnvRow[]>();

  view(i: PaneInput): PaneView {
    const { ui, width, state } = i;
    const sec = i.data.inspection?.sections.environment;
    if (!sec) {
      return listPaneView({ top: [notReadLine(i.data, 'environ', ui)], header: null, rows: [], state, height: i.height });
    }
    if (unreadable(sec.problems, sec.vars.length)) {
      // refused: the problems say so (not "The environment is empty.")
      return listPaneView({ top: problemLines(sec.problems, width, ui), header: null, rows: [], state, height: i.height });
    }
    const all = this.rows.get([sec.vars], () => sec.vars.map((v) => ({ v, hay: `${v.name}=${v.value}`.toLowerCase() })));
    const f = state.filter.trim().toLowerCase();
    const rows = this.filtered.get([all, f], () => {
      const m = matcher(f);
      return m ? all.filter((r) => m(r.hay)) : all;
    });
    const top: Segment[][] = [...problemLines(sec.problems, width, ui)];
    const summary: Segment[] = [{ text: ' ' }, { text: `${groupDigits(sec.vars.length)} variables`, spec: ui.ui('header_value') }];
    if (f) summary.push({ text: matchingText('matching', state.filter, rows.length), spec: ui.ui('header_label') });
    top.push(summary);
    const nameSpec = ui.ui('header_label');
    const sel = ui.ui('selected');
    return listPaneView({
      top,
      header: null,
      rows,
      state,
      height: i.height,
      line: (r, selected) => envLine(r, width, nameSpec, selected ? sel : null),
      // the rest of the selected value, wrapped under it
      expand: (r) => wrapText(`${r.v.name}=${r.v.value}`, Math.max(1, width - 1)).slice(1).map((t) => [{ text: ` ${t}${' '.repeat(Math.max(0, width - 1 - displayWidth(t)))}`, spec: sel }]),
      empty: [{ text: f ? ' No variable matches the filter.' : ' The environment is empty.', spec: ui.ui('dim') }],
    });
  }
}

export const envPane: PaneDef = {
  title: 'Environment',
  sections: ['environment'],
  keys: [['detail_filter', 'Filter']],
  initial: () => paneState(),
  create: () => new EnvRenderer(),
};
