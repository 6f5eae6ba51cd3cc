// /proc/PID/smaps (per-mapping memory counters) and /proc/PID/smaps_rollup (their sum) → bytes.
// Single pass over the lines, no regex: a line starting with a lowercase hex digit opens a mapping,
// any other "Key: N kB" line adds to the current one; "VmFlags:" lists two-letter flags.
import type { SmapsCounters, SmapsEntry } from '../types.js';
import { parseMapLine } from './maps.js';

const KEYS: Record<string, keyof SmapsCounters> = {
  Size: 'size',
  Rss: 'rss',
  Pss: 'pss',
  Pss_Anon: 'pssAnon',
  Pss_File: 'pssFile',
  Pss_Shmem: 'pssShmem',
  Shared_Clean: 'sharedClean',
  Shared_Dirty: 'sharedDirty',
  Private_Clean: 'privateClean',
  Private_Dirty: 'privateDirty',
  Referenced: 'referenced',
  Anonymous: 'anonymous',
  LazyFree: 'lazyFree',
  AnonHugePages: 'anonHugePages',
  ShmemPmdMapped: 'shmemPmdMapped',
  Shared_Hugetlb: 'sharedHugetlb',
  Private_Hugetlb: 'privateHugetlb',
  Swap: 'swap',
  SwapPss: 'swapPss',
  Locked: 'locked',
};
const COUNTER_NAMES = Object.values(KEYS);

/** All counters at 0. */
export function emptyCounters(): SmapsCounters {
  return {
    size: 0,
    rss: 0,
    pss: 0,
    pssAnon: 0,
    pssFile: 0,
    pssShmem: 0,
    sharedClean: 0,
    sharedDirty: 0,
    privateClean: 0,
    privateDirty: 0,
    referenced: 0,
    anonymous: 0,
    lazyFree: 0,
    anonHugePages: 0,
    shmemPmdMapped: 0,
    sharedHugetlb: 0,
    privateHugetlb: 0,
    swap: 0,
    swapPss: 0,
    locked: 0,
  };
}

/** Sum the counters of many mappings (e.g. all of smaps, or those of one file). */
export function sumCounters(entries: readonly SmapsEntry[]): SmapsCounters {
  const sum = emptyCounters();
  for (const e of entries) {
    const c = e.counters;
    for (const k of COUNTER_NAMES) sum[k] += c[k];
  }
  return sum;
}

/** True for '0'-'9' and 'a'-'f': the first character of a mapping header line. */
function isHexStart(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102);
}

/**
 * Apply the line text[start, end) with its ':' at `colon` to `counters`: "Key:   N kB" → bytes.
 * Unknown keys (KernelPageSize, THPeligible, …) are ignored. Works on `text` directly (no line copy).
 */
function addCounter(counters: SmapsCounters, text: string, start: number, colon: number, end: number): void {
  const field = KEYS[text.slice(start, colon)];
  if (field === undefined) return;
  let i = colon + 1;
  while (text.charCodeAt(i) === 32) i++;
  let n = 0;
  let any = false;
  for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i)) {
    n = n * 10 + (c - 48);
    any = true;
  }
  if (!any) return;
  // "… kB": the line ends in 'B'
  counters[field] = text.charCodeAt(end - 1) === 66 ? n * 1024 : n;
}

function parseVmFlags(rest: string): string[] {
  const out: string[] = [];
  for (const f of rest.split(' ')) if (f !== '') out.push(f);
  return out;
}

/**
 * Parse /proc/PID/smaps into one entry per mapping. Handles tens of thousands of mappings.
 * Per-mapping smaps has no Pss_Anon/Pss_File/Pss_Shmem lines (only smaps_rollup has them), so those
 * counters stay 0 here; Pss of each mapping is rounded down to a kB, so summed Pss can fall short of
 * the rollup's by up to 1 kB per mapping.
 */
export function parseSmaps(text: string): SmapsEntry[] {
  const out: SmapsEntry[] = [];
  let cur: SmapsEntry | null = null;
  const n = text.length;
  let start = 0;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = n;
    if (end > start) {
      const c = text.charCodeAt(start);
      if (isHexStart(c)) {
        const m = parseMapLine(text.slice(start, end));
        if (m) {
          cur = {
            start: m.start,
            end: m.end,
            perms: m.perms,
            offset: m.offset,
            dev: m.dev,
            inode: m.inode,
            path: m.path,
            deleted: m.deleted,
            counters: emptyCounters(),
            vmFlags: [],
          };
          out.push(cur);
        }
      } else if (cur !== null) {
        const colon = text.indexOf(':', start);
        if (colon > start && colon < end) {
          if (c === 86 /* V */ && text.startsWith('VmFlags:', start)) cur.vmFlags = parseVmFlags(text.slice(colon + 1, end));
          else addCounter(cur.counters, text, start, colon, end);
        }
      }
    }
    start = end + 1;
  }
  return out;
}

/**
 * Parse /proc/PID/smaps_rollup. Its header line ("<first>-<last> ---p 00000000 00:00 0 [rollup]")
 * is skipped. There is no Size line in the rollup, so `size` stays 0.
 */
export function parseSmapsRollup(text: string): SmapsCounters {
  const counters = emptyCounters();
  const n = text.length;
  let start = 0;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = n;
    if (end > start && !isHexStart(text.charCodeAt(start))) {
      const colon = text.indexOf(':', start);
      if (colon > start && colon < end) addCounter(counters, text, start, colon, end);
    }
    start = end + 1;
  }
  return counters;
}
