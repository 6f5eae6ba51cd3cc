// Fast, allocation-light reads of small /proc files: one reused buffer, open/read/close per file,
// never more than one fd held at a time (procs lost processes past the fd limit, procs #743).
// A missing file (process gone) returns null; the reason is kept in `lastReadError`.

import { closeSync, openSync, readSync, readdirSync, readlinkSync } from 'node:fs';

let buf = Buffer.allocUnsafe(64 * 1024);

/** errno code of the last failed read ('ENOENT', 'ESRCH', 'EACCES', …), '' after a success */
export let lastReadError = '';

function readInto(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    lastReadError = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return -1;
  }
  try {
    let n = 0;
    for (;;) {
      if (n === buf.length) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, n);
        buf = bigger;
      }
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
    }
    lastReadError = '';
    return n;
  } catch (e) {
    lastReadError = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return -1;
  } finally {
    closeSync(fd);
  }
}

/** The file as UTF-8 text (invalid sequences become U+FFFD), or null. */
export function readText(path: string): string | null {
  const n = readInto(path);
  return n < 0 ? null : buf.toString('utf8', 0, n);
}

/** The file's bytes (a copy), or null. */
export function readBytes(path: string): Buffer | null {
  const n = readInto(path);
  return n < 0 ? null : Buffer.from(buf.subarray(0, n));
}

export function readLink(path: string): string | null {
  try {
    const s = readlinkSync(path);
    lastReadError = '';
    return s;
  } catch (e) {
    lastReadError = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return null;
  }
}

/** Number of entries in a directory (e.g. /proc/PID/fd), or null. */
export function countDir(path: string): number | null {
  try {
    const n = readdirSync(path).length;
    lastReadError = '';
    return n;
  } catch (e) {
    lastReadError = (e as NodeJS.ErrnoException).code ?? 'EIO';
    return null;
  }
}

/** True when an errno means the process (or thread) is gone rather than unreadable. */
export function isGone(code: string): boolean {
  return code === 'ENOENT' || code === 'ESRCH';
}
