// Wrapping text to a width in terminal columns (wide characters count 2), breaking at spaces
// where a space falls in the second half of the line, else mid-word. Pure.

import { displayWidth } from '../../model/format.js';

/** Wrap text to `width` columns, breaking at spaces where possible. */
export function wrapText(text: string, width: number): string[] {
  if (width <= 0) return [];
  const out: string[] = [];
  let rest = text;
  while (displayWidth(rest) > width) {
    // the longest prefix that fits
    let cut = 0;
    let w = 0;
    let n = 0;
    for (const ch of rest) {
      const cw = displayWidth(ch);
      if (w + cw > width) break;
      w += cw;
      cut += ch.length;
      n++;
    }
    if (n === 0) {
      // a character wider than the width: give it a line of its own rather than loop
      const first = String.fromCodePoint(rest.codePointAt(0)!);
      out.push(first);
      rest = rest.slice(first.length);
      continue;
    }
    const space = rest.lastIndexOf(' ', cut);
    const at = space > 0 && space > cut / 2 ? space : cut;
    out.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^ /, '');
  }
  if (rest !== '' || out.length === 0) out.push(rest);
  return out;
}

export interface SpecText {
  text: string;
  spec?: string;
}

/** Wrap a run of styled pieces as wrapText wraps their text; each piece keeps its spec. */
export function wrapSegments<S extends SpecText>(segs: readonly S[], width: number): SpecText[][] {
  let plain = '';
  for (const s of segs) plain += s.text;
  const parts = wrapText(plain, width);
  // where each piece starts in the plain text
  const starts: number[] = [];
  let at = 0;
  for (const s of segs) {
    starts.push(at);
    at += s.text.length;
  }
  const out: SpecText[][] = [];
  let pos = 0;
  for (const part of parts) {
    const start = plain.indexOf(part, pos);
    const from = start < 0 ? pos : start;
    const to = from + part.length;
    const line: SpecText[] = [];
    segs.forEach((s, i) => {
      const a = Math.max(from, starts[i]);
      const b = Math.min(to, starts[i] + s.text.length);
      if (b > a) line.push({ text: plain.slice(a, b), spec: s.spec });
    });
    out.push(line);
    pos = to;
  }
  return out;
}
