// Uid: the effective user ID (from status when read, else the /proc/PID owner).

import { effectiveUid, integerColumn } from './define.js';

export const Uid = integerColumn(
  { kind: 'Uid', jsonKey: 'uid', header: 'UID', description: 'Effective user ID' },
  (p) => effectiveUid(p),
);
