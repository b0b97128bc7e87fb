import { AlignmentType, LevelFormat, type NumberingDefinition } from 'docx';

/** Word's nine list levels: a list nested deeper than three still has its marker and indent. */
const LEVELS = [0, 1, 2, 3, 4, 5, 6, 7, 8];

/** Where an item's text starts at a nesting level (twips): its further paragraphs and blocks align there. */
export const itemIndent = (level: number) => 426 + level * 360;

/** Bullets «–», then «•»; indents as the PDF's lists. */
export const bulletLevels = LEVELS.map((level) => ({
  level,
  format: LevelFormat.BULLET,
  text: level === 0 ? '–' : '•',
  alignment: AlignmentType.LEFT,
  style: { paragraph: { indent: { left: itemIndent(level), hanging: 284 } } },
}));

/** «1.», then «a)», then «1.» (as the PDF: letters at the second level only); `start` for the level a list starting elsewhere than 1 is at. */
export const numberLevels = (start?: { level: number; from: number }) =>
  LEVELS.map((level) => ({
    level,
    format: level === 1 ? LevelFormat.LOWER_LETTER : LevelFormat.DECIMAL,
    text: level === 1 ? `%${level + 1})` : `%${level + 1}.`,
    alignment: AlignmentType.LEFT,
    ...(start && start.level === level ? { start: start.from } : {}),
    style: { paragraph: { indent: { left: itemIndent(level), hanging: 340 } } },
  }));

export const BULLETS = 'elenco-puntato';
export const NUMBERS = 'elenco-numerato';

/**
 * The Word list of an ordered list: the document's numbered list, or, for a list that starts at another
 * number («3. …» in the source, as the PDF and HTML print it), its own definition starting there.
 */
export const orderedList = (level: number, from: number | null | undefined): string | NumberingDefinition =>
  !from || from === 1 ? NUMBERS : { reference: `${NUMBERS}-${level}-da-${from}`, levels: numberLevels({ level, from }) };
