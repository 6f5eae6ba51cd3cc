import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseCli } from '../../src/cli/args.js';
import { loadSettings } from '../../src/cli/settings.js';
import { initialState, keymapFromSettings, runInteractive } from '../../src/ui/main.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ptop-ui-main-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  vi.restoreAllMocks();
});

function settingsWith(toml: string | null, argv: string[] = []) {
  const env: NodeJS.ProcessEnv = { HOME: dir, XDG_CONFIG_HOME: join(dir, 'xdg') };
  const args = [...argv];
  if (toml !== null) {
    const file = join(dir, 'config.toml');
    writeFileSync(file, toml);
    args.push('--config', file);
  }
  const settings = loadSettings(parseCli(args), env);
  const text = settings.configPath ? readFileSync(settings.configPath, 'utf8') : undefined;
  return { settings, text };
}

describe('start-up', () => {
  it('a bad [keys] table is a config error at FILE:LINE:COL, exit 2, before the screen is touched', async () => {
    const { settings } = settingsWith('[keys]\nquit = "q"\nfollw = "F"\n');
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const code = await runInteractive(settings);
    expect(code).toBe(2);
    expect(out).not.toHaveBeenCalled();
    const printed = err.mock.calls.map((c) => String(c[0])).join('');
    expect(printed).toContain(`ptop: ${join(dir, 'config.toml')}:3:1: unknown action \`follw\` in [keys]`);
    expect(printed).toContain('did you mean `follow`?');
  });

  it('a bad key name points at the value', () => {
    const { settings, text } = settingsWith('[keys]\nkill = ["k", "F99"]\n');
    expect(() => keymapFromSettings(settings, text)).toThrowError(/config\.toml:2:14: `F99` is not a key name/);
  });

  it('the view sorts by CPU% unless a sort was asked for', () => {
    expect(initialState(settingsWith(null).settings, undefined).sort).toEqual({ kind: 'UsageCpu', order: 'descending' });
    const cli = settingsWith(null, ['--sortd', 'rss']).settings;
    expect(initialState(cli, undefined).sort).toEqual({ kind: 'VmRss', order: 'descending' });
    const cfg = settingsWith('[sort]\ncolumn = "Pid"\n');
    expect(initialState(cfg.settings, cfg.text).sort).toEqual({ kind: 'Pid', order: 'ascending' });
  });

  it('keywords become the filter; --tree starts in the tree', () => {
    const { settings } = settingsWith(null, ['--tree', 'nginx', 'two words']);
    const s = initialState(settings, undefined);
    expect(s.tree).toBe(true);
    expect(s.filter?.text).toBe('nginx "two words"');
  });
});
