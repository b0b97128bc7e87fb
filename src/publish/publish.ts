import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Nodes } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { sha256 } from '../build/manifest.js';
import type { OutputFile } from '../build/write.js';
import { publicationEnd, termDeadline } from '../compute/deadline.js';
import type { Diagnostic } from '../diagnostics.js';
import { formatDate, formatLongDate } from '../format/italian.js';
import type { Avviso } from '../kinds/avviso.js';
import type { Doc, Project } from '../kinds/kind.js';
import { renderDocument, type RenderedDocument } from '../render/document.js';
import { renderDocx } from '../render/docx/index.js';
import { renderHtml } from '../render/html/index.js';
import { renderPdf } from '../render/pdf/index.js';
import { compileTemplate } from '../render/template.js';
import { pdfaProblems } from './pdfa-check.js';
import { findPersonalData } from './privacy.js';

export interface PublishOptions {
  /** First day of publication (AAAA-MM-GG). */
  start: string;
  outDir: string;
  templatesDir: string;
  /** Days of publication; the ente's setting for the act type, or 15. */
  days?: number;
  /** Reason for publishing despite personal data found: recorded in the manifest. */
  privacyOverride?: string;
  display: (p: string) => string;
}

export interface PublishResult {
  dir: string;
  files: OutputFile[];
  diagnostics: Diagnostic[];
}

/** `specifiche-responsabilita`: lowercase ASCII, words joined by hyphens (file names for people and systems). */
export const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** A tree's text, one line per paragraph, heading, list item or table cell (so patterns never join blocks). */
function plainText(node: Nodes): string {
  if (['paragraph', 'heading', 'tableCell'].includes(node.type)) return toString(node) + '\n';
  if ('children' in node) return (node.children as Nodes[]).map(plainText).join('');
  return 'value' in node && typeof node.value === 'string' ? node.value : '';
}

const MEDIA = { pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', html: 'text/html' } as const;

/**
 * Builds the publication package of a notice: its documents (the notice with the computed deadline and
 * each attached card) as PDF/A, DOCX and accessible HTML, plus pubblicazione.json/.txt with dates and
 * hashes. Everything is checked before anything is returned for writing.
 */
export async function publishNotice(project: Project, notice: Doc<Avviso>, options: PublishOptions): Promise<PublishResult> {
  const diagnostics: Diagnostic[] = [];
  const d = notice.data;
  const settings = project.config.pubblicazione;
  const days = options.days ?? settings.giorni.avviso ?? 15;
  const deadline = termDeadline(options.start, d.termine_giorni);
  // A notice stays on the Albo at least until applications close.
  const endByDays = publicationEnd(options.start, days);
  const end = endByDays > deadline.date ? endByDays : deadline.date;
  const at = (message: string, severity: 'errore' | 'avviso' = 'errore', hint?: string): Diagnostic => ({ file: notice.source.file, severity, message, hint });
  if (options.start.slice(0, 4) !== String(d.anno) && Number(options.start.slice(0, 4)) > d.anno) {
    diagnostics.push(at(`pubblicazione dal ${formatDate(options.start)} per un avviso dell'anno ${d.anno}`, 'avviso'));
  }
  const patron = settings.patrono;
  if (patron && deadline.date.slice(5) === patron.giorno) {
    diagnostics.push(at(`il termine per le domande (${formatLongDate(deadline.date)}) cade nel giorno del santo patrono, ${patron.nome}: gli uffici sono chiusi, ma il termine legale non si sposta`, 'avviso', 'valuta se indicare nell\'avviso come presentare la domanda quel giorno (es. posta elettronica)'));
  }

  const template = async (name: string) => compileTemplate(await readFile(path.join(options.templatesDir, name), 'utf8'), options.display(path.join(options.templatesDir, name)));
  const noticeTree = renderDocument(notice as unknown as Doc, project, await template(notice.kind.template), {
    pubblicazione: { inizio: options.start, fine: end, scadenza: deadline.date },
  });
  const cards = notice.kind.attachments!(notice, project);
  const cardTemplate = cards[0] ? await template(cards[0].kind.template) : undefined;
  const acts: { name: string; tree: RenderedDocument; role: string; source: Doc }[] = [
    { name: `${d.anno}-avviso-${d.incarico}-${slug(d.settore ?? d.settori?.join('-') ?? 'ente')}`, tree: noticeTree, role: 'atto', source: notice as unknown as Doc },
    ...cards.map((card, i) => ({
      name: `${d.anno}-allegato-${i + 1}-scheda-${slug(String((card.data as { id: string }).id))}`,
      tree: renderDocument(card, project, cardTemplate!),
      role: `allegato ${i + 1}`,
      source: card,
    })),
  ];

  // Personal data: every act's text, against the contacts the ente allows.
  // Allowed: the ente's office contacts, and the contacts the notice itself declares.
  const allowed = [...settings.contatti_ammessi, ...[d.contatti?.email, d.contatti?.telefono].filter((c): c is string => Boolean(c))];
  const findings = acts.flatMap((a) => findPersonalData(plainText(a.tree.tree), allowed).map((f) => ({ ...f, file: a.source.source.file })));
  for (const f of findings) {
    diagnostics.push({
      file: f.file,
      severity: options.privacyOverride ? 'avviso' : 'errore',
      message: `dato personale da non pubblicare all'Albo (${f.kind}): «${f.text}»`,
      hint: options.privacyOverride ? `pubblicato comunque: ${options.privacyOverride}` : 'toglilo dal sorgente, aggiungilo a "pubblicazione.contatti_ammessi" in ente.yaml se è un recapito d\'ufficio, o pubblica con --consenti-dati "motivo" (il motivo resta nel manifesto)',
    });
  }

  const dir = path.join(options.outDir, 'albo', `${d.anno}-${slug(d.id)}`);
  const files: OutputFile[] = [];
  const listed: { nome: string; ruolo: string; byte: number; tipo: string; sha256: string }[] = [];
  for (const act of acts) {
    const pdf = await renderPdf(act.tree);
    const docx = await renderDocx(act.tree);
    // Byte-identical to a fresh render: what is hashed is what anyone can regenerate from the sources.
    if (!Buffer.from(pdf).equals(Buffer.from(await renderPdf(act.tree))) || !Buffer.from(docx).equals(Buffer.from(await renderDocx(act.tree)))) {
      diagnostics.push(at(`${act.name}: due generazioni dello stesso documento danno byte diversi`));
    }
    for (const problem of pdfaProblems(pdf)) diagnostics.push(at(`${act.name}.pdf non è PDF/A-2b: ${problem}`));
    for (const [ext, bytes] of [['pdf', pdf], ['docx', docx], ['html', renderHtml(act.tree)]] as const) {
      const nome = `${act.name}.${ext}`;
      files.push({ path: path.join(dir, nome), bytes });
      listed.push({ nome, ruolo: act.role, byte: bytes.length, tipo: MEDIA[ext], sha256: sha256(bytes) });
    }
  }

  const record = {
    ente: project.config.ente.nome,
    oggetto: noticeTree.meta.titolo,
    tipo_atto: 'avviso',
    settore: d.settore,
    pubblicazione: { inizio: options.start, fine: end, giorni_consecutivi: days, fine_almeno_fino_alla_scadenza: end !== endByDays },
    scadenza_domande: { data: deadline.date, termine_giorni: d.termine_giorni, data_nominale: deadline.nominal, spostata_per: deadline.moved },
    riservatezza: { dati_personali_rilevati: findings.map((f) => ({ tipo: f.kind, testo: f.text, sorgente: f.file })), deroga: options.privacyOverride ?? null },
    file: listed,
  };
  const text = [
    `${record.ente} – pubblicazione all'Albo Pretorio online`,
    `Oggetto: ${record.oggetto}`,
    `Tipo di atto: avviso (${d.settore ?? d.settori?.join(', ') ?? "tutto l'ente"})`,
    `In pubblicazione dal ${formatLongDate(options.start)} al ${formatLongDate(end)}${end !== endByDays ? ' (fino alla scadenza delle domande)' : ` (${days} giorni consecutivi)`}`,
    `Scadenza delle domande: ${formatLongDate(deadline.date)} (${d.termine_giorni} giorni dalla pubblicazione, escluso il primo${deadline.moved.length ? `; spostata da ${formatLongDate(deadline.nominal)}: ${deadline.moved.map((m) => `${formatDate(m.slice(0, 10))} ${m.slice(11)}`).join(', ')}` : ''})`,
    options.privacyOverride ? `Dati personali pubblicati con deroga: ${options.privacyOverride}` : 'Dati personali: nessuno rilevato',
    '',
    'File:',
    ...listed.map((f) => `  ${f.nome}  ${f.byte} byte  sha256 ${f.sha256}`),
    '',
  ].join('\n');
  files.push({ path: path.join(dir, 'pubblicazione.json'), bytes: new TextEncoder().encode(JSON.stringify(record, null, 2) + '\n') });
  files.push({ path: path.join(dir, 'pubblicazione.txt'), bytes: new TextEncoder().encode(text) });
  return { dir, files, diagnostics };
}
