import { pdfmakeModule } from './pdfmake-module.js';

/**
 * pdfmake looks up about 25 style properties for every word it measures (font, size, colour, links...),
 * and each lookup pushes the word's styles on a stack, makes two closures and a Set, walks the stack and
 * pops: about a fifth of the time of a card's PDF (issue #20). These are the same lookups, in the same
 * order and with the same answers, without pushing or allocating: the word itself, then its named styles
 * from the last, then the enclosing stack from the top, each named style with its `extends` chain (a
 * cycle stops as in pdfmake).
 */
type Style = Record<string, unknown> & { extends?: string | string[] };
interface Stack {
  styleDictionary: Record<string, Style | undefined>;
  defaultStyle?: Record<string, unknown>;
  styleOverrides?: unknown[];
}
type Item = string | (Record<string, unknown> & { style?: unknown; section?: unknown });

const isValue = (v: unknown) => v !== undefined && v !== null;
const isString = (v: unknown): v is string => typeof v === 'string' || v instanceof String;

/** A named style's property, through the styles it extends (the last parent first); `seen` only once a chain is followed. */
function fromStyle(dictionary: Stack['styleDictionary'], name: string, property: string, seen?: Set<string>): unknown {
  if (seen?.has(name)) return undefined;
  const style = dictionary[name];
  if (!style) return undefined;
  if (isValue(style[property])) return style[property];
  if (style.extends) {
    const visited = seen ?? new Set<string>();
    visited.add(name);
    const parents = Array.isArray(style.extends) ? style.extends : [style.extends];
    for (let i = parents.length - 1; i >= 0; i--) {
      const value = fromStyle(dictionary, parents[i]!, property, visited);
      if (isValue(value)) return value;
    }
  }
  return undefined;
}

/** One entry of the stack (a style's name or an object of overrides): its value for the property, if any. */
function fromEntry(stack: Stack, entry: unknown, property: string): unknown {
  if (isString(entry)) return fromStyle(stack.styleDictionary, String(entry), property);
  const value = (entry as Record<string, unknown>)[property];
  return isValue(value) ? value : undefined;
}

/** StyleContextStack.prototype.getProperty. */
export function stackProperty(stack: Stack, property: string): unknown {
  const overrides = stack.styleOverrides;
  if (overrides) {
    for (let i = overrides.length - 1; i >= 0; i--) {
      const value = fromEntry(stack, overrides[i], property);
      if (isValue(value)) return value;
    }
  }
  return stack.defaultStyle && stack.defaultStyle[property];
}

/** StyleContextStack.getStyleProperty: as if the item's styles and the item were pushed on the stack. */
export function itemProperty(item: Item, stack: Stack | undefined, property: string, defaultValue: unknown): unknown {
  // As pdfmake, also for a string (whose `link`, `bold`... are String.prototype's methods).
  const own = (item as Record<string, unknown>)[property];
  if (isValue(own)) return own;
  if (!stack) return defaultValue;
  let value: unknown;
  // autopush pushes nothing for a string or a section, else the item's style names and then the item,
  // whose own property is not a value (checked above).
  if (!isString(item) && item.section === undefined && item.style) {
    const names = Array.isArray(item.style) ? (item.style as unknown[]) : [item.style];
    for (let i = names.length - 1; i >= 0 && !isValue(value); i--) value = fromEntry(stack, names[i], property);
  }
  if (!isValue(value)) value = stackProperty(stack, property);
  return isValue(value) ? value : defaultValue;
}

/** pdfmake's own lookups, as found before they were replaced (tests compare the two). */
export const pdfmakeLookups: { getProperty?: (this: Stack, property: string) => unknown; getStyleProperty?: typeof itemProperty } = {};

let installed = false;
export function installFastStyles(): void {
  if (installed) return;
  const styles = pdfmakeModule<{ getStyleProperty?: unknown; prototype: { getProperty?: unknown } }>('StyleContextStack');
  if (typeof styles.getStyleProperty !== 'function' || typeof styles.prototype.getProperty !== 'function') {
    throw new Error('pdfmake: ricerca degli stili non trovata (versione cambiata?)');
  }
  pdfmakeLookups.getProperty = styles.prototype.getProperty as typeof pdfmakeLookups.getProperty;
  pdfmakeLookups.getStyleProperty = styles.getStyleProperty as typeof itemProperty;
  styles.prototype.getProperty = function (this: Stack, property: string) {
    return stackProperty(this, property);
  };
  styles.getStyleProperty = itemProperty;
  installed = true;
}
