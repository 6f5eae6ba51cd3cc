// The State section: the state in words and what the process waits on (wchan, kernel stack), its
// ancestry, ids, command line, exe/cwd/root, times, scheduling, context switches, I/O, cgroup and
// container, namespaces against ptop's own, OOM score and the limits that matter.

import type { ProcStatus } from '../types.js';
import { countDir, lastReadError, readLink, readSmall, readSmallBytes, readText } from '../read.js';
import { parseStat } from '../parse/stat.js';
import { parseCmdline } from '../parse/cmdline.js';
import { parseWchan } from '../parse/wchan.js';
import { parseIo } from '../parse/io.js';
import { containerFromCgroup, parseCgroup, primaryCgroupPath } from '../parse/cgroup.js';
import { parseLimits } from '../parse/limits.js';
import { sanitize } from '../sanitize.js';
import { CLK_TCK, hiddenWchan, readUptime, type InspectContext, type StatusRead } from './context.js';
import type { Ancestor, NamespaceInfo, ReadProblem, StateSection } from './types.js';
import { policyName, stateWords } from './words.js';

export const NAMESPACE_TYPES = ['cgroup', 'ipc', 'mnt', 'net', 'pid', 'time', 'user', 'uts'] as const;

/** "net:[4026531840]" → 4026531840; null when not that shape. */
export function namespaceInode(link: string | null): number | null {
  if (link === null) return null;
  const open = link.indexOf(':[');
  if (open === -1 || !link.endsWith(']')) return null;
  const n = Number(link.slice(open + 2, -1));
  return Number.isFinite(n) ? n : null;
}

/** The process, its parent, …, up to PID 1 (or a parent that cannot be read); loops end it. */
export function readAncestry(procRoot: string, pid: number, comm: string, ppid: number): Ancestor[] {
  const chain: Ancestor[] = [{ pid, comm: sanitize(comm) }];
  const seen = new Set<number>([pid]);
  let next = ppid;
  while (next > 0 && !seen.has(next) && chain.length < 4096) {
    seen.add(next);
    const text = readSmall(`${procRoot}/${next}/stat`);
    const st = text === null ? null : parseStat(text);
    if (st === null) break;
    chain.push({ pid: next, comm: sanitize(st.comm) });
    next = st.ppid;
  }
  return chain;
}

function readBtime(procRoot: string): number | null {
  const t = readText(`${procRoot}/stat`);
  if (t === null) return null;
  const at = t.indexOf('\nbtime ');
  if (at === -1) return null;
  const v = parseInt(t.slice(at + 7), 10);
  return Number.isFinite(v) ? v : null;
}

function readNumber(path: string): number | null {
  const t = readSmall(path);
  if (t === null) return null;
  const v = parseInt(t, 10);
  return Number.isFinite(v) ? v : null;
}

/** A field of status as a number when the kernel printed it, else null. */
function statusNumber(status: ProcStatus | null, key: string, value: number): number | null {
  return status !== null && key in status.raw ? value : null;
}

/** `knownFdCount`: the number of fds when the caller has just listed them. */
export function readStateSection(
  ctx: InspectContext,
  statusRead: StatusRead,
  cmdline: string[] | null,
  knownFdCount?: number,
): StateSection {
  const { dir, stat } = ctx;
  const status = statusRead.status;
  const problems: ReadProblem[] = [];
  const fail = (what: string, file: string, need: 'ptrace' | 'stack' | 'open', code = lastReadError) => {
    problems.push(ctx.problem(what, `${dir}/${file}`, code, need));
  };
  if (status === null) fail('the status (ids, context switches, affinity)', 'status', 'open', statusRead.error);

  const wchanText = readSmall(`${dir}/wchan`);
  if (wchanText === null) fail('what it waits on (wchan)', 'wchan', 'open');
  else {
    const hidden = hiddenWchan(ctx, wchanText, stat.state);
    if (hidden) fail('what it waits on (wchan)', 'wchan', 'ptrace', hidden);
  }
  const wchan = wchanText === null ? null : sanitize(parseWchan(wchanText)) || null;

  let kernelStack: string[] | null = null;
  const stackText = readText(`${dir}/stack`);
  if (stackText === null) fail('the kernel stack', 'stack', 'stack');
  else {
    kernelStack = [];
    for (const line of stackText.split('\n')) {
      if (line === '') continue;
      // "[<0>] do_epoll_wait+0x4c0/0x500": the address is hidden (0) unless kptr_restrict allows it
      const frame = line.startsWith('[<') ? line.slice(line.indexOf('] ') + 2) : line;
      kernelStack.push(sanitize(frame));
    }
  }

  if (cmdline === null) fail('the command line', 'cmdline', 'open');

  const link = (file: string, what: string): string | null => {
    const t = readLink(`${dir}/${file}`);
    if (t === null && !(ctx.kernelThread && lastReadError === 'ENOENT')) fail(what, file, 'ptrace');
    return t;
  };
  const exeRaw = link('exe', 'the executable (exe)');
  const exeDeleted = exeRaw !== null && exeRaw.endsWith(' (deleted)');
  const cwd = link('cwd', 'the working directory (cwd)');
  const root = link('root', 'the root directory');

  const btime = readBtime(ctx.procRoot);
  const uptime = readUptime(ctx.procRoot);
  const startSec = stat.starttime / CLK_TCK;

  let io: StateSection['io'] = null;
  const ioText = readSmall(`${dir}/io`);
  if (ioText === null) fail('the I/O counters', 'io', 'ptrace');
  else {
    const p = parseIo(ioText);
    io = { rchar: p.rchar, wchar: p.wchar, readBytes: p.readBytes, writeBytes: p.writeBytes, syscr: p.syscr, syscw: p.syscw };
  }

  let cgroup: string | null = null;
  const cgText = readText(`${dir}/cgroup`);
  if (cgText === null) fail('the cgroup', 'cgroup', 'open');
  else cgroup = sanitize(primaryCgroupPath(parseCgroup(cgText)));
  const container = cgroup === null ? null : containerFromCgroup(cgroup);

  const namespaces: NamespaceInfo[] = [];
  let nsProblem = false;
  for (const type of NAMESPACE_TYPES) {
    const mine = readLink(`${dir}/ns/${type}`);
    if (mine === null) {
      if (lastReadError === 'ENOENT' && type === 'time') continue; // kernels before 5.6 have none
      if (!nsProblem) fail('the namespaces', `ns/${type}`, 'ptrace');
      nsProblem = true;
    }
    const inode = namespaceInode(mine);
    const self = namespaceInode(readLink(`${ctx.procRoot}/self/ns/${type}`));
    namespaces.push({ type, inode, differs: inode === null || self === null ? null : inode !== self });
  }

  const oomScore = readNumber(`${dir}/oom_score`);
  const oomScoreAdj = readNumber(`${dir}/oom_score_adj`);

  const fdCount = knownFdCount ?? countDir(`${dir}/fd`);
  if (fdCount === null) fail('the open file count', 'fd', 'ptrace');

  let openFilesSoft: number | null = null;
  let openFilesHard: number | null = null;
  let coreSizeSoft: number | null = null;
  let coreUnlimited = false;
  const limitsText = readText(`${dir}/limits`);
  if (limitsText === null) fail('the resource limits', 'limits', 'open');
  else {
    for (const l of parseLimits(limitsText)) {
      if (l.name === 'Max open files') {
        openFilesSoft = l.soft;
        openFilesHard = l.hard;
      } else if (l.name === 'Max core file size') {
        coreSizeSoft = l.soft;
        coreUnlimited = l.soft === null;
      }
    }
  }

  const uids = status ? [...status.uid] : [];
  return {
    problems,
    state: stat.state,
    stateWords: stateWords(stat.state),
    wchan,
    kernelStack,
    ancestry: readAncestry(ctx.procRoot, ctx.pid, stat.comm, stat.ppid),
    uids,
    gids: status ? [...status.gid] : [],
    users: uids.map((u) => sanitize(ctx.userName(u))),
    cmdline: cmdline ?? [],
    exe: exeRaw === null ? null : sanitize(exeRaw),
    exeDeleted,
    cwd: cwd === null ? null : sanitize(cwd),
    root: root === null ? null : sanitize(root),
    startedAt: btime === null ? 0 : Math.round((btime + startSec) * 1000),
    ageSeconds: uptime === null ? 0 : Math.max(0, Math.round((uptime - startSec) * 100) / 100),
    userCpuSeconds: stat.utime / CLK_TCK,
    systemCpuSeconds: stat.stime / CLK_TCK,
    nice: stat.nice,
    priority: stat.priority,
    policy: policyName(stat.policy),
    rtPriority: stat.rtPriority,
    lastCpu: stat.processor,
    affinity: status?.cpusAllowedList ?? null,
    threads: stat.numThreads,
    voluntaryCtxSwitches: statusNumber(status, 'voluntary_ctxt_switches', status?.voluntaryCtxtSwitches ?? 0),
    involuntaryCtxSwitches: statusNumber(status, 'nonvoluntary_ctxt_switches', status?.nonvoluntaryCtxtSwitches ?? 0),
    io,
    cgroup,
    container,
    namespaces,
    oomScore,
    oomScoreAdj,
    fdCount,
    openFilesSoft,
    openFilesHard,
    coreSizeSoft,
    coreUnlimited,
    tracerPid: status ? status.tracerPid : null,
  };
}

/** Read the command line as sanitized arguments; null when unreadable. */
export function readCmdline(dir: string): string[] | null {
  const buf = readSmallBytes(`${dir}/cmdline`);
  return buf === null ? null : parseCmdline(buf).map(sanitize);
}
