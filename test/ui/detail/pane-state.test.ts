import { describe, expect, it } from 'vitest';
import { listWindow, paneState } from '../../../src/ui/detail/pane.js';
import { filterPane, invertPaneSort, movePane, stepPaneSort, type PaneMetrics } from '../../../src/ui/view-state.js';

const list = (over: Partial<PaneMetrics> = {}): PaneMetrics => ({ count: 100, page: 10, list: true, cursor: 0, offset: 0, ...over });
const text = (over: Partial<PaneMetrics> = {}): PaneMetrics => ({ count: 50, page: 20, list: false, cursor: 0, offset: 0, ...over });
const sorts = [
  { name: 'TID', desc: false },
  { name: 'NAME', desc: false },
  { name: 'CPU%', desc: true },
];

describe('detail pane state', () => {
  it('list panes move a cursor and scroll just enough to show it', () => {
    expect(listWindow(15, 0, 100, 10)).toEqual({ cursor: 15, offset: 6 });
    expect(listWindow(3, 6, 100, 10)).toEqual({ cursor: 3, offset: 3 });
    expect(listWindow(500, 0, 100, 10)).toEqual({ cursor: 99, offset: 90 });
    const p = paneState();
    expect(movePane(p, { delta: 1 }, list())).toMatchObject({ cursor: 1, offset: 0 });
    expect(movePane(p, { page: 1 }, list({ cursor: 4 }))).toMatchObject({ cursor: 14, offset: 10 });
    expect(movePane(p, 'end', list())).toMatchObject({ cursor: 99, offset: 90 });
    expect(movePane(paneState({ cursor: 50, offset: 45 }), 'home', list({ cursor: 50, offset: 45 }))).toMatchObject({ cursor: 0, offset: 0 });
    // nothing to move: the same object (no redraw)
    expect(movePane(p, { delta: -1 }, list())).toBe(p);
  });

  it('text panes scroll, clamped to the text', () => {
    const p = paneState();
    expect(movePane(p, { delta: 3 }, text())).toMatchObject({ offset: 3 });
    expect(movePane(p, 'end', text())).toMatchObject({ offset: 30 });
    expect(movePane(p, { page: 1 }, text({ offset: 25 }))).toMatchObject({ offset: 30 });
    expect(movePane(p, { page: -1 }, text({ offset: 5 }))).toBe(p);
  });

  it('< > step through the sort columns in their default order; I inverts; a filter starts at the top', () => {
    const p = paneState({ sortKey: 'TID', cursor: 7, offset: 3 });
    const m = list({ sortColumns: sorts, sortKey: 'TID', desc: false });
    expect(stepPaneSort(p, 1, m)).toMatchObject({ sortKey: 'NAME', desc: false, cursor: 0, offset: 0 });
    expect(stepPaneSort(paneState({ sortKey: 'NAME' }), 1, { ...m, sortKey: 'NAME' })).toMatchObject({ sortKey: 'CPU%', desc: true });
    expect(stepPaneSort(p, -1, m)).toBe(p);
    expect(invertPaneSort(p, m)).toMatchObject({ sortKey: 'TID', desc: true });
    expect(stepPaneSort(p, 1, list())).toBe(p); // a pane without sorting
    expect(filterPane(p, 'x')).toMatchObject({ filter: 'x', cursor: 0, offset: 0 });
    expect(filterPane(paneState({ filter: 'x' }), 'x').filter).toBe('x');
  });
});
