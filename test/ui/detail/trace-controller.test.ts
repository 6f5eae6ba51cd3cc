// The trace actions inside the controller, with fake tools: `s` opens the Strace tab and starts
// strace, leaving the tab or the view stops it, dispose() ends every tool; Space, /, w and the
// moves on the Strace tab; `b` and the Stacks tab; `C` with its progress, result, cancel and the
// confirmation when the core is big; the key bar and the help overlay. CoreJob on its own: the note
// printed when ptop ends mid-capture, and the sweep of stale partial files before sizing.

import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { displayWidth } from '../../../src/model/format.js';
import { CoreJob, coreEventText, type PlanResult } from '../../../src/ui/core-job.js';
import { procs, setup, strip } from '../harness.js';
import { corePlan, FAILED_STAT, FakeCore, FakeSession, FakeStacks, stackCapture, thread, writes } from './trace-fakes.js';

const SIZE = { columns: 140, rows: 30 };
const saveDir = mkdtempSync(join(tmpdir(), 'ptop-ui-trace-'));
afterAll(() => rmSync(saveDir, { recursive: true, force: true }));

const settle = () => new Promise((r) => setTimeout(r, 0));

function world(o: { plan?: (pid: number) => PlanResult; selfPid?: number } = {}) {
  const sessions: FakeSession[] = [];
  const stacks = new FakeStacks();
  const cores: FakeCore[] = [];
  const started: Array<{ pid: number; dir?: string; expectedBytes?: number }> = [];
  let ended = 0;
  const t = setup({
    list: procs(30),
    size: SIZE,
    initial: { showHeader: false },
    trace: {
      makeSession: (opts) => {
        const s = new FakeSession(opts);
        sessions.push(s);
        return s;
      },
      captureStacks: stacks.capture,
      saveStacks: stacks.save,
      planCore: (pid) => (o.plan ? o.plan(pid) : { ok: true, plan: corePlan(pid) }),
      startCore: (pid, opts) => {
        started.push({ pid, ...opts });
        const c = new FakeCore(pid, opts.expectedBytes ?? 0);
        cores.push(c);
        return c;
      },
      saveDir,
      endChildren: () => ended++,
      selfPid: o.selfPid ?? 999_999,
    },
  });
  const screen = () => t.controller.getFrame().lines.map((l) => strip(l.text));
  const press = (...keys: string[]) => keys.forEach((k) => t.controller.handleKey(k));
  const status = () => screen().at(-2)!;
  const keyBar = () => screen().at(-1)!;
  return { ...t, sessions, stacks, cores, started, screen, press, status, keyBar, ended: () => ended };
}

function checkFrame(w: ReturnType<typeof world>): void {
  const f = w.controller.getFrame();
  expect(f.lines).toHaveLength(SIZE.rows - 1);
  for (const l of f.lines) expect(displayWidth(strip(l.text)), strip(l.text)).toBeLessThanOrEqual(SIZE.columns);
}

describe('strace in the controller', () => {
  it('s opens the Strace tab of the selected row and starts strace; leaving the tab or the view stops it', () => {
    const w = world();
    w.press('down', 's');
    expect(w.controller.state.screen).toBe('detail');
    expect(w.screen()[1]).toMatch(/7 Strace/);
    expect(w.sessions).toHaveLength(1);
    expect(w.sessions[0].pid).toBe(1001);
    // the [strace] defaults
    expect(w.sessions[0].startOptions).toEqual({ args: [], stringLimit: 64 });
    expect(w.sessions[0].options).toMatchObject({ bufferLines: 10_000, slowMs: 10 });
    expect(w.keyBar()).toMatch(/SpacePause F4Filter wSave/);
    w.sessions[0].feed(...writes(5, 0, 1001));
    expect(w.screen().join('\n')).toContain('write(1, "tick 4\\n", 8) = 8');
    checkFrame(w);
    // another tab stops it; coming back starts a new one
    w.press('1');
    expect(w.sessions[0].stopped).toBe(1);
    w.press('7');
    expect(w.sessions).toHaveLength(2);
    expect(w.sessions[1].pid).toBe(1001);
    // Esc closes the view: stopped too
    w.press('escape');
    expect(w.sessions[1].stopped).toBe(1);
    expect(w.controller.state.screen).toBe('table');
    expect(w.controller.state.selectedKey).toBe(1001);
  });

  it('never traces ptop itself (it would wait on its own output): says so instead', () => {
    const w = world({ selfPid: 1000 });
    w.press('s');
    expect(w.sessions).toHaveLength(0);
    expect(w.screen().join(' ').replace(/\s+/g, ' ')).toContain('strace could not trace PID 1000: PID 1000 is ptop itself: ptop cannot strace its own process');
    w.press('b');
    expect(w.stacks.calls).toHaveLength(0);
    expect(w.screen().join(' ').replace(/\s+/g, ' ')).toContain('Could not capture the stacks of PID 1000: PID 1000 is ptop itself');
    // another process is traced as usual
    w.press('escape', 'down', 's');
    expect(w.sessions).toHaveLength(1);
  });

  it('dispose() stops the session and ends every external tool synchronously', () => {
    const w = world();
    w.press('s');
    expect(w.ended()).toBe(0);
    w.controller.dispose();
    expect(w.sessions[0].stopped).toBe(1);
    expect(w.ended()).toBe(1);
  });

  it('a suspend (Ctrl-Z) ends strace, which a stopped ptop could not drain; the resume starts it again and says why', () => {
    const w = world();
    w.press('s');
    expect(w.sessions).toHaveLength(1);
    w.sessions[0].status = 'running';
    let suspended = 0;
    w.controller.onSuspend = () => suspended++;
    w.press('ctrl+z');
    expect(suspended).toBe(1);
    // what main.ts does around the stop
    expect(w.controller.suspending()).toBe(true);
    expect(w.sessions[0].stopped).toBe(1);
    w.controller.resumed(true);
    expect(w.sessions).toHaveLength(2);
    expect(w.sessions[1].startOptions).not.toBeNull();
    expect(w.status()).toContain('strace was ended while ptop was stopped');
    // off the Strace tab nothing is restarted; a suspend that did not stop says so
    w.press('escape');
    expect(w.controller.suspending()).toBe(false);
    w.controller.resumed(false, false);
    expect(w.sessions).toHaveLength(2);
    expect(w.status()).toContain('Could not suspend: the shell that started ptop has no job control');
  });

  it('redraws when lines arrive (one frame per session event), without a key', () => {
    const w = world();
    w.press('s');
    let published = 0;
    w.controller.subscribe(() => published++);
    w.sessions[0].feed(...writes(200, 0, 1000));
    expect(w.screen().join('\n')).toContain('"tick 199\\n"');
    return settle().then(() => expect(published).toBe(1));
  });

  it('Space pauses the display while the counters move; / filters live and Esc clears; up scrolls back, G follows', () => {
    const w = world();
    w.press('s');
    const s = w.sessions[0];
    s.feed(...writes(60, 0, 1000));
    const lines = () => w.screen().filter((l) => /^10:00:/.test(l));
    w.press('space');
    expect(w.status()).toMatch(/Display paused: strace keeps running and counting \(Space resumes\)/);
    const frozen = lines();
    s.feed(...writes(10, 60, 1000), FAILED_STAT);
    expect(lines()).toEqual(frozen);
    expect(w.screen().join('\n')).toMatch(/calls 71 /);
    expect(w.screen().join('\n')).toMatch(/PAUSED: the display is frozen; strace keeps running \(11 new lines since\)/);
    w.press('space');
    expect(lines().at(-1)).toContain('ENOENT');

    w.press('/', 'e', 'n', 'o', 'e');
    expect(w.status()).toMatch(/^Filter: enoe/);
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toContain('newfstatat(');
    w.press('escape');
    expect(lines().length).toBeGreaterThan(10);

    w.press('up', 'up');
    expect(w.screen().join('\n')).toMatch(/scrolled back: lines/);
    const back = lines();
    s.feed(...writes(5, 100, 1000));
    expect(lines()).toEqual(back);
    w.press('G');
    expect(w.screen().join('\n')).toMatch(/following the tail/);
    expect(lines().at(-1)).toContain('"tick 104\\n"');
    checkFrame(w);
  });

  it('a call that another thread\'s line interrupted shows once, complete, where it started; a filter on its result finds it', () => {
    const w = world();
    w.press('s');
    const s = w.sessions[0];
    const lines = () => w.screen().filter((l) => /^10:00:/.test(l));
    s.feed(...writes(3, 0, 1000));
    w.press('/', '=', ' ', '9', '9', 'enter');
    expect(lines()).toEqual([]);
    s.feed('[pid 1000] 10:00:05.000000 write(1, "tock\\n", 5 <unfinished ...>', '[pid 1001] 10:00:05.000100 getpid() = 1001 <0.000001>');
    expect(lines()).toEqual([]);
    expect(w.screen().join('\n')).toMatch(/lines matching "= 99": 0/);
    w.press('/', 'escape');
    expect(lines().at(-2)).toMatch(/write\(1, "tock\\n", 5 <unfinished \.\.\.>$/);
    w.press('/', '=', ' ', '9', '9', 'enter');
    s.feed('[pid 1000] 10:00:05.000200 <... write resumed>) = 99 <0.000200>');
    expect(lines()).toHaveLength(1);
    expect(lines()[0]).toMatch(/^10:00:05\.000000 +1000 +200µs write\(1, "tock\\n", 5\) = 99$/);
    w.press('/', 'escape');
    const all = lines();
    expect(all).toHaveLength(5);
    expect(all.at(-2)).toMatch(/write\(1, "tock\\n", 5\) = 99$/);
    expect(all.at(-1)).toMatch(/getpid\(\) = 1001$/);
    expect(all.join('\n')).not.toMatch(/unfinished|resumed/);
    checkFrame(w);
  });

  it('w saves the buffer into the save directory and says where', () => {
    const w = world();
    w.press('s');
    w.sessions[0].feed(...writes(3, 0, 1000));
    w.press('w');
    expect(w.sessions[0].saved).toHaveLength(1);
    expect(w.sessions[0].saved[0]).toMatch(new RegExp(`^${saveDir}/strace\\.writer\\.1000\\.\\d{8}-\\d{6}\\.txt$`));
    expect(w.status()).toContain(`Saved 3 strace lines to ${saveDir}/strace.writer.1000.`);
  });

  it('pane keys fall back off their tabs: Space pages down on Maps, w says where it works', () => {
    const w = world();
    w.press('enter', '3');
    w.press('space');
    expect(w.sessions).toHaveLength(0);
    w.press('w');
    expect(w.status()).toMatch(/save works in Strace, Stacks, not in Maps/);
    w.press('7', 'r');
    expect(w.status()).toMatch(/refresh works in Stacks, not in Strace/);
  });
});

describe('stacks in the controller', () => {
  it('b from the table opens the Stacks tab and captures; r and b capture again; leaving cancels', async () => {
    const w = world();
    w.press('down', 'down', 'b');
    expect(w.controller.state.screen).toBe('detail');
    expect(w.screen()[1]).toMatch(/8 Stacks/);
    expect(w.stacks.calls.map((c) => c.pid)).toEqual([1002]);
    expect(w.status()).toMatch(/capturing… the stacks of PID 1002/);
    expect(w.keyBar()).toMatch(/rAgain\s+wSave/);
    w.stacks.calls[0].resolve({ ok: true, capture: stackCapture(1002, [thread(1002, 'writer', ['main']), thread(1003, 'ptopworker', ['worker'])]) });
    await settle();
    const text = w.screen().join('\n');
    expect(text).toMatch(/Thread 1002 "writer"/);
    expect(text).toMatch(/Thread 1003 "ptopworker"/);
    expect(text).toMatch(/#0 {3}worker/);
    expect(w.status()).not.toMatch(/capturing/);
    checkFrame(w);

    w.press('r');
    expect(w.stacks.calls).toHaveLength(2);
    w.press('b');
    expect(w.stacks.calls).toHaveLength(3);
    expect(w.stacks.calls[1].signal?.aborted).toBe(true);
    // another tab: the capture under way is cancelled
    w.press('1');
    expect(w.stacks.calls[2].signal?.aborted).toBe(true);
    // back on the tab: the capture kept from before is shown, nothing new is taken
    w.press('8');
    expect(w.stacks.calls).toHaveLength(3);
    expect(w.screen().join('\n')).toMatch(/Thread 1003 "ptopworker"/);
    w.press('w');
    expect(w.stacks.saved[0].path).toMatch(new RegExp(`^${saveDir}/stacks\\.writer\\.1002\\.`));
    expect(w.status()).toMatch(/Saved the stacks of 2 threads to /);
  });

  it('b in the detail view switches to the Stacks tab with a fresh capture', () => {
    const w = world();
    w.press('enter', 'b');
    expect(w.controller.state.detail.tab).toBe(7);
    expect(w.stacks.calls).toHaveLength(1);
  });
});

describe('gcore in the controller', () => {
  it('C starts a capture in the background, shows its progress, then the path, size and the gdb command', () => {
    const w = world();
    w.press('C');
    expect(w.started).toEqual([{ pid: 1000, dir: '/tmp/cores', expectedBytes: 100 * 1024 * 1024 }]);
    const c = w.cores[0];
    c.emit({ type: 'progress', written: 37 * 1024 * 1024, expected: c.expectedBytes });
    expect(w.status()).toMatch(/^Writing a core of PID 1000 \(writer\): 37 MiB of about 100 MiB \(37%\)\. C cancels/);
    // the table stays usable meanwhile
    w.press('down');
    expect(w.controller.state.selectedKey).toBe(1001);
    c.emit({ type: 'done', path: '/tmp/cores/core.writer.1000.20240615-120000', size: 99 * 1024 * 1024, openCommand: 'gdb /usr/bin/writer /tmp/cores/core.writer.1000.20240615-120000', durationMs: 900 });
    // (on the right of the status line: the table's flags)
    expect(w.status()).toMatch(/^Core of PID 1000 written \(99 MiB\); open it with: gdb \/usr\/bin\/writer \/tmp\/cores\/core\.writer\.1000\.20240615-120000 /);
    // the message stays long enough to copy the command
    w.clock.now += 30_000;
    w.press('down');
    expect(w.status()).toMatch(/^Core of PID 1000 written/);
    // a second C makes a second capture
    w.press('C');
    expect(w.started).toHaveLength(2);
    expect(w.started[1].pid).toBe(1002);
  });

  it('C during a capture cancels it and says the partial file was removed', async () => {
    const w = world();
    w.press('enter', 'C');
    expect(w.started[0].pid).toBe(1000);
    w.press('C');
    expect(w.cores[0].cancels).toBe(1);
    await settle();
    expect(w.status()).toBe('Core capture of process 1000 cancelled; the partial file was removed');
    expect(w.started).toHaveLength(1);
  });

  it('asks first when the core is big or the disk short: n cancels, y starts', () => {
    const reason = 'the core will be about 2.0 GiB, more than core_confirm_bytes (1.0 GiB)';
    const w = world({ plan: (pid) => ({ ok: true, plan: corePlan(pid, { needsConfirm: true, confirmReason: reason, expectedBytes: 2 * 1024 ** 3 }) }) });
    w.press('C');
    expect(w.controller.state.mode.kind).toBe('confirmCore');
    expect(w.status()).toMatch(/^Core of PID 1000 \(writer\): the core will be about 2\.0 GiB, more than core_confirm_bytes \(1\.0 GiB\)\. Write it\? y\/N {3}/);
    expect(w.keyBar()).toMatch(/^yYes\s+nNo/);
    w.press('n');
    expect(w.status()).toMatch(/^Cancelled: no core written {3}/);
    expect(w.started).toHaveLength(0);
    w.press('C', 'y');
    expect(w.started).toHaveLength(1);
    expect((w.controller.state.mode as { kind: string }).kind).toBe('table');
    // Esc in the dialog is no as well
    w.cores[0].emit({ type: 'cancelled', message: 'core capture of process 1000 cancelled before anything was written' });
    w.press('C', 'escape');
    expect(w.status()).toMatch(/^Cancelled: no core written/);
    expect(w.started).toHaveLength(1);
  });

  it('a plan that fails and a capture that fails are errors in words', () => {
    const w = world({ plan: () => ({ ok: false, error: 'process 1000 no longer exists' }) });
    w.press('C');
    expect(w.status()).toMatch(/^No core of PID 1000: process 1000 no longer exists {3}/);
    const v = world();
    v.press('C');
    v.cores[0].emit({ type: 'failed', error: 'gdb is not installed (not found on PATH): install the gdb package, e.g. apt-get install gdb (gcore needs gdb)' });
    expect(v.status()).toMatch(/^No core of PID 1000: gdb is not installed/);
  });
});

/** a capture that, like the real one, settles only later (cancel() does not end it at once) */
class SlowCore extends FakeCore {
  partialPath: string | null = null;
  override async cancel(): Promise<void> {
    this.cancels++;
    await new Promise((r) => setTimeout(r, 0));
  }
}

describe('coreEventText', () => {
  const plan = corePlan(4242, { exe: '/usr/lib/jvm/java-17-openjdk-amd64/bin/java' });
  const path = '/home/someone/.local/state/ptop-cores/core.java.4242.20240615-120000';
  const done = { type: 'done' as const, path, size: 82 * 1024 * 1024, openCommand: `gdb ${plan.exe} ${path}`, durationMs: 1 };

  it('the path once, inside the open command: the whole command fits a 180-column status line', () => {
    const [text, kind] = coreEventText(done, plan)!;
    expect(kind).toBe('info');
    expect(text).toBe(`Core of PID 4242 written (82 MiB); open it with: gdb /usr/lib/jvm/java-17-openjdk-amd64/bin/java ${path}`);
    expect(text.split(path)).toHaveLength(2);
    expect(text.length).toBeLessThanOrEqual(180);
    // and the status line shows it whole at 180 columns
    const w = world();
    w.controller.setSize({ columns: 180, rows: 30 });
    w.press('C');
    w.cores[0].emit({ ...done, openCommand: `gdb /usr/bin/writer ${path}` });
    expect(w.status()).toContain(`open it with: gdb /usr/bin/writer ${path}`);
  });

  it('sanitized: control characters from a configured core_dir never reach the terminal', () => {
    const evil = '/tmp/\u001b]0;x\u0007cores/core.x.1.20240615-120000';
    const [text] = coreEventText({ ...done, path: evil, openCommand: `gdb /bin/x '${evil}'` }, plan)!;
    expect(text).not.toMatch(/[\u0000-\u001f\u007f]/);
    expect(coreEventText({ type: 'failed', error: 'cannot write /tmp/\u001b[2J' }, plan)![0]).toBe('No core of PID 4242: cannot write /tmp/\uFFFD[2J');
    expect(coreEventText({ type: 'progress', written: 1, expected: 2 }, plan)).toBeNull();
  });
});

describe('CoreJob: the note when ptop ends mid-capture, and the sweep before sizing', () => {
  const job = (o: { sweep?: (dir: string) => string[]; dir?: string | null } = {}) => {
    const cores: SlowCore[] = [];
    const j = new CoreJob({
      dir: o.dir ?? null,
      confirmBytes: 1024 ** 3,
      onEvent: () => {},
      plan: (pid) => ({ ok: true, plan: corePlan(pid, { comm: 'python3' }) }),
      start: (pid, opts) => {
        const c = new SlowCore(pid, opts.expectedBytes ?? 0);
        cores.push(c);
        return c;
      },
      sweep: o.sweep,
    });
    return { j, cores };
  };

  it('while a capture runs (also once cancelled by dispose, before it settles): what happened, in words', async () => {
    const { j, cores } = job();
    expect(j.interruptedNote()).toBeNull();
    const plan = j.plan(process.pid);
    if (!plan.ok) throw new Error(plan.error);
    j.start(plan.plan);
    const note = `ptop: the core capture of PID ${process.pid} (python3) was interrupted; the partial file was removed (PID ${process.pid} runs on)`;
    expect(j.interruptedNote()).toBe(note);
    // what dispose() does: cancel (not awaited), then the synchronous end of every tool
    void j.cancel();
    expect(cores[0].cancels).toBe(1);
    expect(j.interruptedNote()).toBe(note);
    // a partial file still there is named (sanitized), a process gone is said to be gone
    const left = join(saveDir, 'left\u001b[2J.partial');
    writeFileSync(left, 'x');
    cores[0].partialPath = left;
    expect(j.interruptedNote()).toBe(
      `ptop: the core capture of PID ${process.pid} (python3) was interrupted; the partial file ${join(saveDir, 'left\uFFFD[2J.partial')} is left behind (remove it) (PID ${process.pid} runs on)`,
    );
    // once it has settled there is nothing to say
    cores[0].emit({ type: 'cancelled', message: 'core capture of process 1 cancelled; the partial file was removed' });
    expect(j.interruptedNote()).toBeNull();

    const gone = job();
    const p2 = gone.j.plan(999_999_999);
    if (!p2.ok) throw new Error(p2.error);
    gone.j.start({ ...p2.plan, comm: '' });
    expect(gone.j.interruptedNote()).toBe('ptop: the core capture of PID 999999999 was interrupted; the partial file was removed (PID 999999999 is gone)');
    gone.cores[0].emit({ type: 'done', path: '/x', size: 1, openCommand: 'gdb x /x', durationMs: 1 });
    expect(gone.j.interruptedNote()).toBeNull();
  });

  it('plan() sweeps the core directory first (not while a capture runs), so leftovers do not count against the free space', () => {
    const swept: string[] = [];
    const { j } = job({ dir: '/var/cores', sweep: (d) => (swept.push(d), []) });
    const plan = j.plan(1000);
    expect(swept).toEqual(['/var/cores']);
    if (!plan.ok) throw new Error(plan.error);
    j.start(plan.plan);
    j.plan(1001);
    expect(swept).toEqual(['/var/cores']);
    // the real sweep with the real plan: a stale partial goes, before the plan reads the free space
    const dir = join(saveDir, 'cores');
    mkdirSync(dir, { recursive: true });
    const stale = join(dir, '.core.x.1.20250101-000000.ptop999999999.abcd0123.partial');
    writeFileSync(stale, 'x');
    const real = new CoreJob({ dir, confirmBytes: 1024 ** 3, onEvent: () => {} });
    const r = real.plan(process.pid);
    expect(r.ok).toBe(true);
    expect(existsSync(stale)).toBe(false);
  });
});

describe('the tab bar', () => {
  it('fits all eight tabs at 80 columns (without the padding), and clicks hit the right tab', () => {
    const t = setup({ list: procs(5), size: { columns: 80, rows: 24 }, initial: { showHeader: false } });
    t.controller.handleKey('enter');
    const bar = strip(t.controller.getFrame().lines[1].text);
    expect(bar).toBe('1 State 2 Memory 3 Maps 4 FDs 5 Threads 6 Environment 7 Strace 8 Stacks');
    t.controller.handleMouse({ kind: 'press', button: 0, x: bar.indexOf('8 Stacks') + 2, y: 1 });
    expect(t.controller.state.detail.tab).toBe(7);
  });
});

describe('keys', () => {
  it('the help overlay lists s, b, C and the Strace and Stacks tab keys', () => {
    const w = world();
    w.press('?');
    const help: string[] = [];
    for (let i = 0; i < 10; i++) {
      help.push(...w.screen());
      w.press('pagedown');
    }
    const text = help.join('\n');
    expect(text).toMatch(/s\s+strace\s+strace the selected process live/);
    expect(text).toMatch(/b\s+stacks\s+every thread's stack/);
    expect(text).toMatch(/C\s+core\s+write a core file/);
    expect(text).toMatch(/Strace and Stacks tabs/);
    expect(text).toMatch(/Space\s+trace_pause\s+Strace: pause\/resume the display/);
    expect(text).toMatch(/w\s+trace_save/);
    expect(text).toMatch(/r\s+trace_refresh/);
    expect(text).toMatch(/8\s+tab_8\s+detail view: tab 8 \(Stacks\)/);
  });
});
