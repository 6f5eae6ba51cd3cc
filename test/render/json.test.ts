import { describe, expect, it } from 'vitest';
import { COLUMN_KINDS, getColumnKind } from '../../src/model/columns/registry.js';
import { buildTable } from '../../src/model/table.js';
import { JSON_SOURCES, renderJson, renderJsonText } from '../../src/render/json.js';
import { BTIME, col, ctx, deniedProc, kernelThread, normalProc, proc } from '../model/factory.js';

const c = ctx();
const ALWAYS = ['pid', 'ppid', 'comm', 'cmdline', 'state', 'uid', 'user'];

describe('renderJson', () => {
  it('always includes the identity keys, even with no columns', () => {
    const [o] = renderJson([normalProc()], [], c);
    expect(Object.keys(o)).toEqual(ALWAYS);
    expect(o).toEqual({
      pid: 4242,
      ppid: 1,
      comm: 'node',
      cmdline: ['node', 'server.js', '--port', '8080'],
      state: 'R',
      uid: 0,
      user: 'root',
    });
  });
  it('keys columns by their stable jsonKey with real numbers', () => {
    const kinds = ['Pid', 'UsageCpu', 'UsageMem', 'CpuTime', 'StartTime', 'ElapsedTime', 'VmRss', 'VmSize', 'Pss', 'Uss', 'ReadBytes', 'Threads', 'Nice', 'Policy', 'Tty', 'Command'].map(
      (n) => getColumnKind(n)!,
    );
    const [o] = renderJson([normalProc()], kinds, c);
    expect(o).toMatchObject({
      pid: 4242,
      usage_cpu: 12.35,
      usage_mem: 1.22,
      cpu_time: 75,
      start_time: BTIME + 7200,
      elapsed_time: 79200,
      vm_rss: 100 * 1024 ** 2,
      vm_size: 1024 ** 3,
      pss: 80 * 1024 ** 2,
      uss: 60 * 1024 ** 2,
      read_bytes: 2048,
      threads: 11,
      nice: 5,
      policy: 'TS',
      tty: 'pts/3',
      command: 'node server.js --port 8080',
    });
    for (const k of ['usage_cpu', 'usage_mem', 'cpu_time', 'vm_rss', 'threads', 'nice']) expect(typeof o[k]).toBe('number');
    expect(Number.isInteger(o.vm_rss)).toBe(true);
  });
  it('uses raw strings, not the sanitized display text', () => {
    const p = proc({
      comm: 'evil?name',
      argv: ['sh', '-c', 'echo\x1b[31m'],
      command: 'sh -c echo?[31m',
      cwd: '/tmp/a?b',
      exe: '/bin/sh',
      raw: { comm: 'evil\nname', cwd: '/tmp/a\tb', exe: '/bin/sh' },
    });
    const [o] = renderJson([p], [col('Comm'), col('Command'), col('WorkDir'), col('Exe')], c);
    expect(o.comm).toBe('evil\nname');
    expect(o.cmdline).toEqual(['sh', '-c', 'echo\x1b[31m']);
    expect(o.command).toBe('sh -c echo\x1b[31m');
    expect(o.work_dir).toBe('/tmp/a\tb');
    const text = renderJsonText([p], [col('Comm')], c);
    expect(text).toContain('"evil\\nname"');
    expect(text).toContain('\\u001b[31m');
    expect(text.endsWith('\n')).toBe(true);
    expect(JSON.parse(text)[0].comm).toBe('evil\nname');
  });
  it('gives null for unavailable values and [comm] commands for kernel threads', () => {
    const [k] = renderJson([kernelThread()], [col('Pss'), col('Command'), col('Tty'), col('WorkDir'), col('Wchan')], c);
    expect(k).toMatchObject({ pss: null, command: '[kthreadd]', cmdline: [], tty: null, work_dir: null, wchan: null, user: 'root' });
    const [d] = renderJson([deniedProc()], [col('UsageCpu'), col('ReadBytes')], c);
    expect(d.usage_cpu).toBeNull();
    expect(d.read_bytes).toBeNull();
  });
  it('adds tid on thread rows and keeps pid as the process id', () => {
    const [t] = renderJson([proc({ pid: 10, tid: 12, isThread: true })], [col('Pid')], c);
    expect(t.pid).toBe(10);
    expect(t.tid).toBe(12);
    const [n] = renderJson([proc({ pid: 10 })], [col('Pid')], c);
    expect('tid' in n).toBe(false);
  });
  it('skips separators and unknown kinds, accepts table columns, and has one key per kind', () => {
    const cfg = [col('Pid'), col('Separator'), col('Bogus'), col('VmRss'), col('VmRss')];
    const [a] = renderJson([normalProc()], cfg, c);
    expect(Object.keys(a)).toEqual([...ALWAYS, 'vm_rss']);
    const t = buildTable([normalProc()], { columns: cfg, ctx: c });
    const [b] = renderJson([normalProc()], t.columns, c);
    expect(b).toEqual(a);
  });
  it('every kind produces a JSON-safe value', () => {
    const objs = renderJson([normalProc(), kernelThread(), deniedProc()], [...COLUMN_KINDS.values()], c);
    for (const o of objs) {
      expect(Object.keys(o).length).toBe(ALWAYS.length + COLUMN_KINDS.size - 6); // pid ppid comm state uid user are both
      for (const v of Object.values(o)) {
        if (typeof v === 'number') expect(Number.isFinite(v)).toBe(true);
        else expect(v === null || typeof v === 'string' || Array.isArray(v)).toBe(true);
      }
    }
    expect(JSON.parse(JSON.stringify(objs))).toEqual(objs);
  });
  it('names the sources the identity keys need', () => {
    expect([...JSON_SOURCES].sort()).toEqual(['cmdline', 'stat', 'status']);
  });
});
