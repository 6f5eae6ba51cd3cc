// inspectProcess on a fake /proc tree (opts.procRoot): the smaps fallback when a kernel has no
// smaps_rollup, kernel threads (nothing to read, nothing missing), sanitizing, and parsing.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectProcess } from '../../../src/collect/inspect/inspect.js';
import { mappingKind, parseSmapsMappings } from '../../../src/collect/inspect/smaps-mappings.js';

let root: string;

/** A stat line: fields after comm as proc(5) numbers them (3 = state … 52). */
function statLine(pid: number, comm: string, over: Record<number, number | string> = {}): string {
  const f: Array<number | string> = [];
  for (let i = 3; i <= 52; i++) f.push(0);
  const set = (n: number, v: number | string) => (f[n - 3] = v);
  set(3, 'S');
  set(4, 1); // ppid
  set(18, 20); // priority
  set(20, 1); // threads
  set(22, 500); // starttime (ticks)
  for (const [k, v] of Object.entries(over)) set(Number(k), v);
  return `${pid} (${comm}) ${f.join(' ')}\n`;
}

const SMAPS = `5555aaaa0000-5555aaab0000 r-xp 00000000 08:01 1234                       /usr/bin/fake\x1b[31m
Size:                 64 kB
KernelPageSize:        4 kB
Rss:                  40 kB
Pss:                  20 kB
Pss_Dirty:             0 kB
Shared_Clean:         40 kB
Shared_Dirty:          0 kB
Private_Clean:         0 kB
Private_Dirty:         0 kB
Referenced:           40 kB
Anonymous:             0 kB
Swap:                  0 kB
SwapPss:               0 kB
VmFlags: rd ex mr mw me
5555aaac0000-5555aaae0000 rw-p 00000000 00:00 0                          [heap]
Size:                128 kB
Rss:                  64 kB
Pss:                  64 kB
Shared_Clean:          0 kB
Shared_Dirty:          0 kB
Private_Clean:         4 kB
Private_Dirty:        60 kB
Swap:                  8 kB
SwapPss:               8 kB
VmFlags: rd wr mr mw me ac
7f0000000000-7f0000001000 rw-s 00000000 00:05 77                         /memfd:buf (deleted)
Size:                  4 kB
Rss:                   4 kB
Pss:                   2 kB
Shared_Clean:          0 kB
Shared_Dirty:          4 kB
Private_Clean:         0 kB
Private_Dirty:         0 kB
Swap:                  0 kB
SwapPss:               0 kB
7f0000002000-7f0000003000 rw-p 00000000 00:00 0
Size:                  4 kB
Rss:                   0 kB
Pss:                   0 kB
Private_Clean:         0 kB
Private_Dirty:         0 kB
Swap:                  0 kB
ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
Size:                  4 kB
Rss:                   0 kB
Pss:                   0 kB
Swap:                  0 kB
`;

function write(path: string, text: string | Buffer): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'ptop-inspect-proc-'));
  write(join(root, 'uptime'), '1000.00 1800.00\n');
  write(join(root, 'stat'), 'cpu  1 2 3 4\nbtime 1700000000\n');
  // a user process on an old kernel: smaps but no smaps_rollup
  write(join(root, '42', 'stat'), statLine(42, 'fake'));
  write(join(root, '42', 'status'), 'Name:\tfake\nState:\tS (sleeping)\nVmPeak:\t  300 kB\nVmSize:\t  200 kB\nVmHWM:\t  120 kB\nVmRSS:\t  108 kB\nRssAnon:\t   64 kB\nRssFile:\t   40 kB\nRssShmem:\t    4 kB\nVmSwap:\t    8 kB\nThreads:\t1\n');
  write(join(root, '42', 'cmdline'), Buffer.from('fake\0--evil=\x1b]0;title\x07\0'));
  write(join(root, '42', 'smaps'), SMAPS);
  write(join(root, '42', 'environ'), Buffer.from('Z=1\0A=\x1b[2J\0M=x=y\0'));
  // a kernel thread: PF_KTHREAD in the flags, no cmdline, no memory
  write(join(root, '2', 'stat'), statLine(2, 'kthreadd', { 4: 0, 9: 0x00208040 }));
  write(join(root, '2', 'status'), 'Name:\tkthreadd\nState:\tS (sleeping)\nThreads:\t1\n');
  write(join(root, '2', 'cmdline'), '');
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('inspectProcess with a fixture /proc', () => {
  it('sums smaps when there is no smaps_rollup', () => {
    const ins = inspectProcess(42, { procRoot: root, sections: ['memory', 'maps'] })!;
    const mem = ins.sections.memory!;
    expect(mem.problems).toEqual([]);
    expect(mem.rss).toBe((40 + 64 + 4) * 1024);
    expect(mem.pss).toBe((20 + 64 + 2) * 1024);
    expect(mem.uss).toBe(64 * 1024);
    expect(mem.privateDirty).toBe(60 * 1024);
    expect(mem.sharedClean).toBe(40 * 1024);
    expect(mem.sharedDirty).toBe(4 * 1024);
    expect(mem.swapPss).toBe(8 * 1024);
    expect(mem.vss).toBe(200 * 1024);
    expect(mem.peakVss).toBe(300 * 1024);
    expect(mem.rssShmem).toBe(4 * 1024);
    expect(ins.sections.maps!.totals).toEqual({ size: 204 * 1024, rss: 108 * 1024, pss: 86 * 1024, uss: 64 * 1024, swap: 8 * 1024, count: 5 });
  });

  it('parses each mapping: kind, deleted, hex fields, sanitized path', () => {
    const maps = inspectProcess(42, { procRoot: root, sections: ['maps'] })!.sections.maps!.mappings;
    expect(maps.map((m) => m.kind)).toEqual(['file', 'heap', 'file', 'anon', 'vsyscall']);
    expect(maps[0]).toMatchObject({ start: '5555aaaa0000', end: '5555aaab0000', perms: 'r-xp', offset: '00000000', dev: '08:01', inode: 1234 });
    expect(maps[0].path).toBe('/usr/bin/fake\uFFFD[31m');
    expect(maps[2]).toMatchObject({ path: '/memfd:buf', deleted: true, pss: 2048, uss: 0 });
    expect(maps[3].path).toBe('');
    expect(maps[4]).toMatchObject({ start: 'ffffffffff600000', size: 4096 });
  });

  it('sanitizes the command line and the environment, sorted by name', () => {
    const ins = inspectProcess(42, { procRoot: root, sections: ['state', 'environment'] })!;
    expect(ins.command).toBe('fake --evil=\uFFFD]0;title\uFFFD');
    expect(ins.sections.state!.cmdline).toEqual(['fake', '--evil=\uFFFD]0;title\uFFFD']);
    expect(ins.sections.state!.startedAt).toBe((1700000000 + 5) * 1000);
    expect(ins.sections.state!.ageSeconds).toBe(995);
    expect(ins.sections.environment!.vars).toEqual([
      { name: 'A', value: '\uFFFD[2J' },
      { name: 'M', value: 'x=y' },
      { name: 'Z', value: '1' },
    ]);
  });

  it('a kernel thread: [comm] as the command, no memory, nothing reported missing', () => {
    const ins = inspectProcess(2, { procRoot: root, sections: ['memory', 'maps', 'environment'] })!;
    expect(ins.command).toBe('[kthreadd]');
    expect(ins.sections.memory!.problems).toEqual([]);
    expect(ins.sections.memory!.pss).toBeNull();
    expect(ins.sections.memory!.vss).toBeNull();
    expect(ins.sections.maps!.problems).toEqual([]);
    expect(ins.sections.maps!.mappings).toEqual([]);
    expect(ins.sections.environment!.problems).toEqual([]);
  });

  it('a missing file of a live process is a problem in words', () => {
    const ins = inspectProcess(42, { procRoot: root, sections: ['fds', 'threads'] })!;
    expect(ins.sections.fds!.problems[0]).toMatchObject({ path: `${root}/42/fd`, code: 'ENOENT', why: 'this kernel does not provide it' });
    expect(ins.sections.threads!.problems[0].code).toBe('ENOENT');
  });

  it('no stat: no process', () => {
    expect(inspectProcess(43, { procRoot: root })).toBeNull();
  });
});

describe('parseSmapsMappings and mappingKind', () => {
  it('classifies bracketed names', () => {
    expect(mappingKind('[stack]')).toBe('stack');
    expect(mappingKind('[stack:1234]')).toBe('stack');
    expect(mappingKind('[vdso]')).toBe('vdso');
    expect(mappingKind('[vvar]')).toBe('vvar');
    expect(mappingKind('[anon:jemalloc]')).toBe('anon');
    expect(mappingKind('[uprobes]')).toBe('special');
    expect(mappingKind('anon_inode:i915.gem')).toBe('special');
  });

  it('ignores lines before the first mapping and keeps paths with spaces', () => {
    const { mappings } = parseSmapsMappings('Rss: 4 kB\n00400000-00401000 r--p 00000000 08:01 5 /tmp/a b\nRss: 4 kB\nPrivate_Dirty: 4 kB\n');
    expect(mappings).toHaveLength(1);
    expect(mappings[0]).toMatchObject({ path: '/tmp/a b', rss: 4096, uss: 4096 });
  });
});
