import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { albo } from './helpers/cli.js';
import { ROOT } from './helpers/seed.js';
import { validateSource } from '../src/build/project.js';
import { formatDiagnostic } from '../src/diagnostics.js';
import { sourceTypography, typographyIssues } from '../src/lint/typography.js';
import { readCard, shippedConfig } from './helpers/project.js';

const FILE = 'content/capannori/2024/schede/prova.md';
const card = readCard('coordinamento-stato-civile');
/** The shipped card with `text` as the first paragraph of its first section, and its typography warnings. */
function warnings(text: string, typographic = false, frontmatter: (fm: string) => string = (fm) => fm): string[] {
  const [, fm, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(card)!;
  const source = `---\n${frontmatter(fm!)}\n---\n${body!.replace(/(## Bisogno organizzativo\n\n)/i, `$1${text}\n\n`)}`;
  const config = { ...shippedConfig(), tipografia: { virgolette: typographic ? ('tipografiche' as const) : ('diritte' as const) } };
  const line = source.split('\n').indexOf(text.split('\n')[0]!) + 1;
  const fmEnd = source.split('\n').indexOf('---', 1) + 1;
  const { doc, diagnostics } = validateSource(new TextEncoder().encode(source), FILE, config);
  // The lint is advice of `albo check`, not part of validation: the source stays valid, without warnings.
  expect(diagnostics).toEqual([]);
  return sourceTypography(doc!.source, config)
    // Lines relative to the inserted text; the card's own text (it has an «E'» of its own) is left out.
    .filter((d) => d.line! < fmEnd || (d.line! >= line && d.line! < line + text.split('\n').length))
    .map((d) => formatDiagnostic({ ...d, line: d.line! - line + 1 }).replace(`${FILE}:`, ''));
}

describe('typography lint (warnings with the place and the fix)', () => {
  it('albo check prints them for the shipped content, located; build does not repeat them', async () => {
    const check = await albo(['check', 'content/capannori/2024/avviso-servizi-al-cittadino.md']);
    expect(check.code).toBe(0);
    const line = readFileSync(path.join(ROOT, 'content/capannori/2024/avviso-servizi-al-cittadino.md'), 'utf8').split('\n').findIndex((l) => l.startsWith("E' comunque")) + 1;
    expect(check.err).toBe(`content/capannori/2024/avviso-servizi-al-cittadino.md:${line}:1: avviso: «E'» al posto di «È»\n  suggerimento: scrivi «È» (E maiuscola con l’accento grave; su Windows Alt+0200)\n0 errori, 1 avviso`);
  });

  it("«E'» and «E’» as a word: «È», at the column of the E", () => {
    expect(warnings("Il posto. E' necessaria una figura; E’ altresì richiesto.")).toEqual([
      "1:11: avviso: «E'» al posto di «È»\n  suggerimento: scrivi «È» (E maiuscola con l’accento grave; su Windows Alt+0200)",
      '1:37: avviso: «E’» al posto di «È»\n  suggerimento: scrivi «È» (E maiuscola con l’accento grave; su Windows Alt+0200)',
    ]);
  });

  it("not an elision or a name: «E'» before a letter, «DELL'ENTE», «CAFE'» stay", () => {
    expect(warnings("L'E'lenco? No: DELL'ENTE, l'E'state e CAFE' restano.")).toEqual([]);
  });

  it("«Pò» and «pò»: «Po'» and «po'»; accent written as an apostrophe: «perche'» → «perché», «attivita'» → «attività»", () => {
    expect(warnings("Un pò di tempo, Pò dopo, perche' piu' attivita' e RESPONSABILITA’ e citta'.").map((w) => w.split('\n')[0])).toEqual([
      "1:4: avviso: «pò» al posto di «po'»",
      "1:17: avviso: «Pò» al posto di «Po'»",
      "1:26: avviso: «perche'» al posto di «perché»",
      "1:34: avviso: «piu'» al posto di «più»",
      "1:39: avviso: «attivita'» al posto di «attività»",
      '1:51: avviso: «RESPONSABILITA’» al posto di «RESPONSABILITÀ»',
      "1:69: avviso: «citta'» al posto di «città»",
    ]);
    // Truncations and elisions are right as they are.
    expect(warnings("Un po' di tempo, dell'ufficio, quest'anno, mo' e be'.")).toEqual([]);
  });

  it('double spaces between words, on the second line of a paragraph too; not a line break made of two trailing spaces', () => {
    expect(warnings('Prima riga con uno spazio.  \nSeconda riga con  due spazi e   tre.')).toEqual([
      '2:17: avviso: 2 spazi di seguito\n  suggerimento: lascia uno spazio solo tra le parole',
      '2:30: avviso: 3 spazi di seguito\n  suggerimento: lascia uno spazio solo tra le parole',
    ]);
  });

  it('code and link addresses are not prose', () => {
    expect(warnings("Vedi `E' codice  qui` e [il sito](https://example.org/perche'/citta').")).toEqual([]);
  });

  it("straight quotes only where the ente asks for typographic ones: one warning a line, with the count", () => {
    const text = `L'ufficio e l'ente scrivono "così".`;
    expect(warnings(text)).toEqual([]);
    expect(warnings(text, true)).toEqual([
      "1:2: avviso: 2 apostrofi diritti (') in questa riga\n  suggerimento: l’ente usa l’apostrofo tipografico: scrivi «’» (su Windows Alt+0146)",
      '1:29: avviso: 2 virgolette diritte (") in questa riga\n  suggerimento: l’ente usa le virgolette tipografiche: scrivi «…» oppure “…”',
    ]);
    expect(warnings('L’ufficio scrive «così» e “così”.', true)).toEqual([]);
  });

  it('frontmatter strings are read too, at the field (YAML quotes are not the text\'s)', () => {
    const out = warnings('Testo.', true, (fm) => fm.replace(/^titolo: .*$/m, `titolo: "E' il titolo"`));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^-?\d+:\d+: avviso: «titolo»: «E'» al posto di «È»/);
  });

  it('the pure function reports offsets in the text it is given', () => {
    expect(typographyIssues("ab  c E'", { typographicQuotes: false }).map((i) => [i.index, i.message])).toEqual([
      [2, '2 spazi di seguito'],
      [6, "«E'» al posto di «È»"],
    ]);
  });
});
