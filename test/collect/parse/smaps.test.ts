import { describe, it, expect } from 'vitest';
import { parseMaps } from '../../../src/collect/parse/maps.js';
import {
  emptyCounters,
  parseSmaps,
  parseSmapsRollup,
  sumCounters,
} from '../../../src/collect/parse/smaps.js';
import { parseStatus } from '../../../src/collect/parse/status.js';
import { expected, fx } from './fixtures.js';

const KB = 1024;

describe('parseSmapsRollup', () => {
  it('converts every counter to bytes', () => {
    const r = parseSmapsRollup(fx('helper/smaps_rollup'));
    expect(r.rss).toBe(15844 * KB);
    expect(r.pss).toBe(10094 * KB);
    expect(r.pssAnon).toBe(8436 * KB);
    expect(r.pssFile).toBe(1658 * KB);
    expect(r.pssShmem).toBe(0);
    expect(r.sharedClean).toBe(6740 * KB);
    expect(r.privateClean).toBe(604 * KB);
    expect(r.privateDirty).toBe(8500 * KB);
    expect(r.referenced).toBe(15844 * KB);
    expect(r.anonymous).toBe(8436 * KB);
    expect(r.swap).toBe(0);
    expect(r.size).toBe(0); // the rollup has no Size line
  });

  it('matches status VmRSS', () => {
    const r = parseSmapsRollup(fx('helper/smaps_rollup'));
    expect(r.rss).toBe(parseStatus(fx('helper/status')).vmRss);
  });
});

describe('parseSmaps', () => {
  const entries = parseSmaps(fx('helper/smaps'));

  it('has one entry per mapping, with the same headers as maps', () => {
    expect(entries.length).toBe(157);
    const maps = parseMaps(fx('helper/maps'));
    expect(entries.map((e) => e.path)).toEqual(maps.map((m) => m.path));
    expect(entries.map((e) => e.start)).toEqual(maps.map((m) => m.start));
  });

  it('parses the deleted mapping with its counters and VmFlags', () => {
    const del = entries.filter((e) => e.deleted);
    expect(del).toHaveLength(1);
    const e = del[0];
    expect(e.path).toBe('/tmp/ptop fixture mapped.bin');
    expect(e.counters.size).toBe(64 * KB);
    expect(e.counters.rss).toBe(64 * KB);
    expect(e.counters.pss).toBe(64 * KB);
    expect(e.counters.privateDirty).toBe(64 * KB);
    expect(e.counters.anonymous).toBe(0);
    expect(e.vmFlags).toEqual(['rd', 'wr', 'sh', 'mr', 'mw', 'me', 'ms']);
  });

  it('every mapping has Size = end - start', () => {
    for (const e of entries) expect(e.counters.size).toBe(Number(e.end - e.start));
  });

  it('per-mapping sums equal smaps_rollup (Pss within per-mapping rounding)', () => {
    const sum = sumCounters(entries);
    const r = parseSmapsRollup(fx('helper/smaps_rollup'));
    for (const k of ['rss', 'sharedClean', 'sharedDirty', 'privateClean', 'privateDirty', 'referenced', 'anonymous', 'swap', 'locked'] as const) {
      expect(sum[k], k).toBe(r[k]);
    }
    // the rollup accumulates Pss at sub-kB precision and rounds once; smaps rounds each mapping down
    expect(sum.pss).toBeLessThanOrEqual(r.pss);
    expect(r.pss - sum.pss).toBeLessThanOrEqual(entries.length * KB);
    // Pss_Anon/Pss_File/Pss_Shmem exist only in smaps_rollup, not per mapping
    expect(sum.pssAnon).toBe(0);
    expect(r.pssAnon + r.pssFile + r.pssShmem).toBe(r.pss);
    // VmSize (mm->total_vm) does not count the [vsyscall] page, which is not a real VMA
    const vsyscall = entries.filter((e) => e.path === '[vsyscall]');
    expect(vsyscall).toHaveLength(1);
    expect(sum.size - vsyscall[0].counters.size).toBe(parseStatus(fx('helper/status')).vmSize);
  });

  it('sumCounters of nothing is emptyCounters', () => {
    expect(sumCounters([])).toEqual(emptyCounters());
    expect(Object.values(emptyCounters()).every((v) => v === 0)).toBe(true);
  });

  it('parses 50,000 mappings quickly', () => {
    const text = fx('helper/smaps');
    const reps = Math.ceil(50_000 / entries.length);
    const big = text.repeat(reps);
    const t0 = performance.now();
    const many = parseSmaps(big);
    const ms = performance.now() - t0;
    expect(many.length).toBe(entries.length * reps);
    expect(many.length).toBeGreaterThanOrEqual(50_000);
    expect(sumCounters(many).rss).toBe(sumCounters(entries).rss * reps);
    expect(ms).toBeLessThan(3000);
  });

  it('is unaffected by the helper pid (sanity: fixture belongs to the helper)', () => {
    expect(fx('helper/stat').startsWith(`${expected.pid} (`)).toBe(true);
  });
});
