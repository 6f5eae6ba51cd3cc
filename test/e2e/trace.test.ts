// End-to-end test of the trace actions in a real terminal (tmux) against a real child this file
// starts: a python3 script whose main thread (named `ptopmain`) writes `ptopmark N` to /dev/null
// every 20 ms and whose second thread (named `ptopworker`) sleeps in a loop. ptop is started with
// the child's PID as its keyword, so the child is the only row and is selected.
//
//   - `s` shows the child's `write(` calls with their results; Space pauses the display (the
//     call lines stay the same over several screens while the calls counter moves); the filter
//     narrows the lines; leaving the tab leaves no strace (none with `-p PID` anywhere, none among
//     ptop's children) and the child's TracerPid is 0;
//   - `b` shows both threads by name with frames;
//   - `C` writes a core (into a core_dir from a test config passed with --config) that
//     `gdb -batch -c CORE EXE` opens, and the status line shows the whole `gdb EXE CORE` command;
//     the child still runs; the file is mode 0600; a second `C` makes a second file;
//   - ptop ended with SIGTERM, SIGHUP (also by its terminal closing), and SIGKILL, while tracing
//     leaves the child running and untraced (SIGKILL: strace dies with ptop through its
//     parent-death signal).
//
// Every wait polls (the screen, /proc, the directory); nothing sleeps for a fixed time. The child
// and every tmux server are killed and reaped in afterAll.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanupCliHelpers, emptyHomeDir, ensureBuilt } from '../helpers/cli.js';
import { childrenOf, isAlive, pollUntil, uniqueName } from '../helpers/procs.js';
import { CLI, killAllTmux, startTmux, type TmuxSession } from '../helpers/tmux.js';

const CHILD_PY = String.raw`
import ctypes, os, sys, threading, time
libc = ctypes.CDLL(None)
def name(n):
    libc.prctl(15, n, 0, 0, 0)  # PR_SET_NAME: this thread's comm
ready = threading.Event()
def worker():
    name(b'ptopworker')
    ready.set()
    while True:
        time.sleep(0.2)
threading.Thread(target=worker, daemon=True).start()
ready.wait()
name(b'ptopmain')
fd = os.open('/dev/null', os.O_WRONLY)
sys.stdout.write('ready\n')
sys.stdout.flush()
n = 0
while True:
    os.write(fd, b'ptopmark %d\n' % n)
    n += 1
    time.sleep(0.02)
`;

let dir = '';
let coreDir = '';
let stateDir = '';
let configPath = '';
let token = '';
let child: ChildProcess | null = null;
let childPid = 0;
let t: TmuxSession | null = null;

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'ptop-e2e-trace-'));
  coreDir = join(dir, 'cores');
  stateDir = join(dir, 'state');
  configPath = join(dir, 'config.toml');
  writeFileSync(configPath, `[actions]\ncore_dir = "${coreDir}"\n`);
  token = uniqueName(6, 'ptoptrace');
  const script = join(dir, 'child.py');
  writeFileSync(script, CHILD_PY);
  child = spawn('python3', [script, token], { stdio: ['ignore', 'pipe', 'inherit'], env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' } });
  childPid = child.pid!;
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child!.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      if (out.includes('ready\n')) resolve();
    });
    child!.once('exit', (code) => reject(new Error(`the test child exited early (${code})`)));
  });
});

afterEach(() => {
  t?.kill();
  t = null;
});

afterAll(async () => {
  killAllTmux();
  if (child && child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  cleanupCliHelpers();
});

// ---- helpers -------------------------------------------------------------------------------------

function startPtop(cols = 200, rows = 40): TmuxSession {
  t = startTmux({
    cols,
    rows,
    // the PID as the keyword: the child is the only row (its token is in tmux's command line too)
    command: [process.execPath, CLI, '--theme', 'mono', '--delay', '30', '--config', configPath, String(childPid)],
    env: { HOME: emptyHomeDir(), XDG_STATE_HOME: stateDir },
  });
  return t;
}

const dump = (s: TmuxSession): string => `screen (${s.cols}x${s.rows}):\n` + s.capture().split('\n').map((l, i) => `${String(i).padStart(2)}|${l}`).join('\n');

/** bash in tmux (job control on), ptop started from it on the child, the child in the table; ptop's pid. */
async function ptopFromBash(config: string, env: Record<string, string> = {}): Promise<{ s: TmuxSession; ptop: number; prompt: string }> {
  const prompt = 'ptop-trace-prompt$';
  t = startTmux({ cols: 200, rows: 40, command: ['bash', '--norc', '--noprofile', '-i'], env: { HOME: emptyHomeDir(), XDG_STATE_HOME: stateDir, PS1: `${prompt} `, ...env } });
  const s = t;
  await s.waitFor((x) => x.trimEnd().endsWith(prompt), { what: 'the bash prompt' });
  s.type([process.execPath, CLI, '--theme', 'mono', '--delay', '30', '--config', config, String(childPid)].join(' '));
  s.send('Enter');
  await tableWithChild(s);
  return { s, ptop: childrenOf(s.panePid())[0], prompt };
}

/** The child is the only row: wait for it. */
async function tableWithChild(s: TmuxSession): Promise<void> {
  const scr = await s.waitFor((x) => /\bCOMMAND\b/.test(x) && new RegExp(`^\\s*${childPid}\\s.*${token}`, 'm').test(x), { what: `the child ${childPid} in the table` });
  expect(scr, dump(s)).toMatch(/Processes: 1\/\d+/);
}

function tracerPid(pid: number): number | null {
  try {
    const m = /^TracerPid:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function stateOf(pid: number): string {
  const s = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return s.charAt(s.lastIndexOf(')') + 2);
}

/** PIDs of processes running strace on `pid` (argv has a …strace and `-p PID`), the watchdog included. */
function stracesOf(pid: number): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    const p = argv.indexOf('-p');
    if (argv.some((a) => a === 'strace' || a.endsWith('/strace')) && p >= 0 && argv[p + 1] === String(pid)) out.push(Number(e));
  }
  return out;
}

/** ptop's children (a zombie counts: it was not reaped) whose comm is strace. */
function straceChildrenOf(ptop: number): number[] {
  return childrenOf(ptop).filter((c) => {
    try {
      return readFileSync(`/proc/${c}/comm`, 'utf8').trim() === 'strace';
    } catch {
      return false;
    }
  });
}

/** The call lines of the Strace tab (under its TIME … CALL header). */
function callLines(scr: string): string[] {
  const lines = scr.split('\n');
  const h = lines.findIndex((l) => /^TIME\s+TID\s+TOOK\s+CALL/.test(l));
  if (h < 0) return [];
  return lines.slice(h + 1, -2).filter((l) => /^\d\d:\d\d:\d\d\.\d+\s/.test(l));
}

/**
 * A capture of a whole frame: ptop's key bar on the last line. tmux may show a frame it has only
 * partly received (a redraw is erased, then written, in more than one read of the pty), and such a
 * capture lacks the lines below the point it was cut at.
 */
const wholeFrame = (scr: string): boolean => /F10Quit/.test(scr.trimEnd().split('\n').pop() ?? '');

const callsCount = (scr: string): number => {
  const m = /calls ([\d,]+)/.exec(scr);
  return m ? Number(m[1].replace(/,/g, '')) : -1;
};

const WRITE = /write\(\d+, "ptopmark \d+\\n", \d+\) = \d+/;

async function untraced(ptop: number | null): Promise<void> {
  await pollUntil(() => stracesOf(childPid).length === 0 && tracerPid(childPid) === 0 && (ptop === null || straceChildrenOf(ptop).length === 0), `no strace on ${childPid} and TracerPid 0`);
}

// ---- tests ---------------------------------------------------------------------------------------

describe('trace actions in tmux', () => {
  it('s tails strace: write( calls with results, pause, filter; leaving the tab ends strace', async () => {
    const s = startPtop();
    await tableWithChild(s);
    const ptop = s.panePid();
    s.send('s');
    let scr = await s.waitFor((x) => x.includes('7 Strace') && callLines(x).some((l) => WRITE.test(l)), { what: 'write( calls with results' });
    expect(scr.split('\n')[0], dump(s)).toMatch(new RegExp(`^PID ${childPid} `));
    expect(scr, dump(s)).toMatch(/ tracing {3}calls [\d,]+/);
    expect(stracesOf(childPid)).toHaveLength(1);
    expect(tracerPid(childPid)).toBe(stracesOf(childPid)[0]);

    // pause: the lines stay while the counter moves
    s.send('Space');
    scr = await s.waitFor((x) => x.includes('PAUSED: the display is frozen') && wholeFrame(x), { what: 'PAUSED' });
    const frozen = callLines(scr);
    expect(frozen.length, dump(s)).toBeGreaterThan(5);
    const c0 = callsCount(scr);
    let captures = 0;
    await s.waitFor(
      (x) => {
        if (!wholeFrame(x)) return false;
        captures++;
        expect(callLines(x), dump(s)).toEqual(frozen);
        return callsCount(x) >= c0 + 20 && captures >= 3;
      },
      { what: 'the calls counter to move while the lines stay' },
    );
    s.send('Space');
    await s.waitFor((x) => x.includes('following the tail') && callLines(x).join('\n') !== frozen.join('\n'), { what: 'the display to resume' });

    // the filter narrows the lines to the write calls (unfiltered, the sleeps show too)
    scr = await s.waitFor((x) => callLines(x).some((l) => WRITE.test(l)) && callLines(x).some((l) => /clock_nanosleep\(/.test(l)), { what: 'writes and sleeps' });
    s.send('/');
    for (const [i, ch] of [...'write('].entries()) {
      s.type(ch);
      const sofar = 'write('.slice(0, i + 1);
      await s.waitFor((x) => x.includes(`Filter: ${sofar}`), { what: `Filter: ${sofar}` });
    }
    s.send('Enter');
    // only complete writes: one that the worker thread's line interrupted is completed in place
    // once its resumed half arrives (it may show as <unfinished ...> for a frame before that)
    scr = await s.waitFor((x) => /lines matching "write\(": [\d,]+/.test(x) && callLines(x).length > 3 && callLines(x).every((l) => WRITE.test(l)), {
      what: 'the filtered lines, every one a complete write( call',
    });
    const matching = Number(/lines matching "write\(": ([\d,]+)/.exec(scr)![1].replace(/,/g, ''));
    const held = Number(/buffer ([\d,]+)\//.exec(scr)![1].replace(/,/g, ''));
    expect(matching, dump(s)).toBeLessThan(held);

    // leaving the tab ends strace and reaps it; the child runs on, untraced
    s.send('1');
    await s.waitFor((x) => /\bState\b/.test(x.split('\n').slice(3).join('\n')), { what: 'the State tab' });
    await untraced(ptop);
    expect(isAlive(childPid)).toBe(true);
  });

  it('b shows both named threads with frames; C writes cores that gdb opens, mode 0600, one file per C', async () => {
    const s = startPtop();
    await tableWithChild(s);
    s.send('b');
    const scr = await s.waitFor((x) => /Thread \d+ "ptopmain"/.test(x) && /Thread \d+ "ptopworker"/.test(x), { what: 'both threads', timeout: 20000 });
    expect(scr, dump(s)).toMatch(/ 2 threads of PID \d+ \(ptopmain\) by (eu-stack|gdb)/);
    expect(scr, dump(s)).toMatch(/Thread \d+ "ptopmain"[^\n]*\n {3}#0 {3}\S+/);
    expect(scr, dump(s)).toMatch(/Thread \d+ "ptopworker"[^\n]*\n {3}#0 {3}\S+/);
    expect(tracerPid(childPid)).toBe(0);
    expect(stateOf(childPid)).not.toBe('T');

    const cores = () => {
      try {
        return readdirSync(coreDir).filter((n) => n.startsWith('core.'));
      } catch {
        return [];
      }
    };
    s.send('C');
    const done = await s.waitFor((x) => new RegExp(`Core of PID ${childPid} written \\(`).test(x), { what: 'the core written', timeout: 20000 });
    const files = cores();
    expect(files, dump(s)).toHaveLength(1);
    const core = join(coreDir, files[0]);
    const exe = readlinkSync(`/proc/${childPid}/exe`);
    // the path once, inside the whole open command
    expect(done, dump(s)).toContain(`Core of PID ${childPid} written (`);
    expect(done, dump(s)).toContain(`); open it with: gdb ${exe} ${core}`);
    expect(done.split(core), dump(s)).toHaveLength(2);
    expect(statSync(core).mode & 0o777).toBe(0o600);
    expect(readdirSync(coreDir).filter((n) => n.endsWith('.partial'))).toEqual([]);
    expect(isAlive(childPid)).toBe(true);
    expect(stateOf(childPid)).not.toBe('T');
    expect(tracerPid(childPid)).toBe(0);
    const g = spawnSync('gdb', ['-batch', '-nx', '-c', core, exe, '-ex', 'info threads'], { encoding: 'utf8', timeout: 30000 });
    expect(g.status, g.stderr).toBe(0);
    expect(g.stdout + g.stderr).toMatch(/Core was generated by/);
    expect(g.stdout).toMatch(/\* 1 +Thread/);

    // a second C: a second file
    s.send('C');
    await pollUntil(() => cores().length === 2 && readdirSync(coreDir).every((n) => !n.endsWith('.partial')), 'a second core file', 20000);
    for (const f of cores()) expect(statSync(join(coreDir, f)).mode & 0o777).toBe(0o600);
    expect(isAlive(childPid)).toBe(true);
    for (const f of cores()) rmSync(join(coreDir, f));
  });

  it('as the user nobody, s, b and C on a root-owned child say in words why they cannot attach', async () => {
    // a state directory nobody may write to, so only the ptrace refusal can stop the core
    const nbState = mkdtempSync(join(tmpdir(), 'ptop-e2e-nobody-'));
    chmodSync(nbState, 0o777);
    try {
      t = startTmux({
        cols: 160,
        rows: 40,
        command: ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, '--theme', 'mono', '--delay', '30', String(childPid)],
        env: { HOME: nbState, XDG_STATE_HOME: nbState },
      });
      const s = t;
      await tableWithChild(s);
      const flat = (x: string) => x.replace(/\s+/g, ' ');
      const why = 'it belongs to uid 0 and ptop runs as uid 65534: run ptop as that user, or as root (CAP_SYS_PTRACE)';
      s.send('s');
      let scr = await s.waitFor((x) => flat(x).includes(`strace could not trace PID ${childPid}`), { what: 'the strace refusal' });
      expect(flat(scr), dump(s)).toContain(`strace may not attach to process ${childPid} (ptrace: Operation not permitted): ${why}`);
      s.send('b');
      scr = await s.waitFor((x) => flat(x).includes(`Could not capture the stacks of PID ${childPid}`), { what: 'the stacks refusal', timeout: 20000 });
      expect(flat(scr), dump(s)).toContain(why);
      s.send('C');
      scr = await s.waitFor((x) => x.includes(`No core of PID ${childPid}`), { what: 'the core refusal' });
      expect(flat(scr), dump(s)).toContain('(ptrace: Operation not permitted): it belongs to uid');
      expect(scr, dump(s)).not.toMatch(/at .*\.js:\d+|TypeError|internal error/);
      // nothing was written, the child runs on untraced, ptop is still up
      expect(readdirSync(nbState).filter((n) => n.startsWith('ptop-cores'))).toEqual([]);
      expect(isAlive(childPid)).toBe(true);
      expect(tracerPid(childPid)).toBe(0);
      expect(s.paneDead()).toBe(false);
    } finally {
      t?.kill();
      t = null;
      rmSync(nbState, { recursive: true, force: true });
    }
  });

  it('Ctrl-Z while tracing: strace is ended for the stop (the child runs untraced); fg traces it again', async () => {
    const { s, ptop, prompt } = await ptopFromBash(configPath);
    s.send('s');
    await s.waitFor((x) => callLines(x).some((l) => WRITE.test(l)), { what: 'strace running' });
    expect(stracesOf(childPid)).toHaveLength(1);
    s.send('C-z');
    await s.waitFor((x) => /Stopped/.test(x) && x.trimEnd().endsWith(prompt), { what: 'the job stopped and a prompt' });
    expect(stateOf(ptop)).toBe('T');
    // a stopped ptop cannot drain strace, so none is left to hold the child up
    await untraced(null);
    expect(stateOf(childPid)).not.toBe('T');
    s.type('fg');
    s.send('Enter');
    const back = await s.waitFor((x) => wholeFrame(x) && callLines(x).some((l) => WRITE.test(l)) && /strace was ended while ptop was stopped/.test(x), { what: 'tracing again after fg, and why it restarted' });
    expect(back, dump(s)).toMatch(new RegExp(`^PID ${childPid} `, 'm'));
    expect(stracesOf(childPid)).toHaveLength(1);
    s.send('q');
    await s.waitFor((x) => x.trimEnd().endsWith(prompt) && !/F10Quit/.test(x), { what: 'the prompt after q' });
    await untraced(null);
    expect(isAlive(childPid)).toBe(true);
  });

  it('ptop ended mid-capture: the partial core is removed, the process runs on, and ptop says so after the screen is back', async () => {
    // a gdb that writes its core slowly and never finishes (a real one writes a core faster than a
    // test can reliably interrupt it; the real gdb's interruption is tested in test/collect/trace)
    const fakeBin = join(dir, 'slow-gdb-bin');
    mkdirSync(fakeBin, { recursive: true });
    writeFileSync(
      join(fakeBin, 'gdb'),
      [
        '#!/usr/bin/env python3',
        'import sys, time',
        "path = next(a.split(' ', 1)[1] for a in sys.argv if a.startswith('generate-core-file '))",
        "with open(path, 'wb') as f:",
        '    while True:',
        "        f.write(b'\\0' * 65536); f.flush(); time.sleep(0.05)",
        '',
      ].join('\n'),
    );
    chmodSync(join(fakeBin, 'gdb'), 0o755);
    const bigCores = join(dir, 'slow-cores');
    const cfg = join(dir, 'slow.toml');
    writeFileSync(cfg, `[actions]\ncore_dir = "${bigCores}"\n`);
    // from a shell, whose screen the note must land on (a pane whose command exits is scrolled
    // away by tmux's "Pane is dead" line)
    const { s, ptop, prompt } = await ptopFromBash(cfg, { PATH: `${fakeBin}:${process.env.PATH ?? '/usr/bin:/bin'}` });
    s.send('C');
    await s.waitFor((x) => new RegExp(`Writing a core of PID ${childPid}.* of about`).test(x), { what: 'the capture under way', timeout: 20000 });
    await pollUntil(() => readdirSync(bigCores).some((n) => n.endsWith('.partial') && statSync(join(bigCores, n)).size > 0), 'the partial file growing');
    process.kill(ptop, 'SIGHUP');
    await pollUntil(() => !isAlive(ptop), 'ptop to exit');
    const after = await s.waitFor((x) => /was interrupted/.test(x) && x.trimEnd().endsWith(prompt), { what: 'the note on the shell screen, then the prompt' });
    expect(after.replace(/\n/g, ''), dump(s)).toContain(`ptop: the core capture of PID ${childPid} (ptopmain) was interrupted; the partial file was removed (PID ${childPid} runs on)`);
    expect(s.format('#{alternate_on}')).toBe('0');
    expect(readdirSync(bigCores)).toEqual([]);
    expect(isAlive(childPid)).toBe(true);
    expect(stateOf(childPid)).not.toBe('T');
  });

  // ways ptop ends while tracing: a signal, or its terminal closing (tmux's server killed: SIGHUP)
  const endings: Array<[string, (s: TmuxSession) => void]> = [
    ...(['SIGTERM', 'SIGHUP', 'SIGKILL'] as const).map((sig): [string, (s: TmuxSession) => void] => [`ptop ended with ${sig}`, (s) => process.kill(s.panePid(), sig)]),
    ['the terminal closing (SIGHUP to ptop)', (s) => s.kill()],
  ];
  for (const [how, end] of endings) {
    it(`${how} while tracing leaves the child running and untraced`, async () => {
      const s = startPtop();
      await tableWithChild(s);
      s.send('s');
      await s.waitFor((x) => callLines(x).some((l) => WRITE.test(l)), { what: 'strace running' });
      expect(stracesOf(childPid)).toHaveLength(1);
      const ptop = s.panePid();
      end(s);
      await pollUntil(() => !isAlive(ptop), 'ptop to exit');
      await untraced(null);
      expect(isAlive(childPid)).toBe(true);
      expect(stateOf(childPid)).not.toBe('T');
    });
  }
});
