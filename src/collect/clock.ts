// A monotonic clock in milliseconds for the sampler's intervals. process.hrtime rather than
// performance.now: the first use of the `performance` global loads Node's perf_hooks (a dozen
// internal modules, ~3 ms of every `ptop --once`).

export function monotonicMs(): number {
  const [s, ns] = process.hrtime();
  return s * 1000 + ns / 1e6;
}
