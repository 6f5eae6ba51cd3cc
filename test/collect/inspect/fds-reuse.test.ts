// The fds section read again with the previous reading (src/collect/inspect/fds.ts) on a fixture
// /proc: unchanged fds are the earlier objects (and an unchanged section the earlier section),
// fdinfo is read again for regular files every time and for the rest in a slice that moves on
// (FDINFO_SWEEP per reading), a changed target is read afresh, closed fds go, new fds come, a
// socket's state follows its table, and a quick reading (fdinfoLimit) is filled in by the next.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FDINFO_SWEEP, fdinfoPending } from '../../../src/collect/inspect/fds.js';
import { inspectProcess } from '../../../src/collect/inspect/inspect.js';
import type { FdsSection, OpenFd } from '../../../src/collect/inspect/types.js';

const PID = 77;
/** pipes 0..PIPES-1 (more than one sweep), then a file, a socket, an eventfd */
const PIPES = FDINFO_SWEEP + 44;
const FILE_FD = PIPES;
const SOCK_FD = PIPES + 1;
const EVENT_FD = PIPES + 2;
const O_RDWR = 0o2;
const O_NONBLOCK = 0o4000;

let root = '';
let dir = '';

const statLine = `${PID} (fixture) S 1 ${PID} ${PID} 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0 500 0 0 ${Array(30).fill(0).join(' ')}\n`;
const unixTable = (state: string) =>
  `Num       RefCount Protocol Flags    Type St Inode Path\n0000000000000000: 00000002 00000000 00000000 0001 ${state} 9001 /run/fixture.sock\n`;

function setFd(fd: number, target: string, flags: number, pos = 0): void {
  const link = join(dir, 'fd', String(fd));
  try {
    unlinkSync(link);
  } catch {
    // not there yet
  }
  symlinkSync(target, link);
  setInfo(fd, flags, pos);
}

function setInfo(fd: number, flags: number, pos: number): void {
  writeFileSync(join(dir, 'fdinfo', String(fd)), `pos:\t${pos}\nflags:\t0${flags.toString(8)}\nmnt_id:\t15\nino:\t1\n`);
}

function closeFd(fd: number): void {
  unlinkSync(join(dir, 'fd', String(fd)));
  unlinkSync(join(dir, 'fdinfo', String(fd)));
}

function read(previous?: FdsSection | null, fdinfoLimit?: number): FdsSection {
  const ins = inspectProcess(PID, { procRoot: root, sections: ['fds'], previousFds: previous, fdinfoLimit });
  if (!ins?.sections.fds) throw new Error('the fixture process was not read');
  return ins.sections.fds;
}

const byFd = (s: FdsSection, fd: number): OpenFd | undefined => s.fds.find((f) => f.fd === fd);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ptop-fds-reuse-'));
  dir = join(root, String(PID));
  mkdirSync(join(dir, 'fd'), { recursive: true });
  mkdirSync(join(dir, 'fdinfo'), { recursive: true });
  mkdirSync(join(dir, 'net'), { recursive: true });
  writeFileSync(join(dir, 'stat'), statLine);
  writeFileSync(join(dir, 'net', 'unix'), unixTable('03'));
  for (let fd = 0; fd < PIPES; fd++) setFd(fd, `pipe:[${5000 + fd}]`, 0);
  setFd(FILE_FD, join(root, 'data.txt'), 0, 0);
  writeFileSync(join(root, 'data.txt'), 'x'.repeat(100));
  setFd(SOCK_FD, 'socket:[9001]', O_RDWR);
  setFd(EVENT_FD, 'anon_inode:[eventfd]', O_RDWR);
});

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('reading the fds again with the previous reading', () => {
  it('gives the earlier section when nothing changed, and the earlier objects for unchanged fds', () => {
    const first = read();
    expect(first.fds).toHaveLength(PIPES + 3);
    expect(byFd(first, SOCK_FD)?.socket).toMatchObject({ proto: 'unix', path: '/run/fixture.sock', state: 'CONNECTED' });
    expect(read(first)).toBe(first);
    // the file's position moved: that entry is new, every other one the same object
    setInfo(FILE_FD, 0, 40);
    const next = read(first);
    expect(next).not.toBe(first);
    expect(byFd(next, FILE_FD)?.pos).toBe(40);
    expect(next.fds.filter((f, i) => f !== first.fds[i]).map((f) => f.fd)).toEqual([FILE_FD]);
  });

  it('reads fdinfo of regular files every time, of the rest in a slice that moves on', () => {
    const first = read();
    // flags of pipes changed behind the reader's back (fcntl O_NONBLOCK): one in the first
    // slice of FDINFO_SWEEP fds, one after it
    setInfo(3, O_NONBLOCK, 0);
    setInfo(PIPES - 1, O_NONBLOCK, 0);
    setInfo(EVENT_FD, O_RDWR | O_NONBLOCK, 0);
    setInfo(FILE_FD, 0, 7);
    const second = read(first);
    expect(byFd(second, FILE_FD)?.pos).toBe(7);
    expect(byFd(second, 3)?.flagNames).toContain('O_NONBLOCK');
    // not read this time: the earlier entries
    expect(byFd(second, PIPES - 1)).toBe(byFd(first, PIPES - 1));
    expect(byFd(second, EVENT_FD)).toBe(byFd(first, EVENT_FD));
    // the next slice covers the rest
    const third = read(second);
    expect(byFd(third, PIPES - 1)?.flagNames).toContain('O_NONBLOCK');
    expect(byFd(third, EVENT_FD)?.flags).toBe(O_RDWR | O_NONBLOCK);
  });

  it('reads an fd whose target changed afresh', () => {
    const first = read();
    // fd 5 was a pipe, now a socket (closed and the number reused)
    setFd(5, 'socket:[9001]', O_RDWR | O_NONBLOCK);
    const next = read(first);
    const f = byFd(next, 5)!;
    expect(f).not.toBe(byFd(first, 5));
    expect(f).toMatchObject({ kind: 'socket', target: 'socket:[9001]', flags: O_RDWR | O_NONBLOCK });
    expect(f.socket).toMatchObject({ proto: 'unix', inode: 9001 });
    expect(next.counts).toMatchObject({ pipe: PIPES - 1, socket: 2 });
  });

  it('drops closed fds and adds new ones', () => {
    const first = read();
    closeFd(2);
    closeFd(EVENT_FD);
    setFd(EVENT_FD + 10, 'anon_inode:[timerfd]', O_RDWR);
    const next = read(first);
    expect(byFd(next, 2)).toBeUndefined();
    expect(byFd(next, EVENT_FD)).toBeUndefined();
    expect(byFd(next, EVENT_FD + 10)).toMatchObject({ kind: 'anon_inode', anonKind: 'timerfd', flags: O_RDWR, flagNames: ['O_RDWR'] });
    expect(next.fds).toHaveLength(PIPES + 2);
    expect(next.counts).toMatchObject({ pipe: PIPES - 1, anon_inode: 1 });
  });

  it('follows a socket\'s state in its table though its fd is reused', () => {
    const first = read();
    writeFileSync(join(dir, 'net', 'unix'), unixTable('04'));
    const next = read(first);
    expect(byFd(next, SOCK_FD)?.socket?.state).toBe('DISCONNECTING');
    expect(byFd(first, SOCK_FD)?.socket?.state).toBe('CONNECTED'); // the earlier reading is left as it was
    expect(byFd(next, 0)).toBe(byFd(first, 0));
  });

  it('a quick reading reads fdinfo of the lowest fds only; the next fills in the rest', () => {
    const quick = read(null, 10);
    expect(quick.fds).toHaveLength(PIPES + 3);
    expect(fdinfoPending(quick)).toBe(true);
    expect(quick.fds.slice(0, 10).every((f) => f.flags !== null)).toBe(true);
    expect(quick.fds.slice(10).every((f) => f.flags === null && f.pos === null)).toBe(true);
    // kinds, targets and sockets are there from the start
    expect(byFd(quick, SOCK_FD)?.socket?.path).toBe('/run/fixture.sock');
    const full = read(quick);
    expect(fdinfoPending(full)).toBe(false);
    expect(full.fds.every((f) => f.flags !== null)).toBe(true);
    expect(byFd(full, EVENT_FD)?.flagNames).toEqual(['O_RDWR']);
    expect(full.fds[0]).toBe(quick.fds[0]);
  });

  it('without a previous reading (ptop inspect) reads everything', () => {
    setInfo(PIPES - 1, O_NONBLOCK, 0);
    const s = read();
    expect(fdinfoPending(s)).toBe(false);
    expect(byFd(s, PIPES - 1)?.flagNames).toEqual(['O_RDONLY', 'O_NONBLOCK']);
  });
});
