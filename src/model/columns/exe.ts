// Exe: the path of the executable.

import { textColumn } from './define.js';

export const Exe = textColumn(
  { kind: 'Exe', jsonKey: 'exe', header: 'EXE', description: 'Executable path', needs: ['exe'] },
  (p) => p.exe,
);
