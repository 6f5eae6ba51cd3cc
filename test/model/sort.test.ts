import { describe, expect, it } from 'vitest';
import { getColumnKind } from '../../src/model/columns/registry.js';
import type { ColumnKind } from '../../src/model/columns/types.js';
import { compareStrings, sortRows } from '../../src/model/sort.js';
import { ctx, proc } from './factory.js';

const c = ctx();
const k = (n: string): ColumnKind => getColumnKind(n)!;

const samples = [
  proc({ pid: 5, comm: 'b', cpuPercent: 10 }),
  proc({ pid: 3, comm: 'a', cpuPercent: NaN }),
  proc({ pid: 9, comm: 'c', cpuPercent: 10 }),
  proc({ pid: 1, comm: 'a', cpuPercent: 50 }),
  proc({ pid: 7, comm: 'B', cpuPercent: NaN }),
  proc({ pid: 2, comm: 'c', cpuPercent: 0 }),
];
const pids = (xs: { pid: number }[]) => xs.map((p) => p.pid);

describe('sortRows', () => {
  it('sorts numbers ascending with nulls last and ties by pid', () => {
    expect(pids(sortRows(samples, k('UsageCpu'), 'ascending', c))).toEqual([2, 5, 9, 1, 3, 7]);
  });
  it('sorts numbers descending with nulls still last and ties still by pid ascending', () => {
    expect(pids(sortRows(samples, k('UsageCpu'), 'descending', c))).toEqual([1, 5, 9, 2, 3, 7]);
  });
  it('compares numbers numerically, not as text', () => {
    const xs = [proc({ pid: 10 }), proc({ pid: 9 }), proc({ pid: 100 })];
    expect(pids(sortRows(xs, k('Pid'), 'ascending', c))).toEqual([9, 10, 100]);
  });
  it('sorts strings by code unit, ties by pid', () => {
    expect(pids(sortRows(samples, k('Comm'), 'ascending', c))).toEqual([7, 1, 3, 5, 2, 9]);
    expect(pids(sortRows(samples, k('Comm'), 'descending', c))).toEqual([2, 9, 5, 1, 3, 7]);
  });
  it('is deterministic whatever the input order, and does not mutate the input', () => {
    const before = pids(samples);
    const a = pids(sortRows(samples, k('Comm'), 'ascending', c));
    const b = pids(sortRows(samples.slice().reverse(), k('Comm'), 'ascending', c));
    expect(a).toEqual(b);
    expect(pids(samples)).toEqual(before);
  });
  it('orders thread rows of one process by tid', () => {
    const xs = [proc({ pid: 4, tid: 6, isThread: true }), proc({ pid: 4, tid: 5, isThread: true }), proc({ pid: 4 })];
    expect(sortRows(xs, k('Threads'), 'ascending', c).map((p) => p.tid)).toEqual([4, 5, 6]);
  });
  it('uses a kind\'s custom comparator when it has one', () => {
    const byCommLength: ColumnKind = {
      ...k('Comm'),
      compare: (a, b) => a.comm.length - b.comm.length,
    };
    const xs = [proc({ pid: 1, comm: 'ccc' }), proc({ pid: 2, comm: 'a' }), proc({ pid: 3, comm: 'bb' }), proc({ pid: 0, comm: 'z' })];
    expect(pids(sortRows(xs, byCommLength, 'ascending', c))).toEqual([0, 2, 3, 1]);
    expect(pids(sortRows(xs, byCommLength, 'descending', c))).toEqual([1, 3, 0, 2]);
  });
});

describe('compareStrings', () => {
  it('compares by code unit', () => {
    expect(compareStrings('a', 'b')).toBe(-1);
    expect(compareStrings('b', 'a')).toBe(1);
    expect(compareStrings('B', 'a')).toBe(-1);
    expect(compareStrings('x', 'x')).toBe(0);
  });
});
