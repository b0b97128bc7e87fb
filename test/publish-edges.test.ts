import { describe, expect, it } from 'vitest';
import { combinedRole, personalDataIn } from '../src/publish/publish.js';
import { parseMarkdown } from '../src/render/markdown.js';

// Two rules of `albo pubblica` stated without a build: how an act's text is read for personal data (one line
// per block and per printed line, whatever the inline markup), and the role of the act published with its
// attachments. publishAct on a real build is test/publish-act.test.ts.

const OFFICE_MAIL = 'personale@comune.example.it';
const found = (markdown: string, identifiersOnly = false) => personalDataIn(parseMarkdown(markdown), [OFFICE_MAIL], identifiersOnly);

describe('personal data in an act: each printed line is read as a whole', () => {
  it('a paragraph, a heading and a table cell are one line each, even with part of the words in italics or bold', () => {
    const birth = [{ kind: 'data di nascita', text: 'nata a San Giuliano Terme il' }];
    expect(found('La referente, nata a *San Giuliano Terme* il 3 marzo 1980, riceve il martedì.\n')).toEqual(birth);
    expect(found('## Referente nata a **San Giuliano Terme** il 3 marzo 1980\n')).toEqual(birth);
    expect(found('| Referente | Note |\n|---|---|\n| Anna | nata a _San Giuliano Terme_ il 3 marzo 1980 |\n')).toEqual(birth);
    // The same words in an act that sets rules are a category, not a person.
    expect(found('La referente, nata a *San Giuliano Terme* il 3 marzo 1980.\n', true)).toEqual([]);
  });

  it('a hard line break ends a line: a tax code after it is found, an office address after it passes as allowed', () => {
    expect(found('Referente: Anna Bianchi  \nBNCNNA80C43H501Q\n')).toEqual([{ kind: 'codice fiscale', text: 'BNCNNA80C43H501Q' }]);
    expect(found('Ufficio personale\\\npersonale@comune.example.it\n')).toEqual([]);
    expect(found('Ufficio personale\\\nanna.bianchi@gmail.com\n')).toEqual([{ kind: 'indirizzo e-mail', text: 'anna.bianchi@gmail.com' }]);
    // Two blocks never join either (a code block included): the words before and after the tax code stay apart.
    expect(found('Referente: Anna Bianchi\n\nBNCNNA80C43H501Q\n')).toEqual([{ kind: 'codice fiscale', text: 'BNCNNA80C43H501Q' }]);
    expect(found('```\nBNCNNA80C43H501Q\n```\nIl codice sopra è della referente.\n')).toEqual([{ kind: 'codice fiscale', text: 'BNCNNA80C43H501Q' }]);
  });
});

describe('the act published with its attachments (signed once) is named by their numbers', () => {
  it('cards, or appendices numbered 1 to N: a range; one attachment: singular', () => {
    expect(combinedRole([1, 2, 3, 4, 5])).toBe('atto con gli allegati 1-5');
    expect(combinedRole([1, 2])).toBe('atto con gli allegati 1-2');
    expect(combinedRole([1])).toBe("atto con l'allegato 1");
    expect(combinedRole([3])).toBe("atto con l'allegato 3");
    expect(combinedRole(['A'])).toBe("atto con l'allegato A");
  });

  it('appendices that keep other numbers are listed one by one', () => {
    expect(combinedRole([1, 3])).toBe('atto con gli allegati 1, 3');
    expect(combinedRole([2, 3])).toBe('atto con gli allegati 2, 3');
    expect(combinedRole(['A', 'B'])).toBe('atto con gli allegati A, B');
  });
});
