import type { Nodes, Root } from 'mdast';
import * as z from 'zod';
import { bodyTree } from '../render/markdown.js';
import { applyVariant, findAmendments, VARIANT_NAMES, type Variant } from '../regulation/amendments.js';
import { analyseStructure, applyReferences, applyStructure, findReferences, ID_SUFFIX, partAnchor, type Structure, type Target } from '../regulation/structure.js';
import { findTextReferences, linkTextReferences, scanReferences, type ArticleMention, type FoundReference } from '../regulation/references.js';
import { toString } from 'mdast-util-to-string';
import { didYouMean } from '../validate/zod-issues.js';
import { formatDate } from '../format/italian.js';
import { idField, isoDate, NO_DATE, text } from './common.js';
import { docId, type Doc, type Kind, type OutputVariant, type Project, type RuleIssue } from './kind.js';

const actNumber = z.union([z.int().positive(), text]);

/** A deliberation: the act that approved or amended a regulation. */
const act = z.strictObject({
  /** The body that adopted it, e.g. "Consiglio di Amministrazione". */
  organo: text,
  numero: actNumber,
  data: isoDate,
});

export const regolamentoSchema = z.strictObject({
  tipo: z.literal('regolamento'),
  id: idField,
  titolo: text,
  /** The approving act; some published texts do not state it. */
  approvazione: act.optional(),
  /** Later amendments, oldest first: the markers in the text name them by id. */
  modifiche: z
    .array(
      act.extend({
        id: idField,
        /** How the act is described on the front page, e.g. "Modificato con integrazioni". */
        descrizione: text.default('Modificato'),
      }),
    )
    .default([]),
  /** Print an index page; when omitted, only a text long enough to need one has it (see ARTICLES_FOR_INDEX). */
  indice: z.boolean().optional(),
  /** Date for the documents' metadata (AAAA-MM-GG); the latest act's when omitted. */
  data: isoDate.optional(),
});

/** Without `indice` in the source, a regulation with more articles than this gets an index page. */
export const ARTICLES_FOR_INDEX = 10;

export type Regolamento = z.infer<typeof regolamentoSchema>;

export const allegatoSchema = z.strictObject({
  tipo: z.literal('allegato'),
  id: idField,
  /** The id of the regulation it belongs to. */
  regolamento: idField,
  /** "1", "3", "A": as the regulation calls it. */
  numero: z.union([z.int().positive(), z.string().trim().regex(/^[A-Za-z0-9]{1,4}$/, 'numero dell\'allegato: cifre o lettere, es. 3 o A')]),
  titolo: text,
  data: isoDate.optional(),
});

export type Allegato = z.infer<typeof allegatoSchema>;

const VARIANTS: OutputVariant[] = [
  { name: 'vigente', suffix: '' },
  { name: 'evidenziato', suffix: '-modifiche-evidenziate' },
];

// ---- analysis of a source's body (cached: rules, views and transforms all read it) ----

const parsed = new WeakMap<Doc, { tree: Root; structure: Structure }>();

function analysis(doc: Doc): { tree: Root; structure: Structure } {
  let a = parsed.get(doc);
  if (!a) {
    const tree = bodyTree(doc.source);
    a = { tree, structure: analyseStructure(tree, { strict: doc.kind.tipo === 'regolamento' }) };
    parsed.set(doc, a);
  }
  return a;
}

const at = (node: Nodes) => ({ line: node.position?.start.line, column: node.position?.start.column });

export const allegatiOf = (reg: Doc, project: Project): Doc<Allegato>[] =>
  (project.docs.filter((d) => d.kind.tipo === 'allegato' && (d.data as Allegato).regolamento === docId(reg)) as unknown as Doc<Allegato>[]).sort((a, b) =>
    String(a.data.numero).localeCompare(String(b.data.numero), 'it', { numeric: true }),
  );

const allegatoName = (a: Allegato) => `Allegato ${a.numero}`;

/** What a cross-reference in the regulation or its appendices may point to. */
export function targetsOf(reg: Doc<Regolamento>, project: Project): Map<string, Target> {
  const targets = new Map<string, Target>();
  for (const [id, part] of analysis(reg as unknown as Doc).structure.ids) targets.set(id, { reference: part.reference, numberText: part.numberText, id });
  for (const a of allegatiOf(reg as unknown as Doc, project)) targets.set(a.data.id, { reference: allegatoName(a.data).replace(' ', '\u00a0'), numberText: String(a.data.numero) });
  return targets;
}

/** Markers and references a body can be checked for on its own: nesting, and references written with text. */
function localIssues(doc: Doc): RuleIssue[] {
  const { tree } = analysis(doc);
  const issues: RuleIssue[] = [];
  for (const a of findAmendments(tree)) {
    if (findAmendments(a.node).length > 1) issues.push({ path: [], at: at(a.node), message: 'modifica dentro un\'altra modifica', hint: 'chiudi la prima prima di aprire la seconda' });
  }
  const visit = (node: Nodes) => {
    if (node.type === 'leafDirective' && node.name === 'indice') {
      issues.push({ path: [], at: at(node), message: 'l\'indice lo stampa albo', hint: doc.kind.tipo === 'allegato' ? 'togli "::indice": l\'indice del regolamento con gli allegati elenca anche le parti dell\'allegato' : 'togli "::indice" e scrivi «indice: true» nel frontmatter del regolamento' });
    }
    if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
  };
  visit(tree);
  for (const ref of findReferences(tree)) {
    if (ref.badText) issues.push({ path: [], at: at(ref.node), message: 'il testo di un rimando lo scrive albo', hint: `scrivi [](#${ref.id}) per "art. 15" o [#](#${ref.id}) per il solo numero` });
  }
  return issues;
}

/** Each marker names a deliberation of the regulation's `modifiche`. */
function deliberaIssues(doc: Doc, modifiche: readonly { id: string }[]): RuleIssue[] {
  const known = modifiche.map((m) => m.id);
  return findAmendments(analysis(doc).tree)
    // A block marker without its deliberation is reported by checkConstructs.
    .filter((a) => a.delibera && !known.includes(a.delibera))
    .map((a) => {
      const guess = didYouMean(a.delibera, known);
      return {
        path: [],
        at: at(a.node),
        message: `la modifica cita la deliberazione «${a.delibera}», che non è tra le «modifiche» del regolamento`,
        hint: guess ? `intendevi «${guess}»?` : known.length ? `deliberazioni elencate: ${known.join(', ')}` : 'elenca la deliberazione in «modifiche» nel frontmatter del regolamento',
      };
    });
}

/** Each reference names an article, title, chapter or appendix that exists. */
function unresolvedReferences(doc: Doc, targets: Map<string, Target>): RuleIssue[] {
  return findReferences(analysis(doc).tree)
    .filter((ref) => !ref.badText && !targets.has(ref.id))
    .map((ref) => {
      const guess = didYouMean(ref.id, [...targets.keys()]);
      return {
        path: [],
        at: at(ref.node),
        message: `rimando a «${ref.id}»: nessun articolo, titolo, capo o allegato ha questo id`,
        hint: guess ? `intendevi «${guess}»?` : 'l\'id si dà all\'intestazione di destinazione: "### Art. – Posizioni organizzative {#posizioni-organizzative}"',
      };
    });
}

/** The articles of a regulation by the key a plain-text reference names them with ("15", "45 bis"). */
function articlesOf(reg: Doc<Regolamento>): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of analysis(reg as unknown as Doc).structure.parts) if (part.kind === 'articolo') out.set(part.numberText, partAnchor(part)!);
  return out;
}

/** Line and column of a mention, from the source text (the tree's text has escapes and indentation removed). */
function locate(doc: Doc, found: FoundReference, mention: ArticleMention, index: number): { line?: number; column?: number } {
  const pos = found.node.position;
  if (!pos?.start.offset || pos.end.offset === undefined) return at(found.node);
  const body = doc.source.body;
  const source = scanReferences(body.slice(pos.start.offset, pos.end.offset))[index];
  const j = found.reference.articles.indexOf(mention);
  const offset = pos.start.offset + (source?.articles.length === found.reference.articles.length ? source.articles[j]!.start : 0);
  const before = body.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}

/**
 * Plain-text references («art. 27», «artt. 15 e 16») to an article the regulation does not have: a warning,
 * located, since the act is published as approved; the office corrects the text by amendment or errata.
 */
function missingArticles(doc: Doc, articles: Map<string, string>): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const found = findTextReferences(analysis(doc).tree);
  const numbers = [...articles.keys()];
  const range = numbers.length ? `da ${numbers[0]} a ${numbers[numbers.length - 1]}` : 'nessuno';
  found.forEach((f, i) => {
    if (f.reference.external) return;
    // Which occurrence in its text node: the source slice of the node has the same references in order.
    const index = found.slice(0, i).filter((g) => g.node === f.node).length;
    for (const mention of f.reference.articles) {
      if (articles.has(mention.key)) continue;
      issues.push({
        path: [],
        severity: 'avviso',
        at: locate(doc, f, mention, index),
        message: `il rimando all'art. ${mention.key} non corrisponde a nessun articolo del regolamento (articoli ${range}): resta testo, senza collegamento`,
        hint:
          'se cita un altro atto, il nome dell\'atto va dopo il numero («art. 27 del D.P.R. 487/1994»); se il testo approvato è sbagliato, lo corregge l\'ente con una deliberazione di modifica (da elencare in «modifiche», con <del>/<ins>) o con un avviso di rettifica se è un errore materiale. albo pubblica il testo come approvato',
      });
    }
  });
  return issues;
}

/** Deliberation notes of the highlighted text, with the articles each one amended. */
function notesView(reg: Doc<Regolamento>) {
  const { tree, structure } = analysis(reg as unknown as Doc);
  const amended = new Map<string, string[]>();
  // Which article each marker falls in: the last article heading before it in the text.
  const articles = structure.parts.filter((p) => p.kind === 'articolo');
  for (const a of findAmendments(tree)) {
    const offset = a.node.position?.start.offset ?? 0;
    const end = a.node.position?.end.offset ?? offset;
    const article = articles.filter((p) => (p.node.position?.start.offset ?? 0) < end).filter((p) => a.block || (p.node.position?.start.offset ?? 0) < offset).pop();
    const list = amended.get(a.delibera) ?? [];
    if (article && !list.includes(article.reference)) list.push(article.reference);
    amended.set(a.delibera, list);
  }
  return reg.data.modifiche.map((m, i) => ({
    nota: `(${i + 1})`,
    id: m.id,
    descrizione: m.descrizione,
    organo: m.organo,
    numero: String(m.numero),
    data: m.data,
    articoli: amended.get(m.id)?.length ? amended.get(m.id)!.join(', ') : null,
  }));
}

const noteNumber = (reg: Doc<Regolamento>) => (delibera: string) => reg.data.modifiche.findIndex((m) => m.id === delibera) + 1;

const variantsOf = (doc: Doc) => (findAmendments(analysis(doc).tree).length ? VARIANTS : VARIANTS.slice(0, 1));
const variantName = (variant?: string) => VARIANT_NAMES[(variant ?? 'vigente') as Variant];

export const regolamento: Kind<Regolamento> = {
  tipo: 'regolamento',
  template: 'regolamento.md.hbs',
  sections: [],
  freeBody: true,
  regulation: true,
  schema: () => regolamentoSchema,
  rules(doc) {
    const d = doc.data;
    const { structure } = analysis(doc as unknown as Doc);
    const issues: RuleIssue[] = structure.issues.map((i) => ({ path: [], at: at(i.node), message: i.message, hint: i.hint }));
    if (!structure.parts.some((p) => p.kind === 'articolo')) issues.push({ path: ['tipo'], message: 'il regolamento non ha articoli', hint: 'scrivi ogni articolo come "### Art. – Rubrica" seguito dai commi "1. …"' });
    d.modifiche.forEach((m, i) => {
      if (d.modifiche.findIndex((x) => x.id === m.id) !== i) issues.push({ path: ['modifiche', i, 'id'], message: `deliberazione «${m.id}» elencata due volte` });
      if (d.approvazione && m.data < d.approvazione.data) issues.push({ path: ['modifiche', i, 'data'], message: `la modifica (${formatDate(m.data)}) è anteriore all'approvazione (${formatDate(d.approvazione.data)})` });
      if (i > 0 && m.data < d.modifiche[i - 1]!.data) issues.push({ path: ['modifiche', i, 'data'], severity: 'avviso', message: 'le modifiche vanno elencate dalla più vecchia' });
    });
    return [...issues, ...localIssues(doc as unknown as Doc), ...deliberaIssues(doc as unknown as Doc, d.modifiche), ...missingArticles(doc as unknown as Doc, articlesOf(doc))];
  },
  crossRules(doc, project) {
    return unresolvedReferences(doc as unknown as Doc, targetsOf(doc, project));
  },
  view(doc, project, variant) {
    const d = doc.data;
    const evidenziato = variant === 'evidenziato';
    return {
      ente: project.config.ente,
      id: d.id,
      titolo: d.titolo,
      approvazione: d.approvazione ? { ...d.approvazione, numero: String(d.approvazione.numero) } : null,
      modifiche: notesView(doc),
      evidenziato,
      variante: variantName(variant),
      // «Testo vigente» says something only of an amended text; a short text needs no index page.
      modificato: evidenziato || d.modifiche.length > 0,
      indice: d.indice ?? articlesOf(doc).size > ARTICLES_FOR_INDEX,
      allegati: allegatiOf(doc as unknown as Doc, project).map((a) => ({ numero: String(a.data.numero), titolo: a.data.titolo })),
      testo: doc.source.body.trim(),
    };
  },
  variants: (doc) => variantsOf(doc as unknown as Doc),
  transform(tree, doc, project, variant) {
    applyStructure(analyseStructure(tree, { strict: false }));
    applyReferences(tree, targetsOf(doc, project));
    const articles = articlesOf(doc);
    linkTextReferences(tree, (key) => articles.get(key));
    applyVariant(tree, (variant ?? 'vigente') as Variant, noteNumber(doc));
  },
  attachments: (doc, project) => allegatiOf(doc as unknown as Doc, project) as unknown as Doc[],
  date: (doc) => doc.data.data ?? [doc.data.approvazione?.data, ...doc.data.modifiche.map((m) => m.data)].filter((x): x is string => Boolean(x)).sort().pop() ?? NO_DATE,
};

const parentOf = (doc: Doc<Allegato>, project: Project): Doc<Regolamento> | undefined => {
  const reg = project.byId.get(doc.data.regolamento);
  return reg?.kind.tipo === 'regolamento' ? (reg as unknown as Doc<Regolamento>) : undefined;
};

export const allegato: Kind<Allegato> = {
  tipo: 'allegato',
  template: 'allegato.md.hbs',
  sections: [],
  freeBody: true,
  regulation: true,
  schema: () => allegatoSchema,
  rules(doc) {
    const issues = localIssues(doc as unknown as Doc);
    // The appendix's title is a level 2 heading: its own headings start at level 3.
    const visit = (node: Nodes) => {
      if (node.type === 'heading' && node.depth < 3) issues.push({ path: [], at: at(node), message: 'nell\'allegato le intestazioni partono da "###"', hint: 'il titolo dell\'allegato (livello 2) lo scrive albo: usa "###" per le parti e "####" per le loro suddivisioni' });
      if (node.type === 'heading' && ID_SUFFIX.test(toString(node))) issues.push({ path: [], at: at(node), message: 'un\'intestazione dell\'allegato non può avere un id {#…}', hint: 'un allegato si cita per intero con il suo id del frontmatter: [](#id-allegato) → "Allegato 3"' });
      if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
    };
    visit(analysis(doc as unknown as Doc).tree);
    return issues;
  },
  crossRules(doc, project) {
    const reg = parentOf(doc, project);
    if (!reg) {
      const regs = project.docs.filter((d) => d.kind.tipo === 'regolamento').map(docId);
      const guess = didYouMean(doc.data.regolamento, regs);
      return [{ path: ['regolamento'], message: `regolamento «${doc.data.regolamento}» non trovato`, hint: guess ? `intendevi «${guess}»?` : regs.length ? `regolamenti: ${regs.join(', ')}` : 'l\'allegato va con un documento "tipo: regolamento" dello stesso ente' }];
    }
    const issues: RuleIssue[] = [];
    const twin = allegatiOf(reg as unknown as Doc, project).find((a) => a !== (doc as unknown as Doc<Allegato>) && String(a.data.numero) === String(doc.data.numero));
    if (twin) issues.push({ path: ['numero'], message: `il regolamento ha già un Allegato ${doc.data.numero} (${twin.source.file})` });
    return [
      ...issues,
      ...deliberaIssues(doc as unknown as Doc, reg.data.modifiche),
      ...unresolvedReferences(doc as unknown as Doc, targetsOf(reg, project)),
      ...missingArticles(doc as unknown as Doc, articlesOf(reg)),
    ];
  },
  view(doc, project, variant) {
    const reg = parentOf(doc, project)!;
    const used = new Set(findAmendments(analysis(doc as unknown as Doc).tree).map((a) => a.delibera));
    return {
      ente: project.config.ente,
      id: doc.data.id,
      numero: String(doc.data.numero),
      titolo: doc.data.titolo,
      regolamento: { id: reg.data.id, titolo: reg.data.titolo },
      evidenziato: variant === 'evidenziato',
      variante: variantName(variant),
      modifiche: notesView(reg).filter((m) => used.has(m.id)),
      testo: doc.source.body.trim(),
    };
  },
  variants: (doc) => variantsOf(doc as unknown as Doc),
  transform(tree, doc, project, variant) {
    const reg = parentOf(doc, project)!;
    applyReferences(tree, targetsOf(reg, project));
    const articles = articlesOf(reg);
    linkTextReferences(tree, (key) => articles.get(key));
    applyVariant(tree, (variant ?? 'vigente') as Variant, noteNumber(reg));
  },
  date: (doc) => doc.data.data ?? NO_DATE,
};
