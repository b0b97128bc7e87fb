import { publicationEnd, termDeadline, type Deadline } from './deadline.js';
import { formatLongDate } from '../format/italian.js';

/** A notice's planned publication and the application deadline it prints, all from its sources. */
export interface NoticeTerms {
  /** First day on the Albo (the notice's `pubblicazione.dal`). */
  start: string;
  /** Last day on the Albo: the days of publication, and at least until applications close. */
  end: string;
  /** Days of publication for the act type. */
  days: number;
  /** Whether the end was pushed to the application deadline. */
  untilDeadline: boolean;
  deadline: Deadline;
}

export function noticeTerms(start: string, termDays: number, publicationDays: number): NoticeTerms {
  const deadline = termDeadline(start, termDays);
  const byDays = publicationEnd(start, publicationDays);
  // The later of the two (ISO dates sort as text).
  const end = [byDays, deadline.date].sort().at(-1)!;
  return { start, end, days: publicationDays, untilDeadline: end !== byDays, deadline };
}

/** One line for people: when the notice is on the Albo and when applications close (and why it moved). */
export function describeTerms(t: NoticeTerms, termDays: number): string {
  const moved = t.deadline.moved.length ? `; il ${t.deadline.moved.map((m) => `${formatLongDate(m.slice(0, 10))} è ${m.slice(11)}`).join(', il ')}` : '';
  return `all'Albo dal ${formatLongDate(t.start)} al ${formatLongDate(t.end)}; domande entro il ${formatLongDate(t.deadline.date)} (${termDays} giorni dalla pubblicazione, escluso il primo${moved})`;
}

/**
 * When the application deadline falls on the patron saint's day (MM-GG): offices are closed, but the legal
 * term does not move. Said at check and build, while the dates can still change, and again at publication.
 */
export function patronDayIssue(t: NoticeTerms, patron: { giorno: string; nome: string } | undefined): { message: string; hint: string } | undefined {
  if (!patron || t.deadline.date.slice(5) !== patron.giorno) return undefined;
  return {
    message: `il termine per le domande (${formatLongDate(t.deadline.date)}) cade nel giorno del santo patrono, ${patron.nome}: gli uffici sono chiusi, ma il termine legale non si sposta`,
    hint: "valuta se indicare nell'avviso come presentare la domanda quel giorno (es. posta elettronica)",
  };
}
