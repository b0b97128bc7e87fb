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
