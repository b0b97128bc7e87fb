import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Heading, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProjects } from '../src/build/project.js';
import type { Doc } from '../src/kinds/kind.js';
import { renderDocument } from '../src/render/document.js';
import { templateFile } from '../src/render/template-file.js';
import { compileTemplate } from '../src/render/template.js';
import { albo } from './helpers/cli.js';
import { docxText, pdfText } from './helpers/extract.js';
import { CONTENT } from './helpers/project.js';
import { ROOT } from './helpers/seed.js';

/**
 * Issue 12, «nothing empty in an act»: no heading without content under it, no instructions to whoever fills
 * a form in a published document, unless the ente asks for them (Capannori's form prints «Indicare …»).
 */
const INSTRUCTIONS = /\b(Indicare|Descrivere|Specificare|Elencare) |\[da compilare/;

/** Headings followed by nothing, or directly by a heading of the same or a higher level. */
function emptyHeadings(children: RootContent[]): string[] {
  const found: string[] = [];
  children.forEach((node, i) => {
    if (node.type !== 'heading') return;
    const next = children[i + 1];
    if (!next || (next.type === 'heading' && next.depth <= (node as Heading).depth) || (next.type === 'leafDirective' && next.name === 'interruzione-pagina')) found.push(toString(node));
  });
  return found;
}

describe('no empty heading in any shipped document (the tree both writers receive)', async () => {
  const { projects } = await loadProjects(CONTENT);
  const docs = projects.flatMap((p) => p.docs.map((d) => ({ p, d })));

  it('the shipped content has documents of every kind to look at', () => {
    expect(new Set(docs.map(({ d }) => d.kind.tipo)).size).toBeGreaterThanOrEqual(9);
  });

  it.each(docs.map(({ p, d }) => [path.relative(CONTENT, d.path), p, d] as const))('%s', (_name, p, d) => {
    const file = templateFile(p.dir, path.join(ROOT, 'templates'), (d as Doc).kind.template);
    const template = compileTemplate(readFileSync(file, 'utf8'), file);
    for (const v of d.kind.variants?.(d) ?? [{ name: undefined }]) {
      const r = renderDocument(d, p, template, {}, v.name);
      expect(emptyHeadings(r.tree.children)).toEqual([]);
      if (!(p.config.istruzioni)) expect(toString(r.tree)).not.toMatch(INSTRUCTIONS);
    }
  });

  it('the check itself catches an empty heading and an instruction', () => {
    const tree = [{ type: 'heading', depth: 2, children: [{ type: 'text', value: 'Conoscenze' }] }, { type: 'heading', depth: 2, children: [{ type: 'text', value: 'Requisiti' }] }] as RootContent[];
    expect(emptyHeadings(tree)).toEqual(['Conoscenze', 'Requisiti']);
    expect('Indicare le conoscenze che caratterizzano la posizione:').toMatch(INSTRUCTIONS);
  });
});

describe('no instruction text in the shipped PDFs, except where the ente asks for it', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'albo-vuoti-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  beforeAll(async () => {
    const r = await albo(['build', '--uscita', out]);
    expect(r.code).toBe(0);
  }, 300_000);

  it('every PDF', async () => {
    const pdfs = readdirSync(out, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.pdf'));
    expect(pdfs.length).toBeGreaterThan(20);
    for (const f of pdfs) {
      const text = (await pdfText(readFileSync(path.join(out, f)))).join('\n');
      // Capannori's ente.yaml asks for its form's instructions (istruzioni: true), as its published cards have.
      if (f.startsWith('capannori/2024/schede') || (f.startsWith('capannori/2024/avviso') && f.includes('con-allegati'))) expect(text, f).toContain('Indicare le conoscenze');
      else expect(text, f).not.toMatch(INSTRUCTIONS);
    }
  }, 120_000);

  it('one spelling per settore in every Capannori output (issue 13): the cards wrote two, ente.yaml declares one', async () => {
    const files = readdirSync(path.join(out, 'capannori'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(pdf|docx|csv)$/.test(f));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const bytes = readFileSync(path.join(out, 'capannori', f));
      const text = f.endsWith('.pdf') ? (await pdfText(bytes)).join(' ') : f.endsWith('.docx') ? docxText(bytes) : bytes.toString('utf8');
      expect(text.replace(/\s+/g, ' '), f).not.toContain('Servizi al cittadino e Gabinetto');
    }
    const csv = readFileSync(path.join(out, 'capannori/2024/prospetto-riparto-2024.csv'), 'utf8');
    expect(csv.match(/Servizi al Cittadino e Gabinetto del Sindaco/g)).toHaveLength(5);
  }, 120_000);
});
