// The Strace tab: a live tail of strace on the open process. On top, a summary strip (status and
// counters: calls, calls/s, errors, slow calls, signals; the top syscalls by count and by time;
// following / scrolled back / paused, the filter, the buffer and the lines it dropped), then a
// header and the window of lines: time, TID, time spent in the call, `syscall(args) = result`,
// a failure's errno in the theme's error colour, slow calls (≥ [strace] slow_ms) highlighted.
//
// The lines come from a StraceOwner (strace-controller.ts), which the controller attaches to this
// pane's renderer; only the visible window's lines are formatted. Errors (strace missing, ptrace
// refused and why, the process gone) are shown in words instead of lines.

import { sanitize } from '../../collect/sanitize.js';
import type { SyscallStat } from '../../collect/trace/ring.js';
import type { StraceLine } from '../../collect/trace/strace-parse.js';
import { padToWidth } from '../../model/format.js';
import type { Segment } from '../../render/text.js';
import type { UiStyles } from '../styles.js';
import { groupDigits, matchingText, paneState, wrapText, type PaneDef, type PaneInput, type PaneRenderer, type PaneView } from './pane.js';
import type { StraceInfo, StraceOwner, StraceWindow } from './strace-controller.js';

/** What the renderer reads from its owner (StraceOwner; tests may pass a stand-in). */
export type StraceViewSource = Pick<StraceOwner, 'info' | 'window'>;

const TIME_W = 15;
const TID_W = 7;
const TOOK_W = 8;

/** Seconds spent in a call, short: "12µs", "1.23ms", "45.6ms", "1.20s". */
export function formatTook(sec: number | null): string {
  if (sec === null || !Number.isFinite(sec)) return '';
  if (sec < 0.001) return `${Math.round(sec * 1e6)}µs`;
  if (sec < 1) {
    const ms = sec * 1000;
    return `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms)}ms`;
  }
  return `${sec < 100 ? sec.toFixed(2) : Math.round(sec)}s`;
}

/** One strace line as segments (the visible window only). `room`: columns the call text can use. */
export function straceLineSegments(l: StraceLine, slowMs: number, ui: UiStyles, room: number): Segment[] {
  const slow = l.durationSec !== null && l.durationSec * 1000 >= slowMs;
  const err = ui.ui('status_error');
  const dim = ui.ui('dim');
  const slowSpec = slow ? ui.ui('search_match') : undefined;
  const cut = (s: string | null) => {
    const t = s ?? '';
    return t.length > room ? t.slice(0, room) : t;
  };
  const segs: Segment[] = [
    { text: padToWidth(l.time ?? '', TIME_W) + ' ', spec: dim },
    { text: padToWidth(l.tid !== null ? String(l.tid) : '', TID_W, 'right') + ' ' },
    { text: padToWidth(formatTook(l.durationSec), TOOK_W, 'right'), spec: slowSpec },
    { text: ' ' },
  ];
  switch (l.kind) {
    case 'call':
    case 'resumed': {
      const resumedOnly = l.kind === 'resumed';
      segs.push({ text: resumedOnly ? `<... ${l.syscall} resumed>` : (l.syscall ?? ''), spec: slowSpec ?? ui.ui('header_value') });
      segs.push({ text: resumedOnly ? `${cut(l.args)})` : `(${cut(l.args)})` });
      if (l.result !== null) {
        const failed = l.errno !== null;
        segs.push({ text: ` = ${l.result}`, spec: failed ? err : undefined });
        if (failed) segs.push({ text: ` ${l.errno}${l.errnoText ? ` (${l.errnoText})` : ''}`, spec: err });
        if (l.note) segs.push({ text: ` (${cut(l.note)})`, spec: dim });
      }
      break;
    }
    case 'unfinished':
      segs.push({ text: l.syscall ?? '', spec: ui.ui('header_value') }, { text: `(${cut(l.args)}` }, { text: ' <unfinished ...>', spec: dim });
      break;
    case 'signal':
      segs.push({ text: `--- ${l.signal ?? ''}${l.message ? ` ${cut(l.message)}` : ''} ---`, spec: ui.ui('header_label') });
      break;
    case 'exit':
      segs.push({
        text: l.exitCode !== null ? `+++ exited with ${l.exitCode} +++` : `+++ killed by ${l.signal ?? '?'} +++`,
        spec: l.exitCode === 0 ? ui.ui('header_value') : err,
      });
      break;
    case 'info':
      segs.push({ text: `strace: ${cut(l.message)}`, spec: dim });
      break;
    default:
      segs.push({ text: cut(l.raw), spec: dim });
  }
  return segs;
}

function statsText(list: readonly SyscallStat[], by: 'count' | 'time'): string {
  if (list.length === 0) return '-';
  return list
    .filter((s) => (by === 'count' ? s.count > 0 : s.totalSec > 0))
    .map((s) => `${s.name} ${by === 'count' ? groupDigits(s.count) : formatTook(s.totalSec)}`)
    .join('  ') || '-';
}

/** The summary strip: status and counters, the top syscalls, what the window shows. */
export function summaryLines(info: StraceInfo, w: StraceWindow, filter: string, ui: UiStyles): Segment[][] {
  const label = ui.ui('header_label');
  const value = ui.ui('header_value');
  const dim = ui.ui('dim');
  const sm = info.summary;
  const status: Segment =
    info.status === 'running'
      ? { text: 'tracing', spec: value }
      : info.status === 'starting'
        ? { text: 'attaching…', spec: value }
        : info.status === 'failed'
          ? { text: 'failed', spec: ui.ui('status_error') }
          : { text: `ended: ${info.endMessage ?? 'strace stopped'}`, spec: ui.ui('status_error') };
  const l1: Segment[] = [
    { text: ' ' },
    status,
    { text: '   calls ', spec: label },
    { text: groupDigits(sm.calls), spec: value },
    { text: '   per s ', spec: label },
    { text: groupDigits(Math.round(sm.perSecond)), spec: value },
    { text: '   errors ', spec: label },
    { text: groupDigits(sm.errors), spec: sm.errors > 0 ? ui.ui('status_error') : value },
    { text: `   slow (≥${info.slowMs} ms) `, spec: label },
    { text: groupDigits(sm.slow), spec: value },
    { text: '   signals ', spec: label },
    { text: groupDigits(sm.signals), spec: value },
  ];
  const l2: Segment[] = [{ text: ' by count: ', spec: label }, { text: statsText(sm.topByCount, 'count') }];
  const l3: Segment[] = [{ text: ' by time:  ', spec: label }, { text: statsText(sm.topByTime, 'time') }];
  const l4: Segment[] = [{ text: ' ' }];
  if (w.paused) {
    l4.push(
      { text: 'PAUSED', spec: ui.ui('status_error') },
      { text: `: the display is frozen; strace keeps running (${groupDigits(w.sincePause)} new lines since). Space resumes`, spec: label },
    );
  } else if (w.following) l4.push({ text: 'following the tail', spec: label });
  else {
    const last = Math.min(w.count, w.top + w.page);
    l4.push({ text: `scrolled back: lines ${groupDigits(w.top + 1)}-${groupDigits(last)} of ${groupDigits(w.count)}. End or G follows the tail`, spec: label });
  }
  if (filter.trim()) l4.push({ text: matchingText('lines matching', filter, w.count), spec: value });
  l4.push(
    { text: '   buffer ', spec: label },
    { text: `${groupDigits(info.held)}/${groupDigits(info.capacity)} lines, ${groupDigits(info.dropped)} dropped`, spec: value },
  );
  if (info.command) l4.push({ text: `   ${info.command}`, spec: dim });
  return [l1, l2, l3, l4];
}

function headerLine(width: number, ui: UiStyles): Segment[] {
  const text = `${padToWidth('TIME', TIME_W)} ${padToWidth('TID', TID_W, 'right')} ${padToWidth('TOOK', TOOK_W, 'right')} CALL`;
  return [{ text: padToWidth(text, Math.max(0, width)), spec: ui.ui('table_header') }];
}

/** Wrapped lines of words in one style, indented by one column. */
function wordLines(text: string, width: number, spec: string | undefined): Segment[][] {
  return wrapText(text, Math.max(10, width - 1)).map((t) => [{ text: ' ' }, { text: t, spec }]);
}

export class StraceRenderer implements PaneRenderer {
  /** set by the controller: the live session's owner */
  owner: StraceViewSource | null = null;

  view(i: PaneInput): PaneView {
    const { ui, width, height, state } = i;
    const info = this.owner?.info() ?? null;
    const empty = (lines: Segment[][]): PaneView => ({ lines: lines.slice(0, height), count: 0, page: 1, list: false, cursor: 0, offset: 0 });
    if (!this.owner || !info) return empty([[{ text: ` Starting strace on PID ${i.data.pid} …`, spec: ui.ui('dim') }]]);
    if (info.status === 'failed') {
      const lines = wordLines(`strace could not trace PID ${info.pid}: ${info.error ?? 'unknown error'}`, width, ui.ui('status_error'));
      if (info.command) lines.push([], ...wordLines(`command: ${info.command}`, width, ui.ui('dim')));
      return empty(lines);
    }
    if (info.status === 'starting' && info.totalSeen === 0) {
      const lines: Segment[][] = [[{ text: ` Attaching strace to PID ${info.pid} …`, spec: ui.ui('header_label') }]];
      if (info.command) lines.push(...wordLines(info.command, width, ui.ui('dim')));
      return empty(lines);
    }
    const top = 5;
    const page = Math.max(1, height - top);
    const w = this.owner.window(state.filter, page);
    const out: Segment[][] = [...summaryLines(info, w, state.filter, ui), headerLine(width, ui)];
    const room = Math.max(0, width - (TIME_W + TID_W + TOOK_W + 3));
    for (const l of w.lines) out.push(straceLineSegments(l, info.slowMs, ui, room + 2));
    if (w.lines.length === 0) {
      const why = state.filter.trim()
        ? ` No line matches "${sanitize(state.filter.trim())}" (Esc in the filter clears it).`
        : info.status === 'ended'
          ? ' strace printed nothing.'
          : ' Waiting for the process to make a system call …';
      out.push([{ text: why, spec: ui.ui('dim') }]);
    }
    return { lines: out.slice(0, height), count: w.count, page, list: false, cursor: 0, offset: w.top };
  }
}

export const stracePane: PaneDef = {
  title: 'Strace',
  // nothing from /proc beyond the memory history the view always reads
  sections: [],
  keys: [
    ['trace_pause', 'Pause'],
    ['detail_filter', 'Filter'],
    ['trace_save', 'Save'],
  ],
  initial: () => paneState(),
  create: () => new StraceRenderer(),
};
