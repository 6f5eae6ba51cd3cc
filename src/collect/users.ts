// uid → user name from /etc/passwd, cached and re-read only when the file's mtime changes.

import { statSync, readFileSync } from 'node:fs';

export class UserTable {
  private names = new Map<number, string>();
  private mtimeMs = -1;
  private checkedAt = 0;

  constructor(private readonly path = '/etc/passwd') {}

  /** Re-read the file if it changed; checks its mtime at most once a second. */
  refresh(now = Date.now()): void {
    if (now - this.checkedAt < 1000 && this.mtimeMs >= 0) return;
    this.checkedAt = now;
    let mtime: number;
    try {
      mtime = statSync(this.path).mtimeMs;
    } catch {
      return;
    }
    if (mtime === this.mtimeMs) return;
    this.mtimeMs = mtime;
    this.names = parsePasswd(readFileSync(this.path, 'utf8'));
  }

  name(uid: number): string {
    if (this.mtimeMs < 0) this.refresh();
    return this.names.get(uid) ?? String(uid);
  }
}

export function parsePasswd(text: string): Map<number, string> {
  const m = new Map<number, string>();
  for (const line of text.split('\n')) {
    if (!line || line[0] === '#') continue;
    const f = line.split(':');
    if (f.length < 3) continue;
    const uid = Number(f[2]);
    if (Number.isInteger(uid) && !m.has(uid)) m.set(uid, f[0]);
  }
  return m;
}
