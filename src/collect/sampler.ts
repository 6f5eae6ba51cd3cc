// The sampler: scans /proc once per tick and returns a Snapshot. It reads `stat` for every
// process and only the other sources the visible columns need; cmdline and owner are read once
// per process (keyed by PID + start time). It keeps the previous sample to turn jiffy and I/O
// counters into CPU% and byte rates. Vanished processes are skipped quietly.

import { readdirSync, statSync } from 'node:fs';
import type {
  CpuShare,
  CpuTimes,
  ProcessSample,
  ProcSource,
  ProcStat,
  ProcStatm,
  Snapshot,
  SystemSample,
  SystemStat,
} from './types.js';
import {
  batchStat,
  batchText,
  batchUid,
  closeFd,
  countDir,
  isGone,
  keptFd,
  lastReadError,
  lastUid,
  openFileLimit,
  preadBytes,
  preadMany,
  PREAD_SLOT,
  type Preads,
  preadSmall,
  startBatch,
  takeEarlyBatch,
  type Batch,
  type EarlyBatch,
  type BatchJob,
  readLink,
  readFileText,
  readSmall,
  readText,
  sharedBuffer,
} from './read.js';
import { parseStat, parseStatBytes, parseStatCold } from './parse/stat.js';
import { parseStatus } from './parse/status.js';
import { parseStatm } from './parse/statm.js';
import { parseCmdlineText } from './parse/cmdline.js';
import { parseIo } from './parse/io.js';
import { parseSmapsRollup } from './parse/smaps.js';
import { parseWchan } from './parse/wchan.js';
import { parseCgroup, primaryCgroupPath } from './parse/cgroup.js';
import { parseLoadavg, parseMeminfo, parseSystemStat, parseUptime } from './parse/system.js';
import { sanitize, sanitizeArgs } from './sanitize.js';
import { monotonicMs } from './clock.js';

/** PF_KTHREAD in /proc/PID/stat flags */
const PF_KTHREAD = 0x00200000;

/** USER_HZ: the unit of /proc times. It is 100 on every Linux architecture's user ABI. */
export const CLK_TCK = 100;

export interface SamplerOptions {
  /** procfs root, for tests and containers (default /proc) */
  procRoot?: string;
  /** also list each thread as its own row */
  showThreads?: boolean;
  /** include kernel threads (PF_KTHREAD) */
  showKthreads?: boolean;
  /** include ptop itself */
  showSelf?: boolean;
  /**
   * keep each process's stat file open between ticks and pread it (one syscall instead of
   * three), within a budget of half the open-file limit; default true. ps mode turns it off.
   */
  keepFds?: boolean;
}

/** What the sampler remembers of a process between ticks. */
interface Known {
  starttime: number;
  uid: number;
  cmdline: string[];
  command: string;
  commRaw: string;
  comm: string;
  cpuTicks: number;
  ioRead: number;
  ioWrite: number;
  seenAt: number;
  tick: number;
  /** the stat file kept open for pread (-1: none) */
  statFd: number;
  /** other single-record files kept open for pread (statm, status, io) */
  fds?: Partial<Record<KeptSource, number>>;
  /** the last statm read, with the stat fields it was read at */
  statm?: { value: ProcStatm; rss: number; vsize: number; flt: number; tick: number };
}

/** Per-tick single-record sources whose fds may be kept open between ticks. */
type KeptSource = 'statm' | 'status' | 'io';

/** The per-process sources a first scan reads ahead (read.ts startBatch), besides stat and cmdline. */
const BATCHED: readonly ProcSource[] = ['statm', 'status', 'io', 'smaps_rollup'];

/** The files of the listed processes that one job reads ahead. */
interface PrefetchPart {
  job: BatchJob;
  /** file name → its column in the batch */
  files: Map<string, number>;
  /** the job's chunk `Prefetch.chunk` */
  batch: Batch | null;
}

/**
 * The first scan's files, being read ahead for every listed process, and the one being sampled.
 * parts[0] reads stat (its column 0, parsed by the reader) and owns the uid; a second part reads
 * what the bin's early read did not (takeEarlyBatch). All parts have the same chunks.
 */
interface Prefetch {
  parts: PrefetchPart[];
  /** processes per chunk */
  size: number;
  /** the chunk taken last */
  chunk: number;
  /** the process being sampled (its row in the chunk), -1 outside the listed processes */
  row: number;
}

/** The files a first scan reads ahead for these per-process sources: stat, cmdline, then the batched ones needed. */
export function firstScanFiles(needs: ReadonlySet<ProcSource>): string[] {
  return ['stat', 'cmdline', ...BATCHED.filter((s) => needs.has(s))];
}

export class Sampler {
  readonly procRoot: string;
  opts: Required<Omit<SamplerOptions, 'procRoot' | 'keepFds'>>;
  private known = new Map<number, Known>();
  private prevSystem: SystemStat | null = null;
  private prevTime = 0;
  private tick = 0;
  private pageSize = 0;
  private readonly selfPid = process.pid;
  /** how many stat fds may stay open between ticks: bounded well below RLIMIT_NOFILE */
  private fdBudget: number;
  private fdsKept = 0;
  /** the numeric entries of /proc at the last tick (less those gone since), and the fork count when listed */
  private listed: string[] = [];
  private listedForks = -1;
  /** PIDs of kernel threads seen while they are hidden */
  private kthreads = new Set<number>();
  /** during a first scan: the files read ahead by the native reader */
  private pre: Prefetch | null = null;
  /** during a later tick: every kept stat fd, re-read up front by the native reader (see statsAhead) */
  private ahead: { fds: Int32Array; reads: Preads; row: number } | null = null;
  private aheadFds = new Int32Array(0);
  /** which extra per-process sources this tick reads (from sample()'s needs) */
  private wants = wantsOf(new Set());
  /** whether the first scan took over the bin's early read of /proc (read.ts takeEarlyBatch) */
  earlyReadTaken = false;
  /** how many kept stat fds the last tick re-read up front (0: read one by one through node:fs) */
  statsReadAhead = 0;
  /** the bytes keptStat() returned the length of */
  constructor(opts: SamplerOptions = {}) {
    this.procRoot = opts.procRoot ?? '/proc';
    this.opts = {
      showThreads: opts.showThreads ?? false,
      showKthreads: opts.showKthreads ?? false,
      showSelf: opts.showSelf ?? false,
    };
    const limit = openFileLimit(this.procRoot);
    this.fdBudget = opts.keepFds === false ? 0 : Math.max(0, Math.min(8192, Math.floor(limit / 2) - 64));
  }

  /** Close every kept fd (the sampler stays usable; fds are reopened as needed). */
  close(): void {
    for (const k of this.known.values()) this.dropFd(k);
  }

  private dropFd(k: Known): void {
    if (k.statFd >= 0) {
      closeFd(k.statFd);
      k.statFd = -1;
      this.fdsKept--;
    }
    if (k.fds) {
      for (const fd of Object.values(k.fds)) {
        closeFd(fd);
        this.fdsKept--;
      }
      k.fds = undefined;
    }
  }

  /**
   * The first scan has every listed process's stat, cmdline and the needed single-record files
   * read by the native reader's threads, chunk by chunk, while this thread parses the chunks
   * already read (the scan of 1000 processes: ~50 ms instead of ~95 through node:fs); later ticks
   * pread the kept fds instead. Null without the native reader.
   */
  private prefetch(names: string[], needs: ReadonlySet<ProcSource>, early: EarlyBatch | null): Prefetch | null {
    const part = (job: BatchJob, files: string[]): PrefetchPart => ({ job, files: new Map(files.map((f, i) => [f, i])), batch: null });
    const parts: PrefetchPart[] = [];
    let files = firstScanFiles(needs);
    // the bin's early read covers the files of the default columns; the rest is read beside it
    if (early) {
      parts.push(part(early.job, early.files));
      files = files.filter((f) => !early.files.includes(f));
    }
    if (files.length > 0) {
      const pids = new Int32Array(names.length);
      for (let i = 0; i < names.length; i++) pids[i] = Number(names[i]);
      // stat parsed by the reader too: the scan's costliest JavaScript, ~10 us a line while cold
      const job = startBatch(this.procRoot, pids, files, early?.job.chunk ?? 64, files[0] === 'stat');
      if (job) parts.push(part(job, files));
    }
    return parts.length > 0 ? { parts, size: parts[0]!.job.chunk, chunk: -1, row: -1 } : null;
  }

  /** Point the read-ahead at listed process `i` (taking its chunk, waiting for it if need be), or at none (-1). */
  private prefetchAt(i: number): void {
    const pre = this.pre!;
    if (i < 0) {
      pre.row = -1;
      return;
    }
    const c = Math.floor(i / pre.size);
    if (c !== pre.chunk) {
      for (let p = 0; p < pre.parts.length; p++) pre.parts[p]!.batch = pre.parts[p]!.job.take(c);
      pre.chunk = c;
    }
    pre.row = i - c * pre.size;
  }

  /** The read-ahead stat batch (parts[0]) when the process being sampled is in it. */
  private prefetchedStat(): Batch | null {
    const pre = this.pre;
    return pre && pre.row >= 0 ? pre.parts[0]!.batch : null;
  }

  /** The read-ahead text of `file` for the process being sampled; undefined when it was not read ahead. */
  private prefetched(file: string): string | null | undefined {
    const pre = this.pre;
    if (!pre || pre.row < 0) return undefined;
    // (an indexed loop: this runs in V8's interpreter, where for-of costs ~1 us a call)
    for (let i = 0; i < pre.parts.length; i++) {
      const part = pre.parts[i]!;
      const f = part.files.get(file);
      if (f !== undefined && part.batch) return batchText(part.batch, pre.row, f);
    }
    return undefined;
  }

  /**
   * A refresh re-reads every kept stat fd in one native call before the loop, on all CPUs (2.7 ms
   * instead of ~7 through node:fs at 1000 processes); fd i belongs to listed process i. Null
   * without the native reader or with few kept fds.
   */
  private statsAhead(names: string[]): { fds: Int32Array; reads: Preads; row: number } | null {
    this.statsReadAhead = 0;
    if (this.fdsKept < 16) return null;
    if (this.aheadFds.length < names.length) this.aheadFds = new Int32Array(names.length * 2);
    const fds = this.aheadFds;
    let some = 0;
    for (let i = 0; i < names.length; i++) {
      const fd = this.known.get(Number(names[i]))?.statFd ?? -1;
      fds[i] = fd;
      if (fd >= 0) some++;
    }
    if (some < 16) return null;
    const reads = preadMany(fds, names.length);
    if (reads) this.statsReadAhead = some;
    return reads ? { fds, reads, row: -1 } : null;
  }

  /** The kept stat fd `fd` of the process being sampled re-read: its length in `keptBuf`, or -1 (read it now) */
  private keptStat(fd: number): number {
    const a = this.ahead;
    if (a && a.row >= 0 && a.fds[a.row] === fd) {
      const n = a.reads.lens[a.row]!;
      if (n > 0 && n < PREAD_SLOT) {
        const at = a.row * PREAD_SLOT;
        this.keptBuf = a.reads.data.subarray(at, at + n);
        return n;
      }
    }
    this.keptBuf = sharedBuffer();
    return preadBytes(fd);
  }

  private keptBuf: Buffer = Buffer.alloc(0);

  /** Read a per-tick single-record file through a kept fd when there is one (or room for one). */
  private readKept(k: Known, src: KeptSource, path: string): string | null {
    const ahead = this.prefetched(src);
    if (ahead !== undefined) return ahead;
    const fd = k.fds?.[src];
    if (fd !== undefined) {
      const t = preadSmall(fd);
      if (t !== null) return t;
      closeFd(fd);
      delete k.fds![src];
      this.fdsKept--;
    }
    // a process seen for the first time is read in one call: most are never read again
    if (k.tick === 0 || this.fdsKept >= this.fdBudget) return readFileText(path);
    const t = readSmall(path, { keep: true });
    if (t !== null && keptFd >= 0) {
      (k.fds ??= {})[src] = keptFd;
      this.fdsKept++;
    }
    return t;
  }

  /** Bytes per page, derived once from this process's own statm and status. */
  getPageSize(): number {
    if (this.pageSize) return this.pageSize;
    let size = 4096;
    const statm = readText(`${this.procRoot}/self/statm`);
    const status = readText(`${this.procRoot}/self/status`);
    if (statm && status) {
      const pages = Number(statm.split(' ')[1]);
      const m = /VmRSS:\s+(\d+) kB/.exec(status);
      if (pages > 0 && m) {
        const est = (Number(m[1]) * 1024) / pages;
        size = 2 ** Math.round(Math.log2(est));
        if (size < 4096) size = 4096;
      }
    }
    this.pageSize = size;
    return size;
  }

  /** Read the system-wide files and every process. `needs` lists the extra per-process sources. */
  sample(needs: ReadonlySet<ProcSource>): Snapshot {
    const t0 = monotonicMs();
    this.tick++;
    this.wants = wantsOf(needs);
    const system = this.sampleSystem(t0);
    const procs: ProcessSample[] = [];
    const uptime = system.uptime.uptime;
    const interval = system.interval;
    // No task created since the last listing (the fork count in /proc/stat is the same): the PIDs
    // are the ones listed then, less those that have exited, whose reads fail below. Saves the
    // listing of /proc (0.6-1.6 ms at 1000 processes) on most ticks of an idle machine.
    const forks = system.stat.processes;
    const relist = !(forks > 0 && forks === this.listedForks);
    let names = this.listed;
    // the first scan of ps mode: /proc was listed, and its files are being read, by the bin
    const early = this.tick === 1 ? takeEarlyBatch(this.procRoot) : null;
    if (early) {
      this.earlyReadTaken = true;
      names = early.names;
      // listed before the fork count was read: the next tick lists again
      this.listedForks = -1;
    } else if (relist) {
      try {
        names = readdirSync(this.procRoot).filter(isPidName);
      } catch {
        names = [];
      }
      this.listedForks = forks;
    }
    const stillThere: string[] = [];
    // hidden kernel threads are skipped without a read (as btop does); the set is rebuilt every
    // 16 ticks so a PID reused by a user process is not hidden for long
    const hideKthreads = !this.opts.showKthreads;
    if (this.tick % 16 === 0) this.kthreads.clear();
    // the first scan reads ahead (tick 1: ps mode, the first frame); later ones see few new processes
    this.pre = early || (this.tick === 1 && names.length >= 32) ? this.prefetch(names, needs, early) : null;
    this.ahead = this.pre ? null : this.statsAhead(names);
    // (locals rather than fields in the loop: the first scan runs in V8's interpreter)
    const pre = this.pre;
    const ahead = this.ahead;
    const skipPid = this.opts.showSelf ? -1 : this.selfPid;
    const showThreads = this.opts.showThreads;
    const kthreads = this.kthreads;
    try {
      for (let i = 0; i < names.length; i++) {
        const name = names[i]!;
        const pid = Number(name);
        if (pid === skipPid || (hideKthreads && kthreads.size > 0 && kthreads.has(pid))) {
          stillThere.push(name);
          continue;
        }
        if (pre) this.prefetchAt(i);
        if (ahead) ahead.row = i;
        const p = this.sampleProcess(pid, `${this.procRoot}/${name}`, needs, uptime, interval, t0);
        if (!p) {
          // a kernel thread just hidden is still there; a failed read means gone (or unreadable)
          if (hideKthreads && kthreads.has(pid)) stillThere.push(name);
          continue;
        }
        stillThere.push(name);
        procs.push(p);
        if (showThreads && p.stat.numThreads > 1) {
          // its threads are not in the read-ahead rows
          if (pre) pre.row = -1;
          if (ahead) ahead.row = -1;
          this.sampleThreads(p, needs, uptime, interval, t0, procs);
        }
      }
    } finally {
      early?.job.finish();
      for (const part of this.pre?.parts ?? []) part.job.finish();
      this.pre = null;
      this.ahead = null;
    }
    this.listed = stillThere;
    // forget processes not seen this tick
    if (this.known.size > procs.length * 2 + 64 || this.tick % 16 === 0) {
      for (const [key, k] of this.known) {
        if (k.tick !== this.tick) {
          this.dropFd(k);
          this.known.delete(key);
        }
      }
    }
    return { system, procs };
  }

  private sampleSystem(nowMono: number): SystemSample {
    const root = this.procRoot;
    const stat = parseSystemStat(readText(`${root}/stat`) ?? '');
    const meminfo = parseMeminfo(readText(`${root}/meminfo`) ?? '');
    const loadavg = parseLoadavg(readText(`${root}/loadavg`) ?? '0 0 0 0/0 0');
    const uptime = parseUptime(readText(`${root}/uptime`) ?? '0 0');
    const interval = this.prevTime ? (nowMono - this.prevTime) / 1000 : 0;
    const sys: SystemSample = {
      stat,
      meminfo,
      loadavg,
      uptime,
      clkTck: CLK_TCK,
      pageSize: this.getPageSize(),
      now: Date.now(),
      interval,
    };
    if (this.prevSystem) {
      sys.cpuUsage = {
        total: cpuShare(this.prevSystem.total, stat.total),
        cpus: stat.cpus.map((c, i) => cpuShare(this.prevSystem!.cpus[i] ?? c, c)),
      };
    }
    this.prevSystem = stat;
    this.prevTime = nowMono;
    return sys;
  }

  private sampleProcess(
    pid: number,
    dir: string,
    needs: ReadonlySet<ProcSource>,
    uptime: number,
    interval: number,
    now: number,
    tgid?: number,
  ): ProcessSample | null {
    const isThread = tgid !== undefined;
    const key = isThread ? -pid : pid;
    let k = this.known.get(key);
    let stat: ProcStat | null = null;
    let uid = -1;
    let newFd = -1;
    const kept = k !== undefined && k.statFd >= 0 ? this.keptStat(k.statFd) : -1;
    if (kept > 0) {
      // the refresh path: parsed from the bytes, comm kept when unchanged
      stat = parseStatBytes(this.keptBuf, kept, k!.commRaw);
    } else {
      if (k && k.statFd >= 0) this.dropFd(k);
      // a process seen for the first time is read the plain way: most one-shot and first-frame
      // reads never come back, and keeping their fds only costs
      const batch = isThread ? null : this.prefetchedStat();
      const row = this.pre?.row ?? -1;
      const parsed = batch ? batchStat(batch, row) : undefined;
      const ahead = batch && parsed === undefined ? this.prefetched('stat') : undefined;
      let statText: string | null = null;
      if (parsed !== undefined) {
        if (parsed === null) return null;
        stat = parsed;
        uid = batchUid(batch!, row);
      } else if (ahead !== undefined) {
        statText = ahead;
        uid = batchUid(batch!, row);
      } else {
        statText = readSmall(`${dir}/stat`, { uid: true, keep: k !== undefined && this.fdsKept < this.fdBudget });
        uid = lastUid;
        newFd = keptFd;
      }
      if (stat === null) {
        if (statText === null) return null;
        // the first scan runs in code the JIT has not compiled yet, where split() is 2-3x faster
        stat = this.tick === 1 ? parseStatCold(statText) : parseStat(statText);
      }
    }
    if (!stat) {
      if (newFd >= 0) closeFd(newFd);
      return null;
    }
    const isKernelThread = (stat.flags & PF_KTHREAD) !== 0;
    if (isKernelThread && !this.opts.showKthreads) {
      if (!isThread) this.kthreads.add(pid);
      if (newFd >= 0) closeFd(newFd);
      return null;
    }
    if (!k || k.starttime !== stat.starttime) {
      if (k) this.dropFd(k);
      const learnt = this.learn(dir, stat, isKernelThread, uid);
      if (!learnt) {
        if (newFd >= 0) closeFd(newFd);
        return null;
      }
      k = learnt;
      this.known.set(key, k);
    } else if (k.commRaw !== stat.comm) {
      k.commRaw = stat.comm;
      k.comm = sanitize(stat.comm);
      if (k.cmdline.length === 0) k.command = `[${k.comm}]`;
    }
    if (newFd >= 0) {
      if (k.statFd >= 0) this.dropFd(k);
      k.statFd = newFd;
      this.fdsKept++;
    }
    const ticks = stat.utime + stat.stime;
    let cpuPercent: number;
    if (k.tick > 0 && interval > 0 && k.tick === this.tick - 1) {
      cpuPercent = ((ticks - k.cpuTicks) / CLK_TCK / ((now - k.seenAt) / 1000)) * 100;
    } else {
      // no previous sample of this process: its lifetime average, as ps shows it
      const age = uptime - stat.starttime / CLK_TCK;
      cpuPercent = age > 0 ? (ticks / CLK_TCK / age) * 100 : 0;
    }
    if (cpuPercent < 0 || !Number.isFinite(cpuPercent)) cpuPercent = 0;

    const p: ProcessSample = {
      pid: isThread ? tgid : pid,
      tid: pid,
      isThread,
      isKernelThread,
      stat,
      uid: k.uid,
      comm: k.comm,
      command: k.command,
      cpuPercent,
      raw: { comm: k.commRaw, cmdline: k.cmdline },
    };
    if (needs.size > 0 && !isKernelThread) this.readExtras(p, dir, k, uptime, now);
    else if (needs.size > 0) this.readKernelExtras(p, dir, needs);
    k.cpuTicks = ticks;
    k.seenAt = now;
    k.tick = this.tick;
    return p;
  }

  /** First sight of a process: owner, cmdline, comm. */
  private learn(dir: string, stat: ProcStat, isKernelThread: boolean, knownUid: number): Known | null {
    let uid = knownUid;
    if (uid < 0) {
      try {
        uid = statSync(dir).uid;
      } catch {
        return null;
      }
    }
    let cmdline: string[] = [];
    if (!isKernelThread) {
      const ahead = this.prefetched('cmdline');
      const text = ahead !== undefined ? ahead : readFileText(`${dir}/cmdline`);
      if (text === null && isGone(lastReadError)) return null;
      if (text) cmdline = parseCmdlineText(text);
    }
    const comm = sanitize(stat.comm);
    return {
      starttime: stat.starttime,
      uid,
      cmdline,
      command: cmdline.length ? sanitizeArgs(cmdline) : `[${comm}]`,
      commRaw: stat.comm,
      comm,
      cpuTicks: stat.utime + stat.stime,
      ioRead: -1,
      ioWrite: -1,
      seenAt: 0,
      tick: 0,
      statFd: -1,
    };
  }

  private readExtras(p: ProcessSample, dir: string, k: Known, uptime: number, now: number): void {
    // (flags worked out once a tick: a Set lookup per source per process adds up in the interpreter)
    const w = this.wants;
    if (w.status) {
      const t = this.readKept(k, 'status', `${dir}/status`);
      if (t) p.status = parseStatus(t);
      else denyIfForbidden(p, 'status');
    }
    if (w.statm) {
      // statm changes only when the address space or the resident pages do: a process whose
      // stat rss, vsize and fault counters are unchanged since the last read keeps its statm
      // (re-read at least every 8 ticks, for pages reclaimed without a fault; the first read is
      // dated back by 0-7 ticks by pid, so those re-reads spread over the ticks instead of
      // landing on every 8th at once: ~120 a tick at 1000 processes, not 1000 every 8th)
      const st = p.stat;
      const flt = st.minflt + st.majflt;
      const c = k.statm;
      if (c && c.tick > this.tick - 8 && c.rss === st.rss && c.vsize === st.vsize && c.flt === flt) {
        p.statm = c.value;
      } else {
        const t = this.readKept(k, 'statm', `${dir}/statm`);
        if (t) {
          p.statm = parseStatm(t, this.getPageSize());
          const at = c ? this.tick : this.tick - (p.tid & 7);
          k.statm = { value: p.statm, rss: st.rss, vsize: st.vsize, flt, tick: at };
        } else denyIfForbidden(p, 'statm');
      }
    }
    if (w.io) {
      const t = this.readKept(k, 'io', `${dir}/io`);
      if (t) {
        const io = parseIo(t);
        p.io = io;
        if (k.ioRead >= 0 && k.tick === this.tick - 1 && now > k.seenAt) {
          const dt = (now - k.seenAt) / 1000;
          p.readRate = Math.max(0, (io.readBytes - k.ioRead) / dt);
          p.writeRate = Math.max(0, (io.writeBytes - k.ioWrite) / dt);
        } else {
          const age = uptime - p.stat.starttime / CLK_TCK;
          p.readRate = age > 0 ? io.readBytes / age : 0;
          p.writeRate = age > 0 ? io.writeBytes / age : 0;
        }
        k.ioRead = io.readBytes;
        k.ioWrite = io.writeBytes;
      } else denyIfForbidden(p, 'io');
    }
    if (w.smapsRollup) {
      const ahead = this.prefetched('smaps_rollup');
      const t = ahead !== undefined ? ahead : readText(`${dir}/smaps_rollup`);
      if (t) p.smapsRollup = parseSmapsRollup(t);
      else denyIfForbidden(p, 'smaps_rollup');
    }
    if (w.fd) {
      const n = countDir(`${dir}/fd`);
      if (n !== null) p.fdCount = n;
      else denyIfForbidden(p, 'fd');
    }
    if (w.cgroup) {
      const t = readText(`${dir}/cgroup`);
      if (t !== null) {
        const path = primaryCgroupPath(parseCgroup(t));
        p.raw.cgroup = path;
        p.cgroup = sanitize(path);
      } else denyIfForbidden(p, 'cgroup');
    }
    if (w.wchan) this.readWchan(p, dir, true);
    if (w.cwd) {
      const s = readLink(`${dir}/cwd`);
      if (s !== null) {
        p.raw.cwd = s;
        p.cwd = sanitize(s);
      } else denyIfForbidden(p, 'cwd');
    }
    if (w.exe) {
      const s = readLink(`${dir}/exe`);
      if (s !== null) {
        p.raw.exe = s;
        p.exe = sanitize(s);
      } else denyIfForbidden(p, 'exe');
    }
  }

  /** Kernel threads have no memory, fds or exe; only wchan and cgroup mean something. */
  private readKernelExtras(p: ProcessSample, dir: string, needs: ReadonlySet<ProcSource>): void {
    if (needs.has('wchan')) this.readWchan(p, dir, false);
    if (needs.has('status')) {
      const t = readSmall(`${dir}/status`);
      if (t) p.status = parseStatus(t);
    }
  }

  private readWchan(p: ProcessSample, dir: string, noteDenied: boolean): void {
    const t = readSmall(`${dir}/wchan`);
    if (t !== null) {
      const w = parseWchan(t);
      p.raw.wchan = w;
      p.wchan = sanitize(w);
    } else if (noteDenied) denyIfForbidden(p, 'wchan');
  }

  private sampleThreads(
    leader: ProcessSample,
    needs: ReadonlySet<ProcSource>,
    uptime: number,
    interval: number,
    now: number,
    out: ProcessSample[],
  ): void {
    const taskDir = `${this.procRoot}/${leader.pid}/task`;
    let tids: string[];
    try {
      tids = readdirSync(taskDir);
    } catch {
      return;
    }
    for (const t of tids) {
      const tid = Number(t);
      if (!Number.isInteger(tid) || tid === leader.pid) continue;
      const th = this.sampleProcess(tid, `${taskDir}/${t}`, needs, uptime, interval, now, leader.pid);
      if (th) {
        // threads share the leader's command line
        th.command = leader.command;
        th.raw.cmdline = leader.raw.cmdline;
        th.uid = leader.uid;
        out.push(th);
      }
    }
  }
}

/** The extra per-process sources of `needs`, as flags. */
function wantsOf(needs: ReadonlySet<ProcSource>) {
  return {
    status: needs.has('status'),
    statm: needs.has('statm'),
    io: needs.has('io'),
    smapsRollup: needs.has('smaps_rollup'),
    fd: needs.has('fd'),
    cgroup: needs.has('cgroup'),
    wchan: needs.has('wchan'),
    cwd: needs.has('cwd'),
    exe: needs.has('exe'),
  };
}

/** A /proc entry that is a process: all digits (the first is enough there: no other name starts with one). */
function isPidName(name: string): boolean {
  const c = name.charCodeAt(0);
  return c >= 48 && c <= 57;
}

/** Note on the sample that `src` could not be read for lack of permission (after a failed read). */
function denyIfForbidden(p: ProcessSample, src: ProcSource): void {
  if (lastReadError === 'EACCES' || lastReadError === 'EPERM') (p.denied ??= []).push(src);
}

function cpuShare(a: CpuTimes, b: CpuTimes): CpuShare {
  const d = (x: keyof CpuTimes) => Math.max(0, b[x] - a[x]);
  const total =
    d('user') + d('nice') + d('system') + d('idle') + d('iowait') + d('irq') + d('softirq') + d('steal');
  if (total <= 0) return { user: 0, nice: 0, system: 0, iowait: 0, irq: 0, steal: 0, busy: 0 };
  const pct = (v: number) => (v / total) * 100;
  const user = pct(d('user') - d('guest'));
  const nice = pct(d('nice') - d('guestNice'));
  const system = pct(d('system'));
  const iowait = pct(d('iowait'));
  const irq = pct(d('irq') + d('softirq'));
  const steal = pct(d('steal'));
  return { user, nice, system, iowait, irq, steal, busy: user + nice + system + irq + steal };
}
