// ps mode: one sample (two when CPU%/IO rates are measured over an interval), keyword filter,
// sort or tree, then the text table or JSON on stdout. Never loads Ink or React.

import { Sampler } from '../collect/sampler.js';
import { UserTable } from '../collect/users.js';
import { ttyName } from '../collect/tty.js';
import type { ProcessSample } from '../collect/types.js';
import { getColumnKind } from '../model/columns/registry.js';
import type { ColumnContext, ColumnKind } from '../model/columns/types.js';
import { filterSamples } from '../model/filter.js';
import { sortRows } from '../model/sort.js';
import { buildTree, withRelatives } from '../model/tree.js';
import { buildTable, type TableInput } from '../model/table.js';
import { renderText } from '../render/text.js';
import { renderJsonText } from '../render/json.js';
import { psSources } from './ps-sources.js';
import { writeSync } from 'node:fs';
import type { OutputKind, Settings } from './settings.js';

/** Column kinds whose values are rates over the sampling interval. */
const RATE_KINDS = new Set(['UsageCpu', 'ReadBytes', 'WriteBytes']);

/** PTOP_TIMING=1 prints how long each phase took to stderr (for `npm run bench` and profiling). */
const timing = process.env.PTOP_TIMING === '1';
let lapAt = timing ? performance.now() : 0;
let cpuAt = timing ? process.cpuUsage() : null;
function lap(name: string): void {
  if (!timing) return;
  const now = performance.now();
  const cpu = process.cpuUsage();
  const cpuMs = (cpu.user + cpu.system - cpuAt!.user - cpuAt!.system) / 1000;
  process.stderr.write(`ptop timing: ${name} ${(now - lapAt).toFixed(1)} ms, cpu ${cpuMs.toFixed(1)} ms (at ${now.toFixed(1)})\n`);
  lapAt = now;
  cpuAt = cpu;
}

/**
 * Print the table once. `out` is the terminal's stream, or null when stdout is not a terminal (a
 * pipe, a file): then the text goes to fd 1 with one write(2), without setting up a stream for it.
 */
export async function runPsMode(s: Settings, out: NodeJS.WriteStream | null): Promise<number> {
  lap('start-up');
  const { config, args } = s;
  const columns = config.columns;
  const sortKind = s.sort.kind;
  const needs = psSources(columns, sortKind, args.json);

  const sampler = new Sampler({
    showThreads: config.display.showThreads,
    showKthreads: config.display.showKthreads,
    showSelf: config.display.showSelf,
    keepFds: config.refresh.psSampleMs > 0,
  });
  let snap = sampler.sample(needs);
  lap(`sample (${snap.procs.length} processes${sampler.earlyReadTaken ? ', read early by the bin' : ''})`);
  const measuresRates = columns.some((c) => RATE_KINDS.has(getColumnKind(c.kind)?.kind ?? '')) || RATE_KINDS.has(sortKind.kind);
  if (config.refresh.psSampleMs > 0 && measuresRates) {
    await new Promise((r) => setTimeout(r, config.refresh.psSampleMs));
    snap = sampler.sample(needs);
  }

  const users = new UserTable();
  const ctx: ColumnContext = { system: snap.system, userName: (uid) => users.name(uid), ttyName };
  const matched = filterSamples(snap.procs, args.keywords, { columns, ctx, search: config.search });
  lap('filter');

  if (args.json) {
    const sorted = sortRows(matched, sortKind, s.sort.order, ctx);
    const kinds = columns.map((c) => getColumnKind(c.kind)).filter((k): k is ColumnKind => !!k);
    return write(out, renderJsonText(sorted, kinds, ctx) + '\n');
  }

  let rows: TableInput[];
  if (args.tree) {
    const set = args.keywords.length ? withRelatives(snap.procs, pidsOf(matched)) : matched.map((sample) => ({ sample }));
    rows = buildTree(set, { sortKind, order: s.sort.order, ctx, symbols: config.display.treeSymbols });
  } else {
    rows = sortRows(matched, sortKind, s.sort.order, ctx);
  }
  const kind = out ?? NOT_A_TERMINAL;
  const width = s.outputWidth(kind);
  const table = buildTable(rows, {
    columns,
    ctx,
    width,
    separator: config.display.separator,
    sort: args.tree ? null : { kind: sortKind, order: s.sort.order },
    markers: { ascending: config.display.ascending, descending: config.display.descending },
  });
  lap('sort + table');
  const lines = renderText(table, {
    width,
    header: config.display.showHeader && !args.noHeader,
    painter: s.painter(kind),
    styles: config.style,
  });
  lap('render');
  return write(out, lines.length ? lines.join('\n') + '\n' : '');
}

function pidsOf(samples: ProcessSample[]): Set<number> {
  const set = new Set<number>();
  for (const p of samples) set.add(p.isThread ? p.tid : p.pid);
  return set;
}

const NOT_A_TERMINAL: OutputKind = { isTTY: false };

/** Write everything, then resolve; a closed pipe (`ptop | head`) is a normal end, not an error. */
function write(out: NodeJS.WriteStream | null, text: string): Promise<number> {
  return out === null ? writeFd1(Buffer.from(text)) : writeStream(out, text);
}

function writeStream(out: NodeJS.WriteStream, data: string | Buffer): Promise<number> {
  return new Promise((resolve) => {
    out.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EPIPE' ? 0 : 1));
    out.write(data, () => resolve(0));
  });
}

/** write(2) to fd 1 until done; when fd 1 is non-blocking and full, process.stdout takes the rest. */
function writeFd1(bytes: Buffer): Promise<number> {
  let done = 0;
  while (done < bytes.length) {
    try {
      done += writeSync(1, bytes, done);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') return writeStream(process.stdout, bytes.subarray(done));
      return Promise.resolve(code === 'EPIPE' ? 0 : 1);
    }
  }
  return Promise.resolve(0);
}
