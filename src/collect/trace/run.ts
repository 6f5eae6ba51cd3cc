// Running a one-shot tool (eu-stack, gdb) through the children registry and collecting its output:
// asynchronous, with a time limit that ends it (its end signal, then SIGKILL), an optional AbortSignal,
// and capped output so a runaway tool cannot fill ptop's memory.

import { sanitize } from '../sanitize.js';
import { startChild, type StartChildOptions } from './children.js';

/** a tool's output as lines, each sanitized (split first: sanitize turns newlines into U+FFFD) */
export function outputLines(text: string): string[] {
  return text.split('\n').map((l) => sanitize(l.replace(/\r$/, '')));
}

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** the time limit ended it */
  timedOut: boolean;
  /** the AbortSignal ended it */
  aborted: boolean;
  /** it could not be started, in words */
  spawnError?: string;
  /** wall time, ms */
  ms: number;
}

export interface RunOptions extends Omit<StartChildOptions, 'stdout' | 'stderr'> {
  /** end it after this many ms (default 20 s) */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** keep at most this many characters of stdout (default 32 MiB) and stderr (64 KiB) */
  maxStdout?: number;
  maxStderr?: number;
  /** end signal → SIGKILL grace when ending it early (default 1 s) */
  graceMs?: number;
}

export function runChild(opts: RunOptions): Promise<RunResult> {
  const t0 = Date.now();
  const child = startChild({ ...opts, stdout: 'pipe', stderr: 'pipe' });
  const maxOut = opts.maxStdout ?? 32 * 1024 * 1024;
  const maxErr = opts.maxStderr ?? 64 * 1024;
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  let aborted = false;
  child.proc.stdout?.setEncoding('utf8');
  child.proc.stderr?.setEncoding('utf8');
  child.proc.stdout?.on('data', (d: string) => {
    if (stdout.length < maxOut) stdout += d.slice(0, maxOut - stdout.length);
  });
  child.proc.stderr?.on('data', (d: string) => {
    if (stderr.length < maxErr) stderr += d.slice(0, maxErr - stderr.length);
  });
  const timer = setTimeout(() => {
    timedOut = true;
    void child.end(opts.graceMs ?? 1000);
  }, opts.timeoutMs ?? 20_000);
  const onAbort = () => {
    aborted = true;
    void child.end(opts.graceMs ?? 1000);
  };
  if (opts.signal?.aborted) onAbort();
  else opts.signal?.addEventListener('abort', onAbort, { once: true });

  return child.exited.then(async (ex) => {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
    // the pipes may still hold the last bytes after 'exit'
    await Promise.all([streamDone(child.proc.stdout), streamDone(child.proc.stderr)]);
    return { stdout, stderr, code: ex.code, signal: ex.signal, timedOut, aborted, spawnError: ex.spawnError, ms: Date.now() - t0 };
  });
}

/** resolves when a child's output stream has ended (at most 1 s after the child exited) */
export function streamDone(s: NodeJS.ReadableStream | null | undefined): Promise<void> {
  if (!s) return Promise.resolve();
  const r = s as NodeJS.ReadableStream & { readableEnded?: boolean; destroyed?: boolean };
  if (r.readableEnded || r.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    // a grandchild holding the pipe open must not hang the caller
    const t = setTimeout(() => resolve(), 1000);
    const done = () => {
      clearTimeout(t);
      resolve();
    };
    s.once('end', done);
    s.once('close', done);
    s.once('error', done);
  });
}
