import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/seed.js';
import { scratchProject } from './helpers/scratch.js';
import { toolAvailable } from './helpers/tools.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-anteprima-'));
const CARD = 'content/capannori/2024/schede/coordinamento-stato-civile.md';
/** The screenshot the README shows («Scrivere con l'anteprima»). */
const SCREENSHOT = path.join(ROOT, 'docs/anteprima.png');

/** Every file under a folder, with size and modification time: nothing may appear or change unasked. */
function tree(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .map((f) => path.join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => path.relative(dir, f))
    .sort();
}

describe.runIf(toolAvailable('chromium'))('albo anteprima in Chromium', () => {
  const dir = scratchProject(tmp, 'progetto');
  const card = path.join(dir, CARD);
  const original = readFileSync(card, 'utf8');
  const edit = (from: string | RegExp, to: string) => {
    const text = readFileSync(card, 'utf8');
    const next = text.replace(from, to);
    expect(next).not.toBe(text);
    writeFileSync(card, next);
  };
  let child: ChildProcess;
  let url = '';
  let browser: Browser;
  let page: Page;
  let stderr = '';
  const before = tree(dir);

  beforeAll(async () => {
    child = spawn(process.execPath, [path.join(ROOT, 'dist/albo/cli.js'), 'anteprima', CARD], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (b: Buffer) => {
        out += b.toString();
        const m = /Anteprima su (http:\/\/127\.0\.0\.1:\d+\/\S+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.once('exit', (code) => reject(new Error(`albo anteprima uscito con ${code}: ${stderr}`)));
    });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1000, height: 760 } });
    await page.goto(url);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null) child.kill('SIGKILL');
    rmSync(tmp, { recursive: true, force: true });
  });

  const computed = (key: string) => page.locator(`[data-calcolo="${key}"] .valore`).textContent();
  const axeSerious = async () => {
    const axe = readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js'), 'utf8');
    await page.addScriptTag({ content: axe });
    const r = (await page.evaluate(async () => {
      const res = await (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string }[]; passes: unknown[] }> } }).axe.run();
      return { violations: res.violations.map((v) => ({ id: v.id, impact: v.impact })), passes: res.passes.length };
    })) as { violations: { id: string; impact: string }[]; passes: number };
    expect(r.passes).toBeGreaterThan(5);
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  };

  it('binds to 127.0.0.1 on a free port and shows the card as the writers render it, with the letterhead and computed values', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sorgente\/capannori\/2024\/schede\/coordinamento-stato-civile\.md$/);
    expect(await page.locator('.carta-intestata').textContent()).toBe('Comune di Capannori');
    expect(await page.locator('article.foglio h1').textContent()).toBe('Modulo descrittivo posizione di specifica responsabilità');
    expect(await page.locator('article.foglio').getAttribute('data-superato')).toBe('no');
    expect(await computed('pesatura')).toBe('91');
    expect(await computed('indennita')).toBe('€\u00a01.550,00');
    // The same figures in the document itself (the criteria table's last rows).
    expect(await page.locator('article.foglio tr', { hasText: 'Pesatura complessiva' }).locator('td').last().textContent()).toBe('91');
    expect(await page.locator('#stato-documento').getAttribute('data-stato')).toBe('valido');
    expect(await page.locator('a', { hasText: 'PDF' }).getAttribute('href')).toBe('/file/pdf/capannori/2024/schede/coordinamento-stato-civile.md');
  });

  it('a new score shows the new pesatura and indennità within 2 s, without reloading', async () => {
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 1));
    const start = Date.now();
    edit('  competenze: 25\n', '  competenze: 20\n');
    await page.waitForFunction(() => document.querySelector('[data-calcolo="pesatura"] .valore')?.textContent === '86', undefined, { timeout: 2000 });
    expect(await computed('indennita')).toBe('€\u00a01.300,00');
    console.log(`[anteprima] nuovo punteggio visibile in ${Date.now() - start} ms`);
    // Same page (no reload): the marker set before the change is still there.
    expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(1);
  });

  it('the PDF and DOCX of the current source are built on demand, in memory', async () => {
    const pdf = await page.request.get(new URL('/file/pdf/capannori/2024/schede/coordinamento-stato-civile.md', url).href);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const docx = await page.request.get(new URL('/file/docx/capannori/2024/schede/coordinamento-stato-civile.md', url).href);
    expect(docx.status()).toBe(200);
    expect((await docx.body()).subarray(0, 2).toString()).toBe('PK');
  });

  it('the page passes axe with no serious or critical violations', async () => {
    expect(await axeSerious()).toEqual([]);
  });

  it('a score of 28: the located error at the top and beside the criterion row, the last valid render greyed', async () => {
    edit('  complessita_organizzativa: 23\n', '  complessita_organizzativa: 28\n');
    await page.waitForSelector('#stato-documento[data-stato="errori"]', { timeout: 2000 });
    const top = page.locator('.diagnostiche li').first();
    expect(await top.locator('.dove').textContent()).toBe(`${CARD}:11:30`);
    expect(await top.textContent()).toContain("punteggio 28 fuori dall'intervallo 1–25 del criterio «Complessità organizzativa»");
    expect(await top.textContent()).toContain('Suggerimento: i punti oltre il massimo di un criterio non sono ammessi');
    // Beside the criterion: the row is marked and followed by the note.
    const row = page.locator('article.foglio tr.segnalato-errore');
    expect(await row.count()).toBe(1);
    expect(await row.locator('td').first().textContent()).toMatch(/^Complessità organizzativa/);
    const note = page.locator('article.foglio tr.segnalato-errore + tr.riga-nota .nota');
    expect(await note.textContent()).toContain('(riga 11, colonna 30)');
    expect(await note.textContent()).toContain('punteggio 28 fuori');
    // The link at the top leads to it.
    expect(await top.locator('a').getAttribute('href')).toBe(`#${await row.getAttribute('id')}`);
    // The last valid render stays, greyed and said so; no PDF of a broken source.
    expect(await page.locator('article.foglio').getAttribute('data-superato')).toBe('si');
    expect(await page.locator('p.superato-avviso').textContent()).toContain("l'ultima versione valida");
    expect(await page.locator('a', { hasText: 'PDF' }).count()).toBe(0);
    const pdf = await page.request.get(new URL('/file/pdf/capannori/2024/schede/coordinamento-stato-civile.md', url).href);
    expect(pdf.status()).toBe(409);
    expect(await axeSerious()).toEqual([]);
    await top.locator('a').click();
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT });
    edit('  complessita_organizzativa: 28\n', '  complessita_organizzativa: 23\n');
    await page.waitForSelector('#stato-documento[data-stato="valido"]', { timeout: 2000 });
  });

  it('a mistyped section title is marked on the section it was meant to be', async () => {
    edit('## Descrizione ruolo\n', '## Descrizione del ruolo\n');
    await page.waitForSelector('#stato-documento[data-stato="errori"]', { timeout: 2000 });
    expect(await page.locator('.diagnostiche').textContent()).toContain('sezione sconosciuta «Descrizione del ruolo»');
    expect(await page.locator('.diagnostiche').textContent()).toContain('intendevi «Descrizione ruolo»?');
    const heading = page.locator('article.foglio h2.segnalato-errore');
    expect(await heading.textContent()).toBe('Descrizione ruolo');
    expect(await page.locator('article.foglio h2.segnalato-errore + div .nota').textContent()).toContain('(riga 34, colonna 1): sezione sconosciuta «Descrizione del ruolo»');
    edit('## Descrizione del ruolo\n', '## Descrizione ruolo\n');
    await page.waitForSelector('#stato-documento[data-stato="valido"]', { timeout: 2000 });
  });

  it('a broken frontmatter shows its error while the page stays up; fixed, the render returns', async () => {
    const text = readFileSync(card, 'utf8');
    writeFileSync(card, text.replace(/\n---\n/, '\n\n'));
    await page.waitForSelector('#stato-documento[data-stato="errori"]', { timeout: 2000 });
    expect(await page.locator('.diagnostiche li').first().textContent()).toContain(`${CARD}:1:1: errore: il frontmatter aperto da "---" non è mai chiuso`);
    expect(await page.locator('article.foglio').getAttribute('data-superato')).toBe('si');
    // A YAML error mid-edit.
    writeFileSync(card, text.replace('ruolo: U.O.S.', 'ruolo: "U.O.S.'));
    await page.waitForFunction(() => /ruolo|virgolett|YAML|chius/i.test(document.querySelector('.diagnostiche')?.textContent ?? ''), undefined, { timeout: 2000 });
    expect(await page.locator('.diagnostiche .dove').first().textContent()).toMatch(new RegExp(`^${CARD}:\\d+:\\d+$`));
    expect(await page.locator('article.foglio').getAttribute('data-superato')).toBe('si');
    writeFileSync(card, text);
    await page.waitForSelector('#stato-documento[data-stato="valido"]', { timeout: 2000 });
    expect(await page.locator('article.foglio').getAttribute('data-superato')).toBe('no');
    expect(await computed('pesatura')).toBe('86');
  });

  it('many quick saves are coalesced into few updates, and the page shows the last', async () => {
    const events = await page.evaluate(() => {
      const w = window as unknown as { updates: number };
      w.updates = 0;
      new EventSource('/eventi').addEventListener('aggiornamento', () => w.updates++);
      return new Promise((r) => setTimeout(r, 300));
    });
    expect(events).toBeUndefined();
    const text = readFileSync(card, 'utf8');
    for (let i = 1; i <= 15; i++) {
      writeFileSync(card, text.replace('  contesto: 8\n', `  contesto: ${(i % 10) + 1}\n`));
      await new Promise((r) => setTimeout(r, 10));
    }
    // Last write: contesto 6 → 20 + 23 + 23 + 12 + 6 = 84.
    await page.waitForFunction(() => document.querySelector('[data-calcolo="pesatura"] .valore')?.textContent === '84', undefined, { timeout: 2000 });
    await new Promise((r) => setTimeout(r, 500));
    const updates = await page.evaluate(() => (window as unknown as { updates: number }).updates);
    expect(updates).toBeGreaterThanOrEqual(1);
    expect(updates).toBeLessThanOrEqual(3);
  });

  it('the index lists the sources with their state', async () => {
    writeFileSync(card, original.replace('  autonomia: 23\n', '  autonomia: 0\n'));
    const index = await browser.newPage();
    await index.goto(new URL('/', url).href);
    await index.waitForSelector(`tr[data-sorgente="capannori/2024/schede/coordinamento-stato-civile.md"][data-stato="errori"]`, { timeout: 5000 });
    expect(await index.locator('tr[data-sorgente="capannori/2024/fondo-2024.md"]').getAttribute('data-stato')).toBe('valido');
    expect(await index.locator('tr[data-sorgente="pesaro/progetti/inn-over-ii.md"]').getAttribute('data-stato')).toBe('avvisi');
    expect(await index.locator('h2').allTextContents()).toContain('Comune di Capannori');
    const swap = page;
    page = index;
    expect(await axeSerious()).toEqual([]);
    page = swap;
    await index.close();
    writeFileSync(card, original);
    await page.waitForSelector('#stato-documento[data-stato="valido"]', { timeout: 2000 });
  });

  it('a renamed source: the page follows it; a deleted one: the page says so and stays up', async () => {
    const renamed = path.join(path.dirname(card), 'stato-civile.md');
    renameSync(card, renamed);
    await page.waitForURL(/\/sorgente\/capannori\/2024\/schede\/stato-civile\.md$/, { timeout: 5000 });
    await page.waitForSelector('#stato-documento[data-stato="valido"]', { timeout: 5000 });
    rmSync(renamed);
    await page.waitForFunction(() => document.body.textContent?.includes("non c'è più nella cartella dei sorgenti"), undefined, { timeout: 5000 });
    writeFileSync(card, original);
    expect((await page.request.get(new URL('/', url).href)).status()).toBe(200);
  });

  it('answers only to its own address, and Ctrl-C (SIGINT) stops it leaving nothing behind', async () => {
    const port = new URL(url).port;
    // A page of another site reaching it by DNS rebinding would send its own host name.
    const foreign = await new Promise<number>((resolve, reject) =>
      request({ host: '127.0.0.1', port: Number(port), path: '/', headers: { Host: `example.org:${port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      })
        .on('error', reject)
        .end(),
    );
    expect(foreign).toBe(403);
    await page.close();
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exit).toBe(0);
    expect(stderr).toContain('Anteprima fermata.');
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow();
    expect(tree(dir)).toEqual(before);
  });
});
