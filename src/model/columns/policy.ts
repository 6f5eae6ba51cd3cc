// Policy: the scheduling policy as ps's class names (TS FF RR B ISO IDL DLN).

import { textColumn } from './define.js';

/** SCHED_* number → ps's CLS name. */
export const POLICY_NAMES: Readonly<Record<number, string>> = {
  0: 'TS', // SCHED_OTHER
  1: 'FF', // SCHED_FIFO
  2: 'RR', // SCHED_RR
  3: 'B', // SCHED_BATCH
  4: 'ISO', // SCHED_ISO (reserved)
  5: 'IDL', // SCHED_IDLE
  6: 'DLN', // SCHED_DEADLINE
};

export function policyName(policy: number): string | null {
  if (!Number.isInteger(policy) || policy < 0) return null;
  return POLICY_NAMES[policy] ?? '?';
}

export const Policy = textColumn(
  {
    kind: 'Policy',
    jsonKey: 'policy',
    header: 'CLS',
    description: 'Scheduling policy (TS normal, FF fifo, RR round-robin, B batch, ISO, IDL idle, DLN deadline)',
  },
  (p) => policyName(p.stat.policy),
);
