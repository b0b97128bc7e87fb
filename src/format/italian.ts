const months = ['gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre', 'novembre', 'dicembre'];

/** `€ 2.300,00` from cents, with a no-break space so the sign never ends a line. */
export function formatEuro(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  const units = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}€\u00a0${units},${String(abs % 100).padStart(2, "0")}`;
}

function parseIsoDate(iso: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new Error(`data non valida: ${iso}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** `15/01/2024` */
export function formatDate(iso: string): string {
  const [y, m, d] = parseIsoDate(iso);
  return `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
}

/** `15 gennaio 2024` (`1º` for the first day, as Italian usage has it). */
export function formatLongDate(iso: string): string {
  const [y, m, d] = parseIsoDate(iso);
  return `${d === 1 ? '1º' : d} ${months[m - 1]} ${y}`;
}

/** `7.800`, `94.969`: Italian grouping from four digits, as offices write amounts and counts. */
export function formatInteger(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
}

/**
 * A weight in points, from hundredths of a point: `91`, `13,5`, `13,05` (decimal comma, no grouping: the
 * way the cards and the prospetto have always printed whole weights).
 */
export function formatPoints(hundredths: number): string {
  const h = Math.round(hundredths);
  const sign = h < 0 ? '-' : '';
  const whole = Math.floor(Math.abs(h) / 100);
  const rest = Math.abs(h) % 100;
  return `${sign}${whole}${rest ? `,${String(rest).padStart(2, '0').replace(/0$/, '')}` : ''}`;
}

/** `D e C`, `A, B e C` */
export function joinItalian(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} e ${items[items.length - 1]}`;
}

export function isValidIsoDate(iso: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/**
 * Why a date is not a valid AAAA-MM-GG, in words: a date written in the right shape that does not exist
 * (30 February) is told as such, not as a wrong format.
 */
export function isoDateProblem(text: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return 'data non valida: scrivila come AAAA-MM-GG (es. 2024-01-15)';
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12) return `data inesistente: il mese «${m[2]}» non esiste (da 01 a 12; la data si scrive AAAA-MM-GG)`;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1) return `data inesistente: il giorno «${m[3]}» non esiste (da 01 a ${days}; la data si scrive AAAA-MM-GG)`;
  return `data inesistente: ${months[month - 1]} ${year} ha ${days} giorni, non ${day}`;
}

const FEMININE_IN_E = /^(commissione|conferenza|unione|direzione|sezione)\b/i;

/** The articulated preposition before the name of an organ: «dalla Giunta», «del Consiglio», «dell'Assemblea». */
export function articulated(prep: 'da' | 'di', name: string): string {
  const n = name.trim();
  const base = prep === 'da' ? 'da' : 'de';
  if (/^[aeiouàèéìòù]/i.test(n)) return `${base}ll'${n}`;
  const first = n.split(/\s/)[0]!;
  const feminine = /a$/i.test(first) || FEMININE_IN_E.test(first);
  if (feminine) return `${base}lla ${n}`;
  // "dello Staff", "dello Sportello": "lo" before s + consonant, z, gn, ps.
  if (/^(s[^aeiouàèéìòù]|z|gn|ps)/i.test(first)) return `${base}llo ${n}`;
  return prep === 'da' ? `dal ${n}` : `del ${n}`;
}

/** «della Giunta comunale», «del Consiglio comunale». */
export const ofOrgan = (name: string): string => articulated('di', name);

/**
 * Words that name an organisational unit when a settore's or an office's name begins with one: «Corpo di
 * Polizia Locale», «Area Tecnica», «Servizio Sistemi Informativi», «U.O.C. Tributi». Singular only:
 * «Servizi al Cittadino e Gabinetto del Sindaco» (Capannori) is a bare name, printed «Settore Servizi …».
 */
const UNIT_WORDS = [
  'settore',
  'area',
  'servizio',
  'ufficio',
  'corpo',
  'comando',
  'dipartimento',
  'direzione',
  'divisione',
  'ripartizione',
  "unit(?:à|a['’])",
  'sezione',
  'reparto',
  'nucleo',
  'staff',
  'segreteria',
  'avvocatura',
  'u\\.\\s?o\\.(?:[a-z]\\.)?',
];
const UNIT_START = new RegExp(`^(?:${UNIT_WORDS.join('|')})(?![\\p{L}\\p{N}])`, 'iu');

/** The name begins with a word naming its kind of unit («Settore Servizi Sociali», «Corpo di Polizia Locale»). */
export function namesItsUnit(name: string): boolean {
  return UNIT_START.test(name.normalize('NFC').trimStart());
}

/**
 * A settore or an office as an act names it: the noun before a bare name («Settore Servizi al Cittadino»),
 * the name as written when it already says what it is («Corpo di Polizia Locale», not «Settore Corpo …»).
 */
export function unitName(noun: string, name: string | null): string {
  if (name === null || !name.trim()) return '';
  return namesItsUnit(name) ? name : `${noun} ${name}`;
}

/** The same with the bare name in quotes, as the cards print it: «Settore “Servizi al Cittadino”»; a name that says what it is stays unquoted. */
export function quotedUnitName(noun: string, name: string | null): string {
  if (name === null || !name.trim()) return '';
  return namesItsUnit(name) ? name : `${noun} “${name}”`;
}

/**
 * Several settori or offices: «Settori A e B» when every name is bare; else each named on its own
 * («Corpo di Polizia Locale e Settore Servizi Demografici»).
 */
export function unitNames(noun: string, plural: string, names: readonly string[] | null): string {
  if (!names?.length) return '';
  if (names.length === 1) return unitName(noun, names[0]!);
  return names.some(namesItsUnit) ? joinItalian(names.map((n) => unitName(noun, n))) : `${plural} ${joinItalian(names)}`;
}

/** The singular for one, the plural otherwise (zero included): «1 scheda», «2 schede», «0 schede». */
export function byCount(count: number, one: string, many: string): string {
  return count === 1 ? one : many;
}
