import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { EnvironmentError } from '../environment.js';
import { MANIFEST_FILE } from './manifest.js';
import { isInside } from '../paths.js';

/** The folder itself when it exists, resolved through links, so that overlaps are seen whatever the spelling. */
function real(p: string): string {
  // The deepest existing ancestor is resolved and the rest appended: out/ may not exist yet.
  const missing: string[] = [];
  let at = p;
  while (!existsSync(at) && path.dirname(at) !== at) {
    missing.unshift(path.basename(at));
    at = path.dirname(at);
  }
  try {
    return path.join(realpathSync(at), ...missing);
  } catch {
    return p;
  }
}

/** A folder albo reads: it must exist and be a folder. */
export function checkInputFolder(dir: string, what: string, option: string, display: (p: string) => string): void {
  let stat;
  try {
    stat = statSync(dir);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ENOENT') throw new EnvironmentError(`la cartella ${what} «${display(dir)}» non esiste`, `indica la cartella giusta con ${option} DIR`);
    if (code === 'ENOTDIR') throw new EnvironmentError(`la cartella ${what} «${display(dir)}» non esiste: una parte del percorso è un file`, `indica con ${option} una cartella`);
    throw e;
  }
  if (!stat.isDirectory()) throw new EnvironmentError(`la cartella ${what} «${display(dir)}» è un file, non una cartella`, `indica con ${option} la cartella che lo contiene, non il file`);
}

/**
 * The output folder: never the root of a disk, never among the sources or the templates nor containing
 * them (the build replaces out/ as a whole), and, if it already holds files, one albo generated: a
 * mistyped --uscita must not turn a folder of other documents into albo's.
 */
export function checkOutputFolder(outDir: string, inputs: { dir: string; option: string }[], display: (p: string) => string): void {
  const out = real(outDir);
  if (path.parse(out).root === out) throw new EnvironmentError(`«${out}» è la radice del disco: albo non genera lì i documenti`, 'indica con --uscita una cartella dedicata, es. --uscita out');
  for (const input of inputs) {
    const dir = real(input.dir);
    if (isInside(dir, out)) throw new EnvironmentError(`la cartella di uscita «${display(outDir)}» è dentro la cartella ${input.option} «${display(input.dir)}»: i documenti generati finirebbero tra i sorgenti`, 'indica con --uscita una cartella fuori da quella dei sorgenti, es. --uscita out');
    if (isInside(out, dir)) throw new EnvironmentError(`la cartella ${input.option} «${display(input.dir)}» è dentro la cartella di uscita «${display(outDir)}», che albo sostituisce a ogni generazione`, 'indica con --uscita una cartella separata, es. --uscita out');
  }
  let ancestor = path.dirname(outDir);
  while (!existsSync(ancestor) && path.dirname(ancestor) !== ancestor) ancestor = path.dirname(ancestor);
  if (!statSync(ancestor).isDirectory()) throw new EnvironmentError(`la cartella di uscita «${display(outDir)}» non si può creare: «${display(ancestor)}» è un file, non una cartella`, 'indica con --uscita una cartella');
  if (!existsSync(outDir)) return;
  if (!statSync(outDir).isDirectory()) throw new EnvironmentError(`«${display(outDir)}» è un file, non una cartella`, 'indica con --uscita una cartella');
  const entries = readdirSync(outDir);
  // A folder albo wrote has its manifest; "albo pubblica" may have written only albo/ so far.
  if (entries.length && !entries.includes(MANIFEST_FILE) && !entries.every((e) => e === 'albo')) {
    throw new EnvironmentError(`la cartella di uscita «${display(outDir)}» contiene già altri file, non generati da albo`, 'indica con --uscita una cartella nuova o vuota (albo la sostituisce a ogni generazione)');
  }
}
