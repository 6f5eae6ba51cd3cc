// VmSize: virtual memory size in bytes.

import { bytesColumn } from './define.js';

export const VmSize = bytesColumn(
  { kind: 'VmSize', jsonKey: 'vm_size', header: 'VSZ', description: 'Virtual memory size' },
  (p) => p.stat.vsize,
);
