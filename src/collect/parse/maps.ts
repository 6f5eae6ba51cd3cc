// /proc/PID/maps → MapEntry[]: "start-end perms offset dev inode [path]". Addresses and offsets are
// bigint (they exceed 2^53); the path may hold spaces and loses its " (deleted)" suffix to `deleted`.
import type { MapEntry } from '../types.js';

const DELETED = ' (deleted)';

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * Parse one maps line (also the header line of each smaps mapping); `null` when it is not one.
 * The path is the rest of the line after the inode and its padding, so a file name that itself
 * begins with spaces loses them (the kernel's padding cannot be told apart from them).
 */
export function parseMapLine(line: string): MapEntry | null {
  const dash = line.indexOf('-');
  const s1 = line.indexOf(' ', dash + 1);
  if (dash <= 0 || s1 === -1) return null;
  const s2 = line.indexOf(' ', s1 + 1);
  const s3 = s2 === -1 ? -1 : line.indexOf(' ', s2 + 1);
  const s4 = s3 === -1 ? -1 : line.indexOf(' ', s3 + 1);
  if (s4 === -1) return null;
  let s5 = line.indexOf(' ', s4 + 1);
  if (s5 === -1) s5 = line.length;
  let start: bigint;
  let end: bigint;
  let offset: bigint;
  try {
    start = BigInt('0x' + line.slice(0, dash));
    end = BigInt('0x' + line.slice(dash + 1, s1));
    offset = BigInt('0x' + line.slice(s2 + 1, s3));
  } catch {
    return null;
  }
  const inode = Number(line.slice(s4 + 1, s5));
  if (!Number.isFinite(inode)) return null;
  let p = s5;
  while (p < line.length && isSpace(line.charCodeAt(p))) p++;
  let path = line.slice(p);
  if (path.length > 0 && path.charCodeAt(path.length - 1) === 13) path = path.slice(0, -1);
  let deleted = false;
  if (path.endsWith(DELETED)) {
    deleted = true;
    path = path.slice(0, -DELETED.length);
  }
  return {
    start,
    end,
    perms: line.slice(s1 + 1, s2),
    offset,
    dev: line.slice(s3 + 1, s4),
    inode,
    path,
    deleted,
  };
}

/** Parse a whole /proc/PID/maps; lines that do not parse are skipped. */
export function parseMaps(text: string): MapEntry[] {
  const out: MapEntry[] = [];
  let start = 0;
  const n = text.length;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = n;
    if (end > start) {
      const e = parseMapLine(text.slice(start, end));
      if (e) out.push(e);
    }
    start = end + 1;
  }
  return out;
}
