/**
 * The four Areas of the professional classification of the CCNL Funzioni Locali 16.11.2022 (Titolo III,
 * from 1.4.2023), which replaced categories A, B, C, D. The vocabulary is closed: sources name Areas by
 * these ids; old category letters are still read, with a warning naming the Area they map to.
 */
export const AREAS = ['operatori', 'operatori-esperti', 'istruttori', 'funzionari-eq'] as const;

export type Area = (typeof AREAS)[number];

export const AREA_NAMES: Record<Area, string> = {
  operatori: 'Area degli Operatori',
  'operatori-esperti': 'Area degli Operatori esperti',
  istruttori: 'Area degli Istruttori',
  'funzionari-eq': "Area dei Funzionari e dell'Elevata Qualificazione",
};

/** Category of the CCNL 31.3.1999 classification → Area (art. 13 c. 2 CCNL 16.11.2022, Tabella B). */
export const AREA_OF_CATEGORY: Record<string, Area> = { A: 'operatori', B: 'operatori-esperti', C: 'istruttori', D: 'funzionari-eq' };

export const isArea = (s: string): s is Area => (AREAS as readonly string[]).includes(s);

/** How a written value reads: an Area, a former category (mapped, with a warning), or unknown. */
export type AreaReading = { area: Area; legacy?: string } | { unknown: string };

export function readArea(value: string): AreaReading {
  const v = value.trim();
  if (isArea(v)) return { area: v };
  // "B1", "B3", "D1", "D3" were positions inside a category: they map like the letter.
  const letter = (/^([ABCD])[1-7]?$/i.exec(v)?.[1] ?? '').toUpperCase();
  if (letter) return { area: AREA_OF_CATEGORY[letter]!, legacy: v.toUpperCase() };
  return { unknown: v };
}

/** The Areas a list of written values stands for, in the written order, without repetitions. */
export function areasOf(values: readonly string[]): Area[] {
  const out: Area[] = [];
  for (const v of values) {
    const r = readArea(v);
    if ('area' in r && !out.includes(r.area)) out.push(r.area);
  }
  return out;
}

/** «dell'Area dei Funzionari e dell'Elevata Qualificazione e dell'Area degli Istruttori» */
export function areasPhrase(areas: readonly Area[]): string {
  const parts = areas.map((a) => `dell'${AREA_NAMES[a]}`);
  // Stryker disable next-line StringLiteral: equivalent, joining one part or none uses no separator
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} e ${parts[parts.length - 1]}`;
}
