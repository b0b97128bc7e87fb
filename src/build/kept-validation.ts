import { createHash } from 'node:crypto';
import type { Diagnostic } from '../diagnostics.js';
import { KINDS } from '../kinds/index.js';
import type { Doc } from '../kinds/kind.js';
import { cached, codeStamp } from '../load/result-cache.js';
import { parseSource, parseYamlFile, type Source, type YamlSource } from '../load/source.js';
import type { Config } from '../config.js';
import { sourceTree } from '../load/tree-cache.js';
import { rememberBodyTree } from '../render/markdown.js';
import { defaultRulebook } from '../rulebook/rulebook.js';
import type { Section } from '../validate/sections.js';

/**
 * A source's validation kept between runs by the bundled CLI (src/load/result-cache.ts): it depends only on
 * the source's bytes and path, its ente's ente.yaml, the contract rules and albo's code. Checking one card
 * of an ente or building after one card was edited validates every source of the ente again (the fund's
 * allocation needs them all); a source not edited is read back, with its messages, instead.
 */
export interface Validation {
  doc?: Doc;
  raw?: Record<string, unknown>;
  diagnostics: Diagnostic[];
}

/** What is kept: plain data. The YAML document (positions of fields) is parsed again only if asked for. */
export interface KeptValidation {
  diagnostics: Diagnostic[];
  raw?: Record<string, unknown>;
  doc?: { data: Record<string, unknown>; sections: Record<string, Section>; body: string; bodyLine: number };
}

export function keepable(v: Validation): KeptValidation {
  const { doc } = v;
  return {
    diagnostics: v.diagnostics,
    ...(v.raw ? { raw: v.raw } : {}),
    ...(doc ? { doc: { data: doc.data, sections: doc.sections, body: doc.source.body, bodyLine: doc.source.bodyLine } } : {}),
  };
}

/**
 * The validation back from what was kept. The source's YAML document and line counter (for the positions
 * of messages found later, between documents) come from parsing the bytes again, the first time one is read.
 */
export function revive(kept: KeptValidation, bytes: Uint8Array, file: string, absolutePath: string): Validation {
  const out: Validation = { diagnostics: kept.diagnostics, ...(kept.raw ? { raw: kept.raw } : {}) };
  const kind = kindOf(kept.raw);
  if (!kept.doc || !kind || !kept.raw) return out;
  const source: Source = Object.defineProperties(
    { file, data: kept.raw, body: kept.doc.body, bodyLine: kept.doc.bodyLine } as Source,
    lazyYaml(file, () => parseSource(bytes, file).value),
  );
  // The body's tree, for the writers and the typography check, from the trees' cache when first needed.
  const body = kept.doc.body;
  rememberBodyTree(source, () => sourceTree(body));
  out.doc = { kind, source, path: absolutePath, data: kept.doc.data, sections: kept.doc.sections };
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const kindOf = (raw: Record<string, unknown> | undefined) => (raw && typeof raw.tipo === 'string' && Object.hasOwn(KINDS, raw.tipo) ? KINDS[raw.tipo] : undefined);

/** A sound entry: anything else (damaged, or written by another hand) is validated again. */
const isKept = (x: unknown): x is KeptValidation => {
  if (!isObject(x) || !Array.isArray(x.diagnostics) || !x.diagnostics.every(isObject)) return false;
  if (x.raw !== undefined && !isObject(x.raw)) return false;
  const doc = x.doc;
  if (doc === undefined) return true;
  return isObject(doc) && kindOf(x.raw as Record<string, unknown> | undefined) !== undefined && typeof doc.body === 'string' && typeof doc.bodyLine === 'number' && isObject(doc.data) && isObject(doc.sections);
};

let rules: string | undefined;
/** The contract rules as albo reads them: a source's checks (caps, contracts cited) depend on them. */
const rulesStamp = () => (rules ??= createHash('sha256').update(JSON.stringify(defaultRulebook().rules)).digest('hex'));

/** Most sources kept: an ente of a few thousand cards stays whole. */
const MAX_SOURCES = 10_000;

/** `validate()`'s result for this source, read back when the same inputs were validated before. */
export function keptValidation(bytes: Uint8Array, file: string, absolutePath: string, configBytes: Uint8Array, validate: () => Validation): Validation {
  let fresh: Validation | undefined;
  const kept = cached(
    'sorgenti',
    [file, absolutePath, configBytes, rulesStamp(), bytes],
    () => keepable((fresh = validate())),
    isKept,
    codeStamp(),
    MAX_SOURCES,
  );
  // Computed now: the objects themselves (the tree the validation parsed stays with the source).
  return fresh ?? revive(kept, bytes, file, absolutePath);
}

/** An ente.yaml's validation (src/build/project.ts validateConfig), kept as its source's is. */
export interface ConfigValidation {
  config?: Config;
  source?: YamlSource;
  diagnostics: Diagnostic[];
}

interface KeptConfig {
  diagnostics: Diagnostic[];
  config?: Config;
  data?: Record<string, unknown>;
}

const isKeptConfig = (x: unknown): x is KeptConfig =>
  isObject(x) && Array.isArray(x.diagnostics) && x.diagnostics.every(isObject) && (x.config === undefined || isObject(x.config)) && (x.data === undefined || isObject(x.data)) && (x.config === undefined || x.data !== undefined);

/** `validate()`'s result for this ente.yaml, read back when the same bytes were validated before. */
export function keptConfig(bytes: Uint8Array, file: string, validate: () => ConfigValidation): ConfigValidation {
  let fresh: ConfigValidation | undefined;
  const kept = cached(
    'enti',
    [file, bytes],
    (): KeptConfig => {
      fresh = validate();
      return { diagnostics: fresh.diagnostics, ...(fresh.config ? { config: fresh.config } : {}), ...(fresh.source ? { data: fresh.source.data } : {}) };
    },
    isKeptConfig,
  );
  if (fresh) return fresh;
  const out: ConfigValidation = { diagnostics: kept.diagnostics, ...(kept.config ? { config: kept.config } : {}) };
  if (kept.data) out.source = Object.defineProperties({ file, data: kept.data } as YamlSource, lazyYaml(file, () => parseYamlFile(bytes, file).value));
  return out;
}

/**
 * The `yaml` and `lines` of a source read back from the cache: its YAML parsed again from the bytes the
 * first time one of them is asked for (to place a message found later), once for both.
 */
function lazyYaml(file: string, parse: () => Pick<YamlSource, 'yaml' | 'lines'> | undefined): PropertyDescriptorMap {
  let parsed: Pick<YamlSource, 'yaml' | 'lines'> | undefined;
  const full = () => {
    parsed ??= parse();
    if (!parsed) throw new Error(`albo: ${file} non si rilegge come prima`);
    return parsed;
  };
  return {
    yaml: { get: () => full().yaml, enumerable: true },
    lines: { get: () => full().lines, enumerable: true },
  };
}
