import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Nodes } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { OutputFile } from '../build/write.js';
import { sha256 } from '../build/manifest.js';
import type { Diagnostic } from '../diagnostics.js';
import { formatDate, formatLongDate } from '../format/italian.js';
import { publicationEnd } from '../compute/deadline.js';
import { patronDayIssue } from '../compute/notice-terms.js';
import { avvisoTerms, type Avviso } from '../kinds/avviso.js';
import type { Doc, Project } from '../kinds/kind.js';
import { renderDocument, type RenderedDocument } from '../render/document.js';
import { renderHtml } from '../render/html/index.js';
import { compileTemplate } from '../render/template.js';
import { templateFile } from '../render/template-file.js';
import { COMBINED_SUFFIX, outputBase, readBuilt, type BuiltLocation, type BuiltOutput } from './built.js';
import { agidMetadata } from './agid.js';
import { pdfaProblems } from './pdfa-check.js';
import { findPersonalData } from './privacy.js';
import { liveEntries, nextEntry, readRegister, registerHeader, registerPath, serializeEntry, verifyRegister, type RegisterEntry } from './register.js';
import { checkSigned, NOT_CHECKED, sameSigner, type SignatureRecord } from './signature.js';

export interface Protocol {
  numero: string;
  /** AAAA-MM-GG */
  data: string;
  /** Register or AOO, e.g. "Registro di protocollo generale – AOO c_b648". */
  registro: string;
}

export interface PublishOptions extends BuiltLocation {
  /** Today (AAAA-MM-GG), from the caller's clock: used only for checks, never written into an output. */
  today: string;
  /** The signed files the officer's signing application returned. */
  signed: { path: string; bytes: Uint8Array }[];
  /** Reason for publishing unsigned files: recorded. */
  unsignedReason?: string;
  /** Reason for publishing a notice whose year is over or whose planned start is past: recorded. */
  lateReason?: string;
  protocol?: Protocol;
  /** Reason for publishing despite personal data found: recorded in the manifest. */
  privacyOverride?: string;
}

export interface PublishResult {
  dir: string;
  files: OutputFile[];
  diagnostics: Diagnostic[];
  entry?: RegisterEntry;
}

/** `specifiche-responsabilita`: lowercase ASCII, words joined by hyphens (file names for people and systems). */
export const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** A block's inline text as printed: a hard line break ends a line (mdast-util-to-string would join the two). */
const inlineText = (node: Nodes): string => (node.type === 'break' ? '\n' : 'children' in node ? (node.children as Nodes[]).map(inlineText).join('') : toString(node));

/** A tree's text, one line per paragraph, heading, list item or table cell (so patterns never join blocks). */
function plainText(node: Nodes): string {
  if (['paragraph', 'heading', 'tableCell'].includes(node.type)) return inlineText(node) + '\n';
  if ('children' in node) return (node.children as Nodes[]).map(plainText).join('');
  // Any other block (a code block) ends its line too: its last word must not join the next block's first.
  return toString(node) + '\n';
}

/** The personal data an act's text carries (privacy.ts), read line by line: a pattern never joins two blocks or two printed lines. */
export const personalDataIn = (tree: Nodes, allowed: readonly string[], identifiersOnly: boolean) => findPersonalData(plainText(tree), allowed, identifiersOnly);

/**
 * The role of the act published with its attachments, by their numbers: «atto con gli allegati 1-5» (cards,
 * or appendices numbered 1 to N), «atto con gli allegati 1, 3» or «A, B», «atto con l'allegato 2».
 */
export function combinedRole(numbers: readonly (number | string)[]): string {
  if (numbers.length === 1) return `atto con l'allegato ${numbers[0]}`;
  return `atto con gli allegati ${numbers.every((n, i) => n === i + 1) ? `1-${numbers.length}` : numbers.join(', ')}`;
}

export const MEDIA = {
  pdf: 'application/pdf',
  p7m: 'application/pkcs7-mime',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  html: 'text/html',
} as const;

export interface ListedFile {
  nome: string;
  /** atto, allegato N, atto con allegati, copia di cortesia … */
  ruolo: string;
  byte: number;
  tipo: string;
  sha256: string;
  firmato: boolean;
  /** SHA-256 of the PDF albo generated that the file carries (itself when unsigned). */
  sha256_generato?: string;
}

/** One act of the notice: the notice itself, each card, and the notice-with-cards as one document. */
interface Act {
  name: string;
  role: string;
  base: string;
  tree?: RenderedDocument;
  source?: Doc;
}

/** The kinds of act `albo pubblica` publishes, with the label the register and the metadata use. */
export const PUBLISHABLE: Record<string, { atto: string; tipologia: string }> = {
  avviso: { atto: 'avviso', tipologia: 'Avviso di selezione interna' },
  regolamento: { atto: 'regolamento', tipologia: 'Regolamento' },
  servizio: { atto: 'scheda di servizio', tipologia: 'Scheda descrittiva di servizio' },
  progetto: { atto: 'progetto', tipologia: 'Scheda di progetto' },
  fondo: { atto: 'prospetto di riparto del fondo', tipologia: 'Prospetto di riparto del fondo' },
  documento: { atto: 'documento', tipologia: 'Documento amministrativo' },
};

/** Where an act's package goes: out/albo/<year>-<id> (a notice: its own year; others: the start's). */
export const packageDir = (outDir: string, doc: Doc, startYear: number) => {
  const data = doc.data as { id?: string; anno?: number };
  const id = data.id ?? path.basename(doc.path, '.md');
  return path.join(outDir, 'albo', `${doc.kind.tipo === 'avviso' ? data.anno : startYear}-${slug(id)}`);
};

/**
 * Builds the publication package of an act from what `albo build` wrote and the officer signed: the
 * signed act(s) as they are, courtesy copies (DOCX, accessible HTML), pubblicazione.json/.txt, AgID
 * metadata and a new entry of the register of publications. A notice carries its planned start and
 * prints its deadline; other acts (regulations with their appendices, services, projects, the fund's
 * prospetto) print no publication date, so their start is an option. Everything is checked before
 * anything is returned for writing.
 */
export async function publishAct(project: Project, doc: Doc, options: PublishOptions & { start?: string }): Promise<PublishResult> {
  const diagnostics: Diagnostic[] = [];
  const isNotice = doc.kind.tipo === 'avviso';
  const notice = doc as unknown as Doc<Avviso>;
  const d = doc.data as { id?: string; anno?: number; settore?: string; settori?: string[]; incarico?: string; firmatario?: { nome: string; ruolo: string }; contatti?: { email?: string; telefono?: string } };
  const docId = d.id ?? path.basename(doc.path, '.md');
  const kindInfo = PUBLISHABLE[doc.kind.tipo]!;
  const settings = project.config.pubblicazione;
  const at = (message: string, severity: 'errore' | 'avviso' = 'errore', hint?: string, file = doc.source.file): Diagnostic => ({ file, severity, message, hint });
  const days = settings.giorni[doc.kind.tipo] ?? 15;
  const terms = isNotice
    ? avvisoTerms(notice.data, project)
    : options.start
      ? { start: options.start, end: publicationEnd(options.start, days), days, untilDeadline: false, deadline: undefined }
      : undefined;
  const dir = packageDir(options.outDir, doc, Number((terms?.start ?? options.today).slice(0, 4)));
  if (!terms) {
    diagnostics.push(
      isNotice
        ? at('manca la data di pubblicazione prevista', 'errore', 'aggiungi al frontmatter «pubblicazione: { dal: AAAA-MM-GG }», rigenera con «albo build» e firma l\'avviso generato: la scadenza stampata si conta da quella data')
        : at('manca il primo giorno di pubblicazione', 'errore', 'indica --dal AAAA-MM-GG'),
    );
    return { dir, files: [], diagnostics };
  }
  // Ids are unique within an ente, the package folder out/albo/<year>-<id> is not: never write over the
  // package of another ente's act that has the same id.
  const other = await readFile(path.join(dir, 'pubblicazione.json'), 'utf8').then((t) => (JSON.parse(t) as { ente?: unknown }).ente, () => undefined).catch(() => undefined);
  if (typeof other === 'string' && other !== project.config.ente.nome) {
    diagnostics.push(at(`la cartella del pacchetto ${options.display(dir)} contiene già la pubblicazione di un atto con lo stesso id di un altro ente (${other})`, 'errore', 'cambia l\'id di questo atto (gli id sono unici nell\'ente, ma il pacchetto si chiama anno-id), rigenera con «albo build» e firma di nuovo; oppure pubblica con un\'altra cartella di uscita (--uscita)'));
    return { dir, files: [], diagnostics };
  }
  const deadline = terms.deadline;
  const ufficio = d.settore ?? d.settori?.join(', ') ?? project.config.ente.nome;

  // The clock decides only whether publishing now is still right; dates in the outputs come from the sources.
  const late = options.lateReason;
  const lateSeverity = late ? 'avviso' : 'errore';
  const lateHint = late
    ? `pubblicato comunque: ${late}`
    : isNotice
      ? 'correggi «pubblicazione.dal», rigenera con «albo build» e firma di nuovo; o pubblica con --fuori-termine "motivo" (il motivo resta nel pacchetto)'
      : 'indica un --dal da oggi in poi, o pubblica con --fuori-termine "motivo" (il motivo resta nel pacchetto)';
  if (isNotice && Number(options.today.slice(0, 4)) > d.anno!) diagnostics.push(at(`l'avviso è dell'anno ${d.anno} e oggi è il ${formatDate(options.today)}: l'anno è concluso`, lateSeverity, lateHint));
  if (terms.start < options.today) {
    diagnostics.push(at(`la pubblicazione prevista dal ${formatDate(terms.start)} è già passata (oggi è il ${formatDate(options.today)})${isNotice ? ": l'avviso stampa una scadenza che non vale più" : ''}`, lateSeverity, lateHint));
  }
  const patron = deadline && patronDayIssue({ ...terms, deadline }, settings.patrono);
  if (patron) diagnostics.push(at(patron.message, 'avviso', patron.hint));

  // Protocol registration precedes publication.
  const protocol = options.protocol;
  if (!protocol) diagnostics.push(at('manca la registrazione di protocollo dell\'atto', 'errore', 'indica --protocollo NUMERO --data-protocollo AAAA-MM-GG (e --registro-protocollo "registro o AOO")'));
  else {
    if (protocol.data > options.today) diagnostics.push(at(`la data di protocollo ${formatDate(protocol.data)} è futura (oggi è il ${formatDate(options.today)})`));
    if (protocol.data > terms.start) diagnostics.push(at(`la pubblicazione (dal ${formatDate(terms.start)}) non può iniziare prima della registrazione di protocollo (${formatDate(protocol.data)})`, lateSeverity, lateHint));
  }

  // The acts as built: the act (its first variant: a regulation's text in force), each attachment, and the
  // act with its attachments as one document.
  const attached = doc.kind.attachments?.(doc, project) ?? [];
  const templates = new Map<string, Awaited<ReturnType<typeof compileTemplate>>>();
  const template = async (name: string) => {
    const file = templateFile(project.dir, options.templatesDir, name);
    if (!templates.has(name)) templates.set(name, compileTemplate(await readFile(file, 'utf8'), options.display(file)));
    return templates.get(name)!;
  };
  const render = async (x: Doc) => renderDocument(x, project, await template(x.kind.template), {}, x.kind.variants?.(x)[0]?.name);
  const mainTree = await render(doc);
  const mainBase = outputBase(doc, options);
  const mainName = isNotice ? `${d.anno}-avviso-${d.incarico ?? 'specifiche-responsabilita'}-${slug(d.settore ?? d.settori?.join('-') ?? 'ente')}` : slug(path.basename(mainBase));
  const acts: Act[] = [{ name: mainName, role: 'atto', base: mainBase, tree: mainTree, source: doc }];
  // An appendix keeps the number the act gives it (a regulation's Allegato 3 stays 3); cards are numbered in order.
  const numbers = attached.map((a, i) => (a.data as { numero?: number | string }).numero ?? i + 1);
  for (const [i, a] of attached.entries()) {
    const aid = slug(String((a.data as { id?: string }).id ?? path.basename(a.path, '.md')));
    const n = numbers[i]!;
    acts.push({ name: isNotice ? `${d.anno}-allegato-${n}-scheda-${aid}` : `${mainName}-allegato-${slug(String(n))}-${aid}`, role: `allegato ${n}`, base: outputBase(a, options), tree: await render(a), source: a });
  }
  const combined: Act | undefined = attached.length ? { name: `${mainName}-con-allegati`, role: combinedRole(numbers), base: mainBase + COMBINED_SUFFIX } : undefined;
  const everything = combined ? [...acts, combined] : acts;
  const built = await readBuilt(project, [doc, ...attached], everything.flatMap((a) => [a.base + '.pdf', a.base + '.docx']), options);
  diagnostics.push(...built.diagnostics);
  if (built.diagnostics.length) return { dir, files: [], diagnostics };
  const pdfOf = (a: Act) => built.outputs.get(a.base + '.pdf')!;

  // Signatures: each signed file must be one of the generated PDFs, untouched, validly signed.
  const signatures = new Map<Act, { file: string; bytes: Uint8Array; ext: 'pdf' | 'pdf.p7m'; record: SignatureRecord; pdf: Uint8Array }>();
  const candidates = everything.map((a) => ({ name: pdfOf(a).rel, bytes: pdfOf(a).bytes, act: a }));
  // A signed file refused: its error stands alone, the acts still unsigned are not listed on top of it.
  let refused = false;
  if (options.signed.length && options.unsignedReason) diagnostics.push(at('--senza-firma e --firmato si escludono: indica i file firmati oppure il motivo per pubblicare senza firma'));
  for (const s of options.signed) {
    const shown = options.display(s.path);
    const result = await checkSigned(s.bytes, candidates);
    if (!result.ok) {
      refused = true;
      diagnostics.push(at(`file firmato non accettato: controllo «${result.check}» non superato: ${result.message}`, 'errore', undefined, shown));
      continue;
    }
    const act = candidates.find((c) => c.name === result.act.name)!.act;
    if (signatures.has(act)) {
      diagnostics.push(at(`due file firmati per lo stesso atto (${result.act.name}): ${options.display(signatures.get(act)!.file)} e ${shown}`, 'errore', undefined, shown));
      continue;
    }
    const isPdf = result.record.formato === 'PAdES';
    signatures.set(act, { file: s.path, bytes: s.bytes, ext: isPdf ? 'pdf' : 'pdf.p7m', record: result.record, pdf: isPdf ? s.bytes : pdfOf(act).bytes });
    if (d.firmatario && !sameSigner(result.record.firmatario, d.firmatario.nome)) {
      diagnostics.push(at(`${shown}: firmato da «${result.record.firmatario}», ma il blocco firma dell'atto indica «${d.firmatario.nome}»`, 'avviso', 'controlla che abbia firmato la persona giusta (o correggi "firmatario.nome" e rigenera)'));
    }
    if (protocol && result.record.data_firma && result.record.data_firma.slice(0, 10) > protocol.data) {
      diagnostics.push(at(`${shown}: la firma (${formatDate(result.record.data_firma.slice(0, 10))}) è successiva alla data di protocollo (${formatDate(protocol.data)})`, 'avviso'));
    }
  }
  // What is published as the act: the combined document signed once, or the notice and every card.
  const published: Act[] = combined && signatures.has(combined) ? [combined] : acts;
  if (!options.unsignedReason && !refused) {
    if (combined && signatures.has(combined) && signatures.size > 1) diagnostics.push(at('il documento unico con gli allegati è firmato e vale per tutti: non indicare anche gli atti firmati uno per uno'));
    if (!combined || !signatures.has(combined)) {
      const missing = acts.filter((a) => !signatures.has(a));
      if (missing.length) {
        diagnostics.push(at(`mancano i file firmati di: ${missing.map((a) => options.display(pdfOf(a).path)).join(', ')}`, 'errore', `firma ogni PDF${combined ? ` (o il documento unico ${options.display(pdfOf(combined).path)})` : ''} e indica ogni file firmato con --firmato FILE; per pubblicare senza firma: --senza-firma "motivo"`));
      }
    }
  }

  // Personal data: every act's text, against the contacts the ente and the notice allow.
  // The ente's own addresses and numbers (its letterhead prints them on every act) are not personal data.
  const letterhead = project.config.carta_intestata;
  const allowed = [...settings.contatti_ammessi, ...[d.contatti?.email, d.contatti?.telefono, letterhead?.pec, letterhead?.email, letterhead?.telefono].filter((c): c is string => Boolean(c))];
  const findings = acts.flatMap((a) => personalDataIn(a.tree!.tree, allowed, !['avviso', 'scheda'].includes(a.source!.kind.tipo)).map((f) => ({ ...f, file: a.source!.source.file })));
  for (const f of findings) {
    diagnostics.push({
      file: f.file,
      severity: options.privacyOverride ? 'avviso' : 'errore',
      message: `dato personale da non pubblicare all'Albo (${f.kind}): «${f.text}»`,
      hint: options.privacyOverride ? `pubblicato comunque: ${options.privacyOverride}` : 'toglilo dal sorgente, aggiungilo a "pubblicazione.contatti_ammessi" in ente.yaml se è un recapito d\'ufficio, o pubblica con --consenti-dati "motivo" (il motivo resta nel manifesto)',
    });
  }

  // The files: the act(s) as signed (or as built, when published unsigned), then courtesy copies.
  const files: OutputFile[] = [];
  const listed: ListedFile[] = [];
  const add = (nome: string, ruolo: string, bytes: Uint8Array, tipo: string, firmato: boolean, generated?: BuiltOutput) => {
    files.push({ path: path.join(dir, nome), bytes });
    listed.push({ nome, ruolo, byte: bytes.length, tipo, sha256: sha256(bytes), firmato, ...(generated ? { sha256_generato: generated.sha256 } : {}) });
  };
  for (const act of published) {
    const signed = signatures.get(act);
    const pdf = signed?.pdf ?? pdfOf(act).bytes;
    for (const problem of pdfaProblems(pdf)) diagnostics.push(at(`${act.name}.pdf${signed ? ' firmato' : ''} non è PDF/A-2a: ${problem}`, 'errore', undefined, signed ? options.display(signed.file) : notice.source.file));
    if (signed) add(`${act.name}.${signed.ext}`, act.role, signed.bytes, signed.ext === 'pdf' ? MEDIA.pdf : MEDIA.p7m, true, pdfOf(act));
    else add(`${act.name}.pdf`, act.role, pdf, MEDIA.pdf, false, pdfOf(act));
  }
  for (const act of acts) {
    const of = `dell'${act.role}`; // «dell'atto», «dell'allegato 2»
    add(`${act.name}.docx`, `copia di cortesia ${of}`, built.outputs.get(act.base + '.docx')!.bytes, MEDIA.docx, false);
    add(`${act.name}.html`, `copia di cortesia ${of}`, renderHtml(act.tree!), MEDIA.html, false);
  }

  // The register: refuse to append to a broken one; one live publication per act.
  const year = Number(terms.start.slice(0, 4));
  const registerFile = registerPath(project.dir, year);
  const register = await readRegister(registerFile, options.display);
  diagnostics.push(...register.diagnostics, ...verifyRegister(register.entries, year, options.display(registerFile)));
  const sourceRel = path.relative(project.dir, doc.path).split(path.sep).join('/');
  const live = liveEntries(register.entries, sourceRel);
  if (live.length) diagnostics.push(at(`${isNotice ? "l'avviso" : "l'atto"} è già nel registro delle pubblicazioni con il n. ${live[0]!.numero}/${live[0]!.anno}`, 'errore', `per ripubblicarlo annulla prima quella pubblicazione: albo annulla ${docId} --motivo "…"`));
  const firma = options.unsignedReason
    ? `non firmato: ${options.unsignedReason}`
    : [...signatures.values()].map((s) => `${s.record.formato} ${s.record.firmatario} (certificato ${s.record.seriale_certificato})`).filter((v, i, all) => all.indexOf(v) === i).join('; ');
  const protocolText = protocol ? `n. ${protocol.numero} del ${formatDate(protocol.data)}, ${protocol.registro}` : '';
  const entry = nextEntry(register.entries, year, {
    tipo: 'pubblicazione',
    atto: kindInfo.atto,
    oggetto: mainTree.meta.oggetto,
    ufficio,
    sorgente: sourceRel,
    protocollo: protocolText,
    dal: terms.start,
    al: terms.end,
    firma,
    file: listed.filter((f) => !f.ruolo.startsWith('copia')).map((f) => ({ nome: f.nome, ruolo: f.ruolo, sha256: f.sha256 })),
  });
  const number = `${entry.numero}/${entry.anno}`;

  const record = {
    ente: project.config.ente.nome,
    oggetto: mainTree.meta.oggetto,
    tipo_atto: kindInfo.atto,
    ufficio,
    registro: { numero: number, file: path.relative(project.dir, registerFile), impronta_voce: entry.impronta },
    protocollo: protocol ?? null,
    pubblicazione: { inizio: terms.start, fine: terms.end, giorni_consecutivi: terms.days, fine_almeno_fino_alla_scadenza: terms.untilDeadline },
    ...(deadline ? { scadenza_domande: { data: deadline.date, termine_giorni: notice.data.termine_giorni, data_nominale: deadline.nominal, spostata_per: deadline.moved } } : {}),
    firma: {
      firmato: !options.unsignedReason,
      senza_firma_motivo: options.unsignedReason ?? null,
      firme: [...signatures.entries()].map(([act, s]) => ({ file_firmato: `${act.name}.${s.ext}`, atto_generato: pdfOf(act).rel, ...s.record })),
      non_verificato: NOT_CHECKED,
    },
    forzature: { fuori_termine: late ?? null },
    riservatezza: { dati_personali_rilevati: findings.map((f) => ({ tipo: f.kind, testo: f.text, sorgente: f.file })), deroga: options.privacyOverride ?? null },
    file: listed,
  };
  const text = [
    `${record.ente} – pubblicazione all'Albo Pretorio online n. ${number}`,
    `Oggetto: ${record.oggetto}`,
    `Tipo di atto: ${kindInfo.atto} (${ufficio})`,
    `Protocollo: ${protocolText || 'mancante'}`,
    `In pubblicazione dal ${formatLongDate(terms.start)} al ${formatLongDate(terms.end)}${terms.untilDeadline ? ' (fino alla scadenza delle domande)' : ` (${terms.days} giorni consecutivi)`}`,
    ...(deadline ? [`Scadenza delle domande: ${formatLongDate(deadline.date)} (${notice.data.termine_giorni} giorni dalla pubblicazione, escluso il primo${deadline.moved.length ? `; spostata da ${formatLongDate(deadline.nominal)}: ${deadline.moved.map((m) => `${formatDate(m.slice(0, 10))} ${m.slice(11)}`).join(', ')}` : ''})`] : []),
    options.unsignedReason
      ? `Firma digitale: NESSUNA, pubblicato senza firma: ${options.unsignedReason}`
      : `Firma digitale: ${[...signatures.entries()].map(([act, s]) => `${act.name}.${s.ext} ${s.record.formato}, ${s.record.firmatario}, certificato ${s.record.seriale_certificato} (${s.record.emittente}) valido dal ${formatDate(s.record.certificato_valido_dal.slice(0, 10))} al ${formatDate(s.record.certificato_valido_al.slice(0, 10))}, firmato ${s.record.data_firma ? `il ${formatDate(s.record.data_firma.slice(0, 10))}` : 'in data non indicata'}`).join('; ')}`,
    `Non verificato: ${NOT_CHECKED}`,
    ...(late ? [`Pubblicato fuori termine: ${late}`] : []),
    options.privacyOverride ? `Dati personali pubblicati con deroga: ${options.privacyOverride}` : 'Dati personali: nessuno rilevato',
    '',
    'File:',
    ...listed.map((f) => `  ${f.nome}  ${f.ruolo}  ${f.byte} byte  sha256 ${f.sha256}`),
    '',
  ].join('\n');
  const metadata = agidMetadata({
    ente: project.config.ente.nome,
    version: options.version,
    registro: number,
    tipologia: kindInfo.tipologia,
    oggetto: mainTree.meta.oggetto,
    ufficio,
    autore: d.firmatario ?? null,
    protocol: protocol ?? null,
    files: listed,
  });
  files.push({ path: path.join(dir, 'metadati-agid.json'), bytes: new TextEncoder().encode(JSON.stringify(metadata, null, 2) + '\n') });
  files.push({ path: path.join(dir, 'pubblicazione.json'), bytes: new TextEncoder().encode(JSON.stringify(record, null, 2) + '\n') });
  files.push({ path: path.join(dir, 'pubblicazione.txt'), bytes: new TextEncoder().encode(text) });
  const registerText = (register.exists ? register.text.replace(/\n*$/, '\n') : registerHeader(project.config.ente.nome, year)) + '\n' + serializeEntry(entry);
  files.push({ path: registerFile, bytes: new TextEncoder().encode(registerText) });
  return { dir, files, diagnostics, entry };
}
