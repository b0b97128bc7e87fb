/**
 * Metadata of a published act for the ente's document system, shaped on the AgID guidelines on the
 * formation, management and retention of electronic documents (2021), Allegato 5, «documento
 * amministrativo informatico»: one record for the act and one per attachment, each pointing to the
 * primary document. Values albo cannot know (IPA code, classification, retention) are null and listed in
 * "DaCompletare", so the protocol office fills them rather than trusting a guess.
 */

export interface AgidInput {
  ente: string;
  version: string;
  /** Register number, e.g. "3/2024". */
  registro: string;
  tipologia: string;
  oggetto: string;
  ufficio: string;
  /** The person in the act's signature block, when the act has one. */
  autore: { nome: string; ruolo: string } | null;
  protocol: { numero: string; data: string; registro: string } | null;
  files: { nome: string; ruolo: string; tipo: string; sha256: string; firmato: boolean }[];
}

const id = (registro: string, nome: string) => `albo-${registro.replace('/', '-')}-${nome}`;

export function agidMetadata(input: AgidInput): object {
  const acts = input.files.filter((f) => !f.ruolo.startsWith('copia'));
  const primary = acts.find((f) => f.ruolo.startsWith('atto'))!;
  const attachments = acts.filter((f) => f !== primary);
  const doc = (f: AgidInput['files'][number], isPrimary: boolean) => ({
    IdDoc: {
      Identificativo: id(input.registro, f.nome),
      ImprontaCrittograficaDelDocumento: { Impronta: f.sha256, Algoritmo: 'SHA-256', Codifica: 'esadecimale' },
    },
    // a) created with software that produces documents in the formats of Allegato 2 (PDF/A).
    ModalitaDiFormazione: 'a',
    TipologiaDocumentale: isPrimary ? input.tipologia : `Allegato – ${input.tipologia}`,
    DatiDiRegistrazione: input.protocol
      ? { TipologiaDiFlusso: 'U', TipoRegistro: 'Protocollo Ordinario', DataRegistrazione: input.protocol.data, NumeroDocumento: input.protocol.numero, CodiceRegistro: input.protocol.registro }
      : null,
    Soggetti: [
      { Ruolo: 'Amministrazione che effettua la registrazione', TipoSoggetto: 'PAI', DenominazioneAmministrazione: input.ente, CodiceIPA: null },
      input.autore
        ? { Ruolo: 'Autore', TipoSoggetto: 'PF', NomeCognome: input.autore.nome, Qualifica: input.autore.ruolo, DenominazioneUfficio: input.ufficio, DenominazioneAmministrazione: input.ente }
        : { Ruolo: 'Autore', TipoSoggetto: 'PAI', DenominazioneAmministrazione: input.ente, DenominazioneUfficio: input.ufficio, CodiceIPA: null },
    ],
    ChiaveDescrittiva: { Oggetto: isPrimary ? input.oggetto : `${f.ruolo}: ${input.oggetto}`, ParoleChiave: ['Albo Pretorio', input.tipologia] },
    Allegati: isPrimary ? { NumeroAllegati: attachments.length, IndiceAllegati: attachments.map((a) => ({ IdDoc: id(input.registro, a.nome), Descrizione: a.ruolo })) } : { NumeroAllegati: 0, IndiceAllegati: [] },
    ...(isPrimary ? {} : { IdIdentificativoDocumentoPrimario: id(input.registro, primary.nome) }),
    Classificazione: null,
    Riservato: false,
    IdentificativoDelFormato: { Formato: f.tipo, ProdottoSoftware: { NomeProdotto: 'albo', VersioneProdotto: input.version, Produttore: null } },
    Verifica: { FirmatoDigitalmente: f.firmato, SigillatoElettronicamente: false, MarcaturaTemporale: false, ConformitaCopieImmagineSuSupportoInformatico: false },
    NomeDelDocumento: f.nome,
    VersioneDelDocumento: '1',
    TempoDiConservazione: null,
    Note: `Pubblicato all'Albo Pretorio online con il n. ${input.registro} del registro delle pubblicazioni`,
  });
  return {
    Riferimento: "Linee guida AgID sulla formazione, gestione e conservazione dei documenti informatici (2021), Allegato 5 – documento amministrativo informatico",
    DaCompletare: ['Soggetti[].CodiceIPA', 'Classificazione', 'TempoDiConservazione'],
    Documenti: [doc(primary, true), ...attachments.map((a) => doc(a, false))],
  };
}
