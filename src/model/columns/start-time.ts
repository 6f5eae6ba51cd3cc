// StartTime: when the process started, seconds since the epoch (HH:MM today, Mon DD this year, else YYYY).

import type { ProcessSample } from '../../collect/types.js';
import { formatStartTime } from '../format.js';
import type { ColumnContext } from './types.js';
import { formattedNumberColumn } from './define.js';

/** Start time in seconds since the epoch: boot time + starttime ticks; null without a clock. */
export function startEpochSeconds(p: ProcessSample, ctx: ColumnContext): number | null {
  const { btime } = ctx.system.stat;
  const tck = ctx.system.clkTck;
  if (!(tck > 0) || !Number.isFinite(btime)) return null;
  return btime + p.stat.starttime / tck;
}

export const StartTime = formattedNumberColumn(
  { kind: 'StartTime', jsonKey: 'start_time', header: 'START', description: 'Start time' },
  startEpochSeconds,
  (v, _p, ctx) => formatStartTime(v * 1000, ctx.system.now),
);
