import type { Doc, Project } from './kinds/kind.js';
import { payKey } from './build/build.js';
import type { Manifest } from './build/manifest.js';
import { formatEuro } from './format/italian.js';
import { printedWeight } from './kinds/scheda.js';

const pad = (s: string, n: number, right = false) => {
  const t = s.length > n ? s.slice(0, n - 1) + '…' : s;
  return right ? t.padStart(n) : t.padEnd(n);
};

/**
 * The table "albo fondo" prints before anything is written: for each position its weight, the pay at
 * the last build (from the manifest), the pay now, the difference; then the fund, total and remainder.
 */
export function fundReport(project: Project, previous: Manifest | undefined, contentDir: string, year?: number): string[] {
  const lines: string[] = [];
  const years = [...project.allocations.keys()].filter((y) => year === undefined || y === year).sort();
  for (const y of years) {
    const share = project.allocations.get(y)!;
    const f = share.fund.data;
    const r = f.regola;
    const rule = r.tipo === 'per-punto' ? `${formatEuro(Math.round(r.euro_per_punto * 100))} per punto oltre ${r.soglia}` : r.tipo === 'fasce' ? 'per fasce di pesatura' : r.tipo === 'importo-fisso' ? 'importo fisso per posizione' : 'proporzionale alla pesatura';
    lines.push(`${project.config.ente.nome} – fondo ${y} (${share.fund.source.file}): ${formatEuro(share.allocation.fund)}, riparto ${rule}`);
    lines.push(`${pad('Posizione', 48)} ${pad('Pesatura', 8, true)} ${pad('Precedente', 14, true)} ${pad('Nuova', 14, true)} ${pad('Differenza', 14, true)}`);
    let changed = 0;
    for (const card of share.cards) {
      const id = card.data.id;
      const now = share.allocation.pay.get(id)!;
      const before = previous?.retribuzioni[payKey(card as unknown as Doc, contentDir)]?.centesimi;
      const diff = before === undefined ? '—' : (now - before > 0 ? '+' : '') + formatEuro(now - before);
      if (before !== now) changed++;
      lines.push(
        `${pad(card.data.titolo, 48)} ${pad(project.config.criteri.length ? String(printedWeight(share.weights.get(id)!)) : '—', 8, true)} ${pad(before === undefined ? '—' : formatEuro(before), 14, true)} ${pad(formatEuro(now) + (share.allocation.capped.has(id) ? '*' : ''), 14, true)} ${pad(diff, 14, true)}`,
      );
    }
    lines.push(`Fondo ${formatEuro(share.allocation.fund)} · assegnato ${formatEuro(share.allocation.total)} · residuo ${formatEuro(share.allocation.remainder)}`);
    if (share.allocation.capped.size) lines.push('* importo limitato dal massimo per posizione');
    lines.push(previous ? `${changed} ${changed === 1 ? 'posizione cambia' : 'posizioni cambiano'} rispetto all'ultima generazione.` : 'Nessuna generazione precedente in out/: "Precedente" non è disponibile.');
    lines.push('');
  }
  return lines;
}
