// The lines around the table: the key bar (htop style: the key, then its label on a coloured
// field), the status line (input prompts, confirmations, messages, the active filter, and on the
// right PAUSED / FOLLOW / tagged / row counts), the side menus (sort column, signal) and the help
// overlay with the live key map. All pure: painted strings cut to the width.

import { sanitize } from '../collect/sanitize.js';
import { displayWidth, padToWidth, truncateToWidth } from '../model/format.js';
import { cutSegments, type Segment } from '../render/text.js';
import { formatKey } from './keys.js';
import { wrapText } from './detail/wrap.js';
import { ACTIONS, type KeyContext, type Keymap } from './keymap.js';
import type { UiStyles } from './styles.js';
import { padSegments, paintMerged } from './table-view.js';
import type { Mode, Target } from './view-state.js';

// ---- key bar -------------------------------------------------------------------------------------

type BarEntry = [key: string, label: string];

const TABLE_BAR: ReadonlyArray<[action: string, label: string]> = [
  ['help', 'Help'],
  ['search', 'Search'],
  ['filter', 'Filter'],
  ['tree', 'Tree'],
  ['sort_menu', 'SortBy'],
  ['nice_down', 'Nice -'],
  ['nice_up', 'Nice +'],
  ['kill', 'Kill'],
  ['quit', 'Quit'],
  // past 80 columns: the trace actions
  ['strace', 'Strace'],
  ['stacks', 'Stacks'],
  ['core', 'Core'],
];

const DETAIL_BAR: ReadonlyArray<[action: string, label: string]> = [
  ['help', 'Help'],
  ['close', 'Back'],
];

/**
 * The key bar's entries for the current screen and mode; in the detail view, `paneKeys` are the
 * active tab's own actions (sort, group, filter).
 */
export function keyBarEntries(
  mode: Mode,
  screen: 'table' | 'detail',
  keymap: Keymap,
  paneKeys: ReadonlyArray<[action: string, label: string]> = [],
): BarEntry[] {
  const fromKeymap = (list: ReadonlyArray<[string, string]>): BarEntry[] => {
    const out: BarEntry[] = [];
    for (const [action, label] of list) {
      const k = keymap.displayKey(action);
      if (k !== undefined) out.push([formatKey(k), label]);
    }
    return out;
  };
  switch (mode.kind) {
    case 'table':
      if (screen === 'table') return fromKeymap(TABLE_BAR);
      {
        const tabActions = ACTIONS.filter((d) => /^tab_\d$/.test(d.name));
        const first = keymap.displayKey(tabActions[0]?.name ?? '');
        const last = keymap.displayKey(tabActions[tabActions.length - 1]?.name ?? '');
        const tabs: BarEntry[] = first && last ? [[`${formatKey(first)}-${formatKey(last)}`, 'Tab']] : [];
        const up = keymap.keysOf('detail_up').includes('up') && keymap.keysOf('detail_down').includes('down');
        const move: BarEntry[] = up ? [['↑↓', 'Move']] : [];
        return [...fromKeymap(DETAIL_BAR), ...tabs, ...move, ...fromKeymap(paneKeys), ...fromKeymap([['quit', 'Quit'], ['core', 'Core']])];
      }
    case 'filter':
      return [['Enter', 'Done'], ['Esc', 'Clear'], ['↑↓', 'Move']];
    case 'search':
      return [['F3', 'Next'], ['Enter', 'Done'], ['Esc', 'Cancel']];
    case 'sortMenu':
      return [['↑↓', 'Move'], ['Enter', 'Sort'], ['Esc', 'Cancel']];
    case 'signalMenu':
      return [['↑↓', 'Move'], ['Enter', 'Send'], ['Esc', 'Cancel']];
    case 'confirmKill':
    case 'confirmCore':
      return [['y', 'Yes'], ['n', 'No']];
    case 'renice':
      return [['Enter', 'Apply'], ['Esc', 'Cancel']];
    case 'help':
      return [['↑↓', 'Scroll'], ['Esc', 'Close']];
  }
}

/** The key bar: whole entries while they fit (the first one is cut when nothing else fits). */
export function keyBarLine(entries: readonly BarEntry[], width: number, ui: UiStyles): string {
  const segs: Segment[] = [];
  let used = 0;
  for (const [key, label] of entries) {
    // htop pads labels to 6; one more column keeps "F3Search F4Filter" apart without colour
    const text = padToWidth(label, Math.max(6, displayWidth(label) + 1));
    const w = displayWidth(key) + displayWidth(text);
    if (segs.length > 0 && used + displayWidth(key) + displayWidth(label) > width) break;
    segs.push({ text: key, spec: ui.ui('key_bar_key') }, { text, spec: ui.ui('key_bar_label') });
    used += w;
  }
  return paintMerged(cutSegments(segs, width), ui.painter);
}

// ---- status line ---------------------------------------------------------------------------------

export interface StatusInput {
  mode: Mode;
  filterText: string;
  filterError: string | null;
  message: { text: string; kind: 'info' | 'error' } | null;
  /** right-hand indicators, already worded */
  flags: string[];
  /** the search found nothing */
  searchMiss?: boolean;
  /** work under way in the background (a core capture's progress), shown when there is no message */
  activity?: string;
  width: number;
  ui: UiStyles;
}

/** "PID 123 (sleep 600)" or "3 processes: 123 (sleep), 124 (sleep), …" */
export function describeTargets(targets: readonly Target[], commandWidth = 40): string {
  const cmd = (t: Target) => {
    const c = t.command.length > commandWidth ? `${t.command.slice(0, commandWidth - 1)}…` : t.command;
    return `${t.pid} (${c})`;
  };
  if (targets.length === 1) return `PID ${cmd(targets[0])}`;
  const shown = targets.slice(0, 3).map((t) => cmd({ ...t, command: t.command.slice(0, 20) }));
  return `${targets.length} processes: ${shown.join(', ')}${targets.length > 3 ? ', …' : ''}`;
}

/** Columns the left part of the status line has. */
function promptRoom(s: StatusInput): number {
  const right = s.flags.length ? ` ${s.flags.join('  ')}` : '';
  return Math.max(0, s.width - Math.min(displayWidth(right), Math.max(0, s.width - 10)));
}

export function statusLine(s: StatusInput): string {
  const { ui } = s;
  // typed or pasted text may hold bidi overrides and the like: shown sanitized, as process strings are
  const safe = sanitize;
  const info = ui.ui('status_info');
  const err = ui.ui('status_error');
  const cursor: Segment = { text: ' ', spec: 'underline' };
  const left: Segment[] = [];
  const m = s.mode;
  switch (m.kind) {
    case 'filter':
      left.push({ text: 'Filter: ', spec: info }, { text: safe(s.filterText) }, cursor);
      if (s.filterError) left.push({ text: `  ${safe(s.filterError)}`, spec: err });
      break;
    case 'search':
      left.push({ text: 'Search: ', spec: info }, { text: safe(m.text) }, cursor);
      if (m.error) left.push({ text: `  ${safe(m.error)}`, spec: err });
      else if (s.searchMiss) left.push({ text: '  no match', spec: err });
      break;
    case 'confirmKill': {
      // the question's end (y/N) must stay visible: the target list gives way
      const head = `Send SIG${m.name} (${m.signal}) to `;
      const tail = '? ';
      const room = Math.max(8, promptRoom(s) - displayWidth(head) - displayWidth(tail) - 3);
      left.push({ text: head + truncateToWidth(describeTargets(m.targets), room) + tail, spec: info }, { text: 'y/N', spec: ui.ui('header_value') });
      break;
    }
    case 'renice': {
      const head = 'Nice value for ';
      const tail = ` (-20..19): `;
      const room = Math.max(8, promptRoom(s) - displayWidth(head) - displayWidth(tail) - m.text.length - 1);
      left.push({ text: head + truncateToWidth(describeTargets(m.targets), room) + tail, spec: info }, { text: m.text }, cursor);
      break;
    }
    case 'signalMenu':
      if (m.error) left.push({ text: safe(m.error), spec: err });
      else left.push({ text: `Send a signal to ${describeTargets(m.targets)}: choose, or type a name or number`, spec: info });
      break;
    case 'confirmCore': {
      // the question's end (y/N) must stay visible: the reason gives way
      const head = `Core of PID ${m.plan.pid}${m.plan.comm ? ` (${safe(m.plan.comm)})` : ''}: `;
      const tail = '. Write it? ';
      const room = Math.max(8, promptRoom(s) - displayWidth(head) - displayWidth(tail) - 3);
      left.push({ text: head + truncateToWidth(safe(m.plan.confirmReason), room) + tail, spec: info }, { text: 'y/N', spec: ui.ui('header_value') });
      break;
    }
    case 'sortMenu':
      left.push({ text: 'Sort by: choose a column', spec: info });
      break;
    default:
      if (s.message) left.push({ text: safe(s.message.text), spec: s.message.kind === 'error' ? err : info });
      else if (s.activity) left.push({ text: safe(s.activity), spec: info });
      else if (s.filterText.trim() !== '') left.push({ text: 'Filter: ', spec: info }, { text: safe(s.filterText) });
  }
  const right = s.flags.length ? ` ${s.flags.join('  ')}` : '';
  const rightW = Math.min(displayWidth(right), Math.max(0, s.width - 10));
  const leftW = Math.max(0, s.width - rightW);
  const l = cutSegments(left, leftW);
  const segs = right ? [...padSegments(l, leftW), { text: right.slice(0, rightW), spec: info }] : l;
  return paintMerged(segs, ui.painter);
}

// ---- side menus ----------------------------------------------------------------------------------

export interface MenuInput {
  title: string;
  items: readonly string[];
  index: number;
  /** a last line under the items (the typed signal) */
  footer?: string;
  width: number;
  height: number;
  ui: UiStyles;
}

/** A menu column: the title on the table header's line, then the items, each exactly `width` wide. */
export function menuLines(m: MenuInput): string[] {
  const { ui, width } = m;
  const out: string[] = [ui.paint('table_header', padToWidth(m.title, width))];
  const room = Math.max(0, m.height - 1 - (m.footer !== undefined ? 1 : 0));
  const start = Math.max(0, Math.min(m.index - room + 1, m.items.length - room));
  for (let i = start; i < m.items.length && out.length <= room; i++) {
    const text = padToWidth(` ${m.items[i]}`, width);
    out.push(i === m.index ? ui.paint('selected', text) : text);
  }
  while (out.length < m.height - (m.footer !== undefined ? 1 : 0)) out.push(' '.repeat(width));
  if (m.footer !== undefined && out.length < m.height) out.push(ui.paint('dim', padToWidth(m.footer, width)));
  return out.slice(0, m.height);
}

// ---- help overlay --------------------------------------------------------------------------------

const HELP_GROUPS: ReadonlyArray<[heading: string, contexts: readonly KeyContext[]]> = [
  ['Anywhere', ['global']],
  ['Table', ['table']],
  ['Detail view', ['detail']],
  ['Strace and Stacks tabs', ['pane']],
];

/**
 * The help overlay's lines: the live key map grouped by where the keys work (each action's keys,
 * its name for the config's [keys] table, what it does, wrapped to the width), then the fixed
 * dialog keys.
 */
export function helpLines(keymap: Keymap, configNote: string, width: number, ui: UiStyles): string[] {
  const lines: Segment[][] = [];
  lines.push([{ text: 'Keys', spec: ui.ui('header_value') }, { text: `  (↑ ↓ PgUp PgDn scroll, Esc closes)  ${configNote}`, spec: ui.ui('dim') }]);
  const keyW = width >= 100 ? 18 : 14;
  const nameW = Math.max(13, ...ACTIONS.map((d) => d.name.length + 2));
  const textW = Math.max(20, width - 2 - keyW - nameW);
  const indent = ' '.repeat(Math.max(0, width - textW));
  const wrapped = (text: string): Segment[][] => wrapWords(text, textW).map((t) => [{ text: indent }, { text: t, spec: ui.ui('dim') }]);
  for (const [heading, contexts] of HELP_GROUPS) {
    lines.push([], [{ text: heading, spec: ui.ui('header_label') }]);
    if (heading === 'Table' && keymap.keysOf('kill').includes('k') && !keymap.keysOf('up').includes('k')) {
      lines.push(...wrapped('k is kill, as in htop: move up with ↑ or Ctrl-P (j moves down). For vi keys, set up = ["up", "k"] and kill = "F9" in [keys].'));
    }
    for (const d of ACTIONS) {
      if (!contexts.includes(d.context)) continue;
      const keys = keymap.keysOf(d.name).map(formatKey).join(' ') || '(unbound)';
      const [first, ...more] = wrapWords(d.help, textW);
      lines.push([
        { text: '  ' },
        { text: padToWidth(keys, keyW), spec: ui.ui('key_bar_key') },
        { text: padToWidth(d.name, nameW), spec: ui.ui('dim') },
        { text: first ?? '' },
      ]);
      for (const t of more) lines.push([{ text: indent }, { text: t }]);
    }
  }
  lines.push([], [{ text: 'Menus and inputs', spec: ui.ui('header_label') }]);
  for (const t of [
    '↑ ↓ PgUp PgDn Home End move, Enter chooses, Esc cancels; in the signal menu, type a name or number (TERM, 9, RTMIN+2).',
    'Confirmations take y (anything else is no). Ctrl-C always quits.',
  ]) {
    for (const w of wrapWords(t, Math.max(20, width - 2))) lines.push([{ text: '  ' }, { text: w }]);
  }
  return lines.map((segs) => paintMerged(cutSegments(segs, width), ui.painter));
}

/** Words wrapped to `width` columns, breaking at spaces (mid-word only for a word that is longer). */
function wrapWords(text: string, width: number): string[] {
  return wrapText(text, width).map((l) => l.trim());
}
