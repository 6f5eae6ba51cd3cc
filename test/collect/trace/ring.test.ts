// The bounded ring and the running syscall summary.

import { describe, expect, it } from 'vitest';
import { Ring, SyscallSummary } from '../../../src/collect/trace/ring.js';
import { parseStraceLine } from '../../../src/collect/trace/strace-parse.js';

describe('Ring', () => {
  it('keeps the newest `capacity` items, oldest first, and counts everything seen', () => {
    const r = new Ring<number>(3);
    expect(r.length).toBe(0);
    expect(r.at(0)).toBeUndefined();
    for (let i = 0; i < 5; i++) r.push(i);
    expect(r.length).toBe(3);
    expect(r.totalSeen).toBe(5);
    expect(r.dropped).toBe(2);
    expect(r.firstSeq).toBe(2);
    expect([r.at(0), r.at(1), r.at(2), r.at(3), r.at(-1)]).toEqual([2, 3, 4, undefined, undefined]);
    expect([...r]).toEqual([2, 3, 4]);
    expect(r.slice(1, 10)).toEqual([3, 4]);
    expect(r.slice(-5, 2)).toEqual([2, 3]);
    expect(r.bySeq(1)).toBeUndefined();
    expect(r.bySeq(4)).toBe(4);
    r.clear();
    expect(r.length).toBe(0);
    expect(r.totalSeen).toBe(5);
    r.push(9);
    expect([...r]).toEqual([9]);
  });

  it('stays at capacity over a million pushes (window access is constant time)', () => {
    const r = new Ring<{ n: number }>(10_000);
    for (let i = 0; i < 1_000_000; i++) r.push({ n: i });
    expect(r.length).toBe(10_000);
    expect(r.at(0)!.n).toBe(990_000);
    expect(r.at(9_999)!.n).toBe(999_999);
    expect(r.slice(5000, 5003).map((x) => x.n)).toEqual([995_000, 995_001, 995_002]);
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new Ring(0)).toThrow(RangeError);
    expect(() => new Ring(1.5)).toThrow(RangeError);
  });
});

describe('SyscallSummary', () => {
  const L = (s: string) => parseStraceLine(s, 1);

  it('counts calls, time, errors, slow calls and signals; ranks by count and by time', () => {
    const s = new SyscallSummary({ slowMs: 10 });
    const t = 1_000_000;
    for (let i = 0; i < 5; i++) s.add(L('write(1, "x", 1) = 1 <0.000010>'), t);
    s.add(L('read(3, 0x1, 10) = -1 EAGAIN (Resource temporarily unavailable) <0.000020>'), t);
    s.add(L('clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=0, tv_nsec=50000000}, NULL) = 0 <0.050100>'), t);
    s.add(L('--- SIGCHLD {si_signo=SIGCHLD} ---'), t);
    s.add(L('wait4(-1,  <unfinished ...>'), t); // not complete: not counted
    s.add(L('<... wait4 resumed>NULL, 0, NULL) = 7 <0.000100>'), t); // completes one
    const snap = s.snapshot(2, t + 1000);
    expect(snap.calls).toBe(8);
    expect(snap.errors).toBe(1);
    expect(snap.slow).toBe(1);
    expect(snap.signals).toBe(1);
    expect(snap.topByCount.map((x) => [x.name, x.count])).toEqual([
      ['write', 5],
      ['clock_nanosleep', 1],
    ]);
    expect(snap.topByTime[0].name).toBe('clock_nanosleep');
    expect(snap.topByTime[0].totalSec).toBeCloseTo(0.0501, 6);
    expect(snap.topByCount[0].totalSec).toBeCloseTo(0.00005, 8);
  });

  it('syscalls per second over a sliding window', () => {
    const s = new SyscallSummary({ windowMs: 2000 });
    const line = L('getppid() = 1 <0.000001>');
    const t0 = 10_000_000;
    // 100 calls per 100 ms for 4 s: 1000/s
    for (let ms = 0; ms < 4000; ms += 100) for (let i = 0; i < 100; i++) s.add(line, t0 + ms);
    expect(s.perSecond(t0 + 3999)).toBeGreaterThan(900);
    expect(s.perSecond(t0 + 3999)).toBeLessThan(1100);
    // then silence: the rate falls to 0 once the window has passed
    expect(s.perSecond(t0 + 4000 + 2500)).toBe(0);
    // early on the rate is over the time since the first call, not the whole window
    const e = new SyscallSummary({ windowMs: 3000 });
    for (let i = 0; i < 500; i++) e.add(line, t0);
    expect(e.perSecond(t0 + 500)).toBe(1000);
  });
});
