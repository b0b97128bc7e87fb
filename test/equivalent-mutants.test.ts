import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/seed.js';

// Every mutant StrykerJS is told to skip (a «Stryker disable» comment in src/) is listed, with its reason, in
// test/mutation/equivalent-mutants.md, the reviewed list; and the list names nothing the code no longer has.
const SRC = path.join(ROOT, 'src');
const LIST = path.join(ROOT, 'test', 'mutation', 'equivalent-mutants.md');

function disabled(): string[] {
  const out: string[] = [];
  for (const f of (readdirSync(SRC, { recursive: true }) as string[]).filter((x) => x.endsWith('.ts')).sort()) {
    for (const line of readFileSync(path.join(SRC, f), 'utf8').split('\n')) {
      const m = /\/\/ Stryker disable(?: next-line)? ([A-Za-z,]+): (.+)$/.exec(line);
      if (m) out.push(`src/${f.replace(/\\/g, '/')} | ${m[1]} | ${m[2]}`);
      else if (line.includes('Stryker disable')) out.push(`src/${f} | a «Stryker disable» comment without mutator names or reason: ${line.trim()}`);
    }
  }
  return out;
}

describe('equivalent mutants', () => {
  it('each disabled mutant in src/ is in the reviewed list with the same reason, and the list has nothing else', () => {
    const listed = readFileSync(LIST, 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('| src/'))
      .map((l) => l.slice(2, -2).split(' | ').map((c) => c.trim().replace(/^`|`$/g, '')).join(' | '));
    expect(listed).toEqual(disabled());
    expect(listed.length).toBeGreaterThan(0);
  });
});
