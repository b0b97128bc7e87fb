import { createHash } from 'node:crypto';
import { readFileSync, statSync, type Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fontFiles } from '../render/fonts.js';
import { libreOfficeStamp } from '../render/docx/toc-pages.js';
import { packageRoot } from '../package-root.js';
import { MANIFEST_FILE } from './manifest.js';

/**
 * The no-op check of `albo build`: one hash of everything a build reads, taken before anything is
 * parsed. A complete build records it in the manifest; the next build with the same fingerprint, and
 * with every output still as that build left it, has nothing to do and answers at once, without
 * loading the validators or the writers. Anything else (a changed byte anywhere in content/, in the
 * templates, the contract rules or the fonts, another version of albo, an output changed or removed)
 * takes the full path, which decides output by output.
 *
 * Only node built-ins here: this module is on the path of every build, before anything heavy loads.
 */

export interface FingerprintInput {
  contentDir: string;
  templatesDir: string;
  version: string;
  /** How the build names the folders (relative to the working folder): the recorded warnings use it. */
  display: (p: string) => string;
}

async function filesUnder(dir: string): Promise<string[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
}

/**
 * SHA-256 over the names and bytes of every file a build reads (all of content/, so also each ente's
 * ente.yaml, coat of arms and own templates in modelli/; the default templates, the contract rules, the
 * fonts), plus albo's version, the folder names and which LibreOffice is installed.
 */
export async function buildFingerprint(input: FingerprintInput): Promise<string> {
  const root = packageRoot();
  const hash = createHash('sha256');
  // Which LibreOffice lays out the DOCX indexes (or none): it changes their bytes.
  hash.update(JSON.stringify(['albo', input.version, input.display(input.contentDir), input.display(input.templatesDir), libreOfficeStamp()]));
  const groups: [string, string[]][] = [
    ['content', await filesUnder(input.contentDir)],
    ['templates', await filesUnder(input.templatesDir)],
    ['contratti', await filesUnder(path.join(root, 'contratti'))],
    ['fonts', Object.values(fontFiles())],
  ];
  for (const [group, files] of groups) {
    const base = group === 'content' ? input.contentDir : group === 'templates' ? input.templatesDir : root;
    // Read one after the other: hundreds of small files cost less this way than as as many promises.
    const contents = files.map((f) => readFileSync(f));
    files.forEach((f, i) => {
      const data = contents[i]!;
      hash.update(`\0${group}\0${path.relative(base, f)}\0${data.length}\0`);
      hash.update(data);
    });
  }
  return hash.digest('hex');
}

export interface NoOp {
  /** Sources of the recorded build. */
  sources: number;
  /** Outputs it left, all in place. */
  outputs: number;
  /** The warnings it printed, to print again. */
  warnings: string[];
}

/**
 * Whether out/ is exactly what a build would make now: the manifest's fingerprint equals `fingerprint`
 * and every output it lists is there, with its recorded size, not modified after the manifest was
 * written. Reads the manifest as plain JSON (its full schema is for the full path).
 */
export async function upToDate(outDir: string, fingerprint: string): Promise<NoOp | undefined> {
  const manifestPath = path.join(outDir, MANIFEST_FILE);
  try {
    // Stryker disable next-line StringLiteral: equivalent, without an encoding JSON.parse reads the bytes as UTF-8 text
    const [text, info] = await Promise.all([readFile(manifestPath, 'utf8'), stat(manifestPath)]);
    const manifest = JSON.parse(text) as { impronta?: { chiave?: unknown; sorgenti?: unknown; avvisi?: unknown }; uscite?: Record<string, { dimensione?: unknown }> };
    const recorded = manifest.impronta;
    if (!recorded || recorded.chiave !== fingerprint || typeof recorded.sorgenti !== 'number' || !Array.isArray(recorded.avvisi)) return undefined;
    const outputs = Object.entries(manifest.uscite ?? {});
    // One stat after the other (a no-op build of 500 cards looks at 1.005 files: promises cost more than
    // the calls); the first output gone or changed ends the look.
    const fresh = outputs.every(([name, entry]) => {
      // An output gone makes stat fail: not up to date.
      const s = statSync(path.join(outDir, name));
      return s.isFile() && s.size === entry.dimensione && s.mtimeMs <= info.mtimeMs;
    });
    if (!fresh) return undefined;
    return { sources: recorded.sorgenti, outputs: outputs.length, warnings: recorded.avvisi.map(String) };
  } catch {
    return undefined;
  }
}
