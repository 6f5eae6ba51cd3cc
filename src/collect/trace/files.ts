// Where the trace actions put files and how they name them: ptop's state directory
// ($XDG_STATE_HOME or ~/.local/state), file names built from a process's comm made safe
// (core.<comm>.<pid>.<timestamp>), and writing a file that never replaces an existing one
// (O_CREAT|O_EXCL; on a clash the next free name: NAME.1, NAME.2, …), private (mode 0600)
// because traces, stacks and cores can hold the process's secrets.

import { closeSync, constants, fchmodSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/** $XDG_STATE_HOME when it is an absolute path, else ~/.local/state */
export function stateHome(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const x = env.XDG_STATE_HOME;
  if (x && isAbsolute(x)) return x;
  return join(home, '.local', 'state');
}

/** `~/x` → HOME/x; anything else unchanged */
export function expandHome(p: string, home: string = homedir()): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return join(home, p.slice(2));
  return p;
}

/** Default directory for saved strace buffers and stacks: <state>/ptop */
export function defaultSaveDir(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  return join(stateHome(env, home), 'ptop');
}

/** mkdir -p with mode 0700 for the directories ptop creates (an existing directory keeps its mode). */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** A comm made safe for a file name: letters, digits, '.', '_', '-' kept, the rest '_'; never empty, never '.' or '..'. */
export function safeName(comm: string): string {
  let s = comm.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 32);
  if (s === '' || /^\.+$/.test(s)) s = 'process';
  return s;
}

/** 20251122-081400 (local time), sortable and safe in a file name */
export function fileTimestamp(d: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/**
 * Where one key's "save" puts a strace buffer or a stack capture:
 * <dir>/<kind>.<comm>.<pid>.<timestamp>.txt, dir defaulting to defaultSaveDir() (created, mode
 * 0700). Pass the result to StraceSession.saveTo / saveStacks, which add .1, .2 … on a clash.
 */
export function savePath(kind: 'strace' | 'stacks', comm: string, pid: number, dir: string = defaultSaveDir(), when: Date = new Date()): string {
  ensurePrivateDir(dir);
  return join(dir, `${kind}.${safeName(comm)}.${pid}.${fileTimestamp(when)}.txt`);
}

/** `base` then `base.1`, `base.2`, … (a suffix like ".txt" stays last: `x.txt` → `x.1.txt`) */
export function candidateName(base: string, n: number, suffix = ''): string {
  return n === 0 ? `${base}${suffix}` : `${base}.${n}${suffix}`;
}

/** split "x.txt" into ["x", ".txt"] (only a short alphanumeric extension counts) */
function splitExt(path: string): [string, string] {
  const m = /^(.*[^/])(\.[A-Za-z0-9]{1,5})$/.exec(path);
  return m ? [m[1], m[2]] : [path, ''];
}

/**
 * Write `data` to `path`, or to the first free `path.N` variant (x.txt → x.1.txt), creating the
 * file exclusively with mode 0600: an existing file is never touched. Returns the path written.
 * Throws (with a worded message) when the directory is missing or not writable, or the disk is full.
 */
export function writeExclusive(path: string, data: string | Buffer): string {
  const [base, ext] = splitExt(path);
  for (let n = 0; n < 10_000; n++) {
    const p = candidateName(base, n, ext);
    let fd: number;
    try {
      fd = openSync(p, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      throw new Error(fileErrorWords(code, p));
    }
    try {
      fchmodSync(fd, 0o600);
      const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      let off = 0;
      while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      throw new Error(fileErrorWords((e as NodeJS.ErrnoException).code, p));
    } finally {
      closeSync(fd);
    }
    return p;
  }
  throw new Error(`could not find a free file name next to ${path}`);
}

/** an errno from writing `path`, in words */
export function fileErrorWords(code: string | undefined, path: string): string {
  switch (code) {
    case 'ENOENT':
      return `cannot write ${path}: the directory does not exist`;
    case 'EACCES':
    case 'EPERM':
      return `cannot write ${path}: permission denied (ptop runs as uid ${process.getuid?.() ?? '?'})`;
    case 'EROFS':
      return `cannot write ${path}: the file system is read-only`;
    case 'ENOSPC':
      return `cannot write ${path}: no space left on the device`;
    case 'EDQUOT':
      return `cannot write ${path}: disk quota exceeded`;
    case 'ENOTDIR':
      return `cannot write ${path}: a part of the path is not a directory`;
    default:
      return `cannot write ${path}: ${code ?? 'unknown error'}`;
  }
}
