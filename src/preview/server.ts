import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { templateFile } from '../render/template-file.js';
import { watch, type FSWatcher } from 'chokidar';
import { InvalidInputError, type Diagnostic } from '../diagnostics.js';
import { COMBINED_SUFFIX } from '../build/build.js';
import { KINDS } from '../kinds/index.js';
import type { Doc, Project } from '../kinds/kind.js';
import { combineDocuments, renderDocument, type RenderedDocument } from '../render/document.js';
import { renderDocx } from '../render/docx/index.js';
import { renderPdf } from '../render/pdf/index.js';
import { fontFiles } from '../render/fonts.js';
import { compileTemplate } from '../render/template.js';
import { computedValues } from './computed.js';
import { indexPage, messagePage, missingPage, sourcePage } from './page.js';
import { enteOf, loadWorkspace, type SourceState, type ValidationCache, type Workspace } from './workspace.js';

export interface PreviewOptions {
  contentDir: string;
  templatesDir: string;
  display: (p: string) => string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** How long to wait after a change for more changes (an editor's save is often several writes). */
  settleMs?: number;
  /** Messages for the terminal (Italian). */
  log?: (s: string) => void;
}

export interface PreviewServer {
  url: string;
  port: number;
  /** Stops watching, closes the connections and the server. */
  close(): Promise<void>;
  /** Resolves after the reload that follows the changes seen so far (for tests). */
  settled(): Promise<void>;
}

/** The last valid state of a source, kept to show (greyed) while the source is broken. */
interface Snapshot {
  doc: Doc;
  project: Project;
  /** When it became this (local time). */
  at: string;
}

const HOST = '127.0.0.1';
/** The font files the page may load, by the name in its address (nothing else is served from disk). */
const FONTS = new Map(Object.entries(fontFiles()).map(([style, file]) => [`${style}.ttf`, file]));
const clock = () => new Date().toLocaleTimeString('it-IT', { hour12: false });

/**
 * `albo anteprima`: a local web server (127.0.0.1 only) that shows each source rendered by the HTML writer
 * from the same tree as the PDF and DOCX, with its problems in place, and pushes a server-sent event to the
 * open pages after every change under content/ or templates/. Nothing is written to disk: PDF and DOCX are
 * built in memory on request.
 */
export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const log = options.log ?? (() => {});
  const settleMs = options.settleMs ?? 100;
  const cache: ValidationCache = new Map();
  let ws: Workspace = await loadWorkspace(options.contentDir, options.display, cache);
  let updatedAt = clock();
  let version = 1;
  /** Problems of the preview itself (a template that does not compile), shown on every page. */
  let internal: Diagnostic[] = [];
  const lastValid = new Map<string, Snapshot>();
  const renders = new Map<string, { version: number; doc: Doc; rendered?: RenderedDocument; error?: Diagnostic[] }>();
  const binaries = new Map<string, { version: number; bytes: Uint8Array }>();
  /** Ids of sources seen, to follow a renamed file to its new name. */
  const idOf = new Map<string, string>();
  const clients = new Set<ServerResponse>();

  const remember = () => {
    for (const s of ws.byRel.values()) {
      if (s.id) idOf.set(s.rel, s.id);
      const project = enteOf(ws, s)?.project;
      if (!s.doc || !project) continue;
      const previous = lastValid.get(s.rel);
      lastValid.set(s.rel, { doc: s.doc, project, at: previous?.doc === s.doc ? previous.at : clock() });
    }
  };
  remember();

  /** The document of a source as it is now, or as it last was when valid. */
  async function render(state: SourceState): Promise<{ rendered?: RenderedDocument; error?: Diagnostic[]; snapshot?: Snapshot; stale: boolean }> {
    const project = enteOf(ws, state)?.project;
    const current = state.doc && project ? { doc: state.doc, project, at: updatedAt } : undefined;
    const snapshot = current ?? lastValid.get(state.rel);
    if (!snapshot) return { stale: false };
    const stale = !current;
    const cached = renders.get(state.rel);
    if (cached?.version === version && cached.doc === snapshot.doc) return { ...cached, snapshot, stale };
    const result: { rendered?: RenderedDocument; error?: Diagnostic[] } = {};
    const one = async (doc: Doc) => {
      const file = templateFile(snapshot.project.dir, options.templatesDir, doc.kind.template);
      const template = compileTemplate(await readFile(file, 'utf8'), options.display(file));
      return renderDocument(doc, snapshot.project, template, {}, doc.kind.variants?.(doc)[0]?.name);
    };
    try {
      // As "albo build" makes it: a notice (or a regulation) with its attachments, each from a new page.
      const main = await one(snapshot.doc);
      const attached = snapshot.doc.kind.attachments?.(snapshot.doc, snapshot.project) ?? [];
      const parts = [main];
      for (const a of attached) parts.push(await one(a));
      result.rendered = attached.length ? combineDocuments(parts, main.meta) : main;
    } catch (e) {
      const missing = (e as NodeJS.ErrnoException).code === 'ENOENT' ? (e as NodeJS.ErrnoException).path : undefined;
      if (e instanceof InvalidInputError) result.error = e.diagnostics;
      else if (missing) result.error = [{ file: options.display(missing), severity: 'errore', message: 'manca il modello di questo tipo di documento' }];
      else result.error = [{ file: state.file, severity: 'errore', message: `errore interno nell'anteprima: ${(e as Error).message}` }];
    }
    renders.set(state.rel, { version, doc: snapshot.doc, ...result });
    return { ...result, snapshot, stale };
  }

  async function page(state: SourceState, dal?: string): Promise<string> {
    const ente = enteOf(ws, state)!;
    const { rendered, error, snapshot, stale } = await render(state);
    // Problems of the ente as a whole (its ente.yaml) concern every one of its sources.
    const diagnostics = [...internal, ...ente.configDiagnostics, ...(stale ? [] : (error ?? [])), ...state.diagnostics];
    return sourcePage({
      rel: state.rel,
      file: state.file,
      titolo: state.titolo ?? rendered?.meta.titolo ?? state.id ?? state.rel,
      ente: ente.nome,
      tipo: state.tipo,
      diagnostics,
      rendered,
      stale,
      renderedAt: snapshot?.at,
      locate: { source: state.source, config: ente.config, sections: state.tipo ? KINDS[state.tipo]?.sections : undefined, renderedData: snapshot?.doc.data },
      computed: rendered && snapshot ? computedValues(snapshot.doc, snapshot.project, dal) : [],
      dal,
      combined: Boolean(snapshot?.doc.kind.attachments?.(snapshot.doc, snapshot.project).length),
      valid: Boolean(rendered) && !stale,
      updatedAt,
    });
  }

  async function binary(state: SourceState, ext: 'pdf' | 'docx'): Promise<Uint8Array | undefined> {
    const key = `${ext}:${state.rel}`;
    const cached = binaries.get(key);
    if (cached?.version === version) return cached.bytes;
    const { rendered, stale } = await render(state);
    if (!rendered || stale) return undefined;
    const bytes = ext === 'pdf' ? await renderPdf(rendered) : await renderDocx(rendered);
    binaries.set(key, { version, bytes });
    return bytes;
  }

  const send = (res: ServerResponse, status: number, type: string, body: string | Uint8Array, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', ...headers });
    res.end(body);
  };
  const html = 'text/html; charset=utf-8';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Bound to 127.0.0.1, and only answering to its own address: another site cannot reach it by DNS rebinding.
    const host = req.headers.host ?? '';
    if (host !== `${HOST}:${port}` && host !== `localhost:${port}`) return send(res, 403, html, messagePage('Accesso negato', 'L\'anteprima risponde solo su questo computer.'));
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, html, messagePage('Richiesta non ammessa', 'Solo lettura.'));
    const url = new URL(req.url ?? '/', `http://${host}`);
    let parts: string[];
    try {
      parts = url.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
    } catch {
      return send(res, 404, html, messagePage('Pagina non trovata', 'Indirizzo non valido.'));
    }
    if (url.pathname === '/eventi') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(`retry: 1000\nevent: versione\ndata: ${version}\n\n`);
      clients.add(res);
      req.on('close', () => clients.delete(res));
      return;
    }
    if (parts[0] === 'carattere' && parts.length === 2 && FONTS.has(parts[1]!)) {
      // The documents' own font (Titillium Web, OFL), so the page looks like the PDF, offline.
      return send(res, 200, 'font/ttf', await readFile(FONTS.get(parts[1]!)!), { 'Cache-Control': 'max-age=3600' });
    }
    if (url.pathname === '/') return send(res, 200, html, indexPage(ws, updatedAt, undefined, options.display));
    if (parts[0] === 'ente') {
      const ente = ws.enti.find((e) => path.relative(ws.contentDir, e.dir).split(path.sep).join('/') === parts.slice(1).join('/'));
      return ente ? send(res, 200, html, indexPage(ws, updatedAt, ente.dir, options.display)) : send(res, 404, html, messagePage('Ente non trovato', `Nessun ente in «${parts.slice(1).join('/')}».`));
    }
    if (parts[0] === 'sorgente') {
      const rel = parts.slice(1).join('/');
      const state = ws.byRel.get(rel);
      if (!state) {
        const id = idOf.get(rel);
        const moved = id ? [...ws.byRel.values()].find((s) => s.id === id && s.rel !== rel) : undefined;
        return send(res, 404, html, missingPage(rel, moved?.rel));
      }
      const dal = url.searchParams.get('dal') ?? undefined;
      return send(res, 200, html, await page(state, dal || undefined));
    }
    if (parts[0] === 'file' && (parts[1] === 'pdf' || parts[1] === 'docx')) {
      const ext = parts[1];
      const state = ws.byRel.get(parts.slice(2).join('/'));
      if (!state) return send(res, 404, html, messagePage('Documento non trovato', 'Il sorgente non c\'è più: è stato rinominato o cancellato.'));
      const bytes = await binary(state, ext);
      if (!bytes) return send(res, 409, html, messagePage('Documento non generabile', `«${state.file}» ha errori: correggili (vedi l'anteprima) per ottenere il ${ext.toUpperCase()}.`));
      const combined = Boolean(state.doc?.kind.attachments?.(state.doc, enteOf(ws, state)!.project!).length);
      const name = path.basename(state.rel, '.md') + (combined ? COMBINED_SUFFIX : '') + '.' + ext;
      const type = ext === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
      return send(res, 200, type, bytes, { 'Content-Disposition': `${ext === 'pdf' ? 'inline' : 'attachment'}; filename="${name.replace(/[^\w.-]/g, '_')}"` });
    }
    return send(res, 404, html, messagePage('Pagina non trovata', 'Torna all\'elenco dei documenti.'));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: Error) => {
      log(`albo anteprima: errore interno: ${e.message}`);
      if (!res.headersSent) send(res, 500, html, messagePage('Errore interno', `L'anteprima non è riuscita a preparare la pagina: ${e.message}`));
      else res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, HOST, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  // Changes are coalesced: a reload starts `settleMs` after the last event, and one that arrives while
  // reloading schedules exactly one more.
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let dirty = false;
  let closed = false;
  const reload = async () => {
    try {
      ws = await loadWorkspace(options.contentDir, options.display, cache);
      internal = [];
    } catch (e) {
      internal = [{ file: options.display(options.contentDir), severity: 'errore', message: `errore interno nel rileggere i sorgenti: ${(e as Error).message}` }];
    }
    remember();
    version++;
    updatedAt = clock();
    for (const c of clients) c.write(`event: aggiornamento\ndata: ${version}\n\n`);
  };
  const schedule = () => {
    if (closed) return;
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(async () => {
        if (!dirty || closed) return;
        dirty = false;
        await reload();
      });
    }, settleMs);
  };
  // A comment line now and then keeps idle event streams open through anything that times them out.
  const heartbeat = setInterval(() => {
    for (const c of clients) c.write(': \n\n');
  }, 25_000);
  heartbeat.unref();
  const watcher: FSWatcher = watch([options.contentDir, options.templatesDir], {
    ignoreInitial: true,
    // Sources, configurations and templates; editors' swap and backup files are not.
    ignored: (p, stats) => Boolean(stats?.isFile()) && !/\.(md|ya?ml|hbs)$/i.test(p),
  });
  watcher.on('all', schedule);
  watcher.on('error', (e) => log(`albo anteprima: errore nel controllo dei file: ${(e as Error).message}`));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    url: `http://${HOST}:${port}/`,
    port,
    settled: async () => {
      await new Promise((r) => setTimeout(r, settleMs + 20));
      await running;
    },
    close: async () => {
      closed = true;
      clearTimeout(timer);
      clearInterval(heartbeat);
      await watcher.close();
      for (const c of clients) c.end();
      clients.clear();
      await running;
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

