// Running the built CLI (`node dist/cli.js`) with stdout on a pipe (ps mode), in a hermetic
// environment: HOME is an empty temp dir and no config variable leaks in from the caller.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI, REPO_ROOT } from './tmux.js';

export { CLI, REPO_ROOT };

export interface PtopResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout as bytes, to check for raw bytes (0x1b, 0x9b) */
  raw: Buffer;
}

let emptyHome: string | null = null;

/** An empty directory to use as HOME (no ~/.config/ptop). */
export function emptyHomeDir(): string {
  if (!emptyHome) emptyHome = mkdtempSync(join(tmpdir(), 'ptop-e2e-home-'));
  return emptyHome;
}

export function cleanupCliHelpers(): void {
  if (emptyHome) rmSync(emptyHome, { recursive: true, force: true });
  emptyHome = null;
}

/** The environment for a run: the caller's minus anything that changes config, colour or width. */
export function ptopEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: emptyHomeDir(), LANG: 'C.UTF-8' };
  for (const k of ['PTOP_CONFIG', 'XDG_CONFIG_HOME', 'NO_COLOR', 'FORCE_COLOR', 'COLUMNS', 'CLICOLOR', 'CLICOLOR_FORCE']) delete env[k];
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Run `node dist/cli.js ...args` with stdout and stderr on pipes. */
export function runPtop(args: string[], opts: { env?: Record<string, string | undefined>; timeout?: number } = {}): PtopResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: REPO_ROOT,
    env: ptopEnv(opts.env),
    timeout: opts.timeout ?? 30000,
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error) throw r.error;
  return {
    status: r.status,
    signal: r.signal,
    stdout: r.stdout.toString('utf8'),
    stderr: r.stderr.toString('utf8'),
    raw: r.stdout,
  };
}

/** Build dist/ when it is missing (npm test builds it first; a bare `vitest` run may not have). */
export function ensureBuilt(): void {
  if (existsSync(CLI)) return;
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'build.mjs')], { cwd: REPO_ROOT, stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(CLI)) throw new Error('npm run build failed: dist/cli.js missing');
}

/** Output lines (no trailing empty line). */
export function outLines(stdout: string): string[] {
  const ls = stdout.split('\n');
  if (ls[ls.length - 1] === '') ls.pop();
  return ls;
}

/** The PID at the start of a table row, or null (header, blank line). */
export function rowPid(line: string): number | null {
  const m = /^\s*(\d+)\s/.exec(line);
  return m ? Number(m[1]) : null;
}

/** The PIDs of the data rows, in order. */
export function rowPids(stdout: string): number[] {
  return outLines(stdout)
    .map(rowPid)
    .filter((p): p is number => p !== null);
}

/** Header cells: the first line split on blanks and separators, sort markers removed. */
export function headerCells(stdout: string): string[] {
  const first = outLines(stdout)[0] ?? '';
  return first
    .replace(/[▲▼]/g, '')
    .split(/[\s│|]+/)
    .filter(Boolean);
}
