import { AlignmentType, LevelFormat, type NumberingDefinition } from 'docx';

/** Bullets «–», then «•»; indents as the PDF's lists. */
export const bulletLevels = [0, 1, 2].map((level) => ({
  level,
  format: LevelFormat.BULLET,
  text: level === 0 ? '–' : '•',
  alignment: AlignmentType.LEFT,
  style: { paragraph: { indent: { left: 426 + level * 360, hanging: 284 } } },
}));

/** «1.», then «a)», then «1.»; `start` for the level a list starting elsewhere than 1 is at. */
export const numberLevels = (start?: { level: number; from: number }) =>
  [0, 1, 2].map((level) => ({
    level,
    format: level === 1 ? LevelFormat.LOWER_LETTER : LevelFormat.DECIMAL,
    text: level === 1 ? `%${level + 1})` : `%${level + 1}.`,
    alignment: AlignmentType.LEFT,
    ...(start && start.level === level ? { start: start.from } : {}),
    style: { paragraph: { indent: { left: 426 + level * 360, hanging: 340 } } },
  }));

export const BULLETS = 'elenco-puntato';
export const NUMBERS = 'elenco-numerato';

/**
 * The Word list of an ordered list: the document's numbered list, or, for a list that starts at another
 * number («3. …» in the source, as the PDF and HTML print it), its own definition starting there.
 */
export const orderedList = (level: number, from: number | null | undefined): string | NumberingDefinition =>
  !from || from === 1 ? NUMBERS : { reference: `${NUMBERS}-${level}-da-${from}`, levels: numberLevels({ level, from }) };
