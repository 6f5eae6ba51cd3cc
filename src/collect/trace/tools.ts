// The external tools the trace actions run (strace, gdb, gcore, eu-stack, setpriv): their paths,
// resolved once by scanning $PATH ourselves (never through a shell), and what to tell the user
// when one is missing ("strace is not installed: apt-get install strace").

import { accessSync, constants, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { isAbsolute, join } from 'node:path';

export const TOOL_NAMES = ['strace', 'gdb', 'gcore', 'eu-stack', 'setpriv'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

/** tool → absolute path, or null when not found on PATH */
export type ToolPaths = Record<ToolName, string | null>;

/** Debian/Ubuntu package that ships each tool (the same name on Fedora/Arch, except where noted in words). */
const PACKAGE: Record<ToolName, string> = {
  strace: 'strace',
  gdb: 'gdb',
  gcore: 'gdb',
  'eu-stack': 'elfutils',
  setpriv: 'util-linux',
};

/** `name` on `pathVar` (colon-separated; empty entries mean the current directory, as execvp does): the first executable regular file, or null. */
export function findInPath(name: string, pathVar: string | undefined = process.env.PATH): string | null {
  if (name.includes('/')) return isExecutableFile(name) ? name : null;
  for (const dir of (pathVar ?? '/usr/local/bin:/usr/bin:/bin').split(':')) {
    // a relative PATH entry would make the result depend on the working directory: skip it
    if (dir !== '' && !isAbsolute(dir)) continue;
    const p = join(dir === '' ? process.cwd() : dir, name);
    if (isExecutableFile(p)) return p;
  }
  return null;
}

function isExecutableFile(p: string): boolean {
  try {
    if (!statSync(p).isFile()) return false;
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Every tool's path on `pathVar` (no caching). */
export function resolveTools(pathVar: string | undefined = process.env.PATH): ToolPaths {
  const out = {} as ToolPaths;
  for (const t of TOOL_NAMES) out[t] = findInPath(t, pathVar);
  return out;
}

let cached: ToolPaths | null = null;

/** The tools on ptop's $PATH, resolved on first use and then kept for the life of the process. */
export function tools(): ToolPaths {
  if (!cached) cached = resolveTools();
  return cached;
}

/** "strace is not installed: apt-get install strace (package strace)": what to say when `name` is missing. */
export function missingToolMessage(name: ToolName): string {
  const pkg = PACKAGE[name];
  const what = name === 'gcore' ? 'gcore (part of gdb)' : name;
  return `${what} is not installed (not found on PATH): install the ${pkg} package, e.g. apt-get install ${pkg}`;
}

const pdeathCache = new Map<string, boolean>();

/**
 * True when the setpriv at `setprivPath` knows --pdeathsig (util-linux 2.33 and later): decided
 * once per path from its --help text (one short synchronous run).
 */
export function setprivHasPdeathsig(setprivPath: string | null): boolean {
  if (!setprivPath) return false;
  const hit = pdeathCache.get(setprivPath);
  if (hit !== undefined) return hit;
  let ok = false;
  try {
    const r = spawnSync(setprivPath, ['--help'], { encoding: 'utf8', timeout: 3000, stdio: ['ignore', 'pipe', 'pipe'] });
    ok = `${r.stdout ?? ''}${r.stderr ?? ''}`.includes('--pdeathsig');
  } catch {
    ok = false;
  }
  pdeathCache.set(setprivPath, ok);
  return ok;
}
