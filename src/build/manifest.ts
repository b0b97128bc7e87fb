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
 * JSON with every object's keys in UTF-16 code unit order (the default order of sort(), the same on every
 * machine: a collator follows the system's language), two-space indents, as JSON.stringify(x, null, 2)
 * writes. Written directly rather than by copying every object sorted: a 500-card manifest is serialized
 * twice per build, and sorting it by collator into new objects took 70 ms of a one-card edit.
 */
function write(v: unknown, indent: string, out: string[]): void {
  if (v === null || typeof v !== 'object') {
    out.push(JSON.stringify(v) ?? 'null');
    return;
  }
  const inner = indent + '  ';
  if (Array.isArray(v)) {
    if (!v.length) return void out.push('[]');
    out.push('[');
    v.forEach((x, i) => {
      out.push(i ? ',\n' : '\n', inner);
      write(x, inner, out);
    });
    out.push('\n', indent, ']');
    return;
  }
  const keys = Object.keys(v)
    .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
    .sort();
  if (!keys.length) return void out.push('{}');
  out.push('{');
  keys.forEach((k, i) => {
    out.push(i ? ',\n' : '\n', inner, JSON.stringify(k), ': ');
    write((v as Record<string, unknown>)[k], inner, out);
  });
  out.push('\n', indent, '}');
}

/** Sorted keys, so the manifest itself is deterministic. */
export function serializeManifest(m: Manifest): Uint8Array {
  const out: string[] = [];
  write(m, '', out);
  out.push('\n');
  return new TextEncoder().encode(out.join(''));
}
