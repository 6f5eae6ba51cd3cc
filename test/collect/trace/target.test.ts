// Why a ptrace attach was refused, in words, for every branch of explainPtraceDenied (the facts it
// reads from /proc given by the test): already traced, kernel.yama.ptrace_scope 1/2/3, another
// user's process, root without CAP_SYS_PTRACE (a container), and the rest; and the two readers
// (ptrace_scope, CapEff) on given file contents.

import { describe, expect, it } from 'vitest';
import { explainPtraceDenied, ptraceScope, selfHasSysPtrace, type PtraceFacts } from '../../../src/collect/trace/target.js';

const HEAD = 'strace may not attach to process 42 (ptrace: Operation not permitted)';

/** an ordinary user (uid 1000) and its own process, no Yama, no capabilities */
const facts = (over: Partial<PtraceFacts> = {}): Partial<PtraceFacts> => ({
  running: true,
  tracer: 0,
  commOf: (pid) => (pid === 77 ? 'gdb' : null),
  myUid: 1000,
  theirUid: 1000,
  hasSysPtrace: false,
  scope: null,
  ...over,
});

const explain = (over: Partial<PtraceFacts>, ignoreTracer?: number) => explainPtraceDenied(42, 'strace', ignoreTracer, facts(over));

describe('explainPtraceDenied', () => {
  it('a process that is gone, or already traced (by another tracer than our own tool)', () => {
    expect(explain({ running: false })).toBe('strace could not attach: process 42 no longer exists');
    expect(explain({ tracer: 77 })).toBe(`${HEAD}: it is already traced by PID 77 (gdb); a process can have only one tracer: stop that one first`);
    expect(explain({ tracer: 78 })).toBe(`${HEAD}: it is already traced by PID 78; a process can have only one tracer: stop that one first`);
    // the tool's own pid as the tracer is not blamed: the next reason is given
    expect(explain({ tracer: 77, scope: 1 }, 77)).toMatch(/: kernel\.yama\.ptrace_scope is 1: /);
  });

  it('ptrace_scope 3: nobody may attach, not even root, until a reboot', () => {
    const want = `${HEAD}: kernel.yama.ptrace_scope is 3, which forbids every ptrace attach, root's included; it cannot be lowered until the next reboot`;
    expect(explain({ scope: 3 })).toBe(want);
    expect(explain({ scope: 3, myUid: 0, hasSysPtrace: true })).toBe(want);
  });

  it('ptrace_scope 2: only CAP_SYS_PTRACE; run as root or lower it with sysctl', () => {
    expect(explain({ scope: 2 })).toBe(
      `${HEAD}: kernel.yama.ptrace_scope is 2: only a process with CAP_SYS_PTRACE may attach: run ptop as root (sudo), or allow attaching with sudo sysctl kernel.yama.ptrace_scope=0`,
    );
  });

  it('ptrace_scope 1: only descendants; run as root or lower it with sysctl', () => {
    expect(explain({ scope: 1 })).toBe(
      `${HEAD}: kernel.yama.ptrace_scope is 1: a process may trace only its own descendants, and ptop did not start this one: run ptop as root (sudo), or allow attaching with sudo sysctl kernel.yama.ptrace_scope=0`,
    );
  });

  it('root without CAP_SYS_PTRACE (a container): --cap-add SYS_PTRACE, whatever the owner or the scope', () => {
    const base = `${HEAD}: ptop runs as root but without CAP_SYS_PTRACE, as in a container`;
    const fix = ': start the container with --cap-add SYS_PTRACE';
    expect(explain({ myUid: 0, theirUid: 0 })).toBe(`${base}${fix}`);
    expect(explain({ myUid: 0, theirUid: 0, scope: 1 })).toBe(`${base} (and kernel.yama.ptrace_scope is 1)${fix}`);
    expect(explain({ myUid: 0, theirUid: 0, scope: 2 })).toBe(`${base} (and kernel.yama.ptrace_scope is 2)${fix}`);
    expect(explain({ myUid: 0, theirUid: 1000, scope: 1 })).toBe(`${base} (and the process belongs to uid 1000)${fix}`);
  });

  it("another user's process: run as that user or as root; with CAP_SYS_PTRACE that is no reason", () => {
    expect(explain({ theirUid: 0 })).toBe(`${HEAD}: it belongs to uid 0 and ptop runs as uid 1000: run ptop as that user, or as root (CAP_SYS_PTRACE)`);
    expect(explain({ theirUid: 0, scope: 1 })).toMatch(/: it belongs to uid 0 and ptop runs as uid 1000: /);
    expect(explain({ theirUid: 0, hasSysPtrace: true, myUid: 0 })).toMatch(/: the process may be setuid or not dumpable/);
  });

  it('nothing above explains it (scope 0, no Yama, or CAP_SYS_PTRACE held): setuid, not dumpable, a security module', () => {
    const want = `${HEAD}: the process may be setuid or not dumpable, or a security module (SELinux, AppArmor, seccomp) denies it; try as root`;
    expect(explain({ scope: 0 })).toBe(want);
    expect(explain({ scope: null })).toBe(want);
    expect(explain({ scope: 1, hasSysPtrace: true })).toBe(want);
    expect(explain({ scope: 2, hasSysPtrace: true, myUid: 0, theirUid: 0 })).toBe(want);
  });

  it('without given facts it reads /proc: a PID that does not exist', () => {
    expect(explainPtraceDenied(999_999_999, 'gdb')).toBe('gdb could not attach: process 999999999 no longer exists');
  });
});

describe('the readers', () => {
  const file = (path: string, text: string | null) => (p: string) => (p === path ? text : null);

  it('ptraceScope: 0-3 from /proc/sys/kernel/yama/ptrace_scope; null without Yama or for nonsense', () => {
    const at = '/proc/sys/kernel/yama/ptrace_scope';
    expect(ptraceScope(file(at, '1\n'))).toBe(1);
    expect(ptraceScope(file(at, '3'))).toBe(3);
    expect(ptraceScope(file(at, null))).toBeNull();
    expect(ptraceScope(file(at, 'x\n'))).toBeNull();
    expect(ptraceScope(file(at, '7\n'))).toBeNull();
  });

  it("selfHasSysPtrace: bit 19 of CapEff in ptop's own status", () => {
    const at = `/proc/${process.pid}/status`;
    const status = (capEff: string) => file(at, `Name:\tnode\nCapInh:\t0000000000000000\nCapEff:\t${capEff}\nCapBnd:\t000001ffffffffff\n`);
    expect(selfHasSysPtrace(status('000001fffeffffff'))).toBe(true);
    expect(selfHasSysPtrace(status('0000000000080000'))).toBe(true);
    expect(selfHasSysPtrace(status('00000000a80425fb'))).toBe(false); // Docker's default set
    expect(selfHasSysPtrace(status('0000000000000000'))).toBe(false);
    expect(selfHasSysPtrace(file(at, null))).toBe(false);
  });
});
