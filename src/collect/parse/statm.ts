// /proc/PID/statm → ProcStatm in bytes (the kernel counts pages: size resident shared text lib data dt).
import type { ProcStatm } from '../types.js';

/** Parse /proc/PID/statm; `pageSize` in bytes (4096 on most systems). Missing fields are 0. */
export function parseStatm(text: string, pageSize: number): ProcStatm {
  const f = text.trim().split(' ');
  const p = (i: number): number => {
    const v = Number(f[i]);
    return Number.isFinite(v) ? v * pageSize : 0;
  };
  // f[4] is "lib" and f[6] "dt", both always 0 since Linux 2.6.
  return { size: p(0), resident: p(1), shared: p(2), text: p(3), data: p(5) };
}
