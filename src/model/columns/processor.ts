// Processor: the CPU the task last ran on.

import { integerColumn } from './define.js';

export const Processor = integerColumn(
  { kind: 'Processor', jsonKey: 'processor', header: 'PSR', description: 'CPU the task last ran on' },
  (p) => p.stat.processor,
);
