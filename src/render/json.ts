// JSON output (`--json`): one object per process, keyed by stable snake_case keys (never by
// header text, so renaming a header in the config does not break scripts).
//
// Always present, whatever columns are configured:
//   pid       number    process ID (the thread group ID for a thread row)
//   ppid      number    parent process ID
//   comm      string    command name, raw (as the kernel gives it, not sanitized)
//   cmdline   string[]  command line arguments, raw; [] for kernel threads and zombies
//   state     string    one-letter state (R S D Z T t X I …)
//   uid       number    effective uid (from status when read, else the /proc/PID owner)
//   user      string    effective user name (the uid as text when unknown)
// Present on thread rows only (--threads):
//   tid       number    thread ID
//
// One key per configured column (Separator and layout entries have none). Numbers are real
// numbers, null when unavailable (permission denied, kernel thread, first sample):
//   pid ppid pgid session uid nice priority threads processor fds min_flt maj_flt context_sw
//                       integers
//   usage_cpu usage_mem percent as a float, 2 decimals (12.3 means 12.3 %); CPU is % of one core
//   cpu_time            seconds of CPU time (user + system), float
//   start_time          start time, seconds since the epoch, float
//   elapsed_time        seconds since start, float
//   vm_size vm_rss pss uss vm_swap vm_hwm shared
//                       bytes, integers
//   read_bytes write_bytes
//                       bytes per second over the sampling interval, float
// Strings are the raw text (JSON escaping makes them safe), null when unavailable:
//   user state policy (TS FF RR B ISO IDL DLN) tty ("pts/3") wchan cgroup container work_dir exe
//   comm, command (the raw argv joined by spaces, "[comm]" when there is none)
// For a key that is both always present and a column (pid, ppid, comm, state, uid, user), the
// always-present value wins: `pid` is the process ID even on a thread row.

import type { ProcessSample, ProcSource } from '../collect/types.js';
import { containerFromCgroup } from '../collect/parse/cgroup.js';
import { effectiveUid } from '../model/columns/define.js';
import { getColumnKind } from '../model/columns/registry.js';
import type { CellValue, ColumnContext, ColumnKind } from '../model/columns/types.js';

export type JsonValue = number | string | boolean | null | string[];
export type JsonProcess = Record<string, JsonValue>;

/** The /proc sources the always-present keys need (cmdline for `cmdline`, status for the effective uid). */
export const JSON_SOURCES: ReadonlySet<ProcSource> = new Set<ProcSource>(['stat', 'status', 'cmdline']);

const round = (v: number, decimals: number): number => {
  const f = 10 ** decimals;
  return Math.round(v * f) / f;
};

const orNull = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v);

/** Column kinds whose JSON value is the raw string rather than the sanitized display value. */
const RAW: Readonly<Record<string, (p: ProcessSample) => JsonValue>> = {
  Comm: (p) => p.raw.comm,
  Command: (p) => (p.raw.cmdline.length ? p.raw.cmdline.join(' ') : `[${p.raw.comm}]`),
  WorkDir: (p) => orNull(p.raw.cwd),
  Exe: (p) => orNull(p.raw.exe),
  Cgroup: (p) => orNull(p.raw.cgroup),
  Wchan: (p) => (p.raw.wchan && p.raw.wchan !== '0' ? p.raw.wchan : null),
  Container: (p) => (p.raw.cgroup ? containerFromCgroup(p.raw.cgroup) : null),
};

const PERCENT = new Set(['UsageCpu', 'UsageMem']);
const SECONDS = new Set(['CpuTime', 'StartTime', 'ElapsedTime']);

/** The JSON value of one column for one process. */
export function jsonValue(kind: ColumnKind, p: ProcessSample, ctx: ColumnContext): JsonValue {
  const raw = RAW[kind.kind];
  if (raw) return raw(p);
  const v: CellValue = kind.value(p, ctx);
  if (typeof v !== 'number') return v;
  if (!Number.isFinite(v)) return null;
  if (PERCENT.has(kind.kind)) return round(v, 2);
  if (SECONDS.has(kind.kind)) return round(v, 3);
  return kind.kind === 'ReadBytes' || kind.kind === 'WriteBytes' ? round(v, 1) : v;
}

function toKinds(columns: ReadonlyArray<ColumnKind | { kind: string | ColumnKind | null }>): ColumnKind[] {
  const out: ColumnKind[] = [];
  const seen = new Set<string>();
  for (const c of columns) {
    let kind: ColumnKind | undefined;
    if ('jsonKey' in c) kind = c;
    else if (typeof c.kind === 'string') kind = getColumnKind(c.kind);
    else if (c.kind) kind = c.kind;
    if (kind && !seen.has(kind.jsonKey)) {
      seen.add(kind.jsonKey);
      out.push(kind);
    }
  }
  return out;
}

/**
 * One object per process, in the order given. `columns` may be kinds, the config's ColumnConfig
 * entries or the table's ResolvedColumns; Separators and unknown kinds are skipped.
 */
export function renderJson(
  samples: readonly ProcessSample[],
  columns: ReadonlyArray<ColumnKind | { kind: string | ColumnKind | null }>,
  ctx: ColumnContext,
): JsonProcess[] {
  const kinds = toKinds(columns);
  return samples.map((p) => {
    const uid = effectiveUid(p);
    const o: JsonProcess = {
      pid: p.pid,
      ppid: p.stat.ppid,
      comm: p.raw.comm,
      cmdline: p.raw.cmdline.slice(),
      state: p.stat.state,
      uid,
      user: ctx.userName(uid),
    };
    if (p.isThread) o.tid = p.tid;
    for (const k of kinds) {
      if (k.jsonKey in o) continue;
      o[k.jsonKey] = jsonValue(k, p, ctx);
    }
    return o;
  });
}

/** renderJson serialized: a pretty-printed array with a trailing newline. */
export function renderJsonText(
  samples: readonly ProcessSample[],
  columns: ReadonlyArray<ColumnKind | { kind: string | ColumnKind | null }>,
  ctx: ColumnContext,
  indent = 2,
): string {
  return JSON.stringify(renderJson(samples, columns, ctx), null, indent) + '\n';
}
