import { describe, expect, it } from 'vitest';
import type { InspectOptions, Inspection, SectionName } from '../../../src/collect/inspect/types.js';
import type { AsyncInspector } from '../../../src/collect/inspect/worker-client.js';
import { MemoryHistory } from '../../../src/ui/detail/memory-history.js';
import { DetailSource } from '../../../src/ui/detail/source.js';
import { proc, system } from '../../model/factory.js';
import { fd, fdsSection, inspection, memorySection, NOW, stateSection, thread } from './fixtures.js';

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
    const d = new DetailSource({ inspect: f.inspect, history: new MemoryHistory({ points: 5, pids: 2 }) });
    d.open(1, ['state']);
    for (let i = 0; i < 9; i++) d.tick();
    const h = d.current().history;
    // 10 readings in at most 5 points, from the first to the newest
    expect(h.map((p) => p.rss / MiB)).toEqual([101, 105, 109, 110]);
    expect(h[3].pss).toBe(90 * MiB);
    const before = d.current().history;
    d.tick();
    expect(d.current().history).not.toBe(before); // a new array: memos see the change
    d.close();
    d.open(1, ['state']);
    // the newest reading takes the last point until its turn to stay is done
    expect(d.current().history.map((p) => p.rss / MiB)).toEqual([101, 105, 109, 112]);
    // at most 2 PIDs remembered: 1 is dropped after 2 and 3
    d.open(2, ['state']);
    d.open(3, ['state']);
    d.open(1, ['state']);
    expect(d.current().history).toHaveLength(1);
  });

  it("the table's samples before the view opened start its history (RSS only); its own readings add PSS", () => {
    const f = fake(reading);
    const d = new DetailSource({ inspect: f.inspect });
    const table = (at: number, rssPages: number) => ({
      system: system({ now: at, pageSize: 4096 }),
      procs: [proc({ pid: 7, stat: { rss: rssPages, starttime: 500 } }), proc({ pid: 8, stat: { rss: 1, starttime: 9 } })],
    });
    for (let i = 0; i < 3; i++) d.sampled(table(NOW - 3000 + i * 1000, 256 * (i + 1)));
    d.open(7, ['state']);
    const h = d.current().history;
    expect(h.map((p) => [p.rss / MiB, p.pss === null ? null : p.pss / MiB])).toEqual([[1, null], [2, null], [3, null], [101, 81]]);
    // while the view reads PID 7 the table does not record it (the view's readings have PSS)
    d.sampled(table(NOW + 500, 1024));
    d.tick();
    expect(d.current().history.map((p) => p.rss / MiB)).toEqual([1, 2, 3, 101, 102]);
    // PID 8 is recorded meanwhile; gone from the table, it is forgotten, the open PID 7 is not
    expect(d.history.get(8)).toHaveLength(4);
    d.sampled({ system: system({ now: NOW + 9000 }), procs: [] });
    expect(d.history.get(8)).toHaveLength(0);
    expect(d.current().history).toHaveLength(5);
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

  it('a zombie (exited, not reaped) keeps the last data with only its state taken, and stops reading', () => {
    let zombie = false;
    const zombieProblem = { what: 'memory maps', path: '/proc/5/smaps', code: 'ESRCH', why: 'the process is a zombie' };
    const f = fake((pid, o, n) => {
      if (!zombie) return { ...reading(pid, o, n), sections: { ...reading(pid, o, n).sections, fds: fdsSection([fd(3)]) } };
      return inspection(
        { pid, state: 'Z', collectedAt: NOW + n * 1000 },
        {
          state: stateSection({ state: 'Z', stateWords: 'zombie', ancestry: [{ pid, comm: 'sleep' }, { pid: 77, comm: 'parent' }], problems: [zombieProblem] }),
          memory: memorySection({ rss: null, pss: null, problems: [zombieProblem] }),
          fds: fdsSection([]),
        },
      );
    });
    const d = new DetailSource({ inspect: f.inspect });
    d.open(5, ['state', 'fds']);
    const before = d.current();
    zombie = true;
    d.tick();
    const s = d.current();
    expect(s.exited).toBe(true);
    expect(s.inspection?.state).toBe('Z');
    expect(s.inspection?.collectedAt).toBe(before.inspection?.collectedAt); // the time of the last data
    const st = s.inspection!.sections.state!;
    expect([st.state, st.stateWords, st.ancestry[1].pid]).toEqual(['Z', 'zombie', 77]);
    expect(st.problems).toEqual([]);
    expect(st.cwd).toBe('/srv');
    expect(s.inspection?.sections.fds?.fds.map((x) => x.fd)).toEqual([3]);
    expect(s.inspection?.sections.memory?.rss).toBe(101 * MiB);
    expect(s.history).toHaveLength(1);
    d.tick();
    d.open(5, ['maps']);
    expect(f.calls).toHaveLength(2);
  });

  it('a view opened on a zombie shows its one reading, as exited', () => {
    const f = fake((pid) => inspection({ pid, state: 'Z' }, { state: stateSection({ state: 'Z', stateWords: 'zombie' }) }));
    const d = new DetailSource({ inspect: f.inspect });
    d.open(6, ['state']);
    expect(d.current().exited).toBe(true);
    expect(d.current().inspection?.sections.state?.state).toBe('Z');
    d.tick();
    expect(f.calls).toHaveLength(1);
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

/** An AsyncInspector whose readings the test hands out by hand. */
function deferred() {
  const calls: Array<{
    pid: number;
    sections: readonly string[];
    continued: boolean;
    deliver: (r: Inspection | null) => void;
    resolve: () => void;
    reject: (e: Error) => void;
  }> = [];
  let closed = 0;
  const collector: AsyncInspector = {
    inspect: (pid, o, deliver) =>
      new Promise<void>((resolve, reject) => {
        calls.push({ pid, sections: o.sections, continued: o.continued, deliver, resolve, reject });
      }),
    close: () => {
      closed++;
    },
  };
  /** answer call `i` with a reading (or null: gone), then settle it */
  const answer = async (i: number, r: Inspection | null | ((pid: number) => Inspection | null) = (pid) => reading(pid, { sections: calls[i].sections as SectionName[] }, i + 1)) => {
    const c = calls[i];
    c.deliver(typeof r === 'function' ? r(c.pid) : r);
    c.resolve();
    await Promise.resolve();
    await new Promise((res) => setImmediate(res));
  };
  return { calls, collector, answer, closed: () => closed };
}

describe('DetailSource with a collector off the main thread', () => {
  it('reads through the collector; a reading arriving later is published and announced', async () => {
    const d0 = deferred();
    let changes = 0;
    const sync = fake(reading);
    const d = new DetailSource({ inspect: sync.inspect, collector: d0.collector, onChange: () => changes++ });
    d.open(42, ['state']);
    expect(d0.calls).toHaveLength(1);
    expect(d0.calls[0]).toMatchObject({ pid: 42, sections: ['state', 'memory'], continued: false });
    // nothing yet, but the view is on PID 42
    expect(d.current().pid).toBe(42);
    expect(d.current().inspection).toBeNull();
    await d0.answer(0);
    expect(changes).toBe(1);
    expect(d.current().inspection?.sections.state?.stateWords).toBe('sleeping');
    expect(d.current().history).toHaveLength(1);
    d.tick();
    expect(d0.calls[1]).toMatchObject({ pid: 42, continued: true });
    expect(sync.calls).toHaveLength(0);
  });

  it('one reading at a time: asking while one is under way reads once more after it', async () => {
    const d0 = deferred();
    const d = new DetailSource({ inspect: fake(reading).inspect, collector: d0.collector });
    d.open(7, ['state']);
    d.tick();
    d.tick();
    d.open(7, ['fds']); // a tab switch while the first reading is under way
    expect(d0.calls).toHaveLength(1);
    await d0.answer(0);
    expect(d0.calls).toHaveLength(2);
    expect(d0.calls[1].sections).toEqual(['fds', 'memory']);
    await d0.answer(1);
    expect(d0.calls).toHaveLength(2);
    expect(d.reads).toBe(2);
  });

  it('a quick reading and then the complete one both show', async () => {
    const d0 = deferred();
    let changes = 0;
    const d = new DetailSource({ inspect: fake(reading).inspect, collector: d0.collector, onChange: () => changes++ });
    d.open(9, ['state']);
    d0.calls[0].deliver(reading(9, { sections: ['state'] }, 1));
    expect(d.current().inspection?.collectedAt).toBe(NOW + 1000);
    d0.calls[0].deliver(reading(9, { sections: ['state'] }, 2));
    expect(d.current().inspection?.collectedAt).toBe(NOW + 2000);
    expect(changes).toBe(2);
  });

  it('drops readings of a PID the view left, and of a closed view', async () => {
    const d0 = deferred();
    const d = new DetailSource({ inspect: fake(reading).inspect, collector: d0.collector });
    d.open(1, ['state']);
    d.open(2, ['state']);
    await d0.answer(0); // PID 1's reading: not shown
    expect(d.current().pid).toBe(2);
    expect(d.current().inspection).toBeNull();
    expect(d0.calls[1]).toMatchObject({ pid: 2, continued: false });
    d.close();
    await d0.answer(1);
    expect(d.current().inspection).toBeNull();
    expect(d0.calls).toHaveLength(2);
  });

  it('a process gone: exited, and no more readings', async () => {
    const d0 = deferred();
    const d = new DetailSource({ inspect: fake(reading).inspect, collector: d0.collector });
    d.open(5, ['state']);
    await d0.answer(0);
    d.tick();
    await d0.answer(1, null);
    expect(d.current().exited).toBe(true);
    expect(d.current().inspection?.sections.state).toBeDefined();
    d.tick();
    expect(d0.calls).toHaveLength(2);
  });

  it('a failed reading becomes words; the next reading clears them', async () => {
    const d0 = deferred();
    let changes = 0;
    const d = new DetailSource({ inspect: fake(reading).inspect, collector: d0.collector, onChange: () => changes++ });
    d.open(3, ['state']);
    d0.calls[0].reject(new Error('boom'));
    await new Promise((res) => setImmediate(res));
    expect(d.current().error).toBe('could not inspect PID 3: boom');
    expect(changes).toBe(1);
    d.tick();
    await d0.answer(1);
    expect(d.current().error).toBeNull();
  });

  it('an unavailable collector: read in-process from then on, starting with the reading it failed', async () => {
    const d0 = deferred();
    const sync = fake(reading);
    let changes = 0;
    const d = new DetailSource({ inspect: sync.inspect, collector: d0.collector, onChange: () => changes++ });
    d.open(4, ['fds']);
    d0.calls[0].reject(Object.assign(new Error('the inspection worker exited (1)'), { unavailable: true }));
    await new Promise((res) => setImmediate(res));
    expect(d0.closed()).toBe(1);
    expect(sync.calls).toEqual([{ pid: 4, sections: ['fds', 'memory'], previous: null }]);
    expect(d.current().inspection?.pid).toBe(4);
    expect(d.current().error).toBeNull();
    expect(changes).toBe(1);
    d.tick();
    expect(sync.calls).toHaveLength(2);
    expect(d0.calls).toHaveLength(1);
  });

  it('dispose stops the collector and drops what it still delivers', async () => {
    const d0 = deferred();
    const sync = fake(reading);
    const d = new DetailSource({ inspect: sync.inspect, collector: d0.collector });
    d.open(6, ['state']);
    d.dispose();
    expect(d0.closed()).toBe(1);
    d0.calls[0].deliver(reading(6, { sections: ['state'] }, 1));
    d0.calls[0].reject(Object.assign(new Error('closed'), { unavailable: true }));
    await new Promise((res) => setImmediate(res));
    expect(sync.calls).toHaveLength(0);
    expect(d.current().inspection).toBeNull();
  });
});
