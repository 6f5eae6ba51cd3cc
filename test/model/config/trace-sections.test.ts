// The [strace] and [actions] config sections: values, defaults, FILE:LINE:COL errors, --gen-config.

import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/model/config/defaults.js';
import { ConfigError } from '../../../src/model/config/errors.js';
import { configToToml } from '../../../src/model/config/gen.js';
import { parseConfig } from '../../../src/model/config/load.js';
import { KINDS } from './kinds.js';

function parse(src: string, file = 'x.toml') {
  return parseConfig(src, file, KINDS).config;
}

function message(src: string): string {
  try {
    parse(src);
  } catch (e) {
    if (e instanceof ConfigError) return e.message;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('[strace]', () => {
  it('defaults: no extra args, -s 64, 10,000 lines, 10 ms', () => {
    expect(defaultConfig().strace).toEqual({ args: [], stringLimit: 64, bufferLines: 10_000, slowMs: 10 });
  });

  it('reads every key; slow_ms may be fractional', () => {
    const c = parse('[strace]\nargs = ["-e", "trace=network", "-y"]\nstring_limit = 256\nbuffer_lines = 500\nslow_ms = 0.5\n');
    expect(c.strace).toEqual({ args: ['-e', 'trace=network', '-y'], stringLimit: 256, bufferLines: 500, slowMs: 0.5 });
    expect({ ...c, strace: defaultConfig().strace }).toEqual(defaultConfig());
  });

  it('bad values point at the value', () => {
    expect(message('[strace]\nargs = "-y"\n')).toBe('x.toml:2:8: `args` must be an array of strings, e.g. ["-e", "trace=network"], got string');
    expect(message('[strace]\nargs = ["-y", 3]\n')).toBe('x.toml:2:15: `args[1]` must be a string, got integer');
    expect(message('[strace]\nargs = ["-y", ""]\n')).toBe('x.toml:2:15: `args[1]` must not be empty');
    expect(message('[strace]\nstring_limit = -1\n')).toBe('x.toml:2:16: `string_limit` must be at least 0, got -1');
    expect(message('[strace]\nbuffer_lines = 10\n')).toBe('x.toml:2:16: `buffer_lines` must be at least 100, got 10');
    expect(message('[strace]\nbuffer_lines = 2.5\n')).toBe('x.toml:2:16: `buffer_lines` must be an integer, got float');
    expect(message('[strace]\nslow_ms = "fast"\n')).toBe('x.toml:2:11: `slow_ms` must be a number, got string');
    expect(message('[strace]\nslow_ms = -3\n')).toBe('x.toml:2:11: `slow_ms` must be at least 0, got -3');
  });

  it('refuses the arguments ptop controls, with the reason', () => {
    expect(message('[strace]\nargs = ["-f", "-o", "/tmp/x"]\n')).toBe(
      "x.toml:2:15: strace argument `-o` is not allowed in `args`\nptop reads strace's output itself; to keep a copy, save the pane's buffer",
    );
    expect(message('[strace]\nargs = ["-ofile"]\n')).toMatch(/^x\.toml:2:9: strace argument `-ofile` is not allowed/);
    expect(message('[strace]\nargs = ["--attach=1"]\n')).toMatch(/ptop passes `-p PID`/);
    expect(message('[strace]\nargs = ["-c"]\n')).toMatch(/summary strip/);
    expect(message('[strace]\nargs = ["-D"]\n')).toMatch(/escape ptop/);
  });

  it('unknown and misplaced keys', () => {
    expect(message('[strace]\nstring_limt = 3\n')).toBe('x.toml:2:1: unknown key `string_limt` in [strace]\ndid you mean `string_limit`?');
    expect(message('[display]\nslow_ms = 3\n')).toBe('x.toml:2:1: unknown key `slow_ms` in [display]\n`slow_ms` belongs in the [strace] section');
    expect(message('[strace]\ncore_dir = "/tmp"\n')).toBe('x.toml:2:1: unknown key `core_dir` in [strace]\n`core_dir` belongs in the [actions] section');
  });
});

describe('[actions]', () => {
  it('defaults: the XDG state directory (null), 1 GiB', () => {
    expect(defaultConfig().actions).toEqual({ coreDir: null, coreConfirmBytes: 1024 ** 3 });
  });

  it('core_dir: absolute kept, ~/ kept for later expansion, relative resolved against the config file', () => {
    expect(parse('[actions]\ncore_dir = "/var/tmp/cores"\n').actions.coreDir).toBe('/var/tmp/cores');
    expect(parse('[actions]\ncore_dir = "~/cores"\n').actions.coreDir).toBe('~/cores');
    expect(parse('[actions]\ncore_dir = "cores"\n', '/etc/ptop/config.toml').actions.coreDir).toBe('/etc/ptop/cores');
  });

  it('core_confirm_bytes: an integer or a size with a unit', () => {
    expect(parse('[actions]\ncore_confirm_bytes = 0\n').actions.coreConfirmBytes).toBe(0);
    expect(parse('[actions]\ncore_confirm_bytes = "512M"\n').actions.coreConfirmBytes).toBe(512 * 1024 ** 2);
    expect(parse('[actions]\ncore_confirm_bytes = "1.5GiB"\n').actions.coreConfirmBytes).toBe(1.5 * 1024 ** 3);
    expect(parse('[actions]\ncore_confirm_bytes = "2g"\n').actions.coreConfirmBytes).toBe(2 * 1024 ** 3);
  });

  it('bad values point at the value', () => {
    expect(message('[actions]\ncore_dir = ""\n')).toBe('x.toml:2:12: `core_dir` must not be empty');
    expect(message('[actions]\ncore_dir = 5\n')).toBe('x.toml:2:12: `core_dir` must be a string, got integer');
    expect(message('[actions]\ncore_confirm_bytes = "lots"\n')).toBe(
      'x.toml:2:22: `core_confirm_bytes` must be a byte count like 1073741824, "512M" or "1G", got `lots`',
    );
    expect(message('[actions]\ncore_confirm_bytes = -1\n')).toBe('x.toml:2:22: `core_confirm_bytes` must be at least 0, got -1');
    expect(message('[actions]\ncore_confirm_bytes = true\n')).toBe(
      'x.toml:2:22: `core_confirm_bytes` must be a byte count: an integer or a string like "1G", got boolean',
    );
  });
});

describe('--gen-config with the new sections', () => {
  it('round-trips customised [strace] and [actions]', () => {
    const c = defaultConfig();
    c.strace = { args: ['-e', 'trace=%file', '-y'], stringLimit: 200, bufferLines: 2000, slowMs: 2.5 };
    c.actions = { coreDir: '/var/tmp/my "cores"', coreConfirmBytes: 12345 };
    expect(parseConfig(configToToml(c), 'gen.toml', KINDS).config).toEqual(c);
  });

  it('the default core_dir is a comment', () => {
    expect(configToToml(defaultConfig())).toContain('[actions]\n# where cores go; default $XDG_STATE_HOME/ptop-cores (or ~/.local/state/ptop-cores)\n# core_dir = "~/cores"');
  });
});
