import { describe, it, expect } from 'vitest';
import { parseLoadavg, parseMeminfo, parseSystemStat, parseUptime } from '../../../src/collect/parse/system.js';
import { fx } from './fixtures.js';

describe('parseSystemStat', () => {
  const s = parseSystemStat(fx('system/stat'));

  it('parses the total and both CPUs', () => {
    expect(s.total).toEqual({ user: 3193, nice: 0, system: 2069, idle: 111939, iowait: 129, irq: 0, softirq: 39, steal: 35, guest: 0, guestNice: 0 });
    expect(s.cpus).toHaveLength(2);
    expect(s.cpus[0].user).toBe(1300);
    expect(s.cpus[1].iowait).toBe(122);
    expect(s.cpus[0].idle + s.cpus[1].idle).toBe(s.total.idle);
  });

  it('parses the counters', () => {
    expect(s.ctxt).toBe(424247);
    expect(s.btime).toBe(1795317544);
    expect(s.processes).toBe(5263);
    expect(s.procsRunning).toBe(1);
    expect(s.procsBlocked).toBe(0);
  });

  it('keeps a missing (offline) CPU slot as zeros', () => {
    const t = parseSystemStat('cpu  1 2 3 4\ncpu0 1 1 1 1\ncpu2 0 1 2 2\n');
    expect(t.cpus).toHaveLength(3);
    expect(t.cpus[1].idle).toBe(0);
    expect(t.cpus[2].idle).toBe(2);
    expect(t.total.steal).toBe(0);
  });
});

describe('parseMeminfo', () => {
  const m = parseMeminfo(fx('system/meminfo'));

  it('converts kB to bytes and keeps unit-less lines', () => {
    expect(Object.keys(m)).toHaveLength(54);
    expect(m['MemTotal']).toBe(24684084 * 1024);
    expect(m['MemFree']).toBe(24439552 * 1024);
    expect(m['MemAvailable']).toBe(24402052 * 1024);
    expect(m['Hugepagesize']).toBe(2048 * 1024);
    expect(m['HugePages_Total']).toBe(0);
  });
});

describe('parseLoadavg / parseUptime', () => {
  it('parses the captured files', () => {
    expect(parseLoadavg(fx('system/loadavg'))).toEqual({ one: 0.01, five: 0.08, fifteen: 0.07, running: 2, total: 90, lastPid: 5264 });
    expect(parseUptime(fx('system/uptime'))).toEqual({ uptime: 589.5, idle: 1119.4 });
  });
});
