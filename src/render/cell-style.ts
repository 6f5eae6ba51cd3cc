// Which colour spec a cell gets: the column's own spec, or for the automatic styles the config's
// spec chosen from the cell (procs §1.5). Shared by the text renderer and the interactive UI.

import type { CellValue } from '../model/columns/types.js';
import type { StyleConfig } from '../model/config/types.js';

/**
 * ByPercentage: >100 → color100, >75 → color075, >50 → color050, >25 → color025, else color000
 * (on the numeric value, or the number the text starts with).
 */
export function byPercentage(value: CellValue, text: string, styles: StyleConfig): string {
  const v = typeof value === 'number' && !Number.isNaN(value) ? value : Number.parseFloat(text) || 0;
  const s = styles.byPercentage;
  if (v > 100) return s.color100;
  if (v > 75) return s.color075;
  if (v > 50) return s.color050;
  if (v > 25) return s.color025;
  return s.color000;
}

/** ByState: the first letter, in the order D R S T(t) Z X K W P; anything else (I, …) → colorX. */
export function byState(text: string, styles: StyleConfig): string {
  const s = styles.byState;
  switch (text.trimStart().charAt(0)) {
    case 'D':
      return s.colorD;
    case 'R':
      return s.colorR;
    case 'S':
      return s.colorS;
    case 'T':
    case 't':
      return s.colorT;
    case 'Z':
      return s.colorZ;
    case 'X':
      return s.colorX;
    case 'K':
      return s.colorK;
    case 'W':
      return s.colorW;
    case 'P':
      return s.colorP;
    default:
      return s.colorX;
  }
}

/** ByUnit: the K/M/G/T/P letter in the formatted text (first found in that order), else colorX. */
export function byUnit(text: string, styles: StyleConfig): string {
  const s = styles.byUnit;
  if (text.includes('K')) return s.colorK;
  if (text.includes('M')) return s.colorM;
  if (text.includes('G')) return s.colorG;
  if (text.includes('T')) return s.colorT;
  if (text.includes('P')) return s.colorP;
  return s.colorX;
}

/** The colour spec of one cell: the column's spec, or the automatic style resolved. */
export function resolveCellStyle(
  style: string | undefined,
  text: string,
  value: CellValue,
  styles: StyleConfig,
): string | undefined {
  if (!style) return undefined;
  switch (style.toLowerCase()) {
    case 'bypercentage':
      return byPercentage(value, text, styles);
    case 'bystate':
      return byState(text, styles);
    case 'byunit':
      return byUnit(text, styles);
    default:
      return style;
  }
}

/**
 * The faded variant of a spec for auxiliary rows, as procs does it: Bright colours drop to their
 * normal variant (BrightBlack, already the grey, stays).
 */
export function fadeSpec(spec: string | undefined): string | undefined {
  if (!spec) return spec;
  return spec.replace(/\bBright(?!Black\b)([A-Z][a-z]+)/g, '$1');
}
