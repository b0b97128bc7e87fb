import { z } from 'zod';
import { idField, text, year } from './common.js';
import { sectionsView, type Doc, type Kind, type RuleIssue } from './kind.js';

/** Euro with at most two decimals, carried as integer cents. */
const euro = z
  .number()
  .nonnegative()
  .refine((x) => Math.abs(Math.round(x * 100) - x * 100) < 1e-6, 'al massimo due decimali (i centesimi)');

const rule = z.discriminatedUnion('tipo', [
  z.strictObject({ tipo: z.literal('per-punto'), soglia: z.int().nonnegative(), euro_per_punto: euro }),
  z.strictObject({ tipo: z.literal('proporzionale') }),
  z.strictObject({
    tipo: z.literal('fasce'),
    fasce: z.array(z.strictObject({ da: z.int(), a: z.int(), importo: euro })).min(1),
  }),
]);

/** The year's fund for specific responsibilities, and how it is shared among the positions. */
export const fondoSchema = z.strictObject({
  tipo: z.literal('fondo'),
  id: idField,
  anno: year,
  /** Euro available for specific responsibilities this year. */
  importo: euro,
  /** The act it comes from (deliberation, decentralised agreement). */
  provenienza: text,
  regola: rule,
  /** Euro: every amount is a multiple of this (e.g. 50, 1); without it, amounts go to the cent. */
  arrotondamento: euro.refine((x) => x > 0, 'deve essere maggiore di zero').optional(),
  /** Positions weighing less get no allowance. */
  pesatura_minima: z.int().nonnegative().optional(),
  /** The ente's own per-position maximum, in euro (the CCNL maximum applies anyway). */
  massimo: euro.optional(),
});

export type Fondo = z.infer<typeof fondoSchema>;

export const cents = (euroAmount: number) => Math.round(euroAmount * 100);

export const fondo: Kind<Fondo> = {
  tipo: 'fondo',
  template: 'prospetto.md.hbs',
  sections: [{ key: 'note', heading: 'Note', required: false }],
  schema: () => fondoSchema,
  rules(doc) {
    const issues: RuleIssue[] = [];
    const r = doc.data.regola;
    if (r.tipo === 'fasce') {
      const sorted = r.fasce.map((f, i) => ({ ...f, i })).sort((a, b) => a.da - b.da);
      sorted.forEach((f, k) => {
        if (f.da > f.a) issues.push({ path: ['regola', 'fasce', f.i, 'da'], message: `fascia ${f.da}–${f.a}: l'inizio supera la fine` });
        const prev = sorted[k - 1];
        if (prev && f.da <= prev.a) {
          issues.push({ path: ['regola', 'fasce', f.i, 'da'], message: `la fascia ${f.da}–${f.a} si sovrappone a ${prev.da}–${prev.a}`, hint: 'ogni pesatura deve cadere in una sola fascia' });
        }
      });
    }
    if (doc.data.arrotondamento !== undefined && cents(doc.data.importo) < cents(doc.data.arrotondamento)) {
      issues.push({ path: ['arrotondamento'], message: 'l\'arrotondamento supera il fondo' });
    }
    return issues;
  },
  view(doc, project) {
    const d = doc.data;
    const share = project.allocations.get(d.anno);
    const rows = (share?.cards ?? []).map((card) => ({
      settore: card.data.settore,
      ufficio: card.data.ufficio,
      titolo: card.data.titolo,
      pesatura: share!.weights.get(card.data.id)!,
      retribuzione: share!.allocation.pay.get(card.data.id)!,
      limitata: share!.allocation.capped.has(card.data.id),
    }));
    const r = d.regola;
    return {
      ente: project.config.ente,
      id: d.id,
      anno: d.anno,
      importo: cents(d.importo),
      provenienza: d.provenienza,
      regola: {
        per_punto: r.tipo === 'per-punto' ? { soglia: r.soglia, euro_per_punto: cents(r.euro_per_punto) } : null,
        proporzionale: r.tipo === 'proporzionale',
        fasce: r.tipo === 'fasce' ? r.fasce.map((f) => ({ da: f.da, a: f.a, importo: cents(f.importo) })) : null,
      },
      arrotondamento: d.arrotondamento !== undefined ? cents(d.arrotondamento) : null,
      pesatura_minima: d.pesatura_minima ?? null,
      massimo: d.massimo !== undefined ? cents(d.massimo) : null,
      posizioni: rows,
      totale: share?.allocation.total ?? 0,
      residuo: share?.allocation.remainder ?? cents(d.importo),
      sezioni: sectionsView(doc as unknown as Doc),
    };
  },
  outputName: (doc) => `prospetto-riparto-${doc.data.anno}`,
  table(doc, project) {
    const share = project.allocations.get(doc.data.anno);
    return {
      header: ['Anno', 'Id', 'Settore', 'Ufficio', 'Posizione', 'Pesatura', 'Retribuzione'],
      rows: (share?.cards ?? []).map((card) => [
        String(doc.data.anno),
        card.data.id,
        card.data.settore,
        card.data.ufficio,
        card.data.titolo,
        String(share!.weights.get(card.data.id)),
        { cents: share!.allocation.pay.get(card.data.id)! },
      ]),
    };
  },
  date: (doc) => `${doc.data.anno}-01-01`,
};

