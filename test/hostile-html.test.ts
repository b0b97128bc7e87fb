import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProjects } from '../src/build/project.js';
import type { Doc } from '../src/kinds/kind.js';
import { renderDocument, type RenderedDocument } from '../src/render/document.js';
import { renderDocx } from '../src/render/docx/index.js';
import { CSP, renderHtml } from '../src/render/html/index.js';
import { parseMarkdown } from '../src/render/markdown.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { compileTemplate } from '../src/render/template.js';
import { check, readCard, show } from './helpers/project.js';
import { scratchProject } from './helpers/scratch.js';
import { toolAvailable } from './helpers/tools.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-hostile-html-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Links a published page must never make active, spelled the ways browsers still understand them. */
const BAD_LINKS = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  '&#106;avascript:alert(1)',
  'java&#x09;script:alert(1)',
  '&#x6A;&#x61;vascript:alert(1)',
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  '//evil.example/x',
  'relativo.html',
];

/** Every Markdown construct the writers know, each carrying hostile content. */
const HOSTILE = `# Titolo <script>alert('h1')</script> &lt;script&gt;

## Sezione <img src=x onerror=alert(1)>

Paragrafo con <script>alert(1)</script>, <img src=x onerror="alert(2)">, <svg onload=alert(3)>, <iframe src="javascript:alert(4)"></iframe>, <a href="javascript:alert(5)">a</a>, <br onmouseover=alert(6)> e <br>.

Entità: &lt;script&gt;alert(7)&lt;/script&gt; &amp;lt; &#60;script&#62; &quot;onclick=&quot; ‮ testo rovesciato ‬ zero​width ＜script＞ \u0000 \\<script>

${BAD_LINKS.map((u, i) => `[collegamento ${i}](${u})`).join(' ')} <javascript:alert(8)> [ok](https://example.org/?a="onmouseover=alert(9)) [posta](mailto:ufficio@comune.it?subject=<script>) www.example.org/"><script>alert(10)</script>

**grassetto <script>alert(11)</script>** *corsivo " onmouseover="alert(12)* ~~barrato ' onfocus='alert(13)~~ \`<script>alert(14)</script>\`

<div onclick="alert(15)">blocco HTML</div>

<!-- <script>alert(16)</script> -->

<style>body{background:url(javascript:alert(17))}</style>

- elemento <script>alert(18)</script>
  - annidato [x](javascript:alert(19))
    1. ordinato <b onmouseover=alert(20)>b</b>

5. inizio a cinque "><script>alert(21)</script>

- [x] casella "><svg onload=alert(22)>
- [ ] altra casella

> citazione <script>alert(23)</script>
> > annidata [y](data:text/html,<script>alert(24)</script>)

| intestazione <script>alert(25)</script> | :centro" onclick="alert(26) |
| :--- | :---: |
| cella [z](vbscript:alert(27)) | <img src=x onerror=alert(28)> |

\`\`\`html
<script>alert(29)</script>
\`\`\`

---

:::firma
Il dirigente <script>alert(30)</script>
:::

::interruzione-pagina

::indice[Indice <script>alert(31)</script>]

### Articolo "><script>alert(32)</script>

Riga con a capo\\
forzato <script>alert(33)</script>
`;

const meta = (s: string): RenderedDocument['meta'] => ({ titolo: s, oggetto: s, autore: s, intestazione: s, piede: s, data: '2024-01-15', lingua: 'it-IT' });
const HOSTILE_META = `"><script>alert('meta')</script><meta http-equiv="refresh" content="0;url=javascript:alert(1)">`;

interface Inspection {
  scripts: number;
  handlers: string[];
  activeUrls: string[];
  dangerous: string[];
  csp: string | null;
  alerted: boolean;
  text: string;
}

/** Loads each page in Chromium and reports what could run: scripts, handlers, URLs with a live scheme. */
async function inspect(pages: Record<string, Uint8Array>): Promise<Record<string, Inspection & { dialogs: number }>> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const results: Record<string, Inspection & { dialogs: number }> = {};
  try {
    for (const [name, bytes] of Object.entries(pages)) {
      const file = path.join(tmp, `${name}.html`);
      writeFileSync(file, bytes);
      const page = await browser.newPage();
      let dialogs = 0;
      page.on('dialog', (d) => {
        dialogs++;
        void d.dismiss();
      });
      await page.goto(pathToFileURL(file).href);
      // Hover and click everything: a handler that slipped through would fire.
      for (const el of await page.$$('body *')) {
        await el.hover({ timeout: 200, force: true }).catch(() => undefined);
      }
      const inspection = await page.evaluate(() => {
        const all = [...document.querySelectorAll('*')];
        const live = /^\s*(javascript|data|vbscript|file):/i;
        const urlAttrs = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'srcdoc', 'poster', 'background'];
        return {
          scripts: document.querySelectorAll('script').length,
          handlers: all.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `${el.tagName} ${a.name}`)),
          activeUrls: all.flatMap((el) =>
            urlAttrs
              .map((n) => el.getAttribute(n))
              .filter((v): v is string => v !== null)
              .filter((v) => live.test(v) || (el.tagName === 'A' && !/^(https?:|mailto:|#)/i.test(v))),
          ),
          dangerous: all.map((el) => el.tagName.toLowerCase()).filter((t) => ['iframe', 'object', 'embed', 'img', 'svg', 'form', 'base', 'link', 'frame', 'math'].includes(t)),
          csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
          alerted: Boolean((window as unknown as { __pwned?: boolean }).__pwned),
          text: document.body.innerText,
        };
      });
      results[name] = { ...inspection, dialogs };
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return results;
}

describe('links: only http, https and mailto (issue 14)', () => {
  it('check refuses every other scheme, encoded or not, at its line and column', () => {
    const card = readCard('coordinamento-stato-civile');
    const lines = BAD_LINKS.map((u, i) => `[collegamento ${i}](${u})`);
    const text = card.replace('## Requisiti\n', `## Requisiti\n\n${lines.join('\n\n')}\n\n[clicca](javascript:alert(1))\n`);
    const line0 = text.split('\n').indexOf(lines[0]!) + 1;
    const errors = show(check(text));
    expect(errors[0]).toBe(`content/capannori/2024/schede/prova.md:${line0}:1: errore: collegamento non ammesso «javascript:alert(1)»: lo schema «javascript:» non si pubblica\n  suggerimento: nei documenti si ammettono solo indirizzi web (https://…, http://…) ed e-mail (mailto:…)`);
    // Entities are decoded before the check: "&#106;avascript:" and "java&#x09;script:" are javascript: too.
    expect(errors.filter((e) => e.includes('«javascript:»'))).toHaveLength(6);
    for (const scheme of ['data', 'vbscript', 'file']) expect(errors.some((e) => e.includes(`lo schema «${scheme}:» non si pubblica`)), scheme).toBe(true);
    expect(errors.filter((e) => e.includes('manca «https://»'))).toHaveLength(2);
    expect(errors).toHaveLength(BAD_LINKS.length + 1);
    // The issue's exact case, at its position.
    const js = text.split('\n').indexOf('[clicca](javascript:alert(1))') + 1;
    expect(errors.at(-1)).toMatch(new RegExp(`^content/capannori/2024/schede/prova\\.md:${js}:1: errore: collegamento non ammesso «javascript:alert\\(1\\)»`));
  });

  it('web, e-mail and autolinks pass; a reference-style link or definition with a bad target does not', () => {
    const card = readCard('coordinamento-stato-civile');
    const good = card.replace('## Requisiti\n', '## Requisiti\n\n[sito](https://www.comune.capannori.lu.it/) [posta](mailto:urp@comune.it) <https://example.org> www.example.org\n');
    expect(show(check(good))).toEqual([]);
    const bad = card.replace('## Requisiti\n', '## Requisiti\n\n[sito][rif]\n\n[rif]: javascript:alert(1)\n');
    const errors = show(check(bad));
    expect(errors.some((e) => /collegamento per riferimento «\[testo\]\[nome\]» non supportato/.test(e))).toBe(true);
    expect(errors.some((e) => /collegamento non ammesso «javascript:alert\(1\)»/.test(e))).toBe(true);
  });
});

describe('published HTML is safe by construction (issue 14)', () => {
  let writerPage: Uint8Array;
  let pipelinePage: Uint8Array;
  let tree: RenderedDocument;
  beforeAll(async () => {
    // 1. The writer alone, on every construct with hostile content, unchecked: what validation would
    //    refuse (raw HTML, bad links) must still come out inert.
    tree = { tree: parseMarkdown(HOSTILE), markdown: HOSTILE, meta: meta(HOSTILE_META) };
    writerPage = renderHtml(tree);
    // 2. The whole pipeline: a card whose fields and text are hostile but valid (check accepts them),
    //    through its template, as "albo pubblica" renders it.
    const dir = scratchProject(tmp, 'pipeline');
    const file = path.join(dir, 'content/capannori/2024/schede/coordinamento-stato-civile.md');
    writeFileSync(
      file,
      readFileSync(file, 'utf8')
        .replace('titolo: "Coordinamento stato civile"', `titolo: '"><script>alert(1)</script><img src=x onerror=alert(2)>'`)
        .replace('ufficio: "URP', `ufficio: "<svg onload=alert(3)> javascript:alert(4) URP`)
        .replace('## Requisiti\n', '## Requisiti\n\n&lt;script&gt;alert(5)&lt;/script&gt; `<script>alert(6)</script>` [sito](https://example.org/"onmouseover="alert(7)) \\<script>\n\n'),
    );
    const loaded = await loadProjects(path.join(dir, 'content'));
    expect(loaded.diagnostics.filter((d) => d.severity === 'errore')).toEqual([]);
    const project = loaded.projects.find((p) => p.docs.some((d) => d.path === file))!;
    const card = project.docs.find((d) => d.path === file)! as Doc;
    const template = compileTemplate(readFileSync(path.join(dir, 'templates', card.kind.template), 'utf8'), card.kind.template);
    pipelinePage = renderHtml(renderDocument(card, project, template));
  }, 60_000);

  it('the page forbids script by Content-Security-Policy, first thing in <head>', () => {
    const html = new TextDecoder().decode(writerPage);
    expect(CSP).toContain("script-src 'none'");
    expect(CSP).toContain("default-src 'none'");
    expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeGreaterThan(0);
    expect(html.indexOf('http-equiv="Content-Security-Policy"')).toBeLessThan(html.indexOf('<meta name="author"'));
  });

  it('the writer escapes text and attributes: no raw tag or handler from the content in the markup', () => {
    for (const page of [new TextDecoder().decode(writerPage), new TextDecoder().decode(pipelinePage)]) {
      // The writer's own <style> is in <head>; everything from the content is in <body>.
      const html = page.slice(page.indexOf('<body>'));
      expect(html.match(/<script/gi)).toBeNull();
      expect(html).not.toMatch(/<(img|svg|iframe|style|b|object|embed|form|base|link|math)[\s>/]/i);
      expect(html.match(/<div[^>]*>/g) ?? []).toEqual(html.includes('class="firma"') ? ['<div class="firma">'] : []);
      // Inside the tags themselves (the text may say "onerror=", escaped): no handler attribute.
      expect((html.match(/<[a-z][^>]*>/gi) ?? []).filter((tag) => /\son[a-z]+\s*=/i.test(tag))).toEqual([]);
      expect(html).not.toMatch(/href="(?!https?:|mailto:|#)/i);
      // What was typed is shown, not interpreted.
      expect(html).toContain('&lt;script&gt;alert(');
    }
  });

  it.runIf(toolAvailable('chromium'))('in Chromium the DOM has no script, no handler, no active URL, and nothing runs', async () => {
    const results = await inspect({ writer: writerPage, pipeline: pipelinePage });
    for (const [name, r] of Object.entries(results)) {
      expect(r.scripts, name).toBe(0);
      expect(r.handlers, name).toEqual([]);
      expect(r.activeUrls, name).toEqual([]);
      expect(r.dangerous, name).toEqual([]);
      expect([r.dialogs, r.alerted], name).toEqual([0, false]);
      expect(r.csp, name).toBe(CSP);
    }
    // The safe links stay links; the hostile text is visible as text.
    expect(results.writer!.text).toContain("<script>alert(1)</script>");
    expect(results.writer!.text).toContain('collegamento 0');
    expect(results.pipeline!.text).toContain('"><script>alert(1)</script><img src=x onerror=alert(2)>');
  }, 120_000);

  it('links in the HTML: the web and e-mail ones active, the others plain text', () => {
    const html = new TextDecoder().decode(writerPage);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const h of hrefs) expect(h).toMatch(/^(https?:\/\/|mailto:|#)/);
    expect(hrefs).toContain('mailto:ufficio@comune.it?subject=&lt;script&gt;');
  });

  it('PDF and DOCX carry no javascript:, data: or vbscript: link', async () => {
    const linked: RenderedDocument = { tree: parseMarkdown(BAD_LINKS.map((u, i) => `[c${i}](${u})`).join(' ') + ' [buono](https://example.org/)\n'), markdown: '', meta: meta('Prova') };
    const pdf = Buffer.from(await renderPdf(linked)).toString('latin1');
    expect(pdf).toMatch(/\/URI \(https:\/\/example\.org\/\)/);
    expect(pdf).not.toMatch(/\/URI \((?!https:\/\/example\.org\/\))/);
    expect(pdf).not.toMatch(/javascript|vbscript|\/JS\b|\/JavaScript/i);
    const docx = unzipSync(await renderDocx(linked));
    const rels = new TextDecoder().decode(docx['word/_rels/document.xml.rels']!);
    const targets = [...rels.matchAll(/TargetMode="External"[^>]*Target="([^"]*)"|Target="([^"]*)"[^>]*TargetMode="External"/g)].map((m) => m[1] ?? m[2]);
    expect(targets).toEqual(['https://example.org/']);
    for (const [name, bytes] of Object.entries(docx)) expect(new TextDecoder().decode(bytes), name).not.toMatch(/javascript:|vbscript:|data:text/i);
  }, 60_000);
});
