// The FDs section: every open fd (readlink of /proc/PID/fd/N, classified; a stat tells directories
// from files), its flags and position from fdinfo, and sockets resolved through the process's own
// network namespace (/proc/PID/net/{tcp,tcp6,udp,udp6,unix}). Counts by kind.
//
// Reading 10,000 fds costs four syscalls each (readlink, open + read + close of fdinfo), nearly all
// of it in the kernel. Given the previous reading of the same process, an fd whose link target is
// unchanged keeps what was read for it, and fdinfo is read again only where it moves (regular
// files, directories, block devices: the position) plus a rotating slice of the rest (flags set
// later with fcntl show within a few readings): a refresh is then readdir + readlink + the socket
// tables. `fdinfoLimit` gives a quick first reading whose fdinfo is filled in by the next one.

import { readdirSync, statSync } from 'node:fs';
import type { InetSocket, UnixSocket } from '../types.js';
import { lastReadError, readLink, readSmall, readText } from '../read.js';
import { classifyFd, describeFdFlags } from '../parse/fd.js';
import { parseInetSockets, parseUnixSockets, socketInodeIndex } from '../parse/net.js';
import { parseTaskIds } from '../parse/task.js';
import { sanitize } from '../sanitize.js';
import type { InspectContext } from './context.js';
import type { FdKind, FdsSection, OpenFd, ReadProblem, SocketInfo } from './types.js';

export const FD_KINDS: readonly FdKind[] = ['file', 'dir', 'socket', 'pipe', 'anon_inode', 'chardev', 'blockdev', 'tty', 'unknown'];

const INET_TABLES = ['tcp', 'tcp6', 'udp', 'udp6'] as const;

/** The number after `key:` in an fdinfo text (octal when `octal`), or null. */
export function fdinfoField(text: string, key: string, octal: boolean): number | null {
  let at = 0;
  if (!text.startsWith(key)) {
    at = text.indexOf('\n' + key);
    if (at === -1) return null;
    at++;
  }
  let i = at + key.length;
  let c = text.charCodeAt(i);
  while (c === 32 || c === 9) c = text.charCodeAt(++i);
  const base = octal ? 8 : 10;
  let n = 0;
  let any = false;
  while (c >= 48 && c < 48 + base) {
    n = n * base + (c - 48);
    any = true;
    c = text.charCodeAt(++i);
  }
  return any ? n : null;
}

function inetInfo(s: InetSocket): SocketInfo {
  return {
    proto: s.proto,
    localAddress: s.localAddress,
    localPort: s.localPort,
    remoteAddress: s.remoteAddress,
    remotePort: s.remotePort,
    state: s.state,
    path: null,
    type: null,
    inode: s.inode,
  };
}

function unixInfo(s: UnixSocket): SocketInfo {
  return {
    proto: 'unix',
    localAddress: null,
    localPort: null,
    remoteAddress: null,
    remotePort: null,
    state: s.state,
    path: sanitize(s.path),
    type: s.type,
    inode: s.inode,
  };
}

function unknownSocket(inode: number): SocketInfo {
  return {
    proto: 'unknown',
    localAddress: null,
    localPort: null,
    remoteAddress: null,
    remotePort: null,
    state: null,
    path: null,
    type: null,
    inode,
  };
}

/** Sockets of the process's network namespace by inode (tables that are missing are skipped). */
function socketIndex(ctx: InspectContext, problems: ReadProblem[]): Map<number, SocketInfo> {
  const index = new Map<number, SocketInfo>();
  const inet: InetSocket[][] = [];
  for (const proto of INET_TABLES) {
    const path = `${ctx.dir}/net/${proto}`;
    const text = readText(path);
    if (text === null) {
      // no IPv6 on this kernel: no tcp6/udp6 table, nothing to report
      if (lastReadError !== 'ENOENT') problems.push(ctx.problem(`the ${proto} socket table`, path, lastReadError, 'open'));
      continue;
    }
    inet.push(parseInetSockets(text, proto));
  }
  for (const [inode, s] of socketInodeIndex(...inet)) index.set(inode, inetInfo(s));
  const unixPath = `${ctx.dir}/net/unix`;
  const unixText = readText(unixPath);
  if (unixText === null) {
    if (lastReadError !== 'ENOENT') problems.push(ctx.problem('the unix socket table', unixPath, lastReadError, 'open'));
  } else {
    for (const [inode, s] of socketInodeIndex(parseUnixSockets(unixText))) if (!index.has(inode)) index.set(inode, unixInfo(s));
  }
  return index;
}

export interface FdsReadOptions {
  /**
   * The fds section of an earlier reading of the same process. An fd whose link target is the same
   * as then keeps its kind (no stat), and its flags and position unless fdinfo is worth reading
   * again; a socket gets its state from the socket tables as always. An entry that did not change
   * is the earlier object, and a section that did not change at all is the earlier section (so the
   * panes' memos hold and a worker can send only what changed).
   */
  previous?: FdsSection | null;
  /**
   * Read fdinfo for at most this many fds (the lowest numbers first; the rest get flags and pos
   * null until a later reading with this one as `previous` fills them in): a first paint that does
   * not wait for 10,000 fdinfo reads. Default: all.
   */
  fdinfoLimit?: number;
}

/** Reused fds whose fdinfo is read again anyway, per reading (a slice that moves on each time). */
export const FDINFO_SWEEP = 512;

/** The fd the next reading's sweep starts at, by the section it follows. */
const sweepFrom = new WeakMap<FdsSection, number>();
/** Sections whose fdinfo was left partly unread (fdinfoLimit). */
const pending = new WeakSet<FdsSection>();

/** True when `s` was read with an fdinfoLimit that left some fds without flags and position. */
export function fdinfoPending(s: FdsSection): boolean {
  return pending.has(s);
}

/** Kinds whose fdinfo changes as the process works (the position): read again every time. */
function positionMoves(kind: FdKind): boolean {
  return kind === 'file' || kind === 'dir' || kind === 'blockdev';
}

function sameSocket(a: SocketInfo, b: SocketInfo): boolean {
  return (
    a.inode === b.inode &&
    a.proto === b.proto &&
    a.state === b.state &&
    a.localAddress === b.localAddress &&
    a.localPort === b.localPort &&
    a.remoteAddress === b.remoteAddress &&
    a.remotePort === b.remotePort &&
    a.path === b.path &&
    a.type === b.type
  );
}

const NO_FLAGS: string[] = [];

export function readFdsSection(ctx: InspectContext, opts: FdsReadOptions = {}): FdsSection {
  const problems: ReadProblem[] = [];
  const fdDir = `${ctx.dir}/fd`;
  let names: string[];
  try {
    names = readdirSync(fdDir);
  } catch (e) {
    problems.push(ctx.problem('the open files', fdDir, (e as NodeJS.ErrnoException).code ?? 'EIO', 'ptrace'));
    return { problems, fds: [], counts: {} };
  }
  const prev = opts.previous ?? null;
  const before = new Map<number, OpenFd>();
  if (prev) for (const f of prev.fds) before.set(f.fd, f);
  const sweepStart = prev ? (sweepFrom.get(prev) ?? 0) : 0;
  let sweepLeft = FDINFO_SWEEP;
  let sweepLast = -1;
  let infoLeft = opts.fdinfoLimit ?? Infinity;
  let partial = false;
  const flagWords = new Map<number, string[]>();
  const fds: OpenFd[] = [];
  /** fds[i] is an earlier reading's object (copied, not changed, when its socket changed) */
  const reused: boolean[] = [];
  let infoFailed = false;
  let linkFailed = false;
  let anySocket = false;
  for (const fd of parseTaskIds(names)) {
    const link = `${fdDir}/${fd}`;
    const raw = readLink(link);
    if (raw === null) {
      if (lastReadError === 'ENOENT') continue; // closed since the listing
      if (!linkFailed) problems.push(ctx.problem('the fd targets', link, lastReadError, 'ptrace'));
      linkFailed = true;
      continue;
    }
    const target = sanitize(raw);
    let p = before.get(fd);
    if (p !== undefined && p.target !== target) p = undefined;
    let kind: FdKind;
    let anonKind: string | null;
    let deleted: boolean;
    let inode = 0;
    if (p !== undefined) {
      kind = p.kind;
      anonKind = p.anonKind;
      deleted = p.deleted;
      inode = p.socket?.inode ?? 0;
    } else {
      let isDir = false;
      if (raw.charCodeAt(0) === 47 /* / */ && !raw.startsWith('/dev/')) {
        try {
          isDir = statSync(link, { throwIfNoEntry: false })?.isDirectory() ?? false;
        } catch {
          isDir = false;
        }
      }
      const e = classifyFd(fd, raw, isDir);
      kind = e.type;
      anonKind = e.anonKind === undefined ? null : sanitize(e.anonKind);
      deleted = e.deleted;
      inode = e.inode ?? 0;
    }
    let flags = p ? p.flags : null;
    let pos = p ? p.pos : null;
    let read = p === undefined || p.flags === null || positionMoves(kind);
    const swept = !read && fd >= sweepStart && sweepLeft > 0;
    if (swept) read = true;
    if (read && infoLeft <= 0) {
      if (flags === null) partial = true;
    } else if (read) {
      infoLeft--;
      if (swept) {
        sweepLeft--;
        sweepLast = fd;
      }
      const infoPath = `${ctx.dir}/fdinfo/${fd}`;
      const info = readSmall(infoPath);
      if (info === null) {
        if (lastReadError === 'ENOENT') continue; // closed since the listing
        if (!infoFailed) problems.push(ctx.problem('the fd flags and positions (fdinfo)', infoPath, lastReadError, 'ptrace'));
        infoFailed = true;
        flags = null;
        pos = null;
      } else {
        flags = fdinfoField(info, 'flags:', true);
        pos = fdinfoField(info, 'pos:', false);
      }
    }
    if (kind === 'socket') anySocket = true;
    if (p !== undefined && flags === p.flags && pos === p.pos) {
      fds.push(p);
      reused.push(true);
      continue;
    }
    let flagNames = NO_FLAGS;
    if (flags !== null) {
      if (p !== undefined && p.flags === flags) flagNames = p.flagNames;
      else {
        let w = flagWords.get(flags);
        if (w === undefined) flagWords.set(flags, (w = describeFdFlags(flags)));
        flagNames = w;
      }
    }
    fds.push({
      fd,
      kind,
      target,
      anonKind,
      deleted,
      flags,
      flagNames,
      pos,
      socket: kind === 'socket' ? (p?.socket ?? unknownSocket(inode)) : null,
    });
    reused.push(false);
  }
  if (anySocket) {
    const index = socketIndex(ctx, problems);
    for (let i = 0; i < fds.length; i++) {
      const f = fds[i];
      if (f.socket === null) continue;
      const found = index.get(f.socket.inode) ?? unknownSocket(f.socket.inode);
      if (sameSocket(f.socket, found)) continue;
      if (reused[i]) fds[i] = { ...f, socket: found };
      else f.socket = found;
    }
  }
  // the sweep goes on after the last fd it read, or starts over when it reached the end
  const next = sweepLeft === 0 ? sweepLast + 1 : 0;
  if (
    prev !== null &&
    !partial &&
    !pending.has(prev) &&
    problems.length === 0 &&
    prev.problems.length === 0 &&
    fds.length === prev.fds.length &&
    fds.every((f, i) => f === prev.fds[i])
  ) {
    sweepFrom.set(prev, next);
    return prev;
  }
  const counts: Partial<Record<FdKind, number>> = {};
  const tally = new Map<FdKind, number>();
  for (const f of fds) tally.set(f.kind, (tally.get(f.kind) ?? 0) + 1);
  for (const k of FD_KINDS) {
    const n = tally.get(k);
    if (n !== undefined) counts[k] = n;
  }
  const section: FdsSection = { problems, fds, counts };
  sweepFrom.set(section, next);
  if (partial) pending.add(section);
  return section;
}
