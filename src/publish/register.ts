import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sha256 } from '../build/manifest.js';
import type { Diagnostic } from '../diagnostics.js';
import { formatDate } from '../format/italian.js';

/**
 * The register of publications on the Albo Pretorio: one plain-text file per ente and year, kept in the
 * project next to ente.yaml (so it is versioned with the sources), append-only. Each entry carries the
 * hash of the previous one and its own; a changed, reordered or removed entry breaks the chain, and a
 * package in out/albo/ that names an entry the register lacks shows a truncated register.
 */

export const GENESIS = '0'.repeat(64);

export interface RegisterFile {
  nome: string;
  ruolo: string;
  sha256: string;
}

/** What an entry records; `numero` is progressive within the year from 1. */
export interface RegisterEntry {
  numero: number;
  anno: number;
  tipo: 'pubblicazione' | 'annullamento';
  /** Act type: avviso, regolamento, … */
  atto: string;
  oggetto: string;
  ufficio: string;
  /** The act's source, relative to the ente's folder. */
  sorgente: string;
  protocollo: string;
  dal: string;
  al: string;
  firma: string;
  file: RegisterFile[];
  /** For an annulment: the entry annulled ("3/2024") and why. */
  annulla?: string;
  motivo?: string;
  precedente: string;
  impronta: string;
  /** 1-based line of the entry's first line in the file (when read). */
  line?: number;
}

export const registerPath = (enteDir: string, year: number) => path.join(enteDir, `registro-albo-${year}.txt`);

const it = (iso: string) => formatDate(iso);
const iso = (it: string) => it.replace(/^(\d{2})\/(\d{2})\/(\d{4})$/, '$3-$2-$1');
const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The entry's lines without its own hash: what the hash covers. */
function body(e: Omit<RegisterEntry, 'impronta' | 'line'>): string[] {
  const lines = [`n. ${e.numero}/${e.anno}`, `tipo: ${e.tipo}`];
  if (e.annulla) lines.push(`annulla: n. ${e.annulla}`, `motivo: ${clean(e.motivo ?? '')}`);
  lines.push(
    `atto: ${clean(e.atto)}`,
    `oggetto: ${clean(e.oggetto)}`,
    `ufficio: ${clean(e.ufficio)}`,
    `sorgente: ${clean(e.sorgente)}`,
    `protocollo: ${clean(e.protocollo)}`,
    `dal: ${it(e.dal)}`,
    `al: ${it(e.al)}`,
    `firma: ${clean(e.firma)}`,
    ...e.file.map((f) => `file: ${f.sha256} ${clean(f.ruolo)} | ${f.nome}`),
    `precedente: ${e.precedente}`,
  );
  return lines;
}

export function entryHash(e: Omit<RegisterEntry, 'impronta' | 'line'>): string {
  return sha256(body(e).join('\n'));
}

export function serializeEntry(e: RegisterEntry): string {
  return [...body(e), `impronta: ${e.impronta}`].join('\n') + '\n';
}

export function registerHeader(ente: string, year: number): string {
  return `# Registro delle pubblicazioni all'Albo Pretorio online – ${ente} – anno ${year}\n# Tenuto da albo: ogni voce riporta l'impronta SHA-256 della precedente e la propria. Non modificarlo a mano:\n# un annullamento o una rettifica è una nuova voce (albo annulla).\n`;
}

/** A new entry for the register's next number, chained to its last entry. */
export function nextEntry(existing: readonly RegisterEntry[], year: number, fields: Omit<RegisterEntry, 'numero' | 'anno' | 'precedente' | 'impronta' | 'line'>): RegisterEntry {
  const last = existing.at(-1);
  const draft = { ...fields, numero: (last?.numero ?? 0) + 1, anno: year, precedente: last?.impronta ?? GENESIS };
  return { ...draft, impronta: entryHash(draft) };
}

const EDIT_HINT = 'il registro si modifica solo con albo (pubblica, annulla)';

/** The fields an entry's lines may have (see body()). */
const FIELDS = new Set(['tipo', 'annulla', 'motivo', 'atto', 'oggetto', 'ufficio', 'sorgente', 'protocollo', 'dal', 'al', 'firma', 'file', 'precedente', 'impronta']);

/** Parses a register; problems in its shape are diagnostics located by line. */
export function parseRegister(text: string, file: string): { entries: RegisterEntry[]; diagnostics: Diagnostic[] } {
  const entries: RegisterEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  const lines = text.split('\n');
  let current: Partial<RegisterEntry> & { file: RegisterFile[] } | undefined;
  // Fields of the current entry so far: a repeated or unknown one would be read by a person but not hashed.
  let seen = new Set<string>();
  const finish = () => {
    if (!current) return;
    const missing = ['numero', 'tipo', 'atto', 'oggetto', 'protocollo', 'dal', 'al', 'firma', 'precedente', 'impronta'].filter((k) => current![k as keyof RegisterEntry] === undefined);
    if (missing.length) diagnostics.push({ file, line: current.line, column: 1, severity: 'errore', message: `voce del registro incompleta: mancano ${missing.join(', ')}`, hint: EDIT_HINT });
    else entries.push(current as RegisterEntry);
    current = undefined;
  };
  lines.forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.startsWith('#')) return;
    if (!line.trim()) return finish();
    const head = /^n\. (\d+)\/(\d{4})$/.exec(line);
    if (head) {
      finish();
      current = { numero: Number(head[1]), anno: Number(head[2]), file: [], line: i + 1, ufficio: '', sorgente: '' };
      seen = new Set();
      return;
    }
    const kv = /^([a-z]+): ?(.*)$/.exec(line);
    if (!current || !kv) {
      diagnostics.push({ file, line: i + 1, column: 1, severity: 'errore', message: `riga del registro non riconosciuta: «${line.slice(0, 60)}»`, hint: EDIT_HINT });
      return;
    }
    const [, key, value] = kv as unknown as [string, string, string];
    const known = FIELDS.has(key);
    if (!known || (key !== 'file' && seen.has(key))) {
      diagnostics.push({ file, line: i + 1, column: 1, severity: 'errore', message: known ? `campo «${key}» ripetuto nella voce` : `campo «${key}» sconosciuto nel registro`, hint: EDIT_HINT });
      return;
    }
    seen.add(key);
    if (key === 'file') {
      const f = /^([0-9a-f]{64}) (.*?) \| (.*)$/.exec(value);
      if (f) current.file.push({ sha256: f[1]!, ruolo: f[2]!, nome: f[3]! });
      else diagnostics.push({ file, line: i + 1, column: 1, severity: 'errore', message: `riga «file» del registro non riconosciuta: «${value.slice(0, 60)}»` });
    } else if (key === 'dal' || key === 'al') current[key] = iso(value);
    else if (key === 'annulla') current.annulla = value.replace(/^n\. /, '');
    else if (key === 'tipo') current.tipo = value as RegisterEntry['tipo'];
    else (current as Record<string, unknown>)[key] = value;
  });
  finish();
  return { entries, diagnostics };
}

/** The chain: each entry's own hash, its link to the previous one, numbers 1, 2, 3… of the register's year. */
export function verifyRegister(entries: readonly RegisterEntry[], year: number, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (e: RegisterEntry, message: string, hint?: string): Diagnostic => ({ file, line: e.line, column: 1, severity: 'errore', message, hint });
  entries.forEach((e, i) => {
    const expected = i + 1;
    if (e.anno !== year) out.push(at(e, `la voce n. ${e.numero}/${e.anno} è in un registro dell'anno ${year}`));
    else if (e.numero !== expected) out.push(at(e, `voce n. ${e.numero}/${e.anno} al posto della n. ${expected}/${year}: voci riordinate, cancellate o inserite a mano`));
    if (entryHash(e) !== e.impronta) out.push(at(e, `la voce n. ${e.numero}/${e.anno} è stata modificata dopo la registrazione: il contenuto non corrisponde alla sua impronta`, 'ripristina il registro dalla copia versionata (git); una rettifica si registra come nuova voce'));
    const previous = i === 0 ? GENESIS : entries[i - 1]!.impronta;
    if (e.precedente !== previous) out.push(at(e, `la voce n. ${e.numero}/${e.anno} non segue la voce che la precede nel file (impronta della precedente diversa): voci riordinate o cancellate`, 'ripristina il registro dalla copia versionata (git)'));
  });
  return out;
}

export async function readRegister(file: string, display: (p: string) => string): Promise<{ entries: RegisterEntry[]; diagnostics: Diagnostic[]; exists: boolean; text: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return { entries: [], diagnostics: [], exists: false, text: '' };
  }
  return { ...parseRegister(text, display(file)), exists: true, text };
}

/** The entries of an act that are still in force: published and not annulled. */
export function liveEntries(entries: readonly RegisterEntry[], source: string): RegisterEntry[] {
  const annulled = new Set(entries.filter((e) => e.tipo === 'annullamento').map((e) => e.annulla));
  return entries.filter((e) => e.tipo === 'pubblicazione' && e.sorgente === source && !annulled.has(`${e.numero}/${e.anno}`));
}

/** The register files of an ente's folder, by year. */
export async function registerFiles(enteDir: string): Promise<{ year: number; file: string }[]> {
  const { readdir } = await import('node:fs/promises');
  const names = await readdir(enteDir).catch(() => [] as string[]);
  return names
    .map((n) => /^registro-albo-(\d{4})\.txt$/.exec(n))
    .filter((m): m is RegExpExecArray => Boolean(m))
    .map((m) => ({ year: Number(m[1]), file: path.join(enteDir, m[0]) }))
    .sort((a, b) => a.year - b.year);
}

/** What a publication package in out/albo/ says about its register entry: an anchor outside the register. */
interface PackageAnchor {
  file: string;
  ente: string;
  numero: string;
  impronta: string;
}

async function packageAnchors(outDir: string): Promise<PackageAnchor[]> {
  const { readdir } = await import('node:fs/promises');
  const dir = path.join(outDir, 'albo');
  const out: PackageAnchor[] = [];
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    const file = path.join(dir, name, 'pubblicazione.json');
    try {
      const record = JSON.parse(await readFile(file, 'utf8')) as { ente?: string; registro?: { numero?: string; impronta_voce?: string } };
      if (record.ente && record.registro?.numero && record.registro.impronta_voce) out.push({ file, ente: record.ente, numero: record.registro.numero, impronta: record.registro.impronta_voce });
    } catch {
      // not a package albo wrote
    }
  }
  return out;
}

/**
 * `albo check` on the registers of each ente: the chain of every year's register, and every package in
 * out/albo/ found in its register with the same hash (a register cut after that entry fails here).
 */
export async function checkRegisters(projects: readonly { dir: string; config: { ente: { nome: string } } }[], outDir: string, display: (p: string) => string): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const anchors = await packageAnchors(outDir);
  for (const project of projects) {
    const byNumber = new Map<string, RegisterEntry>();
    const years = new Set<number>();
    for (const { year, file } of await registerFiles(project.dir)) {
      years.add(year);
      const register = await readRegister(file, display);
      diagnostics.push(...register.diagnostics, ...verifyRegister(register.entries, year, display(file)));
      for (const e of register.entries) byNumber.set(`${e.numero}/${e.anno}`, e);
    }
    for (const a of anchors.filter((x) => x.ente === project.config.ente.nome)) {
      const year = Number(a.numero.split('/')[1]);
      const e = byNumber.get(a.numero);
      const file = display(registerPath(project.dir, year));
      if (!e) diagnostics.push({ file, severity: 'errore', message: `la pubblicazione n. ${a.numero} (${display(a.file)}) non è nel registro${years.has(year) ? ': registro troncato o voci cancellate' : ': il registro dell\'anno manca'}`, hint: 'ripristina il registro dalla copia versionata (git)' });
      else if (e.impronta !== a.impronta) diagnostics.push({ file, line: e.line, column: 1, severity: 'errore', message: `la voce n. ${a.numero} del registro non è quella registrata nel pacchetto ${display(a.file)} (impronta diversa)`, hint: 'ripristina il registro dalla copia versionata (git)' });
    }
  }
  return diagnostics;
}
