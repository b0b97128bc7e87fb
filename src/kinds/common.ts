import * as z from 'zod';
import { isoDateProblem, isValidIsoDate } from '../format/italian.js';

export const idField = z
  .string()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'l\'id usa solo lettere minuscole, cifre e trattini (es. coordinamento-stato-civile)');

export const text = z.string().trim().min(1, 'il testo non può essere vuoto');

/** Creation date in the metadata of a document whose source gives none: fixed, so bytes stay stable. */
export const NO_DATE = '2000-01-01';

export const year = z.int().min(2000, 'anno non plausibile').max(2100, 'anno non plausibile');

export const isoDate = z.string().refine(isValidIsoDate, { error: (issue) => isoDateProblem(String(issue.input)) });

/** Compares organisational names as an office would: case, quotes and spacing do not matter. */
export const sameName = (a: string, b: string): boolean => {
  const n = (s: string) => s.toLowerCase().replace(/[“”"«»']/g, '').replace(/\s+/g, ' ').trim();
  return n(a) === n(b);
};

/** Euro with at most two decimals (carried as integer cents once validated). */
export const euro = z
  .number()
  .nonnegative()
  .refine((x) => Math.abs(Math.round(x * 100) - x * 100) < 1e-6, 'al massimo due decimali (i centesimi)');
