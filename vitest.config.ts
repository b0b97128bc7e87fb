import { configDefaults, defineConfig } from 'vitest/config';

// Two projects, one suite. `unit`: pure functions and single documents, in process, no whole-ente build and
// no external tool (npm run test:unit, under 30 s). `e2e`: everything else (whole enti, the CLI in a
// separate process, LibreOffice, qpdf, poppler, Chromium, and the exhaustive sweeps: fuzz.test.ts and
// schema-messages.test.ts, pure but 17 s of every field × every wrong shape). `vitest run` (npm test, CI)
// runs both.
const UNIT = [
  'test/allocate.test.ts',
  'test/csv.test.ts',
  'test/deadline.test.ts',
  'test/format.test.ts',
  'test/html-escape.test.ts',
  'test/rulebook.test.ts',
  'test/schemi.test.ts',
  'test/template.test.ts',
  'test/tipografia-lint.test.ts',
  'test/validation.test.ts',
  'test/writers.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      // No per-file isolation: the unit files mock nothing and set no global state (no vi.mock, process.env,
      // chdir), and importing the writers and fonts once instead of per file saves a third of the time.
      { extends: true, test: { name: 'unit', include: UNIT, isolate: false } },
      { extends: true, test: { name: 'e2e', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...UNIT] } },
    ],
  },
});
