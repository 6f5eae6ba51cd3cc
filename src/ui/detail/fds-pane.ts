// The FDs tab: counts by type at the top, then one row per open fd: number, type, what it points
// at (a path, flagged when deleted; a socket resolved to `tcp 127.0.0.1:8080 → 10.0.0.2:5555
// ESTABLISHED` or `unix STREAM /run/x.sock`; a pipe; an anon_inode kind), the open flags in words
// and the file position; at a narrow width the flags, then the position, are dropped before the
// target is cut. `/` filters live (Esc clears, Enter keeps) on everything a row shows.
//
// The row texts and the search text are computed once per data change; the filter once per
// keystroke; only the rows in the window are laid out.

import { unreadable } from '../../collect/inspect/problem-groups.js';
import type { FdKind, FdsSection, OpenFd, SocketInfo } from '../../collect/inspect/types.js';
import type { Segment } from '../../render/text.js';
import { headerLine, layoutColumns, rowLine, widest, type ListColumn } from './list.js';
import { listPaneView } from './list-pane.js';
import { groupDigits, matcher, matchingText, Memo, notReadLine, paneState, problemLines, type PaneDef, type PaneInput, type PaneView } from './pane.js';

const KIND_ORDER: readonly FdKind[] = ['file', 'dir', 'socket', 'pipe', 'anon_inode', 'chardev', 'blockdev', 'tty', 'unknown'];

function hostPort(addr: string | null, port: number | null): string {
  const a = addr === null ? '*' : addr.includes(':') ? `[${addr}]` : addr;
  return port === null ? a : `${a}:${port}`;
}

const ANY = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0', '::ffff:0.0.0.0']);

/** `tcp 127.0.0.1:8080 → 10.0.0.2:5555 ESTABLISHED`, `udp 0.0.0.0:5353`, `unix STREAM /run/x.sock LISTEN`. */
export function socketText(s: SocketInfo, target: string): string {
  const state = s.state ? ` ${s.state}` : '';
  if (s.proto === 'unix') {
    const path = s.path ? s.path : '(unnamed)';
    return `unix${s.type ? ` ${s.type}` : ''} ${path}${state}`;
  }
  if (s.proto === 'unknown' || s.localAddress === null) return `${s.proto === 'unknown' ? '' : `${s.proto} `}${target}${state}`;
  const local = hostPort(s.localAddress, s.localPort);
  const unconnected = s.remoteAddress === null || (ANY.has(s.remoteAddress) && !s.remotePort);
  const remote = unconnected ? '' : ` → ${hostPort(s.remoteAddress, s.remotePort)}`;
  return `${s.proto} ${local}${remote}${state}`;
}

/** The type column: file, dir, socket, pipe, the anon_inode kind (eventfd, eventpoll, …), chardev, tty. */
export function fdType(f: OpenFd): string {
  if (f.kind === 'anon_inode') return f.anonKind ?? 'anon_inode';
  return f.kind;
}

/** What the fd points at, without the deleted flag. */
export function fdTarget(f: OpenFd): string {
  if (f.socket) return socketText(f.socket, f.target);
  return f.deleted ? f.target.replace(/ \(deleted\)$/, '') : f.target;
}

/** Flag names without the O_ prefix: "RDWR NONBLOCK CLOEXEC". */
export function fdFlags(f: OpenFd): string {
  if (f.flags === null) return '?';
  return f.flagNames.map((n) => n.replace(/^O_/, '')).join(' ');
}

interface FdRow {
  fd: OpenFd;
  type: string;
  target: string;
  flags: string;
  pos: string;
  /** lower-case text the filter searches */
  hay: string;
}

function fdRows(fds: readonly OpenFd[]): FdRow[] {
  return fds.map((fd) => {
    const type = fdType(fd);
    const target = fdTarget(fd);
    const flags = fdFlags(fd);
    const pos = fd.pos === null ? '' : String(fd.pos);
    return { fd, type, target, flags, pos, hay: `${fd.fd} ${type} ${target}${fd.deleted ? ' (deleted)' : ''} ${flags}`.toLowerCase() };
  });
}

/** "42 open: 12 file · 20 socket (18 tcp, 2 unix) · 4 pipe · …" */
export function countsText(sec: FdsSection): string {
  const protos = new Map<string, number>();
  for (const f of sec.fds) if (f.socket) protos.set(f.socket.proto, (protos.get(f.socket.proto) ?? 0) + 1);
  const parts: string[] = [];
  for (const k of KIND_ORDER) {
    const n = sec.counts[k];
    if (!n) continue;
    let t = `${groupDigits(n)} ${k}`;
    if (k === 'socket' && protos.size) t += ` (${[...protos].sort((a, b) => b[1] - a[1]).map(([p, c]) => `${c} ${p}`).join(', ')})`;
    parts.push(t);
  }
  return `${groupDigits(sec.fds.length)} open${parts.length ? `: ${parts.join(' · ')}` : ''}`;
}

class FdsRenderer {
  private rows = new Memo<FdRow[]>();
  private filtered = new Memo<FdRow[]>();
  private counts = new Memo<string>();
  private cols = new Memo<Array<ListColumn<FdRow>>>();

  view(i: PaneInput): PaneView {
    const { ui, width, state } = i;
    const sec = i.data.inspection?.sections.fds;
    if (!sec) {
      return listPaneView({ top: [notReadLine(i.data, 'fd', ui)], header: null, rows: [], state, height: i.height });
    }
    if (unreadable(sec.problems, sec.fds.length)) {
      // refused: the problems say so (no "0 open" summary, no "No open fds.")
      return listPaneView({ top: problemLines(sec.problems, width, ui), header: null, rows: [], state, height: i.height });
    }
    const all = this.rows.get([sec.fds], () => fdRows(sec.fds));
    const f = state.filter.trim().toLowerCase();
    const rows = this.filtered.get([all, f], () => {
      const m = matcher(f);
      return m ? all.filter((r) => m(r.hay)) : all;
    });
    const err = ui.ui('status_error');
    const cols = this.cols.get([all, ui], (): Array<ListColumn<FdRow>> => [
      { header: 'FD', width: widest(all, (r) => String(r.fd.fd), 4), align: 'right', cell: (r) => String(r.fd.fd) },
      { header: 'TYPE', width: widest(all, (r) => r.type, 6, 12), align: 'left', cell: (r) => r.type },
      {
        header: 'TARGET',
        width: 0,
        // the target's own width (up to 60): short of room, FLAGS and POS go before it is cut
        min: widest(all, (r) => (r.fd.deleted ? `${r.target} (deleted)` : r.target), 24, 60),
        align: 'left',
        // a path ends in what matters (the file name, "(deleted)"); a socket starts with it
        keepEnd: (r) => r.fd.kind === 'file' || r.fd.kind === 'dir',
        cell: (r) => (r.fd.deleted ? [{ text: r.target }, { text: ' (deleted)', spec: err }] : r.target),
      },
      { header: 'FLAGS', width: widest(all, (r) => r.flags, 5, 26), align: 'left', cell: (r) => r.flags, drop: 2 },
      { header: 'POS', width: widest(all, (r) => r.pos, 3, 12), align: 'right', cell: (r) => r.pos, drop: 1 },
    ]);
    const lay = layoutColumns(cols, width);
    const top: Segment[][] = [...problemLines(sec.problems, width, ui)];
    const summary: Segment[] = [{ text: ' ' }, { text: this.counts.get([sec], () => countsText(sec)), spec: ui.ui('header_value') }];
    if (f) summary.push({ text: matchingText('matching', state.filter, rows.length), spec: ui.ui('header_label') });
    top.push(summary);
    return listPaneView({
      top,
      header: headerLine(lay, width, ui),
      rows,
      state,
      height: i.height,
      line: (r, sel) => rowLine(lay, r, width, ui, sel),
      empty: [{ text: f ? ' No fd matches the filter.' : ' No open fds.', spec: ui.ui('dim') }],
    });
  }
}

export const fdsPane: PaneDef = {
  title: 'FDs',
  sections: ['fds'],
  keys: [['detail_filter', 'Filter']],
  initial: () => paneState(),
  create: () => new FdsRenderer(),
};
