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

const PATTERNS: [string, RegExp][] = [
  ['codice fiscale', /\b[A-Z]{6}\d{2}[A-EHLMPR-T]\d{2}[A-Z]\d{3}[A-Z]\b/gi],
  ['IBAN', /\bIT\d{2}[ ]?[A-Z][ ]?(?:\d[ ]?){10}(?:[0-9A-Z][ ]?){12}\b/gi],
  ['indirizzo e-mail', /\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g],
  ['numero di telefono', /(?<![\d/.,])(?:\+39[ ]?)?(?:3\d{2}|0\d{1,3})[ .]?\d{3}[ .]?\d{3,4}(?![\d/.,])/g],
  ['data di nascita', /\b(?:nat[oa] (?:a [\p{L}' ]+ )?il|data di nascita)\b/giu],
  ['dati sanitari', /\b(?:diagnosi|patologi[ae]|malatti[ae]|invalidità civile|handicap|disabilità|certificat[oi] medic[oi]|terapi[ae])\b/giu],
];

/** Patterns that name a category rather than point to a person: meaningful only in acts about people. */
const CATEGORY_WORDS = new Set(['data di nascita', 'dati sanitari']);

/**
 * `identifiersOnly`: for acts that set rules (a regulation names "certificato medico" or "data di nascita"
 * as categories), only identifiers that point to a person count.
 */
export function findPersonalData(text: string, allowed: readonly string[], identifiersOnly = false): Finding[] {
  const allow = new Set(allowed.map((a) => a.toLowerCase().replace(/\s+/g, '')));
  const out: Finding[] = [];
  for (const [kind, re] of PATTERNS) {
    if (identifiersOnly && CATEGORY_WORDS.has(kind)) continue;
    for (const m of text.matchAll(re)) {
      if (allow.has(m[0].toLowerCase().replace(/\s+/g, ''))) continue;
      const found = m[0].trim();
      if (!out.some((f) => f.kind === kind && f.text === found)) out.push({ kind, text: found });
    }
  }
  return out;
}
