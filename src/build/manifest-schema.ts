import * as z from 'zod';

// Its own module, loaded only when a manifest is read in full (a no-op build answers from the fingerprint,
// src/build/fingerprint.ts, without zod), and imported statically from zod so that the bundler keeps only
// the parts of zod it uses (a namespace taken as a value, as `await import('zod')`, keeps all of it).
export const manifestSchema = z.object({
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

