import { formatDate, formatEuro } from '../format/italian.js';
import { AREA_NAMES, AREAS, type Area } from './areas.js';
import { admits, casesInForce, citation, maximumFor, ruleInForce, type ContractRule, type Rulebook, type Voce } from './rulebook.js';

/** An ente's own lower limit (its CCDI), from ente.yaml. */
export interface EnteLimit {
  voce: Voce;
  caso?: string;
  massimo: number | Partial<Record<Area, number>>;
  atto: string;
}

export type Cap =
  | {
      ok: true;
      /** Cents. */
      cents: number;
      /** The Area whose maximum binds. */
      area: Area;
      rule: ContractRule;
      /** The contract's own maximum for that Area (cents). */
      contractCents: number;
      /** Set when the ente's limit is lower than the contract's. */
      ente?: EnteLimit;
    }
  | { ok: false; message: string; hint?: string; rule?: ContractRule };

const limitFor = (limit: EnteLimit, a: Area): number | undefined => {
  const e = typeof limit.massimo === 'number' ? limit.massimo : limit.massimo[a];
  return e === undefined ? undefined : Math.round(e * 100);
};

const VOCE_NAMES: Record<Voce, string> = {
  'specifiche-responsabilita': "l'indennità per specifiche responsabilità",
  'eq-posizione': 'la retribuzione di posizione',
  'eq-risultato': 'la retribuzione di risultato',
};

/**
 * The maximum for a position open to these Areas on a date: the lowest over the Areas, since any of
 * them may hold it; the ente's limit applies where lower. No Areas: the highest the rule allows.
 */
// Stryker disable next-line ArrayDeclaration: equivalent, a default list holding a string matches no voce
export function capFor(book: Rulebook, voce: Voce, date: string, areas: readonly Area[], caso = 'ordinario', limits: readonly EnteLimit[] = []): Cap {
  const rule = ruleInForce(book, voce, date, caso);
  if (!rule) {
    const cases = casesInForce(book, voce, date);
    return caso !== 'ordinario' && cases.length
      ? { ok: false, message: `il caso «${caso}» non esiste nelle regole contrattuali in vigore il ${formatDate(date)}`, hint: `casi ammessi: ${cases.join(', ')}` }
      : { ok: false, message: `nessuna regola contrattuale per ${VOCE_NAMES[voce]} in vigore il ${formatDate(date)}`, hint: 'controlla la data del documento, o aggiungi il contratto in contratti/ (vedi README)' };
  }
  if (rule.abrogata) {
    return { ok: false, rule, message: `il caso «${caso}» non è più previsto dal ${formatDate(rule.dal)} (${citation(rule)})${rule.note ? `: ${rule.note}` : ''}`, hint: 'togli il campo «caso» per applicare la regola ordinaria' };
  }
  const candidates: Area[] = areas.length ? [...areas] : AREAS.filter((a) => maximumFor(rule, a) !== undefined && admits(rule, a));
  const excluded = areas.filter((a) => !admits(rule, a) || maximumFor(rule, a) === undefined);
  if (excluded.length) {
    return {
      ok: false,
      rule,
      message: `${VOCE_NAMES[voce]} non spetta al personale ${excluded.map((a) => `dell'${AREA_NAMES[a]}`).join(' e ')} secondo ${citation(rule)}`,
      hint: rule.aree ? `aree ammesse: ${rule.aree.join(', ')}` : undefined,
    };
  }
  // Named Areas: the lowest maximum, since any of them may hold the position. None: the highest allowed.
  const caps = candidates.map((a) => {
    const contractCents = maximumFor(rule, a)!;
    const limit = limits.find((l) => l.voce === voce && (l.caso ?? 'ordinario') === caso && limitFor(l, a) !== undefined);
    const enteCents = limit ? limitFor(limit, a)! : undefined;
    const cents = Math.min(enteCents ?? Infinity, contractCents);
    return { ok: true as const, cents, area: a, rule, contractCents, ente: cents < contractCents ? limit : undefined };
  });
  caps.sort((x, y) => (areas.length ? x.cents - y.cents : y.cents - x.cents));
  const binding = caps[0];
  if (!binding || !areas.length) return binding ?? { ok: false, rule, message: `${citation(rule)} non fissa un massimo` };
  // The contract's maximum for the position is the lowest over its Areas too: the ente's limit binds only
  // below it. (An Area whose ente limit merely equals another Area's contract figure is not a lower limit.)
  const contractCents = Math.min(...caps.map((c) => c.contractCents));
  if (binding.cents < contractCents) return { ...binding, contractCents };
  // Otherwise the contract binds, through the Area with the lowest contractual figure (its own cap is that figure).
  return caps.find((c) => c.contractCents === contractCents)!;
}

/** «art. 84, c. 1, CCNL Funzioni Locali 16.11.2022» or the ente's act when its lower limit binds. */
export function capSource(cap: Extract<Cap, { ok: true }>): string {
  return cap.ente ? `limite dell'ente: ${cap.ente.atto}; limite contrattuale ${formatEuro(cap.contractCents)}, ${citation(cap.rule)}` : `limite contrattuale: ${citation(cap.rule)}`;
}

/** An ente limit above the contract's is not a limit: ente.yaml may only lower the figures. */
export function limitAboveContract(book: Rulebook, limit: EnteLimit, date: string): { area: Area | undefined; enteCents: number; contractCents: number; rule: ContractRule } | undefined {
  const rule = ruleInForce(book, limit.voce, date, limit.caso ?? 'ordinario');
  if (!rule || rule.abrogata) return undefined;
  const areas: (Area | undefined)[] = typeof limit.massimo === 'number' ? [undefined] : (Object.keys(limit.massimo) as Area[]);
  for (const a of areas) {
    const enteCents = Math.round((typeof limit.massimo === 'number' ? limit.massimo : limit.massimo[a!]!) * 100);
    // An Area the rule sets no maximum for has nothing to exceed.
    const contractCents = (a ? maximumFor(rule, a) : Math.max(...AREAS.map((x) => maximumFor(rule, x) ?? 0))) ?? Infinity;
    if (enteCents > contractCents) return { area: a, enteCents, contractCents, rule };
  }
  return undefined;
}
