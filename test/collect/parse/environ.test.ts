import { describe, it, expect } from 'vitest';
import { parseEnviron } from '../../../src/collect/parse/environ.js';
import { fxBuf } from './fixtures.js';

describe('parseEnviron', () => {
  it('splits each entry at the first =', () => {
    const env = parseEnviron(fxBuf('helper/environ'));
    expect({ ...env }).toEqual({
      PATH: '/usr/bin:/bin',
      LANG: 'C.UTF-8',
      PTOP_FIXTURE: 'a=b c',
      PTOP_EMPTY: '',
    });
  });

  it('handles empty input, entries without =, and repeated names (first wins)', () => {
    expect(Object.keys(parseEnviron(Buffer.alloc(0)))).toEqual([]);
    const env = parseEnviron(Buffer.from('A=1\0NOEQ\0A=2\0__proto__=x\0'));
    expect(env['A']).toBe('1');
    expect(env['NOEQ']).toBe('');
    expect(env['__proto__']).toBe('x');
  });
});
