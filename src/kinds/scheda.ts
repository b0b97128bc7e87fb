import { z } from 'zod';
import { computeWeight } from '../compute/weight.js';
import type { Config } from '../config.js';
import { idField, text, year } from './common.js';
import { didYouMean } from '../validate/zod-issues.js';
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

export function schedaSchema(config: Config) {
  const extra = config.maggiorazione;
  const extraHint = extra
    ? `i punti oltre il massimo di un criterio non sono ammessi: se la posizione ha «${extra.nome}», indicali in «punteggi.${extra.id}» (0–${extra.max}) con la sezione "## ${extra.sezione_motivazione}"`
    : 'correggi il punteggio entro l\'intervallo del criterio';
  const scores: Record<string, z.ZodType<number | undefined>> = Object.fromEntries(
    config.criteri.map((c) => [c.id, scoreSchema(c.nome, c.min, c.max, extraHint)]),
  );
  if (extra) {
    scores[extra.id] = scoreSchema(extra.nome, 0, extra.max, `il massimo per «${extra.nome}» è ${extra.max} punti`).optional();
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
    punteggi: config.criteri.length
      ? z.strictObject(scores)
      : z.never({ error: 'l\'ente.yaml di questo ente non definisce "criteri": senza criteri le schede non si possono pesare' }),
    /** Optional: if written, it must equal the computed total. */
    pesatura: z.int().optional(),
    /** Optional, in euro: if written, it must equal the pay the year's fund gives. */
    retribuzione: z.number().optional(),
    conoscenze: z.strictObject(
      Object.fromEntries(
        config.conoscenze.map((k) => [
          k.id,
          z.union([z.boolean(), specification], { error: `«${k.etichetta}»: scrivi true, false oppure una specificazione (es. "ufficiale di anagrafe")` }),
        ]),
      ),
    ),
  });
}

export type Scheda = z.infer<ReturnType<typeof schedaSchema>>;

const extraPoints = (data: Scheda, config: Config) => (config.maggiorazione ? (data.punteggi[config.maggiorazione.id] ?? 0) : 0);

/** The total weight of a card: its criteria scores plus the extra points. */
export function cardWeight(data: Scheda, config: Config): number {
  return computeWeight(Object.fromEntries(config.criteri.map((c) => [c.id, data.punteggi[c.id] ?? 0])), extraPoints(data, config));
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
    const issues: RuleIssue[] = [];
    const pesatura = cardWeight(doc.data, config);
    const extra = extraPoints(doc.data, config);
    if (extra > 0 && !doc.sections.motivazione && config.maggiorazione) {
      issues.push({
        path: ['punteggi', config.maggiorazione.id],
        message: `${extra} punti per «${config.maggiorazione.nome}» senza motivazione`,
        hint: `aggiungi la sezione "## ${config.maggiorazione.sezione_motivazione}" che li giustifica`,
      });
    }
    if (doc.data.pesatura !== undefined && doc.data.pesatura !== pesatura) {
      issues.push({
        path: ['pesatura'],
        message: `pesatura ${doc.data.pesatura} diversa dalla somma dei punteggi (${pesatura})`,
        hint: 'la pesatura si calcola da sé: puoi togliere il campo',
      });
    }
    return issues;
  },
  crossRules(doc, project) {
    const ref = doc.data.servizio;
    if (!ref) return [];
    const target = project.byId.get(ref);
    if (target?.kind.tipo === 'servizio') return [];
    const services = project.docs.filter((d) => d.kind.tipo === 'servizio').map((d) => String((d.data as { id: string }).id));
    const guess = didYouMean(ref, services);
    return [
      {
        path: ['servizio'],
        message: target ? `«${ref}» non è un servizio (è un documento di tipo ${target.kind.tipo})` : `il servizio «${ref}» non esiste in questo ente`,
        hint: guess ? `intendevi «${guess}»?` : services.length ? `servizi dell'ente: ${services.join(', ')}` : 'l\'ente non ha ancora sorgenti "tipo: servizio"',
      },
    ];
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
      criteri: config.criteri.map((c) => ({ nome: c.nome, min: c.min, max: c.max, elementi: c.elementi, punteggio: d.punteggi[c.id] })),
      maggiorazione: config.maggiorazione
        ? { nome: config.maggiorazione.nome, max: config.maggiorazione.max, punti: extraPoints(d, config) }
        : null,
      pesatura: cardWeight(d, config),
      retribuzione: cardPay(d, project),
      conoscenze: config.conoscenze.map((k) => {
        const v = d.conoscenze[k.id];
        return { etichetta: k.etichetta, selezionata: v !== false, specifica: typeof v === 'string' ? v : null };
      }),
      sezioni: sectionsView(doc as unknown as Doc),
    };
  },
  date: (doc) => `${doc.data.anno}-01-01`,
};

