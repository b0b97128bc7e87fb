import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Nodes } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from '../src/diagnostics.js';
import { KINDS } from '../src/kinds/index.js';
import { parseSource } from '../src/load/source.js';
import { fieldAt, locateInRender } from '../src/preview/locate.js';
import { loadWorkspace, type Workspace } from '../src/preview/workspace.js';
import { renderDocument, type RenderedDocument } from '../src/render/document.js';
import { compileTemplate } from '../src/render/template.js';
import { ROOT } from './helpers/seed.js';

const CONTENT = path.join(ROOT, 'content');
const CARD = 'capannori/2024/schede/coordinamento-stato-civile.md';
const text = readFileSync(path.join(CONTENT, CARD), 'utf8');
const lineOf = (t: string, needle: string) => t.split('\n').findIndex((l) => l.includes(needle)) + 1;
const source = (t: string) => parseSource(new TextEncoder().encode(t), CARD).value!;
const at = (line: number, column = 1): Diagnostic => ({ file: CARD, line, column, severity: 'errore', message: 'x' });
const textOf = (n: Nodes | undefined) => (n ? `${n.type}: ${toString(n).slice(0, 40)}` : undefined);

describe('where a diagnostic goes in the rendered document', () => {
  let ws: Workspace;
  let rendered: RenderedDocument;
  beforeAll(async () => {
    ws = await loadWorkspace(CONTENT, (p) => path.relative(ROOT, p));
    const state = ws.byRel.get(CARD)!;
    const ente = ws.enti.find((e) => e.sources.includes(state))!;
    rendered = renderDocument(state.doc!, ente.project!, compileTemplate(readFileSync(path.join(ROOT, 'templates/scheda.md.hbs'), 'utf8'), 'scheda.md.hbs'));
  }, 60_000);
  const ctx = (t: string) => {
    const ente = ws.enti.find((e) => e.nome === 'Comune di Capannori')!;
    return { source: source(t), config: ente.config, sections: KINDS.scheda!.sections, renderedData: ws.byRel.get(CARD)!.doc!.data };
  };

  it('the frontmatter path at a line and column, into maps and lists', () => {
    const notice = readFileSync(path.join(CONTENT, 'capannori/2024/avviso-servizi-al-cittadino.md'), 'utf8');
    expect(fieldAt(source(notice), lineOf(notice, '  - coordinamento-stato-civile'), 5)).toEqual(['schede', 2]);
    expect(fieldAt(source(text), lineOf(text, '  rapporti: 12'), 13)).toEqual(['punteggi', 'rapporti']);
    expect(fieldAt(source(text), lineOf(text, 'titolo:'), 1)).toEqual(['titolo']);
  });

  it('a score goes to its criterion\'s row, by the name ente.yaml gives it', () => {
    expect(textOf(locateInRender(at(lineOf(text, '  rapporti: 12'), 13), rendered.tree, ctx(text)))).toMatch(/^tableRow: Rapporti interni ed esterni<br>/);
    const broken = text.replace('  autonomia: 23', '  autonomia: 28');
    expect(textOf(locateInRender(at(lineOf(broken, '  autonomia: 28'), 14), rendered.tree, ctx(broken)))).toMatch(/^tableRow: Autonomia<br>Livello di autonomia/);
  });

  it('a knowledge checkbox goes to its item; a text field to where its value is printed', () => {
    expect(textOf(locateInRender(at(lineOf(text, '  contabili: false'), 14), rendered.tree, ctx(text)))).toBe('listItem: contabili');
    expect(textOf(locateInRender(at(lineOf(text, 'ufficio:'), 10), rendered.tree, ctx(text)))).toMatch(/^paragraph: Settore\/Ufficio: Settore “Servizi/);
  });

  it('body text goes to the same text; a mistyped section title to the section it meant', () => {
    expect(textOf(locateInRender(at(lineOf(text, 'I requisiti richiesti per la partecipazione')), rendered.tree, ctx(text)))).toBe('paragraph: I requisiti richiesti per la partecipazi');
    const typo = text.replace('## Descrizione ruolo', '## Descrizione del ruolo');
    expect(textOf(locateInRender(at(lineOf(typo, '## Descrizione del ruolo')), rendered.tree, ctx(typo)))).toBe('heading: Descrizione ruolo');
  });

  it('nothing in particular: no line, a line with nothing on it, an unreadable frontmatter', () => {
    expect(locateInRender({ file: CARD, severity: 'errore', message: 'x' }, rendered.tree, ctx(text))).toBeUndefined();
    expect(locateInRender(at(lineOf(text, '## Requisiti') + 1), rendered.tree, ctx(text))).toBeUndefined();
    expect(locateInRender(at(1), rendered.tree, { ...ctx(text), source: undefined })).toBeUndefined();
  });
});
