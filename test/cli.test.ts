import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { albo } from './helpers/cli.js';
import { ROOT } from './helpers/seed.js';
import { scratchProject } from './helpers/scratch.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const project = (name: string) => scratchProject(tmp, name);

describe('albo CLI', () => {
  it('--help on every command, in Italian, exit 0', async () => {
    for (const args of [['--help'], ['check', '--help'], ['build', '--help'], ['fondo', '--help'], ['pubblica', '--help'], ['annulla', '--help'], ['relata', '--help']]) {
      const r = await albo(args);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^albo/);
    }
    expect((await albo(['build', '--help'])).out).toContain('non scrive\nnulla');
  });
  it('unknown command or option: exit 1 with a pointer to --help', async () => {
    const a = await albo(['costruisci']);
    expect([a.code, a.err]).toEqual([1, 'albo: comando sconosciuto «costruisci». Comandi: check, build, fondo, pubblica, annulla, relata, anteprima, schemi, nuovo, modelli. Usa "albo --help".']);
    const b = await albo(['build', '--output', 'x']);
    expect(b.code).toBe(1);
    expect(b.err).toContain('opzione sconosciuta «--output»');
  });
  it('check on the shipped content: exit 0, nothing written', async () => {
    const dir = project('check');
    const r = await albo(['check'], dir);
    const sources = readdirSync(path.join(dir, 'content'), { recursive: true }).filter((f) => String(f).endsWith('.md')).length;
    expect(sources).toBeGreaterThan(20);
    expect([r.code, r.out]).toEqual([0, `Controllo completato: ${sources} documenti validi.`]);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });
  it('check with a broken source: exit 1, located errors, sources untouched', async () => {
    const dir = project('broken');
    const file = path.join(dir, 'content/capannori/2024/schede/coordinamento-stato-civile.md');
    const text = readFileSync(file, 'utf8').replace('titolo:', 'titlo:');
    writeFileSync(file, text);
    const r = await albo(['check'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('content/capannori/2024/schede/coordinamento-stato-civile.md:7:1: errore: campo sconosciuto «titlo»');
    expect(r.err).toContain('suggerimento: intendevi «titolo»?');
    // The warnings: the Pesaro project's hours and the typography of the transcribed seeds (tipografia-lint.test.ts).
    const warnings = r.err.split('\n').filter((l) => /: avviso: /.test(l)).length;
    expect(r.err).toMatch(new RegExp(`\\d+ error[ei], ${warnings} avvis[oi]$`));
    expect(readFileSync(file, 'utf8')).toBe(text);
  });
  it('a notice attaching a card that does not exist: did-you-mean on the ids', async () => {
    const dir = project('missing-card');
    const file = path.join(dir, 'content/capannori/2024/avviso-servizi-al-cittadino.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('  - coordinamento-stato-civile', '  - coordinamento-stato-civil'));
    const r = await albo(['check'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('errore: la scheda «coordinamento-stato-civil» non esiste in content/');
    expect(r.err).toContain('intendevi «coordinamento-stato-civile»?');
  });
  it('duplicate ids are reported at the second file', async () => {
    const dir = project('dup');
    const src = path.join(dir, 'content/capannori/2024/schede/coordinamento-stato-civile.md');
    writeFileSync(path.join(dir, 'content/capannori/2024/schede/copia.md'), readFileSync(src));
    const r = await albo(['check'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/content\/capannori\/2024\/schede\/(copia|coordinamento-stato-civile)\.md:3:5: errore: id «coordinamento-stato-civile» già usato in/);
  });
  it('build of named sources writes only theirs', async () => {
    const dir = project('some');
    const r = await albo(['build', 'content/capannori/2024/schede/coordinamento-stato-civile.md'], dir);
    expect(r.code).toBe(0);
    // the card, and the funzionigramma of its ente, which lists it
    expect(r.out).toBe('Generati 4 file in out/ da 1 sorgente.');
    expect(existsSync(path.join(dir, 'out/capannori/funzionigramma.pdf'))).toBe(true);
    expect(existsSync(path.join(dir, 'out/capannori/2024/schede/coordinamento-stato-civile.pdf'))).toBe(true);
    expect(existsSync(path.join(dir, 'out/capannori/2024/avviso-servizi-al-cittadino.pdf'))).toBe(false);
    const bad = await albo(['build', 'content/capannori/2024/nessuno.md'], dir);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('content/capannori/2024/nessuno.md: errore: sorgente non trovato');
  });
  it('a missing content folder or configuration is explained', async () => {
    expect((await albo(['check', '--contenuti', 'manca'], tmp)).err).toContain('la cartella dei sorgenti «manca» non esiste');
    const dir = project('noconf');
    for (const ente of readdirSync(path.join(dir, 'content'))) rmSync(path.join(dir, `content/${ente}/ente.yaml`));
    const r = await albo(['check'], dir);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')[0]).toBe("content: errore: nessun ente.yaml in content: manca la configurazione dell'ente");
    // With several entes, a document outside any ente folder is an error.
    const multi = project('outside');
    writeFileSync(path.join(multi, 'content/sparso.md'), '---\ntipo: scheda\n---\n');
    expect((await albo(['check'], multi)).err).toContain('content/sparso.md: errore: il documento non sta nella cartella di un ente');
  });
  it('a configuration error is located too', async () => {
    const dir = project('conf');
    const file = path.join(dir, 'content/capannori/ente.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.replace('    max: 15', '    massimo: 15'));
    const line = (s: string) => text.split('\n').indexOf(s) + 1;
    const r = await albo(['check'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`content/capannori/ente.yaml:${line('    max: 15')}:5: errore: campo sconosciuto «criteri[4].massimo»\n  suggerimento: campi ammessi qui: id, nome, min, max, peso, elementi`);
    expect(r.err).toContain(`content/capannori/ente.yaml:${line('  - id: rapporti')}:5: errore: manca il campo obbligatorio «criteri[4].max»`);
  });
  it('an environment failure (output folder under a file) is for the user to fix: exit 1, in Italian, no error code (issue 14)', async () => {
    const dir = project('env');
    writeFileSync(path.join(dir, 'file'), 'x');
    const r = await albo(['build', '--uscita', 'file/out'], dir);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')[0]).toBe('albo: la cartella di uscita «file/out» non si può creare: «file» è un file, non una cartella');
    expect(r.err).not.toMatch(/errore interno|ENOTDIR|E[A-Z]{3,}/);
  });
});
