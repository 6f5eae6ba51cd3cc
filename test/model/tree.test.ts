import { describe, expect, it } from 'vitest';
import { getColumnKind } from '../../src/model/columns/registry.js';
import { buildTree, withRelatives, type TreeNode } from '../../src/model/tree.js';
import { ctx, proc } from './factory.js';

const SYMBOLS = ['│', '─', '┬', '├', '└'];
const p = (pid: number, ppid: number, extra: Parameters<typeof proc>[0] = {}) =>
  proc({ pid, comm: `p${pid}`, ...extra, stat: { ppid, ...(extra.stat ?? {}) } });

// 1 ─┬─ 10 ─┬─ 100
//    │      └─ 101
//    └─ 11
// 50 (parent 999 is not in the list: an orphan → a root)
const samples = [p(101, 10), p(11, 1), p(1, 0), p(100, 10), p(50, 999), p(10, 1)];
const draw = (nodes: TreeNode[]) => nodes.map((n) => `${n.prefix} ${n.sample.comm}`);

describe('buildTree', () => {
  it('draws a 3-level tree with siblings and an orphan, procs style', () => {
    const nodes = buildTree(samples, { symbols: SYMBOLS });
    expect(draw(nodes)).toEqual([
      '├┬ p1',
      '│├┬ p10',
      '││├─ p100',
      '││└─ p101',
      '│└─ p11',
      '└─ p50',
    ]);
    expect(nodes.map((n) => n.depth)).toEqual([0, 1, 2, 2, 1, 0]);
    expect(nodes.map((n) => n.hasChildren)).toEqual([true, true, false, false, false, false]);
    expect(nodes.every((n) => !n.collapsed && !n.auxiliary)).toBe(true);
  });
  it('uses the configured symbols', () => {
    const nodes = buildTree(samples, { symbols: ['|', '-', '+', '+', '`'] });
    expect(nodes[2].prefix).toBe('||+-');
    expect(nodes[5].prefix).toBe('`-');
  });
  it('orders siblings by the sort kind, ties by pid', () => {
    const withCpu = [
      p(1, 0),
      p(2, 1, { cpuPercent: 5 }),
      p(3, 1, { cpuPercent: 50 }),
      p(4, 1, { cpuPercent: 5 }),
      p(5, 3, { cpuPercent: 1 }),
    ];
    const nodes = buildTree(withCpu, { symbols: SYMBOLS, sortKind: getColumnKind('UsageCpu'), order: 'descending', ctx: ctx() });
    expect(draw(nodes)).toEqual(['└┬ p1', ' ├┬ p3', ' │└─ p5', ' ├─ p2', ' └─ p4']);
  });
  it('hides the children of collapsed pids', () => {
    const nodes = buildTree(samples, { symbols: SYMBOLS, collapsed: new Set([10]) });
    // a folded node is marked (+, htop's mark), not drawn like a leaf
    expect(draw(nodes)).toEqual(['├┬ p1', '│├+ p10', '│└─ p11', '└─ p50']);
    expect(nodes[1]).toMatchObject({ hasChildren: true, collapsed: true });
    // a sixth symbol replaces the mark
    expect(draw(buildTree(samples, { symbols: [...SYMBOLS, '*'], collapsed: new Set([10]) }))[1]).toBe('│├* p10');
  });
  it('hangs thread rows under their process', () => {
    const rows = [p(1, 0), proc({ pid: 1, tid: 7, isThread: true, comm: 't7' }), p(8, 1)];
    expect(draw(buildTree(rows, { symbols: SYMBOLS }))).toEqual(['└┬ p1', ' ├─ t7', ' └─ p8']);
  });
  it('survives a parent cycle and self-parented rows', () => {
    const rows = [p(5, 6), p(6, 5), p(7, 7)];
    const nodes = buildTree(rows, { symbols: SYMBOLS });
    expect(nodes.map((n) => n.sample.pid).sort()).toEqual([5, 6, 7]);
  });
  it('returns nothing for no rows', () => {
    expect(buildTree([], { symbols: SYMBOLS })).toEqual([]);
  });
});

describe('withRelatives', () => {
  it('keeps matches, their ancestors and descendants; marks the non-matches auxiliary', () => {
    const rows = withRelatives(samples, new Set([10]));
    expect(rows.map((r) => [r.sample.pid, r.auxiliary])).toEqual([
      [101, true],
      [1, true],
      [100, true],
      [10, false],
    ]);
  });
  it('feeds buildTree, which carries the auxiliary marks', () => {
    const nodes = buildTree(withRelatives(samples, new Set([100])), { symbols: SYMBOLS });
    expect(draw(nodes)).toEqual(['└┬ p1', ' └┬ p10', '  └─ p100']);
    expect(nodes.map((n) => n.auxiliary)).toEqual([true, true, false]);
  });
  it('accepts a predicate and can leave out parents or children', () => {
    const isP10 = (s: { pid: number }) => s.pid === 10;
    expect(withRelatives(samples, isP10, { children: false }).map((r) => r.sample.pid)).toEqual([1, 10]);
    expect(withRelatives(samples, isP10, { parents: false }).map((r) => r.sample.pid)).toEqual([101, 100, 10]);
  });
  it('an orphan match has no ancestors; no match keeps nothing', () => {
    expect(withRelatives(samples, new Set([50])).map((r) => r.sample.pid)).toEqual([50]);
    expect(withRelatives(samples, new Set<number>())).toEqual([]);
  });
});
