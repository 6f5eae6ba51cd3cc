// Real test processes for the end-to-end tests: uniquely named sleepers, a parent/child pair and a
// "hostile" process whose comm and argv are full of terminal escape sequences.
//
// Every process started here is remembered; `killAllProcs()` (call it in afterAll) kills and reaps
// them even when a test failed half-way. Nothing here sleeps for a fixed time: readiness is polled
// from /proc (the exec has happened when /proc/PID/comm shows the new name) or signalled on a pipe.

import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestProc {
  pid: number;
  /** the unique name: comm (first 15 bytes) and argv[0] */
  name: string;
  /** the argv the process was started with (argv[0] included) */
  argv: string[];
  child: ChildProcess;
  /** resolves when the process has exited (and been reaped by Node) */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export interface TestTree {
  /** a token that the command lines of both processes contain (and no other process's does) */
  token: string;
  parent: { pid: number; name: string };
  child: { pid: number; name: string };
  kill(): Promise<void>;
}

export interface HostileProc {
  pid: number;
  /** a plain ASCII token in its argv, to find it with a keyword or filter */
  token: string;
  /** the raw comm bytes as the kernel keeps them (read back from /proc/PID/comm) */
  commBytes: Buffer;
  /** the raw argv bytes */
  argvBytes: Buffer[];
  kill(): Promise<void>;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const used = new Set<string>();

/** `n` random lower-case letters (letters only, so a name never matches a PID or a socket suffix). */
function randomLetters(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += LETTERS[Math.floor(Math.random() * LETTERS.length)];
  return s;
}

/**
 * A fresh `ptop-e2e-<letters>` name, not a prefix of (nor prefixed by) any name handed out before.
 * With 6 letters it is exactly 15 bytes, so comm (TASK_COMM_LEN - 1) holds all of it.
 */
export function uniqueName(letters = 6, prefix = 'ptop-e2e-'): string {
  for (;;) {
    const name = prefix + randomLetters(letters);
    if ([...used].some((u) => u.startsWith(name) || name.startsWith(u))) continue;
    used.add(name);
    return name;
  }
}

let workDir: string | null = null;
function dir(): string {
  if (!workDir) workDir = mkdtempSync(join(tmpdir(), 'ptop-e2e-bin-'));
  return workDir;
}

/** A copy of `binary` called `name` in the temp dir (a copy, not a symlink: comm comes from the exec'd file name). */
function namedCopy(binary: string, name: string): string {
  const path = join(dir(), name);
  if (!existsSync(path)) {
    copyFileSync(realpathSync(binary), path);
    chmodSync(path, 0o755);
  }
  return path;
}

const live = new Set<ChildProcess>();
const pgroups = new Set<number>();
const extraPids = new Set<number>();

function exitedPromise(child: ChildProcess): TestProc['exited'] {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw e;
  }
  // a zombie nobody has reaped yet is not alive either
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.charAt(stat.lastIndexOf(')') + 2) !== 'Z';
  } catch {
    return false;
  }
}

/** Poll `cond` every ~20 ms until it is true; throw with `what` after `timeout` ms. */
export async function pollUntil(cond: () => boolean, what: string, timeout = 5000): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    if (cond()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function readComm(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'latin1').replace(/\n$/, '');
  } catch {
    return null;
  }
}

/** Children of `pid` (from /proc/PID/task/*\/children). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'latin1').trim();
        if (text) out.push(...text.split(/\s+/).map(Number));
      } catch {
        /* thread gone */
      }
    }
  } catch {
    /* process gone */
  }
  return out;
}

async function killChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  const done = exitedPromise(child);
  if (child.exitCode === null && child.signalCode === null) {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
  await done;
  live.delete(child);
}

/**
 * A sleeping process whose comm and argv[0] are a fresh unique name (`ptop-e2e-xxxxxx`, or `name`).
 * Its argv is `[name, '3600']`; it is a child of the test process.
 */
export async function spawnNamed(name = uniqueName()): Promise<TestProc> {
  const path = namedCopy('/bin/sleep', name);
  const argv = [name, '3600'];
  const child = spawn(path, argv.slice(1), { argv0: name, stdio: 'ignore' });
  live.add(child);
  const exited = exitedPromise(child);
  if (child.pid === undefined) throw new Error(`could not spawn ${path}`);
  const pid = child.pid;
  const comm = name.slice(0, 15);
  await pollUntil(() => readComm(pid) === comm || child.exitCode !== null, `${name} (pid ${pid}) to exec`);
  if (child.exitCode !== null) throw new Error(`${name} exited at once with ${child.exitCode}`);
  return {
    pid,
    name,
    argv,
    child,
    exited,
    kill: (signal) => killChild(child, signal),
  };
}

/**
 * A parent (a copy of /bin/sh named `<token>p`) with one child (a copy of sleep named `<token>c`),
 * both sleeping. `token` (`ptop-e2e-xxxx`) is in both command lines and in no other process's.
 * The pair runs in its own process group, which kill() kills as a whole.
 */
export async function spawnTree(): Promise<TestTree> {
  const token = uniqueName(4);
  const parentName = `${token}p`;
  const childName = `${token}c`;
  const parentPath = namedCopy('/bin/sh', parentName);
  namedCopy('/bin/sleep', childName);
  // the shell finds the child through PATH, so the child's argv[0] is its bare name
  const script = `PATH="${dir()}:$PATH"; ${childName} 3600 & wait`;
  const child = spawn(parentPath, ['-c', script], { argv0: parentName, stdio: 'ignore', detached: true });
  live.add(child);
  if (child.pid === undefined) throw new Error(`could not spawn ${parentPath}`);
  const ppid = child.pid;
  pgroups.add(ppid);
  let kidPid = 0;
  await pollUntil(
    () => {
      if (child.exitCode !== null) return true;
      if (readComm(ppid) !== parentName) return false;
      for (const c of childrenOf(ppid)) {
        if (readComm(c) === childName) {
          kidPid = c;
          return true;
        }
      }
      return false;
    },
    `${parentName} and its child ${childName}`,
  );
  if (child.exitCode !== null) throw new Error(`${parentName} exited at once with ${child.exitCode}`);
  extraPids.add(kidPid);
  return {
    token,
    parent: { pid: ppid, name: parentName },
    child: { pid: kidPid, name: childName },
    kill: async () => {
      try {
        process.kill(-ppid, 'SIGKILL');
      } catch {
        /* gone */
      }
      await killChild(child);
      pgroups.delete(ppid);
      await pollUntil(() => !isAlive(kidPid), `child ${kidPid} to die`).catch(() => undefined);
      extraPids.delete(kidPid);
    },
  };
}

/** The hostile process's comm: `)` and spaces (stat parsing), ESC[2J, a newline, a lone 0x9b, U+202E, an invalid byte. */
export const HOSTILE_COMM = Buffer.from([0x68, 0x29, 0x20, 0x1b, 0x5b, 0x32, 0x4a, 0x0a, 0x9b, 0xe2, 0x80, 0xae, 0xff, 0x21]);

const HOSTILE_PY = String.raw`
import os, sys, signal
if os.environ.get('PTOP_E2E_STAGE') != '2':
    os.environ['PTOP_E2E_STAGE'] = '2'
    argv = [bytes.fromhex(a) for a in sys.argv[1:]]
    os.execv(sys.executable.encode(), argv)
comm = bytes.fromhex(os.environ['PTOP_E2E_COMM'])
with open('/proc/self/comm', 'wb') as f:
    f.write(comm)
sys.stdout.write('ready\n')
sys.stdout.flush()
signal.signal(signal.SIGTERM, signal.SIG_DFL)
while True:
    signal.pause()
`;

/**
 * A process whose comm and argv hold terminal escape sequences (OSC 52 clipboard write, ESC[2J,
 * ESC[31m), a bidi override U+202E, newlines, a lone 0x9b (8-bit CSI), the C1 CSI in UTF-8 and
 * invalid UTF-8. A python3 script re-execs itself with that argv (bytes), then sets its comm.
 */
export async function spawnHostile(): Promise<HostileProc> {
  const token = uniqueName(6, 'ptop-e2e-h');
  const script = join(dir(), `${token}.py`);
  writeFileSync(script, HOSTILE_PY);
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const argvBytes = [
    Buffer.from('\x1b]52;c;aGVsbG8=\x07\x1b[2J\x1b[31mred\u202eevil\n2nd-line', 'utf8'),
    Buffer.from(script),
    Buffer.from(token),
    Buffer.concat([Buffer.from('lone'), Buffer.from([0x9b]), Buffer.from('csi')]),
    Buffer.from('c1\u009bcsi', 'utf8'),
    Buffer.concat([Buffer.from('bad'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('utf8')]),
    Buffer.from('line1\nline2\r\x1b[1Aup'),
    Buffer.from('\x1b]0;pwned-title\x07'),
  ];
  const child = spawn(python, [script, ...argvBytes.map((b) => b.toString('hex'))], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PTOP_E2E_COMM: HOSTILE_COMM.toString('hex'), PTOP_E2E_STAGE: '1' },
  });
  live.add(child);
  if (child.pid === undefined) throw new Error('could not spawn python3');
  const pid = child.pid;
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onExit = (code: number | null) => reject(new Error(`hostile process exited early (${code})`));
    child.once('exit', onExit);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready\n')) {
        child.off('exit', onExit);
        resolve();
      }
    });
  });
  const commBytes = readFileSync(`/proc/${pid}/comm`).subarray(0, -1);
  return {
    pid,
    token,
    commBytes,
    argvBytes,
    kill: () => killChild(child),
  };
}

/** Kill and reap everything started here (for afterAll; safe to call twice). */
export async function killAllProcs(): Promise<void> {
  for (const g of pgroups) {
    try {
      process.kill(-g, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  pgroups.clear();
  for (const pid of extraPids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  extraPids.clear();
  await Promise.all([...live].map((c) => killChild(c)));
  if (workDir) {
    rmSync(workDir, { recursive: true, force: true });
    workDir = null;
  }
}
