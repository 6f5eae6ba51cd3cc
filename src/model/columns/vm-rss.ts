// VmRss: resident set size in bytes, from statm (exact, as status VmRSS and ps report it). The
// rss field of stat is the kernel's fast per-CPU approximation and can lag by a few hundred KiB,
// so it is only the fallback when statm was not read.

import { bytesColumn } from './define.js';
import type { ProcessSample } from '../../collect/types.js';

export function residentBytes(p: ProcessSample, pageSize: number): number {
  return p.statm ? p.statm.resident : p.stat.rss * pageSize;
}

export const VmRss = bytesColumn(
  { kind: 'VmRss', jsonKey: 'vm_rss', header: 'RSS', description: 'Resident set size', needs: ['statm'] },
  (p, ctx) => residentBytes(p, ctx.system.pageSize),
);
