// The process tree: parent/child ordering and the glyphs drawn in front of each row, procs style.
// Every root is drawn as a child of an invisible top node, so a root gets a connector too:
//
//   ├┬ systemd            symbols: [0] "│" continuation, [1] "─" leaf,
//   │├─ journald                   [2] "┬" has children, [3] "├" sibling follows,
//   │└┬ sshd                       [4] "└" last sibling
//   │ └─ bash                      [5] "+" a folded subtree (htop's mark)
//   ├+ cron
//   └─ kthreadd
//
// A process's parent is stat.ppid; a thread row's parent is its process. Rows whose parent is
// not in the list (orphans, PID 1, kthreadd) are roots. Siblings are ordered by the sort kind
// when one is given (ties by PID), else by PID.

import type { ProcessSample } from '../collect/types.js';
import type { ColumnContext, ColumnKind } from './columns/types.js';
import { displayWidth } from './format.js';
import { sortRows, type SortOrder } from './sort.js';

export interface TreeNode {
  sample: ProcessSample;
  /** 0 for roots */
  depth: number;
  /** the glyphs to draw before the row's text, e.g. "│└─" */
  prefix: string;
  /** has children in the list (drawn or collapsed) */
  hasChildren: boolean;
  /** its children are hidden because its PID is in `collapsed` */
  collapsed: boolean;
  /** pulled in as a relative of a match (drawn faded) */
  auxiliary: boolean;
}

/** A row given to buildTree with its auxiliary mark (what withRelatives returns). */
export interface TreeInput {
  sample: ProcessSample;
  auxiliary?: boolean;
}

export interface TreeOptions {
  /** order siblings by this kind (needs ctx); default PID */
  sortKind?: ColumnKind;
  order?: SortOrder;
  ctx?: ColumnContext;
  /** PIDs whose children are hidden */
  collapsed?: ReadonlySet<number>;
  /** [continuation, horizontal, branch-down, tee, last, folded]: the config's display.treeSymbols */
  symbols: readonly string[];
}

export const DEFAULT_TREE_SYMBOLS: readonly [string, string, string, string, string, string] = ['│', '─', '┬', '├', '└', '+'];

/** Node identity: a process by its PID, a thread row by its negated TID. */
export function treeKey(p: ProcessSample): number {
  return p.isThread ? -p.tid : p.pid;
}

function parentKey(p: ProcessSample): number {
  return p.isThread ? p.pid : p.stat.ppid;
}

function toInput(r: ProcessSample | TreeInput): TreeInput {
  return 'sample' in r ? r : { sample: r };
}

function byId(a: ProcessSample, b: ProcessSample): number {
  const ia = a.isThread ? a.tid : a.pid;
  const ib = b.isThread ? b.tid : b.pid;
  return ia - ib || Number(a.isThread) - Number(b.isThread);
}

/** The rows in tree order (depth-first) with their glyphs. */
export function buildTree(rows: ReadonlyArray<ProcessSample | TreeInput>, opts: TreeOptions): TreeNode[] {
  const sym = [...DEFAULT_TREE_SYMBOLS];
  opts.symbols.slice(0, 6).forEach((s, i) => (sym[i] = s));
  const [vert, horiz, down, tee, last, folded] = sym;
  const gap = ' '.repeat(Math.max(1, displayWidth(last)));

  const inputs = rows.map(toInput);
  const aux = new Map<ProcessSample, boolean>();
  for (const r of inputs) aux.set(r.sample, r.auxiliary === true);

  const samples = inputs.map((r) => r.sample);
  const ordered =
    opts.sortKind && opts.ctx
      ? sortRows(samples, opts.sortKind, opts.order ?? 'ascending', opts.ctx)
      : samples.slice().sort(byId);

  const present = new Set<number>();
  for (const p of ordered) present.add(treeKey(p));

  const children = new Map<number, ProcessSample[]>();
  const roots: ProcessSample[] = [];
  for (const p of ordered) {
    const key = treeKey(p);
    const parent = parentKey(p);
    if (parent !== key && present.has(parent)) {
      let list = children.get(parent);
      if (!list) children.set(parent, (list = []));
      list.push(p);
    } else {
      roots.push(p);
    }
  }

  const out: TreeNode[] = [];
  const visited = new Set<number>();
  const collapsedSet = opts.collapsed;

  // explicit stack: [sample, depth, continuation prefix, is last sibling]
  const walk = (tops: ProcessSample[]): void => {
    const stack: Array<[ProcessSample, number, string, boolean]> = [];
    for (let i = tops.length - 1; i >= 0; i--) stack.push([tops[i], 0, '', i === tops.length - 1]);
    while (stack.length) {
      const [p, depth, cont, isLast] = stack.pop()!;
      const key = treeKey(p);
      if (visited.has(key)) continue;
      visited.add(key);
      const kids = (children.get(key) ?? []).filter((c) => !visited.has(treeKey(c)));
      const hasChildren = kids.length > 0;
      const collapsed = hasChildren && !p.isThread && collapsedSet !== undefined && collapsedSet.has(p.pid);
      const showKids = hasChildren && !collapsed;
      out.push({
        sample: p,
        depth,
        prefix: cont + (isLast ? last : tee) + (showKids ? down : collapsed ? folded : horiz),
        hasChildren,
        collapsed,
        auxiliary: aux.get(p) ?? false,
      });
      if (showKids) {
        const next = cont + (isLast ? gap : vert);
        for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i], depth + 1, next, i === kids.length - 1]);
      } else if (collapsed) {
        markSubtree(key);
      }
    }
  };

  // hidden descendants of a collapsed node must not resurface as roots
  const markSubtree = (key: number): void => {
    const stack = [key];
    while (stack.length) {
      const k = stack.pop()!;
      for (const c of children.get(k) ?? []) {
        const ck = treeKey(c);
        if (!visited.has(ck)) {
          visited.add(ck);
          stack.push(ck);
        }
      }
    }
  };

  walk(roots);
  // rows caught in a parent cycle are reachable from no root: draw them as roots too
  const rest = ordered.filter((p) => !visited.has(treeKey(p)));
  while (rest.length) {
    walk([rest[0]]);
    for (let i = rest.length - 1; i >= 0; i--) if (visited.has(treeKey(rest[i]))) rest.splice(i, 1);
  }
  return out;
}

export interface RelativeOptions {
  /** include ancestors of matches (procs' show_parent_in_tree), default true */
  parents?: boolean;
  /** include descendants of matches (procs' show_children_in_tree), default true */
  children?: boolean;
}

/**
 * Filtering in tree mode: the matches plus their ancestors and descendants, in the order of `all`;
 * rows that did not match themselves are marked `auxiliary` (drawn faded). `matched` is a set of
 * PIDs (a thread row is looked up by its TID) or a predicate.
 */
export function withRelatives(
  all: readonly ProcessSample[],
  matched: ReadonlySet<number> | ((p: ProcessSample) => boolean),
  opts: RelativeOptions = {},
): Array<{ sample: ProcessSample; auxiliary: boolean }> {
  const isMatch =
    typeof matched === 'function' ? matched : (p: ProcessSample) => matched.has(p.isThread ? p.tid : p.pid);
  const byKey = new Map<number, ProcessSample>();
  const children = new Map<number, number[]>();
  for (const p of all) byKey.set(treeKey(p), p);
  for (const p of all) {
    const key = treeKey(p);
    const parent = parentKey(p);
    if (parent === key || !byKey.has(parent)) continue;
    let list = children.get(parent);
    if (!list) children.set(parent, (list = []));
    list.push(key);
  }

  const matches = new Set<number>();
  for (const p of all) if (isMatch(p)) matches.add(treeKey(p));
  const keep = new Set<number>(matches);

  // each node's ancestor chain / subtree is walked once (this also guards against cycles)
  const walkedUp = new Set<number>();
  const walkedDown = new Set<number>();
  for (const key of matches) {
    if (opts.parents !== false) {
      let k = key;
      while (!walkedUp.has(k)) {
        walkedUp.add(k);
        const parent = parentKey(byKey.get(k)!);
        if (parent === k || !byKey.has(parent)) break;
        keep.add(parent);
        k = parent;
      }
    }
    if (opts.children !== false && !walkedDown.has(key)) {
      walkedDown.add(key);
      const stack = [key];
      while (stack.length) {
        const k = stack.pop()!;
        for (const c of children.get(k) ?? []) {
          if (walkedDown.has(c)) continue;
          walkedDown.add(c);
          keep.add(c);
          stack.push(c);
        }
      }
    }
  }

  const out: Array<{ sample: ProcessSample; auxiliary: boolean }> = [];
  for (const p of all) {
    const key = treeKey(p);
    if (keep.has(key)) out.push({ sample: p, auxiliary: !matches.has(key) });
  }
  return out;
}
