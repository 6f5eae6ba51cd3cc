// ElapsedTime: seconds since the process started (12:01, 3:04:05, 1d02h).

import { formatElapsed } from '../format.js';
import { formattedNumberColumn } from './define.js';
import { startEpochSeconds } from './start-time.js';

export const ElapsedTime = formattedNumberColumn(
  { kind: 'ElapsedTime', jsonKey: 'elapsed_time', header: 'ELAPSED', description: 'Time since the process started' },
  (p, ctx) => {
    const start = startEpochSeconds(p, ctx);
    return start === null ? null : Math.max(0, ctx.system.now / 1000 - start);
  },
  (v) => formatElapsed(v),
);
