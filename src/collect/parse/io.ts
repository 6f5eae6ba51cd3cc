// /proc/PID/io → ProcIo (byte and syscall counters; readable only with ptrace access to the process).
import type { ProcIo } from '../types.js';
import { forEachLine } from './util.js';

const KEYS: Record<string, keyof ProcIo> = {
  rchar: 'rchar',
  wchar: 'wchar',
  syscr: 'syscr',
  syscw: 'syscw',
  read_bytes: 'readBytes',
  write_bytes: 'writeBytes',
  cancelled_write_bytes: 'cancelledWriteBytes',
};

/** Parse /proc/PID/io; absent counters are 0. */
export function parseIo(text: string): ProcIo {
  const out: ProcIo = {
    rchar: 0,
    wchar: 0,
    syscr: 0,
    syscw: 0,
    readBytes: 0,
    writeBytes: 0,
    cancelledWriteBytes: 0,
  };
  forEachLine(text, (line) => {
    const colon = line.indexOf(':');
    if (colon <= 0) return;
    const field = KEYS[line.slice(0, colon)];
    if (field !== undefined) out[field] = Number(line.slice(colon + 1));
  });
  return out;
}
