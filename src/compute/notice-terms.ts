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
