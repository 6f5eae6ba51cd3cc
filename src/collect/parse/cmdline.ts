// /proc/PID/cmdline → argv. Arguments are NUL-separated; decoding is UTF-8 with invalid bytes
// becoming U+FFFD (Buffer#toString('utf8')), so the result is safe to sanitize but not byte-exact.
const NUL = 0;

/**
 * Split a cmdline buffer into arguments. Trailing NULs are all dropped: besides the final
 * terminator, programs that rewrite their title (libuv's process.title, nginx, postgres) pad the old
 * argv area with NULs, which would otherwise read as empty arguments. The cost: genuinely empty
 * trailing arguments (`prog ''`) are lost; empty arguments in the middle are kept. A process that
 * rewrote argv setproctitle-style without any NUL yields a single element. Empty buffer → [].
 */
export function parseCmdline(buf: Buffer): string[] {
  let end = buf.length;
  while (end > 0 && buf[end - 1] === NUL) end--;
  if (end === 0) return [];
  return buf.toString('utf8', 0, end).split('\0');
}

/** parseCmdline for the file already decoded as UTF-8 (the same arguments: NUL is never part of a sequence). */
export function parseCmdlineText(text: string): string[] {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === NUL) end--;
  if (end === 0) return [];
  return (end === text.length ? text : text.slice(0, end)).split('\0');
}
