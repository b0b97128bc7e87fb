import * as z from 'zod';
import { AREA_NAMES, AREAS, type Area } from '../rulebook/areas.js';
import { capSource } from '../rulebook/caps.js';
import { euro, idField, isoDate, text, year } from './common.js';
import { sectionsView, type Doc, type Kind, type RuleIssue } from './kind.js';
import { bandGaps, bandIssues } from '../validate/bands.js';
import { formatPoints } from '../format/italian.js';
import { printedWeight, weightRange } from './scheda.js';
import type { Config } from '../config.js';

const rule = z.discriminatedUnion('tipo', [
  z.strictObject({ tipo: z.literal('per-punto'), soglia: z.int().nonnegative(), euro_per_punto: euro }),
  z.strictObject({ tipo: z.literal('proporzionale') }),
  z.strictObject({
    tipo: z.literal('fasce'),
    fasce: z.array(z.strictObject({ da: z.int(), a: z.int(), importo: euro })).min(1),
  }),
  /** The same amount to every position (or one per Area), with no weighting. */
  z.strictObject({
    tipo: z.literal('importo-fisso'),
    importo: euro.optional(),
    per_area: z.partialRecord(z.enum(AREAS), euro).optional(),
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
  /** Date from which the allocation applies: the contract rules in force on it are checked (1 January when absent). */
  decorrenza: isoDate.optional(),
  /** Euro: every amount is a multiple of this (e.g. 50, 1); without it, amounts go to the cent. */
  arrotondamento: euro.refine((x) => x > 0, 'deve essere maggiore di zero').optional(),
  /** Positions weighing less get no allowance. */
  pesatura_minima: z.int().nonnegative().optional(),
  /** The ente's own per-position maximum, in euro (the CCNL maximum applies anyway). */
  massimo: euro.optional(),
});

export type Fondo = z.infer<typeof fondoSchema>;

export const cents = (euroAmount: number) => Math.round(euroAmount * 100);

/** Weights (hundredths) that all lie strictly between the same two whole points: no whole-point band can take them. */
const fractionalOnly = (from: number, to: number) => from % 100 !== 0 && to % 100 !== 0 && Math.floor(from / 100) === Math.floor(to / 100);

/** Bands have whole-point ends: a weighted criterion with a decimal weight makes weights no band can hold. */
export const FRACTIONAL_HINT = 'le fasce hanno estremi interi, e i pesi decimali dei criteri (ente.yaml) danno pesature con decimali: usa pesi interi, o la regola «proporzionale» o «per-punto»';

/** «14», «da 21 a 25»: a run of weights, from hundredths of a point. */
const run = (from: number, to: number) => (from === to ? `la pesatura ${formatPoints(from)}` : `le pesature da ${formatPoints(from)} a ${formatPoints(to)}`);

/**
 * Bands that leave reachable weights uncovered, from the lowest weight that earns an allowance (the
 * fund's minimum, or every criterion at its minimum) to the highest a card can reach: a warning at the
 * band above the gap (or the last band), since a card there would get nothing.
 */
function gapIssues(fasce: readonly { da: number; a: number }[], minimum: number | undefined, config: Config): RuleIssue[] {
  const range = weightRange(config);
  if (!range) return [];
  const lo = minimum !== undefined ? Math.max(range.lo, range.lo + Math.ceil((minimum * 100 - range.lo) / range.grid) * range.grid) : range.lo;
  const gaps = bandGaps(fasce.map((f) => ({ da: f.da * 100, a: f.a * 100 })), lo, range.hi, range.grid);
  const bands = [...fasce].sort((x, y) => x.da - y.da).map((f) => `${f.da}–${f.a}`).join(', ');
  const reach = `fasce: ${bands}; le schede vanno da ${formatPoints(range.lo)} a ${formatPoints(range.hi)} punti${minimum !== undefined ? `, e sotto la pesatura minima di ${minimum} non hanno indennità` : ''}`;
  const last = fasce.reduce((k, f, i) => (f.a > fasce[k]!.a ? i : k), 0);
  return gaps.map((g) => ({
    path: g.next !== undefined ? ['regola', 'fasce', g.next, 'da'] : ['regola', 'fasce', last, 'a'],
    severity: 'avviso' as const,
    message: `${run(g.from, g.to)} non ${g.from === g.to ? 'cade' : 'cadono'} in nessuna fascia (${reach}): una scheda con ${g.from === g.to ? 'quella pesatura' : 'quelle pesature'} sarebbe un errore`,
    hint: fractionalOnly(g.from, g.to)
      ? FRACTIONAL_HINT
      : g.next !== undefined && g.from === lo && minimum === undefined
        ? `estendi una fascia o aggiungine una; se sotto ${fasce[g.next]!.da} punti non spetta indennità, scrivi nel fondo «pesatura_minima: ${fasce[g.next]!.da}»`
        : `estendi una fascia o aggiungine una che comprenda ${g.from === g.to ? formatPoints(g.from) : `da ${formatPoints(g.from)} a ${formatPoints(g.to)}`} punti (gli estremi sono compresi: 10–13 e 14–16 non lasciano buchi)`,
  }));
}

export const fondo: Kind<Fondo> = {
  tipo: 'fondo',
  template: 'prospetto.md.hbs',
  sections: [{ key: 'note', heading: 'Note', required: false }],
  schema: () => fondoSchema,
  rules(doc, config) {
    const issues: RuleIssue[] = [];
    const r = doc.data.regola;
    if (r.tipo === 'importo-fisso' && r.importo === undefined && !r.per_area) {
      issues.push({ path: ['regola'], message: 'importo fisso senza importo', hint: 'scrivi «importo: 1800» o gli importi per area («per_area: { funzionari-eq: 1800 }»)' });
    }
    if (r.tipo !== 'importo-fisso' && !config.criteri.length) {
      issues.push({ path: ['regola', 'tipo'], message: `la regola «${r.tipo}» riparte per pesatura, ma l'ente non pesa le posizioni (nessun criterio in ente.yaml)`, hint: 'usa «tipo: importo-fisso», o aggiungi i criteri di pesatura in ente.yaml' });
    }
    if (doc.data.pesatura_minima !== undefined && !config.criteri.length) {
      issues.push({ path: ['pesatura_minima'], message: 'pesatura minima senza criteri di pesatura in ente.yaml', hint: 'togli il campo' });
    }
    if (doc.data.decorrenza && Number(doc.data.decorrenza.slice(0, 4)) !== doc.data.anno) {
      issues.push({ path: ['decorrenza'], message: `decorrenza ${doc.data.decorrenza} fuori dall'anno ${doc.data.anno} del fondo` });
    }
    if (r.tipo === 'fasce') {
      const overlaps = bandIssues(r.fasce, ['regola', 'fasce']);
      issues.push(...overlaps, ...(overlaps.length ? [] : gapIssues(r.fasce, doc.data.pesatura_minima, config)));
    }
    if (cents(doc.data.importo) < cents(doc.data.arrotondamento ?? 0)) {
      issues.push({ path: ['arrotondamento'], message: 'l\'arrotondamento supera il fondo' });
    }
    return issues;
  },
  view(doc, project) {
    const d = doc.data;
    const share = project.allocations.get(d.anno);
    const pesata = project.config.criteri.length > 0;
    const rows = (share?.cards ?? []).map((card) => ({
      settore: card.data.settore,
      ufficio: card.data.ufficio,
      titolo: card.data.titolo,
      pesatura: pesata ? printedWeight(share!.weights.get(card.data.id)!) : null,
      indennita: share!.allocation.pay.get(card.data.id)!,
      limitata: share!.allocation.capped.has(card.data.id),
    }));
    const r = d.regola;
    const limits = new Map([...(share?.caps.values() ?? [])].map((c) => [`${c.cents} ${capSource(c)}`, { importo: c.cents, fonte: capSource(c) }]));
    return {
      ente: project.config.ente,
      id: d.id,
      anno: d.anno,
      pesata,
      importo: cents(d.importo),
      provenienza: d.provenienza,
      regola: {
        per_punto: r.tipo === 'per-punto' ? { soglia: r.soglia, euro_per_punto: cents(r.euro_per_punto) } : null,
        proporzionale: r.tipo === 'proporzionale',
        fasce: r.tipo === 'fasce' ? r.fasce.map((f) => ({ da: f.da, a: f.a, importo: cents(f.importo) })) : null,
        importo_fisso:
          r.tipo === 'importo-fisso'
            ? {
                importo: r.importo !== undefined ? cents(r.importo) : null,
                per_area: Object.entries(r.per_area ?? {}).map(([a, e]) => ({ area: AREA_NAMES[a as Area], importo: cents(e!) })),
              }
            : null,
      },
      limiti: [...limits.values()],
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
    const pesata = project.config.criteri.length > 0;
    return {
      header: ['Anno', 'Id', 'Settore', 'Ufficio', 'Posizione', ...(pesata ? ['Pesatura'] : []), 'Indennità per specifiche responsabilità'],
      rows: (share?.cards ?? []).map((card) => [
        String(doc.data.anno),
        card.data.id,
        card.data.settore,
        card.data.ufficio,
        card.data.titolo,
        ...(pesata ? [String(printedWeight(share!.weights.get(card.data.id)!))] : []),
        { cents: share!.allocation.pay.get(card.data.id)! },
      ]),
    };
  },
  date: (doc) => doc.data.decorrenza ?? `${doc.data.anno}-01-01`,
};

