// captureStacks against a real process with two named threads: both tools, names, frames, the
// process running afterwards; the fallback from one tool to the other; a thread traced by another
// strace (its tracer named in the warnings); errors in words.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureStacks, formatStacks, saveStacks, type StackCapture } from '../../../src/collect/trace/gstack.js';
import { StraceSession } from '../../../src/collect/trace/strace-session.js';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil } from '../../helpers/procs.js';
import { FIXTURES, killTraceProcs, PYTHON, startProc, stateOf, tracerOf, type Proc } from './trace-procs.js';

let proc: Proc;
let tmp: string;

beforeAll(async () => {
  proc = await startProc(PYTHON, [`${FIXTURES}/two-threads.py`], { readyLine: 'ready' });
  tmp = mkdtempSync(join(tmpdir(), 'ptop-gstack-test-'));
});

afterAll(async () => {
  await killTraceProcs();
  rmSync(tmp, { recursive: true, force: true });
});

async function capture(opts: Parameters<typeof captureStacks>[1]): Promise<StackCapture> {
  const r = await captureStacks(proc.pid, opts);
  if (!r.ok) throw new Error(r.error);
  return r.capture;
}

function checkThreads(c: StackCapture): void {
  expect(c.pid).toBe(proc.pid);
  expect(c.threads).toHaveLength(3);
  expect(c.threads[0].tid).toBe(proc.pid);
  expect(c.threads.map((t) => t.name).sort()).toEqual(['ptop-alpha', 'ptop-beta', 'python3']);
  for (const t of c.threads) {
    expect(t.state).toMatch(/^[SR]$/);
    expect(t.frames.length).toBeGreaterThan(3);
    expect(t.frames.some((f) => f.function !== null && /nanosleep|select|sleep/.test(f.function))).toBe(true);
  }
  const alpha = c.threads.find((t) => t.name === 'ptop-alpha')!;
  expect(alpha.frames.some((f) => f.function === 'start_thread')).toBe(true);
}

function threadTracer(tid: number): number {
  const m = /^TracerPid:\s*(\d+)/m.exec(readFileSync(`/proc/${proc.pid}/task/${tid}/status`, 'utf8'));
  return m ? Number(m[1]) : -1;
}

async function runsOn(): Promise<void> {
  await pollUntil(() => tracerOf(proc.pid) === 0, 'the process to be untraced');
  expect(stateOf(proc.pid)).toMatch(/^[SR]$/);
}

describe('captureStacks', () => {
  it('eu-stack: every thread with its name, state and frames; the process runs on', async () => {
    const c = await capture({});
    expect(c.tool).toBe('eu-stack');
    checkThreads(c);
    expect(c.threads[0].frames[0].module).toMatch(/libc\.so/);
    console.log(`[figures] eu-stack capture of a 3-thread python3: ${c.durationMs} ms`);
    await runsOn();
  });

  it('gdb: the same, from `thread apply all bt`', async () => {
    const c = await capture({ prefer: 'gdb' });
    expect(c.tool).toBe('gdb');
    checkThreads(c);
    console.log(`[figures] gdb capture of a 3-thread python3: ${c.durationMs} ms`);
    await runsOn();
  });

  it('falls back to the other tool when the first one fails, and says so', async () => {
    const c = await capture({ prefer: 'gdb', gdbPath: '/bin/false' });
    expect(c.tool).toBe('eu-stack');
    expect(c.warnings).toEqual(['gdb failed: gdb showed no stacks (it exited with status 1)']);
    checkThreads(c);
    await runsOn();
  });

  it('a tool stopped by the time limit never leaves the process stopped', async () => {
    const r = await captureStacks(proc.pid, { euStackPath: null, timeoutMs: 150 });
    expect(r).toEqual({ ok: false, error: 'gdb did not finish within 150 ms, so it was stopped (the process is not left stopped) (eu-stack is not installed either: apt-get install elfutils)' });
    await runsOn();
  });

  it('one thread traced by another strace: the other threads are shown, and the warnings say why that one has no frames', async () => {
    const tids = readdirSync(`/proc/${proc.pid}/task`).map(Number).sort((a, b) => a - b);
    const tid = tids[tids.length - 1];
    const st = await startProc('strace', ['-q', '-o', '/dev/null', '-p', String(tid)]);
    await pollUntil(() => threadTracer(tid) === st.pid, 'strace to attach to the thread');
    try {
      const c = await capture({});
      expect(c.tool).toBe('eu-stack');
      expect(c.threads.map((t) => [t.tid, t.frames.length > 0])).toEqual(tids.map((t) => [t, t !== tid]));
      expect(c.warnings).toEqual([
        `eu-stack: dwfl_thread_getframes tid ${tid}: Operation not permitted`,
        '1 thread(s) showed no frames',
        `thread ${tid} is traced by PID ${st.pid} (strace): a thread can have only one tracer, so its stack could not be read`,
      ]);
    } finally {
      const gone = new Promise((r) => st.child.once('exit', r));
      st.child.kill('SIGTERM');
      await gone;
    }
    await pollUntil(() => threadTracer(tid) === 0, 'the thread to be untraced');
    await runsOn();
  });

  it('saves as text, never overwriting', async () => {
    const c = await capture({});
    const p1 = saveStacks(c, join(tmp, 'stacks.txt'));
    const p2 = saveStacks(c, join(tmp, 'stacks.txt'));
    expect([p1, p2]).toEqual([join(tmp, 'stacks.txt'), join(tmp, 'stacks.1.txt')]);
    expect(statSync(p1).mode & 0o777).toBe(0o600);
    expect(readFileSync(p1, 'utf8')).toBe(formatStacks(c));
    expect(readFileSync(p1, 'utf8')).toMatch(/\nThread \d+ "ptop-beta" \((S sleeping|R running)\):\n  #0 /);
  });

  it('errors in words: no tools, no such process, already traced', async () => {
    expect(await captureStacks(proc.pid, { euStackPath: null, gdbPath: null })).toEqual({
      ok: false,
      error: 'eu-stack is not installed (not found on PATH): install the elfutils package, e.g. apt-get install elfutils (or install gdb)',
    });
    expect(await captureStacks(999_999_999)).toEqual({ ok: false, error: 'process 999999999 no longer exists' });

    const s = new StraceSession();
    s.start(proc.pid);
    await pollUntil(() => s.status === 'running', 'strace to attach');
    const r = await captureStacks(proc.pid);
    const why = (tool: string) =>
      `${tool} may not attach to process ${proc.pid} (ptrace: Operation not permitted): it is already traced by PID ${s.stracePid} (strace); a process can have only one tracer: stop that one first`;
    expect(r).toEqual({ ok: false, error: `${why('eu-stack')}; ${why('gdb')}` });
    await s.stop();
    await runsOn();
  });
});
