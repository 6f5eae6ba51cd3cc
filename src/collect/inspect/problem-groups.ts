// ReadProblems grouped by their reason, shared by the text report (src/render/inspect-text.ts) and
// the detail panes (src/ui/detail/pane.ts): the files refused for one reason (as another user, the
// exe, cwd, root, io, namespaces and fd count all fail for the same missing ptrace access) are
// said once, as one list of what could not be read and the reason after it. Pure, no I/O.

import type { ReadProblem } from './types.js';

/** The problems in groups of the same errno and reason, each group and its members in first-seen order. */
export function groupProblems(list: readonly ReadProblem[]): ReadProblem[][] {
  const groups = new Map<string, ReadProblem[]>();
  for (const p of list) {
    const key = `${p.code}\u0000${p.why}`;
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  return [...groups.values()];
}

/** Nothing of a list section could be read: it has problems and no rows (not an empty list). */
export function unreadable(problems: readonly ReadProblem[], rows: number): boolean {
  return rows === 0 && problems.length > 0;
}
