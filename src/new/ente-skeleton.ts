/**
 * The ente.yaml `albo nuovo ente` writes: the two required fields with placeholders that `albo check`
 * reports (located) until they are replaced, and every optional block as a commented example in the shape
 * src/config.ts accepts (test/wording.test.ts uncomments them all and checks the result).
 */
export const ENTE_SKELETON = `# Configurazione dell'ente, scritta da "albo nuovo ente": sostituisci i «[da compilare …]»; le parti
# commentate (#) sono facoltative: togli il # a quelle che servono e cambiale. Ogni campo è spiegato nel
# README, «La configurazione dell'ente».
ente:
  # Nome dell'ente come si stampa negli atti (es. Comune di Alfa, Unione dei Comuni della Valle di Beta)
  nome: "[da compilare: nome dell'ente]"
  # Luogo in cui si firmano gli atti (es. Alfa)
  luogo: "[da compilare: luogo della firma]"

# Carta intestata della prima pagina degli atti; lo stemma è un'immagine PNG accanto a questo file.
# carta_intestata:
#   stemma: stemma.png
#   provincia: Beta
#   indirizzo: Piazza del Municipio, 1 – 00000 Alfa (BE)
#   pec: protocollo@pec.comune.alfa.it
#   sito: www.comune.alfa.it

# I settori, dichiarati una volta: i documenti li indicano con l'id. Gli atti stampano «Settore <nome>», o
# il nome così com'è se comincia già con Settore, Area, Servizio, Corpo, Ufficio, Direzione…
# settori:
#   - { id: servizi-sociali, nome: Servizi Sociali }
#   - { id: finanziario, nome: Finanziario e Tributi }
#   - { id: polizia-locale, nome: Corpo di Polizia Locale }

# I criteri con cui l'ente pesa le posizioni di specifica responsabilità: per ogni criterio un punteggio
# intero da min a max; la pesatura della scheda è la somma dei punteggi. Senza criteri, le schede non
# hanno pesatura (l'indennità si scrive nel fondo, ad esempio a importo fisso).
# criteri:
#   - id: complessita_organizzativa
#     nome: Complessità organizzativa
#     min: 0
#     max: 10
#     elementi: [Numero e varietà dei processi gestiti, Rapporti con altri uffici]
#   - id: responsabilita
#     nome: Responsabilità di procedimento
#     min: 0
#     max: 10
#     elementi: [Atti e procedimenti con rilevanza esterna]

# Le conoscenze che la scheda elenca come caselle da spuntare.
# conoscenze:
#   - { id: normativa, etichetta: Normativa di settore }
#   - { id: informatica, etichetta: Strumenti informatici }

# Massimi stabiliti dal contratto integrativo, più bassi di quelli del CCNL (mai più alti).
# limiti:
#   - { voce: specifiche-responsabilita, massimo: 2500, atto: "CCDI 2023-2025, art. 12" }

# Pubblicazione all'Albo Pretorio: giorni per tipo di atto (15 se non indicati) e santo patrono.
# pubblicazione:
#   giorni: { avviso: 15 }
#   patrono: { giorno: "06-24", nome: San Giovanni Battista }
`;
