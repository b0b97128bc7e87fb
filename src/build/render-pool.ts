import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { DocumentMeta, RenderedDocument } from '../render/document.js';

export type Format = 'pdf' | 'docx';

/**
 * One file to write: the tree as JSON without source positions (what the build's key hashes), deflated
 * (see packTree), and the document's metadata.
 */
export interface RenderTask {
  format: Format;
  tree: Uint8Array;
  meta: DocumentMeta;
}

/**
 * A tree's JSON as it waits to be written and travels to a thread: about 90 KB a card, deflated at the
 * fastest level to about a tenth, for well under a millisecond each way. When every tree waited for the
 * last one, this alone took a 2.000-card build on one thread from 1.231 to 1.060 MB at its peak; with the
 * writers taking trees as they come (src/build/render-queue.ts) it still does: 868 against 954 MB on all
 * cores, the same build measured once each way.
 */
export const packTree = (json: string): Uint8Array => deflateRawSync(json, { level: 1 });

/** A task's tree as the JSON the build's key hashed. */
export const taskTree = (task: RenderTask): string => inflateRawSync(task.tree).toString('utf8');

/** The document a writer receives, back from a task (writers read neither positions nor the Markdown). */
export const taskDocument = (task: RenderTask): RenderedDocument => ({ tree: JSON.parse(taskTree(task)) as RenderedDocument['tree'], markdown: '', meta: task.meta });

/** Turns a document tree into a file's bytes; the same bytes whichever thread does it. */
export interface Renderer {
  render(task: RenderTask): Promise<Uint8Array>;
  /** How many documents are worth having in flight at once. */
  readonly width: number;
  close(): Promise<void>;
}

/** Renders in this thread, loading the writers on first use. */
export function inProcessRenderer(): Renderer {
  // Each writer loads when a document needs it (pdfmake alone takes over 100 ms to load).
  let pdf: Promise<typeof import('../render/pdf/index.js')> | undefined;
  let docx: Promise<typeof import('../render/docx/index.js')> | undefined;
  return {
    width: 1,
    async render(task) {
      if (task.format === 'pdf') return (await (pdf ??= import('../render/pdf/index.js'))).renderPdf(taskDocument(task));
      return (await (docx ??= import('../render/docx/index.js'))).renderDocx(taskDocument(task));
    },
    close: async () => undefined,
  };
}

/** The compiled worker (dist/build/render-worker.js); absent when the TypeScript sources run. */
export const WORKER = fileURLToPath(new URL('./render-worker.js', import.meta.url));

/**
 * How many threads render: ALBO_THREADS if set (1 = this thread only, as a single-threaded build),
 * else one per core.
 */
export function threadCount(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.ALBO_THREADS);
  return Number.isInteger(n) && n >= 1 ? n : availableParallelism();
}

/**
 * The old-generation heap of each render thread, in MB: ALBO_THREAD_HEAP_MB if set, else 192. V8 lets an
 * unbounded heap grow long before it collects; bounded, a thread stays small whatever the number of
 * documents (500 cards on two threads: peak of the build 864 MB unbounded, 680 MB with 192 or 160).
 */
export function threadHeap(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.ALBO_THREAD_HEAP_MB);
  return Number.isInteger(n) && n >= 16 ? n : 192;
}

/**
 * Renders on `threads` worker threads (piscina), each with its fonts parsed once and a bounded heap.
 * Workers start on the first document, so a build with nothing to render starts none. A document too
 * big for a thread's heap is rendered again in this thread (the same bytes). With one thread, or where
 * the compiled worker is absent (tests run the TypeScript sources), it renders in this thread.
 */
export function createRenderer(threads = threadCount(), heap = threadHeap(), worker = WORKER): Renderer {
  if (threads <= 1 || !existsSync(worker)) return inProcessRenderer();
  let pool: Promise<import('piscina').Piscina> | undefined;
  const here = inProcessRenderer();
  const start = async () => {
    const { Piscina } = await import('piscina');
    // Workers live for the whole build: an idle one is not stopped between two documents.
    const piscina = new Piscina({ filename: worker, minThreads: threads, maxThreads: threads, idleTimeout: 60_000, resourceLimits: { maxOldGenerationSizeMb: heap } });
    // A thread that dies outside a task (its heap too small even to start): this thread renders the rest.
    piscina.on('error', (e: unknown) => {
      broken = e;
      for (const waiting of inFlight) waiting.abort();
    });
    return piscina;
  };
  let broken: unknown;
  const inFlight = new Set<AbortController>();
  return {
    width: threads * 2,
    async render(task) {
      pool ??= start();
      const piscina = await pool;
      if (broken) return here.render(task);
      const waiting = new AbortController();
      inFlight.add(waiting);
      try {
        return (await piscina.run(task, { signal: waiting.signal })) as Uint8Array;
      } catch (e) {
        // Out of memory in a task, or waiting for threads that are gone: this thread renders it.
        if ((e as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY' && !broken) throw e;
        return here.render(task);
      } finally {
        inFlight.delete(waiting);
      }
    },
    async close() {
      if (pool) await (await pool).destroy();
    },
  };
}
