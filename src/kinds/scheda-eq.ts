import * as z from 'zod';
import type { Config } from '../config.js';
import { euro, idField, text, year } from './common.js';
import { sectionsView, type Doc, type Kind, type Project, type RuleIssue } from './kind.js';
import { areaIssues, attachedTo, narrowerAreaIssues, serviceIssues } from './position.js';
import { areasField, notAllowed } from './scheda.js';
import { citation } from '../rulebook/rulebook.js';
import { instalments, monthly } from '../compute/eq-pay.js';

/** The two kinds of EQ assignment (art. 16, c. 2, lett. a) and b) CCNL 16.11.2022). */
export const EQ_TIPOLOGIE = {
  direzione: "direzione di unità organizzative di particolare complessità (art. 16, c. 2, lett. a)",
  'alta-professionalita': 'contenuti di alta professionalità (art. 16, c. 2, lett. b)',
} as const;


export function schedaEqSchema(config: Config) {
  const criteri = config.eq?.criteri ?? [];
  const scores = Object.fromEntries(
    criteri.map((c) => {
      const outOfRange = (iss: { input?: unknown }) => `punteggio ${String(iss.input)} fuori dall'intervallo ${c.min}–${c.max} del fattore «${c.nome}»`;
      return [c.id, z.int({ error: `il punteggio di «${c.nome}» deve essere un numero intero tra ${c.min} e ${c.max}` }).min(c.min, { error: outOfRange }).max(c.max, { error: outOfRange })];
    }),
  );
  return z.strictObject({
    tipo: z.literal('scheda-eq'),
    id: idField,
    anno: year,
    settore: text,
    ufficio: text.optional(),
    /** The assignment's name, e.g. "Responsabile del Servizio Finanziario". */
    titolo: text,
    tipologia: z.enum(Object.keys(EQ_TIPOLOGIE) as [keyof typeof EQ_TIPOLOGIE, ...(keyof typeof EQ_TIPOLOGIE)[]]),
    /** The reduced band of art. 17, c. 3 (the cases of art. 16, c. 4). */
    fascia_ridotta: z.boolean().default(false),
    aree: areasField.optional(),
    servizio: idField.optional(),
    punteggi: criteri.length ? z.strictObject(scores) : notAllowed('l\'ente non ha fattori di graduazione EQ (eq.criteri in ente.yaml): togli «punteggi»'),
    /** Euro a year: required when the ente has no pay rule in ente.yaml; if written, it must equal the computed one. */
    retribuzione_posizione: euro.optional(),
  });
}

export type SchedaEq = z.infer<ReturnType<typeof schedaEqSchema>>;

/** Graduation points: each factor's score times its weight; null where the ente has no factors. */
export function eqWeight(data: SchedaEq, config: Config): number | null {
  const criteri = config.eq?.criteri;
  if (!criteri?.length || !data.punteggi) return null;
  const scores = data.punteggi as Record<string, number>;
  return criteri.reduce((s, c) => s + (scores[c.id] ?? 0) * c.peso, 0);
}

export const eqMaxWeight = (config: Config): number => (config.eq?.criteri ?? []).reduce((s, c) => s + c.max * c.peso, 0);

/** The computed pay of an EQ card (from the year's EQ share). */
export function eqPay(data: SchedaEq, project: Project) {
  const pay = project.eq.get(data.anno)?.pay.get(data.id);
  if (!pay) throw new Error(`retribuzione EQ non calcolata per ${data.id}`);
  return pay;
}

export const schedaEq: Kind<SchedaEq> = {
  tipo: 'scheda-eq',
  template: 'scheda-eq.md.hbs',
  sections: [
    { key: 'descrizione', heading: "Descrizione dell'incarico", required: true },
    { key: 'risorse', heading: 'Risorse assegnate', required: false },
    { key: 'requisiti', heading: 'Requisiti', required: false },
  ],
  schema: schedaEqSchema,
  rules(doc, config): RuleIssue[] {
    const issues = areaIssues(doc.data.aree, ['aree']);
    if (!config.eq) {
      issues.push({ path: ['tipo'], message: 'l\'ente non ha la graduazione degli incarichi EQ (manca «eq» in ente.yaml)', hint: 'aggiungi in ente.yaml «eq: { criteri: [...] }» (vedi README, «Incarichi di Elevata Qualificazione»)' });
    } else if (!config.eq.retribuzione && doc.data.retribuzione_posizione === undefined) {
      issues.push({ path: [], message: 'manca il campo obbligatorio «retribuzione_posizione»', hint: 'l\'ente non ha in ente.yaml una regola (eq.retribuzione) che la ricavi dal punteggio: scrivi l\'importo annuo' });
    }
    return issues;
  },
  crossRules: (doc, project) => [...serviceIssues(doc.data.servizio, project), ...narrowerAreaIssues(doc as unknown as Doc<{ id: string; aree?: string[] }>, project)],
  view(doc, project) {
    const { config } = project;
    const d = doc.data;
    const pay = eqPay(d, project);
    const scores = (d.punteggi ?? {}) as Record<string, number>;
    return {
      ente: config.ente,
      id: d.id,
      anno: d.anno,
      /** «Allegato n. 2 all'avviso …»: the notice that attaches the card, or null. */
      allegato: attachedTo(d.id, project),
      settore: d.settore,
      ufficio: d.ufficio ?? null,
      titolo: d.titolo,
      tipologia: EQ_TIPOLOGIE[d.tipologia],
      fascia_ridotta: d.fascia_ridotta,
      graduata: (config.eq?.criteri.length ?? 0) > 0,
      pesi: (config.eq?.criteri ?? []).some((c) => c.peso !== 1),
      criteri: (config.eq?.criteri ?? []).map((c) => ({ nome: c.nome, min: c.min, max: c.max, peso: c.peso, elementi: c.elementi, punteggio: scores[c.id] ?? null, punti: (scores[c.id] ?? 0) * c.peso })),
      pesatura: eqWeight(d, config),
      pesatura_massima: eqMaxWeight(config),
      fascia: pay.band ?? null,
      posizione: pay.position,
      mensilita: pay.rule.mensilita ?? 13,
      posizione_mensile: monthly(pay.position, pay.rule.mensilita ?? 13),
      /** The last instalment when the annual amount does not divide exactly (it takes the difference), else null. */
      posizione_ultima_mensilita: instalments(pay.position, pay.rule.mensilita ?? 13).last,
      mensilita_meno_una: (pay.rule.mensilita ?? 13) - 1,
      risultato: pay.result,
      percentuale_risultato: String(pay.percent).replace('.', ','),
      minimo: Math.round((pay.rule.minimo ?? 0) * 100),
      massimo: pay.cap,
      fonte_posizione: citation(pay.rule),
      fonte_risultato: pay.resultRule ? citation(pay.resultRule) : null,
      sezioni: sectionsView(doc as unknown as Doc),
    };
  },
  date: (doc) => `${doc.data.anno}-01-01`,
};
