import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { previewTarget } from '../src/preview/command.js';
import { albo } from './helpers/cli.js';
import { ROOT } from './helpers/seed.js';

// An ente named as the other commands take it (README: `albo anteprima [sorgente|ente]`): a new user's
// `albo anteprima valle-savio` was refused, `albo fondo valle-savio` showed every ente's fund.

describe('albo anteprima <ente>', () => {
  const content = path.join(ROOT, 'content');
  it('a name under content/ is that folder; a path from the current folder first; anything else stays as given, for the message', () => {
    expect(previewTarget('capannori', ROOT, content)).toBe(path.join(content, 'capannori'));
    expect(previewTarget('capannori/2024/schede/coordinamento-stato-civile.md', ROOT, content)).toBe(path.join(content, 'capannori/2024/schede/coordinamento-stato-civile.md'));
    expect(previewTarget('content/lecco', ROOT, content)).toBe(path.join(content, 'lecco'));
    expect(previewTarget('templates', ROOT, content)).toBe(path.join(ROOT, 'templates'));
    expect(previewTarget('capanori', ROOT, content)).toBe(path.join(ROOT, 'capanori'));
    const elsewhere = mkdtempSync(path.join(tmpdir(), 'albo-anteprima-'));
    try {
      expect(previewTarget('lecco', elsewhere, content)).toBe(path.join(content, 'lecco'));
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

describe('albo fondo <ente>', () => {
  it("only that ente's funds, by name or folder", async () => {
    const all = await albo(['fondo']);
    expect(all.out).toContain('Comune di Capannori – fondo 2024');
    expect(all.out).toContain('Comune di Esempio – fondo 2025');
    for (const name of ['capannori', 'content/capannori']) {
      const one = await albo(['fondo', name]);
      expect(one.code).toBe(0);
      expect(one.out).toContain('Comune di Capannori – fondo 2024');
      expect(one.out).not.toContain('Comune di Esempio');
    }
  });

  it('an ente without funds says so, with only its own problems; a name that is no ente is refused with «intendevi …?»', async () => {
    const lecco = await albo(['fondo', 'lecco']);
    expect(lecco).toMatchObject({ code: 0, out: 'Nessun fondo con posizioni di lecco.' });
    expect(lecco.err).not.toContain('pesaro');
    const typo = await albo(['fondo', 'capanori']);
    expect(typo.code).toBe(1);
    expect(typo.err).toBe(
      "albo fondo: «capanori» non è un ente di content\n  suggerimento: intendevi «capannori»? indica un ente (capannori, esempio-importi-fissi, issa-biella, lecco, maltignano, ormelle, pesaro) o nessuno per tutti; l'anno con --anno AAAA",
    );
    expect((await albo(['fondo', 'capannori', '--anno', '2025'])).out).toBe("Nessun fondo con posizioni di capannori per l'anno 2025.");
  });
});
