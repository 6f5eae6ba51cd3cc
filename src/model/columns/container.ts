// Container (alias Docker): the container ID found in the cgroup path (docker, podman, containerd…).

import { containerFromCgroup } from '../../collect/parse/cgroup.js';
import { textColumn } from './define.js';

export const Container = textColumn(
  {
    kind: 'Container',
    jsonKey: 'container',
    header: 'CONTAINER',
    description: 'Container ID from the cgroup path',
    needs: ['cgroup'],
  },
  (p) => (p.cgroup ? containerFromCgroup(p.cgroup) : null),
);
