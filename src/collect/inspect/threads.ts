// The Threads section: each task of /proc/PID/task with its name, state, CPU% (against the
// previous inspection, or the lifetime average the first time), last CPU, wchan and context
// switches. Also the Environment section (environ, sorted by name).

import { readdirSync } from 'node:fs';
import { lastReadError, readSmall, readSmallBytes } from '../read.js';
import { parseStat } from '../parse/stat.js';
import { parseTaskIds } from '../parse/task.js';
import { parseWchan } from '../parse/wchan.js';
import { parseEnviron } from '../parse/environ.js';
import { sanitize } from '../sanitize.js';
import { CLK_TCK, hiddenWchan, readUptime, type InspectContext } from './context.js';
import type { EnvironmentSection, EnvVar, Inspection, ReadProblem, ThreadInfo, ThreadsSection } from './types.js';

/** The integer after `key` (e.g. "voluntary_ctxt_switches:") in a status text, or null. */
export function statusCounter(text: string, key: string): number | null {
  const at = text.indexOf('\n' + key);
  if (at === -1) return null;
  let i = at + 1 + key.length;
  let c = text.charCodeAt(i);
  while (c === 32 || c === 9) c = text.charCodeAt(++i);
  let n = 0;
  let any = false;
  while (c >= 48 && c <= 57) {
    n = n * 10 + (c - 48);
    any = true;
    c = text.charCodeAt(++i);
  }
  return any ? n : null;
}

export function readThreadsSection(ctx: InspectContext, previous: Inspection | null | undefined): ThreadsSection {
  const problems: ReadProblem[] = [];
  const taskDir = `${ctx.dir}/task`;
  let names: string[];
  try {
    names = readdirSync(taskDir);
  } catch (e) {
    problems.push(ctx.problem('the threads', taskDir, (e as NodeJS.ErrnoException).code ?? 'EIO', 'open'));
    return { problems, threads: [] };
  }
  const prevTicks = new Map<number, number>();
  const prevAt = previous && previous.pid === ctx.pid ? previous.collectedAt : 0;
  if (prevAt > 0) for (const t of previous!.sections.threads?.threads ?? []) prevTicks.set(t.tid, t.ticks);
  const interval = (ctx.now - prevAt) / 1000;
  const uptime = readUptime(ctx.procRoot);

  const threads: ThreadInfo[] = [];
  /** a thread whose wchan the kernel hid (one problem for them all) */
  let hidden: { tid: number; code: string } | null = null;
  for (const tid of parseTaskIds(names)) {
    const dir = `${taskDir}/${tid}`;
    const statText = readSmall(`${dir}/stat`);
    const st = statText === null ? null : parseStat(statText);
    if (st === null) continue; // the thread ended since the listing
    const status = readSmall(`${dir}/status`);
    const wchanText = readSmall(`${dir}/wchan`);
    if (hidden === null && wchanText !== null) {
      const code = hiddenWchan(ctx, wchanText, st.state);
      if (code) hidden = { tid, code };
    }
    const ticks = st.utime + st.stime;
    const before = prevTicks.get(tid);
    let cpuPercent = 0;
    if (before !== undefined && interval > 0 && ticks >= before) {
      cpuPercent = ((ticks - before) / CLK_TCK / interval) * 100;
    } else if (uptime !== null) {
      const age = uptime - st.starttime / CLK_TCK;
      cpuPercent = age > 0 ? (ticks / CLK_TCK / age) * 100 : 0;
    }
    threads.push({
      tid,
      name: sanitize(st.comm),
      state: st.state,
      cpuPercent,
      lastCpu: st.processor,
      wchan: wchanText === null ? null : sanitize(parseWchan(wchanText)) || null,
      voluntaryCtxSwitches: status === null ? null : statusCounter(status, 'voluntary_ctxt_switches:'),
      involuntaryCtxSwitches: status === null ? null : statusCounter(status, 'nonvoluntary_ctxt_switches:'),
      userCpuSeconds: st.utime / CLK_TCK,
      systemCpuSeconds: st.stime / CLK_TCK,
      ticks,
    });
  }
  if (hidden) problems.push(ctx.problem('what the threads wait on (wchan)', `${taskDir}/${hidden.tid}/wchan`, hidden.code, 'ptrace'));
  if (threads.length === 0 && names.length > 0) {
    problems.push(ctx.problem('the threads', `${taskDir}/${names[0]}/stat`, lastReadError || 'ENOENT', 'open'));
  }
  return { problems, threads };
}

export function readEnvironmentSection(ctx: InspectContext): EnvironmentSection {
  const problems: ReadProblem[] = [];
  if (ctx.kernelThread) return { problems, vars: [] };
  const path = `${ctx.dir}/environ`;
  const buf = readSmallBytes(path);
  if (buf === null) {
    problems.push(ctx.problem('the environment', path, lastReadError, 'ptrace'));
    return { problems, vars: [] };
  }
  const env = parseEnviron(buf);
  const vars: EnvVar[] = [];
  for (const name of Object.keys(env)) vars.push({ name: sanitize(name), value: sanitize(env[name]) });
  vars.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { problems, vars };
}
