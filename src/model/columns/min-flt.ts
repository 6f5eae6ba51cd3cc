// MinFlt: minor page faults.

import { integerColumn } from './define.js';

export const MinFlt = integerColumn(
  { kind: 'MinFlt', jsonKey: 'min_flt', header: 'MINFLT', description: 'Minor page faults' },
  (p) => p.stat.minflt,
);
