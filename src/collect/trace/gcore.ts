// gcore: a core file of a live process, in the background (`C`). The core goes to
// `[actions] core_dir` (default $XDG_STATE_HOME/ptop-cores or ~/.local/state/ptop-cores, created
// mode 0700) as core.<comm>.<pid>.<timestamp>; it never replaces a file, and it is mode 0600 from
// birth, because a core holds the process's secrets:
//   1. gdb writes to a hidden temporary name in the same directory,
//      `gdb -p PID -batch -nx -ex "generate-core-file TMP"`, started with umask 077;
//   2. ptop checks that the core is whole (elf-core.ts: gdb 13 says "Saved corefile" and exits 0
//      even when a full disk cut the core short; such a core is removed and reported), chmods it
//      0600 (belt and braces), then link(TMP, FINAL), which fails with EEXIST
//      rather than replace anything (then FINAL.1, FINAL.2, …), and unlinks TMP.
// The process is stopped only while gdb writes (gdb detaches at the end). Cancelling, an error, or
// ptop ending mid-capture (endAll) ends gdb, removes the partial file and SIGCONTs the process if
// it was left stopped. A partial file left behind by a ptop that was SIGKILLed (its gdb dies with
// it) is removed by the next capture into that directory (sweepStalePartials; the UI also sweeps
// before it sizes a capture, so the free space it reports does not count such leftovers).
//
// Expected size (estimateCoreSize): gdb follows /proc/PID/coredump_filter (default 0x33) the way
// the kernel does: it dumps, whole, every private mapping that is anonymous or has anonymous
// (modified) pages, shared anonymous mappings, and the first mapping of each ELF file (its
// headers; gdb 13 dumps that mapping whole); it skips mappings marked VM_DONTDUMP ("dd").
// Untouched pages and even inaccessible (---p) anonymous reservations count in full: gdb writes
// zeros for them (the core is not sparse), so a Node process with a 500 MiB V8 reservation gets a
// core of about 630 MiB while its RSS is 50 MiB. Measured on this machine with gdb 13.1: the
// estimate is within 0.1% of the real core for python3 with 300 MiB touched, a threaded C program
// and node (test/collect/trace/gcore.test.ts checks a fresh one within 5%).
//
// Usage (the UI side):
//   const plan = planCore(pid, { dir: cfg.actions.coreDir, confirmBytes: cfg.actions.coreConfirmBytes });
//   if (!plan.ok) show(plan.error); else if (plan.plan.needsConfirm) ask(plan.plan.confirmReason) …
//   const cap = startCore(pid, { dir: plan.plan.dir, expectedBytes: plan.plan.expectedBytes });
//   cap.subscribe((ev) => …);  // progress | done | failed | cancelled
//   cap.cancel();

import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, linkSync, openSync, readFileSync, readSync, readdirSync, readlinkSync, statSync, statfsSync, unlinkSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseSmaps } from '../parse/smaps.js';
import { sanitize } from '../sanitize.js';
import type { SmapsEntry } from '../types.js';
import { startChild, type ChildExit, type DeathMode, type TrackedChild } from './children.js';
import { checkCoreFile } from './elf-core.js';
import { candidateName, ensurePrivateDir, expandHome, fileErrorWords, fileTimestamp, safeName, stateHome } from './files.js';
import { outputLines } from './run.js';
import { commOf, explainPtraceDenied, isRunning } from './target.js';
import { missingToolMessage, tools } from './tools.js';

// ---- where and how big -----------------------------------------------------------------------------

/** `[actions] core_dir` with ~/ expanded, or the default <state>/ptop-cores */
export function resolveCoreDir(configured: string | null | undefined, env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  if (configured) return expandHome(configured, home);
  return join(stateHome(env, home), 'ptop-cores');
}

/** core.<comm>.<pid>.<timestamp>, the comm made safe for a file name */
export function coreFileName(comm: string, pid: number, when: Date = new Date()): string {
  return `core.${safeName(comm)}.${pid}.${fileTimestamp(when)}`;
}

const COREFILTER_ANON_PRIVATE = 1 << 0;
const COREFILTER_ANON_SHARED = 1 << 1;
const COREFILTER_MAPPED_PRIVATE = 1 << 2;
const COREFILTER_MAPPED_SHARED = 1 << 3;
const COREFILTER_ELF_HEADERS = 1 << 4;
const COREFILTER_HUGETLB_PRIVATE = 1 << 5;
const COREFILTER_HUGETLB_SHARED = 1 << 6;

/** gdb's notion of an anonymous mapping by its name */
function anonymousName(path: string, deleted: boolean): boolean {
  return path === '' || deleted || /^\/dev\/zero$/.test(path) || /^\/SYSV[0-9a-f]{8}$/.test(path);
}

const elfCache = new Map<string, boolean>();

/** does the file mapped at `m` start with the ELF magic? (read through /proc/PID/map_files, else the path) */
function isElfMapping(pid: number, m: SmapsEntry): boolean {
  if (m.path === '[vdso]') return true;
  if (m.path.startsWith('[')) return false;
  const key = `${m.dev}:${m.inode}`;
  const hit = elfCache.get(key);
  if (hit !== undefined) return hit;
  const range = `${m.start.toString(16)}-${m.end.toString(16)}`;
  let result: boolean | null = null;
  for (const p of [`/proc/${pid}/map_files/${range}`, m.path]) {
    try {
      const fd = openSync(p, 'r');
      try {
        const b = Buffer.alloc(4);
        result = readSync(fd, b, 0, 4, 0) === 4 && b.readUInt32BE(0) === 0x7f454c46;
      } finally {
        closeSync(fd);
      }
      break;
    } catch {
      /* try the next way */
    }
  }
  if (result === null) result = /\.so(\.|$)/.test(m.path);
  if (elfCache.size > 4096) elfCache.clear();
  elfCache.set(key, result);
  return result;
}

/** Would gdb (use-coredump-filter on) dump this mapping? See the header. */
export function gdbDumpsMapping(m: SmapsEntry, filter: number, isElf: () => boolean): boolean {
  if (m.vmFlags.includes('dd')) return false;
  // gdb 13 dumps inaccessible (---p) anonymous mappings too (as zeros), and [vsyscall]
  if (m.path === '[vsyscall]') return true;
  const read = m.perms[0] === 'r';
  const priv = m.perms[3] === 'p';
  const modified = m.counters.anonymous > 0;
  if (m.vmFlags.includes('ht')) return (filter & (priv ? COREFILTER_HUGETLB_PRIVATE : COREFILTER_HUGETLB_SHARED)) !== 0;
  const anonByName = anonymousName(m.path, m.deleted);
  const anon = anonByName || modified;
  const file = !anonByName;
  let dump: boolean;
  if (priv) {
    if (anon && file) dump = (filter & (COREFILTER_ANON_PRIVATE | COREFILTER_MAPPED_PRIVATE)) !== 0;
    else if (anon) dump = (filter & COREFILTER_ANON_PRIVATE) !== 0;
    else dump = (filter & COREFILTER_MAPPED_PRIVATE) !== 0;
  } else {
    if (anon && file) dump = (filter & (COREFILTER_ANON_SHARED | COREFILTER_MAPPED_SHARED)) !== 0;
    else if (anon) dump = (filter & COREFILTER_ANON_SHARED) !== 0;
    else dump = (filter & COREFILTER_MAPPED_SHARED) !== 0;
  }
  if (!dump && (filter & COREFILTER_ELF_HEADERS) !== 0 && m.offset === 0n && file && read) dump = isElf();
  return dump;
}

export interface CoreEstimate {
  /** expected core size, bytes */
  bytes: number;
  /** mappings gdb will dump */
  mappings: number;
  threads: number;
}

/**
 * The size gdb's core of `pid` will have, from /proc/PID/smaps and coredump_filter (see the
 * header), plus the ELF headers and notes (registers per thread, the file list). Null when smaps
 * cannot be read (process gone, or not ours).
 */
export function estimateCoreSize(pid: number): CoreEstimate | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/smaps`, 'utf8');
  } catch {
    return null;
  }
  let filter = 0x33;
  try {
    filter = parseInt(readFileSync(`/proc/${pid}/coredump_filter`, 'utf8').trim(), 16);
  } catch {
    /* the default */
  }
  let threads = 1;
  try {
    threads = readdirSync(`/proc/${pid}/task`).length;
  } catch {
    /* keep 1 */
  }
  const maps = parseSmaps(text);
  let bytes = 0;
  let n = 0;
  let pathBytes = 0;
  for (const m of maps) {
    pathBytes += m.path.length + 24;
    if (!gdbDumpsMapping(m, filter, () => isElfMapping(pid, m))) continue;
    bytes += Number(m.end - m.start);
    n++;
  }
  // ELF header, one program header per dumped mapping plus the notes: per thread about 1.3 KiB of
  // registers and siginfo, the aux vector, and NT_FILE (the mapped files' names and ranges)
  const overhead = 4096 + (n + 2) * 56 + threads * 1400 + 4096 + pathBytes;
  return { bytes: bytes + overhead, mappings: n, threads };
}

/** free bytes for ptop's user in the file system holding `dir` (or its nearest existing parent) */
export function freeSpace(dir: string): number | null {
  let d = dir;
  for (let i = 0; i < 64; i++) {
    try {
      const s = statfsSync(d);
      return Number(s.bavail) * Number(s.bsize);
    } catch {
      const up = dirname(d);
      if (up === d) return null;
      d = up;
    }
  }
  return null;
}

/** Is there room for `expected` bytes in `dir`? (5% and 64 MiB to spare) */
export function checkSpace(dir: string, expected: number): { freeBytes: number | null; enough: boolean } {
  const freeBytes = freeSpace(dir);
  if (freeBytes === null) return { freeBytes, enough: true };
  return { freeBytes, enough: freeBytes >= expected * 1.05 + 64 * 1024 * 1024 };
}

/** 1536 → "1.5 KiB" */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} bytes` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

export interface CorePlan {
  pid: number;
  comm: string;
  /** the target's executable (for `gdb EXE CORE`), null when unreadable */
  exe: string | null;
  /** the directory the core will go to (may not exist yet) */
  dir: string;
  expectedBytes: number;
  /** free space there, null when unknown */
  freeBytes: number | null;
  /** the free space is less than the core needs */
  spaceShort: boolean;
  /** ask before starting: space is short, or the core is larger than core_confirm_bytes */
  needsConfirm: boolean;
  /** why to ask, in words ('' when not) */
  confirmReason: string;
}

/**
 * Everything to decide before a capture: directory, expected size, free space, and whether to ask
 * first. An error in words when the process is gone or its memory map unreadable.
 */
export function planCore(
  pid: number,
  opts: { dir?: string | null; confirmBytes?: number; env?: NodeJS.ProcessEnv; home?: string } = {},
): { ok: true; plan: CorePlan } | { ok: false; error: string } {
  if (!isRunning(pid)) return { ok: false, error: `process ${pid} no longer exists` };
  const est = estimateCoreSize(pid);
  if (!est) {
    if (!isRunning(pid)) return { ok: false, error: `process ${pid} no longer exists` };
    return { ok: false, error: `cannot read /proc/${pid}/smaps to size the core: ${explainPtraceDenied(pid, 'ptop')}` };
  }
  const dir = resolveCoreDir(opts.dir, opts.env, opts.home);
  const { freeBytes, enough } = checkSpace(dir, est.bytes);
  const confirmBytes = opts.confirmBytes ?? 1024 ** 3;
  const reasons: string[] = [];
  if (!enough)
    reasons.push(`only ${formatBytes(freeBytes ?? 0)} free in ${dir}, and the core needs about ${formatBytes(est.bytes)}`);
  if (est.bytes > confirmBytes)
    reasons.push(`the core will be about ${formatBytes(est.bytes)}, more than core_confirm_bytes (${formatBytes(confirmBytes)})`);
  let exe: string | null = null;
  try {
    exe = sanitize(readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, ''));
  } catch {
    exe = null;
  }
  return {
    ok: true,
    plan: {
      pid,
      comm: commOf(pid) ?? '',
      exe,
      dir,
      expectedBytes: est.bytes,
      freeBytes,
      spaceShort: !enough,
      needsConfirm: reasons.length > 0,
      confirmReason: reasons.join('; '),
    },
  };
}

// ---- capturing -------------------------------------------------------------------------------------

export type CoreState = 'running' | 'done' | 'failed' | 'cancelled';

export type CoreEvent =
  /** bytes written so far (polled from the file's size) against the expected size */
  | { type: 'progress'; written: number; expected: number }
  /** the core is on disk: where, how big, and how to open it */
  | { type: 'done'; path: string; size: number; openCommand: string; durationMs: number }
  | { type: 'failed'; error: string }
  /** cancel() finished: gdb ended, partial file removed, process continued */
  | { type: 'cancelled'; message: string };

export interface StartCoreOptions {
  /** the directory (already resolved: see resolveCoreDir/planCore); default resolveCoreDir(null) */
  dir?: string;
  /** for progress (from planCore); default: estimated now */
  expectedBytes?: number;
  /** gdb's path (tests); default found on PATH */
  gdbPath?: string | null;
  /** progress poll interval, ms (default 200) */
  pollMs?: number;
  death?: DeathMode;
  /** fixed "now" for the file name (tests) */
  now?: Date;
}

/** single-quote a path for the shell when it needs it (the open command is shown for copying) */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** temporary names of partial cores: .core.<comm>.<pid>.<ts>.ptop<PTOP_PID>.<random>.partial */
const PARTIAL = /^\.core\..*\.ptop(\d+)\.[0-9a-f]+\.partial$/;

/** when process `pid` started, ms since the epoch; null when gone or unreadable */
export function processStartMs(pid: number): number | null {
  if (pid === process.pid) return Date.now() - process.uptime() * 1000;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // field 22, starttime, in clock ticks since boot (USER_HZ, 100 on Linux); field 3 follows the ')'
    const ticks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const btime = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'latin1'));
    if (!btime || !Number.isFinite(ticks)) return null;
    return (Number(btime[1]) + ticks / 100) * 1000;
  } catch {
    return null;
  }
}

/**
 * Remove the partial cores left in `dir` by a ptop that no longer runs (SIGKILLed: its gdb died
 * with it and nothing removed the file). A partial is another capture's, and kept, only while the
 * ptop its name gives runs and started before the file was last written: a PID reused since (a
 * ptop in a container gets the same PID each run, this one included) does not keep it.
 */
export function sweepStalePartials(dir: string): string[] {
  const removed: string[] = [];
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const n of names) {
    const m = PARTIAL.exec(n);
    if (!m) continue;
    const owner = Number(m[1]);
    if (owner === process.pid || isRunning(owner)) {
      let mtimeMs: number;
      try {
        mtimeMs = statSync(join(dir, n)).mtimeMs;
      } catch {
        continue;
      }
      const started = processStartMs(owner);
      // 2 s of slack: /proc/stat's btime is in whole seconds
      if (started === null || started <= mtimeMs + 2000) continue;
    }
    try {
      unlinkSync(join(dir, n));
      removed.push(join(dir, n));
    } catch {
      /* not ours to remove, or gone */
    }
  }
  return removed;
}

/** A core gdb said it saved that came out cut short (see elf-core.ts); the file was removed. */
export interface CutShort {
  /** bytes on disk */
  size: number;
  /** bytes its headers describe (null: no ELF header was written) */
  needed: number | null;
  /** free bytes in the directory before the cut-short file was removed (null: unknown) */
  freeBefore: number | null;
  /** why the check failed, in words */
  reason: string;
}

/**
 * gdb's complaint about writing the core, in words. With `cut`, gdb claimed success but the core
 * was cut short (gdb 13 says "Saved corefile" and exits 0 on a full disk).
 */
export function gcoreErrorWords(pid: number, dir: string, output: string, expected: number, cut?: CutShort): string {
  const out = outputLines(output).join('\n');
  if (/ptrace: Operation not permitted/.test(out)) return explainPtraceDenied(pid, 'gdb');
  if (!cut && (/ptrace: No such process/.test(out) || !isRunning(pid))) return `process ${pid} no longer exists`;
  const free = freeSpace(dir);
  const needs = `the core needs about ${formatBytes(cut?.needed ?? expected)}${free !== null ? `, ${formatBytes(free)} free` : ''}`;
  if (cut) {
    const at = `the core was cut short at ${formatBytes(cut.size)} and removed`;
    // gdb's own words, else a disk that was (nearly) full when gdb stopped writing
    const missing = cut.needed !== null ? cut.needed - cut.size : Math.max(0, expected - cut.size);
    const full = cut.freeBefore !== null && (cut.freeBefore < 1024 * 1024 || cut.freeBefore < missing);
    if (/No space left on device/i.test(out) || (full && !/Disk quota exceeded/i.test(out))) return `the disk filled up: ${at} (no space left in ${dir}; ${needs})`;
    if (/Disk quota exceeded/i.test(out)) return `the disk quota was exceeded: ${at} (in ${dir}; ${needs})`;
    if (!isRunning(pid)) return `process ${pid} ended while gdb wrote its core: ${at}`;
    return `gdb reported the core saved, but ${cut.reason}: ${at}`;
  }
  if (/No space left on device/i.test(out)) return `no space left in ${dir} (${needs}); the partial file was removed`;
  if (/Disk quota exceeded/i.test(out)) return `disk quota exceeded in ${dir}; the partial file was removed`;
  if (/Permission denied/i.test(out)) return `gdb may not write in ${dir}: permission denied`;
  if (/Read-only file system/i.test(out)) return `${dir} is on a read-only file system`;
  const last = out
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !/^\[|^Using host libthread_db|^warning: |No such file or directory\.$|^0x[0-9a-f]+ in /.test(l))
    .pop();
  return last ? `gdb could not write the core: ${last}` : 'gdb could not write the core (it gave no reason)';
}

/** A core capture running in the background. Make one with startCore(). */
export class CoreCapture {
  readonly pid: number;
  readonly dir: string;
  readonly expectedBytes: number;
  state: CoreState = 'running';
  /** bytes written so far */
  written = 0;
  /** the final path, once done */
  path: string | null = null;
  /** the error (failed) or message (cancelled), in words */
  message: string | null = null;
  /** resolves with the final event (done, failed or cancelled); never rejects */
  readonly finished: Promise<CoreEvent>;

  private readonly listeners = new Set<(ev: CoreEvent) => void>();
  private child: TrackedChild | null = null;
  private tmp: string | null = null;
  private poll: NodeJS.Timeout | null = null;
  private cancelling = false;
  private output = '';
  private resolveFinished!: (ev: CoreEvent) => void;
  private readonly t0 = Date.now();
  private exe: string | null = null;

  constructor(pid: number, opts: StartCoreOptions = {}) {
    this.pid = pid;
    this.dir = opts.dir ?? resolveCoreDir(null);
    this.expectedBytes = opts.expectedBytes ?? estimateCoreSize(pid)?.bytes ?? 0;
    this.finished = new Promise((r) => (this.resolveFinished = r));
    const gdb = opts.gdbPath === undefined ? tools().gdb : opts.gdbPath;
    if (!gdb) {
      this.failSoon(`${missingToolMessage('gdb')} (gcore needs gdb)`);
      return;
    }
    if (!isRunning(pid)) {
      this.failSoon(`process ${pid} no longer exists`);
      return;
    }
    try {
      ensurePrivateDir(this.dir);
    } catch (e) {
      this.failSoon(`cannot create the core directory: ${fileErrorWords((e as NodeJS.ErrnoException).code, this.dir)}`);
      return;
    }
    sweepStalePartials(this.dir);
    try {
      this.exe = sanitize(readlinkSync(`/proc/${pid}/exe`).replace(/ \(deleted\)$/, ''));
    } catch {
      this.exe = null;
    }
    const comm = commOf(pid) ?? 'process';
    const base = coreFileName(comm, pid, opts.now);
    const tmp = join(this.dir, `.${base}.ptop${process.pid}.${randomBytes(4).toString('hex')}.partial`);
    this.tmp = tmp;
    const child = startChild({
      label: 'gdb',
      path: gdb,
      args: ['-p', String(pid), '-batch', '-nx', '-ex', 'set pagination off', '-ex', 'set width 0', '-ex', `generate-core-file ${tmp}`],
      targetPid: pid,
      stopsTarget: true,
      umask: 0o077,
      death: opts.death,
      env: { LC_ALL: 'C' },
      // ptop ending mid-capture (endAll: exit === null), or gdb killed by a signal: no core to keep
      onEnded: (ex) => {
        if (ex === null || ex.signal !== null || this.cancelling) this.removePartial();
      },
    });
    this.child = child;
    child.proc.stdout?.setEncoding('utf8');
    child.proc.stderr?.setEncoding('utf8');
    const keep = (d: string) => {
      if (this.output.length < 64 * 1024) this.output += d;
    };
    child.proc.stdout?.on('data', keep);
    child.proc.stderr?.on('data', keep);
    this.poll = setInterval(() => void this.pollSize(), opts.pollMs ?? 200);
    this.poll.unref?.();
    void child.exited.then((ex) => this.onExit(ex, base));
  }

  subscribe(fn: (ev: CoreEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** the temporary file gdb writes (null when none was started) */
  get partialPath(): string | null {
    return this.tmp;
  }

  /**
   * Stop the capture: gdb is ended (SIGTERM, SIGKILL after `graceMs`), the partial file removed,
   * the process continued. Resolves when all that is done (then state is 'cancelled', unless the
   * core was already complete).
   */
  async cancel(graceMs = 500): Promise<void> {
    if (this.state !== 'running' || !this.child) return;
    this.cancelling = true;
    await this.child.end(graceMs);
    await this.finished;
  }

  private emit(ev: CoreEvent): void {
    for (const fn of [...this.listeners]) {
      try {
        fn(ev);
      } catch {
        /* a listener's bug must not break the capture */
      }
    }
  }

  private settle(ev: CoreEvent): void {
    if (this.state !== 'running') return;
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    this.state = ev.type === 'done' ? 'done' : ev.type === 'failed' ? 'failed' : ev.type === 'cancelled' ? 'cancelled' : this.state;
    if (ev.type === 'failed') this.message = ev.error;
    if (ev.type === 'cancelled') this.message = ev.message;
    this.emit(ev);
    this.resolveFinished(ev);
  }

  private failSoon(error: string): void {
    setImmediate(() => this.settle({ type: 'failed', error }));
  }

  private async pollSize(): Promise<void> {
    if (!this.tmp || this.state !== 'running') return;
    try {
      const s = await stat(this.tmp);
      if (s.size !== this.written && this.state === 'running') {
        this.written = s.size;
        this.emit({ type: 'progress', written: s.size, expected: this.expectedBytes });
      }
    } catch {
      /* not created yet */
    }
  }

  /** remove the temporary file; true when there was one */
  private removePartial(): boolean {
    if (!this.tmp) return false;
    try {
      unlinkSync(this.tmp);
      return true;
    } catch {
      return false;
    }
  }

  private onExit(ex: ChildExit, base: string): void {
    if (this.cancelling) {
      const had = this.removePartial() || this.written > 0;
      this.settle({
        type: 'cancelled',
        message: had
          ? `core capture of process ${this.pid} cancelled; the partial file was removed`
          : `core capture of process ${this.pid} cancelled before anything was written`,
      });
      return;
    }
    if (ex.spawnError) return this.settle({ type: 'failed', error: ex.spawnError });
    const tmp = this.tmp!;
    let size = -1;
    try {
      size = statSync(tmp).size;
    } catch {
      size = -1;
    }
    if (!/Saved corefile/.test(this.output) || size <= 0 || ex.signal !== null) {
      this.removePartial();
      const why = ex.signal !== null ? `gdb was killed by ${ex.signal}; the partial file was removed` : gcoreErrorWords(this.pid, this.dir, this.output, this.expectedBytes);
      return this.settle({ type: 'failed', error: why });
    }
    // gdb says "Saved corefile" and exits 0 even when the disk filled up: the core must be whole
    const check = checkCoreFile(tmp);
    if (!check.ok) {
      const freeBefore = freeSpace(this.dir);
      this.removePartial();
      const cut: CutShort = { size: check.size || size, needed: check.needed, freeBefore, reason: check.reason };
      return this.settle({ type: 'failed', error: gcoreErrorWords(this.pid, this.dir, this.output, this.expectedBytes, cut) });
    }
    try {
      chmodSync(tmp, 0o600);
      let final = '';
      for (let n = 0; ; n++) {
        const p = join(this.dir, candidateName(base, n));
        try {
          linkSync(tmp, p);
          final = p;
          break;
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || n > 10_000) throw e;
        }
      }
      this.removePartial();
      this.path = final;
      this.written = size;
      const openCommand = `gdb ${shellWord(this.exe ?? 'EXE')} ${shellWord(final)}`;
      this.settle({ type: 'done', path: final, size, openCommand, durationMs: Date.now() - this.t0 });
    } catch (e) {
      this.removePartial();
      this.settle({ type: 'failed', error: `could not name the core file: ${fileErrorWords((e as NodeJS.ErrnoException).code, this.dir)}` });
    }
  }
}

/** Start capturing a core of `pid` in the background (see CoreCapture). Never throws. */
export function startCore(pid: number, opts: StartCoreOptions = {}): CoreCapture {
  return new CoreCapture(pid, opts);
}
