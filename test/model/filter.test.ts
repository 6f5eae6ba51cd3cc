import { describe, expect, it } from 'vitest';
import { compileKeywords, filterSamples, isNumericKeyword, matchKeywords } from '../../src/model/filter.js';
import type { SearchLogic } from '../../src/model/config/types.js';
import { col, ctx, proc } from './factory.js';

const columns = [
  { numericSearch: true, nonnumericSearch: false }, // PID
  { numericSearch: false, nonnumericSearch: true }, // USER
  { numericSearch: false, nonnumericSearch: true }, // COMMAND
  { numericSearch: false, nonnumericSearch: false }, // TTY: never searched
];
const rows = [
  { id: 'A', cells: ['100', 'root', 'nginx master', 'pts/1'] },
  { id: 'B', cells: ['200', 'alice', 'vim notes.txt', 'pts/2'] },
  { id: 'C', cells: ['300', 'alice', 'nginx worker', ''] },
  { id: 'D', cells: ['1000', 'bob', 'Bash', 'pts/100'] },
];
const ids = (keywords: string[], opts: Record<string, unknown> = {}) =>
  matchKeywords(rows, keywords, { columns, ...opts })
    .map((r) => r.id)
    .join('');

describe('isNumericKeyword', () => {
  it('is true for 64-bit integers only', () => {
    expect(isNumericKeyword('123')).toBe(true);
    expect(isNumericKeyword('-5')).toBe(true);
    expect(isNumericKeyword('+7')).toBe(true);
    expect(isNumericKeyword('9223372036854775807')).toBe(true);
    expect(isNumericKeyword('9223372036854775808')).toBe(false);
    expect(isNumericKeyword('1.5')).toBe(false);
    expect(isNumericKeyword('12a')).toBe(false);
    expect(isNumericKeyword('')).toBe(false);
  });
});

describe('matchKeywords', () => {
  it('keeps every row without keywords', () => {
    expect(ids([])).toBe('ABCD');
    expect(compileKeywords([]).empty).toBe(true);
  });

  const truth: Array<[string[], SearchLogic, string]> = [
    // numeric 100 hits A only (exact: not 1000); nginx hits A and C
    [['100', 'nginx'], 'and', 'A'],
    [['100', 'nginx'], 'or', 'AC'],
    [['100', 'nginx'], 'nand', 'BCD'],
    [['100', 'nginx'], 'nor', 'BD'],
    // text only: the empty numeric group folds to true (and/nand) or false (or/nor)
    [['alice', 'nginx'], 'and', 'C'],
    [['alice', 'nginx'], 'or', 'ABC'],
    [['alice', 'nginx'], 'nand', 'ABD'],
    [['alice', 'nginx'], 'nor', 'D'],
    // numeric only
    [['100', '200'], 'and', ''],
    [['100', '200'], 'or', 'AB'],
    [['100', '200'], 'nand', 'ABCD'],
    [['100', '200'], 'nor', 'CD'],
    // one of each group
    [['200', 'alice'], 'and', 'B'],
    [['200', 'alice'], 'or', 'BC'],
    [['200', 'alice'], 'nand', 'ACD'],
    [['200', 'alice'], 'nor', 'AD'],
  ];
  for (const [kw, logic, expected] of truth) {
    it(`${logic} ${kw.join(' ')} → ${expected || '(none)'}`, () => {
      expect(ids(kw, { logic })).toBe(expected);
    });
  }

  it('numeric keywords match exactly by default, or as substrings in partial mode', () => {
    expect(ids(['100'])).toBe('A');
    expect(ids(['100'], { numericSearch: 'partial' })).toBe('AD');
    expect(ids(['10'])).toBe('');
  });
  it('numeric keywords only look at numeric-search columns', () => {
    // "100" is in D's TTY "pts/100", but TTY is not searchable, and COMMAND is not numeric-search
    expect(ids(['100'], { numericSearch: 'partial' })).toBe('AD');
    expect(ids(['1'])).toBe('');
  });
  it('text keywords match substrings by default, or whole cells in exact mode', () => {
    expect(ids(['ngin'])).toBe('AC');
    expect(ids(['ngin'], { nonnumericSearch: 'exact' })).toBe('');
    expect(ids(['alice'], { nonnumericSearch: 'exact' })).toBe('BC');
    expect(ids(['pts'])).toBe('');
  });
  it('smart case: insensitive unless the keyword has an uppercase letter', () => {
    expect(ids(['bash'])).toBe('D');
    expect(ids(['Bash'])).toBe('D');
    expect(ids(['BASH'])).toBe('');
    expect(ids(['NGINX'])).toBe('');
  });
  it('sensitive and insensitive case modes', () => {
    expect(ids(['bash'], { case: 'sensitive' })).toBe('');
    expect(ids(['Bash'], { case: 'sensitive' })).toBe('D');
    expect(ids(['BASH'], { case: 'insensitive' })).toBe('D');
    expect(ids(['NGINX'], { case: 'insensitive' })).toBe('AC');
  });
  it('works through the row-agnostic matcher', () => {
    const m = compileKeywords(['alice'], {});
    const cells = ['1', 'ALICE', 'x', ''];
    expect(m.test((i) => cells[i], columns)).toBe(true);
    expect(compileKeywords(['Alice']).test((i) => cells[i], columns)).toBe(false);
  });
});

describe('filterSamples', () => {
  const samples = [
    proc({ pid: 1, comm: 'systemd', uid: 0, argv: ['/sbin/init'] }),
    proc({ pid: 42, comm: 'sleep', uid: 1000, argv: ['sleep', '100'] }),
    proc({ pid: 100, comm: 'bash', uid: 1001, argv: ['-bash'] }),
  ];
  const cfg = [
    col('Pid', { numericSearch: true }),
    col('User', { nonnumericSearch: true }),
    col('Separator'),
    col('Command', { nonnumericSearch: true }),
    col('NoSuchKind', { nonnumericSearch: true }),
  ];
  const run = (kw: string[], logic: SearchLogic = 'and') =>
    filterSamples(samples, kw, { columns: cfg, ctx: ctx(), search: { logic } }).map((p) => p.pid);

  it('formats the searchable columns and matches their text', () => {
    expect(run(['alice'])).toEqual([42]);
    expect(run(['100'])).toEqual([100]);
    expect(run(['init'])).toEqual([1]);
    expect(run(['1', 'bash'], 'or')).toEqual([1, 100]);
    expect(run([])).toEqual([1, 42, 100]);
  });
});
