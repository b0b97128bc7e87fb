import * as z from 'zod';
import { isoDate, text, year } from './common.js';
import { formatDate, formatLongDate, ofOrgan } from '../format/italian.js';
import type { RuleIssue } from './kind.js';
import { defaultRulebook } from '../rulebook/rulebook.js';

/**
 * What a notice rests on: a regulation of the ente, its contratto decentrato (CCDI) or an article of the
 * national contract. Exactly one; each is printed in the standard form of an act, with its date.
 */
const articolo = z.union([z.int().positive(), text]);

const deliberation = z.strictObject({
  numero: z.int().positive(),
  /** «n. 217/2022» when only the year is known; «n. 217 del 12/12/2022» with the date. */
  anno: year.optional(),
  data: isoDate.optional(),
});

export const regolamentoBasis = z.strictObject({
  articolo,
  denominazione: text,
  /** The organ that approved it: «Giunta comunale», «Consiglio comunale», «giunta». */
  organo: text,
  delibera: deliberation,
  /** The general regulation it is an appendix of, when it is one. */
  allegato_a: text.optional(),
});

export const ccdiBasis = z.strictObject({
  articolo: articolo.optional(),
  denominazione: text.default('contratto collettivo decentrato integrativo'),
  /** Date of final signature. */
  sottoscrizione: isoDate,
});

export const ccnlBasis = z.strictObject({
  articolo,
  comma: articolo.optional(),
  denominazione: text.default('CCNL Funzioni Locali'),
  /** Date of signature: it identifies the contract (16.11.2022, 23.02.2026 …). */
  sottoscrizione: isoDate,
});

export const legalBasisFields = {
  regolamento: regolamentoBasis.optional(),
  ccdi: ccdiBasis.optional(),
  ccnl: ccnlBasis.optional(),
};

type Fields = { regolamento?: z.infer<typeof regolamentoBasis>; ccdi?: z.infer<typeof ccdiBasis>; ccnl?: z.infer<typeof ccnlBasis> };
const KEYS = ['regolamento', 'ccdi', 'ccnl'] as const;

/** «art. 3», «art. 3 bis»; text that already names the article is kept. */
const article = (a: string | number) => (/^art/i.test(String(a)) ? String(a) : `art. ${a}`);

/** «n. 217/2022» or «n. 217 del 12/12/2022». */
export function deliberationNumber(d: z.infer<typeof deliberation>): string {
  return d.data ? `n. ${d.numero} del ${formatDate(d.data)}` : `n. ${d.numero}/${d.anno}`;
}

/** The phrase after «Ai sensi», e.g. «dell'art. 12 del contratto collettivo decentrato integrativo …». */
export function legalBasisPhrase(f: Fields): { tipo: (typeof KEYS)[number]; testo: string } | null {
  if (f.regolamento) {
    const r = f.regolamento;
    return {
      tipo: 'regolamento',
      testo: `dell'${article(r.articolo)} del ${r.denominazione}, approvato con deliberazione ${ofOrgan(r.organo)} ${deliberationNumber(r.delibera)}${r.allegato_a ? ` come allegato al ${r.allegato_a}` : ''}`,
    };
  }
  if (f.ccdi) {
    const c = f.ccdi;
    return { tipo: 'ccdi', testo: `${c.articolo !== undefined ? `dell'${article(c.articolo)} del` : 'del'} ${c.denominazione}, sottoscritto il ${formatLongDate(c.sottoscrizione)}` };
  }
  if (f.ccnl) {
    const c = f.ccnl;
    return { tipo: 'ccnl', testo: `dell'${article(c.articolo)}${c.comma !== undefined ? `, comma ${c.comma},` : ''} del ${c.denominazione} sottoscritto il ${formatLongDate(c.sottoscrizione)}` };
  }
  return null;
}

/** Exactly one basis; a deliberation has its year or date; a CCNL is one albo knows (a warning otherwise). */
export function legalBasisIssues(f: Fields): RuleIssue[] {
  const given = KEYS.filter((k) => f[k]);
  const issues: RuleIssue[] = [];
  if (!given.length) {
    issues.push({ path: [], message: "manca la base dell'avviso: «regolamento», «ccdi» o «ccnl»", hint: 'es. «ccdi: { articolo: 12, denominazione: contratto collettivo decentrato integrativo 2023-2025, sottoscrizione: 2023-12-15 }» (vedi README, «Avvisi»)' });
  }
  if (given.length > 1) {
    issues.push({ path: [given[1]!], message: `«${given.join('» e «')}» insieme: l'avviso cita una sola base`, hint: 'tieni quella su cui si fonda la selezione; le altre si citano nel testo della sezione «Selezione»' });
  }
  const d = f.regolamento?.delibera;
  if (d && d.anno === undefined && d.data === undefined) {
    issues.push({ path: ['regolamento', 'delibera'], message: 'della deliberazione manca la data (o almeno l\'anno)', hint: 'aggiungi «data: AAAA-MM-GG» (es. data: 2022-12-12)' });
  }
  if (d?.anno !== undefined && d.data !== undefined && Number(d.data.slice(0, 4)) !== d.anno) {
    issues.push({ path: ['regolamento', 'delibera', 'anno'], message: `anno ${d.anno} diverso da quello della data ${formatDate(d.data)}`, hint: 'togli «anno»: con la data non serve' });
  }
  if (f.ccnl) {
    const known = [...new Map(defaultRulebook().contracts.map((c) => [c.sottoscrizione, c])).values()];
    if (!known.some((c) => c.sottoscrizione === f.ccnl!.sottoscrizione)) {
      issues.push({ path: ['ccnl', 'sottoscrizione'], severity: 'avviso', message: `nessun contratto sottoscritto il ${formatDate(f.ccnl.sottoscrizione)} tra quelli che albo conosce`, hint: `contratti noti: ${known.map((c) => `${c.contratto} (${c.sottoscrizione})`).join(', ')}` });
    }
  }
  return issues;
}
