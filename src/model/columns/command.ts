// Command: the full command line; `[comm]` when there is none (kernel threads, zombies).

import { textColumn } from './define.js';

export const Command = textColumn(
  {
    kind: 'Command',
    jsonKey: 'command',
    header: 'COMMAND',
    description: 'Full command line ([comm] when empty)',
    needs: ['cmdline'],
  },
  (p) => (p.command ? p.command : `[${p.comm}]`),
);
