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
});

export type Config = z.infer<typeof configSchema>;
