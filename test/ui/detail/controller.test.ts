// The detail view inside the controller: the collector it calls (when and for what), the panes'
// keys (move, sort, group, filter), pause, an exited process, the key bar and help, and the frame
// rules (no line wider than the terminal, rows − 1 lines).

import { describe, expect, it } from 'vitest';
import type { InspectOptions, Inspection } from '../../../src/collect/inspect/types.js';
import { displayWidth } from '../../../src/model/format.js';
import { procs, setup, strip } from '../harness.js';
import { envVars, fd, fdsSection, inspection, mapping, mapsSection, memorySection, sock, stateSection, thread } from './fixtures.js';

const SIZE = { columns: 100, rows: 30 };

function world() {
  const calls: Array<{ pid: number; sections: readonly string[] }> = [];
  let alive = true;
  let zombie = false;
  const maps = mapsSection(Array.from({ length: 500 }, (_, i) => mapping(i)));
  const fds = fdsSection([
    fd(0, { kind: 'tty', target: '/dev/pts/1' }),
    fd(3, { kind: 'socket', target: 'socket:[1]', socket: sock({ proto: 'tcp', localAddress: '127.0.0.1', localPort: 8080, state: 'LISTEN', remoteAddress: '0.0.0.0', remotePort: 0 }) }),
    ...Array.from({ length: 60 }, (_, i) => fd(10 + i)),
  ]);
  const inspect = (pid: number, o: InspectOptions = {}): Inspection | null => {
    calls.push({ pid, sections: o.sections ?? [] });
    if (!alive) return null;
    if (zombie) {
      // what a zombie's reading looks like: its memory and files are gone
      const gone = { what: 'memory maps', path: `/proc/${pid}/smaps`, code: 'ESRCH', why: 'the process is a zombie' };
      return inspection(
        { pid, state: 'Z', command: `[proc-${pid - 1000}]` },
        { memory: memorySection({ rss: null, pss: null, uss: null, vss: null, problems: [gone] }), fds: fdsSection([]), maps: mapsSection([], [gone]) },
      );
    }
    const s: Inspection['sections'] = {};
    for (const n of o.sections ?? []) {
      if (n === 'state') s.state = stateSection();
      if (n === 'memory') s.memory = memorySection();
      if (n === 'maps') s.maps = maps;
      if (n === 'fds') s.fds = fds;
      if (n === 'threads') s.threads = { problems: [], threads: [thread(pid, { name: 'main' }), thread(pid + 1, { name: 'ptopworker', cpuPercent: 50 })] };
      if (n === 'environment') s.environment = { problems: [], vars: envVars(40) };
    }
    return inspection({ pid, command: `proc-${pid - 1000} --flag` }, s);
  };
  const t = setup({ list: procs(30), size: SIZE, initial: { showHeader: false }, inspect });
  const screen = () => t.controller.getFrame().lines.map((l) => strip(l.text));
  const press = (...keys: string[]) => keys.forEach((k) => t.controller.handleKey(k));
  return { ...t, calls, screen, press, kill: () => (alive = false), zombify: () => (zombie = true) };
}

const checkFrame = (w: ReturnType<typeof world>) => {
  const f = w.controller.getFrame();
  expect(f.height).toBe(SIZE.rows - 1);
  expect(f.lines).toHaveLength(SIZE.rows - 1);
  for (const l of f.lines) expect(displayWidth(strip(l.text)), strip(l.text)).toBeLessThanOrEqual(SIZE.columns);
};

describe('the detail view in the controller', () => {
  it('reads the open tab right away, each tab on switching, and again on each refresh', () => {
    const w = world();
    w.press('down', 'down', 'enter');
    expect(w.calls).toEqual([{ pid: 1002, sections: ['state', 'memory'] }]);
    expect(w.screen()[0]).toMatch(/^PID 1002  proc-2 --flag\s+S \(sleeping\)$/);
    expect(w.screen().join('\n')).toMatch(/Ancestry\s+4242 server ← 4000 bash/);
    checkFrame(w);
    w.press('3');
    expect(w.calls.at(-1)).toEqual({ pid: 1002, sections: ['maps', 'memory'] });
    expect(w.screen()[3]).toMatch(/500 mappings/);
    w.source.push(procs(30));
    expect(w.calls).toHaveLength(3);
    w.press('tab');
    expect(w.calls.at(-1)!.sections).toEqual(['fds', 'memory']);
    expect(w.screen().join('\n')).toContain('tcp 127.0.0.1:8080 LISTEN');
    checkFrame(w);
    // Esc closes: no more reading
    w.press('escape');
    w.source.push(procs(30));
    expect(w.calls).toHaveLength(4);
    expect(w.controller.state.selectedKey).toBe(1002);
  });

  it('p pauses the view as it does the table', () => {
    const w = world();
    w.press('enter');
    w.press('p');
    expect(w.source.paused).toBe(true);
    expect(w.screen().at(-2)).toContain('PAUSED');
    const n = w.calls.length;
    w.press('1'); // State again: already read, stays frozen
    expect(w.calls).toHaveLength(n);
    w.press('p');
    expect(w.source.paused).toBe(false);
  });

  it('moves the cursor in a list tab: down, page, end, home; only the window is drawn', () => {
    const w = world();
    w.press('enter', '3');
    const rows = () => w.screen().filter((l) => /^[0-9a-f]{12}-/.test(l));
    expect(rows()[0]).toMatch(/^7f0000000000-/);
    w.press('j', 'down');
    expect(w.controller.state.panes[2].cursor).toBe(2);
    expect(w.screen().at(-2)).toContain('Row 3/500');
    w.press('pagedown');
    const page = rows().length;
    expect(w.controller.state.panes[2].cursor).toBe(2 + page);
    w.press('G');
    expect(w.controller.state.panes[2].cursor).toBe(499);
    expect(rows().at(-1)).toMatch(/lib49\.so/);
    expect(w.screen().at(-2)).toContain('Row 500/500');
    w.press('g');
    expect(w.controller.state.panes[2].cursor).toBe(0);
    checkFrame(w);
  });

  it('sorts with < > and I, groups by file with f, and the state survives a tab switch', () => {
    const w = world();
    w.press('enter', '3');
    const hdr = () => w.screen().find((l) => /^\s*(ADDRESS|MAPS)\s/.test(l))!;
    w.press('>');
    expect(hdr()).toMatch(/PERM▲/);
    w.press('>', '>', '>', '>', '>');
    expect(hdr()).toMatch(/▼RSS/);
    w.press('I');
    expect(hdr()).toMatch(/▲RSS/);
    w.press('f');
    expect(hdr()).toMatch(/^\s*MAPS/);
    expect(w.screen()[3]).toContain('by file: 50 files');
    w.press('1', '3');
    expect(hdr()).toMatch(/^\s*MAPS.*▲RSS/);
    // a pane key on a tab without it says where it works
    w.press('5', 'f');
    expect(w.screen().at(-2)).toContain('group works in Maps, not in Threads');
    w.press('>', '>', '>');
    expect(w.screen().find((l) => /TID/.test(l))).toMatch(/▼CPU%/);
    expect(w.screen().find((l) => l.includes('ptopworker'))).toBeDefined();
  });

  it('/ filters a tab live; Esc clears it, Enter keeps it; the table filter is untouched', () => {
    const w = world();
    w.press('enter', '4', '/');
    expect(w.screen().at(-1)).toMatch(/^EnterDone\s+EscClear/);
    w.press('8', '0', '8', '0');
    expect(w.screen().at(-2)).toMatch(/^Filter: 8080/);
    expect(w.screen().join('\n')).toContain('matching "8080": 1');
    w.press('escape');
    expect(w.controller.state.panes[3].filter).toBe('');
    expect(w.controller.state.screen).toBe('detail');
    w.press('/', 'l', 'o', 'g', 'enter');
    expect(w.controller.state.panes[3].filter).toBe('log');
    expect(w.screen().join('\n')).toContain('matching "log": 60');
    expect(w.controller.state.filter.text).toBe('');
    // the environment has its own filter
    w.press('6', '/', 'S', 'E', 'C', 'R', 'E', 'T', 'enter');
    expect(w.screen().filter((l) => l.includes('='))).toEqual([expect.stringMatching(/^ PTOP_SECRET_TOKEN=abc123/)]);
    checkFrame(w);
  });

  it('an exited process: the view says so and keeps the last data', () => {
    const w = world();
    w.press('down', 'enter', '5');
    expect(w.screen().join('\n')).toContain('ptopworker');
    w.kill();
    w.source.push(procs(30).filter((p) => p.pid !== 1001));
    const s = w.screen();
    expect(s[0]).toMatch(/\(exited\)$/);
    expect(s[2]).toMatch(/^The process has exited: showing the last data read at \d\d:\d\d:\d\d\./);
    expect(s.join('\n')).toContain('ptopworker');
    // switching tabs reads nothing more; tabs never read say so
    const n = w.calls.length;
    w.press('6');
    expect(w.calls).toHaveLength(n);
    expect(w.screen()[3]).toBe(' Not read: the process exited before this tab was opened.');
    w.press('escape');
    expect(w.controller.state.screen).toBe('table');
  });

  it('a zombie: the view says it exited and which parent must reap it, and keeps the last data', () => {
    const w = world();
    w.press('down', 'enter', '4');
    expect(w.screen().join('\n')).toContain('tcp 127.0.0.1:8080 LISTEN');
    w.zombify();
    // the table still lists a zombie
    w.source.push(procs(30).map((p) => (p.pid === 1001 ? { ...p, stat: { ...p.stat, state: 'Z', ppid: 1000 } } : p)));
    const s = w.screen();
    expect(s[0]).toMatch(/^PID 1001  proc-1 --flag\s+\(exited\)$/);
    expect(s[2]).toMatch(/^The process has exited \(a zombie until PID 1000 reaps it\); the last data read at \d\d:\d\d:\d\d is shown\.$/);
    expect(s.join('\n')).toContain('tcp 127.0.0.1:8080 LISTEN');
    expect(s.join('\n')).not.toContain('No open fds.');
    const n = w.calls.length;
    w.press('2');
    expect(w.calls).toHaveLength(n);
    expect(w.screen().join('\n')).toMatch(/RSS\s+100M/);
    w.press('1');
    expect(w.screen().join('\n')).toMatch(/State\s+Z {2}zombie \(exited, not yet reaped by its parent\)/);
    expect(w.screen().join('\n')).not.toContain('Could not read');
    checkFrame(w);
  });

  it('the mouse: the wheel moves in the pane, a click on the tab bar switches tab', () => {
    const w = world();
    w.press('enter', '3');
    w.controller.handleMouse({ kind: 'wheel-down', button: 0, x: 10, y: 10 });
    expect(w.controller.state.panes[2].cursor).toBe(3);
    const x = w.screen()[1].indexOf('5 Threads');
    w.controller.handleMouse({ kind: 'press', button: 0, x, y: 1 });
    expect(w.controller.state.detail.tab).toBe(4);
    expect(w.calls.at(-1)!.sections).toEqual(['threads', 'memory']);
  });

  it('the key bar shows the tab\'s keys; help lists the detail keys; s does nothing in the view', () => {
    const w = world();
    w.press('enter');
    expect(w.screen().at(-1)).toMatch(/^F1Help {2}EscBack {2}1-8Tab {3}↑↓Move {2}F10Quit/);
    w.press('3');
    expect(w.screen().at(-1)).toMatch(/>Sort {2}IInvert fByFile F4Filter F10Quit/);
    const before = w.screen();
    w.press('s');
    expect(w.screen()).toEqual(before);
    w.press('?');
    const help = [...w.screen()];
    for (let i = 0; i < 8; i++) {
      w.press('pagedown');
      help.push(...w.screen());
    }
    const text = help.join('\n');
    expect(text).toMatch(/f\s+detail_group\s+Maps: group by file/);
    expect(text).toMatch(/< ,\s+detail_sort_prev/);
    expect(text).toMatch(/↓ j \^N\s+detail_down/);
  });
});
