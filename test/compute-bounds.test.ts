import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, type FundTerms, type Position } from '../src/compute/allocate.js';
import { easter, holidayName, nationalHolidays, termDeadline } from '../src/compute/deadline.js';
import { eqPositionPay, eqResultPay } from '../src/compute/eq-pay.js';
import { describeTerms, noticeTerms, patronDayIssue } from '../src/compute/notice-terms.js';

// Boundaries and tables of the pay and term computations, each on both sides: what mutation testing
// (npm run mutation) found no test stating.

describe('Easter (Gregorian computus) and the national holidays', () => {
  // Easter Sunday from the published tables (e.g. the Italian Episcopal Conference's calendar), 1990-2050:
  // every branch of the computus moves at least one of these dates.
  const EASTER = {
    1990: '04-15', 1991: '03-31', 1992: '04-19', 1993: '04-11', 1994: '04-03', 1995: '04-16', 1996: '04-07', 1997: '03-30',
    1998: '04-12', 1999: '04-04', 2000: '04-23', 2001: '04-15', 2002: '03-31', 2003: '04-20', 2004: '04-11', 2005: '03-27',
    2006: '04-16', 2007: '04-08', 2008: '03-23', 2009: '04-12', 2010: '04-04', 2011: '04-24', 2012: '04-08', 2013: '03-31',
    2014: '04-20', 2015: '04-05', 2016: '03-27', 2017: '04-16', 2018: '04-01', 2019: '04-21', 2020: '04-12', 2021: '04-04',
    2022: '04-17', 2023: '04-09', 2024: '03-31', 2025: '04-20', 2026: '04-05', 2027: '03-28', 2028: '04-16', 2029: '04-01',
    2030: '04-21', 2031: '04-13', 2032: '03-28', 2033: '04-17', 2034: '04-09', 2035: '03-25', 2036: '04-13', 2037: '04-05',
    2038: '04-25', 2039: '04-10', 2040: '04-01', 2041: '04-21', 2042: '04-06', 2043: '03-29', 2044: '04-17', 2045: '04-09',
    2046: '03-25', 2047: '04-14', 2048: '04-05', 2049: '04-18', 2050: '04-10',
  } as Record<number, string>;
  it('Easter Sunday 1990-2050, including the earliest (22-25 March) and latest (25 April) dates in range', () => {
    for (const [year, md] of Object.entries(EASTER)) expect(easter(Number(year)), year).toBe(`${year}-${md}`);
    // The extremes of the computus outside that range: 22 March 1818 and 25 April 1943.
    expect([easter(1818), easter(1943), easter(2285)]).toEqual(['1818-03-22', '1943-04-25', '2285-03-22']);
  });

  it('every national holiday of 2025 and of 2026, by name, and no other day', () => {
    expect(Object.fromEntries(nationalHolidays(2025))).toEqual({
      '2025-01-01': 'Capodanno',
      '2025-01-06': 'Epifania',
      '2025-04-25': 'Festa della Liberazione',
      '2025-05-01': 'Festa del Lavoro',
      '2025-06-02': 'Festa della Repubblica',
      '2025-08-15': 'Assunzione',
      '2025-11-01': 'Ognissanti',
      '2025-12-08': 'Immacolata Concezione',
      '2025-12-25': 'Natale',
      '2025-12-26': 'Santo Stefano',
      '2025-04-21': "Lunedì dell'Angelo",
    });
    const y2026 = nationalHolidays(2026);
    expect(y2026.size).toBe(12);
    expect(y2026.get('2026-10-04')).toBe("San Francesco d'Assisi");
    expect(y2026.get('2026-04-06')).toBe("Lunedì dell'Angelo");
    expect(nationalHolidays(2025).has('2025-10-04')).toBe(false);
  });

  it('a term ending on each fixed holiday of 2025 moves to the next day (a weekday in 2025 unless noted)', () => {
    // [the holiday, the first working day after it]
    const cases: [string, string][] = [
      ['2025-01-01', '2025-01-02'],
      ['2025-01-06', '2025-01-07'],
      ['2025-04-25', '2025-04-26'],
      ['2025-05-01', '2025-05-02'],
      ['2025-06-02', '2025-06-03'],
      ['2025-08-15', '2025-08-16'],
      ['2025-11-01', '2025-11-03'], // Saturday holiday, then Sunday 2
      ['2025-12-08', '2025-12-09'],
      ['2025-12-25', '2025-12-27'], // Natale then Santo Stefano
    ];
    for (const [holiday, next] of cases) {
      const start = new Date(Date.parse(`${holiday}T00:00:00Z`) - 10 * 86_400_000).toISOString().slice(0, 10);
      expect(termDeadline(start, 10).date, holiday).toBe(next);
      expect(holidayName(holiday), holiday).toBeDefined();
    }
  });
});

describe('notice terms: publication and the application deadline', () => {
  it('publication longer than the term: the end is the publication\'s', () => {
    const t = noticeTerms('2024-01-15', 10, 15);
    expect(t).toEqual({ start: '2024-01-15', end: '2024-01-29', days: 15, untilDeadline: false, deadline: { date: '2024-01-25', nominal: '2024-01-25', moved: [] } });
  });
  it('term ending the day the publication ends: not pushed', () => {
    // 15 days of publication from 15 January end on the 29th; a term of 14 days ends on the 29th too.
    const t = noticeTerms('2024-01-15', 14, 15);
    expect([t.end, t.deadline.date, t.untilDeadline]).toEqual(['2024-01-29', '2024-01-29', false]);
  });
  it('term ending one day after the publication: the publication is pushed to it', () => {
    const t = noticeTerms('2024-01-15', 15, 15);
    expect([t.end, t.deadline.date, t.untilDeadline]).toEqual(['2024-01-30', '2024-01-30', true]);
  });
  it('says it in one line, with the days a holiday or a Sunday moved', () => {
    const moved = noticeTerms('2024-04-10', 15, 15);
    expect(describeTerms(moved, 15)).toBe("all'Albo dal 10 aprile 2024 al 26 aprile 2024; domande entro il 26 aprile 2024 (15 giorni dalla pubblicazione, escluso il primo; il 25 aprile 2024 è Festa della Liberazione)");
    const twice = noticeTerms('2024-12-10', 15, 15);
    expect(describeTerms(twice, 15)).toBe("all'Albo dal 10 dicembre 2024 al 27 dicembre 2024; domande entro il 27 dicembre 2024 (15 giorni dalla pubblicazione, escluso il primo; il 25 dicembre 2024 è Natale, il 26 dicembre 2024 è Santo Stefano)");
    expect(describeTerms(noticeTerms('2024-01-15', 10, 15), 10)).toBe("all'Albo dal 15 gennaio 2024 al 29 gennaio 2024; domande entro il 25 gennaio 2024 (10 giorni dalla pubblicazione, escluso il primo)");
  });
});

describe("the patron saint's day and the application deadline", () => {
  const terms = noticeTerms('2024-04-10', 15, 15); // deadline 26 April 2024
  it('a deadline on the patron day warns, the day before or after does not, and no patron says nothing', () => {
    expect(patronDayIssue(terms, { giorno: '04-26', nome: 'San Prova' })?.message).toBe('il termine per le domande (26 aprile 2024) cade nel giorno del santo patrono, San Prova: gli uffici sono chiusi, ma il termine legale non si sposta');
    expect(patronDayIssue(terms, { giorno: '04-25', nome: 'San Prova' })).toBeUndefined();
    expect(patronDayIssue(terms, { giorno: '04-27', nome: 'San Prova' })).toBeUndefined();
    // the month matters too
    expect(patronDayIssue(terms, { giorno: '05-26', nome: 'San Prova' })).toBeUndefined();
    expect(patronDayIssue(terms, undefined)).toBeUndefined();
  });
});

describe('EQ pay at its edges', () => {
  it('linear rule whose threshold is the full score: the maximum, not a division by zero', () => {
    const rule = { tipo: 'lineare' as const, punteggio_minimo: 100, minimo: 5000, massimo: 16000 };
    expect(eqPositionPay(rule, 100, 100)).toEqual({ cents: 1_600_000 });
    expect(eqPositionPay(rule, 99, 100)).toEqual({ below: 100 });
  });
  it('a bands rule is read as bands, a linear rule as linear, whatever the score', () => {
    const linear = { tipo: 'lineare' as const, punteggio_minimo: 0, minimo: 5000, massimo: 15000 };
    expect(eqPositionPay(linear, 50, 100)).toEqual({ cents: 1_000_000 });
    expect(eqPositionPay({ tipo: 'fasce', fasce: [{ da: 0, a: 100, importo: 7000 }] }, 50, 100)).toEqual({ cents: 700_000, band: { da: 0, a: 100 } });
  });
  it('result share: 0 % or less gives nothing; 99,99 % is computed; 100 % or more is refused', () => {
    expect(eqResultPay(1_000_000, 0)).toBe(0);
    expect(eqResultPay(1_000_000, -5)).toBe(0);
    expect(eqResultPay(100, 99.99)).toBe(999_900);
    expect(() => eqResultPay(1_000_000, 100)).toThrow('percentuale di risultato pari o superiore al 100%');
    expect(() => eqResultPay(1_000_000, 150)).toThrow('percentuale di risultato pari o superiore al 100%');
    expect(eqResultPay(1, 0.01)).toBe(1); // rounded up: never below the share
  });
});

describe('allocation edges', () => {
  const cap = 400_000;
  const pos = (id: string, weight: number, extra: Partial<Position> = {}): Position => ({ id, weight, contractCap: cap, ...extra });

  it('minimum weight: a position exactly at it is paid, one point below is not', () => {
    const terms: FundTerms = { fund: 1_000_000, rule: { tipo: 'per-punto', soglia: 60, euro_per_punto: 50 }, step: 1, minWeight: 80 };
    expect([...allocate(terms, [pos('a', 80), pos('b', 79)]).pay]).toEqual([['a', 100_000], ['b', 0]]);
    const prop: FundTerms = { ...terms, rule: { tipo: 'proporzionale' } };
    expect([...allocate(prop, [pos('a', 80), pos('b', 79)]).pay]).toEqual([['a', 400_000], ['b', 0]]);
  });

  it('proportional: a position of weight 0 gets nothing even when the others\' maxima leave money over', () => {
    const r = allocate({ fund: 1_000_000, rule: { tipo: 'proporzionale' }, step: 1 }, [pos('a', 10, { contractCap: 300_000 }), pos('zero', 0)]);
    expect([...r.pay]).toEqual([['a', 300_000], ['zero', 0]]);
    expect([r.total, r.remainder, [...r.capped]]).toEqual([300_000, 700_000, ['a']]);
  });

  it('proportional: a share exactly at the maximum is not cut; one cent over is', () => {
    const two = (capA: number) => allocate({ fund: 600_000, rule: { tipo: 'proporzionale' }, step: 1 }, [pos('a', 1, { contractCap: capA }), pos('b', 2, { contractCap: 500_000 })]);
    expect([...two(200_000).pay.values(), [...two(200_000).capped]]).toEqual([200_000, 400_000, []]);
    // The cent cut from a goes to b, still under its own maximum.
    expect([...two(199_999).pay.values(), [...two(199_999).capped]]).toEqual([199_999, 400_001, ['a']]);
  });

  it('proportional: the step left over skips a position it would take over its maximum', () => {
    // 3 cents among equal weights: a, b, c get 1 each; 4 cents: one extra goes to the first whose maximum allows it.
    const r = allocate({ fund: 4, rule: { tipo: 'proporzionale' }, step: 1 }, [pos('a', 1, { contractCap: 1 }), pos('b', 1), pos('c', 1)]);
    expect([...r.pay.values()]).toEqual([1, 2, 1]);
    expect(r.total).toBe(4);
  });

  it('proportional, checked on random funds, weights, steps and maxima', () => {
    const input = fc.record({
      fund: fc.integer({ min: 0, max: 5_000_000 }),
      step: fc.constantFrom(1, 100, 5_000),
      positions: fc.array(fc.record({ weight: fc.integer({ min: 0, max: 130 }), cap: fc.integer({ min: 0, max: 500_000 }) }), { minLength: 1, maxLength: 8 }),
    });
    fc.assert(
      fc.property(input, ({ fund, step, positions }) => {
        const ps = positions.map((p, i) => pos(`p${i}`, p.weight, { contractCap: p.cap }));
        const r = allocate({ fund, rule: { tipo: 'proporzionale' }, step }, ps);
        const pays = ps.map((p) => r.pay.get(p.id)!);
        expect(r.total).toBe(pays.reduce((s, x) => s + x, 0));
        expect(r.total).toBeLessThanOrEqual(fund);
        expect(r.remainder).toBe(fund - r.total);
        ps.forEach((p, i) => {
          expect(pays[i]! % step).toBe(0);
          expect(pays[i]!).toBeLessThanOrEqual(p.contractCap);
          if (p.weight === 0) expect(pays[i]).toBe(0);
        });
        // Nobody capped and the fund a multiple of the step: it is shared exactly, each share within one step of
        // its exact proportion, and the heavier never gets less than the lighter.
        const weights = ps.reduce((s, p) => s + p.weight, 0);
        if (weights > 0 && r.capped.size === 0 && fund % step === 0 && ps.every((p) => (fund * p.weight) / weights + step <= p.contractCap)) {
          expect(r.total).toBe(fund);
          ps.forEach((p, i) => expect(Math.abs(pays[i]! - (fund * p.weight) / weights)).toBeLessThan(step));
          ps.forEach((p, i) => ps.forEach((q, j) => { if (p.weight > q.weight) expect(pays[i]!).toBeGreaterThanOrEqual(pays[j]!); }));
        }
      }),
      { numRuns: 300, seed: 21 },
    );
  });

  it('largest remainders first: 1 cent over 3 positions goes by remainder, then weight, then order', () => {
    // Weights 2, 1, 1 over 5 cents: exact 2,5 / 1,25 / 1,25 → 2 / 1 / 1 and one left: the largest remainder (0,5).
    const r1 = allocate({ fund: 5, rule: { tipo: 'proporzionale' }, step: 1 }, [pos('a', 2), pos('b', 1), pos('c', 1)]);
    expect([...r1.pay.values()]).toEqual([3, 1, 1]);
    // Weights 1, 3 over 2 cents: exact 0,5 / 1,5: equal remainders, the heavier gets the cent.
    const r2 = allocate({ fund: 2, rule: { tipo: 'proporzionale' }, step: 1 }, [pos('a', 1), pos('b', 3)]);
    expect([...r2.pay.values()]).toEqual([0, 2]);
    // Equal weights and remainders: the earlier position.
    const r3 = allocate({ fund: 1, rule: { tipo: 'proporzionale' }, step: 1 }, [pos('a', 1), pos('b', 1)]);
    expect([...r3.pay.values()]).toEqual([1, 0]);
    const r4 = allocate({ fund: 1, rule: { tipo: 'proporzionale' }, step: 1 }, [pos('b', 1), pos('a', 1)]);
    expect([...r4.pay]).toEqual([['b', 1], ['a', 0]]);
  });

  it('a step that would take a position over its maximum is not given, not to it and not to a position of weight 0', () => {
    // 3 € in 1 € steps over two equal weights with a maximum of 1,99 €: 1 € each, 1 € left (2 € would exceed).
    const terms: FundTerms = { fund: 300, rule: { tipo: 'proporzionale' }, step: 100 };
    const r = allocate(terms, [pos('a', 1, { contractCap: 199 }), pos('b', 1, { contractCap: 199 }), pos('zero', 0)]);
    expect([...r.pay.values()]).toEqual([100, 100, 0]);
    expect(r.remainder).toBe(100);
    // A maximum of exactly 2 €: the step fits.
    const fits = allocate(terms, [pos('a', 1, { contractCap: 200 }), pos('b', 1, { contractCap: 199 }), pos('zero', 0)]);
    expect([...fits.pay.values()]).toEqual([200, 100, 0]);
  });

  it('equal remainders and weights: the steps left go to the earlier positions, in order', () => {
    const r = allocate({ fund: 2, rule: { tipo: 'proporzionale' }, step: 1 }, [pos('a', 1), pos('b', 1), pos('c', 1)]);
    expect([...r.pay.values()]).toEqual([1, 1, 0]);
    const five = allocate({ fund: 3, rule: { tipo: 'proporzionale' }, step: 1 }, ['a', 'b', 'c', 'd', 'e'].map((id) => pos(id, 1)));
    expect([...five.pay.values()]).toEqual([1, 1, 1, 0, 0]);
  });
});
