// `ptop inspect PID` as text: a sectioned report of an Inspection (State, Memory, Maps, FDs,
// Threads, Environment) with aligned label/value lines, human sizes, tables with totals, and each
// section's read problems in words (grouped by reason; a list that could not be read at all says
// "(not readable)" in its heading, not "0"). Readable on a terminal and on a pipe; no colour.
// Lines are cut to `width` columns when one is given (word-wrapped for prose: command line,
// problems).

import type {
  EnvironmentSection,
  FdsSection,
  Inspection,
  Mapping,
  MapsSection,
  MemorySection,
  OpenFd,
  ReadProblem,
  SocketInfo,
  StateSection,
  ThreadsSection,
} from '../collect/inspect/types.js';
import { groupProblems, unreadable } from '../collect/inspect/problem-groups.js';
import { stateWords } from '../collect/inspect/words.js';
import { cutStart, displayWidth, formatBytes, formatDuration, formatPercent, padToWidth, spaces, truncateToWidth } from '../model/format.js';

export interface InspectTextOptions {
  /** cut lines to this many columns; 0 or absent: never cut */
  width?: number;
  /** print the start time in UTC instead of local time (tests) */
  utc?: boolean;
}

const LABEL = 18;
const INDENT = '  ';

/** Collects the report's lines; `cut` and `wrap` apply the width. */
class Out {
  readonly lines: string[] = [];
  constructor(readonly width: number) {}

  line(s = ''): void {
    this.lines.push(this.width > 0 && displayWidth(s) > this.width ? truncateToWidth(s, this.width) : s);
  }

  /** `label  value` with the value column aligned; a null value prints "-". */
  field(label: string, value: string | number | null): void {
    this.line(INDENT + padToWidth(label, LABEL) + (value === null ? '-' : String(value)));
  }

  /** Prose after a label, word-wrapped to the width (continuation lines indented under the value). */
  wrapped(label: string, text: string, indent = INDENT + ' '.repeat(LABEL)): void {
    const first = INDENT + padToWidth(label, LABEL);
    for (const l of wrapWords(text, this.width, first, indent)) this.lines.push(l);
  }

  heading(title: string): void {
    if (this.lines.length > 0) this.lines.push('');
    this.line(title);
  }
}

/**
 * Word-wrap `text` to `width` columns: the first line starts with `first`, the others with
 * `indent`. A word longer than a line is split. Width 0: one line.
 */
export function wrapWords(text: string, width: number, first: string, indent: string): string[] {
  if (width <= 0 || displayWidth(first) + displayWidth(text) <= width) return [first + text];
  const out: string[] = [];
  let cur = first;
  let curW = displayWidth(first);
  let empty = true;
  const room = Math.max(8, width - displayWidth(indent));
  for (const word of text.split(' ')) {
    let w = word;
    let ww = displayWidth(w);
    const gap = empty ? 0 : 1;
    if (curW + gap + ww <= width) {
      cur += (empty ? '' : ' ') + w;
      curW += gap + ww;
      empty = false;
      continue;
    }
    if (!empty) out.push(cur);
    cur = indent;
    curW = displayWidth(indent);
    empty = true;
    while (ww > room) {
      const head = truncateToWidth(w, room + 1).slice(0, -1);
      out.push(indent + head);
      w = w.slice(head.length);
      ww = displayWidth(w);
    }
    if (w !== '') {
      cur += w;
      curW += ww;
      empty = false;
    }
  }
  if (!empty) out.push(cur);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Small formatters

function bytes(n: number | null): string {
  return n === null ? '-' : formatBytes(n);
}

function num(n: number | null): string {
  return n === null ? '-' : String(n);
}

const pad2 = (n: number) => (n < 10 ? '0' : '') + String(n);

function timestamp(ms: number, utc: boolean): string {
  const d = new Date(ms);
  if (utc) return d.toISOString().slice(0, 19).replace('T', ' ') + ' UTC';
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

function seconds(s: number): string {
  return s < 100 ? `${s.toFixed(2)} s` : `${formatDuration(s)} (${s.toFixed(0)} s)`;
}

/** How a table fits a width: the steps that make room, taken in order until the line fits. */
interface TableFit {
  /** each step narrows column `col` to `min` columns (cells cut with …), or without `min` drops it */
  steps?: ReadonlyArray<{ col: number; min?: number }>;
  /** the most a column may take, before any step (e.g. addresses sized without [vsyscall]) */
  caps?: ReadonlyMap<number, number>;
  /** the last column wants its widest cell, or this much when that is wider (default 16) */
  lastMin?: number;
  /** cut row `ri`'s last cell at its start, keeping the end (paths: the file name matters) */
  keepEnd?: (ri: number) => boolean;
}

/**
 * A table: `headers`, then `rows`, columns two spaces apart, each padded to its widest cell and
 * aligned by `align` ('l' or 'r' per column); the last column is not padded. Each cell's width is
 * measured once (10,000-row tables). With a width, `fit` makes room for the last column (narrowing
 * or dropping the columns it names, in its order) and only the last cell is cut to the width.
 */
function table(out: Out, headers: string[], rows: string[][], align: string, fit: TableFit = {}): void {
  const last = headers.length - 1;
  const all = [headers, ...rows];
  const cellW = all.map((r) => {
    const ws = new Array<number>(last + 1);
    for (let i = 0; i <= last; i++) ws[i] = displayWidth(r[i]);
    return ws;
  });
  const w = new Array<number>(last + 1).fill(0);
  for (const ws of cellW) for (let i = 0; i <= last; i++) if (ws[i] > w[i]) w[i] = ws[i];
  let cols = [...Array(last).keys()];
  if (out.width > 0) {
    for (const [col, cap] of fit.caps ?? []) w[col] = Math.max(displayWidth(headers[col]), Math.min(w[col], cap));
    const want = Math.min(w[last], fit.lastMin ?? 16);
    const used = () => INDENT.length + cols.reduce((n, i) => n + w[i] + 2, 0) + want;
    for (const step of fit.steps ?? []) {
      if (used() <= out.width) break;
      if (step.min === undefined) cols = cols.filter((i) => i !== step.col);
      else w[step.col] = Math.max(step.min, w[step.col] - (used() - out.width));
    }
  }
  all.forEach((r, ri) => {
    let line = INDENT;
    for (const i of cols) {
      const cut = cellW[ri][i] > w[i];
      const cell = cut ? truncateToWidth(r[i], w[i]) : r[i];
      const gap = spaces(w[i] - (cut ? displayWidth(cell) : cellW[ri][i]));
      line += align[i] === 'r' ? gap + cell : cell + gap;
      line += '  ';
    }
    const room = out.width - displayWidth(line);
    const end = r[last];
    if (out.width > 0 && cellW[ri][last] > room) line += ri > 0 && fit.keepEnd?.(ri - 1) ? cutStart(end, room) : truncateToWidth(end, room);
    else line += end;
    out.line(line.trimEnd());
  });
}

/** Problems grouped by their reason: "! Could not read A, B (EACCES): why". */
function problems(out: Out, list: readonly ReadProblem[]): void {
  for (const g of groupProblems(list)) {
    const whats = g.map((p) => p.what).join(', ');
    const paths = g.length === 1 ? g[0].path : `${g[0].path}, …`;
    const text = `could not read ${whats} (${paths}: ${g[0].code}): ${g[0].why}.`;
    for (const l of wrapWords(text, out.width, INDENT + '! ', INDENT + '  ')) out.lines.push(l);
  }
}

// ---------------------------------------------------------------------------------------------
// Sections

function stateSection(out: Out, s: StateSection, opts: Required<InspectTextOptions>): void {
  out.heading('STATE');
  problems(out, s.problems);
  out.field('State', `${s.state}  ${s.stateWords}`);
  out.field('Waiting in', s.wchan ?? (s.state === 'R' ? '(running)' : null));
  if (s.kernelStack !== null) {
    if (s.kernelStack.length === 0) out.field('Kernel stack', '(empty)');
    s.kernelStack.forEach((f, i) => out.field(i === 0 ? 'Kernel stack' : '', f));
  }
  out.wrapped('Ancestry', s.ancestry.map((a) => `${a.pid} ${a.comm}`).join(' ← '));
  out.wrapped('Command line', s.cmdline.length > 0 ? s.cmdline.map(quoteArg).join(' ') : '(none)');
  out.field('Executable', s.exe === null ? null : s.exe);
  out.field('Working dir', s.cwd);
  out.field('Root dir', s.root);
  if (s.uids.length > 0) {
    out.field('User', `${s.users[1] ?? s.uids[1]}  (uid real ${s.uids[0]}, effective ${s.uids[1]}, saved ${s.uids[2]}, fs ${s.uids[3]})`);
    out.field('Group', `gid real ${s.gids[0]}, effective ${s.gids[1]}, saved ${s.gids[2]}, fs ${s.gids[3]}`);
  }
  const age = s.ageSeconds > 0 ? `  (${formatDuration(s.ageSeconds)} ago)` : '';
  out.field('Started', s.startedAt > 0 ? timestamp(s.startedAt, opts.utc) + age : null);
  out.field('CPU time', `user ${seconds(s.userCpuSeconds)}, system ${seconds(s.systemCpuSeconds)}`);
  const rt = s.rtPriority > 0 ? `, rt priority ${s.rtPriority}` : '';
  out.field('Scheduling', `${s.policy}, nice ${s.nice}, priority ${s.priority}${rt}`);
  out.field('Last CPU', `${s.lastCpu}${s.affinity !== null ? `  (may run on ${s.affinity})` : ''}`);
  out.field('Threads', s.threads);
  out.field(
    'Context switches',
    s.voluntaryCtxSwitches === null ? null : `${s.voluntaryCtxSwitches} voluntary, ${num(s.involuntaryCtxSwitches)} involuntary`,
  );
  if (s.io !== null) {
    out.field('I/O', `read ${formatBytes(s.io.rchar)} in ${s.io.syscr} calls, wrote ${formatBytes(s.io.wchar)} in ${s.io.syscw} calls`);
    out.field('Storage I/O', `read ${formatBytes(s.io.readBytes)}, wrote ${formatBytes(s.io.writeBytes)} (from/to disk)`);
  } else out.field('I/O', null);
  out.field('Cgroup', s.cgroup);
  out.field('Container', s.container ?? (s.cgroup === null ? null : 'none'));
  if (s.namespaces.length > 0) {
    const known = s.namespaces.filter((n) => n.differs !== null);
    const differ = known.filter((n) => n.differs).map((n) => n.type);
    let words: string;
    if (known.length === 0) words = 'unknown';
    else if (differ.length === 0) words = `all ${known.length} the same as ptop's`;
    else words = `differ from ptop's: ${differ.join(', ')}`;
    out.field('Namespaces', words);
    const ids = s.namespaces.filter((n) => n.inode !== null).map((n) => `${n.type}:${n.inode}`);
    if (ids.length > 0) out.wrapped('', ids.join(' '));
  }
  out.field('OOM score', s.oomScore === null ? null : `${s.oomScore}  (adjustment ${num(s.oomScoreAdj)})`);
  const limit = s.openFilesSoft === null ? 'unlimited' : String(s.openFilesSoft);
  const hard = s.openFilesHard === null ? 'unlimited' : String(s.openFilesHard);
  out.field('Open files', `${num(s.fdCount)} of ${limit}  (hard limit ${hard})`);
  out.field('Core file size', s.coreUnlimited ? 'unlimited' : s.coreSizeSoft === null ? null : s.coreSizeSoft === 0 ? '0 (no core dumps)' : formatBytes(s.coreSizeSoft));
  if (s.tracerPid !== null && s.tracerPid > 0) out.field('Traced by', `PID ${s.tracerPid}`);
}

/** An argument as a shell would need it to be typed (quoted when it has spaces or is empty). */
function quoteArg(a: string): string {
  return a === '' || /[\s'"\\$`]/.test(a) ? `'${a.replace(/'/g, `'\\''`)}'` : a;
}

const MEMORY_LINES: ReadonlyArray<readonly [string, keyof MemorySection, string]> = [
  ['VSS', 'vss', 'address space: everything mapped, touched or not'],
  ['RSS', 'rss', 'resident pages, shared ones counted in full'],
  ['PSS', 'pss', 'resident pages, each shared page divided among the processes that map it'],
  ['USS', 'uss', 'private pages: what would return if the process ended'],
];

function memorySection(out: Out, m: MemorySection): void {
  out.heading('MEMORY');
  problems(out, m.problems);
  const values = MEMORY_LINES.map(([, k]) => bytes(m[k] as number | null));
  const w = Math.max(...values.map((v) => v.length));
  MEMORY_LINES.forEach(([label, , words], i) => out.field(label, `${values[i].padStart(w)}  ${words}`));
  out.field('RSS split', `anon ${bytes(m.rssAnon)}, file ${bytes(m.rssFile)}, shmem ${bytes(m.rssShmem)}`);
  out.field('Shared', `clean ${bytes(m.sharedClean)}, dirty ${bytes(m.sharedDirty)}`);
  out.field('Private', `clean ${bytes(m.privateClean)}, dirty ${bytes(m.privateDirty)}`);
  out.field('Swap', `${bytes(m.swap)}  (SwapPss ${bytes(m.swapPss)})`);
  out.field('Peak', `RSS ${bytes(m.peakRss)}, VSS ${bytes(m.peakVss)}`);
}

/** How a mapping is named in the tables: its path, or [anon], plus " (deleted)". */
export function mappingName(m: Pick<Mapping, 'path' | 'kind' | 'deleted'>): string {
  const name = m.path !== '' ? m.path : '[anon]';
  return m.deleted ? `${name} (deleted)` : name;
}

export interface MappingGroup {
  name: string;
  count: number;
  size: number;
  rss: number;
  pss: number;
  uss: number;
  swap: number;
}

/** Mappings summed per file (anonymous ones together as "[anon]"), largest PSS first. */
export function groupMappings(mappings: readonly Mapping[]): MappingGroup[] {
  const by = new Map<string, MappingGroup>();
  for (const m of mappings) {
    const name = mappingName(m);
    let g = by.get(name);
    if (!g) {
      g = { name, count: 0, size: 0, rss: 0, pss: 0, uss: 0, swap: 0 };
      by.set(name, g);
    }
    g.count++;
    g.size += m.size;
    g.rss += m.rss;
    g.pss += m.pss;
    g.uss += m.uss;
    g.swap += m.swap;
  }
  return [...by.values()].sort((a, b) => b.pss - a.pss || b.rss - a.rss || (a.name < b.name ? -1 : 1));
}

function mapsSection(out: Out, s: MapsSection): void {
  const t = s.totals;
  out.heading(`MAPS (${unreadable(s.problems, t.count) ? 'not readable' : `${t.count} mappings`})`);
  problems(out, s.problems);
  if (s.mappings.length === 0) return;
  const rows = s.mappings.map((m) => [
    m.start,
    m.end,
    m.perms,
    m.offset,
    m.dev,
    String(m.inode),
    formatBytes(m.size),
    formatBytes(m.rss),
    formatBytes(m.pss),
    formatBytes(m.uss),
    formatBytes(m.swap),
    mappingName(m),
  ]);
  rows.push(['Total', '', '', '', '', '', formatBytes(t.size), formatBytes(t.rss), formatBytes(t.pss), formatBytes(t.uss), formatBytes(t.swap), '']);
  // sized for the process's own addresses (the kernel's [vsyscall] page, 16 digits, is cut instead);
  // short of room, the columns least read go first: offset, device, inode, then the end address
  const user = s.mappings.filter((m) => m.kind !== 'vsyscall');
  const addrW = Math.max(8, ...user.map((m) => Math.max(m.start.length, m.end.length)));
  table(out, ['START', 'END', 'PERM', 'OFFSET', 'DEV', 'INODE', 'SIZE', 'RSS', 'PSS', 'USS', 'SWAP', 'PATH'], rows, 'llllllrrrrrl', {
    caps: new Map([
      [0, addrW],
      [1, addrW],
    ]),
    steps: [{ col: 3 }, { col: 4 }, { col: 5 }, { col: 1 }, { col: 10 }],
    keepEnd: () => true,
  });
  out.line('');
  out.line(`${INDENT}By file (largest PSS first)`);
  const groups = groupMappings(s.mappings);
  table(
    out,
    ['MAPS', 'SIZE', 'RSS', 'PSS', 'USS', 'SWAP', 'FILE'],
    groups.map((g) => [String(g.count), formatBytes(g.size), formatBytes(g.rss), formatBytes(g.pss), formatBytes(g.uss), formatBytes(g.swap), g.name]),
    'rrrrrrl',
    { keepEnd: () => true },
  );
}

function hostPort(addr: string | null, port: number | null): string {
  const a = addr ?? '?';
  return `${a.includes(':') ? `[${a}]` : a}:${port ?? '?'}`;
}

/** A socket in words: "tcp 127.0.0.1:80 → 10.0.0.2:5050 ESTABLISHED", "unix STREAM LISTEN /run/x". */
export function describeSocket(s: SocketInfo): string {
  if (s.proto === 'unix') return `unix ${s.type ?? '?'} ${s.state ?? '?'} ${s.path ? s.path : '(unnamed)'}`;
  if (s.proto === 'unknown') return `socket:[${s.inode}] (not in the tcp, udp or unix tables: netlink, packet, raw, …)`;
  const local = hostPort(s.localAddress, s.localPort);
  const unconnected = s.remotePort === 0 || s.remotePort === null;
  const remote = unconnected ? '' : ` → ${hostPort(s.remoteAddress, s.remotePort)}`;
  return `${s.proto} ${local}${remote} ${s.state ?? ''}`.trimEnd();
}

function fdTarget(f: OpenFd): string {
  if (f.socket !== null) return describeSocket(f.socket);
  return f.target;
}

function fdsSection(out: Out, s: FdsSection): void {
  const counts = Object.entries(s.counts)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ');
  out.heading(`FDS (${unreadable(s.problems, s.fds.length) ? 'not readable' : `${s.fds.length} open${counts ? `: ${counts}` : ''}`})`);
  problems(out, s.problems);
  if (s.fds.length === 0) return;
  table(
    out,
    ['FD', 'KIND', 'FLAGS', 'POS', 'TARGET'],
    s.fds.map((f) => [
      String(f.fd),
      f.anonKind !== null ? f.anonKind : f.kind,
      f.flagNames.join('|'),
      f.pos === null ? '-' : String(f.pos),
      fdTarget(f),
    ]),
    'rllrl',
    // the target wants room for a socket in words: the flags are narrowed, then dropped, then the position
    { lastMin: 48, steps: [{ col: 2, min: 12 }, { col: 2 }, { col: 3 }], keepEnd: (ri) => s.fds[ri].kind === 'file' || s.fds[ri].kind === 'dir' },
  );
}

function threadsSection(out: Out, s: ThreadsSection): void {
  out.heading(`THREADS (${unreadable(s.problems, s.threads.length) ? 'not readable' : s.threads.length})`);
  problems(out, s.problems);
  if (s.threads.length === 0) return;
  table(
    out,
    ['TID', 'NAME', 'STATE', 'CPU%', 'CPU', 'USER', 'SYSTEM', 'VOLCS', 'INVCS', 'WCHAN'],
    s.threads.map((t) => [
      String(t.tid),
      t.name,
      t.state,
      formatPercent(t.cpuPercent),
      String(t.lastCpu),
      t.userCpuSeconds.toFixed(2),
      t.systemCpuSeconds.toFixed(2),
      num(t.voluntaryCtxSwitches),
      num(t.involuntaryCtxSwitches),
      t.wchan ?? '-',
    ]),
    'rllrrrrrrl',
  );
}

function environmentSection(out: Out, s: EnvironmentSection): void {
  out.heading(`ENVIRONMENT (${unreadable(s.problems, s.vars.length) ? 'not readable' : `${s.vars.length} variables`})`);
  problems(out, s.problems);
  for (const v of s.vars) out.line(`${INDENT}${v.name}=${v.value}`);
}

/** The report as lines (no trailing newline). */
export function renderInspectionLines(ins: Inspection, options: InspectTextOptions = {}): string[] {
  const opts: Required<InspectTextOptions> = { width: options.width ?? 0, utc: options.utc ?? false };
  const out = new Out(opts.width);
  out.line(`PID ${ins.pid} (${ins.comm})  ${ins.state} ${stateWords(ins.state)}`);
  for (const l of wrapWords(ins.command, opts.width, '', '  ')) out.lines.push(l);
  const s = ins.sections;
  if (s.state) stateSection(out, s.state, opts);
  if (s.memory) memorySection(out, s.memory);
  if (s.maps) mapsSection(out, s.maps);
  if (s.fds) fdsSection(out, s.fds);
  if (s.threads) threadsSection(out, s.threads);
  if (s.environment) environmentSection(out, s.environment);
  return out.lines;
}

/** The report as one string ending in a newline. */
export function renderInspectionText(ins: Inspection, options: InspectTextOptions = {}): string {
  return renderInspectionLines(ins, options).join('\n') + '\n';
}
