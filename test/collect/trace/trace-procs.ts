// Test processes for the trace tests (strace, gstack, gcore): started without a shell, remembered,
// and killed and reaped by killTraceProcs() (call it in afterAll). Readiness is a "ready" line on
// stdout or the exec seen in /proc, never a fixed sleep.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { pollUntil } from '../../helpers/procs.js';

export const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
export const FIXTURES = 'test/fixtures/trace';

const live = new Set<ChildProcess>();

export interface Proc {
  pid: number;
  child: ChildProcess;
  kill(): Promise<void>;
}

function exited(c: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (c.exitCode !== null || c.signalCode !== null) resolve();
    else c.once('exit', () => resolve());
  });
}

async function killChild(c: ChildProcess): Promise<void> {
  const done = exited(c);
  try {
    c.kill('SIGKILL');
  } catch {
    /* gone */
  }
  await done;
  live.delete(c);
}

/** Start `cmd args`; when `readyLine`, wait for a stdout line starting with it; else wait for the exec (comm changes). */
export async function startProc(cmd: string, args: string[], opts: { readyLine?: string; comm?: string } = {}): Promise<Proc & { firstLine: string }> {
  const child = spawn(cmd, args, { stdio: ['ignore', opts.readyLine ? 'pipe' : 'ignore', 'inherit'] });
  live.add(child);
  if (child.pid === undefined) throw new Error(`could not start ${cmd}`);
  const pid = child.pid;
  let firstLine = '';
  if (opts.readyLine) {
    firstLine = await new Promise<string>((resolve, reject) => {
      let out = '';
      const onExit = (code: number | null) => reject(new Error(`${cmd} exited early (${code})`));
      child.once('exit', onExit);
      child.stdout!.setEncoding('utf8');
      child.stdout!.on('data', (d: string) => {
        out += d;
        const line = out.split('\n').find((l) => l.startsWith(opts.readyLine!));
        if (line !== undefined) {
          child.off('exit', onExit);
          resolve(line);
        }
      });
    });
  } else if (opts.comm) {
    await pollUntil(() => commOf(pid) === opts.comm, `${cmd} (pid ${pid}) to exec`);
  }
  return { pid, child, firstLine, kill: () => killChild(child) };
}

export function commOf(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

export function statusOf(pid: number, key: string): string | null {
  try {
    const m = new RegExp(`^${key}:\\s*(.*)$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? m[1] : null;
  } catch {
    return null;
  }
}

export function tracerOf(pid: number): number {
  return Number(statusOf(pid, 'TracerPid') ?? -1);
}

export function stateOf(pid: number): string | null {
  try {
    const t = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return t.charAt(t.lastIndexOf(')') + 2);
  } catch {
    return null;
  }
}

/** true when `pid` is neither running nor a zombie waiting to be reaped */
export function isGone(pid: number): boolean {
  return stateOf(pid) === null;
}

/** A shell loop that writes a line to /dev/null every 50 ms (forks `sleep` each round). */
export function startWriter(): Promise<Proc> {
  return startProc('/bin/sh', ['-c', 'echo ready; while :; do echo x >/dev/null; sleep 0.05; done'], { readyLine: 'ready' });
}

export async function killTraceProcs(): Promise<void> {
  await Promise.all([...live].map((c) => killChild(c)));
}
