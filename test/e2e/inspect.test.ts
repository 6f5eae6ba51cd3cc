// End-to-end tests of `ptop inspect PID [--json]` through the built CLI, on a real child
// (test/helpers/inspect-child.py) checked against what the kernel reports, and as the unprivileged
// user nobody, where every unreadable part must be explained in words (no stack trace).

import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Inspection } from '../../src/collect/inspect/types.js';
import { CLI, cleanupCliHelpers, ensureBuilt, ptopEnv, REPO_ROOT, runPtop } from '../helpers/cli.js';
import { startInspectChild, type InspectChild } from '../helpers/inspect-child.js';

let child: InspectChild;

beforeAll(async () => {
  ensureBuilt();
  child = await startInspectChild();
});

afterAll(async () => {
  await child?.kill();
  cleanupCliHelpers();
});

function ok(args: string[]) {
  const r = runPtop(args);
  expect(r.stderr, `stderr of ptop ${args.join(' ')}`).toBe('');
  expect(r.status, `exit status of ptop ${args.join(' ')}`).toBe(0);
  return r;
}

/** `node dist/cli.js …args` as uid/gid 65534 (nobody) with no supplementary groups. */
function asNobody(args: string[]) {
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, CLI, ...args], {
    cwd: REPO_ROOT,
    env: ptopEnv({ HOME: '/' }),
    timeout: 30000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}

describe('ptop inspect PID --json', () => {
  let ins: Inspection;
  beforeAll(() => {
    ins = JSON.parse(ok(['inspect', String(child.facts.pid), '--json']).stdout) as Inspection;
  });

  it('prints every section with real numbers', () => {
    expect(ins.pid).toBe(child.facts.pid);
    expect(Object.keys(ins.sections).sort()).toEqual(['environment', 'fds', 'maps', 'memory', 'state', 'threads']);
    expect(typeof ins.sections.memory!.rss).toBe('number');
    expect(typeof ins.sections.maps!.totals.pss).toBe('number');
  });

  it('matches the kernel: mappings of maps, the rollup, PSS below RSS for the shared file', () => {
    const pid = child.facts.pid;
    const kernel = () => {
      const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      const kb = (k: string) => Number(new RegExp(`^${k}:\\s+(\\d+) kB$`, 'm').exec(text)![1]) * 1024;
      const maps = readFileSync(`/proc/${pid}/maps`, 'utf8').trim().split('\n');
      return { rss: kb('Rss'), uss: kb('Private_Clean') + kb('Private_Dirty'), pss: kb('Pss'), ranges: maps.map((l) => l.split(' ')[0]) };
    };
    // the kernel's figures can move between ptop's read and ours (reclaim of idle pages, new
    // mappings): ask again, a few times at most, when the kernel's own reads before and after differ
    const read = () => {
      const before = kernel();
      const got = JSON.parse(ok(['inspect', String(pid), '--json', '--section', 'memory,maps']).stdout) as Inspection;
      return { before, got, after: kernel() };
    };
    let r = read();
    for (let i = 0; i < 5 && JSON.stringify(r.before) !== JSON.stringify(r.after); i++) r = read();
    const { got, after } = r;
    const mem = got.sections.memory!;
    const maps = got.sections.maps!;
    expect(maps.mappings.map((m) => `${m.start}-${m.end}`)).toEqual(after.ranges);
    expect(mem.rss).toBe(after.rss);
    // USS and PSS cannot match exactly here: while ptop runs, its own process maps the C
    // library's pages too, so a page only the child had mapped (private, counted in USS) is
    // shared for that moment, which lowers the child's USS and its share (PSS) a little (seen:
    // USS 12 kB lower). The exact comparison is in test/collect/inspect/inspect.test.ts, read
    // in-process; here they differ by a few kB at most, and never upwards for USS
    expect(mem.uss!).toBeLessThanOrEqual(after.uss);
    expect(after.uss - mem.uss!).toBeLessThan(256 * 1024);
    expect(Math.abs(mem.pss! - after.pss)).toBeLessThan(256 * 1024);
    expect(mem.pss!).toBeLessThan(mem.rss!);
    expect(maps.totals.rss).toBe(mem.rss);
    expect(maps.totals.uss).toBe(mem.uss);
    const shared = maps.mappings.find((m) => m.path === child.facts.sharedPath && m.perms.endsWith('s'))!;
    expect(shared.pss).toBeLessThan(shared.rss);
  });

  it('resolves each socket with its address, port and state', () => {
    const f = child.facts;
    const sock = (n: number) => ins.sections.fds!.fds.find((x) => x.fd === n)!.socket;
    expect(sock(f.tcp4.listenFd)).toMatchObject({ proto: 'tcp', localAddress: '127.0.0.1', localPort: f.tcp4.listenPort, state: 'LISTEN' });
    expect(sock(f.tcp4.clientFd)).toMatchObject({ proto: 'tcp', remotePort: f.tcp4.listenPort, state: 'ESTABLISHED' });
    if (f.tcp6) expect(sock(f.tcp6.serverFd)).toMatchObject({ proto: 'tcp6', localAddress: '::1', remotePort: f.tcp6.clientPort, state: 'ESTABLISHED' });
    expect(sock(f.udpFd)).toMatchObject({ proto: 'udp', localPort: f.udpPort });
    expect(sock(f.unixFd)).toMatchObject({ proto: 'unix', path: f.unixPath, state: 'LISTEN' });
    expect(ins.sections.fds!.fds.find((x) => x.fd === f.pipeRead)!.kind).toBe('pipe');
    const kernelFds = readdirSync(`/proc/${f.pid}/fd`).length;
    expect(ins.sections.fds!.fds.length).toBe(kernelFds);
  });

  it('has the thread names and the environment', () => {
    const names = ins.sections.threads!.threads.map((t) => t.name);
    for (const n of Object.keys(child.facts.threads)) expect(names).toContain(n);
    const env = ins.sections.environment!.vars;
    expect(env.find((v) => v.name === child.envName)?.value).toBe(child.envValue);
    // escapes in the environment arrive as U+FFFD
    const hostile = env.find((v) => v.name === child.hostileEnvName)!.value;
    expect(hostile).not.toMatch(/[\x00-\x1f\x7f-\x9f\u202e]/);
    expect(hostile).toContain('\uFFFD[2J');
  });

  it('--section limits what is read', () => {
    const only = JSON.parse(ok(['inspect', String(child.facts.pid), '--json', '--section', 'fds,env']).stdout) as Inspection;
    expect(Object.keys(only.sections).sort()).toEqual(['environment', 'fds']);
  });
});

describe('ptop inspect PID (text)', () => {
  it('prints the sectioned report on a pipe, sanitized', () => {
    const r = ok(['inspect', String(child.facts.pid)]);
    for (const h of ['STATE', 'MEMORY', 'MAPS', 'FDS', 'THREADS', 'ENVIRONMENT']) expect(r.stdout).toMatch(new RegExp(`^${h}\\b`, 'm'));
    expect(r.stdout).toContain(`tcp 127.0.0.1:${child.facts.tcp4.listenPort} LISTEN`);
    expect(r.stdout).toContain(`unix STREAM LISTEN ${child.facts.unixPath}`);
    expect(r.stdout).toContain('ptop-worker-a');
    expect(r.stdout).toContain(`${child.envName}=${child.envValue}`);
    expect(r.stdout).toContain(child.facts.sharedPath);
    expect(r.raw.includes(0x1b)).toBe(false);
    expect(r.raw.includes(0x9b)).toBe(false);
  });

  it('a closed pipe (| head -1) is a normal end: exit 0, nothing on stderr', () => {
    // the JSON (about 80 kB) is more than a pipe holds, so the write meets the closed pipe
    const cmd = `"${process.execPath}" "${CLI}" inspect ${child.facts.pid} --json | head -1; echo "status=\${PIPESTATUS[0]}"`;
    const r = spawnSync('bash', ['-c', cmd], {
      cwd: REPO_ROOT,
      env: ptopEnv(),
    });
    expect(r.stderr.toString()).toBe('');
    expect(r.stdout.toString()).toBe('{\nstatus=0\n');
  });

  it('--width cuts lines', () => {
    const r = ok(['inspect', String(child.facts.pid), '--width', '50']);
    for (const l of r.stdout.split('\n')) expect([...l].length).toBeLessThanOrEqual(50);
  });

  it('--width 80 keeps the maps paths and the fds targets', () => {
    const f = child.facts;
    const out = ok(['inspect', String(f.pid), '--width', '80', '--section', 'maps,fds']).stdout.split('\n');
    for (const l of out) expect([...l].length, l).toBeLessThanOrEqual(80);
    expect(out.find((l) => l.includes('START'))).toMatch(/\bSIZE\s+RSS\s+PSS\s+USS\s+SWAP\s+PATH$/);
    expect(out.some((l) => / r--s .*shared\.bin$/.test(l))).toBe(true);
    const row = (fd: number) => out.find((l) => new RegExp(`^\\s+${fd}\\s+socket\\s`).test(l));
    expect(row(f.tcp4.clientFd)).toMatch(new RegExp(`tcp 127\\.0\\.0\\.1:${f.tcp4.clientPort} → 127\\.0\\.0\\.1:${f.tcp4.listenPort} ESTABLISHED$`));
    expect(row(f.unixFd)).toMatch(/unix STREAM LISTEN .*\.sock$/);
  });
});

describe('ptop inspect: bad input', () => {
  it('a PID that is not a number: exit 2 with a message', () => {
    const r = runPtop(['inspect', 'abc']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("'abc' is not a PID");
    expect(r.stdout).toBe('');
  });

  it('no process with that PID: exit 1', () => {
    const r = runPtop(['inspect', '1073741800']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('ptop: no process with PID 1073741800\n');
  });

  it('an unknown section: exit 2', () => {
    const r = runPtop(['inspect', '1', '--section', 'bogus']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown section 'bogus'");
  });

  it('ptop --help mentions inspect', () => {
    expect(ok(['--help']).stdout).toContain('ptop inspect PID');
  });
});

describe('ptop inspect as an unprivileged user', () => {
  it("explains in words what it could not read of root's process, and shows the rest", () => {
    const r = asNobody(['inspect', String(child.facts.pid), '--width', '0']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/^\s+at /m);
    expect(r.stdout).toContain('could not read the memory maps');
    expect(r.stdout).toContain('owned by uid 0 (root), ptop runs as uid 65534 (nobody)');
    expect(r.stdout).toContain('CAP_SYS_PTRACE');
    expect(r.stdout).toContain('CAP_SYS_ADMIN'); // the kernel stack
    // the wchan the kernel hides (it prints "0") is said, not shown as "not waiting"
    expect(r.stdout).toMatch(/could not read [^!]*what it waits on \(wchan\)/);
    expect(r.stdout).toMatch(/could not read what the threads wait on \(wchan\)/);
    // what is world-readable is still shown
    expect(r.stdout).toMatch(/Threads\s+3/);
    expect(r.stdout).toContain('ptop-worker-a');
  });

  it('--json carries the problems per section', () => {
    const r = asNobody(['inspect', String(child.facts.pid), '--json']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const ins = JSON.parse(r.stdout) as Inspection;
    for (const name of ['maps', 'fds', 'environment'] as const) {
      const p = ins.sections[name]!.problems;
      expect(p.length, name).toBeGreaterThan(0);
      expect(p[0].code).toBe('EACCES');
      expect(p[0].why).toContain('uid 65534');
    }
    expect(ins.sections.memory!.rss).toBeGreaterThan(0); // from status, readable by all
    expect(ins.sections.memory!.pss).toBeNull();
    expect(ins.sections.threads!.threads.length).toBe(3);
  });
});
