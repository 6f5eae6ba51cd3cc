// Is a core file whole? gdb 13 prints "Saved corefile" and exits 0 even when the disk filled up
// half-way, leaving a core cut short (often with a zeroed ELF header: BFD writes the headers last).
// A whole core is an ELF file of type ET_CORE whose every part lies inside the file: the program
// header table, each segment's bytes (p_offset + p_filesz) and the section header table. A cut-short
// core fails that: its headers promise bytes past its end (or it has no ELF header at all).
// Both ELF classes (32/64-bit) and byte orders are read, and the PN_XNUM escape (more than 65,534
// program headers: the real count is in section header 0's sh_info).

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

export type CoreCheck =
  /** every byte the headers describe is in the file */
  | { ok: true; size: number; needed: number }
  /**
   * `size` bytes on disk; `needed`: the bytes the headers describe (null when there is no
   * readable ELF core header); `reason` in words
   */
  | { ok: false; size: number; needed: number | null; reason: string };

/** read up to `len` bytes at `pos` (fewer at the end of the data) */
export type ReadAt = (pos: number, len: number) => Buffer;

const ET_CORE = 4;
const PN_XNUM = 0xffff;
/** a sane upper bound on header tables read into memory (64 MiB) */
const MAX_TABLE = 64 * 1024 * 1024;

/** The check on data of `size` bytes read through `readAt` (see the header). */
export function checkCoreData(readAt: ReadAt, size: number): CoreCheck {
  const bad = (reason: string, needed: number | null = null): CoreCheck => ({ ok: false, size, needed, reason });
  const eh = readAt(0, 64);
  if (eh.length < 16 || eh.readUInt32BE(0) !== 0x7f454c46) return bad('it has no ELF header');
  const cls = eh[4];
  const data = eh[5];
  if ((cls !== 1 && cls !== 2) || (data !== 1 && data !== 2)) return bad('its ELF header is not valid');
  const is64 = cls === 2;
  const le = data === 1;
  const ehsize = is64 ? 64 : 52;
  if (eh.length < ehsize) return bad('its ELF header is cut short', ehsize);
  const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const u64 = (b: Buffer, o: number) => Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o));
  const word = is64 ? u64 : u32;
  if (u16(eh, 16) !== ET_CORE) return bad('it is an ELF file but not a core');
  const phoff = word(eh, is64 ? 32 : 28);
  const shoff = word(eh, is64 ? 40 : 32);
  const phentsize = u16(eh, is64 ? 54 : 42);
  let phnum = u16(eh, is64 ? 56 : 44);
  const shentsize = u16(eh, is64 ? 58 : 46);
  let shnum = u16(eh, is64 ? 60 : 48);
  let needed = ehsize;

  // section header 0 holds the real counts when they do not fit in the ELF header
  if (shoff !== 0 && (phnum === PN_XNUM || shnum === 0)) {
    const shlen = is64 ? 64 : 40;
    needed = Math.max(needed, shoff + shlen);
    const sh0 = readAt(shoff, shlen);
    if (sh0.length < shlen) return bad('its section headers are cut short', needed);
    if (shnum === 0) shnum = word(sh0, is64 ? 32 : 20);
    if (phnum === PN_XNUM) phnum = u32(sh0, is64 ? 44 : 28);
  }
  if (shoff !== 0 && shnum > 0) needed = Math.max(needed, shoff + shnum * shentsize);

  const phlen = is64 ? 56 : 32;
  if (phnum === 0) return bad('it has no program headers (a core has at least its notes)', needed);
  if (phentsize < phlen) return bad('its program headers are not valid', needed);
  const table = phnum * phentsize;
  needed = Math.max(needed, phoff + table);
  if (phoff + table > size) return bad('its program headers are cut short', needed);
  if (table > MAX_TABLE) return bad('its program header table is implausibly large', needed);
  const ph = readAt(phoff, table);
  if (ph.length < table) return bad('its program headers are cut short', needed);
  for (let i = 0; i < phnum; i++) {
    const o = i * phentsize;
    const offset = word(ph, o + (is64 ? 8 : 4));
    const filesz = word(ph, o + (is64 ? 32 : 16));
    if (filesz > 0) needed = Math.max(needed, offset + filesz);
  }
  if (needed > size) return bad(`its headers describe ${needed} bytes and the file has ${size}`, needed);
  return { ok: true, size, needed };
}

/** The check on a buffer (tests, small files). */
export function checkCoreBuffer(buf: Buffer): CoreCheck {
  return checkCoreData((pos, len) => buf.subarray(Math.min(pos, buf.length), Math.min(pos + len, buf.length)), buf.length);
}

/** The check on the file at `path`; an unreadable file fails, with the reason. */
export function checkCoreFile(path: string): CoreCheck {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return { ok: false, size: 0, needed: null, reason: `it cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    const size = fstatSync(fd).size;
    const readAt: ReadAt = (pos, len) => {
      const want = Math.max(0, Math.min(len, size - pos));
      const b = Buffer.alloc(want);
      let got = 0;
      while (got < want) {
        const n = readSync(fd, b, got, want - got, pos + got);
        if (n === 0) break;
        got += n;
      }
      return b.subarray(0, got);
    };
    return checkCoreData(readAt, size);
  } catch (e) {
    return { ok: false, size: 0, needed: null, reason: `it cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    closeSync(fd);
  }
}
