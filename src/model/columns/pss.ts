// Pss: proportional set size from smaps_rollup (shared pages divided among their users).

import { bytesColumn } from './define.js';

export const Pss = bytesColumn(
  {
    kind: 'Pss',
    jsonKey: 'pss',
    header: 'PSS',
    description: 'Proportional set size (smaps_rollup)',
    needs: ['smaps_rollup'],
  },
  (p) => p.smapsRollup?.pss,
);
