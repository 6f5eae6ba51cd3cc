// Builders of synthetic ProcessSample / SystemSample objects for the model and render tests.

import type { ProcessSample, ProcStat, ProcStatus, SmapsCounters, SystemSample } from '../../src/collect/types.js';
import type { ColumnContext } from '../../src/model/columns/types.js';
import type { ColumnConfig, StyleConfig } from '../../src/model/config/types.js';

export const PAGE = 4096;
export const MEM_TOTAL = 8 * 1024 ** 3;
/** 2024-06-15 12:00:00 local time */
export const NOW = new Date(2024, 5, 15, 12, 0, 0).getTime();
/** booted one day before NOW */
export const BTIME = Math.floor(NOW / 1000) - 86400;

export function system(over: Partial<SystemSample> = {}): SystemSample {
  const zero = { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0 };
  return {
    stat: { total: zero, cpus: [zero], ctxt: 0, btime: BTIME, processes: 0, procsRunning: 1, procsBlocked: 0 },
    meminfo: { MemTotal: MEM_TOTAL, MemAvailable: MEM_TOTAL / 2 },
    loadavg: { one: 0, five: 0, fifteen: 0, running: 1, total: 1, lastPid: 1 },
    uptime: { uptime: 86400, idle: 0 },
    clkTck: 100,
    pageSize: PAGE,
    now: NOW,
    interval: 1,
    ...over,
  };
}

const USERS: Record<number, string> = { 0: 'root', 1000: 'alice', 1001: 'bob' };

export function ctx(sys: SystemSample = system()): ColumnContext {
  return {
    system: sys,
    userName: (uid) => USERS[uid] ?? String(uid),
    ttyName: (nr) => (nr === 0 ? '' : `pts/${nr & 0xff}`),
  };
}

export function stat(over: Partial<ProcStat> = {}): ProcStat {
  return {
    pid: 100,
    comm: 'proc',
    state: 'S',
    ppid: 1,
    pgrp: 100,
    session: 100,
    ttyNr: 0,
    tpgid: -1,
    flags: 0,
    minflt: 10,
    cminflt: 0,
    majflt: 1,
    cmajflt: 0,
    utime: 0,
    stime: 0,
    cutime: 0,
    cstime: 0,
    priority: 20,
    nice: 0,
    numThreads: 1,
    starttime: 0,
    vsize: 0,
    rss: 0,
    rsslim: 0,
    processor: 0,
    rtPriority: 0,
    policy: 0,
    delayacctBlkioTicks: 0,
    exitCode: 0,
    ...over,
  };
}

export function status(over: Partial<ProcStatus> = {}): ProcStatus {
  return {
    name: 'proc',
    state: 'S (sleeping)',
    tgid: 100,
    pid: 100,
    ppid: 1,
    tracerPid: 0,
    uid: [1000, 1000, 1000, 1000],
    gid: [1000, 1000, 1000, 1000],
    groups: [],
    threads: 1,
    voluntaryCtxtSwitches: 0,
    nonvoluntaryCtxtSwitches: 0,
    raw: {},
    ...over,
  };
}

export function smaps(over: Partial<SmapsCounters> = {}): SmapsCounters {
  return {
    size: 0, rss: 0, pss: 0, pssAnon: 0, pssFile: 0, pssShmem: 0, sharedClean: 0, sharedDirty: 0,
    privateClean: 0, privateDirty: 0, referenced: 0, anonymous: 0, lazyFree: 0, anonHugePages: 0,
    shmemPmdMapped: 0, sharedHugetlb: 0, privateHugetlb: 0, swap: 0, swapPss: 0, locked: 0,
    ...over,
  };
}

export interface ProcSpec extends Partial<Omit<ProcessSample, 'stat' | 'raw'>> {
  stat?: Partial<ProcStat>;
  raw?: Partial<ProcessSample['raw']>;
  /** argv; command is derived from it when not given */
  argv?: string[];
}

/** A process sample; pid/comm/argv drive the derived fields. */
export function proc(spec: ProcSpec = {}): ProcessSample {
  const pid = spec.pid ?? 100;
  const comm = spec.comm ?? 'proc';
  const argv = spec.argv ?? [comm];
  const { stat: st, raw, argv: _a, ...rest } = spec;
  return {
    pid,
    tid: pid,
    isThread: false,
    isKernelThread: false,
    uid: 1000,
    comm,
    command: argv.length ? argv.join(' ') : `[${comm}]`,
    cpuPercent: 0,
    ...rest,
    stat: stat({ pid, comm, ...st }),
    raw: { comm, cmdline: argv, ...raw },
  };
}

/** A normal user process with every source read. */
export function normalProc(): ProcessSample {
  return proc({
    pid: 4242,
    comm: 'node',
    argv: ['node', 'server.js', '--port', '8080'],
    cpuPercent: 12.345,
    readRate: 2048,
    writeRate: 512,
    stat: {
      ppid: 1,
      pgrp: 4242,
      session: 4000,
      ttyNr: (136 << 8) | 3,
      state: 'R',
      nice: 5,
      priority: 25,
      policy: 0,
      numThreads: 11,
      processor: 1,
      utime: 6000,
      stime: 1500,
      // started 2 h after boot (22 h before NOW)
      starttime: 2 * 3600 * 100,
      vsize: 1024 ** 3,
      rss: 25600, // 100 MiB
      minflt: 1234,
      majflt: 7,
    },
    status: status({
      uid: [1000, 0, 0, 0],
      vmSwap: 3 * 1024 ** 2,
      vmHwm: 200 * 1024 ** 2,
      voluntaryCtxtSwitches: 40,
      nonvoluntaryCtxtSwitches: 2,
    }),
    statm: { size: 1024 ** 3, resident: 100 * 1024 ** 2, shared: 20 * 1024 ** 2, text: 0, data: 0 },
    smapsRollup: smaps({ pss: 80 * 1024 ** 2, privateClean: 10 * 1024 ** 2, privateDirty: 50 * 1024 ** 2 }),
    fdCount: 23,
    cgroup: '/user.slice/user-1000.slice/session-2.scope',
    wchan: 'ep_poll',
    cwd: '/srv/app',
    exe: '/usr/bin/node',
    raw: {
      cwd: '/srv/app',
      exe: '/usr/bin/node',
      cgroup: '/user.slice/user-1000.slice/session-2.scope',
      wchan: 'ep_poll',
    },
  });
}

/** A zombie: no cmdline, no memory. */
export function zombieProc(): ProcessSample {
  return proc({ pid: 5000, comm: 'defunct-child', argv: [], stat: { state: 'Z', ppid: 4242, rss: 0, vsize: 0 } });
}

/** kthreadd-style kernel thread: no cmdline, owner root, no extra sources. */
export function kernelThread(): ProcessSample {
  return proc({
    pid: 2,
    comm: 'kthreadd',
    argv: [],
    uid: 0,
    isKernelThread: true,
    stat: { ppid: 0, state: 'S', vsize: 0, rss: 0, flags: 0x00200000 },
  });
}

/** A process of another user whose extra sources could not be read (permission denied). */
export function deniedProc(): ProcessSample {
  return proc({ pid: 777, comm: 'sshd', uid: 0, argv: ['sshd: /usr/sbin/sshd'], cpuPercent: NaN });
}

export function col(kind: string, over: Partial<ColumnConfig> = {}): ColumnConfig {
  return { kind, numericSearch: false, nonnumericSearch: false, ...over };
}

export const STYLES: StyleConfig = {
  header: 'H',
  unit: 'U',
  tree: 'TREE',
  byPercentage: { color000: 'P0', color025: 'P25', color050: 'P50', color075: 'P75', color100: 'P100' },
  byState: {
    colorD: 'SD', colorR: 'SR', colorS: 'SS', colorT: 'ST', colorZ: 'SZ', colorX: 'SX', colorK: 'SK', colorW: 'SW', colorP: 'SP',
  },
  byUnit: { colorK: 'UK', colorM: 'UM', colorG: 'UG', colorT: 'UT', colorP: 'UP', colorX: 'UX' },
};
