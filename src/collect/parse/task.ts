// Directory listing of /proc/PID/task (or /proc itself) → the numeric entries as sorted ids.

/** Keep the names made only of digits, as numbers in ascending order. */
export function parseTaskIds(names: readonly string[]): number[] {
  const out: number[] = [];
  for (const name of names) {
    const n = name.length;
    if (n === 0) continue;
    let ok = true;
    for (let i = 0; i < n; i++) {
      const c = name.charCodeAt(i);
      if (c < 48 || c > 57) {
        ok = false;
        break;
      }
    }
    if (ok) out.push(Number(name));
  }
  return out.sort((a, b) => a - b);
}
