import * as z from 'zod';
import type { Config } from '../config.js';
import { configSchema } from '../config.js';
import type { Kind } from '../kinds/kind.js';
import { DESCRIPTIONS } from './descriptions.js';

/** A JSON Schema (draft-07) as plain data. */
export type JsonSchema = { [key: string]: unknown };

/** What an ente's own schemas list: its criteria (from its configuration), settori and document ids. */
export interface EnteFacts {
  nome: string;
  config: Config;
  /** The settori its documents name, as written. */
  settori: string[];
  /** Ids of its documents by tipo, for fields that refer to another document. */
  ids: Map<string, string[]>;
}

/** Fields that refer to a document of another kind by id ("tipo:field" → referred tipo). */
const REFERENCES: Record<string, string[]> = {
  'scheda:servizio': ['servizio'],
  'scheda-eq:servizio': ['servizio'],
  // A notice attaches art. 84 cards or EQ cards (by its «incarico»).
  'avviso:schede': ['scheda', 'scheda-eq'],
  'allegato:regolamento': ['regolamento'],
};

/** draft-07: the draft the editors' YAML and Markdown extensions read best. */
const toJson = (schema: z.ZodType): JsonSchema => z.toJSONSchema(schema, { io: 'input', target: 'draft-07', unrepresentable: 'any' }) as JsonSchema;

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

function fieldDescription(owner: string, path: string[], key: string, facts?: EnteFacts): string {
  const config = facts?.config;
  if (config && path.length === 1 && path[0] === 'punteggi' && owner === 'scheda-eq') {
    const c = config.eq?.criteri.find((x) => x.id === key);
    if (c) return `«${c.nome}»: punteggio intero da ${c.min} a ${c.max}${c.peso > 1 ? ` (conta ${c.peso} volte)` : ''}. ${c.elementi.join(' ')}`.trim();
  }
  if (config && path.length === 1 && path[0] === 'punteggi') {
    const c = config.criteri.find((x) => x.id === key);
    if (c) return `«${c.nome}»: punteggio intero da ${c.min} a ${c.max}${c.peso !== undefined ? `, moltiplicato per il peso ${String(c.peso).replace('.', ',')}` : ''}. ${c.elementi.join(' ')}`;
    const m = config.maggiorazione;
    if (m?.id === key) return `«${m.nome}» (eventuale): ${m.max ? `da 0 a ${m.max} punti` : 'punti in più'}, solo con la sezione "## ${m.sezione_motivazione}" che li motiva`;
  }
  if (config && path.length === 1 && path[0] === 'conoscenze' && owner !== 'ente') {
    const k = config.conoscenze.find((x) => x.id === key);
    if (k) return `«${k.etichetta}»: true (casella spuntata), false, oppure un testo che la specifica`;
  }
  if (config && owner === 'scheda' && !path.length && key === 'pesatura' && config.criteri.some((c) => c.peso !== undefined)) {
    return 'Facoltativa: la somma dei punteggi moltiplicati per i pesi dei criteri (ente.yaml). albo la calcola; se scritta deve coincidere';
  }
  const dotted = [...path, key].join('.');
  return DESCRIPTIONS[`${owner}:${dotted}`] ?? DESCRIPTIONS[dotted] ?? `Campo «${dotted}»`;
}

/** Adds Italian descriptions and the ente's enums to a generated schema, in place. */
function annotate(node: JsonSchema, owner: string, path: string[], facts?: EnteFacts): void {
  if (isObject(node.properties)) {
    for (const [key, value] of Object.entries(node.properties)) {
      if (!isObject(value)) continue;
      if (typeof value.description !== 'string') value.description = fieldDescription(owner, path, key, facts);
      if (facts && path.length === 0) {
        if (key === 'settore' && facts.settori.length && value.type === 'string') {
          value.enum = facts.settori;
          value.description = `${value.description} (uno di quelli già usati nei documenti dell'ente; per un settore nuovo rigenera gli schemi con "albo schemi")`;
        }
        const referred = REFERENCES[`${owner}:${key}`];
        const ids = referred ? referred.flatMap((k) => facts.ids.get(k) ?? []) : undefined;
        if (ids?.length) {
          const target = value.type === 'array' && isObject(value.items) ? value.items : value;
          target.enum = ids;
        }
      }
      annotate(value, owner, [...path, key], facts);
    }
  }
  for (const k of ['items', 'additionalProperties']) if (isObject(node[k])) annotate(node[k] as JsonSchema, owner, path, facts);
  for (const k of ['anyOf', 'oneOf', 'allOf']) if (Array.isArray(node[k])) for (const s of node[k] as unknown[]) if (isObject(s)) annotate(s, owner, path, facts);
}

/** The schema of ente.yaml (the same for every ente). */
export function enteJsonSchema(): JsonSchema {
  const schema = toJson(configSchema);
  annotate(schema, 'ente', []);
  return { ...schema, title: 'ente.yaml (albo)', description: "Configurazione dell'ente: chi è, criteri di pesatura, conoscenze, pubblicazione all'Albo" };
}

/** The frontmatter schema of one kind for one ente: its criteria as keys, its settori and ids as enums. */
export function kindJsonSchema(tipo: string, kind: Kind, facts: EnteFacts): JsonSchema {
  const schema = toJson(kind.schema(facts.config));
  annotate(schema, tipo, [], facts);
  return { ...schema, title: `${tipo} – ${facts.nome} (albo)`, description: `Frontmatter di un documento «tipo: ${tipo}» di ${facts.nome}` };
}

/** One schema for any source of the ente: the kind's schema chosen by `tipo`. */
export function sourceJsonSchema(kinds: Record<string, JsonSchema>, nome: string): JsonSchema {
  const tipi = Object.keys(kinds);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: `Sorgente di ${nome} (albo)`,
    description: `Frontmatter di un sorgente .md di ${nome}: i campi dipendono da «tipo»`,
    type: 'object',
    required: ['tipo'],
    properties: { tipo: { type: 'string', enum: tipi, description: `Tipo di documento: ${tipi.join(', ')}` } },
    allOf: tipi.map((tipo) => {
      const { $schema: _drop, title: _t, ...body } = kinds[tipo]!;
      return { if: { properties: { tipo: { const: tipo } }, required: ['tipo'] }, then: body };
    }),
  };
}

/** Every kind's schema for an ente, from the kinds registry (a new kind is picked up as it is added). */
export function enteKindSchemas(registry: Record<string, Kind>, facts: EnteFacts): Record<string, JsonSchema> {
  return Object.fromEntries(Object.entries(registry).map(([tipo, kind]) => [tipo, kindJsonSchema(tipo, kind, facts)]));
}
