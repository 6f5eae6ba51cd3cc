// Key names: what a raw terminal input event means ("\x1b[21~" → "f10", "j" → "j"), what a
// config's key spec means ("F10", "ctrl+c", "PgDn" → the same canonical names), and how a key is
// shown in the key bar and help. Pure; no Ink.
//
// Canonical names:
//   a printable character     itself, case-sensitive ("q", "Q", "<", "/", "é"); a space is "space"
//   named keys                enter escape tab shift+tab backspace delete insert space
//                             up down left right home end pageup pagedown f1 … f12
//   with modifiers            ctrl+a … ctrl+z, ctrl+up …, alt+x (ESC then x), shift+up …, shift+f5 …

/** Named (non-character) keys a config may write. */
export const NAMED_KEYS = [
  'enter', 'escape', 'tab', 'shift+tab', 'backspace', 'delete', 'insert', 'space',
  'up', 'down', 'left', 'right', 'home', 'end', 'pageup', 'pagedown',
  'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11', 'f12',
] as const;

const NAMED = new Set<string>(NAMED_KEYS);

/** Spellings a config may use for the named keys (lower case). */
const SPELLINGS: Readonly<Record<string, string>> = {
  return: 'enter',
  ret: 'enter',
  cr: 'enter',
  esc: 'escape',
  backtab: 'shift+tab',
  btab: 'shift+tab',
  bs: 'backspace',
  bspace: 'backspace',
  del: 'delete',
  dc: 'delete',
  ins: 'insert',
  ic: 'insert',
  spc: 'space',
  pgup: 'pageup',
  page_up: 'pageup',
  'page-up': 'pageup',
  ppage: 'pageup',
  prior: 'pageup',
  pgdn: 'pagedown',
  pgdown: 'pagedown',
  page_down: 'pagedown',
  'page-down': 'pagedown',
  npage: 'pagedown',
  next: 'pagedown',
};

/** Keys that take a shift/ctrl/alt modifier in the terminal's CSI encoding. */
const MODIFIABLE = new Set(['up', 'down', 'left', 'right', 'home', 'end', 'pageup', 'pagedown', 'insert', 'delete',
  'f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11', 'f12']);

/** One printable character (one code point, not a control character). */
export function isCharKey(name: string): boolean {
  const cp = name.codePointAt(0);
  if (cp === undefined || name.length > (cp > 0xffff ? 2 : 1)) return false;
  return cp >= 0x20 && cp !== 0x7f && !(cp >= 0x80 && cp < 0xa0);
}

/**
 * A config key spec → its canonical name, or null when it names no key. Letters are
 * case-sensitive ("Q" is shift+q); named keys and modifiers are not ("F10", "Ctrl+C", "PgDn").
 */
export function parseKeySpec(spec: string): string | null {
  if (spec === ' ') return 'space';
  if (isCharKey(spec)) return spec;
  const s = spec.trim();
  if (s === '') return null;
  if (isCharKey(s)) return s;
  // ^X = ctrl+x
  if (/^\^[A-Za-z]$/.test(s)) return `ctrl+${s[1].toLowerCase()}`;
  const lower = s.toLowerCase();
  if (NAMED.has(lower)) return lower;
  if (Object.hasOwn(SPELLINGS, lower)) return SPELLINGS[lower];
  // MOD+KEY or MOD-KEY (emacs/tmux style C-x, M-x, S-Tab)
  const m = /^(ctrl|control|c|alt|meta|m|a|shift|s)[+-](.+)$/i.exec(s);
  if (!m) return null;
  const mod = m[1].toLowerCase();
  const rest = m[2];
  const base = parseKeySpec(rest);
  if (base === null) return null;
  if (mod === 'ctrl' || mod === 'control' || mod === 'c') {
    if (/^[A-Za-z]$/.test(base)) return `ctrl+${base.toLowerCase()}`;
    if (base === 'space') return 'ctrl+space';
    if (MODIFIABLE.has(base)) return `ctrl+${base}`;
    return null;
  }
  if (mod === 'shift' || mod === 's') {
    if (/^[a-z]$/.test(base)) return base.toUpperCase();
    if (/^[A-Z]$/.test(base)) return base;
    if (base === 'tab') return 'shift+tab';
    if (MODIFIABLE.has(base)) return `shift+${base}`;
    return null;
  }
  // alt / meta
  if (isCharKey(base) || MODIFIABLE.has(base)) return `alt+${base}`;
  return null;
}

// ---- raw input → key names ----------------------------------------------------------------------

const CSI_TILDE: Readonly<Record<string, string>> = {
  '1': 'home', '2': 'insert', '3': 'delete', '4': 'end', '5': 'pageup', '6': 'pagedown', '7': 'home', '8': 'end',
  '11': 'f1', '12': 'f2', '13': 'f3', '14': 'f4', '15': 'f5', '17': 'f6', '18': 'f7', '19': 'f8', '20': 'f9',
  '21': 'f10', '23': 'f11', '24': 'f12',
};
const CSI_LETTER: Readonly<Record<string, string>> = {
  A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', P: 'f1', Q: 'f2', R: 'f3', S: 'f4',
  a: 'up', b: 'down', c: 'right', d: 'left',
};
/** linux console F1–F5: ESC [ [ A … E */
const CONSOLE_F: Readonly<Record<string, string>> = { A: 'f1', B: 'f2', C: 'f3', D: 'f4', E: 'f5' };

/** xterm modifier parameter (1 + shift + 2·alt + 4·ctrl) → prefix */
function modPrefix(param: string | undefined): string {
  const n = Number(param ?? '1') - 1;
  if (!Number.isInteger(n) || n <= 0) return '';
  if (n & 4) return 'ctrl+';
  if (n & 2) return 'alt+';
  if (n & 1) return 'shift+';
  return '';
}

function controlKey(c: string): string | null {
  const code = c.charCodeAt(0);
  if (c === '\r' || c === '\n') return 'enter';
  if (c === '\t') return 'tab';
  if (code === 0x7f || code === 0x08) return 'backspace';
  if (code === 0x1b) return 'escape';
  if (code === 0) return 'ctrl+space';
  if (code >= 1 && code <= 26) return `ctrl+${String.fromCharCode(code + 96)}`;
  return null;
}

function escapeSequence(seq: string): string | null {
  // seq starts with ESC and is longer than 1
  let m = /^\x1b\x1b?\[\[([A-E])$/.exec(seq);
  if (m) return CONSOLE_F[m[1]];
  m = /^\x1b\x1b?\[(\d+)(?:;(\d+))?([~$^])$/.exec(seq);
  if (m) {
    const base = CSI_TILDE[m[1]];
    if (!base) return null;
    return modPrefix(m[2]) + base;
  }
  m = /^\x1b\x1b?\[(?:1;)?(\d+)?([A-Za-z])$/.exec(seq);
  if (m) {
    if (m[2] === 'Z') return 'shift+tab';
    const base = CSI_LETTER[m[2]];
    if (!base) return null;
    return modPrefix(m[1]) + base;
  }
  m = /^\x1bO([A-Za-z])$/.exec(seq);
  if (m) {
    if (m[1] === 'M') return 'enter'; // keypad enter
    return CSI_LETTER[m[1]] ?? null;
  }
  if (seq === '\x1b\x1b') return 'escape';
  // ESC + a character: alt+char (ESC + control char: alt+ctrl…, not bound by anything; ignore)
  const rest = seq.slice(1);
  if (isCharKey(rest)) return `alt+${rest}`;
  if (rest === '\r') return 'alt+enter';
  return null;
}

/**
 * The keys in one input event as Ink's input parser delivers it: one escape sequence, or a run of
 * plain text (typed fast or pasted), which becomes one key per character. Unknown sequences
 * (mouse reports, focus events, …) give no keys.
 */
export function keysFromInput(raw: string): string[] {
  if (raw === '') return [];
  if (raw[0] === '\x1b' && raw.length > 1) {
    const k = escapeSequence(raw);
    return k ? [k] : [];
  }
  const out: string[] = [];
  for (const ch of raw) {
    if (ch === ' ') out.push('space');
    else if (isCharKey(ch)) out.push(ch);
    else {
      const k = controlKey(ch);
      if (k) out.push(k);
    }
  }
  return out;
}

/** The text a key types into an input field, or null for a key that types nothing. */
export function keyText(key: string): string | null {
  if (key === 'space') return ' ';
  return isCharKey(key) ? key : null;
}

// ---- mouse --------------------------------------------------------------------------------------

export interface MouseEvent {
  kind: 'press' | 'release' | 'wheel-up' | 'wheel-down';
  /** 0 left, 1 middle, 2 right */
  button: number;
  /** 0-based cell */
  x: number;
  y: number;
}

/** An SGR mouse report (`ESC [ < b ; x ; y M|m`, mode 1006), or null. Motion reports are ignored. */
export function parseMouse(raw: string): MouseEvent | null {
  const m = /^\x1b\[<(\d+);(\d+);(\d+)([Mm])$/.exec(raw);
  if (!m) return null;
  const b = Number(m[1]);
  const x = Number(m[2]) - 1;
  const y = Number(m[3]) - 1;
  if (b & 32) return null; // motion
  if (b & 64) return { kind: (b & 1) === 0 ? 'wheel-up' : 'wheel-down', button: 0, x, y };
  return { kind: m[4] === 'M' ? 'press' : 'release', button: b & 3, x, y };
}

// ---- display ------------------------------------------------------------------------------------

const DISPLAY: Readonly<Record<string, string>> = {
  enter: 'Enter', escape: 'Esc', tab: 'Tab', 'shift+tab': 'S-Tab', backspace: 'Bksp', delete: 'Del',
  insert: 'Ins', space: 'Space', up: '↑', down: '↓', left: '←', right: '→', home: 'Home', end: 'End',
  pageup: 'PgUp', pagedown: 'PgDn',
};

/** How a key is shown in the key bar and the help overlay: F10, Enter, ^L, M-x, S-↑, "q". */
export function formatKey(key: string): string {
  if (Object.hasOwn(DISPLAY, key)) return DISPLAY[key];
  if (/^f\d+$/.test(key)) return key.toUpperCase();
  const m = /^(ctrl|alt|shift)\+(.+)$/.exec(key);
  if (m) {
    const base = m[2];
    const shown = base.length === 1 ? base : formatKey(base);
    if (m[1] === 'ctrl') return base.length === 1 ? `^${base.toUpperCase()}` : `C-${shown}`;
    if (m[1] === 'alt') return `M-${shown}`;
    return `S-${shown}`;
  }
  return key;
}
