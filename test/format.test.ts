import { describe, expect, it } from 'vitest';
import { formatDate, formatEuro, formatLongDate, joinItalian } from '../src/format/italian.js';

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

