// One table of state words (src/collect/inspect/words.ts) for every place that names a state: the
// detail view's title, the State tab and the `ptop inspect` report agree on the name of each
// letter, and none doubles a parenthesis ("D (disk sleep (uninterruptible))" was the title once).

import { describe, expect, it } from 'vitest';
import { stateName, stateWords } from '../../../src/collect/inspect/words.js';
import { renderInspectionLines } from '../../../src/render/inspect-text.js';
import { stateInWords } from '../../../src/ui/detail/facts.js';
import { statePane } from '../../../src/ui/detail/state-pane.js';
import { titleSegments } from '../../../src/ui/detail/view.js';
import { data, inspection, monoStyles, render, stateSection } from './fixtures.js';

const NAMES: ReadonlyArray<[string, string]> = [
  ['R', 'running'],
  ['S', 'sleeping'],
  ['D', 'uninterruptible sleep'],
  ['Z', 'zombie'],
  ['T', 'stopped'],
  ['t', 'stopped by a tracer'],
  ['I', 'idle'],
  ['X', 'dead'],
];

describe('state words', () => {
  it.each(NAMES)('%s is "%s" in the title, the State tab and the report', (letter, name) => {
    expect(stateName(letter)).toBe(name);
    const words = stateWords(letter);
    expect(words.startsWith(name)).toBe(true);
    const ins = inspection({ state: letter }, { state: stateSection({ state: letter, stateWords: words }) });

    const title = titleSegments(data(ins), 100, monoStyles()).map((s) => s.text).join('');
    expect(title.endsWith(`  ${letter} (${name})`)).toBe(true);
    expect(stateInWords(letter)).toBe(`${letter} (${name})`);

    const pane = render(statePane, data(ins), {}, 100, 40).plain;
    expect(pane[0]).toBe(` State        ${letter}  ${words}`);

    const report = renderInspectionLines(ins);
    expect(report[0]).toBe(`PID 4242 (server)  ${letter} ${words}`);
    expect(report.find((l) => l.startsWith('  State '))).toBe(`  State             ${letter}  ${words}`);

    for (const text of [title, words, pane[0], report[0]]) expect(text).not.toMatch(/\)\)/);
  });

  it('a letter not in the table: the letter itself in the title, "unknown" in words', () => {
    expect(stateInWords('?')).toBe('?');
    expect(stateName('?')).toBeNull();
    expect(stateWords('?')).toBe('unknown');
  });
});
