// The command line: flags parsed from one table, errors for bad values, help lists every flag.
import { describe, expect, it } from 'vitest';
import { OPTIONS, UsageError, helpText, parseCli } from '../../src/cli/args.js';

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
