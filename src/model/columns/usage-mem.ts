// UsageMem: resident memory (statm, see vm-rss.ts) as a percentage of MemTotal.

import { percentColumn } from './define.js';
import { residentBytes } from './vm-rss.js';

export const UsageMem = percentColumn(
  {
    kind: 'UsageMem',
    jsonKey: 'usage_mem',
    header: 'MEM',
    description: 'Resident memory in % of MemTotal',
    needs: ['statm'],
  },
  (p, ctx) => {
    const total = ctx.system.meminfo.MemTotal;
    if (!total || !(total > 0)) return null;
    return (residentBytes(p, ctx.system.pageSize) / total) * 100;
  },
);
