// Threads: the number of threads of the process.

import { integerColumn } from './define.js';

export const Threads = integerColumn(
  { kind: 'Threads', jsonKey: 'threads', header: 'THR', description: 'Number of threads' },
  (p) => p.stat.numThreads,
);
