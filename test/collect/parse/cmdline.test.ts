import { describe, it, expect } from 'vitest';
import { parseCmdline, parseCmdlineText } from '../../../src/collect/parse/cmdline.js';
import { expected, fxBuf } from './fixtures.js';

describe('parseCmdline', () => {
  it('splits at NULs, keeping spaces, an empty middle argument and UTF-8', () => {
    const args = parseCmdline(fxBuf('helper/cmdline'));
    expect(args).toEqual(['/root/.pyenv/versions/3.11.7/bin/python3', ...expected.argv]);
    expect(args[3]).toBe('arg with spaces');
    expect(args[5]).toBe('');
    expect(args[6]).toBe('héllo wörld');
  });

  it('gives [] for a zombie and a kernel thread (empty file)', () => {
    expect(fxBuf('zombie/cmdline').length).toBe(0);
    expect(parseCmdline(fxBuf('zombie/cmdline'))).toEqual([]);
    expect(parseCmdline(fxBuf('kthreadd/cmdline'))).toEqual([]);
    expect(parseCmdline(Buffer.alloc(0))).toEqual([]);
  });

  it('gives one element for argv rewritten setproctitle-style without any NUL', () => {
    const buf = fxBuf('proctitle/cmdline');
    expect(buf.includes(0)).toBe(false);
    const args = parseCmdline(buf);
    expect(args).toHaveLength(1);
    expect(args[0].startsWith('ptop-worker: idle conn 127.0.0.1 ')).toBe(true);
    expect(args[0].trimEnd()).toBe('ptop-worker: idle conn 127.0.0.1');
  });

  it('drops the NUL padding node leaves after process.title', () => {
    const buf = fxBuf('node-title/cmdline');
    expect(buf.length).toBeGreaterThan(40);
    expect(parseCmdline(buf)).toEqual(['ptop node title']);
  });

  it('decodes invalid UTF-8 as U+FFFD', () => {
    const buf = Buffer.from([0x61, 0xff, 0x62, 0, 0x63, 0]);
    expect(parseCmdline(buf)).toEqual(['a\uFFFDb', 'c']);
  });
});

describe('parseCmdlineText', () => {
  it('gives what parseCmdline gives for the same file decoded as UTF-8', () => {
    const bufs = ['helper', 'zombie', 'kthreadd', 'proctitle', 'node-title'].map((n) => fxBuf(`${n}/cmdline`));
    bufs.push(Buffer.from([0x61, 0xff, 0x62, 0, 0x63, 0]), Buffer.from([0, 0, 0]), Buffer.from('a\0\0b\0'));
    for (const b of bufs) expect(parseCmdlineText(b.toString('utf8'))).toEqual(parseCmdline(b));
  });
});
