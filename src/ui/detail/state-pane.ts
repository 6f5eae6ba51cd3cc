// The State tab: why the process is in the state it is in and who it is. The state letter in words
// with what it waits on (wchan, the kernel stack), its ancestry up to PID 1, uids/gids with names,
// exe (flagged when deleted), cwd, root, start time and age, CPU time, scheduling (nice, priority,
// policy, last CPU, affinity), threads, context switches, I/O, cgroup and container, namespaces
// (those differing from ptop's marked), OOM score, the limits that matter and the tracer.
// Two columns of facts from 120 columns up, one below; then the command line in full and the
// kernel stack across the width. A text pane: the whole text is built once per data change and
// width, and scrolled.
//
// Before the first inspection (or when it failed) it shows the table's facts about the process.

import type { MemorySection, StateSection } from '../../collect/inspect/types.js';
import { formatBytes, formatCpuTime, formatDuration, padToWidth } from '../../model/format.js';
import type { Segment } from '../../render/text.js';
import type { UiStyles } from '../styles.js';
import { padSegments } from '../table-view.js';
import { formatTimestamp, processFacts } from './facts.js';
import { wrapSegments } from './wrap.js';
import { clampTo, groupDigits, Memo, notReadLine, paneState, problemLines, type DetailData, type PaneDef, type PaneInput, type PaneView } from './pane.js';

const LABEL_W = 12;
/** from this width the facts go in two columns */
export const TWO_COLUMN_WIDTH = 120;

interface Fact {
  label: string;
  value: Segment[];
}

const v = (text: string, spec?: string): Segment => ({ text, spec });

function idList(ids: readonly number[], names: readonly string[] | null): string {
  const one = (i: number) => (names && names[i] !== undefined && names[i] !== String(ids[i]) ? `${names[i]} (${ids[i]})` : String(ids[i]));
  if (ids.length === 0) return '?';
  if (ids.every((x) => x === ids[0])) return one(0);
  const words = ['real', 'effective', 'saved', 'fs'];
  return ids.map((_, i) => `${words[i] ?? `#${i}`} ${one(i)}`).join('  ');
}

function namespacesText(st: StateSection, ui: UiStyles): Segment[] {
  if (!st.namespaces.length) return [v('?')];
  const differ = st.namespaces.filter((n) => n.differs === true);
  const same = st.namespaces.filter((n) => n.differs === false);
  const unknown = st.namespaces.filter((n) => n.differs === null);
  const out: Segment[] = [];
  if (differ.length) {
    out.push(v(`differ from ptop's: ${differ.map((n) => `${n.type}${n.inode !== null ? ` [${n.inode}]` : ''}`).join(', ')}`, ui.ui('header_value')));
  }
  if (same.length) out.push(v(`${out.length ? '; ' : ''}${differ.length ? 'same' : "same as ptop's"}: ${same.map((n) => n.type).join(' ')}`));
  if (unknown.length) out.push(v(`${out.length ? '; ' : ''}unknown: ${unknown.map((n) => n.type).join(' ')}`, ui.ui('dim')));
  return out;
}

/** The two fact blocks: who and where (left), scheduling and resources (right). */
export function stateFacts(st: StateSection, mem: MemorySection | undefined, now: number, ui: UiStyles): { left: Fact[]; right: Fact[] } {
  const err = ui.ui('status_error');
  const strong = ui.ui('header_value');
  const left: Fact[] = [];
  const right: Fact[] = [];
  left.push({ label: 'State', value: [v(st.state, strong), v(`  ${st.stateWords}`, strong)] });
  if (st.wchan && st.wchan !== '0') left.push({ label: 'Waits in', value: [v(st.wchan)] });
  if (st.tracerPid) left.push({ label: 'Traced by', value: [v(`PID ${st.tracerPid}`, err)] });
  if (st.ancestry.length) left.push({ label: 'Ancestry', value: [v(st.ancestry.map((a) => `${a.pid} ${a.comm}`).join(' ← '))] });
  left.push({ label: 'User', value: [v(idList(st.uids, st.users))] });
  left.push({ label: 'Group', value: [v(idList(st.gids, null))] });
  if (st.exe !== null) left.push({ label: 'Exe', value: st.exeDeleted ? [v(st.exe.replace(/ \(deleted\)$/, '')), v(' (deleted)', err)] : [v(st.exe)] });
  else left.push({ label: 'Exe', value: [v('?', ui.ui('dim'))] });
  left.push({ label: 'Cwd', value: [v(st.cwd ?? '?')] });
  left.push({ label: 'Root', value: [v(st.root ?? '?')] });
  const age = st.ageSeconds ?? Math.max(0, (now - st.startedAt) / 1000);
  left.push({ label: 'Started', value: [v(`${formatTimestamp(st.startedAt)}  (${formatDuration(age)} ago)`)] });
  left.push({ label: 'CPU time', value: [v(`user ${formatCpuTime(st.userCpuSeconds)}  system ${formatCpuTime(st.systemCpuSeconds)}`)] });

  const rt = st.rtPriority ? `  rt priority ${st.rtPriority}` : '';
  right.push({ label: 'Scheduling', value: [v(`nice ${st.nice}  priority ${st.priority}  ${st.policy}${rt}`)] });
  right.push({ label: 'CPU', value: [v(`last ran on ${st.lastCpu}  affinity ${st.affinity ?? '?'}`)] });
  right.push({ label: 'Threads', value: [v(String(st.threads))] });
  const cs = (n: number | null) => (n === null ? '?' : groupDigits(n));
  right.push({ label: 'Switches', value: [v(`voluntary ${cs(st.voluntaryCtxSwitches)}  involuntary ${cs(st.involuntaryCtxSwitches)}`)] });
  if (st.io) {
    right.push({ label: 'Disk I/O', value: [v(`read ${formatBytes(st.io.readBytes)}  written ${formatBytes(st.io.writeBytes)}`)] });
    right.push({
      label: 'I/O calls',
      value: [v(`read ${formatBytes(st.io.rchar)} in ${groupDigits(st.io.syscr)}  write ${formatBytes(st.io.wchar)} in ${groupDigits(st.io.syscw)}`)],
    });
  } else right.push({ label: 'I/O', value: [v('?', ui.ui('dim'))] });
  if (mem && (mem.rss !== null || mem.pss !== null)) {
    const b = (n: number | null) => (n === null ? '?' : formatBytes(n));
    right.push({ label: 'Memory', value: [v(`RSS ${b(mem.rss)}  PSS ${b(mem.pss)}  USS ${b(mem.uss)}  VSS ${b(mem.vss)}`)] });
  }
  right.push({ label: 'Cgroup', value: [v(st.cgroup ?? '?')] });
  if (st.container) right.push({ label: 'Container', value: [v(st.container)] });
  right.push({ label: 'Namespaces', value: namespacesText(st, ui) });
  const oom = (n: number | null) => (n === null ? '?' : String(n));
  right.push({ label: 'OOM', value: [v(`score ${oom(st.oomScore)}  adj ${oom(st.oomScoreAdj)}`)] });
  if (st.fdCount !== null || st.openFilesSoft !== null) {
    const near = st.fdCount !== null && st.openFilesSoft !== null && st.fdCount >= st.openFilesSoft * 0.8;
    const hard = st.openFilesHard !== null ? `  (hard ${groupDigits(st.openFilesHard)})` : '';
    right.push({
      label: 'Open files',
      value: [v(`${st.fdCount === null ? '?' : groupDigits(st.fdCount)} of ${st.openFilesSoft === null ? 'unlimited' : groupDigits(st.openFilesSoft)}`, near ? err : undefined), v(hard)],
    });
  }
  right.push({
    label: 'Core size',
    value: [v(st.coreUnlimited ? 'unlimited' : st.coreSizeSoft === null ? '?' : st.coreSizeSoft === 0 ? '0 (no core dumps)' : formatBytes(st.coreSizeSoft))],
  });
  return { left, right };
}

/** A fact as lines `width` wide: the label, then the value wrapped beside it. */
function factLines(f: Fact, width: number, ui: UiStyles): Segment[][] {
  const label: Segment = { text: padToWidth(f.label, LABEL_W), spec: ui.ui('header_label') };
  const blank: Segment = { text: ' '.repeat(LABEL_W) };
  const valueW = Math.max(8, width - LABEL_W - 2);
  const parts: Segment[][] = wrapSegments(f.value, valueW);
  return parts.map((p, i) => [{ text: ' ' }, i === 0 ? label : blank, { text: ' ' }, ...p]);
}

function blockLines(facts: readonly Fact[], width: number, ui: UiStyles): Segment[][] {
  const out: Segment[][] = [];
  for (const f of facts) out.push(...factLines(f, width, ui));
  return out;
}

/** Every line of the State tab at a width (scrolled by the view). */
export function stateLines(data: DetailData, width: number, ui: UiStyles): Segment[][] {
  const st = data.inspection?.sections.state;
  const lines: Segment[][] = [];
  if (!st) {
    // the table's facts until the collector has read the process
    const p = data.sample;
    if (!p || !data.ctx) return [notReadLine(data, 'status', ui)];
    for (const f of processFacts(p, data.ctx)) lines.push(...factLines({ label: f.label, value: [v(f.value, ui.ui('header_value'))] }, width, ui));
    lines.push(...factLines({ label: 'Command', value: [v(p.command)] }, width, ui));
    return lines;
  }
  lines.push(...problemLines(st.problems, width, ui));
  const { left, right } = stateFacts(st, data.inspection?.sections.memory, data.now, ui);
  if (width >= TWO_COLUMN_WIDTH) {
    const colW = Math.floor((width - 1) / 2);
    const l = blockLines(left, colW, ui);
    const r = blockLines(right, colW, ui);
    for (let i = 0; i < Math.max(l.length, r.length); i++) {
      lines.push([...padSegments(l[i] ?? [], colW), { text: ' ' }, ...(r[i] ?? [])]);
    }
  } else {
    lines.push(...blockLines(left, width, ui), ...blockLines(right, width, ui));
  }
  lines.push([]);
  const cmd = st.cmdline.length ? st.cmdline.join(' ') : `[${data.inspection?.comm ?? ''}]`;
  lines.push(...factLines({ label: 'Command', value: [v(cmd)] }, width, ui));
  if (st.kernelStack && st.kernelStack.length) {
    lines.push([]);
    lines.push([{ text: ' ' }, { text: 'Kernel stack', spec: ui.ui('header_label') }, { text: '  (/proc/PID/stack: where it waits in the kernel)', spec: ui.ui('dim') }]);
    for (const frame of st.kernelStack) lines.push([{ text: `   ${frame}` }]);
  }
  return lines;
}

class StateRenderer {
  private memo = new Memo<Segment[][]>();
  view(i: PaneInput): PaneView {
    const d = i.data;
    const all = this.memo.get([d.inspection?.sections.state, d.inspection?.sections.memory, d.sample, d.pid, d.exited, i.width, i.ui], () => stateLines(d, i.width, i.ui));
    const page = Math.max(1, i.height);
    const offset = clampTo(i.state.offset, 0, Math.max(0, all.length - page));
    return { lines: all.slice(offset, offset + page), count: all.length, page, list: false, cursor: 0, offset };
  }
}

export const statePane: PaneDef = {
  title: 'State',
  sections: ['state'],
  keys: [],
  initial: () => paneState(),
  create: () => new StateRenderer(),
};
