import path from 'node:path';
import { allocate, bandFor, type Position } from '../compute/allocate.js';
import type { Diagnostic } from '../diagnostics.js';
import { formatEuro, formatPoints } from '../format/italian.js';
import { noticeAreas, type Avviso } from '../kinds/avviso.js';
import { cents, FRACTIONAL_HINT, type Fondo } from '../kinds/fondo.js';
import type { Doc, YearShare } from '../kinds/kind.js';
import { cardWeight, printedWeight, type Scheda } from '../kinds/scheda.js';
import type { Config } from '../config.js';
import { locate, type YamlSource } from '../load/source.js';
import { AREA_NAMES, areasOf, areasPhrase, type Area } from '../rulebook/areas.js';
import { capFor, capSource, limitAboveContract, type Cap } from '../rulebook/caps.js';
import { citation, defaultRulebook, type Rulebook } from '../rulebook/rulebook.js';
import { allocateEq, type EqShare } from './eq.js';

const at = (doc: Doc, path: PropertyKey[]) => ({ file: doc.source.file, ...locate(doc.source, path), severity: 'errore' as const });

/** The Areas a position is open to: its own `aree`, else those of the notices that attach it. */
export function positionAreas(card: { id: string; aree?: string[] }, notices: readonly Doc<Avviso>[]): Area[] {
  if (card.aree) return areasOf(card.aree);
  return [...new Set(notices.filter((n) => n.data.schede.includes(card.id)).flatMap((n) => noticeAreas(n.data)))];
}

/**
 * The date whose contract rules apply to a position: the date of the notice that attaches it, else the
 * fund's decorrenza, else 1 January of its year. Never the clock.
 */
export function positionDate(card: { id: string; anno: number }, notices: readonly Doc<Avviso>[], decorrenza?: string): string {
  const dated = notices.find((n) => n.data.schede.includes(card.id) && n.data.data);
  return dated?.data.data ?? decorrenza ?? `${card.anno}-01-01`;
}

/** The fixed amount of an importo-fisso rule for a position open to these Areas, or why there is none. */
function fixedAmount(rule: Extract<Fondo['regola'], { tipo: 'importo-fisso' }>, areas: readonly Area[]): { cents: number } | { message: string; hint: string } {
  const amountOf = (a: Area | undefined) => (a && rule.per_area?.[a] !== undefined ? rule.per_area[a] : rule.importo);
  const amounts = (areas.length ? areas : [undefined]).map((a) => ({ a, euro: amountOf(a) }));
  const missing = amounts.filter((x) => x.euro === undefined);
  if (missing.length) {
    return missing[0]!.a
      ? { message: `il fondo non fissa l'importo per l'${AREA_NAMES[missing[0]!.a]}`, hint: `aggiungi «${missing[0]!.a}» in «regola.per_area» del fondo, o un «importo» comune` }
      : { message: 'la posizione non è aperta a nessuna area e il fondo fissa importi solo per area', hint: 'indica le aree nella scheda («aree: [funzionari-eq]») o allega la scheda a un avviso' };
  }
  const distinct = [...new Set(amounts.map((x) => x.euro!))];
  if (distinct.length > 1) {
    return {
      message: `posizione aperta al personale ${areasPhrase(areas)} con importi fissi diversi (${amounts.map((x) => `${x.a}: ${formatEuro(cents(x.euro!))}`).join(', ')})`,
      hint: 'indica nella scheda l\'area a cui è riservata («aree: [...]»)',
    };
  }
  return { cents: cents(distinct[0]!) };
}

/**
 * What the weight of a card means for its allowance, beyond the amount: under the fund's minimum a card
 * attached to a notice would publish € 0,00 (a warning), and with bands a weight that falls in none of
 * them gets nothing by accident (an error). Both at the card's written pesatura, or at its scores.
 */
function weightIssues(c: Doc<Scheda>, weight: number, fund: Doc<Fondo>, notices: readonly Doc<Avviso>[]): Diagnostic[] {
  const f = fund.data;
  const where = at(c as unknown as Doc, c.data.pesatura !== undefined ? ['pesatura'] : ['punteggi']);
  const points = formatPoints(Math.round(weight * 100));
  if (f.pesatura_minima !== undefined && weight < f.pesatura_minima) {
    const notice = notices.find((n) => n.data.schede.includes(c.data.id));
    if (!notice) return [];
    return [{
      ...where,
      severity: 'avviso',
      message: `pesatura ${points} sotto la pesatura minima di ${f.pesatura_minima} del fondo ${f.anno}: la posizione non riceve l'indennità (€ 0,00), ma è allegata all'avviso ${notice.data.id}`,
      hint: `se la posizione non va retribuita, togli la scheda dall'avviso ${notice.source.file}; altrimenti rivedi i punteggi o «pesatura_minima» nel fondo ${fund.source.file}`,
    }];
  }
  if (f.regola.tipo !== 'fasce' || bandFor(f.regola.fasce, weight)) return [];
  const bands = [...f.regola.fasce].sort((x, y) => x.da - y.da);
  const below = weight < bands[0]!.da && f.pesatura_minima === undefined;
  return [{
    ...where,
    message: `pesatura ${points} in nessuna fascia del fondo ${f.anno}: la posizione non avrebbe indennità (fasce: ${bands.map((b) => `${b.da}–${b.a}`).join(', ')} punti)`,
    hint: Number.isInteger(weight) || weight < bands[0]!.da || weight > Math.max(...bands.map((x) => x.a))
      ? `aggiungi o estendi una fascia che comprenda ${points} punti nel fondo ${fund.source.file}, o rivedi i punteggi${below ? `; se sotto ${bands[0]!.da} punti non spetta indennità, scrivi nel fondo «pesatura_minima: ${bands[0]!.da}»` : ''}`
      : FRACTIONAL_HINT,
  }];
}

/**
 * Shares each year's fund among that year's cards (all of them together, as the rule may depend on
 * every weight), and checks the results: one fund per year, the total within the fund, every amount
 * within the contractual maximum in force on the position's date (and the ente's lower limit), and
 * hand-written amounts equal to the computed ones.
 */
/** Where the missing fund goes and how to start it: the ente's folder, when its ente.yaml is known. */
export function missingFundHint(year: number, configFile: string | undefined): string {
  if (!configFile) return `aggiungi in content/ un file con "tipo: fondo" e "anno: ${year}" (vedi README)`;
  const dir = path.dirname(configFile);
  return `crealo con "albo nuovo fondo fondo-${year} --ente ${path.basename(dir)} --anno ${year}" (scrive ${path.join(dir, String(year), `fondo-${year}.md`)}), poi scrivi importo e regola di riparto`;
}

export function allocateYears(
  config: Config,
  docs: Doc[],
  configSource?: YamlSource,
  book: Rulebook = defaultRulebook(),
): { allocations: Map<number, YearShare>; eq: Map<number, EqShare>; diagnostics: Diagnostic[] } {
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
  const reportedLimits = new Set<number>();
  const checkLimits = (date: string) => {
    config.limiti.forEach((limit, i) => {
      const above = limitAboveContract(book, limit, date);
      if (!above || reportedLimits.has(i) || !configSource) return;
      reportedLimits.add(i);
      diagnostics.push({
        file: configSource.file,
        ...locate(configSource, ['limiti', i, 'massimo']),
        severity: 'errore',
        message: `il limite dell'ente (${formatEuro(above.enteCents)}${above.area ? `, ${AREA_NAMES[above.area]}` : ''}) supera il massimo contrattuale di ${formatEuro(above.contractCents)} (${citation(above.rule)})`,
        hint: 'l\'ente può fissare limiti più bassi del contratto, mai più alti',
      });
    });
  };
  const allocations = new Map<number, YearShare>();
  const years = [...new Set(cards.map((c) => c.data.anno))].sort();
  for (const year of years) {
    // In the order the year's notices list them (prospetto, CSV, fund report follow the act); others after.
    const order = new Map<string, number>();
    for (const n of notices.filter((x) => x.data.anno === year)) for (const id of n.data.schede) if (!order.has(id)) order.set(id, order.size);
    const rank = (c: Doc<Scheda>) => order.get(c.data.id) ?? Number.MAX_SAFE_INTEGER;
    const yearCards = cards.filter((c) => c.data.anno === year).sort((a, b) => rank(a) - rank(b));
    const fund = fundOf.get(year);
    if (!fund) {
      for (const c of yearCards) {
        diagnostics.push({ ...at(c as unknown as Doc, ['anno']), message: `nessun fondo per l'anno ${year}: l'indennità non si può calcolare`, hint: missingFundHint(year, configSource?.file) });
      }
      continue;
    }
    const f = fund.data;
    const caps = new Map<string, Extract<Cap, { ok: true }>>();
    const positions: Position[] = [];
    const weights = new Map<string, number>();
    for (const c of yearCards) {
      const areas = positionAreas(c.data, notices);
      const date = positionDate(c.data, notices, f.decorrenza);
      checkLimits(date);
      const cap = capFor(book, 'specifiche-responsabilita', date, areas, c.data.caso, config.limiti);
      const weight = cardWeight(c.data, config) ?? 0;
      weights.set(c.data.id, weight);
      if (!cap.ok) {
        diagnostics.push({ ...at(c as unknown as Doc, c.data.caso ? ['caso'] : c.data.aree ? ['aree'] : ['anno']), message: cap.message, hint: cap.hint });
        continue;
      }
      caps.set(c.data.id, cap);
      let fixed: number | undefined;
      if (f.regola.tipo === 'importo-fisso') {
        const amount = fixedAmount(f.regola, areas);
        if ('message' in amount) {
          diagnostics.push({ ...at(c as unknown as Doc, c.data.aree ? ['aree'] : ['id']), message: amount.message, hint: amount.hint });
          continue;
        }
        fixed = amount.cents;
      }
      positions.push({ id: c.data.id, weight, contractCap: cap.cents, fixed });
    }
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
    // Cards that failed above stay out of the share: their errors block the build anyway.
    const shared = yearCards.filter((c) => allocation.pay.has(c.data.id));
    allocations.set(year, { fund, cards: shared, weights, allocation, caps });
    if (allocation.remainder < 0) {
      diagnostics.push({
        ...at(fund as unknown as Doc, ['importo']),
        message: `le indennità dell'anno ${year} (${formatEuro(allocation.total)}) superano il fondo (${formatEuro(allocation.fund)}) di ${formatEuro(-allocation.remainder)}`,
        hint: 'aumenta il fondo, cambia la regola (es. "proporzionale") o rivedi le pesature',
      });
    }
    for (const c of shared) diagnostics.push(...weightIssues(c, weights.get(c.data.id)!, fund, notices));
    for (const c of shared) {
      const pay = allocation.pay.get(c.data.id)!;
      const cap = caps.get(c.data.id)!;
      if (pay > cap.cents) {
        const areas = positionAreas(c.data, notices);
        diagnostics.push({
          ...at(c as unknown as Doc, f.regola.tipo === 'importo-fisso' ? ['id'] : config.criteri.length ? ['punteggi'] : ['id']),
          message: `indennità ${formatEuro(pay)} oltre il massimo di ${formatEuro(cap.cents)} per una posizione aperta al personale ${areas.length ? areasPhrase(areas) : `dell'${AREA_NAMES[cap.area]}`} (${capSource(cap)})`,
          hint:
            f.massimo !== undefined && cents(f.massimo) > cap.cents
              ? `il "massimo" del fondo ${fund.source.file} (${formatEuro(cents(f.massimo))}) supera quello di questa posizione: abbassalo a ${formatEuro(cap.cents)}, o cambia la regola di riparto`
              : `imposta "massimo" nel fondo ${fund.source.file} o cambia la regola di riparto`,
        });
      }
      if (c.data.retribuzione !== undefined && cents(c.data.retribuzione) !== pay) {
        diagnostics.push({
          ...at(c as unknown as Doc, ['retribuzione']),
          message: `indennità ${formatEuro(cents(c.data.retribuzione))} diversa da quella del riparto del fondo ${year}${config.criteri.length ? ` per ${printedWeight(weights.get(c.data.id)!)} punti` : ''} (${formatEuro(pay)})`,
          hint: 'l\'indennità si calcola dal fondo: puoi togliere il campo',
        });
      }
    }
  }
  const eq = allocateEq(config, docs, notices, configSource, book);
  diagnostics.push(...eq.diagnostics);
  return { allocations, eq: eq.shares, diagnostics };
}
