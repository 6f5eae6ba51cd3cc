import { describe, expect, it } from 'vitest';
import { compileQuery, matchQuery, parseQuantity, parseQuery, querySources, type Query } from '../../src/model/query.js';
import type { ProcessSample } from '../../src/collect/types.js';
import { col, ctx, kernelThread, normalProc, proc, status } from './factory.js';

const c = ctx();
const q = (text: string): Query => {
  const r = parseQuery(text);
  if (!r.ok) throw new Error(`${text}: ${r.error} at ${r.at}`);
  return r.query;
};
const err = (text: string) => {
  const r = parseQuery(text);
  if (r.ok) throw new Error(`${text} parsed`);
  return r;
};

const big = proc({ pid: 10, comm: 'postgres', uid: 0, argv: ['postgres', '-D', '/var/lib/pg'], cpuPercent: 7.5, stat: { rss: 50000, state: 'S', numThreads: 12, nice: -5 } }); // ~195M
const sleeper = proc({ pid: 20, comm: 'sleep', uid: 1000, argv: ['sleep', '1000'], cpuPercent: 0, stat: { rss: 100, state: 'S', ppid: 10 } });
const diskwait = proc({ pid: 30, comm: 'dd', uid: 1000, argv: ['dd', 'if=/dev/zero'], cpuPercent: 55, stat: { rss: 2000, state: 'D', ttyNr: (136 << 8) | 3 } });
const zombie = proc({ pid: 40, comm: 'z', uid: 1001, argv: [], stat: { state: 'Z' } });
const all: ProcessSample[] = [big, sleeper, diskwait, zombie];
const pids = (text: string, opts = {}) => {
  const f = compileQuery(q(text), opts);
  return all.filter((p) => f(p, c)).map((p) => p.pid);
};

describe('parseQuantity', () => {
  it('reads numbers with binary suffixes', () => {
    expect(parseQuantity('5')).toBe(5);
    expect(parseQuantity('1.5')).toBe(1.5);
    expect(parseQuantity('-3')).toBe(-3);
    expect(parseQuantity('100M')).toBe(100 * 1024 ** 2);
    expect(parseQuantity('2g')).toBe(2 * 1024 ** 3);
    expect(parseQuantity('1.5K')).toBe(1536);
    expect(parseQuantity('1T')).toBe(1024 ** 4);
    expect(parseQuantity('10MiB')).toBe(10 * 1024 ** 2);
    expect(parseQuantity('10MB')).toBe(10 * 1024 ** 2);
    expect(parseQuantity('5%')).toBe(5);
    expect(parseQuantity('abc')).toBeNull();
    expect(parseQuantity('5X')).toBeNull();
    expect(parseQuantity('')).toBeNull();
  });
});

describe('parseQuery', () => {
  it('parses each kind of term', () => {
    const r = q('nginx 42 user:root !state:DZ rss>100M cpu>=5 cmd:"a b"');
    expect(r.terms.map((t) => t.type)).toEqual(['keyword', 'keyword', 'field', 'field', 'compare', 'compare', 'field']);
    expect(r.terms[1]).toMatchObject({ type: 'keyword', text: '42', numeric: true });
    expect(r.terms[3]).toMatchObject({ type: 'field', field: 'state', values: ['D', 'Z'], negate: true, at: 19 });
    const rss = r.terms[4];
    expect(rss.type === 'compare' && rss.kind.kind).toBe('VmRss');
    expect(rss).toMatchObject({ op: '>', value: 100 * 1024 ** 2 });
    expect(r.terms[6]).toMatchObject({ field: 'cmd', values: ['a b'] });
  });
  it('accepts an empty query (matches everything)', () => {
    expect(q('   ').terms).toEqual([]);
    expect(pids('')).toEqual([10, 20, 30, 40]);
  });
  it('reports errors with their position', () => {
    expect(err('foo>3')).toMatchObject({ at: 0 });
    expect(err('foo>3').error).toMatch(/unknown column/);
    expect(err('cpu>abc')).toMatchObject({ at: 4 });
    expect(err('cpu>abc').error).toMatch(/not a number/);
    expect(err('ok rss>')).toMatchObject({ at: 7 });
    expect(err('user>3').error).toMatch(/not numeric/);
    expect(err('user:')).toMatchObject({ at: 5 });
    expect(err('x bogus:1')).toMatchObject({ at: 2 });
    expect(err('x bogus:1').error).toMatch(/unknown field/);
    expect(err('state:1')).toMatchObject({ at: 6 });
    expect(err('pid:12,x')).toMatchObject({ at: 7 });
    expect(err('cmd:"open')).toMatchObject({ at: 4 });
    expect(err('a ! b')).toMatchObject({ at: 3 });
    expect(err('"q"x').error).toMatch(/space/);
  });
});

describe('matchQuery', () => {
  it('rss>100M compares bytes', () => {
    expect(pids('rss>100M')).toEqual([10]);
    expect(pids('rss<=1M')).toEqual([20, 40]);
    expect(matchQuery(q('rss>100M'), big, c)).toBe(true);
  });
  it('state:D and state:DZ', () => {
    expect(pids('state:D')).toEqual([30]);
    expect(pids('state:DZ')).toEqual([30, 40]);
    expect(pids('state:s')).toEqual([]);
  });
  it('user:root by name, user:1000 by uid, lists', () => {
    expect(pids('user:root')).toEqual([10]);
    expect(pids('user:1000')).toEqual([20, 30]);
    expect(pids('user:root,bob')).toEqual([10, 40]);
    expect(pids('uid:1001')).toEqual([40]);
    // effective uid from status wins over the /proc owner
    const setuid = proc({ uid: 1000, status: status({ uid: [1000, 0, 0, 0] }) });
    expect(matchQuery(q('user:root'), setuid, c)).toBe(true);
  });
  it('!cmd:sleep negates', () => {
    expect(pids('!cmd:sleep')).toEqual([10, 30, 40]);
    expect(pids('cmd:sleep')).toEqual([20]);
    expect(pids('cmd:[z]')).toEqual([40]);
  });
  it('pid, ppid, comm, tty fields', () => {
    expect(pids('pid:20,30')).toEqual([20, 30]);
    expect(pids('ppid:10')).toEqual([20]);
    expect(pids('comm:post')).toEqual([10]);
    expect(pids('comm:POST')).toEqual([]);
    expect(pids('tty:pts/3')).toEqual([30]);
    const thread = proc({ pid: 10, tid: 11, isThread: true });
    expect(matchQuery(q('pid:11'), thread, c)).toBe(true);
  });
  it('numeric comparisons on cpu, mem, threads, nice', () => {
    expect(pids('cpu>5')).toEqual([10, 30]);
    expect(pids('cpu>=55')).toEqual([30]);
    expect(pids('threads>10')).toEqual([10]);
    expect(pids('nice<0')).toEqual([10]);
    expect(pids('mem>=1.5')).toEqual([10]);
    expect(pids('mem>=2.5')).toEqual([]);
    expect(pids('mem>0.1')).toEqual([10]);
    expect(pids('pid=20')).toEqual([20]);
    expect(pids('pid!=20')).toEqual([10, 30, 40]);
  });
  it('a missing value fails a comparison (and passes its negation)', () => {
    const k = kernelThread();
    expect(matchQuery(q('pss>0'), k, c)).toBe(false);
    expect(matchQuery(q('!pss>0'), k, c)).toBe(true);
  });
  it('bare words use procs keyword semantics and terms are ANDed', () => {
    expect(pids('20')).toEqual([20]);
    expect(pids('2')).toEqual([]);
    expect(pids('alice')).toEqual([20, 30]);
    expect(pids('alice dd')).toEqual([30]);
    expect(pids('alice !dd')).toEqual([20]);
    expect(pids('"-D /var"')).toEqual([10]);
    expect(pids('PG')).toEqual([]);
    expect(pids('pg')).toEqual([10]);
  });
  it('bare words follow the configured search columns', () => {
    const opts = { columns: [col('Comm', { nonnumericSearch: true }), col('Ppid', { numericSearch: true })] };
    expect(pids('alice', opts)).toEqual([]);
    expect(pids('sleep', opts)).toEqual([20]);
    expect(pids('10', opts)).toEqual([20]);
  });
  it('works on a fully populated sample', () => {
    expect(matchQuery(q('user:root cpu>10 rss>=100M state:R node'), normalProc(), c)).toBe(true);
  });
});

describe('querySources', () => {
  it('collects what the terms read', () => {
    expect([...querySources(q('pss>1G'))].sort()).toEqual(['smaps_rollup', 'stat']);
    expect([...querySources(q('cmd:x'))].sort()).toEqual(['cmdline', 'stat']);
    expect([...querySources(q('foo'))].sort()).toEqual(['cmdline', 'stat']);
  });
});
