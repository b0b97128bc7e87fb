import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { installFastStyles, itemProperty, pdfmakeLookups, stackProperty } from '../src/render/pdf/styles.js';

// albo's style lookups replace pdfmake's (src/render/pdf/styles.ts): the same answer for every word, style
// stack, chain of named styles (cycles included) and default, compared with pdfmake's own code on
// thousands of random cases.
installFastStyles();
const require = createRequire(import.meta.url);
const dir = require.resolve('pdfmake').replace(/index\.js$/, '');
type StackClass = new (dictionary: object, defaultStyle?: object) => { styleOverrides: unknown[]; getProperty(p: string): unknown };
const StyleContextStack = (require(`${dir}StyleContextStack.js`) as { default: StackClass & { getStyleProperty: unknown } }).default;

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  const next = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  return { next, pick };
}
const PROPERTIES = ['font', 'bold', 'fontSize', 'color', 'alignment', 'link'] as const;
const NAMES = ['p', 'h1', 'h2', 'em', 'nota', 'manca'] as const;
const VALUES = [undefined, null, 0, false, '', 'x', 12, true] as const;

function cases(seed: number) {
  const r = random(seed);
  const properties = () => Object.fromEntries(PROPERTIES.filter(() => r.next() < 0.3).map((p) => [p, r.pick(VALUES)]));
  const dictionary: Record<string, object> = {};
  for (const name of NAMES.slice(0, 5)) {
    if (r.next() < 0.2) continue;
    const parents = r.next() < 0.5 ? undefined : r.next() < 0.5 ? r.pick(NAMES) : [r.pick(NAMES), r.pick(NAMES)];
    dictionary[name] = { ...properties(), ...(parents ? { extends: parents } : {}) };
  }
  const entry = () => (r.next() < 0.5 ? r.pick(NAMES) : properties());
  const styleOf = () => (r.next() < 0.4 ? undefined : r.next() < 0.5 ? r.pick(NAMES) : r.next() < 0.7 ? [r.pick(NAMES), r.pick(NAMES)] : properties());
  const item = (): unknown => (r.next() < 0.1 ? 'testo' : { text: 'parola', ...properties(), ...(r.next() < 0.1 ? { section: 'header' } : {}), style: styleOf() });
  const defaultStyle = r.next() < 0.1 ? undefined : properties();
  const overrides = Array.from({ length: Math.floor(r.next() * 4) }, entry);
  return { dictionary, defaultStyle, overrides, item: item(), property: r.pick(PROPERTIES), fallback: r.pick(VALUES) };
}

/** A stack as pdfmake builds it, answering with pdfmake's own getProperty (an own property over the replaced one). */
function pdfmakeStack(c: ReturnType<typeof cases>) {
  const stack = new StyleContextStack(c.dictionary, c.defaultStyle);
  stack.styleOverrides.push(...c.overrides);
  stack.getProperty = pdfmakeLookups.getProperty!.bind(stack as never) as (p: string) => unknown;
  return stack;
}

describe("pdfmake's style lookups, without allocating", () => {
  it('pdfmake uses albo\'s lookups once installed, and its own were kept for comparison', () => {
    expect(StyleContextStack.getStyleProperty).toBe(itemProperty);
    expect(typeof pdfmakeLookups.getProperty).toBe('function');
    expect(typeof pdfmakeLookups.getStyleProperty).toBe('function');
  });

  it('the same answer as pdfmake for 20.000 random words, stacks and styles', () => {
    let answered = 0;
    for (let seed = 1; seed <= 20_000; seed++) {
      const c = cases(seed);
      const theirs = pdfmakeStack(c);
      const ours = new StyleContextStack(c.dictionary, c.defaultStyle);
      ours.styleOverrides.push(...c.overrides);
      expect(stackProperty(ours as never, c.property), `getProperty, seed ${seed}`).toEqual(theirs.getProperty(c.property));
      const expected = pdfmakeLookups.getStyleProperty!(c.item as never, theirs as never, c.property, c.fallback);
      expect(itemProperty(c.item as never, ours as never, c.property, c.fallback), `getStyleProperty, seed ${seed}`).toEqual(expected);
      // pdfmake's stack is as it was after the lookup (pushed and popped); ours was never touched
      expect(theirs.styleOverrides).toEqual(c.overrides);
      expect(ours.styleOverrides).toEqual(c.overrides);
      if (expected !== c.fallback) answered++;
    }
    // the cases reach values from every level, not only the fallback
    expect(answered).toBeGreaterThan(5_000);
  });

  it('a chain of styles: the nearest value wins, the last parent first; a cycle ends; no stack gives the fallback', () => {
    const dictionary = { a: { extends: ['b', 'c'] }, b: { color: 'blu' }, c: { extends: 'a', color: 'rosso' }, d: { extends: 'd' } };
    const stack = new StyleContextStack(dictionary, { color: 'nero' });
    stack.styleOverrides.push('a');
    expect(stackProperty(stack as never, 'color')).toBe('rosso');
    stack.styleOverrides.push('d');
    expect(stackProperty(stack as never, 'color')).toBe('rosso');
    expect(stackProperty(stack as never, 'font')).toBeUndefined();
    expect(itemProperty({ text: 'x', style: 'b' }, stack as never, 'color', 'verde')).toBe('blu');
    expect(itemProperty({ text: 'x', style: 'b', section: 'footer' }, stack as never, 'color', 'verde')).toBe('rosso');
    expect(itemProperty({ text: 'x', color: 'viola', style: 'b' }, stack as never, 'color', 'verde')).toBe('viola');
    expect(itemProperty({ text: 'x' }, undefined, 'color', 'verde')).toBe('verde');
    expect(itemProperty('x', stack as never, 'fontSize', 9)).toBe(9);
  });
});
