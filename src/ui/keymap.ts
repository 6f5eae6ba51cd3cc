// Key bindings as data: every action of the interactive view with its default keys, overridable
// from the config's [keys] table (`action = "key"` or `["key", …]`; a binding replaces that
// action's defaults, and a key the user binds is taken away from any other action's defaults).
// Contexts: 'table', 'detail' (the detail view), 'global' (both), and 'pane': the actions of one
// detail tab (Strace, Stacks), looked up before the detail view's own keys on the tabs that take
// them, so Space pauses the strace display there and pages down elsewhere.
// Dialogs and input fields (filter, signal menu, confirmation, renice) use fixed keys: arrows,
// Enter, Esc, typing. Ctrl-C always quits.
//
// Errors (unknown action, a key name that means nothing, one key bound to two actions, ctrl+c)
// are ConfigErrors at the [keys] entry's FILE:LINE:COL.

import { ConfigError } from '../model/config/errors.js';
import { SourceLocator, type TomlPath } from '../model/config/locate.js';
import { didYouMean } from '../model/config/suggest.js';
import { TAB_TITLES } from './detail/panes.js';
import { formatKey, parseKeySpec } from './keys.js';

/** Where an action applies: everywhere, the process table, the detail view, or the detail tabs that take it. */
export type KeyContext = 'global' | 'table' | 'detail' | 'pane';

/** The contexts a key is looked up in. */
export type LookupContext = 'table' | 'detail' | 'pane';

export interface ActionDef {
  name: string;
  context: KeyContext;
  keys: readonly string[];
  /** one line for the help overlay */
  help: string;
}

function a(name: string, context: KeyContext, keys: string[], help: string): ActionDef {
  return { name, context, keys, help };
}

/**
 * Every bindable action, in help-overlay order. `k` is kill (htop), so moving up is Up or ctrl+p;
 * `s`, `b` and `C` are strace, stacks and core.
 */
export const ACTIONS: readonly ActionDef[] = [
  a('help', 'global', ['?', 'f1'], 'show this list of keys'),
  a('quit', 'global', ['q', 'f10'], 'quit (ctrl+c always quits)'),
  a('up', 'table', ['up', 'ctrl+p'], 'select the row above'),
  a('down', 'table', ['down', 'j', 'ctrl+n'], 'select the row below'),
  a('page_up', 'table', ['pageup', 'ctrl+b'], 'one page up'),
  a('page_down', 'table', ['pagedown', 'ctrl+f'], 'one page down'),
  a('home', 'table', ['home', 'g'], 'first row'),
  a('end', 'table', ['end', 'G'], 'last row'),
  a('details', 'table', ['enter'], 'open the detail view of the selected process'),
  a('filter', 'table', ['/', '\\', 'f4'], 'filter the table (Enter keeps, Esc clears): words, user:NAME, state:D, cpu>5, rss>100M, !word'),
  a('search', 'table', ['f3'], 'search: jump to the next row that matches (F3 again: next)'),
  a('sort_prev', 'table', ['<', ','], 'sort by the column to the left'),
  a('sort_next', 'table', ['>', '.'], 'sort by the column to the right'),
  a('sort_invert', 'table', ['I'], 'invert the sort order'),
  a('sort_menu', 'table', ['f6'], 'choose the sort column from a menu'),
  a('sort_cpu', 'table', ['P'], 'sort by CPU%'),
  a('sort_mem', 'table', ['M'], 'sort by memory'),
  a('sort_time', 'table', ['T'], 'sort by CPU time'),
  a('tree', 'table', ['t', 'f5'], 'tree view on/off'),
  a('collapse', 'table', ['-'], 'tree: fold the selected subtree (on a leaf: fold its parent)'),
  a('expand', 'table', ['+', '='], 'tree: unfold the selected subtree'),
  a('expand_all', 'table', ['*'], 'tree: unfold everything'),
  a('threads', 'table', ['H'], 'show threads on/off'),
  a('kthreads', 'table', ['K'], 'show kernel threads on/off'),
  a('header', 'table', ['#'], 'show the meters header on/off'),
  a('follow', 'table', ['F'], 'follow the selected process: it stays on its screen line as the list changes (until it exits)'),
  a('pause', 'global', ['p', 'Z'], 'pause/resume refreshing (keys still work)'),
  a('refresh', 'global', ['ctrl+l'], 'refresh now'),
  a('suspend', 'global', ['ctrl+z'], 'suspend ptop to the shell (fg brings it back; a running strace is ended meanwhile)'),
  a('tag', 'table', ['space'], 'tag/untag the selected process (kill and renice act on tagged ones)'),
  a('untag_all', 'table', ['u'], 'untag all'),
  a('kill', 'table', ['k', 'f9'], 'send a signal to the selected (or tagged) processes'),
  a('renice', 'table', ['n'], 'set the nice value of the selected (or tagged) processes'),
  a('nice_down', 'table', ['f7'], 'nice − 1: higher priority (needs root)'),
  a('nice_up', 'table', ['f8'], 'nice + 1: lower priority'),
  a('strace', 'table', ['s'], 'strace the selected process live (the Strace tab; leaving it ends strace)'),
  a('stacks', 'global', ['b'], 'every thread\'s stack of the process (the Stacks tab; again: capture anew)'),
  a('core', 'global', ['C'], 'write a core file of the process with gcore, in the background (C again cancels)'),
  a('close', 'detail', ['escape'], 'detail view: back to the table'),
  a('next_tab', 'detail', ['tab', 'right'], 'detail view: next tab'),
  a('prev_tab', 'detail', ['shift+tab', 'left'], 'detail view: previous tab'),
  // one per tab, from the panes' registry
  ...TAB_TITLES.slice(0, 9).map((title, i) => a(`tab_${i + 1}`, 'detail', [String(i + 1)], `detail view: tab ${i + 1} (${title})`)),
  a('detail_up', 'detail', ['up', 'k', 'ctrl+p'], 'detail view: the row above (text tabs: scroll up)'),
  a('detail_down', 'detail', ['down', 'j', 'ctrl+n'], 'detail view: the row below (text tabs: scroll down)'),
  a('detail_page_up', 'detail', ['pageup', 'ctrl+b'], 'detail view: one page up'),
  a('detail_page_down', 'detail', ['pagedown', 'ctrl+f', 'space'], 'detail view: one page down'),
  a('detail_home', 'detail', ['home', 'g'], 'detail view: first row'),
  a('detail_end', 'detail', ['end', 'G'], 'detail view: last row'),
  a('detail_sort_prev', 'detail', ['<', ','], 'Maps, Threads: sort by the column to the left'),
  a('detail_sort_next', 'detail', ['>', '.'], 'Maps, Threads: sort by the column to the right'),
  a('detail_sort_invert', 'detail', ['I'], 'Maps, Threads: invert the sort order'),
  a('detail_group', 'detail', ['f'], 'Maps: group by file (one row per path, as pmap -X / smem -m) on/off'),
  a('detail_filter', 'detail', ['/', '\\', 'f4'], 'Maps, FDs, Environment, Strace: filter the rows as you type (Enter keeps, Esc clears)'),
  a('trace_pause', 'pane', ['space'], 'Strace: pause/resume the display (strace keeps running and counting)'),
  a('trace_save', 'pane', ['w'], 'Strace, Stacks: save the buffer or the stacks to a file'),
  a('trace_refresh', 'pane', ['r'], 'Stacks: capture the stacks again'),
];

export type ActionName = string;

const BY_NAME = new Map(ACTIONS.map((d) => [d.name, d]));

/** Keys that are never bindable: ctrl+c always quits. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(['ctrl+c']);

export interface Keymap {
  /**
   * the action a key triggers in a context (global actions apply in table and detail), or
   * undefined; 'pane' answers only the pane actions (the caller falls back to 'detail')
   */
  action(key: string, context: LookupContext): ActionName | undefined;
  /** an action's keys, in the order they were given */
  keysOf(action: ActionName): readonly string[];
  /** the key to show for an action: its F-key when it has one (htop's bar), else its first key */
  displayKey(action: ActionName): string | undefined;
}

/** Whether two contexts can be active at once (a pane's keys come with the detail view's and the global ones). */
function overlaps(x: KeyContext, y: KeyContext): boolean {
  if (x === y || x === 'global' || y === 'global') return true;
  return (x === 'pane' && y === 'detail') || (x === 'detail' && y === 'pane');
}

/** Where a [keys] entry is, for error messages. */
export interface KeysSource {
  file: string;
  /** the config text, to locate entries (omit when not at hand: errors then name only the file) */
  text?: string;
}

/**
 * The keymap: the defaults with `overrides` (the config's [keys]) applied. Throws ConfigError for
 * an unknown action, an unparseable key, a reserved key, or a key given to two actions.
 */
export function buildKeymap(overrides: Readonly<Record<string, readonly string[]>> = {}, source?: KeysSource): Keymap {
  const locator = source?.text !== undefined ? new SourceLocator(source.text) : null;
  const fail = (path: TomlPath, at: 'key' | 'value', reason: string, hint?: string): never => {
    const pos = locator ? locator.find(path, at) : { line: 0, column: 0 };
    throw new ConfigError(reason, { file: source?.file, line: pos.line, column: pos.column, hint });
  };
  /** the path of the i-th key of an action: [keys, action, i] when it was written as an array */
  const keyPath = (action: string, i: number): TomlPath =>
    locator?.has(['keys', action, i]) ? ['keys', action, i] : ['keys', action];

  const bound = new Map<ActionName, string[]>();
  for (const d of ACTIONS) bound.set(d.name, [...d.keys]);

  // validate and parse every override first
  const user = new Map<ActionName, string[]>();
  for (const action of Object.keys(overrides)) {
    const def = BY_NAME.get(action);
    if (!def) {
      const names = ACTIONS.map((d) => d.name);
      fail(['keys', action], 'key', `unknown action \`${action}\` in [keys]`, didYouMean(action, names) ?? `actions: ${names.join(', ')}`);
    }
    const keys: string[] = [];
    overrides[action].forEach((spec, i) => {
      const key =
        parseKeySpec(spec) ??
        fail(
          keyPath(action, i),
          'value',
          `\`${spec}\` is not a key name (in [keys] \`${action}\`)`,
          'write a character ("q", "/", "G"), a name (enter, escape, tab, space, up, pagedown, home, f1 … f12) or ctrl+x / alt+x / shift+tab',
        );
      if (RESERVED_KEYS.has(key)) fail(keyPath(action, i), 'value', `\`${spec}\` cannot be bound: ctrl+c always quits`);
      if (!keys.includes(key)) keys.push(key);
    });
    user.set(action, keys);
  }

  // a key bound by the user to two actions that can be active at once is an error
  const userOwner = new Map<string, ActionName[]>();
  for (const [action, keys] of user) {
    const ctx = BY_NAME.get(action)!.context;
    keys.forEach((key, i) => {
      for (const other of userOwner.get(key) ?? []) {
        if (overlaps(ctx, BY_NAME.get(other)!.context)) {
          fail(keyPath(action, i), 'value', `key \`${formatKey(key)}\` is bound to both \`${other}\` and \`${action}\``);
        }
      }
      userOwner.set(key, [...(userOwner.get(key) ?? []), action]);
    });
  }

  // apply: the user's lists replace the defaults; their keys leave the other actions' defaults
  for (const [action, keys] of user) {
    bound.set(action, keys);
    const ctx = BY_NAME.get(action)!.context;
    for (const d of ACTIONS) {
      if (d.name === action || user.has(d.name) || !overlaps(ctx, d.context)) continue;
      bound.set(d.name, bound.get(d.name)!.filter((k) => !keys.includes(k)));
    }
  }

  const tables = { table: new Map<string, ActionName>(), detail: new Map<string, ActionName>(), pane: new Map<string, ActionName>() };
  // context-specific bindings first, so a global default never shadows them (defaults never
  // collide within a context; pane keys shadow detail keys by being looked up first)
  for (const d of [...ACTIONS].sort((x, y) => Number(x.context === 'global') - Number(y.context === 'global'))) {
    for (const key of bound.get(d.name)!) {
      for (const ctx of ['table', 'detail', 'pane'] as const) {
        const applies = d.context === ctx || (d.context === 'global' && ctx !== 'pane');
        if (applies && !tables[ctx].has(key)) tables[ctx].set(key, d.name);
      }
    }
  }

  return {
    action: (key, context) => tables[context].get(key),
    keysOf: (action) => bound.get(action) ?? [],
    displayKey: (action) => {
      const keys = bound.get(action) ?? [];
      return keys.find((k) => /^f\d+$/.test(k)) ?? keys[0];
    },
  };
}
