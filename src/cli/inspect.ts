// `ptop inspect PID [--json] [--section LIST] [--width N]`: one process looked at closely, as the
// sectioned text report (src/render/inspect-text.ts) or as the Inspection in JSON. Bad usage
// exits 2, a PID with no process exits 1, both with one line on stderr.

import { parseArgs } from 'node:util';
import { inspectProcess } from '../collect/inspect/inspect.js';
import { SECTION_NAMES, type SectionName } from '../collect/inspect/types.js';
import { renderInspectionText } from '../render/inspect-text.js';

export const INSPECT_USAGE = [
  'Usage: ptop inspect PID [--json] [--section LIST] [--width N]',
  '',
  'Print everything about one process: state, memory, maps, fds, threads, environment.',
  '',
  '  --json           the Inspection as JSON (every field, real numbers: bytes, seconds, ms)',
  `  --section LIST   only these sections, comma-separated: ${SECTION_NAMES.join(',')}`,
  '  --width N        cut lines to N columns (0 = never); default: the terminal width, none on a pipe',
  '  -h, --help       show this help',
].join('\n');

export interface InspectIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: { write(s: string): unknown };
}

/** Write everything, then resolve; a closed pipe (`ptop inspect 1 | head`) is a normal end. */
function write(out: InspectIo['stdout'], text: string): Promise<number> {
  return new Promise((resolve) => {
    out.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EPIPE' ? 0 : 1));
    out.write(text, () => resolve(0));
  });
}

function usage(io: InspectIo, message: string): number {
  io.stderr.write(`ptop: ${message}\nTry 'ptop inspect --help'.\n`);
  return 2;
}

/** Run `ptop inspect` with the arguments after "inspect"; resolves with the exit status. */
export async function runInspect(argv: string[], io: InspectIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean' },
        section: { type: 'string', multiple: true },
        sections: { type: 'string', multiple: true },
        width: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    return usage(io, (e as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
  const v = parsed.values;
  if (v.help) return write(io.stdout, INSPECT_USAGE + '\n');
  if (parsed.positionals.length === 0) return usage(io, 'inspect needs a PID');
  if (parsed.positionals.length > 1) return usage(io, `inspect takes one PID, got ${parsed.positionals.length} arguments`);
  const pidText = parsed.positionals[0];
  if (!/^\d{1,10}$/.test(pidText) || Number(pidText) <= 0 || Number(pidText) > 0x3fffffff) {
    return usage(io, `'${pidText}' is not a PID (a positive whole number)`);
  }
  const pid = Number(pidText);

  let sections: SectionName[] | undefined;
  const lists = [...(v.section ?? []), ...(v.sections ?? [])];
  if (lists.length > 0) {
    sections = [];
    for (const name of lists.join(',').split(',')) {
      const n = name.trim().toLowerCase();
      if (n === '') continue;
      const found = SECTION_NAMES.find((s) => s === n || (n.length >= 2 && s.startsWith(n)));
      if (!found) return usage(io, `unknown section '${name.trim()}' (sections: ${SECTION_NAMES.join(', ')})`);
      if (!sections.includes(found)) sections.push(found);
    }
    if (sections.length === 0) return usage(io, '--section needs at least one section');
  }

  let width = 0;
  if (v.width !== undefined) {
    const n = Number(v.width);
    if (v.width.trim() === '' || !Number.isFinite(n) || n < 0) return usage(io, `--width needs a number >= 0, got '${v.width}'`);
    width = Math.floor(n);
  } else if (io.stdout.isTTY && io.stdout.columns) width = io.stdout.columns;

  const ins = inspectProcess(pid, { sections });
  if (ins === null) {
    io.stderr.write(`ptop: no process with PID ${pid}\n`);
    return 1;
  }
  return write(io.stdout, v.json ? JSON.stringify(ins, null, 2) + '\n' : renderInspectionText(ins, { width }));
}
