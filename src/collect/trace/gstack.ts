// gstack: every thread's stack of a live process, for the stacks pane (`b`). Runs
// `eu-stack -p PID -s -m` (elfutils: fast, function + module + file:line) or, when eu-stack is
// missing or shows no frames, `gdb -p PID -batch -nx -ex "set pagination off" -ex "thread apply all bt"`,
// and parses either output into threads and frames. Thread names and states come from /proc
// (read before the capture, so the state is the one before the tool stopped the process). A
// partial capture keeps eu-stack's reasons as warnings, and a thread without frames that another
// process traces is named with its tracer.
//
// The process is stopped only while the tool runs (both detach when done); afterwards ptop makes
// sure it is not left stopped (SIGCONT when its state is T and was not T before). The tool gets a
// time limit (20 s by default) after which it is ended. Errors come back in words, never thrown.
//
// Usage (the UI side):
//   const r = await captureStacks(pid);            // { ok: true, capture } | { ok: false, error }
//   if (r.ok) show(r.capture.threads); else show(r.error);
//   saveStacks(r.capture, path)                    // → the path written (never overwrites)

import { readdirSync } from 'node:fs';
import { sanitize } from '../sanitize.js';
import { stateName } from '../inspect/words.js';
import type { DeathMode } from './children.js';
import { writeExclusive } from './files.js';
import { outputLines, runChild, type RunResult } from './run.js';
import { commOf, explainPtraceDenied, isRunning, procState, threadTracerPid } from './target.js';
import { missingToolMessage, tools } from './tools.js';

export interface StackFrame {
  /** #N as the tool numbered it (0 = innermost) */
  index: number;
  /** program counter, "0x00007fe6effcfdf2"; null when the tool did not print it */
  address: string | null;
  /** function name, null when unknown (`??`, or eu-stack printed none) */
  function: string | null;
  /** source file as the debug info names it, when known */
  file: string | null;
  line: number | null;
  /** the ELF object the frame is in (eu-stack: path; gdb: only for frames "from LIB") */
  module: string | null;
}

export interface ThreadStack {
  tid: number;
  /** the thread's comm (sanitized), '' when unknown */
  name: string;
  /** the state letter before the capture ("S", "R", "D"…), '' when unknown */
  state: string;
  frames: StackFrame[];
}

export type StackTool = 'eu-stack' | 'gdb';

export interface StackCapture {
  pid: number;
  comm: string;
  tool: StackTool;
  /** ms since the epoch when the capture started */
  takenAt: number;
  /** how long the process was attached (the tool's run time), ms */
  durationMs: number;
  /** threads, the main thread first, then by tid */
  threads: ThreadStack[];
  /** non-fatal problems in words (partial stacks, a fallback from eu-stack to gdb) */
  warnings: string[];
}

export type StackResult = { ok: true; capture: StackCapture } | { ok: false; error: string };

export interface CaptureOptions {
  /** end the tool after this many ms (default 20,000) */
  timeoutMs?: number;
  /** 'eu-stack' (default) or 'gdb' first; the other is the fallback */
  prefer?: StackTool;
  /** tool paths (tests); default: found on PATH */
  euStackPath?: string | null;
  gdbPath?: string | null;
  signal?: AbortSignal;
  death?: DeathMode;
}

// ---- parsing -------------------------------------------------------------------------------------

const EU_TID = /^TID (\d+):\s*$/;
// "#3  0xADDR NAME - MODULE", "#2  0xADDR - MODULE" (no name), "#0  0xADDR NAME" (no -m)
const EU_FRAME = /^#(\d+)\s+(0x[0-9a-fA-F]+)(?:\s+([^\s-].*?))?(?:\s+-\s+(\S.*?))?\s*$/;
const EU_SOURCE = /^\s+(\S.*?):(\d+)(?::\d+)?\s*$/;

/** Parse `eu-stack -p PID [-s] [-m]` output. Names and states are left empty (see captureStacks). */
export function parseEuStack(text: string): ThreadStack[] {
  const threads: ThreadStack[] = [];
  let cur: ThreadStack | null = null;
  let last: StackFrame | null = null;
  for (const rawLine of text.split('\n')) {
    const line = sanitize(rawLine);
    let m = EU_TID.exec(line);
    if (m) {
      cur = { tid: Number(m[1]), name: '', state: '', frames: [] };
      threads.push(cur);
      last = null;
      continue;
    }
    if (!cur) continue;
    m = EU_FRAME.exec(line);
    if (m) {
      const fn = m[3]?.trim() || null;
      last = { index: Number(m[1]), address: m[2], function: fn === '??' ? null : fn, file: null, line: null, module: m[4]?.trim() || null };
      cur.frames.push(last);
      continue;
    }
    m = EU_SOURCE.exec(line);
    if (m && last && last.file === null) {
      last.file = m[1];
      last.line = Number(m[2]);
    }
  }
  return threads;
}

const GDB_THREAD = /^Thread \d+ \((.*)\):\s*$/;
const GDB_FRAME = /^#(\d+)\s+(?:(0x[0-9a-fA-F]+) in )?(.*)$/;

/** the function name of "NAME (ARGS)" where NAME itself may hold parentheses (C++) */
function gdbFunction(s: string): string | null {
  s = s.trim();
  if (s.endsWith(')')) {
    // strip the final balanced (ARGS)
    let depth = 0;
    for (let i = s.length - 1; i >= 0; i--) {
      const c = s[i];
      if (c === ')') depth++;
      else if (c === '(') {
        depth--;
        if (depth === 0) {
          s = s.slice(0, i).trim();
          break;
        }
      }
    }
  }
  return s === '' || s === '??' ? null : s;
}

/** Parse gdb's `thread apply all bt` output. Names come from the "Thread N (... "name")" headers. */
export function parseGdbBacktrace(text: string): ThreadStack[] {
  const threads: ThreadStack[] = [];
  let cur: ThreadStack | null = null;
  for (const rawLine of text.split('\n')) {
    const line = sanitize(rawLine);
    let m = GDB_THREAD.exec(line);
    if (m) {
      const inner = m[1];
      const tid = /(?:LWP|process) (\d+)/.exec(inner);
      const name = /"(.*)"\s*$/.exec(inner);
      cur = { tid: tid ? Number(tid[1]) : -1, name: name ? name[1] : '', state: '', frames: [] };
      threads.push(cur);
      continue;
    }
    if (!cur) continue;
    m = GDB_FRAME.exec(line);
    if (!m) continue;
    let rest = m[3];
    let file: string | null = null;
    let lineNo: number | null = null;
    let module: string | null = null;
    const at = / at (\S+):(\d+)\s*$/.exec(rest);
    if (at) {
      file = at[1];
      lineNo = Number(at[2]);
      rest = rest.slice(0, at.index);
    } else {
      const from = / from (\S+)\s*$/.exec(rest);
      if (from) {
        module = from[1];
        rest = rest.slice(0, from.index);
      }
    }
    cur.frames.push({ index: Number(m[1]), address: m[2] ?? null, function: gdbFunction(rest), file, line: lineNo, module });
  }
  return threads;
}

// ---- capturing ----------------------------------------------------------------------------------

interface TaskInfo {
  name: string;
  state: string;
}

function readTasks(pid: number): Map<number, TaskInfo> {
  const out = new Map<number, TaskInfo>();
  let tids: string[] = [];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const t of tids) {
    const tid = Number(t);
    out.set(tid, { name: commOf(pid, tid) ?? '', state: procState(pid, tid) ?? '' });
  }
  return out;
}

/** Why a tool's run gave no stacks, in words. */
function failureWords(tool: StackTool, pid: number, r: RunResult, timeoutMs: number): string {
  if (r.spawnError) return r.spawnError;
  if (r.timedOut) {
    const limit = timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`;
    return `${tool} did not finish within ${limit}, so it was stopped (the process is not left stopped)`;
  }
  if (r.aborted) return `${tool} was cancelled`;
  const err = outputLines(r.stderr).join('\n');
  if (/Operation not permitted/.test(err)) return explainPtraceDenied(pid, tool);
  if (/No such process|dwfl_linux_proc_report pid \d+: No such file or directory/.test(err) || !isRunning(pid))
    return `process ${pid} no longer exists`;
  const lines = err
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^\[|^Using host libthread_db|^warning: /.test(l) && !/No such file or directory\.$/.test(l));
  const last = lines.pop();
  const how = r.signal ? `was killed by ${r.signal}` : `exited with status ${r.code}`;
  return last ? `${tool} showed no stacks: ${last}` : `${tool} showed no stacks (it ${how})`;
}

/** eu-stack's own lines start with its argv[0]: "eu-stack: " or, run by full path as ptop does, "/usr/bin/eu-stack: " */
const EU_PREFIX = /^(?:\S*\/)?eu-stack: /;

/** stderr lines worth showing next to a partial eu-stack capture, each as "eu-stack: …" */
export function euWarnings(stderr: string): string[] {
  return outputLines(stderr)
    .map((l) => l.trim())
    .filter((l) => EU_PREFIX.test(l))
    .map((l) => l.replace(EU_PREFIX, 'eu-stack: '))
    .slice(0, 10);
}

/**
 * Why threads showed no frames, when /proc tells: a thread traced by another process (strace on
 * one thread, a debugger) cannot be read by a second tracer. `tracerOf` reads TracerPid of
 * /proc/PID/task/TID/status (tests pass their own).
 */
export function noFramesWarnings(pid: number, threads: readonly ThreadStack[], tracerOf: (tid: number) => number | null = (tid) => threadTracerPid(pid, tid)): string[] {
  const out: string[] = [];
  for (const t of threads) {
    if (t.frames.length > 0 || t.tid <= 0) continue;
    const tracer = tracerOf(t.tid);
    if (!tracer) continue;
    const who = commOf(tracer);
    out.push(`thread ${t.tid} is traced by PID ${tracer}${who ? ` (${who})` : ''}: a thread can have only one tracer, so its stack could not be read`);
  }
  return out.slice(0, 10);
}

function euArgs(pid: number): string[] {
  return ['-p', String(pid), '-s', '-m'];
}

function gdbArgs(pid: number): string[] {
  return ['-p', String(pid), '-batch', '-nx', '-ex', 'set pagination off', '-ex', 'set width 0', '-ex', 'thread apply all bt'];
}

/**
 * Capture every thread's stack of `pid`. Resolves (never rejects) with the capture or an error in
 * words: tools missing, ptrace refused (and why), no such process, time limit.
 */
export async function captureStacks(pid: number, opts: CaptureOptions = {}): Promise<StackResult> {
  const timeoutMs = opts.timeoutMs ?? 20_000;
  const eu = opts.euStackPath === undefined ? tools()['eu-stack'] : opts.euStackPath;
  const gdb = opts.gdbPath === undefined ? tools().gdb : opts.gdbPath;
  if (!eu && !gdb) return { ok: false, error: `${missingToolMessage('eu-stack')} (or install gdb)` };
  if (!isRunning(pid)) return { ok: false, error: `process ${pid} no longer exists` };

  const comm = commOf(pid) ?? '';
  const stateBefore = procState(pid);
  const tasks = readTasks(pid);
  const order: StackTool[] = opts.prefer === 'gdb' ? ['gdb', 'eu-stack'] : ['eu-stack', 'gdb'];
  const warnings: string[] = [];
  let error = '';
  try {
    for (const tool of order) {
      const path = tool === 'eu-stack' ? eu : gdb;
      if (!path) continue;
      const takenAt = Date.now();
      const r = await runChild({
        label: tool,
        path,
        args: tool === 'eu-stack' ? euArgs(pid) : gdbArgs(pid),
        targetPid: pid,
        stopsTarget: true,
        timeoutMs,
        signal: opts.signal,
        death: opts.death,
        env: { LC_ALL: 'C' },
      });
      const parsed = r.timedOut || r.aborted ? [] : tool === 'eu-stack' ? parseEuStack(r.stdout) : parseGdbBacktrace(r.stdout);
      const withFrames = parsed.filter((t) => t.frames.length > 0);
      if (withFrames.length > 0) {
        if (tool === 'eu-stack' && r.code !== 0) warnings.push(...euWarnings(r.stderr));
        if (parsed.length > withFrames.length) {
          warnings.push(`${parsed.length - withFrames.length} thread(s) showed no frames`);
          warnings.push(...noFramesWarnings(pid, parsed));
        }
        const threads = parsed.map((t) => {
          const info = tasks.get(t.tid) ?? (t.tid > 0 ? { name: commOf(pid, t.tid) ?? '', state: procState(pid, t.tid) ?? '' } : undefined);
          return { ...t, name: info?.name || t.name, state: info?.state ?? '' };
        });
        threads.sort((a, b) => (a.tid === pid ? -1 : b.tid === pid ? 1 : a.tid - b.tid));
        return { ok: true, capture: { pid, comm, tool, takenAt, durationMs: r.ms, threads, warnings } };
      }
      const why = failureWords(tool, pid, r, timeoutMs);
      // no point in trying the other tool for these
      if (r.aborted || !isRunning(pid)) return { ok: false, error: why };
      error = error ? `${error}; ${why}` : why;
      warnings.push(`${tool} failed: ${why}`);
    }
    if (!eu) error = `${error} (eu-stack is not installed either: apt-get install elfutils)`;
    return { ok: false, error };
  } finally {
    // never leave the process stopped by us
    if (stateBefore !== 'T' && procState(pid) === 'T') {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        /* gone */
      }
    }
  }
}

// ---- text ---------------------------------------------------------------------------------------

/** one frame as a line: "#3  0x0000561699f301d0 wait_forever  twothreads.c:11  (/tmp/twothreads)" */
export function formatFrame(f: StackFrame): string {
  let s = `#${f.index}`.padEnd(4) + ` ${f.address ?? ''.padEnd(18)} ${f.function ?? '??'}`;
  if (f.file) s += `  ${f.file}${f.line !== null ? `:${f.line}` : ''}`;
  if (f.module) s += `  (${f.module})`;
  return s;
}

/** The capture as plain text (what saving writes). */
export function formatStacks(c: StackCapture): string {
  const L: string[] = [];
  L.push(`Stacks of process ${c.pid} (${c.comm}), ${c.threads.length} thread(s), by ${c.tool} at ${new Date(c.takenAt).toISOString()} (${c.durationMs} ms)`);
  for (const w of c.warnings) L.push(`warning: ${w}`);
  for (const t of c.threads) {
    L.push('');
    L.push(`Thread ${t.tid} "${t.name}"${t.state ? ` (${t.state} ${stateName(t.state) ?? ''})`.replace(/ \)$/, ')') : ''}:`);
    if (t.frames.length === 0) L.push('  (no frames)');
    for (const f of t.frames) L.push(`  ${formatFrame(f)}`);
  }
  return `${L.join('\n')}\n`;
}

/** Save the capture as text to `path` (never overwriting: .1, .2 … before the extension), mode 0600. Returns the path written. */
export function saveStacks(c: StackCapture, path: string): string {
  return writeExclusive(path, formatStacks(c));
}
