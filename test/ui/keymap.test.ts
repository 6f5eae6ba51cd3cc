import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/model/config/load.js';
import { ConfigError } from '../../src/model/config/errors.js';
import { ACTIONS, buildKeymap } from '../../src/ui/keymap.js';
import { formatKey, keysFromInput, keyText, parseKeySpec, parseMouse } from '../../src/ui/keys.js';
import { KINDS } from '../model/config/kinds.js';

describe('parseKeySpec', () => {
  it('keeps characters as they are, case-sensitive', () => {
    expect(parseKeySpec('q')).toBe('q');
    expect(parseKeySpec('Q')).toBe('Q');
    expect(parseKeySpec('<')).toBe('<');
    expect(parseKeySpec('/')).toBe('/');
    expect(parseKeySpec('é')).toBe('é');
    expect(parseKeySpec(' ')).toBe('space');
  });

  it('reads named keys in any case and common spellings', () => {
    expect(parseKeySpec('F10')).toBe('f10');
    expect(parseKeySpec('enter')).toBe('enter');
    expect(parseKeySpec('Return')).toBe('enter');
    expect(parseKeySpec('Esc')).toBe('escape');
    expect(parseKeySpec('PgDn')).toBe('pagedown');
    expect(parseKeySpec('page_up')).toBe('pageup');
    expect(parseKeySpec('Space')).toBe('space');
    expect(parseKeySpec('BackTab')).toBe('shift+tab');
  });

  it('reads modifiers as ctrl+x, C-x, ^X, alt+x, M-x, shift+x', () => {
    expect(parseKeySpec('ctrl+l')).toBe('ctrl+l');
    expect(parseKeySpec('Ctrl+L')).toBe('ctrl+l');
    expect(parseKeySpec('C-l')).toBe('ctrl+l');
    expect(parseKeySpec('^L')).toBe('ctrl+l');
    expect(parseKeySpec('ctrl+up')).toBe('ctrl+up');
    expect(parseKeySpec('alt+x')).toBe('alt+x');
    expect(parseKeySpec('M-x')).toBe('alt+x');
    expect(parseKeySpec('shift+k')).toBe('K');
    expect(parseKeySpec('shift+tab')).toBe('shift+tab');
    expect(parseKeySpec('S-F5')).toBe('shift+f5');
  });

  it('rejects what names no key', () => {
    for (const bad of ['', 'F13', 'enterr', 'ctrl+', 'ctrl+1', 'hyper+x', 'qq', '\x1b']) expect(parseKeySpec(bad), bad).toBeNull();
  });
});

describe('keysFromInput', () => {
  it('splits plain text into one key per character', () => {
    expect(keysFromInput('jjk')).toEqual(['j', 'j', 'k']);
    expect(keysFromInput('a b')).toEqual(['a', 'space', 'b']);
  });

  it('names control characters', () => {
    expect(keysFromInput('\r')).toEqual(['enter']);
    expect(keysFromInput('\t')).toEqual(['tab']);
    expect(keysFromInput('\x7f')).toEqual(['backspace']);
    expect(keysFromInput('\b')).toEqual(['backspace']);
    expect(keysFromInput('\x03')).toEqual(['ctrl+c']);
    expect(keysFromInput('\x0c')).toEqual(['ctrl+l']);
    expect(keysFromInput('\x1b')).toEqual(['escape']);
  });

  it('names the escape sequences of xterm, rxvt and the linux console', () => {
    expect(keysFromInput('\x1b[A')).toEqual(['up']);
    expect(keysFromInput('\x1bOB')).toEqual(['down']);
    expect(keysFromInput('\x1b[5~')).toEqual(['pageup']);
    expect(keysFromInput('\x1b[6~')).toEqual(['pagedown']);
    expect(keysFromInput('\x1b[H')).toEqual(['home']);
    expect(keysFromInput('\x1b[4~')).toEqual(['end']);
    expect(keysFromInput('\x1bOP')).toEqual(['f1']);
    expect(keysFromInput('\x1b[11~')).toEqual(['f1']);
    expect(keysFromInput('\x1b[[E')).toEqual(['f5']);
    expect(keysFromInput('\x1b[21~')).toEqual(['f10']);
    expect(keysFromInput('\x1b[Z')).toEqual(['shift+tab']);
    expect(keysFromInput('\x1b[1;5A')).toEqual(['ctrl+up']);
    expect(keysFromInput('\x1b[15;2~')).toEqual(['shift+f5']);
    expect(keysFromInput('\x1bx')).toEqual(['alt+x']);
  });

  it('drops sequences it does not know (mouse reports, focus events)', () => {
    expect(keysFromInput('\x1b[<0;10;5M')).toEqual([]);
    expect(keysFromInput('\x1b[I')).toEqual([]);
  });

  it('parseMouse reads SGR mouse reports and ignores motion', () => {
    expect(parseMouse('\x1b[<0;10;5M')).toEqual({ kind: 'press', button: 0, x: 9, y: 4 });
    expect(parseMouse('\x1b[<0;10;5m')).toEqual({ kind: 'release', button: 0, x: 9, y: 4 });
    expect(parseMouse('\x1b[<2;1;1M')).toEqual({ kind: 'press', button: 2, x: 0, y: 0 });
    expect(parseMouse('\x1b[<64;3;3M')?.kind).toBe('wheel-up');
    expect(parseMouse('\x1b[<65;3;3M')?.kind).toBe('wheel-down');
    expect(parseMouse('\x1b[<32;3;3M')).toBeNull();
    expect(parseMouse('\x1b[A')).toBeNull();
  });

  it('keyText: what a key types into an input', () => {
    expect(keyText('a')).toBe('a');
    expect(keyText('space')).toBe(' ');
    expect(keyText('enter')).toBeNull();
    expect(keyText('f3')).toBeNull();
  });

  it('formatKey shows keys as the key bar and help do', () => {
    expect(formatKey('f10')).toBe('F10');
    expect(formatKey('escape')).toBe('Esc');
    expect(formatKey('ctrl+l')).toBe('^L');
    expect(formatKey('alt+x')).toBe('M-x');
    expect(formatKey('shift+tab')).toBe('S-Tab');
    expect(formatKey('pagedown')).toBe('PgDn');
    expect(formatKey('q')).toBe('q');
  });
});

describe('buildKeymap defaults', () => {
  const km = buildKeymap();

  it('binds the htop-style keys', () => {
    expect(km.action('q', 'table')).toBe('quit');
    expect(km.action('f10', 'table')).toBe('quit');
    expect(km.action('down', 'table')).toBe('down');
    expect(km.action('j', 'table')).toBe('down');
    expect(km.action('k', 'table')).toBe('kill');
    expect(km.action('f9', 'table')).toBe('kill');
    expect(km.action('/', 'table')).toBe('filter');
    expect(km.action('t', 'table')).toBe('tree');
    expect(km.action('f5', 'table')).toBe('tree');
    expect(km.action('<', 'table')).toBe('sort_prev');
    expect(km.action('>', 'table')).toBe('sort_next');
    expect(km.action('I', 'table')).toBe('sort_invert');
    expect(km.action('f6', 'table')).toBe('sort_menu');
    expect(km.action('H', 'table')).toBe('threads');
    expect(km.action('K', 'table')).toBe('kthreads');
    expect(km.action('F', 'table')).toBe('follow');
    expect(km.action('Z', 'table')).toBe('pause');
    expect(km.action('space', 'table')).toBe('tag');
    expect(km.action('enter', 'table')).toBe('details');
    expect(km.action('?', 'table')).toBe('help');
  });

  it('binds s (table), b and C (anywhere) to strace, stacks and core', () => {
    expect(km.action('s', 'table')).toBe('strace');
    expect(km.action('s', 'detail')).toBeUndefined();
    for (const ctx of ['table', 'detail'] as const) {
      expect(km.action('b', ctx)).toBe('stacks');
      expect(km.action('C', ctx)).toBe('core');
    }
  });

  it('pane keys are their own context: Space pauses strace there and pages down elsewhere', () => {
    expect(km.action('space', 'pane')).toBe('trace_pause');
    expect(km.action('space', 'detail')).toBe('detail_page_down');
    expect(km.action('w', 'pane')).toBe('trace_save');
    expect(km.action('r', 'pane')).toBe('trace_refresh');
    // the pane context answers only pane actions
    expect(km.action('q', 'pane')).toBeUndefined();
    expect(km.action('w', 'detail')).toBeUndefined();
  });

  it('has no key bound twice in one context', () => {
    for (const ctx of ['table', 'detail', 'pane'] as const) {
      const seen = new Map<string, string>();
      for (const d of ACTIONS) {
        if (ctx === 'pane' ? d.context !== 'pane' : d.context !== 'global' && d.context !== ctx) continue;
        for (const k of d.keys) {
          expect(seen.get(k), `${k} bound to ${seen.get(k)} and ${d.name}`).toBeUndefined();
          seen.set(k, d.name);
        }
      }
    }
  });

  it('keeps detail keys to the detail view and table keys to the table', () => {
    expect(km.action('escape', 'detail')).toBe('close');
    expect(km.action('tab', 'detail')).toBe('next_tab');
    expect(km.action('2', 'detail')).toBe('tab_2');
    expect(km.action('2', 'table')).toBeUndefined();
    expect(km.action('down', 'detail')).toBe('detail_down');
    expect(km.action('k', 'detail')).toBe('detail_up');
    expect(km.action('k', 'table')).toBe('kill');
    expect(km.action('q', 'detail')).toBe('quit');
  });

  it('shows the F-key of an action in the key bar when it has one', () => {
    expect(km.displayKey('kill')).toBe('f9');
    expect(km.displayKey('follow')).toBe('F');
  });
});

describe('buildKeymap from a config [keys] table', () => {
  const load = (toml: string) => parseConfig(toml, '/home/u/.config/ptop/config.toml', KINDS);
  const keymapOf = (toml: string) => buildKeymap(load(toml).config.keys, { file: '/home/u/.config/ptop/config.toml', text: toml });

  it('replaces an action\'s keys and takes them from other actions', () => {
    const km = keymapOf('[keys]\nquit = "x"\nkill = ["K", "F9"]\n');
    expect(km.action('x', 'table')).toBe('quit');
    expect(km.action('q', 'table')).toBeUndefined();
    expect(km.action('K', 'table')).toBe('kill');
    expect(km.keysOf('kthreads')).toEqual([]);
    expect(km.action('k', 'table')).toBeUndefined();
    expect(km.keysOf('kill')).toEqual(['K', 'f9']);
  });

  it('config.example.toml lists every action with its default keys', () => {
    const text = readFileSync('config.example.toml', 'utf8').split('\n');
    const from = text.indexOf('# Actions (default keys):') + 1;
    const listed: Array<[string, string[]]> = [];
    for (let i = from; i < text.length && !text[i].startsWith('# ===='); i++) {
      const m = /^#\s+(\S+)\s+(.*?)(?:\s{2,}\(.*\))?\s*$/.exec(text[i])!;
      listed.push([m[1], m[2].split(', ')]);
    }
    expect(listed).toEqual(ACTIONS.map((a) => [a.name, a.keys]));
  });

  it('accepts the names config.example.toml shows', () => {
    const km = keymapOf('[keys]\nquit = ["q", "F10"]\nsearch = "/"\nfilter = "\\\\"\nkill = ["k", "F9"]\ntree = ["t", "F5"]\n');
    expect(km.action('/', 'table')).toBe('search');
    expect(km.action('\\', 'table')).toBe('filter');
    expect(km.action('f4', 'table')).toBeUndefined();
  });

  it('an unknown action is an error at its line and column, with a suggestion', () => {
    const toml = '[display]\ntheme = "dark"\n\n[keys]\nquitt = "q"\n';
    let err: unknown;
    try {
      keymapOf(toml);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const e = err as ConfigError;
    expect(e.line).toBe(5);
    expect(e.column).toBe(1);
    expect(e.message).toContain('/home/u/.config/ptop/config.toml:5:1: unknown action `quitt` in [keys]');
    expect(e.message).toContain('quit');
  });

  it('a key name that means nothing is an error at the value', () => {
    expect(() => keymapOf('[keys]\nkill = ["k", "F13"]\n')).toThrowError(/config\.toml:2:14: `F13` is not a key name/);
    expect(() => keymapOf('[keys]\nhelp = "ctrl+"\n')).toThrowError(/config\.toml:2:8: `ctrl\+` is not a key name/);
  });

  it('ctrl+c cannot be bound, and one key cannot go to two actions', () => {
    expect(() => keymapOf('[keys]\nrefresh = "ctrl+c"\n')).toThrowError(/2:11: .*ctrl\+c always quits/);
    expect(() => keymapOf('[keys]\ntree = "x"\nquit = "x"\n')).toThrowError(/3:8: key `x` is bound to both `tree` and `quit`/);
  });

  it('the same key may serve the table and the detail view', () => {
    const km = keymapOf('[keys]\ntree = "x"\nnext_tab = "x"\n');
    expect(km.action('x', 'table')).toBe('tree');
    expect(km.action('x', 'detail')).toBe('next_tab');
  });

  it('pane keys are remappable, and a key the user gives a detail action leaves the pane defaults', () => {
    const km = keymapOf('[keys]\ntrace_pause = "P"\ndetail_home = "w"\n');
    expect(km.action('P', 'pane')).toBe('trace_pause');
    expect(km.action('space', 'pane')).toBeUndefined();
    expect(km.action('space', 'detail')).toBe('detail_page_down');
    expect(km.action('w', 'pane')).toBeUndefined();
    expect(km.keysOf('trace_save')).toEqual([]);
    expect(() => keymapOf('[keys]\ntrace_save = "x"\ndetail_group = "x"\n')).toThrowError(/key `x` is bound to both `trace_save` and `detail_group`/);
  });

  it('without the config text the error still names the file', () => {
    expect(() => buildKeymap({ nope: ['q'] }, { file: '/etc/ptop/config.toml' })).toThrowError(/^\/etc\/ptop\/config\.toml: unknown action `nope`/);
  });
});
