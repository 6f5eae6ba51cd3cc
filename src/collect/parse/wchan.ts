// /proc/PID/wchan → the kernel function a sleeping task waits in; "" when running ("0").

/** Parse /proc/PID/wchan: "0" (or empty) → "", else the symbol name. */
export function parseWchan(text: string): string {
  const t = text.trim();
  return t === '0' ? '' : t;
}
