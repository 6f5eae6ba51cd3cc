// Cgroup: the control group path.

import { textColumn } from './define.js';

export const Cgroup = textColumn(
  { kind: 'Cgroup', jsonKey: 'cgroup', header: 'CGROUP', description: 'Control group path', needs: ['cgroup'] },
  (p) => p.cgroup,
);
