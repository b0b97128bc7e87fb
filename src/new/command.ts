import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { LoadResult } from '../build/project.js';
import { writeAtomically } from '../build/write.js';
import { KINDS } from '../kinds/index.js';
import type { Project } from '../kinds/kind.js';
import { ENTE_TEMPLATES_DIR } from '../render/template-file.js';
import { kindJsonSchema, type EnteFacts } from '../schemas/generate.js';
import { didYouMean } from '../validate/zod-issues.js';
import { PLACEHOLDER } from '../validate/placeholders.js';
import { ENTE_SKELETON } from './ente-skeleton.js';
import { skeleton } from './skeleton.js';

interface Ctx {
  contentDir: string;
  display: (p: string) => string;
  out: (s: string) => void;
  err: (s: string) => void;
}

/** The ente a command names (folder under content/, or its path); the only one when there is one. */
export function findEnte(loaded: LoadResult, wanted: string | undefined, c: Ctx & { cwd: string }): { project?: Project; dir?: string; problem?: string } {
  const dirs = [...new Set(loaded.sources.map((s) => path.dirname(s.ente)).concat(loaded.projects.map((p) => p.dir)))].sort();
  const names = dirs.map((d) => path.relative(c.contentDir, d) || '.');
  if (!wanted) {
    if (dirs.length === 1) return { dir: dirs[0], project: loaded.projects.find((p) => p.dir === dirs[0]) };
    return { problem: `indica l'ente con --ente (enti: ${names.join(', ')})` };
  }
  const candidates = [path.resolve(c.cwd, wanted), path.resolve(c.contentDir, wanted)];
  const dir = dirs.find((d) => candidates.includes(d));
  // An ente whose ente.yaml cannot be read yet (empty, placeholders, errors) and that has no sources.
  const unusable = candidates.map((d) => path.join(d, 'ente.yaml')).find((f) => existsSync(f));
  if (!dir && unusable) return { problem: `${c.display(unusable)} ha errori: correggili prima ("albo check ${c.display(path.dirname(unusable))}")` };
  if (!dir) {
    const guess = didYouMean(wanted, names);
    return { problem: `nessun ente «${wanted}» in ${c.display(c.contentDir)}${guess ? `: intendevi «${guess}»?` : ` (enti: ${names.join(', ')})`}` };
  }
  return { dir, project: loaded.projects.find((p) => p.dir === dir) };
}

/** Where a new source of each kind goes in the ente's folder, as the shipped content arranges them. */
function destination(tipo: string, id: string, anno: number): string {
  if (tipo === 'scheda' || tipo === 'scheda-eq') return path.join(String(anno), 'schede', `${id}.md`);
  if (tipo === 'avviso' || tipo === 'fondo' || tipo === 'fondo-eq') return path.join(String(anno), `${id}.md`);
  if (tipo === 'servizio') return path.join('servizi', `${id}.md`);
  if (tipo === 'progetto') return path.join('progetti', `${id}.md`);
  return `${id}.md`;
}

/**
 * The placeholders an office has to replace: in the frontmatter (or a whole YAML file), not those of
 * commented (optional) fields; in the body, every one (a Markdown heading starts with "#" too).
 */
export function placeholderCount(text: string, yaml = false): number {
  const end = text.indexOf('\n---', 3);
  const [front, body] = yaml ? [text, ''] : text.startsWith('---') && end > 0 ? [text.slice(0, end), text.slice(end)] : ['', text];
  const frontCount = front.split('\n').filter((line) => !/^\s*#/.test(line) && line.includes(PLACEHOLDER)).length;
  return frontCount + body.split(PLACEHOLDER).length - 1;
}

/** `albo nuovo <tipo> <id>`: writes a new source from the ente's configuration; never overwrites. */
export async function newSource(loaded: LoadResult, args: { tipo: string; id: string; anno: number; ente?: string }, c: Ctx & { cwd: string }): Promise<number> {
  if (args.tipo === 'ente') return newEnte(args.id, c);
  const kind = KINDS[args.tipo];
  if (!kind) {
    const tipi = [...Object.keys(KINDS), 'ente'];
    const guess = didYouMean(args.tipo, tipi);
    c.err(`albo nuovo: tipo di documento sconosciuto «${args.tipo}»${guess ? `: intendevi «${guess}»?` : ''} (tipi: ${tipi.join(', ')})`);
    return 1;
  }
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(args.id)) {
    c.err(`albo nuovo: id non valido «${args.id}»: solo lettere minuscole, cifre e trattini (es. coordinamento-stato-civile)`);
    return 1;
  }
  const ente = findEnte(loaded, args.ente, c);
  if (ente.problem) {
    c.err(`albo nuovo: ${ente.problem}`);
    return 1;
  }
  if (!ente.project) {
    c.err(`albo nuovo: ${c.display(path.join(ente.dir!, 'ente.yaml'))} ha errori (o i sorgenti dell'ente non si possono leggere): correggili prima ("albo check ${c.display(ente.dir!)}")`);
    return 1;
  }
  const project = ente.project;
  const mine = loaded.sources.filter((s) => s.ente === project.configPath);
  if (mine.some((s) => s.raw?.id === args.id)) {
    c.err(`albo nuovo: l'id «${args.id}» è già usato da ${c.display(mine.find((s) => s.raw?.id === args.id)!.path)}: scegline un altro`);
    return 1;
  }
  const facts: EnteFacts = { nome: project.config.ente.nome, config: project.config, settori: [], ids: new Map() };
  for (const s of mine) {
    const settore = s.raw?.settore;
    // Only what valid documents say: a draft's placeholders are not settori.
    if (s.invalid) continue;
    if (typeof settore === 'string' && settore.trim() && !facts.settori.includes(settore)) facts.settori.push(settore);
    const tipo = s.raw?.tipo;
    if (typeof tipo === 'string' && typeof s.raw?.id === 'string') facts.ids.set(tipo, [...(facts.ids.get(tipo) ?? []), s.raw.id]);
  }
  facts.settori.sort((a, b) => a.localeCompare(b, 'it'));
  if (project.config.settori.length) facts.settori = project.config.settori.map((s) => s.id);
  const text = skeleton({ tipo: args.tipo, id: args.id, anno: args.anno, kind, schema: kindJsonSchema(args.tipo, kind, facts) });
  const file = path.join(project.dir, destination(args.tipo, args.id, args.anno));
  if (existsSync(file)) {
    c.err(`albo nuovo: ${c.display(file)} esiste già: non lo sovrascrivo`);
    return 1;
  }
  await writeAtomically([{ path: file, bytes: new TextEncoder().encode(text) }]);
  const count = placeholderCount(text);
  c.out(`Scritto ${c.display(file)}: sostituisci i ${count} segnaposto «[da compilare …]», poi "albo check ${c.display(file)}".`);
  return 0;
}

/** `albo nuovo ente <id>`: a new ente's folder with its ente.yaml to fill in; never overwrites. */
async function newEnte(id: string, c: Ctx): Promise<number> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
    c.err(`albo nuovo ente: nome della cartella non valido «${id}»: solo lettere minuscole, cifre e trattini (es. unione-valle-alfa)`);
    return 1;
  }
  const file = path.join(c.contentDir, id, 'ente.yaml');
  if (existsSync(file)) {
    c.err(`albo nuovo ente: ${c.display(file)} esiste già: non lo sovrascrivo`);
    return 1;
  }
  await writeAtomically([{ path: file, bytes: new TextEncoder().encode(ENTE_SKELETON) }]);
  const dir = c.display(path.dirname(file));
  c.out(`Scritto ${c.display(file)}: sostituisci i ${placeholderCount(ENTE_SKELETON, true)} segnaposto «[da compilare …]» (nome e luogo dell'ente) e togli il # alle parti che servono, poi "albo check ${dir}" e i primi documenti con "albo nuovo <tipo> <id> --ente ${id}".`);
  return 0;
}

/** `albo modelli <ente> [tipo...]`: copies the shipped templates into the ente's folder, to adapt them. */
export async function copyTemplates(loaded: LoadResult, args: { ente?: string; which: string[]; templatesDir: string }, c: Ctx & { cwd: string }): Promise<number> {
  const ente = findEnte(loaded, args.ente, c);
  if (ente.problem) {
    c.err(`albo modelli: ${ente.problem}`);
    return 1;
  }
  const available = readdirSync(args.templatesDir).filter((f) => f.endsWith('.md.hbs')).sort();
  const byName = new Map<string, string>([...available.map((f) => [f.replace(/\.md\.hbs$/, ''), f] as [string, string]), ...Object.entries(KINDS).map(([t, k]) => [t, k.template] as [string, string])]);
  const wanted: string[] = [];
  for (const w of args.which) {
    const file = byName.get(w.replace(/\.md\.hbs$/, ''));
    if (!file) {
      const guess = didYouMean(w, [...byName.keys()]);
      c.err(`albo modelli: nessun modello «${w}»${guess ? `: intendevi «${guess}»?` : ''} (modelli: ${[...byName.keys()].join(', ')})`);
      return 1;
    }
    wanted.push(file);
  }
  const dir = path.join(ente.dir!, ENTE_TEMPLATES_DIR);
  const files = [...new Set(wanted.length ? wanted : available)];
  const kept = files.filter((f) => existsSync(path.join(dir, f)));
  const copied = files.filter((f) => !kept.includes(f));
  await writeAtomically(copied.map((f) => ({ path: path.join(dir, f), bytes: new Uint8Array(readFileSync(path.join(args.templatesDir, f))) })));
  if (copied.length) c.out(`Copiati in ${c.display(dir)}/ ${copied.length} modelli (${copied.join(', ')}): modificali; i documenti dell'ente useranno questi al posto di quelli di albo.`);
  if (kept.length) c.out(`Già presenti, lasciati come sono: ${kept.join(', ')}.`);
  return 0;
}
