import { describeSystemError } from '../environment.js';
import { fsOps } from './fs-ops.js';
import path from 'node:path';
import { configSchema, type Config } from '../config.js';
import { isError, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { KINDS } from '../kinds/index.js';
import { docId, type Doc, type Project, type RuleIssue } from '../kinds/kind.js';
import { locate, parseSource, parseYamlFile, type YamlSource } from '../load/source.js';
import { checkConstructs, rememberBodyTree } from '../render/markdown.js';
import { sourceTree } from '../load/tree-cache.js';
import { glyphDiagnostics } from '../validate/glyphs.js';
import { loadStemma } from '../render/letterhead.js';
import { markDiagnostics, prefixDiagnostics, treeDiagnostics } from '../validate/limits.js';
import { checkLinks } from '../validate/links.js';
import { allocateYears } from './allocation.js';
import { splitSections } from '../validate/sections.js';
import { bandIssues } from '../validate/bands.js';
import { didYouMean, zodDiagnostics } from '../validate/zod-issues.js';
import { placeholderDiagnostics } from '../validate/placeholders.js';
import { canonicalSettori } from '../validate/settori.js';
import { sameName } from '../kinds/common.js';
import { dependencyClosure, dependencyGraph, type SourceInfo } from './scope.js';
import { isInside } from '../paths.js';
import { keptConfig, keptValidation } from './kept-validation.js';

export const CONFIG_FILE = 'ente.yaml';

function ruleDiagnostics(source: YamlSource, issues: RuleIssue[]): Diagnostic[] {
  return issues.map((i) => ({
    file: source.file,
    ...(i.at ?? locate(source, i.path)),
    severity: i.severity ?? 'errore',
    message: i.message,
    hint: i.hint,
  }));
}

/** Validates the configuration file's bytes. */
export function validateConfig(bytes: Uint8Array, file: string): { config?: Config; source?: YamlSource; diagnostics: Diagnostic[] } {
  const parsed = parseYamlFile(bytes, file);
  if (!parsed.value) return { diagnostics: parsed.diagnostics };
  // Left by "albo nuovo ente": the ente is not usable until they are replaced.
  const placeholders = placeholderDiagnostics(parsed.value, file);
  if (placeholders.length) return { diagnostics: [...parsed.diagnostics, ...placeholders] };
  const result = configSchema.safeParse(parsed.value.data);
  if (!result.success) {
    return { diagnostics: [...parsed.diagnostics, ...zodDiagnostics(parsed.value, configSchema, result.error.issues)] };
  }
  const config = result.data;
  const issues: RuleIssue[] = [];
  config.criteri.forEach((c, i) => {
    if (c.min > c.max) issues.push({ path: ['criteri', i, 'min'], message: `min ${c.min} maggiore di max ${c.max}` });
  });
  const ids = [...config.criteri.map((c) => c.id), ...(config.maggiorazione ? [config.maggiorazione.id] : [])];
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) issues.push({ path: i < config.criteri.length ? ['criteri', i, 'id'] : ['maggiorazione', 'id'], message: `id «${id}» ripetuto` });
  });
  config.settori.forEach((s, i) => {
    if (config.settori.findIndex((o) => o.id === s.id) !== i) issues.push({ path: ['settori', i, 'id'], message: `id «${s.id}» ripetuto` });
    else if (config.settori.findIndex((o) => sameName(o.nome, s.nome)) !== i) issues.push({ path: ['settori', i, 'nome'], message: `settore «${s.nome}» dichiarato due volte`, hint: 'un settore, un nome: togli il doppione' });
  });
  if (config.eq) {
    const eq = config.eq;
    eq.criteri.forEach((c, i) => {
      if (c.min > c.max) issues.push({ path: ['eq', 'criteri', i, 'min'], message: `min ${c.min} maggiore di max ${c.max}` });
      if (eq.criteri.findIndex((o) => o.id === c.id) !== i) issues.push({ path: ['eq', 'criteri', i, 'id'], message: `id «${c.id}» ripetuto` });
    });
    const r = eq.retribuzione;
    if (r?.tipo === 'fasce') issues.push(...bandIssues(r.fasce, ['eq', 'retribuzione', 'fasce']));
    if (r?.tipo === 'lineare') {
      if (r.minimo > r.massimo) issues.push({ path: ['eq', 'retribuzione', 'minimo'], message: `minimo ${r.minimo} maggiore del massimo ${r.massimo}` });
      const top = eq.criteri.reduce((s, c) => s + c.max * c.peso, 0);
      if (r.punteggio_minimo >= top) issues.push({ path: ['eq', 'retribuzione', 'punteggio_minimo'], message: `punteggio minimo ${r.punteggio_minimo} non inferiore al punteggio massimo dei criteri (${top})` });
    }
  }
  // Names of the ente and of its criteria are printed by the templates: the font must have their glyphs,
  // or check would accept what build then refuses (found by the fuzz test).
  const diagnostics = [...parsed.diagnostics, ...ruleDiagnostics(parsed.value, issues), ...glyphDiagnostics(parsed.value, { type: 'root', children: [] })];
  return { config: diagnostics.some(isError) ? undefined : config, source: parsed.value, diagnostics };
}

/** Validates one source's bytes against the configuration: shape, sections, and the kind's own rules. */
export function validateSource(bytes: Uint8Array, file: string, config: Config, absolutePath = path.resolve(file)): { doc?: Doc; raw?: Record<string, unknown>; diagnostics: Diagnostic[] } {
  const parsed = parseSource(bytes, file);
  const source = parsed.value;
  if (!source) return { diagnostics: parsed.diagnostics };
  const raw = source.data as Record<string, unknown>;
  const withRaw = (r: { doc?: Doc; diagnostics: Diagnostic[] }) => ({ ...r, raw });
  return withRaw(validateParsed(source, file, config, absolutePath, parsed.diagnostics));
}

function validateParsed(source: NonNullable<ReturnType<typeof parseSource>['value']>, file: string, config: Config, absolutePath: string, parseDiagnostics: Diagnostic[]): { doc?: Doc; diagnostics: Diagnostic[] } {
  const diagnostics = [...parseDiagnostics];
  const tipo = source.data.tipo;
  const kind = typeof tipo === 'string' ? KINDS[tipo] : undefined;
  if (!kind) {
    const guess = typeof tipo === 'string' ? didYouMean(tipo, Object.keys(KINDS)) : undefined;
    diagnostics.push({
      file,
      ...locate(source, ['tipo']),
      severity: 'errore',
      message: tipo === undefined ? 'manca il campo «tipo»' : `tipo di documento sconosciuto «${String(tipo)}»`,
      hint: guess ? `intendevi «${guess}»?` : `tipi disponibili: ${Object.keys(KINDS).join(', ')}`,
    });
    return { diagnostics };
  }
  const schema = kind.schema(config);
  const result = schema.safeParse(source.data);
  // Placeholders left by "albo nuovo": one message each, instead of the type error they also cause.
  const placeholders = placeholderDiagnostics(source, file);
  const placed = new Set(placeholders.map((d) => `${d.line}:${d.column}`));
  if (!result.success) diagnostics.push(...zodDiagnostics(source, schema, result.error.issues).filter((d) => !placed.has(`${d.line}:${d.column}`)));
  diagnostics.push(...placeholders);
  // Limits first: the other checks and the writers walk the tree recursively and need it bounded.
  const prefix = [...prefixDiagnostics(source.body, file), ...markDiagnostics(source.body, file)];
  if (prefix.length) return { diagnostics: sortDiagnostics([...diagnostics, ...prefix]) };
  const tree = sourceTree(source.body);
  const limits = treeDiagnostics(tree, file);
  if (limits.length) return { diagnostics: sortDiagnostics([...diagnostics, ...limits]) };
  rememberBodyTree(source, tree);
  diagnostics.push(...checkConstructs(tree, file, { regulation: kind.regulation }), ...checkLinks(tree, file), ...glyphDiagnostics(source, tree));
  const split = kind.freeBody ? { sections: {}, diagnostics: [] } : splitSections(tree, source.body, kind.sections, file, source.bodyLine);
  diagnostics.push(...split.diagnostics);
  // Domain rules run whenever the shape is right, so that one report lists everything to fix.
  if (!result.success) return { diagnostics: sortDiagnostics(diagnostics) };
  const data = result.data as Record<string, unknown>;
  const settori = canonicalSettori(data, config);
  const doc: Doc = { kind, source, path: absolutePath, data, sections: split.sections };
  diagnostics.push(...ruleDiagnostics(source, [...settori, ...kind.rules(doc, config)]));
  return { doc: diagnostics.some(isError) ? undefined : doc, diagnostics: sortDiagnostics(diagnostics) };
}

/** Checks references between documents and unique ids. */
export function crossCheck(config: Config, docs: Doc[], dir = '', configPath = '', configSource?: YamlSource): { project: Project; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const byId = new Map<string, Doc>();
  for (const doc of docs) {
    const id = docId(doc);
    const other = byId.get(id);
    if (other) {
      diagnostics.push({
        file: doc.source.file,
        ...locate(doc.source, ['id']),
        severity: 'errore',
        message: `id «${id}» già usato in ${other.source.file}`,
        hint: 'ogni documento ha un id unico: cambiane uno',
      });
    } else byId.set(id, doc);
  }
  const shares = allocateYears(config, docs, configSource);
  diagnostics.push(...shares.diagnostics);
  const project: Project = { dir, configPath, configSource, config, docs, byId, allocations: shares.allocations, eq: shares.eq };
  for (const doc of docs) {
    if (doc.kind.crossRules) diagnostics.push(...ruleDiagnostics(doc.source, doc.kind.crossRules(doc, project)));
  }
  return { project, diagnostics };
}

async function listFiles(dir: string, match: (name: string) => boolean, display: (p: string) => string): Promise<string[]> {
  const entries = await fsOps.readdir(dir, { withFileTypes: true, recursive: true }).catch((e: unknown) => {
    throw describeSystemError(e, display, 'read') ?? e;
  });
  return entries
    .filter((e) => e.isFile() && match(e.name) && !e.name.startsWith('.'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

export interface LoadResult {
  /**
   * One per ente whose ente.yaml is valid, with its valid sources. When some sources have errors the
   * project lacks them: only what does not depend on them (see scope.ts) may be built from it.
   */
  projects: Project[];
  diagnostics: Diagnostic[];
  /** Every source found, valid or not, with what it depends on. */
  sources: SourceInfo[];
}

type ReadFile = { path: string; bytes: Uint8Array; diagnostic?: undefined } | { path: string; bytes?: undefined; diagnostic: Diagnostic };

/**
 * Validates one ente from the bytes of its ente.yaml and its sources (absolute paths): each source on its
 * own, then, if all are valid, the references between them. No I/O but reading the coat of arms that
 * ente.yaml names (the fuzz test calls it directly).
 */
export function validateEnte(configFile: ReadFile, sources: ReadFile[], display: (p: string) => string = (p) => p): { project?: Project; diagnostics: Diagnostic[]; sources: SourceInfo[] } {
  const infos: SourceInfo[] = [];
  if (!configFile.bytes) return { diagnostics: [configFile.diagnostic], sources: sources.map((s) => ({ path: s.path, ente: configFile.path, invalid: true })) };
  const configBytes = configFile.bytes;
  const { config, source: configSource, diagnostics: configDiagnostics } = keptConfig(configBytes, display(configFile.path), () => validateConfig(configBytes, display(configFile.path)));
  const diagnostics = [...configDiagnostics];
  // The letterhead's coat of arms (the one file ente.yaml names): missing or broken, an error of ente.yaml.
  const stemma = config ? loadStemma({ dir: path.dirname(configFile.path), configPath: configFile.path, config, configSource }, display) : undefined;
  if (stemma) diagnostics.push(...stemma.diagnostics);
  if (!config || stemma?.diagnostics.length) {
    // Without a valid configuration no source can be validated: each is only listed (it is blocked).
    for (const s of sources) infos.push({ path: s.path, ente: configFile.path, invalid: true, raw: s.bytes ? (parseSource(s.bytes, display(s.path)).value?.data as Record<string, unknown> | undefined) : undefined });
    return { diagnostics, sources: infos };
  }
  const docs: Doc[] = [];
  for (const file of sources) {
    if (!file.bytes) {
      diagnostics.push(file.diagnostic);
      infos.push({ path: file.path, ente: configFile.path, invalid: true });
      continue;
    }
    const bytes = file.bytes;
    const result = keptValidation(bytes, display(file.path), file.path, configFile.bytes, () => validateSource(bytes, display(file.path), config, file.path));
    diagnostics.push(...result.diagnostics);
    infos.push({ path: file.path, ente: configFile.path, raw: result.raw, invalid: !result.doc });
    if (result.doc) docs.push(result.doc);
  }
  const cross = crossCheck(config, docs, path.dirname(configFile.path), configFile.path, configSource);
  // A document that depends on a source with errors is checked again once that source is fixed: its
  // cross-document messages now would only repeat the source's errors (a card "missing" from a notice).
  const broken = infos.filter((s) => s.invalid).map((s) => s.path);
  let crossDiagnostics = cross.diagnostics;
  if (broken.length) {
    const graph = dependencyGraph(infos);
    const blocked = new Set(infos.filter((s) => broken.some((b) => dependencyClosure(graph, [s.path]).has(b))).map((s) => display(s.path)));
    crossDiagnostics = crossDiagnostics.filter((d) => !blocked.has(d.file));
  }
  return { project: cross.project, diagnostics: [...diagnostics, ...crossDiagnostics], sources: infos };
}

/** A source's bytes, or why it cannot be read (permissions, a disk error): a located problem, not a crash. */
async function readSource(file: string, display: (p: string) => string): Promise<{ bytes: Uint8Array; diagnostic?: undefined } | { bytes?: undefined; diagnostic: Diagnostic }> {
  try {
    return { bytes: await fsOps.readFile(file) };
  } catch (e) {
    const why = describeSystemError(e, display, 'read');
    if (!why) throw e;
    return { diagnostic: { file: display(file), severity: 'errore', message: why.message, hint: why.hint } };
  }
}

/**
 * Loads and validates all of content/. Every folder with an ente.yaml is an ente (a comune, a
 * consortium): the sources below it are its documents, checked against its configuration, and their
 * references stay within it.
 */
export async function loadProjects(contentDir: string, display: (p: string) => string = (p) => p, options: { within?: readonly string[] } = {}): Promise<LoadResult> {
  const configs = await listFiles(contentDir, (n) => n === CONFIG_FILE, display);
  const sources = await listFiles(contentDir, (n) => n.endsWith('.md'), display);
  if (!configs.length) {
    return {
      sources: [],
      projects: [],
      diagnostics: [{ file: display(contentDir), severity: 'errore', message: `nessun ${CONFIG_FILE} in ${display(contentDir)}: manca la configurazione dell'ente`, hint: `crea ${display(path.join(contentDir, CONFIG_FILE))} (vedi README) o una cartella per ente, ognuna con il suo ${CONFIG_FILE}` }],
    };
  }
  const diagnostics: Diagnostic[] = [];
  const infos: SourceInfo[] = [];
  // Each source belongs to the deepest ente folder that contains it.
  const dirs = configs.map((c) => path.dirname(c)).sort((a, b) => b.length - a.length);
  const byEnte = new Map<string, string[]>(dirs.map((d) => [d, []]));
  for (const file of sources) {
    const dir = dirs.find((d) => isInside(d, file));
    if (dir) byEnte.get(dir)!.push(file);
    else diagnostics.push({ file: display(file), severity: 'errore', message: `il documento non sta nella cartella di un ente (nessun ${CONFIG_FILE} sopra di lui)`, hint: `spostalo nella cartella dell'ente a cui appartiene` });
  }
  const projects: Project[] = [];
  const wanted = options.within && entesOf(options.within, contentDir, dirs);
  for (const configPath of configs) {
    const dir = path.dirname(configPath);
    if (wanted && !wanted.has(dir)) continue;
    const read = async (file: string) => {
      const r = await readSource(file, display);
      return r.bytes ? { path: file, bytes: r.bytes } : { path: file, diagnostic: r.diagnostic! };
    };
    const ente = validateEnte(await read(configPath), await Promise.all(byEnte.get(dir)!.map(read)), display);
    diagnostics.push(...ente.diagnostics);
    infos.push(...ente.sources);
    if (ente.project) projects.push(ente.project);
  }
  return { projects, diagnostics: sortDiagnostics(diagnostics), sources: infos };
}

/**
 * The ente folders a check of these paths (absolute, existing files or folders) has to read: the ente each
 * lies in, and every ente below a folder. Undefined when a path is not inside an ente (content/ itself, a
 * folder grouping entes, a path outside): then everything is read. `dirs` are the ente folders.
 */
export function entesOf(paths: readonly string[], contentDir: string, dirs: readonly string[]): Set<string> | undefined {
  const deepestFirst = [...dirs].sort((a, b) => b.length - a.length);
  const out = new Set<string>();
  for (const p of paths) {
    if (!isInside(contentDir, p)) return undefined;
    const own = deepestFirst.find((d) => isInside(d, p));
    if (!own) return undefined;
    out.add(own);
    for (const d of dirs) if (isInside(p, d)) out.add(d);
  }
  return out;
}
