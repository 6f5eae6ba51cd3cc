import { describe, expect, it } from 'vitest';
import {
  DETAIL_TABS,
  applyFilterText,
  clampOffset,
  ensureVisible,
  initialViewState,
  reconcile,
  reduce,
  type RowsView,
  type ViewState,
} from '../../src/ui/view-state.js';

/** Rows with keys 100, 101, … and an optional parent map (tree). */
function rows(n: number, page = 5, tree: Record<number, number> = {}, sortable = ['Pid', 'User', 'UsageCpu', 'Command']): RowsView {
  const keys = Array.from({ length: n }, (_, i) => 100 + i);
  const index = new Map(keys.map((k, i) => [k, i]));
  const children = new Set(Object.values(tree));
  return {
    keys,
    index,
    page,
    sortable,
    parentOf: (k) => (tree[k] !== undefined && index.has(tree[k]) ? tree[k] : undefined),
    hasChildren: (k) => children.has(k),
  };
}

function at(s: ViewState, r: RowsView, key: number): ViewState {
  return { ...s, selectedKey: key, selectedIndex: r.index.get(key)! };
}

describe('scrolling helpers', () => {
  it('ensureVisible scrolls the least needed', () => {
    expect(ensureVisible(0, 3, 100, 5)).toBe(0);
    expect(ensureVisible(0, 5, 100, 5)).toBe(1);
    expect(ensureVisible(10, 4, 100, 5)).toBe(4);
    expect(ensureVisible(0, 99, 100, 5)).toBe(95);
  });

  it('clampOffset keeps the window inside the rows', () => {
    expect(clampOffset(-3, 100, 5)).toBe(0);
    expect(clampOffset(99, 100, 5)).toBe(95);
    expect(clampOffset(7, 3, 5)).toBe(0);
  });
});

describe('navigation', () => {
  const r = rows(50, 10);
  const s0 = at(initialViewState(), r, 100);

  it('move, page, home, end select by key and keep the row in view', () => {
    let s = reduce(s0, { type: 'move', delta: 1 }, r);
    expect(s.selectedKey).toBe(101);
    s = reduce(s, { type: 'page', dir: 1 }, r);
    expect(s.selectedKey).toBe(111);
    expect(s.offset).toBe(10);
    s = reduce(s, { type: 'end' }, r);
    expect(s.selectedKey).toBe(149);
    expect(s.offset).toBe(40);
    s = reduce(s, { type: 'move', delta: 5 }, r);
    expect(s.selectedKey).toBe(149);
    s = reduce(s, { type: 'home' }, r);
    expect(s).toMatchObject({ selectedKey: 100, selectedIndex: 0, offset: 0 });
    s = reduce(s, { type: 'move', delta: -1 }, r);
    expect(s.selectedKey).toBe(100);
  });

  it('page up from the middle moves a page and scrolls', () => {
    let s = at(s0, r, 130);
    s = { ...s, offset: 25 };
    s = reduce(s, { type: 'page', dir: -1 }, r);
    expect(s.selectedKey).toBe(120);
    expect(s.offset).toBe(15);
  });
});

describe('reconcile after the rows changed', () => {
  it('keeps the selection on its key when the row moved', () => {
    const before = rows(20, 5);
    const s = { ...at(initialViewState(), before, 103), offset: 0 };
    // a re-sort: 103 is now last
    const keys = [100, 101, 102, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 103];
    const after: RowsView = { ...before, keys, index: new Map(keys.map((k, i) => [k, i])) };
    const kept = reconcile(s, after, false);
    expect(kept.state.selectedKey).toBe(103);
    expect(kept.state.selectedIndex).toBe(19);
    expect(kept.state.offset).toBe(0); // not following: the view stays
    expect(kept.lost).toBeNull();
    const followed = reconcile({ ...s, follow: true }, after, false);
    expect(followed.state.offset).toBe(15); // following: scrolled to keep it in view
  });

  it('following pins the selected row to its screen line; a key asks only for the smallest scroll', () => {
    const before = rows(20, 5);
    // 112 selected on the third line of the window (offset 10)
    const s = { ...at(initialViewState(), before, 112), offset: 10, follow: true };
    const keys = [...before.keys.filter((k) => k !== 112)];
    keys.splice(6, 0, 112); // a refresh moves it up to index 6
    const after: RowsView = { ...before, keys, index: new Map(keys.map((k, i) => [k, i])) };
    const pinned = reconcile(s, after, false).state;
    expect(pinned.selectedIndex).toBe(6);
    expect(pinned.offset).toBe(4); // still on the third line
    expect(pinned.follow).toBe(true);
    // a key (keepInView): the window stays, since the row is in it
    expect(reconcile(s, after, true).state.offset).toBe(6);
    // not following, the window stays where it was
    expect(reconcile({ ...s, follow: false }, after, false).state.offset).toBe(10);
  });

  it('a followed process that is gone ends the following', () => {
    const before = rows(10, 5);
    const s = { ...at(initialViewState(), before, 104), follow: true };
    const keys = before.keys.filter((k) => k !== 104);
    const r = reconcile(s, { ...before, keys, index: new Map(keys.map((k, i) => [k, i])) }, false);
    expect(r.lost).toBe(104);
    expect(r.state.follow).toBe(false);
    expect(r.state.selectedKey).toBe(105);
  });

  it('moves to the row now at the same index when its row is gone', () => {
    const before = rows(10, 5);
    const s = at(initialViewState(), before, 104);
    const keys = before.keys.filter((k) => k !== 104);
    const after: RowsView = { ...before, keys, index: new Map(keys.map((k, i) => [k, i])) };
    const r = reconcile(s, after, false);
    expect(r.lost).toBe(104);
    expect(r.state.selectedKey).toBe(105);
    expect(r.state.selectedIndex).toBe(4);
  });

  it('clamps to the last row and empties on no rows', () => {
    const before = rows(10, 5);
    const s = at(initialViewState(), before, 109);
    const after = rows(3, 5);
    expect(reconcile(s, after, false).state.selectedKey).toBe(102);
    const none = reconcile(s, rows(0, 5), false);
    expect(none.state.selectedKey).toBeNull();
    expect(none.lost).toBe(109);
  });
});

describe('sort', () => {
  const r = rows(5);
  const s0 = initialViewState({ sort: { kind: 'UsageCpu', order: 'descending' } });

  it('< and > step through the sortable columns with each one\'s natural order', () => {
    let s = reduce(s0, { type: 'sortStep', dir: 1 }, r);
    expect(s.sort).toEqual({ kind: 'Command', order: 'ascending' });
    s = reduce(s, { type: 'sortStep', dir: 1 }, r);
    expect(s.sort.kind).toBe('Command');
    s = reduce(s0, { type: 'sortStep', dir: -1 }, r);
    expect(s.sort).toEqual({ kind: 'User', order: 'ascending' });
    s = reduce(s, { type: 'sortStep', dir: -1 }, r);
    expect(s.sort).toEqual({ kind: 'Pid', order: 'descending' });
  });

  it('I inverts; sorting by the current column with toggle inverts too', () => {
    expect(reduce(s0, { type: 'sortInvert' }, r).sort.order).toBe('ascending');
    expect(reduce(s0, { type: 'sortBy', kind: 'UsageCpu', toggle: true }, r).sort.order).toBe('ascending');
    expect(reduce(s0, { type: 'sortBy', kind: 'UsageCpu' }, r)).toBe(s0);
    expect(reduce(s0, { type: 'sortBy', kind: 'VmRss' }, r).sort).toEqual({ kind: 'VmRss', order: 'descending' });
  });
});

describe('tree folding', () => {
  // 100 ─┬ 101 ─ 103
  //      └ 102
  const r = rows(4, 5, { 101: 100, 102: 100, 103: 101 });
  const s0 = { ...initialViewState({ tree: true }), selectedKey: 101, selectedIndex: 1 };

  it('collapse folds the selected subtree; on a leaf it folds the parent and selects it', () => {
    const s = reduce(s0, { type: 'collapse' }, r);
    expect([...s.collapsed]).toEqual([101]);
    const leaf = reduce({ ...s0, selectedKey: 102, selectedIndex: 2 }, { type: 'collapse' }, r);
    expect([...leaf.collapsed]).toEqual([100]);
    expect(leaf.selectedKey).toBe(100);
  });

  it('expand and expand all unfold', () => {
    const s = reduce(s0, { type: 'collapse' }, r);
    expect(reduce(s, { type: 'expand' }, r).collapsed.size).toBe(0);
    const two = { ...s, collapsed: new Set([100, 101]) };
    expect(reduce(two, { type: 'expandAll' }, r).collapsed.size).toBe(0);
  });

  it('does nothing outside tree mode', () => {
    const flat = { ...s0, tree: false };
    expect(reduce(flat, { type: 'collapse' }, r)).toBe(flat);
  });
});

describe('tags, filter, modes, detail', () => {
  const r = rows(10);

  it('tag toggles the selected row and moves down; untag all clears', () => {
    let s = at(initialViewState(), r, 100);
    s = reduce(s, { type: 'tag' }, r);
    expect([...s.tagged]).toEqual([100]);
    expect(s.selectedKey).toBe(101);
    s = reduce(s, { type: 'tag' }, r);
    expect([...s.tagged].sort()).toEqual([100, 101]);
    s = reduce({ ...s, selectedKey: 100, selectedIndex: 0 }, { type: 'tag' }, r);
    expect([...s.tagged]).toEqual([101]);
    expect(reduce(s, { type: 'untagAll' }, r).tagged.size).toBe(0);
  });

  it('a good filter replaces the query; a bad one keeps the last good query and says why', () => {
    let f = applyFilterText({ text: '', query: null, error: null }, 'user:root');
    expect(f.error).toBeNull();
    expect(f.query?.terms).toHaveLength(1);
    const good = f.query;
    f = applyFilterText(f, 'user:root "unterminated');
    expect(f.query).toBe(good);
    expect(f.error).toMatch(/unterminated quote \(at column 11\)/);
    f = applyFilterText(f, '   ');
    expect(f).toEqual({ text: '   ', query: null, error: null });
  });

  it('detail opens on the selected row, tabs wrap, close keeps the selection', () => {
    let s = at(initialViewState(), r, 103);
    s = reduce(s, { type: 'openDetail' }, r);
    expect(s.screen).toBe('detail');
    expect(s.detail).toEqual({ key: 103, tab: 0 });
    s = reduce(s, { type: 'tab', step: -1 }, r);
    expect(s.detail.tab).toBe(DETAIL_TABS.length - 1);
    s = reduce(s, { type: 'tab', to: 1 }, r);
    expect(s.detail.tab).toBe(1);
    s = reduce(s, { type: 'closeDetail' }, r);
    expect(s.screen).toBe('table');
    expect(s.selectedKey).toBe(103);
    // s and b open the view directly on a tab
    s = reduce(s, { type: 'openDetail', tab: DETAIL_TABS.indexOf('Strace') }, r);
    expect(s.detail).toEqual({ key: 103, tab: 6 });
    expect(DETAIL_TABS.slice(6)).toEqual(['Strace', 'Stacks']);
  });

  it('messages carry an expiry time', () => {
    const s = reduce(initialViewState(), { type: 'message', text: 'hi', kind: 'info', now: 1000 }, r);
    expect(s.message).toEqual({ text: 'hi', kind: 'info', until: 6000 });
  });
});
