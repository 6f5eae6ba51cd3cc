// Fds: the number of open file descriptors.

import { integerColumn } from './define.js';

export const Fds = integerColumn(
  { kind: 'Fds', jsonKey: 'fds', header: 'FDS', description: 'Open file descriptors', needs: ['fd'] },
  (p) => p.fdCount,
);
