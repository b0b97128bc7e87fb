import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { templateFile } from '../render/template-file.js';
import type { OutputFile } from '../build/write.js';
import { addDays } from '../compute/deadline.js';
import type { Diagnostic } from '../diagnostics.js';
import { formatDate } from '../format/italian.js';
import type { Doc, Project } from '../kinds/kind.js';
import { renderView } from '../render/document.js';
import { renderDocx } from '../render/docx/index.js';
import { renderPdf } from '../render/pdf/index.js';
import { letterheadFor } from '../render/letterhead.js';
import { compileTemplate } from '../render/template.js';
import { pdfaProblems } from './pdfa-check.js';
import { liveEntries, nextEntry, readRegister, registerFiles, registerHeader, serializeEntry, type RegisterEntry } from './register.js';

const sourceOf = (project: Project, doc: Doc) => path.relative(project.dir, doc.path).split(path.sep).join('/');

/** The act's publication still in force (latest year first), with its register. */
async function findLive(project: Project, doc: Doc, display: (p: string) => string) {
  const files = await registerFiles(project.dir);
  for (const { year, file } of files.reverse()) {
    const register = await readRegister(file, display);
    const live = liveEntries(register.entries, sourceOf(project, doc));
    if (live.length) return { year, file, register, entry: live.at(-1)! };
  }
  return undefined;
}

/**
 * Annulment of a publication: a new entry in the same year's register that references the annulled one
 * (nothing is removed: the register stays append-only). The act can then be published again.
 */
export async function annulPublication(project: Project, doc: Doc, reason: string, display: (p: string) => string): Promise<{ files: OutputFile[]; diagnostics: Diagnostic[]; entry?: RegisterEntry; annulled?: RegisterEntry }> {
  const found = await findLive(project, doc, display);
  if (!found) return { files: [], diagnostics: [{ file: doc.source.file, severity: 'errore', message: 'l\'atto non ha pubblicazioni in vigore nel registro da annullare' }] };
  const { register, entry: old, year, file } = found;
  const entry = nextEntry(register.entries, year, {
    tipo: 'annullamento',
    annulla: `${old.numero}/${old.anno}`,
    motivo: reason,
    atto: old.atto,
    oggetto: old.oggetto,
    ufficio: old.ufficio,
    sorgente: old.sorgente,
    protocollo: old.protocollo,
    dal: old.dal,
    al: old.al,
    firma: old.firma,
    file: [],
  });
  const text = (register.exists ? register.text.replace(/\n*$/, '\n') : registerHeader(project.config.ente.nome, year)) + '\n' + serializeEntry(entry);
  return { files: [{ path: file, bytes: new TextEncoder().encode(text) }], diagnostics: [], entry, annulled: old };
}

export interface RelataOptions {
  today: string;
  outDir: string;
  templatesDir: string;
  display: (p: string) => string;
  /** Who certifies: the officer responsible for the Albo (the messo comunale, or as the ente names it). */
  signer: { ruolo: string; nome?: string };
}

/**
 * The certificate of publication (relata/referto di pubblicazione) of an act, from its register entry:
 * PDF/A and DOCX through the same pipeline as every document, ready for the officer to sign. It exists
 * only once the period is over: before the day after the last day of publication it is an error.
 */
export async function relataOfPublication(project: Project, doc: Doc, packageDir: (entry: RegisterEntry) => string, options: RelataOptions): Promise<{ files: OutputFile[]; diagnostics: Diagnostic[]; entry?: RegisterEntry }> {
  const found = await findLive(project, doc, options.display);
  if (!found) return { files: [], diagnostics: [{ file: doc.source.file, severity: 'errore', message: 'l\'atto non ha pubblicazioni in vigore nel registro: pubblicalo con «albo pubblica»' }] };
  const { entry } = found;
  const first = addDays(entry.al, 1);
  if (options.today < first) {
    return {
      files: [],
      diagnostics: [{ file: options.display(found.file), line: entry.line, column: 1, severity: 'errore', message: `la pubblicazione n. ${entry.numero}/${entry.anno} dura fino al ${formatDate(entry.al)}: la relata si rilascia dal ${formatDate(first)} (oggi è il ${formatDate(options.today)})` }],
    };
  }
  const file = templateFile(project.dir, options.templatesDir, 'relata.md.hbs');
  const template = compileTemplate(await readFile(file, 'utf8'), options.display(file));
  const days = Math.round((Date.parse(entry.al) - Date.parse(entry.dal)) / 86_400_000) + 1;
  const number = `${entry.numero}/${entry.anno}`;
  const tree = renderView(
    {
      ente: project.config.ente,
      luogo: project.config.ente.luogo,
      numero_registro: number,
      inizio: entry.dal,
      fine: entry.al,
      giorni: days,
      atto: entry.atto,
      oggetto: entry.oggetto,
      ufficio: entry.ufficio,
      protocollo: entry.protocollo,
      firma: entry.firma,
      file: entry.file,
      firmatario: { ruolo: options.signer.ruolo, nome: options.signer.nome ?? null },
    },
    template,
    // The document's date is the end of publication: nothing here comes from the clock.
    { autore: project.config.ente.nome, data: entry.al, origine: options.display(found.file), carta: letterheadFor(project) },
  );
  const pdf = await renderPdf(tree);
  const docx = await renderDocx(tree);
  const diagnostics: Diagnostic[] = pdfaProblems(pdf).map((p) => ({ file: options.display(file), severity: 'errore' as const, message: `la relata non è PDF/A-2b: ${p}` }));
  const base = path.join(packageDir(entry), `relata-pubblicazione-${entry.numero}-${entry.anno}`);
  return { files: [{ path: base + '.pdf', bytes: pdf }, { path: base + '.docx', bytes: docx }], diagnostics, entry };
}
