import type { Nodes } from 'mdast';
import { isError, type Diagnostic } from '../diagnostics.js';
import type { RenderedDocument } from '../render/document.js';
import { renderHtmlBody } from '../render/html/index.js';
import { escapeHtml } from '../render/html/handlers.js';
import type { ComputedValue } from './computed.js';
import { locateInRender, type LocateContext } from './locate.js';
import { counts, type Workspace } from './workspace.js';

/** Addresses of the preview's pages: one per source, by its path under content/. */
export const sourceUrl = (rel: string) => `/sorgente/${rel.split('/').map(encodeURIComponent).join('/')}`;
export const fileUrl = (rel: string, ext: 'pdf' | 'docx') => `/file/${ext}/${rel.split('/').map(encodeURIComponent).join('/')}`;

const esc = escapeHtml;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function stateLabel(diagnostics: readonly Diagnostic[]): { stato: 'valido' | 'errori' | 'avvisi'; label: string } {
  const { errors, warnings } = counts(diagnostics);
  if (errors) return { stato: 'errori', label: plural(errors, 'errore', 'errori') + (warnings ? `, ${plural(warnings, 'avviso', 'avvisi')}` : '') };
  if (warnings) return { stato: 'avvisi', label: `valido, ${plural(warnings, 'avviso', 'avvisi')}` };
  return { stato: 'valido', label: 'valido' };
}

const FONT_FACES = (['normal', 'bold', 'italics', 'bolditalics'] as const)
  .map((s) => `@font-face{font-family:"Titillium Web";src:url(/carattere/${s}.ttf) format("truetype");font-weight:${s.startsWith('bold') ? 700 : 400};font-style:${s.endsWith('italics') ? 'italic' : 'normal'};font-display:swap}`)
  .join('');

const CSS = `${FONT_FACES}*{box-sizing:border-box}
body{margin:0;font-family:"Titillium Web",system-ui,sans-serif;line-height:1.5;color:#1a1a1a;background:#eef1f4}
a{color:#0b3d6b}
.barra{background:#0b3d6b;color:#fff;padding:.6rem 1.2rem;display:flex;flex-wrap:wrap;gap:.4rem 1.5rem;align-items:baseline}
.barra a{color:#fff}.barra h1{font-size:1.15rem;margin:0}.barra .file{font-family:monospace;font-size:.9rem}
.barra nav{display:flex;gap:1rem}
#contenuto{max-width:62rem;margin:0 auto;padding:1rem}
.stato{margin:.5rem 0;font-size:.95rem;color:#33414e}
.pannello{background:#fff;border:1px solid #c5ced8;border-radius:4px;padding:.6rem 1rem;margin:0 0 1rem}
.pannello h2{font-size:1.05rem;margin:.2rem 0 .5rem;color:#0b3d6b}
.diagnostiche{position:sticky;top:0;z-index:2;max-height:40vh;overflow:auto;box-shadow:0 2px 6px rgba(0,0,0,.15)}
.diagnostiche ol{margin:0;padding-left:1.2rem}.diagnostiche li{margin:.4rem 0}
.dove{font-family:monospace;font-size:.9rem}
.sev-errore{color:#a3001b;font-weight:700}.sev-avviso{color:#7a4a00;font-weight:700}
.messaggio{white-space:pre-line}
.suggerimento{display:block;color:#33414e}
.calcoli dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}
.calcoli dt{font-weight:600}.calcoli dd{margin:0}.calcoli .valore{font-weight:700;font-size:1.1rem}.calcoli .nota-calcolo{color:#33414e;font-size:.9rem;margin-left:.5rem}
.superato-avviso{background:#fff4d6;border:1px solid #b07d00;padding:.5rem 1rem;margin:0 0 1rem}
.foglio{background:#fff;max-width:21cm;margin:0 auto;padding:1.6cm 2cm;box-shadow:0 1px 4px rgba(0,0,0,.25);border-top:6px solid #0b3d6b}
.foglio.superato{background:repeating-linear-gradient(135deg,#ececec 0 12px,#e4e4e4 12px 24px);border-top-color:#6b6b6b;color:#2b2b2b}
.foglio.superato h2,.foglio.superato .carta-intestata{color:#3d3d3d}.foglio.superato th{background:#d9d9d9}.foglio.superato ins{background:#e0e0e0}
.carta-intestata{text-align:center;font-size:1.3rem;font-weight:700;color:#0b3d6b;border-bottom:1px solid #8a96a3;padding-bottom:.3rem;margin-bottom:.3rem}
.intestazione,.piede{color:#44546a;font-size:.85rem;margin:0}.intestazione{text-align:center;margin-bottom:1rem}.piede{text-align:right;border-top:1px solid #c5ced8;margin-top:2rem;padding-top:.3rem}
.foglio h1{text-align:center;font-size:1.5rem}.foglio h2{color:#0b3d6b;font-size:1.2rem}
.foglio table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}.foglio th,.foglio td{border:1px solid #8a96a3;padding:.3rem .5rem;vertical-align:top}.foglio th{background:#e8edf3}
ul.caselle,ul.indice{list-style:none;padding-left:0}ins{background:#fff1a8}.firma{margin:2rem 0 1rem auto;width:18rem;text-align:center}
hr.interruzione-pagina{border:0;border-top:2px dashed #6b7a89;margin:2.5rem -2cm;overflow:visible;text-align:center;height:0}
hr.interruzione-pagina::after{content:"interruzione di pagina";position:relative;top:-.8rem;background:#fff;color:#33414e;font-size:.8rem;padding:0 .5rem}
[id^="nota-"]{scroll-margin-top:45vh}.segnalato-errore{outline:3px solid #a3001b;outline-offset:2px}.segnalato-avviso{outline:3px solid #b07d00;outline-offset:2px}
.nota{display:block;border-left:5px solid #a3001b;background:#fdecee;color:#1a1a1a;padding:.3rem .6rem;margin:.3rem 0;font-size:.95rem;white-space:pre-line}
.nota.avviso{border-left-color:#b07d00;background:#fff4d6}
tr.riga-nota td{border:0;padding:0 0 .3rem}
table.sorgenti{border-collapse:collapse;width:100%;background:#fff}table.sorgenti th,table.sorgenti td{border:1px solid #c5ced8;padding:.3rem .5rem;text-align:left}
.badge{display:inline-block;padding:0 .5rem;border-radius:3px;font-weight:600}.badge.valido{background:#dff3e4;color:#0d5a23}.badge.errori{background:#fdecee;color:#a3001b}.badge.avvisi{background:#fff4d6;color:#6b4100}
form.pubblicazione{margin:.5rem 0 0}
@media print{.barra,.pannello,.stato,.superato-avviso,.nota,tr.riga-nota{display:none}body{background:#fff}.foglio{box-shadow:none;border:0;padding:0;max-width:none}hr.interruzione-pagina{break-after:page;border:0}hr.interruzione-pagina::after{content:none}}`;

/** Live updates: the server says when content/ changed, the page fetches itself again and swaps its content. */
const SCRIPT = `(() => {
  const status = document.getElementById('connessione');
  const swap = async () => {
    const r = await fetch(location.href, { cache: 'no-store' });
    const html = await r.text();
    const next = new DOMParser().parseFromString(html, 'text/html');
    const moved = next.querySelector('meta[name="albo-spostato"]');
    if (moved) { location.replace(moved.getAttribute('content')); return; }
    for (const selector of ['header.barra', '#contenuto']) {
      const fresh = next.querySelector(selector);
      const current = document.querySelector(selector);
      if (fresh && current) current.replaceWith(fresh);
    }
    document.title = next.title;
  };
  let pending = Promise.resolve();
  const events = new EventSource('/eventi');
  events.addEventListener('aggiornamento', () => { pending = pending.then(swap).catch(() => {}); });
  events.addEventListener('open', () => { if (status) status.textContent = ''; });
  events.addEventListener('error', () => { if (status) status.textContent = 'Collegamento con albo anteprima interrotto: il server è fermo? La pagina si aggiorna da sola quando riparte.'; });
})();`;

function shell(title: string, bar: string, content: string, extraHead = ''): string {
  return `<!DOCTYPE html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
${extraHead}<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<header class="barra">${bar}</header>
<p id="connessione" class="stato" role="status" aria-live="polite"></p>
<main id="contenuto">
${content}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

const where = (d: Diagnostic) => [d.file, d.line, d.line !== undefined ? (d.column ?? 1) : undefined].filter((p) => p !== undefined).join(':');

function diagnosticsPanel(list: readonly Diagnostic[], located: Map<number, string>): string {
  if (!list.length) return '';
  const { label } = stateLabel(list);
  const items = list
    .map((d, i) => {
      const link = located.get(i);
      return `<li id="d-${i}" class="diagnostica" data-severita="${d.severity}"><span class="dove">${esc(where(d))}</span>: <span class="sev-${d.severity}">${d.severity}</span>: <span class="messaggio">${esc(d.message)}</span>${d.hint ? `<span class="suggerimento">Suggerimento: ${esc(d.hint)}</span>` : ''}${link ? ` <a href="#${link}">vedi nel documento</a>` : ''}</li>`;
    })
    .join('\n');
  return `<section class="pannello diagnostiche" tabindex="0" aria-labelledby="titolo-diagnostiche"><h2 id="titolo-diagnostiche">${list.some(isError) ? `Da correggere: ${esc(label)}` : `Da controllare: ${esc(plural(list.length, 'avviso', 'avvisi'))}`}</h2><ol>${items}</ol></section>`;
}

function computedPanel(values: readonly ComputedValue[], stale: boolean, form: string): string {
  if (!values.length && !form) return '';
  const rows = values
    .map((v) => `<dt>${esc(v.label)}</dt><dd data-calcolo="${esc(v.key)}"><span class="valore">${esc(v.value)}</span>${v.note ? `<span class="nota-calcolo">${esc(v.note)}</span>` : ''}</dd>`)
    .join('');
  return `<section class="pannello calcoli" aria-labelledby="titolo-calcoli"><h2 id="titolo-calcoli">Valori calcolati${stale ? ' (dall\'ultima versione valida)' : ''}</h2>${rows ? `<dl>${rows}</dl>` : ''}${form}</section>`;
}

/** Adds attributes to an HTML fragment's first tag (merging classes). */
function markFirstTag(html: string, id: string, cls: string): string {
  return html.replace(/^<([a-z0-9]+)([^>]*)>/, (_m, tag: string, attrs: string) => {
    const merged = /\sclass="/.test(attrs) ? attrs.replace(/\sclass="/, ` class="${cls} `) : `${attrs} class="${cls}"`;
    return `<${tag} id="${id}"${merged}>`;
  });
}

function noteHtml(list: { d: Diagnostic; i: number }[]): string {
  return list
    .map(({ d, i }) => `<span class="nota ${d.severity}" role="note" data-diagnostica="${i}"><strong>${isError(d) ? 'Errore' : 'Avviso'}</strong>${d.line !== undefined ? ` (riga ${d.line}${d.column !== undefined ? `, colonna ${d.column}` : ''})` : ''}: ${esc(d.message)}${d.hint ? `\nSuggerimento: ${esc(d.hint)}` : ''} <a href="#d-${i}">elenco</a></span>`)
    .join('');
}

export interface SourceView {
  rel: string;
  file: string;
  titolo: string;
  ente: string;
  tipo?: string;
  diagnostics: Diagnostic[];
  /** The current render, or the last valid one when the source is broken (`stale`). */
  rendered?: RenderedDocument;
  stale: boolean;
  /** When the shown render was made (local time, for the office). */
  renderedAt?: string;
  locate: LocateContext;
  computed: ComputedValue[];
  /** The notice's planned publication day (for the deadline), as typed in the page. */
  dal?: string;
  /** The document shown (and downloaded) is the source with its attachments. */
  combined: boolean;
  valid: boolean;
  updatedAt: string;
}

/** The page of one source: its problems, its computed values, and the document as it will look. */
export function sourcePage(v: SourceView): string {
  const located = new Map<number, string>();
  let body = '';
  if (v.rendered) {
    const tree = v.rendered.tree;
    const targets = new Map<Nodes, { d: Diagnostic; i: number }[]>();
    v.diagnostics.forEach((d, i) => {
      const node = locateInRender(d, tree, v.locate);
      if (!node) return;
      targets.set(node, [...(targets.get(node) ?? []), { d, i }]);
    });
    body = renderHtmlBody(v.rendered, (node, html) => {
      const list = targets.get(node);
      if (!list) return html;
      const id = `nota-${list[0]!.i}`;
      for (const { i } of list) located.set(i, id);
      const cls = list.some(({ d }) => isError(d)) ? 'segnalato-errore' : 'segnalato-avviso';
      const note = noteHtml(list);
      const marked = markFirstTag(html, id, cls);
      if (node.type === 'tableRow') return `${marked}<tr class="riga-nota"><td colspan="${node.children.length}">${note}</td></tr>`;
      if (node.type === 'listItem') return marked.replace(/<\/li>$/, `${note}</li>`);
      return `${marked}<div>${note}</div>`;
    });
  }
  const { stato, label } = stateLabel(v.diagnostics);
  const bar = `<nav aria-label="Navigazione"><a href="/">Tutti i documenti</a></nav><h1>Anteprima: ${esc(v.titolo)}</h1><span class="file">${esc(v.file)}</span>${
    v.valid ? `<nav aria-label="Documenti generati"><a href="${fileUrl(v.rel, 'pdf')}">PDF${v.combined ? ' con allegati' : ''}</a><a href="${fileUrl(v.rel, 'docx')}">DOCX${v.combined ? ' con allegati' : ''}</a></nav>` : ''
  }`;
  const form =
    v.tipo === 'avviso'
      ? `<form class="pubblicazione" method="get"><label>Pubblicazione all'Albo dal <input type="date" name="dal" value="${esc(v.dal ?? '')}"></label> <button type="submit">Calcola la scadenza</button></form>`
      : '';
  const sheet = v.rendered
    ? `${v.stale ? `<p class="superato-avviso" data-superato="si">Il sorgente ha errori: qui sotto resta in grigio l'ultima versione valida${v.renderedAt ? ` (delle ${esc(v.renderedAt)})` : ''}. Si aggiorna appena gli errori sono corretti.</p>` : ''}
<article class="foglio${v.stale ? ' superato' : ''}" aria-label="Anteprima del documento" data-superato="${v.stale ? 'si' : 'no'}">
<div class="carta-intestata">${esc(v.ente)}</div>
<p class="intestazione">${esc(v.rendered.meta.intestazione)}</p>
${body}
<p class="piede">${esc(v.rendered.meta.piede.replace('{pagina}', 'n').replace('{pagine}', 'N'))}</p>
</article>`
    : `<p class="superato-avviso">Nessuna anteprima ancora: il documento si mostra appena il sorgente è valido.</p>`;
  const content = `<div data-stato="${stato}" id="stato-documento"><p class="stato">Stato: <span class="badge ${stato}">${esc(label)}</span> · aggiornato alle ${esc(v.updatedAt)}</p>
${diagnosticsPanel(v.diagnostics, located)}
${computedPanel(v.computed, v.stale, form)}
${sheet}</div>`;
  return shell(`${v.stale || !v.valid ? '⚠ ' : ''}${v.titolo} – anteprima albo`, bar, content);
}

/** The page of a source that is no longer there (renamed or deleted). */
export function missingPage(rel: string, movedTo?: string): string {
  const bar = `<nav aria-label="Navigazione"><a href="/">Tutti i documenti</a></nav><h1>Anteprima</h1>`;
  const content = movedTo
    ? `<p>Il documento è stato spostato in <a href="${sourceUrl(movedTo)}">${esc(movedTo)}</a>.</p>`
    : `<p>Il file <span class="dove">${esc(rel)}</span> non c'è più nella cartella dei sorgenti: è stato rinominato o cancellato. La pagina torna da sola se il file ricompare.</p><p><a href="/">Elenco dei documenti</a></p>`;
  return shell('Documento non trovato – anteprima albo', bar, content, movedTo ? `<meta name="albo-spostato" content="${esc(sourceUrl(movedTo))}">\n` : '');
}

/** The index: every ente and its sources, with their state. */
export function indexPage(ws: Workspace, updatedAt: string, only?: string, display: (p: string) => string = (p) => p): string {
  const enti = ws.enti.filter((e) => !only || e.dir === only);
  const sections = enti
    .map((e) => {
      const config = e.configDiagnostics.length ? diagnosticsPanel(e.configDiagnostics, new Map()).replace('titolo-diagnostiche', `titolo-diagnostiche-${esc(e.dir)}`) : '';
      const rows = e.sources
        .map((s) => {
          const { stato, label } = stateLabel(s.diagnostics);
          return `<tr data-sorgente="${esc(s.rel)}" data-stato="${stato}"><td><a href="${sourceUrl(s.rel)}">${esc(s.titolo ?? s.id ?? s.rel)}</a></td><td>${esc(s.tipo ?? '—')}</td><td class="dove">${esc(s.file)}</td><td><span class="badge ${stato}">${esc(label)}</span></td></tr>`;
        })
        .join('\n');
      return `<section class="pannello"><h2>${esc(e.nome)}</h2>${config}${
        rows ? `<table class="sorgenti"><thead><tr><th scope="col">Documento</th><th scope="col">Tipo</th><th scope="col">File</th><th scope="col">Stato</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>Nessun sorgente .md in questo ente.</p>'
      }</section>`;
    })
    .join('\n');
  const orphans = ws.orphans.length ? diagnosticsPanel(ws.orphans, new Map()) : '';
  const bar = `<h1>Anteprima dei documenti</h1><span class="file">${esc(display(ws.contentDir))}</span>`;
  return shell('Documenti – anteprima albo', bar, `<p class="stato">Aggiornato alle ${esc(updatedAt)}. Le pagine si aggiornano a ogni salvataggio.</p>\n${orphans}${sections || '<p>Nessun ente trovato.</p>'}`);
}

/** A short page for a request that cannot be served (in Italian, escaped). */
export function messagePage(title: string, message: string): string {
  return shell(`${title} – anteprima albo`, `<nav aria-label="Navigazione"><a href="/">Tutti i documenti</a></nav><h1>${esc(title)}</h1>`, `<p class="messaggio">${esc(message)}</p>`);
}
