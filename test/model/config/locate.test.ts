import { describe, expect, it } from 'vitest';
import { SourceLocator } from '../../../src/model/config/locate.js';
import { closest, didYouMean, didYouMeanOneOf, editDistance, suggest } from '../../../src/model/config/suggest.js';

describe('SourceLocator', () => {
  const src = [
    '# comment [not] = a header', // 1
    'title = """', // 2
    'x = 1', // 3  (inside the multi-line string)
    '[[columns]] = """', // 4  (still inside)
    '"""', // 5
    '[[columns]]', // 6
    'kind = "Pid"', // 7
    '[[ columns ]]  # second', // 8
    '  kind = "a # not a comment"', // 9
    '  "max_width" = 3', // 10
    '[display]', // 11
    'tree_symbols = [', // 12
    '  "a", # one', // 13
    '  "b",', // 14
    ']', // 15
    "sub.'key' = { a = 1, b = [1, { c = 2 }] }", // 16
    '[style.by_state]', // 17
    "color_d = 'Red'", // 18
  ].join('\n');
  const loc = new SourceLocator(src);

  it('finds keys and values, skipping comments and multi-line strings', () => {
    expect(loc.find(['title'], 'value')).toEqual({ line: 2, column: 9 });
    expect(loc.has(['x'])).toBe(false);
    expect(loc.find(['columns', 0], 'key')).toEqual({ line: 6, column: 3 });
    expect(loc.find(['columns', 0, 'kind'], 'key')).toEqual({ line: 7, column: 1 });
    expect(loc.find(['columns', 0, 'kind'], 'value')).toEqual({ line: 7, column: 8 });
  });

  it('numbers [[columns]] headers in order', () => {
    expect(loc.find(['columns', 1])).toEqual({ line: 8, column: 4 });
    expect(loc.find(['columns', 1, 'kind'])).toEqual({ line: 9, column: 3 });
    expect(loc.find(['columns', 1, 'max_width'], 'value')).toEqual({ line: 10, column: 17 });
  });

  it('finds array elements across lines and keys inside inline tables', () => {
    expect(loc.find(['display', 'tree_symbols', 1], 'value')).toEqual({ line: 14, column: 3 });
    expect(loc.find(['display', 'sub'])).toEqual({ line: 16, column: 1 });
    expect(loc.find(['display', 'sub', 'key', 'b'], 'key')).toEqual({ line: 16, column: 22 });
    expect(loc.find(['display', 'sub', 'key', 'b', 1, 'c'], 'value')).toEqual({ line: 16, column: 36 });
  });

  it('finds nested table headers and falls back to the nearest ancestor', () => {
    expect(loc.find(['style'])).toEqual({ line: 17, column: 2 });
    expect(loc.find(['style', 'by_state'])).toEqual({ line: 17, column: 8 });
    expect(loc.find(['style', 'by_state', 'color_d'], 'value')).toEqual({ line: 18, column: 11 });
    expect(loc.find(['style', 'by_state', 'color_q'], 'value')).toEqual({ line: 17, column: 8 });
    expect(loc.find(['nowhere'])).toEqual({ line: 1, column: 1 });
  });
});

describe('suggestions', () => {
  it('edit distance counts transpositions as one edit', () => {
    expect(editDistance('min_widht', 'min_width')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggest prefers case-insensitive exact matches and ignores far candidates', () => {
    expect(suggest('VmRSS', ['VmSize', 'VmRss', 'VmHwm'])).toBe('VmRss');
    expect(suggest('Vmrss', ['VmSize', 'VmRss', 'VmHwm'])).toBe('VmRss');
    expect(suggest('dispaly', ['display', 'sort'])).toBe('display');
    expect(suggest('show-self', ['show_self'])).toBe('show_self');
    expect(suggest('zzzzzz', ['display', 'sort'])).toBeUndefined();
    expect(suggest('color_q', ['color_k', 'color_m', 'color_p'])).toBeUndefined();
    expect(suggest('xor', ['and', 'or', 'nand', 'nor'])).toBeUndefined();
  });
});

describe('suggestions among equals', () => {
  it('closest lists every equally close candidate; didYouMeanOneOf names up to three, didYouMean only one', () => {
    const kinds = ['Pid', 'User', 'Uid', 'Uss', 'Command'];
    expect(closest('Usr', kinds)).toEqual(['User', 'Uss']);
    expect(didYouMeanOneOf('Usr', kinds)).toBe('did you mean `User` or `Uss`?');
    expect(didYouMean('Usr', kinds)).toBeUndefined();
    expect(didYouMeanOneOf('color_q', ['color_k', 'color_m', 'color_p'])).toBe('did you mean `color_k`, `color_m` or `color_p`?');
    expect(didYouMeanOneOf('color_q', ['color_k', 'color_m', 'color_p', 'color_x'])).toBeUndefined();
    expect(didYouMeanOneOf('Commnd', kinds)).toBe('did you mean `Command`?');
    expect(didYouMeanOneOf('zzzzzz', kinds)).toBeUndefined();
  });
});
