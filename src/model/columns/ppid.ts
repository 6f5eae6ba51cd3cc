// Ppid: the parent process ID.

import { integerColumn } from './define.js';

export const Ppid = integerColumn(
  { kind: 'Ppid', jsonKey: 'ppid', header: 'PPID', description: 'Parent process ID' },
  (p) => p.stat.ppid,
);
