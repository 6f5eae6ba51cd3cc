// VmSwap (alias Swap): swapped-out memory from status.

import { bytesColumn } from './define.js';

export const VmSwap = bytesColumn(
  { kind: 'VmSwap', jsonKey: 'vm_swap', header: 'SWAP', description: 'Swapped-out memory', needs: ['status'] },
  (p) => p.status?.vmSwap,
);
