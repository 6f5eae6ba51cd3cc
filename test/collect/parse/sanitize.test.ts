import { describe, it, expect } from 'vitest';
import { hasUnsafe, REPLACEMENT, sanitize, sanitizeArgs } from '../../../src/collect/sanitize.js';
import { parseCmdline } from '../../../src/collect/parse/cmdline.js';
import { parseStat } from '../../../src/collect/parse/stat.js';
import { fx } from './fixtures.js';

const R = REPLACEMENT;

describe('sanitize', () => {
  it('replaces ESC[2J and an OSC 52 clipboard write', () => {
    expect(sanitize('\x1b[2Jhi')).toBe(`${R}[2Jhi`);
    expect(sanitize('\x1b]52;c;ZXZpbA==\x07')).toBe(`${R}]52;c;ZXZpbA==${R}`);
  });

  it('replaces the 8-bit CSI U+009B and other C1 controls', () => {
    expect(sanitize('a\u009b2Jb')).toBe(`a${R}2Jb`);
    expect(sanitize('\u0080\u0085\u009f')).toBe(R.repeat(3));
  });

  it('replaces bidi overrides, isolates, marks and line separators', () => {
    expect(sanitize('evil\u202Etxt.exe')).toBe(`evil${R}txt.exe`);
    expect(sanitize('\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069\u200E\u200F\u061C\u2028\u2029')).toBe(R.repeat(13));
  });

  it('replaces newline, tab, CR, NUL and DEL', () => {
    expect(sanitize('a\nb\tc\rd\0e\x7ff')).toBe(`a${R}b${R}c${R}d${R}e${R}f`);
  });

  it('returns a clean string unchanged (same reference), including non-ASCII text', () => {
    for (const s of ['', 'nginx: worker process', 'héllo wörld', '日本語', '🙂 emoji', 'a (b) c)', '\u00a0nbsp', 'zwj\u200d']) {
      expect(sanitize(s)).toBe(s);
      expect(hasUnsafe(s)).toBe(false);
    }
  });

  it('detects unsafe strings', () => {
    expect(hasUnsafe('\x1b')).toBe(true);
    expect(hasUnsafe('ok\u009b')).toBe(true);
    expect(hasUnsafe('x\u2069')).toBe(true);
    // no lastIndex state between calls
    expect(hasUnsafe('\x1b')).toBe(true);
  });

  it('neutralizes the real comm fixtures', () => {
    const esc = parseStat(fx('comm-escape/stat'))!.comm;
    expect(sanitize(esc)).toBe(`${R}[2J${R}]0;pwn${R}`);
    expect(sanitize(parseStat(fx('comm-newline/stat'))!.comm)).toBe(`nl${R}) z`);
    const parens = parseStat(fx('comm-parens/stat'))!.comm;
    expect(sanitize(parens)).toBe(parens);
  });
});

describe('sanitizeArgs', () => {
  it('joins sanitized arguments with single spaces', () => {
    expect(sanitizeArgs(['ls', '-l', 'a\x1b[31mb'])).toBe(`ls -l a${R}[31mb`);
    expect(sanitizeArgs([])).toBe('');
    expect(sanitizeArgs(['x', '', 'y'])).toBe('x  y');
  });

  it('renders an invalid-UTF-8 cmdline safely (decoded as U+FFFD, then sanitized)', () => {
    const args = parseCmdline(Buffer.from([0x63, 0x61, 0x74, 0, 0xc2, 0x9b, 0x32, 0x4a, 0xff, 0]));
    expect(sanitizeArgs(args)).toBe(`cat ${R}2J${R}`);
  });
});
