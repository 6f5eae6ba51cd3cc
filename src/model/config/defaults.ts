// The built-in configuration. A user's config file is merged over this (see load.ts).

import type { ColumnConfig, Config, StyleConfig } from './types.js';

export function defaultColumns(): ColumnConfig[] {
  const col = (kind: string, extra: Partial<ColumnConfig> = {}): ColumnConfig => ({
    kind,
    numericSearch: false,
    nonnumericSearch: false,
    ...extra,
  });
  return [
    col('Pid', { numericSearch: true }),
    col('User', { nonnumericSearch: true }),
    col('Separator'),
    col('State'),
    col('UsageCpu', { style: 'ByPercentage', align: 'right' }),
    col('UsageMem', { style: 'ByPercentage', align: 'right' }),
    col('VmRss', { style: 'ByUnit', align: 'right' }),
    col('CpuTime', { align: 'right' }),
    col('Separator'),
    col('Command', { nonnumericSearch: true }),
  ];
}

/** procs' defaults: "DARK|LIGHT" pairs */
export function defaultStyle(): StyleConfig {
  return {
    header: 'BrightWhite|Black',
    unit: 'BrightWhite|Black',
    tree: 'BrightWhite|Black',
    byPercentage: {
      color000: 'BrightBlue|Blue',
      color025: 'BrightGreen|Green',
      color050: 'BrightYellow|Yellow',
      color075: 'BrightRed|Red',
      color100: 'BrightRed|Red',
    },
    byState: {
      colorD: 'BrightRed|Red',
      colorR: 'BrightGreen|Green',
      colorS: 'BrightBlue|Blue',
      colorT: 'BrightCyan|Cyan',
      colorZ: 'BrightMagenta|Magenta',
      colorX: 'BrightMagenta|Magenta',
      colorK: 'BrightYellow|Yellow',
      colorW: 'BrightYellow|Yellow',
      colorP: 'BrightYellow|Yellow',
    },
    byUnit: {
      colorK: 'BrightBlue|Blue',
      colorM: 'BrightGreen|Green',
      colorG: 'BrightYellow|Yellow',
      colorT: 'BrightRed|Red',
      colorP: 'BrightRed|Red',
      colorX: 'BrightBlue|Blue',
    },
  };
}

/** A fresh copy of the built-in configuration (callers may mutate it). */
export function defaultConfig(): Config {
  return {
    columns: defaultColumns(),
    style: defaultStyle(),
    search: {
      numericSearch: 'exact',
      nonnumericSearch: 'partial',
      logic: 'and',
      case: 'smart',
    },
    display: {
      theme: 'dark',
      color: 'auto',
      showSelf: false,
      showThreads: false,
      showKthreads: false,
      showHeader: true,
      cutToTerminal: true,
      cutToPipe: false,
      separator: '│',
      ascending: '▲',
      descending: '▼',
      treeSymbols: ['│', '─', '┬', '├', '└', '+'],
    },
    // ps mode expects pid order; the interactive UI picks its own initial sort
    sort: { column: 'Pid', order: 'ascending' },
    refresh: { intervalMs: 1000, psSampleMs: 0 },
    keys: {},
    strace: { args: [], stringLimit: 64, bufferLines: 10_000, slowMs: 10 },
    actions: { coreDir: null, coreConfirmBytes: 1024 ** 3 },
  };
}
