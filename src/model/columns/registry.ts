// The column registry: every column kind by its procs-style name, in the order `--list` shows
// them, plus the lookups the config (exact names), the CLI (`--sortd rss`) and the query
// language (`rss>100M`) use.

import type { ProcSource } from '../../collect/types.js';
import type { ColumnKind } from './types.js';
import { Pid } from './pid.js';
import { Ppid } from './ppid.js';
import { Pgid } from './pgid.js';
import { Session } from './session.js';
import { User } from './user.js';
import { Uid } from './uid.js';
import { State } from './state.js';
import { Nice } from './nice.js';
import { Priority } from './priority.js';
import { Policy } from './policy.js';
import { Threads } from './threads.js';
import { Processor } from './processor.js';
import { UsageCpu } from './usage-cpu.js';
import { UsageMem } from './usage-mem.js';
import { CpuTime } from './cpu-time.js';
import { StartTime } from './start-time.js';
import { ElapsedTime } from './elapsed-time.js';
import { Tty } from './tty.js';
import { VmSize } from './vm-size.js';
import { VmRss } from './vm-rss.js';
import { Pss } from './pss.js';
import { Uss } from './uss.js';
import { VmSwap } from './vm-swap.js';
import { VmHwm } from './vm-hwm.js';
import { Shared } from './shared.js';
import { ReadBytes } from './read-bytes.js';
import { WriteBytes } from './write-bytes.js';
import { Fds } from './fds.js';
import { MinFlt } from './min-flt.js';
import { MajFlt } from './maj-flt.js';
import { ContextSw } from './context-sw.js';
import { Wchan } from './wchan.js';
import { Cgroup } from './cgroup.js';
import { Container } from './container.js';
import { WorkDir } from './work-dir.js';
import { Exe } from './exe.js';
import { Comm } from './comm.js';
import { Command } from './command.js';

const ORDER: ColumnKind[] = [
  Pid, Ppid, Pgid, Session, User, Uid, State, Nice, Priority, Policy, Threads, Processor,
  UsageCpu, UsageMem, CpuTime, StartTime, ElapsedTime, Tty,
  VmSize, VmRss, Pss, Uss, VmSwap, VmHwm, Shared, ReadBytes, WriteBytes, Fds, MinFlt, MajFlt,
  ContextSw, Wchan, Cgroup, Container, WorkDir, Exe, Comm, Command,
];

/** Every column kind, keyed by kind name, in display order. */
export const COLUMN_KINDS: ReadonlyMap<string, ColumnKind> = new Map(ORDER.map((k) => [k.kind, k]));

/** Other names accepted for a kind (procs' aliases and names of procs kinds ptop folds into one). */
export const COLUMN_ALIASES: ReadonlyMap<string, string> = new Map([
  ['Username', 'User'],
  ['Swap', 'VmSwap'],
  ['FileName', 'Comm'],
  ['Docker', 'Container'],
]);

/** Layout pseudo-kinds a config may hold; not column kinds, not "unknown" either. */
export const LAYOUT_KINDS: ReadonlySet<string> = new Set(['Separator', 'Slot', 'MultiSlot', 'TreeSlot', 'Empty']);

const byLower = new Map<string, ColumnKind>();
for (const k of ORDER) byLower.set(k.kind.toLowerCase(), k);
for (const [alias, target] of COLUMN_ALIASES) byLower.set(alias.toLowerCase(), COLUMN_KINDS.get(target)!);

/** A kind by name: exact, then case-insensitive (aliases included). */
export function getColumnKind(name: string): ColumnKind | undefined {
  const exact = COLUMN_KINDS.get(name);
  if (exact) return exact;
  const alias = COLUMN_ALIASES.get(name);
  if (alias) return COLUMN_KINDS.get(alias);
  return byLower.get(name.toLowerCase());
}

/** The kind names in display order. */
export function columnKindNames(): string[] {
  return ORDER.map((k) => k.kind);
}

/**
 * A kind from a loose keyword (`--sortd rss`, `--insert cpu`, `rss>100M`): case-insensitive exact
 * match on the kind name or an alias, then on the header, then on the JSON key; then the first
 * kind (in registry order) whose name contains the keyword, then whose header does.
 * `rss` → VmRss, `cpu` → UsageCpu, `mem` → UsageMem, `time` → CpuTime.
 */
export function findColumnKind(keyword: string): ColumnKind | undefined {
  const k = keyword.trim().toLowerCase();
  if (!k) return undefined;
  const byName = byLower.get(k);
  if (byName) return byName;
  for (const c of ORDER) if (c.header.toLowerCase() === k) return c;
  for (const c of ORDER) if (c.jsonKey === k) return c;
  for (const c of ORDER) if (c.kind.toLowerCase().includes(k)) return c;
  for (const c of ORDER) if (c.header.toLowerCase().includes(k)) return c;
  return undefined;
}

/** The per-process /proc sources the kinds need (always including stat). */
export function sourcesFor(kinds: Iterable<ColumnKind>): Set<ProcSource> {
  const s = new Set<ProcSource>(['stat']);
  for (const k of kinds) for (const n of k.needs) s.add(n);
  return s;
}
