import { describe, expect, it } from 'vitest';
import { easter, holidayName, publicationEnd, termDeadline } from '../src/compute/deadline.js';

describe('terms in days (art. 2963 c.c.): the first day is not counted, Sundays and holidays move the end', () => {
  it('15 days from 10 April 2024 end on 25 April... a holiday, so 26 April', () => {
    expect(termDeadline('2024-04-10', 15)).toEqual({ date: '2024-04-26', nominal: '2024-04-25', moved: ['2024-04-25 Festa della Liberazione'] });
  });
  it('a plain weekday stays', () => {
    expect(termDeadline('2024-01-15', 15).date).toBe('2024-01-30');
  });
  it('Saturday is a working day for terms; Sunday is not', () => {
    expect(termDeadline('2024-01-05', 15).date).toBe('2024-01-20'); // Saturday
    expect(termDeadline('2024-01-06', 15).date).toBe('2024-01-22'); // Sunday 21 -> Monday 22
  });
  it.each([
    ['Easter Monday 2024', '2024-03-17', '2024-04-02', ['2024-04-01 Lunedì dell\'Angelo']],
    ['1 May', '2024-04-16', '2024-05-02', ['2024-05-01 Festa del Lavoro']],
    ['2 June 2024 is a Sunday and a holiday', '2024-05-18', '2024-06-03', ['2024-06-02 domenica']],
    ['15 August', '2024-07-31', '2024-08-16', ['2024-08-15 Assunzione']],
    ['8 December 2025 (Monday)', '2025-11-23', '2025-12-09', ['2025-12-08 Immacolata Concezione']],
    ['Christmas and Santo Stefano 2024', '2024-12-10', '2024-12-27', ['2024-12-25 Natale', '2024-12-26 Santo Stefano']],
    ['New Year and a Sunday', '2022-12-17', '2023-01-02', ['2023-01-01 domenica']],
  ])('%s', (_name, start, end, moved) => {
    const d = termDeadline(start, 15);
    expect(d.date).toBe(end);
    expect(d.moved).toEqual(moved);
  });
  it('4 October is a holiday from 2026 (L. 151/2025), not before', () => {
    expect(holidayName('2026-10-04')).toBe("San Francesco d'Assisi");
    expect(holidayName('2025-10-04')).toBeUndefined();
    expect(termDeadline('2027-09-19', 15).date).toBe('2027-10-05'); // Monday 4 October 2027 -> 5
    expect(termDeadline('2025-09-19', 15).date).toBe('2025-10-04'); // a Saturday, not yet a holiday
  });
  it('Easter dates', () => {
    expect([2024, 2025, 2026, 2027].map(easter)).toEqual(['2024-03-31', '2025-04-20', '2026-04-05', '2027-03-28']);
  });
  it('publication: consecutive calendar days, holidays included, first day counted', () => {
    expect(publicationEnd('2024-01-15', 15)).toBe('2024-01-29');
    expect(publicationEnd('2024-04-10', 15)).toBe('2024-04-24');
  });
});
