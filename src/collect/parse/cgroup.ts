// /proc/PID/cgroup → CgroupEntry[] ("hierarchy:controllers:path"), the process' primary cgroup path,
// and a container name derived from a cgroup path (docker, podman, kubernetes, containerd, lxc, nspawn).
import type { CgroupEntry } from '../types.js';

/** Parse /proc/PID/cgroup. The path is everything after the second ':' (it may contain ':'). */
export function parseCgroup(text: string): CgroupEntry[] {
  const out: CgroupEntry[] = [];
  for (const line of text.split('\n')) {
    const a = line.indexOf(':');
    if (a <= 0) continue;
    const b = line.indexOf(':', a + 1);
    if (b === -1) continue;
    const hierarchy = Number(line.slice(0, a));
    if (!Number.isInteger(hierarchy)) continue;
    const ctl = line.slice(a + 1, b);
    out.push({ hierarchy, controllers: ctl === '' ? [] : ctl.split(','), path: line.slice(b + 1) });
  }
  return out;
}

/** The cgroup v2 ("0::") path when present, else the first entry's path; '' without entries. */
export function primaryCgroupPath(entries: readonly CgroupEntry[]): string {
  for (const e of entries) if (e.hierarchy === 0 && e.controllers.length === 0) return e.path;
  return entries.length > 0 ? entries[0].path : '';
}

/** systemd unit-name escaping: "\x2d" → "-". */
function unescapeSystemd(s: string): string {
  return s.indexOf('\\x') === -1
    ? s
    : s.replace(/\\x([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

// A 64-hex container id as the last word of a segment: "<id>", "docker-<id>.scope",
// "cri-containerd-<id>.scope", "crio-<id>.scope", "libpod-<id>.scope", "nerdctl-<id>.scope".
const K8S_CONTAINER = /(?:^|\/)(?:(?:docker|cri-containerd|crio|containerd)-)?([0-9a-f]{64})(?:\.scope)?(?:\/|$)/;
const DOCKER = /(?:\/docker\/|\/docker-)([0-9a-f]{64})(?:\.scope)?(?:\/|$)/;
const PODMAN = /(?:\/libpod-|\/libpod_parent\/libpod-)([0-9a-f]{64})(?:\.scope)?(?:\/|$)/;
const CONTAINERD = /\/(?:cri-containerd|nerdctl)-([0-9a-f]{64})\.scope(?:\/|$)/;
const LXC = /\/lxc(?:\/|\.payload\.|\.payload\/)([^/]+)/;
const NSPAWN = /\/machine\.slice\/machine-([^/]+)\.scope(?:\/|$)/;

/**
 * Name the container a cgroup path belongs to, or null: "docker:<12 hex>", "podman:<12 hex>",
 * "k8s:<12 hex>" (any runtime under a kubepods cgroup), "containerd:<12 hex>", "lxc:<name>",
 * "nspawn:<name>" (machine.slice/machine-<name>.scope; libvirt guests share that scheme).
 * The container's own monitor processes (libpod-conmon-…, lxc.monitor.…) are not inside it: null.
 */
export function containerFromCgroup(path: string): string | null {
  if (path.length < 5) return null;
  let m: RegExpExecArray | null;
  if (path.includes('kubepods')) {
    m = K8S_CONTAINER.exec(path);
    return m ? `k8s:${m[1].slice(0, 12)}` : null;
  }
  if ((m = DOCKER.exec(path))) return `docker:${m[1].slice(0, 12)}`;
  if ((m = PODMAN.exec(path))) return `podman:${m[1].slice(0, 12)}`;
  if ((m = CONTAINERD.exec(path))) return `containerd:${m[1].slice(0, 12)}`;
  if ((m = LXC.exec(path))) return `lxc:${m[1]}`;
  if ((m = NSPAWN.exec(path))) return `nspawn:${unescapeSystemd(m[1])}`;
  return null;
}
