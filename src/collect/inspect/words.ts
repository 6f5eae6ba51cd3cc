// Kernel codes in words, shared by the collector and the renderers: the state letter and the
// scheduling policy number. Pure, no imports.

const STATE_WORDS: Readonly<Record<string, string>> = {
  R: 'running',
  S: 'sleeping',
  D: 'uninterruptible sleep (usually I/O)',
  Z: 'zombie (exited, not yet reaped by its parent)',
  T: 'stopped (by a signal)',
  t: 'stopped by a tracer (debugger)',
  I: 'idle (kernel thread)',
  X: 'dead',
  x: 'dead',
  P: 'parked',
  W: 'waking',
  K: 'wakekill',
};

/** The state letter in words ("S" → "sleeping"). */
export function stateWords(state: string): string {
  return STATE_WORDS[state] ?? 'unknown';
}

const POLICIES = ['SCHED_OTHER', 'SCHED_FIFO', 'SCHED_RR', 'SCHED_BATCH', 'SCHED_ISO', 'SCHED_IDLE', 'SCHED_DEADLINE', 'SCHED_EXT'];

export function policyName(policy: number): string {
  return POLICIES[policy] ?? `policy ${policy}`;
}
