// /proc/PID/status → ProcStatus: named fields typed (memory kB → bytes, Uid/Gid quadruples, Groups,
// NSpid), and every line kept in `raw` as key → value (value with surrounding whitespace trimmed).
import type { ProcStatus } from '../types.js';
import { forEachLine, kbToBytes, splitWs } from './util.js';

const KB_FIELDS: Record<string, keyof ProcStatus> = {
  VmPeak: 'vmPeak',
  VmSize: 'vmSize',
  VmLck: 'vmLck',
  VmPin: 'vmPin',
  VmHWM: 'vmHwm',
  VmRSS: 'vmRss',
  RssAnon: 'rssAnon',
  RssFile: 'rssFile',
  RssShmem: 'rssShmem',
  VmData: 'vmData',
  VmStk: 'vmStk',
  VmExe: 'vmExe',
  VmLib: 'vmLib',
  VmPTE: 'vmPte',
  VmSwap: 'vmSwap',
};

const STRING_FIELDS: Record<string, keyof ProcStatus> = {
  SigQ: 'sigQ',
  SigPnd: 'sigPnd',
  ShdPnd: 'shdPnd',
  SigBlk: 'sigBlk',
  SigIgn: 'sigIgn',
  SigCgt: 'sigCgt',
  CapInh: 'capInh',
  CapPrm: 'capPrm',
  CapEff: 'capEff',
  CapBnd: 'capBnd',
  CapAmb: 'capAmb',
  Cpus_allowed_list: 'cpusAllowedList',
  Mems_allowed_list: 'memsAllowedList',
};

const INT_FIELDS: Record<string, keyof ProcStatus> = {
  Tgid: 'tgid',
  Ngid: 'ngid',
  Pid: 'pid',
  PPid: 'ppid',
  TracerPid: 'tracerPid',
  FDSize: 'fdSize',
  Threads: 'threads',
  NoNewPrivs: 'noNewPrivs',
  Seccomp: 'seccomp',
  voluntary_ctxt_switches: 'voluntaryCtxtSwitches',
  nonvoluntary_ctxt_switches: 'nonvoluntaryCtxtSwitches',
};

function ids(value: string): [number, number, number, number] {
  const p = splitWs(value);
  return [Number(p[0] ?? 0), Number(p[1] ?? 0), Number(p[2] ?? 0), Number(p[3] ?? 0)];
}

/**
 * Parse /proc/PID/status. `name` is the kernel's escaped form (a newline in comm shows as `\n`).
 * `state` is the one-letter code ("S" of "S (sleeping)").
 */
export function parseStatus(text: string): ProcStatus {
  const out: ProcStatus = {
    name: '',
    state: '',
    tgid: 0,
    pid: 0,
    ppid: 0,
    tracerPid: 0,
    uid: [0, 0, 0, 0],
    gid: [0, 0, 0, 0],
    groups: [],
    threads: 0,
    voluntaryCtxtSwitches: 0,
    nonvoluntaryCtxtSwitches: 0,
    raw: {},
  };
  const o = out as unknown as Record<string, unknown>;
  forEachLine(text, (line) => {
    const colon = line.indexOf(':');
    if (colon <= 0) return;
    const key = line.slice(0, colon);
    const rest = line.slice(colon + 1);
    if (key === 'Name') {
      // "Name:\t<comm>": keep the name's own leading/trailing spaces, drop only the separator tab.
      out.name = rest.charCodeAt(0) === 9 ? rest.slice(1) : rest;
      out.raw[key] = out.name;
      return;
    }
    const value = rest.trim();
    out.raw[key] = value;
    let field = KB_FIELDS[key];
    if (field !== undefined) {
      o[field] = kbToBytes(value);
      return;
    }
    field = INT_FIELDS[key];
    if (field !== undefined) {
      o[field] = Number(value);
      return;
    }
    field = STRING_FIELDS[key];
    if (field !== undefined) {
      o[field] = value;
      return;
    }
    switch (key) {
      case 'State':
        out.state = value.charAt(0);
        break;
      case 'Umask':
        out.umask = parseInt(value, 8);
        break;
      case 'Uid':
        out.uid = ids(value);
        break;
      case 'Gid':
        out.gid = ids(value);
        break;
      case 'Groups':
        out.groups = splitWs(value).map(Number);
        break;
      case 'NSpid':
        out.nsPid = splitWs(value).map(Number);
        break;
    }
  });
  return out;
}
