import { describe, expect, it } from 'vitest';
import type { Painter } from '../../src/model/paint.js';
import { plainPainter } from '../../src/model/paint.js';
import { displayWidth } from '../../src/model/format.js';
import { buildTable } from '../../src/model/table.js';
import { buildTree, withRelatives } from '../../src/model/tree.js';
import { byPercentage, byState, byUnit, fadeSpec, resolveCellStyle } from '../../src/render/cell-style.js';
import { renderText } from '../../src/render/text.js';
import { col, ctx, proc, STYLES } from '../model/factory.js';

const c = ctx();
const marker: Painter = { enabled: true, paint: (spec, text) => (spec ? `<${spec}>${text}</>` : text) };
const plain = { header: true, painter: plainPainter, styles: STYLES, width: null };

const samples = [
  proc({ pid: 1, uid: 0, comm: 'systemd', argv: ['/sbin/init'], cpuPercent: 0.5, stat: { rss: 3000, state: 'S' } }),
  proc({ pid: 4242, uid: 1000, comm: 'node', argv: ['node', 'server.js'], cpuPercent: 80.25, stat: { rss: 300000, state: 'R' } }),
  proc({ pid: 77, uid: 1001, comm: 'zz', argv: [], cpuPercent: 120, stat: { rss: 0, state: 'Z' } }),
];
const cols = [col('Pid'), col('User'), col('Separator'), col('UsageCpu'), col('VmRss'), col('Command')];

describe('renderText', () => {
  it('aligns cells with one space between columns and trims trailing spaces', () => {
    const t = buildTable(samples, { columns: cols, ctx: c, sort: { kind: 'Pid', order: 'ascending' } });
    expect(renderText(t, plain)).toEqual([
      'PID▲ USER  │   CPU   RSS COMMAND',
      '   1 root  │   0.5 11.7M /sbin/init',
      '4242 alice │  80.3  1.1G node server.js',
      '  77 bob   │ 120.0     0 [zz]',
    ]);
  });
  it('leaves out the header when asked and shows ▼ for descending', () => {
    const t = buildTable(samples, { columns: cols, ctx: c, sort: { kind: 'UsageCpu', order: 'descending' } });
    const lines = renderText(t, { ...plain, header: false });
    expect(lines).toHaveLength(3);
    expect(renderText(t, plain)[0]).toBe(' PID USER  │  CPU▼   RSS COMMAND');
  });
  it('draws a unit row when the table has units', () => {
    const t = buildTable(samples.slice(0, 1), { columns: [col('Pid'), col('VmRss'), col('Command')], ctx: c, showUnits: true });
    expect(renderText(t, plain)).toEqual(['PID     RSS COMMAND', '    [bytes]', '  1   11.7M /sbin/init']);
  });
  it('cuts the last column to the terminal width with an ellipsis', () => {
    const long = proc({ pid: 5, uid: 0, argv: ['python3', '-m', 'http.server', '8000', '--bind', '127.0.0.1'] });
    const t = buildTable([long], { columns: [col('Pid'), col('User'), col('Command')], ctx: c, width: 24 });
    const lines = renderText(t, { ...plain, width: 24 });
    // 24 − "  5 root " leaves 15 columns for the command
    expect(lines[1]).toBe('  5 root python3 -m htt…');
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(24);
  });
  it('cuts by display width with wide characters', () => {
    const cjk = proc({ pid: 9, uid: 0, argv: ['编辑器', '文件一.txt', '文件二.txt'] });
    const t = buildTable([cjk], { columns: [col('Pid'), col('Command')], ctx: c, width: 16 });
    const lines = renderText(t, { ...plain, width: 16 });
    // 12 columns for the command: 11 of text (一 would need 2 more) + …
    expect(lines[1]).toBe('  9 编辑器 文件…');
    expect(displayWidth(lines[1])).toBe(16);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(16);
  });
  it('cuts whole lines when the fixed columns alone are too wide', () => {
    const t = buildTable(samples, { columns: cols, ctx: c, width: 10 });
    const lines = renderText(t, { ...plain, width: 10 });
    expect(lines[0]).toBe(' PID USER');
    expect(lines[1]).toBe('   1 root');
    expect(lines[2]).toBe('4242 alice');
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(10);
  });
  it('does not cut with width null', () => {
    const t = buildTable(samples, { columns: cols, ctx: c });
    expect(renderText(t, plain)[2].endsWith('node server.js')).toBe(true);
  });
  it('paints after padding: header style, column styles, auto styles', () => {
    const t = buildTable(samples, {
      columns: [col('Pid', { style: 'Yellow' }), col('Separator', { style: 'White' }), col('State'), col('UsageCpu'), col('VmRss'), col('Command')],
      ctx: c,
    });
    const lines = renderText(t, { ...plain, painter: marker });
    expect(lines[0]).toBe('<H> PID</> <White>│</> <H>S</> <H>  CPU</> <H>  RSS</> <H>COMMAND</>');
    expect(lines[1]).toBe('<Yellow>   1</> <White>│</> <SS>S</> <P0>  0.5</> <UM>11.7M</> /sbin/init');
    expect(lines[2]).toBe('<Yellow>4242</> <White>│</> <SR>R</> <P75> 80.3</> <UG> 1.1G</> node server.js');
    expect(lines[3]).toBe('<Yellow>  77</> <White>│</> <SZ>Z</> <P100>120.0</> <UX>    0</> [zz]');
  });
  it('keeps alignment identical with and without colour', () => {
    const t = buildTable(samples, { columns: cols, ctx: c });
    const strip = (s: string) => s.replace(/<[^>]*>/g, '');
    expect(renderText(t, { ...plain, painter: marker }).map(strip)).toEqual(renderText(t, plain));
  });
  it('draws tree glyphs in the tree style and fades auxiliary rows', () => {
    const rows = [
      proc({ pid: 1, uid: 0, argv: ['init'] }),
      proc({ pid: 2, uid: 0, argv: ['sshd'], stat: { ppid: 1 } }),
      proc({ pid: 3, uid: 1000, argv: ['bash'], stat: { ppid: 2 } }),
    ];
    const nodes = buildTree(withRelatives(rows, new Set([2])), { symbols: ['│', '─', '┬', '├', '└'] });
    const t = buildTable(nodes, { columns: [col('Pid', { style: 'BrightYellow' }), col('Command', { style: 'BrightWhite' })], ctx: c });
    expect(renderText(t, plain)).toEqual(['PID COMMAND', '  1 └┬ init', '  2  └┬ sshd', '  3   └─ bash']);
    const painted = renderText(t, { ...plain, painter: marker });
    expect(painted[1]).toBe('<Yellow>  1</> <TREE>└┬ </><White>init</>');
    expect(painted[2]).toBe('<BrightYellow>  2</> <TREE> └┬ </><BrightWhite>sshd</>');
  });
  it('takes tree prefixes from the options', () => {
    const t = buildTable(samples.slice(0, 2), { columns: [col('Pid'), col('Command')], ctx: c });
    expect(renderText(t, { ...plain, header: false, treePrefixes: ['├─', '└─'] })).toEqual(['   1 ├─ /sbin/init', '4242 └─ node server.js']);
  });
  it('renders nothing but the header for no rows, and nothing for no columns', () => {
    const t = buildTable([], { columns: cols, ctx: c });
    expect(renderText(t, plain)).toEqual(['PID USER │ CPU RSS COMMAND']);
    expect(renderText(buildTable(samples, { columns: [], ctx: c }), plain)).toEqual(['', '', '']);
  });
});

describe('renderText without colour (the plain-string path)', () => {
  // a painter that is "enabled" but adds nothing takes the segment path: both must agree
  const identity: Painter = { enabled: true, paint: (_spec, text) => text };
  const both = (t: ReturnType<typeof buildTable>, width: number | null, header = true) => {
    const fast = renderText(t, { ...plain, width, header });
    expect(fast).toEqual(renderText(t, { ...plain, width, header, painter: identity }));
    return fast;
  };
  it("gives the segment path's lines for cut, uncut, wide, unit and tree tables", () => {
    const cjk = proc({ pid: 9, uid: 0, argv: ['编辑器', '文件一.txt', '文件二.txt'] });
    const all = [...samples, cjk];
    for (const width of [null, 6, 10, 16, 24, 40]) {
      both(buildTable(all, { columns: cols, ctx: c, width, sort: { kind: 'Pid', order: 'ascending' } }), width);
      both(buildTable(all, { columns: cols, ctx: c, width, showUnits: true }), width, false);
      const rows = [
        proc({ pid: 1, uid: 0, argv: ['init'] }),
        proc({ pid: 2, uid: 0, argv: ['编辑器'], stat: { ppid: 1 } }),
        proc({ pid: 3, uid: 1000, argv: ['bash'], stat: { ppid: 2 } }),
      ];
      const nodes = buildTree(withRelatives(rows, new Set([2])), { symbols: ['│', '─', '┬', '├', '└'] });
      both(buildTable(nodes, { columns: [col('Pid'), col('Command'), col('User')], ctx: c, width }), width);
      both(buildTable(nodes, { columns: [col('Pid'), col('Command', { maxWidth: 3 })], ctx: c, width }), width);
    }
  });
  it('drops trailing spaces before an empty last cell, as the segment path does', () => {
    const t = buildTable(samples, { columns: [col('Pid'), col('Tty')], ctx: c });
    expect(both(t, null)).toEqual([' PID TTY', '   1', '4242', '  77']);
  });
});

describe('cell styles', () => {
  it('ByPercentage uses procs thresholds', () => {
    expect([0, 25, 25.1, 50.5, 75.5, 100, 100.1].map((v) => byPercentage(v, '', STYLES))).toEqual([
      'P0', 'P0', 'P25', 'P50', 'P75', 'P75', 'P100',
    ]);
    expect(byPercentage(null, ' 60.0', STYLES)).toBe('P50');
    expect(byPercentage(null, '', STYLES)).toBe('P0');
  });
  it('ByState takes the first letter in procs order, else color X', () => {
    expect(['D', 'R', 'S', 'T', 't', 'Z', 'X', 'K', 'W', 'P', 'I', ''].map((s) => byState(s, STYLES))).toEqual([
      'SD', 'SR', 'SS', 'ST', 'ST', 'SZ', 'SX', 'SK', 'SW', 'SP', 'SX', 'SX',
    ]);
  });
  it('ByUnit looks for the unit letter', () => {
    expect(['512K', '1.0M', '2.0G', '3.0T', '1.0P', '999', ''].map((s) => byUnit(s, STYLES))).toEqual([
      'UK', 'UM', 'UG', 'UT', 'UP', 'UX', 'UX',
    ]);
  });
  it('resolveCellStyle passes plain specs through', () => {
    expect(resolveCellStyle('Red', '1', 1, STYLES)).toBe('Red');
    expect(resolveCellStyle(undefined, '1', 1, STYLES)).toBeUndefined();
    expect(resolveCellStyle('byunit', '1.0M', 1, STYLES)).toBe('UM');
  });
  it('fadeSpec drops Bright to the normal colour, per theme half', () => {
    expect(fadeSpec('BrightWhite|Black')).toBe('White|Black');
    expect(fadeSpec('BrightRed bold')).toBe('Red bold');
    expect(fadeSpec('BrightBlack')).toBe('BrightBlack');
    expect(fadeSpec('223')).toBe('223');
    expect(fadeSpec(undefined)).toBeUndefined();
  });
});
