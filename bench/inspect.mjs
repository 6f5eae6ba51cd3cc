// `ptop inspect` on a heavy process: a child with 10,000 mappings and 10,000 open fds
// (test/helpers/inspect-heavy.py). Measures inspectProcess per section (and the detail view's two
// other fds readings: the quick first one and a refresh given the previous one) and for all sections
// in-process (median of BENCH_INSPECT_RUNS, default 9, after a warm-up; the module is bundled with
// esbuild as bench/run.mjs does for tick.ts), and the wall time of `node dist/cli.js inspect PID`
// and `… --json` (median of 5). Run alone with `node bench/inspect.mjs`, or from bench/run.mjs.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'bench', 'results');
const SECTIONS = ['state', 'memory', 'maps', 'fds', 'threads', 'environment'];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Start the heavy child; resolves with { pid, mappings, fds, stop() } once it reports. */
function startHeavy(mappings, fds) {
  const child = spawn('python3', [path.join(root, 'test', 'helpers', 'inspect-heavy.py'), String(mappings), String(fds)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    return new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve())));
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      stop();
      reject(new Error('inspect-heavy.py did not report within 60 s'));
    }, 60000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`inspect-heavy.py exited early (${code})`));
    });
    child.stdout.on('data', (d) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl === -1) return;
      clearTimeout(timer);
      resolve({ ...JSON.parse(out.slice(0, nl)), stop });
    });
  });
}

function wall(args, runs = 5) {
  const ts = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(path.join(root, 'dist', 'cli.js'), args, { stdio: ['ignore', 'ignore', 'inherit'] });
    ts.push(performance.now() - t);
    if (r.status !== 0) throw new Error(`ptop ${args.join(' ')} exited ${r.status}`);
  }
  return median(ts);
}

export async function benchInspect({ mappings = 10000, fds = 10000, quiet = false } = {}) {
  mkdirSync(outDir, { recursive: true });
  if (!existsSync(path.join(root, 'dist', 'cli.js'))) {
    spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
  }
  const lib = path.join(outDir, 'inspect-lib.mjs');
  await build({
    entryPoints: [path.join(root, 'src', 'collect', 'inspect', 'inspect.ts')],
    outfile: lib,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  const { inspectProcess } = await import(pathToFileURL(lib).href + `?t=${Date.now()}`);
  const runs = Number(process.env.BENCH_INSPECT_RUNS ?? 9);

  const heavy = await startHeavy(mappings, fds);
  try {
    const mapLines = readFileSync(`/proc/${heavy.pid}/maps`, 'utf8').trim().split('\n').length;
    const fdCount = readdirSync(`/proc/${heavy.pid}/fd`).length;
    if (mapLines < mappings || fdCount < fds) {
      throw new Error(`the heavy child has ${mapLines} mappings and ${fdCount} fds, wanted ${mappings} and ${fds}`);
    }
    const measure = (sections, extra = {}) => {
      const { after, ...opts } = extra;
      inspectProcess(heavy.pid, { sections, ...opts }); // warm-up
      const ts = [];
      for (let i = 0; i < runs; i++) {
        const o = { sections, previousFds: opts.previousFds, fdinfoLimit: opts.fdinfoLimit };
        const t = performance.now();
        const r = inspectProcess(heavy.pid, o);
        ts.push(performance.now() - t);
        if (r === null) throw new Error('the heavy child vanished');
        after?.(r);
      }
      return +median(ts).toFixed(1);
    };
    const perSectionMs = {};
    for (const s of SECTIONS) perSectionMs[s] = measure([s]);
    // the detail view's fds readings: the quick first one (fdinfo of the first 256 fds) and a
    // refresh given the previous reading (unchanged fds reused: readdir + readlink + socket tables,
    // fdinfo again only for regular files and a slice of the rest)
    const fdsQuickMs = measure(['fds'], { fdinfoLimit: 256 });
    let previousFds = inspectProcess(heavy.pid, { sections: ['fds'] }).sections.fds;
    const fdsRefreshMs = measure(['fds'], {
      get previousFds() {
        return previousFds;
      },
      after: (r) => (previousFds = r.sections.fds),
    });
    const allSectionsMs = measure(undefined);
    const cliTextMs = +wall(['inspect', String(heavy.pid)]).toFixed(1);
    const cliJsonMs = +wall(['inspect', String(heavy.pid), '--json']).toFixed(1);
    const result = { mappings: mapLines, fds: fdCount, perSectionMs, fdsQuickMs, fdsRefreshMs, allSectionsMs, cliTextMs, cliJsonMs };
    if (!quiet) {
      console.log(`\n== ptop inspect: ${mapLines} mappings, ${fdCount} fds ==`);
      for (const s of SECTIONS) console.log(`inspectProcess, ${s.padEnd(11)}     : ${perSectionMs[s]} ms (median of ${runs})`);
      console.log(`inspectProcess, fds quick       : ${fdsQuickMs} ms (the detail view's first reading: fdinfo of 256 fds)`);
      console.log(`inspectProcess, fds refresh     : ${fdsRefreshMs} ms (given the previous reading)`);
      console.log(`inspectProcess, all sections    : ${allSectionsMs} ms`);
      console.log(`node dist/cli.js inspect PID    : ${cliTextMs} ms wall (median of 5; target <= 1000 ms)`);
      console.log(`node dist/cli.js inspect --json : ${cliJsonMs} ms wall`);
    }
    return result;
  } finally {
    await heavy.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await benchInspect();
  process.stdout.write(JSON.stringify(r) + '\n');
}
