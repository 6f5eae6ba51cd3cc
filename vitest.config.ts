import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

// Ink's own Output, as scripts/build.mjs names it for src/ui/ink-line-output.ts
const inkBuild = path.dirname(createRequire(import.meta.url).resolve('ink'));

export default defineConfig({
  resolve: { alias: { 'ink-original-output': path.join(inkBuild, 'output.js') } },
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30000,
    hookTimeout: 30000,
    pool: 'forks',
    reporters: ['default', './test/summary-reporter.ts'],
  },
});
