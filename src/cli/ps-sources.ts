// The per-process /proc sources a ps-mode run reads (its columns', its sort column's, and JSON's
// fixed set), and what the bin needs to know to start reading the default columns' files before
// the bundle is even compiled (scripts/build.mjs, read.ts takeEarlyBatch): those files, and the
// arguments that print no table.

import { OPTIONS } from './args.js';
import { firstScanFiles } from '../collect/sampler.js';
import type { ProcSource } from '../collect/types.js';
import { getColumnKind, sourcesFor } from '../model/columns/registry.js';
import type { ColumnKind } from '../model/columns/types.js';
import { defaultConfig } from '../model/config/defaults.js';
import type { ColumnConfig } from '../model/config/types.js';
import { requiredSources } from '../model/table.js';
import { JSON_SOURCES } from '../render/json.js';

export function psSources(columns: readonly ColumnConfig[], sortKind: ColumnKind, json: boolean): Set<ProcSource> {
  const needs = new Set<ProcSource>(requiredSources(columns));
  for (const src of sourcesFor([sortKind])) needs.add(src);
  if (json) for (const src of JSON_SOURCES) needs.add(src);
  return needs;
}

/** The files a plain `ptop` (ps mode, the built-in columns and sort) reads ahead in its first scan. */
export function defaultFirstScanFiles(): string[] {
  const config = defaultConfig();
  return firstScanFiles(psSources(config.columns, getColumnKind(config.sort.column)!, false));
}

/** The arguments after which ptop prints no process table (--help and the like), short and long. */
export function argsWithoutTable(): string[] {
  return OPTIONS.filter((o) => o.exits).flatMap((o) => [`--${o.name}`, ...(o.short ? [`-${o.short}`] : [])]);
}
