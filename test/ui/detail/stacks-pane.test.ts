// The Stacks tab with a fake capture: "capturing…" while it runs, then every thread (TID, name,
// state) with its frames; the last capture kept while a new one runs; leaving cancels a capture
// under way (its AbortSignal fires); errors in words; saving.

import { describe, expect, it } from 'vitest';
import { StacksOwner } from '../../../src/ui/detail/stacks-controller.js';
import { StacksRenderer, stacksPane } from '../../../src/ui/detail/stacks-pane.js';
import { paintMerged } from '../../../src/ui/table-view.js';
import { data, inspection, monoStyles, strip } from './fixtures.js';
import { FakeStacks, stackCapture, thread } from './trace-fakes.js';

const settle = () => new Promise((r) => setTimeout(r, 0));

function world() {
  const fake = new FakeStacks();
  let changes = 0;
  const owner = new StacksOwner({ onChange: () => changes++, capture: fake.capture, save: fake.save });
  const renderer = new StacksRenderer();
  renderer.owner = owner;
  const draw = (offset = 0, height = 30, width = 100) => {
    const ui = monoStyles();
    const view = renderer.view({ data: data(inspection()), state: { ...stacksPane.initial(), offset }, width, height, ui });
    return { view, plain: view.lines.map((l) => strip(paintMerged(l, ui.painter))) };
  };
  return { fake, owner, draw, changes: () => changes };
}

const two = () =>
  stackCapture(4242, [
    thread(4242, 'writer', ['clock_nanosleep', 'time_sleep', 'main']),
    thread(4243, 'ptopworker', ['read', 'worker_loop', 'start_thread']),
  ]);

describe('Stacks pane', () => {
  it('captures on entering, says capturing…, then shows each thread with its frames', async () => {
    const w = world();
    w.owner.enter(4242);
    expect(w.fake.calls).toHaveLength(1);
    expect(w.fake.calls[0].pid).toBe(4242);
    expect(w.owner.capturing).toBe(true);
    expect(w.draw().plain[0]).toMatch(/^ capturing… the threads' stacks of PID 4242/);
    w.fake.calls[0].resolve({ ok: true, capture: two() });
    await settle();
    expect(w.changes()).toBe(1);
    const p = w.draw().plain;
    expect(p[0]).toMatch(/^ 2 threads of PID 4242 \(writer\) by eu-stack at \d\d:\d\d:\d\d, stopped for 35 ms {3}r: capture again, w: save/);
    const text = p.join('\n');
    expect(text).toMatch(/ Thread 4242 "writer" {2}S \(sleeping\) {2}3 frames\n {3}#0 {3}clock_nanosleep {2}at nanosleep\.c:48 {2}in libc\.so\.6\n {3}#1 {3}time_sleep {2}in libc\.so\.6/);
    expect(text).toMatch(/ Thread 4243 "ptopworker" {2}S \(sleeping\) {2}3 frames\n {3}#0 {3}read /);
    // coming back to the same PID shows the capture without taking another
    w.owner.leave();
    w.owner.enter(4242);
    expect(w.fake.calls).toHaveLength(1);
  });

  it('scrolls as text: the capture line stays, the threads move', async () => {
    const w = world();
    w.owner.enter(4242);
    w.fake.calls[0].resolve({ ok: true, capture: two() });
    await settle();
    const d = w.draw(3, 5);
    expect(d.view.list).toBe(false);
    expect(d.view.count).toBe(10);
    expect(d.view.page).toBe(4);
    expect(d.plain[0]).toMatch(/^ 2 threads/);
    // the body: blank, heading, #0, #1, #2, blank, heading, #0 … (offset 3: #1 first)
    expect(d.plain.slice(1)).toEqual(['   #1   time_sleep  in libc.so.6', '   #2   main  in libc.so.6', '', ' Thread 4243 "ptopworker"  S (sleeping)  3 frames']);
    // scrolled past the end: clamped
    expect(w.draw(99, 5).view.offset).toBe(6);
  });

  it('keeps the last capture on screen while a new one runs', async () => {
    const w = world();
    w.owner.enter(4242);
    w.fake.calls[0].resolve({ ok: true, capture: two() });
    await settle();
    w.owner.capture(4242);
    const p = w.draw().plain;
    expect(p[0]).toMatch(/^ capturing…/);
    expect(p[1]).toMatch(/^ 2 threads/);
    expect(p.join('\n')).toContain('ptopworker');
  });

  it('leaving cancels a capture under way (its signal aborts), and a late answer is ignored', async () => {
    const w = world();
    w.owner.enter(4242);
    const call = w.fake.calls[0];
    expect(call.signal?.aborted).toBe(false);
    w.owner.leave();
    expect(call.signal?.aborted).toBe(true);
    expect(w.owner.capturing).toBe(false);
    call.resolve({ ok: false, error: 'eu-stack was cancelled' });
    await settle();
    expect(w.changes()).toBe(0);
    // no capture to show: entering again captures anew
    w.owner.enter(4242);
    expect(w.fake.calls).toHaveLength(2);
  });

  it('errors in words', async () => {
    const w = world();
    w.owner.enter(4242);
    w.fake.calls[0].resolve({ ok: false, error: 'eu-stack may not attach to process 4242 (ptrace: Operation not permitted): it belongs to uid 0 and ptop runs as uid 1000: run ptop as that user, or as root (CAP_SYS_PTRACE)' });
    await settle();
    const text = w.draw(0, 30, 80).plain.join(' ').replace(/\s+/g, ' ');
    expect(text).toContain('Could not capture the stacks of PID 4242: eu-stack may not attach to process 4242 (ptrace: Operation not permitted): it belongs to uid 0');
  });

  it('saves the last capture; says why when there is none', async () => {
    const w = world();
    expect(w.owner.save('/tmp/x.txt')).toEqual({ ok: false, error: 'nothing to save: no stacks captured' });
    w.owner.enter(4242);
    expect(w.owner.save('/tmp/x.txt')).toEqual({ ok: false, error: 'nothing to save yet: the capture is still running' });
    w.fake.calls[0].resolve({ ok: true, capture: two() });
    await settle();
    expect(w.owner.save('/tmp/stacks.txt')).toEqual({ ok: true, path: '/tmp/stacks.txt', threads: 2 });
    expect(w.fake.saved[0].capture.threads.map((t) => t.name)).toEqual(['writer', 'ptopworker']);
  });
});
