// Reads refused for lack of permission (ptop as another user): the problems that share a reason
// are said once, and a list tab nothing of which could be read shows only its problems, not an
// empty list's "0 …" summary and "No …" line.

import { describe, expect, it } from 'vitest';
import type { ReadProblem } from '../../../src/collect/inspect/types.js';
import { displayWidth } from '../../../src/model/format.js';
import { envPane } from '../../../src/ui/detail/env-pane.js';
import { fdsPane } from '../../../src/ui/detail/fds-pane.js';
import { mapsPane } from '../../../src/ui/detail/maps-pane.js';
import { statePane } from '../../../src/ui/detail/state-pane.js';
import { threadsPane } from '../../../src/ui/detail/threads-pane.js';
import { data, fd, fdsSection, inspection, mapsSection, render, stateSection } from './fixtures.js';

const PTRACE = "owned by uid 0 (root), ptop runs as uid 65534 (nobody): another user's process needs ptrace access; run ptop as root (CAP_SYS_PTRACE)";
const STACK = "the kernel shows a process's kernel stack only to root (CAP_SYS_ADMIN); owned by uid 0 (root), ptop runs as uid 65534 (nobody)";
const refused = (what: string, file: string, why = PTRACE): ReadProblem => ({ what, path: `/proc/1/${file}`, code: 'EACCES', why });

/** What nobody gets for PID 1's State tab. */
const STATE_PROBLEMS = [
  refused('the kernel stack', 'stack', STACK),
  refused('the executable (exe)', 'exe'),
  refused('the working directory (cwd)', 'cwd'),
  refused('the root directory', 'root'),
  refused('the I/O counters', 'io'),
  refused('the namespaces', 'ns/cgroup'),
  refused('the open file count', 'fd'),
];

describe('refused reads', () => {
  it('the State tab says problems that share a reason once: what, then why', () => {
    const r = render(statePane, data(inspection({ pid: 1 }, { state: stateSection({ problems: STATE_PROBLEMS, kernelStack: null }) })), {}, 80, 21);
    const bangs = r.plain.filter((l) => l.startsWith(' !'));
    expect(bangs).toHaveLength(2);
    expect(bangs[0]).toMatch(/^ ! Could not read the kernel stack \(\/proc\/1\/stack\): EACCES — the kernel/);
    const text = r.plain.join('\n').replace(/\n\s+/g, ' ');
    expect(text).toContain(
      'Could not read the executable (exe), the working directory (cwd), the root directory, the I/O counters, the namespaces, the open file count: EACCES',
    );
    // the reason once, not six times
    expect(text.split('needs ptrace access').length - 1).toBe(1);
    expect(text).toContain(PTRACE);
    // the data starts within the first screen (80x24: 21 lines for the pane)
    expect(r.plain.findIndex((l) => /^ State\s+S {2}sleeping/.test(l))).toBeLessThan(10);
    for (const l of r.plain) expect(displayWidth(l)).toBeLessThanOrEqual(80);
  });

  it('Maps, FDs, Environment and Threads show only the problem when nothing could be read', () => {
    const d = data(
      inspection(
        { pid: 1 },
        {
          maps: mapsSection([], [refused('the memory maps', 'smaps')]),
          fds: fdsSection([], [refused('the open files', 'fd')]),
          environment: { problems: [refused('the environment', 'environ')], vars: [] },
          threads: { problems: [refused('the threads', 'task', 'hidepid')], threads: [] },
        },
      ),
    );
    for (const [pane, what, file, why] of [
      [mapsPane, 'the memory maps', 'smaps', PTRACE],
      [fdsPane, 'the open files', 'fd', PTRACE],
      [envPane, 'the environment', 'environ', PTRACE],
      [threadsPane, 'the threads', 'task', 'hidepid'],
    ] as const) {
      // the problem's lines and nothing else: no summary, header or empty-list line
      const r = render(pane, d, {}, 80);
      expect(r.plain.join(' ').replace(/\s+/g, ' ').trim(), what).toBe(`! Could not read ${what} (/proc/1/${file}): EACCES — ${why}`);
    }
  });

  it('a problem with some rows still shows the summary and the rows; an empty list read in full says it is empty', () => {
    const part = render(fdsPane, data(inspection({}, { fds: fdsSection([fd(3)], [refused('the fd flags', 'fdinfo/3')]) })), {}, 80).plain;
    expect(part[0]).toMatch(/^ ! Could not read the fd flags/);
    expect(part).toContain(' 1 open: 1 file');
    expect(part.some((l) => /^\s+3 file\s+\/var\/log\/file3\.log/.test(l))).toBe(true);
    expect(render(fdsPane, data(inspection({}, { fds: fdsSection([]) })), {}, 80).plain).toEqual([' 0 open', expect.stringMatching(/^\s*FD\s/), ' No open fds.']);
  });
});
