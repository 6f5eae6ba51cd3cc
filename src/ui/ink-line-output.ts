// A faster Output for Ink's renderer, for ptop's screens, which are nothing but whole pre-painted
// lines (app.tsx: one <Transform> per terminal row, at x = 0, cut to the width before it gets
// here). Ink's own Output turns every frame into a grid of one object per cell (a styled char with
// its style array), then back into strings: about 2 µs a cell, 20-25 ms for a 200x50 frame on a
// slow 2-core box, and most of the garbage ptop makes. When a frame is only single-line writes at
// column 0, one per row, with no clipping, the row's text is already the answer: this class
// returns the transformed lines as they are (trailing blanks trimmed, as Ink does). Any other
// frame (a clip, a write at x > 0, two writes on a row, text with a newline) goes through Ink's
// own Output unchanged, so the result is never different from Ink's on screen.
//
// scripts/build.mjs puts it in place of Ink's ./output.js for Ink's renderer (an esbuild plugin);
// `ink-original-output` is Ink's own module. Tests that run from source use Ink's Output as is.

import InkOutput from 'ink-original-output';

type Transformer = (line: string, index: number) => string;
interface WriteOp {
  type: 'write';
  x: number;
  y: number;
  text: string;
  transformers: Transformer[];
}
type Op = WriteOp | { type: 'clip' | 'unclip' };

/** The rows of a frame of whole-line writes, or null when the frame is anything else. */
export function lineRows(ops: readonly Op[], height: number): string[] | null {
  const rows: (string | undefined)[] = new Array(height);
  for (const op of ops) {
    if (op.type !== 'write') return null;
    const { x, y, text } = op;
    if (x !== 0 || y < 0 || y >= height || y !== Math.floor(y) || rows[y] !== undefined || text.includes('\n')) return null;
    let line = text;
    for (const t of op.transformers) line = t(line, 0);
    if (line.includes('\n')) return null;
    rows[y] = line;
  }
  const out: string[] = new Array(height);
  for (let y = 0; y < height; y++) {
    const r = rows[y];
    // Ink trims each row's trailing blanks (unstyled ones: a styled blank ends in an escape)
    out[y] = r === undefined ? '' : r.endsWith(' ') ? r.trimEnd() : r;
  }
  return out;
}

export default class LineOutput extends InkOutput {
  override get(): { output: string; height: number } {
    const ops = (this as unknown as { operations: Op[] }).operations;
    const rows = lineRows(ops, this.height);
    if (rows === null) return super.get();
    return { output: rows.join('\n'), height: this.height };
  }
}
