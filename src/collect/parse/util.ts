// Small string helpers shared by the /proc parsers (no regex, no allocation beyond the result).

/** Split on runs of spaces and tabs, dropping empty tokens (like awk's default field split). */
export function splitWs(line: string): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    let c = line.charCodeAt(i);
    while (i < n && (c === 32 || c === 9 || c === 10 || c === 13)) c = line.charCodeAt(++i);
    if (i >= n) break;
    const start = i;
    while (i < n && c !== 32 && c !== 9 && c !== 10 && c !== 13) c = line.charCodeAt(++i);
    out.push(line.slice(start, i));
  }
  return out;
}

/** `"  15844 kB"` → 15844 × 1024; a value without a unit is returned as is. NaN stays NaN. */
export function kbToBytes(value: string): number {
  const n = parseInt(value, 10);
  return value.endsWith('kB') ? n * 1024 : n;
}

/** Iterate the lines of `text` without building an array; a trailing newline yields no empty line. */
export function forEachLine(text: string, fn: (line: string) => void): void {
  const n = text.length;
  let start = 0;
  while (start < n) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = n;
    fn(text.slice(start, end));
    start = end + 1;
  }
}
