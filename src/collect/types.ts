// Shapes of the data read from /proc: what each parser returns and what one sample of one
// process holds. Parsers in ./parse fill these; the sampler assembles them; nothing here renders.

/** The per-process /proc sources a column may need. `stat` is always read. */
export type ProcSource =
  | 'stat'
  | 'status'
  | 'statm'
  | 'cmdline'
  | 'io'
  | 'smaps_rollup'
  | 'fd'
  | 'cgroup'
  | 'wchan'
  | 'cwd'
  | 'exe'
  | 'environ';

/** /proc/PID/stat, fields named as in proc(5). Times are in clock ticks, sizes as the kernel gives them. */
export interface ProcStat {
  pid: number;
  /** raw comm between the outer parentheses (may hold spaces, parentheses, newlines) */
  comm: string;
  state: string;
  ppid: number;
  pgrp: number;
  session: number;
  ttyNr: number;
  tpgid: number;
  flags: number;
  minflt: number;
  cminflt: number;
  majflt: number;
  cmajflt: number;
  utime: number;
  stime: number;
  cutime: number;
  cstime: number;
  priority: number;
  nice: number;
  numThreads: number;
  /** start time after boot, in clock ticks */
  starttime: number;
  /** virtual memory size in bytes */
  vsize: number;
  /** resident set size in pages */
  rss: number;
  rsslim: number;
  processor: number;
  rtPriority: number;
  policy: number;
  delayacctBlkioTicks: number;
  exitCode: number;
}

/** /proc/PID/status. Memory values in bytes (the kernel's kB × 1024). Absent lines stay undefined. */
export interface ProcStatus {
  name: string;
  umask?: number;
  state: string;
  tgid: number;
  ngid?: number;
  pid: number;
  ppid: number;
  tracerPid: number;
  /** real, effective, saved, filesystem */
  uid: [number, number, number, number];
  gid: [number, number, number, number];
  fdSize?: number;
  groups: number[];
  nsPid?: number[];
  vmPeak?: number;
  vmSize?: number;
  vmLck?: number;
  vmPin?: number;
  vmHwm?: number;
  vmRss?: number;
  rssAnon?: number;
  rssFile?: number;
  rssShmem?: number;
  vmData?: number;
  vmStk?: number;
  vmExe?: number;
  vmLib?: number;
  vmPte?: number;
  vmSwap?: number;
  threads: number;
  sigQ?: string;
  sigPnd?: string;
  shdPnd?: string;
  sigBlk?: string;
  sigIgn?: string;
  sigCgt?: string;
  capInh?: string;
  capPrm?: string;
  capEff?: string;
  capBnd?: string;
  capAmb?: string;
  noNewPrivs?: number;
  seccomp?: number;
  cpusAllowedList?: string;
  memsAllowedList?: string;
  voluntaryCtxtSwitches: number;
  nonvoluntaryCtxtSwitches: number;
  /** every line, key → raw value, for fields not named above */
  raw: Record<string, string>;
}

/** /proc/PID/statm, converted to bytes. */
export interface ProcStatm {
  size: number;
  resident: number;
  shared: number;
  text: number;
  data: number;
}

/** /proc/PID/io */
export interface ProcIo {
  rchar: number;
  wchar: number;
  syscr: number;
  syscw: number;
  readBytes: number;
  writeBytes: number;
  cancelledWriteBytes: number;
}

/** Memory counters of smaps / smaps_rollup, in bytes. */
export interface SmapsCounters {
  size: number;
  rss: number;
  pss: number;
  pssAnon: number;
  pssFile: number;
  pssShmem: number;
  sharedClean: number;
  sharedDirty: number;
  privateClean: number;
  privateDirty: number;
  referenced: number;
  anonymous: number;
  lazyFree: number;
  anonHugePages: number;
  shmemPmdMapped: number;
  sharedHugetlb: number;
  privateHugetlb: number;
  swap: number;
  swapPss: number;
  locked: number;
}

/** One line of /proc/PID/maps. */
export interface MapEntry {
  start: bigint;
  end: bigint;
  /** e.g. "r-xp" */
  perms: string;
  offset: bigint;
  /** "fd:01" */
  dev: string;
  inode: number;
  /** path or pseudo name ([heap], [stack], [vdso]); '' for anonymous; " (deleted)" stripped */
  path: string;
  deleted: boolean;
}

/** One mapping of /proc/PID/smaps: its maps line plus counters. */
export interface SmapsEntry extends MapEntry {
  counters: SmapsCounters;
  vmFlags: string[];
}

export type FdType =
  | 'file'
  | 'dir'
  | 'socket'
  | 'pipe'
  | 'anon_inode'
  | 'chardev'
  | 'blockdev'
  | 'tty'
  | 'unknown';

/** One open fd: the readlink target of /proc/PID/fd/N plus its fdinfo. */
export interface FdEntry {
  fd: number;
  target: string;
  type: FdType;
  /** for socket:[N] and pipe:[N] */
  inode?: number;
  /** for anon_inode:[eventfd] etc. */
  anonKind?: string;
  deleted: boolean;
  pos?: number;
  flags?: number;
  mntId?: number;
}

/** /proc/PID/fdinfo/N */
export interface FdInfo {
  pos: number;
  flags: number;
  mntId?: number;
  ino?: number;
  raw: Record<string, string>;
}

export type SocketProto = 'tcp' | 'tcp6' | 'udp' | 'udp6' | 'unix';

/** One row of /proc/net/{tcp,tcp6,udp,udp6}. */
export interface InetSocket {
  proto: Exclude<SocketProto, 'unix'>;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** TCP state name (LISTEN, ESTABLISHED, …); for UDP "UNCONN" or "ESTABLISHED" */
  state: string;
  txQueue: number;
  rxQueue: number;
  uid: number;
  inode: number;
}

/** One row of /proc/net/unix. */
export interface UnixSocket {
  proto: 'unix';
  inode: number;
  /** STREAM, DGRAM, SEQPACKET */
  type: string;
  /** UNCONNECTED, CONNECTING, CONNECTED, DISCONNECTING; LISTEN when the listen flag is set */
  state: string;
  path: string;
}

/** One line of /proc/PID/cgroup. */
export interface CgroupEntry {
  hierarchy: number;
  controllers: string[];
  path: string;
}

/** One row of /proc/PID/limits. `null` means unlimited. */
export interface LimitEntry {
  name: string;
  soft: number | null;
  hard: number | null;
  units: string;
}

/** /proc/stat: aggregate and per-core jiffies, plus counters. */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
  guest: number;
  guestNice: number;
}
export interface SystemStat {
  total: CpuTimes;
  cpus: CpuTimes[];
  ctxt: number;
  /** boot time, seconds since the epoch */
  btime: number;
  processes: number;
  procsRunning: number;
  procsBlocked: number;
}

/** /proc/meminfo in bytes, keyed as the kernel names them (MemTotal, MemAvailable, …). */
export type MemInfo = Record<string, number>;

export interface LoadAvg {
  one: number;
  five: number;
  fifteen: number;
  running: number;
  total: number;
  lastPid: number;
}

export interface Uptime {
  uptime: number;
  idle: number;
}

/**
 * One process (or thread) in one sample. Strings that came from the process exist twice:
 * sanitized for display (`comm`, `command`, …) and raw (`raw.*`) for --json.
 */
export interface ProcessSample {
  pid: number;
  /** for a thread row: the TID (pid is then the thread group id) */
  tid: number;
  isThread: boolean;
  isKernelThread: boolean;
  stat: ProcStat;
  /** owner uid from the /proc/PID directory */
  uid: number;
  /** sanitized comm */
  comm: string;
  /** sanitized command line joined by spaces; `[comm]` when empty (kernel threads, zombies) */
  command: string;
  /** CPU use in percent of one core since the previous sample (NaN until there is one) */
  cpuPercent: number;
  /** bytes/s since the previous sample; undefined without io */
  readRate?: number;
  writeRate?: number;
  status?: ProcStatus;
  statm?: ProcStatm;
  io?: ProcIo;
  smapsRollup?: SmapsCounters;
  fdCount?: number;
  cgroup?: string;
  wchan?: string;
  cwd?: string;
  exe?: string;
  environ?: Record<string, string>;
  /** sources that exist but could not be read (EACCES): shown blank, explained in detail views */
  denied?: ProcSource[];
  raw: {
    comm: string;
    cmdline: string[];
    cwd?: string;
    exe?: string;
    cgroup?: string;
    wchan?: string;
  };
}

/** System-wide facts of one sample that columns and the header need. */
export interface SystemSample {
  stat: SystemStat;
  meminfo: MemInfo;
  loadavg: LoadAvg;
  uptime: Uptime;
  clkTck: number;
  pageSize: number;
  /** wall clock at the sample, ms since the epoch */
  now: number;
  /** seconds between this sample and the previous one (0 for the first) */
  interval: number;
  /** CPU% of each core and the total over the interval, split as the header draws it */
  cpuUsage?: { total: CpuShare; cpus: CpuShare[] };
}

export interface CpuShare {
  user: number;
  nice: number;
  system: number;
  iowait: number;
  irq: number;
  steal: number;
  busy: number;
}

export interface Snapshot {
  system: SystemSample;
  procs: ProcessSample[];
}
