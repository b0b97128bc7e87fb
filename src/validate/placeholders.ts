import type { Diagnostic } from '../diagnostics.js';
import { locate, type Source } from '../load/source.js';

/** What `albo nuovo` writes where the office has to write something: never valid in an act. */
export const PLACEHOLDER = '[da compilare';

const describe = (text: string) => /\[da compilare:?\s*([^\]]*)\]/.exec(text)?.[1]?.trim();

/** Every placeholder left in a source, located: frontmatter values and body lines. */
export function placeholderDiagnostics(source: Pick<Source, 'data' | 'yaml' | 'lines'> & { body?: string }, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const walk = (v: unknown, path: PropertyKey[], depth: number) => {
    if (depth > 16) return;
    if (typeof v === 'string' && v.includes(PLACEHOLDER)) {
      const what = describe(v);
      const name = path.filter((p) => typeof p === 'string').join('.');
      out.push({ file, ...locate(source, path), severity: 'errore', message: `campo «${name}» da compilare${what ? `: ${what}` : ''}`, hint: 'sostituisci il segnaposto «[da compilare …]» con il valore (vedi il commento sopra il campo)' });
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i], depth + 1));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, [...path, k], depth + 1);
  };
  walk(source.data, [], 0);
  (source.body ?? '').split('\n').forEach((line, i) => {
    const column = line.indexOf(PLACEHOLDER);
    if (column >= 0) {
      const what = describe(line.slice(column));
      out.push({ file, line: i + 1, column: column + 1, severity: 'errore', message: `testo da compilare${what ? `: ${what}` : ''}`, hint: 'scrivi il testo al posto del segnaposto «[da compilare …]»' });
    }
  });
  return out;
}
