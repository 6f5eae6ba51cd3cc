// The facts the detail view shows about one process, as label/value pairs: identity, owner, state
// in words, start time, CPU, memory, threads, command line. Pure; the values come from one
// ProcessSample (already sanitized) and the column context.

import { stateName } from '../../collect/inspect/words.js';
import type { ProcessSample } from '../../collect/types.js';
import { effectiveUid } from '../../model/columns/define.js';
import type { ColumnContext } from '../../model/columns/types.js';
import { formatBytes, formatCpuTime, formatDuration, formatPercent } from '../../model/format.js';

/** "S (sleeping)", "D (uninterruptible sleep)": the letter and its name from the collector's table. */
export function stateInWords(state: string): string {
  const letter = state.charAt(0);
  const name = stateName(letter);
  return name ? `${letter} (${name})` : state;
}

export interface Fact {
  label: string;
  value: string;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "2024-06-15 10:00:00" in local time */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** The header facts of a process, in display order (the command line comes separately). */
export function processFacts(p: ProcessSample, ctx: ColumnContext): Fact[] {
  const sys = ctx.system;
  const uid = effectiveUid(p);
  const clk = sys.clkTck || 100;
  const startedSec = sys.stat.btime + p.stat.starttime / clk;
  const ageSec = sys.now / 1000 - startedSec;
  const tty = p.stat.ttyNr ? ctx.ttyName(p.stat.ttyNr) : '';
  const facts: Fact[] = [
    { label: p.isThread ? 'TID' : 'PID', value: p.isThread ? `${p.tid} (thread of PID ${p.pid})` : String(p.pid) },
    { label: 'PPID', value: String(p.stat.ppid) },
    { label: 'User', value: `${ctx.userName(uid)} (uid ${uid})` },
    { label: 'State', value: stateInWords(p.stat.state) },
    { label: 'Started', value: `${formatTimestamp(startedSec * 1000)} (${formatDuration(ageSec)} ago)` },
    { label: 'CPU', value: `${formatPercent(p.cpuPercent)}%  (time ${formatCpuTime((p.stat.utime + p.stat.stime) / clk)})` },
    { label: 'RSS', value: formatBytes(p.stat.rss * sys.pageSize) },
    { label: 'VSZ', value: formatBytes(p.stat.vsize) },
    { label: 'Threads', value: String(p.stat.numThreads) },
    { label: 'Nice', value: `${p.stat.nice}  (priority ${p.stat.priority})` },
    { label: 'TTY', value: tty || '-' },
  ];
  return facts;
}
