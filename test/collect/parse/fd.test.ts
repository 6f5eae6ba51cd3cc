import { describe, it, expect } from 'vitest';
import { classifyFd, describeFdFlags, parseFdInfo } from '../../../src/collect/parse/fd.js';
import type { FdEntry } from '../../../src/collect/types.js';
import { expected, fx } from './fixtures.js';

/** helper/fd.txt: "fd<TAB>readlink target<TAB>dir|other" as capture.sh wrote it. */
function fdTable(): Map<number, FdEntry> {
  const out = new Map<number, FdEntry>();
  for (const line of fx('helper/fd.txt').trimEnd().split('\n')) {
    const [n, target, kind] = line.split('\t');
    out.set(Number(n), classifyFd(Number(n), target, kind === 'dir'));
  }
  return out;
}

describe('classifyFd (real fd/ targets)', () => {
  const fds = fdTable();
  const byName = (name: string): FdEntry => fds.get(expected.fds[name])!;

  it('classifies regular files, deleted files and directories', () => {
    expect(byName('regularAppend')).toEqual({
      fd: 3,
      target: '/tmp/ptop-fixture-regular.txt',
      type: 'file',
      deleted: false,
    });
    const del = byName('deletedFile');
    expect(del.type).toBe('file');
    expect(del.deleted).toBe(true);
    expect(del.target).toBe('/tmp/ptop fixture deleted.txt');
    // mmap() keeps a dup of the mapped file's fd
    expect(fds.get(4)).toMatchObject({ type: 'file', deleted: true, target: '/tmp/ptop fixture mapped.bin' });
    expect(byName('directory').type).toBe('dir');
    expect(classifyFd(7, '/tmp').type).toBe('file'); // without the stat, a directory looks like a file
  });

  it('classifies devices and terminals', () => {
    expect(byName('devNull').type).toBe('chardev');
    expect(fds.get(0)!.type).toBe('chardev');
    expect(byName('ptyMaster')).toMatchObject({ target: '/dev/ptmx', type: 'chardev' });
    expect(byName('ptySlave')).toMatchObject({ target: expected.paths['ptySlave'], type: 'tty' });
  });

  it('classifies pipes and sockets with their inode', () => {
    expect(byName('pipeRead')).toMatchObject({ type: 'pipe', inode: expected.inodes['pipeRead'] });
    expect(byName('pipeWrite').inode).toBe(byName('pipeRead').inode);
    for (const name of Object.keys(expected.fds).filter((k) => /^(tcp|udp|unix)/.test(k))) {
      const e = byName(name);
      expect(e.type, name).toBe('socket');
      expect(e.inode, name).toBe(expected.inodes[name]);
    }
  });

  it('classifies anon inodes with their kind', () => {
    expect(byName('eventfd')).toMatchObject({ type: 'anon_inode', anonKind: 'eventfd', target: 'anon_inode:[eventfd]' });
    expect(byName('inotify')).toMatchObject({ type: 'anon_inode', anonKind: 'inotify' });
  });

  it('classifies the other shapes', () => {
    expect(classifyFd(3, '/dev/tty1').type).toBe('tty');
    expect(classifyFd(3, '/dev/console').type).toBe('tty');
    expect(classifyFd(3, '/dev/sda1').type).toBe('blockdev');
    expect(classifyFd(3, '/dev/nvme0n1p2').type).toBe('blockdev');
    expect(classifyFd(3, '/dev/shm/sem.x').type).toBe('file');
    expect(classifyFd(3, '/dev/shm/x (deleted)')).toMatchObject({ type: 'file', deleted: true, target: '/dev/shm/x' });
    expect(classifyFd(3, 'anon_inode:[eventpoll]').anonKind).toBe('eventpoll');
    expect(classifyFd(3, 'anon_inode:[pidfd]').anonKind).toBe('pidfd');
    expect(classifyFd(3, 'net:[4026531840]')).toMatchObject({ type: 'unknown', inode: 4026531840 });
    expect(classifyFd(3, 'socket:[bad').inode).toBeUndefined();
    expect(classifyFd(3, '').type).toBe('unknown');
  });
});

describe('parseFdInfo (real fdinfo/)', () => {
  const info = (name: string) => parseFdInfo(fx(`helper/fdinfo/${expected.fds[name]}`));

  it('reads pos decimal and flags octal', () => {
    const a = info('regularAppend');
    expect(a.pos).toBe(123);
    expect(a.flags).toBe(0o2102001);
    expect(a.mntId).toBe(27);
    expect(a.ino).toBe(expected.inodes['regularAppend']);
    expect(describeFdFlags(a.flags, 'x64')).toEqual(['O_WRONLY', 'O_APPEND', 'O_LARGEFILE', 'O_CLOEXEC']);
    const r = info('regularReadOnly');
    expect(r.pos).toBe(42);
    expect(describeFdFlags(r.flags, 'x64')).toEqual(['O_RDONLY', 'O_LARGEFILE']);
    const d = info('deletedFile');
    expect(d.pos).toBe(5);
    expect(describeFdFlags(d.flags, 'x64')).toEqual(['O_RDWR', 'O_LARGEFILE', 'O_CLOEXEC']);
    expect(describeFdFlags(info('directory').flags, 'x64')).toEqual(['O_RDONLY', 'O_LARGEFILE', 'O_DIRECTORY', 'O_CLOEXEC']);
  });

  it('parses a socket and an eventfd, keeping the extra lines in raw', () => {
    const s = info('tcp4Listen');
    expect(s.pos).toBe(0);
    expect(s.ino).toBe(expected.inodes['tcp4Listen']);
    expect(describeFdFlags(s.flags, 'x64')).toEqual(['O_RDWR', 'O_CLOEXEC']);
    const e = info('eventfd');
    expect(describeFdFlags(e.flags, 'x64')).toEqual(['O_RDWR', 'O_NONBLOCK', 'O_CLOEXEC']);
    expect(e.raw['eventfd-count']).toBe('5');
    expect(e.raw['flags']).toBe('02004002');
    expect(info('inotify').raw['inotify wd']).toMatch(/^1 ino:/);
  });
});

describe('describeFdFlags', () => {
  it('names O_PATH, O_SYNC, O_TMPFILE and leftover bits', () => {
    expect(describeFdFlags(0o10000000 | 0o2000000, 'x64')).toEqual(['O_PATH', 'O_CLOEXEC']);
    expect(describeFdFlags(0o4010001, 'x64')).toEqual(['O_WRONLY', 'O_SYNC']);
    expect(describeFdFlags(0o10001, 'x64')).toEqual(['O_WRONLY', 'O_DSYNC']);
    expect(describeFdFlags(0o20200002, 'x64')).toEqual(['O_RDWR', 'O_TMPFILE']);
    expect(describeFdFlags(0o100000000, 'x64')).toEqual(['O_RDONLY', '0o100000000']);
    expect(describeFdFlags(0o101 | 0o200 | 0o1000, 'x64')).toEqual(['O_WRONLY', 'O_CREAT', 'O_EXCL', 'O_TRUNC']);
  });

  it('uses the arm64 bit values there', () => {
    expect(describeFdFlags(0o40000, 'arm64')).toEqual(['O_RDONLY', 'O_DIRECTORY']);
    expect(describeFdFlags(0o40000, 'x64')).toEqual(['O_RDONLY', 'O_DIRECT']);
    expect(describeFdFlags(0o400000, 'arm64')).toEqual(['O_RDONLY', 'O_LARGEFILE']);
  });
});
