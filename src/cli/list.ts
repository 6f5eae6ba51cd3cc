// `ptop --list`: every column kind with its header, unit, JSON key and description.

import { COLUMN_KINDS } from '../model/columns/registry.js';

export function listKinds(): string {
  const rows = [...COLUMN_KINDS.values()].map((k) => [k.kind, k.header, k.unit, k.jsonKey, k.description]);
  const w = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), ['KIND', 'HEADER', 'UNIT', 'JSON KEY'][i].length));
  const line = (r: string[]) => r.map((c, i) => (i < 4 ? c.padEnd(w[i] + 2) : c)).join('').trimEnd();
  return [line(['KIND', 'HEADER', 'UNIT', 'JSON KEY', 'DESCRIPTION']), ...rows.map(line)].join('\n') + '\n';
}
