// The command line: flags parsed from one table, errors for bad values, help lists every flag.
import { describe, expect, it } from 'vitest';
import { parseArgs } from 'node:util';
import { OPTIONS, UsageError, helpText, parseArgv, parseCli, parseOptions } from '../../src/cli/args.js';

describe('parseCli', () => {
  it('parses keywords and flags as procs users type them', () => {
    const a = parseCli(['--once', '--tree', '--sortd', 'rss', 'nginx', '1234', '--or', '--no-header', '--width', '100']);
    expect(a.keywords).toEqual(['nginx', '1234']);
    expect(a.once && a.tree && a.noHeader).toBe(true);
    expect(a.sortd).toBe('rss');
    expect(a.logic).toBe('or');
    expect(a.width).toBe(100);
  });

  it('accepts --load-config as an alias of --config, and short flags', () => {
    expect(parseCli(['--load-config', '/x.toml']).config).toBe('/x.toml');
    expect(parseCli(['-t', '-c', 'never', '-d', '0.5']).delaySec).toBe(0.5);
    expect(parseCli(['--columns', 'pid, user ,command']).columns).toEqual(['pid', 'user', 'command']);
  });

  it('rejects unknown flags, bad values and conflicting flags with a UsageError', () => {
    expect(() => parseCli(['--bogus'])).toThrow(UsageError);
    expect(() => parseCli(['--color', 'sometimes'])).toThrow(/auto, always or never/);
    expect(() => parseCli(['--width', 'wide'])).toThrow(/--width needs a number/);
    expect(() => parseCli(['--and', '--or'])).toThrow(/cannot be used together/);
    expect(() => parseCli(['--sorta', 'pid', '--sortd', 'rss'])).toThrow(/cannot be used together/);
    expect(() => parseCli(['--delay', '0'])).toThrow(/--delay/);
    // the same floor as [refresh] interval_ms (100 ms)
    expect(() => parseCli(['--delay', '0.05'])).toThrow(/--delay needs a number >= 0.1/);
    expect(parseCli(['--delay', '0.1']).delaySec).toBe(0.1);
  });

  it('--help lists every option with its description', () => {
    const h = helpText('1.2.3');
    for (const o of OPTIONS) {
      expect(h).toContain(`--${o.name}`);
      expect(h).toContain(o.help);
    }
    expect(h).toContain('ptop 1.2.3');
  });
});

describe('parseArgv (node:util parseArgs without its load)', () => {
  // every shape of argument parseArgs distinguishes, alone and mixed
  const cases: string[][] = [
    [],
    ['nginx', '1234'],
    ['--once', '--tree', 'sshd'],
    ['--width', '100'],
    ['--width=100'],
    ['--width='],
    ['--width=-5'],
    ['--width', '-5'],
    ['--width', '-'],
    ['--width', '--once'],
    ['--width'],
    ['--once=1'],
    ['--or=yes'],
    ['--bogus'],
    ['--bogus=1'],
    ['--=x'],
    ['---x'],
    ['--Once'],
    ['-t'],
    ['-to'],
    ['-td', '5'],
    ['-dt'],
    ['-d5'],
    ['-d=5'],
    ['-d', '-5'],
    ['-d', '-'],
    ['-d'],
    ['-t=1'],
    ['-tc', 'never'],
    ['-ct'],
    ['-x'],
    ['-5'],
    ['-'],
    ['-', 'x'],
    ['--', '--once', '-t'],
    ['a', '--', 'b'],
    ['--once', '--once'],
    ['--width', '1', '--width', '2'],
    ['--load-config', '/x.toml', '--config', '/y.toml'],
    ['--load-config=/x.toml'],
    ['-l', '--list'],
    ['--no-header', 'x', '-a', 'y', '--nor'],
    ['--theme', ''],
    ['--columns', 'pid,user', '--sortd', 'rss', '-c', 'always'],
    ['--constructor'],
    ['--__proto__'],
    ['-h', '-V'],
  ];
  const options = parseOptions();

  function viaNode(args: string[]): unknown {
    try {
      const r = parseArgs({ args, options, allowPositionals: true, strict: true });
      return { values: { ...r.values }, positionals: r.positionals };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }
  function viaOurs(args: string[]): unknown {
    try {
      return parseArgv(args, options);
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      return { error: (e as Error).message };
    }
  }

  it.each(cases.map((c) => [c.join(' ') || '(none)', c] as const))('%s: the same values, positionals or error as parseArgs', (_name, args) => {
    expect(viaOurs(args)).toEqual(viaNode(args));
  });
});
