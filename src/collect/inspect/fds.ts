// The FDs section: every open fd (readlink of /proc/PID/fd/N, classified; a stat tells directories
// from files), its flags and position from fdinfo, and sockets resolved through the process's own
// network namespace (/proc/PID/net/{tcp,tcp6,udp,udp6,unix}). Counts by kind.

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

export function readFdsSection(ctx: InspectContext): FdsSection {
  const problems: ReadProblem[] = [];
  const fdDir = `${ctx.dir}/fd`;
  let names: string[];
  try {
    names = readdirSync(fdDir);
  } catch (e) {
    problems.push(ctx.problem('the open files', fdDir, (e as NodeJS.ErrnoException).code ?? 'EIO', 'ptrace'));
    return { problems, fds: [], counts: {} };
  }
  const fds: OpenFd[] = [];
  let infoFailed = false;
  let linkFailed = false;
  let anySocket = false;
  for (const fd of parseTaskIds(names)) {
    const link = `${fdDir}/${fd}`;
    const target = readLink(link);
    if (target === null) {
      if (lastReadError === 'ENOENT') continue; // closed since the listing
      if (!linkFailed) problems.push(ctx.problem('the fd targets', link, lastReadError, 'ptrace'));
      linkFailed = true;
      continue;
    }
    let isDir = false;
    if (target.charCodeAt(0) === 47 /* / */ && !target.startsWith('/dev/')) {
      try {
        isDir = statSync(link, { throwIfNoEntry: false })?.isDirectory() ?? false;
      } catch {
        isDir = false;
      }
    }
    const e = classifyFd(fd, target, isDir);
    const infoPath = `${ctx.dir}/fdinfo/${fd}`;
    const info = readSmall(infoPath);
    let flags: number | null = null;
    let pos: number | null = null;
    if (info === null) {
      if (lastReadError === 'ENOENT') continue; // closed since the listing
      if (!infoFailed) problems.push(ctx.problem('the fd flags and positions (fdinfo)', infoPath, lastReadError, 'ptrace'));
      infoFailed = true;
    } else {
      flags = fdinfoField(info, 'flags:', true);
      pos = fdinfoField(info, 'pos:', false);
    }
    if (e.type === 'socket') anySocket = true;
    fds.push({
      fd,
      kind: e.type,
      target: sanitize(target),
      anonKind: e.anonKind === undefined ? null : sanitize(e.anonKind),
      deleted: e.deleted,
      flags,
      flagNames: flags === null ? [] : describeFdFlags(flags),
      pos,
      socket: e.type === 'socket' ? unknownSocket(e.inode ?? 0) : null,
    });
  }
  if (anySocket) {
    const index = socketIndex(ctx, problems);
    for (const f of fds) {
      if (f.socket === null) continue;
      const found = index.get(f.socket.inode);
      if (found !== undefined) f.socket = found;
    }
  }
  const counts: Partial<Record<FdKind, number>> = {};
  const tally = new Map<FdKind, number>();
  for (const f of fds) tally.set(f.kind, (tally.get(f.kind) ?? 0) + 1);
  for (const k of FD_KINDS) {
    const n = tally.get(k);
    if (n !== undefined) counts[k] = n;
  }
  return { problems, fds, counts };
}
