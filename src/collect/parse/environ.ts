// /proc/PID/environ → name → value. Entries are NUL-separated "NAME=value"; the split is at the first
// '=' (values may contain '='). Decoded as UTF-8 (invalid bytes → U+FFFD).

/**
 * Parse an environ buffer. An entry without '=' maps to ''. When a name repeats, the first one wins
 * (that is what getenv(3) returns).
 */
export function parseEnviron(buf: Buffer): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  if (buf.length === 0) return out;
  for (const entry of buf.toString('utf8').split('\0')) {
    if (entry === '') continue;
    const eq = entry.indexOf('=');
    const key = eq === -1 ? entry : entry.slice(0, eq);
    if (key in out) continue;
    out[key] = eq === -1 ? '' : entry.slice(eq + 1);
  }
  return out;
}
