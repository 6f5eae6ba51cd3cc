// A wchan of "0" the kernel printed because it hides what the task waits on (ptrace read access
// refused: another user's process) is a read problem, not "not waiting": in the State section
// once, in the Threads section once for all its threads. A running task's "0", or one ptop may
// read, is no problem. Fixture /proc trees; the refusal is injected (ptop runs as root in CI).

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hiddenWchan, makeContext, type InspectContext } from '../../../src/collect/inspect/context.js';
import { readStateSection } from '../../../src/collect/inspect/state.js';
import { readThreadsSection } from '../../../src/collect/inspect/threads.js';
import { parseStat } from '../../../src/collect/parse/stat.js';
import type { ReadProblem } from '../../../src/collect/inspect/types.js';

let root: string;

function stat(pid: number, state: string): string {
  const f: Array<number | string> = [];
  for (let i = 3; i <= 52; i++) f.push(0);
  f[0] = state;
  f[1] = 1; // ppid
  f[17] = 1; // threads
  return `${pid} (sleepy) ${f.join(' ')}\n`;
}

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

/** PID `pid` in `state`, with two threads in `state`, every wchan "0". */
function proc(pid: number, state: string): void {
  write(join(root, String(pid), 'stat'), stat(pid, state));
  write(join(root, String(pid), 'wchan'), '0');
  for (const tid of [pid, pid + 1]) {
    write(join(root, String(pid), 'task', String(tid), 'stat'), stat(tid, state));
    write(join(root, String(pid), 'task', String(tid), 'wchan'), '0');
  }
}

/** The context of `pid`, with ptrace access refused (`refusal`) or allowed (''). */
function ctx(pid: number, refusal: string): InspectContext {
  const st = parseStat(readFileSync(`${root}/${pid}/stat`, 'utf8'))!;
  const c = makeContext(pid, root, st, false, Date.now(), (uid) => String(uid));
  return { ...c, ptraceRefusal: () => refusal };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ptop-wchan-proc-'));
  write(join(root, 'uptime'), '1000.00 1800.00\n');
  write(join(root, 'stat'), 'cpu  1 2 3 4\nbtime 1700000000\n');
  proc(50, 'S');
  proc(60, 'R');
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const wchanProblems = (problems: readonly ReadProblem[]) => problems.filter((p) => p.what.includes('(wchan)'));

describe('a hidden wchan', () => {
  it('the State section: a problem for what it waits on, needing ptrace access', () => {
    const s = readStateSection(ctx(50, 'EACCES'), { status: null, error: 'ENOENT' }, []);
    expect(s.wchan).toBeNull();
    const p = wchanProblems(s.problems);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ what: 'what it waits on (wchan)', path: `${root}/50/wchan`, code: 'EACCES' });
    // the words of a ptrace refusal (here: ptop is root, so a security policy)
    expect(p[0].why).toMatch(/ptrace|security policy/);
  });

  it('the Threads section: one problem for all its threads', () => {
    const t = readThreadsSection(ctx(50, 'EPERM'), null);
    expect(t.threads.map((x) => x.wchan)).toEqual([null, null]);
    const p = wchanProblems(t.problems);
    expect(p).toHaveLength(1);
    expect(p[0]).toMatchObject({ what: 'what the threads wait on (wchan)', path: `${root}/50/task/50/wchan`, code: 'EPERM' });
  });

  it('no problem when access is allowed or the task is running', () => {
    expect(wchanProblems(readStateSection(ctx(50, ''), { status: null, error: 'ENOENT' }, []).problems)).toEqual([]);
    expect(wchanProblems(readThreadsSection(ctx(50, ''), null).problems)).toEqual([]);
    expect(wchanProblems(readStateSection(ctx(60, 'EACCES'), { status: null, error: 'ENOENT' }, []).problems)).toEqual([]);
    expect(wchanProblems(readThreadsSection(ctx(60, 'EACCES'), null).problems)).toEqual([]);
  });

  it('hiddenWchan: only "0", only for a task that is not running or exited', () => {
    const c = ctx(50, 'EACCES');
    expect(hiddenWchan(c, '0', 'S')).toBe('EACCES');
    expect(hiddenWchan(c, '0\n', 'D')).toBe('EACCES');
    expect(hiddenWchan(c, 'do_epoll_wait', 'S')).toBe('');
    for (const s of ['R', 'Z', 'X']) expect(hiddenWchan(c, '0', s)).toBe('');
  });

  it('the real check: a process whose exe can be read (or is missing) is not refused', () => {
    const st = parseStat(stat(50, 'S'))!;
    expect(makeContext(50, root, st, false, Date.now(), String).ptraceRefusal()).toBe('');
    expect(makeContext(process.pid, '/proc', st, false, Date.now(), String).ptraceRefusal()).toBe('');
  });
});
