import { z } from 'zod';
import { idField, isoDate, sameName, text, year } from './common.js';
import { docId, sectionsView, type Doc, type Kind, type Project, type RuleIssue } from './kind.js';
import { noticeTerms, type NoticeTerms } from '../compute/notice-terms.js';
import { cardPay, cardWeight, type Scheda } from './scheda.js';
import { didYouMean } from '../validate/zod-issues.js';

export const avvisoSchema = z.strictObject({
  tipo: z.literal('avviso'),
  id: idField,
  anno: year,
  /** Place of signature; the ente's place when omitted. */
  luogo: text.optional(),
  /** Date of signature (AAAA-MM-GG); when omitted the notice reads "data della firma digitale". */
  data: isoDate.optional(),
  settore: text,
  regolamento: z.strictObject({
    articolo: z.union([z.int().positive(), text]),
    denominazione: text,
    organo: text,
    delibera: z.strictObject({ numero: z.int().positive(), anno: year }),
    allegato_a: text.optional(),
  }),
  categorie: z.array(text).min(1, 'indica almeno una categoria ammessa'),
  termine_giorni: z.int().positive().max(365),
  /** How the application is sent, e.g. "posta elettronica al dirigente". */
  modalita_domanda: text,
  allegati_domanda: z.array(text),
  firmatario: z.strictObject({ ruolo: text, nome: text }),
  /** The office to contact: printed in the notice and allowed in a publication (not personal data). */
  contatti: z
    .strictObject({ ufficio: text, email: z.email('indirizzo e-mail non valido').optional(), telefono: text.optional() })
    .optional(),
  schede: z.array(idField).min(1, 'un avviso allega almeno una scheda'),
  /** Planned first day on the Albo Pretorio: the act prints its deadline counted from it (issue #11). */
  pubblicazione: z.strictObject({ dal: isoDate }).optional(),
});

export type Avviso = z.infer<typeof avvisoSchema>;

/** The notice's publication period and deadline, from its planned start and the ente's days for notices. */
export function avvisoTerms(d: Avviso, project: Project): NoticeTerms | undefined {
  return d.pubblicazione && noticeTerms(d.pubblicazione.dal, d.termine_giorni, project.config.pubblicazione.giorni.avviso ?? 15);
}

function publicationView(d: Avviso, project: Project) {
  const t = avvisoTerms(d, project)!;
  return { inizio: t.start, fine: t.end, scadenza: t.deadline.date };
}

function attached(doc: Doc<Avviso>, byId: Map<string, Doc>): Doc<Scheda>[] {
  return doc.data.schede.map((id) => byId.get(id)).filter((d): d is Doc => d?.kind.tipo === 'scheda') as unknown as Doc<Scheda>[];
}

export const avviso: Kind<Avviso> = {
  tipo: 'avviso',
  template: 'avviso.md.hbs',
  sections: [{ key: 'selezione', heading: 'Selezione', required: true }],
  schema: () => avvisoSchema,
  rules(doc) {
    const issues: RuleIssue[] = [];
    doc.data.schede.forEach((id, i) => {
      if (doc.data.schede.indexOf(id) !== i) issues.push({ path: ['schede', i], message: `scheda «${id}» allegata due volte` });
    });
    if (doc.data.data && Number(doc.data.data.slice(0, 4)) < doc.data.anno - 1) {
      issues.push({ path: ['data'], severity: 'avviso', message: `data ${doc.data.data} molto anteriore all'anno ${doc.data.anno} dell'avviso` });
    }
    return issues;
  },
  crossRules(doc, project) {
    const issues: RuleIssue[] = [];
    const cardIds = project.docs.filter((d) => d.kind.tipo === 'scheda').map(docId);
    doc.data.schede.forEach((id, i) => {
      const card = project.byId.get(id);
      if (!card || card.kind.tipo !== 'scheda') {
        const guess = didYouMean(id, cardIds);
        issues.push({
          path: ['schede', i],
          message: card ? `«${id}» non è una scheda (è un documento di tipo ${card.kind.tipo})` : `la scheda «${id}» non esiste in content/`,
          hint: guess ? `intendevi «${guess}»?` : `schede disponibili: ${cardIds.join(', ') || 'nessuna'}`,
        });
        return;
      }
      const c = card.data as unknown as Scheda;
      if (c.anno !== doc.data.anno) {
        issues.push({ path: ['schede', i], message: `la scheda «${id}» è dell'anno ${c.anno}, l'avviso del ${doc.data.anno}` });
      }
      if (!sameName(c.settore, doc.data.settore)) {
        issues.push({
          path: ['schede', i],
          message: `la scheda «${id}» è del settore «${c.settore}», l'avviso del settore «${doc.data.settore}»`,
          hint: `correggi "settore:" in ${card.source.file}, o allega la scheda all'avviso del suo settore`,
        });
      }
    });
    return issues;
  },
  view(doc, project) {
    const d = doc.data;
    const cards = attached(doc, project.byId).map((card) => {
      return { id: card.data.id, titolo: card.data.titolo, ufficio: card.data.ufficio, pesatura: cardWeight(card.data, project.config), retribuzione: cardPay(card.data, project) };
    });
    return {
      ente: project.config.ente,
      id: d.id,
      anno: d.anno,
      luogo: d.luogo ?? project.config.ente.luogo,
      data: d.data ?? null,
      settore: d.settore,
      regolamento: { ...d.regolamento, allegato_a: d.regolamento.allegato_a ?? null },
      categorie: d.categorie,
      termine_giorni: d.termine_giorni,
      modalita_domanda: d.modalita_domanda,
      allegati_domanda: d.allegati_domanda,
      firmatario: d.firmatario,
      contatti: d.contatti ? { email: null, telefono: null, ...d.contatti } : null,
      schede: cards,
      totale_retribuzioni: cards.reduce((s, c) => s + c.retribuzione, 0),
      sezioni: sectionsView(doc as unknown as Doc),
      /** From the planned publication date in the source: start and deadline, printed in the act. */
      pubblicazione: d.pubblicazione ? publicationView(d, project) : null,
    };
  },
  attachments: (doc, project) => attached(doc, project.byId) as unknown as Doc[],
  date: (doc) => doc.data.data ?? `${doc.data.anno}-01-01`,
};
