import { didYouMean } from './did-you-mean.js';

export { didYouMean };
import * as z from 'zod';
import italianLocale from 'zod/v4/locales/it.js';
import type { Diagnostic } from '../diagnostics.js';
import { locate, type YamlSource } from '../load/source.js';

const num = (n: unknown) => String(n).replace('.', ',');
/** «1 elemento», «2 elementi»: a bound of one is singular. */
const count = (n: unknown, one: string, many: string) => `${num(n)} ${Number(n) === 1 ? one : many}`;

/**
 * Italian messages for the issues a schema raises without a message of its own. zod's Italian locale names
 * schema types («Troppo piccolo: number deve essere >0»): an office reads words, not types.
 */
function italianIssue(iss: z.core.$ZodRawIssue): string | undefined {
  switch (iss.code) {
    case 'too_small': {
      const min = num(iss.minimum);
      if (iss.origin === 'string') return Number(iss.minimum) === 1 ? 'il testo non può essere vuoto' : `il testo deve avere almeno ${min} caratteri`;
      if (iss.origin === 'array' || iss.origin === 'set') return Number(iss.minimum) === 1 ? 'l\'elenco non può essere vuoto' : `l'elenco deve avere almeno ${min} elementi`;
      return iss.inclusive === false ? `deve essere maggiore di ${min}` : `deve essere almeno ${min}`;
    }
    case 'too_big': {
      const max = num(iss.maximum);
      if (iss.origin === 'string') return `il testo può avere al massimo ${count(iss.maximum, 'carattere', 'caratteri')}`;
      if (iss.origin === 'array' || iss.origin === 'set') return `l'elenco può avere al massimo ${count(iss.maximum, 'elemento', 'elementi')}`;
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
    case 'invalid_union':
      return unionMessage(iss);
    default:
      return undefined;
  }
}

/**
 * The shapes a union accepts (`numero: 3` or `numero: "3 bis"`), in words, when every branch failed on its
 * type: «un numero intero o un testo». Otherwise (a branch got further) undefined.
 */
function unionShapes(branches: readonly (readonly z.core.$ZodIssue[])[], options: readonly AnySchema[]): string | undefined {
  const types = branches.map((issues) => (issues.length === 1 && issues[0]!.code === 'invalid_type' && !issues[0]!.path.length ? issues[0]!.expected : undefined));
  if (!types.length || types.includes(undefined)) return undefined;
  const names = [...new Set(types.map((t, i) => expectedOf(options[i], t!)))];
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} o ${names[names.length - 1]}` : names[0];
}

const unionOptions = (schema: AnySchema | undefined): AnySchema[] => (schema?._zod.def as { options?: AnySchema[] } | undefined)?.options ?? [];

/** zod's «Input non valido» for a union becomes the shapes it accepts and what it found. */
function unionMessage(iss: z.core.$ZodRawIssue<z.core.$ZodIssueInvalidUnion>): string | undefined {
  const shapes = unionShapes(iss.errors, unionOptions(iss.inst as AnySchema | undefined));
  return shapes && `deve essere ${shapes}, trovato ${describe(iss.input)}`;
}

// The Italian locale alone: `z.locales` would bring zod's 64 locales (half of zod's code) into every command.
z.config(italianLocale());
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
  // An Italian office reads 4,5, not 4.5.
  if (typeof value === 'number') return `il numero ${String(value).replace('.', ',')}`;
  return `il valore ${String(value)}`;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[seg];
  }
  return v;
}

/** The schema a path leads to, through objects, lists, records and wrappers (optional, default, pipe). */
function schemaAt(schema: AnySchema, path: readonly PropertyKey[]): AnySchema | undefined {
  let s: AnySchema | undefined = unwrap(schema);
  for (const seg of path) {
    if (!s) return undefined;
    const def = s._zod.def as unknown as Record<string, unknown>;
    if (def.type === 'object') s = (def.shape as Record<string, AnySchema>)[String(seg)];
    else if (def.type === 'array') s = def.element as AnySchema;
    else if (def.type === 'record') s = def.valueType as AnySchema;
    else return undefined;
    s = unwrap(s);
  }
  return s;
}

function unwrap(x: AnySchema | undefined): AnySchema | undefined {
  while (x) {
    const def = x._zod.def as unknown as Record<string, unknown>;
    if (def.innerType) x = def.innerType as AnySchema;
    else if (def.type === 'pipe') x = def.in as AnySchema;
    else break;
  }
  return x;
}

/** The keys an object schema accepts at a path, for did-you-mean hints. */
export function keysAt(schema: AnySchema, path: readonly PropertyKey[]): string[] {
  const def = schemaAt(schema, path)?._zod.def as unknown as Record<string, unknown> | undefined;
  return def?.type === 'object' ? Object.keys(def.shape as object) : [];
}

/** What a field expects: zod says «number» for a missing or non-numeric integer; the schema knows better. */
function expectedOf(schema: AnySchema | undefined, type: string): string {
  const format = (unwrap(schema)?._zod.def as { format?: string } | undefined)?.format ?? '';
  return expected(type === 'number' && /int/.test(format) ? 'int' : type);
}


const showPath = (path: readonly PropertyKey[]): string =>
  path.map((p, i) => (typeof p === 'number' ? `[${p + 1}]` : `${i ? '.' : ''}${String(p)}`)).join('');

/** What a missing field must hold: its type, the values of an enum or a discriminator, the shapes of a union. */
function missingWhat(issue: Issue, schema: AnySchema | undefined): string | undefined {
  if (issue.code === 'invalid_type') return expectedOf(schema, issue.expected);
  if (issue.code === 'invalid_value') return `uno tra: ${issue.values.map(String).join(', ')}`;
  if (issue.code !== 'invalid_union') return undefined;
  const options = (issue as { options?: unknown[] }).options;
  return options?.length ? `uno tra: ${options.map(String).join(', ')}` : unionShapes(issue.errors, unionOptions(schema));
}

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
    // A missing enum or literal field is missing too, not «valore nulla non ammesso».
    if ((issue.code === 'invalid_type' || issue.code === 'invalid_union' || issue.code === 'invalid_value') && value === undefined) {
      const name = String(path[path.length - 1]);
      const misspelt = didYouMean(name, unknownAt.get(JSON.stringify(path.slice(0, -1))) ?? []);
      if (misspelt) continue; // the unknown-key diagnostic already says "intendevi «name»?"
      const what = missingWhat(issue, schemaAt(schema, path));
      out.push({
        ...base,
        ...locate(source, path.slice(0, -1)),
        message: `manca il campo obbligatorio «${showPath(path)}»`,
        hint: `aggiungi «${name}:»${what ? ` con ${what}` : ''}`,
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
        message: `«${showPath(path)}» deve essere ${expectedOf(schemaAt(schema, path), issue.expected)}, trovato ${describe(value)}`,
      });
      continue;
    }
    const [message, hint] = issue.message.split('\n');
    out.push({ ...base, ...pos, message: `«${showPath(path)}»: ${message}`, hint: hint || undefined });
  }
  return out;
}
