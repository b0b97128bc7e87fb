import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Root, RootContent } from 'mdast';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * An offline checker of the rules albo claims for its PDFs (tagged PDF, PDF/A-2a, PDF/UA-1), as a reviewer
 * would check them by hand: the object graph read with qpdf (--json), the content streams and their text
 * with pdf.js. It is not a conformance validator (veraPDF, PAC): it checks these rules, each by name.
 *
 *  1. catalog: MarkInfo /Marked true, /Lang it-*, ViewerPreferences /DisplayDocTitle true, a StructTreeRoot;
 *  2. XMP: pdfaid part 2 conformance A, pdfuaid part 1 with its PDF/A extension schema, dc:title = Info Title;
 *  3. every font has a ToUnicode map;
 *  4. 0 painting operators (text, image, path) outside marked content that is an Artifact or has an MCID;
 *  5. every MCID on a page is reachable from the structure tree, and every MCID the tree names exists;
 *  6. headings: the first is H1, only one H1, no level skipped;
 *  7. TH with /Scope; Figure with /Alt; Table › TR › TH/TD with the same number of cells per row;
 *     L › LI › Lbl/LBody; TOC › TOCI › Link;
 *  8. every link annotation has /Contents and a /StructParent pointing at a Link element holding its OBJR;
 *     pages with annotations have /Tabs /S;
 *  9. no «Pagina N di M» inside the structure's text (page numbers are artifacts).
 */

export interface StructNode {
  role: string;
  alt?: string;
  actual?: string;
  title?: string;
  scope?: string;
  kids: Kid[];
  text: string;
  parent?: StructNode;
}
type Kid = StructNode | { page: number; mcid: number } | { annot: string };

export interface AccessibilityReport {
  problems: string[];
  root?: StructNode;
  /** «H1 Titolo», in reading order. */
  headings: string[];
  /** Text of each P outside the letterhead, in reading order. */
  paragraphs: string[];
  /** How many elements of each role. */
  roles: Record<string, number>;
  /** Painting operators outside marked content (rule 4), for the negative case. */
  unmarked: number;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Dict = Record<string, Json>;

const PAINTING = new Set(
  ['showText', 'showSpacedText', 'nextLineShowText', 'nextLineSetSpacingShowText', 'paintImageXObject', 'paintInlineImageXObject', 'paintImageMaskXObject', 'paintImageXObjectRepeat', 'paintInlineImageXObjectGroup', 'paintSolidColorImageMask', 'shadingFill', 'stroke', 'closeStroke', 'fill', 'eoFill', 'fillStroke', 'eoFillStroke', 'closeFillStroke', 'closeEOFillStroke'].map(
    (n) => (OPS as Record<string, number>)[n]!,
  ),
);
const op = (name: string) => (OPS as Record<string, number>)[name]!;
/** Text-showing operators and the position of their glyph array. */
const TEXT_ARG = new Map([
  [op('showText'), 0],
  [op('showSpacedText'), 0],
  [op('nextLineShowText'), 0],
  [op('nextLineSetSpacingShowText'), 2],
]);
/** Elements read as blocks: their texts are separated by a space (a line's or a cell's end). */
const BLOCK = /^(P|H\d?|L|LI|Lbl|LBody|Table|THead|TBody|TFoot|TR|TH|TD|Div|Sect|Part|Art|BlockQuote|TOC|TOCI|Figure|Caption|Code|Document)$/;

/** Whitespace collapsed: lines of a paragraph join with a space. */
export const normalize = (s: string) => s.replace(/[\s\u00a0]+/g, ' ').trim();

function qpdfObjects(bytes: Uint8Array): { objects: Record<string, Dict>; trailer: Dict; pages: string[] } {
  const dir = mkdtempSync(path.join(tmpdir(), 'albo-a11y-'));
  try {
    const file = path.join(dir, 'f.pdf');
    writeFileSync(file, bytes);
    // Exit code 3: warnings (a damaged file qpdf could repair); the checker still reads what is there.
    const run = spawnSync('qpdf', ['--json=2', '--json-stream-data=none', file], { maxBuffer: 1 << 30 });
    if (run.status !== 0 && run.status !== 3) throw new Error(`qpdf: ${run.stderr.toString()}`);
    const out = run.stdout.toString('utf8');
    const json = JSON.parse(out) as { pages: { object: string }[]; qpdf: [unknown, Record<string, { value?: Dict; stream?: { dict: Dict } }>] };
    const objects: Record<string, Dict> = {};
    for (const [key, v] of Object.entries(json.qpdf[1])) objects[key.replace(/^obj:/, '')] = (v.value ?? v.stream?.dict ?? {}) as Dict;
    return { objects, trailer: objects['trailer'] ?? {}, pages: json.pages.map((p) => p.object) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const str = (v: Json | undefined): string | undefined => (typeof v === 'string' && v.startsWith('u:') ? v.slice(2) : typeof v === 'string' && v.startsWith('b:') ? Buffer.from(v.slice(2), 'hex').toString('latin1') : undefined);
const isRef = (v: Json | undefined): v is string => typeof v === 'string' && / \d+ R$/.test(v);

export async function accessibilityReport(bytes: Uint8Array): Promise<AccessibilityReport> {
  const problems: string[] = [];
  const { objects, trailer, pages } = qpdfObjects(bytes);
  const resolve = (v: Json | undefined): Json | undefined => (isRef(v) ? (objects[v] as Json) : v);
  const dict = (v: Json | undefined): Dict => {
    const r = resolve(v);
    return r && typeof r === 'object' && !Array.isArray(r) ? (r as Dict) : {};
  };
  const pageIndex = new Map(pages.map((ref, i) => [ref, i + 1]));

  // 1. Catalog.
  const catalog = dict(trailer['/Root']);
  if (dict(catalog['/MarkInfo'])['/Marked'] !== true) problems.push('catalogo: manca MarkInfo /Marked true');
  if (!/^it(-|$)/.test(str(catalog['/Lang']) ?? '')) problems.push('catalogo: manca /Lang it-IT');
  if (dict(catalog['/ViewerPreferences'])['/DisplayDocTitle'] !== true) problems.push('catalogo: manca ViewerPreferences /DisplayDocTitle true');
  const treeRoot = dict(catalog['/StructTreeRoot']);
  if (!treeRoot['/K']) problems.push('catalogo: manca la struttura logica (StructTreeRoot)');

  // 2. XMP (pdfkit writes it uncompressed; the last packet wins, as for an incremental update).
  const raw = Buffer.from(bytes).toString('latin1');
  const xmp = Buffer.from([...raw.matchAll(/<\?xpacket begin[\s\S]*?<\?xpacket end="w"\?>/g)].at(-1)?.[0] ?? '', 'latin1').toString('utf8');
  if (!/<pdfaid:part>2<\/pdfaid:part>/.test(xmp) || !/<pdfaid:conformance>A<\/pdfaid:conformance>/.test(xmp)) problems.push('XMP: non dichiara PDF/A-2a');
  if (!/<pdfuaid:part>1<\/pdfuaid:part>/.test(xmp)) problems.push('XMP: non dichiara PDF/UA-1');
  if (!/<pdfaSchema:namespaceURI>http:\/\/www\.aiim\.org\/pdfua\/ns\/id\/<\/pdfaSchema:namespaceURI>/.test(xmp)) problems.push('XMP: manca lo schema di estensione PDF/A di pdfuaid');
  const infoTitle = str(resolve(dict(trailer['/Info'])['/Title']));
  const xmpTitle = /<dc:title>\s*<rdf:Alt>\s*<rdf:li[^>]*>([\s\S]*?)<\/rdf:li>/.exec(xmp)?.[1];
  if (!infoTitle || infoTitle !== xmpTitle) problems.push(`titolo diverso tra Info («${infoTitle}») e XMP («${xmpTitle}»)`);

  // 3. Fonts.
  for (const [ref, o] of Object.entries(objects)) {
    if (o['/Type'] === '/Font' && o['/Subtype'] !== '/CIDFontType2' && o['/Subtype'] !== '/CIDFontType0' && !o['/ToUnicode']) problems.push(`font ${ref} senza ToUnicode`);
  }

  // 5a. The structure tree.
  const roles: Record<string, number> = {};
  const reachable = new Set<string>();
  const annotsInTree = new Map<string, StructNode>();
  const walk = (ref: Json | undefined, parent: StructNode | undefined, page: number | undefined): StructNode | undefined => {
    const d = dict(ref);
    const role = typeof d['/S'] === 'string' ? (d['/S'] as string).slice(1) : '?';
    const node: StructNode = { role, kids: [], text: '', ...(parent ? { parent } : {}) };
    const alt = str(d['/Alt']);
    if (alt !== undefined) node.alt = alt;
    const actual = str(d['/ActualText']);
    if (actual !== undefined) node.actual = actual;
    const title = str(d['/T']);
    if (title !== undefined) node.title = title;
    const a = dict(d['/A']);
    if (typeof a['/Scope'] === 'string') node.scope = (a['/Scope'] as string).slice(1);
    roles[role] = (roles[role] ?? 0) + 1;
    const pg = isRef(d['/Pg']) ? pageIndex.get(d['/Pg'] as string) : page;
    const kids = Array.isArray(d['/K']) ? d['/K'] : d['/K'] === undefined ? [] : [d['/K']];
    for (const k of kids) {
      if (typeof k === 'number') {
        if (pg === undefined) problems.push(`${role}: MCID ${k} senza pagina`);
        else {
          node.kids.push({ page: pg, mcid: k });
          reachable.add(`${pg}:${k}`);
        }
        continue;
      }
      const kd = dict(k);
      if (kd['/Type'] === '/MCR') {
        const p = isRef(kd['/Pg']) ? pageIndex.get(kd['/Pg'] as string) : pg;
        if (p === undefined) problems.push(`${role}: MCR senza pagina`);
        else {
          node.kids.push({ page: p, mcid: kd['/MCID'] as number });
          reachable.add(`${p}:${kd['/MCID']}`);
        }
      } else if (kd['/Type'] === '/OBJR') {
        node.kids.push({ annot: kd['/Obj'] as string });
        annotsInTree.set(kd['/Obj'] as string, node);
      } else if (kd['/S']) {
        const child = walk(k, node, pg);
        if (child) node.kids.push(child);
      }
    }
    return node;
  };
  const topKids = Array.isArray(treeRoot['/K']) ? treeRoot['/K'] : treeRoot['/K'] ? [treeRoot['/K']] : [];
  const root: StructNode = { role: 'StructTreeRoot', kids: [], text: '' };
  for (const k of topKids) {
    const child = walk(k, root, undefined);
    if (child) root.kids.push(child);
  }

  // 4, 5b. Content streams, and the text of each marked content.
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false }).promise;
  const mcText = new Map<string, string>();
  let unmarked = 0;
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const list = await page.getOperatorList();
    // What each marked content is, and for an MCID its number: the text drawn inside goes to it.
    const stack: ('artifact' | 'other' | number)[] = [];
    const onPage = new Set<number>();
    let outside = 0;
    for (let j = 0; j < list.fnArray.length; j++) {
      const fn = list.fnArray[j]!;
      const args = list.argsArray[j] as unknown[] | null;
      if (fn === op('beginMarkedContent')) stack.push((args?.[0] as { name?: string })?.name === 'Artifact' ? 'artifact' : 'other');
      else if (fn === op('beginMarkedContentProps')) {
        const tag = typeof args?.[0] === 'string' ? args[0] : (args?.[0] as { name?: string })?.name;
        if (tag === 'Artifact') stack.push('artifact');
        else if (typeof args?.[1] === 'number') {
          stack.push(args[1]);
          onPage.add(args[1]);
        } else stack.push('other');
      } else if (fn === op('endMarkedContent')) stack.pop();
      else {
        const painting = PAINTING.has(fn) || (fn === op('constructPath') && PAINTING.has((args as number[])[0]!));
        if (painting && !stack.some((m) => m !== 'other')) outside++;
        // The text is the glyphs' Unicode as drawn (pdf.js's text extraction would drop a line's final space).
        const glyphs = TEXT_ARG.get(fn) !== undefined ? (args?.[TEXT_ARG.get(fn)!] as unknown[]) : undefined;
        const mcid = [...stack].reverse().find((m) => m !== 'other');
        if (glyphs && typeof mcid === 'number') {
          const key = `${i}:${mcid}`;
          mcText.set(key, (mcText.get(key) ?? '') + glyphs.map((g) => (g && typeof g === 'object' ? ((g as { unicode?: string }).unicode ?? '') : '')).join(''));
        }
      }
    }
    if (outside) problems.push(`pagina ${i}: ${outside} operatori di disegno fuori da contenuto marcato (né Artifact né MCID)`);
    unmarked += outside;
    for (const mcid of onPage) if (!reachable.has(`${i}:${mcid}`)) problems.push(`pagina ${i}: MCID ${mcid} non raggiungibile dall'albero della struttura`);
    for (const key of reachable) if (key.startsWith(`${i}:`) && !onPage.has(Number(key.split(':')[1]))) problems.push(`pagina ${i}: l'albero nomina l'MCID ${key.split(':')[1]} che la pagina non ha`);
    // 8. Annotations.
    const pageDict = dict(pages[i - 1]);
    const annots = (resolve(pageDict['/Annots']) as Json[] | undefined) ?? [];
    if (annots.length && pageDict['/Tabs'] !== '/S') problems.push(`pagina ${i}: ha annotazioni ma non /Tabs /S`);
    const parentTree = flattenNumberTree(dict(treeRoot['/ParentTree']), dict);
    for (const ref of annots) {
      const a = dict(ref);
      if (a['/Subtype'] !== '/Link') continue;
      if (!str(a['/Contents'])?.trim()) problems.push(`pagina ${i}: collegamento ${ref} senza descrizione (/Contents)`);
      const owner = annotsInTree.get(ref as string);
      if (typeof a['/StructParent'] !== 'number') problems.push(`pagina ${i}: collegamento ${ref} senza /StructParent`);
      else if (!owner || owner.role !== 'Link') problems.push(`pagina ${i}: collegamento ${ref} non è in un elemento Link della struttura`);
      else if (dict(parentTree.get(a['/StructParent'] as number))['/S'] !== '/Link') problems.push(`pagina ${i}: /StructParent di ${ref} non porta all'elemento Link`);
    }
  }

  // Text of every element: its content in order.
  const fill = (n: StructNode): string => {
    n.text = n.kids.map((k) => ('role' in k ? (BLOCK.test(k.role) ? ` ${fill(k)} ` : fill(k)) : 'mcid' in k ? (mcText.get(`${k.page}:${k.mcid}`) ?? '') : '')).join('');
    return n.text;
  };
  fill(root);

  // 6, 7, 9. Rules on the tree.
  const headings: string[] = [];
  const paragraphs: string[] = [];
  const visit = (n: StructNode, inLetterhead: boolean) => {
    const letterhead = inLetterhead || (n.role === 'Div' && n.title === 'Intestazione');
    if (/^H\d?$/.test(n.role)) headings.push(`${n.role} ${normalize(n.text)}`);
    if (n.role === 'P' && !letterhead) paragraphs.push(normalize(n.text));
    if (n.role === 'TH' && !n.scope) problems.push(`TH «${normalize(n.text)}» senza /Scope`);
    if (n.role === 'Figure' && !n.alt?.trim()) problems.push('Figure senza testo alternativo');
    if (n.role === 'Link' && !n.kids.some((k) => 'annot' in k)) problems.push(`Link «${normalize(n.text)}» senza annotazione (OBJR)`);
    const kidRoles = n.kids.filter((k): k is StructNode => 'role' in k).map((k) => k.role);
    const only = (allowed: string[]) => {
      const bad = kidRoles.filter((r) => !allowed.includes(r));
      if (bad.length) problems.push(`${n.role} contiene ${bad.join(', ')} (attesi: ${allowed.join(', ')})`);
    };
    if (n.role === 'L') only(['LI', 'L']);
    if (n.role === 'LI') only(['Lbl', 'LBody']);
    if (n.role === 'Table') only(['TR', 'THead', 'TBody', 'TFoot']);
    if (n.role === 'TR') only(['TH', 'TD']);
    if (n.role === 'TOC') only(['TOCI', 'TOC', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'Caption']);
    if (n.role === 'TOCI' && !kidRoles.includes('Link')) problems.push('TOCI senza Link');
    if (n.role === 'Table') {
      const rows = n.kids.filter((k): k is StructNode => 'role' in k && k.role === 'TR').map((r) => r.kids.filter((k) => 'role' in k).length);
      if (new Set(rows).size > 1) problems.push(`tabella irregolare: righe con ${[...new Set(rows)].join(', ')} celle`);
    }
    for (const k of n.kids) if ('role' in k) visit(k, letterhead);
  };
  visit(root, false);
  if (/Pagina \d+ di \d+/.test(root.text)) problems.push('«Pagina N di M» nel testo della struttura (dovrebbe essere un artefatto)');
  const levels = headings.map((h) => Number(/^H(\d)/.exec(h)?.[1] ?? 0));
  if (levels.length) {
    if (levels[0] !== 1) problems.push(`il primo titolo è ${headings[0]}, non H1`);
    if (levels.filter((l) => l === 1).length > 1) problems.push(`più di un H1: ${headings.filter((h) => h.startsWith('H1 ')).join(' | ')}`);
    levels.forEach((l, k) => {
      if (k > 0 && l > levels[k - 1]! + 1) problems.push(`livello di titolo saltato: ${headings[k - 1]} → ${headings[k]}`);
    });
  }
  return { problems, root, headings, paragraphs, roles, unmarked };
}

function flattenNumberTree(node: Dict, dict: (v: Json | undefined) => Dict): Map<number, Json> {
  const out = new Map<number, Json>();
  const nums = (node['/Nums'] as Json[] | undefined) ?? [];
  for (let i = 0; i + 1 < nums.length; i += 2) out.set(nums[i] as number, nums[i + 1]!);
  for (const kid of (node['/Kids'] as Json[] | undefined) ?? []) for (const [k, v] of flattenNumberTree(dict(kid), dict)) out.set(k, v);
  return out;
}

/**
 * The paragraphs of a syntax tree as a reader hears them: text and code values, a line break as a space,
 * raw HTML as the text it is printed as (footnote and link definitions print nothing).
 */
export function sourceParagraphs(tree: Root): string[] {
  const out: string[] = [];
  const text = (n: RootContent): string => {
    if (n.type === 'text' || n.type === 'inlineCode') return n.value;
    if (n.type === 'break') return ' ';
    if (n.type === 'html') return /^<br\s*\/?>$/i.test(n.value.trim()) ? ' ' : n.value;
    if ('value' in n && n.type === ('noteRef' as string)) return String((n as { value: unknown }).value);
    return 'children' in n ? (n.children as RootContent[]).map(text).join('') : '';
  };
  const walk = (n: RootContent | Root) => {
    if (n.type === 'definition' || n.type === 'footnoteDefinition') return;
    if (n.type === 'paragraph') out.push(normalize(text(n)));
    else if ('children' in n) for (const c of n.children as RootContent[]) walk(c);
  };
  walk(tree);
  return out;
}
