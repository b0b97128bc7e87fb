import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { albo } from './helpers/cli.js';
import { ROOT } from './helpers/seed.js';

// `albo check` compiles the templates a build would use (the ente's own, content/<ente>/modelli/, and albo's
// for the kinds of its documents) and fills them with the data of the documents checked: a new user's
// `{{settore}` and `{{titoloo}}` passed the check and stopped the build.

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-check-modelli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const ente = (name: string) => {
  const dir = path.join(tmp, name);
  cpSync(path.join(ROOT, 'content', 'esempio-importi-fissi'), path.join(dir, 'content', 'alfa'), { recursive: true });
  cpSync(path.join(ROOT, 'content', 'lecco'), path.join(dir, 'content', 'lecco'), { recursive: true });
  cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
  mkdirSync(path.join(dir, 'content', 'alfa', 'modelli'));
  return dir;
};
const template = (name: string) => readFileSync(path.join(ROOT, 'templates', name), 'utf8');
/** The line (1-based) of the first occurrence of a text in a template. */
const lineOf = (text: string, what: string) => text.slice(0, text.indexOf(what)).split('\n').length;
const CARD = path.join('content', 'alfa', '2025', 'schede', 'coordinamento-ufficio-tecnico.md');

describe('albo check and the templates', () => {
  it("a syntax error in the ente's own template: its file, line and column (the frontmatter counted), in Italian, also when one card is checked", async () => {
    const dir = ente('sintassi');
    const text = template('avviso.md.hbs').replace('{{/if}}\n', '{{/if}\n');
    writeFileSync(path.join(dir, 'content/alfa/modelli/avviso.md.hbs'), text);
    const line = lineOf(text, '{{/if}\n');
    const expected = `content/alfa/modelli/avviso.md.hbs:${line}:`;
    const all = await albo(['check'], dir);
    expect(all.code).toBe(1);
    expect(all.err).toContain(expected);
    expect(all.err).toMatch(/errore: modello non valido: .*«\}\}».*: «.*\{\{\/if\}.*»\n {2}suggerimento: /);
    expect(all.out).not.toContain('Controllo completato');
    // the fast path (one file: its ente only) sees it too; the other ente is not concerned
    const one = await albo(['check', CARD], dir);
    expect(one.code).toBe(1);
    expect(one.err).toContain(expected);
    expect((await albo(['check', 'content/lecco'], dir)).code).toBe(0);
    // build stops at the same place
    const build = await albo(['build', 'alfa'], dir);
    expect(build.code).toBe(1);
    expect(build.err).toContain(expected);
  });

  it('a field the data lacks, in the body and in the frontmatter: each place, with «intendevi …?»; only for the entes whose template it is', async () => {
    const dir = ente('campo');
    const text = template('scheda.md.hbs').replaceAll('{{titolo}}', '{{titoloo}}');
    writeFileSync(path.join(dir, 'content/alfa/modelli/scheda.md.hbs'), text);
    const r = await albo(['check', CARD], dir);
    expect(r.code).toBe(1);
    const places = [...r.err.matchAll(/content\/alfa\/modelli\/scheda\.md\.hbs:(\d+):\d+: errore: il modello usa il campo «titoloo», che i dati non hanno\n {2}suggerimento: intendevi «titolo»\? \(vedi README, «I modelli \(templates\/\)», «Campi dei modelli»\)/g)].map((m) => Number(m[1]));
    expect(places.length).toBeGreaterThanOrEqual(2);
    expect(places[0]).toBe(lineOf(text, '{{titoloo}}'));
    // reported once per place, not once per card
    expect(new Set(places).size).toBe(places.length);
  });

  it("albo's own templates are checked too (and --modelli says which folder); a template no document uses is still compiled if the ente keeps it", async () => {
    const dir = ente('albo');
    writeFileSync(path.join(dir, 'templates/servizio.md.hbs'), template('servizio.md.hbs') + '\n{{#each missioni}}\n');
    const r = await albo(['check', 'content/lecco'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/templates\/servizio\.md\.hbs:\d+:1: errore: modello non valido: il blocco «\{\{#each\}\}» non è mai chiuso/);
    // the same content with the shipped templates: fine
    expect((await albo(['check', 'content/lecco', '--modelli', path.join(ROOT, 'templates')], dir)).code).toBe(0);
    writeFileSync(path.join(dir, 'content/alfa/modelli/regolamento.md.hbs'), '---\ntitolo: "{{titolo}"\n---\nx\n');
    const kept = await albo(['check', 'content/alfa'], dir);
    expect(kept.err).toContain('content/alfa/modelli/regolamento.md.hbs:2:18: errore: modello non valido');
  });

  it('the shipped content passes', async () => {
    const r = await albo(['check', 'content/ormelle']);
    expect(r.code).toBe(0);
  });
});
