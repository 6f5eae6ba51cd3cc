// Pid: the process ID; a thread row shows its TID in brackets, as procs does.

import type { ColumnKind } from './types.js';

export const Pid: ColumnKind = {
  kind: 'Pid',
  jsonKey: 'pid',
  header: 'PID',
  unit: '',
  align: 'right',
  description: 'Process ID (thread rows show the thread ID as [tid])',
  needs: [],
  numeric: true,
  value: (p) => (p.isThread ? p.tid : p.pid),
  format: (v, p) => (typeof v !== 'number' ? '' : p.isThread ? `[${v}]` : String(v)),
};
