import * as z from 'zod';
import { idField, isoDate, sameName, text, year } from './common.js';
import { docId, sectionsView, type Doc, type Kind, type Project, type RuleIssue } from './kind.js';
import { noticeTerms, patronDayIssue, type NoticeTerms } from '../compute/notice-terms.js';
import { areasField, cardPay, cardWeight, printedOrNull, type Scheda } from './scheda.js';
import { eqPay, eqWeight, type SchedaEq } from './scheda-eq.js';
import { areaIssues } from './position.js';
import { didYouMean } from '../validate/zod-issues.js';
import { areasOf, areasPhrase, type Area } from '../rulebook/areas.js';
import { citation, defaultRulebook, ruleInForce } from '../rulebook/rulebook.js';
import { legalBasisFields, legalBasisIssues, legalBasisPhrase } from './legal-basis.js';
import { unitName } from '../format/italian.js';

export const INCARICHI = ['specifiche-responsabilita', 'elevata-qualificazione'] as const;

export const avvisoSchema = z.strictObject({
  tipo: z.literal('avviso'),
  id: idField,
  anno: year,
  /** Place of signature; the ente's place when omitted. */
  luogo: text.optional(),
  /** Date of signature (AAAA-MM-GG); when omitted the notice reads "data della firma digitale". */
  data: isoDate.optional(),
  /** The settore the notice is for; `settori` for several; neither: the whole ente. */
  settore: text.optional(),
  settori: z.array(text).min(2, 'per un solo settore scrivi «settore:»').optional(),
  /** What the notice rests on: exactly one of regolamento, ccdi, ccnl (see legal-basis.ts). */
  ...legalBasisFields,
  /** What the notice assigns: specific responsibilities (art. 84) or Elevata Qualificazione (art. 16-17). */
  incarico: z.enum(INCARICHI).default('specifiche-responsabilita'),
  /** The Areas admitted (operatori, operatori-esperti, istruttori, funzionari-eq). */
  aree: areasField.optional(),
  /** Superseded by `aree` (categories no longer exist since 1.4.2023): still read, with a warning. */
  categorie: areasField.optional(),
  termine_giorni: z.int().positive().max(365),
  /** How the application is sent, e.g. "posta elettronica al dirigente". */
  modalita_domanda: text,
  allegati_domanda: z.array(text),
  /** Who signs: role, name and, when it is not the notice's settore, the signer's own settore or office. */
  firmatario: z.strictObject({ ruolo: text, nome: text, settore: text.optional() }),
  /** The protocol registration, when known before signing; else the act reads «Prot. n. vedi segnatura». */
  protocollo: z.strictObject({ numero: z.union([z.int().positive(), text]), data: isoDate }).optional(),
  /** The office to contact: printed in the notice and allowed in a publication (not personal data). */
  contatti: z
    .strictObject({ ufficio: text, email: z.email('indirizzo e-mail non valido').optional(), telefono: text.optional() })
    .optional(),
  schede: z.array(idField).min(1, 'un avviso allega almeno una scheda'),
  /** Planned first day on the Albo Pretorio: the act prints its deadline counted from it (issue #11). */
  pubblicazione: z.strictObject({ dal: isoDate }).optional(),
});

export type Avviso = z.infer<typeof avvisoSchema>;

/** The Areas a notice is open to, whichever field it uses. */
export const noticeAreas = (d: Pick<Avviso, 'aree' | 'categorie'>): Area[] => areasOf(d.aree ?? d.categorie ?? []);

/** The settori a notice is for; empty: the whole ente. */
export const noticeSettori = (d: Pick<Avviso, 'settore' | 'settori'>): string[] => (d.settore ? [d.settore] : (d.settori ?? []));

/** The card kind a notice attaches. */
const cardKind = (d: Avviso) => (d.incarico === 'elevata-qualificazione' ? 'scheda-eq' : 'scheda');

/** The notice's publication period and deadline, from its planned start and the ente's days for notices. */
export function avvisoTerms(d: Avviso, project: Project): NoticeTerms | undefined {
  return d.pubblicazione && noticeTerms(d.pubblicazione.dal, d.termine_giorni, project.config.pubblicazione.giorni.avviso ?? 15);
}

function publicationView(d: Avviso, project: Project) {
  const t = avvisoTerms(d, project)!;
  return { inizio: t.start, fine: t.end, scadenza: t.deadline.date };
}

function attached(doc: Doc<Avviso>, byId: Map<string, Doc>): Doc[] {
  const kind = cardKind(doc.data);
  return doc.data.schede.map((id) => byId.get(id)).filter((d): d is Doc => d?.kind.tipo === kind);
}

/** The notice's cards grouped by settore, first appearance first; null when all share one settore. */
type CardRow = { importo: number; posizione: number | null; risultato: number | null };

function groups(found: Doc[], cards: readonly CardRow[]) {
  const bySettore: { settore: string; schede: CardRow[] }[] = [];
  found.forEach((doc, i) => {
    const name = (doc.data as { settore: string }).settore;
    const group = bySettore.find((g) => sameName(g.settore, name));
    if (group) group.schede.push(cards[i]!);
    else bySettore.push({ settore: name, schede: [cards[i]!] });
  });
  const sum = (rows: CardRow[], f: (c: CardRow) => number | null) => rows.reduce((s, c) => s + (f(c) ?? 0), 0);
  // One settore: a single group with no heading, so a template has one loop for both cases.
  const single = bySettore.length <= 1;
  return (single ? [{ settore: null, schede: [...cards] }] : bySettore).map((g) => ({
    ...g,
    totale: sum(g.schede, (c) => c.importo),
    totale_posizione: sum(g.schede, (c) => c.posizione),
    totale_risultato: sum(g.schede, (c) => c.risultato),
  }));
}

export const avviso: Kind<Avviso> = {
  tipo: 'avviso',
  template: 'avviso.md.hbs',
  sections: [{ key: 'selezione', heading: 'Selezione', required: true }],
  schema: () => avvisoSchema,
  rules(doc) {
    const issues: RuleIssue[] = [...legalBasisIssues(doc.data), ...areaIssues(doc.data.aree, ['aree']), ...areaIssues(doc.data.categorie, ['categorie'])];
    if (!doc.data.aree && !doc.data.categorie) {
      issues.push({ path: [], message: 'manca il campo obbligatorio «aree»', hint: 'aggiungi «aree:» con le aree ammesse, es. [funzionari-eq, istruttori]' });
    } else if (doc.data.aree && doc.data.categorie) {
      issues.push({ path: ['categorie'], message: '«categorie» e «aree» insieme', hint: 'tieni solo «aree»: le categorie non esistono più dal 1º aprile 2023' });
    } else if (doc.data.categorie) {
      issues.push({ path: ['categorie'], severity: 'avviso', message: 'il campo «categorie» è superato: dal 1º aprile 2023 il personale è inquadrato in aree', hint: `scrivi «aree: [${noticeAreas(doc.data).join(', ')}]»` });
    }
    if (doc.data.settore && doc.data.settori) {
      issues.push({ path: ['settori'], message: '«settore» e «settori» insieme', hint: 'un settore: «settore: …»; più settori: «settori: [...]»; tutto l\'ente: nessuno dei due' });
    }
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
    const terms = avvisoTerms(doc.data, project);
    const patron = terms && patronDayIssue(terms, project.config.pubblicazione.patrono);
    if (patron) issues.push({ path: ['pubblicazione', 'dal'], severity: 'avviso', ...patron });
    const kind = cardKind(doc.data);
    const cardIds = project.docs.filter((d) => d.kind.tipo === kind).map(docId);
    doc.data.schede.forEach((id, i) => {
      const card = project.byId.get(id);
      if (!card || card.kind.tipo !== kind) {
        const guess = didYouMean(id, cardIds);
        const wrongKind = card && (card.kind.tipo === 'scheda' || card.kind.tipo === 'scheda-eq');
        issues.push({
          path: ['schede', i],
          message: !card
            ? `la scheda «${id}» non esiste in content/`
            : wrongKind
              ? `«${id}» è una scheda di tipo ${card.kind.tipo}, ma l'avviso è per ${doc.data.incarico === 'elevata-qualificazione' ? 'incarichi di Elevata Qualificazione' : 'specifiche responsabilità'}`
              : `«${id}» non è una scheda (è un documento di tipo ${card.kind.tipo})`,
          hint: wrongKind ? `un avviso con «incarico: ${doc.data.incarico}» allega schede di tipo ${kind}` : guess ? `intendevi «${guess}»?` : `schede disponibili: ${cardIds.join(', ') || 'nessuna'}`,
        });
        return;
      }
      const c = card.data as unknown as { anno: number; settore: string };
      if (c.anno !== doc.data.anno) {
        issues.push({ path: ['schede', i], message: `la scheda «${id}» è dell'anno ${c.anno}, l'avviso del ${doc.data.anno}` });
      }
      const audience = noticeSettori(doc.data);
      if (audience.length && !audience.some((s) => sameName(c.settore, s))) {
        issues.push({
          path: ['schede', i],
          message: `la scheda «${id}» è del settore «${c.settore}», l'avviso ${audience.length === 1 ? `del settore «${audience[0]}»` : `dei settori ${audience.map((s) => `«${s}»`).join(', ')}`}`,
          hint: `correggi "settore:" in ${card.source.file}, allega la scheda all'avviso del suo settore, o togli «settore» dall'avviso se è per tutto l'ente`,
        });
      }
    });
    return issues;
  },
  view(doc, project) {
    const d = doc.data;
    const eq = d.incarico === 'elevata-qualificazione';
    const found = attached(doc, project.byId);
    // «Allegato n. 3» on the card (attachedTo) is its place in the notice's list: the tables print that number.
    const annex = (id: string) => d.schede.indexOf(id) + 1;
    const cards = eq
      ? (found as unknown as Doc<SchedaEq>[]).map((card) => {
          const pay = eqPay(card.data, project);
          return { id: card.data.id, numero: annex(card.data.id), titolo: card.data.titolo, ufficio: card.data.ufficio ?? card.data.settore, pesatura: eqWeight(card.data, project.config), posizione: pay.position, risultato: pay.result, importo: pay.position + pay.result };
        })
      : (found as unknown as Doc<Scheda>[]).map((card) => {
          const pay = cardPay(card.data, project);
          return { id: card.data.id, numero: annex(card.data.id), titolo: card.data.titolo, ufficio: card.data.ufficio, pesatura: printedOrNull(cardWeight(card.data, project.config)), posizione: null, risultato: null, importo: pay };
        });
    const date = d.data ?? `${d.anno}-01-01`;
    const eqRule = eq ? ruleInForce(defaultRulebook(), 'eq-posizione', date) : undefined;
    return {
      ente: project.config.ente,
      id: d.id,
      anno: d.anno,
      luogo: d.luogo ?? project.config.ente.luogo,
      data: d.data ?? null,
      settore: d.settore ?? null,
      /** «Settori A e B», or null for one settore or the whole ente. */
      settori: d.settori ?? null,
      /** «dell'art. 3 del regolamento …, approvato con deliberazione della giunta n. 217/2022»: after «Ai sensi». */
      base: legalBasisPhrase(d)!.testo,
      /** regolamento, ccdi or ccnl: for a template that words them differently. */
      tipo_base: legalBasisPhrase(d)!.tipo,
      eq,
      /** «dell'Area dei Funzionari e dell'Elevata Qualificazione e dell'Area degli Istruttori» */
      aree: areasPhrase(noticeAreas(d)),
      pesata: eq ? (project.config.eq?.criteri.length ?? 0) > 0 : project.config.criteri.length > 0,
      contratto_eq: eqRule && !eqRule.abrogata ? { fonte: citation(eqRule), minimo: Math.round((eqRule.minimo ?? 0) * 100), massimo: Math.round(Number(eqRule.massimo ?? 0) * 100), mensilita: eqRule.mensilita ?? 13 } : null,
      termine_giorni: d.termine_giorni,
      modalita_domanda: d.modalita_domanda,
      allegati_domanda: d.allegati_domanda,
      firmatario: { ...d.firmatario, settore: d.firmatario.settore ?? (d.settore ? unitName('Settore', d.settore) : null) },
      /** «Documento firmato digitalmente ai sensi del D.Lgs. 82/2005 …» (ente.yaml firma.formula), or null. */
      formula_firma: project.config.firma.formula.trim() || null,
      protocollo: d.protocollo ? { numero: String(d.protocollo.numero), data: d.protocollo.data } : null,
      contatti: d.contatti ? { email: null, telefono: null, ...d.contatti } : null,
      schede: cards,
      /** Cards by settore in the notice's order; one group with settore null when they share one. */
      gruppi: groups(found, cards as readonly CardRow[]),
      /** The cards come from more than one settore (ente-wide or multi-settore notices). */
      per_settore: new Set(found.map((c) => (c.data as { settore: string }).settore.toLowerCase())).size > 1,
      totale: cards.reduce((s, c) => s + c.importo, 0),
      totale_posizione: cards.reduce((s, c) => s + (c.posizione ?? 0), 0),
      totale_risultato: cards.reduce((s, c) => s + (c.risultato ?? 0), 0),
      sezioni: sectionsView(doc as unknown as Doc),
      /** From the planned publication date in the source: start and deadline, printed in the act. */
      pubblicazione: d.pubblicazione ? publicationView(d, project) : null,
    };
  },
  attachments: (doc, project) => attached(doc, project.byId) as unknown as Doc[],
  date: (doc) => doc.data.data ?? `${doc.data.anno}-01-01`,
};
