import type { Kind } from '../kinds/kind.js';
import type { JsonSchema } from '../schemas/generate.js';

/**
 * A new source for `albo nuovo`: every required field with a comment saying what goes there and a
 * placeholder «[da compilare …]» that `albo check` reports (located) until it is replaced; optional fields
 * as comments; the kind's required body sections with placeholders. Built from the ente's own JSON schema
 * (its criteria, conoscenze, settori), so it fits the ente and every kind, present and future.
 */
export interface SkeletonInput {
  tipo: string;
  id: string;
  anno: number;
  kind: Kind;
  /** The kind's frontmatter schema for this ente (src/schemas/generate.ts). */
  schema: JsonSchema;
}

/** Optional fields a new source should still show filled in (one choice among alternatives). */
const SHOWN: Record<string, string[]> = {
  avviso: ['regolamento', 'regolamento.delibera.data', 'aree', 'settore'],
  'scheda-eq': ['settore'],
};

/** Free-body kinds: a start of the body in the form the kind's checks expect. */
const BODY: Record<string, string> = {
  regolamento: '## TITOLO I – [da compilare: titolo del Titolo]\n\n### Art. 1 – [da compilare: rubrica dell\'articolo]\n\n1. [da compilare: testo del comma]\n',
  allegato: '[da compilare: testo dell\'allegato]\n',
  documento: '## 1.- [da compilare: titolo della prima parte]\n\n[da compilare: testo]\n',
};

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The alternative a union should show: the first non-null one. */
function pick(s: JsonSchema): JsonSchema {
  for (const k of ['anyOf', 'oneOf'] as const) {
    const options = s[k];
    if (Array.isArray(options)) {
      const first = (options as JsonSchema[]).find((o) => o.type !== 'null');
      if (first) return pick({ ...first, description: s.description ?? first.description });
    }
  }
  return s;
}

const quote = (s: string) => JSON.stringify(s);
const oneLine = (s: unknown) => String(s ?? '').replace(/\s+/g, ' ').trim();

function placeholder(s: JsonSchema, key: string): string {
  const what = oneLine(s.description) || key;
  const kind = s.type === 'integer' || s.type === 'number' ? 'numero' : Array.isArray(s.enum) ? `uno tra ${(s.enum as unknown[]).map(String).slice(0, 12).join(', ')}` : s.format === 'date' || /AAAA-MM-GG/.test(what) ? 'data AAAA-MM-GG' : 'testo';
  return quote(`[da compilare: ${kind}]`);
}

function field(key: string, raw: JsonSchema, indent: string, required: boolean, lines: string[], fixed: Record<string, unknown>, shown: Set<string> = new Set(), at = key): void {
  const s = pick(raw);
  const comment = oneLine(s.description);
  const prefix = required ? '' : '# ';
  if (comment) lines.push(`${indent}# ${comment}${required || /facoltativ/i.test(comment) ? '' : ' (facoltativo)'}`);
  if (key in fixed) {
    lines.push(`${indent}${key}: ${typeof fixed[key] === 'string' ? quote(String(fixed[key])) : String(fixed[key])}`);
    return;
  }
  if (s.const !== undefined) {
    lines.push(`${indent}${prefix}${key}: ${String(s.const)}`);
    return;
  }
  if (s.type === 'object' && isObject(s.properties)) {
    lines.push(`${indent}${prefix}${key}:`);
    const req = new Set((s.required as string[] | undefined) ?? []);
    for (const [k, v] of Object.entries(s.properties)) {
      if (!isObject(v)) continue;
      const sub: string[] = [];
      field(k, v, indent + '  ', required && (req.has(k) || shown.has(`${at}.${k}`)), sub, {}, shown, `${at}.${k}`);
      lines.push(...(required ? sub : sub.map((l) => (l.trimStart().startsWith('#') ? l : `${indent}# ${l.slice(indent.length)}`))));
    }
    return;
  }
  if (s.type === 'array') {
    const items = isObject(s.items) ? pick(s.items) : {};
    if (items.type === 'object' && isObject(items.properties)) {
      lines.push(`${indent}${prefix}${key}:`);
      const req = new Set((items.required as string[] | undefined) ?? []);
      let first = true;
      for (const [k, v] of Object.entries(items.properties)) {
        if (!isObject(v) || !req.has(k)) continue;
        const sub: string[] = [];
        field(k, v, indent + '    ', required, sub, {});
        const line = sub.findIndex((l) => !l.trimStart().startsWith('#'));
        if (first && line >= 0) sub[line] = `${indent}${prefix}  - ${sub[line]!.trimStart()}`;
        first = false;
        lines.push(...sub);
      }
      return;
    }
    lines.push(`${indent}${prefix}${key}:`, `${indent}${prefix}  - ${placeholder(items, key)}`);
    return;
  }
  if (s.type === 'boolean') {
    lines.push(`${indent}${prefix}${key}: false`);
    return;
  }
  lines.push(`${indent}${prefix}${key}: ${placeholder(s, key)}`);
}

export function skeleton(input: SkeletonInput): string {
  const { tipo, kind, schema } = input;
  const shown = new Set(SHOWN[tipo] ?? []);
  const required = new Set([...((schema.required as string[] | undefined) ?? []), ...shown]);
  const props = isObject(schema.properties) ? schema.properties : {};
  const fixed: Record<string, unknown> = { tipo, id: input.id, ...('anno' in props ? { anno: input.anno } : {}) };
  const lines = [
    '---',
    `# Nuovo documento «${tipo}» scritto da "albo nuovo": sostituisci ogni «[da compilare …]»; i campi`,
    '# commentati (#) sono facoltativi. "albo check" indica riga e colonna di ciò che manca.',
  ];
  const optional = kind.sections.filter((s) => !s.required);
  if (optional.length) lines.push(`# Sezioni facoltative del testo: ${optional.map((s) => `«## ${s.heading}»`).join(', ')}.`);
  for (const [key, value] of Object.entries(props)) {
    if (!isObject(value)) continue;
    field(key, value, '', required.has(key) || key in fixed, lines, fixed, shown);
  }
  lines.push('---', '');
  if (kind.freeBody) lines.push(BODY[tipo] ?? '[da compilare: testo]\n');
  for (const section of kind.sections) {
    if (!section.required) continue;
    lines.push(`## ${section.heading}`, '', `[da compilare: ${section.heading.toLowerCase()}]`, '');
  }
  return lines.join('\n').replace(/\n+$/, '\n');
}
