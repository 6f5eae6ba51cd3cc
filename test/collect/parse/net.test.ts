import { describe, it, expect } from 'vitest';
import {
  decodeAddress,
  formatIpv6,
  parseInetSockets,
  parseUnixSockets,
  socketInodeIndex,
} from '../../../src/collect/parse/net.js';
import type { InetSocket } from '../../../src/collect/types.js';
import { expected, fx } from './fixtures.js';

const byInode = (list: InetSocket[], name: string) => list.find((s) => s.inode === expected.inodes[name]);

describe('parseInetSockets tcp', () => {
  const tcp = parseInetSockets(fx('net/tcp'), 'tcp');

  it('parses every row', () => {
    expect(tcp).toHaveLength(fx('net/tcp').trimEnd().split('\n').length - 1);
    expect(tcp.every((s) => s.proto === 'tcp')).toBe(true);
  });

  it('decodes the loopback listener and the established pair', () => {
    expect(byInode(tcp, 'tcp4Listen')).toEqual({
      proto: 'tcp',
      localAddress: '127.0.0.1',
      localPort: 47810,
      remoteAddress: '0.0.0.0',
      remotePort: 0,
      state: 'LISTEN',
      txQueue: 0,
      rxQueue: 0,
      uid: 0,
      inode: expected.inodes['tcp4Listen'],
    });
    const c = byInode(tcp, 'tcp4Client')!;
    expect(c).toMatchObject({ localAddress: '127.0.0.1', localPort: expected.local['tcp4ClientPort'], remotePort: 47810, state: 'ESTABLISHED' });
    const a = byInode(tcp, 'tcp4Accepted')!;
    expect(a).toMatchObject({ localPort: 47810, remotePort: expected.local['tcp4ClientPort'], state: 'ESTABLISHED' });
  });

  it('shows TIME_WAIT rows without an owner (inode 0)', () => {
    const tw = tcp.find((s) => s.localPort === expected.local['tcp4TimeWaitPort'])!;
    expect(tw).toMatchObject({ state: 'TIME_WAIT', remotePort: 47810, inode: 0 });
  });

  it('decodes the sandbox listener on 0.0.0.0', () => {
    expect(tcp.find((s) => s.inode === 1139)).toMatchObject({ localAddress: '0.0.0.0', localPort: 2024, state: 'LISTEN' });
  });
});

describe('parseInetSockets tcp6', () => {
  const tcp6 = parseInetSockets(fx('net/tcp6'), 'tcp6');

  it('decodes the IPv6 loopback listener to ::1', () => {
    expect(byInode(tcp6, 'tcp6Listen')).toMatchObject({
      proto: 'tcp6',
      localAddress: '::1',
      localPort: 47811,
      remoteAddress: '::',
      remotePort: 0,
      state: 'LISTEN',
    });
  });

  it('decodes an established IPv6 connection on ::1', () => {
    const port = expected.local['tcp6ClientPort'];
    expect(byInode(tcp6, 'tcp6Client')).toMatchObject({ localAddress: '::1', localPort: port, remoteAddress: '::1', remotePort: 47811, state: 'ESTABLISHED' });
    expect(byInode(tcp6, 'tcp6Accepted')).toMatchObject({ localPort: 47811, remotePort: port, state: 'ESTABLISHED' });
  });

  it('decodes v4-mapped addresses as ::ffff:a.b.c.d', () => {
    expect(byInode(tcp6, 'tcp6MappedListen')).toMatchObject({ localAddress: '::ffff:127.0.0.1', localPort: 47812, state: 'LISTEN' });
    expect(byInode(tcp6, 'tcp6MappedAccepted')).toMatchObject({
      localAddress: '::ffff:127.0.0.1',
      remoteAddress: '::ffff:127.0.0.1',
      remotePort: expected.local['tcp4ToMappedPort'],
      state: 'ESTABLISHED',
    });
  });

  it('shows the half-closed pair as FIN_WAIT2 / CLOSE_WAIT', () => {
    expect(byInode(tcp6, 'tcp6HalfClosedClient')!.state).toBe('FIN_WAIT2');
    const cw = byInode(tcp6, 'tcp6CloseWait')!;
    expect(cw.state).toBe('CLOSE_WAIT');
    expect(cw.rxQueue).toBe(1); // the FIN counts as one byte in the receive queue
  });
});

describe('parseInetSockets udp', () => {
  it('names UDP states UNCONN and ESTABLISHED', () => {
    const udp = parseInetSockets(fx('net/udp'), 'udp');
    expect(byInode(udp, 'udp4')).toMatchObject({ proto: 'udp', localAddress: '127.0.0.1', localPort: 47813, state: 'UNCONN' });
    const udp6 = parseInetSockets(fx('net/udp6'), 'udp6');
    const un = byInode(udp6, 'udp6Unconn')!;
    expect(un).toMatchObject({ localAddress: '::1', localPort: 47814, remoteAddress: '::', state: 'UNCONN' });
    expect(un.rxQueue).toBe(0x340); // the 5-byte datagram plus its buffer overhead
    expect(byInode(udp6, 'udp6Connected')).toMatchObject({ localAddress: '::1', localPort: 47815, remoteAddress: '::1', remotePort: 47814, state: 'ESTABLISHED' });
  });
});

describe('address helpers', () => {
  it('decodes the proc(5) example and compresses IPv6', () => {
    expect(decodeAddress('0100007F:1F90')).toEqual(['127.0.0.1', 8080]);
    expect(decodeAddress('00000000000000000000000000000000:0016')).toEqual(['::', 22]);
    const b = (hex: string) => Array.from(Buffer.from(hex, 'hex'));
    expect(formatIpv6(b('20010db8000000000000000000000001'))).toBe('2001:db8::1');
    expect(formatIpv6(b('20010db8000000010000000000000001'))).toBe('2001:db8:0:1::1');
    expect(formatIpv6(b('20010db8000100000001000000000001'))).toBe('2001:db8:1:0:1::1'); // a single 0 group stays
    expect(formatIpv6(b('fe800000000000000000000000000000'))).toBe('fe80::');
    expect(formatIpv6(b('20010db8000000000001000000000000'))).toBe('2001:db8:0:0:1::'); // longest run wins
    expect(formatIpv6(b('20010db8000000000001000000000001'))).toBe('2001:db8::1:0:0:1'); // tie: first run
    expect(formatIpv6(b('00010002000300040005000600070008'))).toBe('1:2:3:4:5:6:7:8');
  });
});

describe('parseUnixSockets', () => {
  const unix = parseUnixSockets(fx('net/unix'));
  const find = (name: string) => unix.find((s) => s.inode === expected.inodes[name])!;

  it('parses every row', () => {
    expect(unix).toHaveLength(fx('net/unix').trimEnd().split('\n').length - 1);
  });

  it('parses a path with spaces and the listen flag', () => {
    expect(find('unixPathListen')).toEqual({ proto: 'unix', inode: expected.inodes['unixPathListen'], type: 'STREAM', state: 'LISTEN', path: '/tmp/ptop fixture.sock' });
    expect(find('unixPathAccepted')).toMatchObject({ state: 'CONNECTED', path: '/tmp/ptop fixture.sock' });
    expect(find('unixPathClient')).toMatchObject({ state: 'CONNECTED', path: '' });
  });

  it('parses abstract names, DGRAM, SEQPACKET and socketpairs', () => {
    expect(find('unixAbstractListen')).toMatchObject({ type: 'STREAM', state: 'LISTEN', path: '@ptop-fixture-abstract' });
    expect(find('unixAbstractDgram')).toMatchObject({ type: 'DGRAM', state: 'UNCONNECTED', path: '@ptop-fixture-dgram' });
    expect(find('unixSeqpacketListen')).toMatchObject({ type: 'SEQPACKET', state: 'LISTEN', path: '/tmp/ptop-fixture-seq.sock' });
    expect(find('unixPairA')).toMatchObject({ type: 'STREAM', state: 'CONNECTED', path: '' });
  });

  it('indexes sockets of all tables by inode', () => {
    const idx = socketInodeIndex<{ inode: number }>(
      parseInetSockets(fx('net/tcp'), 'tcp'),
      parseInetSockets(fx('net/tcp6'), 'tcp6'),
      unix,
    );
    expect(idx.has(0)).toBe(false);
    expect(idx.get(expected.inodes['tcp6Listen'])).toMatchObject({ localAddress: '::1' });
    expect(idx.get(expected.inodes['unixAbstractListen'])).toMatchObject({ path: '@ptop-fixture-abstract' });
  });
});
