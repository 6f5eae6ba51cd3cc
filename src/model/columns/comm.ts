// Comm (alias FileName): the short command name from stat.

import { textColumn } from './define.js';

export const Comm = textColumn(
  { kind: 'Comm', jsonKey: 'comm', header: 'COMM', description: 'Command name (comm)' },
  (p) => p.comm,
);
