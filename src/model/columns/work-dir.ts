// WorkDir: the current working directory.

import { textColumn } from './define.js';

export const WorkDir = textColumn(
  { kind: 'WorkDir', jsonKey: 'work_dir', header: 'CWD', description: 'Current working directory', needs: ['cwd'] },
  (p) => p.cwd,
);
