import { termDeadline } from '../compute/deadline.js';
import { formatDate, formatEuro, formatLongDate, isValidIsoDate } from '../format/italian.js';
import type { Avviso } from '../kinds/avviso.js';
import type { Fondo } from '../kinds/fondo.js';
import type { Doc, Project } from '../kinds/kind.js';
import { cardPay, cardWeight, printedWeight, weighted, type Scheda } from '../kinds/scheda.js';
import { eqMaxWeight, eqPay, eqWeight, type SchedaEq } from '../kinds/scheda-eq.js';

/** One computed value shown beside the document: what albo works out from what the office typed. */
export interface ComputedValue {
  /** Stable key (a data attribute on the page, for tests and for the eye to find it). */
  key: string;
  label: string;
  value: string;
  note?: string;
}

/**
 * The values albo computes for a valid document: a card's weight and pay, a notice's deadline, a fund's
 * total and remainder. `publicationStart` is the day the office plans to publish (the notice's date when
 * not given): the deadline depends on it.
 */
export function computedValues(doc: Doc, project: Project, publicationStart?: string): ComputedValue[] {
  switch (doc.kind.tipo) {
    case 'scheda': {
      const d = doc.data as unknown as Scheda;
      const { config } = project;
      const scores = d.punteggi ?? {};
      // «5 × 6 + 4 × 3»: each score times its weight, where the ente weighs its criteria.
      const parts = config.criteri.map((c) => (weighted(config) ? `${scores[c.id] ?? 0} × ${printedWeight(c.peso ?? 1)}` : scores[c.id] ?? 0));
      const extra = config.maggiorazione ? (scores[config.maggiorazione.id] ?? 0) : 0;
      const weight = cardWeight(d, config);
      // An ente that pays fixed amounts does not weigh: no pesatura to show.
      const out: ComputedValue[] =
        weight === null ? [] : [{ key: 'pesatura', label: 'Pesatura', value: String(printedWeight(weight)), note: `${parts.join(' + ')}${extra ? ` + ${extra} (${config.maggiorazione!.nome})` : ''}` }];
      const share = project.allocations.get(d.anno);
      if (share?.allocation.pay.has(d.id)) {
        out.push({ key: 'indennita', label: 'Indennità annua prevista', value: formatEuro(cardPay(d, project)), note: `dal riparto del ${share.fund.source.file}` });
      }
      return out;
    }
    case 'scheda-eq': {
      const d = doc.data as unknown as SchedaEq;
      const out: ComputedValue[] = [];
      const weight = eqWeight(d, project.config);
      if (weight !== null) out.push({ key: 'pesatura', label: 'Graduazione', value: `${weight}/${eqMaxWeight(project.config)}` });
      const pay = project.eq.get(d.anno)?.pay.get(d.id);
      if (pay) {
        out.push({ key: 'posizione', label: 'Retribuzione di posizione', value: formatEuro(pay.position), note: `massimo ${formatEuro(pay.cap)}` });
        out.push({ key: 'risultato', label: 'Retribuzione di risultato', value: formatEuro(pay.result), note: `${String(pay.percent).replace('.', ',')}% delle risorse EQ` });
      }
      return out;
    }
    case 'avviso': {
      const d = doc.data as unknown as Avviso;
      const start = publicationStart && isValidIsoDate(publicationStart) ? publicationStart : (d.pubblicazione?.dal ?? d.data);
      const out: ComputedValue[] = [];
      if (start) {
        const deadline = termDeadline(start, d.termine_giorni);
        out.push({
          key: 'scadenza',
          label: 'Scadenza delle domande',
          value: formatLongDate(deadline.date),
          note: `${d.termine_giorni} giorni dalla pubblicazione del ${formatDate(start)}, escluso il primo${deadline.moved.length ? `; spostata da ${formatDate(deadline.nominal)} (${deadline.moved.map((m) => m.slice(11)).join(', ')})` : ''}`,
        });
      }
      const cards = doc.kind.attachments?.(doc, project) ?? [];
      const amount = (c: Doc) => {
        if (c.kind.tipo === 'scheda') return cardPay(c.data as unknown as Scheda, project);
        const pay = eqPay(c.data as unknown as SchedaEq, project);
        return pay.position + pay.result;
      };
      const total = cards.reduce((sum, c) => sum + amount(c), 0);
      const eq = d.incarico === 'elevata-qualificazione';
      out.push({ key: 'totale-schede', label: eq ? 'Retribuzioni degli incarichi allegati' : 'Indennità delle schede allegate', value: formatEuro(total), note: `${cards.length} ${cards.length === 1 ? 'scheda' : 'schede'}` });
      return out;
    }
    case 'fondo': {
      const d = doc.data as unknown as Fondo;
      const share = project.allocations.get(d.anno);
      if (!share) return [{ key: 'assegnato', label: 'Assegnato', value: formatEuro(0), note: `nessuna scheda per il ${d.anno}` }];
      return [
        { key: 'assegnato', label: 'Assegnato', value: formatEuro(share.allocation.total), note: `${share.cards.length} posizioni` },
        { key: 'residuo', label: 'Residuo', value: formatEuro(share.allocation.remainder) },
      ];
    }
    default:
      return [];
  }
}
