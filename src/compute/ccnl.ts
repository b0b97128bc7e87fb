/**
 * Legal maximum of the allowance for specific responsibilities, CCNL Funzioni Locali 2019–2021
 * (signed 16.11.2022), art. 84, comma 1: up to € 3.000 a year (gross), raised to € 4.000 for staff of the
 * Area dei Funzionari e dell'Elevata Qualificazione without an EQ assignment. The article replaces art.
 * 70-quinquies of the CCNL 21.5.2018 and with it the separate € 350 allowance for registry, civil-status
 * and electoral officers, whose duties are now among the cases of art. 84 itself (same maximum).
 * Sources consulted: the Aran text as summarised by moltocomuni.it ("Preintesa – CCNL/2, indennità per
 * specifiche responsabilità", on the 4.8.2022 hypothesis, unchanged in the final text) and
 * biancoeassociatisrl.it ("L'indennità per specifiche responsabilità", 3.8.2023).
 */
export const CCNL_RULE = 'CCNL Funzioni Locali 16.11.2022, art. 84, c. 1';

/** Cents per area. */
const CAP_BY_AREA = {
  operatori: 300_000,
  operatori_esperti: 300_000,
  istruttori: 300_000,
  funzionari: 400_000,
} as const;

export type Area = keyof typeof CAP_BY_AREA;

/** The former categories (A, B, C, D) map onto the areas of the 2019–2021 contract (art. 13). */
const AREA_OF_CATEGORY: Record<string, Area> = { A: 'operatori', B: 'operatori_esperti', C: 'istruttori', D: 'funzionari' };

export const AREA_NAMES: Record<Area, string> = {
  operatori: 'area degli Operatori',
  operatori_esperti: 'area degli Operatori esperti',
  istruttori: 'area degli Istruttori',
  funzionari: 'area dei Funzionari e dell\'Elevata Qualificazione',
};

export function areaOf(category: string): Area | undefined {
  const c = category.trim();
  return AREA_OF_CATEGORY[c.toUpperCase()] ?? (c in CAP_BY_AREA ? (c as Area) : undefined);
}

/**
 * The cap of a position open to these categories or areas: the lowest, since any of them may get it.
 * A position no notice opens to anyone gets the highest cap the article allows.
 */
export function legalCap(categories: readonly string[]): { cents: number; area: Area } {
  const areas = categories.map(areaOf).filter((a): a is Area => a !== undefined);
  if (!areas.length) return { cents: CAP_BY_AREA.funzionari, area: 'funzionari' };
  return areas.map((area) => ({ cents: CAP_BY_AREA[area], area })).sort((a, b) => a.cents - b.cents)[0]!;
}
