import { describe, it, expect } from 'vitest';
import { parseWchan } from '../../../src/collect/parse/wchan.js';
import { fx } from './fixtures.js';

describe('parseWchan', () => {
  it('returns the kernel function a sleeping task waits in', () => {
    expect(parseWchan(fx('helper/wchan'))).toBe('__do_sys_pause');
    expect(parseWchan(fx('kthreadd/wchan'))).toBe('kthreadd');
  });

  it('maps "0" (running, or hidden) to ""', () => {
    expect(fx('running/wchan')).toBe('0');
    expect(parseWchan(fx('running/wchan'))).toBe('');
    expect(parseWchan(fx('pid1/wchan'))).toBe('');
    expect(parseWchan('')).toBe('');
  });
});
