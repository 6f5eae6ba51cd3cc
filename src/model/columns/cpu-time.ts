// CpuTime: cumulative user + system CPU time, in seconds (H:MM:SS, or Nd HH:MM past a day).

import { formatCpuTime } from '../format.js';
import { formattedNumberColumn } from './define.js';

export const CpuTime = formattedNumberColumn(
  {
    kind: 'CpuTime',
    jsonKey: 'cpu_time',
    header: 'TIME',
    description: 'Cumulative CPU time (user + system)',
  },
  (p, ctx) => (ctx.system.clkTck > 0 ? (p.stat.utime + p.stat.stime) / ctx.system.clkTck : null),
  (v) => formatCpuTime(v),
);
