// Session: the session ID.

import { integerColumn } from './define.js';

export const Session = integerColumn(
  { kind: 'Session', jsonKey: 'session', header: 'SID', description: 'Session ID' },
  (p) => p.stat.session,
);
