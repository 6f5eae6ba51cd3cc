// State: the one-letter process state (R S D Z T t X I …).

import { textColumn } from './define.js';

export const State = textColumn(
  {
    kind: 'State',
    jsonKey: 'state',
    header: 'S',
    description: 'Process state (R running, S sleeping, D disk wait, Z zombie, T stopped, I idle, …)',
    defaultStyle: 'ByState',
  },
  (p) => (p.stat.state ? p.stat.state.charAt(0) : null),
);
