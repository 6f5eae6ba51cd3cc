// WriteBytes: disk write throughput over the sampling interval.

import { bytesColumn } from './define.js';

export const WriteBytes = bytesColumn(
  {
    kind: 'WriteBytes',
    jsonKey: 'write_bytes',
    header: 'WRITE',
    unit: '[B/s]',
    description: 'Disk write throughput in bytes/s',
    needs: ['io'],
  },
  (p) => p.writeRate,
);
