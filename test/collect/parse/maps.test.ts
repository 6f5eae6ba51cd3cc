import { describe, it, expect } from 'vitest';
import { parseMapLine, parseMaps } from '../../../src/collect/parse/maps.js';
import { expected, fx } from './fixtures.js';

describe('parseMaps', () => {
  const maps = parseMaps(fx('helper/maps'));

  it('parses every line', () => {
    expect(maps.length).toBe(fx('helper/maps').trimEnd().split('\n').length);
    expect(maps.length).toBeGreaterThan(100);
  });

  it('strips " (deleted)" from a path with spaces and flags it', () => {
    const del = maps.filter((m) => m.deleted);
    expect(del).toHaveLength(1);
    const m = del[0];
    expect(m.path).toBe(expected.paths['mappedDeleted']);
    expect(m.path).toBe('/tmp/ptop fixture mapped.bin');
    expect(m.perms).toBe('rw-s');
    expect(m.offset).toBe(0n);
    expect(m.start).toBe(0x7fa1e7f56000n);
    expect(m.end).toBe(0x7fa1e7f66000n);
    expect(Number(m.end - m.start)).toBe(expected.mappedBytes);
    expect(m.dev).toBe('fe:00');
    expect(m.inode).toBe(2146467);
  });

  it('parses pseudo paths and anonymous mappings', () => {
    const names = new Set(maps.map((m) => m.path));
    expect(names.has('[heap]')).toBe(true);
    expect(names.has('[stack]')).toBe(true);
    expect(names.has('[vdso]')).toBe(true);
    const anon = maps.filter((m) => m.path === '');
    expect(anon.length).toBeGreaterThan(0);
    expect(anon.every((m) => m.inode === 0 && m.dev === '00:00')).toBe(true);
  });

  it('keeps addresses above 2^53 exact as bigint', () => {
    const m = parseMapLine('ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]')!;
    expect(m.start).toBe(0xffffffffff600000n);
    expect(m.end - m.start).toBe(4096n);
    expect(m.path).toBe('[vsyscall]');
    expect(m.perms).toBe('--xp');
  });

  it('parses a line without a path and rejects garbage', () => {
    const m = parseMapLine('7f0000000000-7f0000001000 rw-p 00000000 00:00 0 ')!;
    expect(m.path).toBe('');
    expect(m.deleted).toBe(false);
    expect(parseMapLine('')).toBeNull();
    expect(parseMapLine('Size:   4 kB')).toBeNull();
    expect(parseMapLine('zz-yy rw-p 0 00:00 0')).toBeNull();
  });
});
