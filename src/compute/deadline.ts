/**
 * Legal terms in days, as Italian law counts them (art. 2963 c.c.; art. 155 c.p.c.): the first day is
 * not counted, and a term that ends on a Sunday or a national holiday moves to the next working day.
 * Dates are ISO strings (AAAA-MM-GG) handled in UTC, so no time zone can shift a day.
 */

const DAY = 86_400_000;
const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
const toIso = (d: Date) => d.toISOString().slice(0, 10);
export const addDays = (iso: string, days: number) => toIso(new Date(toDate(iso).getTime() + days * DAY));

/** Easter Sunday (Gregorian computus, Meeus/Jones/Butcher). */
export function easter(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * National holidays (L. 260/1949 and later amendments): 1/1, 6/1, Easter Monday, 25/4, 1/5, 2/6, 15/8,
 * 1/11, 8/12, 25/12, 26/12, and 4/10 (San Francesco d'Assisi) from 2026 (L. 151/2025). Sundays are not
 * listed: every Sunday counts as a holiday for terms anyway.
 */
export function nationalHolidays(year: number): Map<string, string> {
  const fixed: [string, string][] = [
    ['01-01', 'Capodanno'],
    ['01-06', 'Epifania'],
    ['04-25', 'Festa della Liberazione'],
    ['05-01', 'Festa del Lavoro'],
    ['06-02', 'Festa della Repubblica'],
    ['08-15', 'Assunzione'],
    ['11-01', 'Ognissanti'],
    ['12-08', 'Immacolata Concezione'],
    ['12-25', 'Natale'],
    ['12-26', 'Santo Stefano'],
  ];
  if (year >= 2026) fixed.push(['10-04', "San Francesco d'Assisi"]);
  const out = new Map(fixed.map(([md, name]) => [`${year}-${md}`, name]));
  out.set(addDays(easter(year), 1), "Lunedì dell'Angelo");
  return out;
}

export function holidayName(iso: string): string | undefined {
  return nationalHolidays(Number(iso.slice(0, 4))).get(iso);
}

export const isSunday = (iso: string) => toDate(iso).getUTCDay() === 0;

export interface Deadline {
  /** The day the term ends, after moving off Sundays and holidays. */
  date: string;
  /** The day it would end without moving, and why it moved (empty if it did not). */
  nominal: string;
  moved: string[];
}

/** A term of `days` days from `start` (the first day not counted), moved past Sundays and holidays. */
export function termDeadline(start: string, days: number): Deadline {
  const nominal = addDays(start, days);
  let date = nominal;
  const moved: string[] = [];
  for (;;) {
    const holiday = holidayName(date);
    if (isSunday(date)) moved.push(`${date} domenica`);
    else if (holiday) moved.push(`${date} ${holiday}`);
    else break;
    date = addDays(date, 1);
  }
  return { date, nominal, moved };
}

/** Last day of a publication of `days` consecutive calendar days starting on `start` (included). */
export const publicationEnd = (start: string, days: number) => addDays(start, days - 1);
