// UsageMem: resident memory as a percentage of MemTotal.

import { percentColumn } from './define.js';

export const UsageMem = percentColumn(
  {
    kind: 'UsageMem',
    jsonKey: 'usage_mem',
    header: 'MEM',
    description: 'Resident memory in % of MemTotal',
  },
  (p, ctx) => {
    const total = ctx.system.meminfo.MemTotal;
    if (!total || !(total > 0)) return null;
    return ((p.stat.rss * ctx.system.pageSize) / total) * 100;
  },
);
