import { describe, expect, it } from 'vitest';
import { dictEntries } from '../src/publish/pdf-dict.js';

// The dictionary reader behind the signature check's «what may a signed update change» (signature.ts): two
// writings of the same entry must compare equal, two different values must not.
const entries = (text: string) => (t => t && Object.fromEntries(t))(dictEntries(text));

describe('dictEntries', () => {
  it('reads names, numbers, booleans, references, arrays, nested dictionaries, strings and hex strings', () => {
    expect(entries('<< /Type /Page /Rotate 90 /Open true /Parent 2 0 R /Kids [3 0 R 6 0 R] /Res << /F1 10 0 R >> /T (Firma) /ID <0a1b> /N null >>')).toEqual({
      Type: '/Page',
      Rotate: '90',
      Open: 'true',
      Parent: '2 0 R',
      Kids: '[3 0 R 6 0 R]',
      Res: '<</F1 10 0 R>>',
      T: '(Firma)',
      ID: '<0a1b>',
      N: 'null',
    });
  });

  it('white space and line breaks between tokens do not count; the order of entries is the writing order', () => {
    const tight = entries('<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Res<</F1 10 0 R>>>>');
    const loose = entries('<<\r\n  /Type   /Page\n  /Parent 2\n0 R\n  /MediaBox [ 0  0  595  842 ]\n  /Res << /F1 10 0 R >>\n>>');
    expect(loose).toEqual(tight);
    expect(Object.keys(tight!)).toEqual(['Type', 'Parent', 'MediaBox', 'Res']);
    // a reference's numbers are read as numbers
    expect(entries('<< /P 007 00 R >>')).toEqual({ P: '7 0 R' });
  });

  it('different values stay different: numbers, references, names inside arrays, strings byte for byte', () => {
    expect(entries('<< /A [0 0 595 842] >>')).not.toEqual(entries('<< /A [0 0 842 595] >>'));
    expect(entries('<< /A 2 0 R >>')).not.toEqual(entries('<< /A 2 1 R >>'));
    expect(entries('<< /A [/X /Y] >>')).not.toEqual(entries('<< /A [/XY] >>'));
    // inside a string, spaces are text
    expect(entries('<< /T (a  b) >>')).not.toEqual(entries('<< /T (a b) >>'));
    expect(entries('<< /A << /T (a  /b) >> >>')).not.toEqual(entries('<< /A << /T (a /b) >> >>'));
    // two numbers not followed by R are two values: a key and its value, then a stray token makes no dictionary
    expect(entries('<< /A 1 2 >>')).toBeUndefined();
  });

  it('strings may hold parentheses, escaped parentheses, «>>», «/» and «%»; comments are skipped', () => {
    expect(entries('<< /T (a (nested) b) /U (an \\) escaped) /V (>> /X %) % comment /Y 1\n/W 2 >>')).toEqual({
      T: '(a (nested) b)',
      U: '(an \\) escaped)',
      V: '(>> /X %)',
      W: '2',
    });
    expect(entries('<< /A [(]) 1] /B << /C (>>) >> >>')).toEqual({ A: '[(]) 1]', B: '<</C (>>)>>' });
    expect(entries('<< /A [<5d> 1] /B << /C <3e3e> >> >>')).toEqual({ A: '[<5d> 1]', B: '<</C <3e3e>>>' });
    // a hex string's «>» right before a nested dictionary's «>>» closes the string, not the dictionary
    expect(entries('<< /A << /B <41>>> /C 1 >>')).toEqual({ A: '<</B <41>>>', C: '1' });
  });

  it('a comment ends at a line feed or at a carriage return alone (the classic Mac line end PDF allows)', () => {
    expect(entries('<< /A 1 % note\r/B 2 >>')).toEqual({ A: '1', B: '2' });
    expect(entries('<< /A 1 % note\n/B 2 >>')).toEqual({ A: '1', B: '2' });
    expect(entries('<< /A 1 % note\r\n/B 2 >>')).toEqual({ A: '1', B: '2' });
    // a comment that runs to the end of the text leaves the dictionary open
    expect(entries('<< /A 1 % note')).toBeUndefined();
    expect(entries('<< /A 1 % note >>')).toBeUndefined();
  });

  it('only a closed dictionary at the start of the text is read', () => {
    expect(entries('  \n<< /A 1 >> stream\nxyz')).toEqual({ A: '1' });
    expect(entries('[1 2] << /A 1 >>')).toBeUndefined();
    expect(entries('/A 1')).toBeUndefined();
    for (const open of ['<< /A 1', '<< /A [1 2 >>', '<< /A (x >>', '<< /A <41 >>', '<< /A << /B 1 >>', '<< /A [(x] >>', '<< /A [<41] >>', '<< /A [<41', '<< /A << /B <41']) {
      expect(entries(open), open).toBeUndefined();
    }
    expect(entries('<< /A >>')).toBeUndefined();
    // every key is a name
    expect(entries('<< 1 /A >>')).toBeUndefined();
    expect(entries('<< (A) 1 >>')).toBeUndefined();
  });

  it('a reference is two whole integers and R; anything else is separate values (then no dictionary)', () => {
    for (const text of ['<< /A 1.5 0 R >>', '<< /A 1a 0 R >>', '<< /A a1 0 R >>', '<< /A 1 0.5 R >>', '<< /A 1 0a R >>', '<< /A 1 a0 R >>']) {
      expect(entries(text), text).toBeUndefined();
    }
    // a bare R after a number and a key is a value of its own, not the end of a reference
    expect(entries('<< /A 1 /B R >>')).toEqual({ A: '1', B: 'R' });
    expect(entries('<< /A /X /B R >>')).toEqual({ A: '/X', B: 'R' });
    expect(entries('<< >>')).toEqual({});
  });
});
