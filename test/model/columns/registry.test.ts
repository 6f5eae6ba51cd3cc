import { describe, expect, it } from 'vitest';
import {
  COLUMN_KINDS,
  columnKindNames,
  findColumnKind,
  getColumnKind,
  sourcesFor,
} from '../../../src/model/columns/registry.js';

describe('registry', () => {
  it('lists every kind once, in order, starting with Pid and ending with Command', () => {
    const names = columnKindNames();
    expect(names[0]).toBe('Pid');
    expect(names[names.length - 1]).toBe('Command');
    expect(new Set(names).size).toBe(names.length);
    expect([...COLUMN_KINDS.keys()]).toEqual(names);
    for (const n of ['Ppid', 'User', 'UsageCpu', 'UsageMem', 'CpuTime', 'VmRss', 'Pss', 'Uss', 'Container', 'Comm']) {
      expect(names).toContain(n);
    }
  });
  it('has unique JSON keys', () => {
    const keys = [...COLUMN_KINDS.values()].map((k) => k.jsonKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
  it('getColumnKind: exact, then case-insensitive, plus aliases', () => {
    expect(getColumnKind('VmRss')?.kind).toBe('VmRss');
    expect(getColumnKind('vmrss')?.kind).toBe('VmRss');
    expect(getColumnKind('USAGECPU')?.kind).toBe('UsageCpu');
    expect(getColumnKind('Username')?.kind).toBe('User');
    expect(getColumnKind('Swap')?.kind).toBe('VmSwap');
    expect(getColumnKind('Docker')?.kind).toBe('Container');
    expect(getColumnKind('FileName')?.kind).toBe('Comm');
    expect(getColumnKind('rss')).toBeUndefined();
    expect(getColumnKind('Separator')).toBeUndefined();
  });
  it('findColumnKind: exact name/header/key first, then substring', () => {
    expect(findColumnKind('rss')?.kind).toBe('VmRss');
    expect(findColumnKind('cpu')?.kind).toBe('UsageCpu');
    expect(findColumnKind('CPU')?.kind).toBe('UsageCpu');
    expect(findColumnKind('mem')?.kind).toBe('UsageMem');
    expect(findColumnKind('pid')?.kind).toBe('Pid');
    expect(findColumnKind('VmRss')?.kind).toBe('VmRss');
    expect(findColumnKind('cputime')?.kind).toBe('CpuTime');
    expect(findColumnKind('time')?.kind).toBe('CpuTime');
    expect(findColumnKind('usage_mem')?.kind).toBe('UsageMem');
    expect(findColumnKind('pss')?.kind).toBe('Pss');
    expect(findColumnKind('swap')?.kind).toBe('VmSwap');
    expect(findColumnKind('thread')?.kind).toBe('Threads');
    expect(findColumnKind('elapsed')?.kind).toBe('ElapsedTime');
    expect(findColumnKind('nosuchthing')).toBeUndefined();
    expect(findColumnKind('')).toBeUndefined();
  });
  it('sourcesFor collects needs plus stat', () => {
    const s = sourcesFor(['Pid', 'Pss', 'Command', 'ReadBytes', 'VmSwap'].map((n) => getColumnKind(n)!));
    expect([...s].sort()).toEqual(['cmdline', 'io', 'smaps_rollup', 'stat', 'status']);
    expect([...sourcesFor([])]).toEqual(['stat']);
  });
});
