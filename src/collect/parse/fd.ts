// Open files: the readlink target of /proc/PID/fd/N → FdEntry (type from the target's shape), and
// /proc/PID/fdinfo/N → FdInfo (pos decimal, flags OCTAL, mnt_id, ino), plus open(2) flag names.
import type { FdEntry, FdInfo, FdType } from '../types.js';
import { forEachLine } from './util.js';

const DELETED = ' (deleted)';

/** "socket:[123]" → 123; NaN when there is no bracketed number at `open`. */
function bracketNumber(target: string, open: number): number {
  if (target.charCodeAt(open) !== 91 /* [ */ || !target.endsWith(']')) return NaN;
  return Number(target.slice(open + 1, -1));
}

/** Well-known block device names; the link alone cannot prove it, so this is a best guess. */
const BLOCK_DEV =
  /^\/dev\/(?:[shv]d[a-z]|xvd[a-z]|nvme\d|loop\d|dm-\d|mapper\/|md\d|sr\d|mmcblk\d|nbd\d|zram\d|vd[a-z]|disk\/)/;

function isTty(target: string): boolean {
  return (
    target.startsWith('/dev/pts/') ||
    target.startsWith('/dev/tty') ||
    target === '/dev/console'
  );
}

/**
 * Classify one fd from its readlink target. `isDir` (from a stat of the link, if the caller did one)
 * is the only way to tell a directory from a file. A " (deleted)" suffix is stripped from `target`
 * and reported in `deleted`. Namespace and other "kind:[N]" pseudo files are 'unknown' with `inode`.
 */
export function classifyFd(fd: number, target: string, isDir?: boolean): FdEntry {
  let t = target;
  let deleted = false;
  if (t.endsWith(DELETED)) {
    deleted = true;
    t = t.slice(0, -DELETED.length);
  }
  const e: FdEntry = { fd, target: t, type: 'unknown', deleted };
  if (t.charCodeAt(0) === 47 /* / */) {
    let type: FdType = 'file';
    if (isDir) type = 'dir';
    else if (t.startsWith('/dev/') && !t.startsWith('/dev/shm/') && !t.startsWith('/dev/mqueue/')) {
      if (isTty(t)) type = 'tty';
      else if (BLOCK_DEV.test(t)) type = 'blockdev';
      else type = 'chardev';
    }
    e.type = type;
    return e;
  }
  if (t.startsWith('socket:')) {
    e.type = 'socket';
    const ino = bracketNumber(t, 7);
    if (ino === ino) e.inode = ino;
    return e;
  }
  if (t.startsWith('pipe:')) {
    e.type = 'pipe';
    const ino = bracketNumber(t, 5);
    if (ino === ino) e.inode = ino;
    return e;
  }
  if (t.startsWith('anon_inode:')) {
    e.type = 'anon_inode';
    let kind = t.slice(11);
    if (kind.startsWith('[') && kind.endsWith(']')) kind = kind.slice(1, -1);
    e.anonKind = kind;
    return e;
  }
  // e.g. "net:[4026531840]" (an nsfs fd), "mnt:[…]"
  const colon = t.indexOf(':');
  if (colon > 0) {
    const ino = bracketNumber(t, colon + 1);
    if (ino === ino) e.inode = ino;
  }
  if (isDir) e.type = 'dir';
  return e;
}

/** Parse /proc/PID/fdinfo/N. Every "key: value" line is also kept in `raw`. */
export function parseFdInfo(text: string): FdInfo {
  const out: FdInfo = { pos: 0, flags: 0, raw: {} };
  forEachLine(text, (line) => {
    const colon = line.indexOf(':');
    if (colon <= 0) return;
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    if (!(key in out.raw)) out.raw[key] = value;
    switch (key) {
      case 'pos':
        out.pos = Number(value);
        break;
      case 'flags':
        out.flags = parseInt(value, 8);
        break;
      case 'mnt_id':
        out.mntId = Number(value);
        break;
      case 'ino':
        out.ino = Number(value);
        break;
    }
  });
  return out;
}

/** open(2) flag bits (octal as in the kernel headers). Four differ on arm/arm64. */
interface FlagBits {
  O_DIRECTORY: number;
  O_NOFOLLOW: number;
  O_DIRECT: number;
  O_LARGEFILE: number;
}
const GENERIC_BITS: FlagBits = { O_DIRECTORY: 0o200000, O_NOFOLLOW: 0o400000, O_DIRECT: 0o40000, O_LARGEFILE: 0o100000 };
const ARM_BITS: FlagBits = { O_DIRECTORY: 0o40000, O_NOFOLLOW: 0o100000, O_DIRECT: 0o200000, O_LARGEFILE: 0o400000 };

const O_ACCMODE = 0o3;
const O_DSYNC = 0o10000;
const __O_SYNC = 0o4000000;
const O_PATH = 0o10000000;
const __O_TMPFILE = 0o20000000;

function flagTable(bits: FlagBits): ReadonlyArray<readonly [number, string]> {
  const table: Array<[number, string]> = [
    [0o100, 'O_CREAT'],
    [0o200, 'O_EXCL'],
    [0o400, 'O_NOCTTY'],
    [0o1000, 'O_TRUNC'],
    [0o2000, 'O_APPEND'],
    [0o4000, 'O_NONBLOCK'],
    [O_DSYNC, 'O_DSYNC'],
    [0o20000, 'O_ASYNC'],
    [bits.O_DIRECT, 'O_DIRECT'],
    [bits.O_LARGEFILE, 'O_LARGEFILE'],
    [bits.O_DIRECTORY, 'O_DIRECTORY'],
    [bits.O_NOFOLLOW, 'O_NOFOLLOW'],
    [0o1000000, 'O_NOATIME'],
    [0o2000000, 'O_CLOEXEC'],
  ];
  return table.sort((a, b) => a[0] - b[0]);
}
const GENERIC_TABLE = flagTable(GENERIC_BITS);
const ARM_TABLE = flagTable(ARM_BITS);

/**
 * Names of the flags in an fdinfo `flags` value (already parsed from octal): the access mode first
 * (O_RDONLY / O_WRONLY / O_RDWR; O_PATH fds report O_PATH instead), then the set flags in bit order.
 * O_SYNC and O_TMPFILE are reported as such rather than as their component bits. Bits with no name
 * are reported as one octal number ("0o…"). `arch` defaults to the running process' (process.arch).
 */
export function describeFdFlags(flags: number, arch: string = process.arch): string[] {
  const arm = arch === 'arm' || arch === 'arm64';
  const bits = arm ? ARM_BITS : GENERIC_BITS;
  const table = arm ? ARM_TABLE : GENERIC_TABLE;
  const out: string[] = [];
  let rest = flags >>> 0;
  if (rest & O_PATH) {
    out.push('O_PATH');
    rest &= ~O_PATH;
  } else {
    const acc = rest & O_ACCMODE;
    out.push(acc === 0 ? 'O_RDONLY' : acc === 1 ? 'O_WRONLY' : acc === 2 ? 'O_RDWR' : 'O_ACCMODE');
  }
  rest &= ~O_ACCMODE;
  let sync = false;
  if ((rest & __O_SYNC) !== 0) {
    sync = true;
    rest &= ~(__O_SYNC | O_DSYNC);
  }
  let tmpfile = false;
  if ((rest & __O_TMPFILE) !== 0) {
    tmpfile = true;
    rest &= ~(__O_TMPFILE | bits.O_DIRECTORY);
  }
  for (const [bit, name] of table) {
    if ((rest & bit) !== 0) {
      out.push(name);
      rest &= ~bit;
    }
  }
  if (sync) out.push('O_SYNC');
  if (tmpfile) out.push('O_TMPFILE');
  if (rest !== 0) out.push('0o' + (rest >>> 0).toString(8));
  return out;
}
