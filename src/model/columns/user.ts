// User: the effective user's name (from status when read, else the /proc/PID owner).

import { effectiveUid, textColumn } from './define.js';

export const User = textColumn(
  { kind: 'User', jsonKey: 'user', header: 'USER', description: 'Effective user name (falls back to the uid)' },
  (p, ctx) => ctx.userName(effectiveUid(p)),
);
