import { describe, it, expect } from 'vitest';
import { parseStatus } from '../../../src/collect/parse/status.js';
import { expected, fx } from './fixtures.js';

describe('parseStatus', () => {
  const s = parseStatus(fx('helper/status'));

  it('parses identity fields', () => {
    expect(s.name).toBe('python3');
    expect(s.state).toBe('S');
    expect(s.tgid).toBe(expected.pid);
    expect(s.pid).toBe(expected.pid);
    expect(s.ppid).toBe(5214);
    expect(s.tracerPid).toBe(0);
    expect(s.umask).toBe(0o022);
    expect(s.ngid).toBe(0);
    expect(s.uid).toEqual([0, 0, 0, 0]);
    expect(s.gid).toEqual([0, 0, 0, 0]);
    expect(s.groups).toEqual([]);
    expect(s.nsPid).toEqual([expected.pid]);
    expect(s.fdSize).toBe(256);
    expect(s.threads).toBe(3);
  });

  it('converts kB to bytes', () => {
    expect(s.vmPeak).toBe(233056 * 1024);
    expect(s.vmSize).toBe(167536 * 1024);
    expect(s.vmRss).toBe(15844 * 1024);
    expect(s.vmHwm).toBe(15844 * 1024);
    expect(s.rssAnon).toBe(8436 * 1024);
    expect(s.rssFile).toBe(7408 * 1024);
    expect(s.rssShmem).toBe(0);
    expect(s.vmStk).toBe(132 * 1024);
    expect(s.vmPte).toBe(92 * 1024);
    expect(s.vmSwap).toBe(0);
    expect(s.rssAnon! + s.rssFile! + s.rssShmem!).toBe(s.vmRss);
  });

  it('keeps signal/capability masks and counters', () => {
    expect(s.sigQ).toBe('0/96365');
    expect(s.sigIgn).toBe('0000000001001006');
    expect(s.capEff).toBe('000001fffeffffff');
    expect(s.noNewPrivs).toBe(0);
    expect(s.seccomp).toBe(0);
    expect(s.cpusAllowedList).toBe('0-1');
    expect(s.memsAllowedList).toBe('0');
    expect(s.voluntaryCtxtSwitches).toBe(8);
    expect(s.nonvoluntaryCtxtSwitches).toBe(6);
  });

  it('keeps every line in raw', () => {
    expect(s.raw['Kthread']).toBe('0');
    expect(s.raw['NSsid']).toBe('2232');
    expect(s.raw['THP_enabled']).toBe('1');
    expect(s.raw['VmRSS']).toBe('15844 kB');
    expect(s.raw['Speculation_Store_Bypass']).toBe('vulnerable');
    expect(Object.keys(s.raw).length).toBe(fx('helper/status').trimEnd().split('\n').length);
  });

  it('parses a zombie (no memory lines) and a kernel thread', () => {
    const z = parseStatus(fx('zombie/status'));
    expect(z.state).toBe('Z');
    expect(z.vmRss).toBeUndefined();
    expect(z.threads).toBe(1);
    const k = parseStatus(fx('kthreadd/status'));
    expect(k.name).toBe('kthreadd');
    expect(k.pid).toBe(2);
    expect(k.raw['Kthread']).toBe('1');
    expect(k.vmSize).toBeUndefined();
  });

  it('parses PID 1 with its nice and capabilities', () => {
    const p = parseStatus(fx('pid1/status'));
    expect(p.pid).toBe(1);
    expect(p.ppid).toBe(0);
    expect(p.fdSize).toBe(512);
    expect(p.capPrm).toBe('000001ffffffffff');
    expect(p.vmLck).toBe(41964 * 1024);
  });

  it('parses groups, multi-level NSpid and a Name with spaces', () => {
    const t = parseStatus(
      'Name:\ta (b) c)\nState:\tR (running)\nUid:\t1000\t1001\t1002\t1003\nGid:\t10\t11\t12\t13\n' +
        'Groups:\t4 24 27 1000 \nNSpid:\t812\t7\t1\nThreads:\t2\n',
    );
    expect(t.name).toBe('a (b) c)');
    expect(t.state).toBe('R');
    expect(t.uid).toEqual([1000, 1001, 1002, 1003]);
    expect(t.gid).toEqual([10, 11, 12, 13]);
    expect(t.groups).toEqual([4, 24, 27, 1000]);
    expect(t.nsPid).toEqual([812, 7, 1]);
    expect(t.threads).toBe(2);
  });
});
