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

/**
 * The value with every object's keys inserted in UTF-16 code unit order (the default order of sort(), the
 * same on every machine: a collator follows the system's language; JavaScript still lists integer-like
 * keys first). Objects already in order are kept as they are, so JSON.stringify writes the whole manifest
 * natively: a 2.000-card manifest, serialized twice per build, took 190 ms of a one-card edit when every
 * object was copied sorted by collator or written key by key.
 */
function canonical(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    const items = v.map(canonical);
    return items.some((x, i) => x !== v[i]) ? items : v;
  }
  const object = v as Record<string, unknown>;
  const keys = Object.keys(object);
  let sorted = true;
  for (let i = 1; i < keys.length && sorted; i++) sorted = keys[i - 1]! < keys[i]!;
  if (sorted) {
    // Copied only if a value inside changes.
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const x = object[k];
      const c = typeof x === 'object' && x !== null ? canonical(x) : x;
      if (c !== x && !out) {
        out = {};
        for (let j = 0; j < i; j++) out[keys[j]!] = object[keys[j]!];
      }
      if (out) out[k] = c;
    }
    return out ?? v;
  }
  const out: Record<string, unknown> = {};
  for (const k of keys.sort()) out[k] = canonical(object[k]);
  return out;
}

/** Sorted keys, two-space indents and a final newline, so the manifest itself is deterministic. */
export function serializeManifest(m: Manifest): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(canonical(m), null, 2) + '\n');
}
