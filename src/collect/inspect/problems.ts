// Why a /proc file of a process could not be read, in words (a ReadProblem): who owns the process
// and who ptop runs as, what kernel.yama.ptrace_scope says, which capability would help, or that
// the process exited. The facts are gathered once per inspection (readAccessFacts) and can be
// injected, so the wording is testable without being root or another user.

import { existsSync, statSync } from 'node:fs';
import type { ReadProblem } from './types.js';

/**
 * What the kernel checks before it shows a file:
 * - 'ptrace': ptrace read access (maps, smaps, fd, fdinfo, environ, io, exe/cwd/root, ns): same
 *   uid and a dumpable process, or CAP_SYS_PTRACE. Yama does not apply to reads.
 * - 'stack': /proc/PID/stack: CAP_SYS_ADMIN plus ptrace attach access (Yama applies).
 * - 'open': world-readable files (stat, status, limits, cgroup, …): only hidepid or a security
 *   policy can refuse them.
 */
export type AccessNeed = 'ptrace' | 'stack' | 'open';

export interface AccessFacts {
  /** effective uid of the process (the owner of /proc/PID), null when unknown */
  ownerUid: number | null;
  /** ptop's effective uid */
  selfUid: number;
  /** kernel.yama.ptrace_scope, null when Yama is absent (no /proc/sys/kernel/yama/ptrace_scope) */
  ptraceScope: number | null;
  /** ptop's effective capabilities (CapEff of /proc/self/status), null when unknown */
  selfCaps: bigint | null;
  /** the process's permitted capabilities (CapPrm), null when unknown */
  targetCaps: bigint | null;
  /** the process's state letter ("Z" for a zombie), '' when unknown */
  state: string;
  /** whether /proc/PID still exists (asked when a file is missing) */
  alive: () => boolean;
  /** uid → user name, for the words */
  userName: (uid: number) => string;
}

export const CAP_SYS_PTRACE = 19;
export const CAP_SYS_ADMIN = 21;

/** Capability names by number (capability(7)), for "holds capabilities ptop lacks". */
const CAP_NAMES = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL',
  'CAP_SETGID', 'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE',
  'CAP_NET_BROADCAST', 'CAP_NET_ADMIN', 'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER',
  'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT', 'CAP_SYS_PTRACE', 'CAP_SYS_PACCT',
  'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE', 'CAP_SYS_TIME',
  'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM',
  'CAP_BLOCK_SUSPEND', 'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

function capName(bit: number): string {
  return CAP_NAMES[bit] ?? `capability ${bit}`;
}

function hasCap(caps: bigint | null, bit: number): boolean | null {
  return caps === null ? null : ((caps >> BigInt(bit)) & 1n) === 1n;
}

/** Names of the capabilities in `target` that `self` lacks. */
export function missingCaps(target: bigint, self: bigint): string[] {
  const out: string[] = [];
  let rest = target & ~self;
  for (let bit = 0; rest !== 0n; bit++, rest >>= 1n) if ((rest & 1n) === 1n) out.push(capName(bit));
  return out;
}

/** What a Yama ptrace_scope value means, in words. */
export function ptraceScopeWords(scope: number): string {
  switch (scope) {
    case 0:
      return 'classic: a process may be traced by any process of the same uid';
    case 1:
      return 'restricted: only a parent (or a process it allowed) may attach';
    case 2:
      return 'admin-only: attaching needs CAP_SYS_PTRACE';
    case 3:
      return 'no attach: nobody may attach, not even root';
    default:
      return 'an unknown setting';
  }
}

function who(uid: number, facts: AccessFacts): string {
  const name = facts.userName(uid);
  return name === String(uid) ? `uid ${uid}` : `uid ${uid} (${name})`;
}

/** "ptop runs as uid 1001 (bob)" / "owned by uid 0 (root)". */
function ownership(facts: AccessFacts): string {
  const self = `ptop runs as ${who(facts.selfUid, facts)}`;
  if (facts.ownerUid === null) return self;
  if (facts.ownerUid === facts.selfUid) return `owned by ${who(facts.ownerUid, facts)}, the same user ptop runs as`;
  return `owned by ${who(facts.ownerUid, facts)}, ${self}`;
}

/** The sentence for "root with the capability and still refused", naming capabilities ptop lacks. */
function policyDenied(facts: AccessFacts): string {
  let s = 'ptop runs as root and was still refused: a security policy denies it (an LSM such as SELinux, AppArmor or Landlock, kernel lockdown, or a sandbox)';
  if (facts.targetCaps !== null && facts.selfCaps !== null) {
    const lack = missingCaps(facts.targetCaps, facts.selfCaps);
    if (lack.length > 0) s += `; the process also holds capabilities ptop lacks (${lack.slice(0, 4).join(', ')}${lack.length > 4 ? ', …' : ''})`;
  }
  return s;
}

function ptraceWhy(facts: AccessFacts): string {
  const selfPtrace = hasCap(facts.selfCaps, CAP_SYS_PTRACE);
  if (facts.selfUid === 0 && selfPtrace !== false) return policyDenied(facts);
  const other = facts.ownerUid !== null && facts.ownerUid !== facts.selfUid;
  if (other) {
    const as = facts.ownerUid === 0 ? 'as root' : `as ${who(facts.ownerUid!, facts)} or as root`;
    return `${ownership(facts)}: another user's process needs ptrace access; run ptop ${as} (CAP_SYS_PTRACE)`;
  }
  let s = `${ownership(facts)}, but the kernel refused ptrace access: the process is not dumpable (a setuid, setgid or file-capability program, or it called prctl(PR_SET_DUMPABLE, 0))`;
  if (facts.targetCaps !== null && facts.selfCaps !== null) {
    const lack = missingCaps(facts.targetCaps, facts.selfCaps);
    if (lack.length > 0) s += ` or it holds capabilities ptop lacks (${lack.slice(0, 4).join(', ')}${lack.length > 4 ? ', …' : ''})`;
  }
  return `${s}; run ptop as root (CAP_SYS_PTRACE)`;
}

function stackWhy(facts: AccessFacts): string {
  const admin = hasCap(facts.selfCaps, CAP_SYS_ADMIN);
  const parts: string[] = [];
  if (admin === false || (admin === null && facts.selfUid !== 0)) {
    parts.push(`the kernel shows a process's kernel stack only to root (CAP_SYS_ADMIN); ${ownership(facts)}`);
  } else if (facts.selfUid === 0 || admin === true) {
    parts.push(policyDenied(facts));
  }
  const selfPtrace = hasCap(facts.selfCaps, CAP_SYS_PTRACE);
  if (facts.ptraceScope !== null && facts.ptraceScope > 0 && selfPtrace !== true) {
    parts.push(`kernel.yama.ptrace_scope is ${facts.ptraceScope} (${ptraceScopeWords(facts.ptraceScope)}), and reading the stack counts as attaching`);
  }
  return parts.join('; ');
}

function openWhy(facts: AccessFacts): string {
  return `${ownership(facts)}: this file is normally readable by everyone, so /proc is mounted with hidepid or a security policy denies it`;
}

/**
 * A ReadProblem for `path` (the data named `what`, e.g. "memory maps") that failed with errno
 * `code`. `need` says what the kernel checks for that file.
 */
export function describeProblem(what: string, path: string, code: string, need: AccessNeed, facts: AccessFacts): ReadProblem {
  let why: string;
  const zombie = 'the process is a zombie: it has exited and its memory and files are gone; only its parent can reap it';
  switch (code) {
    case 'ENOENT':
      if (!facts.alive()) why = 'the process has exited';
      else why = facts.state === 'Z' ? zombie : 'this kernel does not provide it';
      break;
    case 'ESRCH':
      if (facts.state === 'Z') why = zombie;
      else why = facts.alive() ? 'the process has no user memory (a kernel thread, or it is exiting)' : 'the process has exited';
      break;
    case 'EACCES':
    case 'EPERM':
      why = need === 'ptrace' ? ptraceWhy(facts) : need === 'stack' ? stackWhy(facts) : openWhy(facts);
      break;
    default:
      why = `the kernel returned ${code}`;
  }
  return { what, path, code, why };
}

// ---------------------------------------------------------------------------------------------
// The real facts

let selfFacts: { uid: number; caps: bigint | null; scope: number | null } | null = null;

function parseCapLine(status: string, key: string): bigint | null {
  const at = status.indexOf(`\n${key}:`);
  if (at === -1) return null;
  const start = at + key.length + 2;
  const end = status.indexOf('\n', start);
  const hex = status.slice(start, end === -1 ? undefined : end).trim();
  return /^[0-9a-fA-F]+$/.test(hex) ? BigInt('0x' + hex) : null;
}

function readFileOrNull(path: string, read: (p: string) => string | null): string | null {
  try {
    return read(path);
  } catch {
    return null;
  }
}

/**
 * Gather the facts for `pid` from the running system: the owner of /proc/PID, ptop's euid and
 * capabilities, Yama's ptrace_scope and the process's permitted capabilities. ptop's own facts are
 * read once per run. `read` reads a whole small text file (null when it cannot).
 */
export function readAccessFacts(
  pid: number,
  procRoot: string,
  userName: (uid: number) => string,
  read: (path: string) => string | null,
  state = '',
): AccessFacts {
  if (selfFacts === null) {
    const status = readFileOrNull(`${procRoot}/self/status`, read) ?? '';
    const scopeText = readFileOrNull(`${procRoot}/sys/kernel/yama/ptrace_scope`, read);
    const scope = scopeText === null ? null : Number(scopeText.trim());
    selfFacts = {
      uid: typeof process.geteuid === 'function' ? process.geteuid() : -1,
      caps: parseCapLine(status, 'CapEff'),
      scope: scope === null || !Number.isFinite(scope) ? null : scope,
    };
  }
  const dir = `${procRoot}/${pid}`;
  let ownerUid: number | null = null;
  try {
    ownerUid = statSync(dir).uid;
  } catch {
    ownerUid = null;
  }
  const status = readFileOrNull(`${dir}/status`, read);
  return {
    ownerUid,
    selfUid: selfFacts.uid,
    ptraceScope: selfFacts.scope,
    selfCaps: selfFacts.caps,
    targetCaps: status === null ? null : parseCapLine(status, 'CapPrm'),
    state,
    alive: () => existsSync(dir),
    userName,
  };
}
