// Nice: the nice value (-20..19).

import { integerColumn } from './define.js';

export const Nice = integerColumn(
  { kind: 'Nice', jsonKey: 'nice', header: 'NI', description: 'Nice value' },
  (p) => p.stat.nice,
);
