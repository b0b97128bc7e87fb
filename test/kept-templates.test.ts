import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { loadProjects } from '../src/build/project.js';
import { useCodeStamp } from '../src/load/result-cache.js';
import { dataShape, templateDiagnostics } from '../src/validate/templates.js';
import { ROOT } from './helpers/seed.js';

// The check of the templates is kept between runs (as the checked contract rules are): its answer depends on
// the templates' bytes and on the shape of the data, so a check after an edit of a card's words reads it back
// instead of loading Handlebars.
const tmp = mkdtempSync(path.join(tmpdir(), 'albo-modelli-kept-'));
const before = process.env.ALBO_CACHE;
afterEach(() => {
  useCodeStamp(undefined);
  if (before === undefined) delete process.env.ALBO_CACHE;
  else process.env.ALBO_CACHE = before;
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function workspace() {
  const dir = path.join(tmp, `w${++n}`);
  cpSync(path.join(ROOT, 'content', 'esempio-importi-fissi'), path.join(dir, 'content', 'alfa'), { recursive: true });
  cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
  return dir;
}
const CARD = path.join('content', 'alfa', '2025', 'schede', 'coordinamento-ufficio-tecnico.md');

async function check(dir: string) {
  const loaded = await loadProjects(path.join(dir, 'content'));
  const only = new Set([path.join(dir, CARD)]);
  return templateDiagnostics(loaded.projects, { templatesDir: path.join(dir, 'templates'), display: (p) => path.relative(dir, p), only });
}

describe('the kept check of the templates', () => {
  it('is read back for the same templates and data of the same shape; computed again when a template or the shape changes', async () => {
    const dir = workspace();
    const cache = path.join(tmp, `cache${n}`);
    process.env.ALBO_CACHE = cache;
    useCodeStamp('prova-modelli');
    expect(await check(dir)).toEqual([]);
    const entries = () => readdirSync(path.join(cache, 'modelli')).filter((f) => f.endsWith('.json'));
    expect(entries()).toHaveLength(1);
    // Read back, not computed: a kept answer changed on disk is what comes back.
    const planted = [{ file: 'segnaposto', severity: 'errore', message: 'letto dalla cache' }];
    writeFileSync(path.join(cache, 'modelli', entries()[0]!), JSON.stringify(planted));
    expect(await check(dir)).toEqual(planted);
    // Other words in the card: the same shape, the same kept answer.
    const card = path.join(dir, CARD);
    writeFileSync(card, readFileSync(card, 'utf8').replace(/^titolo: .*$/m, 'titolo: Un altro titolo della posizione'));
    expect(await check(dir)).toEqual(planted);
    // A template changed: computed again (and its error found).
    const scheda = path.join(dir, 'templates', 'scheda.md.hbs');
    writeFileSync(scheda, readFileSync(scheda, 'utf8') + '\n{{titoloo}}\n');
    const found = await check(dir);
    expect(found.map((d) => d.message).join('\n')).toMatch(/titoloo/);
    expect(entries()).toHaveLength(2);
    // A damaged entry is computed again.
    for (const e of entries()) writeFileSync(path.join(cache, 'modelli', e), '{"rotto": ');
    expect(await check(dir)).toEqual(found);
  });

  it('without the bundle\'s code stamp nothing is kept', async () => {
    const dir = workspace();
    process.env.ALBO_CACHE = path.join(tmp, 'vuota');
    expect(await check(dir)).toEqual([]);
    expect(() => readdirSync(path.join(tmp, 'vuota', 'modelli'))).toThrow();
  });
});

describe('the shape of a template\'s data', () => {
  it('keeps fields, list lengths and what is empty, zero, false or missing; not words and amounts', () => {
    const base = { titolo: 'Coordinamento', importo: 120000, vuoto: '', zero: 0, si: true, no: false, nulla: null, criteri: [{ nome: 'a', punti: 3 }], annidato: { testo: 'x' } };
    expect(dataShape({ ...base, titolo: 'Altro', importo: 5, criteri: [{ nome: 'b', punti: 7 }], annidato: { testo: 'y' } })).toEqual(dataShape(base));
    for (const other of [
      { ...base, vuoto: 'ora scritto' },
      { ...base, zero: 1 },
      { ...base, importo: 0 },
      { ...base, titolo: '' },
      { ...base, si: false },
      { ...base, nulla: 'x' },
      { ...base, criteri: [] },
      { ...base, criteri: [{ nome: 'a', punti: 3 }, { nome: 'b', punti: 3 }] },
      { ...base, annidato: {} },
      { ...base, nuovo: 'campo' },
    ]) {
      expect(JSON.stringify(dataShape(other)), JSON.stringify(other)).not.toBe(JSON.stringify(dataShape(base)));
    }
  });
});
