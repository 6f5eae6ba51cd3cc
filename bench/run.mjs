// npm run bench: starts N idle processes (N = 1000 and 5000) and measures, in one run:
//  - the sampler's cost per tick (median of 20) with the default columns and with Pss shown;
//  - the wall time of `ptop --once` beside `ps aux` and `node -e 0` (medians of runs taken in turns);
//  - the interactive screen in tmux beside htop (bench/interactive.mjs): CPU, RSS, first frame, key latency;
//  - ptop inspect, the detail view and the strace tab on big and busy processes (bench/inspect.mjs,
//    bench/detail.mjs, bench/strace.mjs).
// BENCH_N=1000 runs one size only; BENCH_INTERACTIVE=0 skips the tmux part.
// Figures go to stdout as a table and to bench/results/latest.json.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { benchInteractive } from './interactive.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'bench', 'results');
mkdirSync(outDir, { recursive: true });
const counts = (process.env.BENCH_N ?? '1000,5000').split(',').map(Number);
const runs = Number(process.env.BENCH_RUNS ?? 21);

await build({
  entryPoints: [path.join(root, 'bench', 'tick.ts')],
  outfile: path.join(outDir, 'tick.mjs'),
  bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning',
});

function median(xs) { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; }
/**
 * Median wall times of several commands, run in turns (a, b, c, a, b, c, …) so that a busy spell
 * of the machine weighs on all of them alike rather than on whichever ran during it.
 */
function walls(commands) {
  const ts = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    commands.forEach(([cmd, args], j) => {
      const t = performance.now();
      const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
      ts[j].push(performance.now() - t);
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
    });
  }
  return ts.map(median);
}
/**
 * Live processes: zombies are left out (killed processes waiting for a slow parent to reap them
 * cost nothing to read, and counted as "idle processes" they made a run measure almost nothing).
 */
function countProcs() {
  let n = 0;
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const t = readFileSync(`/proc/${e}/stat`, 'latin1');
      if (t.charAt(t.lastIndexOf(')') + 2) !== 'Z') n++;
    } catch {
      // gone meanwhile
    }
  }
  return n;
}
function countZombies() { return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).length - countProcs(); }

const children = [];
/** Start idle children until there are `n` of them. */
function startIdle(n) {
  for (let i = children.length; i < n; i++) {
    children.push(spawn('sleep', ['3600'], { stdio: 'ignore' }));
  }
}
function stopAll() { for (const c of children) { try { c.kill('SIGKILL'); } catch {} } }
process.on('exit', stopAll);
process.on('SIGINT', () => { stopAll(); process.exit(130); });

const results = [];
for (const n of counts) {
  const base = Number(countProcs());
  // (base counts the children started for the previous size too: these many more)
  startIdle(children.length + Math.max(0, n - base));
  // wait until the children exist (spawning 5000 takes a few seconds)
  for (let i = 0; i < 100 && Number(countProcs()) < n - 5; i++) await new Promise((r) => setTimeout(r, 200));
  const total = countProcs();
  const zombies = countZombies();
  if (zombies > 50) console.log(`(${zombies} zombie processes in /proc as well: they are listed and read too)`);
  const tick = JSON.parse(spawnSync(process.execPath, [path.join(outDir, 'tick.mjs')]).stdout.toString());
  const [nodeE, ps, ptop] = walls([
    [process.execPath, ['-e', '0']],
    ['ps', ['aux']],
    [path.join(root, 'dist', 'cli.js'), ['--once']], // as `ptop` runs: its shebang's node and flags
  ]);
  const row = {
    processes: Number(total),
    tickDefaultMs: +tick.default.medianMs.toFixed(2),
    tickDefaultSteadyMs: +tick.default.steadyMs.toFixed(2),
    tickPssMs: +tick.pss.medianMs.toFixed(2),
    ptopOnceMs: +ptop.toFixed(1),
    psAuxMs: +ps.toFixed(1),
    nodeE0Ms: +nodeE.toFixed(1),
    ratioToNode: +(ptop / nodeE).toFixed(2),
  };
  results.push(row);
  console.log(`\n== ${row.processes} processes ==`);
  console.log(`sampler tick, default columns : ${row.tickDefaultMs} ms (median of 20; target <= 10 ms at 1000)`);
  console.log(`  steady state (ticks 22-41)   : ${row.tickDefaultSteadyMs} ms`);
  console.log(`sampler tick, + Pss column    : ${row.tickPssMs} ms`);
  console.log(`ptop --once                   : ${row.ptopOnceMs} ms (median of ${runs})`);
  console.log(`ps aux                        : ${row.psAuxMs} ms`);
  console.log(`node -e 0                     : ${row.nodeE0Ms} ms`);
  console.log(`ptop --once / node -e 0       : ${row.ratioToNode}x (target <= 1.7x at 1000)`);
  if (process.env.BENCH_INTERACTIVE !== '0') {
    row.interactive = await benchInteractive();
    for (const r of row.interactive) {
      if (r.missing) { console.log(`${r.tool}: ${r.missing}`); continue; }
      console.log(`interactive ${r.tool.padEnd(5)} 200x50, 1 s refresh: CPU ${r.cpuPercent}% of a core over ${process.env.BENCH_WINDOW_S ?? 20} s, RSS ${r.rssMb} MB, first frame ${r.firstFrameMs} ms after tmux start${r.inProcessFirstFrameMs != null ? ` (${r.inProcessFirstFrameMs} ms after ptop's own start; Ink's first frame at ${r.inProcessInkFrameMs} ms)` : ''}, key->redraw ${r.keyRedrawMs} ms (median of 15)`);
    }
  }
}
stopAll();
// ptop inspect on a process with 10,000 mappings and 10,000 fds (bench/inspect.mjs); BENCH_INSPECT=0 skips it
const inspect = process.env.BENCH_INSPECT !== '0' ? await (await import('./inspect.mjs')).benchInspect() : undefined;
// the detail view on that kind of process, in-process with the real controller (bench/detail.mjs); BENCH_DETAIL=0 skips it
let detail;
if (process.env.BENCH_DETAIL !== '0') {
  detail = await (await import('./detail.mjs')).benchDetail();
  const d = detail;
  console.log(`\n== detail view, ${d.mappings} mappings, ${d.fds} fds, ${d.size}, collector on the ${d.collector} thread ==`);
  console.log(`first paint, Enter -> State tab : ${d.firstPaintState.totalMs} ms (target <= 300 ms)`);
  console.log(`first paint, 3 -> Maps tab      : ${d.firstPaintMaps.totalMs} ms`);
  console.log(`first paint, 4 -> FDs tab       : ${d.firstPaintFds.totalMs} ms (${d.firstPaintFds.note}); complete ${d.fdsCompleteMs} ms`);
  console.log(`keys (median / worst)           : Maps scroll ${d.mapsScroll.medianMs}/${d.mapsScroll.maxMs} ms, sort ${d.mapsSort.medianMs}/${d.mapsSort.maxMs}, group ${d.mapsGroup.medianMs}/${d.mapsGroup.maxMs}; FDs scroll ${d.fdsScroll.medianMs}/${d.fdsScroll.maxMs}, filter ${d.fdsFilter.medianMs}/${d.fdsFilter.maxMs} (target < 50 ms)`);
  console.log(`keys during refreshes (worst)   : Maps ${d.mapsRefresh.maxKeyMs} ms, FDs ${d.fdsRefresh.maxKeyMs} ms (in-process collector instead: ${d.inProcess.mapsMaxKeyMs} / ${d.inProcess.fdsMaxKeyMs} ms)`);
}
// the strace tab against a process making 100,000 syscalls a second (bench/strace.mjs); BENCH_STRACE=0 skips it
let strace;
if (process.env.BENCH_STRACE !== '0') {
  const m = await import('./strace.mjs');
  strace = await m.benchStrace();
  m.printStrace(strace);
}
writeFileSync(path.join(outDir, 'latest.json'), JSON.stringify({ date: new Date().toISOString(), results, inspect, detail, strace }, null, 2));
process.exit(0);
