// Hand-made Inspection objects for the detail pane tests: one process with every section filled
// in, and builders for big mapping/fd lists and for sections that could only be read in part.

import type {
  EnvVar,
  FdsSection,
  Inspection,
  Mapping,
  MapsSection,
  MemorySection,
  OpenFd,
  ReadProblem,
  SocketInfo,
  StateSection,
  ThreadInfo,
} from '../../../src/collect/inspect/types.js';
import { join } from 'node:path';
import { builtinThemesDir, loadTheme } from '../../../src/model/theme.js';
import type { DetailData, PaneDef, PaneState } from '../../../src/ui/detail/pane.js';
import { createUiStyles, type UiStyles } from '../../../src/ui/styles.js';
import { paintMerged } from '../../../src/ui/table-view.js';

let mono: UiStyles | null = null;

/** The mono theme's styles: the selection is inverse video (SGR 7), nothing else is. */
export function monoStyles(): UiStyles {
  if (!mono) mono = createUiStyles(loadTheme(join(builtinThemesDir(), 'mono.toml')), true);
  return mono;
}

export const strip = (s: string): string => s.replace(/\x1b\[[0-9;]*m/g, '');

export const NOW = Date.UTC(2024, 5, 15, 12, 0, 0);
const MiB = 1024 * 1024;

export function stateSection(over: Partial<StateSection> = {}): StateSection {
  return {
    problems: [],
    state: 'S',
    stateWords: 'sleeping',
    wchan: 'do_epoll_wait',
    kernelStack: ['[<0>] do_epoll_wait+0x4a0/0x4e0', '[<0>] __x64_sys_epoll_wait+0x6b/0x110'],
    ancestry: [
      { pid: 4242, comm: 'server' },
      { pid: 4000, comm: 'bash' },
      { pid: 1, comm: 'systemd' },
    ],
    uids: [1000, 1000, 1000, 1000],
    gids: [1000, 1000, 1000, 1000],
    users: ['alice', 'alice', 'alice', 'alice'],
    cmdline: ['/usr/bin/server', '--port', '8080', '--config', '/etc/server/very/long/path/to/a/config/file/that/wraps.toml'],
    exe: '/usr/bin/server',
    exeDeleted: false,
    cwd: '/srv',
    root: '/',
    startedAt: NOW - 3 * 3600 * 1000,
    ageSeconds: 3 * 3600,
    userCpuSeconds: 62,
    systemCpuSeconds: 5,
    nice: 0,
    priority: 20,
    policy: 'SCHED_OTHER',
    rtPriority: 0,
    lastCpu: 1,
    affinity: '0-1',
    threads: 3,
    voluntaryCtxSwitches: 1234,
    involuntaryCtxSwitches: 56,
    io: { rchar: 3 * MiB, wchar: MiB, readBytes: 1.5 * MiB, writeBytes: 512 * 1024, syscr: 120, syscw: 40 },
    cgroup: '/user.slice/user-1000.slice/session-1.scope',
    container: null,
    namespaces: [
      { type: 'mnt', inode: 4026531841, differs: false },
      { type: 'net', inode: 4026532008, differs: true },
      { type: 'pid', inode: 4026531836, differs: false },
    ],
    oomScore: 666,
    oomScoreAdj: 0,
    fdCount: 12,
    openFilesSoft: 1024,
    openFilesHard: 524288,
    coreSizeSoft: 0,
    coreUnlimited: false,
    tracerPid: 0,
    ...over,
  };
}

export function memorySection(over: Partial<MemorySection> = {}): MemorySection {
  return {
    problems: [],
    vss: 1200 * MiB,
    rss: 100 * MiB,
    pss: 80 * MiB,
    uss: 60 * MiB,
    rssAnon: 60 * MiB,
    rssFile: 38 * MiB,
    rssShmem: 2 * MiB,
    swap: 0,
    swapPss: 0,
    peakRss: 120 * MiB,
    peakVss: 1300 * MiB,
    sharedClean: 30 * MiB,
    sharedDirty: 10 * MiB,
    privateClean: MiB,
    privateDirty: 59 * MiB,
    ...over,
  };
}

export function mapping(i: number, over: Partial<Mapping> = {}): Mapping {
  const start = 0x7f0000000000 + i * 0x2000;
  return {
    start: start.toString(16),
    end: (start + 0x2000).toString(16),
    perms: i % 2 ? 'rw-p' : 'r-xp',
    offset: '00000000',
    dev: '08:01',
    inode: 1000 + (i % 50),
    path: `/usr/lib/lib${i % 50}.so`,
    kind: 'file',
    deleted: false,
    size: 8192,
    rss: 4096 * ((i * 7) % 3),
    pss: 2048 * ((i * 7) % 3),
    uss: 1024 * (i % 4),
    swap: 0,
    ...over,
  };
}

export function mapsSection(mappings: Mapping[], problems: ReadProblem[] = []): MapsSection {
  const totals = { size: 0, rss: 0, pss: 0, uss: 0, swap: 0, count: mappings.length };
  for (const m of mappings) {
    totals.size += m.size;
    totals.rss += m.rss;
    totals.pss += m.pss;
    totals.uss += m.uss;
    totals.swap += m.swap;
  }
  return { problems, mappings, totals };
}

export function sock(over: Partial<SocketInfo>): SocketInfo {
  return { proto: 'tcp', localAddress: null, localPort: null, remoteAddress: null, remotePort: null, state: null, path: null, type: null, inode: 1, ...over };
}

export function fd(n: number, over: Partial<OpenFd> = {}): OpenFd {
  return {
    fd: n,
    kind: 'file',
    target: `/var/log/file${n}.log`,
    anonKind: null,
    deleted: false,
    flags: 0o102001,
    flagNames: ['O_WRONLY', 'O_APPEND', 'O_LARGEFILE'],
    pos: n * 10,
    socket: null,
    ...over,
  };
}

export function fdsSection(fds: OpenFd[], problems: ReadProblem[] = []): FdsSection {
  const counts: FdsSection['counts'] = {};
  for (const f of fds) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  return { problems, fds, counts };
}

export function thread(tid: number, over: Partial<ThreadInfo> = {}): ThreadInfo {
  return {
    tid,
    name: `worker-${tid}`,
    state: 'S',
    cpuPercent: 0,
    lastCpu: 0,
    wchan: 'futex_wait_queue',
    voluntaryCtxSwitches: 10,
    involuntaryCtxSwitches: 1,
    userCpuSeconds: 0,
    systemCpuSeconds: 0,
    ticks: 0,
    ...over,
  };
}

export function inspection(over: Partial<Inspection> = {}, sections: Inspection['sections'] = {}): Inspection {
  return {
    pid: 4242,
    collectedAt: NOW,
    comm: 'server',
    command: '/usr/bin/server --port 8080',
    state: 'S',
    sections,
    ...over,
  };
}

export function envVars(n: number): EnvVar[] {
  const vars: EnvVar[] = [
    { name: 'HOME', value: '/home/alice' },
    { name: 'LANG', value: 'C.UTF-8' },
    { name: 'PATH', value: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/some/very/long/tool/path/bin:/another/long/path/entry/bin' },
    { name: 'PTOP_SECRET_TOKEN', value: 'abc123' },
  ];
  for (let i = 0; i < n; i++) vars.push({ name: `VAR_${String(i).padStart(5, '0')}`, value: `value-${i}` });
  return vars.sort((a, b) => (a.name < b.name ? -1 : 1));
}

export const DENIED: ReadProblem = {
  what: 'memory maps',
  path: '/proc/4242/smaps',
  code: 'EACCES',
  why: 'owned by uid 1000, ptop runs as uid 1001: run as that user or as root (CAP_SYS_PTRACE)',
};

export function data(ins: Inspection | null, over: Partial<DetailData> = {}): DetailData {
  return { pid: 4242, inspection: ins, exited: false, history: [], sample: null, ctx: null, now: NOW, ...over };
}

/** Render a pane's window and return the plain lines (and the view). */
export function render(pane: PaneDef, d: DetailData, state: Partial<PaneState> = {}, width = 100, height = 30) {
  const r = pane.create();
  const st = { ...pane.initial(), ...state };
  const ui = monoStyles();
  const view = r.view({ data: d, state: st, width, height, ui });
  const painted = view.lines.map((l) => paintMerged(l, ui.painter));
  return { view, painted, plain: painted.map(strip), renderer: r, state: st };
}
