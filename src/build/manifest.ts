import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

export const MANIFEST_FILE = '.albo-manifest.json';

export const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

const manifestSchema = z.object({
  versione: z.string(),
  uscite: z.record(
    z.string(),
    z.object({
      /** Hash of what the writer received (tool version, format, metadata, Markdown): equal key, equal bytes. */
      chiave: z.string(),
      sha256: z.string(),
      /** Hash of every input file that produced the output (sources, templates, fund, configuration). */
      ingressi: z.record(z.string(), z.string()),
    }),
  ),
  /** Each card's pay at this build, for "albo fondo" to show what a change would do. */
  retribuzioni: z.record(z.string(), z.object({ anno: z.number(), titolo: z.string(), pesatura: z.number().nullable(), centesimi: z.number() })),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type ManifestEntry = Manifest['uscite'][string];

/** The manifest of a previous build, or undefined (absent, or unreadable: then everything is rebuilt). */
export async function readManifest(outDir: string): Promise<Manifest | undefined> {
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(await readFile(path.join(outDir, MANIFEST_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Sorted keys, so the manifest itself is deterministic. */
export function serializeManifest(m: Manifest): Uint8Array {
  const sort = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, sort(x)])) : v;
  return new TextEncoder().encode(JSON.stringify(sort(m), null, 2) + '\n');
}
