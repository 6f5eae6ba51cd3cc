// Terminal-injection safety for strings that come from processes (comm, cmdline, paths, environ):
// every control or bidi/format character is replaced by U+FFFD before anything renders it.
//
// Invalid UTF-8 never reaches here as bytes: callers decode /proc Buffers with 'utf8', which already
// turns each invalid sequence into U+FFFD. This module only handles well-formed but unsafe characters.

// C0 (U+0000–U+001F: includes \t \n \r ESC), DEL U+007F, C1 U+0080–U+009F (includes the 8-bit CSI
// U+009B), ALM U+061C, LRM/RLM U+200E/U+200F, LINE/PARAGRAPH SEPARATOR U+2028/U+2029, the bidi
// embeddings and overrides U+202A–U+202E and the bidi isolates U+2066–U+2069.
const UNSAFE_CLASS = '[\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069]';
const UNSAFE = new RegExp(UNSAFE_CLASS);
const UNSAFE_ALL = new RegExp(UNSAFE_CLASS, 'g');

/** U+FFFD REPLACEMENT CHARACTER, what every unsafe character becomes. */
export const REPLACEMENT = '\uFFFD';

/** True when `s` holds a character that `sanitize` would replace. */
export function hasUnsafe(s: string): boolean {
  return UNSAFE.test(s);
}

/** Replace each unsafe character by U+FFFD; a clean string is returned unchanged (same reference). */
export function sanitize(s: string): string {
  return UNSAFE.test(s) ? s.replace(UNSAFE_ALL, REPLACEMENT) : s;
}

/** Sanitize each argument and join them with single spaces (how a cmdline is displayed). */
export function sanitizeArgs(args: readonly string[]): string {
  let out = '';
  for (let i = 0; i < args.length; i++) {
    if (i > 0) out += ' ';
    out += sanitize(args[i]);
  }
  return out;
}
