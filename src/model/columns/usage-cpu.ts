// UsageCpu: CPU use in percent of one core over the sampling interval (blank until there is one).

import { percentColumn } from './define.js';

export const UsageCpu = percentColumn(
  {
    kind: 'UsageCpu',
    jsonKey: 'usage_cpu',
    header: 'CPU',
    description: 'CPU usage in % of one core over the sampling interval',
  },
  (p) => p.cpuPercent,
);
