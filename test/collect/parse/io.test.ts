import { describe, it, expect } from 'vitest';
import { parseIo } from '../../../src/collect/parse/io.js';
import { fx } from './fixtures.js';

describe('parseIo', () => {
  it('parses every counter', () => {
    expect(parseIo(fx('helper/io'))).toEqual({
      rchar: 1585962,
      wchar: 68284,
      syscr: 185,
      syscw: 5,
      readBytes: 45056,
      writeBytes: 81920,
      cancelledWriteBytes: 0,
    });
  });

  it('leaves absent counters at 0', () => {
    const io = parseIo('rchar: 5\n');
    expect(io.rchar).toBe(5);
    expect(io.writeBytes).toBe(0);
  });
});
