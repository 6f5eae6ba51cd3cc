// The meters header, htop style, as painted lines. Two columns: on the left the CPU meters
// (`0[|||     12.3%]`, user/nice/system/iowait/steal segments in the theme's meter colours), then
// Mem (used/buffers/cache) and Swp; on the right Tasks, Load average + Uptime, host and kernel.
// Many cores that do not fit the line budget as meters become one total meter and a row of
// per-core blocks (▁▂▃…█). Pure: the controller caches the result per snapshot and size, so a
// key press that only moves the selection never rebuilds it.

import type { CpuShare, MemInfo, ProcessSample, SystemSample } from '../collect/types.js';
import { displayWidth, formatBytes, padToWidth } from '../model/format.js';
import type { UiKey } from '../model/theme.js';
import { cutSegments, type Segment } from '../render/text.js';
import type { UiStyles } from './styles.js';
import { paintMerged, padSegments } from './table-view.js';

export interface HostFacts {
  hostname: string;
  kernel: string;
  /** the distribution and its release ("Debian GNU/Linux 12"), once read */
  os?: string;
}

export interface TaskCounts {
  total: number;
  running: number;
  sleeping: number;
  disk: number;
  zombie: number;
  stopped: number;
}

/** Processes by state (thread rows are not tasks of their own). */
export function countTasks(procs: readonly ProcessSample[]): TaskCounts {
  const c: TaskCounts = { total: 0, running: 0, sleeping: 0, disk: 0, zombie: 0, stopped: 0 };
  for (const p of procs) {
    if (p.isThread) continue;
    c.total++;
    switch (p.stat.state) {
      case 'R':
        c.running++;
        break;
      case 'D':
        c.disk++;
        break;
      case 'Z':
        c.zombie++;
        break;
      case 'T':
      case 't':
        c.stopped++;
        break;
      default:
        c.sleeping++;
    }
  }
  return c;
}

const STATE_LETTER: Readonly<Record<string, string>> = { running: 'R', sleeping: 'S', disk: 'D', zombie: 'Z', stopped: 'T' };

/** How many lines the header may take on a screen this tall. */
export function headerBudget(rows: number): number {
  return Math.max(3, Math.min(20, Math.floor((rows - 1) / 4)));
}

/** the narrowest CPU meter: `0[|  12.3%]` */
const MIN_METER = 11;

interface Part {
  /** percent of the bar, 0–100 */
  value: number;
  spec: UiKey;
}

/** `label[|||||     text]` in exactly `width` columns. */
export function meter(label: string, width: number, parts: readonly Part[], text: string, ui: UiStyles): Segment[] {
  const inner = width - displayWidth(label) - 2;
  if (inner < 1) return [{ text: padToWidth(label, width), spec: ui.ui('header_label') }];
  const t = text.length < inner ? text : '';
  const cells: Array<UiKey | null> = new Array(inner).fill(null);
  let cum = 0;
  let from = 0;
  for (const part of parts) {
    cum += Math.max(0, part.value);
    const to = Math.min(inner, Math.round((Math.min(cum, 100) / 100) * inner));
    for (let i = from; i < to; i++) cells[i] = part.spec;
    from = Math.max(from, to);
  }
  const segs: Segment[] = [
    { text: label, spec: ui.ui('header_label') },
    { text: '[', spec: ui.ui('meter_bracket') },
  ];
  const textAt = inner - t.length;
  for (let i = 0; i < textAt; i++) {
    const c = cells[i];
    segs.push(c ? { text: '|', spec: ui.ui(c) } : { text: ' ' });
  }
  if (t) segs.push({ text: t, spec: ui.ui('dim') });
  segs.push({ text: ']', spec: ui.ui('meter_bracket') });
  return segs;
}

function cpuParts(s: CpuShare): Part[] {
  return [
    { value: s.nice, spec: 'meter_nice' },
    { value: s.user, spec: 'meter_user' },
    { value: s.system + s.irq, spec: 'meter_system' },
    { value: s.steal, spec: 'meter_steal' },
    { value: s.iowait, spec: 'meter_iowait' },
  ];
}

const pct = (v: number): string => `${(Number.isFinite(v) ? v : 0).toFixed(1)}%`;

/** htop's memory split: used = total − free − buffers − cache, cache = Cached + SReclaimable − Shmem. */
export function memoryUse(m: MemInfo): { total: number; used: number; buffers: number; cache: number } {
  const total = m.MemTotal ?? 0;
  const free = m.MemFree ?? 0;
  const buffers = m.Buffers ?? 0;
  const cache = Math.max(0, (m.Cached ?? 0) + (m.SReclaimable ?? 0) - (m.Shmem ?? 0));
  const used = Math.max(0, total - free - buffers - cache);
  return { total, used, buffers, cache };
}

const BLOCKS = ' ▁▂▃▄▅▆▇█';

function cpuLines(sys: SystemSample, width: number, budget: number, ui: UiStyles): Segment[][] {
  const cpus = sys.cpuUsage?.cpus ?? sys.stat.cpus.map(() => null);
  const n = cpus.length;
  const zero: CpuShare = { user: 0, nice: 0, system: 0, iowait: 0, irq: 0, steal: 0, busy: 0 };
  if (n === 0) return [];
  // a core per line while the budget allows (htop's left column), more per line when it asks
  const widthFor = (c: number) => Math.floor((width + 1) / c) - 1;
  const cols = Math.ceil(n / Math.max(1, budget));
  const meterW = widthFor(cols);
  if (meterW >= MIN_METER && budget >= 1) {
    const lines = Math.ceil(n / cols);
    const digits = String(n - 1).length;
    const out: Segment[][] = [];
    for (let line = 0; line < lines; line++) {
      const segs: Segment[] = [];
      for (let col = 0; col < cols; col++) {
        const i = col * lines + line;
        if (i >= n) break;
        if (col > 0) segs.push({ text: ' ' });
        const share = cpus[i] ?? zero;
        segs.push(...meter(String(i).padStart(digits), meterW, cpuParts(share), pct(share.busy), ui));
      }
      out.push(segs);
    }
    return out;
  }
  // too many cores for meters: the total, then one block per core
  const total = sys.cpuUsage?.total ?? zero;
  const out: Segment[][] = [meter('CPU', width, cpuParts(total), pct(total.busy), ui)];
  let line: Segment[] = [];
  let used = 0;
  for (let i = 0; i < n && out.length < Math.max(1, budget); i++) {
    const busy = cpus[i]?.busy ?? 0;
    line.push({ text: BLOCKS[Math.min(8, Math.max(0, Math.round((busy / 100) * 8)))], spec: ui.ui('meter_user') });
    if (++used >= width) {
      out.push(line);
      line = [];
      used = 0;
    }
  }
  if (line.length && out.length < Math.max(1, budget)) out.push(line);
  return out;
}

function uptimeText(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const d = Math.floor(s / 86400);
  const hms = [Math.floor((s % 86400) / 3600), Math.floor((s % 3600) / 60), s % 60].map((v) => String(v).padStart(2, '0')).join(':');
  return d > 0 ? `${d} day${d === 1 ? '' : 's'}, ${hms}` : hms;
}

export interface HeaderInput {
  system: SystemSample;
  tasks: TaskCounts;
  host: HostFacts;
  width: number;
  /** most lines the header may take */
  maxLines: number;
  ui: UiStyles;
}

/** The header as painted lines, each at most `width` columns. */
export function headerLines(h: HeaderInput): string[] {
  const { system: sys, tasks, host, width, ui } = h;
  // wide: two halves, as htop; narrow (80 columns): the meters get the room, the facts on the
  // right take a line each
  const rightW = width >= 120 ? Math.floor((width - 2) / 2) : Math.max(Math.min(24, width), Math.min(56, Math.floor((width - 2) * 0.42)));
  const leftW = Math.max(0, width - 2 - rightW);
  const label = (t: string): Segment => ({ text: t, spec: ui.ui('header_label') });
  const value = (t: string): Segment => ({ text: t, spec: ui.ui('header_value') });

  const t = tasks;
  // "Tasks: N, R running, S sleeping, D disk, Z zombie"; zero counts go first when it does not fit
  const counts: Array<[number, string, boolean]> = [
    [t.running, 'running', true],
    [t.sleeping, 'sleeping', true],
    [t.disk, 'disk', t.disk > 0],
    [t.zombie, 'zombie', t.zombie > 0],
    [t.stopped, 'stopped', false],
  ];
  // the short form names the states by their letters: "Tasks: 18, 1 R, 17 S, 2 D"
  const tasksLine = (all: boolean, letters = false): Segment[] => {
    const segs: Segment[] = [label('Tasks: '), value(String(t.total))];
    for (const [n, word, keep] of counts) {
      if (n === 0 && !(all && word !== 'stopped') && !keep) continue;
      segs.push(label(', '), value(String(n)), label(` ${letters ? STATE_LETTER[word] : word}`));
    }
    return segs;
  };
  const fits = (segs: Segment[]) => segs.reduce((w, seg) => w + displayWidth(seg.text), 0) <= rightW;
  const tasksForms = [tasksLine(true), tasksLine(false), tasksLine(false, true)];
  const pairs: Array<[Segment[], Segment[]]> = [
    [
      [label('Load average: '), value([sys.loadavg.one, sys.loadavg.five, sys.loadavg.fifteen].map((v) => v.toFixed(2)).join(' '))],
      [label('Uptime: '), value(uptimeText(sys.uptime.uptime))],
    ],
    [
      [label('Host: '), value(host.hostname), ...(host.os ? [label(` (${host.os})`)] : [])],
      [label('Kernel: '), value(host.kernel)],
    ],
  ];
  // a pair shares a line when it fits, else takes two while the lines allow, else shows its first
  const joined = (a: Segment[], b: Segment[]) => [...a, label('  '), ...b];
  const split = pairs.map(([a, b]) => !fits(joined(a, b)));
  const alone = pairs.map(() => false);
  for (let i = split.length - 1, lines = 1 + pairs.length + split.filter(Boolean).length; i >= 0 && lines > Math.max(3, h.maxLines); i--) {
    if (split[i]) {
      split[i] = false;
      alone[i] = true;
      lines--;
    }
  }
  const right: Segment[][] = [tasksForms.find(fits) ?? tasksForms[2]];
  pairs.forEach(([a, b], i) => (split[i] ? right.push(a, b) : right.push(alone[i] ? a : joined(a, b))));

  const mem = memoryUse(sys.meminfo);
  const swapTotal = sys.meminfo.SwapTotal ?? 0;
  const swapUsed = Math.max(0, swapTotal - (sys.meminfo.SwapFree ?? 0));
  const share = (v: number, of: number) => (of > 0 ? (v / of) * 100 : 0);
  const memLines: Segment[][] = [
    meter('Mem', leftW, [
      { value: share(mem.used, mem.total), spec: 'meter_mem_used' },
      { value: share(mem.buffers, mem.total), spec: 'meter_mem_buffers' },
      { value: share(mem.cache, mem.total), spec: 'meter_mem_cache' },
    ], `${formatBytes(mem.used)}/${formatBytes(mem.total)}`, ui),
    meter('Swp', leftW, [{ value: share(swapUsed, swapTotal), spec: 'meter_swap' }], `${formatBytes(swapUsed)}/${formatBytes(swapTotal)}`, ui),
  ];
  const budget = Math.max(1, h.maxLines - memLines.length);
  const left = [...cpuLines(sys, leftW, budget, ui), ...memLines];

  const count = Math.min(Math.max(left.length, right.length), Math.max(h.maxLines, right.length));
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const l = padSegments(cutSegments(left[i] ?? [], leftW), leftW);
    const r = cutSegments(right[i] ?? [], rightW);
    const segs = [...l, { text: '  ' }, ...r];
    lines.push(paintMerged(cutSegments(segs, width), ui.painter).replace(/\s+$/, ''));
  }
  return lines;
}
