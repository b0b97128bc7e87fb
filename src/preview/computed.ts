import { termDeadline } from '../compute/deadline.js';
import { formatDate, formatEuro, formatLongDate, isValidIsoDate } from '../format/italian.js';
import type { Avviso } from '../kinds/avviso.js';
import type { Fondo } from '../kinds/fondo.js';
import type { Doc, Project } from '../kinds/kind.js';
import { cardPay, cardWeight, type Scheda } from '../kinds/scheda.js';

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
      const parts = config.criteri.map((c) => d.punteggi[c.id] ?? 0);
      const extra = config.maggiorazione ? (d.punteggi[config.maggiorazione.id] ?? 0) : 0;
      const out: ComputedValue[] = [
        { key: 'pesatura', label: 'Pesatura', value: String(cardWeight(d, config)), note: `${parts.join(' + ')}${extra ? ` + ${extra} (${config.maggiorazione!.nome})` : ''}` },
      ];
      const share = project.allocations.get(d.anno);
      if (share?.allocation.pay.has(d.id)) {
        out.push({ key: 'indennita', label: 'Indennità annua prevista', value: formatEuro(cardPay(d, project)), note: `dal riparto del ${share.fund.source.file}` });
      }
      return out;
    }
    case 'avviso': {
      const d = doc.data as unknown as Avviso;
      const start = publicationStart && isValidIsoDate(publicationStart) ? publicationStart : d.data;
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
      const cards = d.schede.map((id) => project.byId.get(id)).filter((c): c is Doc => c?.kind.tipo === 'scheda');
      const total = cards.reduce((sum, c) => sum + cardPay(c.data as unknown as Scheda, project), 0);
      out.push({ key: 'totale-schede', label: 'Indennità delle schede allegate', value: formatEuro(total), note: `${cards.length} ${cards.length === 1 ? 'scheda' : 'schede'}` });
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
