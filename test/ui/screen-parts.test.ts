import { describe, expect, it } from 'vitest';
import type { CpuShare } from '../../src/collect/types.js';
import { displayWidth } from '../../src/model/format.js';
import { describeTargets, keyBarEntries, keyBarLine, menuLines, statusLine } from '../../src/ui/chrome.js';
import { stateInWords } from '../../src/ui/detail/facts.js';
import { PANES } from '../../src/ui/detail/panes.js';
import { detailLines, wrapText } from '../../src/ui/detail/view.js';
import { countTasks, headerBudget, headerLines, memoryUse } from '../../src/ui/header.js';
import { buildKeymap } from '../../src/ui/keymap.js';
import { parseSignal } from '../../src/ui/process-ops.js';
import { combineSpecs } from '../../src/ui/table-view.js';
import { withoutInverse } from '../../src/ui/styles.js';
import { ctx, normalProc, proc, system } from '../model/factory.js';
import { join } from 'node:path';
import { builtinThemesDir, loadTheme } from '../../src/model/theme.js';
import { createUiStyles } from '../../src/ui/styles.js';
import { monoStyles, strip } from './harness.js';

const share = (user: number, system = 0, iowait = 0): CpuShare => ({ user, nice: 0, system, iowait, irq: 0, steal: 0, busy: user + system });
const GiB = 1024 ** 3;

function sys(cores: number) {
  const s = system({
    meminfo: { MemTotal: 8 * GiB, MemFree: 4 * GiB, Buffers: 0.5 * GiB, Cached: 1 * GiB, SReclaimable: 0, Shmem: 0, SwapTotal: 2 * GiB, SwapFree: 1.5 * GiB },
    loadavg: { one: 0.5, five: 1.25, fifteen: 2, running: 1, total: 100, lastPid: 1 },
  });
  s.cpuUsage = { total: share(30, 10), cpus: Array.from({ length: cores }, (_, i) => share((i * 7) % 100, 5, 2)) };
  s.stat.cpus = s.cpuUsage.cpus.map(() => s.stat.total);
  return s;
}

const tasks = countTasks([proc({ pid: 1 }), proc({ pid: 2, stat: { state: 'R' } }), proc({ pid: 3, stat: { state: 'Z' } })]);
const host = { hostname: 'box', kernel: '6.1.0' };

describe('header', () => {
  it('counts tasks by state, not threads', () => {
    const t = countTasks([proc({ pid: 1 }), proc({ pid: 2, stat: { state: 'D' } }), proc({ pid: 3, stat: { state: 'T' } }), { ...proc({ pid: 1 }), tid: 9, isThread: true }]);
    expect(t).toEqual({ total: 3, running: 0, sleeping: 1, disk: 1, zombie: 0, stopped: 1 });
  });

  it('splits memory the way htop does', () => {
    expect(memoryUse({ MemTotal: 100, MemFree: 20, Buffers: 10, Cached: 30, SReclaimable: 5, Shmem: 5 })).toEqual({ total: 100, used: 40, buffers: 10, cache: 30 });
  });

  it('fits 80x24 in at most 5 lines and 250x70, every line within the width', () => {
    for (const [w, rows] of [
      [80, 24],
      [250, 70],
      [120, 40],
    ]) {
      for (const cores of [1, 2, 4, 8, 64]) {
        const lines = headerLines({ system: sys(cores), tasks, host, width: w, maxLines: headerBudget(rows), ui: monoStyles() }).map(strip);
        for (const l of lines) expect(displayWidth(l), `${w}x${rows} ${cores} cores: ${l}`).toBeLessThanOrEqual(w);
        if (w === 80) expect(lines.length, `${cores} cores`).toBeLessThanOrEqual(5);
        expect(lines.findIndex((l) => l.includes('Tasks:'))).toBe(0);
        expect(lines.some((l) => l.includes('Load average: 0.50 1.25 2.00'))).toBe(true);
      }
    }
  });

  it('draws htop-style meters: a core per line, user/system segments, the value at the end', () => {
    const lines = headerLines({ system: sys(2), tasks, host, width: 120, maxLines: 9, ui: monoStyles() }).map(strip);
    expect(lines[0]).toMatch(/^0\[\|*\s+5\.0%\]\s+Tasks: 3, 1 running, 1 sleeping, 0 disk, 1 zombie$/);
    expect(lines[1]).toMatch(/^1\[\|+\s+12\.0%\]\s+Load average: 0\.50 1\.25 2\.00  Uptime: 1 day, 00:00:00$/);
    expect(lines[2]).toMatch(/^Mem\[\|+\s+2\.5G\/8\.0G\]\s+Host: box  Kernel: 6\.1\.0$/);
    expect(lines[3]).toMatch(/^Swp\[\|+\s+512M\/2\.0G\]$/);
    // both halves as wide as htop's
    expect(lines[0].indexOf('Tasks')).toBe(61);
  });

  it('at 80 columns the meters take the room and the facts a line each', () => {
    const long = { hostname: 'build-server-17', kernel: '6.18.44-1-cloud-amd64' };
    const lines = headerLines({ system: sys(2), tasks: { ...tasks, total: 1020, sleeping: 1017 }, host: long, width: 80, maxLines: 5, ui: monoStyles() }).map(strip);
    expect(lines).toHaveLength(5);
    const meterW = lines[0].indexOf(']') + 1;
    expect(meterW).toBeGreaterThanOrEqual(44);
    // the long form does not fit: the states by their letters
    expect(lines[0]).toMatch(/Tasks: 1020, 1 R, 1017 S, 1 Z$/);
    expect(lines[1]).toMatch(/^1\[.*\]\s+Load average: 0\.50 1\.25 2\.00$/);
    expect(lines[2]).toMatch(/^Mem\[.*\]\s+Uptime: 1 day, 00:00:00$/);
    expect(lines[3]).toMatch(/^Swp\[.*\]\s+Host: build-server-17$/);
    expect(lines[4]).toMatch(/^\s+Kernel: 6\.18\.44-1-cloud-amd64$/);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    // three lines only: a pair that does not fit one line shows its first part
    const three = headerLines({ system: sys(1), tasks, host: long, width: 80, maxLines: 3, ui: monoStyles() }).map(strip);
    expect(three).toHaveLength(3);
    expect(three[1]).toMatch(/Load average: 0.50 1.25 2.00 *$/);
    expect(three[2]).toMatch(/Host: build-server-17$/);
  });

  it('CPU meters in the theme\'s colours: user, then system, then iowait', () => {
    const dark = createUiStyles(loadTheme(join(builtinThemesDir(), 'dark.toml')), true);
    const one = sys(1);
    one.cpuUsage = { total: share(20, 10, 40), cpus: [{ ...share(20, 10, 40), busy: 30 }] };
    const line = headerLines({ system: one, tasks, host, width: 120, maxLines: 9, ui: dark })[0];
    // the colour in force at each bar cell, in order, runs collapsed
    const runs: string[] = [];
    let sgr = '';
    for (const m of line.matchAll(/\x1b\[([0-9;]*)m|(\|)/g)) {
      if (m[1] !== undefined) sgr = m[1];
      else if (runs[runs.length - 1] !== sgr) runs.push(sgr);
    }
    // BrightGreen (92) user, BrightRed (91) system, BrightBlack (90) iowait: dark.toml's meter_*
    expect(runs.map((r) => r.split(';').find((p) => /^9[0-7]$/.test(p)))).toEqual(['92', '91', '90']);
  });

  it('many cores become a total meter and one block per core', () => {
    const lines = headerLines({ system: sys(64), tasks, host, width: 80, maxLines: 5, ui: monoStyles() }).map(strip);
    expect(lines[0]).toMatch(/^CPU\[/);
    expect(lines[1]).toMatch(/^[ ▁▂▃▄▅▆▇█]+/);
  });
});

describe('detail view', () => {
  it('states in words', () => {
    expect(stateInWords('D')).toBe('D (uninterruptible sleep)');
    expect(stateInWords('Z')).toBe('Z (zombie)');
    expect(stateInWords('?')).toBe('?');
  });

  it('wraps text at spaces', () => {
    expect(wrapText('aaa bbb ccc', 7)).toEqual(['aaa bbb', 'ccc']);
    expect(wrapText('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
    expect(wrapText('', 4)).toEqual(['']);
  });

  // the detail view before the collector has read the process: the table's facts (the panes
  // themselves are tested in test/ui/detail/)
  const detailOf = (p: ReturnType<typeof normalProc>, exited: boolean, tab: number, width: number, height: number, c = ctx()) =>
    detailLines({
      data: { pid: p.tid, inspection: null, exited, history: [], sample: p, ctx: c, now: Date.now() },
      error: null,
      tab,
      state: PANES[tab].initial(),
      renderer: PANES[tab].create(),
      width,
      height,
      ui: monoStyles(),
    }).lines;

  it('starts with PID <pid>, command and state, then the tab bar, then the facts', () => {
    const p = normalProc();
    const lines = detailOf(p, false, 0, 60, 30, ctx(system({ now: Date.now() })));
    const plain = lines.map(strip);
    expect(plain[0]).toMatch(/^PID 4242  node server\.js --port 8080\s+R \(running\)$/);
    expect(plain[1]).toContain('1 State');
    expect(plain[1]).toContain('2 Memory');
    // at 60 columns the eight tabs drop their padding (and the last ones are cut)
    expect(lines[1]).toContain('\x1b[1;7m1 State');
    expect(detailOf(p, false, 0, 120, 30, ctx(system({ now: Date.now() })))[1]).toContain('\x1b[1;7m 1 State ');
    expect(plain.join('\n')).toMatch(/PPID\s+1/);
    expect(plain.join('\n')).toMatch(/Threads\s+11/);
    expect(plain.join('\n')).toMatch(/RSS\s+100M/);
    for (const l of plain) expect(displayWidth(l)).toBeLessThanOrEqual(60);
  });

  it('marks an exited process', () => {
    const p = normalProc();
    const plain = detailOf(p, true, 0, 80, 10).map(strip);
    expect(plain[0]).toContain('(exited)');
    expect(plain[2]).toContain('has exited');
    expect(plain).toHaveLength(10);
  });
});

describe('key bar, status line, menus', () => {
  const km = buildKeymap();

  it('the key bar shows the live keys of each mode and fits 80 columns', () => {
    const line = strip(keyBarLine(keyBarEntries({ kind: 'table' }, 'table', km), 80, monoStyles()));
    expect(line).toBe('F1Help  F3Search F4Filter F5Tree  F6SortBy F7Nice - F8Nice + F9Kill  F10Quit  ');
    // wider: the trace actions after Quit
    expect(strip(keyBarLine(keyBarEntries({ kind: 'table' }, 'table', km), 120, monoStyles()))).toMatch(/F10Quit {2}sStrace bStacks CCore/);
    const remapped = buildKeymap({ kill: ['x'] });
    expect(strip(keyBarLine(keyBarEntries({ kind: 'table' }, 'table', remapped), 200, monoStyles()))).toContain('xKill');
    expect(strip(keyBarLine(keyBarEntries({ kind: 'filter' }, 'table', km), 80, monoStyles()))).toMatch(/^EnterDone/);
    expect(strip(keyBarLine(keyBarEntries({ kind: 'table' }, 'detail', km), 80, monoStyles()))).toMatch(/^F1Help  EscBack/);
  });

  it('the key labels are inverse on mono, the keys are not', () => {
    const line = keyBarLine(keyBarEntries({ kind: 'table' }, 'table', km), 80, monoStyles());
    expect(line.startsWith('\x1b[1mF1\x1b[22m\x1b[7mHelp  \x1b[27m\x1b[1mF3\x1b[22m\x1b[7mSearch \x1b[27m')).toBe(true);
  });

  it('the status line keeps the question visible and puts flags on the right', () => {
    const targets = Array.from({ length: 5 }, (_, i) => ({ pid: 100 + i, command: `some very long command line number ${i}` }));
    const line = strip(
      statusLine({
        mode: { kind: 'confirmKill', signal: 15, name: 'TERM', targets },
        filterText: '',
        filterError: null,
        message: null,
        flags: ['Processes: 10'],
        width: 80,
        ui: monoStyles(),
      }),
    );
    expect(line).toMatch(/^Send SIGTERM \(15\) to 5 processes: .*…\? y\/N\s+Processes: 10$/);
    expect(displayWidth(line)).toBeLessThanOrEqual(80);
    expect(describeTargets([{ pid: 7, command: 'sleep 1' }])).toBe('PID 7 (sleep 1)');
  });

  it('menus highlight the chosen entry and keep their width', () => {
    const lines = menuLines({ title: 'Send signal', items: ['15 TERM', ' 9 KILL'], index: 0, footer: 'type', width: 16, height: 6, ui: monoStyles() });
    expect(lines).toHaveLength(6);
    expect(lines[1]).toBe('\x1b[7m 15 TERM        \x1b[27m');
    for (const l of lines) expect(displayWidth(strip(l))).toBe(16);
  });
});

describe('styles and signals', () => {
  it('inverse is reserved: other specs get underline instead', () => {
    expect(withoutInverse('inverse')).toBe('underline');
    expect(withoutInverse('bold inverse|inverse underline')).toBe('bold underline|underline');
    expect(withoutInverse('BrightRed bold')).toBe('BrightRed bold');
    expect(monoStyles().ui('table_header')).toBe('underline');
    expect(monoStyles().ui('selected')).toBe('inverse');
    expect(monoStyles().cell('bold inverse')).toBe('bold underline');
  });

  it('combines the selection and tag specs half by half', () => {
    expect(combineSpecs('bg:238|bg:252', 'BrightYellow bold|Magenta bold')).toBe('bg:238 BrightYellow bold|bg:252 Magenta bold');
    expect(combineSpecs('Red', 'Blue')).toBe('Red');
  });

  it('parses signal names and numbers', () => {
    expect(parseSignal('term')).toEqual({ name: 'TERM', number: 15 });
    expect(parseSignal('SIGKILL')).toEqual({ name: 'KILL', number: 9 });
    expect(parseSignal('1')).toEqual({ name: 'HUP', number: 1 });
    expect(parseSignal('40')).toEqual({ name: 'RTMIN+6', number: 40 });
    expect(parseSignal('65')).toBeNull();
    // real-time signals by kill -l's names
    expect(parseSignal('RTMIN')).toEqual({ name: 'RTMIN', number: 34 });
    expect(parseSignal('sigrtmin+2')).toEqual({ name: 'RTMIN+2', number: 36 });
    expect(parseSignal('RTMAX')).toEqual({ name: 'RTMIN+30', number: 64 });
    expect(parseSignal('RTMAX-1')).toEqual({ name: 'RTMIN+29', number: 63 });
    expect(parseSignal('RTMIN+31')).toBeNull();
    expect(parseSignal('RTMIN-1')).toBeNull();
    expect(parseSignal('RTMAX+1')).toBeNull();
    expect(parseSignal('NOPE')).toBeNull();
  });
});
