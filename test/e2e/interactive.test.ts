// End-to-end tests of the interactive UI in a real terminal (tmux), against real processes this
// file starts. The UI contract these tests hold it to:
//   - started as `env -u CI node dist/cli.js --theme mono`, 120x40 by default;
//   - the header has `Tasks:` and `Load average:`, the table header `PID` and `COMMAND`;
//   - with the mono theme the selected row is the only inverse-video thing on the screen apart
//     from the key bar's key labels (the key bar is the last non-empty line);
//   - Down moves the selection one row; `/` opens `Filter: <text>` on the status line and narrows
//     the table live, Enter keeps it; `t` toggles the tree (├ └ ─); `k` opens `Send signal` with
//     TERM highlighted, Enter asks `y/N`, `y` sends; `?` shows `Keys`; Enter opens the detail view
//     (`PID <pid>` on its first line, tabs `State` and `Memory`), Esc returns with the same row
//     selected; a resize redraws to the new size; `q` quits and restores the screen.
//
// `--delay 30` keeps the table from refreshing (and re-sorting) while a test looks at rows; every
// wait polls the screen, none sleeps for a fixed time.

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, emptyHomeDir, cleanupCliHelpers } from '../helpers/cli.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { childrenOf, isAlive, killAllProcs, spawnHostile, spawnNamed, spawnTree, type HostileProc, type TestProc, type TestTree } from '../helpers/procs.js';
import { CLI, displayWidth, inverseText, killAllTmux, plain, segments, startTmux, type TmuxSession } from '../helpers/tmux.js';

const PTOP = [process.execPath, CLI, '--theme', 'mono', '--delay', '30'];

let named: TestProc;
let tree: TestTree;
let hostile: HostileProc;
let t: TmuxSession | null = null;

beforeAll(async () => {
  ensureBuilt();
  [named, tree, hostile] = await Promise.all([spawnNamed(), spawnTree(), spawnHostile()]);
});

afterEach(() => {
  t?.kill();
  t = null;
});

afterAll(async () => {
  killAllTmux();
  await killAllProcs();
  cleanupCliHelpers();
});

// ---- screen helpers ------------------------------------------------------------------------

const ENV = () => ({ HOME: emptyHomeDir() });

/** The screen as numbered lines, for assertion messages. */
function dump(s: TmuxSession, escapes = false): string {
  const text = s.capture({ escapes });
  return `screen (${s.cols}x${s.rows}):\n` + (escapes ? text.replace(/\x1b/g, '\\e') : text).split('\n').map((l, i) => `${String(i).padStart(2)}|${l}`).join('\n');
}

function lastNonEmpty(lines: string[]): number {
  for (let i = lines.length - 1; i >= 0; i--) if (lines[i].trim() !== '') return i;
  return -1;
}

/** PID at the start of a table row (after an optional one-character marker), or null. */
function leadingPid(line: string): number | null {
  const m = /^\s*(?:[^\s\d]\s*)?(\d+)\s/.exec(line);
  return m ? Number(m[1]) : null;
}

function tableHeaderIndex(lines: string[]): number {
  return lines.findIndex((l) => /\bPID\b/.test(l) && /\bCOMMAND\b/.test(l));
}

/** Table rows: lines below the table header and above the key bar that start with a PID. */
function tableRows(lines: string[]): Array<{ index: number; pid: number; text: string }> {
  const hdr = tableHeaderIndex(lines);
  const kb = lastNonEmpty(lines);
  const out: Array<{ index: number; pid: number; text: string }> = [];
  if (hdr < 0) return out;
  for (let i = hdr + 1; i < kb; i++) {
    const pid = leadingPid(lines[i]);
    if (pid !== null) out.push({ index: i, pid, text: lines[i] });
  }
  return out;
}

interface Selection {
  index: number;
  pid: number | null;
  text: string;
}

/** The inverse-video lines above the key bar of a `capture -e` screen. */
function inverseLines(escScreen: string): Selection[] {
  const esc = escScreen.split('\n');
  const txt = esc.map(plain);
  const kb = lastNonEmpty(txt);
  const out: Selection[] = [];
  for (let i = 0; i < kb; i++) {
    if (inverseText(esc[i]) !== '') out.push({ index: i, pid: leadingPid(txt[i]), text: txt[i] });
  }
  return out;
}

/** The one child of `pid` (ptop started from the shell in the pane), or null. */
function childOf(pid: number): number | null {
  const kids = childrenOf(pid);
  return kids.length === 1 ? kids[0] : null;
}

/** The state letter of a process (T: stopped). */
function procState(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

let preload: string | null = null;

/** A module for node --import that makes ptop throw an uncaught error on SIGUSR2. */
function crashPreload(): string {
  if (!preload) {
    preload = join(mkdtempSync(join(tmpdir(), 'ptop-e2e-crash-')), 'crash.mjs');
    writeFileSync(preload, "process.on('SIGUSR2', () => { throw new Error('e2e crash'); });\n");
  }
  return preload;
}

/** The one selected row (inverse video, above the key bar), or null when there is not exactly one. */
function selectionOf(escScreen: string): Selection | null {
  const inv = inverseLines(escScreen);
  return inv.length === 1 ? inv[0] : null;
}

/** The first key label of the key bar (the first inverse run on the last non-empty line). */
function keyBarLabel(escScreen: string): string {
  const esc = escScreen.split('\n');
  const kb = lastNonEmpty(esc.map(plain));
  return kb < 0 ? '' : (inverseText(esc[kb]).split('|')[0] ?? '').trim();
}

async function startPtop(args: string[] = [], size: { cols?: number; rows?: number } = {}): Promise<TmuxSession> {
  t = startTmux({ cols: size.cols ?? 120, rows: size.rows ?? 40, command: [...PTOP, ...args], env: ENV() });
  await t.waitFor((s) => s.includes('Tasks:') && s.includes('Load average:') && tableHeaderIndex(s.split('\n')) >= 0, {
    what: 'the header (Tasks:, Load average:) and the table header (PID, COMMAND)',
  });
  // and a selected row
  await t.waitFor((s) => selectionOf(s)?.pid != null, { escapes: true, what: 'one selected (inverse) row with a PID' });
  return t;
}

/** Open the filter and type `text` one character at a time, waiting for each to be echoed. */
async function filterTo(s: TmuxSession, text: string): Promise<void> {
  s.send('/');
  await s.waitFor('Filter:', { what: 'the filter input (Filter:)' });
  for (let i = 1; i <= text.length; i++) {
    s.type(text[i - 1]);
    const sofar = text.slice(0, i);
    await s.waitFor((scr) => scr.includes(`Filter: ${sofar}`), { what: `the filter input to show "Filter: ${sofar}"` });
  }
}

/** Wait until every table row belongs to `pids` and all of `mustShow` are there. */
async function waitForRows(s: TmuxSession, mustShow: number[], allowed: (pid: number, text: string) => boolean): Promise<string[]> {
  const screen = await s.waitFor(
    (scr) => {
      const rows = tableRows(scr.split('\n'));
      return mustShow.every((p) => rows.some((r) => r.pid === p)) && rows.every((r) => allowed(r.pid, r.text));
    },
    { what: `the table narrowed to PIDs ${mustShow.join(', ')}` },
  );
  return screen.split('\n');
}

// ---- tests ---------------------------------------------------------------------------------

describe('interactive UI in tmux', () => {
  it('shows the header, the table and one selected row; only the selection and key labels are inverse', async () => {
    const s = await startPtop();
    const lines = s.lines();
    const tasksAt = lines.findIndex((l) => l.includes('Tasks:'));
    expect(tasksAt, dump(s)).toBeGreaterThanOrEqual(0);
    expect(tasksAt, dump(s)).toBeLessThan(4);
    expect(lines.some((l) => l.includes('Load average:')), dump(s)).toBe(true);
    const hdr = tableHeaderIndex(lines);
    expect(hdr, dump(s)).toBeGreaterThan(tasksAt);
    const rows = tableRows(lines);
    expect(rows.length, dump(s)).toBeGreaterThan(5);
    // mono: exactly one inverse line above the key bar, and it is a table row
    const esc = s.capture({ escapes: true });
    const inv = inverseLines(esc);
    expect(inv.length, dump(s, true)).toBe(1);
    expect(inv[0].index).toBeGreaterThan(hdr);
    expect(inv[0].pid).not.toBeNull();
    // the key bar: the last non-empty line, with inverse key labels, at the bottom
    expect(keyBarLabel(esc), dump(s, true)).not.toBe('');
    expect(lastNonEmpty(lines)).toBeGreaterThanOrEqual(s.rows - 2);
    // and the rest of the mono screen has no colour at all
    for (const line of esc.split('\n')) {
      for (const seg of segments(line)) {
        expect(seg.params.filter((p) => /^(3[0-7]|9[0-7]|4[0-7]|10[0-7]|38;|48;)/.test(p)), `${line}`).toEqual([]);
      }
    }
    // the alternate screen is in use
    expect(s.format('#{alternate_on}')).toBe('1');
  });

  it('Down moves the selection to the next row', async () => {
    const s = await startPtop();
    const esc = s.capture({ escapes: true });
    const before = selectionOf(esc)!;
    const lines = esc.split('\n').map(plain);
    const next = leadingPid(lines[before.index + 1]);
    expect(next, dump(s)).not.toBeNull();
    s.send('Down');
    const after = await s.waitFor((scr) => selectionOf(scr)?.index === before.index + 1, {
      escapes: true,
      what: `the selection to move from line ${before.index} to ${before.index + 1}`,
    });
    expect(selectionOf(after)!.pid).toBe(next);
    s.send('Down');
    await s.waitFor((scr) => selectionOf(scr)?.index === before.index + 2, { escapes: true, what: 'a second Down' });
  });

  it('/ filters the table live to a test process; Enter keeps the filter', async () => {
    const s = await startPtop();
    const serverPid = s.serverPid();
    await filterTo(s, named.name);
    let lines = await waitForRows(s, [named.pid], (_pid, text) => text.includes(named.name));
    let rows = tableRows(lines);
    expect(rows.map((r) => r.pid), dump(s)).toEqual([named.pid]);
    expect(rows.some((r) => r.pid === serverPid)).toBe(false);
    expect(lines.join('\n')).toContain(`Filter: ${named.name}`);
    s.send('Enter');
    // the filter stays applied after Enter (and the selection is on the one row left)
    const screen = await s.waitFor((scr) => selectionOf(scr)?.pid === named.pid, { escapes: true, what: `the row of ${named.pid} selected` });
    lines = screen.split('\n').map(plain);
    rows = tableRows(lines);
    expect(rows.map((r) => r.pid), dump(s)).toEqual([named.pid]);
  });

  it('t shows the tree: the test child is drawn under its parent with a branch glyph', async () => {
    const s = await startPtop();
    s.send('t');
    await s.waitFor(/[├└]─/, { what: 'tree glyphs ├─ or └─' });
    await filterTo(s, tree.token);
    const lines = await waitForRows(s, [tree.parent.pid, tree.child.pid], () => true);
    const rows = tableRows(lines);
    const p = rows.find((r) => r.pid === tree.parent.pid)!;
    const c = rows.find((r) => r.pid === tree.child.pid)!;
    expect(c.index, dump(s)).toBeGreaterThan(p.index);
    expect(c.text, dump(s)).toMatch(new RegExp(`[├└]─+\\s?${tree.child.name}`));
    expect(c.text.indexOf(tree.child.name)).toBeGreaterThan(p.text.indexOf(tree.parent.name));
    // nothing between them but the parent's other descendants (it has none)
    expect(c.index, dump(s)).toBe(p.index + 1);
  });

  it('k, Enter, y sends SIGTERM to the selected process', async () => {
    const victim = await spawnNamed();
    const s = await startPtop();
    await filterTo(s, victim.name);
    await waitForRows(s, [victim.pid], (pid) => pid === victim.pid);
    s.send('Enter');
    await s.waitFor((scr) => selectionOf(scr)?.pid === victim.pid, { escapes: true, what: `the victim ${victim.pid} selected` });
    s.send('k');
    const menu = await s.waitFor('Send signal', { what: 'the signal menu (Send signal)' });
    expect(menu).toMatch(/\bTERM\b/);
    const esc = s.capture({ escapes: true }).split('\n');
    const highlighted = esc.map(inverseText).filter((x) => x !== '');
    expect(
      highlighted.some((x) => /\bTERM\b/.test(x)),
      `TERM highlighted in the menu; inverse runs: ${JSON.stringify(highlighted)}\n${dump(s, true)}`,
    ).toBe(true);
    expect(isAlive(victim.pid)).toBe(true);
    s.send('Enter');
    await s.waitFor(/y\/N/, { what: 'the confirmation (y/N)' });
    expect(isAlive(victim.pid), 'nothing is sent before the confirmation').toBe(true);
    s.send('y');
    const result = await Promise.race([
      victim.exited,
      new Promise<null>((r) => setTimeout(() => r(null), 10000)),
    ]);
    expect(result, `the victim did not exit within 10 s; ${dump(s)}`).not.toBeNull();
    expect(result!.signal).toBe('SIGTERM');
    expect(isAlive(victim.pid)).toBe(false);
  });

  it('redraws to the new size after a resize', async () => {
    const s = await startPtop();
    const label = keyBarLabel(s.capture({ escapes: true }));
    expect(label, dump(s, true)).not.toBe('');
    const laidOut = (cols: number, rows: number) => (scr: string) => {
      const esc = scr.split('\n');
      const lines = esc.map(plain);
      const kb = lastNonEmpty(lines);
      return (
        kb >= rows - 2 &&
        keyBarLabel(scr) === label &&
        lines.slice(0, 4).some((l) => l.includes('Tasks:')) &&
        tableHeaderIndex(lines) >= 0 &&
        lines.every((l) => displayWidth(l) <= cols)
      );
    };
    for (const [cols, rows] of [
      [150, 50],
      [80, 24],
      [100, 30],
    ] as const) {
      s.resize(cols, rows);
      const scr = await s.waitFor(laidOut(cols, rows), { escapes: true, what: `a redraw at ${cols}x${rows}` });
      const lines = scr.split('\n').map(plain);
      const hdr = tableHeaderIndex(lines);
      const kb = lastNonEmpty(lines);
      // between the table header and the key bar: rows only (no wrapped or stale lines), except
      // the status line right above the key bar
      const stray = lines.slice(hdr + 1, kb - 1).filter((l) => l.trim() !== '' && leadingPid(l) === null);
      expect(stray, dump(s)).toEqual([]);
      expect(tableRows(lines).length, dump(s)).toBeGreaterThan(0);
      expect(inverseLines(scr).length, dump(s, true)).toBe(1);
    }
  });

  // every way out puts the shell's screen, the cursor and the tty mode back; Ctrl-Z too, and fg
  // brings ptop back working
  const WAYS_OUT: Array<{ way: string; rc: number; out: (s: TmuxSession, pid: number) => void }> = [
    { way: 'q', rc: 0, out: (s) => s.send('q') },
    { way: 'SIGTERM', rc: 143, out: (_s, pid) => process.kill(pid, 'SIGTERM') },
    { way: 'SIGHUP', rc: 129, out: (_s, pid) => process.kill(pid, 'SIGHUP') },
    // an uncaught error inside ptop: a preload throws from a SIGUSR2 handler
    { way: 'an uncaught error', rc: 70, out: (_s, pid) => process.kill(pid, 'SIGUSR2') },
  ];

  /** bash in tmux with a marker on its screen, then ptop started from it; ptop's pid. */
  async function ptopFromBash(extra: string[] = []): Promise<{ s: TmuxSession; pid: number; marker: string; prompt: string }> {
    const marker = `MARKER-${Math.random().toString(36).slice(2, 10)}`;
    const prompt = 'ptop-e2e-prompt$';
    t = startTmux({ cols: 120, rows: 40, command: ['bash', '--norc', '--noprofile', '-i'], env: { ...ENV(), PS1: `${prompt} ` } });
    const s = t;
    await s.waitFor((scr) => scr.trimEnd().endsWith(prompt), { what: 'the bash prompt' });
    s.type(`echo ${marker}`);
    s.send('Enter');
    await s.waitFor((scr) => scr.split('\n').some((l) => l === marker), { what: 'the marker echoed' });
    s.type([process.execPath, ...extra, ...PTOP.slice(1)].join(' '));
    s.send('Enter');
    const started = (scr: string) => scr.includes('Tasks:') && tableHeaderIndex(scr.split('\n')) >= 0;
    // stop early if ptop exits at once (a prompt comes back below the command line)
    const returned = (scr: string) => {
      const ls = scr.split('\n');
      const cmd = ls.findIndex((l) => l.startsWith(`${prompt} ${process.execPath}`));
      return cmd >= 0 && ls.slice(cmd + 1).some((l) => l.trimEnd() === prompt);
    };
    const first = await s.waitFor((scr) => started(scr) || returned(scr), { what: 'ptop started from bash' });
    expect(started(first), `ptop did not start or exited at once; ${dump(s)}`).toBe(true);
    expect(s.capture()).not.toContain(marker);
    expect(s.format('#{alternate_on}')).toBe('1');
    const pid = childOf(s.panePid());
    expect(pid, 'ptop is the shell\'s child').not.toBeNull();
    return { s, pid: pid!, marker, prompt };
  }

  /** The shell's screen is back: the marker, the command, a fresh prompt; normal screen, cursor shown, cooked tty; `$?` is rc. */
  async function expectShellBack(s: TmuxSession, marker: string, prompt: string, rc: number, what: string): Promise<string> {
    const back = await s.waitFor(
      (scr) => {
        const ls = scr.split('\n');
        return ls.some((l) => l === marker) && ls[lastNonEmpty(ls)].trimEnd() === prompt && !scr.includes('Tasks:');
      },
      { what: `the marker and a fresh prompt after ${what}` },
    );
    const ls = back.split('\n');
    const markerAt = ls.indexOf(marker);
    const cmdAt = ls.findIndex((l) => l.includes(`${prompt} ${process.execPath}`));
    expect(cmdAt, dump(s)).toBeGreaterThan(markerAt);
    expect(lastNonEmpty(ls)).toBeGreaterThan(cmdAt);
    expect(s.format('#{alternate_on}')).toBe('0');
    expect(s.format('#{cursor_flag}'), 'the cursor is visible again').toBe('1');
    s.type('echo "rc=$?"; stty -a | grep -qE "(^| )-(icanon|echo)( |;|$)" && echo TTY-RAW || echo TTY-COOKED');
    s.send('Enter');
    const after = await s.waitFor((scr) => /^TTY-(RAW|COOKED)$/m.test(scr), { what: 'the stty check' });
    expect(after.split('\n'), dump(s)).toContain(`rc=${rc}`);
    expect(after.split('\n'), dump(s)).toContain('TTY-COOKED');
    return after;
  }

  for (const { way, rc, out } of WAYS_OUT) {
    it(`${way} ends ptop and restores the shell screen and terminal modes (exit status ${rc})`, async () => {
      const preload = way === 'an uncaught error' ? ['--import', crashPreload()] : [];
      const { s, pid, marker, prompt } = await ptopFromBash(preload);
      out(s, pid);
      const after = await expectShellBack(s, marker, prompt, rc, way);
      // a crash prints its error after the screen is restored, so it stays readable
      if (way === 'an uncaught error') expect(after, dump(s)).toContain('ptop: internal error: Error: e2e crash');
    });
  }

  it('Ctrl-Z gives the terminal back to the shell; fg brings ptop back, and its keys work', async () => {
    const { s, pid, marker, prompt } = await ptopFromBash();
    s.send('C-z');
    await s.waitFor((scr) => /Stopped/.test(scr) && scr.split('\n')[lastNonEmpty(scr.split('\n'))].trimEnd() === prompt, { what: 'the job stopped and a prompt' });
    expect(s.capture(), dump(s)).toContain(marker);
    expect(s.format('#{alternate_on}')).toBe('0');
    expect(s.format('#{cursor_flag}')).toBe('1');
    expect(procState(pid)).toBe('T');
    s.type('fg');
    s.send('Enter');
    const again = await s.waitFor((scr) => scr.includes('Tasks:') && tableHeaderIndex(scr.split('\n')) >= 0 && selectionOf(s.capture({ escapes: true })) !== null, { what: 'ptop back after fg' });
    expect(s.format('#{alternate_on}')).toBe('1');
    // raw mode is back: a key moves the selection instead of echoing
    const before = selectionOf(s.capture({ escapes: true }))!.index;
    s.send('Down');
    await s.waitFor(() => (selectionOf(s.capture({ escapes: true }))?.index ?? before) !== before, { what: 'Down to move the selection after fg' });
    expect(again).not.toContain('^[[B');
    s.send('q');
    await expectShellBack(s, marker, prompt, 0, 'q after fg');
  });

  it('Ctrl-Z with no job control (ptop is the terminal\'s own process): says it could not suspend and carries on', async () => {
    const s = await startPtop();
    s.send('C-z');
    await s.waitFor((scr) => scr.includes('Could not suspend: the shell that started ptop has no job control') && selectionOf(s.capture({ escapes: true })) !== null, { what: 'the message, the screen back' });
    expect(s.format('#{alternate_on}')).toBe('1');
    const before = selectionOf(s.capture({ escapes: true }))!.index;
    s.send('Down');
    await s.waitFor(() => (selectionOf(s.capture({ escapes: true }))?.index ?? before) !== before, { what: 'Down to move the selection' });
  });

  it('a process with escape sequences in its comm and argv cannot disturb the screen', async () => {
    const s = await startPtop();
    const label = keyBarLabel(s.capture({ escapes: true }));
    await filterTo(s, hostile.token);
    const lines = await waitForRows(s, [hostile.pid], (pid) => pid === hostile.pid);
    const check = (where: string, inTable: boolean) => {
      const esc = s.capture({ escapes: true });
      const ls = s.lines();
      const msg = `${where}\n${dump(s)}`;
      // the frame is intact: header (or the detail title) on top, nothing wider than the pane
      if (inTable) {
        expect(ls.slice(0, 4).some((l) => l.includes('Tasks:')), msg).toBe(true);
        // the key bar is still on the last line
        expect(lastNonEmpty(ls), msg).toBeGreaterThanOrEqual(s.rows - 2);
        expect(keyBarLabel(esc), msg).toBe(label);
      } else {
        expect(ls[0], msg).toContain(`PID ${hostile.pid}`);
        // a key bar still at the bottom: nothing pushed it down or off
        expect(lastNonEmpty(ls), msg).toBeGreaterThanOrEqual(s.rows - 2);
        expect(keyBarLabel(esc), msg).not.toBe('');
      }
      for (const l of ls) expect(displayWidth(l), `${msg}\nline: ${l}`).toBeLessThanOrEqual(s.cols);
      // no escape got through: no red (ESC[31m), no clipboard write (OSC 52), no title (OSC 0)
      const params = esc.split('\n').flatMap((l) => segments(l).flatMap((x) => x.params));
      expect(params.filter((x) => x === '31'), `red on the screen: ${msg}`).toEqual([]);
      expect(s.buffers(), 'an OSC 52 reached tmux and set a paste buffer').toEqual([]);
      expect(s.format('#{pane_title}')).not.toContain('pwned');
      expect(ls.join('\n')).not.toContain('\u202e');
    };
    const row = tableRows(lines).find((r) => r.pid === hostile.pid)!;
    expect(row.text, dump(s)).toContain('\uFFFD');
    expect(row.text).toContain('\uFFFD]52;c;aGVsbG8=');
    // Enter keeps the filter and gives the keys back to the table (and the usual key bar)
    s.send('Enter');
    await s.waitFor((scr) => selectionOf(scr)?.pid === hostile.pid && keyBarLabel(scr) === label, {
      escapes: true,
      what: 'the hostile row selected, the table key bar back',
    });
    check('table filtered to the hostile process', true);
    // the detail view shows more of it (comm, full command line)
    s.send('Enter');
    await s.waitFor((scr) => (scr.split('\n')[0] ?? '').includes(`PID ${hostile.pid}`), { what: `the detail view of ${hostile.pid}` });
    check('detail view of the hostile process', false);
    // its command line is shown, with U+FFFD in place of each control character
    expect(s.capture(), dump(s)).toContain('\uFFFD]52;c;aGVsbG8=\uFFFD\uFFFD[2J\uFFFD[31mred\uFFFDevil\uFFFD2nd-line');
  });

  it('? shows the key help overlay and Esc closes it', async () => {
    const s = await startPtop();
    expect(s.capture()).not.toMatch(/\bKeys\b/);
    s.send('?');
    await s.waitFor(/\bKeys\b/, { what: 'the help overlay (Keys)' });
    s.send('Escape');
    await s.waitFor((scr) => !/\bKeys\b/.test(scr) && tableHeaderIndex(scr.split('\n')) >= 0, { what: 'the overlay to close' });
  });

  it('Enter opens the detail view of the selected row; Esc returns with it still selected', async () => {
    const s = await startPtop();
    const start = selectionOf(s.capture({ escapes: true }))!;
    s.send('Down');
    s.send('Down');
    const settled = await s.waitFor((scr) => selectionOf(scr)?.index === start.index + 2, { escapes: true, what: 'two Downs' });
    const chosen = selectionOf(settled)!;
    expect(chosen.pid, dump(s)).not.toBeNull();
    expect(chosen.pid).not.toBe(start.pid);
    s.send('Enter');
    const detail = await s.waitFor((scr) => (scr.split('\n')[0] ?? '').includes(`PID ${chosen.pid}`), {
      what: `the detail view with "PID ${chosen.pid}" on its first line`,
    });
    expect(detail, dump(s)).toMatch(/\bState\b/);
    expect(detail, dump(s)).toMatch(/\bMemory\b/);
    s.send('Escape');
    const back = await s.waitFor((scr) => tableHeaderIndex(scr.split('\n').map(plain)) >= 0 && selectionOf(scr) !== null, {
      escapes: true,
      what: 'the table again',
    });
    expect(selectionOf(back)!.pid, dump(s, true)).toBe(chosen.pid);
    expect(plain(back.split('\n')[0])).not.toContain(`PID ${chosen.pid}`);
  });
});
