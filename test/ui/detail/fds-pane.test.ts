import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../../src/model/format.js';
import { countsText, fdsPane, socketText } from '../../../src/ui/detail/fds-pane.js';
import { paintMerged } from '../../../src/ui/table-view.js';
import { data, fd, fdsSection, inspection, monoStyles, render, sock, strip } from './fixtures.js';

const sample = () =>
  fdsSection([
    fd(0, { kind: 'tty', target: '/dev/pts/3', flagNames: ['O_RDWR'], pos: 0 }),
    fd(3, {
      kind: 'socket',
      target: 'socket:[5001]',
      socket: sock({ proto: 'tcp', localAddress: '127.0.0.1', localPort: 8080, remoteAddress: '10.0.0.2', remotePort: 5555, state: 'ESTABLISHED' }),
    }),
    fd(4, { kind: 'socket', target: 'socket:[5002]', socket: sock({ proto: 'tcp6', localAddress: '::', localPort: 9090, remoteAddress: '::', remotePort: 0, state: 'LISTEN' }) }),
    fd(5, { kind: 'socket', target: 'socket:[5003]', socket: sock({ proto: 'unix', path: '/run/app.sock', type: 'STREAM', state: 'LISTEN' }) }),
    fd(6, { kind: 'pipe', target: 'pipe:[777]', flagNames: ['O_RDONLY'], pos: 0 }),
    fd(7, { kind: 'anon_inode', target: 'anon_inode:[eventfd]', anonKind: 'eventfd' }),
    fd(8, { target: '/tmp/scratch (deleted)', deleted: true }),
    fd(9, { kind: 'socket', target: 'socket:[5004]', socket: sock({ proto: 'udp', localAddress: '0.0.0.0', localPort: 5353, remoteAddress: '0.0.0.0', remotePort: 0, state: 'UNCONN' }) }),
  ]);

describe('FDs pane', () => {
  it('formats sockets: tcp with both ends and state, listeners, udp, unix with its path', () => {
    expect(socketText(sock({ proto: 'tcp', localAddress: '127.0.0.1', localPort: 8080, remoteAddress: '10.0.0.2', remotePort: 5555, state: 'ESTABLISHED' }), 'socket:[1]')).toBe(
      'tcp 127.0.0.1:8080 → 10.0.0.2:5555 ESTABLISHED',
    );
    expect(socketText(sock({ proto: 'tcp', localAddress: '0.0.0.0', localPort: 80, remoteAddress: '0.0.0.0', remotePort: 0, state: 'LISTEN' }), '')).toBe('tcp 0.0.0.0:80 LISTEN');
    expect(socketText(sock({ proto: 'tcp6', localAddress: '::1', localPort: 80, remoteAddress: '::1', remotePort: 4000, state: 'ESTABLISHED' }), '')).toBe(
      'tcp6 [::1]:80 → [::1]:4000 ESTABLISHED',
    );
    expect(socketText(sock({ proto: 'unix', path: '/run/app.sock', type: 'STREAM', state: 'LISTEN' }), '')).toBe('unix STREAM /run/app.sock LISTEN');
    expect(socketText(sock({ proto: 'unix', path: '', type: 'DGRAM', state: null }), '')).toBe('unix DGRAM (unnamed)');
    expect(socketText(sock({ proto: 'unknown' }), 'socket:[99]')).toBe('socket:[99]');
  });

  it('counts by type at the top, then fd, type, target, flags and position', () => {
    const sec = sample();
    expect(countsText(sec)).toBe('8 open: 1 file · 4 socket (1 tcp, 1 tcp6, 1 unix, 1 udp) · 1 pipe · 1 anon_inode · 1 tty');
    const r = render(fdsPane, data(inspection({}, { fds: sec })), { cursor: 7 }, 110);
    expect(r.plain[0]).toContain('8 open: 1 file · 4 socket');
    expect(r.plain[1]).toMatch(/^\s*FD TYPE\s+TARGET\s+FLAGS\s+POS/);
    const text = r.plain.map((l) => l.trimEnd());
    expect(text).toContainEqual(expect.stringMatching(/^\s+0 tty\s+\/dev\/pts\/3\s+RDWR\s+0$/));
    expect(text).toContainEqual(expect.stringMatching(/^\s+3 socket\s+tcp 127\.0\.0\.1:8080 → 10\.0\.0\.2:5555 ESTABLISHED\s+WRONLY APPEND LARGEFILE\s+30$/));
    expect(text).toContainEqual(expect.stringMatching(/^\s+4 socket\s+tcp6 \[::\]:9090 LISTEN/));
    expect(text).toContainEqual(expect.stringMatching(/^\s+5 socket\s+unix STREAM \/run\/app\.sock LISTEN/));
    expect(text).toContainEqual(expect.stringMatching(/^\s+7 eventfd\s+anon_inode:\[eventfd\]/));
    expect(text).toContainEqual(expect.stringMatching(/^\s+8 file\s+\/tmp\/scratch \(deleted\)/));
    for (const l of r.plain) expect(displayWidth(l)).toBeLessThanOrEqual(110);
  });

  it('at 80 columns drops FLAGS before it cuts a target', () => {
    const r = render(fdsPane, data(inspection({}, { fds: sample() })), { cursor: 7 }, 80);
    expect(r.plain[1]).toMatch(/^\s*FD TYPE\s+TARGET\s+POS$/);
    const text = r.plain.map((l) => l.trimEnd());
    expect(text).toContainEqual(expect.stringMatching(/^\s+3 socket\s+tcp 127\.0\.0\.1:8080 → 10\.0\.0\.2:5555 ESTABLISHED\s+30$/));
    expect(text).toContainEqual(expect.stringMatching(/^\s+5 socket\s+unix STREAM \/run\/app\.sock LISTEN\s+50$/));
    // (the summary above is cut by the view)
    for (const l of r.plain.slice(1)) expect(displayWidth(l)).toBeLessThanOrEqual(80);
    // wide enough for everything: FLAGS stays
    expect(render(fdsPane, data(inspection({}, { fds: sample() })), {}, 100).plain[1]).toMatch(/TARGET\s+FLAGS\s+POS$/);
  });

  it('filters live on everything a row shows', () => {
    const d = data(inspection({}, { fds: sample() }));
    const f = render(fdsPane, d, { filter: 'LISTEN' }, 110);
    const rows = f.plain.slice(2).filter((l) => l.trim());
    expect(rows).toHaveLength(2);
    expect(f.plain[0]).toContain('matching "LISTEN": 2');
    expect(render(fdsPane, d, { filter: '8080' }, 110).plain.slice(2).filter((l) => l.trim())).toHaveLength(1);
    const none = render(fdsPane, d, { filter: 'nothing-like-this' }, 110);
    expect(none.plain[2]).toContain('No fd matches the filter.');
  });

  it('windows 50,000 fds and re-filters once per keystroke', () => {
    const fds = Array.from({ length: 50_000 }, (_, i) => (i % 2 ? fd(i) : fd(i, { kind: 'socket', target: `socket:[${i}]`, socket: sock({ proto: 'unix', path: `/run/s${i}`, type: 'STREAM', state: 'CONNECTED' }) })));
    const d = data(inspection({}, { fds: fdsSection(fds) }));
    const r = fdsPane.create();
    const ui = monoStyles();
    const st = fdsPane.initial();
    const v0 = r.view({ data: d, state: st, width: 120, height: 40, ui });
    expect(v0.count).toBe(50_000);
    const t0 = performance.now();
    for (let k = 0; k < 50; k++) r.view({ data: d, state: { ...st, cursor: k * 997 }, width: 120, height: 40, ui });
    expect((performance.now() - t0) / 50).toBeLessThan(20);
    const v = r.view({ data: d, state: { ...st, filter: 's4999' }, width: 120, height: 40, ui });
    const plain = v.lines.map((l) => strip(paintMerged(l, ui.painter)).trimEnd());
    // the unix sockets (even fds) /run/s49990 … /run/s49998
    expect(v.count).toBe(5);
    expect(plain[0]).toContain('matching "s4999": 5');
    expect(plain[2]).toMatch(/^\s*49990 socket\s+unix STREAM \/run\/s49990 CONNECTED/);
    expect(plain[6]).toMatch(/^\s*49998 socket/);
  });
});
