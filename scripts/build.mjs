// Bundles src/ into dist/ with esbuild, in two parts:
//  - dist/cli-main.js: the entry and everything ps mode needs, one CommonJS file (dist/package.json
//    says so). Node starts a CommonJS entry without its ESM loader, and one file means one read
//    and one compile: ~10 ms less per `ptop --once` than an ES module entry with shared chunks.
//    dist/cli.js (the bin) is a small loader that compiles it with the V8 code cache written here
//    after a run of `ptop --once` (dist/cli-main.js.cache): ~5 ms less per run again. In ps mode
//    it starts the native reader on the first scan before that compile (see startEarlyRead).
//  - the lazily loaded parts, as ES modules (.mjs) with shared chunks: the interactive UI
//    (main.mjs, then Ink/React/Yoga in app-*.mjs), `ptop inspect`, --gen-config, --list. Every
//    `import('./x.js')` in the entry's code becomes `import('./x.mjs')`, so ps mode never loads
//    Ink or React.
import { build } from 'esbuild';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const dist = path.join(root, 'dist');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  // systeminformation is large and only needed by the interactive header; it stays a runtime import.
  // react-devtools-core is an optional peer of Ink, imported only when DEV=true (never by ptop).
  external: ['systeminformation', 'react-devtools-core'],
  // React's production build only: the development build in the UI chunk is dead weight (about
  // half its size, and load time on every start).
  define: { PTOP_VERSION: JSON.stringify(pkg.version), 'process.env.NODE_ENV': '"production"' },
};

/** The entry's dynamic imports of its own modules: each becomes an ESM entry of the lazy build. */
const lazy = new Map(); // output name → source path
const lazyImports = {
  name: 'lazy-imports',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\//, namespace: 'file' }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      const src = path.resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      const name = path.basename(src, '.ts');
      if (lazy.has(name) && lazy.get(name) !== src) throw new Error(`two lazy modules named ${name}`);
      lazy.set(name, src);
      return { path: `./${name}.mjs`, external: true };
    });
  },
};

/**
 * The built-in themes, parsed now: ps mode then skips the TOML parse of the theme on every run
 * (cli/settings.ts uses an entry only while the file's text is still the text it was parsed from).
 */
async function parsedThemes() {
  const out = await build({ ...common, entryPoints: [path.join(root, 'src/model/theme.ts')], format: 'esm', write: false, sourcemap: false });
  const { parseTheme } = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  const themes = {};
  for (const file of readdirSync(path.join(root, 'themes')).filter((f) => f.endsWith('.toml'))) {
    const text = readFileSync(path.join(root, 'themes', file), 'utf8');
    const { path: _path, ...theme } = parseTheme(text, file);
    themes[file] = { text, theme };
  }
  return themes;
}

/**
 * Ink's renderer gets ptop's LineOutput (src/ui/ink-line-output.ts) for its ./output.js: whole
 * pre-painted lines pass straight through instead of Ink's grid of one object per cell.
 * `ink-original-output` is Ink's own output.js (not in Ink's package exports, hence by path).
 */
const inkBuild = path.dirname(createRequire(import.meta.url).resolve('ink'));
const inkLineOutput = {
  name: 'ink-line-output',
  setup(b) {
    b.onResolve({ filter: /^\.\/output\.js$/ }, (args) =>
      path.resolve(args.resolveDir) === inkBuild && path.basename(args.importer) === 'renderer.js' ? { path: path.join(root, 'src/ui/ink-line-output.ts') } : undefined,
    );
    b.onResolve({ filter: /^ink-original-output$/ }, () => ({ path: path.join(inkBuild, 'output.js') }));
  },
};

/**
 * What the bin's early read needs (cli/ps-sources.ts): the files the first scan of a plain
 * `ptop --once` reads ahead, and the arguments that print no table.
 */
async function earlyRead() {
  const out = await build({ ...common, entryPoints: [path.join(root, 'src/cli/ps-sources.ts')], format: 'esm', write: false, sourcemap: false });
  const m = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
  return { files: m.defaultFirstScanFiles(), noTable: m.argsWithoutTable() };
}
const early = await earlyRead();

rmSync(dist, { recursive: true, force: true });

await build({
  ...common,
  entryPoints: [path.join(root, 'src/cli.ts')],
  outfile: path.join(dist, 'cli-main.js'),
  format: 'cjs',
  plugins: [lazyImports],
  // import.meta.url (theme lookup) in CommonJS
  define: {
    ...common.define,
    'import.meta.url': '__ptopImportMetaUrl',
    PTOP_BUILTIN_THEMES: JSON.stringify(JSON.stringify(await parsedThemes())),
  },
  // --max-semi-space-size=1: V8's young generation stays at 1 MB. It can only be set at start-up,
  // and without it a busy strace tab grows it to 2 x 16 MB (RSS +30 MB, measured with bench/strace.mjs);
  // the table and detail views keep it at 1 MB anyway (ui/main.ts), and ps mode gains ~10 %
  // (fewer fresh pages touched). --no-opt: no TurboFan for a run that prints and exits; the
  // interactive UI turns it back on after its first frame (ui/main.ts). Passing it here instead
  // of through node:v8 saves ps mode ~8 ms (cli.ts tuneForOneShot).
  banner: { js: "var __ptopImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
writeFileSync(path.join(dist, 'package.json'), '{ "type": "commonjs" }\n');

// The bundle runs inside a vm.Script (for its code cache), where import() is not available
// without an experimental flag: each `import("./x.mjs")` becomes a call of the loader's import.
const mainPath = path.join(dist, 'cli-main.js');
let mainText = readFileSync(mainPath, 'utf8');
let rewritten = 0;
mainText = mainText.replace(/\bimport\((["'])(\.\/[\w.-]+\.mjs)\1\)/g, (_m, q, spec) => {
  rewritten++;
  return `__ptopImport(${q}${spec}${q})`;
});
if (rewritten < lazy.size || /\bimport\(/.test(mainText)) throw new Error(`ptop build: ${rewritten} of the entry's dynamic imports rewritten, some left`);
writeFileSync(mainPath, mainText);

/** V8 flags of the bin (also those the code cache is made with: V8 rejects a cache made with others). */
const NODE_FLAGS = ['--max-semi-space-size=1', '--no-opt'];
// --max-semi-space-size=1 and --no-opt: see the comment on the flags above.
writeFileSync(
  path.join(dist, 'cli.js'),
  `#!/usr/bin/env -S node ${NODE_FLAGS.join(' ')}
// ptop's bin: compiles the bundle (cli-main.js) with the V8 code cache the build wrote next to it,
// which saves most of the compile on every run; a cache from another Node or other V8 flags is
// rejected by V8, and the bundle then compiles as usual (scripts/build.mjs writes both).
'use strict';
const { fstatSync, readFileSync, writeFileSync } = require('node:fs');
const { Script } = require('node:vm');
const { pathToFileURL } = require('node:url');

// ps mode: the first scan's reads start now, on the native reader's threads, while this thread
// compiles the bundle and loads the config (src/collect/read.ts takeEarlyBatch takes them over;
// a config whose columns need other files has those read beside them).
globalThis.__ptopEarlyRead = null;
try {
  globalThis.__ptopEarlyRead = startEarlyRead(process.argv.slice(2));
} catch {}
function startEarlyRead(args) {
  if (process.env.PTOP_NATIVE === '0' || process.env.PTOP_EARLY_READ === '0' || args[0] === 'inspect') return null;
  let oneShot = false;
  for (const a of args) {
    if (a === '--') break;
    if (${JSON.stringify(early.noTable)}.includes(a)) return null;
    if (a === '--once' || a === '--json') oneShot = true;
  }
  if (!oneShot) {
    // stdout a terminal (a character device other than /dev/null & co.): the interactive UI
    const st = fstatSync(1);
    if (st.isCharacterDevice() && ((st.rdev >> 8) & 0xfff) !== 1) return null;
  }
  const mod = { exports: {} };
  process.dlopen(mod, __dirname + '/proc-batch.node');
  const files = ${JSON.stringify(early.files)};
  // pids null: a reader lists /proc (~1.2 ms of the kernel's at 1000 processes) off this thread
  const job = mod.exports.start('/proc', null, files, 64, true);
  return { root: '/proc', files, chunk: 64, job, addon: mod.exports };
}

const file = __dirname + '/cli-main.js';
let cachedData;
try {
  cachedData = readFileSync(file + '.cache');
} catch {}
const wrapped = '(function (exports, require, module, __filename, __dirname, __ptopImport) {' + readFileSync(file, 'utf8') + '\\n})';
const script = new Script(wrapped, { filename: file, cachedData });
if (process.env.PTOP_TIMING === '1') process.stderr.write('ptop timing: code cache ' + (cachedData ? (script.cachedDataRejected ? 'rejected' : 'accepted') : 'missing') + '\\n');
if (process.env.PTOP_BUILD_CODE_CACHE === '1') process.once('exit', () => writeFileSync(file + '.cache', script.createCachedData()));
script.runInThisContext()(exports, require, module, file, __dirname, (spec) => import(pathToFileURL(__dirname + spec.slice(1)).href));
`,
);
// executable as it is (npm sets the mode of a bin when it links it; the benches run it directly)
chmodSync(path.join(dist, 'cli.js'), 0o755);

await build({
  ...common,
  // + the detail view's inspection worker (a worker_thread; src/collect/inspect/worker-client.ts finds it next to itself)
  entryPoints: { ...Object.fromEntries(lazy), 'inspect-worker': path.join(root, 'src/collect/inspect/worker.ts') },
  outdir: dist,
  splitting: true,
  format: 'esm',
  outExtension: { '.js': '.mjs' },
  plugins: [inkLineOutput],
  banner: {
    js: "import { createRequire as __ptopCreateRequire } from 'node:module'; const require = __ptopCreateRequire(import.meta.url);",
  },
});

/**
 * dist/proc-batch.node: the native batch reader of small /proc files (native/proc-batch.c, plain
 * Node-API against the headers that come with Node). It roughly halves the first scan of every
 * process (ps mode, the first frame: ~50 ms instead of ~95 at 1000); without it ptop reads the same files through
 * node:fs, so a machine without a C compiler only loses that speed (a warning says so).
 */
function buildNative() {
  const include = path.join(path.dirname(process.execPath), '..', 'include', 'node');
  const out = path.join(dist, 'proc-batch.node');
  const cc = process.env.CC || 'cc';
  const args = ['-O2', '-shared', '-fPIC', '-pthread', '-Wall', `-I${include}`, '-o', out, path.join(root, 'native/proc-batch.c')];
  if (!existsSync(path.join(include, 'node_api.h'))) return `no Node-API headers in ${include}`;
  const r = spawnSync(cc, args, { encoding: 'utf8' });
  if (r.error) return `${cc}: ${r.error.message}`;
  if (r.status !== 0) return `${cc} exited with ${r.status}: ${r.stderr.trim().split('\n').slice(0, 5).join('\n')}`;
  return null;
}
if (process.env.PTOP_NATIVE !== '0') {
  const why = buildNative();
  if (why) console.warn(`ptop build: the native /proc reader was not built (${why}); ptop works without it, its first scan is slower.`);
}

// The code cache: made by one `ptop --once` (ps mode, the default columns) with the bin's flags,
// so it holds the bytecode of everything that run compiled, not only the top level.
{
  const cache = path.join(dist, 'cli-main.js.cache');
  const r = spawnSync(process.execPath, [...NODE_FLAGS, path.join(dist, 'cli.js'), '--once', '--width', '200'], {
    env: { ...process.env, PTOP_BUILD_CODE_CACHE: '1', PTOP_CONFIG: '/dev/null', NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (r.status !== 0 || !existsSync(cache)) {
    rmSync(cache, { force: true });
    console.warn(`ptop build: no code cache written (ptop --once exited ${r.status}: ${(r.stderr ?? '').trim().split('\n')[0]}); ptop works without it.`);
  }
}
