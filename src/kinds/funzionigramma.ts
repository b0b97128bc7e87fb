import type { Doc, Project } from './kind.js';
import type { Scheda } from './scheda.js';
import { cardPay, cardWeight, printedOrNull } from './scheda.js';
import type { Servizio } from './servizio.js';
import { eqPay, type SchedaEq } from './scheda-eq.js';

/** The ente-wide document derived from all services and cards: no source of its own. */
export const FUNZIONIGRAMMA = { template: 'funzionigramma.md.hbs', name: 'funzionigramma' } as const;

export function hasFunzionigramma(project: Project): boolean {
  return project.docs.some((d) => d.kind.tipo === 'servizio' || d.kind.tipo === 'scheda' || d.kind.tipo === 'scheda-eq');
}

/** The documents the funzionigramma is made of. */
export function funzionigrammaSources(project: Project): Doc[] {
  return project.docs.filter((d) => ['servizio', 'scheda', 'fondo', 'scheda-eq', 'fondo-eq'].includes(d.kind.tipo));
}

export function funzionigrammaView(project: Project): object {
  const services = project.docs.filter((d) => d.kind.tipo === 'servizio') as unknown as Doc<Servizio>[];
  const cards = project.docs.filter((d) => d.kind.tipo === 'scheda') as unknown as Doc<Scheda>[];
  const position = (c: Doc<Scheda>) => ({
    titolo: c.data.titolo,
    anno: c.data.anno,
    settore: c.data.settore,
    ufficio: c.data.ufficio,
    pesatura: printedOrNull(cardWeight(c.data, project.config)),
    indennita: cardPay(c.data, project),
  });
  const eqCards = project.docs.filter((d) => d.kind.tipo === 'scheda-eq') as unknown as Doc<SchedaEq>[];
  const byTitle = (a: Doc<Scheda>, b: Doc<Scheda>) => a.data.anno - b.data.anno || a.data.settore.localeCompare(b.data.settore, 'it') || a.data.titolo.localeCompare(b.data.titolo, 'it');
  return {
    ente: project.config.ente,
    pesata: project.config.criteri.length > 0,
    incarichi_eq: eqCards
      .sort((a, b) => a.data.anno - b.data.anno || a.data.settore.localeCompare(b.data.settore, 'it') || a.data.titolo.localeCompare(b.data.titolo, 'it'))
      .map((c) => ({ anno: c.data.anno, settore: c.data.settore, titolo: c.data.titolo, posizione: eqPay(c.data, project).position, risultato: eqPay(c.data, project).result })),
    servizi: services.map((s) => ({
      tipologia: s.data.tipologia,
      nome: s.data.nome,
      sezioni: { generali: s.sections.generali?.markdown ?? null, specifiche: s.sections.specifiche?.markdown ?? null },
      nuclei: s.data.nuclei,
      posizioni: cards.filter((c) => c.data.servizio === s.data.id).sort(byTitle).map(position),
    })),
    altre_posizioni: cards.filter((c) => !c.data.servizio).sort(byTitle).map(position),
  };
}
