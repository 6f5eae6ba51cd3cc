// MajFlt: major page faults (the ones that read from disk).

import { integerColumn } from './define.js';

export const MajFlt = integerColumn(
  { kind: 'MajFlt', jsonKey: 'maj_flt', header: 'MAJFLT', description: 'Major page faults' },
  (p) => p.stat.majflt,
);
