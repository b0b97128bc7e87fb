import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../config.js';
import { isError, sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import { CONFIG_FILE, crossCheck, validateConfig, validateSource } from '../build/project.js';
import type { Doc, Project } from '../kinds/kind.js';
import { parseSource, type Source } from '../load/source.js';
import { isInside } from '../paths.js';

/** One source as the preview knows it: what it says, what is wrong with it, and its document when valid. */
export interface SourceState {
  /** Absolute path. */
  path: string;
  /** Path relative to the content folder, with "/" (the page's address). */
  rel: string;
  /** Path shown to people (relative to where albo was started). */
  file: string;
  tipo?: string;
  id?: string;
  titolo?: string;
  /** The parsed source, when its frontmatter is readable (used to locate diagnostics). */
  source?: Source;
  /** Its own problems and those of the references between documents that concern it. */
  diagnostics: Diagnostic[];
  /** Present when the source is valid. */
  doc?: Doc;
}

export interface EnteState {
  dir: string;
  configPath: string;
  /** The ente's name (ente.nome), or its folder's when ente.yaml is unreadable. */
  nome: string;
  config?: Config;
  configDiagnostics: Diagnostic[];
  /** The valid documents of the ente, with references checked among them. */
  project?: Project;
  sources: SourceState[];
}

export interface Workspace {
  contentDir: string;
  enti: EnteState[];
  /** Sources that sit outside any ente folder, and other problems of content/ as a whole. */
  orphans: Diagnostic[];
  byRel: Map<string, SourceState>;
}

async function listFiles(dir: string, match: (name: string) => boolean): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() && match(e.name) && !e.name.startsWith('.'))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/** Reads a file that may vanish between listing and reading (an editor saving by rename). */
async function readMaybe(file: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(file);
  } catch {
    return undefined;
  }
}

const toRel = (contentDir: string, file: string) => path.relative(contentDir, file).split(path.sep).join('/');

/**
 * Loads content/ like `albo check`, but keeps every source's state: the preview shows an invalid source
 * with its errors, and renders the valid ones of an ente even when another of its sources is broken (the
 * references are then checked among the valid ones only).
 */
export async function loadWorkspace(contentDir: string, display: (p: string) => string, cache: ValidationCache = new Map()): Promise<Workspace> {
  const configs = await listFiles(contentDir, (n) => n === CONFIG_FILE);
  const files = await listFiles(contentDir, (n) => n.endsWith('.md'));
  const dirs = configs.map((c) => path.dirname(c)).sort((a, b) => b.length - a.length);
  const orphans: Diagnostic[] = [];
  const byEnte = new Map<string, string[]>(dirs.map((d) => [d, []]));
  for (const file of files) {
    const dir = dirs.find((d) => isInside(d, file));
    if (dir) byEnte.get(dir)!.push(file);
    else orphans.push({ file: display(file), severity: 'errore', message: `il documento non sta nella cartella di un ente (nessun ${CONFIG_FILE} sopra di lui)`, hint: "spostalo nella cartella dell'ente a cui appartiene" });
  }
  if (!configs.length) {
    orphans.push({ file: display(contentDir), severity: 'errore', message: `nessun ${CONFIG_FILE} in ${display(contentDir)}: manca la configurazione dell'ente`, hint: `crea ${display(path.join(contentDir, CONFIG_FILE))}` });
  }
  const enti: EnteState[] = [];
  const byRel = new Map<string, SourceState>();
  for (const configPath of configs) {
    const dir = path.dirname(configPath);
    const bytes = await readMaybe(configPath);
    const checked = bytes ? validateConfig(bytes, display(configPath)) : { diagnostics: [{ file: display(configPath), severity: 'errore' as const, message: 'file non leggibile' }] };
    const configKey = bytes ? Buffer.from(bytes).toString('base64') : '';
    const config = 'config' in checked ? checked.config : undefined;
    const ente: EnteState = { dir, configPath, nome: config?.ente.nome ?? path.basename(dir), config, configDiagnostics: checked.diagnostics, sources: [] };
    for (const file of byEnte.get(dir)!) {
      const state = await loadSource(file, contentDir, display, config, configKey, cache);
      if (!state) continue;
      ente.sources.push(state);
      byRel.set(state.rel, state);
    }
    if (config) {
      const valid = ente.sources.filter((s) => s.doc);
      const cross = crossCheck(config, valid.map((s) => s.doc!), dir, configPath);
      ente.project = cross.project;
      for (const d of cross.diagnostics) {
        const owner = valid.find((s) => s.file === d.file);
        if (owner) owner.diagnostics = sortDiagnostics([...owner.diagnostics, d]);
        else ente.configDiagnostics.push(d);
      }
      // A reference error makes the source unfit to build, as `albo build` would say.
      for (const s of valid) if (s.diagnostics.some(isError)) s.doc = undefined;
    }
    enti.push(ente);
  }
  for (const file of cache.keys()) if (!files.includes(file)) cache.delete(file);
  return { contentDir, enti, orphans, byRel };
}

/**
 * Validation results by source path, reused while the source's bytes and its ente.yaml are unchanged:
 * validating a long regulation takes a second or more on a busy machine, and one save changes one file.
 */
export type ValidationCache = Map<string, { bytes: Buffer; configKey: string; state: Omit<SourceState, 'rel'> }>;

async function loadSource(file: string, contentDir: string, display: (p: string) => string, config: Config | undefined, configKey: string, cache: ValidationCache): Promise<SourceState | undefined> {
  const bytes = await readMaybe(file);
  if (!bytes) return undefined;
  const hit = cache.get(file);
  if (hit && hit.configKey === configKey && hit.bytes.equals(bytes)) return { ...hit.state, rel: toRel(contentDir, file) };
  const state = validateOne(file, bytes, contentDir, display, config);
  cache.set(file, { bytes: Buffer.from(bytes), configKey, state: { ...state } });
  return state;
}

function validateOne(file: string, bytes: Uint8Array, contentDir: string, display: (p: string) => string, config: Config | undefined): SourceState {
  const base: SourceState = { path: file, rel: toRel(contentDir, file), file: display(file), diagnostics: [] };
  const parsed = parseSource(bytes, base.file);
  const source = parsed.value;
  if (source) {
    base.source = source;
    const { tipo, id, titolo, nome } = source.data;
    base.tipo = typeof tipo === 'string' ? tipo : undefined;
    base.id = typeof id === 'string' ? id : undefined;
    const title = titolo ?? nome;
    base.titolo = typeof title === 'string' ? title : undefined;
  }
  if (!config) {
    base.diagnostics = parsed.diagnostics;
    return base;
  }
  const result = validateSource(bytes, base.file, config, file);
  base.diagnostics = result.diagnostics;
  base.doc = result.doc;
  return base;
}

/** The ente a source belongs to. */
export const enteOf = (ws: Workspace, state: SourceState): EnteState | undefined => ws.enti.find((e) => e.sources.includes(state));

export interface Counts {
  errors: number;
  warnings: number;
}

export function counts(diagnostics: readonly Diagnostic[]): Counts {
  const errors = diagnostics.filter(isError).length;
  return { errors, warnings: diagnostics.length - errors };
}
