// The strace line parser and the unfinished/resumed joiner, on real strace output captured on this
// machine (test/fixtures/strace/README.md says how) and on single lines.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isCompleteCall, parseStraceLine, StraceJoiner, type StraceLine } from '../../../src/collect/trace/strace-parse.js';

const FIX = 'test/fixtures/strace';

function fixtureLines(name: string): string[] {
  const text = readFileSync(`${FIX}/${name}`, 'utf8');
  return text.split('\n').filter((l, i, a) => l !== '' || i < a.length - 1);
}

function joinAll(name: string, defaultTid: number | null): StraceLine[] {
  const j = new StraceJoiner(defaultTid);
  const out: StraceLine[] = [];
  for (const l of fixtureLines(name)) out.push(...j.push(l));
  out.push(...j.flush());
  return out;
}

describe('parseStraceLine: single lines', () => {
  it('a complete call with a [pid] prefix, time, result and duration', () => {
    const r = parseStraceLine('[pid 24017] 08:11:44.201115 write(3, "xxxx"..., 100) = 100 <0.000010>');
    expect(r).toMatchObject({
      kind: 'call',
      tid: 24017,
      time: '08:11:44.201115',
      syscall: 'write',
      args: '3, "xxxx"..., 100',
      result: '100',
      errno: null,
      durationSec: 0.00001,
    });
  });

  it('a failed call: errno and its text', () => {
    const r = parseStraceLine('[pid 13371] 08:20:06.281986 read(4, 0x7f012547fb60, 10) = -1 EAGAIN (Resource temporarily unavailable) <0.000012>');
    expect(r).toMatchObject({ kind: 'call', syscall: 'read', result: '-1', errno: 'EAGAIN', errnoText: 'Resource temporarily unavailable', durationSec: 0.000012 });
  });

  it('the file-output prefix, a hex result, no prefix (default tid)', () => {
    expect(parseStraceLine('13405  08:20:07.682495 mmap(NULL, 8192, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = 0x7f7d5b3c4000 <0.000011>')).toMatchObject({
      kind: 'call',
      tid: 13405,
      syscall: 'mmap',
      result: '0x7f7d5b3c4000',
    });
    expect(parseStraceLine('08:12:03.267708 brk(NULL) = 0x55b83c9ba000 <0.000009>', 777)).toMatchObject({ tid: 777, result: '0x55b83c9ba000' });
  });

  it('`) = ` inside a string argument does not end the arguments', () => {
    const r = parseStraceLine('write(1, "f(x) = 5\\n", 9) = 9 <0.000004>', 1);
    expect(r).toMatchObject({ kind: 'call', syscall: 'write', args: '1, "f(x) = 5\\n", 9', result: '9' });
  });

  it('results with notes: ERESTARTSYS with ?, a poll timeout, a decoded fd, <unavailable>', () => {
    expect(parseStraceLine('08:11:37.814167 wait4(-1, 0x7ffef0dcee10, 0, NULL) = ? ERESTARTSYS (To be restarted if SA_RESTART is set) <0.490473>')).toMatchObject({
      result: '?',
      errno: 'ERESTARTSYS',
      errnoText: 'To be restarted if SA_RESTART is set',
      durationSec: 0.490473,
    });
    expect(parseStraceLine('poll([{fd=3, events=POLLIN}], 1, 100) = 0 (Timeout) <0.100123>')).toMatchObject({ result: '0', errno: null, note: 'Timeout' });
    expect(parseStraceLine('openat(AT_FDCWD, "/dev/null", O_RDONLY) = 3</dev/null> <0.000010>')).toMatchObject({ result: '3', note: '/dev/null' });
    // "= ? <unavailable>": strace's text when it could not fetch a result (written by hand: rare to provoke)
    expect(parseStraceLine('[pid 42] 10:00:00.000001 futex(0x7f00, FUTEX_WAIT_PRIVATE, 2, NULL) = ? <unavailable>')).toMatchObject({
      kind: 'call',
      result: '?',
      durationSec: null,
      errno: null,
    });
    // a single task killed inside a call (one line, no resumed half)
    expect(parseStraceLine('08:12:03.267708 wait4(-1,  <unfinished ...>) = ?', 7)).toMatchObject({ kind: 'call', tid: 7, syscall: 'wait4', args: '-1,', result: '?' });
    expect(parseStraceLine('24585 08:12:03.776132 restart_syscall(<... resuming interrupted read ...>) = ?')).toMatchObject({
      kind: 'call',
      syscall: 'restart_syscall',
      args: '<... resuming interrupted read ...>',
    });
    expect(parseStraceLine('[pid 13368] 08:20:07.149525 exit_group(3)     = ?')).toMatchObject({ kind: 'call', syscall: 'exit_group', args: '3', result: '?' });
  });

  it('signals, exits and strace messages', () => {
    expect(parseStraceLine('[pid 13368] 08:20:06.747429 --- SIGUSR1 {si_signo=SIGUSR1, si_code=SI_USER, si_pid=13386, si_uid=0} ---')).toMatchObject({
      kind: 'signal',
      tid: 13368,
      signal: 'SIGUSR1',
      message: '{si_signo=SIGUSR1, si_code=SI_USER, si_pid=13386, si_uid=0}',
    });
    expect(parseStraceLine('--- stopped by SIGSTOP ---', 5)).toMatchObject({ kind: 'signal', signal: 'SIGSTOP', tid: 5 });
    expect(parseStraceLine('[pid 13392] 08:20:06.392154 +++ exited with 3 +++')).toMatchObject({ kind: 'exit', tid: 13392, exitCode: 3, signal: null });
    expect(parseStraceLine('08:20:07.151161 +++ killed by SIGKILL +++', 9)).toMatchObject({ kind: 'exit', tid: 9, signal: 'SIGKILL', exitCode: null });
    expect(parseStraceLine('+++ killed by SIGSEGV (core dumped) +++')).toMatchObject({ kind: 'exit', signal: 'SIGSEGV' });
    expect(parseStraceLine('strace: Process 13368 attached with 3 threads')).toMatchObject({ kind: 'info', message: 'Process 13368 attached with 3 threads', tid: null });
    expect(parseStraceLine('/usr/bin/strace: attach: ptrace(PTRACE_SEIZE, 999999): No such process')).toMatchObject({
      kind: 'info',
      message: 'attach: ptrace(PTRACE_SEIZE, 999999): No such process',
    });
  });

  it('unfinished and resumed halves, standalone', () => {
    expect(parseStraceLine('[pid 13368] 08:20:06.390561 wait4(13392,  <unfinished ...>')).toMatchObject({ kind: 'unfinished', syscall: 'wait4', args: '13392,' });
    expect(parseStraceLine('[pid 13368] 08:20:06.392199 <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL) = 13392 <0.001494>')).toMatchObject({
      kind: 'resumed',
      syscall: 'wait4',
      args: '[{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL',
      result: '13392',
      durationSec: 0.001494,
    });
    expect(parseStraceLine('[pid 13371] 08:20:07.149943 <... clock_nanosleep resumed> <unfinished ...>) = ?')).toMatchObject({
      kind: 'resumed',
      syscall: 'clock_nanosleep',
      args: '',
      result: '?',
    });
  });

  it('control characters and bidi overrides are replaced', () => {
    const r = parseStraceLine('write(1, "\u001b[2J\u202e", 5) = 5');
    expect(r.raw).not.toMatch(/[\u001b\u202e]/);
    expect(r.args).toContain('\uFFFD');
    expect(parseStraceLine('garbage \u001b]0;title\u0007').kind).toBe('other');
  });
});

describe('StraceJoiner on real output', () => {
  it('threads-fork-signal.txt: every line becomes a record; pairs join; the cut clone( line is mended', () => {
    const recs = joinAll('threads-fork-signal.txt', 13368);
    expect(recs.some((r) => r.kind === 'other')).toBe(false);
    // three named threads and forked children all appear as tids
    const tids = new Set(recs.map((r) => r.tid));
    for (const t of [13368, 13370, 13371, 13392]) expect(tids.has(t)).toBe(true);
    // the message that cut `clone(` is an info record, and the clone is joined with its resumed half
    const attached = recs.filter((r) => r.kind === 'info' && /^Process 13392 attached$/.test(r.message ?? ''));
    expect(attached).toHaveLength(1);
    const clone = recs.find((r) => r.kind === 'call' && r.syscall === 'clone' && r.result === '13392');
    expect(clone).toMatchObject({
      joined: true,
      tid: 13368,
      time: '08:20:06.390561',
      args: 'child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f01256bf310',
    });
    // a wait4 pair: args from both halves, time from the start, duration from the end
    const wait = recs.find((r) => r.kind === 'call' && r.syscall === 'wait4' && r.result === '13392');
    expect(wait).toMatchObject({ joined: true, args: '13392, [{WIFEXITED(s) && WEXITSTATUS(s) == 3}], 0, NULL' });
    expect(wait!.durationSec).toBeGreaterThan(0);
    // errors, the signal, the exits
    expect(recs.filter((r) => r.errno === 'EAGAIN').length).toBeGreaterThan(5);
    expect(recs.filter((r) => r.errno === 'ENOENT').length).toBeGreaterThan(5);
    expect(recs.find((r) => r.kind === 'signal' && r.signal === 'SIGUSR1')).toMatchObject({ tid: 13368 });
    expect(recs.filter((r) => r.kind === 'exit' && r.exitCode === 3).length).toBeGreaterThanOrEqual(4);
    const last = recs[recs.length - 1];
    expect(last).toMatchObject({ kind: 'exit', signal: 'SIGKILL', tid: 13368 });
    // killed inside clock_nanosleep: joined with its start, result "?"
    const killedIn = recs.filter((r) => r.kind === 'call' && r.syscall === 'clock_nanosleep' && r.result === '?' && r.errno === null);
    expect(killedIn.map((r) => r.tid)).toEqual([13368, 13371, 13370]);
    expect(killedIn.every((r) => r.joined && r.durationSec === null)).toBe(true);
    // interrupted by SIGUSR1: "?" with ERESTARTNOHAND
    expect(recs.find((r) => r.errno === 'ERESTARTNOHAND')).toMatchObject({ syscall: 'clock_nanosleep', result: '?', joined: true });
    // the raw text is preserved: every input line's text is in some record (the cut line is one record)
    const raws = recs.map((r) => r.raw).join('\n');
    expect(raws).toContain('[pid 13371] 08:20:06.281986 read(4, 0x7f012547fb60, 10) = -1 EAGAIN (Resource temporarily unavailable) <0.000010>');
  });

  it('file-mode.txt: the PID-space prefix', () => {
    const recs = joinAll('file-mode.txt', 13402);
    expect(recs.some((r) => r.kind === 'other')).toBe(false);
    expect(recs[0]).toMatchObject({ kind: 'unfinished', tid: 13405, syscall: 'clock_nanosleep' });
    expect(recs.filter((r) => r.kind === 'exit' && r.signal === 'SIGTERM').map((r) => r.tid)).toEqual([13404, 13405, 13402]);
    expect(recs.find((r) => r.kind === 'signal' && r.signal === 'SIGUSR1')).toMatchObject({ tid: 13402, time: '08:20:08.166624' });
    const writes = recs.filter((r) => r.kind === 'call' && r.syscall === 'write');
    expect(writes.length).toBeGreaterThan(5);
    for (const w of writes) expect(w.result).toBe('100');
  });

  it('single-task-vfork.txt: unprefixed lines get the default tid; vfork( cut by a message is mended', () => {
    const recs = joinAll('single-task-vfork.txt', 13426);
    expect(recs.some((r) => r.kind === 'other')).toBe(false);
    expect(recs[1]).toMatchObject({ kind: 'call', tid: 13426, syscall: 'wait4', result: '13430' });
    const vforks = recs.filter((r) => r.syscall === 'vfork');
    expect(vforks.map((r) => r.kind)).toEqual(['unfinished', 'call', 'unfinished', 'call']);
    expect(vforks[1]).toMatchObject({ joined: true, result: '13437', tid: 13426 });
    expect(recs.filter((r) => r.kind === 'call' && r.syscall === 'mmap').every((r) => /^0x[0-9a-f]+$/.test(r.result!))).toBe(true);
    expect(recs.some((r) => r.errno === 'ECHILD')).toBe(true);
    expect(recs.some((r) => r.syscall === 'execve' && r.kind === 'call' && r.result === '0')).toBe(true);
    expect(recs[recs.length - 1]).toMatchObject({ kind: 'exit', signal: 'SIGTERM', tid: 13426 });
  });

  it('detach-on-sigterm.txt: the cut line, two messages, then " <detached ...>": one unfinished call', () => {
    const recs = joinAll('detach-on-sigterm.txt', 21351);
    expect(recs.some((r) => r.kind === 'other')).toBe(false);
    const tail = recs.slice(-3);
    expect(tail.map((r) => r.kind)).toEqual(['info', 'info', 'unfinished']);
    expect(tail[0].message).toBe('Process 21351 detached');
    expect(tail[1].message).toBe('Process 21386 detached');
    expect(tail[2]).toMatchObject({ tid: 21386, syscall: 'clock_nanosleep', args: 'CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=50000000},' });
    expect(tail[2].raw).toBe('[pid 21386] 08:23:11.734435 clock_nanosleep(CLOCK_REALTIME, 0, {tv_sec=0, tv_nsec=50000000},  <detached ...>');
  });

  it('a cut call line whose rest never comes is kept as it is', () => {
    const j = new StraceJoiner(1);
    expect(j.push('[pid 5] 10:00:00.000001 read(3, ')).toEqual([]);
    const next = j.push('[pid 6] 10:00:00.000002 getpid() = 6 <0.000001>');
    expect(next.map((r) => r.kind)).toEqual(['other', 'call']);
    expect(next[0].raw).toBe('[pid 5] 10:00:00.000001 read(3, ');
    expect(j.push('[pid 5] 10:00:00.000003 read(3, ')).toEqual([]);
    expect(j.flush().map((r) => r.kind)).toEqual(['other']);
  });

  it('attach-errors.txt: both strace messages are info records', () => {
    const recs = joinAll('attach-errors.txt', null);
    expect(recs.map((r) => r.kind)).toEqual(['info', 'info']);
    expect(recs[0].message).toMatch(/^attach: ptrace\(PTRACE_SEIZE, \d+\): Operation not permitted$/);
    expect(recs[1].message).toBe('attach: ptrace(PTRACE_SEIZE, 999999): No such process');
  });

  it('complete calls count once per pair', () => {
    const recs = joinAll('threads-fork-signal.txt', 13368);
    const unfinished = recs.filter((r) => r.kind === 'unfinished').length;
    const joined = recs.filter((r) => r.joined).length;
    expect(joined).toBeGreaterThan(10);
    expect(joined).toBeLessThanOrEqual(unfinished);
    expect(recs.filter(isCompleteCall).length).toBe(recs.filter((r) => r.kind === 'call' || r.kind === 'resumed').length);
  });
});
