// LineOutput (src/ui/ink-line-output.ts), the Output the build gives Ink's renderer: on frames of
// whole-line writes it must print what Ink's own Output prints, once the escapes are applied (Ink
// re-encodes styles; the screen is what matters), and hand every other frame to Ink's Output.

import { describe, expect, it } from 'vitest';
import InkOutput from 'ink-original-output';
import LineOutput, { lineRows } from '../../src/ui/ink-line-output.js';
import { plain } from '../helpers/tmux.js';

const ESC = '\x1b';
const red = (s: string) => `${ESC}[31m${s}${ESC}[39m`;
const inverse = (s: string) => `${ESC}[7m${s}${ESC}[27m`;
const bold = (s: string) => `${ESC}[1m${s}${ESC}[22m`;

/**
 * Each output row as the cells a terminal shows: the character with its foreground, bold and
 * inverse state (SGR 0, 1/22, 7/27, 30-37/39 are what these tests use); trailing plain blanks
 * dropped, as a terminal shows nothing for them either.
 */
function screen(out: string): string[] {
  return out.split('\n').map((row) => {
    let fg = '';
    let b = false;
    let inv = false;
    const cells: string[] = [];
    for (let i = 0; i < row.length; i++) {
      if (row[i] === '\x1b' && row[i + 1] === '[') {
        const j = row.indexOf('m', i);
        for (const p of (row.slice(i + 2, j) || '0').split(';').map(Number)) {
          if (p === 0) [fg, b, inv] = ['', false, false];
          else if (p === 1) b = true;
          else if (p === 22) b = false;
          else if (p === 7) inv = true;
          else if (p === 27) inv = false;
          else if (p >= 30 && p <= 37) fg = String(p);
          else if (p === 39) fg = '';
        }
        i = j;
        continue;
      }
      cells.push(`${row[i]}${fg}${b ? 'b' : ''}${inv ? 'i' : ''}`);
    }
    while (cells.length > 0 && cells[cells.length - 1] === ' ') cells.pop();
    return cells.join('|');
  });
}

function both(width: number, height: number, draw: (o: InkOutput) => void): { ink: string; line: string } {
  const a = new InkOutput({ width, height });
  const b = new LineOutput({ width, height });
  draw(a);
  draw(b);
  return { ink: a.get().output, line: b.get().output };
}

const placeholder = (w: number) => ' '.repeat(w);
const as = (line: string) => [() => line];

describe('LineOutput', () => {
  it('whole-line frames: the same screen as Ink, including styled blanks, wide characters and empty rows', () => {
    const lines = [
      `${inverse(' PID USER      CPU ')}   `,
      `  12 ${red('root')}  ${bold('3.4')} │ 日本語 ok`,
      '',
      `${inverse('  selected row                  ')}`,
      `tail with blanks     `,
    ];
    const { ink, line } = both(40, 7, (o) => lines.forEach((l, y) => o.write(0, y, placeholder(40), { transformers: as(l) })));
    expect(screen(line)).toEqual(screen(ink));
    expect(line.split('\n')).toHaveLength(7);
    // the placeholder never shows; the transform's text does
    expect(plain(line.split('\n')[1])).toContain('日本語 ok');
  });

  it('many random pre-painted lines: the same screen as Ink', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
    const words = ['sshd', 'node', '12.5', '│', 'S', '日本', 'x', '   '];
    for (let frame = 0; frame < 20; frame++) {
      const rows = Array.from({ length: 12 }, () => {
        let s = '';
        while (plain(s).length < 50) {
          const w = words[rnd(words.length)];
          const k = rnd(4);
          s += (k === 0 ? red(w) : k === 1 ? inverse(w) : k === 2 ? bold(w) : w) + ' ';
        }
        return s;
      });
      const { ink, line } = both(80, 12, (o) => rows.forEach((l, y) => o.write(0, y, placeholder(80), { transformers: as(l) })));
      expect(screen(line)).toEqual(screen(ink));
    }
  });

  it('anything else goes to Ink: a clip, a write at x > 0, two writes on a row, a newline', () => {
    expect(lineRows([{ type: 'clip' }], 3)).toBeNull();
    expect(lineRows([{ type: 'write', x: 2, y: 0, text: 'a', transformers: [] }], 3)).toBeNull();
    expect(lineRows([{ type: 'write', x: 0, y: 0, text: 'a', transformers: [] }, { type: 'write', x: 0, y: 0, text: 'b', transformers: [] }], 3)).toBeNull();
    expect(lineRows([{ type: 'write', x: 0, y: 0, text: 'a\nb', transformers: [] }], 3)).toBeNull();
    expect(lineRows([{ type: 'write', x: 0, y: 1, text: 'ab  ', transformers: [] }], 3)).toEqual(['', 'ab', '']);
    // the fallback prints what Ink prints
    const { ink, line } = both(20, 3, (o) => {
      o.write(0, 0, 'left', { transformers: [] });
      o.write(10, 0, red('right'), { transformers: [] });
      o.write(0, 1, 'two\nlines', { transformers: [] });
    });
    expect(line).toBe(ink);
  });
});
