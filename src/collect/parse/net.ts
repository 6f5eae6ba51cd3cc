// /proc/net/{tcp,tcp6,udp,udp6} → InetSocket[] and /proc/net/unix → UnixSocket[]. Addresses in the
// inet tables are hex 32-bit words in host byte order (little-endian on x86/arm64), port in hex.
import { endianness } from 'node:os';
import type { InetSocket, UnixSocket } from '../types.js';
import { splitWs } from './util.js';

type InetProto = InetSocket['proto'];

const HOST_LE = endianness() === 'LE';

const TCP_STATES = [
  '',
  'ESTABLISHED',
  'SYN_SENT',
  'SYN_RECV',
  'FIN_WAIT1',
  'FIN_WAIT2',
  'TIME_WAIT',
  'CLOSE',
  'CLOSE_WAIT',
  'LAST_ACK',
  'LISTEN',
  'CLOSING',
  'NEW_SYN_RECV',
];

/** TCP state number (from the hex `st` column) → name; UDP only uses 07 (UNCONN) and 01 (ESTABLISHED). */
export function socketStateName(proto: InetProto, st: number): string {
  if (proto === 'udp' || proto === 'udp6') {
    if (st === 7) return 'UNCONN';
    if (st === 1) return 'ESTABLISHED';
  }
  return TCP_STATES[st] || `UNKNOWN(${st})`;
}

/** Four bytes of one 32-bit hex word (8 hex digits) as they lie in memory. */
function wordBytes(hex: string, at: number, out: number[]): void {
  const w = parseInt(hex.slice(at, at + 8), 16) >>> 0;
  if (HOST_LE) out.push(w & 0xff, (w >>> 8) & 0xff, (w >>> 16) & 0xff, w >>> 24);
  else out.push(w >>> 24, (w >>> 16) & 0xff, (w >>> 8) & 0xff, w & 0xff);
}

/** Format 16 address bytes as RFC 5952 text: lowercase, longest zero run (≥ 2 groups) as "::". */
export function formatIpv6(b: readonly number[]): string {
  // IPv4-mapped ::ffff:a.b.c.d
  let zero10 = true;
  for (let i = 0; i < 10; i++) if (b[i] !== 0) zero10 = false;
  if (zero10 && b[10] === 0xff && b[11] === 0xff) return `::ffff:${b[12]}.${b[13]}.${b[14]}.${b[15]}`;
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((b[i] << 8) | b[i + 1]);
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) return g.map((x) => x.toString(16)).join(':');
  const head = g.slice(0, bestStart).map((x) => x.toString(16)).join(':');
  const tail = g.slice(bestStart + bestLen).map((x) => x.toString(16)).join(':');
  return `${head}::${tail}`;
}

/** "0100007F:1F90" → ["127.0.0.1", 8080]; 32 hex digits → IPv6 text. */
export function decodeAddress(field: string): [string, number] {
  const colon = field.indexOf(':');
  const hex = field.slice(0, colon);
  const port = parseInt(field.slice(colon + 1), 16);
  const bytes: number[] = [];
  if (hex.length === 8) {
    wordBytes(hex, 0, bytes);
    return [`${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`, port];
  }
  for (let i = 0; i < 32; i += 8) wordBytes(hex, i, bytes);
  return [formatIpv6(bytes), port];
}

/** Parse /proc/net/tcp, tcp6, udp or udp6 (header line skipped). */
export function parseInetSockets(text: string, proto: InetProto): InetSocket[] {
  const out: InetSocket[] = [];
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const f = splitWs(lines[i]);
    if (f.length < 10) continue;
    const [localAddress, localPort] = decodeAddress(f[1]);
    const [remoteAddress, remotePort] = decodeAddress(f[2]);
    const q = f[4].indexOf(':');
    out.push({
      proto,
      localAddress,
      localPort,
      remoteAddress,
      remotePort,
      state: socketStateName(proto, parseInt(f[3], 16)),
      txQueue: parseInt(f[4].slice(0, q), 16),
      rxQueue: parseInt(f[4].slice(q + 1), 16),
      uid: Number(f[7]),
      inode: Number(f[9]),
    });
  }
  return out;
}

const UNIX_TYPES: Record<number, string> = { 1: 'STREAM', 2: 'DGRAM', 5: 'SEQPACKET' };
const UNIX_STATES = ['FREE', 'UNCONNECTED', 'CONNECTING', 'CONNECTED', 'DISCONNECTING'];
/** __SO_ACCEPTCON: the socket is listening. */
const SO_ACCEPTCON = 0x10000;

/**
 * Parse /proc/net/unix. Columns: Num RefCount Protocol Flags Type St Inode [Path]. The path is the
 * rest of the line after one space (so it may hold spaces); abstract names start with '@' (the
 * kernel prints their NULs as '@' too); unnamed sockets have ''. Listening sockets get "LISTEN".
 */
export function parseUnixSockets(text: string): UnixSocket[] {
  const out: UnixSocket[] = [];
  const lines = text.split('\n');
  for (let li = 1; li < lines.length; li++) {
    const line = lines[li];
    // Walk the first seven space-separated columns by hand; the inode is right-aligned ("%5lu").
    const cols: string[] = [];
    let i = 0;
    const n = line.length;
    while (cols.length < 7 && i < n) {
      while (i < n && line.charCodeAt(i) === 32) i++;
      const s = i;
      while (i < n && line.charCodeAt(i) !== 32) i++;
      if (i > s) cols.push(line.slice(s, i));
    }
    if (cols.length < 7) continue;
    const flags = parseInt(cols[3], 16);
    const typeNum = parseInt(cols[4], 16);
    const st = parseInt(cols[5], 16);
    out.push({
      proto: 'unix',
      inode: Number(cols[6]),
      type: UNIX_TYPES[typeNum] ?? `UNKNOWN(${typeNum})`,
      state: (flags & SO_ACCEPTCON) !== 0 ? 'LISTEN' : (UNIX_STATES[st] ?? `UNKNOWN(${st})`),
      path: i < n ? line.slice(i + 1) : '',
    });
  }
  return out;
}

/** Index sockets by inode (to join with the `socket:[N]` fd targets); inode 0 (no owner) is skipped. */
export function socketInodeIndex<T extends { inode: number }>(...tables: ReadonlyArray<readonly T[]>): Map<number, T> {
  const map = new Map<number, T>();
  for (const table of tables) for (const s of table) if (s.inode !== 0 && !map.has(s.inode)) map.set(s.inode, s);
  return map;
}
