// inspectProcess against a real child (test/helpers/inspect-child.py) whose memory, sockets,
// pipe and threads are known; every figure is checked against what the kernel reports directly.

import { readFileSync, readlinkSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectProcess } from '../../../src/collect/inspect/inspect.js';
import type { Inspection, Mapping, OpenFd } from '../../../src/collect/inspect/types.js';
import { startInspectChild, type InspectChild } from '../../helpers/inspect-child.js';

let child: InspectChild;
let ins: Inspection;

beforeAll(async () => {
  child = await startInspectChild();
  ins = inspectProcess(child.facts.pid)!;
});

afterAll(async () => {
  await child?.kill();
});

/**
 * Read ptop's view and the kernel's until they agree, `tries` times at most, and return the last
 * pair. The kernel's figures move under a test's feet even for an idle child: PSS of shared
 * libraries changes whenever another process mapping them starts or exits, and reclaim (DAMON,
 * kswapd) can drop idle pages. A real disagreement persists and fails the assertions after.
 */
function settled<T>(read: () => T, agree: (x: T) => boolean, tries = 8): T {
  let x = read();
  for (let i = 1; i < tries && !agree(x); i++) x = read();
  return x;
}

interface KernelMapping {
  head: string;
  kb: Record<string, number>;
}

/** The kernel's own smaps, parsed independently of ptop: one record per mapping. */
function kernelSmaps(pid: number): KernelMapping[] {
  const out: KernelMapping[] = [];
  for (const line of readFileSync(`/proc/${pid}/smaps`, 'utf8').split('\n')) {
    const m = /^(\w+):\s+(\d+) kB$/.exec(line);
    if (m) out[out.length - 1].kb[m[1]] = Number(m[2]);
    else if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) out.push({ head: line, kb: {} });
  }
  return out;
}

function kernelRollup(pid: number): Record<string, number> {
  const kb: Record<string, number> = {};
  for (const line of readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').split('\n')) {
    const m = /^(\w+):\s+(\d+) kB$/.exec(line);
    if (m) kb[m[1]] = Number(m[2]) * 1024;
  }
  return kb;
}

function fdOf(n: number): OpenFd {
  const f = ins.sections.fds!.fds.find((x) => x.fd === n);
  expect(f, `fd ${n}`).toBeDefined();
  return f!;
}

describe('inspectProcess on a live child', () => {
  it('reads every section with no problems (ptop runs as root here)', () => {
    expect(ins.pid).toBe(child.facts.pid);
    expect(Object.keys(ins.sections).sort()).toEqual(['environment', 'fds', 'maps', 'memory', 'state', 'threads']);
    for (const [name, s] of Object.entries(ins.sections)) expect(s.problems, name).toEqual([]);
    expect(ins.command).toContain('inspect-child.py');
  });

  it('memory matches smaps_rollup, and the rollup equals the per-mapping sums', () => {
    const { cur, rollup } = settled(
      () => ({ cur: inspectProcess(child.facts.pid, { sections: ['memory', 'maps'] })!, rollup: kernelRollup(child.facts.pid) }),
      ({ cur, rollup }) => {
        const m = cur.sections.memory!;
        const t = cur.sections.maps!.totals;
        return m.pss === rollup.Pss && m.rss === rollup.Rss && t.rss === m.rss && t.uss === m.uss && t.pss <= m.pss! && m.pss! - t.pss < t.count * 1024;
      },
    );
    const mem = cur.sections.memory!;
    const maps = cur.sections.maps!;
    expect(mem.rss).toBe(rollup.Rss);
    expect(mem.pss).toBe(rollup.Pss);
    expect(mem.uss).toBe(rollup.Private_Clean + rollup.Private_Dirty);
    expect(mem.privateClean).toBe(rollup.Private_Clean);
    expect(mem.privateDirty).toBe(rollup.Private_Dirty);
    // the child is idle: the rollup is the exact sum of the mappings (Pss of each mapping is
    // rounded down to a kB in smaps, so that sum may fall short by under 1 kB per mapping)
    expect(maps.totals.rss).toBe(mem.rss);
    expect(maps.totals.uss).toBe(mem.uss);
    expect(maps.totals.pss).toBeLessThanOrEqual(mem.pss!);
    expect(mem.pss! - maps.totals.pss).toBeLessThan(maps.totals.count * 1024);
    expect(mem.pss!).toBeLessThan(mem.rss!);
    expect(mem.uss!).toBeLessThanOrEqual(mem.pss!);
    // VmSize leaves out the vsyscall page (not a mapping of the process's own address space)
    const vsyscall = maps.mappings.filter((m) => m.kind === 'vsyscall').reduce((a, m) => a + m.size, 0);
    expect(mem.vss).toBe(maps.totals.size - vsyscall);
    expect(mem.peakRss!).toBeGreaterThanOrEqual(mem.rss!);
    expect(mem.rssAnon! + mem.rssFile! + mem.rssShmem!).toBeGreaterThan(0);
  });

  it('each mapping matches the kernel: addresses, USS = Private_Clean + Private_Dirty', () => {
    const same = (m: Mapping, k: KernelMapping) =>
      k.head.startsWith(`${m.start}-${m.end} ${m.perms} ${m.offset} ${m.dev} ${m.inode}`) &&
      m.size === k.kb.Size * 1024 &&
      m.rss === k.kb.Rss * 1024 &&
      m.pss === k.kb.Pss * 1024 &&
      m.uss === (k.kb.Private_Clean + k.kb.Private_Dirty) * 1024 &&
      m.swap === k.kb.Swap * 1024;
    const { maps, kernel } = settled(
      () => ({ maps: inspectProcess(child.facts.pid, { sections: ['maps'] })!.sections.maps!.mappings, kernel: kernelSmaps(child.facts.pid) }),
      ({ maps, kernel }) => maps.length === kernel.length && maps.every((m, i) => same(m, kernel[i])),
    );
    expect(maps.length).toBe(kernel.length);
    expect(readFileSync(`/proc/${child.facts.pid}/maps`, 'utf8').trim().split('\n').length).toBe(maps.length);
    maps.forEach((m, i) => {
      const k = kernel[i];
      expect(k.head.startsWith(`${m.start}-${m.end} ${m.perms} ${m.offset} ${m.dev} ${m.inode}`)).toBe(true);
      expect(m.size).toBe(k.kb.Size * 1024);
      expect(m.rss).toBe(k.kb.Rss * 1024);
      expect(m.pss).toBe(k.kb.Pss * 1024);
      expect(m.uss).toBe((k.kb.Private_Clean + k.kb.Private_Dirty) * 1024);
      expect(m.swap).toBe(k.kb.Swap * 1024);
    });
    expect(maps.some((m) => m.kind === 'heap' && m.path === '[heap]')).toBe(true);
    expect(maps.some((m) => m.kind === 'stack')).toBe(true);
    expect(maps.some((m) => m.kind === 'vdso')).toBe(true);
  });

  it('the file mapped by two processes has PSS below RSS (half of it)', () => {
    const { sharedPath, sharedPages, page } = child.facts;
    const find = () => inspectProcess(child.facts.pid, { sections: ['maps'] })!.sections.maps!.mappings.filter((m) => m.path === sharedPath && m.perms.endsWith('s'));
    const shared = settled(find, (x) => x.length === 1 && x[0].rss === sharedPages * page && x[0].pss * 2 === x[0].rss);
    expect(shared).toHaveLength(1);
    const m = shared[0];
    expect(m.kind).toBe('file');
    expect(m.rss).toBe(sharedPages * page);
    expect(m.pss).toBeLessThan(m.rss);
    expect(m.pss).toBe(m.rss / 2);
    expect(m.uss).toBe(0);
  });

  it('the touched private memory is private and resident', () => {
    const { privatePages, page } = child.facts;
    const anon = ins.sections.maps!.mappings.filter((m) => m.kind === 'anon' && m.uss >= privatePages * page);
    expect(anon.length).toBeGreaterThanOrEqual(1);
    expect(anon[0].pss).toBe(anon[0].uss);
  });

  it('resolves the TCP listener and the connected pair (IPv4, and IPv6 when ::1 works)', () => {
    for (const [tcp, proto, addr] of [
      [child.facts.tcp4, 'tcp', '127.0.0.1'],
      [child.facts.tcp6, 'tcp6', '::1'],
    ] as const) {
      if (tcp === null) continue; // no IPv6 on this machine: the v4 checks still ran
      expect(fdOf(tcp.listenFd).socket).toMatchObject({ proto, localAddress: addr, localPort: tcp.listenPort, state: 'LISTEN' });
      expect(fdOf(tcp.clientFd).socket).toMatchObject({
        proto,
        localAddress: addr,
        localPort: tcp.clientPort,
        remoteAddress: addr,
        remotePort: tcp.listenPort,
        state: 'ESTABLISHED',
      });
      expect(fdOf(tcp.serverFd).socket).toMatchObject({
        proto,
        localPort: tcp.listenPort,
        remotePort: tcp.clientPort,
        state: 'ESTABLISHED',
      });
    }
  });

  it('resolves the UDP and unix sockets, and sees the pipe', () => {
    const f = child.facts;
    expect(fdOf(f.udpFd)).toMatchObject({ kind: 'socket', socket: { proto: 'udp', localAddress: '127.0.0.1', localPort: f.udpPort, state: 'UNCONN' } });
    expect(fdOf(f.unixFd).socket).toMatchObject({ proto: 'unix', path: f.unixPath, type: 'STREAM', state: 'LISTEN' });
    const r = fdOf(f.pipeRead);
    const w = fdOf(f.pipeWrite);
    expect(r.kind).toBe('pipe');
    expect(w.kind).toBe('pipe');
    expect(r.target).toBe(w.target);
    expect(r.flagNames[0]).toBe('O_RDONLY');
    expect(w.flagNames[0]).toBe('O_WRONLY');
    expect(r.flagNames).toContain('O_CLOEXEC');
  });

  it('lists every fd the kernel lists, with its link target, and counts them by kind', () => {
    const dir = `/proc/${child.facts.pid}/fd`;
    const kernel = readdirSync(dir).map(Number).sort((a, b) => a - b);
    const fds = ins.sections.fds!.fds;
    expect(fds.map((x) => x.fd)).toEqual(kernel);
    for (const x of fds) expect(x.target).toBe(readlinkSync(`${dir}/${x.fd}`));
    const counts = ins.sections.fds!.counts;
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(fds.length);
    expect(counts.socket).toBe(fds.filter((x) => x.kind === 'socket').length);
    // the child's own sockets, plus its stdio (Node makes 'pipe' stdio of socket pairs)
    const f = child.facts;
    const own = [f.tcp4, f.tcp6].flatMap((t) => (t ? [t.listenFd, t.clientFd, t.serverFd] : [])).concat(f.udpFd, f.unixFd);
    for (const n of own) expect(fdOf(n).kind).toBe('socket');
    expect(counts.socket).toBeGreaterThanOrEqual(own.length);
    expect(counts.pipe).toBeGreaterThanOrEqual(2);
    expect(ins.sections.state!.fdCount).toBe(fds.length);
  });

  it('names the threads', () => {
    const threads = ins.sections.threads!.threads;
    for (const [name, tid] of Object.entries(child.facts.threads)) {
      expect(threads.find((t) => t.tid === tid)?.name).toBe(name);
    }
    expect(threads[0].tid).toBe(child.facts.pid);
    expect(threads).toHaveLength(3);
    for (const t of threads) {
      expect(t.state).toMatch(/^[RSD]$/);
      expect(t.ticks).toBe(Math.round((t.userCpuSeconds + t.systemCpuSeconds) * 100));
      expect(t.voluntaryCtxSwitches).toBeGreaterThan(0);
    }
  });

  it('thread CPU% is the delta against the previous inspection', () => {
    const prev: Inspection = structuredClone(ins);
    prev.collectedAt = ins.collectedAt - 1000;
    for (const t of prev.sections.threads!.threads) t.ticks -= 50; // half a second of CPU
    const next = inspectProcess(child.facts.pid, { sections: ['threads'], previous: prev })!;
    const interval = (next.collectedAt - prev.collectedAt) / 1000;
    for (const t of next.sections.threads!.threads) {
      expect(t.cpuPercent).toBeGreaterThanOrEqual(50 / interval - 0.001);
      expect(t.cpuPercent).toBeLessThan(60);
    }
  });

  it('has the environment the test set, sorted', () => {
    const vars = ins.sections.environment!.vars;
    expect(vars.find((v) => v.name === child.envName)?.value).toBe(child.envValue);
    const names = vars.map((v) => v.name);
    expect(names).toEqual([...names].sort());
  });

  it('fills the State section from stat, status and the links', () => {
    const s = ins.sections.state!;
    expect(s.state).toMatch(/^[SR]$/);
    expect(s.ancestry[0].pid).toBe(child.facts.pid);
    expect(s.ancestry[1].pid).toBe(process.pid);
    expect(s.ancestry[s.ancestry.length - 1].pid).toBe(1);
    expect(s.cmdline.some((a) => a.endsWith('inspect-child.py'))).toBe(true);
    expect(s.exe).toContain('python');
    expect(s.exeDeleted).toBe(false);
    expect(s.cwd).toBe(process.cwd());
    expect(s.threads).toBe(3);
    expect(s.uids).toEqual([0, 0, 0, 0]);
    expect(s.users[0]).toBe('root');
    expect(Math.abs(s.startedAt - Date.now())).toBeLessThan(120_000);
    expect(s.namespaces.length).toBeGreaterThanOrEqual(7);
    for (const n of s.namespaces) expect(n.differs).toBe(false);
    expect(s.openFilesSoft).toBeGreaterThan(0);
    expect(s.io).not.toBeNull();
    expect(s.oomScoreAdj).toBe(0);
    expect(s.kernelStack).not.toBeNull();
  });

  it('reads only the sections asked for', () => {
    const only = inspectProcess(child.facts.pid, { sections: ['memory', 'threads'] })!;
    expect(Object.keys(only.sections).sort()).toEqual(['memory', 'threads']);
  });

  it('returns null for a PID with no process', () => {
    expect(inspectProcess(0x3ffffff0)).toBeNull();
    expect(inspectProcess(-1)).toBeNull();
  });
});
