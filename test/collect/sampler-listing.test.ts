// The Sampler lists /proc again only when a task was created since the last listing (the fork
// count in /proc/stat changed); in between, processes that exit drop out through their failed
// reads. Checked on a fake /proc built from the captured fixtures, where the fork count is ours.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sampler } from '../../src/collect/sampler.js';
import { FIXTURES, fx } from './parse/fixtures.js';

let root: string;

function setForks(n: number): void {
  writeFileSync(join(root, 'stat'), fx('system/stat').replace(/^processes \d+$/m, `processes ${n}`));
}

function addProcess(pid: number): void {
  const dir = join(root, String(pid));
  mkdirSync(dir);
  writeFileSync(join(dir, 'stat'), fx('helper/stat').replace(/^\d+ /, `${pid} `));
  cpSync(join(FIXTURES, 'helper/cmdline'), join(dir, 'cmdline'));
  cpSync(join(FIXTURES, 'helper/statm'), join(dir, 'statm'));
}

const pids = (s: Sampler) => s.sample(new Set(['statm'])).procs.map((p) => p.pid);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ptop-fakeproc-'));
  for (const f of ['meminfo', 'loadavg', 'uptime']) cpSync(join(FIXTURES, 'system', f), join(root, f));
  setForks(100);
  addProcess(100);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('Sampler: listing /proc', () => {
  it('finds a new process once the fork count says one was created, and drops one that is gone', () => {
    const s = new Sampler({ procRoot: root });
    try {
      expect(pids(s)).toEqual([100]);
      addProcess(200);
      // no fork counted: the listing of the last tick stands (a real /proc cannot grow this way)
      expect(pids(s)).toEqual([100]);
      setForks(101);
      expect(pids(s)).toEqual([100, 200]);
      // gone without a fork: its read fails (an exited process's kept stat fd reads nothing) and it drops out
      writeFileSync(join(root, '100', 'stat'), '');
      rmSync(join(root, '100'), { recursive: true });
      expect(pids(s)).toEqual([200]);
      expect(pids(s)).toEqual([200]);
    } finally {
      s.close();
    }
  });

  it('lists every time when /proc/stat has no fork count', () => {
    writeFileSync(join(root, 'stat'), fx('system/stat').replace(/^processes \d+\n/m, ''));
    const s = new Sampler({ procRoot: root });
    try {
      expect(pids(s)).toEqual([100]);
      addProcess(200);
      expect(pids(s)).toEqual([100, 200]);
    } finally {
      s.close();
    }
  });
});
