// ContextSw: voluntary + involuntary context switches from status.

import { integerColumn } from './define.js';

export const ContextSw = integerColumn(
  {
    kind: 'ContextSw',
    jsonKey: 'context_sw',
    header: 'CSW',
    description: 'Context switches (voluntary + involuntary)',
    needs: ['status'],
  },
  (p) => (p.status ? p.status.voluntaryCtxtSwitches + p.status.nonvoluntaryCtxtSwitches : null),
);
