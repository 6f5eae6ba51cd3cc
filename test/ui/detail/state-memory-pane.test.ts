import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../../src/model/format.js';
import { memoryPane, sparkline } from '../../../src/ui/detail/memory-pane.js';
import { statePane } from '../../../src/ui/detail/state-pane.js';
import { data, inspection, memorySection, NOW, render, stateSection } from './fixtures.js';

const full = (over = {}) => data(inspection({}, { state: stateSection(over), memory: memorySection() }));

describe('State pane', () => {
  it('explains the state, what it waits on, who it is and where it runs, at 80 columns in one column', () => {
    const r = render(statePane, full(), {}, 80, 80);
    const text = r.plain.join('\n');
    expect(r.plain[0]).toMatch(/^ State\s+S {2}sleeping$/);
    expect(text).toMatch(/Waits in\s+do_epoll_wait/);
    expect(text).toMatch(/Ancestry\s+4242 server ← 4000 bash ← 1 systemd/);
    expect(text).toMatch(/User\s+alice \(1000\)/);
    expect(text).toMatch(/Exe\s+\/usr\/bin\/server/);
    expect(text).toMatch(/Cwd\s+\/srv/);
    expect(text).toMatch(/Started\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}\(3h 00m ago\)|Started\s+.*ago\)/);
    expect(text).toMatch(/CPU time\s+user 0:01:02 {2}system 0:00:05/);
    expect(text).toMatch(/Scheduling\s+nice 0 {2}priority 20 {2}SCHED_OTHER/);
    expect(text).toMatch(/CPU\s+last ran on 1 {2}affinity 0-1/);
    expect(text).toMatch(/Switches\s+voluntary 1,234 {2}involuntary 56/);
    expect(text).toMatch(/Disk I\/O\s+read 1\.5M {2}written 512K/);
    expect(text).toMatch(/Cgroup\s+\/user\.slice/);
    expect(text).toMatch(/Namespaces\s+differ from ptop's: net \[4026532008\]; same: mnt pid/);
    expect(text).toMatch(/OOM\s+score 666 {2}adj 0/);
    expect(text).toMatch(/Open files\s+12 of 1,024 {2}\(hard 524,288\)/);
    expect(text).toMatch(/Core size\s+0 \(no core dumps\)/);
    expect(text).toMatch(/Memory\s+RSS 100M {2}PSS 80\.0M {2}USS 60\.0M/);
    // the command line in full, wrapped
    expect(text).toMatch(/Command\s+\/usr\/bin\/server --port 8080 --config/);
    expect(text.replace(/\n\s+/g, ' ')).toContain('/etc/server/very/long/path/to/a/config/file/that/wraps.toml');
    expect(text).toMatch(/Kernel stack[^\n]*\n\s+\[<0>\] do_epoll_wait\+0x4a0\/0x4e0/);
    expect(text).not.toMatch(/Traced by/);
    for (const l of r.plain) expect(displayWidth(l)).toBeLessThanOrEqual(80);
  });

  it('goes to two columns from 120 columns', () => {
    const r = render(statePane, full(), {}, 140, 60);
    expect(r.plain[0]).toMatch(/^ State\s+S {2}sleeping\s+Scheduling\s+nice 0/);
    for (const l of r.plain) expect(displayWidth(l)).toBeLessThanOrEqual(140);
  });

  it('flags a deleted exe, a tracer and differing uids', () => {
    const r = render(statePane, full({ exe: '/opt/app (deleted)', exeDeleted: true, tracerPid: 777, uids: [1000, 0, 0, 0], users: ['alice', 'root', 'root', 'root'] }), {}, 100, 80);
    const text = r.plain.join('\n');
    expect(text).toMatch(/Exe\s+\/opt\/app \(deleted\)/);
    expect(r.painted.find((l) => l.includes('Exe'))).toContain('\x1b[1;4m (deleted)');
    expect(text).toMatch(/Traced by\s+PID 777/);
    expect(text).toMatch(/User\s+real alice \(1000\) {2}effective root \(0\) {2}saved root \(0\) {2}fs root \(0\)/);
  });

  it('shows its read problems in words above what it could read', () => {
    const problem = { what: 'kernel stack', path: '/proc/4242/stack', code: 'EACCES', why: 'needs CAP_SYS_ADMIN: run ptop as root' };
    const r = render(statePane, full({ problems: [problem], kernelStack: null }), {}, 100, 80);
    expect(r.plain[0]).toBe(' ! Could not read kernel stack (/proc/4242/stack): EACCES — needs CAP_SYS_ADMIN: run ptop as root');
    expect(r.painted[0]).toContain('\x1b[1;4m');
    expect(r.plain.join('\n')).toMatch(/State\s+S {2}sleeping/);
    expect(r.plain.join('\n')).not.toContain('Kernel stack');
  });

  it('scrolls: the window starts at the offset, clamped to the text', () => {
    const all = render(statePane, full(), {}, 80, 200);
    const n = all.view.count;
    const r = render(statePane, full(), { offset: 5 }, 80, 10);
    expect(r.view.list).toBe(false);
    expect(r.plain).toEqual(all.plain.slice(5, 15));
    expect(render(statePane, full(), { offset: 10_000 }, 80, 10).view.offset).toBe(n - 10);
  });
});

describe('Memory pane', () => {
  it('shows VSS, RSS, PSS and USS with what each counts, the RSS split, swap and peaks', () => {
    const r = render(memoryPane, full(), {}, 80, 40);
    const text = r.plain.join('\n');
    expect(r.plain[0]).toMatch(/^ VSS\s+1\.2G {2}the address space: every mapping, used or not$/);
    expect(r.plain[1]).toMatch(/^ RSS\s+100M {2}pages in RAM, shared pages counted in full$/);
    expect(r.plain[2]).toMatch(/^ PSS\s+80\.0M {2}pages in RAM, each shared page divided among its users$/);
    expect(r.plain[3]).toMatch(/^ USS\s+60\.0M {2}private pages: what would return if the process ended$/);
    expect(text).toMatch(/RSS split\s+anon 60\.0M {3}file 38\.0M {3}shmem 2\.0M/);
    expect(text).toMatch(/Swap\s+swapped out 0 {3}SwapPss 0/);
    expect(text).toMatch(/Peak\s+RSS 120M {3}VSS 1\.3G/);
  });

  it('puts the four side by side from 100 columns', () => {
    const r = render(memoryPane, full(), {}, 120, 40);
    expect(r.plain[0]).toMatch(/^ VSS 1\.2G\s+RSS 100M\s+PSS 80\.0M\s+USS 60\.0M$/);
    expect(r.plain[1]).toMatch(/^ the address space:/);
    for (const l of r.plain) expect(displayWidth(l)).toBeLessThanOrEqual(120);
  });

  it('draws the RSS and PSS history as sparklines', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8], 8)).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([5, 5, 5], 10)).toBe('▄▄▄');
    expect(sparkline([1, 8, 1, 8], 2)).toBe('▁█');
    const MiB = 1024 * 1024;
    const history = Array.from({ length: 10 }, (_, i) => ({ at: NOW + i * 1000, rss: (90 + i) * MiB, pss: 80 * MiB }));
    const r = render(memoryPane, data(full().inspection, { history }), {}, 80, 40);
    const text = r.plain.join('\n');
    expect(text).toMatch(/History\s+10 readings over 9s since ptop began watching it, newest on the right/);
    expect(text).toMatch(/RSS\s+▁▂▃▃▄▅▆▆▇█ {2}99\.0M \(90\.0M–99\.0M\)/);
    expect(text).toMatch(/PSS\s+▄{10} {2}80\.0M$/m);
  });

  it("the table's RSS before the view opened: PSS starts where the view began, the lines aligned in time", () => {
    expect(sparkline([null, null, 1, 8], 4)).toBe('  ▁█');
    // more points than columns: picked evenly, first and last kept
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)).toBe('▁▅█');
    const MiB = 1024 * 1024;
    const history = Array.from({ length: 10 }, (_, i) => ({ at: NOW + i * 60_000, rss: (90 + i) * MiB, pss: i < 6 ? null : (70 + i) * MiB }));
    const r = render(memoryPane, data(full().inspection, { history }), {}, 80, 40);
    const text = r.plain.join('\n');
    expect(text).toMatch(/History\s+10 readings over 9m\S* since ptop began watching it \(PSS while this view is open\), newest on the right/);
    const rss = r.plain.find((l) => l.startsWith(' RSS') && /[▁-█]/.test(l))!;
    const pss = r.plain.find((l) => l.startsWith(' PSS') && /[▁-█]/.test(l))!;
    expect(rss).toBe(' RSS  ▁▂▃▃▄▅▆▆▇█  99.0M (90.0M–99.0M)');
    expect(pss).toBe(' PSS        ▁▃▆█  79.0M (76.0M–79.0M)');
  });

  it('says what it could not read', () => {
    const problem = { what: 'memory totals', path: '/proc/4242/smaps_rollup', code: 'EACCES', why: 'owned by uid 0, ptop runs as uid 1000: run as root' };
    const r = render(memoryPane, data(inspection({}, { memory: memorySection({ problems: [problem], pss: null, uss: null }) })), {}, 100, 40);
    expect(r.plain[0]).toContain('Could not read memory totals (/proc/4242/smaps_rollup): EACCES — owned by uid 0');
    expect(r.plain.join('\n')).toMatch(/PSS\s+\?/);
  });
});
