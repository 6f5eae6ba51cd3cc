// /proc/PID/limits → LimitEntry[]. The table is fixed-width ("%-25s %-20s %-20s %-10s"); column
// starts are taken from the header line when present. "unlimited" → null.
import type { LimitEntry } from '../types.js';

const DEFAULT_COLS = { soft: 26, hard: 47, units: 68 };

function limitValue(s: string): number | null {
  const t = s.trim();
  if (t === 'unlimited' || t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

/** Parse /proc/PID/limits (header "Limit  Soft Limit  Hard Limit  Units" optional). */
export function parseLimits(text: string): LimitEntry[] {
  const out: LimitEntry[] = [];
  let cols = DEFAULT_COLS;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    if (line.startsWith('Limit ')) {
      const soft = line.indexOf('Soft Limit');
      const hard = line.indexOf('Hard Limit');
      const units = line.indexOf('Units');
      if (soft > 0 && hard > soft && units > hard) cols = { soft, hard, units };
      continue;
    }
    out.push({
      name: line.slice(0, cols.soft).trim(),
      soft: limitValue(line.slice(cols.soft, cols.hard)),
      hard: limitValue(line.slice(cols.hard, cols.units)),
      units: line.slice(cols.units).trim(),
    });
  }
  return out;
}
