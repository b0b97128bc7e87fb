import { describe, expect, it } from 'vitest';
import { formatDate, formatEuro, formatLongDate, isoDateProblem, joinItalian } from '../src/format/italian.js';
import { isoDate } from '../src/kinds/common.js';

const nb = (s: string) => s.replace(/ /g, '\u00a0');

describe('Italian formats', () => {
  it('money: € 2.300,00 with a no-break space, thousands with dots, cents with a comma', () => {
    expect(formatEuro(230000)).toBe(nb('€ 2.300,00'));
    expect(formatEuro(1000001)).toBe(nb('€ 10.000,01'));
    expect(formatEuro(5)).toBe(nb('€ 0,05'));
    expect(formatEuro(123456789)).toBe(nb('€ 1.234.567,89'));
    expect(formatEuro(-150)).toBe(nb('-€ 1,50'));
  });
  it('dates: 15/01/2024 and 15 gennaio 2024 (1º for the first)', () => {
    expect(formatDate('2024-01-15')).toBe('15/01/2024');
    expect(formatLongDate('2024-01-15')).toBe('15 gennaio 2024');
    expect(formatLongDate('2024-04-01')).toBe('1º aprile 2024');
    expect(() => formatDate('15/01/2024')).toThrow();
  });
  it('lists: "D e C", "A, B e C"', () => {
    expect(joinItalian(['D', 'C'])).toBe('D e C');
    expect(joinItalian(['A', 'B', 'C'])).toBe('A, B e C');
    expect(joinItalian(['curriculum vitae'])).toBe('curriculum vitae');
  });
});


describe('why a date is not valid', () => {
  it('a date in the right shape that does not exist is named as such, with the month\'s length', () => {
    expect(isoDateProblem('2025-02-30')).toBe('data inesistente: febbraio 2025 ha 28 giorni, non 30');
    expect(isoDateProblem('2024-02-30')).toBe('data inesistente: febbraio 2024 ha 29 giorni, non 30');
    expect(isoDateProblem('2025-04-31')).toBe('data inesistente: aprile 2025 ha 30 giorni, non 31');
    expect(isoDateProblem('2025-13-01')).toContain('il mese «13» non esiste');
    expect(isoDateProblem('2025-00-10')).toContain('il mese «00» non esiste');
    expect(isoDateProblem('2025-01-00')).toBe('data inesistente: il giorno «00» non esiste (da 01 a 31; la data si scrive AAAA-MM-GG)');
  });
  it('anything else is a wrong shape, with the shape to use', () => {
    for (const t of ['15/01/2024', '2024-1-15', '2024-01-15T00:00', '', 'ieri']) expect(isoDateProblem(t), t).toBe('data non valida: scrivila come AAAA-MM-GG (es. 2024-01-15)');
  });
  it('a source with 30 February: the message says the day does not exist', () => {
    const r = isoDate.safeParse('2025-02-30');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('data inesistente: febbraio 2025 ha 28 giorni, non 30');
    expect(isoDate.safeParse('2024-02-29').success).toBe(true);
  });
});
