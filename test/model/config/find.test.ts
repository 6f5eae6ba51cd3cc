import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/model/config/errors.js';
import { findConfigPath } from '../../../src/model/config/load.js';

let root: string;
let home: string;
let xdg: string;
let sys: string;
let cli: string;
let envFile: string;

function touch(p: string): string {
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, '# ptop\n');
  return p;
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ptop-find-'));
  home = join(root, 'home');
  xdg = join(root, 'xdg');
  sys = join(root, 'etc', 'ptop', 'config.toml');
  cli = join(root, 'cli.toml');
  envFile = join(root, 'env.toml');
  mkdirSync(home);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('findConfigPath lookup order', () => {
  it('with nothing present: built-in defaults', () => {
    expect(findConfigPath({ env: { XDG_CONFIG_HOME: xdg }, home, systemPath: sys })).toEqual({ path: null, source: 'built-in defaults' });
  });

  it('each step wins over the ones after it', () => {
    const env = { XDG_CONFIG_HOME: xdg, PTOP_CONFIG: envFile };
    touch(sys);
    expect(findConfigPath({ env: { XDG_CONFIG_HOME: xdg }, home, systemPath: sys })).toEqual({ path: sys, source: sys });
    const homeCfg = touch(join(home, '.config', 'ptop', 'config.toml'));
    expect(findConfigPath({ env: { XDG_CONFIG_HOME: xdg }, home, systemPath: sys })).toEqual({ path: homeCfg, source: '~/.config/ptop/config.toml' });
    const xdgCfg = touch(join(xdg, 'ptop', 'config.toml'));
    expect(findConfigPath({ env: { XDG_CONFIG_HOME: xdg }, home, systemPath: sys })).toEqual({ path: xdgCfg, source: '$XDG_CONFIG_HOME/ptop/config.toml' });
    touch(envFile);
    expect(findConfigPath({ env, home, systemPath: sys })).toEqual({ path: envFile, source: '$PTOP_CONFIG' });
    touch(cli);
    expect(findConfigPath({ cliPath: cli, env, home, systemPath: sys })).toEqual({ path: cli, source: '--config' });
  });

  it('an unset, empty or relative XDG_CONFIG_HOME falls back to ~/.config', () => {
    const homeCfg = touch(join(home, '.config', 'ptop', 'config.toml'));
    for (const env of [{}, { XDG_CONFIG_HOME: '' }, { XDG_CONFIG_HOME: 'relative/dir' }]) {
      expect(findConfigPath({ env, home, systemPath: sys })).toEqual({ path: homeCfg, source: '~/.config/ptop/config.toml' });
    }
  });

  it('a directory where the config file should be is skipped', () => {
    mkdirSync(join(xdg, 'ptop', 'config.toml'), { recursive: true });
    expect(findConfigPath({ env: { XDG_CONFIG_HOME: xdg }, home, systemPath: sys }).path).toBeNull();
  });

  it('a missing --config file is an error, not a fall-through', () => {
    touch(join(home, '.config', 'ptop', 'config.toml'));
    const missing = join(root, 'missing.toml');
    expect(() => findConfigPath({ cliPath: missing, env: {}, home, systemPath: sys })).toThrow(ConfigError);
    expect(() => findConfigPath({ cliPath: missing, env: {}, home, systemPath: sys })).toThrow(`${missing}: no such config file (given by --config)`);
  });

  it('a missing $PTOP_CONFIG is an error, not a fall-through', () => {
    touch(join(home, '.config', 'ptop', 'config.toml'));
    const missing = join(root, 'missing.toml');
    expect(() => findConfigPath({ env: { PTOP_CONFIG: missing }, home, systemPath: sys })).toThrow(`${missing}: no such config file (given by $PTOP_CONFIG)`);
  });

  it('an empty $PTOP_CONFIG counts as unset', () => {
    expect(findConfigPath({ env: { PTOP_CONFIG: '' }, home, systemPath: sys }).source).toBe('built-in defaults');
  });

  it('--config pointing at a directory is an error', () => {
    expect(() => findConfigPath({ cliPath: root, env: {}, home, systemPath: sys })).toThrow(`${root}: is a directory, not a config file (given by --config)`);
  });

  it('the system path defaults to /etc/ptop/config.toml', () => {
    // on a test machine /etc/ptop normally does not exist: then the defaults are used
    const r = findConfigPath({ env: {}, home });
    expect(['/etc/ptop/config.toml', 'built-in defaults']).toContain(r.source);
  });
});
