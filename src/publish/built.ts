import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { COMBINED_SUFFIX, renderOutputs } from '../build/build.js';
import { readManifest, sha256 } from '../build/manifest.js';
import type { Diagnostic } from '../diagnostics.js';
import type { Doc, Project } from '../kinds/kind.js';

/** One output `albo build` wrote, current with the sources: what the officer signs. */
export interface BuiltOutput {
  /** Absolute path in out/. */
  path: string;
  /** Path under out/, as the manifest names it. */
  rel: string;
  bytes: Uint8Array;
  sha256: string;
}

export interface BuiltLocation {
  contentDir: string;
  outDir: string;
  templatesDir: string;
  version: string;
  display: (p: string) => string;
}

/** Where `albo build` writes a source's outputs (without extension). */
export const outputBase = (doc: Doc, loc: Pick<BuiltLocation, 'contentDir' | 'outDir'>) =>
  path.join(loc.outDir, path.dirname(path.relative(loc.contentDir, doc.path)), doc.kind.outputName?.(doc) ?? path.basename(doc.path, '.md'));

export { COMBINED_SUFFIX };

/**
 * The already-built bytes of the given outputs (base + extension), after checking that out/ is current:
 * the manifest's key for each equals what the sources give now and the bytes on disk have the manifest's
 * hash. Publishing never re-renders the act: what was signed is what was built.
 */
export async function readBuilt(project: Project, sources: Doc[], wanted: string[], loc: BuiltLocation): Promise<{ outputs: Map<string, BuiltOutput>; diagnostics: Diagnostic[] }> {
  const previous = await readManifest(loc.outDir);
  const { unchanged } = await renderOutputs([project], {
    contentDir: loc.contentDir,
    outDir: loc.outDir,
    templatesDir: loc.templatesDir,
    version: loc.version,
    only: new Set(sources.map((d) => d.path)),
    previous,
    display: loc.display,
  });
  const current = new Set(unchanged);
  const outputs = new Map<string, BuiltOutput>();
  const diagnostics: Diagnostic[] = [];
  for (const file of wanted) {
    const rel = path.relative(loc.outDir, file).split(path.sep).join('/');
    if (!current.has(rel)) {
      diagnostics.push({
        file: loc.display(file),
        severity: 'errore',
        message: previous?.uscite[rel] ? 'il file generato non corrisponde più ai sorgenti (o è stato modificato dopo la generazione)' : 'il file non è stato generato',
        hint: 'esegui «albo build», controlla e firma il nuovo PDF, poi ripubblica',
      });
      continue;
    }
    const bytes = new Uint8Array(await readFile(file));
    outputs.set(file, { path: file, rel, bytes, sha256: sha256(bytes) });
  }
  return { outputs, diagnostics };
}
