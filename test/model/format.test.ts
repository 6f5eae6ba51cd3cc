import { describe, expect, it } from 'vitest';
import {
  cutToWidth,
  displayWidth,
  formatBytes,
  formatCpuTime,
  formatDuration,
  formatElapsed,
  formatPercent,
  formatStartTime,
  padToWidth,
  spaces,
  truncateToWidth,
  cutStart,
} from '../../src/model/format.js';

describe('formatBytes', () => {
  it('prints bytes under 1K as a plain integer', () => {
    expect(formatBytes(0)).toBe('0');
    expect(formatBytes(1)).toBe('1');
    expect(formatBytes(1023)).toBe('1023');
  });
  it('uses binary units with one decimal below 100 and none above', () => {
    expect(formatBytes(1024)).toBe('1.0K');
    expect(formatBytes(512 * 1024)).toBe('512K');
    expect(formatBytes(12.3 * 1024 ** 2)).toBe('12.3M');
    expect(formatBytes(1.2 * 1024 ** 3)).toBe('1.2G');
    expect(formatBytes(100 * 1024 ** 2)).toBe('100M');
    expect(formatBytes(3 * 1024 ** 4)).toBe('3.0T');
    expect(formatBytes(2 * 1024 ** 5)).toBe('2.0P');
  });
  it('carries a rounding overflow into the next unit', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1.0M');
  });
  it('handles negatives and non-finite values', () => {
    expect(formatBytes(-2048)).toBe('-2.0K');
    expect(formatBytes(NaN)).toBe('');
  });
});

describe('formatPercent', () => {
  it('prints one decimal by default', () => {
    expect(formatPercent(12.345)).toBe('12.3');
    expect(formatPercent(0)).toBe('0.0');
    expect(formatPercent(250)).toBe('250.0');
    expect(formatPercent(1.25, 2)).toBe('1.25');
  });
  it('never prints -0.0 and blanks NaN', () => {
    expect(formatPercent(-0.01)).toBe('0.0');
    expect(formatPercent(NaN)).toBe('');
  });
});

describe('durations', () => {
  it('formats CPU time as H:MM:SS, then Nd HH:MM', () => {
    expect(formatCpuTime(0)).toBe('0:00:00');
    expect(formatCpuTime(3.9)).toBe('0:00:03');
    expect(formatCpuTime(75)).toBe('0:01:15');
    expect(formatCpuTime(23 * 3600 + 4 * 60 + 5)).toBe('23:04:05');
    expect(formatCpuTime(3 * 86400 + 4 * 3600 + 5 * 60 + 59)).toBe('3d 04:05');
    expect(formatCpuTime(-1)).toBe('');
  });
  it('formats elapsed time compactly', () => {
    expect(formatElapsed(5)).toBe('0:05');
    expect(formatElapsed(12 * 60 + 1)).toBe('12:01');
    expect(formatElapsed(3 * 3600 + 4 * 60 + 5)).toBe('3:04:05');
    expect(formatElapsed(86400 + 2 * 3600 + 59)).toBe('1d02h');
    expect(formatElapsed(400 * 86400)).toBe('400d00h');
    expect(formatElapsed(-3)).toBe('0:00');
  });
  it('formats a human duration with two units at most', () => {
    expect(formatDuration(45)).toBe('45s');
    expect(formatDuration(245)).toBe('4m05s');
    expect(formatDuration(3 * 3600 + 4 * 60 + 9)).toBe('3h04m');
    expect(formatDuration(86400 + 2 * 3600)).toBe('1d02h');
  });
  it('formats a start time relative to now (local time)', () => {
    const now = new Date(2024, 5, 15, 12, 0).getTime();
    expect(formatStartTime(new Date(2024, 5, 15, 9, 7).getTime(), now)).toBe('09:07');
    expect(formatStartTime(new Date(2024, 0, 5, 23, 59).getTime(), now)).toBe('Jan 05');
    expect(formatStartTime(new Date(2023, 11, 31, 23, 59).getTime(), now)).toBe('2023');
  });
});

describe('display width', () => {
  it('counts ASCII as 1, CJK and emoji as 2, combining marks as 0', () => {
    expect(displayWidth('')).toBe(0);
    expect(displayWidth('hello')).toBe(5);
    expect(displayWidth('日本語')).toBe(6);
    expect(displayWidth('한국')).toBe(4);
    expect(displayWidth('ｆｕｌｌ')).toBe(8);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('a\u200bb')).toBe(2);
    expect(displayWidth('🚀x')).toBe(3);
    expect(displayWidth('│─┬├└▲▼…')).toBe(8);
  });
  it('cuts by display width without splitting a wide char or dropping combining marks', () => {
    expect(cutToWidth('abcdef', 3)).toBe('abc');
    expect(cutToWidth('日本語', 3)).toBe('日');
    expect(cutToWidth('日本語', 4)).toBe('日本');
    expect(cutToWidth('ae\u0301b', 2)).toBe('ae\u0301');
    expect(cutToWidth('abc', 0)).toBe('');
  });
  it('truncates with an ellipsis only when something is cut', () => {
    expect(truncateToWidth('abc', 3)).toBe('abc');
    expect(truncateToWidth('abcdef', 4)).toBe('abc…');
    expect(truncateToWidth('日本語', 4)).toBe('日…');
    expect(truncateToWidth('日本語', 5)).toBe('日本…');
    expect(displayWidth(truncateToWidth('日本語テキスト', 7))).toBeLessThanOrEqual(7);
    expect(truncateToWidth('abc', 1)).toBe('…');
    expect(truncateToWidth('abc', 0)).toBe('');
  });
  it('cuts at the start keeping the end (a path keeps its file name)', () => {
    expect(cutStart('/usr/lib/libc.so.6', 18)).toBe('/usr/lib/libc.so.6');
    expect(cutStart('/usr/lib/libc.so.6', 10)).toBe('…libc.so.6');
    expect(cutStart('日本語', 5)).toBe('…本語');
    expect(cutStart('abc', 1)).toBe('…');
    expect(cutStart('abc', 0)).toBe('');
  });
  it('pads to an exact width in every alignment', () => {
    expect(padToWidth('ab', 5)).toBe('ab   ');
    expect(padToWidth('ab', 5, 'right')).toBe('   ab');
    expect(padToWidth('ab', 5, 'center')).toBe(' ab  ');
    expect(padToWidth('日本', 6, 'right')).toBe('  日本');
    expect(padToWidth('abcdef', 4)).toBe('abc…');
    // a wide char that does not fit leaves a space
    expect(padToWidth('日本語', 4)).toBe('日… ');
    expect(displayWidth(padToWidth('日本語', 4))).toBe(4);
    expect(padToWidth('x', 0)).toBe('');
    // the runs of spaces are cached by length, and long ones made as needed
    expect(padToWidth('x', 300)).toBe('x' + ' '.repeat(299));
    expect(spaces(7)).toBe('       ');
    expect(spaces(0)).toBe('');
    expect(spaces(256)).toHaveLength(256);
  });
});
