// Tty: the controlling terminal ("pts/3", "tty1"); blank without one.

import { textColumn } from './define.js';

export const Tty = textColumn(
  { kind: 'Tty', jsonKey: 'tty', header: 'TTY', description: 'Controlling terminal' },
  (p, ctx) => (p.stat.ttyNr ? ctx.ttyName(p.stat.ttyNr) : null),
);
