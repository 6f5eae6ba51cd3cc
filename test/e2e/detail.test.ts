// End-to-end test of the detail view in a real terminal (tmux) against a real child this file
// starts: a python script that listens on an ephemeral TCP port, has a marker variable in its
// environment, runs a thread named `ptopworker` and maps a file whose name carries a unique token.
// ptop is filtered to the child, Enter opens the view, and each tab must show the child's own
// facts: State its state in words, Memory PSS and USS, Maps the mapped file, FDs the listener as
// LISTEN on its port, Threads the thread name, Environment the variable. Esc returns to the table
// with the child still selected.
//
// A second test opens the view on a `sleep` whose python parent never waits for it, kills the
// sleep and checks that the zombie it leaves keeps the last data (FDs, Memory) and says which
// parent has to reap it.
//
// The child runs with CI unset (the tmux helper) and a small fixed environment; every wait polls
// the screen; the child is killed and reaped in afterAll.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupCliHelpers, emptyHomeDir, ensureBuilt } from '../helpers/cli.js';
import { uniqueName } from '../helpers/procs.js';
import { CLI, displayWidth, inverseText, killAllTmux, plain, startTmux, type TmuxSession } from '../helpers/tmux.js';

const CHILD_PY = String.raw`
import ctypes, mmap, os, signal, socket, sys, threading
token, map_path = sys.argv[1], sys.argv[2]
srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.bind(('127.0.0.1', 0))
srv.listen(4)
with open(map_path, 'wb') as f:
    f.write(b'x' * 65536)
fd = os.open(map_path, os.O_RDONLY)
mapped = mmap.mmap(fd, 65536, prot=mmap.PROT_READ)
touched = sum(mapped[i] for i in range(0, 65536, 4096))
libc = ctypes.CDLL(None)
named = threading.Event()
stop = threading.Event()
def worker():
    libc.prctl(15, b'ptopworker', 0, 0, 0)  # PR_SET_NAME
    named.set()
    stop.wait()
threading.Thread(target=worker, daemon=True).start()
named.wait()
sys.stdout.write('ready %d\n' % srv.getsockname()[1])
sys.stdout.flush()
signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
while True:
    signal.pause()
`;

const PARENT_PY = String.raw`
import os, signal, subprocess, sys
child = subprocess.Popen(['sleep', '100000'])
sys.stdout.write('ready %d\n' % child.pid)
sys.stdout.flush()
signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
while True:
    signal.pause()  # never waits: the sleep stays a zombie once killed
`;

let dir = '';
let child: ChildProcess | null = null;
let childPid = 0;
let port = 0;
let token = '';
let mapPath = '';
let t: TmuxSession | null = null;

beforeAll(async () => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'ptop-e2e-detail-'));
  token = uniqueName(6, 'ptopdet');
  mapPath = join(dir, `${token}.dat`);
  const script = join(dir, 'child.py');
  writeFileSync(script, CHILD_PY);
  child = spawn('python3', [script, token, mapPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8', PTOP_E2E_MARKER: `marker-${token}` },
  });
  childPid = child.pid!;
  port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child!.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child!.once('exit', (code) => reject(new Error(`the test child exited early (${code})`)));
  });
});

afterAll(async () => {
  t?.kill();
  killAllTmux();
  if (child && child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  cleanupCliHelpers();
});

const dump = (s: TmuxSession): string =>
  `screen (${s.cols}x${s.rows}):\n` + s.capture().split('\n').map((l, i) => `${String(i).padStart(2)}|${l}`).join('\n');

/** The inverse-video lines above the key bar (the selection), as plain text. */
function selectedLines(esc: string): string[] {
  const lines = esc.split('\n');
  let kb = lines.length - 1;
  while (kb > 0 && plain(lines[kb]).trim() === '') kb--;
  return lines.slice(0, kb).filter((l) => inverseText(l) !== '').map(plain);
}

/** Type text one character at a time into an open filter, waiting for each to echo. */
async function typeFilter(s: TmuxSession, text: string): Promise<void> {
  await s.waitFor('Filter:', { what: 'the filter input (Filter:)' });
  for (let i = 1; i <= text.length; i++) {
    s.type(text[i - 1]);
    const sofar = text.slice(0, i);
    await s.waitFor((scr) => scr.includes(`Filter: ${sofar}`), { what: `"Filter: ${sofar}"` });
  }
}

/** The body of the detail view (below the title, tab bar and rule), plain. */
const body = (scr: string) => scr.split('\n').slice(3).join('\n');

describe('detail view in tmux', () => {
  it('shows the test child in every tab and Esc returns to it in the table', async () => {
    const s = (t = startTmux({ cols: 120, rows: 40, command: [process.execPath, CLI, '--theme', 'mono', '--delay', '30'], env: { HOME: emptyHomeDir() } }));
    await s.waitFor((scr) => /\bPID\b/.test(scr) && /\bCOMMAND\b/.test(scr), { what: 'the table' });
    s.send('/');
    await typeFilter(s, token);
    s.send('Enter');
    const row = new RegExp(`^\\s*${childPid}\\s`);
    await s.waitFor((esc) => selectedLines(esc).some((l) => row.test(l)), { escapes: true, what: `the child ${childPid} selected` });

    s.send('Enter');
    const state = await s.waitFor((scr) => scr.split('\n')[0].startsWith(`PID ${childPid}`) && /State\s+S {2}sleeping/.test(scr), {
      what: 'the State tab of the child',
    });
    expect(state.split('\n')[0], dump(s)).toMatch(/python3 .*child\.py .*S \(sleeping\)$/);
    expect(state.split('\n')[1], dump(s)).toMatch(/1 State\s+2 Memory\s+3 Maps\s+4 FDs\s+5 Threads\s+6 Environment/);
    expect(body(state), dump(s)).toMatch(/Ancestry\s+\d+ python3 ← \d+/);
    expect(body(state), dump(s)).toMatch(/Threads\s+2/);
    for (const l of state.split('\n')) expect(displayWidth(l), l).toBeLessThanOrEqual(120);

    s.send('2');
    const mem = await s.waitFor((scr) => /RSS split\s+anon/.test(scr), { what: 'the Memory tab' });
    expect(body(mem), dump(s)).toMatch(/PSS \d+(\.\d)?[KMG]\s/);
    expect(body(mem), dump(s)).toMatch(/USS \d+(\.\d)?[KMG]/);
    expect(body(mem), dump(s)).toMatch(/private pages: what would/);

    s.send('3');
    await s.waitFor((scr) => /\bADDRESS\b/.test(scr) && /\bPSS\b/.test(scr) && /\bmappings\b/.test(scr), { what: 'the Maps tab' });
    s.send('/');
    await typeFilter(s, token);
    s.send('Enter');
    const maps = await s.waitFor((scr) => scr.includes(`${token}.dat`) && scr.includes('path contains'), { what: `the mapped file ${mapPath}` });
    expect(maps, dump(s)).toMatch(new RegExp(`r--s\\s.*${token}\\.dat`));

    s.send('4');
    const fds = await s.waitFor((scr) => scr.includes(`tcp 127.0.0.1:${port} LISTEN`), { what: `the listener on port ${port} as LISTEN` });
    expect(body(fds), dump(s)).toMatch(/\d+ open: .*socket/);

    s.send('5');
    const threads = await s.waitFor((scr) => /\bptopworker\b/.test(scr), { what: 'the thread named ptopworker' });
    expect(body(threads), dump(s)).toMatch(/2 threads/);

    s.send('6');
    const env = await s.waitFor((scr) => scr.includes(`PTOP_E2E_MARKER=marker-${token}`), { what: 'the marker variable' });
    expect(body(env), dump(s)).toMatch(/LANG=C\.UTF-8/);

    s.send('Escape');
    const back = await s.waitFor((esc) => /\bCOMMAND\b/.test(plain(esc)) && selectedLines(esc).some((l) => row.test(l)), {
      escapes: true,
      what: `the table with ${childPid} still selected`,
    });
    expect(plain(back.split('\n')[0]), dump(s)).not.toContain(`PID ${childPid}  `);
  });
});

describe('detail view of a zombie in tmux', () => {
  it('keeps the last data read and says which parent has to reap it', async () => {
    const script = join(dir, 'parent.py');
    writeFileSync(script, PARENT_PY);
    const parent = spawn('python3', [script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const gone = new Promise((r) => parent.once('exit', r));
    try {
      const sleepPid = await new Promise<number>((resolve, reject) => {
        let out = '';
        parent.stdout!.on('data', (b: Buffer) => {
          out += b.toString();
          const m = /ready (\d+)/.exec(out);
          if (m) resolve(Number(m[1]));
        });
        parent.once('exit', (code) => reject(new Error(`the test parent exited early (${code})`)));
      });
      const s = (t = startTmux({ cols: 100, rows: 30, command: [process.execPath, CLI, '--theme', 'mono', '--delay', '0.3', String(sleepPid)], env: { HOME: emptyHomeDir() } }));
      const row = new RegExp(`^\\s*${sleepPid}\\s`);
      await s.waitFor((esc) => selectedLines(esc).some((l) => row.test(l)), { escapes: true, what: `the sleep ${sleepPid} selected` });
      s.send('Enter');
      await s.waitFor((scr) => scr.split('\n')[0].startsWith(`PID ${sleepPid}`) && /S \(sleeping\)$/.test(scr.split('\n')[0]), { what: 'the State tab of the sleep' });
      s.send('2');
      await s.waitFor((scr) => /RSS split\s+anon/.test(scr), { what: 'the Memory tab' });
      s.send('4');
      const fds = await s.waitFor((scr) => /\d+ open\b/.test(body(scr)), { what: 'the FDs tab' });
      const open = /(\d+) open\b/.exec(body(fds))![1];
      expect(Number(open), dump(s)).toBeGreaterThan(0);

      process.kill(sleepPid, 'SIGKILL');
      const z = await s.waitFor((scr) => scr.includes(`a zombie until PID ${parent.pid} reaps it`), { what: 'the zombie line' });
      expect(z.split('\n')[0], dump(s)).toMatch(/\(exited\)$/);
      expect(z.split('\n')[2], dump(s)).toMatch(/^The process has exited \(a zombie until PID \d+ reaps it\); the last data read at \d\d:\d\d:\d\d is shown\./);
      expect(body(z), dump(s)).toContain(`${open} open`);
      expect(body(z), dump(s)).not.toContain('No open fds.');
      s.send('2');
      const mem = await s.waitFor((scr) => /RSS split\s+anon/.test(scr), { what: 'the Memory tab of the zombie' });
      expect(body(mem), dump(s)).toMatch(/RSS\s+\d+(\.\d)?[KMG]\s/);
      s.send('1');
      const st = await s.waitFor((scr) => /State\s+Z {2}zombie/.test(scr), { what: 'the State tab of the zombie' });
      expect(body(st), dump(s)).not.toContain('zombie: it has exited');
    } finally {
      parent.kill('SIGKILL');
      await gone;
    }
  });
});
