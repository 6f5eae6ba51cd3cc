// Uss: unique set size, the memory only this process maps (private clean + private dirty).

import { bytesColumn } from './define.js';

export const Uss = bytesColumn(
  {
    kind: 'Uss',
    jsonKey: 'uss',
    header: 'USS',
    description: 'Unique set size: private clean + private dirty (smaps_rollup)',
    needs: ['smaps_rollup'],
  },
  (p) => (p.smapsRollup ? p.smapsRollup.privateClean + p.smapsRollup.privateDirty : null),
);
