import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z as Zod } from 'zod';

export const MANIFEST_FILE = '.albo-manifest.json';

export const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

// A function of zod, which loads only when a manifest is read in full: a no-op build answers from the
// fingerprint (src/build/fingerprint.ts) without it.
const manifestSchema = (z: typeof Zod) =>
  z.object({
    versione: z.string(),
    /**
     * The fingerprint of everything the last complete build read (sources, templates, contract rules,
     * fonts, albo's version, folders), what it printed as warnings and how many sources it had: a build
     * with the same fingerprint and its outputs in place has nothing to do.
     */
    impronta: z.object({ chiave: z.string(), sorgenti: z.number(), avvisi: z.array(z.string()) }).optional(),
    uscite: z.record(
      z.string(),
      z.object({
        /** Hash of what the writer received (tool version, format, metadata, Markdown): equal key, equal bytes. */
        chiave: z.string(),
        sha256: z.string(),
        /** Size in bytes, for the no-op check (which does not read the outputs). */
        dimensione: z.number().optional(),
        /**
         * Hash of what the document is made from before any text is laid out (the template's data, the
         * template, the source files it depends on, the rules, fonts and version): equal, the output is
         * current without rendering its text.
         */
        ingresso: z.string().optional(),
        /** Hash of every input file that produced the output (sources, templates, fund, configuration). */
        ingressi: z.record(z.string(), z.string()),
      }),
    ),
    /** Each card's pay at this build, for "albo fondo" to show what a change would do. */
    retribuzioni: z.record(z.string(), z.object({ anno: z.number(), titolo: z.string(), pesatura: z.number().nullable(), centesimi: z.number() })),
  });

export type Manifest = Zod.infer<ReturnType<typeof manifestSchema>>;
export type ManifestEntry = Manifest['uscite'][string];

/** The manifest of a previous build, or undefined (absent, or unreadable: then everything is rebuilt). */
export async function readManifest(outDir: string): Promise<Manifest | undefined> {
  try {
    const { z } = await import('zod');
    // Stryker disable next-line StringLiteral: equivalent, without an encoding JSON.parse reads the bytes as UTF-8 text
    const parsed = manifestSchema(z).safeParse(JSON.parse(await readFile(path.join(outDir, MANIFEST_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** One collator for every key: the same order as localeCompare, without its cost per comparison. */
let collator: Intl.Collator | undefined;

/** Sorted keys, so the manifest itself is deterministic. */
export function serializeManifest(m: Manifest): Uint8Array {
  const compare = (collator ??= new Intl.Collator()).compare;
  const sort = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => compare(a, b)).map(([k, x]) => [k, sort(x)])) : v;
  return new TextEncoder().encode(JSON.stringify(sort(m), null, 2) + '\n');
}
