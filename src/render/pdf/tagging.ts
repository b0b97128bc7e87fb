import { createHash } from 'node:crypto';
import { pdfmakeDependency, pdfmakeModule } from './pdfmake-module.js';
import { linkOf, tagChild, type TagNode } from './tags.js';

/**
 * The tagging adapter: pdfmake 0.3 passes pdfkit's `tagged` flag through but builds no structure, so a
 * file would say «tagged» and not be. This wraps the few pdfmake methods that draw (a line of text, a
 * vector, an image) and opens, around each drawing, either marked content that belongs to the structure
 * element its definition node carries (`_t`, see tags.ts) or an Artifact. Structure elements are created
 * the first time content of theirs is drawn, so their order is the drawing order, which is the source
 * order; pdfkit writes the structure tree, the parent tree and MarkInfo.
 *
 * Each wrapped function is fingerprinted: if an upgrade of pdfmake or pdfkit changes one, albo refuses to
 * write a PDF (pdfmake is pinned to an exact version in package.json; test/accessibilita-pdf.test.ts
 * fails too).
 */

/** sha256 (first 16 hex digits) of the source text of every wrapped function, for the pinned versions. */
export const WRAPPED: Record<string, string> = {
  'Renderer.renderPages': '429c66b67fe2b5a6',
  'Renderer.renderLine': 'b71f57566c6b6c5f',
  'Renderer.renderVector': '5d19ddae02ff9306',
  'Renderer.renderImage': '59da5a9700c20a2c',
  'Renderer.renderSVG': '117c94b48793ffb7',
  'Renderer.beginClip': '48884e4491f91bd8',
  'Renderer.endClip': '21d5353a8c9e4cb8',
  'Renderer.beginVerticalAlignment': '8074e7998498d31e',
  'Renderer.endVerticalAlignment': '0556d9090bec215e',
  'pdfkit.addPage': 'eedb5265492ef55b',
  'TextDecorator.drawBackground': '2eb2cd6477e26899',
  'TextDecorator.drawDecorations': 'ae7a9756dd59823c',
  'DocMeasure.measureToc': '76f828c71e586d0b',
  'LayoutBuilder.processList': 'fade8b204477907c',
  'pdfkit.text': '2b5f97c543a12a7f',
  'pdfkit.fill': '67ca40670bc415e0',
  'pdfkit.link': '217c2001eba3fecb',
  'pdfkit.goTo': 'a620e2eff48e8a99',
  'pdfkit.annotate': 'e427cc69eb2b4cb9',
  'pdfkit.markStructureContent': 'e55a204ea8ce4f5d',
  'StructureElement._flushChild': '8bed53b3b9a50fc4',
};

type Fn = (this: any, ...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any
type Proto = Record<string, Fn>;

interface StructElement {
  add(child: unknown): StructElement;
  _children: unknown[];
  dictionary: { data: { K: unknown[] } };
}
interface Kit {
  options: { tagged?: boolean };
  page: { dictionary: unknown };
  struct(role: string, options?: object): StructElement;
  addStructure(el: StructElement): void;
  markContent(tag: string, options?: object | null): void;
  markStructureContent(tag: string, options?: object): unknown;
  endMarkedContent(): void;
}
interface Inline {
  text: string;
  _t?: TagNode;
}
interface Line {
  inlines: Inline[];
}

/** What is open in the content stream: a structure element's marked content, an artifact, or nothing. */
type Mark = TagNode | 'artifact' | undefined;

/** Per-document state, created when pdfmake starts rendering a tagged document. */
class Tagger {
  private readonly elements = new Map<TagNode, StructElement>();
  /** Inlines already drawn: a repeated table header row draws them again, as an artifact. */
  private readonly drawn = new WeakSet<object>();
  private open: Mark;
  line?: Line;
  /** The marks of the line's inlines, decided once (a repeated inline is an artifact) and the next to draw. */
  marks: Mark[] = [];
  index = 0;
  /** Inside a text decoration (background, underline): an artifact of its own. */
  decorating = false;
  /** The Link element of the inline being drawn, and its description. */
  link?: { element: StructElement; contents: string };
  /**
   * The link annotation being gathered: pdfmake draws a line word by word and pdfkit would write one
   * annotation per word; a Link's words on one line become one annotation (one stop for the Tab key).
   */
  pending?: { method: 'link' | 'goTo'; target: unknown; element: StructElement; contents: string; x: number; y: number; right: number; bottom: number };

  constructor(private readonly kit: Kit) {}

  element(tag: TagNode): StructElement {
    const made = this.elements.get(tag);
    if (made) return made;
    const parent = tag.parent ? this.element(tag.parent) : undefined;
    // Creating an eager parent may have created this one already.
    const again = this.elements.get(tag);
    if (again) return again;
    const el = this.kit.struct(tag.role, tag.options ?? {});
    this.elements.set(tag, el);
    if (parent) parent.add(el);
    else this.kit.addStructure(el);
    if (tag.eager) for (const child of tag.children) this.element(child);
    return el;
  }

  /** Makes `mark` the open marked content, closing what was open (consecutive runs of one element share it). */
  mark(mark: Mark): void {
    if (mark === this.open) return;
    this.close();
    if (mark === 'artifact') this.kit.markContent('Artifact');
    else if (mark) this.element(mark).add(this.kit.markStructureContent(mark.role));
    this.open = mark;
  }

  /** Gathers a link annotation, or writes the gathered one first when this one goes elsewhere. */
  gather(method: 'link' | 'goTo', target: unknown, x: number, y: number, w: number, h: number, write: (m: 'link' | 'goTo', target: unknown, x: number, y: number, w: number, h: number, options: object) => void): void {
    const link = this.link!;
    const p = this.pending;
    if (p && p.method === method && p.target === target && p.element === link.element) {
      p.x = Math.min(p.x, x);
      p.y = Math.min(p.y, y);
      p.right = Math.max(p.right, x + w);
      p.bottom = Math.max(p.bottom, y + h);
      return;
    }
    this.flush(write);
    this.pending = { method, target, element: link.element, contents: link.contents, x, y, right: x + w, bottom: y + h };
  }

  flush(write: (m: 'link' | 'goTo', target: unknown, x: number, y: number, w: number, h: number, options: object) => void): void {
    const p = this.pending;
    if (!p) return;
    this.pending = undefined;
    write(p.method, p.target, p.x, p.y, p.right - p.x, p.bottom - p.y, { structParent: p.element, Contents: new String(p.contents) });
  }

  close(): void {
    if (this.open) this.kit.endMarkedContent();
    this.open = undefined;
  }

  /** The mark for something drawn from a definition node: its tag, once; an artifact otherwise. */
  markFor(node: { _t?: TagNode } | undefined): Mark {
    if (!node?._t || this.drawn.has(node)) return 'artifact';
    this.drawn.add(node);
    return node._t;
  }

  /** Runs a drawing inside one mark, leaving it open: the next drawing of the same element continues it. */
  around<T>(mark: Mark, draw: () => T): T {
    this.mark(mark);
    return draw();
  }
}

const taggers = new WeakMap<object, Tagger>();

/** pdfkit's own link() and goTo(), to write a gathered annotation. */
const originals: Partial<Record<'link' | 'goTo', Fn>> = {};
const writeLink = (kit: Kit) => (method: 'link' | 'goTo', target: unknown, x: number, y: number, w: number, h: number, options: object) => {
  originals[method]!.call(kit, x, y, w, h, target, options);
};

const fingerprint = (fn: Fn) => createHash('sha256').update(fn.toString()).digest('hex').slice(0, 16);

/** The fingerprints of the installed pdfmake and pdfkit, for the test and for updating WRAPPED. */
export function wrappedFingerprints(): Record<string, string> {
  const p = prototypes();
  return Object.fromEntries(Object.entries(targets(p)).map(([name, [proto, key]]) => [name, fingerprint(original(proto, key))]));
}

function prototypes() {
  const load = (name: string) => pdfmakeModule<{ prototype: Proto }>(name).prototype;
  const kitModule = pdfmakeDependency<{ prototype?: Proto; default?: { prototype: Proto } }>('pdfkit');
  const kit = (kitModule.default ?? kitModule) as { prototype: Proto };
  return {
    renderer: load('Renderer'),
    decorator: load('TextDecorator'),
    measure: load('DocMeasure'),
    layout: load('LayoutBuilder'),
    document: load('PDFDocument'),
    kit: kit.prototype,
  };
}

type Protos = ReturnType<typeof prototypes>;

/** Which function each fingerprint names; the structure element class is reached through a throwaway-free path. */
function targets(p: Protos): Record<string, [Proto, string]> {
  return {
    'Renderer.renderPages': [p.renderer, 'renderPages'],
    'Renderer.renderLine': [p.renderer, 'renderLine'],
    'Renderer.renderVector': [p.renderer, 'renderVector'],
    'Renderer.renderImage': [p.renderer, 'renderImage'],
    'Renderer.renderSVG': [p.renderer, 'renderSVG'],
    'Renderer.beginClip': [p.renderer, 'beginClip'],
    'Renderer.endClip': [p.renderer, 'endClip'],
    'Renderer.beginVerticalAlignment': [p.renderer, 'beginVerticalAlignment'],
    'Renderer.endVerticalAlignment': [p.renderer, 'endVerticalAlignment'],
    'pdfkit.addPage': [p.kit, 'addPage'],
    'TextDecorator.drawBackground': [p.decorator, 'drawBackground'],
    'TextDecorator.drawDecorations': [p.decorator, 'drawDecorations'],
    'DocMeasure.measureToc': [p.measure, 'measureToc'],
    'LayoutBuilder.processList': [p.layout, 'processList'],
    'pdfkit.text': [p.kit, 'text'],
    'pdfkit.fill': [p.kit, 'fill'],
    'pdfkit.link': [p.kit, 'link'],
    'pdfkit.goTo': [p.kit, 'goTo'],
    'pdfkit.annotate': [p.kit, 'annotate'],
    'pdfkit.markStructureContent': [p.kit, 'markStructureContent'],
    'StructureElement._flushChild': [structureElementPrototype(p), '_flushChild'],
  };
}

/** pdfkit does not export its structure element class: it is the class `struct()` instantiates. */
function structureElementPrototype(p: Protos): Proto {
  const source = p.kit.struct!.toString();
  if (!/new PDFStructureElement\(/.test(source)) throw new Error('pdfkit: struct() non crea più PDFStructureElement (versione cambiata?)');
  // The class is reachable through any element; build a detached one on a fake document (no PDF object made).
  const fake = { ref: (data: object) => ({ data }) };
  const el = p.kit.struct!.call(fake, 'Span') as object;
  return Object.getPrototypeOf(el) as Proto;
}

const ORIGINAL = Symbol('albo.original');
const original = (proto: Proto, key: string): Fn => ((proto[key] as Fn & { [ORIGINAL]?: Fn })[ORIGINAL] ?? proto[key]) as Fn;

function wrap(proto: Proto, key: string, make: (orig: Fn) => Fn): void {
  const orig = proto[key] as Fn;
  const wrapped = make(orig) as Fn & { [ORIGINAL]?: Fn };
  wrapped[ORIGINAL] = orig;
  proto[key] = wrapped;
}

let installed = false;

export function installTagging(): void {
  if (installed) return;
  const p = prototypes();
  const found = wrappedFingerprints();
  const changed = Object.keys(WRAPPED).filter((name) => WRAPPED[name] !== found[name]);
  if (changed.length) throw new Error(`pdfmake/pdfkit: funzioni di disegno cambiate (${changed.join(', ')}): i PDF non sarebbero marcati correttamente. Reinstallare le versioni indicate in package.json.`);
  const flushProto = structureElementPrototype(p);

  wrap(p.renderer, 'renderPages', (orig) =>
    function (this: { pdfDocument: Kit }, pages: unknown) {
      const kit = this.pdfDocument;
      if (!kit.options.tagged) return orig.call(this, pages);
      const tagger = new Tagger(kit);
      taggers.set(kit, tagger);
      try {
        return orig.call(this, pages);
      } finally {
        tagger.close();
      }
    },
  );

  // A marked-content sequence stays open from one drawing to the next of the same element (a paragraph's
  // lines are one sequence), but never across a page or a save/restore of the graphics state.
  wrap(p.document, 'addPage', (orig) =>
    function (this: Kit, ...args: unknown[]) {
      taggers.get(this)?.close();
      return orig.apply(this, args);
    },
  );
  for (const key of ['beginClip', 'endClip', 'beginVerticalAlignment', 'endVerticalAlignment']) {
    wrap(p.renderer, key, (orig) =>
      function (this: { pdfDocument: Kit }, ...args: unknown[]) {
        taggers.get(this.pdfDocument)?.close();
        return orig.apply(this, args);
      },
    );
  }

  wrap(p.renderer, 'renderLine', (orig) =>
    function (this: { pdfDocument: Kit }, line: Line, x: number, y: number) {
      const tagger = taggers.get(this.pdfDocument);
      if (!tagger) return orig.call(this, line, x, y);
      tagger.line = line;
      tagger.marks = line.inlines.map((inline) => tagger.markFor(inline));
      tagger.index = 0;
      try {
        return orig.call(this, line, x, y);
      } finally {
        tagger.line = undefined;
        tagger.flush(writeLink(this.pdfDocument));
      }
    },
  );

  // pdfmake's renderLine draws each inline with one text() call, in order: that is where each gets its mark.
  wrap(p.document, 'text', (orig) =>
    function (this: Kit, text: string, ...rest: unknown[]) {
      const tagger = taggers.get(this);
      if (!tagger?.line) return orig.call(this, text, ...rest);
      const inline = tagger.line.inlines[tagger.index];
      if (!inline || inline.text !== text) throw new Error('pdfmake: renderLine non disegna più una riga per elemento (versione cambiata?)');
      const mark = tagger.marks[tagger.index++];
      tagger.mark(mark);
      const link = typeof mark === 'object' ? linkOf(mark) : undefined;
      tagger.link = link ? { element: tagger.element(link), contents: link.contents ?? '' } : undefined;
      try {
        return orig.call(this, text, ...rest);
      } finally {
        tagger.link = undefined;
      }
    },
  );

  // pdfmake sets each inline's colour with fill(colour), which also paints (an empty path): that is already
  // the inline's drawing, so its mark opens there.
  wrap(p.document, 'fill', (orig) =>
    function (this: Kit, ...args: unknown[]) {
      const tagger = taggers.get(this);
      if (tagger?.line && !tagger.decorating && tagger.index < tagger.marks.length) tagger.mark(tagger.marks[tagger.index]);
      return orig.apply(this, args);
    },
  );

  // A link annotation belongs to its Link element (OBJR) and says where it leads (PDF/UA: /Contents):
  // gathered per line in the tagger, written by writeLink.
  for (const method of ['link', 'goTo'] as const) {
    wrap(p.document, method, (orig) => {
      originals[method] = orig;
      return function (this: Kit, x: number, y: number, w: number, h: number, target: unknown, options?: object) {
        const tagger = taggers.get(this);
        if (!tagger?.line || !tagger.link) return orig.call(this, x, y, w, h, target, options);
        tagger.gather(method, target, x, y, w, h, writeLink(this));
        return this;
      };
    });
  }
  wrap(p.document, 'annotate', (orig) =>
    function (this: Kit, x: number, y: number, w: number, h: number, options: Record<string, unknown>) {
      const parent = options.structParent as StructElement | undefined;
      const result = orig.call(this, x, y, w, h, options);
      // pdfkit writes the OBJR's page when the element is written, at the end: remember this one.
      const ref = parent?._children.at(-1) as { annotationRef?: unknown; page?: unknown } | undefined;
      if (ref?.annotationRef) ref.page = this.page.dictionary;
      return result;
    },
  );
  wrap(flushProto, '_flushChild', (orig) =>
    function (this: StructElement, child: { annotationRef?: unknown; page?: unknown }) {
      if (!child?.annotationRef || !child.page) return orig.call(this, child);
      this.dictionary.data.K.push({ Type: 'OBJR', Obj: child.annotationRef, Pg: child.page });
    },
  );

  for (const key of ['drawBackground', 'drawDecorations']) {
    const property = key === 'drawBackground' ? 'background' : 'decoration';
    wrap(p.decorator, key, (orig) =>
      function (this: { pdfDocument: Kit }, line: { inlines: Record<string, unknown>[] }, ...rest: unknown[]) {
        const tagger = taggers.get(this.pdfDocument);
        if (!tagger || !line.inlines.some((i) => i[property])) return orig.call(this, line, ...rest);
        tagger.decorating = true;
        try {
          return tagger.around('artifact', () => orig.call(this, line, ...rest));
        } finally {
          tagger.decorating = false;
        }
      },
    );
  }

  for (const key of ['renderVector', 'renderImage', 'renderSVG']) {
    wrap(p.renderer, key, (orig) =>
      function (this: { pdfDocument: Kit }, item: { _t?: TagNode }) {
        const tagger = taggers.get(this.pdfDocument);
        if (!tagger) return orig.call(this, item);
        return tagger.around(tagger.markFor(item), () => orig.call(this, item));
      },
    );
  }

  // The index: pdfmake builds its rows from the headings' text; each row becomes TOCI › Link.
  wrap(p.measure, 'measureToc', (orig) =>
    function (this: unknown, node: { _tag?: TagNode; toc: { _table?: { table: { body: { _inlines?: Inline[] }[][] } }; _items: { _textNodeRef: { text: unknown } }[] } }) {
      const result = orig.call(this, node);
      const toc = node._tag;
      if (!toc || !node.toc._table) return result;
      node.toc._table.table.body.forEach((row) => {
        const text = (row[0]?._inlines ?? []).map((i) => i.text).join('').replace(/\s+/g, ' ').trim();
        const link = tagChild(tagChild(toc, 'TOCI'), 'Link');
        link.contents = `Vai a: ${text}`;
        for (const cell of row) for (const inline of cell._inlines ?? []) inline._t = link;
      });
      return result;
    },
  );

  // List markers are built by pdfmake: they take the label the item was planned with.
  wrap(p.layout, 'processList', (orig) =>
    function (this: unknown, ordered: boolean, node: { ol?: ListItemNode[]; ul?: ListItemNode[] }) {
      for (const item of (ordered ? node.ol : node.ul) ?? []) {
        const marker = item.listMarker;
        if (!item._lbl || !marker) continue;
        if (marker._inlines?.[0]) marker._inlines[0]._t = item._lbl;
        if (marker.canvas?.[0]) marker.canvas[0]._t = item._lbl;
      }
      return orig.call(this, ordered, node);
    },
  );
  installed = true;
}

interface ListItemNode {
  _lbl?: TagNode;
  listMarker?: { _inlines?: Inline[]; canvas?: { _t?: TagNode }[] };
}
