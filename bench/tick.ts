// Bench worker: the sampler's cost per tick (median of 20 ticks after one warm-up), with the
// default columns and with a Pss column added; and, for the default columns, the steady state that
// a running ptop sees once the JIT has compiled the tick (median of the 20 ticks after those).
// Prints one JSON line.
import { Sampler } from '../src/collect/sampler.js';
import { defaultConfig } from '../src/model/config/defaults.js';
import { requiredSources } from '../src/model/table.js';
import type { ColumnConfig } from '../src/model/config/types.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function measure(columns: ColumnConfig[], ticks = 20): { medianMs: number; steadyMs: number; procs: number } {
  const sampler = new Sampler();
  const needs = requiredSources(columns);
  let procs = sampler.sample(needs).procs.length;
  const times: number[] = [];
  for (let i = 0; i < ticks; i++) {
    const t = performance.now();
    procs = sampler.sample(needs).procs.length;
    times.push(performance.now() - t);
  }
  const steady: number[] = [];
  for (let i = 0; i < ticks; i++) {
    const t = performance.now();
    procs = sampler.sample(needs).procs.length;
    steady.push(performance.now() - t);
  }
  sampler.close();
  return { medianMs: median(times), steadyMs: median(steady), procs };
}

const cfg = defaultConfig();
const base = measure(cfg.columns);
const withPss = measure([...cfg.columns, { kind: 'Pss', numericSearch: false, nonnumericSearch: false }]);
process.stdout.write(JSON.stringify({ default: base, pss: withPss }) + '\n');
