import { z } from 'zod';

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
  /** The optional extra criterion ("particolarmente elevata autonomia"): points on top of the criteria. */
  maggiorazione: z
    .strictObject({
      id,
      nome: z.string().min(1),
      max: z.int().positive(),
      sezione_motivazione: z.string().min(1),
    })
    .optional(),
  conoscenze: z.array(z.strictObject({ id, etichetta: z.string().min(1) })).default([]),
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
