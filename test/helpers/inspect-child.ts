// Starts test/helpers/inspect-child.py (the `ptop inspect` test subject) and waits for its facts.
// kill() ends it and its helper process and removes its work directory; call it in afterAll.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './tmux.js';
import { isAlive, pollUntil } from './procs.js';

export interface TcpFacts {
  listenPort: number;
  listenFd: number;
  clientFd: number;
  clientPort: number;
  serverFd: number;
}

export interface InspectChildFacts {
  pid: number;
  helperPid: number;
  sharedPath: string;
  sharedPages: number;
  privatePages: number;
  page: number;
  tcp4: TcpFacts;
  /** null when ::1 could not be bound (no IPv6 on this machine) */
  tcp6: TcpFacts | null;
  udpFd: number;
  udpPort: number;
  unixFd: number;
  unixPath: string;
  pipeRead: number;
  pipeWrite: number;
  /** thread name → TID */
  threads: Record<string, number>;
}

export interface InspectChild {
  facts: InspectChildFacts;
  /** the environment variable the child was started with */
  envName: string;
  envValue: string;
  /** a variable whose value holds terminal escapes (ESC[2J, OSC 52, a bidi override) */
  hostileEnvName: string;
  kill(): Promise<void>;
}

export const INSPECT_CHILD_SCRIPT = join(REPO_ROOT, 'test', 'helpers', 'inspect-child.py');

const HOSTILE_ENV = 'PTOP_INSPECT_HOSTILE';

function python(): string {
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

export async function startInspectChild(): Promise<InspectChild> {
  const workdir = mkdtempSync(join(tmpdir(), 'ptop-inspect-'));
  const envName = 'PTOP_INSPECT_TEST_VAR';
  const envValue = `value-${process.pid}-${Date.now()}`;
  const child: ChildProcess = spawn(python(), [INSPECT_CHILD_SCRIPT, workdir], {
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, [envName]: envValue, [HOSTILE_ENV]: '\x1b[2J\x1b]52;c;aGVsbG8=\x07red\u202eevil\x9b' },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let helperPid = 0;
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
    if (helperPid > 0) {
      try {
        process.kill(helperPid, 'SIGKILL');
      } catch {
        /* gone with its parent (PR_SET_PDEATHSIG) */
      }
      await pollUntil(() => !isAlive(helperPid), `helper ${helperPid} to end`).catch(() => undefined);
    }
    rmSync(workdir, { recursive: true, force: true });
  };
  try {
    const facts = await new Promise<InspectChildFacts>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error('inspect-child.py did not report within 15 s')), 15000);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`inspect-child.py exited early (${code})`));
      });
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const nl = out.indexOf('\n');
        if (nl !== -1) {
          clearTimeout(timer);
          resolve(JSON.parse(out.slice(0, nl)) as InspectChildFacts);
        }
      });
    });
    helperPid = facts.helperPid;
    return { facts, envName, envValue, hostileEnvName: HOSTILE_ENV, kill };
  } catch (e) {
    await kill();
    throw e;
  }
}
