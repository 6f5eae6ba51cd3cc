// Priority: the kernel's priority field of /proc/PID/stat (negative for real-time tasks).

import { integerColumn } from './define.js';

export const Priority = integerColumn(
  { kind: 'Priority', jsonKey: 'priority', header: 'PRI', description: 'Scheduling priority (kernel view)' },
  (p) => p.stat.priority,
);
