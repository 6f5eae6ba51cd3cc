// Wchan: the kernel function the task sleeps in; blank while running ("0").

import { textColumn } from './define.js';

export const Wchan = textColumn(
  { kind: 'Wchan', jsonKey: 'wchan', header: 'WCHAN', description: 'Kernel function the task waits in', needs: ['wchan'] },
  (p) => (p.wchan && p.wchan !== '0' ? p.wchan : null),
);
