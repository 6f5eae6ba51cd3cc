// Shared: resident shared (file-backed) memory from statm.

import { bytesColumn } from './define.js';

export const Shared = bytesColumn(
  { kind: 'Shared', jsonKey: 'shared', header: 'SHR', description: 'Resident shared memory (statm)', needs: ['statm'] },
  (p) => p.statm?.shared,
);
