// The Stacks tab: every thread's stack of the open process, from a StacksOwner
// (stacks-controller.ts) that the controller attaches to this pane's renderer. A line about the
// capture (tool, when, how long the process was stopped), warnings, then per thread a heading
// (TID, name, state) and its frames: `#n function  at file:line  in module`. The lines are built
// once per capture and scroll as text; only the window is painted. While a capture runs the last
// one stays on screen under a "capturing…" line; errors are shown in words.

import { sanitize } from '../../collect/sanitize.js';
import type { StackCapture, StackFrame } from '../../collect/trace/gstack.js';
import type { Segment } from '../../render/text.js';
import type { UiStyles } from '../styles.js';
import { formatTimestamp, stateInWords } from './facts.js';
import { clampTo, Memo, paneState, wrapText, type PaneDef, type PaneInput, type PaneRenderer, type PaneView } from './pane.js';
import type { StacksOwner } from './stacks-controller.js';

export type StacksViewSource = Pick<StacksOwner, 'info'>;

function baseName(p: string): string {
  const i = p.lastIndexOf('/');
  return i >= 0 && i < p.length - 1 ? p.slice(i + 1) : p;
}

/** One frame: `#3  wait_forever  at twothreads.c:11  in twothreads` (the address when the function is unknown). */
export function frameSegments(f: StackFrame, ui: UiStyles): Segment[] {
  const segs: Segment[] = [{ text: `   ${`#${f.index}`.padEnd(4)} ` }];
  segs.push(f.function ? { text: f.function, spec: ui.ui('header_value') } : { text: `?? ${f.address ?? ''}`.trimEnd(), spec: ui.ui('dim') });
  if (f.file) segs.push({ text: '  at ', spec: ui.ui('dim') }, { text: `${f.file}${f.line !== null ? `:${f.line}` : ''}` });
  if (f.module) segs.push({ text: '  in ', spec: ui.ui('dim') }, { text: baseName(f.module), spec: ui.ui('header_label') });
  return segs;
}

/** Every line of a capture (built once per capture). */
export function captureLines(c: StackCapture, ui: UiStyles): Segment[][] {
  const out: Segment[][] = [];
  for (const w of c.warnings) out.push([{ text: ` warning: ${w}`, spec: ui.ui('status_error') }]);
  for (const t of c.threads) {
    out.push([]);
    const head: Segment[] = [
      { text: ' Thread ', spec: ui.ui('header_label') },
      { text: String(t.tid), spec: ui.ui('header_value') },
      { text: ` "${t.name}"`, spec: ui.ui('header_value') },
    ];
    if (t.state) head.push({ text: `  ${stateInWords(t.state)}`, spec: ui.ui('header_label') });
    head.push({ text: `  ${t.frames.length} frame${t.frames.length === 1 ? '' : 's'}`, spec: ui.ui('dim') });
    out.push(head);
    if (t.frames.length === 0) out.push([{ text: '   (no frames)', spec: ui.ui('dim') }]);
    for (const f of t.frames) out.push(frameSegments(f, ui));
  }
  return out;
}

function wordLines(text: string, width: number, spec: string | undefined): Segment[][] {
  return wrapText(text, Math.max(10, width - 1)).map((t) => [{ text: ' ' }, { text: t, spec }]);
}

export class StacksRenderer implements PaneRenderer {
  /** set by the controller */
  owner: StacksViewSource | null = null;
  private body = new Memo<Segment[][]>();

  view(i: PaneInput): PaneView {
    const { ui, width, height, state } = i;
    const info = this.owner?.info() ?? null;
    const top: Segment[][] = [];
    const c = info?.pid === i.data.pid ? info.capture : null;
    if (!info || info.pid !== i.data.pid || (info.status === 'idle' && !c)) {
      top.push([{ text: ` Capturing the stacks of PID ${i.data.pid} …`, spec: ui.ui('dim') }]);
    } else {
      if (info.status === 'capturing') {
        top.push([
          { text: ' capturing…', spec: ui.ui('header_value') },
          { text: ` the threads' stacks of PID ${info.pid} (the process is stopped only for the moment of the capture)`, spec: ui.ui('header_label') },
        ]);
      }
      if (info.status === 'failed') top.push(...wordLines(`Could not capture the stacks of PID ${info.pid}: ${sanitize(info.error ?? 'unknown error')}`, width, ui.ui('status_error')));
      if (c) {
        const n = c.threads.length;
        top.push([
          { text: ` ${n} thread${n === 1 ? '' : 's'}`, spec: ui.ui('header_value') },
          { text: ` of PID ${c.pid} (${c.comm}) by ${c.tool} at ${formatTimestamp(c.takenAt).slice(11)}, stopped for ${c.durationMs} ms`, spec: ui.ui('header_label') },
          { text: '   r: capture again, w: save', spec: ui.ui('dim') },
        ]);
      }
    }
    const fixed = top.slice(0, Math.max(0, height - 1));
    const page = Math.max(1, height - fixed.length);
    const body = c ? this.body.get([c, ui], () => captureLines(c, ui)) : [];
    const offset = clampTo(state.offset, 0, Math.max(0, body.length - page));
    const lines = [...fixed, ...body.slice(offset, offset + page)];
    return { lines: lines.slice(0, height), count: body.length, page, list: false, cursor: 0, offset };
  }
}

export const stacksPane: PaneDef = {
  title: 'Stacks',
  sections: [],
  keys: [
    ['trace_refresh', 'Again'],
    ['trace_save', 'Save'],
  ],
  initial: () => paneState(),
  create: () => new StacksRenderer(),
};
