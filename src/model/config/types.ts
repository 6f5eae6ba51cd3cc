// The resolved configuration: the built-in defaults with the user's TOML merged over them.
// Keys mirror config.example.toml (snake_case in TOML, camelCase here).

import type { Align } from '../columns/types.js';

export interface ColumnConfig {
  /** a column kind name from the registry, or "Separator" */
  kind: string;
  /** colour spec ("BrightGreen", "BrightWhite|Black", "223", "#88c0d0") or ByPercentage/ByState/ByUnit; undefined = the kind's default */
  style?: string;
  align?: Align;
  minWidth?: number;
  maxWidth?: number;
  header?: string;
  numericSearch: boolean;
  nonnumericSearch: boolean;
}

export type SearchLogic = 'and' | 'or' | 'nand' | 'nor';
export type MatchMode = 'exact' | 'partial';
export type CaseMode = 'smart' | 'insensitive' | 'sensitive';
export type ColorMode = 'auto' | 'always' | 'never';

export interface StyleConfig {
  header: string;
  unit: string;
  tree: string;
  byPercentage: { color000: string; color025: string; color050: string; color075: string; color100: string };
  byState: { colorD: string; colorR: string; colorS: string; colorT: string; colorZ: string; colorX: string; colorK: string; colorW: string; colorP: string };
  byUnit: { colorK: string; colorM: string; colorG: string; colorT: string; colorP: string; colorX: string };
}

export interface Config {
  columns: ColumnConfig[];
  style: StyleConfig;
  search: {
    numericSearch: MatchMode;
    nonnumericSearch: MatchMode;
    logic: SearchLogic;
    case: CaseMode;
  };
  display: {
    /** theme name (a file in themes/ or the user's themes dir) or a path */
    theme: string;
    color: ColorMode;
    showSelf: boolean;
    showThreads: boolean;
    showKthreads: boolean;
    showHeader: boolean;
    /** cut lines to the terminal width when writing to a terminal / a pipe */
    cutToTerminal: boolean;
    cutToPipe: boolean;
    separator: string;
    ascending: string;
    descending: string;
    treeSymbols: [string, string, string, string, string, string];
  };
  sort: {
    /** a column kind name (case-insensitive match) */
    column: string;
    order: 'ascending' | 'descending';
  };
  refresh: {
    /** interactive refresh interval in ms */
    intervalMs: number;
    /** ps mode: ms between the two samples for CPU%/IO rates; 0 = lifetime averages, as ps does */
    psSampleMs: number;
  };
  /** action → keys, filled in by the interactive UI (issue 3); kept opaque here */
  keys: Record<string, string[]>;
  /** the strace pane (src/collect/trace/strace-session.ts) */
  strace: {
    /** extra strace arguments, placed before `-p PID` (e.g. ["-e", "trace=network"]) */
    args: string[];
    /** strace -s: characters of each string argument shown */
    stringLimit: number;
    /** lines kept in the pane's ring buffer */
    bufferLines: number;
    /** calls at least this long (ms, may be fractional) are highlighted as slow */
    slowMs: number;
  };
  /** one-key actions on a process */
  actions: {
    /** where gcore writes cores (`~/` allowed); null = $XDG_STATE_HOME/ptop-cores or ~/.local/state/ptop-cores */
    coreDir: string | null;
    /** ask before writing a core expected to be larger than this many bytes */
    coreConfirmBytes: number;
  };
}
