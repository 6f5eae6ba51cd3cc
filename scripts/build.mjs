// Bundles src/cli.ts into dist/ with esbuild. The interactive UI is a separate chunk that
// ps mode never loads (dynamic import), so `ptop --once` starts without Ink or React.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  legalComments: 'none',
  logLevel: 'warning',
  banner: {
    js: "#!/usr/bin/env node\nimport { createRequire as __ptopCreateRequire } from 'node:module'; const require = __ptopCreateRequire(import.meta.url);",
  },
  // systeminformation is large and only needed by the interactive header; it stays a runtime import.
  // react-devtools-core is an optional peer of Ink, imported only when DEV=true (never by ptop).
  external: ['systeminformation', 'react-devtools-core'],
  // React's production build only: the development build in the UI chunk is dead weight (about
  // half its size, and load time on every start).
  define: { PTOP_VERSION: JSON.stringify(pkg.version), 'process.env.NODE_ENV': '"production"' },
});
