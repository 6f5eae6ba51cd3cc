// inspectProcess: one process looked at closely (the Inspection behind the detail view and
// `ptop inspect`). Reads stat first (no stat → no process → null), then only the sections asked
// for; whatever cannot be read becomes a ReadProblem of its section and the rest is still shown.

import { lastReadError, readSmall } from '../read.js';
import { parseStat, isKernelThread } from '../parse/stat.js';
import { parseStatus } from '../parse/status.js';
import { sanitize, sanitizeArgs } from '../sanitize.js';
import { UserTable } from '../users.js';
import type { ProcStatus } from '../types.js';
import { makeContext } from './context.js';
import { readFdsSection } from './fds.js';
import { readMapsSection, readMemorySection } from './memory.js';
import { readCmdline, readStateSection } from './state.js';
import { readEnvironmentSection, readThreadsSection } from './threads.js';
import { SECTION_NAMES, type FdsSection, type InspectOptions, type Inspection } from './types.js';

let users: UserTable | null = null;

function defaultUserName(uid: number): string {
  users ??= new UserTable();
  return users.name(uid);
}

/** What the detail view adds to InspectOptions for its refreshes (see ./fds.ts). */
export interface CollectOptions extends InspectOptions {
  /** the fds section of an earlier reading of this process (default: `previous`'s): unchanged fds are reused */
  previousFds?: FdsSection | null;
  /** read fdinfo for at most this many fds (a quick first reading; the next one fills in the rest) */
  fdinfoLimit?: number;
}

/**
 * Inspect `pid`: null when the process does not exist (or vanished before its stat was read).
 * `opts.sections` limits what is read (default: all); `opts.previous` gives thread CPU% deltas
 * (and its fds section, unless `opts.previousFds` says otherwise, lets unchanged fds be reused).
 */
export function inspectProcess(pid: number, opts: CollectOptions = {}): Inspection | null {
  if (!Number.isInteger(pid) || pid <= 0) return null;
  const procRoot = opts.procRoot ?? '/proc';
  const dir = `${procRoot}/${pid}`;
  const statText = readSmall(`${dir}/stat`);
  const stat = statText === null ? null : parseStat(statText);
  if (stat === null) return null;
  const now = Date.now();
  const kernelThread = isKernelThread(stat);
  const ctx = makeContext(pid, procRoot, stat, kernelThread, now, opts.userName ?? defaultUserName);
  const want = new Set(opts.sections ?? SECTION_NAMES);

  const cmdline = readCmdline(dir);
  const comm = sanitize(stat.comm);
  const command = cmdline !== null && cmdline.length > 0 ? sanitizeArgs(cmdline) : `[${comm}]`;

  let status: ProcStatus | null | undefined;
  let statusError = '';
  const getStatus = (): ProcStatus | null => {
    if (status === undefined) {
      const t = readSmall(`${dir}/status`);
      statusError = lastReadError;
      status = t === null ? null : parseStatus(t);
    }
    return status;
  };

  const s: Inspection['sections'] = {};
  // fds first: the State section's fd count is then its length (no second listing of 10,000 fds)
  if (want.has('fds')) {
    const previous = opts.previousFds !== undefined ? opts.previousFds : opts.previous?.pid === pid ? opts.previous.sections.fds : null;
    s.fds = readFdsSection(ctx, { previous, fdinfoLimit: opts.fdinfoLimit });
  }
  const fdCount = s.fds && s.fds.problems.length === 0 ? s.fds.fds.length : undefined;
  if (want.has('state')) s.state = readStateSection(ctx, { status: getStatus(), error: statusError }, cmdline, fdCount);
  if (want.has('memory')) s.memory = readMemorySection(ctx, { status: getStatus(), error: statusError });
  if (want.has('maps')) s.maps = readMapsSection(ctx);
  if (want.has('threads')) s.threads = readThreadsSection(ctx, opts.previous);
  if (want.has('environment')) s.environment = readEnvironmentSection(ctx);
  // the sections in tab order (the JSON reads as the panes do)
  const sections: Inspection['sections'] = {};
  for (const name of SECTION_NAMES) if (s[name] !== undefined) (sections as Record<string, unknown>)[name] = s[name];
  return { pid, collectedAt: now, comm, command, state: stat.state, sections };
}

