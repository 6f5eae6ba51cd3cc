import { describe, expect, it } from 'vitest';
import { buildTable, drawnCellText, requiredSources, resolveColumns, treeColumnIndex } from '../../src/model/table.js';
import { buildTree } from '../../src/model/tree.js';
import { col, ctx, kernelThread, normalProc, proc } from './factory.js';

const c = ctx();
const samples = [
  proc({ pid: 1, comm: 'systemd', uid: 0, argv: ['/sbin/init', 'splash'], cpuPercent: 0.5 }),
  normalProc(),
];
const configs = [
  col('Pid', { numericSearch: true }),
  col('User', { nonnumericSearch: true }),
  col('Separator', { style: 'White' }),
  col('UsageCpu', { minWidth: 6 }),
  col('Comm', { maxWidth: 4 }),
  col('Command', { nonnumericSearch: true }),
];

describe('buildTable', () => {
  it('resolves columns and computes cells per row', () => {
    const t = buildTable(samples, { columns: configs, ctx: c });
    expect(t.columns.map((x) => x.name)).toEqual(['Pid', 'User', 'Separator', 'UsageCpu', 'Comm', 'Command']);
    expect(t.rows.map((r) => r.pid)).toEqual([1, 4242]);
    expect(t.rows[0].cells).toEqual(['1', 'root', '│', '0.5', 'systemd', '/sbin/init splash']);
    expect(t.rows[1].cells).toEqual(['4242', 'root', '│', '12.3', 'node', 'node server.js --port 8080']);
    expect(t.rows[1].values[0]).toBe(4242);
    expect(t.rows[1].values[2]).toBeNull();
    expect(t.unknown).toEqual([]);
  });
  it('widths are max(header, cells) clamped by min/max width; the sort marker counts', () => {
    const t = buildTable(samples, { columns: configs, ctx: c, sort: { kind: 'Pid', order: 'ascending' } });
    expect(t.columns.map((x) => x.width)).toEqual([4, 4, 1, 6, 4, 26]);
    expect(t.columns[0].headerText).toBe('PID▲');
    expect(t.columns[0].sortOrder).toBe('ascending');
    expect(t.columns.filter((x) => x.sortOrder).length).toBe(1);
  });
  it('marks the sorted column from a loose name with custom markers', () => {
    const t = buildTable(samples, {
      columns: configs,
      ctx: c,
      sort: { kind: 'cpu', order: 'descending' },
      markers: { ascending: '^', descending: 'v' },
    });
    expect(t.columns[3].headerText).toBe('CPUv');
    expect(t.columns[3].sortOrder).toBe('descending');
  });
  it('the last column takes the remaining width (capped by its max width)', () => {
    const t = buildTable(samples, { columns: configs, ctx: c, width: 60 });
    // 60 − (4 + 4 + 1 + 6 + 4) − 5 gaps
    expect(t.columns[5].width).toBe(36);
    expect(t.width).toBe(60);
    const capped = buildTable(samples, { columns: [...configs.slice(0, 5), col('Command', { maxWidth: 20 })], ctx: c, width: 200 });
    expect(capped.columns[5].width).toBe(20);
    const squeezed = buildTable(samples, { columns: configs, ctx: c, width: 10 });
    expect(squeezed.columns[5].width).toBe(0);
  });
  it('applies header, align and style overrides, else the kind defaults', () => {
    const t = buildTable(samples, {
      columns: [col('Pid', { header: 'Id', align: 'left' }), col('UsageCpu'), col('VmRss', { style: 'Red' }), col('State')],
      ctx: c,
    });
    expect(t.columns[0]).toMatchObject({ header: 'Id', headerText: 'Id', align: 'left', width: 4 });
    expect(t.columns[1]).toMatchObject({ align: 'right', style: 'ByPercentage' });
    expect(t.columns[2]).toMatchObject({ style: 'Red' });
    expect(t.columns[3]).toMatchObject({ style: 'ByState' });
  });
  it('counts units in widths only when units are shown', () => {
    const cols = [col('VmRss'), col('Command')];
    expect(buildTable([kernelThread()], { columns: cols, ctx: c }).columns[0].width).toBe(3);
    const t = buildTable([kernelThread()], { columns: cols, ctx: c, showUnits: true });
    expect(t.columns[0].width).toBe('[bytes]'.length);
    expect(t.showUnits).toBe(true);
  });
  it('skips unknown kinds (reported) and layout slots (silently)', () => {
    const t = buildTable(samples, { columns: [col('Pid'), col('Bogus'), col('MultiSlot'), col('Slot'), col('Command')], ctx: c });
    expect(t.columns.map((x) => x.name)).toEqual(['Pid', 'Command']);
    expect(t.unknown).toEqual(['Bogus']);
  });
  it('uses the separator text from the options', () => {
    const t = buildTable(samples, { columns: [col('Pid'), col('Separator'), col('Comm')], ctx: c, separator: '||' });
    expect(t.columns[1]).toMatchObject({ headerText: '||', width: 2 });
    expect(t.rows[0].cells[1]).toBe('||');
  });
  it('takes tree nodes: prefixes go into the Command column and count in its width', () => {
    const rows = [proc({ pid: 1, argv: ['init'] }), proc({ pid: 2, argv: ['child'], stat: { ppid: 1 } })];
    const nodes = buildTree(rows, { symbols: ['│', '─', '┬', '├', '└'] });
    const t = buildTable(nodes, { columns: [col('Pid'), col('Command')], ctx: c });
    expect(t.columns[1].tree).toBe(true);
    expect(t.rows.map((r) => r.treePrefix)).toEqual(['└┬', ' └─']);
    expect(drawnCellText(t, t.rows[1], 1)).toBe(' └─ child');
    expect(t.rows[1].cells[1]).toBe('child');
    expect(t.columns[1].width).toBe(' └─ child'.length);
  });
  it('a TreeSlot column holds the tree glyphs instead', () => {
    const rows = [proc({ pid: 1 }), proc({ pid: 2, stat: { ppid: 1 } })];
    const nodes = buildTree(rows, { symbols: ['│', '─', '┬', '├', '└'] });
    const t = buildTable(nodes, { columns: [col('TreeSlot'), col('Pid'), col('Command')], ctx: c });
    expect(treeColumnIndex(t.columns)).toBe(0);
    expect(t.columns[0]).toMatchObject({ treeSlot: true, tree: true, width: 3 });
    expect(t.columns[2].tree).toBe(false);
    expect(drawnCellText(t, t.rows[1], 0)).toBe(' └─');
  });
  it('marks auxiliary rows from tree input', () => {
    const t = buildTable([{ sample: samples[0], auxiliary: true }, samples[1]], { columns: configs, ctx: c });
    expect(t.rows.map((r) => r.auxiliary)).toEqual([true, false]);
  });
  it('builds an empty table from no rows: widths come from headers', () => {
    const t = buildTable([], { columns: configs, ctx: c });
    expect(t.rows).toEqual([]);
    expect(t.columns.map((x) => x.width)).toEqual([3, 4, 1, 6, 4, 7]);
  });
});

describe('resolveColumns', () => {
  it('keeps the search flags of the config', () => {
    const { columns } = resolveColumns(configs);
    expect(columns.map((x) => [x.numericSearch, x.nonnumericSearch])).toEqual([
      [true, false],
      [false, true],
      [false, false],
      [false, false],
      [false, false],
      [false, true],
    ]);
  });
});

describe('requiredSources', () => {
  it('unions the needs of the configured kinds with stat', () => {
    const s = requiredSources([col('Pid'), col('Separator'), col('Pss'), col('Command'), col('Bogus'), col('Fds')]);
    expect([...s].sort()).toEqual(['cmdline', 'fd', 'smaps_rollup', 'stat']);
  });
});
