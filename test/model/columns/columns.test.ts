import { describe, expect, it } from 'vitest';
import { COLUMN_KINDS, getColumnKind } from '../../../src/model/columns/registry.js';
import type { ColumnKind } from '../../../src/model/columns/types.js';
import { policyName } from '../../../src/model/columns/policy.js';
import { BTIME, ctx, deniedProc, kernelThread, normalProc, proc, status, system, zombieProc } from '../factory.js';

const c = ctx();
const kind = (name: string): ColumnKind => {
  const k = getColumnKind(name);
  if (!k) throw new Error(`no kind ${name}`);
  return k;
};
const cell = (name: string, p = normalProc()): string => {
  const k = kind(name);
  return k.format(k.value(p, c), p, c);
};
const value = (name: string, p = normalProc()) => kind(name).value(p, c);

describe('every column kind', () => {
  const fixtures = { normal: normalProc(), zombie: zombieProc(), kthread: kernelThread(), denied: deniedProc() };
  for (const [name, k] of COLUMN_KINDS) {
    it(`${name} has a consistent contract and never throws`, () => {
      expect(k.kind).toBe(name);
      expect(k.jsonKey).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(k.header.length).toBeGreaterThan(0);
      expect(k.description.length).toBeGreaterThan(0);
      expect(['left', 'right', 'center']).toContain(k.align);
      for (const p of Object.values(fixtures)) {
        const v = k.value(p, c);
        if (v !== null) expect(typeof v).toBe(k.numeric ? 'number' : 'string');
        if (typeof v === 'number') expect(Number.isNaN(v)).toBe(false);
        const text = k.format(v, p, c);
        expect(typeof text).toBe('string');
        if (v === null) expect(text).toBe('');
      }
    });
  }
  it('numeric kinds are right-aligned, text kinds left-aligned', () => {
    for (const k of COLUMN_KINDS.values()) expect(k.align).toBe(k.numeric ? 'right' : 'left');
  });
});

describe('a normal process', () => {
  it('ids and scheduling', () => {
    expect(cell('Pid')).toBe('4242');
    expect(cell('Ppid')).toBe('1');
    expect(cell('Pgid')).toBe('4242');
    expect(cell('Session')).toBe('4000');
    expect(cell('State')).toBe('R');
    expect(cell('Nice')).toBe('5');
    expect(cell('Priority')).toBe('25');
    expect(cell('Policy')).toBe('TS');
    expect(cell('Threads')).toBe('11');
    expect(cell('Processor')).toBe('1');
    expect(cell('Tty')).toBe('pts/3');
  });
  it('user and uid are the effective ones from status', () => {
    // the /proc dir owner is 1000 (alice) but the effective uid in status is 0 (setuid)
    expect(cell('User')).toBe('root');
    expect(value('Uid')).toBe(0);
  });
  it('falls back to the /proc dir owner without status', () => {
    const p = proc({ uid: 1001 });
    expect(cell('User', p)).toBe('bob');
    expect(value('Uid', p)).toBe(1001);
    expect(cell('User', proc({ uid: 4321 }))).toBe('4321');
  });
  it('CPU and memory percentages', () => {
    expect(value('UsageCpu')).toBeCloseTo(12.345);
    expect(cell('UsageCpu')).toBe('12.3');
    expect(value('UsageMem')).toBeCloseTo(1.2207, 3);
    expect(cell('UsageMem')).toBe('1.2');
  });
  it('times', () => {
    expect(value('CpuTime')).toBe(75);
    expect(cell('CpuTime')).toBe('0:01:15');
    expect(value('StartTime')).toBe(BTIME + 7200);
    expect(cell('StartTime')).toBe('Jun 14');
    expect(value('ElapsedTime')).toBe(22 * 3600);
    expect(cell('ElapsedTime')).toBe('22:00:00');
  });
  it('a process started today shows HH:MM', () => {
    const sys = system({ stat: { ...system().stat, btime: Math.floor(new Date(2024, 5, 15, 8, 0).getTime() / 1000) } });
    const p = proc({ stat: { starttime: (90 * 60 + 30) * 100 } });
    const k = kind('StartTime');
    const cx = ctx(sys);
    expect(k.format(k.value(p, cx), p, cx)).toBe('09:30');
  });
  it('memory in binary units', () => {
    expect(value('VmSize')).toBe(1024 ** 3);
    expect(cell('VmSize')).toBe('1.0G');
    expect(value('VmRss')).toBe(100 * 1024 ** 2);
    expect(cell('VmRss')).toBe('100M');
    expect(cell('Pss')).toBe('80.0M');
    expect(value('Uss')).toBe(60 * 1024 ** 2);
    expect(cell('Uss')).toBe('60.0M');
    expect(cell('VmSwap')).toBe('3.0M');
    expect(cell('VmHwm')).toBe('200M');
    expect(cell('Shared')).toBe('20.0M');
  });
  it('I/O rates, fds, faults, context switches', () => {
    expect(cell('ReadBytes')).toBe('2.0K');
    expect(cell('WriteBytes')).toBe('512');
    expect(cell('Fds')).toBe('23');
    expect(cell('MinFlt')).toBe('1234');
    expect(cell('MajFlt')).toBe('7');
    expect(value('ContextSw')).toBe(42);
  });
  it('text columns', () => {
    expect(cell('Wchan')).toBe('ep_poll');
    expect(cell('Cgroup')).toBe('/user.slice/user-1000.slice/session-2.scope');
    expect(cell('WorkDir')).toBe('/srv/app');
    expect(cell('Exe')).toBe('/usr/bin/node');
    expect(cell('Comm')).toBe('node');
    expect(cell('Command')).toBe('node server.js --port 8080');
  });
  it('a thread row shows its TID in brackets', () => {
    const t = proc({ pid: 4242, tid: 4250, isThread: true });
    expect(value('Pid', t)).toBe(4250);
    expect(cell('Pid', t)).toBe('[4250]');
  });
});

describe('a zombie', () => {
  const z = zombieProc();
  it('shows [comm] as its command and Z as its state', () => {
    expect(cell('Command', z)).toBe('[defunct-child]');
    expect(cell('State', z)).toBe('Z');
    expect(cell('VmRss', z)).toBe('0');
  });
  it('shows [comm] even when the sampler left command empty', () => {
    const p = proc({ comm: 'gone', command: '' });
    expect(cell('Command', p)).toBe('[gone]');
  });
});

describe('a kernel thread', () => {
  const k = kernelThread();
  it('is owned by root, has no tty and a bracketed command', () => {
    expect(cell('User', k)).toBe('root');
    expect(cell('Tty', k)).toBe('');
    expect(value('Tty', k)).toBeNull();
    expect(cell('Command', k)).toBe('[kthreadd]');
    expect(cell('Ppid', k)).toBe('0');
  });
  it('has blanks for sources it does not have', () => {
    for (const name of ['Pss', 'Uss', 'VmSwap', 'VmHwm', 'Shared', 'ReadBytes', 'Fds', 'ContextSw', 'WorkDir', 'Exe', 'Wchan', 'Cgroup', 'Container']) {
      expect(value(name, k)).toBeNull();
      expect(cell(name, k)).toBe('');
    }
  });
});

describe('a process with missing sources', () => {
  const d = deniedProc();
  it('gives null values and empty cells instead of throwing', () => {
    expect(value('UsageCpu', d)).toBeNull();
    expect(cell('UsageCpu', d)).toBe('');
    expect(value('ReadBytes', d)).toBeNull();
    expect(value('VmSwap', d)).toBeNull();
    expect(value('Fds', d)).toBeNull();
    expect(cell('User', d)).toBe('root');
  });
  it('UsageMem is null without MemTotal; times are null without a clock', () => {
    const cx = ctx(system({ meminfo: {}, clkTck: 0 }));
    const p = normalProc();
    expect(kind('UsageMem').value(p, cx)).toBeNull();
    expect(kind('CpuTime').value(p, cx)).toBeNull();
    expect(kind('StartTime').value(p, cx)).toBeNull();
    expect(kind('ElapsedTime').value(p, cx)).toBeNull();
  });
  it('a running task (wchan "0") has no wchan', () => {
    expect(value('Wchan', proc({ wchan: '0' }))).toBeNull();
  });
  it('ContextSw needs status', () => {
    expect(value('ContextSw', proc({ status: status({ voluntaryCtxtSwitches: 1, nonvoluntaryCtxtSwitches: 2 }) }))).toBe(3);
    expect(value('ContextSw', proc())).toBeNull();
  });
});

describe('Policy', () => {
  it('maps SCHED_* to ps class names', () => {
    expect([0, 1, 2, 3, 4, 5, 6].map(policyName)).toEqual(['TS', 'FF', 'RR', 'B', 'ISO', 'IDL', 'DLN']);
    expect(policyName(42)).toBe('?');
    expect(policyName(-1)).toBeNull();
  });
});
