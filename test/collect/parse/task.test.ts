import { describe, it, expect } from 'vitest';
import { parseTaskIds } from '../../../src/collect/parse/task.js';
import { expected, fx } from './fixtures.js';

describe('parseTaskIds', () => {
  it('turns the captured task/ listing into sorted tids', () => {
    const names = fx('helper/task.txt').trimEnd().split('\n');
    expect(parseTaskIds(names)).toEqual(expected.tids);
    expect(parseTaskIds(names)).toHaveLength(3);
  });

  it('keeps numeric names only, sorted numerically', () => {
    expect(parseTaskIds(['10', '9', 'self', '.', '', '100', '1a', 'thread-self', '2'])).toEqual([2, 9, 10, 100]);
  });
});
