import { pdfmakeModule } from './pdfmake-module.js';

/**
 * Fonts parsed once per process. pdfkit parses a font file with fontkit for every document it opens
 * (about half of a one-page card's time), and lays every word out again in each document. Here the
 * parsed font and the layout of each word are kept for the whole process; what belongs to one document
 * (its font subset, the characters and widths it used, its font ids) stays with the document, so the
 * bytes are the same as with fresh fonts (test/parallel.test.ts compares them).
 */

interface EmbeddedFont {
  font: unknown;
  name?: string;
  layoutCache?: Record<string, unknown>;
}
type EmbeddedFontClass = new (document: unknown, font: unknown, id: string) => EmbeddedFont;

interface PdfmakeDocument {
  fontCache: Record<string, Record<string, EmbeddedFont>>;
  _fontFamilies: Record<string, EmbeddedFont>;
  _fontCount: number;
  _font: EmbeddedFont;
  _fontSource: unknown;
  _fontFamily: unknown;
  getFontType(bold: boolean, italics: boolean): string;
  getFontFile(family: string, bold: boolean, italics: boolean): string | null;
  validateLocalFile(file: string): void;
  provideFont(family: string, bold: boolean, italics: boolean): EmbeddedFont;
}

interface Parsed {
  create: EmbeddedFontClass;
  font: unknown;
  layouts: Record<string, unknown>;
}

let installed = false;

/** Patches pdfmake's document class (the one its printer uses) to share parsed fonts between documents. */
export function shareFonts(): void {
  if (installed) return;
  installed = true;
  const proto = pdfmakeModule<{ prototype: PdfmakeDocument }>('PDFDocument').prototype;
  const original = proto.provideFont;
  const parsed = new Map<string, Parsed>();
  proto.provideFont = function (this: PdfmakeDocument, family: string, bold: boolean, italics: boolean): EmbeddedFont {
    const type = this.getFontType(bold, italics);
    const file = this.getFontFile(family, bold, italics);
    const known = typeof file === 'string' ? parsed.get(file) : undefined;
    if (this.fontCache[family]?.[type] || !known) {
      const font = original.call(this, family, bold, italics);
      if (typeof file === 'string' && !known && font.layoutCache) {
        parsed.set(file, { create: font.constructor as EmbeddedFontClass, font: font.font, layouts: font.layoutCache });
      }
      return font;
    }
    // What pdfkit's font(file) does, with the parsed font: the next id, registered under its file and
    // its name (every registered font is embedded when the document ends), made the current font.
    this.validateLocalFile(file!);
    const font = new known.create(this, known.font, `F${++this._fontCount}`);
    font.layoutCache = known.layouts;
    this._fontFamilies[file!] = font;
    if (font.name && !this._fontFamilies[font.name]) this._fontFamilies[font.name] = font;
    this._font = font;
    this._fontSource = file;
    this._fontFamily = undefined;
    (this.fontCache[family] ??= {})[type] = font;
    return font;
  };
}
