// The eu-stack and gdb backtrace parsers on real output captured on this machine
// (test/fixtures/gstack/README.md says how), and the text a saved capture holds.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { euWarnings, formatStacks, noFramesWarnings, parseEuStack, parseGdbBacktrace, type StackCapture } from '../../../src/collect/trace/gstack.js';

const fx = (name: string) => readFileSync(`test/fixtures/gstack/${name}`, 'utf8');

describe('parseEuStack', () => {
  it('the C program: three threads, functions, modules, file:line', () => {
    const t = parseEuStack(fx('c-eu-stack.txt'));
    expect(t.map((x) => x.tid)).toEqual([29605, 29606, 29607]);
    expect(t.map((x) => x.frames.length)).toEqual([8, 4, 4]);
    expect(t[0].frames[3]).toEqual({
      index: 3,
      address: '0x0000561699f301d0',
      function: 'wait_forever',
      file: '/tmp/st/twothreads.c',
      line: 11,
      module: '/tmp/st/twothreads',
    });
    expect(t[0].frames[0]).toMatchObject({ function: 'clock_nanosleep@GLIBC_2.2.5', module: '/usr/lib/x86_64-linux-gnu/libc.so.6', line: 48 });
    // the last frame has no source line
    expect(t[0].frames[7]).toMatchObject({ function: '_start', file: null, line: null });
    expect(t[1].frames[1]).toMatchObject({ function: 'worker', file: '/tmp/st/twothreads.c', line: 8 });
    expect(t[1].frames[3]).toMatchObject({ function: '__clone3', file: '../sysdeps/unix/sysv/linux/x86_64/clone3.S', line: 81 });
  });

  it('python: frames without a function name keep their module', () => {
    const t = parseEuStack(fx('py-eu-stack.txt'));
    expect(t).toHaveLength(3);
    expect(t[0].frames[1]).toEqual({ index: 1, address: '0x00000000005d64b4', function: null, file: null, line: null, module: '/usr/bin/python3.11' });
    expect(t[0].frames[3]).toMatchObject({ function: 'PyObject_Vectorcall', module: '/usr/bin/python3.11' });
  });

  it('sleep and a deep bash stack', () => {
    expect(parseEuStack(fx('sleep-eu-stack.txt'))[0].frames.map((f) => f.function)).toEqual([
      'clock_nanosleep@GLIBC_2.2.5',
      '__nanosleep',
      null,
      null,
      null,
      '__libc_start_call_main',
      '__libc_start_main@@GLIBC_2.34',
      null,
    ]);
    const bash = parseEuStack(fx('bash-eu-stack.txt'));
    expect(bash).toHaveLength(1);
    expect(bash[0].frames.length).toBeGreaterThan(90);
    expect(bash[0].frames[bash[0].frames.length - 1].index).toBe(bash[0].frames.length - 1);
  });

  it('a refused attach: the thread header and no frames', () => {
    const t = parseEuStack(fx('traced-eu-stack.txt'));
    expect(t).toEqual([{ tid: 25810, name: '', state: '', frames: [] }]);
  });

  it('without -m (no module) and with control characters', () => {
    const t = parseEuStack('PID 1 - process\nTID 1:\n#0  0x00007f main\n#1  0x00007e evil\u001b[2J - /bin/x\u202e\n');
    expect(t[0].frames[0]).toMatchObject({ function: 'main', module: null });
    expect(t[0].frames[1].function).toBe('evil\uFFFD[2J');
    expect(t[0].frames[1].module).toBe('/bin/x\uFFFD');
  });
});

describe("eu-stack's reasons for missing stacks", () => {
  it('kept whether eu-stack was run by full path (as ptop runs it) or by its bare name, as "eu-stack: …"', () => {
    const want = ['eu-stack: dwfl_thread_getframes tid 25810: Operation not permitted', "eu-stack: Couldn't show any frames."];
    expect(euWarnings(fx('traced-eu-stack.stderr'))).toEqual(want);
    expect(euWarnings(fx('traced-eu-stack-bare.stderr'))).toEqual(want);
    expect(euWarnings(fx('traced-thread-eu-stack.stderr'))).toEqual(['eu-stack: dwfl_thread_getframes tid 16999: Operation not permitted']);
    // other lines, and a look-alike in the middle of one, are not eu-stack's
    expect(euWarnings('warning: x\nnot eu-stack: y\n/opt/my eu-stack: z\n./eu-stack: w\x1b[2J\n')).toEqual(['eu-stack: w\uFFFD[2J']);
  });

  it('one thread traced by strace: the others have frames, it has none, and its tracer is named', () => {
    const t = parseEuStack(fx('traced-thread-eu-stack.txt'));
    expect(t.map((x) => [x.tid, x.frames.length > 0])).toEqual([
      [16997, true],
      [16998, true],
      [16999, false],
    ]);
    const comm = readFileSync('/proc/self/comm', 'utf8').trim();
    const tracers = new Map([[16999, process.pid]]);
    expect(noFramesWarnings(16997, t, (tid) => tracers.get(tid) ?? 0)).toEqual([
      `thread 16999 is traced by PID ${process.pid} (${comm}): a thread can have only one tracer, so its stack could not be read`,
    ]);
    // untraced (0) or gone (null): nothing to say
    expect(noFramesWarnings(16997, t, () => 0)).toEqual([]);
    expect(noFramesWarnings(16997, t, () => null)).toEqual([]);
  });
});

describe('parseGdbBacktrace', () => {
  it('the C program: names from the headers, args stripped, file:line', () => {
    const t = parseGdbBacktrace(fx('c-gdb.txt'));
    expect(t.map((x) => [x.tid, x.name])).toEqual([
      [29607, 'ptop-beta'],
      [29606, 'ptop-alpha'],
      [29605, 'twothreads'],
    ]);
    expect(t[2].frames[3]).toEqual({ index: 3, address: '0x0000561699f301d0', function: 'wait_forever', file: 'twothreads.c', line: 11, module: null });
    expect(t[2].frames[0]).toMatchObject({ function: '__GI___clock_nanosleep', file: '../sysdeps/unix/sysv/linux/clock_nanosleep.c', line: 48 });
    expect(t[0].frames[1]).toMatchObject({ function: 'worker', file: 'twothreads.c', line: 8 });
    expect(t[0].frames[3]).toMatchObject({ function: 'clone3' });
  });

  it('a frame without an address, ?? frames', () => {
    const t = parseGdbBacktrace(fx('sleep-gdb.txt'));
    expect(t).toHaveLength(1);
    expect(t[0]).toMatchObject({ tid: 26539, name: 'sleep' });
    expect(t[0].frames[0]).toMatchObject({ index: 0, address: null, function: '__GI___clock_nanosleep', line: 71 });
    expect(t[0].frames[2]).toEqual({ index: 2, address: '0x000055fad0ad94af', function: null, file: null, line: null, module: null });
    const py = parseGdbBacktrace(fx('py-gdb.txt'));
    expect(py.map((x) => x.name).sort()).toEqual(['ptop-alpha', 'ptop-beta', 'python3']);
    expect(py[0].frames[3]).toMatchObject({ function: 'PyObject_Vectorcall', file: null });
    expect(parseGdbBacktrace(fx('bash-gdb.txt'))[0].frames).toHaveLength(99);
  });

  it('"from LIB" frames and C++ names with parentheses (hand-written lines in gdb\'s format)', () => {
    const t = parseGdbBacktrace(
      [
        'Thread 2 (Thread 0x7f00 (LWP 41) "worker"):',
        '#0  0x00007f1 in pthread_cond_wait () from /lib/x86_64-linux-gnu/libc.so.6',
        '#1  0x00007f2 in std::condition_variable::wait(std::unique_lock<std::mutex>&) () from /lib/x86_64-linux-gnu/libstdc++.so.6',
        '#2  0x00007f3 in Pool::run (this=0x55) at pool.cc:42',
        'Thread 1 (process 40 "plain"):',
        '#0  main () at m.c:3',
      ].join('\n'),
    );
    expect(t[0].frames.map((f) => [f.function, f.module, f.file, f.line])).toEqual([
      ['pthread_cond_wait', '/lib/x86_64-linux-gnu/libc.so.6', null, null],
      ['std::condition_variable::wait(std::unique_lock<std::mutex>&)', '/lib/x86_64-linux-gnu/libstdc++.so.6', null, null],
      ['Pool::run', null, 'pool.cc', 42],
    ]);
    expect(t[1]).toMatchObject({ tid: 40, name: 'plain' });
    expect(t[1].frames[0]).toMatchObject({ function: 'main', file: 'm.c', line: 3, address: null });
  });

  it('a refused attach gives no threads', () => {
    expect(parseGdbBacktrace('')).toEqual([]);
  });
});

describe('formatStacks', () => {
  it('a readable text with names, states and frames', () => {
    const threads = parseEuStack(fx('c-eu-stack.txt')).map((t, i) => ({ ...t, name: ['main', 'ptop-alpha', 'ptop-beta'][i], state: 'S' }));
    const c: StackCapture = { pid: 29605, comm: 'twothreads', tool: 'eu-stack', takenAt: Date.UTC(2025, 0, 2, 3, 4, 5), durationMs: 9, threads, warnings: [] };
    const text = formatStacks(c);
    expect(text.split('\n')[0]).toBe('Stacks of process 29605 (twothreads), 3 thread(s), by eu-stack at 2025-01-02T03:04:05.000Z (9 ms)');
    expect(text).toContain('\nThread 29606 "ptop-alpha" (S sleeping):\n');
    expect(text).toContain('  #3   0x0000561699f301d0 wait_forever  /tmp/st/twothreads.c:11  (/tmp/st/twothreads)\n');
  });
});
