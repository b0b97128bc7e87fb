import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';
import { z } from 'zod';
import { afterAll, describe, expect, it } from 'vitest';
import { KINDS } from '../src/kinds/index.js';
import type { Kind } from '../src/kinds/kind.js';
import { parseSource } from '../src/load/source.js';
import { enteKindSchemas, type JsonSchema } from '../src/schemas/generate.js';
import { albo } from './helpers/cli.js';
import { shippedConfig } from './helpers/project.js';
import { ROOT } from './helpers/seed.js';
import { scratchProject } from './helpers/scratch.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-schemi-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const dir = scratchProject(tmp, 'progetto');
const SCHEMI = path.join(dir, 'schemi');
const ENTI = readdirSync(path.join(ROOT, 'content'));

/** A well-kept validator, as an editor would use: draft-07, every error, formats the schemas use. */
function validator(file: string): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict: true, formats: { email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/ } });
  return ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);
}
const frontmatter = (text: string, file = 'x.md') => {
  const parsed = parseSource(new TextEncoder().encode(text), file);
  if (!parsed.value) throw new Error(`frontmatter illeggibile in ${file}`);
  return parsed.value.data;
};
const errorsOf = (validate: ValidateFunction, data: unknown) => (validate(data) ? [] : validate.errors!.map((e) => `${e.instancePath} ${e.keyword}`));
const mdFiles = (d: string): string[] => (readdirSync(d, { recursive: true }) as string[]).filter((f) => f.endsWith('.md')).map((f) => path.join(d, f));

// Written inside the first test that needs it, not while the file is collected: StrykerJS counts code run
// outside a test as static and runs every test against each of its mutants.
let written: ReturnType<typeof albo> | undefined;
const schemi = () => (written ??= albo(['schemi'], dir));

describe('albo schemi', () => {
  it('writes ente.yaml\'s schema, one per kind of the registry and one for any source, for every ente', async () => {
    const r = await schemi();
    expect([r.code, r.err]).toEqual([0, '']);
    // ente.yaml's schema, associazioni.json, and per ente one schema per kind plus sorgente.schema.json.
    const files = 2 + ENTI.length * (Object.keys(KINDS).length + 1);
    expect(r.out).toMatch(new RegExp(`^Scritti ${files} file in schemi/: lo schema di ente\\.yaml e, per ${ENTI.length} enti, uno per tipo di documento \\(avviso, scheda, fondo`));
    expect(existsSync(path.join(SCHEMI, 'ente.schema.json'))).toBe(true);
    for (const ente of ENTI) {
      for (const tipo of [...Object.keys(KINDS), 'sorgente']) expect(existsSync(path.join(SCHEMI, ente, `${tipo}.schema.json`)), `${ente}/${tipo}`).toBe(true);
    }
    const assoc = JSON.parse(readFileSync(path.join(SCHEMI, 'associazioni.json'), 'utf8'));
    expect(assoc['yaml.schemas']).toEqual({ './schemi/ente.schema.json': ['**/ente.yaml'] });
    expect(assoc.markdown['./schemi/capannori/sorgente.schema.json']).toEqual(['./content/capannori/**/*.md']);
  });

  it('accepts every shipped ente.yaml and every shipped source\'s frontmatter (by kind and by the ente\'s source schema)', async () => {
    await schemi();
    const ente = validator(path.join(SCHEMI, 'ente.schema.json'));
    let checked = 0;
    for (const name of ENTI) {
      expect(errorsOf(ente, parse(readFileSync(path.join(dir, 'content', name, 'ente.yaml'), 'utf8'))), `${name}/ente.yaml`).toEqual([]);
      const any = validator(path.join(SCHEMI, name, 'sorgente.schema.json'));
      for (const file of mdFiles(path.join(dir, 'content', name))) {
        const data = frontmatter(readFileSync(file, 'utf8'), file);
        const own = validator(path.join(SCHEMI, name, `${String(data.tipo)}.schema.json`));
        expect(errorsOf(own, data), file).toEqual([]);
        expect(errorsOf(any, data), file).toEqual([]);
        checked++;
      }
    }
    expect(checked).toBe(ENTI.flatMap((name) => mdFiles(path.join(dir, 'content', name))).length);
    expect(checked).toBeGreaterThan(20);
  });

  it('rejects the seed cards as published: the 28s are over the criteria\'s maximum', async () => {
    await schemi();
    const card = validator(path.join(SCHEMI, 'capannori', 'scheda.schema.json'));
    const any = validator(path.join(SCHEMI, 'capannori', 'sorgente.schema.json'));
    for (const f of ['coordinamento-urp-sportelli-anagrafe', 'coordinamento-amministrativo-contabile-elettorale']) {
      const data = frontmatter(readFileSync(path.join(ROOT, 'test/fixtures/seed', `${f}.md`), 'utf8'));
      expect(errorsOf(card, data), f).toEqual(['/punteggi/complessita_organizzativa maximum', '/punteggi/autonomia maximum']);
      expect(errorsOf(any, data), f).toContain('/punteggi/autonomia maximum');
    }
  });

  it('the fixtures whose errors are in the text (not the frontmatter) pass: the schemas see the frontmatter only', async () => {
    await schemi();
    const service = validator(path.join(SCHEMI, 'lecco', 'servizio.schema.json'));
    expect(errorsOf(service, frontmatter(readFileSync(path.join(ROOT, 'test/fixtures/seed/servizio-lecco-come-pubblicato.md'), 'utf8')))).toEqual([]);
  });

  describe('rejects wrong frontmatter an office may type', () => {
    const card = readFileSync(path.join(dir, 'content/capannori/2024/schede/coordinamento-stato-civile.md'), 'utf8');
    const notice = readFileSync(path.join(dir, 'content/capannori/2024/avviso-servizi-al-cittadino.md'), 'utf8');
    const cases: [string, string, string, string][] = [
      ['a criterion\'s key misspelt', card, '  autonomia: 23', '  autonomía: 23'],
      ['a score written as text', card, '  competenze: 25', '  competenze: "25"'],
      ['a score of 0 (the scale starts at 1)', card, '  competenze: 25', '  competenze: 0'],
      ['a decimal score', card, '  competenze: 25', '  competenze: 24.5'],
      ['negative extra points (Capannori adopted no scale for them, so only the sign is bounded)', card, '  contesto: 8', '  contesto: 8\n  elevata_autonomia: -1'],
      ['an unknown field', card, 'ruolo: U.O.S.', 'ruolo: U.O.S.\nresponsabile: Mario'],
      ['a settore not among the ente\'s', card, 'settore: "Servizi al cittadino e Gabinetto del Sindaco"', 'settore: "Servizi al citadino"'],
      ['an id with capitals', card, 'id: coordinamento-stato-civile', 'id: Coordinamento-Stato-Civile'],
      ['a knowledge checkbox that is a number', card, '  contabili: false', '  contabili: 0'],
      ['a missing required field', card, 'ufficio: "URP, servizi demografici, accoglienza del cittadino e servizi ausiliari"\n', ''],
      ['a notice attaching a card the ente does not have', notice, '  - coordinamento-stato-civile', '  - coordinamento-stato-civil'],
      ['an unknown tipo', card, 'tipo: scheda', 'tipo: schede'],
    ];
    const validators = async () => {
      await schemi();
      return [validator(path.join(SCHEMI, 'capannori', 'scheda.schema.json')), validator(path.join(SCHEMI, 'capannori', 'sorgente.schema.json'))] as const;
    };
    for (const [what, text, from, to] of cases) {
      it(what, async () => {
        const [own, any] = await validators();
        expect(text).toContain(from);
        const data = frontmatter(text.replace(from, to));
        expect(errorsOf(any, data)).not.toEqual([]);
        if (data.tipo === 'scheda') expect(errorsOf(own, data)).not.toEqual([]);
        // The shipped text itself passes: the change is what is rejected.
        expect(errorsOf(any, frontmatter(text))).toEqual([]);
      });
    }
    it('ente.yaml: a criterion id with capitals, an unknown key', async () => {
      await schemi();
      const ente = validator(path.join(SCHEMI, 'ente.schema.json'));
      const text = readFileSync(path.join(dir, 'content/capannori/ente.yaml'), 'utf8');
      expect(errorsOf(ente, parse(text.replace('- id: autonomia', '- id: Autonomia')))).toContain('/criteri/2/id pattern');
      expect(errorsOf(ente, parse(`${text}\nsettory: []\n`))).toContain(' additionalProperties');
    });
  });

  it('every field has an Italian description; the ente\'s criteria are its keys, described by their names', async () => {
    await schemi();
    const schema = JSON.parse(readFileSync(path.join(SCHEMI, 'capannori', 'scheda.schema.json'), 'utf8')) as JsonSchema;
    const missing: string[] = [];
    const walk = (node: unknown, at: string) => {
      if (!node || typeof node !== 'object') return;
      const n = node as JsonSchema;
      for (const [k, v] of Object.entries((n.properties as Record<string, JsonSchema>) ?? {})) {
        if (typeof v.description !== 'string' || !v.description) missing.push(`${at}.${k}`);
        walk(v, `${at}.${k}`);
      }
      for (const k of ['items', 'anyOf', 'oneOf', 'allOf']) [n[k]].flat().forEach((x) => walk(x, at));
    };
    walk(schema, '');
    expect(missing).toEqual([]);
    const scores = (schema.properties as Record<string, JsonSchema>).punteggi!;
    expect(Object.keys(scores.properties as object)).toEqual(['competenze', 'complessita_organizzativa', 'autonomia', 'rapporti', 'contesto', 'elevata_autonomia']);
    expect(scores.additionalProperties).toBe(false);
    expect((scores.properties as Record<string, JsonSchema>).rapporti).toMatchObject({ type: 'integer', minimum: 1, maximum: 15, description: expect.stringMatching(/^«Rapporti interni ed esterni»: punteggio intero da 1 a 15/) });
    // Capannori declares its settore (ente.yaml): its id, its name and the other spelling its cards use.
    expect((schema.properties as Record<string, JsonSchema>).settore!.enum).toEqual(['servizi-al-cittadino', 'Servizi al Cittadino e Gabinetto del Sindaco', 'Servizi al cittadino e Gabinetto del Sindaco']);
  });

  it('a kind added to the registry gets its schema with no change to the generator', () => {
    const eq: Kind = {
      ...(KINDS.scheda as Kind),
      tipo: 'eq',
      schema: () => z.strictObject({ tipo: z.literal('eq'), id: z.string(), fascia: z.enum(['A', 'B']).describe('Fascia della posizione di Elevata Qualificazione'), retribuzione_posizione: z.number().min(0) }) as unknown as z.ZodType<Record<string, unknown>>,
    };
    const schemas = enteKindSchemas({ ...KINDS, eq }, { nome: 'Comune di Prova', config: shippedConfig(), settori: [], ids: new Map() });
    const props = schemas.eq!.properties as Record<string, JsonSchema>;
    expect(props.tipo).toMatchObject({ const: 'eq' });
    expect(props.fascia).toMatchObject({ enum: ['A', 'B'], description: 'Fascia della posizione di Elevata Qualificazione' });
    expect(props.retribuzione_posizione!.description).toBe('Campo «retribuzione_posizione»');
    const ajv = new Ajv({ strict: true });
    expect(ajv.validate(schemas.eq!, { tipo: 'eq', id: 'eq-1', fascia: 'C', retribuzione_posizione: 1 })).toBe(false);
    expect(ajv.validate(schemas.eq!, { tipo: 'eq', id: 'eq-1', fascia: 'A', retribuzione_posizione: 1 })).toBe(true);
  });
});
