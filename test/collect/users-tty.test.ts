// uid → name from a passwd file (re-read when it changes) and tty_nr → device names.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { UserTable, parsePasswd } from '../../src/collect/users.js';
import { ttyName } from '../../src/collect/tty.js';

describe('UserTable', () => {
  it('parses passwd lines, skipping comments and broken lines, first entry wins', () => {
    const m = parsePasswd('root:x:0:0:root:/root:/bin/bash\n# comment\nbroken\nalice:x:1000:1000::/home/alice:/bin/sh\ndup:x:0:0::/:/bin/sh\n');
    expect(m.get(0)).toBe('root');
    expect(m.get(1000)).toBe('alice');
    expect(m.size).toBe(2);
  });

  it('falls back to the number and re-reads the file when its mtime changes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ptop-passwd-'));
    const file = path.join(dir, 'passwd');
    writeFileSync(file, 'root:x:0:0::/:/bin/sh\n');
    utimesSync(file, 1000, 1000);
    const t = new UserTable(file);
    expect(t.name(0)).toBe('root');
    expect(t.name(4242)).toBe('4242');
    writeFileSync(file, 'root:x:0:0::/:/bin/sh\nbob:x:4242:4242::/:/bin/sh\n');
    utimesSync(file, 2000, 2000);
    t.refresh(Date.now() + 5000);
    expect(t.name(4242)).toBe('bob');
  });
});

describe('ttyName', () => {
  it('names pseudo terminals, virtual consoles and serial ports', () => {
    expect(ttyName(0)).toBe('');
    expect(ttyName((136 << 8) | 3)).toBe('pts/3');
    expect(ttyName((137 << 8) | 4)).toBe('pts/260');
    // minor 300 on major 136: low byte in bits 0-7, high bits in 20-31
    expect(ttyName((136 << 8) | (300 & 0xff) | ((300 & ~0xff) << 12))).toBe('pts/300');
    expect(ttyName((4 << 8) | 1)).toBe('tty1');
    expect(ttyName((4 << 8) | 64)).toBe('ttyS0');
    expect(ttyName((5 << 8) | 1)).toBe('console');
  });
});
