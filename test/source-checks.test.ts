import { describe, expect, it } from 'vitest';
import { parseSource } from '../src/load/source.js';
import { parseMarkdown } from '../src/render/markdown.js';
import { bandIssues } from '../src/validate/bands.js';
import { glyphDiagnostics } from '../src/validate/glyphs.js';
import { placeholderDiagnostics } from '../src/validate/placeholders.js';

// Checks on a source's values, in process: placeholders `albo nuovo` leaves, characters the document font
// cannot draw, bands of points that overlap.
const source = (text: string) => {
  const s = parseSource(new TextEncoder().encode(text), 'a.md').value;
  if (!s) throw new Error('not a source');
  return s;
};
const show = (ds: { line?: number; column?: number; message: string; hint?: string }[]) => ds.map((d) => `${d.line}:${d.column} ${d.message}`);

describe('placeholders left by albo nuovo', () => {
  it('in frontmatter values at any depth (named by their path, without list indexes) and in the body, each located', () => {
    const s = source('---\ntitolo: "[da compilare: il titolo]"\nfirmatario:\n  nome: "[da compilare]"\nvoci:\n  - a\n  - { testo: "x [da compilare:  la voce ] y" }\nnumero: 3\n---\n\nTesto.\n\nAltro [da compilare: la motivazione] qui.\n');
    const ds = placeholderDiagnostics(s, 'a.md');
    expect(show(ds)).toEqual([
      '2:9 campo «titolo» da compilare: il titolo',
      '4:9 campo «firmatario.nome» da compilare',
      '7:14 campo «voci.testo» da compilare: la voce',
      '13:7 testo da compilare: la motivazione',
    ]);
    expect(ds.map((d) => d.hint)).toEqual([
      ...Array(3).fill('sostituisci il segnaposto «[da compilare …]» con il valore (vedi il commento sopra il campo)'),
      'scrivi il testo al posto del segnaposto «[da compilare …]»',
    ]);
    expect(ds.every((d) => d.file === 'a.md' && d.severity === 'errore')).toBe(true);
  });
  it('nothing to say about a compiled source; «[da compilare» alone is still a placeholder', () => {
    expect(placeholderDiagnostics(source('---\ntitolo: Pronto\n---\n\nTesto [compilato].\n'), 'a.md')).toEqual([]);
    expect(show(placeholderDiagnostics(source('---\ntitolo: x\n---\n[da compilare\n'), 'a.md'))).toEqual(['4:1 testo da compilare']);
  });
});

describe('bands of points', () => {
  it('bands that run backwards or overlap are reported at the later band\'s «da», whatever their order in the file', () => {
    expect(bandIssues([{ da: 0, a: 10 }, { da: 11, a: 20 }], ['fasce'])).toEqual([]);
    expect(bandIssues([{ da: 11, a: 20 }, { da: 0, a: 10 }], ['fasce'])).toEqual([]);
    expect(bandIssues([{ da: 11, a: 20 }, { da: 0, a: 11 }], ['fasce'])).toEqual([{ path: ['fasce', 0, 'da'], message: 'la fascia 11–20 si sovrappone a 0–11', hint: 'ogni pesatura deve cadere in una sola fascia' }]);
    expect(bandIssues([{ da: 5, a: 5 }], ['x'])).toEqual([]);
    expect(bandIssues([{ da: 6, a: 5 }], ['x'])).toEqual([{ path: ['x', 0, 'da'], message: "fascia 6–5: l'inizio supera la fine" }]);
  });
});

describe('characters the document font cannot draw', () => {
  it('in frontmatter strings (each character once per value) and in the body text, located; Italian text is fine', () => {
    const s = source('---\ntitolo: "Perché l’è € 2.300,00 «sì» – ok…"\nvoci: ["freccia → e → ancora", "ok"]\n---\n\nUna spunta ✓ qui.\n\n    codice ☐\n');
    const ds = glyphDiagnostics(s, parseMarkdown(s.body));
    expect(ds.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '3:8 caratteri non stampabili con il font del documento: «→» (U+2192)',
      '6:1 carattere non stampabile con il font del documento: «✓» (U+2713)',
      // A code block is located at its start.
      '8:1 carattere non stampabile con il font del documento: «☐» (U+2610)',
    ]);
    expect(ds[0]!.message.match(/2192/g)).toHaveLength(1);
    expect(ds.every((d) => d.hint!.startsWith('il carattere del documento (Titillium Web) non ha questo segno'))).toBe(true);
  });
});
