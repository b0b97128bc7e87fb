/** Italian wording for the yaml package's error codes; the original text is kept for the rest. */
const messages: Record<string, string> = {
  DUPLICATE_KEY: 'campo ripetuto: ogni campo può comparire una volta sola',
  BAD_INDENT: 'rientro errato',
  TAB_AS_INDENT: 'rientro con tabulazione: nel frontmatter si rientra solo con spazi',
  MISSING_CHAR: 'manca un carattere di chiusura (virgolette, parentesi o due punti)',
  MULTILINE_IMPLICIT_KEY: 'un nome di campo non può andare a capo (manca ":" alla riga precedente?)',
  BLOCK_AS_IMPLICIT_KEY: 'struttura non valida: manca ":" o un rientro è sbagliato',
  UNEXPECTED_TOKEN: 'carattere inatteso',
  BAD_SCALAR_START: 'un valore non può iniziare con questo carattere: mettilo tra virgolette',
  MISSING_ANCHOR: 'riferimento (alias) a un\'ancora che non esiste',
  BAD_DQ_ESCAPE: 'sequenza di escape non valida tra virgolette doppie',
  ALIAS_PROPS: 'un alias non può avere proprietà',
  KEY_OVER_1024_CHARS: 'nome di campo troppo lungo',
  IMPOSSIBLE: 'sintassi non valida',
};

export function yamlErrorMessage(code: string, original: string): string {
  const first = original.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '') ?? '';
  const it = messages[code];
  return it ? `YAML non valido: ${it}` : `YAML non valido (${code}): ${first}`;
}
