// VmHwm: peak resident set size from status.

import { bytesColumn } from './define.js';

export const VmHwm = bytesColumn(
  { kind: 'VmHwm', jsonKey: 'vm_hwm', header: 'HWM', description: 'Peak resident set size', needs: ['status'] },
  (p) => p.status?.vmHwm,
);
