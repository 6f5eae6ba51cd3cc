// What goes between the detail view's inspection worker (./worker.ts) and its client
// (./worker-client.ts): the messages, and the encoding of an Inspection for the trip. Pure.
//
// An Inspection travels as a JSON string (it is JSON by contract, and JSON.parse of 10,000 fds
// costs the receiving thread about half of what a structured clone of the objects does). The
// long lists (fds, mappings) travel as what changed since the previous reading the other side
// holds: the new entries plus, per row, the index of the unchanged entry it reuses; a section
// that did not change at all is only named. The receiver rebuilds the lists from its copy of the
// previous reading, so an unchanged entry (and an unchanged section) keeps its identity there and
// the panes' memos hold. Both sides keep the previous reading per section, for one PID at a time,
// and see every reading in the same order.

import type { FdsSection, Inspection, MapsSection, SectionName } from './types.js';

/** The workerData the client starts the worker with (importing worker.ts elsewhere starts nothing). */
export const WORKER_MARK = 'ptop-inspect-worker';

export interface WireRequest {
  id: number;
  pid: number;
  sections: readonly SectionName[];
  /**
   * The caller holds earlier readings of this PID from the same viewing: the worker may use its
   * previous reading (thread CPU% deltas, fds reused). False starts afresh.
   */
  continued: boolean;
}

/** A reading (`final` false: a quick one, a complete one follows for the same id). */
export interface WireReading {
  id: number;
  kind: 'reading';
  final: boolean;
  /** the Inspection, JSON, with list sections encoded as below */
  json: string;
  /** list section → per row, the index into the previous reading's list, or -1: the next new entry */
  rows: Partial<Record<ListSection, Int32Array>>;
  /** list sections equal to the previous reading's (absent from `json`) */
  same: ListSection[];
}

export type WireReply = WireReading | { id: number; kind: 'gone' } | { id: number; kind: 'error'; message: string };

export type ListSection = 'fds' | 'maps';

type ListOf = { fds: FdsSection; maps: MapsSection };
type Item = Record<string, unknown>;

const LISTS: { [K in ListSection]: { items: string; key: (x: Item) => unknown } } = {
  fds: { items: 'fds', key: (f) => f.fd },
  maps: { items: 'mappings', key: (m) => m.start },
};
const LIST_NAMES = Object.keys(LISTS) as ListSection[];

function itemsOf(name: ListSection, s: ListOf[ListSection]): Item[] {
  return (s as unknown as Record<string, Item[]>)[LISTS[name].items];
}

/** Deep equality of JSON values. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!sameJson((a as Item)[k], (b as Item)[k])) return false;
  return true;
}

/** Everything of a list section but its list. */
function restOf(name: ListSection, s: ListOf[ListSection]): Item {
  const rest: Item = { ...(s as unknown as Item) };
  delete rest[LISTS[name].items];
  return rest;
}

/** The worker's side: turns each reading into a WireReading against the one before. */
export class ReadingEncoder {
  private pid = -1;
  private bases = new Map<ListSection, ListOf[ListSection]>();
  private index = new WeakMap<object, Map<unknown, number>>();

  encode(id: number, ins: Inspection, final: boolean): WireReading {
    if (ins.pid !== this.pid) {
      this.pid = ins.pid;
      this.bases.clear();
    }
    const rows: WireReading['rows'] = {};
    const same: ListSection[] = [];
    const sections: Item = { ...ins.sections };
    for (const name of LIST_NAMES) {
      const sec = ins.sections[name];
      if (sec === undefined) continue;
      const base = this.bases.get(name);
      this.bases.set(name, sec);
      if (base === undefined) continue;
      if (sec === base) {
        same.push(name);
        delete sections[name];
        continue;
      }
      const items = itemsOf(name, sec);
      const old = itemsOf(name, base);
      const at = this.indexOf(name, base, old);
      const order = new Int32Array(items.length);
      const fresh: Item[] = [];
      let identity = items.length === old.length;
      for (let i = 0; i < items.length; i++) {
        const it = items[i];
        const j = at.get(LISTS[name].key(it));
        if (j !== undefined && (it === old[j] || sameJson(it, old[j]))) {
          order[i] = j;
          if (j !== i) identity = false;
        } else {
          order[i] = -1;
          fresh.push(it);
          identity = false;
        }
      }
      if (identity && sameJson(restOf(name, sec), restOf(name, base))) {
        same.push(name);
        delete sections[name];
        continue;
      }
      rows[name] = order;
      sections[name] = { ...sec, [LISTS[name].items]: fresh };
    }
    return { id, kind: 'reading', final, json: JSON.stringify({ ...ins, sections }), rows, same };
  }

  private indexOf(name: ListSection, base: object, items: Item[]): Map<unknown, number> {
    let m = this.index.get(base);
    if (m === undefined) {
      m = new Map();
      const key = LISTS[name].key;
      for (let i = 0; i < items.length; i++) m.set(key(items[i]), i);
      this.index.set(base, m);
    }
    return m;
  }
}

/** A reading that does not fit the previous one this side holds (a bug: the sides went out of step). */
export class WireError extends Error {}

/** The client's side: rebuilds each reading from the WireReading and the one before. */
export class ReadingDecoder {
  private pid = -1;
  private bases = new Map<ListSection, ListOf[ListSection]>();

  decode(r: WireReading): Inspection {
    const ins = JSON.parse(r.json) as Inspection;
    if (ins.pid !== this.pid) {
      this.pid = ins.pid;
      this.bases.clear();
    }
    const sections = ins.sections as Record<string, unknown>;
    for (const name of r.same) {
      const base = this.bases.get(name);
      if (base === undefined) throw new WireError(`no earlier ${name} section to keep`);
      sections[name] = base;
    }
    for (const name of LIST_NAMES) {
      const order = r.rows[name];
      if (order === undefined) continue;
      const base = this.bases.get(name);
      if (base === undefined) throw new WireError(`no earlier ${name} section to build on`);
      const old = itemsOf(name, base);
      const sec = sections[name] as Item;
      const fresh = sec[LISTS[name].items] as Item[];
      const items = new Array<Item>(order.length);
      let k = 0;
      for (let i = 0; i < order.length; i++) {
        const j = order[i];
        if (j < 0) items[i] = fresh[k++];
        else if (j < old.length) items[i] = old[j];
        else throw new WireError(`row ${j} is not in the earlier ${name} section`);
      }
      if (k !== fresh.length) throw new WireError(`${fresh.length - k} new ${name} entries left over`);
      sec[LISTS[name].items] = items;
    }
    for (const name of LIST_NAMES) {
      const sec = ins.sections[name];
      if (sec !== undefined) this.bases.set(name, sec);
    }
    return ins;
  }
}
