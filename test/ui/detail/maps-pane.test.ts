import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../../src/model/format.js';
import { groupByFile, mapRows, mapsPane } from '../../../src/ui/detail/maps-pane.js';
import { paintMerged } from '../../../src/ui/table-view.js';
import { data, DENIED, inspection, mapping, mapsSection, monoStyles, render, strip } from './fixtures.js';

const big = (n: number) => mapsSection(Array.from({ length: n }, (_, i) => mapping(i)));
/** the table rows of a window: lines that start with an address range */
const addrRows = (plain: string[]) => plain.filter((l) => /^[0-9a-f]{12}-[0-9a-f]{12}\s/.test(l));

describe('Maps pane', () => {
  it('windows 50,000 mappings: the visible rows only, in address order; a scroll costs a window', () => {
    const sec = big(50_000);
    const d = data(inspection({}, { maps: sec }));
    const r = mapsPane.create();
    const ui = monoStyles();
    const st = mapsPane.initial();
    const first = r.view({ data: d, state: st, width: 120, height: 40, ui });
    expect(first.list).toBe(true);
    expect(first.count).toBe(50_000);
    expect(first.lines.length).toBe(40);
    const plain = first.lines.map((l) => strip(paintMerged(l, ui.painter)));
    expect(plain[0]).toMatch(/^ 50,000 mappings {2}Size 391M {2}RSS 195M {2}PSS 97\.7M {2}USS 73\.2M {2}Swap 0$/);
    expect(plain[1]).toMatch(/^ADDRESS▲?\s+PERM\s+OFFSET\s+DEV\s+INODE\s+SIZE\s+RSS\s+PSS\s+USS\s+SWAP\s+PATH/);
    const rows = addrRows(plain);
    expect(rows).toHaveLength(first.page);
    expect(rows[0].trimEnd()).toMatch(/^7f0000000000-7f0000002000 r-xp\s+00000000 08:01\s+1000\s+8\.0K\s+0\s+0\s+0\s+0 \/usr\/lib\/lib0\.so$/);
    expect(rows[1]).toContain('/usr/lib/lib1.so');

    // scroll to the end and page about: each window formats `page` rows, whatever the total
    const t0 = performance.now();
    let view = first;
    for (let k = 0; k < 50; k++) {
      view = r.view({ data: d, state: { ...st, cursor: 49_999 - k * 7, offset: 49_999 - k * 7 }, width: 120, height: 40, ui });
    }
    const perWindow = (performance.now() - t0) / 50;
    expect(perWindow).toBeLessThan(20);
    const last = r.view({ data: d, state: { ...st, cursor: 49_999, offset: 0 }, width: 120, height: 40, ui });
    expect(last.cursor).toBe(49_999);
    expect(last.offset).toBe(49_999 - last.page + 1);
    const lastPlain = last.lines.map((l) => strip(paintMerged(l, ui.painter)));
    expect(lastPlain.at(-1)).toContain('/usr/lib/lib49.so');
    // the selected row is the inverse bar
    expect(last.lines.at(-1)![0].spec).toBe(ui.ui('selected'));
    for (const l of lastPlain) expect(displayWidth(l)).toBeLessThanOrEqual(120);
  });

  it('sorts by each column: RSS biggest first, inverted smallest first, path A→Z', () => {
    const ms = [
      mapping(0, { rss: 4096, path: '/b.so' }),
      mapping(1, { rss: 3 * 4096, path: '/a.so' }),
      mapping(2, { rss: 2 * 4096, path: '/c.so' }),
    ];
    const d = data(inspection({}, { maps: mapsSection(ms) }));
    const paths = (plain: string[]) => addrRows(plain).map((l) => l.trimEnd().split(' ').at(-1));
    expect(paths(render(mapsPane, d).plain)).toEqual(['/b.so', '/a.so', '/c.so']);
    const byRss = render(mapsPane, d, { sortKey: 'RSS', desc: true });
    expect(paths(byRss.plain)).toEqual(['/a.so', '/c.so', '/b.so']);
    expect(byRss.plain[1]).toMatch(/▼RSS/);
    expect(byRss.view.sortColumns?.map((c) => c.name)).toEqual(['ADDRESS', 'PERM', 'OFFSET', 'DEV', 'INODE', 'SIZE', 'RSS', 'PSS', 'USS', 'SWAP', 'PATH']);
    expect(paths(render(mapsPane, d, { sortKey: 'RSS', desc: false }).plain)).toEqual(['/b.so', '/c.so', '/a.so']);
    expect(paths(render(mapsPane, d, { sortKey: 'PATH', desc: false }).plain)).toEqual(['/a.so', '/b.so', '/c.so']);
  });

  it('groups by file: one row per path with summed counters and the mapping count', () => {
    const ms = [
      mapping(0, { path: '/usr/lib/libc.so.6', rss: 4096, pss: 1024, size: 8192 }),
      mapping(1, { path: '/usr/lib/libc.so.6', rss: 8192, pss: 2048, size: 8192, perms: 'rw-p' }),
      mapping(2, { path: '', kind: 'anon', rss: 3 * 4096, pss: 3 * 4096, size: 16384 }),
      mapping(3, { path: '[heap]', kind: 'heap', rss: 4096, pss: 4096, size: 4096 }),
      mapping(4, { path: '', kind: 'anon', rss: 4096, pss: 4096, size: 4096 }),
    ];
    const groups = groupByFile(mapRows(ms));
    expect(groups.map((g) => [g.path, g.count, g.rss])).toEqual([
      ['/usr/lib/libc.so.6', 2, 12288],
      ['[anon]', 2, 16384],
      ['[heap]', 1, 4096],
    ]);
    expect(groups[0].perms).toBe('rwxp');
    const d = data(inspection({}, { maps: mapsSection(ms) }));
    const g = render(mapsPane, d, { group: true });
    // grouped, sorted by RSS (the default when grouping), biggest first
    expect(g.plain[0]).toContain('by file: 3 files');
    expect(g.plain[1]).toMatch(/^\s*MAPS\s+PERM\s+DEV\s+INODE\s+SIZE\s+▼RSS\s+PSS\s+USS\s+SWAP\s+PATH/);
    const body = g.plain.slice(2).filter((l) => l.trim()).map((l) => l.trimEnd());
    expect(body[0]).toMatch(/^\s+2 r-xp .*20\.0K\s+16\.0K.*\[anon\]$/);
    expect(body[1]).toMatch(/^\s+2 rwxp.*12\.0K.*\/usr\/lib\/libc\.so\.6$/);
    expect(body[2]).toMatch(/\[heap\]$/);
  });

  it('flags deleted files, shows totals, and filters on the path', () => {
    const ms = [mapping(0, { path: '/tmp/gone.so (deleted)', deleted: true }), mapping(1, { path: '/usr/lib/keep.so' })];
    const d = data(inspection({}, { maps: mapsSection(ms) }));
    const r = render(mapsPane, d);
    const gone = r.plain.find((l) => l.includes('gone.so'))!.trimEnd();
    expect(gone).toMatch(/\/tmp\/gone\.so \(deleted\)$/);
    // the flag is in the error colour (bold underline on mono); the path is not
    // (the second row: the first is the selection bar, one colour throughout)
    const r2 = render(mapsPane, d, { cursor: 1 });
    const painted = r2.painted.find((l) => l.includes('gone.so'))!;
    expect(painted).toContain(`${'\x1b'}[1;4m (deleted)`);
    expect(r.plain[0]).toMatch(/2 mappings {2}Size 16\.0K/);
    const f = render(mapsPane, d, { filter: 'KEEP' });
    expect(addrRows(f.plain)).toHaveLength(1);
    expect(f.plain[0]).toContain('path contains "KEEP": 1');
  });

  it('says what it could not read, in words, above whatever it could', () => {
    const d = data(inspection({}, { maps: mapsSection([mapping(0)], [DENIED]) }));
    const r = render(mapsPane, d, {}, 80);
    expect(r.plain[0]).toMatch(/^ ! Could not read memory maps \(\/proc\/4242\/smaps\): EACCES — owned by uid 1000/);
    expect(r.plain.join('\n')).toContain('CAP_SYS_PTRACE');
    expect(r.plain.join('\n')).toContain('/usr/lib/lib0.so');
    expect(r.plain.join('\n')).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('at 80 columns never drops the sort column: another goes instead', () => {
    const d = data(inspection({}, { maps: big(10) }));
    const head = (sortKey: string, desc: boolean, group = false) => render(mapsPane, d, { sortKey, desc, group }, 80).plain[1];
    // by address the dropped ones are OFFSET, DEV, INODE and SWAP
    expect(head('ADDRESS', false)).not.toMatch(/OFFSET|DEV|INODE|SWAP/);
    for (const [key, desc, mark] of [
      ['SWAP', true, '▼SWAP'],
      ['INODE', false, '▲INODE'],
      ['DEV', false, 'DEV▲'],
      ['OFFSET', false, 'OFFSET▲'],
    ] as const) {
      const h = head(key, desc);
      expect(h, key).toContain(mark);
      expect(h, key).toContain('PATH');
      expect(displayWidth(h)).toBeLessThanOrEqual(80);
    }
    expect(head('SWAP', true, true)).toContain('▼SWAP');
  });

  it('drops the least useful columns at 80 columns and keeps the path', () => {
    const d = data(inspection({}, { maps: big(10) }));
    const r = render(mapsPane, d, {}, 80);
    expect(r.plain[1]).not.toContain('OFFSET');
    expect(r.plain[1]).toContain('PATH');
    for (const l of r.plain) expect(displayWidth(l)).toBeLessThanOrEqual(80);
    expect(addrRows(r.plain)[0]).toContain('/usr/lib/lib0.so');
    // a long path keeps its end (the file name) and loses its start; [vsyscall] does not widen the addresses
    const long = mapsSection([
      mapping(0, { path: '/opt/some/very/deeply/nested/vendor/directory/tree/lib/libimportant.so.1' }),
      mapping(1, { start: 'ffffffffff600000', end: 'ffffffffff601000', path: '[vsyscall]', kind: 'vsyscall' }),
    ]);
    const l = render(mapsPane, data(inspection({}, { maps: long })), { cursor: 1 }, 80);
    const rows = l.plain.slice(2).map((x) => x.trimEnd());
    expect(rows[0]).toMatch(/^7f0000000000-7f0000002000 .* …[a-z/]*\/libimportant\.so\.1$/);
    expect(rows[1]).toMatch(/^ffffffffff600000-f{7}… rw-p .*\[vsyscall\]$/);
    for (const x of l.plain) expect(displayWidth(x)).toBeLessThanOrEqual(80);
  });
});
