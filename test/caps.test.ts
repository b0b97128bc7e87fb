import { describe, expect, it } from 'vitest';
import { capFor, capSource, limitAboveContract, type Cap, type EnteLimit } from '../src/rulebook/caps.js';
import { AREAS, areasPhrase, readArea } from '../src/rulebook/areas.js';
import { admits, casesInForce, defaultRulebook, maximumFor, ruleInForce, type ContractRule, type Rulebook } from '../src/rulebook/rulebook.js';

// The contractual maximum of a position: every branch of capFor and limitAboveContract, on the shipped
// contracts (contratti/) and on small rulebooks built here.
const book = () => defaultRulebook();
const ok = (c: Cap) => {
  if (!c.ok) throw new Error(c.message);
  return c;
};
const SR = 'specifiche-responsabilita' as const;
const limit = (massimo: EnteLimit['massimo'], extra: Partial<EnteLimit> = {}): EnteLimit => ({ voce: SR, massimo, atto: 'CCDI 2024, art. 5', ...extra });

describe('capFor: the rule in force', () => {
  it('a case that does not exist on the date: named, with the cases that do', () => {
    const c = capFor(book(), SR, '2020-01-01', ['istruttori'], 'inesistente');
    expect(c).toMatchObject({ ok: false, message: 'il caso «inesistente» non esiste nelle regole contrattuali in vigore il 01/01/2020', hint: 'casi ammessi: ordinario, c2' });
  });
  it('no rule at all on the date, even for a named case: the contract is missing', () => {
    expect(capFor(book(), SR, '2010-01-01', ['istruttori'], 'c2')).toMatchObject({ ok: false, message: "nessuna regola contrattuale per l'indennità per specifiche responsabilità in vigore il 01/01/2010", hint: 'controlla la data del documento, o aggiungi il contratto in contratti/ (vedi README)' });
    expect(capFor(book(), 'eq-posizione', '2010-01-01', [])).toMatchObject({ ok: false, message: 'nessuna regola contrattuale per la retribuzione di posizione in vigore il 01/01/2010' });
    expect(capFor(book(), 'eq-risultato', '2010-01-01', [])).toMatchObject({ ok: false, message: 'nessuna regola contrattuale per la retribuzione di risultato in vigore il 01/01/2010' });
  });
  it('the € 350 case: in force in 2020, abrogated from 17/11/2022 with its note', () => {
    expect(ok(capFor(book(), SR, '2022-11-16', ['istruttori'], 'c2')).cents).toBe(35_000);
    expect(capFor(book(), SR, '2022-11-17', ['istruttori'], 'c2')).toMatchObject({
      ok: false,
      message: 'il caso «c2» non è più previsto dal 17/11/2022 (art. 84, c. 1, CCNL Funzioni Locali 16.11.2022): le fattispecie del c. 2 rientrano ora nel c. 1, con il massimo ordinario',
      hint: 'togli il campo «caso» per applicare la regola ordinaria',
    });
  });
  it('an Area the rule does not admit: named, with the admitted ones', () => {
    expect(capFor(book(), 'eq-posizione', '2024-01-01', ['funzionari-eq', 'istruttori'])).toMatchObject({
      ok: false,
      message: "la retribuzione di posizione non spetta al personale dell'Area degli Istruttori secondo art. 17, c. 2, CCNL Funzioni Locali 16.11.2022",
      hint: 'aree ammesse: funzionari-eq',
    });
  });
  it('no Areas named: the highest maximum among the Areas the rule admits', () => {
    expect(ok(capFor(book(), SR, '2024-01-01', []))).toMatchObject({ cents: 400_000, area: 'funzionari-eq' });
    // One figure for every Area, but only the Funzionari admitted: their Area, not the first in the list.
    expect(ok(capFor(book(), 'eq-posizione', '2024-01-01', []))).toMatchObject({ cents: 1_800_000, area: 'funzionari-eq' });
    expect(ok(capFor(book(), 'eq-posizione', '2024-01-01', [], 'ridotta'))).toMatchObject({ cents: 950_000, area: 'operatori-esperti' });
  });
  it('Areas named: the lowest of their maxima', () => {
    expect(ok(capFor(book(), SR, '2024-01-01', ['funzionari-eq', 'istruttori']))).toMatchObject({ cents: 300_000, area: 'istruttori' });
    expect(ok(capFor(book(), SR, '2024-01-01', ['funzionari-eq']))).toMatchObject({ cents: 400_000, area: 'funzionari-eq', contractCents: 400_000 });
  });
  it('a rule with no maximum says so', () => {
    expect(capFor(book(), 'eq-risultato', '2024-01-01', [])).toMatchObject({ ok: false, message: 'art. 17, c. 4, CCNL Funzioni Locali 16.11.2022 non fissa un massimo' });
  });
});

describe('capFor on a small rulebook', () => {
  const rule = (r: Partial<ContractRule>): ContractRule => ({ voce: SR, caso: 'ordinario', articolo: 'art. 9', dal: '2020-01-01', abrogata: false, verifica: 'testo', fonte: 'prova di fonte', contratto: 'CCNL prova', file: 'prova.yaml', ...r });
  const small = (rules: ContractRule[]): Rulebook => ({ dir: '', files: [], rules, contracts: [] });
  it('the ordinary case missing while another exists: no rule, not «case does not exist»', () => {
    expect(capFor(small([rule({ caso: 'c2', massimo: 350 })]), SR, '2024-01-01', [])).toMatchObject({ ok: false, message: "nessuna regola contrattuale per l'indennità per specifiche responsabilità in vigore il 01/01/2024" });
  });
  it('an admitted Area the rule sets no maximum for is excluded; two excluded Areas are both named; no hint without «aree»', () => {
    const book = small([rule({ massimo: { istruttori: 3000 } })]);
    expect(capFor(book, SR, '2024-01-01', ['operatori', 'operatori-esperti'])).toMatchObject({
      ok: false,
      message: "l'indennità per specifiche responsabilità non spetta al personale dell'Area degli Operatori e dell'Area degli Operatori esperti secondo art. 9, CCNL prova",
      hint: undefined,
    });
    expect(ok(capFor(book, SR, '2024-01-01', ['istruttori'])).cents).toBe(300_000);
  });
  it('an abrogated case without a note: the message ends at the citation', () => {
    const book = small([rule({ massimo: 3000 }), rule({ caso: 'c2', massimo: 350, dal: '2019-01-01' }), rule({ caso: 'c2', dal: '2022-01-01', abrogata: true })]);
    expect(capFor(book, SR, '2024-01-01', [], 'c2')).toMatchObject({ ok: false, message: 'il caso «c2» non è più previsto dal 01/01/2022 (art. 9, CCNL prova)' });
  });
  it('the admitted Areas are listed, separated by commas', () => {
    expect(capFor(book(), 'eq-posizione', '2024-01-01', ['funzionari-eq'], 'ridotta')).toMatchObject({ ok: false, hint: 'aree ammesse: operatori-esperti, istruttori' });
  });
});

describe('capFor: the ente\'s lower limits', () => {
  const at = (limits: EnteLimit[], areas: Parameters<typeof capFor>[3] = ['funzionari-eq'], caso = 'ordinario') => ok(capFor(book(), SR, '2024-01-01', areas, caso, limits));
  it('a limit lower than the contract binds, and the source names both', () => {
    const c = at([limit(2500)]);
    expect([c.cents, c.contractCents, c.ente?.atto]).toEqual([250_000, 400_000, 'CCDI 2024, art. 5']);
    expect(capSource(c)).toBe("limite dell'ente: CCDI 2024, art. 5; limite contrattuale € 4.000,00, art. 84, c. 1, CCNL Funzioni Locali 16.11.2022".replace(/€ /g, '€\u00a0'));
  });
  it('a limit equal to the contract is the contract\'s: cited as such', () => {
    const c = at([limit(4000)]);
    expect([c.cents, c.ente]).toEqual([400_000, undefined]);
    expect(capSource(c)).toBe('limite contrattuale: art. 84, c. 1, CCNL Funzioni Locali 16.11.2022');
    expect(at([limit(3999.99)]).ente?.atto).toBe('CCDI 2024, art. 5');
  });
  it('a limit of another voce, of another case, or without the Area does not apply', () => {
    expect(at([limit(100, { voce: 'eq-posizione' })]).cents).toBe(400_000);
    expect(at([limit(100, { caso: 'c2' })]).cents).toBe(400_000);
    expect(at([limit({ istruttori: 100 })]).cents).toBe(400_000);
    expect(at([limit({ istruttori: 100 })], ['istruttori']).cents).toBe(10_000);
    expect(at([limit(100, { caso: 'ordinario' })]).cents).toBe(10_000);
    // The first limit that applies to the voce, case and Area is the one used.
    expect(at([limit(100, { voce: 'eq-posizione' }), limit({ istruttori: 200 }), limit(300)]).cents).toBe(30_000);
  });
  it('per Area limits with several Areas: the lowest; none named: the highest', () => {
    const limits = [limit({ 'funzionari-eq': 2500, istruttori: 1500 })];
    expect(at(limits, ['funzionari-eq', 'istruttori'])).toMatchObject({ cents: 150_000, area: 'istruttori' });
    expect(at(limits, [])).toMatchObject({ cents: 300_000, area: 'operatori' });
  });
  // A position open to Funzionari (€ 4.000) and Istruttori (€ 3.000): its contractual maximum is € 3.000, and
  // the ente's limit is cited only when lower than that (the Valle del Savio trial, fascia-oltre-tetto).
  it('several Areas: the contractual figure is the lowest over them, and an ente limit equal to it is the contract\'s', () => {
    const both = ['funzionari-eq', 'istruttori'] as const;
    const equal = at([limit(3000)], [...both]);
    expect(equal).toMatchObject({ cents: 300_000, contractCents: 300_000, area: 'istruttori', ente: undefined });
    expect(capSource(equal)).toBe('limite contrattuale: art. 84, c. 1, CCNL Funzioni Locali 16.11.2022');
    // One cent below the lower contractual figure: the ente's act binds, next to € 3.000 (not € 4.000).
    const below = at([limit(2999.99)], [...both]);
    expect(below).toMatchObject({ cents: 299_999, contractCents: 300_000, ente: { atto: 'CCDI 2024, art. 5' } });
    expect(capSource(below)).toBe("limite dell'ente: CCDI 2024, art. 5; limite contrattuale € 3.000,00, art. 84, c. 1, CCNL Funzioni Locali 16.11.2022".replace(/€ /g, '€\u00a0'));
    // A limit only for the Funzionari, between the two contractual figures: the contract's € 3.000 binds.
    expect(at([limit({ 'funzionari-eq': 3500 })], [...both])).toMatchObject({ cents: 300_000, contractCents: 300_000, area: 'istruttori', ente: undefined });
    // Below € 3.000 for the Funzionari only: the ente binds, and the contractual figure is still € 3.000.
    expect(at([limit({ 'funzionari-eq': 2000 })], [...both])).toMatchObject({ cents: 200_000, contractCents: 300_000, area: 'funzionari-eq', ente: { atto: 'CCDI 2024, art. 5' } });
    // The written order of the Areas does not matter.
    expect(at([limit(3000)], ['istruttori', 'funzionari-eq'])).toMatchObject({ cents: 300_000, contractCents: 300_000, ente: undefined });
    // One Area: its own contractual figure, as before.
    expect(at([limit(3000)], ['funzionari-eq'])).toMatchObject({ cents: 300_000, contractCents: 400_000, ente: { atto: 'CCDI 2024, art. 5' } });
  });
});

describe('limitAboveContract: ente.yaml may only lower the figures', () => {
  it('one figure: compared with the highest maximum of the rule', () => {
    expect(limitAboveContract(book(), limit(4000), '2024-01-01')).toBeUndefined();
    expect(limitAboveContract(book(), limit(4000.01), '2024-01-01')).toMatchObject({ area: undefined, enteCents: 400_001, contractCents: 400_000 });
  });
  it('per Area: each with its own maximum', () => {
    expect(limitAboveContract(book(), limit({ istruttori: 3000, 'funzionari-eq': 4000 }), '2024-01-01')).toBeUndefined();
    expect(limitAboveContract(book(), limit({ 'funzionari-eq': 4000, istruttori: 3000.01 }), '2024-01-01')).toMatchObject({ area: 'istruttori', enteCents: 300_001, contractCents: 300_000 });
  });
  it('a case with no rule on the date, or an abrogated one, is not compared', () => {
    expect(limitAboveContract(book(), limit(99_999), '2010-01-01')).toBeUndefined();
    expect(limitAboveContract(book(), limit(99_999, { caso: 'c2' }), '2024-01-01')).toBeUndefined();
    expect(limitAboveContract(book(), limit(350.01, { caso: 'c2' }), '2020-01-01')).toMatchObject({ enteCents: 35_001, contractCents: 35_000 });
  });
});

describe('the rulebook\'s lookups', () => {
  const rule = (r: Partial<ContractRule>): ContractRule => ({ voce: SR, caso: 'ordinario', articolo: 'art. 1', dal: '2020-01-01', abrogata: false, verifica: 'testo', fonte: 'prova di fonte', contratto: 'CCNL prova', file: 'prova.yaml', ...r });
  const small = (rules: ContractRule[]): Rulebook => ({ dir: '', files: [], rules, contracts: [] });
  it('ruleInForce: the latest rule not after the date, whatever the order of the files', () => {
    const a = rule({ dal: '2020-01-01' });
    const b = rule({ dal: '2022-01-01' });
    for (const rules of [[a, b], [b, a]]) {
      expect(ruleInForce(small(rules), SR, '2021-12-31')).toBe(a);
      expect(ruleInForce(small(rules), SR, '2022-01-01')).toBe(b);
      expect(ruleInForce(small(rules), SR, '2019-12-31')).toBeUndefined();
      expect(ruleInForce(small(rules), 'eq-posizione', '2023-01-01')).toBeUndefined();
      expect(ruleInForce(small(rules), SR, '2023-01-01', 'c2')).toBeUndefined();
    }
  });
  it('casesInForce: the cases of the voce in force and not abrogated, once each', () => {
    const rules = [rule({}), rule({ caso: 'c2' }), rule({ caso: 'c2', dal: '2022-01-01', abrogata: true }), rule({ caso: 'tardivo', dal: '2025-01-01' }), rule({ voce: 'eq-posizione', caso: 'ridotta' })];
    expect(casesInForce(small(rules), SR, '2021-01-01')).toEqual(['ordinario', 'c2']);
    expect(casesInForce(small(rules), SR, '2022-01-01')).toEqual(['ordinario']);
    expect(casesInForce(small(rules), SR, '2025-01-01')).toEqual(['ordinario', 'tardivo']);
    expect(casesInForce(small(rules), 'eq-posizione', '2025-01-01')).toEqual(['ridotta']);
  });
  it('maximumFor and admits on every Area', () => {
    const one = rule({ massimo: 1000.5 });
    const per = rule({ massimo: { istruttori: 3000 }, aree: ['istruttori', 'funzionari-eq'] });
    const none = rule({});
    for (const a of AREAS) {
      expect(maximumFor(one, a)).toBe(100_050);
      expect(maximumFor(per, a)).toBe(a === 'istruttori' ? 300_000 : undefined);
      expect(maximumFor(none, a)).toBeUndefined();
      expect(admits(none, a)).toBe(true);
      expect(admits(per, a)).toBe(a === 'istruttori' || a === 'funzionari-eq');
    }
  });
});

describe('reading an Area as written', () => {
  it('spaces around it are ignored; a former category (with or without its position) maps, anchored at both ends', () => {
    expect(readArea('  istruttori ')).toEqual({ area: 'istruttori' });
    expect(readArea(' d3 ')).toEqual({ area: 'funzionari-eq', legacy: 'D3' });
    expect(readArea('C')).toEqual({ area: 'istruttori', legacy: 'C' });
    expect(readArea('xB1')).toEqual({ unknown: 'xB1' });
    expect(readArea('B1x')).toEqual({ unknown: 'B1x' });
    expect(readArea('B8')).toEqual({ unknown: 'B8' });
  });
  it('four Areas in a phrase: commas, then «e» before the last', () => {
    expect(areasPhrase(['operatori', 'operatori-esperti', 'istruttori', 'funzionari-eq'])).toBe("dell'Area degli Operatori, dell'Area degli Operatori esperti, dell'Area degli Istruttori e dell'Area dei Funzionari e dell'Elevata Qualificazione");
    expect(areasPhrase([])).toBe('');
  });
});
