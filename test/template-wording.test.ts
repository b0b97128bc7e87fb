import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/diagnostics.js';
import { renderDocument, type RenderedDocument } from '../src/render/document.js';
import { compileTemplate, type DocumentTemplate } from '../src/render/template.js';
import { ente, type Edits } from './helpers/ente.js';
import { ROOT } from './helpers/seed.js';

// What the shipped templates print from a shipped ente's data, edited in memory: the names of settori and
// offices, the notice's table numbers, the fund's rule and the notice's attachments line. Template ->
// Markdown and metadata, with no writer (the bytes are the writer tests' and the e2e tests').

const templates = new Map<string, DocumentTemplate>();
function template(name: string): DocumentTemplate {
  let t = templates.get(name);
  if (!t) templates.set(name, (t = compileTemplate(readFileSync(path.join(ROOT, 'templates', name), 'utf8'), `templates/${name}`)));
  return t;
}

const sub = (from: string | RegExp, to: string) => (t: string) => {
  const out = t.replace(from, to);
  if (out === t) throw new Error(`edit did not apply: ${String(from)}`);
  return out;
};

/** The ente, edited, with no error; render(id) gives a document's Markdown and metadata. */
function enteOf(name: string, edits: Edits = {}) {
  const r = ente(name, edits);
  expect(r.diagnostics.filter((d) => d.severity === 'errore').map(formatDiagnostic)).toEqual([]);
  const project = r.project!;
  return (id: string): RenderedDocument => {
    const doc = project.byId.get(id);
    if (!doc) throw new Error(`no document ${id}`);
    return renderDocument(doc, project, template(doc.kind.template));
  };
}

const plain = (s: string) => s.replace(/\u00a0/g, ' ');
const lineOf = (md: string, start: string) => md.split('\n').find((l) => l.startsWith(start));

const FIXED = 'esempio-importi-fissi';
const CARD = {
  tecnico: '2025/schede/coordinamento-ufficio-tecnico.md',
  tributi: '2025/schede/responsabile-procedimenti-tributi.md',
  demografici: '2025/schede/ufficiale-stato-civile-anagrafe.md',
};

describe('settori and offices: the noun only before a bare name', () => {
  it("Capannori prints what it printed: «Settore “Servizi al Cittadino …”», «Ufficio URP, …», «Settore Servizi …» in the notice", () => {
    const render = enteOf('capannori');
    const card = render('coordinamento-stato-civile');
    expect(lineOf(card.markdown, '**Settore/Ufficio:**')).toBe(
      '**Settore/Ufficio:** Settore “Servizi al Cittadino e Gabinetto del Sindaco” / Ufficio URP, servizi demografici, accoglienza del cittadino e servizi ausiliari',
    );
    expect(card.meta.oggetto).toBe('Indennità per specifiche responsabilità 2024 – Settore Servizi al Cittadino e Gabinetto del Sindaco – Coordinamento stato civile');
    expect(card.meta.intestazione).toBe('Comune di Capannori – Settore Servizi al Cittadino e Gabinetto del Sindaco');
    expect(card.meta.carta?.righe[0]).toBe('Settore Servizi al Cittadino e Gabinetto del Sindaco');
    const notice = render('avviso-2024-servizi-al-cittadino');
    expect(notice.markdown).toContain('\n## Settore Servizi al Cittadino e Gabinetto del Sindaco\n');
    expect(notice.markdown).toContain(', anno 2024 – Settore Servizi al Cittadino e Gabinetto del Sindaco.\n');
    // The signer's settore, when the source does not give one: the notice's.
    expect(notice.markdown).toMatch(/:::firma\nIl dirigente\n\nSettore Servizi al Cittadino e Gabinetto del Sindaco\n\nEmanuele Pasquini\n/);
    expect(notice.meta.oggetto).toBe('Selezione interna per le specifiche responsabilità 2024 – Settore Servizi al Cittadino e Gabinetto del Sindaco');
    expect(notice.meta.carta?.righe[0]).toBe('Settore Servizi al Cittadino e Gabinetto del Sindaco');
  });

  it('a name that says what it is prints as written: no «Settore Corpo di Polizia Locale», «Settore “Settore …”», «Ufficio Ufficio …»', () => {
    const render = enteOf(FIXED, {
      [CARD.tecnico]: (t) => sub('settore: "Tecnico"', 'settore: "Corpo di Polizia Locale"')(sub(/^ufficio: .*$/m, 'ufficio: "Ufficio Reti e Sicurezza"')(t)),
      [CARD.tributi]: sub('settore: "Finanziario"', 'settore: "Settore Finanziario"'),
    });
    const police = render('coordinamento-ufficio-tecnico');
    expect(lineOf(police.markdown, '**Settore/Ufficio:**')).toBe('**Settore/Ufficio:** Corpo di Polizia Locale / Ufficio Reti e Sicurezza');
    expect(police.meta.oggetto).toMatch(/^Indennità per specifiche responsabilità 2025 – Corpo di Polizia Locale – /);
    expect(police.meta.intestazione).toBe('Comune di Esempio – Corpo di Polizia Locale');
    expect(police.meta.carta?.righe[0]).toBe('Corpo di Polizia Locale');
    const finance = render('responsabile-procedimenti-tributi');
    expect(lineOf(finance.markdown, '**Settore/Ufficio:**')).toBe('**Settore/Ufficio:** Settore Finanziario / Ufficio Tributi');
    // A bare name keeps the noun and the quotes.
    expect(lineOf(render('ufficiale-stato-civile-anagrafe').markdown, '**Settore/Ufficio:**')).toBe('**Settore/Ufficio:** Settore “Servizi demografici” / Ufficio Stato civile e anagrafe');
    const notice = render('avviso-2025').markdown;
    expect(notice.match(/^#### .*$/gm)).toEqual(['#### Corpo di Polizia Locale', '#### Settore Finanziario', '#### Settore Servizi demografici']);
    expect(notice).not.toMatch(/Settore (Settore|Corpo)|Ufficio Ufficio/);
  });

  it("a notice for one settore named in full: heading, subject, letterhead and signer's settore without a second «Settore»", () => {
    const render = enteOf(FIXED, {
      [CARD.tributi]: sub('settore: "Finanziario"', 'settore: "Settore Finanziario"'),
      [CARD.tecnico]: sub('settore: "Tecnico"', 'settore: "Settore Finanziario"'),
      [CARD.demografici]: sub('settore: "Servizi demografici"', 'settore: "Settore Finanziario"'),
      '2025/avviso-2025.md': sub('aree: ', 'settore: Settore Finanziario\naree: '),
    });
    const notice = render('avviso-2025');
    expect(notice.markdown).toContain('\n## Settore Finanziario\n');
    expect(notice.markdown).toContain(', anno 2025 – Settore Finanziario.\n');
    expect(notice.markdown).toMatch(/:::firma\nIl Segretario comunale\n\nSettore Finanziario\n\nAnna Bianchi\n/);
    expect(notice.meta.oggetto).toBe('Selezione interna per le specifiche responsabilità 2025 – Settore Finanziario');
    expect(notice.meta.carta?.righe[0]).toBe('Settore Finanziario');
  });

  it('a notice for several settori: «Settori A e B» when bare, each named on its own when one says what it is', () => {
    const several = (names: string[]) =>
      enteOf(FIXED, {
        [CARD.tecnico]: sub('settore: "Tecnico"', `settore: "${names[0]}"`),
        [CARD.tributi]: sub('settore: "Finanziario"', `settore: "${names[1]}"`),
        [CARD.demografici]: sub('settore: "Servizi demografici"', `settore: "${names[1]}"`),
        '2025/avviso-2025.md': sub('aree: ', `settori: ["${names[0]}", "${names[1]}"]\naree: `),
      })('avviso-2025').markdown;
    expect(several(['Lavori pubblici', 'Bilancio'])).toContain('\n## Settori Lavori pubblici e Bilancio\n');
    expect(several(['Corpo di Polizia Locale', 'Bilancio'])).toContain('\n## Corpo di Polizia Locale e Settore Bilancio\n');
  });
});

describe("the notice's table numbers are the attachments' numbers", () => {
  /** Each row of the notice's tables: [N., title]. */
  const rows = (md: string) => [...md.matchAll(/^\| (\d+) \| ([^|]+) \|/gm)].map((m) => [Number(m[1]), m[2]!.trim()] as const);
  const annex = (md: string) => Number(/Allegato n\. (\d+) all'avviso/.exec(md)![1]);

  it('a card of the second settore attached third is «N. 3», as its «Allegato n. 3»; the tables keep the settori in order of appearance', () => {
    // Tecnico (1), Finanziario (2), Tecnico again (3): the Tecnico table lists 1 and 3, the Finanziario one 2.
    const render = enteOf(FIXED, { [CARD.demografici]: sub('settore: "Servizi demografici"', 'settore: "Tecnico"') });
    const notice = render('avviso-2025').markdown;
    expect(rows(notice).map(([n]) => n)).toEqual([1, 3, 2]);
    for (const [n, id] of [
      [1, 'coordinamento-ufficio-tecnico'],
      [2, 'responsabile-procedimenti-tributi'],
      [3, 'ufficiale-stato-civile-anagrafe'],
    ] as const) {
      const card = render(id);
      expect(annex(card.markdown)).toBe(n);
      expect(rows(notice).find(([, title]) => card.markdown.includes(`**“${title}”**`))?.[0]).toBe(n);
    }
  });

  it('the shipped notices: esempio-importi-fissi (three settori) 1, 2, 3; ormelle (Elevata Qualificazione) 1, 2, 3', () => {
    expect(rows(enteOf(FIXED)('avviso-2025').markdown).map(([n]) => n)).toEqual([1, 2, 3]);
    expect(rows(enteOf('ormelle')('avviso-eq-2025').markdown).map(([n]) => n)).toEqual([1, 2, 3]);
  });
});

describe("the fund's rule", () => {
  const bands = '  tipo: fasce\n  fasce:\n    - { da: 60, a: 99, importo: 1400 }\n    - { da: 100, a: 125, importo: 2000 }\n';
  const rule = (extra: string) =>
    plain(lineOf(enteOf('capannori', { '2024/fondo-2024.md': sub('  tipo: per-punto\n  soglia: 60\n  euro_per_punto: 50\n', bands + extra) })('fondo-2024').markdown, '**Regola di riparto:**')!);

  it('bands, then the minimum weight and the cap, each once after «;»', () => {
    expect(rule('pesatura_minima: 60\nmassimo: 2200\n')).toBe(
      '**Regola di riparto:** per fasce di pesatura: 60–99 punti € 1.400,00; 100–125 punti € 2.000,00; nessuna indennità sotto i 60 punti; massimo per posizione € 2.200,00.',
    );
  });
  it('bands alone end with the full stop; with rounding, the comma follows the last band', () => {
    expect(rule('')).toBe('**Regola di riparto:** per fasce di pesatura: 60–99 punti € 1.400,00; 100–125 punti € 2.000,00.');
    expect(rule('arrotondamento: 50\n')).toBe(
      '**Regola di riparto:** per fasce di pesatura: 60–99 punti € 1.400,00; 100–125 punti € 2.000,00, con importi arrotondati per difetto a multipli di € 50,00.',
    );
  });
});

describe("the notice's attachments line", () => {
  const attachments = (md: string) => lineOf(md, '**Allegati:**');

  it('one card: singular, for both kinds of notice', () => {
    const one = enteOf(FIXED, {
      '2025/avviso-2025.md': sub('  - responsabile-procedimenti-tributi\n  - ufficiale-stato-civile-anagrafe\n', ''),
    })('avviso-2025').markdown;
    expect(attachments(one)).toBe('**Allegati:** n. 1 scheda descrittiva della posizione, elencata nella tabella.');
    const oneEq = enteOf('ormelle', { '2025/avviso-eq-2025.md': sub('  - area-finanziaria\n  - area-tecnica\n', '') })('avviso-eq-2025').markdown;
    expect(attachments(oneEq)).toBe("**Allegati:** n. 1 scheda di graduazione dell'incarico, elencata nella tabella.");
  });
  it('more cards: plural', () => {
    expect(attachments(enteOf(FIXED)('avviso-2025').markdown)).toBe('**Allegati:** n. 3 schede descrittive delle posizioni, elencate nella tabella.');
    expect(attachments(enteOf('ormelle')('avviso-eq-2025').markdown)).toBe('**Allegati:** n. 3 schede di graduazione degli incarichi, elencate nella tabella.');
  });
});
