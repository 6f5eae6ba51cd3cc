// The shape of one process looked at closely: what the detail view's panes and `ptop inspect`
// show. Filled by ./inspect.ts from /proc; rendered by src/render/inspect-text.ts (text report),
// JSON (the same object, as is) and src/ui/detail/* (the panes). Nothing here reads or renders.
//
// Every string that came from the process (comm, cmdline, paths, environment, socket paths,
// thread names) is already sanitized here (control and bidi characters → U+FFFD), so any renderer
// may print it. Sizes are bytes, times seconds, timestamps ms since the epoch; addresses are hex
// strings (JSON has no 64-bit integers). A value the kernel did not give (unreadable, absent on
// this kernel) is null, never 0.

/** The panes, in tab order; also the keys of Inspection's sections. */
export const SECTION_NAMES = ['state', 'memory', 'maps', 'fds', 'threads', 'environment'] as const;
export type SectionName = (typeof SECTION_NAMES)[number];

/**
 * Something that could not be read, in words: `what` names the data ("memory maps"), `path` the
 * file, `code` the errno name, and `why` says why and what would help, e.g. "owned by uid 1000,
 * ptop runs as uid 1001: run as that user or as root (CAP_SYS_PTRACE)" or "kernel.yama.ptrace_scope
 * is 1: only a parent may read it; run as root or set ptrace_scope to 0".
 */
export interface ReadProblem {
  what: string;
  path: string;
  code: string;
  why: string;
}

interface SectionBase {
  /** what could not be read for this section (empty when everything was read) */
  problems: ReadProblem[];
}

export interface Ancestor {
  pid: number;
  comm: string;
}

export interface NamespaceInfo {
  /** "mnt", "net", "pid", "user", "uts", "ipc", "cgroup", "time" */
  type: string;
  inode: number | null;
  /** true when ptop's own namespace of this type differs */
  differs: boolean | null;
}

export interface StateSection extends SectionBase {
  /** the state letter, e.g. "S" */
  state: string;
  /** the letter in words, e.g. "sleeping" */
  stateWords: string;
  /** what the process waits on (wchan), null when unreadable or not waiting */
  wchan: string | null;
  /** /proc/PID/stack, one frame per line (usually root-only); null when unreadable */
  kernelStack: string[] | null;
  /** this process, its parent, …, up to PID 1 (first entry is the process itself) */
  ancestry: Ancestor[];
  /** [real, effective, saved, filesystem] */
  uids: number[];
  gids: number[];
  /** user names for uids (same order) */
  users: string[];
  /** the argument vector, each sanitized */
  cmdline: string[];
  exe: string | null;
  exeDeleted: boolean;
  cwd: string | null;
  root: string | null;
  /** start time, ms since the epoch */
  startedAt: number;
  ageSeconds: number;
  userCpuSeconds: number;
  systemCpuSeconds: number;
  nice: number;
  priority: number;
  /** "SCHED_OTHER", "SCHED_FIFO", … */
  policy: string;
  rtPriority: number;
  lastCpu: number;
  /** Cpus_allowed_list, e.g. "0-3" */
  affinity: string | null;
  threads: number;
  voluntaryCtxSwitches: number | null;
  involuntaryCtxSwitches: number | null;
  io: {
    rchar: number;
    wchar: number;
    readBytes: number;
    writeBytes: number;
    syscr: number;
    syscw: number;
  } | null;
  cgroup: string | null;
  container: string | null;
  namespaces: NamespaceInfo[];
  oomScore: number | null;
  oomScoreAdj: number | null;
  /** open fds now against RLIMIT_NOFILE */
  fdCount: number | null;
  openFilesSoft: number | null;
  openFilesHard: number | null;
  /** RLIMIT_CORE soft limit in bytes (null = unlimited or unreadable; see coreUnlimited) */
  coreSizeSoft: number | null;
  coreUnlimited: boolean;
  tracerPid: number | null;
}

export interface MemorySection extends SectionBase {
  /** address space (VmSize) */
  vss: number | null;
  rss: number | null;
  pss: number | null;
  /** Private_Clean + Private_Dirty */
  uss: number | null;
  rssAnon: number | null;
  rssFile: number | null;
  rssShmem: number | null;
  swap: number | null;
  swapPss: number | null;
  /** VmHWM */
  peakRss: number | null;
  /** VmPeak */
  peakVss: number | null;
  sharedClean: number | null;
  sharedDirty: number | null;
  privateClean: number | null;
  privateDirty: number | null;
}

export type MappingKind = 'file' | 'anon' | 'heap' | 'stack' | 'vdso' | 'vvar' | 'vsyscall' | 'special';

export interface Mapping {
  /** hex, no 0x */
  start: string;
  end: string;
  perms: string;
  offset: string;
  dev: string;
  inode: number;
  /** the path, a bracketed name ("[heap]"), or "" for anonymous */
  path: string;
  kind: MappingKind;
  deleted: boolean;
  size: number;
  rss: number;
  pss: number;
  /** Private_Clean + Private_Dirty */
  uss: number;
  swap: number;
}

export interface MapsSection extends SectionBase {
  mappings: Mapping[];
  totals: { size: number; rss: number; pss: number; uss: number; swap: number; count: number };
}

export type FdKind =
  | 'file'
  | 'dir'
  | 'socket'
  | 'pipe'
  | 'anon_inode'
  | 'chardev'
  | 'blockdev'
  | 'tty'
  | 'unknown';

export interface SocketInfo {
  /** "tcp", "tcp6", "udp", "udp6", "unix", or "unknown" (netlink, packet, … or not found) */
  proto: string;
  localAddress: string | null;
  localPort: number | null;
  remoteAddress: string | null;
  remotePort: number | null;
  /** TCP state ("LISTEN", "ESTABLISHED", …), UDP/unix state words */
  state: string | null;
  /** unix: the bound path ("@name" for abstract), "" when unnamed */
  path: string | null;
  /** unix: "STREAM", "DGRAM", "SEQPACKET" */
  type: string | null;
  inode: number;
}

export interface OpenFd {
  fd: number;
  kind: FdKind;
  /** the link target as readlink gives it, sanitized ("socket:[123]", "/tmp/x (deleted)", …) */
  target: string;
  /** anon_inode kind: "eventfd", "[eventpoll]" → "eventpoll", "inotify", "timerfd", … */
  anonKind: string | null;
  deleted: boolean;
  /** fdinfo flags (octal in the kernel), null when unreadable */
  flags: number | null;
  /** flags in words: "O_RDWR", "O_NONBLOCK", "O_CLOEXEC", … */
  flagNames: string[];
  pos: number | null;
  socket: SocketInfo | null;
}

export interface FdsSection extends SectionBase {
  fds: OpenFd[];
  /** counts by kind (socket counted once per socket fd), in the order of FdKind */
  counts: Partial<Record<FdKind, number>>;
}

export interface ThreadInfo {
  tid: number;
  name: string;
  state: string;
  /** CPU% since the previous inspection of the same process (lifetime average on the first) */
  cpuPercent: number;
  lastCpu: number;
  wchan: string | null;
  voluntaryCtxSwitches: number | null;
  involuntaryCtxSwitches: number | null;
  userCpuSeconds: number;
  systemCpuSeconds: number;
  /** cumulative ticks (utime + stime), used for the next CPU% delta */
  ticks: number;
}

export interface ThreadsSection extends SectionBase {
  threads: ThreadInfo[];
}

export interface EnvVar {
  name: string;
  value: string;
}

export interface EnvironmentSection extends SectionBase {
  /** sorted by name */
  vars: EnvVar[];
}

export interface Inspection {
  pid: number;
  /** when this was read, ms since the epoch */
  collectedAt: number;
  comm: string;
  /** cmdline joined by spaces, or [comm] for kernel threads */
  command: string;
  state: string;
  /** the sections that were asked for; the others are absent */
  sections: {
    state?: StateSection;
    memory?: MemorySection;
    maps?: MapsSection;
    fds?: FdsSection;
    threads?: ThreadsSection;
    environment?: EnvironmentSection;
  };
}

export interface InspectOptions {
  /** default "/proc" (tests point it at a fixture tree) */
  procRoot?: string;
  /** which sections to read (default: all). The detail view asks only for the open tab's. */
  sections?: readonly SectionName[];
  /** the previous inspection of the same process, for thread CPU% deltas */
  previous?: Inspection | null;
  /** uid → user name (default: /etc/passwd via UserTable) */
  userName?: (uid: number) => string;
}

// The collector (./inspect.ts) exports:
//   inspectProcess(pid: number, opts?: InspectOptions): Inspection | null
// null when the process does not exist (or vanished before its stat was read); a section that
// could be read only in part carries its ReadProblems and shows the rest.
