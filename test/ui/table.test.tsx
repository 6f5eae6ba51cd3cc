import React from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/ui/app.js';
import { proc } from '../model/factory.js';
import { join } from 'node:path';
import { builtinThemesDir, colorEnabled, loadTheme } from '../../src/model/theme.js';
import { createUiStyles, type UiStyles } from '../../src/ui/styles.js';
import { KEY, plainLines, procs, rowPids, selectedPid, setup, strip, waitFor } from './harness.js';

afterEach(() => cleanup());

/** Rows 14 without the meters header: 13 lines = table header + 10 rows + status + key bar. */
const SIZE = { columns: 100, rows: 14 };

async function mount(list = procs(500), initial = {}, size = SIZE, ui?: UiStyles) {
  const s = setup({ list, size, initial: { showHeader: false, ...initial }, ui });
  const r = render(<App controller={s.controller} size={size} />);
  await waitFor(() => selectedPid(r.lastFrame()) !== null, 'the first frame with a selection');
  // let the input hook subscribe
  await new Promise((res) => setTimeout(res, 10));
  const press = async (key: string, until: () => boolean, what: string) => {
    r.stdin.write(key);
    await waitFor(until, what);
  };
  return { ...s, ...r, press };
}

describe('the process table', () => {
  it('renders only the visible window: 10 rows of 500', async () => {
    const t = await mount();
    expect(rowPids(t.lastFrame())).toEqual(Array.from({ length: 10 }, (_, i) => 1000 + i));
    expect(plainLines(t.lastFrame())).toHaveLength(SIZE.rows - 1);
    expect(t.controller.getFrame().lines).toHaveLength(SIZE.rows - 1);
    const text = strip(t.lastFrame()!);
    expect(text).toContain('PID');
    expect(text).toContain('COMMAND');
    expect(text).not.toContain('proc-10 ');
    expect(text).toContain('Processes: 500');
    // every line fits the width
    for (const l of plainLines(t.lastFrame())) expect(l.length).toBeLessThanOrEqual(SIZE.columns);
  });

  it('Down, PgDn and End move the selection and scroll the window', async () => {
    const t = await mount();
    expect(selectedPid(t.lastFrame())).toBe(1000);
    await t.press(KEY.down, () => selectedPid(t.lastFrame()) === 1001, 'Down');
    await t.press(KEY.pageDown, () => selectedPid(t.lastFrame()) === 1011, 'PgDn');
    expect(rowPids(t.lastFrame())).toContain(1011);
    expect(rowPids(t.lastFrame())).toHaveLength(10);
    await t.press(KEY.end, () => selectedPid(t.lastFrame()) === 1499, 'End');
    expect(rowPids(t.lastFrame()).at(-1)).toBe(1499);
    await t.press('g', () => selectedPid(t.lastFrame()) === 1000, 'g (home)');
    await t.press('j', () => selectedPid(t.lastFrame()) === 1001, 'j');
  });

  it('the selection follows its PID across a re-sort and a refresh', async () => {
    const t = await mount(procs(30));
    await t.press(KEY.down + KEY.down + KEY.down, () => selectedPid(t.lastFrame()) === 1003, 'three Downs');
    // invert the sort: 1003 moves near the end; the selection goes with it and the view follows
    await t.press('I', () => rowPids(t.lastFrame())[0] === 1012, 'the order to invert');
    expect(rowPids(t.lastFrame())).toEqual([1012, 1011, 1010, 1009, 1008, 1007, 1006, 1005, 1004, 1003]);
    expect(selectedPid(t.lastFrame())).toBe(1003);
    await t.press('I', () => rowPids(t.lastFrame())[0] === 1003, 'the order back');
    expect(selectedPid(t.lastFrame())).toBe(1003);
    await t.press('g', () => selectedPid(t.lastFrame()) === 1000, 'g');
    await t.press(KEY.down, () => selectedPid(t.lastFrame()) === 1001, 'Down');
    // new data: 1001 now uses the least CPU and sorts last; the selection stays on it, and the
    // window stays where it was (no follow)
    t.source.push(procs(30, (i) => (i === 1 ? 0 : 30 - i)));
    await waitFor(() => !rowPids(t.lastFrame()).includes(1001), 'the refresh to re-sort');
    expect(t.controller.state.selectedKey).toBe(1001);
    expect(selectedPid(t.lastFrame())).toBeNull();
    expect(rowPids(t.lastFrame())[0]).toBe(1000);
    expect(strip(t.lastFrame()!)).toContain('Selected: 1001 ↓');
    // opening a dialog does not move the window either
    await t.press('k', () => strip(t.lastFrame()!).includes('Send a signal to PID 1001'), 'the signal menu for the selection');
    expect(t.controller.state.offset).toBe(0);
    await t.press(KEY.escape, () => !strip(t.lastFrame()!).includes('Send signal'), 'the menu closed');
    // F follows it: the window scrolls to keep it in view through the next refresh
    await t.press('F', () => strip(t.lastFrame()!).includes('FOLLOW 1001'), 'F');
    expect(selectedPid(t.lastFrame())).toBe(1001);
    t.source.push(procs(30, (i) => (i === 1 ? 1000 : 30 - i)));
    await waitFor(() => rowPids(t.lastFrame())[0] === 1001, 'the refresh moving it to the top');
    expect(selectedPid(t.lastFrame())).toBe(1001);
  });

  it('when the selected process exits, the row now at its place is selected and the status says so', async () => {
    const t = await mount(procs(30));
    await t.press(KEY.down + KEY.down, () => selectedPid(t.lastFrame()) === 1002, 'two Downs');
    t.source.push(procs(30).filter((p) => p.pid !== 1002));
    await waitFor(() => selectedPid(t.lastFrame()) === 1003, 'the neighbour selected');
    expect(strip(t.lastFrame()!)).toContain('PID 1002 exited; selection moved to 1003');
  });

  it('a followed process that exits ends the following, and the status says so', async () => {
    const t = await mount(procs(30));
    await t.press(KEY.down + KEY.down, () => selectedPid(t.lastFrame()) === 1002, 'two Downs');
    await t.press('F', () => strip(t.lastFrame()!).includes('FOLLOW 1002'), 'F');
    t.source.push(procs(30).filter((p) => p.pid !== 1002));
    await waitFor(() => selectedPid(t.lastFrame()) === 1003, 'the neighbour selected');
    expect(strip(t.lastFrame()!)).toContain('PID 1002 exited (following ended); selection moved to 1003');
    expect(strip(t.lastFrame()!)).not.toContain('FOLLOW');
    expect(t.controller.state.follow).toBe(false);
  });

  it('sort keys change the order: < > move the sort column, the header marks it', async () => {
    const t = await mount(procs(30));
    const header = () => plainLines(t.lastFrame()).find((l) => l.includes('COMMAND'))!;
    expect(header()).toContain('CPU▼');
    // > from CPU: MEM (descending): the biggest RSS first = the last process
    await t.press('>', () => header().includes('MEM▼'), '> to sort by MEM');
    expect(header()).not.toContain('CPU▼');
    await t.press('g', () => rowPids(t.lastFrame())[0] === 1029, 'g to the top');
    expect(rowPids(t.lastFrame())).toEqual([1029, 1028, 1027, 1026, 1025, 1024, 1023, 1022, 1021, 1020]);
    // > again: RSS; then < < back to CPU
    await t.press('>', () => header().includes('RSS▼'), '> to sort by RSS');
    await t.press('<<', () => header().includes('CPU▼'), '< < back to CPU');
    // the selection (1029) is the last row by CPU; the view followed it
    expect(rowPids(t.lastFrame())).toEqual([1020, 1021, 1022, 1023, 1024, 1025, 1026, 1027, 1028, 1029]);
    // M and P: htop's sort keys
    await t.press('M', () => header().includes('MEM▼'), 'M');
    await t.press('P', () => header().includes('CPU▼'), 'P');
  });

  it('F6 opens the sort menu; Enter sorts by the chosen column', async () => {
    const t = await mount(procs(30));
    await t.press(KEY.f6, () => strip(t.lastFrame()!).includes('Sort by'), 'the sort menu');
    const highlighted = () => strip(t.lastFrame()!.split('\n').find((l) => l.startsWith('\x1b[7m')) ?? '');
    // the menu starts on the current column (CPU); Up twice: S (state), then USER
    expect(highlighted()).toMatch(/^ CPU ▼/);
    await t.press(KEY.up + KEY.up, () => /^ USER /.test(highlighted()), 'Up Up');
    await t.press(KEY.enter, () => !strip(t.lastFrame()!).includes('Sort by'), 'the menu to close');
    expect(t.controller.state.sort).toEqual({ kind: 'User', order: 'ascending' });
  });

  it('/ filters live with the query language; Enter keeps it, Esc clears it', async () => {
    const t = await mount();
    await t.press('/', () => strip(t.lastFrame()!).includes('Filter: '), 'the filter prompt');
    await t.press('proc-42', () => strip(t.lastFrame()!).includes('Filter: proc-42'), 'the typed text');
    await waitFor(() => rowPids(t.lastFrame()).length === 10 && rowPids(t.lastFrame())[0] === 1042, 'the table narrowed');
    expect(strip(t.lastFrame()!)).toContain('Processes: 11/500');
    await t.press(KEY.enter, () => strip(t.lastFrame()!).includes('F1Help'), 'Enter');
    expect(strip(t.lastFrame()!)).toContain('Filter: proc-42');
    expect(rowPids(t.lastFrame())[0]).toBe(1042);
    // a query with a bad term keeps the last good filter and shows why
    await t.press('/', () => strip(t.lastFrame()!).includes('EnterDone'), 'the prompt again');
    await t.press(' "x', () => strip(t.lastFrame()!).includes('unterminated quote'), 'the error');
    expect(rowPids(t.lastFrame())[0]).toBe(1042);
    await t.press(KEY.escape, () => strip(t.lastFrame()!).includes('Processes: 500'), 'Esc to clear');
    expect(strip(t.lastFrame()!)).not.toContain('Filter:');
    // the selection stays on its process, now among all of them
    expect(selectedPid(t.lastFrame())).toBe(1042);
    expect(rowPids(t.lastFrame())).toHaveLength(10);
  });

  it('t shows the tree with its glyphs; - folds a subtree', async () => {
    const list = [
      proc({ pid: 1, comm: 'init', argv: ['init'], stat: { ppid: 0 } }),
      proc({ pid: 10, comm: 'shell', argv: ['shell'], stat: { ppid: 1 } }),
      proc({ pid: 11, comm: 'child-a', argv: ['child-a'], stat: { ppid: 10 } }),
      proc({ pid: 12, comm: 'child-b', argv: ['child-b'], stat: { ppid: 10 } }),
      proc({ pid: 20, comm: 'daemon', argv: ['daemon'], stat: { ppid: 1 } }),
    ];
    const t = await mount(list, { sort: { kind: 'Pid', order: 'ascending' } });
    await t.press('t', () => /[├└]/.test(strip(t.lastFrame()!)), 'the tree');
    const lines = plainLines(t.lastFrame());
    const line = (pid: number) => lines.find((l) => new RegExp(`^\\s*${pid}\\s`).test(l))!;
    expect(rowPids(t.lastFrame())).toEqual([1, 10, 11, 12, 20]);
    // siblings are in the sort's order, and the header says which
    expect(lines.find((l) => l.includes('COMMAND'))).toContain('PID▲');
    expect(line(11)).toMatch(/│├─ child-a/);
    expect(line(12)).toMatch(/│└─ child-b/);
    expect(line(20)).toMatch(/└─ daemon/);
    // fold the shell's subtree
    await t.press(KEY.down, () => selectedPid(t.lastFrame()) === 10, 'select the shell');
    await t.press('-', () => rowPids(t.lastFrame()).length === 3, 'the fold');
    expect(rowPids(t.lastFrame())).toEqual([1, 10, 20]);
    await t.press('+', () => rowPids(t.lastFrame()).length === 5, 'the unfold');
  });

  it('Space tags rows, k sends the chosen signal to the tagged ones after y', async () => {
    const t = await mount(procs(30));
    await t.press(' ', () => t.controller.state.tagged.size === 1, 'tag 1000');
    await t.press(' ', () => t.controller.state.tagged.size === 2, 'tag 1001');
    await t.press('k', () => strip(t.lastFrame()!).includes('Send signal'), 'the signal menu');
    // TERM is highlighted (inverse) first
    const term = t.lastFrame()!.split('\n').find((l) => l.includes('\x1b[7m') && strip(l).includes('TERM'));
    expect(term).toBeDefined();
    await t.press(KEY.down, () => t.lastFrame()!.split('\n').some((l) => l.includes('\x1b[7m') && /\bKILL\b/.test(strip(l))), 'KILL');
    await t.press(KEY.enter, () => strip(t.lastFrame()!).includes('y/N'), 'the confirmation');
    expect(strip(t.lastFrame()!)).toMatch(/Send SIGKILL \(9\) to 2 processes: 1000 \(proc-0 --flag\), 10.*\? y\/N/);
    expect(t.ops.sent).toEqual([]);
    await t.press('y', () => strip(t.lastFrame()!).includes('Sent SIGKILL to 2 processes'), 'the result');
    expect(t.ops.sent).toEqual([
      { pid: 1000, signal: 9 },
      { pid: 1001, signal: 9 },
    ]);
    expect(t.controller.state.tagged.size).toBe(0);
  });

  it('a typed signal name works; EPERM is reported in the status line', async () => {
    const t = await mount(procs(30));
    t.ops.fail.set(1000, 'EPERM');
    await t.press('k', () => strip(t.lastFrame()!).includes('Send signal'), 'the menu');
    await t.press('hup', () => strip(t.lastFrame()!).includes('> hup'), 'typed');
    await t.press(KEY.enter, () => strip(t.lastFrame()!).includes('Send SIGHUP (1) to PID 1000'), 'the confirmation');
    await t.press('y', () => strip(t.lastFrame()!).includes('SIGHUP not sent: PID 1000: EPERM (operation not permitted)'), 'the error');
    // anything but y cancels
    await t.press('k', () => strip(t.lastFrame()!).includes('Send signal'), 'the menu again');
    await t.press(KEY.enter, () => strip(t.lastFrame()!).includes('y/N'), 'confirmation');
    await t.press('n', () => strip(t.lastFrame()!).includes('Cancelled'), 'the cancel');
    expect(t.ops.sent).toHaveLength(1);
  });

  it('an unknown signal is said in the menu; RTMIN+n names work; a PID that exited or was reused is not signalled', async () => {
    const t = await mount(procs(30));
    await t.press('k', () => strip(t.lastFrame()!).includes('Send signal'), 'the menu');
    await t.press('99', () => strip(t.lastFrame()!).includes('> 99'), 'typed 99');
    await t.press(KEY.enter, () => strip(t.lastFrame()!).includes('unknown signal `99`'), 'the error in the prompt line');
    expect(strip(t.lastFrame()!)).toContain('Send signal'); // the menu stays open, the typed text cleared
    expect(strip(t.lastFrame()!)).not.toContain('> 99');
    await t.press('rtmin+2', () => strip(t.lastFrame()!).includes('> rtmin+2'), 'typed rtmin+2');
    expect(strip(t.lastFrame()!)).not.toContain('unknown signal'); // gone with the next key
    await t.press(KEY.enter, () => strip(t.lastFrame()!).includes('Send SIGRTMIN+2 (36) to PID 1000'), 'the confirmation');
    // between the menu and y the process exits and its PID is taken by another
    t.ops.reused.add(1000);
    await t.press('y', () => strip(t.lastFrame()!).includes('SIGRTMIN+2 not sent: PID 1000: exited, and its PID was taken by a new process'), 'the refusal');
    t.ops.reused.clear();
    t.ops.gone.add(1000);
    await t.press('k', () => strip(t.lastFrame()!).includes('Send signal'), 'the menu again');
    await t.press(KEY.enter, () => strip(t.lastFrame()!).includes('y/N'), 'TERM');
    await t.press('y', () => strip(t.lastFrame()!).includes('SIGTERM not sent: PID 1000: ESRCH (no such process: it has exited)'), 'ESRCH');
    expect(t.ops.sent).toEqual([]);
    await t.press('n', () => strip(t.lastFrame()!).includes('Nice value for PID 1000'), 'the renice prompt');
    await t.press(KEY.enter, () => strip(t.lastFrame()!).includes('Renice PID 1000 failed: ESRCH'), 'renice refused too');
    expect(t.ops.niced).toEqual([]);
  });

  it('H and K show threads and kernel threads (the sampler is told); p pauses the data, keys still move', async () => {
    const t = await mount(procs(30));
    await t.press('H', () => strip(t.lastFrame()!).includes('Threads shown'), 'H');
    expect(t.source.options).toEqual({ showThreads: true, showKthreads: false });
    expect(strip(t.lastFrame()!)).toContain('Rows: 30');
    await t.press('K', () => strip(t.lastFrame()!).includes('Kernel threads shown'), 'K');
    expect(t.source.options).toEqual({ showThreads: true, showKthreads: true });
    await t.press('H', () => strip(t.lastFrame()!).includes('Threads hidden'), 'H again');
    expect(t.source.options).toEqual({ showThreads: false, showKthreads: true });
    await t.press('p', () => strip(t.lastFrame()!).includes('PAUSED'), 'p');
    expect(t.source.paused).toBe(true);
    await t.press(KEY.down, () => selectedPid(t.lastFrame()) === 1001, 'Down while paused');
    await t.press('p', () => !strip(t.lastFrame()!).includes('PAUSED'), 'p again');
    expect(t.source.paused).toBe(false);
  });

  it('NO_COLOR: no colour at all, the selection still shows (inverse video)', async () => {
    expect(colorEnabled({ mode: 'auto', isTTY: true, env: { NO_COLOR: '1' } })).toBe(false);
    const plainUi = createUiStyles(loadTheme(join(builtinThemesDir(), 'dark.toml')), false);
    const t = await mount(procs(30), { showHeader: true }, { columns: 120, rows: 24 }, plainUi);
    const frame = t.lastFrame()!;
    const params = [...frame.matchAll(/\x1b\[([0-9;]*)m/g)].flatMap((m) => m[1].split(';'));
    // only reset, bold/dim, underline and inverse: no colour codes (30-49, 90-107, 38;5/48;5)
    expect(params.filter((p) => !['', '0', '1', '2', '4', '7', '22', '24', '27'].includes(p))).toEqual([]);
    expect(selectedPid(frame)).toBe(1000);
    expect(strip(frame)).toContain('Tasks:');
  });

  it('every table sample records each process\'s RSS for the Memory tab\'s history, exited ones forgotten', async () => {
    const t = await mount(procs(5));
    const bigger = (k: number) => procs(5).map((p) => ({ ...p, statm: undefined, stat: { ...p.stat, rss: p.stat.rss * k } }));
    for (let k = 2; k <= 4; k++) t.source.pushAt(bigger(k), 1_000_000 + k * 1000);
    const h = t.controller.detail.history.get(1002);
    // 1002 has 768 pages; the system's page size makes bytes of them
    expect(h.map((p) => p.rss / (768 * 4096))).toEqual([2, 3, 4]);
    expect(h.map((p) => p.at)).toEqual([1_002_000, 1_003_000, 1_004_000]);
    t.source.pushAt(procs(5).filter((p) => p.pid !== 1002), 1_005_000);
    expect(t.controller.detail.history.get(1002)).toHaveLength(0);
    expect(t.controller.detail.history.get(1003)).toHaveLength(4);
  });

  it('n renices; a lower value without permission says so', async () => {
    const t = await mount(procs(5));
    await t.press('n', () => strip(t.lastFrame()!).includes('Nice value for PID 1000'), 'the renice prompt');
    // the prefilled current value (0) is replaced by what is typed
    await t.press('5', () => strip(t.lastFrame()!).includes('(-20..19): 5'), 'typed 5');
    await t.press(KEY.enter, () => strip(t.lastFrame()!).includes('PID 1000: nice 0 → 5'), 'the result');
    t.ops.fail.set(1000, 'EACCES');
    await t.press('\x1b[18~', () => strip(t.lastFrame()!).includes('lower nice value needs root'), 'F7 (nice -1) denied');
    expect(t.ops.niced).toEqual([
      { pid: 1000, nice: 5 },
      { pid: 1000, nice: -1 },
    ]);
  });

  it('Enter opens the detail view, Tab switches tabs, Esc returns with the same row selected', async () => {
    const t = await mount(procs(30), {}, { columns: 100, rows: 24 });
    await t.press(KEY.down + KEY.down, () => selectedPid(t.lastFrame()) === 1002, 'two Downs');
    await t.press(KEY.enter, () => plainLines(t.lastFrame())[0].startsWith('PID 1002'), 'the detail view');
    const text = strip(t.lastFrame()!);
    expect(text).toContain('State');
    expect(text).toContain('Memory');
    expect(text).toContain('Environment');
    expect(text).toMatch(/User\s+alice \(uid 1000\)/);
    expect(text).toMatch(/State\s+S \(sleeping\)/);
    expect(text).toMatch(/Command\s+proc-2 --flag/);
    const activeTab = () => t.lastFrame()!.split('\n')[1];
    expect(strip(activeTab())).toContain('1 State');
    await t.press(KEY.tab, () => t.controller.state.detail.tab === 1, 'Tab');
    await t.press('6', () => t.controller.state.detail.tab === 5, '6');
    // the data refreshes under the view; an exited process is marked
    t.source.push(procs(30).filter((p) => p.pid !== 1002));
    await waitFor(() => strip(t.lastFrame()!).includes('(exited)'), 'the exit mark');
    await t.press(KEY.escape, () => strip(t.lastFrame()!).includes('COMMAND'), 'back to the table');
    expect(selectedPid(t.lastFrame())).toBe(1003);
  });

  it('? shows the key map; any other key closes it', async () => {
    const t = await mount(procs(5), {}, { columns: 100, rows: 30 });
    expect(strip(t.lastFrame()!)).not.toMatch(/\bKeys\b/);
    await t.press('?', () => /\bKeys\b/.test(strip(t.lastFrame()!)), 'the help');
    expect(strip(t.lastFrame()!)).toMatch(/q F10\s+quit/);
    expect(strip(t.lastFrame()!)).toMatch(/Lines 1-27\/\d+/);
    // it scrolls, with the movement keys (k too: it does not kill from here), within its lines
    await t.press(KEY.pageDown, () => /k F9\s+kill/.test(strip(t.lastFrame()!)), 'scrolled to kill');
    await t.press('G', () => strip(t.lastFrame()!).includes('Confirmations take y'), 'G to the end');
    const total = Number(/Lines \d+-(\d+)\/(\d+)/.exec(strip(t.lastFrame()!))![2]);
    expect(strip(t.lastFrame()!)).toContain(`Lines ${total - 26}-${total}/${total}`);
    await t.press(KEY.pageDown + KEY.pageDown, () => true, 'PgDn past the end');
    await t.press('k', () => strip(t.lastFrame()!).includes(`Lines ${total - 27}-${total - 1}/${total}`), 'k: one line up at once');
    await t.press('g', () => strip(t.lastFrame()!).includes(`Lines 1-27/${total}`), 'g to the top');
    // each group once; why k is kill is explained
    expect(strip(t.lastFrame()!).match(/^Table$/gm)).toHaveLength(1);
    expect(strip(t.lastFrame()!)).toContain('k is kill, as in htop');
    await t.press(KEY.escape, () => !/\bKeys\b/.test(strip(t.lastFrame()!)), 'closed');
  });

  it('? help with a remapped key shows the live binding', async () => {
    const s = setup({ list: procs(5), size: { columns: 100, rows: 70 }, keys: { kill: ['x', 'F9'] } });
    const r = render(<App controller={s.controller} size={{ columns: 100, rows: 70 }} />);
    await waitFor(() => selectedPid(r.lastFrame()) !== null, 'the first frame');
    await new Promise((res) => setTimeout(res, 10));
    r.stdin.write('?');
    await waitFor(() => /\bKeys\b/.test(strip(r.lastFrame()!)), 'the help');
    expect(strip(r.lastFrame()!)).toMatch(/x F9\s+kill/);
    expect(strip(r.lastFrame()!)).toMatch(/K\s+kthreads/);
    expect(strip(r.lastFrame()!)).toMatch(/Esc\s+close/);
  });

  it('the mouse: the wheel moves, a click selects a row, a click on the header sorts', async () => {
    const t = await mount(procs(30));
    // SGR reports are 1-based: line 4 is the third row (the table header is line 1)
    await t.press('\x1b[<0;10;4M', () => selectedPid(t.lastFrame()) === 1002, 'a click on the third row');
    t.stdin.write('\x1b[<0;10;4m'); // the release does nothing
    await t.press('\x1b[<65;10;4M', () => selectedPid(t.lastFrame()) === 1005, 'wheel down');
    await t.press('\x1b[<64;10;4M', () => selectedPid(t.lastFrame()) === 1002, 'wheel up');
    const header = plainLines(t.lastFrame())[0];
    const memX = header.indexOf('MEM') + 1;
    await t.press(`\x1b[<0;${memX + 1};1M`, () => t.controller.state.sort.kind === 'UsageMem', 'a click on MEM');
    expect(plainLines(t.lastFrame())[0]).toContain('MEM▼');
  });

  it('q and F10 quit, Ctrl-C too', async () => {
    for (const key of ['q', '\x1b[21~', KEY.ctrlC]) {
      const t = await mount(procs(5));
      let quit = false;
      t.controller.onQuit = () => {
        quit = true;
      };
      t.stdin.write(key);
      await waitFor(() => quit, `quit on ${JSON.stringify(key)}`);
      t.unmount();
    }
  });

  it('the header shows meters, tasks by state, load, uptime and host; # hides it', async () => {
    const list = [
      ...procs(5),
      proc({ pid: 2000, comm: 'z', stat: { state: 'Z' } }),
      proc({ pid: 2001, comm: 'r', stat: { state: 'R' } }),
      proc({ pid: 2002, comm: 'd', stat: { state: 'D' } }),
    ];
    const t = await mount(list, { showHeader: true }, { columns: 130, rows: 24 });
    const text = strip(t.lastFrame()!);
    expect(text).toContain('Tasks: 8, 1 running, 5 sleeping, 1 disk, 1 zombie');
    expect(text).toContain('Load average: 0.00 0.00 0.00');
    expect(text).toContain('Uptime: 1 day, 00:00:00');
    expect(text).toContain('Host: testhost  Kernel: 6.1.0-test');
    expect(text).toMatch(/0\[\s+0\.0%\]/);
    expect(text).toMatch(/Mem\[/);
    expect(text).toMatch(/Swp\[/);
    const tasksLine = plainLines(t.lastFrame()).findIndex((l) => l.includes('Tasks:'));
    expect(tasksLine).toBeLessThan(4);
    await t.press('#', () => !strip(t.lastFrame()!).includes('Tasks:'), 'the header hidden');
  });

  it('redraws to a new size: every line fits, the window grows', async () => {
    const s = setup({ list: procs(100), size: SIZE, initial: { showHeader: false } });
    const r = render(<App controller={s.controller} size={SIZE} />);
    await waitFor(() => rowPids(r.lastFrame()).length === 10, 'the first frame');
    r.rerender(<App controller={s.controller} size={{ columns: 60, rows: 20 }} />);
    await waitFor(() => rowPids(r.lastFrame()).length === 16, 'the resized frame');
    for (const l of plainLines(r.lastFrame())) expect(l.length).toBeLessThanOrEqual(60);
  });
});
