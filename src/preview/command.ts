import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE } from '../build/project.js';
import { sourceUrl } from './page.js';
import { startPreview } from './server.js';
import { leavesBase } from '../paths.js';

export interface PreviewCommand {
  contentDir: string;
  templatesDir: string;
  /** A source file or an ente's folder (absolute), or none for all of content/. */
  target?: string;
  port?: string;
  out: (s: string) => void;
  err: (s: string) => void;
  display: (p: string) => string;
  /** Resolves when the preview should stop (Ctrl-C by default). */
  stop?: Promise<unknown>;
}

/**
 * What `albo anteprima <what>` names, as an absolute path: a source or folder from the current folder, or
 * else from content/ (an ente by its name, «capannori», as the other commands take it). A name that is
 * neither stays as given from the current folder, for the message that says so.
 */
export function previewTarget(what: string, cwd: string, contentDir: string): string {
  const here = path.resolve(cwd, what);
  if (existsSync(here)) return here;
  const inContent = path.resolve(contentDir, what);
  return existsSync(inContent) ? inContent : here;
}

/** Ctrl-C (SIGINT) or SIGTERM: the preview closes its server and watcher, and albo exits 0. */
function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
}

/** `albo anteprima [sorgente|ente]`: runs the preview until stopped; returns the exit code. */
export async function previewCommand(c: PreviewCommand): Promise<number> {
  let port = 0;
  if (c.port !== undefined) {
    if (!/^\d{1,5}$/.test(c.port) || Number(c.port) > 65535) {
      c.err(`albo anteprima: porta non valida «${c.port}» (es. --porta 8080; senza --porta ne sceglie una libera)`);
      return 1;
    }
    port = Number(c.port);
  }
  let page = '/';
  if (c.target) {
    const rel = path.relative(c.contentDir, c.target);
    if (!existsSync(c.target) || leavesBase(rel)) {
      c.err(`albo anteprima: «${c.display(c.target)}» non è un sorgente né la cartella di un ente dentro ${c.display(c.contentDir)}`);
      return 1;
    }
    const relUrl = rel.split(path.sep).join('/');
    if (statSync(c.target).isDirectory()) {
      if (!existsSync(path.join(c.target, CONFIG_FILE))) {
        c.err(`albo anteprima: la cartella «${c.display(c.target)}» non ha un ${CONFIG_FILE}: indica la cartella di un ente o un sorgente .md`);
        return 1;
      }
      page = relUrl ? `/ente/${relUrl.split('/').map(encodeURIComponent).join('/')}` : '/';
    } else if (c.target.endsWith('.md')) page = sourceUrl(relUrl);
    else {
      c.err(`albo anteprima: «${c.display(c.target)}» non è un sorgente .md`);
      return 1;
    }
  }
  let server;
  try {
    server = await startPreview({ contentDir: c.contentDir, templatesDir: c.templatesDir, display: c.display, port, log: c.err });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      c.err(`albo anteprima: la porta ${port} è già occupata: scegline un'altra con --porta, o ometti --porta per una libera`);
      return 1;
    }
    throw e;
  }
  c.out(`Anteprima su ${server.url.replace(/\/$/, '')}${page}`);
  c.err('Si aggiorna a ogni salvataggio dei sorgenti. Ctrl-C per fermarla.');
  await (c.stop ?? untilSignal());
  await server.close();
  c.err('Anteprima fermata.');
  return 0;
}
