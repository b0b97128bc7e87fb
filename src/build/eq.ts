import { eqPositionPay, eqResultPay } from '../compute/eq-pay.js';
import type { Config } from '../config.js';
import type { Diagnostic } from '../diagnostics.js';
import { formatDate, formatEuro } from '../format/italian.js';
import type { Avviso } from '../kinds/avviso.js';
import type { FondoEq } from '../kinds/fondo-eq.js';
import type { Doc } from '../kinds/kind.js';
import { eqMaxWeight, eqWeight, type SchedaEq } from '../kinds/scheda-eq.js';
import { locate, type YamlSource } from '../load/source.js';
import { capFor, capSource } from '../rulebook/caps.js';
import { citation, ruleInForce, type ContractRule, type Rulebook } from '../rulebook/rulebook.js';
import { positionAreas, positionDate } from './allocation.js';

/** What an EQ card pays, in cents, and the rules it was checked against. */
export interface EqCardPay {
  position: number;
  result: number;
  /** Result share of the total EQ resources, percent. */
  percent: number;
  /** The position-pay rule in force on the card's date. */
  rule: ContractRule;
  /** The maximum that applies (contract or ente limit), cents. */
  cap: number;
  band?: { da: number; a: number };
  resultRule?: ContractRule;
}

/** One year's EQ assignments, with their fund when the year has one. */
export interface EqShare {
  fund?: Doc<FondoEq>;
  cards: Doc<SchedaEq>[];
  pay: Map<string, EqCardPay>;
  /** Position + result of every card, cents. */
  total: number;
}

const at = (doc: { source: Doc['source'] }, path: PropertyKey[]) => ({ file: doc.source.file, ...locate(doc.source, path), severity: 'errore' as const });

/**
 * Computes each EQ card's position pay from its graduation (or takes the stated amount), checks it
 * against the contract in force on the card's date (minimum, maximum, reduced band) and the ente's
 * limits, derives the result pay, and checks each year's EQ fund.
 */
export function allocateEq(config: Config, docs: Doc[], notices: Doc<Avviso>[], configSource: YamlSource | undefined, book: Rulebook): { shares: Map<number, EqShare>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const cards = docs.filter((d) => d.kind.tipo === 'scheda-eq') as unknown as Doc<SchedaEq>[];
  const funds = docs.filter((d) => d.kind.tipo === 'fondo-eq') as unknown as Doc<FondoEq>[];
  const shares = new Map<number, EqShare>();
  const fundOf = new Map<number, Doc<FondoEq>>();
  for (const f of funds) {
    const other = fundOf.get(f.data.anno);
    if (other) diagnostics.push({ ...at(f, ['anno']), message: `secondo fondo EQ per l'anno ${f.data.anno} (c'è già ${other.source.file})`, hint: 'un solo fondo EQ per anno' });
    else fundOf.set(f.data.anno, f);
  }
  const eq = config.eq;
  let percentReported = false;
  for (const card of cards) {
    const d = card.data;
    const fund = fundOf.get(d.anno);
    const date = positionDate(d, notices, fund?.data.decorrenza);
    const caso = d.fascia_ridotta ? 'ridotta' : 'ordinario';
    const cap = capFor(book, 'eq-posizione', date, positionAreas(d, notices), caso, config.limiti);
    if (!cap.ok) {
      diagnostics.push({ ...at(card, d.aree ? ['aree'] : d.fascia_ridotta ? ['fascia_ridotta'] : ['anno']), message: cap.message, hint: cap.hint });
      continue;
    }
    const stated = d.retribuzione_posizione !== undefined ? Math.round(d.retribuzione_posizione * 100) : undefined;
    // A card with neither a rule in ente.yaml nor an amount is refused by its kind and never reaches here.
    let position = stated ?? 0;
    let band: { da: number; a: number } | undefined;
    // Null only without criteri, and an ente with «eq» has them (at least one): then every card has scores.
    const points = eqWeight(d, config) ?? 0;
    // Stryker disable next-line OptionalChaining: equivalent, an EQ card is valid only with «eq» in ente.yaml
    if (eq?.retribuzione) {
      const step = eq.arrotondamento !== undefined ? Math.round(eq.arrotondamento * 100) : 1;
      const computed = eqPositionPay(eq.retribuzione, points, eqMaxWeight(config), step);
      if ('below' in computed) {
        diagnostics.push({ ...at(card, ['punteggi']), message: `${points} punti: sotto il punteggio minimo di ${computed.below} per un incarico di Elevata Qualificazione`, hint: 'rivedi la graduazione: sotto il minimo l\'incarico non si conferisce' });
        continue;
      }
      if ('noBand' in computed) {
        diagnostics.push({ ...at(card, ['punteggi']), message: `${points} punti: nessuna fascia di eq.retribuzione in ente.yaml li comprende`, hint: 'le fasce devono coprire ogni punteggio possibile' });
        continue;
      }
      if (stated !== undefined && stated !== computed.cents) {
        diagnostics.push({ ...at(card, ['retribuzione_posizione']), message: `retribuzione di posizione ${formatEuro(stated)} diversa da quella che la graduazione dà per ${points} punti (${formatEuro(computed.cents)})`, hint: 'la retribuzione si calcola dal punteggio: puoi togliere il campo' });
        continue;
      }
      position = computed.cents;
      band = computed.band;
    }
    const where = stated !== undefined ? ['retribuzione_posizione'] : ['punteggi'];
    const minimum = Math.round((cap.rule.minimo ?? 0) * 100);
    if (position > cap.cents) {
      diagnostics.push({ ...at(card, where), message: `retribuzione di posizione ${formatEuro(position)} oltre il massimo di ${formatEuro(cap.cents)} (${capSource(cap)})`, hint: cap.rule.caso === 'ordinario' ? 'rivedi la graduazione o la regola in ente.yaml' : undefined });
      continue;
    }
    if (position < minimum) {
      diagnostics.push({ ...at(card, where), message: `retribuzione di posizione ${formatEuro(position)} sotto il minimo di ${formatEuro(minimum)} (limite contrattuale: ${citation(cap.rule)})`, hint: d.fascia_ridotta ? undefined : 'nei casi dell\'art. 16, c. 4 scrivi «fascia_ridotta: true»' });
      continue;
    }
    const resultRule = ruleInForce(book, 'eq-risultato', date);
    const minPercent = resultRule && !resultRule.abrogata ? (resultRule.quota_minima ?? 0) : 0;
    // Stryker disable next-line OptionalChaining: equivalent, an EQ card is valid only with «eq» in ente.yaml
    const percent = eq?.risultato_percentuale ?? minPercent;
    if (percent < minPercent && !percentReported && configSource) {
      percentReported = true;
      diagnostics.push({
        file: configSource.file,
        ...locate(configSource, ['eq', 'risultato_percentuale']),
        severity: 'errore',
        message: `quota di risultato del ${String(percent).replace('.', ',')}% sotto il minimo contrattuale del ${String(minPercent).replace('.', ',')}% in vigore il ${formatDate(date)} (${citation(resultRule!)})`,
        hint: `scrivi almeno ${minPercent}`,
      });
    }
    const share: EqShare = shares.get(d.anno) ?? { fund, cards: [], pay: new Map(), total: 0 };
    shares.set(d.anno, share);
    const result = eqResultPay(position, percent);
    share.cards.push(card);
    share.pay.set(d.id, { position, result, percent, rule: cap.rule, cap: cap.cents, band, resultRule });
    share.total += position + result;
  }
  for (const [year, fund] of fundOf) {
    const share: EqShare = shares.get(year) ?? { fund, cards: [], pay: new Map(), total: 0 };
    shares.set(year, share);
    const available = Math.round(fund.data.importo * 100);
    if (share.total > available) {
      diagnostics.push({ ...at(fund, ['importo']), message: `posizione e risultato degli incarichi EQ ${year} (${formatEuro(share.total)}) superano il fondo EQ (${formatEuro(available)}) di ${formatEuro(share.total - available)}`, hint: 'aumenta il fondo o rivedi le graduazioni' });
    }
  }
  return { shares, diagnostics };
}
