// The main thread's side of the inspection worker (./worker.ts): an AsyncInspector that sends each
// request to the worker and rebuilds its readings (./worker-wire.ts). The worker file is
// inspect-worker.mjs next to the bundle that holds this code (dist/ after `npm run build`); when
// it is not there (running from the TypeScript sources) workerInspector() returns null and the
// caller reads in-process. The thread starts on the first request and never keeps ptop running.
// When it cannot start or dies, every request fails with `unavailable` set, for the caller to
// read in-process from then on.

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Inspection, SectionName } from './types.js';
import { ReadingDecoder, WORKER_MARK, type WireReply, type WireRequest } from './worker-wire.js';

export interface AsyncInspectOptions {
  sections: readonly SectionName[];
  /** the caller holds earlier readings of this PID from the same viewing (see WireRequest) */
  continued: boolean;
}

/** A collector off the main thread. */
export interface AsyncInspector {
  /**
   * Read `pid`: `deliver` gets each reading (null: the process is gone); a quick one may come
   * before the complete one. Resolves after the last; rejects when the reading failed (the words
   * in the message), with `unavailable: true` on the error when the collector cannot work at all.
   */
  inspect(pid: number, opts: AsyncInspectOptions, deliver: (r: Inspection | null) => void): Promise<void>;
  /** Stop the thread (pending requests fail as unavailable). */
  close(): void;
}

/** The collector cannot work (the worker did not start, or died). */
export class CollectorUnavailable extends Error {
  readonly unavailable = true;
}

/** The built worker next to this module's bundle. */
export function defaultWorkerUrl(): URL {
  return new URL('./inspect-worker.mjs', import.meta.url);
}

/** An AsyncInspector on a worker thread, or null when the worker file is not there. */
export function workerInspector(url: URL = defaultWorkerUrl()): AsyncInspector | null {
  if (url.protocol !== 'file:' || !existsSync(fileURLToPath(url))) return null;
  return new WorkerInspector(url);
}

interface Pending {
  deliver: (r: Inspection | null) => void;
  resolve: () => void;
  reject: (e: Error) => void;
}

class WorkerInspector implements AsyncInspector {
  private worker: Worker | null = null;
  private dead: string | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly decoder = new ReadingDecoder();

  constructor(private readonly url: URL) {}

  inspect(pid: number, opts: AsyncInspectOptions, deliver: (r: Inspection | null) => void): Promise<void> {
    if (this.dead !== null) return Promise.reject(new CollectorUnavailable(this.dead));
    const w = this.start();
    if (w === null) return Promise.reject(new CollectorUnavailable(this.dead ?? 'the inspection worker did not start'));
    const id = this.nextId++;
    const req: WireRequest = { id, pid, sections: [...opts.sections], continued: opts.continued };
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { deliver, resolve, reject });
      w.ref(); // a reading under way keeps the event loop alive
      w.postMessage(req);
    });
  }

  close(): void {
    this.fail('the inspection worker was closed');
  }

  private start(): Worker | null {
    if (this.worker) return this.worker;
    try {
      const w = new Worker(this.url, { workerData: WORKER_MARK });
      w.on('message', (m: WireReply) => this.receive(m));
      w.on('error', (e) => this.fail(`the inspection worker failed: ${e.message}`));
      w.on('exit', (code) => this.fail(`the inspection worker exited (${code})`));
      w.unref();
      this.worker = w;
      return w;
    } catch (e) {
      this.dead = `the inspection worker did not start: ${e instanceof Error ? e.message : String(e)}`;
      return null;
    }
  }

  private receive(m: WireReply): void {
    let ins: Inspection | null = null;
    if (m.kind === 'reading') {
      // every reading is decoded, wanted or not: the decoder must stay in step with the worker
      try {
        ins = this.decoder.decode(m);
      } catch (e) {
        this.fail(`a reading of the inspection worker did not fit: ${e instanceof Error ? e.message : String(e)}`);
        return;
      }
    }
    const p = this.pending.get(m.id);
    if (p === undefined) return;
    const done = m.kind !== 'reading' || m.final;
    if (done) this.settled(m.id);
    if (m.kind === 'error') {
      p.reject(new Error(m.message));
      return;
    }
    try {
      p.deliver(ins);
    } catch (e) {
      if (!done) this.settled(m.id);
      p.reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    if (done) p.resolve();
  }

  private settled(id: number): void {
    this.pending.delete(id);
    if (this.pending.size === 0) this.worker?.unref();
  }

  private fail(why: string): void {
    if (this.dead === null) this.dead = why;
    const w = this.worker;
    this.worker = null;
    if (w) {
      w.removeAllListeners();
      w.on('error', () => {}); // late errors of a thread being stopped
      void w.terminate();
    }
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const p of pending) p.reject(new CollectorUnavailable(this.dead));
  }
}
