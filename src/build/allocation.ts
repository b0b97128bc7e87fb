import { allocate, type Position } from '../compute/allocate.js';
import { AREA_NAMES, CCNL_RULE, legalCap } from '../compute/ccnl.js';
import type { Diagnostic } from '../diagnostics.js';
import { formatEuro } from '../format/italian.js';
import type { Avviso } from '../kinds/avviso.js';
import { cents, type Fondo } from '../kinds/fondo.js';
import type { Doc, YearShare } from '../kinds/kind.js';
import { cardWeight, type Scheda } from '../kinds/scheda.js';
import type { Config } from '../config.js';
import { locate } from '../load/source.js';

const at = (doc: Doc, path: PropertyKey[]) => ({ file: doc.source.file, ...locate(doc.source, path), severity: 'errore' as const });

/**
 * Shares each year's fund among that year's cards (all of them together, as the rule may depend on
 * every weight), and checks the results: one fund per year, the total within the fund, every amount
 * within the CCNL maximum, and hand-written amounts equal to the computed ones.
 */
export function allocateYears(config: Config, docs: Doc[]): { allocations: Map<number, YearShare>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const funds = docs.filter((d) => d.kind.tipo === 'fondo') as unknown as Doc<Fondo>[];
  const cards = docs.filter((d) => d.kind.tipo === 'scheda') as unknown as Doc<Scheda>[];
  const notices = docs.filter((d) => d.kind.tipo === 'avviso') as unknown as Doc<Avviso>[];
  const fundOf = new Map<number, Doc<Fondo>>();
  for (const f of funds) {
    const other = fundOf.get(f.data.anno);
    if (other) {
      diagnostics.push({ ...at(f as unknown as Doc, ['anno']), message: `secondo fondo per l'anno ${f.data.anno} (c'è già ${other.source.file})`, hint: 'un solo fondo per anno: le posizioni di un anno si ripartiscono insieme' });
    } else fundOf.set(f.data.anno, f);
  }
  const allocations = new Map<number, YearShare>();
  const years = [...new Set(cards.map((c) => c.data.anno))].sort();
  for (const year of years) {
    const yearCards = cards.filter((c) => c.data.anno === year);
    const fund = fundOf.get(year);
    if (!fund) {
      for (const c of yearCards) {
        diagnostics.push({ ...at(c as unknown as Doc, ['anno']), message: `nessun fondo per l'anno ${year}: la retribuzione non si può calcolare`, hint: `aggiungi in content/ un file con "tipo: fondo" e "anno: ${year}" (vedi README)` });
      }
      continue;
    }
    const caps = new Map(
      yearCards.map((c) => {
        const categories = notices.filter((n) => n.data.schede.includes(c.data.id)).flatMap((n) => n.data.categorie);
        return [c.data.id, { ...legalCap(categories), categories }];
      }),
    );
    const weights = new Map(yearCards.map((c) => [c.data.id, cardWeight(c.data, config)]));
    const positions: Position[] = yearCards.map((c) => ({ id: c.data.id, weight: weights.get(c.data.id)!, legalCap: caps.get(c.data.id)!.cents }));
    const f = fund.data;
    const allocation = allocate(
      {
        fund: cents(f.importo),
        rule: f.regola,
        step: f.arrotondamento !== undefined ? cents(f.arrotondamento) : 1,
        minWeight: f.pesatura_minima,
        maxPerPosition: f.massimo !== undefined ? cents(f.massimo) : undefined,
      },
      positions,
    );
    allocations.set(year, { fund, cards: yearCards, weights, allocation });
    if (allocation.remainder < 0) {
      diagnostics.push({
        ...at(fund as unknown as Doc, ['importo']),
        message: `le retribuzioni dell'anno ${year} (${formatEuro(allocation.total)}) superano il fondo (${formatEuro(allocation.fund)}) di ${formatEuro(-allocation.remainder)}`,
        hint: 'aumenta il fondo, cambia la regola (es. "proporzionale") o rivedi le pesature',
      });
    }
    for (const c of yearCards) {
      const pay = allocation.pay.get(c.data.id)!;
      const cap = caps.get(c.data.id)!;
      if (pay > cap.cents) {
        diagnostics.push({
          ...at(c as unknown as Doc, ['punteggi']),
          message: `retribuzione ${formatEuro(pay)} oltre il massimo di ${formatEuro(cap.cents)} (${CCNL_RULE}) per una posizione aperta all'${AREA_NAMES[cap.area]}${cap.categories.length ? ` (categorie ${cap.categories.join(', ')})` : ''}`,
          hint: `imposta "massimo" nel fondo ${fund.source.file} o cambia la regola di riparto`,
        });
      }
      if (c.data.retribuzione !== undefined && cents(c.data.retribuzione) !== pay) {
        diagnostics.push({
          ...at(c as unknown as Doc, ['retribuzione']),
          message: `retribuzione ${formatEuro(cents(c.data.retribuzione))} diversa da quella del riparto del fondo ${year} per ${weights.get(c.data.id)} punti (${formatEuro(pay)})`,
          hint: 'la retribuzione si calcola dal fondo: puoi togliere il campo',
        });
      }
    }
  }
  return { allocations, diagnostics };
}
