/**
 * Personal data that an Albo publication should not carry (Garante per la protezione dei dati personali,
 * guidelines of 15 May 2014 on personal data in acts published on the web): tax codes, bank accounts,
 * private phone numbers and e-mail addresses, dates of birth, health data. Contacts the source declares
 * as allowed (an office's e-mail or phone) pass.
 */
export interface Finding {
  kind: string;
  text: string;
}

const IBAN = /\bIT\d{2}[ ]?[A-Z][ ]?(?:\d[ ]?){10}(?:[0-9A-Z][ ]?){12}\b/gi;

const PATTERNS: [string, RegExp][] = [
  ['codice fiscale', /\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b/gi],
  ['IBAN', IBAN],
  ['indirizzo e-mail', /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g],
  // Not inside a figure («2.300,00», «12/03/2024»), but a number may end a sentence or a list item.
  ['numero di telefono', /(?<![\d/]|\d[.,])(?:\+39[ ]?)?(?:3\d{2}|0\d{1,3})[ .]?\d{3,4}[ .]?\d{3,4}(?![\d/]|[.,]\d)/g],
  // Word edges by letters, not \b: \b knows only ASCII letters, and «disabilità» ends with one it does not.
  ['data di nascita', /(?<![\p{L}\p{N}_])(?:nat[oa] (?:a [\p{L}' ]+ )?il|data di nascita)(?![\p{L}\p{N}_])/giu],
  ['dati sanitari', /(?<![\p{L}\p{N}_])(?:diagnosi|patologi[ae]|malatti[ae]|invalidità civile|handicap|disabilità|certificat[oi] medic[oi]|terapi[ae])(?![\p{L}\p{N}_])/giu],
];

/** Patterns that name a category rather than point to a person: meaningful only in acts about people. */
const CATEGORY_WORDS = new Set(['data di nascita', 'dati sanitari']);

/**
 * `identifiersOnly`: for acts that set rules (a regulation names "certificato medico" or "data di nascita"
 * as categories), only identifiers that point to a person count.
 */
/** Italian numbers: a mobile has 10 digits (3xx and 7), a landline at most 11 with its area code. */
function plausiblePhone(found: string): boolean {
  const digits = found.replace(/[ .]/g, '').replace(/^\+39/, '');
  return digits.length <= (digits.startsWith('3') ? 10 : 11);
}

export function findPersonalData(text: string, allowed: readonly string[], identifiersOnly = false): Finding[] {
  const allow = new Set(allowed.map((a) => a.toLowerCase().replace(/\s+/g, '')));
  const out: Finding[] = [];
  // The digits of an IBAN (reported or allowed) are not also phone numbers.
  const ibans = [...text.matchAll(IBAN)].map((m) => [m.index, m.index + m[0].length] as const);
  for (const [kind, re] of PATTERNS) {
    if (identifiersOnly && CATEGORY_WORDS.has(kind)) continue;
    for (const m of text.matchAll(re)) {
      if (allow.has(m[0].toLowerCase().replace(/\s+/g, ''))) continue;
      const found = m[0].trim();
      if (kind === 'numero di telefono' && (!plausiblePhone(found) || ibans.some(([from, to]) => m.index >= from && m.index < to))) continue;
      if (!out.some((f) => f.kind === kind && f.text === found)) out.push({ kind, text: found });
    }
  }
  return out;
}
