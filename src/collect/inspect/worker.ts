// The detail view's inspection worker (a worker_thread; built as dist/inspect-worker.mjs): runs
// inspectProcess off the main thread, so reading 10,000 fds or mappings never holds up a key.
// One request at a time, in order (./worker-wire.ts has the messages). It keeps the previous
// reading of the PID it reads (thread CPU% deltas, fds reused: ./fds.ts) while the client says the
// viewing goes on. The first reading of the fds of a process comes in two parts: a quick one
// (targets, kinds and sockets; fdinfo only for the lowest QUICK_FDINFO fds) for the first paint,
// then the complete one.

import { parentPort, workerData } from 'node:worker_threads';
import { fdinfoPending } from './fds.js';
import { inspectProcess } from './inspect.js';
import type { FdsSection, Inspection } from './types.js';
import { ReadingEncoder, WORKER_MARK, type WireReply, type WireRequest } from './worker-wire.js';

/** fdinfo read in the quick first reading: the fds a first screen shows (they are in fd order). */
export const QUICK_FDINFO = 256;

/** The worker's side, apart from the port (tests drive it directly). */
export class InspectWorker {
  private pid = -1;
  private withThreads: Inspection | null = null;
  private fds: FdsSection | null = null;
  private readonly encoder = new ReadingEncoder();

  constructor(private readonly post: (r: WireReply) => void) {}

  handle(req: WireRequest): void {
    if (req.pid !== this.pid || !req.continued) {
      this.pid = req.pid;
      this.withThreads = null;
      this.fds = null;
    }
    try {
      const quick = req.sections.includes('fds') && this.fds === null;
      const r = inspectProcess(req.pid, {
        sections: req.sections,
        previous: this.withThreads,
        previousFds: this.fds,
        fdinfoLimit: quick ? QUICK_FDINFO : undefined,
      });
      if (r === null) {
        this.post({ id: req.id, kind: 'gone' });
        return;
      }
      this.keep(r);
      const fds = r.sections.fds;
      if (fds === undefined || !fdinfoPending(fds)) {
        this.post(this.encoder.encode(req.id, r, true));
        return;
      }
      this.post(this.encoder.encode(req.id, r, false));
      const more = inspectProcess(req.pid, { sections: ['fds'], previousFds: fds });
      const full = more?.sections.fds ? { ...r, sections: { ...r.sections, fds: more.sections.fds } } : r;
      this.keep(full);
      this.post(this.encoder.encode(req.id, full, true));
    } catch (e) {
      this.post({ id: req.id, kind: 'error', message: e instanceof Error ? e.message : String(e) });
    }
  }

  private keep(r: Inspection): void {
    if (r.sections.threads) this.withThreads = r;
    if (r.sections.fds) this.fds = r.sections.fds;
  }
}

if (parentPort && workerData === WORKER_MARK) {
  const port = parentPort;
  const worker = new InspectWorker((r) => port.postMessage(r));
  port.on('message', (req: WireRequest) => worker.handle(req));
}
