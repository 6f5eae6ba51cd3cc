// What ps mode reads: the sources of its columns, sort column and JSON, and the files of the
// default columns' first scan, which the built bin starts reading before the bundle compiles.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { argsWithoutTable, defaultFirstScanFiles, psSources } from '../../src/cli/ps-sources.js';
import { getColumnKind } from '../../src/model/columns/registry.js';
import { defaultColumns } from '../../src/model/config/defaults.js';
import { ensureBuilt, REPO_ROOT } from '../helpers/cli.js';

describe('ps-mode sources', () => {
  it('are the columns\', the sort column\'s and, with --json, status and cmdline', () => {
    const pid = getColumnKind('Pid')!;
    expect([...psSources(defaultColumns(), pid, false)].sort()).toEqual(['cmdline', 'stat', 'statm']);
    expect(psSources([{ kind: 'Pid', numericSearch: true, nonnumericSearch: false }], getColumnKind('Pss')!, false).has('smaps_rollup')).toBe(true);
    expect([...psSources([{ kind: 'Pid', numericSearch: true, nonnumericSearch: false }], pid, true)].sort()).toEqual(['cmdline', 'stat', 'status']);
  });

  it('the default first scan reads stat, cmdline and statm, and the built bin reads exactly those early', () => {
    expect(defaultFirstScanFiles()).toEqual(['stat', 'cmdline', 'statm']);
    ensureBuilt();
    const bin = readFileSync(join(REPO_ROOT, 'dist', 'cli.js'), 'utf8');
    expect(bin).toContain(`const files = ${JSON.stringify(defaultFirstScanFiles())};`);
  });

  it('the arguments that print no table are the options marked so, short and long, and the bin has them', () => {
    expect(argsWithoutTable().sort()).toEqual(['--config-path', '--gen-config', '--help', '--list', '--version', '-V', '-h', '-l'].sort());
    const bin = readFileSync(join(REPO_ROOT, 'dist', 'cli.js'), 'utf8');
    expect(bin).toContain(`${JSON.stringify(argsWithoutTable())}.includes(a)`);
  });
});
