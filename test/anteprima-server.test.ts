import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type PreviewServer } from '../src/preview/server.js';
import { scratchProject } from './helpers/scratch.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-anteprima-server-'));
const CARD = 'content/capannori/2024/schede/coordinamento-polo-tecnologico.md';
const HOSTILE = '<img src=x onerror="alert(1)">';

describe('albo anteprima server (in process)', () => {
  const dir = scratchProject(tmp, 'progetto');
  const card = path.join(dir, CARD);
  const original = readFileSync(card, 'utf8');
  let server: PreviewServer;
  const get = async (p: string) => {
    const r = await fetch(new URL(p, server.url));
    return { status: r.status, type: r.headers.get('content-type'), text: await r.text() };
  };
  const change = async (text: string) => {
    writeFileSync(card, text);
    // The watcher sees the write, waits for quiet, then reloads.
    await new Promise((r) => setTimeout(r, 400));
    await server.settled();
  };

  beforeAll(async () => {
    server = await startPreview({ contentDir: path.join(dir, 'content'), templatesDir: path.join(dir, 'templates'), display: (p) => path.relative(dir, p) });
  }, 120_000);
  afterAll(async () => {
    await server?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 only', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('escapes what sources say, in the page and in the index', async () => {
    await change(original.replace(/^titolo: .*$/m, `titolo: '${HOSTILE} & «x»'`).replace(/^ufficio: .*$/m, `ufficio: "</td><script>alert(2)</script>"`));
    const page = await get('/sorgente/capannori/2024/schede/coordinamento-polo-tecnologico.md');
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('<img');
    expect(page.text).not.toContain('<script>alert');
    expect(page.text).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; «x»');
    const index = await get('/');
    expect(index.text).not.toContain('<img');
    expect(index.text).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
  });

  it('escapes the diagnostics too (the message quotes what was typed)', async () => {
    await change(original.replace('## Requisiti\n', `## Requisiti\n\nTesto <b onmouseover="x()">grassetto</b>\n`));
    const page = await get('/sorgente/capannori/2024/schede/coordinamento-polo-tecnologico.md');
    expect(page.text).toContain('HTML non ammesso: «&lt;b onmouseover=&quot;x()&quot;&gt;»');
    expect(page.text).not.toContain('<b onmouseover');
  });

  it('a broken source has no PDF (409, in Italian); a valid one has, built in memory', async () => {
    const pdf = await get('/file/pdf/capannori/2024/schede/coordinamento-polo-tecnologico.md');
    expect([pdf.status, pdf.text]).toEqual([409, expect.stringContaining('ha errori: correggili')]);
    await change(original);
    const r = await fetch(new URL('/file/pdf/capannori/2024/schede/coordinamento-polo-tecnologico.md', server.url));
    expect([r.status, r.headers.get('content-type'), r.headers.get('content-disposition')]).toEqual([200, 'application/pdf', 'inline; filename="coordinamento-polo-tecnologico.pdf"']);
    expect(Buffer.from(await r.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('serves only known sources: no path outside content/', async () => {
    for (const p of ['/sorgente/..%2F..%2Fpackage.json', '/sorgente/../../etc/passwd', '/file/pdf/%2E%2E/ente.yaml', '/sorgente/%E0%A4%A']) {
      const r = await get(p);
      expect(r.status, p).toBe(404);
      expect(r.text).not.toContain('"name": "albo"');
    }
  });

  it('a warning on a valid source is marked on the row that prints the value (4500 hours, printed 4.500)', async () => {
    const page = await get('/sorgente/pesaro/progetti/inn-over-ii.md');
    expect(page.text).toContain('Da controllare: 1 avviso');
    expect(page.text).toMatch(/<tr id="nota-0" class="segnalato-avviso"><td[^>]*>N\. complessivo di ore necessarie[^]*?4\.500 ore<\/td><\/tr><tr class="riga-nota"><td colspan="2"><span class="nota avviso" role="note" data-diagnostica="0"><strong>Avviso<\/strong> \(riga 23, colonna 13\): 4\.500 ore dichiarate/);
    expect(page.text).toContain('<a href="#nota-0">vedi nel documento</a>');
  });

  it('the page of an ente lists only its sources', async () => {
    const r = await get('/ente/lecco');
    expect(r.status).toBe(200);
    expect(r.text).toContain('Comune di Lecco');
    expect(r.text).not.toContain('Comune di Capannori');
  });

  it('a broken ente.yaml: every source of the ente says so, the other enti are untouched', async () => {
    const configPath = path.join(dir, 'content/capannori/ente.yaml');
    const config = readFileSync(configPath, 'utf8');
    writeFileSync(configPath, config.replace('criteri:', 'criteri:\n  - id: Errato'));
    await new Promise((r) => setTimeout(r, 400));
    await server.settled();
    const index = await get('/');
    expect(index.text).toMatch(/content\/capannori\/ente\.yaml:\d+:\d+<\/span>: <span class="sev-errore">errore<\/span>/);
    const page = await get('/sorgente/capannori/2024/schede/coordinamento-polo-tecnologico.md');
    expect(page.text).toContain('data-superato="si"');
    expect(page.text).toMatch(/<span class="dove">content\/capannori\/ente\.yaml:\d+:\d+<\/span>/);
    expect((await get('/sorgente/lecco/servizi/rete-servizi-informazione-comunicazione-partecipazione.md')).text).toContain('data-stato="valido"');
    writeFileSync(configPath, config);
    await new Promise((r) => setTimeout(r, 400));
    await server.settled();
    expect((await get('/sorgente/capannori/2024/schede/coordinamento-polo-tecnologico.md')).text).toContain('data-superato="no"');
  });
});

describe('albo anteprima: arguments', () => {
  it('refuses what it cannot show, with exit code 1 and an Italian message', async () => {
    const { albo } = await import('./helpers/cli.js');
    expect(await albo(['anteprima', 'content/capannori/non-esiste.md'])).toMatchObject({ code: 1, err: 'albo anteprima: «content/capannori/non-esiste.md» non è un sorgente né la cartella di un ente dentro content' });
    expect(await albo(['anteprima', 'content/capannori/2024'])).toMatchObject({ code: 1, err: expect.stringContaining('non ha un ente.yaml') });
    expect(await albo(['anteprima', 'content/capannori/ente.yaml'])).toMatchObject({ code: 1, err: expect.stringContaining('non è un sorgente .md') });
    expect(await albo(['anteprima', '--porta', 'ottanta'])).toMatchObject({ code: 1, err: expect.stringContaining('porta non valida «ottanta»') });
    expect(await albo(['build', '--porta', '8080'])).toMatchObject({ code: 1, err: '--porta vale solo per "albo anteprima"' });
    expect((await albo(['anteprima', '--help'])).out).toMatch(/^albo anteprima \[sorgente\|ente\] \[--porta N\]/);
    expect((await albo(['schemi', '--help'])).out).toMatch(/^albo schemi \[--uscita DIR\]/);
  });
});
