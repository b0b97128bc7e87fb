import path from 'node:path';
import { formatDiagnostic, isError } from '../diagnostics.js';
import { writeAtomically, type OutputFile } from '../build/write.js';
import { KINDS } from '../kinds/index.js';
import { loadWorkspace } from '../preview/workspace.js';
import { sameName } from '../kinds/common.js';
import { enteJsonSchema, enteKindSchemas, sourceJsonSchema, type EnteFacts, type JsonSchema } from './generate.js';

export interface SchemasCommand {
  contentDir: string;
  /** Where the schemas go (default schemi/). */
  outDir: string;
  cwd: string;
  out: (s: string) => void;
  err: (s: string) => void;
  display: (p: string) => string;
}

/** Where, under the schemas folder, an ente's schemas go: its folder's path under content/. */
export const enteSchemaDir = (contentDir: string, outDir: string, enteDir: string) => path.join(outDir, path.relative(contentDir, enteDir));

/** The schema file names: ente.yaml's, each kind's, and the one for any source of an ente. */
export const ENTE_SCHEMA = 'ente.schema.json';
export const SOURCE_SCHEMA = 'sorgente.schema.json';
export const ASSOCIATIONS = 'associazioni.json';
export const kindSchemaFile = (tipo: string) => `${tipo}.schema.json`;

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2) + '\n');

/**
 * `albo schemi`: JSON Schema files for editors, generated from the zod schemas of the kinds registry and
 * of ente.yaml, one set per ente (its criteria, settori and document ids), and associazioni.json, which
 * says which schema goes with which files (for VS Code's YAML extension and remark's frontmatter lint).
 */
export async function schemasCommand(c: SchemasCommand): Promise<number> {
  const ws = await loadWorkspace(c.contentDir, c.display);
  const rel = (p: string) => {
    const r = path.relative(c.cwd, p).split(path.sep).join('/');
    return r.startsWith('.') ? r : `./${r}`;
  };
  const files: OutputFile[] = [{ path: path.join(c.outDir, ENTE_SCHEMA), bytes: json(enteJsonSchema()) }];
  const markdown: Record<string, string[]> = {};
  let skipped = 0;
  for (const ente of ws.enti) {
    if (!ente.config) {
      for (const d of ente.configDiagnostics.filter(isError)) c.err(formatDiagnostic(d));
      c.err(`schemi dei sorgenti di «${c.display(ente.dir)}» non generati: correggi prima ${c.display(ente.configPath)}`);
      skipped++;
      continue;
    }
    const facts: EnteFacts = { nome: ente.config.ente.nome, config: ente.config, settori: [], ids: new Map() };
    for (const s of ente.sources) {
      const settore = s.source?.data.settore;
      if (typeof settore === 'string' && settore.trim() && !facts.settori.includes(settore)) facts.settori.push(settore);
      if (s.tipo && s.id) facts.ids.set(s.tipo, [...(facts.ids.get(s.tipo) ?? []), s.id]);
    }
    facts.settori.sort((a, b) => a.localeCompare(b, 'it'));
    // Declared settori are the only ones allowed: by id, by name, or as the documents already spell a name.
    const declared = ente.config.settori;
    if (declared.length) facts.settori = [...new Set([...declared.map((s) => s.id), ...declared.map((s) => s.nome), ...facts.settori.filter((v) => declared.some((s) => sameName(s.nome, v)))])];
    const dir = enteSchemaDir(c.contentDir, c.outDir, ente.dir);
    const kinds: Record<string, JsonSchema> = enteKindSchemas(KINDS, facts);
    for (const [tipo, schema] of Object.entries(kinds)) files.push({ path: path.join(dir, kindSchemaFile(tipo)), bytes: json(schema) });
    const source = path.join(dir, SOURCE_SCHEMA);
    files.push({ path: source, bytes: json(sourceJsonSchema(kinds, facts.nome)) });
    markdown[rel(source)] = [`${rel(ente.dir)}/**/*.md`];
  }
  files.push({
    path: path.join(c.outDir, ASSOCIATIONS),
    bytes: json({
      '//': 'generato da "albo schemi": quale schema vale per quali file (percorsi dalla cartella del progetto)',
      // The configuration's schema is the same for every ente.
      'yaml.schemas': { [rel(path.join(c.outDir, ENTE_SCHEMA))]: ['**/ente.yaml'] },
      markdown,
    }),
  });
  await writeAtomically(files);
  const enti = ws.enti.length - skipped;
  c.out(`Scritti ${files.length} file in ${c.display(c.outDir)}/: lo schema di ente.yaml e, per ${enti} ${enti === 1 ? 'ente' : 'enti'}, uno per tipo di documento (${Object.keys(KINDS).join(', ')}) e ${SOURCE_SCHEMA}. Per usarli in VS Code vedi il README («Scrivere con l'editor»).`);
  return skipped ? 1 : 0;
}
