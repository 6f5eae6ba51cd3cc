// /proc/PID/statm → ProcStatm in bytes (the kernel counts pages: size resident shared text lib data dt).
import type { ProcStatm } from '../types.js';

/** Parse /proc/PID/statm; `pageSize` in bytes (4096 on most systems). Missing fields are 0. */
export function parseStatm(text: string, pageSize: number): ProcStatm {
  // Number() ignores the trailing newline; a missing or bad field is NaN, which `|| 0` makes 0
  const f = text.split(' ', 6);
  // f[4] is "lib" and f[6] "dt", both always 0 since Linux 2.6.
  return {
    size: (Number(f[0]) || 0) * pageSize,
    resident: (Number(f[1]) || 0) * pageSize,
    shared: (Number(f[2]) || 0) * pageSize,
    text: (Number(f[3]) || 0) * pageSize,
    data: (Number(f[5]) || 0) * pageSize,
  };
}
