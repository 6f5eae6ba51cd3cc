// Colour specs, as written in the config's [style]/[[columns]] style and in themes' [ui]:
//
//   spec   = half | half "|" half          "DARK|LIGHT": the theme's variant picks one half
//   half   = token (whitespace token)*     at most one foreground and one background
//   token  = colour                        foreground
//          | "bg:" colour                  background
//          | bold | dim | italic | underline | inverse
//   colour = Black Red Green Yellow Blue Magenta Cyan White, Bright* of those (names are
//            case-insensitive) | default | 0-255 (256-colour index) | #rrggbb | #rgb
//
// Examples: "BrightGreen", "BrightWhite|Black", "223", "#88c0d0 bold", "bg:#3b4252", "inverse".

import { suggest } from './suggest.js';

const BASE_COLOURS = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white'] as const;

/** canonical spellings, for messages and suggestions */
export const COLOR_NAMES: readonly string[] = [
  ...BASE_COLOURS.map((c) => c[0].toUpperCase() + c.slice(1)),
  ...BASE_COLOURS.map((c) => 'Bright' + c[0].toUpperCase() + c.slice(1)),
  'default',
];

export const COLOR_MODIFIERS = ['bold', 'dim', 'italic', 'underline', 'inverse'] as const;
export type ColorModifier = (typeof COLOR_MODIFIERS)[number];

const MODIFIER_SGR: Record<ColorModifier, { on: number; off: number }> = {
  bold: { on: 1, off: 22 },
  dim: { on: 2, off: 22 },
  italic: { on: 3, off: 23 },
  underline: { on: 4, off: 24 },
  inverse: { on: 7, off: 27 },
};

/** A colour without its fg/bg role: an SGR parameter template ("3X" style base codes). */
type Colour =
  | { type: 'basic'; index: number; bright: boolean }
  | { type: 'default' }
  | { type: '256'; n: number }
  | { type: 'rgb'; r: number; g: number; b: number };

/** One half of a spec, parsed. */
export interface ColorStyle {
  fg?: Colour;
  bg?: Colour;
  modifiers: ColorModifier[];
}

export interface ParsedColorSpec {
  dark: ColorStyle;
  light: ColorStyle;
}

export type ColorSpecCheck = { ok: true; spec: ParsedColorSpec } | { ok: false; reason: string; suggestion?: string };

function parseColour(tok: string): Colour | undefined {
  const t = tok.toLowerCase();
  if (t === 'default') return { type: 'default' };
  const bright = t.startsWith('bright');
  const base = bright ? t.slice(6) : t;
  const idx = (BASE_COLOURS as readonly string[]).indexOf(base);
  if (idx >= 0) return { type: 'basic', index: idx, bright };
  if (/^\d{1,3}$/.test(t)) {
    const n = Number(t);
    return n <= 255 ? { type: '256', n } : undefined;
  }
  let m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/.exec(t);
  if (m) return { type: 'rgb', r: parseInt(m[1], 16), g: parseInt(m[2], 16), b: parseInt(m[3], 16) };
  m = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(t);
  if (m) return { type: 'rgb', r: parseInt(m[1] + m[1], 16), g: parseInt(m[2] + m[2], 16), b: parseInt(m[3] + m[3], 16) };
  return undefined;
}

function badColourReason(tok: string): { reason: string; suggestion?: string } {
  if (/^\d+$/.test(tok)) return { reason: `256-colour index ${tok} is out of range 0-255` };
  if (tok.startsWith('#')) return { reason: `\`${tok}\` is not a #rrggbb colour` };
  return { reason: `unknown colour \`${tok}\``, suggestion: suggest(tok, [...COLOR_NAMES, ...COLOR_MODIFIERS]) };
}

function parseHalf(half: string): { ok: true; style: ColorStyle } | { ok: false; reason: string; suggestion?: string } {
  const tokens = half.trim().split(/\s+/).filter((t) => t !== '');
  if (tokens.length === 0) return { ok: false, reason: 'empty colour spec' };
  const style: ColorStyle = { modifiers: [] };
  for (const tok of tokens) {
    const lower = tok.toLowerCase();
    if ((COLOR_MODIFIERS as readonly string[]).includes(lower)) {
      const m = lower as ColorModifier;
      if (!style.modifiers.includes(m)) style.modifiers.push(m);
      continue;
    }
    if (lower.startsWith('bg:')) {
      const c = parseColour(tok.slice(3));
      if (!c) return { ok: false, ...badColourReason(tok.slice(3)) };
      if (style.bg) return { ok: false, reason: `more than one background colour in \`${half.trim()}\`` };
      style.bg = c;
      continue;
    }
    const c = parseColour(tok);
    if (!c) return { ok: false, ...badColourReason(tok) };
    if (style.fg) return { ok: false, reason: `more than one foreground colour in \`${half.trim()}\`` };
    style.fg = c;
  }
  // a stable order for the SGR output, whatever order the spec listed the modifiers in
  style.modifiers.sort((a, b) => COLOR_MODIFIERS.indexOf(a) - COLOR_MODIFIERS.indexOf(b));
  return { ok: true, style };
}

/** Parse and explain: the parsed spec, or why it is invalid (with a spelling suggestion). */
export function checkColorSpec(spec: string): ColorSpecCheck {
  if (typeof spec !== 'string') return { ok: false, reason: 'not a string' };
  const halves = spec.split('|');
  if (halves.length > 2) return { ok: false, reason: 'more than one `|` (the form is DARK|LIGHT)' };
  const dark = parseHalf(halves[0]);
  if (!dark.ok) return dark;
  if (halves.length === 1) return { ok: true, spec: { dark: dark.style, light: dark.style } };
  const light = parseHalf(halves[1]);
  if (!light.ok) return light;
  return { ok: true, spec: { dark: dark.style, light: light.style } };
}

export function isValidColorSpec(spec: string): boolean {
  return checkColorSpec(spec).ok;
}

/** one line describing the syntax, for error hints */
export const COLOR_SPEC_HELP =
  'a colour is a name (Black Red Green Yellow Blue Magenta Cyan White, BrightRed …, default), 0-255 or #rrggbb; ' +
  'add bg:COLOUR and bold dim italic underline inverse as needed; "DARK|LIGHT" gives one spec per theme variant';

function colourParams(c: Colour, background: boolean): string {
  switch (c.type) {
    case 'default':
      return background ? '49' : '39';
    case 'basic':
      return String((c.bright ? (background ? 100 : 90) : background ? 40 : 30) + c.index);
    case '256':
      return `${background ? 48 : 38};5;${c.n}`;
    case 'rgb':
      return `${background ? 48 : 38};2;${c.r};${c.g};${c.b}`;
  }
}

export interface Sgr {
  /** e.g. "\x1b[1;92m"; '' when the style does nothing */
  open: string;
  /** attribute-specific resets (22/23/24/27/39/49), so an enclosing background survives */
  close: string;
}

/** SGR sequences for one half. `monochrome` drops colours and keeps modifiers. */
export function styleToSgr(style: ColorStyle, monochrome = false): Sgr {
  const on: string[] = [];
  const off: string[] = [];
  for (const m of style.modifiers) {
    on.push(String(MODIFIER_SGR[m].on));
    const o = String(MODIFIER_SGR[m].off);
    if (!off.includes(o)) off.push(o);
  }
  if (!monochrome) {
    if (style.fg) {
      on.push(colourParams(style.fg, false));
      off.push('39');
    }
    if (style.bg) {
      on.push(colourParams(style.bg, true));
      off.push('49');
    }
  }
  if (on.length === 0) return { open: '', close: '' };
  return { open: `\x1b[${on.join(';')}m`, close: `\x1b[${off.join(';')}m` };
}
