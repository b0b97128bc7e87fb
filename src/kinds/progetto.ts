import * as z from 'zod';
import { formatEuro, formatInteger } from '../format/italian.js';
import { cents } from './fondo.js';
import { idField, isoDate, NO_DATE, text } from './common.js';
import { sectionsView, type Doc, type Kind, type RuleIssue } from './kind.js';

const positive = z.number().positive();

/** A project sheet (e.g. a regional employment project run by the comune), with its figures. */
export const progettoSchema = z.strictObject({
  tipo: z.literal('progetto'),
  id: idField,
  /** The programme the project answers ("POR MARCHE FSE 2014/2020, …"). */
  programma: text,
  ambito: text,
  /** Regional acts of the call (deliberation, decree). */
  riferimenti: text,
  soggetto_promotore: text,
  titolo: text,
  popolazione: z.strictObject({ abitanti: z.int().positive(), al: isoDate }),
  luogo: text,
  durata: text,
  destinatari: z.int().positive(),
  /** Monthly allowance per participant, euro. */
  indennita_mensile: positive,
  mesi: z.int().positive(),
  ore_settimanali: positive,
  /** Per-participant ceiling, euro: must be allowance × months. */
  tetto_per_destinatario: positive,
  /** Funding requested, euro: must be participants × allowance × months. */
  finanziamento_richiesto: positive,
  /** Total hours declared: checked against participants × weekly hours × weeks of the duration. */
  ore_totali: z.int().positive(),
  /**
   * Personal data of the coordinator, as explicit fields: a publication step decides what reaches the
   * Albo (office contacts yes, private ones no).
   */
  coordinatore: z.strictObject({ nome: text, ruolo: text, categoria: text.optional(), telefono: text.optional(), email: z.email('indirizzo e-mail non valido').optional() }),
  area_intervento: text,
  titoli_studio: z.strictObject({
    diplomi: z.array(text),
    lauree: z.array(z.strictObject({ classe: z.string().regex(/^(L|LM|LMG|LM-SNT)-\d+$/, 'classe di laurea come "L-8" o "LM-56"'), denominazione: text })),
  }),
  qualifica_istat: text,
  profilo: text,
  data: isoDate.optional(),
});

export type Progetto = z.infer<typeof progettoSchema>;

/** Weeks in a number of months (52 weeks a year). */
export const weeksIn = (months: number) => Math.round((months * 52) / 12);

export const progetto: Kind<Progetto> = {
  tipo: 'progetto',
  template: 'progetto.md.hbs',
  sections: [
    { key: 'contesto', heading: 'Contesto', required: true },
    { key: 'organizzazione', heading: 'Organizzazione delle attività', required: true },
    { key: 'descrizione', heading: 'Descrizione del progetto', required: true },
    { key: 'obiettivi', heading: 'Obiettivi, contesto e bisogno', required: true },
    { key: 'attivita', heading: 'Descrizione delle attività', required: true },
    { key: 'priorita', heading: 'Priorità', required: false },
    { key: 'rispondenza', heading: 'Rispondenza ai bisogni del territorio', required: false },
    { key: 'risultati', heading: 'Risultati attesi', required: false },
    { key: 'requisiti', heading: 'Requisiti richiesti ai destinatari', required: true },
  ],
  schema: () => progettoSchema,
  /** The figures a project states must agree with each other. */
  rules(doc) {
    const d = doc.data;
    const issues: RuleIssue[] = [];
    const funding = d.destinatari * cents(d.indennita_mensile) * d.mesi;
    if (cents(d.finanziamento_richiesto) !== funding) {
      issues.push({
        path: ['finanziamento_richiesto'],
        message: `finanziamento richiesto ${formatEuro(cents(d.finanziamento_richiesto))} diverso da ${d.destinatari} destinatari × ${formatEuro(cents(d.indennita_mensile))} × ${d.mesi} mesi = ${formatEuro(funding)}`,
      });
    }
    const ceiling = cents(d.indennita_mensile) * d.mesi;
    if (cents(d.tetto_per_destinatario) !== ceiling) {
      issues.push({
        path: ['tetto_per_destinatario'],
        message: `tetto per destinatario ${formatEuro(cents(d.tetto_per_destinatario))} diverso da ${formatEuro(cents(d.indennita_mensile))} × ${d.mesi} mesi = ${formatEuro(ceiling)}`,
      });
    }
    const weeks = weeksIn(d.mesi);
    const hours = d.destinatari * d.ore_settimanali * weeks;
    if (d.ore_totali !== hours) {
      const perPerson = d.ore_totali / d.destinatari / d.ore_settimanali;
      issues.push({
        path: ['ore_totali'],
        severity: 'avviso',
        message: `${formatInteger(d.ore_totali)} ore dichiarate, ma ${d.destinatari} destinatari × ${d.ore_settimanali} ore settimanali × ${weeks} settimane (${d.mesi} mesi) = ${formatInteger(hours)} ore`,
        hint: `le ore dichiarate corrispondono a ${perPerson.toLocaleString('it-IT')} settimane a destinatario: correggi le ore o la durata, o spiega nel testo quale lettura vale`,
      });
    }
    return issues;
  },
  view(doc, project) {
    const d = doc.data;
    return {
      ente: project.config.ente,
      ...d,
      indennita_mensile: cents(d.indennita_mensile),
      tetto_per_destinatario: cents(d.tetto_per_destinatario),
      finanziamento_richiesto: cents(d.finanziamento_richiesto),
      coordinatore: { categoria: null, telefono: null, email: null, ...d.coordinatore },
      data: d.data ?? null,
      sezioni: sectionsView(doc as unknown as Doc),
    };
  },
  date: (doc) => doc.data.data ?? NO_DATE,
};
