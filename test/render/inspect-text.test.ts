import { describe, expect, it } from 'vitest';
import type { Inspection, Mapping, OpenFd, SocketInfo } from '../../src/collect/inspect/types.js';
import { describeSocket, groupMappings, renderInspectionLines, renderInspectionText, wrapWords } from '../../src/render/inspect-text.js';
import { displayWidth } from '../../src/model/format.js';

const K = 1024;
const M = 1024 * 1024;

function mapping(over: Partial<Mapping>): Mapping {
  return {
    start: '55d0c0a00000',
    end: '55d0c0a28000',
    perms: 'r--p',
    offset: '00000000',
    dev: 'fe:00',
    inode: 0,
    path: '',
    kind: 'anon',
    deleted: false,
    size: 4 * K,
    rss: 4 * K,
    pss: 4 * K,
    uss: 4 * K,
    swap: 0,
    ...over,
  };
}

function sock(over: Partial<SocketInfo>): SocketInfo {
  return {
    proto: 'tcp',
    localAddress: null,
    localPort: null,
    remoteAddress: null,
    remotePort: null,
    state: null,
    path: null,
    type: null,
    inode: 1,
    ...over,
  };
}

function fd(n: number, over: Partial<OpenFd>): OpenFd {
  return { fd: n, kind: 'file', target: '/x', anonKind: null, deleted: false, flags: 0, flagNames: ['O_RDONLY'], pos: 0, socket: null, ...over };
}

const PERM = {
  what: 'the environment',
  path: '/proc/4242/environ',
  code: 'EACCES',
  why: 'owned by uid 1000 (alice), ptop runs as uid 1001 (bob): another user’s process needs ptrace access; run ptop as uid 1000 (alice) or as root (CAP_SYS_PTRACE)',
};

function sample(): Inspection {
  return {
    pid: 4242,
    collectedAt: Date.UTC(2025, 0, 2, 3, 4, 5),
    comm: 'server',
    command: '/usr/bin/server --port 8080',
    state: 'S',
    sections: {
      state: {
        problems: [
          { what: 'the executable (exe)', path: '/proc/4242/exe', code: 'EACCES', why: PERM.why },
          { what: 'the I/O counters', path: '/proc/4242/io', code: 'EACCES', why: PERM.why },
        ],
        state: 'S',
        stateWords: 'sleeping',
        wchan: 'do_epoll_wait',
        kernelStack: ['do_epoll_wait+0x4c0/0x500', '__x64_sys_epoll_wait+0x6f/0x110'],
        ancestry: [
          { pid: 4242, comm: 'server' },
          { pid: 100, comm: 'bash' },
          { pid: 1, comm: 'systemd' },
        ],
        uids: [1000, 1000, 1000, 1000],
        gids: [1000, 1000, 1000, 1000],
        users: ['alice', 'alice', 'alice', 'alice'],
        cmdline: ['/usr/bin/server', '--port', '8080', 'two words'],
        exe: null,
        exeDeleted: false,
        cwd: '/srv',
        root: '/',
        startedAt: Date.UTC(2025, 0, 2, 1, 0, 0),
        ageSeconds: 7445,
        userCpuSeconds: 1.5,
        systemCpuSeconds: 0.25,
        nice: 5,
        priority: 25,
        policy: 'SCHED_OTHER',
        rtPriority: 0,
        lastCpu: 3,
        affinity: '0-7',
        threads: 2,
        voluntaryCtxSwitches: 120,
        involuntaryCtxSwitches: 7,
        io: null,
        cgroup: '/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope',
        container: 'docker:0123456789ab',
        namespaces: [
          { type: 'net', inode: 4026532000, differs: true },
          { type: 'mnt', inode: 4026531840, differs: false },
        ],
        oomScore: 667,
        oomScoreAdj: 0,
        fdCount: 6,
        openFilesSoft: 1024,
        openFilesHard: 524288,
        coreSizeSoft: null,
        coreUnlimited: true,
        tracerPid: 0,
      },
      memory: {
        problems: [],
        vss: 200 * M,
        rss: 12 * M,
        pss: 8 * M,
        uss: 6 * M,
        rssAnon: 7 * M,
        rssFile: 5 * M,
        rssShmem: 0,
        swap: 0,
        swapPss: 0,
        peakRss: 13 * M,
        peakVss: 210 * M,
        sharedClean: 5 * M,
        sharedDirty: 1 * M,
        privateClean: 1 * M,
        privateDirty: 5 * M,
      },
      maps: {
        problems: [],
        mappings: [
          mapping({ path: '/usr/bin/server', kind: 'file', inode: 77, size: 64 * K, rss: 60 * K, pss: 30 * K, uss: 8 * K }),
          mapping({ start: '55d0c0a28000', end: '55d0c0a30000', perms: 'r-xp', path: '/usr/bin/server', kind: 'file', inode: 77, size: 32 * K, rss: 32 * K, pss: 16 * K, uss: 0 }),
          mapping({ start: '7f0000000000', end: '7f0000100000', perms: 'rw-p', size: 1 * M, rss: 512 * K, pss: 512 * K, uss: 512 * K }),
          mapping({ start: '7f0000200000', end: '7f0000201000', path: '/tmp/gone', kind: 'file', deleted: true, size: 4 * K, rss: 0, pss: 0, uss: 0 }),
          mapping({ start: '7ffc00000000', end: '7ffc00021000', perms: 'rw-p', path: '[stack]', kind: 'stack', size: 132 * K, rss: 16 * K, pss: 16 * K, uss: 16 * K }),
        ],
        totals: { size: 1236 * K, rss: 620 * K, pss: 574 * K, uss: 536 * K, swap: 0, count: 5 },
      },
      fds: {
        problems: [],
        fds: [
          fd(0, { kind: 'tty', target: '/dev/pts/3', flagNames: ['O_RDWR'] }),
          fd(3, { kind: 'socket', target: 'socket:[11]', socket: sock({ proto: 'tcp', localAddress: '0.0.0.0', localPort: 8080, remoteAddress: '0.0.0.0', remotePort: 0, state: 'LISTEN', inode: 11 }) }),
          fd(4, { kind: 'socket', target: 'socket:[12]', socket: sock({ proto: 'tcp6', localAddress: '::1', localPort: 8080, remoteAddress: '::1', remotePort: 50000, state: 'ESTABLISHED', inode: 12 }) }),
          fd(5, { kind: 'socket', target: 'socket:[13]', socket: sock({ proto: 'udp', localAddress: '127.0.0.1', localPort: 53, remoteAddress: '0.0.0.0', remotePort: 0, state: 'UNCONN', inode: 13 }) }),
          fd(6, { kind: 'socket', target: 'socket:[14]', socket: sock({ proto: 'unix', state: 'LISTEN', type: 'STREAM', path: '/run/server.sock', inode: 14 }) }),
          fd(7, { kind: 'pipe', target: 'pipe:[99]', flagNames: ['O_WRONLY', 'O_CLOEXEC'], pos: null }),
          fd(8, { kind: 'anon_inode', target: 'anon_inode:[eventpoll]', anonKind: 'eventpoll' }),
        ],
        counts: { tty: 1, socket: 4, pipe: 1, anon_inode: 1 },
      },
      threads: {
        problems: [],
        threads: [
          { tid: 4242, name: 'server', state: 'S', cpuPercent: 12.5, lastCpu: 3, wchan: 'do_epoll_wait', voluntaryCtxSwitches: 100, involuntaryCtxSwitches: 5, userCpuSeconds: 1.2, systemCpuSeconds: 0.2, ticks: 140 },
          { tid: 4250, name: 'worker-1', state: 'R', cpuPercent: 99, lastCpu: 1, wchan: null, voluntaryCtxSwitches: 20, involuntaryCtxSwitches: 2, userCpuSeconds: 0.3, systemCpuSeconds: 0.05, ticks: 35 },
        ],
      },
      environment: { problems: [PERM], vars: [] },
    },
  };
}

const text = renderInspectionText(sample(), { utc: true });
const lines = text.split('\n');
const isHeading = (l: string) => /^(STATE|MEMORY|MAPS|FDS|THREADS|ENVIRONMENT)\b/.test(l);

function section(title: string): string[] {
  const start = lines.findIndex((l) => l.startsWith(title));
  expect(start).toBeGreaterThanOrEqual(0);
  let end = lines.findIndex((l, i) => i > start && isHeading(l));
  if (end === -1) end = lines.length;
  return lines.slice(start, end);
}

describe('renderInspectionText', () => {
  it('starts with the PID, comm, state in words and the command', () => {
    expect(lines[0]).toBe('PID 4242 (server)  S sleeping');
    expect(lines[1]).toBe('/usr/bin/server --port 8080');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('prints the sections in tab order', () => {
    const heads = lines.filter(isHeading).map((l) => l.split(' ')[0]);
    expect(heads).toEqual(['STATE', 'MEMORY', 'MAPS', 'FDS', 'THREADS', 'ENVIRONMENT']);
  });

  it('aligns the State values in one column and puts what it knows in words', () => {
    const s = section('STATE');
    const field = (label: string) => s.find((l) => l.startsWith(`  ${label} `))!;
    const col = field('State').indexOf('S  sleeping');
    for (const label of ['Waiting in', 'Ancestry', 'Working dir', 'Scheduling', 'Open files']) {
      expect(field(label).slice(col - 2, col)).toBe('  ');
      expect(field(label).charAt(col)).not.toBe(' ');
    }
    expect(field('Waiting in')).toContain('do_epoll_wait');
    expect(s.some((l) => l.trim() === '__x64_sys_epoll_wait+0x6f/0x110')).toBe(true);
    expect(field('Ancestry')).toContain('4242 server ← 100 bash ← 1 systemd');
    expect(field('Command line')).toContain("/usr/bin/server --port 8080 'two words'");
    expect(field('Executable')).toMatch(/-$/);
    expect(field('User')).toContain('alice');
    expect(field('Started')).toContain('2025-01-02 01:00:00 UTC');
    expect(field('Started')).toContain('2h04m ago');
    expect(field('Scheduling')).toBe(field('Scheduling').replace(/\s+$/, ''));
    expect(field('Scheduling')).toContain('SCHED_OTHER, nice 5, priority 25');
    expect(field('Container')).toContain('docker:0123456789ab');
    expect(field('Namespaces')).toContain("differ from ptop's: net");
    expect(field('Open files')).toContain('6 of 1024');
    expect(field('Core file size')).toContain('unlimited');
  });

  it('groups problems that share a reason and says it in words', () => {
    const s = section('STATE');
    const p = s.filter((l) => l.startsWith('  ! '));
    expect(p).toHaveLength(1);
    expect(p[0]).toContain('could not read the executable (exe), the I/O counters');
    expect(s.join(' ')).toContain('CAP_SYS_PTRACE');
    const env = section('ENVIRONMENT');
    expect(env[0]).toBe('ENVIRONMENT (not readable)');
    expect(env[1]).toContain('could not read the environment (/proc/4242/environ: EACCES): owned by uid 1000 (alice)');
  });

  it('a list that could not be read at all says so in its heading, not "0"', () => {
    const ins = sample();
    const no = (what: string) => [{ ...PERM, what }];
    ins.sections = {
      maps: { problems: no('the memory maps'), mappings: [], totals: { size: 0, rss: 0, pss: 0, uss: 0, swap: 0, count: 0 } },
      fds: { problems: no('the open files'), fds: [], counts: {} },
      threads: { problems: no('the threads'), threads: [] },
      environment: { problems: no('the environment'), vars: [] },
    };
    const out = renderInspectionLines(ins);
    const headings = out.filter((l) => /^[A-Z]+ \(/.test(l));
    expect(headings).toEqual(['MAPS (not readable)', 'FDS (not readable)', 'THREADS (not readable)', 'ENVIRONMENT (not readable)']);
    expect(out.filter((l) => l.startsWith('  ! could not read'))).toHaveLength(4);
    // read in full and empty: the count
    ins.sections = { fds: { problems: [], fds: [], counts: {} }, environment: { problems: [], vars: [] } };
    expect(renderInspectionLines(ins).filter((l) => /^[A-Z]+ \(/.test(l))).toEqual(['FDS (0 open)', 'ENVIRONMENT (0 variables)']);
  });

  it('prints VSS, RSS, PSS and USS with human sizes and what each counts', () => {
    const m = section('MEMORY');
    expect(m.find((l) => l.includes('VSS'))).toMatch(/VSS\s+200M\s+address space/);
    expect(m.find((l) => l.includes('RSS '))).toMatch(/RSS\s+12\.0M\s+resident pages, shared ones counted in full/);
    expect(m.find((l) => l.includes('PSS'))).toMatch(/PSS\s+8\.0M\s+.*divided/);
    expect(m.find((l) => l.includes('USS'))).toMatch(/USS\s+6\.0M\s+private pages/);
    expect(m.find((l) => l.includes('RSS split'))).toContain('anon 7.0M, file 5.0M, shmem 0');
    expect(m.find((l) => l.includes('Peak'))).toContain('RSS 13.0M, VSS 210M');
  });

  it('prints the maps table with totals and a by-file summary', () => {
    const m = section('MAPS');
    expect(m[0]).toBe('MAPS (5 mappings)');
    expect(m[1]).toMatch(/^ {2}START\s+END\s+PERM\s+OFFSET\s+DEV\s+INODE\s+SIZE\s+RSS\s+PSS\s+USS\s+SWAP\s+PATH$/);
    expect(m.find((l) => l.includes('[stack]'))).toMatch(/7ffc00000000\s+7ffc00021000\s+rw-p/);
    expect(m.some((l) => l.includes('/tmp/gone (deleted)'))).toBe(true);
    expect(m.find((l) => l.trim().startsWith('Total'))).toMatch(/Total\s+1\.2M\s+620K\s+574K\s+536K\s+0$/);
    const byFile = m.slice(m.findIndex((l) => l.includes('By file')));
    // two mappings of /usr/bin/server summed: 96K size, 92K rss, 46K pss, 8K uss
    expect(byFile.find((l) => l.endsWith('/usr/bin/server'))).toMatch(/^\s+2\s+96\.0K\s+92\.0K\s+46\.0K\s+8\.0K\s+0\s+\/usr\/bin\/server$/);
    expect(byFile[2]).toContain('[anon]'); // largest PSS first
  });

  it('prints fds with counts by kind and sockets resolved', () => {
    const f = section('FDS');
    expect(f[0]).toBe('FDS (7 open: 1 tty, 4 socket, 1 pipe, 1 anon_inode)');
    const row = (n: number) => f.find((l) => new RegExp(`^\\s+${n}\\s`).test(l))!;
    expect(row(3)).toContain('tcp 0.0.0.0:8080 LISTEN');
    expect(row(4)).toContain('tcp6 [::1]:8080 → [::1]:50000 ESTABLISHED');
    expect(row(5)).toContain('udp 127.0.0.1:53 UNCONN');
    expect(row(6)).toContain('unix STREAM LISTEN /run/server.sock');
    expect(row(7)).toMatch(/pipe\s+O_WRONLY\|O_CLOEXEC\s+-\s+pipe:\[99\]/);
    expect(row(8)).toContain('eventpoll');
  });

  it('prints the threads table', () => {
    const t = section('THREADS');
    expect(t[0]).toBe('THREADS (2)');
    expect(t[1]).toMatch(/TID\s+NAME\s+STATE\s+CPU%/);
    expect(t.find((l) => l.includes('worker-1'))).toMatch(/4250\s+worker-1\s+R\s+99\.0\s+1\s/);
    expect(t.find((l) => l.includes('4242'))).toMatch(/do_epoll_wait$/);
  });

  it('prints the environment as NAME=value lines in the order given (sorted by the collector)', () => {
    const ins = sample();
    ins.sections = { environment: { problems: [], vars: [{ name: 'A', value: '1' }, { name: 'PATH', value: '/bin:/usr/bin' }] } };
    const out = renderInspectionLines(ins);
    expect(out.slice(-3)).toEqual(['ENVIRONMENT (2 variables)', '  A=1', '  PATH=/bin:/usr/bin']);
  });

  it('leaves out the sections that were not read', () => {
    const ins = sample();
    ins.sections = { memory: ins.sections.memory };
    const out = renderInspectionLines(ins).join('\n');
    expect(out).toContain('MEMORY');
    expect(out).not.toContain('STATE');
    expect(out).not.toContain('MAPS');
  });

  it('cuts every line to the width, wrapping prose instead of cutting it', () => {
    const out = renderInspectionLines(sample(), { width: 60, utc: true });
    for (const l of out) expect(displayWidth(l)).toBeLessThanOrEqual(60);
    const joined = out.join('\n');
    // the problem's words all survive (wrapped), the tables are cut
    expect(joined.replace(/\n\s+/g, ' ')).toContain('run ptop as uid 1000 (alice) or as root (CAP_SYS_PTRACE)');
    expect(out.some((l) => l.endsWith('…'))).toBe(true);
  });

  it('at 80 columns the maps table keeps its sizes and paths, the fds table its targets; only the last cell is cut', () => {
    const ins = sample();
    const maps = ins.sections.maps!;
    maps.mappings.push(
      mapping({ start: '7f0000300000', end: '7f0000301000', perms: 'r-xp', path: '/usr/lib/x86_64-linux-gnu/very/deep/directory/libimportant.so.1', kind: 'file', inode: 1234567, offset: '0001c000', swap: 8 * K }),
      mapping({ start: 'ffffffffff600000', end: 'ffffffffff601000', perms: '--xp', path: '[vsyscall]', kind: 'vsyscall' }),
    );
    const out = renderInspectionLines(ins, { width: 80, utc: true });
    for (const l of out) expect(displayWidth(l), l).toBeLessThanOrEqual(80);
    const start = out.indexOf('MAPS (5 mappings)');
    const head = out[start + 1];
    expect(head).toMatch(/^ {2}START\s+PERM\s+SIZE\s+RSS\s+PSS\s+USS\s+SWAP\s+PATH$/);
    // addresses sized for the process's own (12 digits), not for [vsyscall]
    expect(out[start + 2]).toBe('  55d0c0a00000  r--p  64.0K  60.0K  30.0K   8.0K     0  /usr/bin/server');
    // a long path keeps its end (the file name), a cut address says so
    expect(out.find((l) => l.includes('7f0000300000'))).toMatch(/8\.0K {2}…[\w/-]*\/libimportant\.so\.1$/);
    expect(out.find((l) => l.includes('[vsyscall]'))).toMatch(/^ {2}ffffffffff6… {2}--xp /);
    const fds = out.slice(out.findIndex((l) => l.startsWith('FDS')));
    expect(fds.find((l) => /^\s+4\s/.test(l))).toMatch(/tcp6 \[::1\]:8080 → \[::1\]:50000 ESTABLISHED$/);
    expect(fds.find((l) => /^\s+6\s/.test(l))).toMatch(/unix STREAM LISTEN \/run\/server\.sock$/);
    // wide enough: every column
    const wide = renderInspectionLines(ins, { width: 160, utc: true });
    expect(wide[wide.indexOf('MAPS (5 mappings)') + 1]).toMatch(/START\s+END\s+PERM\s+OFFSET\s+DEV\s+INODE\s+SIZE/);
  });

  it('does not cut without a width', () => {
    expect(lines.some((l) => displayWidth(l) > 100)).toBe(true);
  });
});

describe('helpers', () => {
  it('describeSocket covers the protocols', () => {
    expect(describeSocket(sock({ proto: 'unix', type: 'DGRAM', state: 'UNCONNECTED', path: '' }))).toBe('unix DGRAM UNCONNECTED (unnamed)');
    expect(describeSocket(sock({ proto: 'unknown', inode: 5 }))).toContain('socket:[5]');
    expect(describeSocket(sock({ proto: 'tcp', localAddress: '10.0.0.1', localPort: 22, remoteAddress: '10.0.0.2', remotePort: 5555, state: 'ESTABLISHED' }))).toBe(
      'tcp 10.0.0.1:22 → 10.0.0.2:5555 ESTABLISHED',
    );
  });

  it('groupMappings sums per file, anonymous ones together', () => {
    const g = groupMappings([mapping({ pss: 1 }), mapping({ pss: 2 }), mapping({ path: '/a', kind: 'file', pss: 10 })]);
    expect(g.map((x) => [x.name, x.count, x.pss])).toEqual([
      ['/a', 1, 10],
      ['[anon]', 2, 3],
    ]);
  });

  it('wrapWords keeps to the width and splits an overlong word', () => {
    const out = wrapWords('aaa bbb ' + 'x'.repeat(30), 12, '> ', '  ');
    for (const l of out) expect(l.length).toBeLessThanOrEqual(12);
    expect(out[0]).toBe('> aaa bbb');
    expect(out.join('').replace(/[ >]/g, '')).toBe('aaabbb' + 'x'.repeat(30));
  });
});
