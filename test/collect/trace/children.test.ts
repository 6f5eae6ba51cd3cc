// The children registry: endAll() ends even a child that ignores SIGTERM (and its process group),
// continues an inspected process it left stopped (and only then), runs the cleanups; a missing
// binary is reported, not thrown; gdb-like tools are ended with SIGKILL, never SIGTERM; a SIGSTOP
// left queued by an interrupted attach is cancelled.

import { spawn } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { endAll, liveChildren, startChild } from '../../../src/collect/trace/children.js';
import { stopPending } from '../../../src/collect/trace/target.js';
import { tools } from '../../../src/collect/trace/tools.js';
import { childrenOf, pollUntil } from '../../helpers/procs.js';
import { killTraceProcs, startProc, stateOf, tracerOf } from './trace-procs.js';

afterAll(async () => {
  endAll(100);
  await killTraceProcs();
});

const dead = (pid: number) => stateOf(pid) === null || stateOf(pid) === 'Z';

describe('children registry', () => {
  for (const death of ['setpriv', 'watchdog'] as const) {
    it(`endAll() kills a child that ignores SIGTERM, with its own children (${death})`, async () => {
      const c = startChild({ label: 'stubborn', path: '/bin/sh', args: ['-c', 'trap "" TERM; echo ready; sleep 1000 & wait'], death });
      expect(c.death).toBe(death);
      let out = '';
      c.proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      await pollUntil(() => out.includes('ready'), 'the child to start');
      // setpriv execs the tool (same pid); the watchdog starts it as its child
      const shPid = death === 'setpriv' ? c.pid : childrenOf(c.pid)[0];
      await pollUntil(() => childrenOf(shPid).length > 0, 'its sleep to start');
      const sleepPid = childrenOf(shPid)[0];
      expect(liveChildren().map((x) => x.id)).toContain(c.id);
      const t0 = Date.now();
      endAll(200);
      const ms = Date.now() - t0;
      expect(dead(c.pid)).toBe(true);
      expect(ms).toBeLessThan(1500);
      // the leader is dead on return; the rest of its group has been sent SIGKILL
      await pollUntil(() => dead(shPid) && dead(sleepPid), 'the whole group to die', 1000);
      expect(liveChildren().map((x) => x.id)).not.toContain(c.id);
      const ex = await c.exited;
      expect(ex.signal ?? ex.code).toBeTruthy();
    });
  }

  it('continues the target a tool left stopped, but not one that was stopped before; runs onEnded', async () => {
    const running = await startProc('/bin/sleep', ['1000'], { comm: 'sleep' });
    const stopped = await startProc('/bin/sleep', ['1000'], { comm: 'sleep' });
    process.kill(stopped.pid, 'SIGSTOP');
    await pollUntil(() => stateOf(stopped.pid) === 'T', 'the second target to stop');
    const ended: (string | null)[] = [];
    const a = startChild({ label: 'a', path: '/bin/sleep', args: ['1000'], targetPid: running.pid, stopsTarget: true, onEnded: (ex) => ended.push(ex === null ? 'endAll' : 'exit') });
    const b = startChild({ label: 'b', path: '/bin/sleep', args: ['1000'], targetPid: stopped.pid, stopsTarget: true });
    // as if the tool had died between its stop and its detach
    process.kill(running.pid, 'SIGSTOP');
    await pollUntil(() => stateOf(running.pid) === 'T', 'the first target to stop');
    endAll(200);
    expect(ended).toEqual(['endAll']);
    await pollUntil(() => stateOf(running.pid) === 'S', 'the first target to be continued');
    expect(stateOf(stopped.pid)).toBe('T');
    await Promise.all([a.exited, b.exited]);
    expect(ended).toEqual(['endAll']); // once
    process.kill(stopped.pid, 'SIGCONT');
    await running.kill();
    await stopped.kill();
  });

  it('end() on one child: SIGTERM, then SIGKILL after the grace period', async () => {
    const c = startChild({ label: 'stubborn', path: '/bin/sh', args: ['-c', 'trap "" TERM; echo ready; while :; do sleep 1; done'] });
    let out = '';
    c.proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await pollUntil(() => out.includes('ready'), 'the child to start');
    const ex = await c.end(100);
    expect(ex.signal).toBe('SIGKILL');
    expect(c.exit).toEqual(ex);
  });

  for (const death of ['setpriv', 'watchdog'] as const) {
    it(`endSignal SIGKILL: the tool never sees a SIGTERM (what gdb would pass on as a SIGINT) (${death})`, async () => {
      const c = startChild({ label: 'gdb-like', path: '/bin/sh', args: ['-c', 'trap "echo got TERM" TERM; echo ready; while :; do sleep 0.05; done'], endSignal: 'SIGKILL', death });
      let out = '';
      c.proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      await pollUntil(() => out.includes('ready'), 'the child to start');
      const ex = await c.end(60_000);
      // the watchdog passes the kill on as its own exit; either way it is SIGKILL and never TERM
      expect(ex.signal).toBe('SIGKILL');
      expect(out).not.toContain('got TERM');
    });
  }

  it('gdb, wherever it is started from, is ended with SIGKILL by default; other tools with SIGTERM', async () => {
    const gdb = startChild({ label: 'gdb', path: tools().gdb!, args: ['-batch', '-nx', '-ex', 'shell sleep 1000'] });
    const other = startChild({ label: 'sleep', path: '/bin/sleep', args: ['1000'] });
    expect([gdb.endSignal, other.endSignal]).toEqual(['SIGKILL', 'SIGTERM']);
    expect((await gdb.end(60_000)).signal).toBe('SIGKILL');
    expect((await other.end(60_000)).signal).toBe('SIGTERM');
  });

  it('stopPending() sees a queued SIGSTOP; ending the tool leaves the target running with none queued', async () => {
    const t = await startProc('/bin/sleep', ['1000'], { comm: 'sleep' });
    expect(stopPending(t.pid)).toBe(false);
    const c = startChild({ label: 'a', path: '/bin/sleep', args: ['1000'], targetPid: t.pid, stopsTarget: true });
    process.kill(t.pid, 'SIGSTOP');
    await pollUntil(() => stateOf(t.pid) === 'T', 'the target to stop');
    // a second SIGSTOP to a stopped process stays queued (ShdPnd bit 18)
    process.kill(t.pid, 'SIGSTOP');
    await pollUntil(() => stopPending(t.pid), 'the second SIGSTOP to be queued');
    await c.end(100);
    await pollUntil(() => stateOf(t.pid) === 'S' && !stopPending(t.pid), 'the target to run, nothing queued');
    await t.kill();
  });

  it('never continues a target that another tracer holds: its queued SIGSTOP is that tracer\'s (eu-stack would wait for ever)', async () => {
    const t = await startProc('/bin/sleep', ['1000'], { comm: 'sleep' });
    const c = startChild({ label: 'a', path: '/bin/sleep', args: ['1000'], targetPid: t.pid, stopsTarget: true });
    process.kill(t.pid, 'SIGSTOP');
    await pollUntil(() => stateOf(t.pid) === 'T', 'the target to stop');
    process.kill(t.pid, 'SIGSTOP');
    await pollUntil(() => stopPending(t.pid), 'the second SIGSTOP to be queued');
    // another tool attaches while ours is being ended
    const other = spawn(tools().strace!, ['-o', '/dev/null', '-p', String(t.pid)], { stdio: 'ignore' });
    await pollUntil(() => tracerOf(t.pid) === other.pid, 'the other tracer to attach');
    await c.end(100);
    await new Promise((r) => setTimeout(r, 100)); // past the late check
    expect(stopPending(t.pid)).toBe(true);
    expect(stateOf(t.pid)).toMatch(/^[Tt]$/);
    other.kill('SIGKILL');
    await pollUntil(() => tracerOf(t.pid) === 0, 'the other tracer to go');
    process.kill(t.pid, 'SIGCONT');
    await t.kill();
  });

  it('a binary that cannot be started is an exit with a reason, not an exception', async () => {
    const c = startChild({ label: 'nope', path: '/nonexistent/tool', args: [], death: 'none' });
    const ex = await c.exited;
    expect(ex.spawnError).toBe('could not start nope (/nonexistent/tool): ENOENT');
    const viaSetpriv = startChild({ label: 'nope', path: '/nonexistent/tool', args: [], death: 'setpriv' });
    expect((await viaSetpriv.exited).code).toBe(127);
  });
});
