import { closest, distance } from 'fastest-levenshtein';
import { z } from 'zod';
import type { Diagnostic } from '../diagnostics.js';
import { locate, type YamlSource } from '../load/source.js';

const num = (n: unknown) => (typeof n === 'number' ? String(n).replace('.', ',') : typeof n === 'bigint' ? String(n) : String(n));

/**
 * Italian messages for the issues a schema raises without a message of its own. zod's Italian locale names
 * schema types («Troppo piccolo: number deve essere >0»): an office reads words, not types.
 */
function italianIssue(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'too_small': {
      const min = num(iss.minimum);
      if (iss.origin === 'string') return iss.minimum === 1 ? 'il testo non può essere vuoto' : `il testo deve avere almeno ${min} caratteri`;
      if (iss.origin === 'array' || iss.origin === 'set') return Number(iss.minimum) === 1 ? 'l\'elenco non può essere vuoto' : `l'elenco deve avere almeno ${min} elementi`;
      return iss.inclusive === false ? `deve essere maggiore di ${min}` : `deve essere almeno ${min}`;
    }
    case 'too_big': {
      const max = num(iss.maximum);
      if (iss.origin === 'string') return `il testo può avere al massimo ${max} caratteri`;
      if (iss.origin === 'array' || iss.origin === 'set') return `l'elenco può avere al massimo ${max} elementi`;
      return iss.inclusive === false ? `deve essere minore di ${max}` : `non può superare ${max}`;
    }
    case 'not_multiple_of':
      return `deve essere un multiplo di ${num(iss.divisor)}`;
    case 'invalid_format':
      return iss.format === 'email' ? 'indirizzo e-mail non valido' : iss.format === 'regex' ? 'forma non valida' : `forma non valida (${iss.format === 'date' ? 'data AAAA-MM-GG' : 'vedi README'})`;
    case 'invalid_key':
      return 'nome di campo non valido';
    case 'invalid_element':
      return 'elemento non valido';
    case 'custom':
      return 'valore non valido';
    default:
      return undefined;
  }
}

z.config(z.locales.it());
z.config({ customError: (iss) => italianIssue(iss) });

type Issue = z.core.$ZodIssue;
type AnySchema = z.core.$ZodType;

const typeNames: Record<string, string> = {
  string: 'un testo',
  number: 'un numero',
  int: 'un numero intero',
  bigint: 'un numero intero',
  boolean: 'sì/no (true o false)',
  array: 'un elenco',
  tuple: 'un elenco',
  set: 'un elenco',
  object: 'un gruppo di campi',
  record: 'un gruppo di campi',
  map: 'un gruppo di campi',
  date: 'una data',
  null: 'vuoto',
};

/** What a schema expects, in words: never a schema type name (never, nonoptional, union…). */
const expected = (type: string): string => typeNames[type] ?? 'un valore di altra forma (vedi README)';

function describe(value: unknown): string {
  if (value === undefined) return 'nulla';
  if (value === null) return 'un valore vuoto';
  if (Array.isArray(value)) return 'un elenco';
  if (typeof value === 'object') return 'un gruppo di campi';
  if (typeof value === 'string') return `il testo «${value.length > 40 ? value.slice(0, 40) + '…' : value}»`;
  return `${typeof value === 'number' ? 'il numero' : 'il valore'} ${String(value)}`;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

/** The keys an object schema accepts at a path, for did-you-mean hints. */
export function keysAt(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  let s: AnySchema | undefined = schema;
  const unwrap = (x: AnySchema | undefined): AnySchema | undefined => {
    while (x) {
      const def = x._zod.def as unknown as Record<string, unknown>;
      if (def.innerType) x = def.innerType as AnySchema;
      else if (def.type === 'pipe') x = def.in as AnySchema;
      else break;
    }
    return x;
  };
  for (const seg of path) {
    s = unwrap(s);
    if (!s) return [];
    const def = s._zod.def as unknown as Record<string, unknown>;
    if (def.type === 'object') s = (def.shape as Record<string, AnySchema>)[String(seg)];
    else if (def.type === 'array') s = def.element as AnySchema;
    else if (def.type === 'record') s = def.valueType as AnySchema;
    else return [];
  }
  s = unwrap(s);
  const def = s?._zod.def as unknown as Record<string, unknown> | undefined;
  return def?.type === 'object' ? Object.keys(def.shape as object) : [];
}

export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (!candidates.length) return undefined;
  const best = closest(word, candidates as string[]);
  return distance(word.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}

const showPath = (path: readonly PropertyKey[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p + 1}]` : `${i ? '.' : ''}${String(p)}`)).join('');

/** Maps zod issues to located, Italian diagnostics. */
export function zodDiagnostics(source: YamlSource, schema: AnySchema, issues: readonly Issue[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  // Unknown keys by parent path: a missing field next to a misspelt one points at it.
  const unknownAt = new Map<string, string[]>();
  for (const issue of issues) {
    if (issue.code === 'unrecognized_keys') unknownAt.set(JSON.stringify(issue.path), [...issue.keys]);
  }
  for (const issue of issues) {
    const path = issue.path as PropertyKey[];
    const base = { file: source.file, severity: 'errore' as const };
    if (issue.code === 'unrecognized_keys') {
      const allowed = keysAt(schema, path);
      for (const key of issue.keys) {
        const pos = locate(source, [...path, key], true);
        const guess = didYouMean(key, allowed);
        out.push({
          ...base,
          ...pos,
          message: `campo sconosciuto «${showPath([...path, key])}»`,
          hint: guess ? `intendevi «${guess}»?` : `campi ammessi qui: ${allowed.join(', ')}`,
        });
      }
      continue;
    }
    const value = valueAt(source.data, path);
    if (issue.code === 'invalid_type' && value === undefined) {
      const name = String(path[path.length - 1]);
      const misspelt = didYouMean(name, unknownAt.get(JSON.stringify(path.slice(0, -1))) ?? []);
      if (misspelt) continue; // the unknown-key diagnostic already says "intendevi «name»?"
      out.push({
        ...base,
        ...locate(source, path.slice(0, -1)),
        message: `manca il campo obbligatorio «${showPath(path)}»`,
        hint: `aggiungi «${name}:» con ${expected(issue.expected)}`,
      });
      continue;
    }
    const pos = locate(source, path);
    // A value outside a fixed set (literal, enum, the "tipo" of a rule): list the choices, guess the typo.
    const choices = issue.code === 'invalid_value' ? issue.values : issue.code === 'invalid_union' ? (issue as { options?: unknown[] }).options : undefined;
    if (choices?.length) {
      const names = choices.map(String);
      const guess = typeof value === 'string' ? didYouMean(value, names) : undefined;
      out.push({
        ...base,
        ...pos,
        message: `«${showPath(path)}»: valore ${typeof value === 'string' ? `«${value}»` : describe(value)} non ammesso (ammessi: ${names.join(', ')})`,
        hint: guess ? `intendevi «${guess}»?` : undefined,
      });
      continue;
    }
    if (issue.code === 'invalid_type') {
      // A field that the ente's configuration rules out (z.never / z.undefined with a reason).
      if (issue.expected === 'never' || issue.expected === 'undefined') {
        out.push({ ...base, ...pos, message: `campo «${showPath(path)}» non ammesso qui`, hint: issue.message });
        continue;
      }
      out.push({
        ...base,
        ...pos,
        message: `«${showPath(path)}» deve essere ${expected(issue.expected)}, trovato ${describe(value)}`,
      });
      continue;
    }
    const [message, hint] = issue.message.split('\n');
    out.push({ ...base, ...pos, message: `«${showPath(path)}»: ${message}`, hint: hint || undefined });
  }
  return out;
}
