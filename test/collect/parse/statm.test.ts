import { describe, it, expect } from 'vitest';
import { parseStatm } from '../../../src/collect/parse/statm.js';
import { parseStatus } from '../../../src/collect/parse/status.js';
import { fx, meta } from './fixtures.js';

describe('parseStatm', () => {
  const page = Number(meta()['PAGE_SIZE']);

  it('converts pages to bytes', () => {
    expect(page).toBe(4096);
    const m = parseStatm(fx('helper/statm'), page);
    expect(m).toEqual({
      size: 41884 * 4096,
      resident: 3961 * 4096,
      shared: 1852 * 4096,
      text: 1 * 4096,
      data: 6658 * 4096,
    });
  });

  it('agrees with status VmSize and VmRSS of the same capture', () => {
    const m = parseStatm(fx('helper/statm'), page);
    const s = parseStatus(fx('helper/status'));
    expect(m.size).toBe(s.vmSize);
    expect(m.resident).toBe(s.vmRss);
    expect(m.shared).toBe(s.rssFile! + s.rssShmem!);
  });

  it('gives zeros for empty input', () => {
    expect(parseStatm('', 4096)).toEqual({ size: 0, resident: 0, shared: 0, text: 0, data: 0 });
  });
});
