// Pgid: the process group ID.

import { integerColumn } from './define.js';

export const Pgid = integerColumn(
  { kind: 'Pgid', jsonKey: 'pgid', header: 'PGID', description: 'Process group ID' },
  (p) => p.stat.pgrp,
);
