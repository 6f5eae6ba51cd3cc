// Bundles src/ into dist/ with esbuild, in two parts:
//  - dist/cli.js: the entry and everything ps mode needs, one CommonJS file (dist/package.json
//    says so). Node starts a CommonJS entry without its ESM loader, and one file means one read
//    and one compile: ~10 ms less per `ptop --once` than an ES module entry with shared chunks.
//  - the lazily loaded parts, as ES modules (.mjs) with shared chunks: the interactive UI
//    (main.mjs, then Ink/React/Yoga in app-*.mjs), `ptop inspect`, --gen-config, --list. Every
//    `import('./x.js')` in the entry's code becomes `import('./x.mjs')`, so ps mode never loads
//    Ink or React.
import { build } from 'esbuild';
import { chmodSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

rmSync(dist, { recursive: true, force: true });

await build({
  ...common,
  entryPoints: [path.join(root, 'src/cli.ts')],
  outfile: path.join(dist, 'cli.js'),
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
  // the table and detail views keep it at 1 MB anyway (ui/main.ts), and ps mode loses 2-3 %.
  banner: { js: "#!/usr/bin/env -S node --max-semi-space-size=1\nvar __ptopImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
writeFileSync(path.join(dist, 'package.json'), '{ "type": "commonjs" }\n');
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
