// Pure text helpers shared by the columns, the table and the renderers: number formatting
// (bytes, percent, durations, start times) and terminal display width (wide CJK = 2 columns,
// combining marks = 0), truncation and padding by display width. No dependencies.

import type { Align } from './columns/types.js';

const BYTE_UNITS = ['K', 'M', 'G', 'T', 'P', 'E'];

/**
 * Bytes in binary units with the B/i stripped, as procs prints them: under 1024 the plain integer
 * ("512"), then one decimal below 100 ("1.2G", "12.3M") and none from 100 up ("512K", "100M").
 */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '';
  const neg = n < 0;
  let v = Math.abs(n);
  if (v < 1024) return (neg ? '-' : '') + String(Math.round(v));
  let unit = -1;
  while (unit < BYTE_UNITS.length - 1 && v >= 1024) {
    v /= 1024;
    unit++;
  }
  let text = v < 100 ? v.toFixed(1) : v.toFixed(0);
  // rounding can carry into the next unit (1023.97K → "1024K" → "1.0M")
  if (Number(text) >= 1024 && unit < BYTE_UNITS.length - 1) {
    v /= 1024;
    unit++;
    text = v.toFixed(1);
  }
  return (neg ? '-' : '') + text + BYTE_UNITS[unit];
}

/** A percentage with `decimals` decimals (default 1), no % sign; '' for NaN/Infinity. */
export function formatPercent(v: number, decimals = 1): string {
  if (!Number.isFinite(v)) return '';
  const t = v.toFixed(decimals);
  return t === '-0.0' || t === '-0' ? t.slice(1) : t;
}

const pad2 = (n: number): string => (n < 10 ? '0' : '') + String(n);

/** Cumulative CPU time: `H:MM:SS` under a day ("0:00:03", "23:04:05"), else `Nd HH:MM` ("3d 04:05"). */
export function formatCpuTime(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '';
  const s = Math.floor(seconds);
  const days = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (days > 0) return `${days}d ${pad2(h)}:${pad2(m)}`;
  return `${h}:${pad2(m)}:${pad2(sec)}`;
}

/** Elapsed time, compact: `M:SS` under an hour ("12:01"), `H:MM:SS` under a day ("3:04:05"), else `NdHHh` ("1d02h"). */
export function formatElapsed(seconds: number): string {
  if (!Number.isFinite(seconds)) return '';
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (days > 0) return `${days}d${pad2(h)}h`;
  if (h > 0) return `${h}:${pad2(m)}:${pad2(sec)}`;
  return `${m}:${pad2(sec)}`;
}

/**
 * A duration for people, two units at most: "45s", "4m05s", "3h04m", "1d02h". Used by the UI for
 * things like uptime; the columns use formatCpuTime / formatElapsed.
 */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '';
  const s = Math.max(0, Math.floor(seconds));
  const days = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (days > 0) return `${days}d${pad2(h)}h`;
  if (h > 0) return `${h}h${pad2(m)}m`;
  if (m > 0) return `${m}m${pad2(sec)}s`;
  return `${sec}s`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A start time in local time, relative to `nowMs`: `HH:MM` today, `Mon DD` this year, else `YYYY`. */
export function formatStartTime(epochMs: number, nowMs: number): string {
  if (!Number.isFinite(epochMs)) return '';
  const d = new Date(epochMs);
  const now = new Date(nowMs);
  if (d.getFullYear() === now.getFullYear()) {
    if (d.getMonth() === now.getMonth() && d.getDate() === now.getDate()) {
      return `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
    }
    return `${MONTHS[d.getMonth()]} ${pad2(d.getDate())}`;
  }
  return String(d.getFullYear());
}

// ---------------------------------------------------------------------------------------------
// Display width

/** Code point ranges that a terminal draws two columns wide (East Asian Wide/Fullwidth, emoji). */
const WIDE: ReadonlyArray<readonly [number, number]> = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], [0x23f0, 0x23f0],
  [0x23f3, 0x23f3], [0x25fd, 0x25fe], [0x2614, 0x2615], [0x2648, 0x2653], [0x267f, 0x267f],
  [0x2693, 0x2693], [0x26a1, 0x26a1], [0x26aa, 0x26ab], [0x26bd, 0x26be], [0x26c4, 0x26c5],
  [0x26ce, 0x26ce], [0x26d4, 0x26d4], [0x26ea, 0x26ea], [0x26f2, 0x26f3], [0x26f5, 0x26f5],
  [0x26fa, 0x26fa], [0x26fd, 0x26fd], [0x2705, 0x2705], [0x270a, 0x270b], [0x2728, 0x2728],
  [0x274c, 0x274c], [0x274e, 0x274e], [0x2753, 0x2755], [0x2757, 0x2757], [0x2795, 0x2797],
  [0x27b0, 0x27b0], [0x27bf, 0x27bf], [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b55],
  [0x2e80, 0x303e], [0x3041, 0x33ff], [0x3400, 0x4dbf], [0x4e00, 0x9fff], [0xa000, 0xa4cf],
  [0xa960, 0xa97f], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe10, 0xfe19], [0xfe30, 0xfe6f],
  [0xff00, 0xff60], [0xffe0, 0xffe6], [0x16fe0, 0x16fe4], [0x17000, 0x18cff], [0x1b000, 0x1b2ff],
  [0x1f004, 0x1f004], [0x1f0cf, 0x1f0cf], [0x1f18e, 0x1f18e], [0x1f191, 0x1f19a],
  [0x1f200, 0x1f251], [0x1f300, 0x1f320], [0x1f32d, 0x1f335], [0x1f337, 0x1f37c],
  [0x1f37e, 0x1f393], [0x1f3a0, 0x1f3ca], [0x1f3cf, 0x1f3d3], [0x1f3e0, 0x1f3f0],
  [0x1f3f4, 0x1f3f4], [0x1f3f8, 0x1f43e], [0x1f440, 0x1f440], [0x1f442, 0x1f4fc],
  [0x1f4ff, 0x1f53d], [0x1f54b, 0x1f54e], [0x1f550, 0x1f567], [0x1f57a, 0x1f57a],
  [0x1f595, 0x1f596], [0x1f5a4, 0x1f5a4], [0x1f5fb, 0x1f64f], [0x1f680, 0x1f6c5],
  [0x1f6cc, 0x1f6cc], [0x1f6d0, 0x1f6d2], [0x1f6d5, 0x1f6d7], [0x1f6dc, 0x1f6df],
  [0x1f6eb, 0x1f6ec], [0x1f6f4, 0x1f6fc], [0x1f7e0, 0x1f7eb], [0x1f7f0, 0x1f7f0],
  [0x1f90c, 0x1f93a], [0x1f93c, 0x1f945], [0x1f947, 0x1f9ff], [0x1fa70, 0x1faff],
  [0x20000, 0x2fffd], [0x30000, 0x3fffd],
];

function isWide(cp: number): boolean {
  if (cp < 0x1100) return false;
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = WIDE[mid];
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]$/u;

/** Columns one code point takes on a terminal: 0, 1 or 2. */
export function charWidth(cp: number): number {
  if (cp >= 0x20 && cp < 0x7f) return 1;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  // Hangul Jamo medial vowels and final consonants combine with the preceding syllable
  if (cp >= 0x1160 && cp <= 0x11ff) return 0;
  if (cp === 0x200b) return 0;
  if (ZERO_WIDTH.test(String.fromCodePoint(cp))) return 0;
  return isWide(cp) ? 2 : 1;
}

const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/** Widths of recent short non-ASCII strings (separators, sort markers, tree glyphs recur on every row). */
const wideCache = new Map<string, number>();

/** Terminal columns a string takes (no ANSI escapes expected: pad and cut before painting). */
export function displayWidth(s: string): number {
  if (PLAIN_ASCII.test(s)) return s.length;
  const short = s.length <= 16;
  if (short) {
    const known = wideCache.get(s);
    if (known !== undefined) return known;
  }
  let w = 0;
  for (const ch of s) w += charWidth(ch.codePointAt(0)!);
  if (short) {
    if (wideCache.size >= 512) wideCache.clear();
    wideCache.set(s, w);
  }
  return w;
}

/** Cut `s` to at most `width` columns, with no marker; zero-width marks stay with their base. */
export function cutToWidth(s: string, width: number): string {
  if (width <= 0) return '';
  if (PLAIN_ASCII.test(s)) return s.length <= width ? s : s.slice(0, width);
  let w = 0;
  let end = 0;
  for (const ch of s) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (w + cw > width) break;
    w += cw;
    end += ch.length;
  }
  return s.slice(0, end);
}

/** Cut `s` to at most `width` columns; when something is cut, the last column is `…`. */
export function truncateToWidth(s: string, width: number): string {
  if (width <= 0) return '';
  if (displayWidth(s) <= width) return s;
  return cutToWidth(s, width - 1) + '…';
}

/** `…` and the last width − 1 columns of `s` (s itself when it fits). */
export function cutStart(s: string, width: number): string {
  if (displayWidth(s) <= width) return s;
  if (width <= 1) return width === 1 ? '…' : '';
  const chars = [...s];
  let w = 0;
  let i = chars.length;
  while (i > 0) {
    const cw = displayWidth(chars[i - 1]);
    if (w + cw > width - 1) break;
    w += cw;
    i--;
  }
  return `…${chars.slice(i).join('')}`;
}

/** Runs of spaces by length, made once: padding is the commonest string operation of a table. */
const SPACES: string[] = [''];

/** `n` spaces. */
export function spaces(n: number): string {
  if (n >= 256) return ' '.repeat(n);
  while (SPACES.length <= n) SPACES.push(SPACES[SPACES.length - 1] + ' ');
  return SPACES[n]!;
}

/** Pad (or truncate with `…`) `s` to exactly `width` columns. */
export function padToWidth(s: string, width: number, align: Align = 'left'): string {
  if (width <= 0) return '';
  let text = s;
  let w = displayWidth(text);
  if (w > width) {
    text = truncateToWidth(text, width);
    w = displayWidth(text);
  }
  const space = width - w;
  if (space <= 0) return text;
  if (align === 'right') return spaces(space) + text;
  if (align === 'center') {
    const left = space >> 1;
    return spaces(left) + text + spaces(space - left);
  }
  return text + spaces(space);
}
