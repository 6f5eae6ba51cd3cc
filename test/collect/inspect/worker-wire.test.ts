// The inspection worker's wire encoding (src/collect/inspect/worker-wire.ts): a reading comes out
// of the decoder equal to what went into the encoder; against the previous reading, only new
// entries travel, unchanged entries and sections keep their identity on the receiving side, and a
// reading that does not fit the receiver's previous one is an error, not wrong data.

import { describe, expect, it } from 'vitest';
import type { FdsSection, Inspection, MapsSection, OpenFd } from '../../../src/collect/inspect/types.js';
import { ReadingDecoder, ReadingEncoder, WireError, sameJson } from '../../../src/collect/inspect/worker-wire.js';
import { fd, fdsSection, inspection, mapping, mapsSection, memorySection } from '../../ui/detail/fixtures.js';

function reading(pid: number, fds: OpenFd[], maps?: MapsSection): Inspection {
  const sections: Inspection['sections'] = { memory: memorySection(), fds: fdsSection(fds) };
  if (maps) sections.maps = maps;
  return inspection({ pid }, sections);
}

const manyFds = (n: number) => Array.from({ length: n }, (_, i) => fd(i));

describe('ReadingEncoder / ReadingDecoder', () => {
  it('the first reading travels whole and comes out equal', () => {
    const enc = new ReadingEncoder();
    const dec = new ReadingDecoder();
    const r = reading(10, manyFds(5), mapsSection([mapping(0)]));
    const wire = enc.encode(1, r, true);
    expect(wire.rows).toEqual({});
    expect(wire.same).toEqual([]);
    expect(dec.decode(wire)).toEqual(r);
  });

  it('then only what changed travels; unchanged entries and sections keep their identity', () => {
    const enc = new ReadingEncoder();
    const dec = new ReadingDecoder();
    const fds = manyFds(1000);
    const maps = mapsSection([mapping(0), mapping(1)]);
    const a = dec.decode(enc.encode(1, reading(10, fds, maps), true));

    // fd 500 moved on, fd 999 closed, fd 1000 opened; the maps are equal but new objects
    const next = fds.slice(0, 999);
    next[500] = { ...next[500], pos: 42 };
    next.push(fd(1000));
    const r2 = reading(10, next, mapsSection([mapping(0), mapping(1)]));
    const wire = enc.encode(2, r2, true);
    expect(wire.same).toEqual(['maps']);
    expect(JSON.parse(wire.json).sections.fds.fds.map((f: OpenFd) => f.fd)).toEqual([500, 1000]);
    const b = dec.decode(wire);
    expect(b).toEqual(r2);
    expect(b.sections.maps).toBe(a.sections.maps);
    const bf = b.sections.fds!.fds;
    const af = a.sections.fds!.fds;
    expect(bf[0]).toBe(af[0]);
    expect(bf[998]).toBe(af[998]);
    expect(bf[500]).not.toBe(af[500]);
    expect(bf[500].pos).toBe(42);

    // the same section object again: named only
    const r3: Inspection = { ...r2, sections: { ...r2.sections } };
    const w3 = enc.encode(3, r3, true);
    expect(w3.same.sort()).toEqual(['fds', 'maps']);
    expect(dec.decode(w3).sections.fds).toBe(b.sections.fds);
  });

  it('a section whose list is equal but whose counts changed travels with its rows', () => {
    const enc = new ReadingEncoder();
    const dec = new ReadingDecoder();
    const fds = manyFds(3);
    dec.decode(enc.encode(1, reading(10, fds), true));
    const sec: FdsSection = { ...fdsSection(fds), problems: [{ what: 'the fd targets', path: '/proc/10/fd/1', code: 'EACCES', why: 'because' }] };
    const r = inspection({ pid: 10 }, { fds: sec });
    const w = enc.encode(2, r, true);
    expect(w.same).toEqual([]);
    expect(Array.from(w.rows.fds!)).toEqual([0, 1, 2]);
    expect(dec.decode(w).sections.fds).toEqual(sec);
  });

  it('starts afresh for another PID', () => {
    const enc = new ReadingEncoder();
    const dec = new ReadingDecoder();
    dec.decode(enc.encode(1, reading(10, manyFds(3)), true));
    const w = enc.encode(2, reading(11, manyFds(3)), true);
    expect(w.rows).toEqual({});
    expect(dec.decode(w).pid).toBe(11);
  });

  it('a reading that does not fit the previous one is an error', () => {
    const enc = new ReadingEncoder();
    enc.encode(1, reading(10, manyFds(3)), true);
    const w = enc.encode(2, reading(10, manyFds(4)), true);
    expect(() => new ReadingDecoder().decode(w)).toThrow(WireError);
  });

  it('sameJson compares JSON values deeply', () => {
    expect(sameJson({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toBe(true);
    expect(sameJson({ a: [1, { b: null }] }, { a: [1, { b: 0 }] })).toBe(false);
    expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameJson([1], { 0: 1 })).toBe(false);
  });
});
