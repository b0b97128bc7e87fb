import { z } from 'zod';
import { AREAS } from './rulebook/areas.js';
import { VOCI } from './rulebook/rulebook.js';

const euro = z.number().nonnegative();
const area = z.enum(AREAS);

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'usa solo lettere minuscole, cifre e "_" (es. complessita_organizzativa)');

/** The ente's configuration (content/ente.yaml): its identity and its own weighting and pay rules. */
export const configSchema = z.strictObject({
  ente: z.strictObject({
    nome: z.string().min(1),
    luogo: z.string().min(1),
  }),
  /** Needed only by an ente that has position cards. */
  criteri: z
    .array(
      z.strictObject({
        id,
        nome: z.string().min(1),
        min: z.int(),
        max: z.int(),
        elementi: z.array(z.string().min(1)).min(1),
      }),
    )
    .default([]),
  /**
   * The optional extra criterion ("particolarmente elevata autonomia"): points on top of the criteria,
   * only with a written motivation. `max` is the ente's scale; without one the points are unbounded
   * (the contractual cap on the pay still applies) and the card prints no scale.
   */
  maggiorazione: z
    .strictObject({
      id,
      nome: z.string().min(1),
      max: z.int().positive().optional(),
      sezione_motivazione: z.string().min(1),
    })
    .optional(),
  /** The ente's own limits (its CCDI), lower than the contract's: never higher. */
  limiti: z
    .array(
      z.strictObject({
        voce: z.enum(VOCI),
        caso: z.string().min(1).optional(),
        /** Euro a year: one figure, or one per Area. */
        massimo: z.union([euro, z.partialRecord(area, euro)]),
        /** The act that sets it, printed in messages (e.g. "CCDI 2023-2025, art. 12"). */
        atto: z.string().min(1),
      }),
    )
    .default([]),
  /** Graduation of the Elevata Qualificazione assignments (art. 16-17 CCNL 16.11.2022). */
  eq: z
    .strictObject({
      criteri: z
        .array(
          z.strictObject({
            id,
            nome: z.string().min(1),
            min: z.int().nonnegative().default(0),
            max: z.int().positive(),
            /** Points count this many times (methodologies with weighted factors). */
            peso: z.int().positive().default(1),
            elementi: z.array(z.string().min(1)).default([]),
          }),
        )
        .min(1),
      /** How the position pay follows from the points; without it each card states its amount. */
      retribuzione: z
        .discriminatedUnion('tipo', [
          z.strictObject({
            tipo: z.literal('fasce'),
            fasce: z.array(z.strictObject({ da: z.int(), a: z.int(), importo: euro })).min(1),
          }),
          z.strictObject({
            tipo: z.literal('lineare'),
            /** Points below which the assignment does not qualify; they give `minimo`. */
            punteggio_minimo: z.int().nonnegative().default(0),
            minimo: euro,
            massimo: euro,
          }),
        ])
        .optional(),
      /** Percent of the total EQ resources (position + result) for the result pay; the contract's minimum when absent. */
      risultato_percentuale: z.number().min(0).max(100).optional(),
      /** Euro: position pay rounded down to a multiple of this (linear rule). */
      arrotondamento: euro.refine((x) => x > 0, 'deve essere maggiore di zero').optional(),
    })
    .optional(),
  /**
   * The ente's settori, declared once: documents name them by id (or by name) and print this name, so
   * every act and the payroll CSV spell a settore the same way. Optional: without it, names are free.
   */
  settori: z.array(z.strictObject({ id: z.string().regex(/^[a-z][a-z0-9_-]*$/, 'usa solo lettere minuscole, cifre, "-" e "_" (es. servizi-al-cittadino)'), nome: z.string().min(1) })).default([]),
  conoscenze: z.array(z.strictObject({ id, etichetta: z.string().min(1) })).default([]),
  /** The signature block of the ente's acts. */
  firma: z
    .strictObject({
      /** Printed under the signer's name; empty: none (e.g. an act signed by hand). */
      formula: z.string().default('Documento firmato digitalmente ai sensi del D.Lgs. 82/2005 e norme collegate'),
    })
    .default({ formula: 'Documento firmato digitalmente ai sensi del D.Lgs. 82/2005 e norme collegate' }),
  /** Print the form's instructions to whoever fills it («Indicare le conoscenze …»): off in a published act. */
  istruzioni: z.boolean().default(false),
  /** Publication on the Albo Pretorio online. */
  pubblicazione: z
    .strictObject({
      /** Days of publication by act type (consecutive calendar days); 15 when not given (art. 124 TUEL). */
      giorni: z.record(z.string(), z.int().positive()).default({}),
      /** The patron saint's day (MM-GG): offices close, the legal term does not move; albo warns. */
      patrono: z.strictObject({ giorno: z.string().regex(/^\d{2}-\d{2}$/, 'scrivi il giorno come MM-GG, es. 07-12'), nome: z.string().min(1) }).optional(),
      /** Contacts that may appear in published acts (an office's e-mail or phone number). */
      contatti_ammessi: z.array(z.string().min(1)).default([]),
    })
    .default({ giorni: {}, contatti_ammessi: [] }),
});

export type Config = z.infer<typeof configSchema>;
