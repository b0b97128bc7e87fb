import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { entryFile, keepEntry, readEntry } from '../../load/cache-entry.js';

/**
 * The page numbers of a DOCX index come from a real layout engine: LibreOffice, run headless on the DOCX
 * itself, lays it out and exports a PDF in which every bookmark is a named destination; the page of
 * each heading's bookmark is the number the index prints. Optional: without `soffice` the index is
 * written as before (Word fills it in when the document opens, after asking) and the build says so.
 */
const run = promisify(execFile);

let found: { path: string; version: string } | null | undefined;

/** LibreOffice's `soffice`, if installed (ALBO_SOFFICE names another one; "no" turns the step off). */
export function libreOffice(): { path: string; version: string } | undefined {
  if (found !== undefined) return found ?? undefined;
  const wanted = process.env.ALBO_SOFFICE;
  found = null;
  if (wanted === 'no') return undefined;
  try {
    const bin = wanted || 'soffice';
    const version = execFileSync(bin, ['--version'], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    found = { path: bin, version: version.replace(/\s+\S*Build.*$/, '') || 'LibreOffice' };
  } catch {
    found = null;
  }
  return found ?? undefined;
}

/**
 * Which LibreOffice a build would use, without starting it (`soffice --version` takes most of a second):
 * ALBO_SOFFICE, and the program's resolved path, size and time. Installing, removing or upgrading it
 * changes the stamp; the no-op check of a build and the input key of a DOCX include it.
 */
export function libreOfficeStamp(env: NodeJS.ProcessEnv = process.env): string {
  const wanted = env.ALBO_SOFFICE;
  if (wanted === 'no') return 'no';
  const bin = wanted || 'soffice';
  const candidates = bin.includes(path.sep) ? [path.resolve(bin)] : (env.PATH ?? '').split(path.delimiter).filter(Boolean).map((d) => path.join(d, bin));
  for (const candidate of candidates) {
    try {
      const real = realpathSync(candidate);
      const info = statSync(real);
      if (info.isFile()) return JSON.stringify([bin, real, info.size, info.mtimeMs]);
    } catch {
      // not there: the next folder of PATH
    }
  }
  return JSON.stringify([bin, null]);
}

let profile: string | undefined;
/** One LibreOffice profile per process (two processes sharing one block each other), removed at exit. */
function profileDir(): string {
  if (!profile) {
    profile = mkdtempSync(path.join(tmpdir(), 'albo-libreoffice-'));
    const dir = profile;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return profile;
}

/** How LibreOffice writes a bookmark's name as a PDF destination: every character but letters and digits as hex. */
export const destinationName = (bookmark: string) => bookmark.replace(/[^A-Za-z0-9]/g, (c) => c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));

/**
 * The page (from 1) of each named destination of a PDF as LibreOffice writes it: a /Dests dictionary of
 * `/name [page 0 R /XYZ …]` and a page tree of /Kids. Pure.
 */
export function destinationPages(pdf: Uint8Array): Map<string, number> {
  const text = Buffer.from(pdf).toString('latin1');
  const objects = new Map<string, string>();
  for (const m of text.matchAll(/(?:^|[\r\n])(\d+) 0 obj\b([\s\S]*?)endobj/g)) objects.set(m[1]!, m[2]!);
  const pages: string[] = [];
  const walk = (id: string, depth = 0) => {
    const body = objects.get(id) ?? '';
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(body);
    if (/\/Type\s*\/Pages\b/.test(body) && kids && depth < 32) for (const k of kids[1]!.matchAll(/(\d+) 0 R/g)) walk(k[1]!, depth + 1);
    else if (/\/Type\s*\/Page\b/.test(body)) pages.push(id);
  };
  const root = /\/Root\s+(\d+) 0 R/.exec(text)?.[1];
  const tree = root ? /\/Pages\s+(\d+) 0 R/.exec(objects.get(root) ?? '')?.[1] : undefined;
  if (tree) walk(tree);
  const index = new Map(pages.map((id, i) => [id, i + 1]));
  const dests = root ? /\/Dests\s+(\d+) 0 R/.exec(objects.get(root) ?? '')?.[1] : undefined;
  const out = new Map<string, number>();
  for (const m of (dests ? (objects.get(dests) ?? '') : '').matchAll(/\/([^\s/[\]<>()]+)\s*\[\s*(\d+) 0 R/g)) {
    const page = index.get(m[2]!);
    if (page) out.set(m[1]!, page);
  }
  return out;
}

/**
 * Layouts already computed, by the DOCX's bytes and LibreOffice's version (a layout is a function of
 * both): a second build of the same regulation, anywhere on this computer, does not start LibreOffice.
 * In albo's cache folder (src/load/cache-dir.ts).
 */
function cacheFile(docx: Uint8Array, version: string): string | undefined {
  return entryFile('indice', createHash('sha256').update(version).update('\0').update(docx).digest('hex'));
}

/** Lays out a DOCX with LibreOffice and returns the page of each of `bookmarks` (those it found). */
export async function layoutPages(docx: Uint8Array, bookmarks: readonly string[]): Promise<Map<string, number>> {
  const office = libreOffice();
  if (!office) throw new Error('LibreOffice non disponibile');
  const cached = cacheFile(docx, office.version);
  if (!cached) return convert(docx, bookmarks, office.path);
  const known = readEntry(cached);
  if (Array.isArray(known)) return new Map((known as [string, number][]).filter(([b]) => bookmarks.includes(b)));
  const pages = await convert(docx, bookmarks, office.path);
  keepEntry(cached, [...pages], MAX_LAYOUTS);
  return pages;
}

/** Most layouts kept (a few hundred bytes each: one per regulation's DOCX as built). */
const MAX_LAYOUTS = 500;

async function convert(docx: Uint8Array, bookmarks: readonly string[], office: string): Promise<Map<string, number>> {
  const dir = mkdtempSync(path.join(tmpdir(), 'albo-indice-'));
  try {
    const input = path.join(dir, 'documento.docx');
    writeFileSync(input, docx);
    const filter = 'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}';
    await run(office, [`-env:UserInstallation=file://${profileDir()}`, '--headless', '--norestore', '--convert-to', filter, '--outdir', dir, input], { timeout: 300_000 });
    const pages = destinationPages(readFileSync(path.join(dir, 'documento.pdf')));
    return new Map(bookmarks.flatMap((b) => (pages.has(destinationName(b)) ? [[b, pages.get(destinationName(b))!] as [string, number]] : [])));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The index's heading bookmarks of a (normalised) DOCX, in the order of the document: _Toc1, _Toc2, … */
export function tocBookmarks(documentXml: string): string[] {
  return [...new Set([...documentXml.matchAll(/<w:bookmarkStart [^>]*w:name="(_Toc\d+)"/g)].map((m) => m[1]!))];
}
