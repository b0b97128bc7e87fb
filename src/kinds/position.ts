import { AREAS, readArea } from '../rulebook/areas.js';
import { areasOf } from '../rulebook/areas.js';
import { didYouMean } from '../validate/zod-issues.js';
import type { Doc, Project, RuleIssue } from './kind.js';

/**
 * Areas as written: an Area id is fine; an old category letter is read with a warning naming its Area;
 * anything else is an error with the closest Area.
 */
export function areaIssues(values: readonly string[] | undefined, at: PropertyKey[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  (values ?? []).forEach((v, i) => {
    const r = readArea(v);
    if ('unknown' in r) {
      const guess = didYouMean(v, [...AREAS]);
      issues.push({ path: [...at, i], message: `area sconosciuta «${v}» (ammesse: ${AREAS.join(', ')})`, hint: guess ? `intendevi «${guess}»?` : 'le categorie A, B, C, D si scrivono ora come aree (A → operatori, B → operatori-esperti, C → istruttori, D → funzionari-eq)' });
    } else if (r.legacy) {
      issues.push({
        path: [...at, i],
        severity: 'avviso',
        message: `la categoria «${r.legacy}» non esiste più dal 1º aprile 2023: corrisponde all'area «${r.area}» (CCNL Funzioni Locali 16.11.2022, art. 13)`,
        hint: `scrivi «${r.area}»`,
      });
    }
  });
  return issues;
}

/** A position's own Areas must be among those of the notices that attach it. */
export function narrowerAreaIssues(doc: Doc<{ id: string; aree?: string[] }>, project: Project): RuleIssue[] {
  if (!doc.data.aree) return [];
  const own = areasOf(doc.data.aree);
  const issues: RuleIssue[] = [];
  for (const n of project.docs.filter((d) => d.kind.tipo === 'avviso')) {
    const data = n.data as { schede: string[]; aree?: string[]; categorie?: string[] };
    if (!data.schede.includes(doc.data.id)) continue;
    const open = areasOf(data.aree ?? data.categorie ?? []);
    const outside = own.filter((a) => !open.includes(a));
    if (outside.length) {
      issues.push({ path: ['aree'], message: `la posizione è riservata a ${outside.join(', ')}, ma l'avviso ${n.source.file} non è aperto a quell'area`, hint: `aree dell'avviso: ${open.join(', ')}` });
    }
  }
  return issues;
}

/** A card's service must be a "tipo: servizio" source of the same ente. */
export function serviceIssues(ref: string | undefined, project: Project): RuleIssue[] {
  if (!ref) return [];
  const target = project.byId.get(ref);
  if (target?.kind.tipo === 'servizio') return [];
  const services = project.docs.filter((d) => d.kind.tipo === 'servizio').map((d) => String((d.data as { id: string }).id));
  const guess = didYouMean(ref, services);
  return [
    {
      path: ['servizio'],
      message: target ? `«${ref}» non è un servizio (è un documento di tipo ${target.kind.tipo})` : `il servizio «${ref}» non esiste in questo ente`,
      hint: guess ? `intendevi «${guess}»?` : services.length ? `servizi dell'ente: ${services.join(', ')}` : 'l\'ente non ha ancora sorgenti "tipo: servizio"',
    },
  ];
}

/**
 * The notice a card is attached to, and its number there: the card prints «Allegato n. 2 all'avviso …»
 * with the notice's date. Null for a card no notice attaches.
 */
export function attachedTo(id: string, project: Project): { numero: number; avviso: string; data: string | null } | null {
  for (const n of project.docs) {
    if (n.kind.tipo !== 'avviso') continue;
    const d = n.data as { schede: string[]; anno: number; data?: string; incarico?: string };
    const i = d.schede.indexOf(id);
    if (i < 0) continue;
    const what = d.incarico === 'elevata-qualificazione' ? 'degli incarichi di Elevata Qualificazione' : 'delle specifiche responsabilità';
    return { numero: i + 1, avviso: `per il conferimento ${what}, anno ${d.anno}`, data: d.data ?? null };
  }
  return null;
}
