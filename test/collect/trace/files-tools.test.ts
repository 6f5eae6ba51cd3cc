// Tool lookup on PATH (no shell) and the file helpers: state directory, safe names, exclusive
// private writes that never replace a file.

import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultSaveDir, safeName, savePath, stateHome, writeExclusive } from '../../../src/collect/trace/files.js';
import { findInPath, missingToolMessage, resolveTools, setprivHasPdeathsig, tools } from '../../../src/collect/trace/tools.js';

const tmp = mkdtempSync(join(tmpdir(), 'ptop-files-test-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('tools', () => {
  it('finds executables on PATH in order, skipping non-executables, directories and relative entries', () => {
    const a = join(tmp, 'a');
    const b = join(tmp, 'b');
    mkdirSync(a);
    mkdirSync(b);
    writeFileSync(join(a, 'strace'), '#!/bin/sh\n');
    chmodSync(join(a, 'strace'), 0o644); // not executable
    mkdirSync(join(a, 'gdb')); // a directory
    writeFileSync(join(b, 'strace'), '#!/bin/sh\n');
    chmodSync(join(b, 'strace'), 0o755);
    expect(findInPath('strace', `relative:${a}:${b}`)).toBe(join(b, 'strace'));
    expect(findInPath('gdb', `${a}:${b}`)).toBeNull();
    expect(resolveTools('/nonexistent')).toEqual({ strace: null, gdb: null, gcore: null, 'eu-stack': null, setpriv: null });
  });

  it('this machine has every tool, and a setpriv with --pdeathsig', () => {
    const t = tools();
    for (const name of ['strace', 'gdb', 'gcore', 'eu-stack', 'setpriv'] as const) expect(t[name], name).toMatch(/^\//);
    expect(setprivHasPdeathsig(t.setpriv)).toBe(true);
    expect(setprivHasPdeathsig(null)).toBe(false);
    expect(setprivHasPdeathsig('/bin/true')).toBe(false);
  });

  it('says which package to install', () => {
    expect(missingToolMessage('strace')).toBe('strace is not installed (not found on PATH): install the strace package, e.g. apt-get install strace');
    expect(missingToolMessage('eu-stack')).toMatch(/apt-get install elfutils$/);
    expect(missingToolMessage('gcore')).toMatch(/^gcore \(part of gdb\) is not installed.*apt-get install gdb$/);
  });
});

describe('files', () => {
  it('the state directory follows $XDG_STATE_HOME when absolute', () => {
    expect(stateHome({ XDG_STATE_HOME: '/s' }, '/h')).toBe('/s');
    expect(stateHome({ XDG_STATE_HOME: 's' }, '/h')).toBe('/h/.local/state');
    expect(stateHome({}, '/h')).toBe('/h/.local/state');
    expect(defaultSaveDir({}, '/h')).toBe('/h/.local/state/ptop');
  });

  it('safe names', () => {
    expect(safeName('python3')).toBe('python3');
    expect(safeName('kworker/0:1')).toBe('kworker_0_1');
    expect(safeName('\u001b[2J\u202e')).toBe('__2J_');
    expect(safeName('...')).toBe('process');
    expect(safeName('')).toBe('process');
  });

  it('savePath creates the directory (0700) and names the file', () => {
    const dir = join(tmp, 'state', 'ptop');
    const p = savePath('strace', 'my app', 12, dir, new Date(2025, 0, 2, 3, 4, 5));
    expect(p).toBe(join(dir, 'strace.my_app.12.20250102-030405.txt'));
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });

  it('writeExclusive: a new 0600 file, then .1, .2 …; never replaces or follows a symlink', () => {
    const p = join(tmp, 'out.txt');
    writeFileSync(join(tmp, 'out.1.txt'), 'already here');
    expect(writeExclusive(p, 'one')).toBe(p);
    expect(writeExclusive(p, 'two')).toBe(join(tmp, 'out.2.txt'));
    expect(readFileSync(p, 'utf8')).toBe('one');
    expect(readFileSync(join(tmp, 'out.1.txt'), 'utf8')).toBe('already here');
    expect(statSync(p).mode & 0o777).toBe(0o600);
    symlinkSync('/etc/passwd', join(tmp, 'link'));
    expect(writeExclusive(join(tmp, 'link'), 'x')).toBe(join(tmp, 'link.1'));
    expect(() => writeExclusive(join(tmp, 'no', 'such', 'dir.txt'), 'x')).toThrow(`cannot write ${join(tmp, 'no', 'such', 'dir.txt')}: the directory does not exist`);
  });
});
