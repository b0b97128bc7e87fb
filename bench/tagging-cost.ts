/**
 * What tagging costs (issue 18): the same documents rendered tagged (PDF/A-2a + PDF/UA-1, what albo writes)
 * and untagged (PDF/A-2b, albo's output before tagging), side by side in one run, alternating so that a
 * loaded machine slows both alike. Prints time and size and their ratios.
 */
import { performance } from 'node:perf_hooks';
import type { RenderedDocument } from '../src/render/document.js';
import { renderPdf } from '../src/render/pdf/index.js';

export async function taggingCost(label: string, docs: readonly RenderedDocument[], runs = 3): Promise<{ time: number; size: number }> {
  const samples = { tagged: [] as number[], untagged: [] as number[] };
  const size = { tagged: 0, untagged: 0 };
  for (let r = 0; r < runs; r++) {
    for (const tagged of r % 2 ? [false, true] : [true, false]) {
      const key = tagged ? 'tagged' : 'untagged';
      let bytes = 0;
      const t = performance.now();
      for (const d of docs) bytes += (await renderPdf(d, { tagged })).length;
      samples[key].push(performance.now() - t);
      size[key] = bytes;
    }
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const time = median(samples.tagged) / median(samples.untagged);
  const ratio = size.tagged / size.untagged;
  const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  const pct = (x: number) => `${x >= 1 ? '+' : ''}${((x - 1) * 100).toFixed(0)} %`;
  console.log(
    `  PDF marcato / non marcato, ${label}: tempo ${median(samples.tagged).toFixed(0)} / ${median(samples.untagged).toFixed(0)} ms (${pct(time)}), dimensione ${kb(size.tagged)} / ${kb(size.untagged)} (${pct(ratio)})`,
  );
  return { time, size: ratio };
}
