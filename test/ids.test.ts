import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ambiguityMessage, lookupName, qualifiedId } from '../src/build/targets.js';
import { albo } from './helpers/cli.js';
import { ROOT } from './helpers/seed.js';

// Ids are unique within an ente (README «gli id sono unici nell'ente»), not across content/: two comuni
// both have their «fondo-2025». A command given a bare id that several entes use refuses and lists the
// candidates as «ente/id»; «ente/id» names one ente's document.

const c = path.resolve('/c');
const item = (ente: string, id: string, file = `${id}.md`) => ({ path: path.join(c, ente, '2025', file), enteDir: path.join(c, ente), id });
const items = [item('alfa', 'fondo-2025'), item('beta', 'fondo-2025'), item('beta', 'avviso-2025'), item(path.join('unione', 'uno'), 'fondo-2025')];
const ctx = { cwd: path.resolve('/altrove'), contentDir: c };

describe('naming a document: id or ente/id', () => {
  it('a bare id used by one ente is that document; used by several, ambiguous with every candidate', () => {
    expect(lookupName('avviso-2025', items, ctx)).toEqual({ matches: [items[2]], ambiguous: false });
    expect(lookupName('fondo-2025', items, ctx)).toEqual({ matches: [items[0], items[1], items[3]], ambiguous: true });
    expect(lookupName('fondo-2024', items, ctx)).toEqual({ matches: [], ambiguous: false });
    // twice in one ente is that ente's error (crossCheck reports it), not an ambiguity: both are checked
    const twice = [item('alfa', 'x'), item('alfa', 'x', 'copia.md')];
    expect(lookupName('x', twice, ctx)).toEqual({ matches: twice, ambiguous: false });
  });

  it('ente/id: the ente folder under content/ (nested entes too, backslashes, a trailing slash) or from the current folder', () => {
    expect(lookupName('beta/fondo-2025', items, ctx)).toEqual({ matches: [items[1]], ambiguous: false });
    expect(lookupName('unione/uno/fondo-2025', items, ctx)).toEqual({ matches: [items[3]], ambiguous: false });
    expect(lookupName('unione\\uno\\fondo-2025/', items, ctx)).toEqual({ matches: [items[3]], ambiguous: false });
    expect(lookupName('beta/fondo-2025', items, { cwd: path.join(c, 'beta'), contentDir: path.resolve('/x') }).matches).toEqual([]);
    expect(lookupName('../c/beta/fondo-2025', items, { cwd: path.resolve('/altrove'), contentDir: path.resolve('/y') }).matches).toEqual([items[1]]);
    // the wrong ente, or an ente that does not exist: nothing
    expect(lookupName('alfa/avviso-2025', items, ctx).matches).toEqual([]);
    expect(lookupName('gamma/fondo-2025', items, ctx).matches).toEqual([]);
  });

  it('the refusal lists the candidates as ente/id with their files, and the hint names the command and the first candidate', () => {
    expect(qualifiedId(items[3]!, c)).toBe('unione/uno/fondo-2025');
    const why = ambiguityMessage('fondo-2025', [items[1]!, items[0]!], { contentDir: c, display: (p) => path.relative(c, p), command: 'pubblica' });
    expect(why).toEqual({
      message: `l'id «fondo-2025» è usato in più enti: alfa/fondo-2025 (${path.join('alfa', '2025', 'fondo-2025.md')}), beta/fondo-2025 (${path.join('beta', '2025', 'fondo-2025.md')})`,
      hint: "indica quale con l'ente davanti all'id, es. «albo pubblica alfa/fondo-2025», o con il percorso del file",
    });
  });
});

describe('the CLI with two entes that use the same ids', () => {
  const tmp = mkdtempSync(path.join(tmpdir(), 'albo-ids-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const content = path.join(tmp, 'content');
  cpSync(path.join(ROOT, 'content', 'esempio-importi-fissi'), path.join(content, 'esempio-importi-fissi'), { recursive: true });
  // A second comune that started from the example: the same ids (fondo-2025, avviso-2025, the cards).
  cpSync(path.join(ROOT, 'content', 'esempio-importi-fissi'), path.join(content, 'valle'), { recursive: true });
  const run = (...args: string[]) => albo([...args, '--contenuti', 'content'], tmp);
  const fondo = (ente: string) => path.join('content', ente, '2025', 'fondo-2025.md');

  it('the same id in two entes is no error of albo check', async () => {
    const r = await run('check');
    expect(r.err).not.toMatch(/errore/);
    expect(r.code).toBe(0);
  });

  it('albo check with an ambiguous id refuses, listing both; with ente/id it checks that ente only', async () => {
    const r = await run('check', 'fondo-2025');
    expect(r.code).toBe(1);
    expect(r.err).toContain(`fondo-2025: errore: l'id «fondo-2025» è usato in più enti: esempio-importi-fissi/fondo-2025 (${fondo('esempio-importi-fissi')}), valle/fondo-2025 (${fondo('valle')})`);
    expect(r.err).toContain("suggerimento: indica quale con l'ente davanti all'id, es. «albo check esempio-importi-fissi/fondo-2025», o con il percorso del file");
    const one = await run('check', 'valle/fondo-2025');
    expect(one.code).toBe(0);
    const both = await run('check', 'valle/fondo-2025', 'esempio-importi-fissi/fondo-2025');
    expect(both.code).toBe(0);
    // the number of documents checked: one ente's fund and cards, then twice that
    const count = (s: string) => Number(/(\d+) document/.exec(s)?.[1]);
    expect(count(both.out)).toBe(2 * count(one.out));
    expect((await run('check', 'gamma/fondo-2025')).err).toContain('gamma/fondo-2025: errore: sorgente non trovato');
  });

  it('albo pubblica with an ambiguous id refuses before anything else; the list of acts names them as ente/id', async () => {
    const args = ['--firmato', 'x.pdf', '--protocollo', '1', '--data-protocollo', '2025-02-01', '--modelli', path.join(ROOT, 'templates'), '--uscita', 'out'];
    const r = await run('pubblica', 'avviso-2025', ...args);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`albo pubblica: l'id «avviso-2025» è usato in più enti: esempio-importi-fissi/avviso-2025 (${path.join('content', 'esempio-importi-fissi', '2025', 'avviso-2025.md')}), valle/avviso-2025 (${path.join('content', 'valle', '2025', 'avviso-2025.md')})`);
    expect(r.err).toContain('«albo pubblica esempio-importi-fissi/avviso-2025»');
    const none = await run('pubblica', 'avviso', ...args);
    expect(none.err).toContain(
      'albo pubblica: nessun atto pubblicabile «avviso» in content/ (intendevi «esempio-importi-fissi/avviso-2025»? atti: esempio-importi-fissi/avviso-2025, esempio-importi-fissi/fondo-2025, esempio-importi-fissi/criteri-specifiche-responsabilita, valle/avviso-2025, valle/fondo-2025, valle/criteri-specifiche-responsabilita)',
    );
    // ente/id is found: what stops it now is the build that was never made
    const one = await run('pubblica', 'valle/avviso-2025', ...args);
    expect(one.err).not.toContain('nessun atto pubblicabile');
    expect(one.err).not.toContain('più enti');
    expect(one.code).toBe(1);
  });
});
