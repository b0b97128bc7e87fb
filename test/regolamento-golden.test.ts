import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { golden } from './helpers/golden.js';
import { validateEnte } from '../src/build/project.js';
import { formatDiagnostic } from '../src/diagnostics.js';
import { docId } from '../src/kinds/kind.js';
import { renderDocument } from '../src/render/document.js';
import { renderHtmlBody } from '../src/render/html/index.js';
import { compileTemplate } from '../src/render/template.js';
import { ROOT } from './helpers/seed.js';

// A regulation with every construct of the regulation pipeline (headings in the forms offices write,
// numbering with inserted articles, ids and references, references written as text, amendments inline
// and by block, an appendix) goes through validation and both variants, in process; the text each variant
// prints (as the HTML writer's body: compact and readable) and the diagnostics of a faulty one must equal
// reviewed files in test/golden/. After reviewing a diff: ALBO_UPDATE_GOLDEN=1 npx vitest run test/regolamento-golden.test.ts
const DIR = path.join(ROOT, 'test/fixtures/regolamento');

const REGOLAMENTO = `---
tipo: regolamento
id: regolamento-prova
titolo: Regolamento di prova
approvazione: { organo: Consiglio comunale, numero: 5, data: 2015-03-02 }
modifiche:
  - { id: gc-10-2018, organo: Giunta comunale, numero: 10, data: 2018-01-15 }
  - { id: gc-20-2020, organo: Giunta comunale, numero: 20, data: 2020-06-30, descrizione: Modificato con integrazioni }
---

# Titolo – Disposizioni generali

## Capo – Principi {#principi}

### Art. 1.- Oggetto

1. Il presente regolamento disciplina gli uffici, secondo l'art. 2, comma 1, e gli artt. 3 e 4 del presente regolamento.
2. Si applicano l'art. 84 del CCNL 16.11.2022, l'art. 53 del D.Lgs. 165/2001 e il D.P.R. 487/1994, artt. 11 e 13.
3. Il [](#compiti) e gli artt. [#](#compiti) e [#](#dotazione) valgono per il [](#principi) (capo [#](#principi)) e per l'[](#tabella) ([#](#tabella)).

### Articolo 2 (Compiti *dei* responsabili) {#compiti}

1. Ai responsabili competono:
   1. la gestione <del delibera="gc-10-2018">delle risorse</del><ins delibera="gc-10-2018">del personale e delle risorse</ins>;
   2. il controllo.
2. <del delibera="gc-20-2020">Comma interamente soppresso.</del>
3. Il testo cita l'art. 99, che non c'è.

### **ART 3°** - Dotazione *organica* {#dotazione}

La dotazione è nell'[](#tabella).

### Art. 3 bis – Incarichi ad interim

Inserito prima dell'ultima modifica.

## Capo – Norme finali

:::soppresso{delibera=gc-20-2020}
### Art. – Abrogazioni

Testo abrogato.
:::

:::inserito{delibera=gc-20-2020}
### Art. 4 bis – Entrata in vigore

Il regolamento entra in vigore subito.
:::

# Titolo – Transitorie

### Art. – Rinvio

Per quanto non previsto si rinvia all'art. 1 <ins delibera="gc-20-2020">e all'articolo 3 bis</ins>.
`;

const ALLEGATO = `---
tipo: allegato
id: tabella
regolamento: regolamento-prova
numero: A
titolo: Tabella dei posti
---

### Parte prima

Posti di cui all'[](#dotazione) e all'art. 2, <del delibera="gc-10-2018">dieci</del> <ins delibera="gc-10-2018">dodici</ins>.

| Area | Posti |
|---|---:|
| Funzionari | 3 |
`;

// Each line a different mistake an office makes.
const SBAGLIATO = `---
tipo: regolamento
id: regolamento-sbagliato
titolo: Regolamento con errori
modifiche:
  - { id: gc-1-2019, organo: Giunta comunale, numero: 1, data: 2019-01-15 }
---

# Titolo III – Estratto

## Capo IIII – Numero romano sbagliato

### Art. – Primo {#primo}

Testo con <ins delibera="gc-9-2019">una delibera non elencata</ins> e l'[articolo](#primo).

### Art. 3 – Salta il 2

### Art. 2 – Fuori ordine

### Art. 3 ter – Senza bis

### Art. IV – Romano

### Capo II bis – Suffisso

### Atr. – Parola sbagliata

### Titlo – Parola sbagliata

### Cpao – Parola sbagliata

### Articlo – Parola sbagliata

### 1.- Premessa

### 2.1 – Criteri

### Allegato – Non è una parte

### Art. 5 – Cinque

### Art. 5 – Di nuovo cinque

### Art. 5 bis – Inserito

### Art. 5 bis – Ripetuto {#primo}

Testo <del delibera="gc-1-2019">senza chiusura.
`;

// Only references that do not resolve, in a regulation whose structure is right.
const RIMANDI = `---
tipo: regolamento
id: regolamento-rimandi
titolo: Regolamento con rimandi sbagliati
---

### Art. – Primo {#primo}

Vedi il [](#inesistente), il [](#prim), il [#](#primo) e il [](#primo).

### Art. – Secondo

Come dice l'art. 7, comma 2.
`;

// Amendments at their edges, in an excerpt that starts at Art. 10.
const MODIFICHE = `---
tipo: regolamento
id: regolamento-modifiche
titolo: Regolamento modificato
modifiche:
  - { id: gc-3-2021, organo: Giunta comunale, numero: 3, data: 2021-02-01 }
---

### Art. 10 – Deleghe

<del delibera="gc-3-2021">Inizio</del> del paragrafo, poi a <del delibera="gc-3-2021">metà</del> frase, dopo **grassetto** <del delibera="gc-3-2021">tolto</del> fine, e <del delibera="gc-3-2021">x</del>.

<del delibera="gc-3-2021">Paragrafo interamente soppresso.</del>

3. Terzo comma.
4. <del delibera="gc-3-2021">Quarto comma soppresso.</del>
5. Quinto comma.

Un elenco che perde il primo punto:

1. <del delibera="gc-3-2021">Primo soppresso.</del>
2. Secondo.

Un elenco che perde tutto:

1. <del delibera="gc-3-2021">Tutto.</del>
2. <del delibera="gc-3-2021">Soppresso.</del>

Punti:

- <del delibera="gc-3-2021">punto soppresso</del>
- punto che resta

Punti tutti soppressi:

- <del delibera="gc-3-2021">elenco</del>
- <del delibera="gc-3-2021">soppresso</del>

| Voce | Valore |
|---|---|
| <ins delibera="gc-3-2021">nuova</ins> | 1 |

:::soppresso{delibera=gc-3-2021}
### Art. 11 – Abrogato

Art. 12 del CCNL: testo abrogato.

## Capo – Soppresso con l'articolo
:::

### Art. 12 – Dopo

:::inserito{delibera=gc-3-2021}
### Art. 12 bis – Inserito

| Colonna |
|---|
| cella |
:::

:::soppresso{delibera=gc-3-2021}
### Art. 13 – Anche questo
:::
`;

const bytes = (text: string) => new TextEncoder().encode(text);
const source = (name: string, text: string) => ({ path: path.join(DIR, name), bytes: bytes(text) });
const project = (files: Record<string, string>) =>
  validateEnte({ path: path.join(DIR, 'ente.yaml'), bytes: readFileSync(path.join(DIR, 'ente.yaml')) }, Object.entries(files).map(([n, t]) => source(n, t)), (p) => path.relative(ROOT, p));


const template = (kind: string) => compileTemplate(readFileSync(path.join(ROOT, `templates/${kind}.md.hbs`), 'utf8'), `templates/${kind}.md.hbs`);

describe('a regulation through the whole regulation pipeline (golden files)', () => {
  it('both variants of the regulation and of its appendix, and the warnings of a valid regulation', () => {
    const r = project({ 'regolamento.md': REGOLAMENTO, 'allegato.md': ALLEGATO });
    expect(r.project, r.diagnostics.map(formatDiagnostic).join('\n')).toBeDefined();
    expect(r.diagnostics.filter((d) => d.severity === 'errore').map(formatDiagnostic)).toEqual([]);
    const out: string[] = [`DIAGNOSTICA\n${r.diagnostics.map(formatDiagnostic).join('\n')}\n`];
    for (const [id, kind] of [['regolamento-prova', 'regolamento'], ['tabella', 'allegato']] as const) {
      const doc = r.project!.docs.find((d) => docId(d) === id)!;
      const variants = (doc.kind.variants?.(doc) ?? []).map((v) => v.name);
      expect(variants, id).toEqual(['vigente', 'evidenziato']);
      for (const variant of variants) {
        const rendered = renderDocument(doc, r.project!, template(kind), {}, variant);
        out.push(`${id} (${variant})\n${renderHtmlBody(rendered)}\n`);
      }
    }
    golden('regolamento.txt', out.join('\n'));
    // Stated on their own as well: an emptied comma goes from the text in force, and the next keeps its number.
    const vigente = out[1]!;
    expect(vigente).not.toContain('Comma interamente soppresso');
    expect(vigente).toContain('</ol></li></ol>\n<ol start="3"><li>Il testo cita');
    expect(out[2]).toContain('<li><del>Comma interamente soppresso.</del><sup>(2)</sup></li><li>Il testo cita');
    // An abrogated article keeps its number and the following ones theirs.
    expect(vigente).toContain('<h4 id="rif-art-4">Art. 4 – (abrogato)</h4>\n<h4 id="rif-art-4-bis">Art. 4 bis – Entrata in vigore</h4>');
  });

  it('amendments at their edges: spaces around a deletion, emptied paragraphs, items and lists, abrogated articles', () => {
    const r = project({ 'modifiche.md': MODIFICHE });
    expect(r.diagnostics.map(formatDiagnostic)).toEqual([]);
    const doc = r.project!.docs.find((d) => docId(d) === 'regolamento-modifiche')!;
    const out = ['vigente', 'evidenziato'].map((variant) => `${variant}\n${renderHtmlBody(renderDocument(doc, r.project!, template('regolamento'), {}, variant))}\n`);
    golden('regolamento-modifiche.txt', out.join('\n'));
  });

  it('a faulty regulation: every mistake located, with what to do', () => {
    const r = project({ 'sbagliato.md': SBAGLIATO, 'rimandi.md': RIMANDI });
    golden('regolamento-sbagliato.txt', `${r.diagnostics.map(formatDiagnostic).join('\n')}\n`);
  });
});
