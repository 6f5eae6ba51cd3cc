// End-to-end tests of ps mode: the built CLI (`node dist/cli.js`) with stdout on a pipe, checked
// against real processes this file starts (uniquely named sleepers, a parent/child pair, and a
// process whose comm and argv are full of terminal escape sequences).

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanupCliHelpers, ensureBuilt, headerCells, outLines, ptopEnv, REPO_ROOT, rowPid, rowPids, runPtop } from '../helpers/cli.js';
import { killAllProcs, spawnHostile, spawnNamed, spawnTree, type HostileProc, type TestProc, type TestTree } from '../helpers/procs.js';

let a: TestProc;
let b: TestProc;
let tree: TestTree;
let hostile: HostileProc;
let tmp: string;

beforeAll(async () => {
  ensureBuilt();
  tmp = mkdtempSync(join(tmpdir(), 'ptop-e2e-ps-'));
  [a, b, tree, hostile] = await Promise.all([spawnNamed(), spawnNamed(), spawnTree(), spawnHostile()]);
});

afterAll(async () => {
  await killAllProcs();
  cleanupCliHelpers();
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

function ok(args: string[], env?: Record<string, string | undefined>) {
  const r = runPtop(args, { env });
  expect(r.stderr, `stderr of ptop ${args.join(' ')}`).toBe('');
  expect(r.status, `exit status of ptop ${args.join(' ')}`).toBe(0);
  return r;
}

function writeTmp(name: string, text: string): string {
  const p = join(tmp, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

/** A config whose [[columns]] are `kinds`; as in procs, the search flags are per column. */
const threeColumns = (kinds: string[]) =>
  kinds
    .map((k) => {
      const search = k === 'Pid' ? 'numeric_search = true\n' : k === 'Command' ? 'nonnumeric_search = true\n' : '';
      return `[[columns]]\nkind = "${k}"\n${search}`;
    })
    .join('\n');

/** VmRSS of a process in bytes, from /proc/PID/status. */
function vmRss(pid: number): number {
  const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!m) throw new Error(`no VmRSS for ${pid}`);
  return Number(m[1]) * 1024;
}

const PAGE = 4096;
const statRss = (pid: number) => {
  const t = readFileSync(`/proc/${pid}/stat`, 'latin1');
  return Number(t.slice(t.lastIndexOf(')') + 2).split(' ')[21]) * PAGE;
};
const statmRss = (pid: number) => Number(readFileSync(`/proc/${pid}/statm`, 'latin1').split(' ')[1]) * PAGE;

/** "976K" / "1.5M" / "170M" / "2.1G" → bytes (approximately: the display rounds). */
function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([BKMGTP]?)i?B?$/.exec(s);
  if (!m) return NaN;
  const mult: Record<string, number> = { '': 1, B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4, P: 1024 ** 5 };
  return Number(m[1]) * mult[m[2]];
}

describe('ps mode: listing and keywords', () => {
  it('lists a named child when piped, one line per process, exit 0', () => {
    const r = ok([]);
    const mine = outLines(r.stdout).filter((l) => l.includes(a.name));
    expect(mine).toHaveLength(1);
    expect(rowPid(mine[0])).toBe(a.pid);
    expect(mine[0]).toContain(`${a.name} 3600`);
    // the other child is listed too, and the header is the first line
    expect(rowPids(r.stdout)).toContain(b.pid);
    expect(outLines(r.stdout)[0]).toMatch(/PID/);
  });

  it('`ptop <pid>` shows exactly that process', () => {
    const r = ok([String(a.pid)]);
    expect(rowPids(r.stdout)).toEqual([a.pid]);
    expect(r.stdout).toContain(a.name);
  });

  it('`ptop <name>` finds a process by a substring of its command', () => {
    const sub = a.name.slice(5); // "e2e-xxxxxx": not a prefix, still unique
    const r = ok([sub]);
    expect(rowPids(r.stdout)).toEqual([a.pid]);
  });

  it('--or shows processes matching either keyword', () => {
    const r = ok(['--or', a.name, b.name]);
    expect(rowPids(r.stdout).sort((x, y) => x - y)).toEqual([a.pid, b.pid].sort((x, y) => x - y));
  });

  it('--and (the default) needs every keyword to match', () => {
    expect(rowPids(ok(['--and', a.name, b.name]).stdout)).toEqual([]);
    expect(rowPids(ok([a.name, b.name]).stdout)).toEqual([]);
    // the name and a piece of it both match a
    expect(rowPids(ok(['--and', a.name, a.name.slice(-6)]).stdout)).toEqual([a.pid]);
  });

  it('--nor shows the processes that match none of the keywords', () => {
    const r = ok(['--nor', a.name, b.name]);
    const pids = rowPids(r.stdout);
    expect(pids).not.toContain(a.pid);
    expect(pids).not.toContain(b.pid);
    expect(pids).toContain(tree.parent.pid);
    expect(pids).toContain(process.pid);
    expect(r.stdout).not.toContain(a.name);
  });
});

describe('ps mode: tree', () => {
  function checkTree(stdout: string) {
    const lines = outLines(stdout);
    const pIdx = lines.findIndex((l) => rowPid(l) === tree.parent.pid);
    const cIdx = lines.findIndex((l) => rowPid(l) === tree.child.pid);
    expect(pIdx, `parent ${tree.parent.pid} in\n${stdout}`).toBeGreaterThan(0);
    // the parent has one child: the child's row comes right below it
    expect(cIdx).toBe(pIdx + 1);
    const parentLine = lines[pIdx];
    const childLine = lines[cIdx];
    // the child is drawn with a branch glyph right before its name, further right than the parent's name
    expect(childLine).toMatch(new RegExp(`[├└]─+\\s?${tree.child.name} 3600`));
    const parentAt = parentLine.indexOf(`${tree.parent.name} -c`);
    const childAt = childLine.indexOf(`${tree.child.name} 3600`);
    expect(parentAt).toBeGreaterThan(0);
    expect(childAt).toBeGreaterThan(parentAt);
    // and the parent sits somewhere below the test process that started it
    const selfIdx = lines.findIndex((l) => rowPid(l) === process.pid);
    expect(selfIdx).toBeGreaterThan(0);
    expect(selfIdx).toBeLessThan(pIdx);
    return { parentLine, childLine };
  }

  it('--once --tree shows the child indented under its parent with ├/└/─ glyphs', () => {
    const r = ok(['--once', '--tree']);
    const { parentLine } = checkTree(r.stdout);
    expect(parentLine).toMatch(new RegExp(`[├└][─┬]+\\s?${tree.parent.name} -c`));
  });

  it('--tree with a keyword keeps the ancestors of the matches', () => {
    const r = ok(['--once', '--tree', tree.token]);
    checkTree(r.stdout);
    expect(rowPids(r.stdout)).toContain(1);
    expect(rowPids(r.stdout)).not.toContain(a.pid);
  });
});

describe('ps mode: JSON', () => {
  it('--json is an array with real numbers, argv and ppid of a named child', () => {
    const r = ok(['--json']);
    const data = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(Array.isArray(data)).toBe(true);
    const me = data.filter((p) => p.pid === a.pid);
    expect(me).toHaveLength(1);
    const e = me[0];
    expect(e.ppid).toBe(process.pid);
    expect(e.comm).toBe(a.name);
    expect(e.cmdline).toEqual(a.argv);
    expect(e.state).toBe('S');
    expect(typeof e.vm_rss).toBe('number');
    expect(Number.isInteger(e.vm_rss)).toBe(true);
    expect(e.vm_rss as number).toBeGreaterThan(0);
    expect(typeof e.usage_cpu).toBe('number');
    expect(typeof e.cpu_time).toBe('number');
    expect(e.uid).toBe(process.getuid!());
    expect(typeof e.user).toBe('string');
    // the tree child's parent is the tree parent
    const kid = data.find((p) => p.pid === tree.child.pid);
    expect(kid?.ppid).toBe(tree.parent.pid);
    expect(kid?.cmdline).toEqual([tree.child.name, '3600']);
  });

  it('--json vm_rss is the resident set size of /proc/PID/status VmRSS (what ps -o rss shows)', () => {
    const before = vmRss(a.pid);
    const e = (JSON.parse(ok(['--json', String(a.pid)]).stdout) as Array<Record<string, unknown>>)[0];
    const after = vmRss(a.pid);
    const rss = e.vm_rss as number;
    // within two pages of VmRSS read just before and after (an idle sleep does not grow)
    const why = `vm_rss ${rss} vs VmRSS ${before}..${after} (stat field 24: ${statRss(a.pid)}, statm: ${statmRss(a.pid)})`;
    expect(rss, why).toBeGreaterThanOrEqual(Math.min(before, after) - 8192);
    expect(rss, why).toBeLessThanOrEqual(Math.max(before, after) + 8192);
  });
});

describe('ps mode: sorting', () => {
  it('--json --sortd vm_rss is in descending RSS order', () => {
    const data = JSON.parse(ok(['--json', '--sortd', 'vm_rss']).stdout) as Array<{ vm_rss: number | null }>;
    const values = data.map((p) => p.vm_rss).filter((v): v is number => typeof v === 'number');
    expect(values.length).toBeGreaterThan(3);
    for (let i = 1; i < values.length; i++) expect(values[i - 1]).toBeGreaterThanOrEqual(values[i]);
  });

  it('--sortd rss prints rows in descending RSS order', () => {
    const r = ok(['--columns', 'pid,rss,command', '--sortd', 'rss', '--no-header']);
    const sizes = outLines(r.stdout).map((l) => parseSize(l.trim().split(/\s+/)[1]));
    const known = sizes.filter((v) => !Number.isNaN(v));
    expect(known.length).toBeGreaterThan(3);
    expect(known.length).toBe(sizes.length);
    // the display rounds (1.1M, 976K): allow the rounding, not a real inversion
    for (let i = 1; i < known.length; i++) expect(known[i - 1] * 1.06).toBeGreaterThanOrEqual(known[i]);
  });

  it('--sortd rss adds the RSS column when it is not shown', () => {
    const r = ok(['--columns', 'pid,command', '--sortd', 'rss']);
    const cells = headerCells(r.stdout);
    expect(cells).toContain('RSS');
    expect(cells).toContain('PID');
    expect(cells).toContain('COMMAND');
    expect(outLines(r.stdout)[0]).toMatch(/RSS▼/);
  });
});

describe('ps mode: configuration', () => {
  it('--config FILE with three columns prints exactly those three headers', () => {
    const file = writeTmp('cli/three.toml', threeColumns(['Pid', 'User', 'Command']));
    const r = ok(['--config', file, a.name]);
    expect(headerCells(r.stdout)).toEqual(['PID', 'USER', 'COMMAND']);
    expect(rowPids(r.stdout)).toEqual([a.pid]);
    expect(ok(['--config', file, '--config-path']).stdout).toBe(`${file}\t--config\n`);
  });

  it('$XDG_CONFIG_HOME/ptop/config.toml is read, and --config-path says so', () => {
    const xdg = join(tmp, 'xdg');
    const file = writeTmp('xdg/ptop/config.toml', threeColumns(['Pid', 'VmRss', 'Command']));
    const env = { XDG_CONFIG_HOME: xdg };
    const r = ok([a.name], env);
    expect(headerCells(r.stdout)).toEqual(['PID', 'RSS', 'COMMAND']);
    expect(rowPids(r.stdout)).toEqual([a.pid]);
    const where = ok(['--config-path'], env).stdout;
    expect(where.split('\t')[0]).toBe(file);
    expect(where.split('\t')[1]).toMatch(/XDG_CONFIG_HOME/);
  });

  it('~/.config/ptop/config.toml is read (HOME), and XDG_CONFIG_HOME wins over it', () => {
    const home = join(tmp, 'home');
    const file = writeTmp('home/.config/ptop/config.toml', threeColumns(['Pid', 'Ppid', 'Command']));
    const r = ok([a.name], { HOME: home });
    expect(headerCells(r.stdout)).toEqual(['PID', 'PPID', 'COMMAND']);
    expect(outLines(r.stdout)[1]).toMatch(new RegExp(`^\\s*${a.pid}\\s+${process.pid}\\s+${a.name} 3600$`));
    const where = ok(['--config-path'], { HOME: home }).stdout;
    expect(where.split('\t')[0]).toBe(file);
    expect(where.split('\t')[1]).toMatch(/\.config\/ptop\/config\.toml/);
    // both present: XDG first
    writeTmp('both/ptop/config.toml', threeColumns(['Pid', 'State', 'Command']));
    const both = ok(['--config-path'], { HOME: home, XDG_CONFIG_HOME: join(tmp, 'both') }).stdout;
    expect(both.split('\t')[0]).toBe(join(tmp, 'both', 'ptop', 'config.toml'));
  });

  it('without any config file --config-path reports the built-in defaults', () => {
    const r = ok(['--config-path']);
    expect(r.stdout).toMatch(/built-in defaults/);
  });

  it('a misspelt column kind exits 2 with file:line:col and a suggestion, no stack trace', () => {
    const file = writeTmp('typo.toml', '[[columns]]\nkind = "Pid"\n\n[[columns]]\nkind = "VmRSS"\n');
    const r = runPtop(['--config', file]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}:5:`);
    expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5:\\d+`));
    expect(r.stderr).toMatch(/did you mean/);
    expect(r.stderr).toMatch(/VmRss/);
    expect(r.stderr).not.toMatch(/^\s{4}at /m);
  });

  it('a TOML syntax error exits 2 with its position, no stack trace', () => {
    const file = writeTmp('syntax.toml', '[display]\ntheme = "dark\nshow_self = true\n');
    const r = runPtop(['--config', file, '--once']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+`));
    expect(r.stderr).not.toMatch(/^\s{4}at /m);
  });

  it('--gen-config output loads back through --config', () => {
    const gen = ok(['--gen-config']);
    expect(gen.stdout.length).toBeGreaterThan(100);
    const file = writeTmp('gen.toml', gen.stdout);
    const withGen = ok(['--config', file, a.name]);
    const plain = ok([a.name]);
    expect(headerCells(withGen.stdout)).toEqual(headerCells(plain.stdout));
    expect(rowPids(withGen.stdout)).toEqual([a.pid]);
  });
});

describe('ps mode: command line', () => {
  it('--help lists every flag', () => {
    const r = ok(['--help']);
    for (const flag of [
      '--once',
      '--json',
      '--tree',
      '--sorta',
      '--sortd',
      '--columns',
      '--config',
      '--theme',
      '--color',
      '--gen-config',
      '--config-path',
      '--and',
      '--or',
      '--nor',
      '--help',
      '--version',
    ]) {
      expect(r.stdout, flag).toMatch(new RegExp(`${flag}\\b(?!-)`));
    }
  });

  it('--version prints the package version', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = ok(['--version']);
    expect(r.stdout.trim()).toMatch(/\d+\.\d+\.\d+/);
    expect(r.stdout).toContain(pkg.version);
  });

  it('an unknown flag exits 2 with a message', () => {
    const r = runPtop(['--no-such-flag']);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--no-such-flag');
    expect(r.stderr).not.toMatch(/^\s{4}at /m);
  });

  it('a misspelt column kind in --columns or --sortd exits 2 naming the closest kinds', () => {
    const tie = runPtop(['--columns', 'pid,usr']);
    expect(tie.status).toBe(2);
    expect(tie.stdout).toBe('');
    expect(tie.stderr).toBe("ptop: --columns: unknown column kind 'usr': did you mean `User` or `Uss`? (see ptop --list)\n");
    const one = runPtop(['--sortd', 'comand']);
    expect(one.status).toBe(2);
    expect(one.stderr).toBe("ptop: --sortd: unknown column 'comand': did you mean `Command`? (see ptop --list)\n");
    expect(runPtop(['--sorta', 'zzzz']).stderr).toBe("ptop: --sorta: unknown column 'zzzz' (see ptop --list)\n");
  });

  it('--once with stdout on a pipe exits 0 by itself', () => {
    const r = runPtop(['--once'], { timeout: 20000 });
    expect(r.signal).toBeNull();
    expect(r.status).toBe(0);
    expect(rowPids(r.stdout)).toContain(a.pid);
  });
});

describe('the bin and its V8 code cache', () => {
  const CLI_PATH = join(REPO_ROOT, 'dist', 'cli.js');
  const run = (cli: string, args: string[], env: Record<string, string> = {}) =>
    // the bin as a user runs it: executed, so its shebang's node flags apply (the cache is made with them)
    spawnSync(cli, args, { env: { ...ptopEnv(), ...env }, encoding: 'utf8', timeout: 20000 });

  it('the build wrote a cache that V8 accepts when ptop runs by its shebang; the output is the same without it', () => {
    expect(existsSync(join(REPO_ROOT, 'dist', 'cli-main.js.cache'))).toBe(true);
    const cached = run(CLI_PATH, ['--once', String(a.pid)], { PTOP_TIMING: '1' });
    expect(cached.status).toBe(0);
    expect(cached.stderr).toMatch(/^ptop timing: code cache accepted$/m);
    expect(rowPids(cached.stdout)).toEqual([a.pid]);
    // `node dist/cli.js` (other flags): V8 rejects the cache, the bundle compiles as usual
    const plain = runPtop(['--once', String(a.pid)], { env: { PTOP_TIMING: '1' } });
    expect(plain.status).toBe(0);
    expect(plain.stderr).toMatch(/^ptop timing: code cache rejected$/m);
    expect(rowPids(plain.stdout)).toEqual([a.pid]);
  });

  it('a damaged or missing cache only costs speed; a lazily loaded part still loads (--gen-config)', () => {
    const copy = join(tmp, 'copy');
    cpSync(join(REPO_ROOT, 'dist'), join(copy, 'dist'), { recursive: true });
    cpSync(join(REPO_ROOT, 'themes'), join(copy, 'themes'), { recursive: true });
    const cli = join(copy, 'dist', 'cli.js');
    const cache = join(copy, 'dist', 'cli-main.js.cache');
    writeFileSync(cache, Buffer.alloc(4096, 0x5a));
    const damaged = run(cli, ['--once', String(b.pid)], { PTOP_TIMING: '1' });
    expect(damaged.status).toBe(0);
    expect(damaged.stderr).toMatch(/^ptop timing: code cache rejected$/m);
    expect(rowPids(damaged.stdout)).toEqual([b.pid]);
    rmSync(cache);
    const missing = run(cli, ['--gen-config'], { PTOP_TIMING: '1' });
    expect(missing.status).toBe(0);
    expect(missing.stderr).toMatch(/^ptop timing: code cache missing$/m);
    expect(missing.stdout).toMatch(/^\[\[columns\]\]$/m);
  });
});

describe("the bin's early read of /proc (started before the bundle compiles)", () => {
  const timed = (args: string[], env: Record<string, string> = {}) => runPtop(args, { env: { PTOP_TIMING: '1', ...env } });
  const EARLY = /^ptop timing: sample \(\d+ processes, read early by the bin\)/m;
  /** a's row without the CPU and TIME cells, which may tick between two runs */
  const rowOf = (stdout: string, pid: number) => {
    const line = outLines(stdout).find((l) => rowPid(l) === pid);
    expect(line, `a row for ${pid}`).toBeDefined();
    return line!.trim().split(/\s+/).filter((_, i) => i !== 4 && i !== 7);
  };

  it('a plain run takes it over, and prints what a run without it prints', () => {
    const early = timed([]);
    expect(early.status).toBe(0);
    expect(early.stderr).toMatch(EARLY);
    const without = timed([], { PTOP_EARLY_READ: '0' });
    expect(without.status).toBe(0);
    expect(without.stderr).not.toMatch(EARLY);
    expect(without.stderr).toMatch(/^ptop timing: sample \(\d+ processes\)/m);
    for (const p of [a, b]) expect(rowOf(early.stdout, p.pid)).toEqual(rowOf(without.stdout, p.pid));
  });

  it('columns that need other files have those read beside it (Pss: smaps_rollup; --json: status)', () => {
    const pss = timed(['--columns', 'pid,pss,command', String(a.pid)]);
    expect(pss.status).toBe(0);
    expect(pss.stderr).toMatch(EARLY);
    const cells = outLines(pss.stdout)[1]!.split(/\s+/).filter(Boolean);
    expect(Number(cells[0])).toBe(a.pid);
    expect(parseSize(cells[1]!)).toBeGreaterThan(0);
    const json = timed(['--json', String(a.pid)]);
    expect(json.stderr).toMatch(EARLY);
    const [row] = JSON.parse(json.stdout) as { pid: number; vm_rss: number; uid: number; cmdline: string[] }[];
    expect(row!.pid).toBe(a.pid);
    expect(row!.vm_rss).toBe(statmRss(a.pid));
    expect(row!.uid).toBe(process.getuid!());
    expect(row!.cmdline.join(' ')).toContain(a.name);
  });

  it('PTOP_NATIVE=0 (no native reader) turns it off with the rest of the native reads', () => {
    const noNative = timed([String(a.pid)], { PTOP_NATIVE: '0' });
    expect(noNative.status).toBe(0);
    expect(noNative.stderr).not.toMatch(EARLY);
    expect(rowPids(noNative.stdout)).toEqual([a.pid]);
  });
});

describe('ps mode: colour', () => {
  const SGR = /\x1b\[[0-9;]*m/;

  it('piped output has no escape sequences', () => {
    const r = ok([]);
    expect(r.raw.includes(0x1b)).toBe(false);
  });

  it('--color always colours the output (SGR)', () => {
    const r = ok(['--color', 'always']);
    expect(r.stdout).toMatch(SGR);
  });

  it('NO_COLOR=1 with --color auto prints no escape sequences', () => {
    const r = ok(['--color', 'auto'], { NO_COLOR: '1' });
    expect(r.raw.includes(0x1b)).toBe(false);
    expect(rowPids(r.stdout)).toContain(a.pid);
  });
});

describe('ps mode: a process with escape sequences in its comm and argv', () => {
  function checkSafe(stdout: string, raw: Buffer) {
    expect(raw.includes(0x1b)).toBe(false);
    expect(stdout).not.toContain('\x1b');
    expect(stdout).not.toContain('\u009b');
    expect(stdout).not.toContain('\u202e');
    expect(stdout).not.toContain('\x07');
    expect(stdout).not.toContain('\r');
    // valid UTF-8 all through (so no lone 0x9b or 0xff byte)
    expect(Buffer.from(stdout, 'utf8').equals(raw)).toBe(true);
  }

  it('the text table stays safe and the row stays on one line', () => {
    const r = ok(['--columns', 'pid,comm,command', hostile.token]);
    checkSafe(r.stdout, r.raw);
    const lines = outLines(r.stdout);
    expect(lines, r.stdout).toHaveLength(2); // header + one row
    const row = lines[1];
    expect(rowPid(row)).toBe(hostile.pid);
    expect(row).toContain(hostile.token);
    expect(row).toContain('\uFFFD');
    // comm "h) ESC[2J\n…" and argv[0] "ESC]52;c;…BEL ESC[2J ESC[31m red U+202E evil \n 2nd-line"
    expect(row).toMatch(/h\) \uFFFD\[2J\uFFFD/);
    expect(row).toContain('\uFFFD]52;c;aGVsbG8=\uFFFD\uFFFD[2J\uFFFD[31mred\uFFFDevil\uFFFD2nd-line');
    expect(row).toContain('lone\uFFFDcsi');
    expect(row).toContain('c1\uFFFDcsi');
  });

  it('the full listing stays safe with the hostile process in it', () => {
    const r = ok([]);
    checkSafe(r.stdout, r.raw);
    const mine = outLines(r.stdout).filter((l) => l.includes(hostile.token));
    expect(mine).toHaveLength(1);
    expect(rowPid(mine[0])).toBe(hostile.pid);
    expect(rowPids(r.stdout)).toContain(a.pid);
  });

  it('--tree output stays safe', () => {
    const r = ok(['--tree', hostile.token]);
    checkSafe(r.stdout, r.raw);
    expect(outLines(r.stdout).filter((l) => l.includes(hostile.token))).toHaveLength(1);
  });

  it('--json keeps the raw comm and argv, JSON-escaped', () => {
    const r = ok(['--json', hostile.token]);
    expect(r.raw.includes(0x1b)).toBe(false);
    expect(r.stdout).toContain('\\u001b[2J');
    const data = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(data).toHaveLength(1);
    const e = data[0];
    expect(e.pid).toBe(hostile.pid);
    expect(e.comm).toBe(hostile.commBytes.toString('utf8'));
    expect(e.comm).toContain('\x1b[2J\n');
    expect(e.cmdline).toEqual(hostile.argvBytes.map((x) => x.toString('utf8')));
    expect((e.cmdline as string[])[0]).toContain('\x1b]52;c;aGVsbG8=\x07');
  });
});
