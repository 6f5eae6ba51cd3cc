import { describe, it, expect } from 'vitest';
import { isKernelThread, parseStat, parseStatBytes, parseStatCold, PF_KTHREAD } from '../../../src/collect/parse/stat.js';
import { expected, fx } from './fixtures.js';

describe('parseStat', () => {
  it('takes comm between the first ( and the last ) when it holds parentheses and spaces', () => {
    const s = parseStat(fx('comm-parens/stat'));
    expect(s).not.toBeNull();
    expect(s!.comm).toBe('a (b) c)');
    expect(s!.pid).toBe(5306);
    expect(s!.state).toBe('S');
    expect(s!.ppid).toBe(5214);
    expect(s!.numThreads).toBe(1);
    expect(s!.rss).toBe(3354);
    expect(s!.vsize).toBe(16965632);
    expect(s!.starttime).toBe(58955);
  });

  it('handles a comm starting with ) and one holding a newline', () => {
    const a = parseStat(fx('comm-close-paren/stat'))!;
    expect(a.comm).toBe(') x) 1 (');
    expect(a.pid).toBe(5311);
    expect(a.state).toBe('S');
    expect(a.utime).toBe(3);
    expect(a.stime).toBe(1);
    const b = parseStat(fx('comm-newline/stat'))!;
    expect(b.comm).toBe('nl\n) z');
    expect(b.ppid).toBe(5214);
    expect(b.processor).toBe(0);
  });

  it("keeps escape sequences raw in comm (sanitizing is the caller's job)", () => {
    const s = parseStat(fx('comm-escape/stat'))!;
    expect(s.comm).toBe('\x1b[2J\x1b]0;pwn\x07');
    expect(s.state).toBe('S');
  });

  it('parses a zombie: state Z, exit code 3<<8, no memory', () => {
    const s = parseStat(fx('zombie/stat'))!;
    expect(s.state).toBe('Z');
    expect(s.comm).toBe('python3');
    expect(s.exitCode).toBe(768);
    expect(s.vsize).toBe(0);
    expect(s.rss).toBe(0);
  });

  it('parses kernel threads (PF_KTHREAD set, ppid 0 or 2)', () => {
    const k = parseStat(fx('kthreadd/stat'))!;
    expect(k.pid).toBe(2);
    expect(k.comm).toBe('kthreadd');
    expect(k.ppid).toBe(0);
    expect(k.flags & PF_KTHREAD).toBe(PF_KTHREAD);
    expect(isKernelThread(k)).toBe(true);
    const s = parseStat(fx('ksoftirqd/stat'))!;
    expect(s.comm).toBe('ksoftirqd/0');
    expect(s.ppid).toBe(2);
    expect(isKernelThread(s)).toBe(true);
  });

  it('parses PID 1 and a user process (not kernel threads)', () => {
    const p1 = parseStat(fx('pid1/stat'))!;
    expect(p1.pid).toBe(1);
    expect(p1.ppid).toBe(0);
    expect(p1.nice).toBe(-10);
    expect(isKernelThread(p1)).toBe(false);
    const h = parseStat(fx('helper/stat'))!;
    expect(h.pid).toBe(expected.pid);
    expect(h.numThreads).toBe(expected.threads);
    expect(isKernelThread(h)).toBe(false);
    // rsslim is 2^64-1 ("unlimited"), beyond 2^53 but still a number
    expect(h.rsslim).toBeGreaterThan(1.8e19);
  });

  it('returns null on empty or malformed input', () => {
    expect(parseStat('')).toBeNull();
    expect(parseStat('garbage')).toBeNull();
    expect(parseStat('12 (x')).toBeNull();
    expect(parseStat('12 (x) S 1 2')).toBeNull();
    expect(parseStat('(x) S ' + '0 '.repeat(50))).toBeNull();
    expect(parseStat('abc (x) S ' + '0 '.repeat(50))).toBeNull();
  });

  it('fills fields a shorter (older kernel) line lacks with 0', () => {
    const line = '7 (old) R 1 7 7 0 -1 0 1 2 3 4 5 6 7 8 20 0 1 0 99 4096 12';
    const s = parseStat(line)!;
    expect(s.rss).toBe(12);
    expect(s.starttime).toBe(99);
    expect(s.exitCode).toBe(0);
    expect(s.processor).toBe(0);
  });

  it('is fast enough for the hot path', () => {
    const text = fx('helper/stat');
    const t0 = performance.now();
    let sum = 0;
    for (let i = 0; i < 50_000; i++) sum += parseStat(text)!.utime;
    const ms = performance.now() - t0;
    expect(sum).toBeGreaterThanOrEqual(0);
    expect(ms).toBeLessThan(2000);
  });
});

describe('parseStatCold and parseStatBytes', () => {
  const fixtures = ['comm-parens', 'comm-close-paren', 'comm-newline', 'comm-escape', 'zombie', 'kthreadd', 'ksoftirqd', 'pid1', 'helper'];
  /** the line in a reused buffer with other bytes after it, as the sampler reads it */
  const inBuffer = (text: string): [Buffer, number] => {
    const b = Buffer.alloc(4096, 0x39); // '9's past the end must not be read as digits
    const n = b.write(text, 'utf8');
    return [b, n];
  };

  it('give exactly what parseStat gives for every captured line', () => {
    for (const name of fixtures) {
      const text = fx(`${name}/stat`);
      const want = parseStat(text);
      expect(want, name).not.toBeNull();
      expect(parseStatCold(text), name).toEqual(want);
      expect(parseStatBytes(...inBuffer(text)), name).toEqual(want);
    }
    const short = '7 (old) R 1 7 7 0 -1 0 1 2 3 4 5 6 7 8 20 0 1 0 99 4096 12';
    expect(parseStatCold(short)).toEqual(parseStat(short));
    expect(parseStatBytes(...inBuffer(short))).toEqual(parseStat(short));
  });

  it('return null on empty or malformed input', () => {
    for (const bad of ['', 'garbage', '12 (x', '12 (x) S 1 2', '(x) S ' + '0 '.repeat(50), 'abc (x) S ' + '0 '.repeat(50)]) {
      expect(parseStatCold(bad), bad).toBeNull();
      expect(parseStatBytes(...inBuffer(bad)), bad).toBeNull();
    }
  });

  it('parseStatBytes returns the previous comm string when the bytes spell it, and decodes UTF-8 otherwise', () => {
    const text = fx('helper/stat');
    const prev = parseStat(text)!.comm;
    const again = String(prev); // same characters
    expect(parseStatBytes(...inBuffer(text), again)!.comm).toBe(again);
    const utf = text.replace(`(${prev})`, '(héllo)');
    expect(parseStatBytes(...inBuffer(utf), 'h\u00e9llo')!.comm).toBe('héllo');
    expect(parseStatBytes(...inBuffer(utf), 'hallo')!.comm).toBe('héllo');
  });
});
