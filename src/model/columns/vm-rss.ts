// VmRss: resident set size in bytes (stat.rss pages × page size).

import { bytesColumn } from './define.js';

export const VmRss = bytesColumn(
  { kind: 'VmRss', jsonKey: 'vm_rss', header: 'RSS', description: 'Resident set size' },
  (p, ctx) => p.stat.rss * ctx.system.pageSize,
);
