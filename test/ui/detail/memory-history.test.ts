// The memory history behind the Memory tab's sparklines: bounded per PID (thinned to span the
// whole time watched), fed by table samples (RSS) and the view's readings (RSS and PSS), PIDs
// forgotten when they exit or are reused, and a cap on PIDs.

import { describe, expect, it } from 'vitest';
import { MemoryHistory } from '../../../src/ui/detail/memory-history.js';
import { proc } from '../../model/factory.js';

const MiB = 1024 * 1024;
const T0 = 1_700_000_000_000;

describe('MemoryHistory', () => {
  it('never holds more than its points per PID, and always spans the first reading to the newest', () => {
    const h = new MemoryHistory({ points: 16 });
    for (let i = 0; i < 10_000; i++) {
      h.record(1, { at: T0 + i * 1000, rss: (i + 1) * MiB, pss: null });
      expect(h.get(1).length).toBeLessThanOrEqual(16);
    }
    const pts = h.get(1);
    expect(pts.length).toBeGreaterThan(8);
    expect(pts[pts.length - 1]).toEqual({ at: T0 + 9999 * 1000, rss: 10_000 * MiB, pss: null });
    // the first kept point is from the first stretch of the time watched
    expect(pts[0].at - T0).toBeLessThan(10_000 * 1000 / 8);
    // oldest first, evenly thinned: the gaps between kept points are equal but for the newest
    const gaps = pts.slice(1, -1).map((p, i) => p.at - pts[i].at);
    expect(new Set(gaps.slice(1)).size).toBe(1);
  });

  it('gives the same array until a point is added (the Memory tab memoises on it)', () => {
    const h = new MemoryHistory();
    h.record(1, { at: T0, rss: MiB, pss: 2 * MiB });
    const a = h.get(1);
    expect(h.get(1)).toBe(a);
    expect(a).toEqual([{ at: T0, rss: MiB, pss: 2 * MiB }]);
    h.record(1, { at: T0, rss: 5 * MiB, pss: null }); // not newer: ignored
    expect(h.get(1)).toBe(a);
    h.record(1, { at: T0 + 1, rss: 5 * MiB, pss: null });
    expect(h.get(1)).not.toBe(a);
    expect(h.get(2)).toEqual([]);
  });

  it('a table sample records RSS (statm, else stat pages) of each process, not of thread rows', () => {
    const h = new MemoryHistory();
    const withStatm = { ...proc({ pid: 10 }), statm: { size: 0, resident: 3 * MiB, shared: 0, text: 0, data: 0 } };
    const thread = { ...proc({ pid: 11 }), tid: 12, isThread: true };
    h.sample([withStatm, proc({ pid: 11, stat: { rss: 512 } }), thread], 4096, T0);
    expect(h.get(10)).toEqual([{ at: T0, rss: 3 * MiB, pss: null }]);
    expect(h.get(11)).toEqual([{ at: T0, rss: 2 * MiB, pss: null }]);
    expect(h.get(12)).toEqual([]);
    expect(h.size).toBe(2);
  });

  it('forgets a PID that exited (but the kept one) and starts anew when a PID is reused', () => {
    const h = new MemoryHistory();
    const p = (pid: number, starttime: number) => proc({ pid, stat: { rss: 256, starttime } });
    h.sample([p(1, 100), p(2, 200), p(3, 300)], 4096, T0);
    h.record(3, { at: T0 + 500, rss: MiB, pss: MiB }); // the view reads PID 3
    h.sample([p(1, 100), p(2, 999)], 4096, T0 + 1000, 3);
    expect(h.get(1)).toHaveLength(2);
    expect(h.get(2)).toEqual([{ at: T0 + 1000, rss: MiB, pss: null }]); // another process
    expect(h.get(3)).toHaveLength(2); // kept, and not recorded from the table
    h.sample([p(1, 100)], 4096, T0 + 2000);
    expect([h.get(2).length, h.get(3).length, h.size]).toEqual([0, 0, 1]);
  });

  it('keeps at most `pids` PIDs, the oldest going first', () => {
    const h = new MemoryHistory({ pids: 3 });
    for (let pid = 1; pid <= 5; pid++) h.record(pid, { at: T0, rss: MiB, pss: null });
    expect(h.size).toBe(3);
    expect([1, 2, 3, 4, 5].map((pid) => h.get(pid).length)).toEqual([0, 0, 1, 1, 1]);
  });
});
