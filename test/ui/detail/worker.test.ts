// The detail view's collector on a worker thread (src/collect/inspect/worker.ts, its client and
// DetailSource) against a real child holding 300 fds (/dev/null and a socket pair): the worker is
// built here with esbuild next to nothing else, as `npm run build` builds dist/inspect-worker.mjs.
// The first reading of the fds comes quick and then complete; a refresh keeps the unchanged fds
// as the same objects on this side; a worker that cannot start leaves the source reading in-process.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectProcess } from '../../../src/collect/inspect/inspect.js';
import type { FdsSection, Inspection } from '../../../src/collect/inspect/types.js';
import { QUICK_FDINFO } from '../../../src/collect/inspect/worker.js';
import { workerInspector, type AsyncInspector } from '../../../src/collect/inspect/worker-client.js';
import { DetailSource, type Inspector } from '../../../src/ui/detail/source.js';
import { pollUntil } from '../../helpers/procs.js';

const FDS = 300;
const CHILD_PY = String.raw`
import os, socket, sys
held = [os.open('/dev/null', os.O_RDONLY) for _ in range(${FDS})]
a, b = socket.socketpair()
sys.stdout.write('ready\n')
sys.stdout.flush()
sys.stdin.read()
`;

let dir = '';
let workerUrl: URL;
let child: ChildProcess | null = null;
let pid = 0;
const collectors: AsyncInspector[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ptop-inspect-worker-'));
  const file = join(dir, 'inspect-worker.mjs');
  await build({
    entryPoints: [join(import.meta.dirname, '..', '..', '..', 'src', 'collect', 'inspect', 'worker.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  workerUrl = pathToFileURL(file);
  const c = spawn('python3', ['-c', CHILD_PY], { stdio: ['pipe', 'pipe', 'inherit'] });
  child = c;
  await new Promise<void>((resolve, reject) => {
    let out = '';
    c.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) resolve();
    });
    c.once('exit', (code) => reject(new Error(`the test child exited (${code})`)));
  });
  pid = c.pid!;
});

afterAll(async () => {
  for (const c of collectors) c.close();
  if (child && child.exitCode === null && child.signalCode === null) {
    const gone = new Promise((r) => child!.once('exit', r));
    child.kill('SIGKILL');
    await gone;
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function collector(url: URL): AsyncInspector {
  const c = workerInspector(url);
  if (c === null) throw new Error(`no worker at ${url.href}`);
  collectors.push(c);
  return c;
}

/** A DetailSource on the worker, recording what it shows after each reading. */
function source(c: AsyncInspector, inspect: Inspector = () => {
  throw new Error('read in-process');
}) {
  const seen: Array<Inspection | null> = [];
  const d: DetailSource = new DetailSource({ inspect, collector: c, onChange: () => seen.push(d.current().inspection) });
  return { d, seen };
}

const complete = (s: FdsSection | undefined) => s !== undefined && s.fds.length > FDS && s.fds.every((f) => f.flags !== null);

describe('the inspection worker', () => {
  it('is not found next to the TypeScript sources (the source reads in-process there)', () => {
    expect(workerInspector()).toBeNull();
    expect(workerInspector(pathToFileURL(join(dir, 'missing.mjs')))).toBeNull();
  });

  it('delivers a quick reading of the fds, then the complete one, then refreshes', async () => {
    const { d, seen } = source(collector(workerUrl));
    d.open(pid, ['fds']);
    await pollUntil(() => complete(d.current().inspection?.sections.fds), 'the complete fds reading', 10000);
    // the quick reading came first: fdinfo of the lowest QUICK_FDINFO fds only
    const quick = seen[0]!.sections.fds!;
    expect(quick.fds.length).toBe(d.current().inspection!.sections.fds!.fds.length);
    expect(quick.fds.slice(0, QUICK_FDINFO).every((f) => f.flags !== null)).toBe(true);
    expect(quick.fds.slice(QUICK_FDINFO).some((f) => f.flags === null)).toBe(true);

    const ins = d.current().inspection!;
    expect(ins.pid).toBe(pid);
    expect(ins.sections.memory?.rss).toBeGreaterThan(0);
    const fds = ins.sections.fds!;
    // what the kernel says, as ptop inspect reads it in-process
    const direct = inspectProcess(pid, { sections: ['fds'] })!.sections.fds!;
    expect(fds.fds.map((f) => [f.fd, f.kind, f.target, f.flags])).toEqual(direct.fds.map((f) => [f.fd, f.kind, f.target, f.flags]));
    expect(fds.counts.chardev).toBeGreaterThanOrEqual(FDS);
    expect(fds.fds.filter((f) => f.socket?.proto === 'unix').length).toBeGreaterThanOrEqual(2);

    // a refresh: nothing changed in the child, so the section is the same object here
    const before = seen.length;
    d.tick();
    await pollUntil(() => seen.length > before, 'the refresh', 10000);
    expect(d.current().inspection!.sections.fds).toBe(fds);
    expect(d.current().inspection!.collectedAt).toBeGreaterThanOrEqual(ins.collectedAt);
  });

  it('a process that is gone shows as exited', async () => {
    const { d } = source(collector(workerUrl));
    // a PID that cannot exist (above pid_max)
    d.open(2 ** 22 + 1, ['state']);
    await pollUntil(() => d.current().exited, 'the exited state', 10000);
    expect(d.current().inspection).toBeNull();
  });

  it('a worker that cannot start: the source reads in-process instead', async () => {
    const broken = join(dir, 'broken.mjs');
    writeFileSync(broken, "throw new Error('no such luck');\n");
    const calls: number[] = [];
    const { d } = source(collector(pathToFileURL(broken)), (p, o) => {
      calls.push(p);
      return inspectProcess(p, o);
    });
    d.open(pid, ['state']);
    await pollUntil(() => d.current().inspection !== null, 'the in-process reading', 10000);
    expect(calls).toEqual([pid]);
    expect(d.current().inspection!.sections.state?.state).toMatch(/^[SR]$/);
    expect(d.current().error).toBeNull();
    d.tick();
    expect(calls).toEqual([pid, pid]);
  });
});
