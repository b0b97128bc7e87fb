import { describe, expect, it } from 'vitest';
import { allocate, type FundTerms, type Position } from '../src/compute/allocate.js';
import { capFor } from '../src/rulebook/caps.js';
import { defaultRulebook } from '../src/rulebook/rulebook.js';
import { computeWeight } from '../src/compute/weight.js';

/** The seed's five cards, in the order of the notice. */
const SEED: Position[] = [
  { id: 'urp', weight: 106, contractCap: 300_000 },
  { id: 'elettorale', weight: 106, contractCap: 300_000 },
  { id: 'stato-civile', weight: 91, contractCap: 300_000 },
  { id: 'giovani', weight: 100, contractCap: 300_000 },
  { id: 'polo', weight: 93, contractCap: 300_000 },
];
const pays = (terms: FundTerms, positions = SEED) => [...allocate(terms, positions).pay.values()];
const perPoint: FundTerms = { fund: 980_000, rule: { tipo: 'per-punto', soglia: 60, euro_per_punto: 50 }, step: 1 };

describe('per-punto: value per point above a threshold', () => {
  it("the seed's five cards: € 2.300, 2.300, 1.550, 2.000, 1.650 = € 9.800", () => {
    const a = allocate(perPoint, SEED);
    expect([...a.pay.values()]).toEqual([230_000, 230_000, 155_000, 200_000, 165_000]);
    expect([a.total, a.remainder]).toEqual([980_000, 0]);
  });
  it('does not depend on the fund: a larger fund leaves a remainder, a smaller one goes negative', () => {
    expect(allocate({ ...perPoint, fund: 1_200_000 }, SEED).remainder).toBe(220_000);
    expect(allocate({ ...perPoint, fund: 900_000 }, SEED).remainder).toBe(-80_000);
  });
  it('weights at or below the threshold get nothing; a minimum weight excludes positions', () => {
    expect(pays({ ...perPoint, minWeight: 95 })).toEqual([230_000, 230_000, 0, 200_000, 0]);
    expect(pays(perPoint, [{ id: 'x', weight: 60, contractCap: 300_000 }])).toEqual([0]);
  });
  it('rounding down to 50 € and the ente\'s own maximum', () => {
    const odd: FundTerms = { fund: 980_000, rule: { tipo: 'per-punto', soglia: 60, euro_per_punto: 33.33 }, step: 5_000 };
    // 46 points × 33,33 = 1.533,18 -> 1.500,00; 31 × 33,33 = 1.033,23 -> 1.000,00; 33 × 33,33 = 1.099,89 -> 1.050,00
    expect(pays(odd)).toEqual([150_000, 150_000, 100_000, 130_000, 105_000]);
    expect(pays({ ...perPoint, maxPerPosition: 200_000 })).toEqual([200_000, 200_000, 155_000, 200_000, 165_000]);
  });
});

describe('proporzionale: the fund shared by weight, to the cent, with the largest remainders', () => {
  it('€ 10.000,01 over weights 106, 106, 91, 100, 93 sums to the fund exactly', () => {
    const a = allocate({ fund: 1_000_001, rule: { tipo: 'proporzionale' }, step: 1 }, SEED);
    // exact shares: 2137,0987…, 2137,0987…, 1834,6780…, 2016,1310…, 1875,0018… (€)
    expect([...a.pay.values()]).toEqual([213_710, 213_710, 183_468, 201_613, 187_500]);
    expect([a.total, a.remainder]).toEqual([1_000_001, 0]);
  });
  it.each([1, 7, 99_999, 1_200_000, 123_456_789])('fund %i cents: sum equals the fund, each share within a cent of the exact one', (fund) => {
    const uncapped = SEED.map((p) => ({ ...p, contractCap: Number.MAX_SAFE_INTEGER }));
    const a = allocate({ fund, rule: { tipo: 'proporzionale' }, step: 1 }, uncapped);
    expect(a.total).toBe(fund);
    for (const p of SEED) expect(Math.abs(a.pay.get(p.id)! - (fund * p.weight) / 496)).toBeLessThan(1);
  });
  it('ties in the remainder go to the heavier position, then the earlier one', () => {
    const a = allocate({ fund: 1, rule: { tipo: 'proporzionale' }, step: 1 }, [
      { id: 'a', weight: 1, contractCap: 1e9 },
      { id: 'b', weight: 1, contractCap: 1e9 },
    ]);
    expect([...a.pay.values()]).toEqual([1, 0]);
  });
  it('rounded to 50 €: never above the fund, the remainder is what the step cannot split', () => {
    const a = allocate({ fund: 1_000_001, rule: { tipo: 'proporzionale' }, step: 5_000 }, SEED);
    for (const v of a.pay.values()) expect(v % 5_000).toBe(0);
    expect(a.total).toBe(1_000_000);
    expect(a.remainder).toBe(1);
  });
  it('a maximum per position is enforced and the excess shared among the others', () => {
    const a = allocate({ fund: 1_200_000, rule: { tipo: 'proporzionale' }, step: 1, maxPerPosition: 250_000 }, SEED);
    expect(a.pay.get('urp')).toBe(250_000);
    expect(a.pay.get('elettorale')).toBe(250_000);
    expect(a.total).toBe(1_200_000);
    expect([...a.capped]).toEqual(['urp', 'elettorale']);
    for (const v of a.pay.values()) expect(v).toBeLessThanOrEqual(250_000);
  });
  it('the legal cap binds the proportional rule too; what nobody can take stays as remainder', () => {
    const a = allocate({ fund: 2_000_000, rule: { tipo: 'proporzionale' }, step: 1 }, SEED);
    expect([...a.pay.values()]).toEqual([300_000, 300_000, 300_000, 300_000, 300_000]);
    expect(a.remainder).toBe(500_000);
  });
});

describe('fasce: weight bands -> fixed amounts', () => {
  const bands: FundTerms = {
    fund: 1_000_000,
    rule: { tipo: 'fasce', fasce: [{ da: 60, a: 79, importo: 1000 }, { da: 80, a: 89, importo: 1500 }, { da: 90, a: 100, importo: 2000 }, { da: 101, a: 110, importo: 2500 }] },
    step: 1,
  };
  it('each weight gets its band', () => {
    expect(pays(bands)).toEqual([250_000, 250_000, 200_000, 200_000, 200_000]);
    expect(pays(bands, [{ id: 'x', weight: 79, contractCap: 1e9 }, { id: 'y', weight: 80, contractCap: 1e9 }, { id: 'z', weight: 59, contractCap: 1e9 }])).toEqual([100_000, 150_000, 0]);
  });
});

describe('CCNL Funzioni Locali 16.11.2022, art. 84: the contractual maximum', () => {
  const cap = (areas: Parameters<typeof capFor>[3]) => {
    const c = capFor(defaultRulebook(), 'specifiche-responsabilita', '2024-01-01', areas);
    return c.ok ? { cents: c.cents, area: c.area } : c.message;
  };
  it('€ 3.000 for the Istruttori, € 4.000 for the Funzionari: a position open to both gets the lower', () => {
    expect(cap(['funzionari-eq'])).toEqual({ cents: 400_000, area: 'funzionari-eq' });
    expect(cap(['istruttori'])).toEqual({ cents: 300_000, area: 'istruttori' });
    expect(cap(['funzionari-eq', 'istruttori'])).toEqual({ cents: 300_000, area: 'istruttori' });
    expect(cap([])).toEqual({ cents: 400_000, area: 'funzionari-eq' });
  });
});

describe('importo-fisso: each position its own fixed amount, whatever its weight', () => {
  it('pays the amount, to the step, within the ente\'s maximum', () => {
    const terms: FundTerms = { fund: 500_000, rule: { tipo: 'importo-fisso' }, step: 1 };
    const a = allocate(terms, [{ id: 'a', weight: 0, contractCap: 400_000, fixed: 180_000 }, { id: 'b', weight: 0, contractCap: 300_000, fixed: 120_000 }]);
    expect([...a.pay.values()]).toEqual([180_000, 120_000]);
    expect(a.remainder).toBe(200_000);
    expect([...allocate({ ...terms, maxPerPosition: 150_000 }, [{ id: 'a', weight: 0, contractCap: 400_000, fixed: 180_000 }]).pay.values()]).toEqual([150_000]);
  });
});

describe('weight', () => {
  it('criteria + extra points', () => {
    expect(computeWeight({ a: 25, b: 25, c: 25, d: 15, e: 10 }, 6)).toBe(106);
  });
});
