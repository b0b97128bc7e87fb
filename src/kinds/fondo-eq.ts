import * as z from 'zod';
import { euro, idField, isoDate, text, year } from './common.js';
import { cents } from './fondo.js';
import { sectionsView, type Doc, type Kind } from './kind.js';


/** The year's resources for the Elevata Qualificazione assignments (position and result), kept apart from art. 84. */
export const fondoEqSchema = z.strictObject({
  tipo: z.literal('fondo-eq'),
  id: idField,
  anno: year,
  importo: euro,
  provenienza: text,
  decorrenza: isoDate.optional(),
});

export type FondoEq = z.infer<typeof fondoEqSchema>;

export const fondoEq: Kind<FondoEq> = {
  tipo: 'fondo-eq',
  template: 'prospetto-eq.md.hbs',
  sections: [{ key: 'note', heading: 'Note', required: false }],
  schema: () => fondoEqSchema,
  rules: (doc) =>
    doc.data.decorrenza && Number(doc.data.decorrenza.slice(0, 4)) !== doc.data.anno
      ? [{ path: ['decorrenza'], message: `decorrenza ${doc.data.decorrenza} fuori dall'anno ${doc.data.anno} del fondo` }]
      : [],
  view(doc, project) {
    const d = doc.data;
    const share = project.eq.get(d.anno);
    // Stryker disable next-line OptionalChaining,ArrayDeclaration: equivalent, allocateEq makes a share for the year of every EQ fund
    const rows = (share?.cards ?? []).map((c) => {
      const pay = share!.pay.get(c.data.id)!;
      return { settore: c.data.settore, titolo: c.data.titolo, posizione: pay.position, risultato: pay.result, totale: pay.position + pay.result };
    });
    const totalPosition = rows.reduce((s, r) => s + r.posizione, 0);
    const totalResult = rows.reduce((s, r) => s + r.risultato, 0);
    // Stryker disable next-line OptionalChaining,ArrayDeclaration: equivalent, allocateEq makes a share for the year of every EQ fund
    const first = share?.cards[0] ? share.pay.get(share.cards[0].data.id) : undefined;
    return {
      ente: project.config.ente,
      id: d.id,
      anno: d.anno,
      importo: cents(d.importo),
      provenienza: d.provenienza,
      incarichi: rows,
      totale_posizione: totalPosition,
      totale_risultato: totalResult,
      totale: totalPosition + totalResult,
      residuo: cents(d.importo) - totalPosition - totalResult,
      percentuale_risultato: first ? String(first.percent).replace('.', ',') : null,
      sezioni: sectionsView(doc as unknown as Doc),
    };
  },
  outputName: (doc) => `prospetto-eq-${doc.data.anno}`,
  table(doc, project) {
    const share = project.eq.get(doc.data.anno);
    return {
      header: ['Anno', 'Id', 'Settore', 'Incarico', 'Retribuzione di posizione', 'Retribuzione di risultato'],
      // Stryker disable next-line OptionalChaining,ArrayDeclaration: equivalent, allocateEq makes a share for the year of every EQ fund
      rows: (share?.cards ?? []).map((c) => {
        const pay = share!.pay.get(c.data.id)!;
        return [String(doc.data.anno), c.data.id, c.data.settore, c.data.titolo, { cents: pay.position }, { cents: pay.result }];
      }),
    };
  },
  date: (doc) => doc.data.decorrenza ?? `${doc.data.anno}-01-01`,
};
