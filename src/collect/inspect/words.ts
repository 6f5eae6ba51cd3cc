// Kernel codes in words, shared by the collector and the renderers: the state letter and the
// scheduling policy number. Pure, no imports.

/**
 * Each state letter's name, and what it means when the name alone does not say it. The one table
 * of state words: the collector's stateWords, the report, the State tab and the detail view's
 * title (which shows the name only, "D (uninterruptible sleep)") all read it.
 */
const STATES: Readonly<Record<string, readonly [name: string, more?: string]>> = {
  R: ['running'],
  S: ['sleeping'],
  D: ['uninterruptible sleep', 'usually I/O'],
  Z: ['zombie', 'exited, not yet reaped by its parent'],
  T: ['stopped', 'by a signal'],
  t: ['stopped by a tracer', 'debugger'],
  I: ['idle', 'kernel thread'],
  X: ['dead'],
  x: ['dead'],
  P: ['parked'],
  W: ['waking'],
  K: ['wakekill'],
};

/** The state letter's name ("D" → "uninterruptible sleep"), null for a letter not in the table. */
export function stateName(state: string): string | null {
  return STATES[state]?.[0] ?? null;
}

/** The state letter in words ("S" → "sleeping", "D" → "uninterruptible sleep (usually I/O)"). */
export function stateWords(state: string): string {
  const s = STATES[state];
  if (!s) return 'unknown';
  return s[1] ? `${s[0]} (${s[1]})` : s[0];
}

const POLICIES = ['SCHED_OTHER', 'SCHED_FIFO', 'SCHED_RR', 'SCHED_BATCH', 'SCHED_ISO', 'SCHED_IDLE', 'SCHED_DEADLINE', 'SCHED_EXT'];

export function policyName(policy: number): string {
  return POLICIES[policy] ?? `policy ${policy}`;
}
