import { avviso } from './avviso.js';
import { fondo } from './fondo.js';
import { servizio } from './servizio.js';
import { progetto } from './progetto.js';
import type { Kind } from './kind.js';
import { scheda } from './scheda.js';
import { schedaEq } from './scheda-eq.js';
import { fondoEq } from './fondo-eq.js';
import { allegato, regolamento } from './regolamento.js';
import { documento } from './documento.js';

/**
 * Every document kind albo knows, by the `tipo` a source declares. No prototype: «tipo: constructor» or
 * «toString» must name no kind (it crashed `albo check`).
 */
export const KINDS: Record<string, Kind> = Object.assign(Object.create(null) as Record<string, Kind>, {
  avviso: avviso as unknown as Kind,
  scheda: scheda as unknown as Kind,
  fondo: fondo as unknown as Kind,
  'scheda-eq': schedaEq as unknown as Kind,
  'fondo-eq': fondoEq as unknown as Kind,
  servizio: servizio as unknown as Kind,
  progetto: progetto as unknown as Kind,
  regolamento: regolamento as unknown as Kind,
  allegato: allegato as unknown as Kind,
  documento: documento as unknown as Kind,
});
