import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../../src/model/format.js';
import { envPane } from '../../../src/ui/detail/env-pane.js';
import { threadsPane } from '../../../src/ui/detail/threads-pane.js';
import { data, envVars, inspection, render, thread } from './fixtures.js';

const threads = () => ({
  problems: [],
  threads: [
    thread(4242, { name: 'server', cpuPercent: 1.5, state: 'S', wchan: 'do_epoll_wait' }),
    thread(4244, { name: 'io-worker', cpuPercent: 42.25, state: 'R', wchan: null, lastCpu: 1, voluntaryCtxSwitches: 5000 }),
    thread(4243, { name: 'gc', cpuPercent: 0, state: 'D', wchan: 'io_schedule' }),
  ],
});

describe('Threads pane', () => {
  it('lists TID, name, state, CPU%, last CPU, wchan and context switches, by TID first', () => {
    const r = render(threadsPane, data(inspection({}, { threads: threads() })), {}, 100);
    expect(r.plain[0]).toMatch(/^ 3 threads, 1 running/);
    expect(r.plain[1]).toMatch(/^\s*▲TID\s+NAME\s+S\s+CPU%\s+CPU\s+WCHAN\s+VCSW\s+NVCSW/);
    const rows = r.plain.slice(2).map((l) => l.trimEnd());
    expect(rows[0]).toMatch(/^\s*4242 server\s+S\s+1\.5\s+0 do_epoll_wait\s+10\s+1$/);
    expect(rows[1]).toMatch(/^\s*4243 gc\s+D\s+0\.0\s+0 io_schedule/);
    expect(rows[2]).toMatch(/^\s*4244 io-worker\s+R\s+42\.3\s+1 -\s+5,000\s+1$/);
  });

  it('a narrow pane keeps the sort column and drops another', () => {
    const d = data(inspection({}, { threads: threads() }));
    const narrow = render(threadsPane, d, {}, 50).plain[1];
    expect(narrow).not.toMatch(/\bVCSW\b|\bCPU\b(?!%)/);
    const byCpu = render(threadsPane, d, { sortKey: 'CPU', desc: false }, 50).plain[1];
    expect(byCpu).toMatch(/▲CPU\b/);
    const byVcsw = render(threadsPane, d, { sortKey: 'VCSW', desc: true }, 50).plain[1];
    expect(byVcsw).toContain('▼VCSW');
    expect(byVcsw).not.toContain('NVCSW');
  });

  it('sorts by CPU%, biggest first, and inverts', () => {
    const d = data(inspection({}, { threads: threads() }));
    const names = (plain: string[]) => plain.slice(2).map((l) => l.trim().split(/\s+/)[1]);
    const byCpu = render(threadsPane, d, { sortKey: 'CPU%', desc: true });
    expect(names(byCpu.plain)).toEqual(['io-worker', 'server', 'gc']);
    expect(byCpu.plain[1]).toContain('▼CPU%');
    expect(names(render(threadsPane, d, { sortKey: 'CPU%', desc: false }).plain)).toEqual(['gc', 'server', 'io-worker']);
    expect(names(render(threadsPane, d, { sortKey: 'NAME', desc: false }).plain)).toEqual(['gc', 'io-worker', 'server']);
    // an unknown sort falls back to TID
    expect(render(threadsPane, d, { sortKey: 'nope' }).view.sortKey).toBe('TID');
  });
});

describe('Environment pane', () => {
  const d = data(inspection({}, { environment: { problems: [], vars: envVars(3) } }));

  it('shows NAME=value sorted, long values cut with …, the selected one in full', () => {
    const vars = d.inspection!.sections.environment!.vars;
    const pathVar = vars.find((v) => v.name === 'PATH')!;
    // not selected: PATH is cut with …
    const q = render(envPane, d, { cursor: 0 }, 60);
    expect(q.plain[0]).toBe(' 7 variables');
    expect(q.plain.slice(1).map((l) => l.trim().split('=')[0])).toEqual(['HOME', 'LANG', 'PATH', 'PTOP_SECRET_TOKEN', 'VAR_00000', 'VAR_00001', 'VAR_00002']);
    expect(q.plain.find((l) => l.startsWith(' PATH='))!).toMatch(/…$/);
    for (const l of q.plain) expect(displayWidth(l)).toBeLessThanOrEqual(60);
    // selected (cursor 2): the whole value, wrapped over several lines of the selection bar
    const p = render(envPane, d, { cursor: 2 }, 60);
    const sel = p.painted.filter((l) => l.includes('\x1b[7m')).map((l) => l.replace(/\x1b\[[0-9;]*m/g, '').trim());
    expect(sel.length).toBeGreaterThan(1);
    expect(sel.join('')).toBe(`PATH=${pathVar.value}`.replace(/ /g, ''));
    expect(p.plain.join('\n')).not.toContain('…');
    // the rows after it follow its extra lines
    expect(p.plain[2 + sel.length + 1].trim()).toBe('PTOP_SECRET_TOKEN=abc123');
    for (const l of p.plain) expect(displayWidth(l)).toBeLessThanOrEqual(60);
  });

  it('filters on names and values', () => {
    const f = render(envPane, d, { filter: 'secret' }, 80);
    expect(f.plain[0]).toBe(' 7 variables   matching "secret": 1');
    expect(f.plain[1].trim()).toBe('PTOP_SECRET_TOKEN=abc123');
    expect(render(envPane, d, { filter: 'value-2' }, 80).plain[1].trim()).toBe('VAR_00002=value-2');
  });
});
