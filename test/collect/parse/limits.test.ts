import { describe, it, expect } from 'vitest';
import { parseLimits } from '../../../src/collect/parse/limits.js';
import { fx } from './fixtures.js';

describe('parseLimits', () => {
  const l = parseLimits(fx('helper/limits'));
  const get = (name: string) => l.find((x) => x.name === name)!;

  it('parses all 16 rows, unlimited as null', () => {
    expect(l).toHaveLength(16);
    expect(get('Max open files')).toEqual({ name: 'Max open files', soft: 20000, hard: 20000, units: 'files' });
    expect(get('Max stack size')).toEqual({ name: 'Max stack size', soft: 8388608, hard: null, units: 'bytes' });
    expect(get('Max cpu time')).toEqual({ name: 'Max cpu time', soft: null, hard: null, units: 'seconds' });
    expect(get('Max core file size')).toMatchObject({ soft: 0, hard: null });
    expect(get('Max realtime timeout')).toMatchObject({ soft: null, units: 'us' });
  });

  it('keeps rows without units', () => {
    expect(get('Max nice priority')).toEqual({ name: 'Max nice priority', soft: 0, hard: 0, units: '' });
  });

  it('parses PID 1 and the fixed-width example without a header', () => {
    expect(parseLimits(fx('pid1/limits'))).toHaveLength(16);
    const row = 'Max open files            1024                 1048576              files     ';
    expect(parseLimits(row)).toEqual([{ name: 'Max open files', soft: 1024, hard: 1048576, units: 'files' }]);
  });
});
