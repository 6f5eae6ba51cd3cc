import { describe, expect, it } from 'vitest';
import {
  CAP_SYS_ADMIN,
  CAP_SYS_PTRACE,
  describeProblem,
  missingCaps,
  ptraceScopeWords,
  type AccessFacts,
} from '../../../src/collect/inspect/problems.js';

const NAMES: Record<number, string> = { 0: 'root', 1000: 'alice', 1001: 'bob' };
const ALL_CAPS = (1n << 41n) - 1n;
const bit = (n: number) => 1n << BigInt(n);

function facts(over: Partial<AccessFacts> = {}): AccessFacts {
  return {
    ownerUid: 1000,
    selfUid: 1001,
    ptraceScope: null,
    selfCaps: 0n,
    targetCaps: 0n,
    state: 'S',
    alive: () => true,
    userName: (uid) => NAMES[uid] ?? String(uid),
    ...over,
  };
}

describe('describeProblem: another user’s process', () => {
  it('names both uids and the capability for ptrace-guarded files', () => {
    const p = describeProblem('the memory maps', '/proc/42/smaps', 'EACCES', 'ptrace', facts());
    expect(p).toMatchObject({ what: 'the memory maps', path: '/proc/42/smaps', code: 'EACCES' });
    expect(p.why).toContain('owned by uid 1000 (alice)');
    expect(p.why).toContain('ptop runs as uid 1001 (bob)');
    expect(p.why).toContain('CAP_SYS_PTRACE');
    expect(p.why).toContain('run ptop as uid 1000 (alice) or as root');
  });

  it('prints a bare uid when it has no name', () => {
    const p = describeProblem('the environment', '/proc/42/environ', 'EACCES', 'ptrace', facts({ ownerUid: 4242 }));
    expect(p.why).toContain('owned by uid 4242,');
    expect(p.why).not.toContain('(4242)');
  });

  it('does not blame Yama for reads (it only restricts attaching)', () => {
    const p = describeProblem('the open files', '/proc/42/fd', 'EACCES', 'ptrace', facts({ ptraceScope: 1 }));
    expect(p.why).not.toContain('ptrace_scope');
  });
});

describe('describeProblem: the same user', () => {
  it('explains a non-dumpable process and the capabilities it holds that ptop lacks', () => {
    const p = describeProblem(
      'the memory maps',
      '/proc/42/maps',
      'EACCES',
      'ptrace',
      facts({ ownerUid: 1001, targetCaps: bit(12) | bit(13) }),
    );
    expect(p.why).toContain('the same user ptop runs as');
    expect(p.why).toContain('not dumpable');
    expect(p.why).toContain('CAP_NET_ADMIN, CAP_NET_RAW');
    expect(p.why).toContain('CAP_SYS_PTRACE');
  });
});

describe('describeProblem: root', () => {
  it('says a security policy refused root that has CAP_SYS_PTRACE, and names capabilities it lacks', () => {
    const p = describeProblem(
      'the memory maps',
      '/proc/1/smaps',
      'EACCES',
      'ptrace',
      facts({ ownerUid: 0, selfUid: 0, selfCaps: ALL_CAPS & ~bit(24), targetCaps: ALL_CAPS }),
    );
    expect(p.why).toContain('ptop runs as root and was still refused');
    expect(p.why).toContain('security policy');
    expect(p.why).toContain('CAP_SYS_RESOURCE');
  });

  it('root without CAP_SYS_PTRACE (a container) is told it needs it', () => {
    const p = describeProblem(
      'the memory maps',
      '/proc/7/smaps',
      'EACCES',
      'ptrace',
      facts({ ownerUid: 1000, selfUid: 0, selfCaps: ALL_CAPS & ~bit(CAP_SYS_PTRACE) }),
    );
    expect(p.why).toContain('owned by uid 1000 (alice), ptop runs as uid 0 (root)');
    expect(p.why).toContain('CAP_SYS_PTRACE');
  });
});

describe('describeProblem: the kernel stack', () => {
  it('needs CAP_SYS_ADMIN and mentions Yama with its meaning when it is set', () => {
    const p = describeProblem('the kernel stack', '/proc/42/stack', 'EACCES', 'stack', facts({ ptraceScope: 1 }));
    expect(p.why).toContain('CAP_SYS_ADMIN');
    expect(p.why).toContain('kernel.yama.ptrace_scope is 1');
    expect(p.why).toContain('only a parent');
  });

  it('without Yama it does not mention ptrace_scope', () => {
    const p = describeProblem('the kernel stack', '/proc/42/stack', 'EACCES', 'stack', facts({ ownerUid: 1001 }));
    expect(p.why).toContain('CAP_SYS_ADMIN');
    expect(p.why).not.toContain('ptrace_scope');
  });

  it('root with CAP_SYS_ADMIN refused: a security policy', () => {
    const p = describeProblem('the kernel stack', '/proc/1/stack', 'EPERM', 'stack', facts({ ownerUid: 0, selfUid: 0, selfCaps: ALL_CAPS }));
    expect(p.why).toContain('security policy');
  });
});

describe('describeProblem: gone, missing and other errors', () => {
  it('ENOENT of a process that is gone: it exited', () => {
    expect(describeProblem('the maps', '/proc/9/smaps', 'ENOENT', 'ptrace', facts({ alive: () => false })).why).toBe('the process has exited');
  });

  it('ENOENT while the process still exists: the kernel lacks the file', () => {
    expect(describeProblem('PSS', '/proc/9/smaps_rollup', 'ENOENT', 'ptrace', facts()).why).toBe('this kernel does not provide it');
  });

  it('ESRCH of a zombie says so', () => {
    expect(describeProblem('the maps', '/proc/9/smaps', 'ESRCH', 'ptrace', facts({ state: 'Z' })).why).toContain('zombie');
  });

  it('ESRCH of a live process: no user memory', () => {
    expect(describeProblem('the maps', '/proc/9/smaps', 'ESRCH', 'ptrace', facts()).why).toContain('no user memory');
  });

  it('EACCES on a world-readable file points at hidepid', () => {
    expect(describeProblem('the status', '/proc/9/status', 'EACCES', 'open', facts()).why).toContain('hidepid');
  });

  it('anything else names the errno', () => {
    expect(describeProblem('the maps', '/proc/9/smaps', 'EIO', 'ptrace', facts()).why).toBe('the kernel returned EIO');
  });
});

describe('capability and Yama words', () => {
  it('lists the capabilities one set lacks', () => {
    expect(missingCaps(bit(CAP_SYS_PTRACE) | bit(CAP_SYS_ADMIN) | bit(1), bit(1))).toEqual(['CAP_SYS_PTRACE', 'CAP_SYS_ADMIN']);
    expect(missingCaps(bit(3), bit(3))).toEqual([]);
  });

  it('explains each ptrace_scope value', () => {
    expect(ptraceScopeWords(0)).toContain('same uid');
    expect(ptraceScopeWords(1)).toContain('parent');
    expect(ptraceScopeWords(2)).toContain('CAP_SYS_PTRACE');
    expect(ptraceScopeWords(3)).toContain('nobody');
  });
});

describe('describeProblem: a root-owned process seen by a user', () => {
  it('says to run as root once', () => {
    const p = describeProblem('the memory maps', '/proc/1/smaps', 'EACCES', 'ptrace', facts({ ownerUid: 0, selfUid: 65534 }));
    expect(p.why).toBe("owned by uid 0 (root), ptop runs as uid 65534: another user's process needs ptrace access; run ptop as root (CAP_SYS_PTRACE)");
  });
});

describe('describeProblem: a zombie', () => {
  it('ENOENT of its links says it is a zombie, not that the kernel lacks them', () => {
    expect(describeProblem('the executable', '/proc/9/exe', 'ENOENT', 'ptrace', facts({ state: 'Z' })).why).toContain('zombie');
  });
});
