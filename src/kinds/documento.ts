import type { Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import * as z from 'zod';
import { formatDate } from '../format/italian.js';
import { INDEX_DEPTH, bodyTree } from '../render/markdown.js';
import { checkNumbering, headingsOf } from '../validate/heading-numbers.js';
import { idField, isoDate, NO_DATE, text, year } from './common.js';
import type { Doc, Kind, RuleIssue } from './kind.js';

/** Grammatical gender and number of what the document is called: «Approvata» for a metodologia. */
export const GENERI = ['maschile', 'femminile', 'maschile plurale', 'femminile plurale'] as const;
type Genere = (typeof GENERI)[number];

const ENDING: Record<Genere, string> = { maschile: 'o', femminile: 'a', 'maschile plurale': 'i', 'femminile plurale': 'e' };

/** "Approvat" + gender: «Approvato», «Approvata», «Approvati», «Approvate». */
export const participle = (stem: string, genere: Genere) => stem + ENDING[genere];

/** An act that approved or amended the document: «con deliberazione della Giunta comunale n. 69 del 19/07/2023». */
const act = z.strictObject({
  /** The body that adopted it: "Giunta comunale", "Consiglio comunale", "Responsabile del Settore Personale". */
  organo: text,
  /** The kind of act, as it follows «con»: deliberazione, determinazione, decreto. */
  atto: text.default('deliberazione'),
  numero: z.union([z.int().positive(), text]),
  data: isoDate,
});

export const documentoSchema = z.strictObject({
  tipo: z.literal('documento'),
  id: idField,
  titolo: text,
  sottotitolo: text.optional(),
  /** The year the document refers to, printed under the title. */
  anno: year.optional(),
  /** «Approvato/a/i/e con …»: the gender and number of what the title calls the document. */
  genere: z.enum(GENERI).default('maschile'),
  /** Print an index of the headings (levels ## to ####) before the text. */
  indice: z.boolean().default(false),
  approvazione: act.optional(),
  /** Later amendments, oldest first, each printed under the approval. */
  modifiche: z.array(act.extend({ /** Replaces «Modificato/a/i/e», e.g. "Integrata". */ descrizione: text.optional() })).default([]),
  /** Date for the documents' metadata (AAAA-MM-GG); the latest act's when omitted. */
  data: isoDate.optional(),
});

export type Documento = z.infer<typeof documentoSchema>;

const parsed = new WeakMap<Doc, Root>();
const treeOf = (doc: Doc): Root => {
  let tree = parsed.get(doc);
  if (!tree) parsed.set(doc, (tree = bodyTree(doc.source)));
  return tree;
};

const at = (node: Nodes) => ({ line: node.position?.start.line, column: node.position?.start.column });

const actView = (a: z.infer<typeof act>, participio: string) => ({ participio, atto: a.atto, organo: a.organo, numero: String(a.numero), data: a.data });

/**
 * A free-form act: a methodology, criteria, guidelines, the text of a determination. Its headings keep the
 * numbers the source writes («1.- PREMESSA», «2.1.- Criteri», «Art. 3 - Titolo», or none): albo prints them
 * as they are and only checks that none repeats or goes backwards.
 */
export const documento: Kind<Documento> = {
  tipo: 'documento',
  template: 'documento.md.hbs',
  sections: [],
  freeBody: true,
  schema: () => documentoSchema,
  rules(doc) {
    const d = doc.data;
    const tree = treeOf(doc as unknown as Doc);
    const headings = headingsOf(tree);
    const issues: RuleIssue[] = [];
    if (!toString(tree).trim()) issues.push({ path: ['tipo'], message: 'il documento non ha testo', hint: 'scrivi il testo dopo il frontmatter, con le sue intestazioni («## 1.- PREMESSA» …)' });
    for (const h of headings) {
      if (h.depth === 1) issues.push({ path: [], at: at(h), message: 'nel documento le intestazioni partono da "##"', hint: 'il titolo (livello 1) lo scrive albo dal campo «titolo»: usa "##" per le parti e "###" per le loro suddivisioni' });
      else if (!toString(h).trim()) issues.push({ path: [], at: at(h), message: 'intestazione vuota', hint: 'scrivi il testo dopo i "#" o togli la riga' });
    }
    for (const n of checkNumbering(headings)) issues.push({ path: [], at: at(n.node), severity: n.severity, message: n.message, hint: n.hint });
    const visit = (node: Nodes) => {
      if (node.type === 'leafDirective' && node.name === 'indice') issues.push({ path: [], at: at(node), message: 'l\'indice lo stampa albo', hint: 'togli "::indice" e scrivi «indice: true» nel frontmatter' });
      if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
    };
    visit(tree);
    if (d.indice && !headings.some((h) => h.depth >= INDEX_DEPTH.min && h.depth <= INDEX_DEPTH.max)) {
      issues.push({ path: ['indice'], message: 'indice richiesto, ma il testo non ha intestazioni da elencare', hint: 'l\'indice elenca le intestazioni "##", "###" e "####": aggiungile o togli «indice: true»' });
    }
    d.modifiche.forEach((m, i) => {
      if (d.approvazione && m.data < d.approvazione.data) issues.push({ path: ['modifiche', i, 'data'], message: `la modifica (${formatDate(m.data)}) è anteriore all'approvazione (${formatDate(d.approvazione.data)})` });
      if (i > 0 && m.data < d.modifiche[i - 1]!.data) issues.push({ path: ['modifiche', i, 'data'], severity: 'avviso', message: 'le modifiche vanno elencate dalla più vecchia' });
    });
    return issues;
  },
  view(doc, project) {
    const d = doc.data;
    return {
      ente: project.config.ente,
      id: d.id,
      titolo: d.titolo,
      sottotitolo: d.sottotitolo ?? null,
      anno: d.anno ?? null,
      indice: d.indice,
      approvazione: d.approvazione ? actView(d.approvazione, participle('Approvat', d.genere)) : null,
      modifiche: d.modifiche.map((m) => actView(m, m.descrizione ?? participle('Modificat', d.genere))),
      testo: doc.source.body.trim(),
    };
  },
  date: (doc) => doc.data.data ?? [doc.data.approvazione?.data, ...doc.data.modifiche.map((m) => m.data)].filter((x): x is string => Boolean(x)).sort().pop() ?? NO_DATE,
};
