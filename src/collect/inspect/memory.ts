// The Memory section (VSS/RSS/PSS/USS, RSS split, swap, peaks: smaps_rollup plus status, or the
// sum of smaps when there is no rollup) and the Maps section (every mapping of smaps with totals).

import type { ProcStatus } from '../types.js';
import { lastReadError, readText } from '../read.js';
import { parseSmapsRollup } from '../parse/smaps.js';
import type { InspectContext, StatusRead } from './context.js';
import { parseSmapsMappings } from './smaps-mappings.js';
import type { MapsSection, MemorySection, ReadProblem } from './types.js';

function fromStatus(status: ProcStatus | null, v: number | undefined): number | null {
  return status === null || v === undefined ? null : v;
}

export function readMemorySection(ctx: InspectContext, statusRead: StatusRead): MemorySection {
  const status = statusRead.status;
  const problems: ReadProblem[] = [];
  if (status === null) problems.push(ctx.problem('the memory counters of status', `${ctx.dir}/status`, statusRead.error, 'open'));
  const out: MemorySection = {
    problems,
    vss: fromStatus(status, status?.vmSize),
    rss: fromStatus(status, status?.vmRss),
    pss: null,
    uss: null,
    rssAnon: fromStatus(status, status?.rssAnon),
    rssFile: fromStatus(status, status?.rssFile),
    rssShmem: fromStatus(status, status?.rssShmem),
    swap: fromStatus(status, status?.vmSwap),
    swapPss: null,
    peakRss: fromStatus(status, status?.vmHwm),
    peakVss: fromStatus(status, status?.vmPeak),
    sharedClean: null,
    sharedDirty: null,
    privateClean: null,
    privateDirty: null,
  };
  // kernel threads have no user memory: nothing more to read and nothing missing
  if (ctx.kernelThread) return out;

  const rollupPath = `${ctx.dir}/smaps_rollup`;
  const rollup = readText(rollupPath);
  if (rollup !== null) {
    const c = parseSmapsRollup(rollup);
    out.rss = c.rss;
    out.pss = c.pss;
    out.uss = c.privateClean + c.privateDirty;
    out.swapPss = c.swapPss;
    out.sharedClean = c.sharedClean;
    out.sharedDirty = c.sharedDirty;
    out.privateClean = c.privateClean;
    out.privateDirty = c.privateDirty;
    if (out.swap === null) out.swap = c.swap;
    return out;
  }
  const code = lastReadError;
  // no rollup on this kernel (before 4.14): sum smaps instead
  if (code === 'ENOENT') {
    const smapsPath = `${ctx.dir}/smaps`;
    const text = readText(smapsPath);
    if (text !== null) {
      const { mappings, extras } = parseSmapsMappings(text);
      let rss = 0;
      let pss = 0;
      let swap = 0;
      for (const m of mappings) {
        rss += m.rss;
        pss += m.pss;
        swap += m.swap;
      }
      out.rss = rss;
      out.pss = pss;
      out.uss = extras.privateClean + extras.privateDirty;
      out.swapPss = extras.swapPss;
      out.sharedClean = extras.sharedClean;
      out.sharedDirty = extras.sharedDirty;
      out.privateClean = extras.privateClean;
      out.privateDirty = extras.privateDirty;
      if (out.swap === null) out.swap = swap;
      return out;
    }
    problems.push(ctx.problem('PSS and USS', smapsPath, lastReadError, 'ptrace'));
    return out;
  }
  problems.push(ctx.problem('PSS and USS', rollupPath, code, 'ptrace'));
  return out;
}

export function readMapsSection(ctx: InspectContext): MapsSection {
  const problems: ReadProblem[] = [];
  const totals = { size: 0, rss: 0, pss: 0, uss: 0, swap: 0, count: 0 };
  if (ctx.kernelThread) return { problems, mappings: [], totals };
  const path = `${ctx.dir}/smaps`;
  const text = readText(path);
  if (text === null) {
    problems.push(ctx.problem('the memory maps', path, lastReadError, 'ptrace'));
    return { problems, mappings: [], totals };
  }
  const { mappings } = parseSmapsMappings(text);
  for (const m of mappings) {
    totals.size += m.size;
    totals.rss += m.rss;
    totals.pss += m.pss;
    totals.uss += m.uss;
    totals.swap += m.swap;
  }
  totals.count = mappings.length;
  return { problems, mappings, totals };
}
