// The whole-core check (elf-core.ts) on a real core that gdb writes here of a `sleep`, cut short at
// several points, and on hand-made ELF headers: 32/64-bit, both byte orders, PN_XNUM, not a core.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCoreBuffer, checkCoreFile } from '../../../src/collect/trace/elf-core.js';
import { killTraceProcs, startProc } from './trace-procs.js';

let dir: string;
let core: Buffer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ptop-elf-core-test-'));
  const sleeper = await startProc('/bin/sleep', ['1000'], { comm: 'sleep' });
  const path = join(dir, 'core.sleep');
  const g = spawnSync('gdb', ['-p', String(sleeper.pid), '-batch', '-nx', '-ex', `generate-core-file ${path}`], { encoding: 'utf8', timeout: 60_000 });
  expect(g.stdout + g.stderr).toMatch(/Saved corefile/);
  core = readFileSync(path);
  await sleeper.kill();
});

afterAll(async () => {
  await killTraceProcs();
  rmSync(dir, { recursive: true, force: true });
});

/** a minimal core: ELF header, `phdrs` program headers [offset, filesz], no sections */
function craft(opts: { is64?: boolean; le?: boolean; type?: number; phdrs: Array<[number, number]>; xnum?: boolean; size: number }): Buffer {
  const is64 = opts.is64 ?? true;
  const le = opts.le ?? true;
  const b = Buffer.alloc(opts.size);
  const w16 = (o: number, v: number) => (le ? b.writeUInt16LE(v, o) : b.writeUInt16BE(v, o));
  const w32 = (o: number, v: number) => (le ? b.writeUInt32LE(v, o) : b.writeUInt32BE(v, o));
  const w64 = (o: number, v: number) => (le ? b.writeBigUInt64LE(BigInt(v), o) : b.writeBigUInt64BE(BigInt(v), o));
  const word = is64 ? w64 : w32;
  b.writeUInt32BE(0x7f454c46, 0);
  b[4] = is64 ? 2 : 1;
  b[5] = le ? 1 : 2;
  b[6] = 1;
  w16(16, opts.type ?? 4);
  const ehsize = is64 ? 64 : 52;
  const phent = is64 ? 56 : 32;
  word(is64 ? 32 : 28, ehsize); // e_phoff
  w16(is64 ? 54 : 42, phent);
  const shoff = ehsize + opts.phdrs.length * phent;
  if (opts.xnum) {
    // the real count in section header 0's sh_info; the section header right after the program headers
    word(is64 ? 40 : 32, shoff);
    w16(is64 ? 56 : 44, 0xffff);
    w16(is64 ? 58 : 46, is64 ? 64 : 40);
    w16(is64 ? 60 : 48, 1);
    w32(shoff + (is64 ? 44 : 28), opts.phdrs.length);
  } else {
    w16(is64 ? 56 : 44, opts.phdrs.length);
  }
  opts.phdrs.forEach(([offset, filesz], i) => {
    const o = ehsize + i * phent;
    w32(o, i === 0 ? 4 : 1); // PT_NOTE, then PT_LOAD
    word(o + (is64 ? 8 : 4), offset);
    word(o + (is64 ? 32 : 16), filesz);
  });
  return b;
}

describe('checkCoreFile on a real gdb core', () => {
  it('the whole core passes; its headers describe exactly the file', () => {
    const p = join(dir, 'whole');
    writeFileSync(p, core);
    expect(checkCoreFile(p)).toEqual({ ok: true, size: core.length, needed: core.length });
  });

  it('cut short anywhere, it fails with the bytes it should have', () => {
    for (const cut of [core.length - 1, core.length - 4096, Math.floor(core.length / 2), 4096, 200]) {
      const p = join(dir, `cut-${cut}`);
      writeFileSync(p, core);
      truncateSync(p, cut);
      const r = checkCoreFile(p);
      expect(r, `cut at ${cut}`).toMatchObject({ ok: false, size: cut });
      if (!r.ok) expect(r.needed, `cut at ${cut}`).toBeGreaterThan(cut);
    }
  });

  it('what a full disk leaves: the header never written (zeros), or no file content at all', () => {
    const zeroed = Buffer.from(core);
    zeroed.fill(0, 0, 64);
    expect(checkCoreBuffer(zeroed)).toEqual({ ok: false, size: core.length, needed: null, reason: 'it has no ELF header' });
    expect(checkCoreBuffer(Buffer.alloc(0))).toMatchObject({ ok: false, needed: null });
    expect(checkCoreBuffer(core.subarray(0, 40))).toMatchObject({ ok: false, reason: 'its ELF header is cut short' });
    expect(checkCoreFile(join(dir, 'no-such-file'))).toEqual({ ok: false, size: 0, needed: null, reason: 'it cannot be read (ENOENT)' });
  });
});

describe('checkCoreBuffer on hand-made headers', () => {
  const phdrs: Array<[number, number]> = [
    [200, 100],
    [300, 700],
  ];

  it('64 and 32 bits, little- and big-endian: whole at 1000 bytes, short at 999', () => {
    for (const is64 of [true, false])
      for (const le of [true, false]) {
        expect(checkCoreBuffer(craft({ is64, le, phdrs, size: 1000 })), `${is64 ? 64 : 32}-bit ${le ? 'LE' : 'BE'}`).toEqual({ ok: true, size: 1000, needed: 1000 });
        expect(checkCoreBuffer(craft({ is64, le, phdrs, size: 999 }))).toEqual({
          ok: false,
          size: 999,
          needed: 1000,
          reason: 'its headers describe 1000 bytes and the file has 999',
        });
      }
  });

  it('a segment with no file bytes (p_filesz 0) at a far offset needs nothing', () => {
    expect(checkCoreBuffer(craft({ phdrs: [...phdrs, [1_000_000, 0]], size: 1000 }))).toMatchObject({ ok: true });
  });

  it('PN_XNUM: the count comes from section header 0', () => {
    expect(checkCoreBuffer(craft({ phdrs, xnum: true, size: 1000 }))).toMatchObject({ ok: true, needed: 1000 });
    expect(checkCoreBuffer(craft({ phdrs, xnum: true, size: 990 }))).toMatchObject({ ok: false, needed: 1000 });
  });

  it('not a core, no program headers, the table itself cut off', () => {
    expect(checkCoreBuffer(craft({ type: 2, phdrs, size: 1000 }))).toMatchObject({ ok: false, reason: 'it is an ELF file but not a core' });
    expect(checkCoreBuffer(craft({ phdrs: [], size: 1000 }))).toMatchObject({ ok: false, reason: 'it has no program headers (a core has at least its notes)' });
    expect(checkCoreBuffer(craft({ phdrs, size: 1000 }).subarray(0, 100))).toMatchObject({ ok: false, needed: 176, reason: 'its program headers are cut short' });
  });
});
