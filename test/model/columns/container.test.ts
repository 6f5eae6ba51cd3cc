// The Container column uses containerFromCgroup from src/collect/parse/cgroup.ts.
import { describe, expect, it } from 'vitest';
import { Container } from '../../../src/model/columns/container.js';
import { ctx, proc } from '../factory.js';

const ID = '0123456789abcdef'.repeat(4);
const c = ctx();

describe('Container', () => {
  it('names the container of a docker cgroup', () => {
    const p = proc({ cgroup: `/system.slice/docker-${ID}.scope` });
    const v = Container.value(p, c);
    expect(typeof v).toBe('string');
    expect(String(v)).toContain(ID.slice(0, 12));
    expect(Container.format(v, p, c)).toBe(v);
  });
  it('is blank outside a container and without a cgroup', () => {
    const host = proc({ cgroup: '/user.slice/user-1000.slice/session-2.scope' });
    expect(Container.value(host, c)).toBeNull();
    expect(Container.format(null, host, c)).toBe('');
    expect(Container.value(proc(), c)).toBeNull();
  });
  it('needs the cgroup source', () => {
    expect(Container.needs).toEqual(['cgroup']);
  });
});
