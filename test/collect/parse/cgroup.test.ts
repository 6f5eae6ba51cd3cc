import { describe, it, expect } from 'vitest';
import { containerFromCgroup, parseCgroup, primaryCgroupPath } from '../../../src/collect/parse/cgroup.js';
import { fx } from './fixtures.js';

const ID = '3f5e8c1a9b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f';

describe('parseCgroup', () => {
  it('parses the hybrid v1/v2 file of this system', () => {
    const e = parseCgroup(fx('helper/cgroup'));
    expect(e).toHaveLength(10);
    expect(e[0]).toEqual({ hierarchy: 9, controllers: ['name=systemd'], path: '/' });
    const mem = e.find((x) => x.controllers.includes('memory'))!;
    expect(mem.hierarchy).toBe(4);
    expect(mem.path).toMatch(/^\/process_api\/[0-9a-f]{32}$/);
    expect(e[9]).toEqual({ hierarchy: 0, controllers: [], path: '/' });
    expect(primaryCgroupPath(e)).toBe('/');
    expect(containerFromCgroup(primaryCgroupPath(e))).toBeNull();
  });

  it('parses multiple controllers, paths with colons, and a v1-only file', () => {
    const e = parseCgroup('4:cpu,cpuacct:/a:b\n3:memory:/user.slice\n');
    expect(e[0]).toEqual({ hierarchy: 4, controllers: ['cpu', 'cpuacct'], path: '/a:b' });
    expect(primaryCgroupPath(e)).toBe('/a:b');
    expect(primaryCgroupPath([])).toBe('');
    expect(primaryCgroupPath(parseCgroup('0::/system.slice/sshd.service\n'))).toBe('/system.slice/sshd.service');
  });
});

describe('containerFromCgroup', () => {
  it('names docker containers (cgroupfs and systemd drivers)', () => {
    expect(containerFromCgroup(`/docker/${ID}`)).toBe('docker:3f5e8c1a9b2d');
    expect(containerFromCgroup(`/system.slice/docker-${ID}.scope`)).toBe('docker:3f5e8c1a9b2d');
    expect(containerFromCgroup(`/system.slice/docker-${ID}.scope/init.scope`)).toBe('docker:3f5e8c1a9b2d');
    expect(containerFromCgroup('/system.slice/docker.service')).toBeNull();
  });

  it('names podman containers, not their conmon', () => {
    expect(containerFromCgroup(`/machine.slice/libpod-${ID}.scope`)).toBe('podman:3f5e8c1a9b2d');
    expect(containerFromCgroup(`/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-${ID}.scope/container`)).toBe('podman:3f5e8c1a9b2d');
    expect(containerFromCgroup(`/machine.slice/libpod-conmon-${ID}.scope`)).toBeNull();
  });

  it('names kubernetes containers whatever the runtime', () => {
    expect(containerFromCgroup(`/kubepods/besteffort/pod0d7e7a1c-1111-2222-3333-444455556666/${ID}`)).toBe('k8s:3f5e8c1a9b2d');
    expect(
      containerFromCgroup(
        `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0d7e7a1c_1111_2222_3333_444455556666.slice/cri-containerd-${ID}.scope`,
      ),
    ).toBe('k8s:3f5e8c1a9b2d');
    expect(containerFromCgroup(`/kubepods.slice/kubepods-pod1.slice/crio-${ID}.scope`)).toBe('k8s:3f5e8c1a9b2d');
    expect(containerFromCgroup(`/kubepods.slice/kubepods-pod1.slice/docker-${ID}.scope`)).toBe('k8s:3f5e8c1a9b2d');
    expect(containerFromCgroup('/kubepods/burstable/pod0d7e7a1c-1111-2222-3333-444455556666')).toBeNull();
  });

  it('names plain containerd, lxc and nspawn', () => {
    expect(containerFromCgroup(`/system.slice/nerdctl-${ID}.scope`)).toBe('containerd:3f5e8c1a9b2d');
    expect(containerFromCgroup('/lxc/web01')).toBe('lxc:web01');
    expect(containerFromCgroup('/lxc/web01/init.scope')).toBe('lxc:web01');
    expect(containerFromCgroup('/lxc.payload.web01/system.slice')).toBe('lxc:web01');
    expect(containerFromCgroup('/lxc.monitor.web01')).toBeNull();
    expect(containerFromCgroup('/machine.slice/machine-debian\\x2dbox.scope/payload')).toBe('nspawn:debian-box');
  });

  it('returns null for ordinary cgroups', () => {
    for (const p of ['/', '', '/user.slice/user-0.slice/session-3.scope', '/system.slice/containerd.service', '/init.scope']) {
      expect(containerFromCgroup(p), p).toBeNull();
    }
  });
});
