import { configDefaults, defineConfig } from 'vitest/config';
import { UNIT } from './vitest.unit.config.js';

// Two projects, one suite. `unit`: pure functions and single documents, in process, no whole-ente build and
// no external tool (npm run test:unit, under 30 s). `e2e`: everything else (whole enti, the CLI in a
// separate process, LibreOffice, qpdf, poppler, Chromium, and the exhaustive sweeps: fuzz.test.ts and
// schema-messages.test.ts, pure but 17 s of every field × every wrong shape). `vitest run` (npm test, CI)
// runs both.

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      // The unit project's list and settings live in vitest.unit.config.ts (StrykerJS runs that file alone).
      { extends: true, test: { name: 'unit', include: UNIT, isolate: false } },
      { extends: true, test: { name: 'e2e', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...UNIT] } },
    ],
  },
});
