import { describe, expect, it } from 'vitest';
import type { InspectOptions, Inspection } from '../../../src/collect/inspect/types.js';
import { DetailSource } from '../../../src/ui/detail/source.js';
import { inspection, memorySection, NOW, stateSection, thread } from './fixtures.js';

const MiB = 1024 * 1024;

/** A collector that records its calls and answers from `answer`. */
function fake(answer: (pid: number, o: InspectOptions, n: number) => Inspection | null) {
  const calls: Array<{ pid: number; sections: readonly string[]; previous: Inspection | null | undefined }> = [];
  const inspect = (pid: number, o: InspectOptions = {}) => {
    calls.push({ pid, sections: o.sections ?? [], previous: o.previous });
    return answer(pid, o, calls.length);
  };
  return { calls, inspect };
}

const reading = (pid: number, o: InspectOptions, n: number): Inspection => {
  const s: Inspection['sections'] = {};
  for (const name of o.sections ?? []) {
    if (name === 'memory') s.memory = memorySection({ rss: (100 + n) * MiB, pss: (80 + n) * MiB });
    if (name === 'state') s.state = stateSection();
    if (name === 'threads') s.threads = { problems: [], threads: [thread(pid, { ticks: n })] };
  }
  return inspection({ pid, collectedAt: NOW + n * 1000 }, s);
};

describe('DetailSource', () => {
  it('reads the open tab\'s sections (and memory) right away, then on each tick', () => {
    const f = fake(reading);
    const d = new DetailSource({ inspect: f.inspect });
    d.open(42, ['state']);
    expect(f.calls).toEqual([{ pid: 42, sections: ['state', 'memory'], previous: null }]);
    expect(d.current().inspection?.sections.state?.stateWords).toBe('sleeping');
    d.open(42, ['maps']);
    expect(f.calls[1].sections).toEqual(['maps', 'memory']);
    // the state read before is still there (merged section by section)
    expect(d.current().inspection?.sections.state).toBeDefined();
    d.tick();
    expect(f.calls).toHaveLength(3);
    d.close();
    d.tick();
    expect(f.calls).toHaveLength(3);
    expect(d.current().pid).toBeNull();
  });

  it('passes the previous reading with threads for the CPU% deltas', () => {
    const f = fake(reading);
    const d = new DetailSource({ inspect: f.inspect });
    d.open(7, ['threads']);
    d.tick();
    expect(f.calls[1].previous?.sections.threads?.threads[0].ticks).toBe(1);
    d.tick();
    expect(f.calls[2].previous?.sections.threads?.threads[0].ticks).toBe(2);
    // another PID starts without one
    d.open(8, ['threads']);
    expect(f.calls[3].previous).toBeNull();
  });

  it('keeps a bounded RSS/PSS history per PID, kept across closing the view', () => {
    const f = fake(reading);
    const d = new DetailSource({ inspect: f.inspect, historyPoints: 5, historyPids: 2 });
    d.open(1, ['state']);
    for (let i = 0; i < 9; i++) d.tick();
    const h = d.current().history;
    expect(h).toHaveLength(5);
    expect(h.map((p) => p.rss / MiB)).toEqual([106, 107, 108, 109, 110]);
    expect(h[4].pss).toBe(90 * MiB);
    const before = d.current().history;
    d.tick();
    expect(d.current().history).not.toBe(before); // a new array: memos see the change
    d.close();
    d.open(1, ['state']);
    expect(d.current().history.length).toBe(5);
    // at most 2 PIDs remembered: 1 is dropped after 2 and 3
    d.open(2, ['state']);
    d.open(3, ['state']);
    d.open(1, ['state']);
    expect(d.current().history).toHaveLength(1);
  });

  it('keeps the last data when the process exits, and stops reading it', () => {
    let alive = true;
    const f = fake((pid, o, n) => (alive ? reading(pid, o, n) : null));
    const d = new DetailSource({ inspect: f.inspect });
    d.open(5, ['state']);
    alive = false;
    d.tick();
    expect(d.current().exited).toBe(true);
    expect(d.current().inspection?.sections.state?.state).toBe('S');
    d.tick();
    d.open(5, ['maps']);
    expect(f.calls).toHaveLength(2);
  });

  it('paused: a tab already read is not read again; a new one is read once', () => {
    const f = fake(reading);
    const d = new DetailSource({ inspect: f.inspect });
    d.open(9, ['state']);
    d.open(9, ['state'], true);
    expect(f.calls).toHaveLength(1);
    d.open(9, ['fds'], true);
    expect(f.calls).toHaveLength(2);
  });

  it('a collector that throws becomes words, not a crash', () => {
    const d = new DetailSource({
      inspect: () => {
        throw new Error('boom');
      },
    });
    d.open(3, ['state']);
    expect(d.current().error).toBe('could not inspect PID 3: boom');
    expect(d.current().inspection).toBeNull();
  });
});
