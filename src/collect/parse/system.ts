// System-wide files: /proc/stat (CPU jiffies and counters), /proc/meminfo (kB → bytes),
// /proc/loadavg and /proc/uptime.
import type { CpuTimes, LoadAvg, MemInfo, SystemStat, Uptime } from '../types.js';
import { forEachLine, kbToBytes, splitWs } from './util.js';

function emptyCpu(): CpuTimes {
  return { user: 0, nice: 0, system: 0, idle: 0, iowait: 0, irq: 0, softirq: 0, steal: 0, guest: 0, guestNice: 0 };
}

function cpuTimes(f: string[]): CpuTimes {
  const n = (i: number): number => (f[i] === undefined ? 0 : Number(f[i]));
  return {
    user: n(1),
    nice: n(2),
    system: n(3),
    idle: n(4),
    iowait: n(5),
    irq: n(6),
    softirq: n(7),
    steal: n(8),
    guest: n(9),
    guestNice: n(10),
  };
}

/**
 * Parse /proc/stat. `cpus[N]` is the line "cpuN" (an offline CPU has no line; its slot holds zeros).
 * Note that user and nice include guest and guestNice.
 */
export function parseSystemStat(text: string): SystemStat {
  const out: SystemStat = {
    total: emptyCpu(),
    cpus: [],
    ctxt: 0,
    btime: 0,
    processes: 0,
    procsRunning: 0,
    procsBlocked: 0,
  };
  forEachLine(text, (line) => {
    if (line.startsWith('cpu')) {
      const f = splitWs(line);
      if (f[0] === 'cpu') out.total = cpuTimes(f);
      else {
        const idx = Number(f[0].slice(3));
        if (Number.isInteger(idx) && idx >= 0) {
          while (out.cpus.length < idx) out.cpus.push(emptyCpu());
          out.cpus[idx] = cpuTimes(f);
        }
      }
      return;
    }
    const sp = line.indexOf(' ');
    if (sp <= 0) return;
    const key = line.slice(0, sp);
    const value = Number(line.slice(sp + 1));
    switch (key) {
      case 'ctxt':
        out.ctxt = value;
        break;
      case 'btime':
        out.btime = value;
        break;
      case 'processes':
        out.processes = value;
        break;
      case 'procs_running':
        out.procsRunning = value;
        break;
      case 'procs_blocked':
        out.procsBlocked = value;
        break;
    }
  });
  return out;
}

/** Parse /proc/meminfo: "MemTotal: 16314300 kB" → bytes; unit-less lines (HugePages_Total) as is. */
export function parseMeminfo(text: string): MemInfo {
  const out: MemInfo = {};
  forEachLine(text, (line) => {
    const colon = line.indexOf(':');
    if (colon <= 0) return;
    const v = kbToBytes(line.slice(colon + 1).trim());
    if (v === v) out[line.slice(0, colon)] = v;
  });
  return out;
}

/** Parse /proc/loadavg: "0.08 0.03 0.01 1/123 4567". */
export function parseLoadavg(text: string): LoadAvg {
  const f = splitWs(text);
  const rt = (f[3] ?? '0/0').split('/');
  return {
    one: Number(f[0] ?? 0),
    five: Number(f[1] ?? 0),
    fifteen: Number(f[2] ?? 0),
    running: Number(rt[0] ?? 0),
    total: Number(rt[1] ?? 0),
    lastPid: Number(f[4] ?? 0),
  };
}

/** Parse /proc/uptime: seconds since boot and summed idle seconds of all CPUs. */
export function parseUptime(text: string): Uptime {
  const f = splitWs(text);
  return { uptime: Number(f[0] ?? 0), idle: Number(f[1] ?? 0) };
}
