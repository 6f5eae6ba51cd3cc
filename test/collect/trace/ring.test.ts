// The bounded ring and the running syscall summary.

import { describe, expect, it } from 'vitest';
import { placeStraceLine, Ring, SyscallSummary } from '../../../src/collect/trace/ring.js';
import { parseStraceLine, StraceJoiner, type StraceLine } from '../../../src/collect/trace/strace-parse.js';

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

  it('replaces a held item by sequence number and logs it; a dropped one is left alone', () => {
    const r = new Ring<string>(3);
    for (const x of ['a', 'b', 'c', 'd']) r.push(x); // holds b c d (seq 1..3)
    expect(r.revisions).toBe(0);
    expect(r.revisedSince(0)).toEqual([]);
    expect(r.replace(2, 'C')).toBe(true);
    expect(r.replace(0, 'A')).toBe(false); // dropped
    expect(r.replace(4, 'E')).toBe(false); // not pushed yet
    expect([...r]).toEqual(['b', 'C', 'd']);
    expect(r.totalSeen).toBe(4);
    expect(r.revisions).toBe(1);
    expect(r.revisedSince(0)).toEqual([2]);
    for (let i = 0; i < 300; i++) r.replace(3, `d${i}`);
    expect(r.revisedSince(300)).toEqual([3]);
    expect(r.revisedSince(0)).toBeNull(); // the log holds the last 256: rescan
  });

  it('rejects a capacity that is not a positive integer', () => {
    expect(() => new Ring(0)).toThrow(RangeError);
    expect(() => new Ring(1.5)).toThrow(RangeError);
  });
});

describe('placeStraceLine', () => {
  it('a call completed after another task\'s line goes where its unfinished line was, once, with both lines', () => {
    const ring = new Ring<StraceLine>(100);
    const starts = new WeakMap<StraceLine, number>();
    const j = new StraceJoiner(10);
    const how: string[] = [];
    for (const line of [
      '[pid 10] 15:13:47.642141 write(3, "ptopmark 48\\n", 12 <unfinished ...>',
      '[pid 11] 15:13:47.642150 clock_nanosleep(CLOCK_MONOTONIC, 0, {tv_sec=0, tv_nsec=1000000}, NULL) = 0 <0.001063>',
      '[pid 10] 15:13:47.642190 <... write resumed>) = 12 <0.000040>',
      '[pid 10] 15:13:47.665057 write(3, "ptopmark 49\\n", 12) = 12 <0.000155>',
    ])
      for (const rec of j.push(line)) how.push(placeStraceLine(ring, starts, rec));
    expect(how).toEqual(['pushed', 'pushed', 'replaced', 'pushed']);
    expect(ring.length).toBe(3);
    const [w48, sleep, w49] = [...ring];
    expect(w48).toMatchObject({ kind: 'call', joined: true, start: null, syscall: 'write', time: '15:13:47.642141', result: '12', durationSec: 0.00004 });
    expect(w48.args).toBe('3, "ptopmark 48\\n", 12');
    expect(w48.raw.split('\n')).toEqual(['[pid 10] 15:13:47.642141 write(3, "ptopmark 48\\n", 12 <unfinished ...>', '[pid 10] 15:13:47.642190 <... write resumed>) = 12 <0.000040>']);
    expect(sleep.syscall).toBe('clock_nanosleep');
    expect(w49.args).toBe('3, "ptopmark 49\\n", 12');
    expect(ring.revisedSince(0)).toEqual([0]);
  });

  it('when the unfinished line has dropped out of the ring, the completed call is pushed', () => {
    const ring = new Ring<StraceLine>(2);
    const starts = new WeakMap<StraceLine, number>();
    const j = new StraceJoiner(10);
    const place = (line: string) => j.push(line).map((rec) => placeStraceLine(ring, starts, rec));
    place('[pid 10] 10:00:00.000001 read(0,  <unfinished ...>');
    place('[pid 11] 10:00:00.000002 getpid() = 11 <0.000001>');
    place('[pid 11] 10:00:00.000003 getpid() = 11 <0.000001>');
    expect(place('[pid 10] 10:00:01.000000 <... read resumed>"x", 1) = 1 <1.000000>')).toEqual(['pushed']);
    expect(ring.at(1)).toMatchObject({ kind: 'call', joined: true, syscall: 'read', args: '0, "x", 1', time: '10:00:00.000001' });
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
