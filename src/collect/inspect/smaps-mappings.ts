// /proc/PID/smaps → Mapping[] for the Maps pane, in one pass with no regex and no BigInt: the
// general parser (../parse/smaps.ts) keeps every counter and bigint addresses, which costs about
// half the time on 10,000 mappings; the pane needs hex addresses and seven counters. Pure.

import { sanitize } from '../sanitize.js';
import type { Mapping, MappingKind } from './types.js';

const DELETED = ' (deleted)';

/** The counters the Memory fallback sums besides the per-mapping ones. */
export interface MappingExtras {
  sharedClean: number;
  sharedDirty: number;
  privateClean: number;
  privateDirty: number;
  swapPss: number;
}

export interface ParsedSmaps {
  mappings: Mapping[];
  /** sums over all mappings of the counters Mapping does not keep */
  extras: MappingExtras;
}

/** What a mapping's path says it is. */
export function mappingKind(path: string): MappingKind {
  if (path === '') return 'anon';
  const c = path.charCodeAt(0);
  if (c === 47 /* / */) return 'file';
  if (c === 91 /* [ */) {
    switch (path) {
      case '[heap]':
        return 'heap';
      case '[stack]':
        return 'stack';
      case '[vdso]':
        return 'vdso';
      case '[vvar]':
        return 'vvar';
      case '[vsyscall]':
        return 'vsyscall';
    }
    // "[stack:TID]" (kernels before 4.5), "[anon:name]" (PR_SET_VMA_ANON_NAME)
    if (path.startsWith('[stack:')) return 'stack';
    if (path.startsWith('[anon:')) return 'anon';
  }
  return 'special';
}

function isHexStart(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

/** "N kB" after the colon at `colon` → bytes (the per-mapping counters are always in kB). */
function kbAt(text: string, colon: number): number {
  let i = colon + 1;
  let c = text.charCodeAt(i);
  while (c === 32) c = text.charCodeAt(++i);
  let n = 0;
  while (c >= 48 && c <= 57) {
    n = n * 10 + (c - 48);
    c = text.charCodeAt(++i);
  }
  return n * 1024;
}

function newMapping(text: string, start: number, end: number, pathCache: Map<string, string>): Mapping | null {
  const dash = text.indexOf('-', start);
  const s1 = text.indexOf(' ', start);
  if (dash <= start || s1 === -1 || s1 > end || dash > s1) return null;
  const s2 = text.indexOf(' ', s1 + 1);
  const s3 = text.indexOf(' ', s2 + 1);
  const s4 = text.indexOf(' ', s3 + 1);
  if (s2 === -1 || s3 === -1 || s4 === -1 || s4 > end) return null;
  let s5 = text.indexOf(' ', s4 + 1);
  if (s5 === -1 || s5 > end) s5 = end;
  let inode = 0;
  for (let i = s4 + 1; i < s5; i++) inode = inode * 10 + (text.charCodeAt(i) - 48);
  let p = s5;
  while (p < end && text.charCodeAt(p) === 32) p++;
  let path = p < end ? text.slice(p, end) : '';
  let deleted = false;
  if (path.length > DELETED.length && path.endsWith(DELETED)) {
    deleted = true;
    path = path.slice(0, -DELETED.length);
  }
  if (path !== '') {
    let clean = pathCache.get(path);
    if (clean === undefined) {
      clean = sanitize(path);
      pathCache.set(path, clean);
    }
    path = clean;
  }
  return {
    start: text.slice(start, dash),
    end: text.slice(dash + 1, s1),
    perms: text.slice(s1 + 1, s2),
    offset: text.slice(s2 + 1, s3),
    dev: text.slice(s3 + 1, s4),
    inode,
    path,
    kind: mappingKind(path),
    deleted,
    size: 0,
    rss: 0,
    pss: 0,
    uss: 0,
    swap: 0,
  };
}

/**
 * Parse a whole /proc/PID/smaps. Size, Rss, Pss and Swap are kept per mapping, USS is
 * Private_Clean + Private_Dirty; the Shared_*, Private_* and SwapPss sums come back in `extras`.
 */
export function parseSmapsMappings(text: string): ParsedSmaps {
  const mappings: Mapping[] = [];
  const extras: MappingExtras = { sharedClean: 0, sharedDirty: 0, privateClean: 0, privateDirty: 0, swapPss: 0 };
  const pathCache = new Map<string, string>();
  let cur: Mapping | null = null;
  const n = text.length;
  let start = 0;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = n;
    if (end > start) {
      const c = text.charCodeAt(start);
      if (isHexStart(c)) {
        cur = newMapping(text, start, end, pathCache);
        if (cur !== null) mappings.push(cur);
      } else if (cur !== null) {
        // keys: Size Rss Pss Swap SwapPss Shared_Clean Shared_Dirty Private_Clean Private_Dirty
        if (c !== 83 && c !== 82 && c !== 80) {
          start = end + 1;
          continue;
        }
        const colon = text.indexOf(':', start);
        const len = colon - start;
        if (c === 83 /* S */) {
          if (len === 4) {
            if (text.charCodeAt(start + 1) === 105 /* i */) cur.size = kbAt(text, colon);
            else if (text.startsWith('Swap', start)) cur.swap = kbAt(text, colon);
          } else if (len === 12) {
            if (text.startsWith('Shared_Clean', start)) extras.sharedClean += kbAt(text, colon);
            else if (text.startsWith('Shared_Dirty', start)) extras.sharedDirty += kbAt(text, colon);
          } else if (len === 7 && text.startsWith('SwapPss', start)) extras.swapPss += kbAt(text, colon);
        } else if (c === 82 /* R */) {
          if (len === 3) cur.rss = kbAt(text, colon);
        } else if (c === 80 /* P */) {
          if (len === 3) cur.pss = kbAt(text, colon);
          else if (len === 13) {
            if (text.startsWith('Private_Clean', start)) {
              const v = kbAt(text, colon);
              cur.uss += v;
              extras.privateClean += v;
            } else if (text.startsWith('Private_Dirty', start)) {
              const v = kbAt(text, colon);
              cur.uss += v;
              extras.privateDirty += v;
            }
          }
        }
      }
    }
    start = end + 1;
  }
  return { mappings, extras };
}
