import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { InvalidInputError, type Diagnostic } from '../diagnostics.js';
import { locate, type YamlSource } from '../load/source.js';
import { readStemma, type PngResult, type Stemma } from '../load/png.js';
import { cached } from '../load/result-cache.js';
import { didYouMean } from '../validate/zod-issues.js';
import { isInside } from '../paths.js';

/**
 * The letterhead both writers print on an act's first page: what ente.yaml says, as lines. Part of
 * DocumentMeta, so it is part of every output's key: a new address or a new coat of arms rewrites the
 * ente's documents (the image's bytes are in it, as base64 of the opaque PNG).
 */
export interface Letterhead {
  ente: string;
  /** «Provincia di Lucca», or the line the ente writes instead. */
  provincia?: string;
  /** Small lines under the name: address; phone, e-mail, PEC; tax codes; website. */
  righe: string[];
  stemma?: { png: string; larghezza: number; altezza: number };
}

/** The lines of the letterhead, from ente.yaml (pure). */
export function letterheadLines(config: Config): Omit<Letterhead, 'stemma'> {
  const c = config.carta_intestata ?? {};
  const join = (parts: (string | undefined | false)[]) => parts.filter(Boolean).join(' · ');
  const taxes =
    c.codice_fiscale && c.codice_fiscale === c.partita_iva
      ? `C.F. e P.IVA ${c.codice_fiscale}`
      : join([c.codice_fiscale && `C.F. ${c.codice_fiscale}`, c.partita_iva && `P.IVA ${c.partita_iva}`]);
  return {
    ente: config.ente.nome,
    ...(c.provincia_dicitura ? { provincia: c.provincia_dicitura } : c.provincia ? { provincia: `Provincia di ${c.provincia}` } : {}),
    righe: [c.indirizzo, join([c.telefono && `Tel. ${c.telefono}`, c.email && `E-mail ${c.email}`, c.pec && `PEC ${c.pec}`]), taxes, c.sito].filter((l): l is string => Boolean(l)),
  };
}

interface EnteFiles {
  dir: string;
  configPath: string;
  config: Config;
  configSource?: YamlSource;
}

const cache = new Map<string, Stemma>();

/** The coat of arms named in ente.yaml, read and checked; or why it cannot be used, located at its line. */
export function loadStemma(ente: EnteFiles, display: (p: string) => string = (p) => p): { stemma?: Stemma; diagnostics: Diagnostic[] } {
  const name = ente.config.carta_intestata?.stemma;
  if (!name) return { diagnostics: [] };
  // Located only for a problem: the position needs ente.yaml's YAML document, which a validation read back
  // from the cache parses again only when asked.
  const at = () => (ente.configSource ? locate(ente.configSource, ['carta_intestata', 'stemma']) : {});
  const problem = (message: string, hint?: string) => ({ diagnostics: [{ file: display(ente.configPath), ...at(), severity: 'errore' as const, message, hint }] });
  const file = path.resolve(ente.dir, name);
  if (path.isAbsolute(name) || !isInside(ente.dir, file)) {
    return problem(`lo stemma «${name}» è fuori dalla cartella dell'ente`, `metti l'immagine accanto a ente.yaml e scrivi solo il suo nome (es. stemma.png)`);
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      let pngs: string[] = [];
      try {
        pngs = readdirSync(path.dirname(file)).filter((f) => /\.png$/i.test(f));
      } catch {
        pngs = [];
      }
      const guess = didYouMean(path.basename(name), pngs);
      return problem(`lo stemma «${name}» non esiste nella cartella ${display(ente.dir)}`, guess ? `intendevi «${guess}»?` : `salva lo stemma come PNG in ${display(ente.dir)} e scrivine qui il nome`);
    }
    return problem(`lo stemma «${name}» non si può leggere (${code === 'EACCES' || code === 'EPERM' ? 'permesso negato' : code === 'EISDIR' ? 'è una cartella' : 'errore di lettura'})`, 'controlla il file e i suoi permessi');
  }
  const key = createHash('sha256').update(bytes).digest('hex');
  const known = cache.get(key);
  if (known) return { stemma: known, diagnostics: [] };
  const read = keptStemma(bytes);
  if (read.error !== undefined) return problem(`lo stemma «${name}» non è utilizzabile: ${read.error}`, "esporta lo stemma come PNG (8 bit, RGB o RGBA) dal programma di grafica o dal sito dell'ente");
  cache.set(key, read.stemma);
  return { stemma: read.stemma, diagnostics: [] };
}

/** readStemma, read back from the result cache for bytes seen before (decoding cold costs tens of ms a run). */
function keptStemma(bytes: Uint8Array): PngResult {
  type Kept = { png: string; width: number; height: number } | { error: string };
  const sound = (x: unknown): x is Kept =>
    typeof x === 'object' && x !== null && (typeof (x as { error?: unknown }).error === 'string' || (typeof (x as { png?: unknown }).png === 'string' && Number.isInteger((x as { width?: unknown }).width) && Number.isInteger((x as { height?: unknown }).height)));
  const kept = cached<Kept>('stemma', [bytes], () => {
    const r = readStemma(bytes);
    return r.error !== undefined ? { error: r.error } : { png: Buffer.from(r.stemma.png).toString('base64'), width: r.stemma.width, height: r.stemma.height };
  }, sound);
  return 'error' in kept ? { error: kept.error } : { stemma: { png: new Uint8Array(Buffer.from(kept.png, 'base64')), width: kept.width, height: kept.height } };
}

/** Absolute path of the coat of arms, for the manifest's inputs. */
export const stemmaPath = (ente: { dir: string; config: Config }) => (ente.config.carta_intestata?.stemma ? path.resolve(ente.dir, ente.config.carta_intestata.stemma) : undefined);

/** The letterhead of an ente's acts, or undefined when ente.yaml has none. Throws if the image cannot be used. */
export function letterheadFor(ente: EnteFiles): Letterhead | undefined {
  if (!ente.config.carta_intestata) return undefined;
  const { stemma, diagnostics } = loadStemma(ente);
  if (diagnostics.length) throw new InvalidInputError(diagnostics);
  return { ...letterheadLines(ente.config), ...(stemma ? { stemma: { png: Buffer.from(stemma.png).toString('base64'), larghezza: stemma.width, altezza: stemma.height } } : {}) };
}

