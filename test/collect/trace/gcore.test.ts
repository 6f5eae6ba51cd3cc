// gcore against real processes: the core opens in gdb, is private (0600), never overwrites, the
// process runs on, also when cancelled at any moment of gdb's attach; cancelling and ptop's exit
// path remove the partial file; errors in words; the size estimate against the real core; a core
// cut short by a full disk (a fake gdb that says "Saved corefile" all the same, and a real gdb on
// a small tmpfs) is removed and reported, never kept.

import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endAll, liveChildren } from '../../../src/collect/trace/children.js';
import {
  coreFileName,
  estimateCoreSize,
  gcoreErrorWords,
  planCore,
  processStartMs,
  resolveCoreDir,
  startCore,
  sweepStalePartials,
  type CoreEvent,
} from '../../../src/collect/trace/gcore.js';
import { StraceSession } from '../../../src/collect/trace/strace-session.js';
import { CoreJob } from '../../../src/ui/core-job.js';
import { pollUntil } from '../../helpers/procs.js';
import { FIXTURES, killTraceProcs, PYTHON, startProc, stateOf, tracerOf, type Proc } from './trace-procs.js';

let root: string;
let small: Proc;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ptop-gcore-test-'));
  small = await startProc(PYTHON, [`${FIXTURES}/mem.py`, '20'], { readyLine: 'ready' });
});

afterAll(async () => {
  await killTraceProcs();
  rmSync(root, { recursive: true, force: true });
});

/** a fake gdb: a shell script that runs `body` with $out the file of `generate-core-file`, then says it saved it */
function fakeGdb(name: string, body: string): string {
  const bin = join(root, 'fake-gdb');
  mkdirSync(bin, { recursive: true });
  const p = join(bin, name);
  writeFileSync(p, `#!/bin/sh\nfor a; do case "$a" in "generate-core-file "*) out="\${a#generate-core-file }";; esac; done\n${body}\necho "Saved corefile $out"\nexit 0\n`);
  chmodSync(p, 0o755);
  return p;
}

function runsOn(pid: number): void {
  expect(stateOf(pid)).not.toMatch(/^[TtZ]$/);
  expect(stateOf(pid)).not.toBeNull();
}

describe('names and places', () => {
  it('core.<comm>.<pid>.<timestamp>, the comm made safe', () => {
    const when = new Date(2025, 10, 22, 8, 14, 0);
    expect(coreFileName('python3', 42, when)).toBe('core.python3.42.20251122-081400');
    expect(coreFileName('a/b c\u001b..', 7, when)).toBe('core.a_b_c_...7.20251122-081400');
    expect(coreFileName('..', 7, when)).toBe('core.process.7.20251122-081400');
    expect(coreFileName('', 7, when)).toBe('core.process.7.20251122-081400');
  });

  it('the directory: configured (with ~/), else $XDG_STATE_HOME/ptop-cores, else ~/.local/state/ptop-cores', () => {
    expect(resolveCoreDir('~/cores', {}, '/home/u')).toBe('/home/u/cores');
    expect(resolveCoreDir('/var/cores', {}, '/home/u')).toBe('/var/cores');
    expect(resolveCoreDir(null, { XDG_STATE_HOME: '/x/state' }, '/home/u')).toBe('/x/state/ptop-cores');
    expect(resolveCoreDir(null, { XDG_STATE_HOME: 'relative' }, '/home/u')).toBe('/home/u/.local/state/ptop-cores');
    expect(resolveCoreDir(undefined, {}, '/home/u')).toBe('/home/u/.local/state/ptop-cores');
  });

  it('gdb failures in words', () => {
    expect(gcoreErrorWords(small.pid, '/d', 'Failed to write corefile contents (No space left on device).', 5 * 1024 ** 3)).toMatch(
      /^no space left in \/d \(the core needs about 5\.0 GiB, .* free\); the partial file was removed$/,
    );
    expect(gcoreErrorWords(small.pid, '/d', "Failed to open '/d/x' for output: Permission denied", 1)).toBe('gdb may not write in /d: permission denied');
    expect(gcoreErrorWords(999_999_999, '/d', 'ptrace: No such process.', 1)).toBe('process 999999999 no longer exists');
    expect(gcoreErrorWords(small.pid, '/d', 'warning: x\nSomething odd happened\n', 1)).toBe('gdb could not write the core: Something odd happened');
  });
});

describe('capturing a core', () => {
  it('writes a private core that gdb opens; the process runs on; a second capture makes a second file', async () => {
    const dir = join(root, 'cores-a');
    const planned = planCore(small.pid, { dir, confirmBytes: 1024 ** 3 });
    if (!planned.ok) throw new Error(planned.error);
    const plan = planned.plan;
    expect(plan).toMatchObject({ pid: small.pid, dir, spaceShort: false, needsConfirm: false, confirmReason: '' });
    expect(plan.exe).toMatch(/python3/);
    const now = new Date();
    const events: CoreEvent[] = [];
    const cap = startCore(small.pid, { dir, expectedBytes: plan.expectedBytes, now, pollMs: 20 });
    cap.subscribe((e) => events.push(e));
    const end = await cap.finished;
    if (end.type !== 'done') throw new Error(JSON.stringify(end));
    expect(cap.state).toBe('done');
    expect(end.path).toBe(join(dir, coreFileName(plan.comm, small.pid, now)));
    const st = statSync(end.path);
    expect(st.mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(end.size).toBe(st.size);
    expect(end.openCommand).toBe(`gdb ${plan.exe} ${end.path}`);
    // the estimate is close to the real thing
    const ratio = end.size / plan.expectedBytes;
    console.log(`[figures] gcore of python3 with 20 MiB touched: estimate ${plan.expectedBytes} bytes, core ${end.size} bytes (ratio ${ratio.toFixed(4)}), ${end.durationMs} ms`);
    expect(Math.abs(ratio - 1)).toBeLessThan(0.05);
    // only the core is left in the directory (no partial file)
    expect(readdirSync(dir)).toEqual([coreFileName(plan.comm, small.pid, now)]);
    // gdb opens it
    const g = spawnSync('gdb', ['-batch', '-nx', '-c', end.path, plan.exe!], { encoding: 'utf8', timeout: 60_000 });
    expect(g.status).toBe(0);
    expect(g.stdout + g.stderr).toMatch(/Core was generated by/);
    expect(g.stdout + g.stderr).not.toMatch(/not a core dump|not in executable format|format not recognized/i);
    // the process runs on, untraced
    await pollUntil(() => tracerOf(small.pid) === 0, 'the process to be untraced');
    runsOn(small.pid);

    // the same name again: a second file, the first untouched
    const second = await startCore(small.pid, { dir, expectedBytes: plan.expectedBytes, now }).finished;
    if (second.type !== 'done') throw new Error(JSON.stringify(second));
    expect(second.path).toBe(`${end.path}.1`);
    expect(statSync(end.path).mtimeMs).toBe(st.mtimeMs);
    expect(statSync(second.path).mode & 0o777).toBe(0o600);
    runsOn(small.pid);
  });

  it('cancel mid-write removes the partial file and leaves the process running', async () => {
    const big = await startProc(PYTHON, [`${FIXTURES}/mem.py`, '300'], { readyLine: 'ready' });
    const dir = join(root, 'cores-b');
    const cap = startCore(big.pid, { dir, pollMs: 5 });
    let cancelledAt = -1;
    cap.subscribe((e) => {
      if (e.type === 'progress' && cancelledAt < 0) {
        cancelledAt = e.written;
        void cap.cancel();
      }
    });
    const end = await cap.finished;
    console.log(`[figures] gcore cancel of a 300 MiB process: cancelled after ${cancelledAt} bytes of ${cap.expectedBytes}`);
    expect(end).toEqual({ type: 'cancelled', message: `core capture of process ${big.pid} cancelled; the partial file was removed` });
    expect(cap.state).toBe('cancelled');
    expect(readdirSync(dir)).toEqual([]);
    await pollUntil(() => tracerOf(big.pid) === 0, 'the process to be untraced');
    runsOn(big.pid);
    await big.kill();
  });

  it('cancel right after the start, and ptop exiting mid-capture (endAll), leave no file and a running process', async () => {
    const dir = join(root, 'cores-c');
    const cap = startCore(small.pid, { dir });
    await cap.cancel();
    expect(cap.state).toBe('cancelled');
    expect(cap.message).toMatch(/^core capture of process \d+ cancelled/);
    expect(readdirSync(dir)).toEqual([]);
    await pollUntil(() => tracerOf(small.pid) === 0, 'the process to be untraced');
    runsOn(small.pid);

    const cap2 = startCore(small.pid, { dir });
    await pollUntil(() => tracerOf(small.pid) !== 0 || cap2.state !== 'running', 'gdb to attach');
    endAll(300);
    expect(readdirSync(dir)).toEqual([]);
    runsOn(small.pid);
    await cap2.finished;
    await pollUntil(() => tracerOf(small.pid) === 0, 'the process to be untraced');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('cancelled at any moment of the attach, the process is never signalled (gdb is killed, not sent SIGTERM)', async () => {
    // SIGTERM to gdb while the inferior holds its terminal state comes back as kill(pid, SIGINT),
    // which ends a Python: the process dying here is that bug
    const dir = join(root, 'cores-f');
    for (let delay = 0; delay <= 250; delay += 10) {
      const cap = startCore(small.pid, { dir });
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      await cap.cancel();
      // a capture that finished before the cancel reached it keeps its core (not a partial file)
      if (cap.state === 'done') for (const f of readdirSync(dir)) rmSync(join(dir, f));
      await pollUntil(() => tracerOf(small.pid) === 0, 'the process to be untraced');
      await pollUntil(() => stateOf(small.pid) !== 'T', 'the process to run on');
      expect(small.child.exitCode, `exited after a cancel at ${delay} ms`).toBeNull();
      expect(small.child.signalCode, `killed after a cancel at ${delay} ms`).toBeNull();
      runsOn(small.pid);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it("ptop's exit path mid-capture (dispose: cancel, then endAll): the note says the partial file is gone and the process runs on", async () => {
    // a gdb that has written part of the core and goes on writing (a real one is done too soon to catch)
    const slow = fakeGdb('gdb-slow', 'head -c 65536 /dev/zero > "$out"\nexec sleep 1000');
    const dir = join(root, 'cores-j');
    const job = new CoreJob({ dir, confirmBytes: 1024 ** 4, onEvent: () => {}, start: (pid, o) => startCore(pid, { ...o, gdbPath: slow }) });
    const planned = job.plan(small.pid);
    if (!planned.ok) throw new Error(planned.error);
    job.start(planned.plan);
    const partials = () => readdirSync(dir).filter((n) => n.endsWith('.partial'));
    await pollUntil(() => partials().length === 1, 'gdb to start writing');
    void job.cancel();
    endAll(300);
    expect(job.interruptedNote()).toBe(`ptop: the core capture of PID ${small.pid} (python3) was interrupted; the partial file was removed (PID ${small.pid} runs on)`);
    expect(readdirSync(dir)).toEqual([]);
    expect(liveChildren()).toEqual([]);
    runsOn(small.pid);
  });

  it('a partial file of a ptop that is gone is swept; others are kept', () => {
    const dir = join(root, 'cores-d');
    rmSync(dir, { recursive: true, force: true });
    spawnSync('mkdir', ['-p', dir]);
    const stale = join(dir, '.core.x.1.20250101-000000.ptop999999999.abcd0123.partial');
    const mine = join(dir, `.core.x.1.20250101-000000.ptop${process.pid}.abcd0123.partial`);
    const other = join(dir, 'core.x.1.20250101-000000');
    for (const f of [stale, mine, other]) writeFileSync(f, 'x');
    expect(sweepStalePartials(dir)).toEqual([stale]);
    expect(readdirSync(dir).sort()).toEqual([mine, other].map((f) => f.slice(dir.length + 1)).sort());
  });

  it('a partial named after a running PID that started after the file was written (a reused PID) is swept', () => {
    const dir = join(root, 'cores-i');
    mkdirSync(dir, { recursive: true });
    const old = new Date(Date.now() - 24 * 3600 * 1000);
    const names = {
      // this very PID, a day before this ptop started: an earlier ptop with the same PID (a container)
      mineOld: `.core.x.1.20250101-000000.ptop${process.pid}.00000001.partial`,
      // a running process that started after the file's last write: not its writer
      otherOld: `.core.x.1.20250101-000000.ptop${small.pid}.00000002.partial`,
      // the same process, the file written now: a live capture of another ptop, kept
      otherNow: `.core.x.1.20250101-000000.ptop${small.pid}.00000003.partial`,
    };
    for (const n of Object.values(names)) writeFileSync(join(dir, n), 'x');
    utimesSync(join(dir, names.mineOld), old, old);
    utimesSync(join(dir, names.otherOld), old, old);
    expect(processStartMs(process.pid)).toBeLessThanOrEqual(Date.now());
    expect(Math.abs(processStartMs(small.pid)! - Date.now())).toBeLessThan(10 * 60 * 1000);
    expect(processStartMs(999_999_999)).toBeNull();
    expect(sweepStalePartials(dir).sort()).toEqual([join(dir, names.mineOld), join(dir, names.otherOld)].sort());
    expect(readdirSync(dir)).toEqual([names.otherNow]);
  });

  it('fails in words: gdb missing, no such process, already traced, directory not creatable', async () => {
    const missing = await startCore(small.pid, { dir: join(root, 'x'), gdbPath: null }).finished;
    expect(missing).toEqual({ type: 'failed', error: 'gdb is not installed (not found on PATH): install the gdb package, e.g. apt-get install gdb (gcore needs gdb)' });
    expect(await startCore(999_999_999, { dir: join(root, 'x') }).finished).toEqual({ type: 'failed', error: 'process 999999999 no longer exists' });
    expect(planCore(999_999_999)).toEqual({ ok: false, error: 'process 999999999 no longer exists' });
    const notDir = await startCore(small.pid, { dir: '/dev/null/cores' }).finished;
    expect(notDir).toEqual({ type: 'failed', error: 'cannot create the core directory: cannot write /dev/null/cores: a part of the path is not a directory' });

    const s = new StraceSession();
    s.start(small.pid);
    await pollUntil(() => s.status === 'running', 'strace to attach');
    const dir = join(root, 'cores-e');
    const traced = await startCore(small.pid, { dir }).finished;
    expect(traced).toEqual({
      type: 'failed',
      error: `gdb may not attach to process ${small.pid} (ptrace: Operation not permitted): it is already traced by PID ${s.stracePid} (strace); a process can have only one tracer: stop that one first`,
    });
    expect(readdirSync(dir)).toEqual([]);
    await s.stop();
    runsOn(small.pid);
  });

  it('a core gdb says it saved but that is cut short is removed and reported, in the ENOSPC words', async () => {
    // a fake gdb: writes what a full disk leaves (1 MiB, no ELF header: BFD writes it last), warns
    // as gdb 13 does, says "Saved corefile" and exits 0
    const full = fakeGdb('gdb-full', 'head -c 1048576 /dev/zero > "$out"\necho "warning: Failed to write corefile contents (No space left on device)." >&2');
    const dir = join(root, 'cores-g');
    const cap = startCore(small.pid, { dir, gdbPath: full, expectedBytes: 30 * 1024 * 1024 });
    const end = await cap.finished;
    expect(end.type).toBe('failed');
    if (end.type !== 'failed') return;
    expect(end.error).toMatch(
      new RegExp(`^the disk filled up: the core was cut short at 1\\.0 MiB and removed \\(no space left in ${dir}; the core needs about 30 MiB, .* free\\)$`),
    );
    expect(cap.path).toBeNull();
    expect(readdirSync(dir)).toEqual([]);
    runsOn(small.pid);

    // a real core cut short, gdb silent about it and plenty of room: still removed, in words
    const whole = await startCore(small.pid, { dir: join(root, 'cores-h') }).finished;
    if (whole.type !== 'done') throw new Error(JSON.stringify(whole));
    const src = join(root, 'cut-core');
    copyFileSync(whole.path, src);
    truncateSync(src, statSync(src).size - 4096);
    const silent = fakeGdb('gdb-silent', `cp ${src} "$out"`);
    const cut = await startCore(small.pid, { dir, gdbPath: silent }).finished;
    expect(cut.type).toBe('failed');
    if (cut.type !== 'failed') return;
    expect(cut.error).toMatch(/^gdb reported the core saved, but its headers describe \d+ bytes and the file has \d+: the core was cut short at \d+ MiB and removed$/);
    expect(readdirSync(dir)).toEqual([]);
    rmSync(join(root, 'cores-h'), { recursive: true, force: true });
  });

  it('a real gdb on a full tmpfs: the cut-short core is removed and the disk named as the cause', async () => {
    const dir = join(root, 'tmpfs');
    mkdirSync(dir, { recursive: true });
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m,mode=0700', 'tmpfs', dir], { encoding: 'utf8' });
    expect(m.status, `mount -t tmpfs (this test runs as root): ${m.stderr}`).toBe(0);
    try {
      const cap = startCore(small.pid, { dir });
      const end = await cap.finished;
      expect(end.type).toBe('failed');
      if (end.type !== 'failed') return;
      expect(end.error).toMatch(new RegExp(`^the disk filled up: the core was cut short at [\\d.]+ MiB and removed \\(no space left in ${dir}; the core needs about \\d+ MiB, 8\\.0 MiB free\\)$`));
      expect(readdirSync(dir)).toEqual([]);
      await pollUntil(() => tracerOf(small.pid) === 0, 'the process to be untraced');
      runsOn(small.pid);
    } finally {
      spawnSync('umount', [dir]);
    }
  });

  it('asks first when the core is larger than core_confirm_bytes', () => {
    const r = planCore(small.pid, { dir: join(root, 'y'), confirmBytes: 1024 });
    if (!r.ok) throw new Error(r.error);
    expect(r.plan.needsConfirm).toBe(true);
    expect(r.plan.confirmReason).toMatch(/^the core will be about \d+(\.\d)? MiB, more than core_confirm_bytes \(1\.0 KiB\)$/);
    expect(estimateCoreSize(small.pid)!.bytes).toBe(r.plan.expectedBytes);
  });
});
