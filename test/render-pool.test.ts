import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRenderer, packTree, taskDocument, WORKER, type RenderTask } from '../src/build/render-pool.js';
import { warmUpSample, warmUpWriters } from '../src/render/warm-up.js';
import { ROOT } from './helpers/seed.js';

// The pool of render threads, run with stand-in workers (the real one is compiled into dist/, and parallel
// builds with it are tested end to end in parallel.test.ts): which thread renders, what a failing task does,
// a document too big for a thread's heap, a thread that cannot even start, and a pool never used.
const worker = (name: string) => path.join(ROOT, 'test/fixtures/workers', name);
const ECHO = worker('echo-worker.mjs');
const meta = (titolo: string) => ({ titolo, oggetto: 'O', autore: 'A', intestazione: 'I', piede: 'P', data: '2024-01-01', lingua: 'it-IT' });
const tree = packTree(JSON.stringify({ type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'x' }] }] }));
const task = (titolo: string, format: RenderTask['format'] = 'pdf'): RenderTask => ({ format, tree, meta: meta(titolo) });
const text = (b: Uint8Array) => new TextDecoder().decode(b);
/** The first bytes of a file this thread rendered with the real writers. */
const head = (b: Uint8Array, n: number) => text(b.slice(0, n));

describe('the render pool', () => {
  it('two threads: twice as many documents in flight; each document rendered in a worker thread, in its format', async () => {
    const r = createRenderer(2, 32, ECHO);
    try {
      expect(r.width).toBe(4);
      const out = (await Promise.all([task('a'), task('b', 'docx'), task('c'), task('d', 'docx')].map((t) => r.render(t)))).map(text);
      expect(out.map((o) => o.replace(/ \d+$/, ''))).toEqual(['pdf:a:thread', 'docx:b:thread', 'pdf:c:thread', 'docx:d:thread']);
      // Worker threads, not this one (thread 0).
      expect(out.every((o) => Number(o.split(' ').at(-1)) > 0)).toBe(true);
    } finally {
      await r.close();
    }
  }, 30_000);

  it('a task that fails in its thread fails the render with that error; the pool goes on', async () => {
    const r = createRenderer(2, 32, ECHO);
    try {
      await expect(r.render(task('errore'))).rejects.toThrow('il modello non si compila');
      expect(text(await r.render(task('dopo')))).toMatch(/^pdf:dopo:thread [1-9]/);
    } finally {
      await r.close();
    }
  }, 30_000);

  it('a document too big for a thread\'s heap is rendered again in this thread, with the real writer; the next goes to a thread', async () => {
    const r = createRenderer(2, 16, ECHO);
    try {
      expect(head(await r.render(task('memoria')), 5)).toBe('%PDF-');
      expect(text(await r.render(task('dopo', 'docx')))).toMatch(/^docx:dopo:thread [1-9]/);
    } finally {
      await r.close();
    }
  }, 30_000);

  it('threads that die while starting (heap too small even to load): every document is rendered in this thread', async () => {
    const r = createRenderer(2, 16, worker('starved-worker.mjs'));
    try {
      expect(head(await r.render(task('a')), 5)).toBe('%PDF-');
      expect(head(await r.render(task('b', 'docx')), 2)).toBe('PK');
    } finally {
      await r.close();
    }
  }, 30_000);

  it('one thread asked, or no compiled worker: this thread renders, one document at a time', async () => {
    for (const r of [createRenderer(1, 32, ECHO), createRenderer(0, 32, ECHO), createRenderer(3, 32, worker('assente.mjs'))]) {
      expect(r.width).toBe(1);
      expect(head(await r.render(task('a')), 5)).toBe('%PDF-');
      expect(head(await r.render(task('a', 'docx')), 2)).toBe('PK');
      await expect(r.close()).resolves.toBeUndefined();
    }
    // Tests run the TypeScript sources: the compiled worker is not next to them.
    expect(WORKER.endsWith(path.join('build', 'render-worker.js'))).toBe(true);
    expect(createRenderer(4, 64).width).toBe(1);
  }, 30_000);

  it('a pool never used starts no thread and closes at once', async () => {
    const r = createRenderer(2, 32, ECHO);
    expect(r.width).toBe(4);
    await expect(r.close()).resolves.toBeUndefined();
  });
});

describe("the writers' warm-up (albo build --osserva, while it waits)", () => {
  it('renders in both formats and changes nothing a later document is written as', async () => {
    const document = taskDocument(task('Scheda'));
    const [{ renderPdf }, { renderDocx }] = await Promise.all([import('../src/render/pdf/index.js'), import('../src/render/docx/index.js')]);
    const before = [await renderPdf(document), await renderDocx(document)];
    await expect(warmUpWriters()).resolves.toBeUndefined();
    expect([await renderPdf(document), await renderDocx(document)]).toEqual(before);
  }, 60_000);

  it('its sample has what acts have: headings, bold, italics, a list and a table with a right-aligned amount', () => {
    const types = new Set<string>();
    const walk = (n: { type: string; children?: unknown[] }) => {
      types.add(n.type);
      for (const c of n.children ?? []) walk(c as typeof n);
    };
    const sample = warmUpSample();
    walk(sample.tree);
    for (const t of ['heading', 'strong', 'emphasis', 'list', 'table']) expect([...types], t).toContain(t);
    expect(JSON.stringify(sample.tree)).toContain('"align":[null,"right"]');
  });
});
