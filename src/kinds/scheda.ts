import * as z from 'zod';
import { computeWeight, weightedHundredths } from '../compute/weight.js';
import { formatPoints } from '../format/italian.js';
import type { Config } from '../config.js';
import { idField, text, year } from './common.js';
import { capSource } from '../rulebook/caps.js';
import { areaIssues, attachedTo, narrowerAreaIssues, serviceIssues } from './position.js';
import { sectionsView, type Doc, type Kind, type Project, type RuleIssue } from './kind.js';

function scoreSchema(nome: string, min: number, max: number, hint: string) {
  const outOfRange = (iss: { input?: unknown }) =>
    `punteggio ${String(iss.input)} fuori dall'intervallo ${min}–${max} del criterio «${nome}»\n${hint}`;
  return z
    .int({ error: `il punteggio di «${nome}» deve essere un numero intero tra ${min} e ${max}` })
    .min(min, { error: outOfRange })
    .max(max, { error: outOfRange });
}

/** A knowledge item's specification; "sì"/"no" are answers, not specifications (YAML wants true/false). */
const specification = text.refine((s) => !/^(s[iì]|no|x)$/i.test(s), {
  error: 'per spuntare o no la casella scrivi true o false (non "sì"/"no"); un testo vale come specificazione',
});

/** Areas as written (ids, or old category letters): checked by `areaIssues`, so that letters only warn. */
export const areasField = z.array(text).min(1, 'indica almeno un\'area');

/** A field that an ente's configuration rules out: present, it is an error with the reason. */
export const notAllowed = (reason: string) => z.undefined({ error: reason }).optional();

export function schedaSchema(config: Config) {
  const extra = config.maggiorazione;
  const extraHint = extra
    ? `i punti oltre il massimo di un criterio non sono ammessi: se la posizione ha «${extra.nome}», indicali in «punteggi.${extra.id}»${extra.max ? ` (0–${extra.max})` : ''} con la sezione "## ${extra.sezione_motivazione}"`
    : 'correggi il punteggio entro l\'intervallo del criterio';
  const scores: Record<string, z.ZodType<number | undefined>> = Object.fromEntries(
    config.criteri.map((c) => [c.id, scoreSchema(c.nome, c.min, c.max, extraHint)]),
  );
  if (extra) {
    scores[extra.id] = (
      extra.max !== undefined
        ? scoreSchema(extra.nome, 0, extra.max, `il massimo per «${extra.nome}» è ${extra.max} punti`)
        : z.int({ error: `i punti per «${extra.nome}» devono essere un numero intero` }).nonnegative({ error: `i punti per «${extra.nome}» non possono essere negativi` })
    ).optional();
  }
  return z.strictObject({
    tipo: z.literal('scheda'),
    id: idField,
    anno: year,
    settore: text,
    ufficio: text,
    titolo: text,
    /** The service (id of a "tipo: servizio" source of the same ente) the position belongs to. */
    servizio: idField.optional(),
    /** The role name used in "Competenze necessarie per ricoprire il ruolo di …". */
    ruolo: text,
    /** The Areas the position is reserved to, when narrower than its notice's (or with no notice). */
    aree: areasField.optional(),
    /** A contractual case other than the ordinary one (e.g. "c2" of art. 70-quinquies CCNL 2018). */
    caso: z.string().regex(/^[a-z0-9-]+$/, 'il caso si scrive in minuscolo, es. c2').optional(),
    punteggi: config.criteri.length
      ? z.strictObject(scores)
      : notAllowed('l\'ente non pesa le posizioni (nessun criterio in ente.yaml): togli «punteggi»'),
    /** Optional: if written, it must equal the computed total. */
    pesatura: !config.criteri.length
      ? notAllowed('l\'ente non pesa le posizioni: togli «pesatura»')
      : weighted(config)
        ? z.number({ error: 'la pesatura è un numero (es. 74 o 74.5)' }).optional()
        : z.int().optional(),
    /** Optional, in euro: if written, it must equal the pay the year's fund gives. */
    retribuzione: z.number().optional(),
    conoscenze: (() => {
      const shape = z.strictObject(
        Object.fromEntries(
          config.conoscenze.map((k) => [
            k.id,
            z.union([z.boolean(), specification], { error: `«${k.etichetta}»: scrivi true, false oppure una specificazione (es. "ufficiale di anagrafe")` }),
          ]),
        ),
      );
      // An ente with no knowledge checklist needs no empty "conoscenze: {}" in every card.
      return config.conoscenze.length ? shape : shape.default({});
    })(),
  });
}

export type Scheda = z.infer<ReturnType<typeof schedaSchema>>;

const extraPoints = (data: Scheda, config: Config) => (config.maggiorazione && data.punteggi ? (data.punteggi[config.maggiorazione.id] ?? 0) : 0);

/** Whether the ente weighs its criteria (some `peso` in ente.yaml): cards then print weights and weighted scores. */
export const weighted = (config: Config): boolean => config.criteri.some((c) => c.peso !== undefined);

/**
 * The total weight of a card: its criteria scores (times their weights, if the ente has any) plus the
 * extra points; null where the ente does not weigh. With weights it is computed in hundredths of a point
 * and divided once, so it has at most two exact decimals.
 */
export function cardWeight(data: Scheda, config: Config): number | null {
  if (!config.criteri.length || !data.punteggi) return null;
  const scores = data.punteggi;
  if (!weighted(config)) return computeWeight(Object.fromEntries(config.criteri.map((c) => [c.id, scores[c.id] ?? 0])), extraPoints(data, config));
  return weightedHundredths(config.criteri.map((c) => ({ score: scores[c.id] ?? 0, factor: criterionFactor(c) })), extraPoints(data, config)) / 100;
}

/** printedWeight, keeping null for an ente that does not weigh. */
export const printedOrNull = (weight: number | null): number | string | null => (weight === null ? null : printedWeight(weight));

/** A weight as the acts print it: a whole number as it is (so templates and outputs stay as they were), else «13,5». */
export const printedWeight = (weight: number): number | string => (Number.isInteger(weight) ? weight : formatPoints(Math.round(weight * 100)));

/** Points a criterion's score counts for, in hundredths of a point (1 point: 100). */
export const criterionFactor = (c: Config['criteri'][number]): number => Math.round((c.peso ?? 1) * 100);

const gcd = (a: number, b: number): number => (b ? gcd(b, a % b) : a);

/**
 * The weights a card of this ente can reach, in hundredths of a point: from every criterion at its
 * minimum to every criterion at its maximum (plus the extra points up to their scale, if the ente has
 * one), on a grid of `grid` hundredths (the greatest common divisor of the criteria's factors). Null
 * where the ente does not weigh.
 */
export function weightRange(config: Config): { lo: number; hi: number; grid: number } | null {
  if (!config.criteri.length) return null;
  const factors = config.criteri.map(criterionFactor);
  const extra = config.maggiorazione;
  return {
    lo: config.criteri.reduce((s, c, i) => s + c.min * factors[i]!, 0),
    hi: config.criteri.reduce((s, c, i) => s + c.max * factors[i]!, 0) + (extra?.max ?? 0) * 100,
    grid: [...factors, ...(extra ? [100] : [])].reduce(gcd),
  };
}

/** The maximum that applies to a card and where it comes from, for the printed card. */
export function cardCap(data: Scheda, project: Project): { importo: number; fonte: string } | null {
  const cap = project.allocations.get(data.anno)?.caps.get(data.id);
  return cap ? { importo: cap.cents, fonte: capSource(cap) } : null;
}

/** A card's pay, from its year's fund allocation. */
export function cardPay(data: Scheda, project: Project): number {
  const pay = project.allocations.get(data.anno)?.allocation.pay.get(data.id);
  if (pay === undefined) throw new Error(`retribuzione non calcolata per ${data.id}`);
  return pay;
}

export const scheda: Kind<Scheda> = {
  tipo: 'scheda',
  template: 'scheda.md.hbs',
  sections: [
    { key: 'bisogno', heading: 'Bisogno organizzativo', required: true },
    { key: 'ruolo', heading: 'Descrizione ruolo', required: true },
    { key: 'motivazione', heading: 'Motivazione', required: false },
    { key: 'requisiti', heading: 'Requisiti', required: true },
  ],
  schema: schedaSchema,
  rules(doc, config): RuleIssue[] {
    const issues: RuleIssue[] = [...areaIssues(doc.data.aree, ['aree'])];
    const pesatura = cardWeight(doc.data, config);
    const extra = extraPoints(doc.data, config);
    if (extra > 0 && !doc.sections.motivazione && config.maggiorazione) {
      issues.push({
        path: ['punteggi', config.maggiorazione.id],
        message: `${extra} punti per «${config.maggiorazione.nome}» senza motivazione`,
        hint: `aggiungi la sezione "## ${config.maggiorazione.sezione_motivazione}" che li giustifica`,
      });
    }
    // The computed weight is hundredths ÷ 100, the double nearest to it, as is a written «74.5» or «0.3»: exact equality.
    if (doc.data.pesatura !== undefined && pesatura !== null && doc.data.pesatura !== pesatura) {
      issues.push({
        path: ['pesatura'],
        message: `pesatura ${printedWeight(doc.data.pesatura)} diversa dalla somma dei punteggi${weighted(config) ? ' moltiplicati per i pesi dei criteri' : ''} (${printedWeight(pesatura)})`,
        hint: 'la pesatura si calcola da sé: puoi togliere il campo',
      });
    }
    return issues;
  },
  crossRules(doc, project) {
    return [...serviceIssues(doc.data.servizio, project), ...narrowerAreaIssues(doc as unknown as Doc<{ id: string; aree?: string[] }>, project)];
  },
  view(doc, project) {
    const { config } = project;
    const d = doc.data;

    return {
      ente: config.ente,
      id: d.id,
      anno: d.anno,
      settore: d.settore,
      ufficio: d.ufficio,
      titolo: d.titolo,
      ruolo: d.ruolo,
      pesata: config.criteri.length > 0,
      /** The ente weighs its criteria: the table adds the weight and the weighted score of each. */
      pesi: weighted(config),
      criteri: config.criteri.map((c) => {
        const punteggio = d.punteggi?.[c.id] ?? null;
        return {
          nome: c.nome,
          min: c.min,
          max: c.max,
          elementi: c.elementi,
          punteggio,
          peso: printedWeight(c.peso ?? 1),
          punti: punteggio === null ? null : formatPoints(punteggio * criterionFactor(c)),
        };
      }),
      // The extra row prints its scale only where the ente adopted one, and no "0" beside a motivation.
      maggiorazione: config.maggiorazione && config.criteri.length
        ? {
            nome: config.maggiorazione.nome,
            scala: config.maggiorazione.max !== undefined ? `0–${config.maggiorazione.max}` : null,
            punti: extraPoints(d, config) > 0 ? extraPoints(d, config) : null,
          }
        : null,
      pesatura: printedOrNull(cardWeight(d, config)),
      indennita: cardPay(d, project),
      massimo: cardCap(d, project),
      conoscenze: config.conoscenze.map((k) => {
        const v = d.conoscenze[k.id];
        return { etichetta: k.etichetta, selezionata: v !== false, specifica: typeof v === 'string' ? v : null };
      }),
      sezioni: sectionsView(doc as unknown as Doc),
      /** The form's instructions («Indicare …»): printed only when the ente asks for them. */
      istruzioni: config.istruzioni,
      /** «Allegato n. 2 all'avviso …»: the notice that attaches the card, or null. */
      allegato: attachedTo(d.id, project),
    };
  },
  date: (doc) => `${doc.data.anno}-01-01`,
};

