// ReadBytes: disk read throughput over the sampling interval.

import { bytesColumn } from './define.js';

export const ReadBytes = bytesColumn(
  {
    kind: 'ReadBytes',
    jsonKey: 'read_bytes',
    header: 'READ',
    unit: '[B/s]',
    description: 'Disk read throughput in bytes/s',
    needs: ['io'],
  },
  (p) => p.readRate,
);
