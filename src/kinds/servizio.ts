import type { Heading, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import * as z from 'zod';
import { sourceTree } from '../load/tree-cache.js';
import { didYouMean } from '../validate/zod-issues.js';
import { idField, isoDate, NO_DATE, text } from './common.js';
import type { Doc, Kind, RuleIssue } from './kind.js';

/** A service (organisational unit) and what it is for: missions and homogeneous groups of processes. */
export const servizioSchema = z.strictObject({
  tipo: z.literal('servizio'),
  id: idField,
  /** Kind of unit, e.g. "Unità orizzontale apicale (Servizio)". */
  tipologia: text,
  nome: text,
  /** The nuclei omogenei di processi e attività, in order; each has a "### " section in the body. */
  nuclei: z.array(text).min(1, 'indica almeno un nucleo di processi e attività'),
  /** Date of the act that approved the sheet (AAAA-MM-GG), for the documents' metadata. */
  data: isoDate.optional(),
});

export type Servizio = z.infer<typeof servizioSchema>;

const NUCLEI_SECTION = 'nuclei';

/** Words regardless of order: "comunitari, statali e regionali" vs "regionali, statali e comunitari". */
const words = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ').sort().join(' ');
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** The candidate sharing most words with the name, if it shares at least half of them. */
function closestByWords(name: string, candidates: readonly string[]): string | undefined {
  const mine = new Set(words(name).split(' '));
  let best: { c: string; score: number } | undefined;
  for (const c of candidates) {
    const theirs = new Set(words(c).split(' '));
    const common = [...mine].filter((w) => theirs.has(w)).length;
    const score = common / Math.max(mine.size, theirs.size);
    if (score >= 0.5 && (!best || score > best.score)) best = { c, score };
  }
  return best?.c;
}

interface NucleusSection {
  title: string;
  line: number;
  markdown: string;
}

/** The `### ` subsections of the nuclei section, with their file lines. */
export function nucleusSections(doc: Doc<Servizio>): NucleusSection[] {
  const section = doc.sections[NUCLEI_SECTION];
  if (!section) return [];
  const padded = '\n'.repeat(section.startLine - 1) + section.markdown;
  const tree: Root = sourceTree(padded);
  const heads = tree.children.map((n, i) => ({ n, i })).filter((x): x is { n: Heading; i: number } => x.n.type === 'heading' && x.n.depth === 3);
  return heads.map(({ n }, k) => {
    const next = heads[k + 1]?.n;
    const start = n.position!.end.offset!;
    const end = next ? next.position!.start.offset! : padded.length;
    return { title: toString(n), line: n.position!.start.line, markdown: padded.slice(start, end).trim() };
  });
}

export const servizio: Kind<Servizio> = {
  tipo: 'servizio',
  template: 'servizio.md.hbs',
  sections: [
    { key: 'generali', heading: 'Missioni generali', required: true },
    { key: 'specifiche', heading: 'Missioni specifiche', required: true },
    { key: NUCLEI_SECTION, heading: 'Nuclei omogenei di processi e attività', required: true },
  ],
  schema: () => servizioSchema,
  /** The nuclei listed in the frontmatter and the "### " sections must correspond one to one. */
  rules(doc) {
    const issues: RuleIssue[] = [];
    const listed = doc.data.nuclei;
    const sections = nucleusSections(doc);
    const titles = sections.map((s) => s.title);
    listed.forEach((name, i) => {
      if (listed.findIndex((x) => same(x, name)) !== i) issues.push({ path: ['nuclei', i], message: `nucleo «${name}» elencato due volte` });
    });
    listed.forEach((name, i) => {
      if (titles.some((t) => same(t, name))) return;
      const reordered = titles.find((t) => words(t) === words(name));
      const guess = reordered ?? didYouMean(name, titles) ?? closestByWords(name, titles.filter((t) => !listed.some((l) => same(l, t))));
      issues.push({
        path: ['nuclei', i],
        message: `il nucleo «${name}» non ha una sezione "### ${name}" nel testo`,
        hint: reordered ? `nel testo c'è «${reordered}»: stesse parole in altro ordine, usa lo stesso nome nei due punti` : guess ? `intendevi «${guess}»?` : 'aggiungi la sezione sotto "## Nuclei omogenei di processi e attività"',
      });
    });
    for (const s of sections) {
      if (listed.some((name) => same(name, s.title))) {
        if (!s.markdown) issues.push({ path: [], at: { line: s.line, column: 1 }, message: `la sezione del nucleo «${s.title}» è vuota` });
        continue;
      }
      const reordered = listed.find((name) => words(name) === words(s.title));
      issues.push({
        path: [],
        at: { line: s.line, column: 1 },
        message: `la sezione «${s.title}» non corrisponde a nessun nucleo elencato in «nuclei»`,
        hint: reordered ? `in «nuclei» c'è «${reordered}»: stesse parole in altro ordine` : `nuclei elencati: ${listed.join('; ')}`,
      });
    }
    return issues;
  },
  view(doc, project) {
    const d = doc.data;
    const sections = nucleusSections(doc);
    return {
      ente: project.config.ente,
      id: d.id,
      tipologia: d.tipologia,
      nome: d.nome,
      sezioni: { generali: doc.sections.generali?.markdown ?? null, specifiche: doc.sections.specifiche?.markdown ?? null },
      nuclei: d.nuclei.map((name) => ({ nome: name, testo: sections.find((s) => same(s.title, name))?.markdown ?? '' })),
    };
  },
  date: (doc) => doc.data.data ?? NO_DATE,
};
