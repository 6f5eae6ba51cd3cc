// Reads the /proc fixtures captured by test/fixtures/proc/capture.sh.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '../../fixtures/proc');

/** A fixture file as UTF-8 text. */
export function fx(path: string): string {
  return readFileSync(join(FIXTURES, path), 'utf8');
}

/** A fixture file as raw bytes. */
export function fxBuf(path: string): Buffer {
  return readFileSync(join(FIXTURES, path));
}

export interface HelperExpect {
  pid: number;
  argv: string[];
  fds: Record<string, number>;
  inodes: Record<string, number>;
  ports: Record<string, number>;
  local: Record<string, number>;
  paths: Record<string, string>;
  mappedBytes: number;
  tids: number[];
  threads: number;
}

/** What helper.py recorded about the process it was when captured. */
export const expected: HelperExpect = JSON.parse(fx('helper/expect.json')) as HelperExpect;

/** system/meta.env as key → value. */
export function meta(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of fx('system/meta.env').split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}
