/**
 * The alternative text of an ente's coat of arms, in both writers: «Stemma del Comune di Capannori»,
 * «Stemma della Provincia di Lucca», «Stemma dell'Unione dei Comuni …». The preposition agrees with the
 * name's first word; a name that does not start with an Italian word (an acronym, «I.S.S.A.») gets
 * «Stemma dell'ente …», which is right whatever it is. Pure.
 */
export function stemmaAltText(ente: string): string {
  const name = ente.replace(/\s+/g, ' ').trim();
  const first = /^\p{Lu}\p{Ll}+(?=\s|$)/u.exec(name)?.[0];
  if (!first) return `Stemma dell'ente ${name}`;
  const word = first.toLowerCase();
  if (/^[aeiouàèéìòù]/.test(word)) return `Stemma dell'${name}`;
  // Feminine: -a (Provincia), -à (Comunità montana), -ione (Regione).
  const feminine = /(a|à|ione)$/.test(word);
  if (feminine) return `Stemma della ${name}`;
  // Masculine before s + consonant, z, gn, ps, x, y: «dello».
  if (/^(s[^aeiou]|z|gn|ps|x|y)/.test(word)) return `Stemma dello ${name}`;
  return `Stemma del ${name}`;
}
