import * as z from 'zod';
import { AREAS } from './rulebook/areas.js';
import { VOCI } from './rulebook/rulebook.js';

const euro = z.number().nonnegative();
const area = z.enum(AREAS);

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, 'usa solo lettere minuscole, cifre e "_" (es. complessita_organizzativa)');

/** Tax codes of a public body: 11 digits whose last is the check digit (same rule for C.F. and P.IVA). */
export function validTaxNumber(code: string): boolean {
  if (!/^\d{11}$/.test(code)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const d = Number(code[i]);
    sum += i % 2 === 0 ? d : d * 2 > 9 ? d * 2 - 9 : d * 2;
  }
  return (10 - (sum % 10)) % 10 === Number(code[10]);
}
const taxNumber = z
  .string()
  .regex(/^\d{11}$/, 'scrivi le 11 cifre, senza lettere né spazi (quello di un ente pubblico è numerico)')
  .refine(validTaxNumber, "l'ultima cifra (di controllo) non corrisponde alle altre: ricontrolla il numero");

/**
 * The letterhead of the ente's acts: the first page carries the coat of arms and these lines, the
 * following pages a short running header. Everything is optional: without it the acts keep the plain
 * running header.
 */
export const letterheadSchema = z.strictObject({
  /** The coat of arms: a PNG next to ente.yaml (path relative to the ente's folder). */
  stemma: z
    .string()
    .min(1)
    .regex(/\.png$/i, "lo stemma è un'immagine PNG (es. stemma.png): Word e LibreOffice non mostrano l'SVG senza un PNG di riserva")
    .optional(),
  /** «Provincia di …» (or the metropolitan city, written in full in `provincia_dicitura`). */
  provincia: z.string().min(1).optional(),
  /** The line printed instead of «Provincia di <provincia>» (e.g. «Città metropolitana di Roma Capitale»). */
  provincia_dicitura: z.string().min(1).optional(),
  indirizzo: z.string().min(1).optional(),
  telefono: z.string().min(1).optional(),
  email: z.email('indirizzo e-mail non valido').optional(),
  pec: z.email('indirizzo PEC non valido').optional(),
  codice_fiscale: taxNumber.optional(),
  partita_iva: taxNumber.optional(),
  sito: z.string().regex(/^(https?:\/\/)?[a-z0-9.-]+\.[a-z]{2,}(\/\S*)?$/i, 'indirizzo del sito non valido (es. www.comune.esempio.it)').optional(),
});

/** The ente's configuration (content/ente.yaml): its identity and its own weighting and pay rules. */
export const configSchema = z.strictObject({
  ente: z.strictObject({
    nome: z.string().min(1),
    luogo: z.string().min(1),
  }),
  /** Letterhead of every act of the ente (coat of arms, province, address, PEC, tax codes). */
  carta_intestata: letterheadSchema.optional(),
  /** House style the typography lint of `albo check` follows. */
  tipografia: z
    .strictObject({
      /** «tipografiche»: the ente writes ’ « » “ ”, and a straight ' or " in a source is a warning. */
      virgolette: z.enum(['tipografiche', 'diritte']).default('diritte'),
    })
    .default({ virgolette: 'diritte' }),
  /** Needed only by an ente that has position cards. */
  criteri: z
    .array(
      z.strictObject({
        id,
        nome: z.string().min(1),
        min: z.int(),
        max: z.int(),
        /**
         * Methodologies that weigh their criteria: the score counts this many times (the card's weight is
         * Σ score × peso). Up to two decimals, computed in hundredths of a point. Absent: 1, a plain sum.
         */
        peso: z
          .number({ error: 'il peso è un numero positivo (es. 6, oppure 1.5)' })
          .positive({ error: 'il peso deve essere maggiore di zero' })
          // Bounded: a typed «1e300» would make every weight and share meaningless (and overflow the sums).
          .max(1000, { error: 'il peso è al massimo 1000 (un criterio che conta mille volte un punto)' })
          .refine((x) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-6, { error: 'il peso ha al massimo due decimali (es. 1.25)' })
          .optional(),
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
