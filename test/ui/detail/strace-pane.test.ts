// The Strace tab with a fake session: how call, failed and slow lines look, the summary strip,
// following the tail versus scrolling back, pausing the display while the session keeps counting,
// the filter, a ring that drops old lines under a scrolled-back window, and errors in words.

import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../../src/model/format.js';
import { StraceOwner } from '../../../src/ui/detail/strace-controller.js';
import { formatTook, StraceRenderer, stracePane } from '../../../src/ui/detail/strace-pane.js';
import { paintMerged } from '../../../src/ui/table-view.js';
import type { UiStyles } from '../../../src/ui/styles.js';
import { data, inspection, monoStyles, strip } from './fixtures.js';
import { darkStyles, FAILED_STAT, FakeSession, SLOW_SLEEP, writes } from './trace-fakes.js';

function world(o: { bufferLines?: number; slowMs?: number } = {}) {
  const sessions: FakeSession[] = [];
  let changes = 0;
  const owner = new StraceOwner({
    session: { bufferLines: o.bufferLines ?? 1000, slowMs: o.slowMs ?? 10 },
    start: { args: ['-e', 'trace=all'], stringLimit: 32 },
    onChange: () => changes++,
    makeSession: (opts) => {
      const s = new FakeSession(opts);
      sessions.push(s);
      return s;
    },
  });
  const renderer = new StraceRenderer();
  renderer.owner = owner;
  const draw = (filter = '', height = 20, width = 120, ui: UiStyles = monoStyles()) => {
    const view = renderer.view({ data: data(inspection()), state: { ...stracePane.initial(), filter }, width, height, ui });
    const painted = view.lines.map((l) => paintMerged(l, ui.painter));
    return { view, painted, plain: painted.map(strip) };
  };
  /** the call lines of a drawing (below the header) */
  const calls = (plain: string[]) => plain.slice(plain.findIndex((l) => /^TIME\s+TID\s+TOOK\s+CALL/.test(l)) + 1);
  owner.open(4242);
  return { owner, session: () => sessions.at(-1)!, sessions, draw, calls, changes: () => changes };
}

describe('Strace pane', () => {
  it('starts the session on open with the [strace] arguments, and says it is attaching', () => {
    const w = world();
    expect(w.session().pid).toBe(4242);
    expect(w.session().startOptions).toEqual({ args: ['-e', 'trace=all'], stringLimit: 32 });
    expect(w.session().options).toMatchObject({ bufferLines: 1000, slowMs: 10 });
    expect(w.draw().plain[0]).toMatch(/Attaching strace to PID 4242/);
    // opening again on the same PID keeps the session
    w.owner.open(4242);
    expect(w.sessions).toHaveLength(1);
  });

  it('shows time, TID, duration and syscall(args) = result; errno in the error colour; slow calls highlighted', () => {
    const w = world();
    w.session().feed(...writes(2), FAILED_STAT, SLOW_SLEEP);
    const ui = darkStyles();
    const d = w.draw('', 20, 160, ui);
    const lines = w.calls(d.plain);
    expect(lines[0]).toMatch(/^10:00:00\.000000\s+4242\s+10µs write\(1, "tick 0\\n", 8\) = 8$/);
    expect(lines[2]).toMatch(/^10:00:00\.500000\s+4243\s+12µs newfstatat\(AT_FDCWD, "\/nope", 0x7ffd, 0\) = -1 ENOENT \(No such file or directory\)$/);
    expect(lines[3]).toMatch(/^10:00:00\.600000\s+4242\s+50\.1ms clock_nanosleep\(/);
    const painted = d.painted.slice(d.plain.length - lines.length);
    // the failure: result and errno painted with status_error, the call itself is not
    expect(painted[2]).toContain(ui.paint('status_error', ' = -1 ENOENT (No such file or directory)'));
    expect(ui.paint('status_error', 'x')).not.toBe('x');
    expect(painted[0]).not.toContain(ui.paint('status_error', ' = 8'));
    // the slow call: its duration and name highlighted (search_match), a fast one not
    expect(painted[3]).toContain(ui.paint('search_match', '  50.1ms'));
    expect(painted[3]).toContain(ui.paint('search_match', 'clock_nanosleep'));
    expect(painted[0]).not.toContain(ui.paint('search_match', '    10µs'));
    for (const l of d.plain) expect(displayWidth(l)).toBeLessThanOrEqual(160);
  });

  it('the summary strip: status, calls, errors, slow, top syscalls by count and by time, buffer and dropped lines', () => {
    const w = world({ bufferLines: 5 });
    w.session().feed(...writes(6), FAILED_STAT, SLOW_SLEEP);
    const p = w.draw().plain;
    expect(p[0]).toMatch(/^ tracing {3}calls 8 {3}per s \d+ {3}errors 1 {3}slow \(≥10 ms\) 1 {3}signals 0$/);
    expect(p[1]).toBe(' by count: write 6  clock_nanosleep 1  newfstatat 1');
    expect(p[2]).toBe(' by time:  clock_nanosleep 50.1ms  write 60µs  newfstatat 12µs');
    expect(p[3]).toBe(' following the tail   buffer 5/5 lines, 3 dropped   strace -f -tt -T -s 32 -e trace=all -p 4242');
    expect(p[4]).toMatch(/^TIME\s+TID\s+TOOK CALL/);
  });

  it('follows the tail; moving up scrolls back and stays put as lines arrive; End follows again', () => {
    const w = world();
    w.session().feed(...writes(100));
    const page = 20 - 5;
    const first = (filter = '') => w.calls(w.draw(filter).plain);
    expect(first().at(-1)).toContain('"tick 99\\n"');
    expect(first()).toHaveLength(page);
    expect(w.owner.move({ delta: -1 })).toBe(true);
    expect(w.owner.isFollowing).toBe(false);
    let shown = first();
    expect(shown.at(-1)).toContain('"tick 98\\n"');
    expect(w.draw().plain[3]).toMatch(/scrolled back: lines 85-99 of 100\. End or G follows the tail/);
    w.session().feed(...writes(50, 100));
    expect(first()).toEqual(shown);
    w.owner.move({ page: -1 });
    shown = first();
    expect(shown.at(-1)).toContain(`"tick ${98 - page}\\n"`);
    w.owner.move('home');
    expect(first()[0]).toContain('"tick 0\\n"');
    // down to the bottom follows again
    w.owner.move('end');
    expect(w.owner.isFollowing).toBe(true);
    expect(first().at(-1)).toContain('"tick 149\\n"');
    w.owner.move({ delta: -3 });
    for (let i = 0; i < 3; i++) w.owner.move({ delta: 1 });
    expect(w.owner.isFollowing).toBe(true);
  });

  it('a scrolled-back window keeps to its lines while the ring drops older ones, then clamps to the oldest', () => {
    const w = world({ bufferLines: 100 });
    w.session().feed(...writes(100));
    w.draw();
    w.owner.move('home');
    expect(w.calls(w.draw().plain)[0]).toContain('"tick 0\\n"');
    w.session().feed(...writes(30, 100));
    // tick 0-29 dropped: the window starts at the oldest line held
    expect(w.calls(w.draw().plain)[0]).toContain('"tick 30\\n"');
    expect(w.draw().plain[3]).toMatch(/buffer 100\/100 lines, 30 dropped/);
  });

  it('pause freezes the lines while the session keeps counting; resume shows the tail again', () => {
    const w = world();
    w.session().feed(...writes(40));
    const before = w.calls(w.draw().plain);
    expect(w.owner.togglePause()).toBe(true);
    w.session().feed(...writes(25, 40));
    const d = w.draw();
    expect(w.calls(d.plain)).toEqual(before);
    expect(d.plain[0]).toMatch(/calls 65 /);
    expect(d.plain[3]).toMatch(/^ PAUSED: the display is frozen; strace keeps running \(25 new lines since\)\. Space resumes/);
    // scrolling works inside the frozen lines
    w.owner.move({ delta: -2 });
    expect(w.calls(w.draw().plain).at(-1)).toContain('"tick 37\\n"');
    w.owner.move('end');
    expect(w.owner.togglePause()).toBe(false);
    expect(w.calls(w.draw().plain).at(-1)).toContain('"tick 64\\n"');
  });

  it('the filter narrows the lines by text (live, case-insensitive), and says how many match', () => {
    const w = world();
    w.session().feed(...writes(10), FAILED_STAT, ...writes(10, 10), SLOW_SLEEP);
    let d = w.draw('enoent');
    expect(w.calls(d.plain)).toHaveLength(1);
    expect(w.calls(d.plain)[0]).toContain('newfstatat(');
    expect(d.plain[3]).toContain('lines matching "enoent": 1');
    d = w.draw('write(');
    expect(w.calls(d.plain)).toHaveLength(15);
    expect(d.plain[3]).toContain('lines matching "write(": 20');
    // new lines are matched as they arrive
    w.session().feed(...writes(3, 20), FAILED_STAT);
    expect(w.calls(w.draw('enoent').plain)).toHaveLength(2);
    expect(w.calls(w.draw('nothing-matches').plain)[0]).toMatch(/No line matches "nothing-matches"/);
    // the filter applies to the frozen lines too
    w.owner.togglePause();
    w.session().feed(FAILED_STAT);
    expect(w.calls(w.draw('enoent').plain)).toHaveLength(2);
  });

  it('leave() stops the session and forgets it; the next open starts a new one', () => {
    const w = world();
    const s = w.session();
    w.owner.leave();
    expect(s.stopped).toBe(1);
    expect(s.listeners).toBe(0);
    expect(w.owner.info()).toBeNull();
    w.owner.open(4242);
    expect(w.sessions).toHaveLength(2);
  });

  it('passes the session\'s events on as changes (one per event, not per line)', () => {
    const w = world();
    w.session().feed(...writes(500));
    expect(w.changes()).toBe(1);
  });

  it('errors in words: strace missing, ptrace refused, the process gone', () => {
    for (const why of [
      'strace is not installed (not found on PATH): install the strace package, e.g. apt-get install strace',
      'strace may not attach to process 4242 (ptrace: Operation not permitted): it is already traced by PID 77 (gdb); a process can have only one tracer: stop that one first',
      'process 4242 no longer exists',
    ]) {
      const w = world();
      w.session().setStatus('failed', why);
      const text = w.draw('', 20, 80).plain.join(' ').replace(/\s+/g, ' ');
      expect(text).toContain(`strace could not trace PID 4242: ${why}`);
    }
    const w = world();
    w.session().feed(...writes(3));
    w.session().setStatus('ended', null, 'process 4242 exited with status 0');
    expect(w.draw().plain[0]).toMatch(/^ ended: process 4242 exited with status 0/);
  });

  it('formats durations short', () => {
    expect(formatTook(null)).toBe('');
    expect(formatTook(0.000012)).toBe('12µs');
    expect(formatTook(0.00123)).toBe('1.23ms');
    expect(formatTook(0.0501)).toBe('50.1ms');
    expect(formatTook(0.25)).toBe('250ms');
    expect(formatTook(1.5)).toBe('1.50s');
  });
});
