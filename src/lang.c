/*
 * lang.c - which language an article is written in.
 *
 * copydesk writes English only; this tells English from what it cannot
 * write, before analysis cuts the text into candidates.  Two signals, in
 * the way language identifiers built for short web text use them:
 *
 * 1. Script.  Letters are counted by Unicode block; when one script other
 *    than Latin holds most of them, the script names the language (Han:
 *    zh, or ja when kana are mixed in; Hangul: ko; Cyrillic: ru or uk by
 *    their commonest words; Arabic, Hebrew, Greek, Devanagari, Thai, ...).
 * 2. Common words.  For Latin text, the share of running words that are
 *    among each language's commonest function words (a stop-word
 *    profile).  Function words are a third to a half of running text in
 *    the languages listed, and they differ between languages far more than
 *    content words do, so a few hundred words decide clearly.
 *
 * The table below holds every profile in one list sorted by the words'
 * bytes (test_lang checks the order), each word with the set of
 * languages whose profile holds it.
 *
 * Below the detector: the shape of a language tag (cd_opts.lang) and
 * cd_lang_decide, which cd_analyze calls first.
 */
#include <string.h>

#include "internal.h"

enum {
    L_EN, L_DE, L_FR, L_ES, L_IT, L_PT, L_NL, L_SV, L_DA, L_NB,
    L_FI, L_PL, L_CS, L_RO, L_HU, L_TR, L_ID, L_RU, L_UK, L_COUNT
};
static const char lang_code[L_COUNT][3] = {
    "en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb",
    "fi", "pl", "cs", "ro", "hu", "tr", "id", "ru", "uk",
};

#define B(l) (1u << L_##l)
static const struct lang_word {
    const char *word;
    uint32_t langs;
} lang_words[] = {
    {"a", B(EN) | B(ES) | B(IT) | B(PT) | B(PL) | B(CS) | B(RO) | B(HU)},
    {"aan", B(NL)},
    {"aber", B(DE)},
    {"about", B(EN)},
    {"această", B(RO)},
    {"acest", B(RO)},
    {"ada", B(ID)},
    {"af", B(DA)},
    {"after", B(EN)},
    {"akan", B(ID)},
    {"al", B(ES) | B(IT) | B(NL) | B(RO)},
    {"ale", B(PL) | B(CS) | B(RO)},
    {"all", B(EN)},
    {"alla", B(IT) | B(SV)},
    {"als", B(DE) | B(NL)},
    {"also", B(EN)},
    {"am", B(DE)},
    {"ama", B(TR)},
    {"an", B(EN) | B(DE)},
    {"anche", B(IT)},
    {"ancora", B(IT)},
    {"and", B(EN)},
    {"any", B(EN)},
    {"ao", B(PT)},
    {"aos", B(PT)},
    {"après", B(FR)},
    {"are", B(EN)},
    {"as", B(EN) | B(PT)},
    {"at", B(EN) | B(DA) | B(NB)},
    {"atau", B(ID)},
    {"att", B(SV)},
    {"até", B(PT)},
    {"au", B(FR) | B(RO)},
    {"auch", B(DE)},
    {"auf", B(DE)},
    {"aus", B(DE)},
    {"aussi", B(FR)},
    {"aux", B(FR)},
    {"av", B(SV) | B(NB)},
    {"avec", B(FR)},
    {"az", B(HU)},
    {"azt", B(HU)},
    {"be", B(EN)},
    {"because", B(EN)},
    {"been", B(EN)},
    {"bei", B(DE)},
    {"bij", B(NL)},
    {"bir", B(TR)},
    {"bis", B(DE)},
    {"bisa", B(ID)},
    {"blev", B(SV) | B(DA)},
    {"blir", B(NB)},
    {"bu", B(TR)},
    {"bude", B(CS)},
    {"but", B(EN)},
    {"by", B(EN) | B(CS)},
    {"byl", B(CS)},
    {"bylo", B(CS)},
    {"być", B(PL)},
    {"był", B(PL)},
    {"było", B(PL)},
    {"ca", B(RO)},
    {"can", B(EN)},
    {"care", B(RO)},
    {"ce", B(FR)},
    {"ces", B(FR)},
    {"cette", B(FR)},
    {"che", B(IT)},
    {"ci", B(IT)},
    {"co", B(PL)},
    {"com", B(PT)},
    {"come", B(IT)},
    {"comme", B(FR)},
    {"como", B(ES) | B(PT)},
    {"con", B(ES) | B(IT)},
    {"contra", B(ES)},
    {"could", B(EN)},
    {"csak", B(HU)},
    {"cu", B(RO)},
    {"cuando", B(ES)},
    {"czy", B(PL)},
    {"că", B(RO)},
    {"da", B(IT) | B(PT) | B(TR)},
    {"daha", B(TR)},
    {"dal", B(IT)},
    {"dalam", B(ID)},
    {"dan", B(NL) | B(ID)},
    {"dans", B(FR)},
    {"dar", B(RO)},
    {"dari", B(ID)},
    {"das", B(DE) | B(PT)},
    {"dass", B(DE)},
    {"dat", B(NL)},
    {"de", B(FR) | B(ES) | B(PT) | B(NL) | B(SV) | B(DA) | B(NB) | B(RO) | B(HU) | B(TR)},
    {"degli", B(IT)},
    {"dei", B(IT)},
    {"del", B(ES) | B(IT)},
    {"della", B(IT)},
    {"delle", B(IT)},
    {"dem", B(DE)},
    {"den", B(DE) | B(SV) | B(NB)},
    {"dengan", B(ID)},
    {"depois", B(PT)},
    {"der", B(DE) | B(DA)},
    {"des", B(DE) | B(FR)},
    {"desde", B(ES)},
    {"despre", B(RO)},
    {"det", B(SV) | B(DA) | B(NB)},
    {"deux", B(FR)},
    {"deze", B(NL)},
    {"değil", B(TR)},
    {"di", B(IT) | B(ID)},
    {"die", B(DE)},
    {"diese", B(DE)},
    {"dieser", B(DE)},
    {"din", B(RO)},
    {"dla", B(PL)},
    {"do", B(PT) | B(PL) | B(CS)},
    {"donde", B(ES)},
    {"dont", B(FR)},
    {"door", B(NL)},
    {"dos", B(PT)},
    {"du", B(FR)},
    {"după", B(RO)},
    {"durante", B(ES)},
    {"durch", B(DE)},
    {"e", B(IT) | B(PT)},
    {"een", B(NL)},
    {"efter", B(SV) | B(DA)},
    {"egy", B(HU)},
    {"ei", B(FI)},
    {"ein", B(DE)},
    {"eine", B(DE)},
    {"einem", B(DE)},
    {"einen", B(DE)},
    {"einer", B(DE)},
    {"el", B(ES) | B(HU)},
    {"ela", B(PT)},
    {"ele", B(PT)},
    {"elle", B(FR)},
    {"eller", B(SV) | B(DA) | B(NB)},
    {"em", B(PT)},
    {"en", B(FR) | B(ES) | B(NL) | B(SV) | B(DA) | B(NB) | B(TR)},
    {"entre", B(FR) | B(ES) | B(PT)},
    {"er", B(DE) | B(NL) | B(DA) | B(NB)},
    {"es", B(DE) | B(ES)},
    {"ese", B(ES)},
    {"eso", B(ES)},
    {"essere", B(IT)},
    {"est", B(FR)},
    {"esta", B(ES)},
    {"este", B(ES) | B(RO)},
    {"está", B(ES) | B(PT)},
    {"et", B(FR) | B(DA) | B(NB)},
    {"ett", B(SV)},
    {"etter", B(NB)},
    {"että", B(FI)},
    {"eu", B(PT)},
    {"ez", B(HU)},
    {"fait", B(FR)},
    {"fel", B(HU)},
    {"first", B(EN)},
    {"foi", B(PT)},
    {"for", B(EN) | B(DA) | B(NB)},
    {"fost", B(RO)},
    {"fra", B(DA) | B(NB)},
    {"from", B(EN)},
    {"från", B(SV)},
    {"fue", B(ES)},
    {"för", B(SV)},
    {"für", B(DE)},
    {"geen", B(NL)},
    {"gibi", B(TR)},
    {"gibt", B(DE)},
    {"già", B(IT)},
    {"gli", B(IT)},
    {"ha", B(ES) | B(IT)},
    {"haben", B(DE)},
    {"had", B(EN)},
    {"hadde", B(NB)},
    {"hade", B(SV)},
    {"han", B(ES) | B(DA)},
    {"hanno", B(IT)},
    {"har", B(SV) | B(DA) | B(NB)},
    {"has", B(EN)},
    {"hasta", B(ES)},
    {"hat", B(DE)},
    {"havde", B(DA)},
    {"have", B(EN)},
    {"hay", B(ES)},
    {"he", B(EN)},
    {"heeft", B(NL)},
    {"her", B(EN) | B(TR)},
    {"het", B(NL)},
    {"hij", B(NL)},
    {"him", B(EN)},
    {"his", B(EN)},
    {"hogy", B(HU)},
    {"hun", B(NL)},
    {"hän", B(FI)},
    {"hänen", B(FI)},
    {"i", B(IT) | B(SV) | B(DA) | B(NB) | B(PL)},
    {"ich", B(DE)},
    {"if", B(EN)},
    {"ihr", B(DE)},
    {"ihre", B(DE)},
    {"ihren", B(DE)},
    {"ikke", B(DA) | B(NB)},
    {"il", B(FR) | B(IT)},
    {"ile", B(TR)},
    {"im", B(DE)},
    {"in", B(EN) | B(DE) | B(IT) | B(NL)},
    {"ini", B(ID)},
    {"inte", B(SV)},
    {"into", B(EN)},
    {"is", B(EN) | B(NL) | B(HU)},
    {"isso", B(PT)},
    {"ist", B(DE)},
    {"it", B(EN)},
    {"its", B(EN)},
    {"itu", B(ID)},
    {"için", B(TR)},
    {"ja", B(FI)},
    {"jag", B(SV)},
    {"jak", B(PL) | B(CS)},
    {"jako", B(CS)},
    {"je", B(CS)},
    {"jednak", B(PL)},
    {"jego", B(PL)},
    {"jeho", B(CS)},
    {"jej", B(PL)},
    {"jen", B(CS)},
    {"jest", B(PL)},
    {"joka", B(FI)},
    {"jos", B(FI)},
    {"jsou", B(CS)},
    {"juga", B(ID)},
    {"just", B(EN)},
    {"już", B(PL)},
    {"já", B(PT)},
    {"kadar", B(TR)},
    {"kami", B(ID)},
    {"kan", B(NL) | B(SV) | B(DA) | B(NB)},
    {"kann", B(DE)},
    {"kanssa", B(FI)},
    {"karena", B(ID)},
    {"ke", B(ID)},
    {"kell", B(HU)},
    {"ki", B(HU) | B(TR)},
    {"které", B(CS)},
    {"který", B(CS)},
    {"która", B(PL)},
    {"które", B(PL)},
    {"który", B(PL)},
    {"kuin", B(FI)},
    {"kun", B(FI)},
    {"können", B(DE)},
    {"la", B(FR) | B(ES) | B(IT) | B(RO)},
    {"las", B(ES)},
    {"le", B(FR) | B(ES) | B(IT)},
    {"les", B(FR)},
    {"lesz", B(HU)},
    {"leur", B(FR)},
    {"lo", B(ES) | B(IT)},
    {"los", B(ES)},
    {"lui", B(FR)},
    {"ma", B(IT)},
    {"maar", B(NL)},
    {"mai", B(RO)},
    {"mais", B(FR) | B(PT)},
    {"man", B(DE) | B(SV)},
    {"mas", B(PT)},
    {"may", B(EN)},
    {"med", B(SV) | B(DA) | B(NB)},
    {"meer", B(NL)},
    {"meg", B(HU)},
    {"mehr", B(DE)},
    {"men", B(SV) | B(DA) | B(NB)},
    {"mereka", B(ID)},
    {"mesmo", B(PT)},
    {"met", B(NL)},
    {"mi", B(HU) | B(TR)},
    {"mint", B(HU)},
    {"mit", B(DE)},
    {"mitä", B(FI)},
    {"molto", B(IT)},
    {"more", B(EN)},
    {"most", B(EN)},
    {"mot", B(SV)},
    {"może", B(PL)},
    {"muito", B(PT)},
    {"mutta", B(FI)},
    {"muy", B(ES)},
    {"myös", B(FI)},
    {"má", B(CS)},
    {"már", B(HU)},
    {"más", B(ES)},
    {"még", B(HU)},
    {"même", B(FR)},
    {"na", B(PT) | B(PL) | B(CS)},
    {"naar", B(NL)},
    {"nach", B(DE)},
    {"nas", B(PT)},
    {"ne", B(FR) | B(FI) | B(TR)},
    {"nebo", B(CS)},
    {"nel", B(IT)},
    {"nella", B(IT)},
    {"nem", B(HU)},
    {"new", B(EN)},
    {"než", B(CS)},
    {"ni", B(ES)},
    {"nicht", B(DE)},
    {"nie", B(PL)},
    {"niet", B(NL)},
    {"niin", B(FI)},
    {"no", B(EN) | B(ES) | B(PT)},
    {"noch", B(DE)},
    {"nog", B(NL)},
    {"non", B(IT)},
    {"nos", B(ES) | B(PT)},
    {"not", B(EN)},
    {"nous", B(FR)},
    {"nu", B(SV) | B(DA) | B(RO)},
    {"nur", B(DE)},
    {"nyt", B(FI)},
    {"não", B(PT)},
    {"när", B(SV)},
    {"nå", B(NB)},
    {"når", B(DA)},
    {"o", B(ES) | B(IT) | B(PT) | B(PL) | B(CS) | B(RO) | B(TR)},
    {"och", B(SV)},
    {"också", B(SV)},
    {"od", B(PL) | B(CS)},
    {"oder", B(DE)},
    {"of", B(EN)},
    {"og", B(DA) | B(NB)},
    {"også", B(DA) | B(NB)},
    {"olan", B(TR)},
    {"olarak", B(TR)},
    {"ole", B(FI)},
    {"oleh", B(ID)},
    {"oli", B(FI)},
    {"olla", B(FI)},
    {"om", B(NL) | B(SV) | B(DA) | B(NB)},
    {"on", B(EN) | B(FI)},
    {"one", B(EN)},
    {"only", B(EN)},
    {"ont", B(FR)},
    {"ook", B(NL)},
    {"op", B(NL)},
    {"or", B(EN)},
    {"oraz", B(PL)},
    {"os", B(PT)},
    {"other", B(EN)},
    {"ou", B(FR) | B(PT)},
    {"our", B(EN)},
    {"out", B(EN)},
    {"ovat", B(FI)},
    {"over", B(EN) | B(NL)},
    {"pada", B(ID)},
    {"par", B(FR)},
    {"para", B(ES) | B(PT)},
    {"pas", B(FR)},
    {"pe", B(RO)},
    {"pedig", B(HU)},
    {"pela", B(PT)},
    {"pelo", B(PT)},
    {"pentru", B(RO)},
    {"people", B(EN)},
    {"per", B(IT)},
    {"pero", B(ES)},
    {"peut", B(FR)},
    {"più", B(IT)},
    {"plus", B(FR)},
    {"po", B(PL) | B(CS)},
    {"podle", B(CS)},
    {"por", B(ES) | B(PT)},
    {"porque", B(ES)},
    {"pour", B(FR)},
    {"prin", B(RO)},
    {"pro", B(CS)},
    {"przez", B(PL)},
    {"przy", B(PL)},
    {"på", B(SV) | B(DA) | B(NB)},
    {"při", B(CS)},
    {"quando", B(IT) | B(PT)},
    {"que", B(FR) | B(ES) | B(PT)},
    {"quem", B(PT)},
    {"questo", B(IT)},
    {"qui", B(FR)},
    {"quien", B(ES)},
    {"s", B(CS)},
    {"sa", B(FR)},
    {"said", B(EN)},
    {"sans", B(FR)},
    {"sau", B(RO)},
    {"saya", B(ID)},
    {"schon", B(DE)},
    {"se", B(FR) | B(ES) | B(IT) | B(PT) | B(FI) | B(CS) | B(RO)},
    {"sei", B(DE)},
    {"sein", B(DE)},
    {"sekä", B(FI)},
    {"sem", B(PT) | B(HU)},
    {"sen", B(FI)},
    {"ses", B(FR)},
    {"seu", B(PT)},
    {"seus", B(PT)},
    {"she", B(EN)},
    {"si", B(IT)},
    {"sich", B(DE)},
    {"sie", B(DE)},
    {"sier", B(NB)},
    {"sig", B(SV)},
    {"siitä", B(FI)},
    {"sin", B(ES)},
    {"sind", B(DE)},
    {"się", B(PL)},
    {"skal", B(DA) | B(NB)},
    {"skulle", B(SV)},
    {"so", B(EN) | B(DE)},
    {"sobre", B(ES)},
    {"som", B(SV) | B(DA) | B(NB)},
    {"some", B(EN)},
    {"son", B(FR) | B(ES)},
    {"sono", B(IT)},
    {"sonra", B(TR)},
    {"sont", B(FR)},
    {"stato", B(IT)},
    {"su", B(ES)},
    {"sua", B(IT) | B(PT)},
    {"sudah", B(ID)},
    {"sul", B(IT)},
    {"sulla", B(IT)},
    {"sunt", B(RO)},
    {"suo", B(IT)},
    {"sur", B(FR)},
    {"sus", B(ES)},
    {"são", B(PT)},
    {"så", B(SV)},
    {"só", B(PT)},
    {"są", B(PL)},
    {"tai", B(FI)},
    {"tak", B(PL) | B(CS)},
    {"také", B(CS)},
    {"también", B(ES)},
    {"também", B(PT)},
    {"te", B(NL)},
    {"telah", B(ID)},
    {"też", B(PL)},
    {"than", B(EN)},
    {"that", B(EN)},
    {"the", B(EN)},
    {"their", B(EN)},
    {"them", B(EN)},
    {"there", B(EN)},
    {"these", B(EN)},
    {"they", B(EN)},
    {"this", B(EN)},
    {"those", B(EN)},
    {"tidak", B(ID)},
    {"til", B(DA) | B(NB)},
    {"till", B(SV)},
    {"time", B(EN)},
    {"to", B(EN) | B(PL) | B(CS)},
    {"todo", B(ES)},
    {"tot", B(NL)},
    {"tout", B(FR)},
    {"tra", B(IT)},
    {"très", B(FR)},
    {"two", B(EN)},
    {"tylko", B(PL)},
    {"tym", B(PL)},
    {"tämä", B(FI)},
    {"uit", B(NL)},
    {"um", B(DE) | B(PT)},
    {"uma", B(PT)},
    {"un", B(FR) | B(ES) | B(IT) | B(RO)},
    {"una", B(ES) | B(IT)},
    {"und", B(DE)},
    {"under", B(SV)},
    {"une", B(FR)},
    {"uno", B(ES)},
    {"untuk", B(ID)},
    {"up", B(EN)},
    {"után", B(HU)},
    {"už", B(CS)},
    {"v", B(CS)},
    {"vagy", B(HU)},
    {"vain", B(FI)},
    {"van", B(NL) | B(HU)},
    {"var", B(SV) | B(DA) | B(NB) | B(TR)},
    {"ve", B(CS) | B(TR)},
    {"ved", B(DA) | B(NB)},
    {"veel", B(NL)},
    {"vi", B(SV) | B(DA) | B(NB)},
    {"vid", B(SV)},
    {"volt", B(HU)},
    {"von", B(DE)},
    {"voor", B(NL)},
    {"vor", B(DE)},
    {"vous", B(FR)},
    {"være", B(DA) | B(NB)},
    {"však", B(CS)},
    {"w", B(PL)},
    {"war", B(DE)},
    {"was", B(EN) | B(NL)},
    {"wat", B(NL)},
    {"we", B(EN)},
    {"wel", B(NL)},
    {"wenn", B(DE)},
    {"werd", B(NL)},
    {"werden", B(DE)},
    {"were", B(EN)},
    {"what", B(EN)},
    {"when", B(EN)},
    {"which", B(EN)},
    {"who", B(EN)},
    {"wie", B(DE)},
    {"will", B(EN)},
    {"wir", B(DE)},
    {"wird", B(DE)},
    {"with", B(EN)},
    {"worden", B(NL)},
    {"wordt", B(NL)},
    {"would", B(EN)},
    {"wurde", B(DE)},
    {"y", B(ES)},
    {"ya", B(ES) | B(TR)},
    {"yang", B(ID)},
    {"years", B(EN)},
    {"you", B(EN)},
    {"z", B(PL) | B(CS)},
    {"za", B(PL) | B(CS)},
    {"ze", B(NL)},
    {"zich", B(NL)},
    {"zijn", B(NL)},
    {"zo", B(NL)},
    {"zu", B(DE)},
    {"zum", B(DE)},
    {"zur", B(DE)},
    {"à", B(PT)},
    {"är", B(SV)},
    {"å", B(NB)},
    {"år", B(SV)},
    {"çok", B(TR)},
    {"è", B(IT)},
    {"és", B(HU)},
    {"était", B(FR)},
    {"été", B(FR)},
    {"être", B(FR)},
    {"în", B(RO)},
    {"über", B(DE)},
    {"şey", B(TR)},
    {"że", B(PL)},
    {"že", B(CS)},
    {"și", B(RO)},
    {"а", B(RU)},
    {"або", B(UK)},
    {"але", B(UK)},
    {"було", B(UK)},
    {"бы", B(RU)},
    {"был", B(RU)},
    {"в", B(RU) | B(UK)},
    {"вже", B(UK)},
    {"все", B(RU)},
    {"від", B(UK)},
    {"він", B(UK)},
    {"для", B(RU) | B(UK)},
    {"до", B(UK)},
    {"его", B(RU)},
    {"же", B(RU)},
    {"з", B(UK)},
    {"за", B(RU) | B(UK)},
    {"и", B(RU)},
    {"из", B(RU)},
    {"их", B(RU)},
    {"його", B(UK)},
    {"к", B(RU)},
    {"как", B(RU)},
    {"когда", B(RU)},
    {"коли", B(UK)},
    {"мы", B(RU)},
    {"на", B(RU) | B(UK)},
    {"не", B(RU) | B(UK)},
    {"но", B(RU)},
    {"о", B(RU)},
    {"он", B(RU)},
    {"она", B(RU)},
    {"от", B(RU)},
    {"по", B(RU)},
    {"с", B(RU)},
    {"та", B(UK)},
    {"так", B(RU) | B(UK)},
    {"то", B(RU)},
    {"только", B(RU)},
    {"у", B(RU) | B(UK)},
    {"уже", B(RU)},
    {"це", B(UK)},
    {"что", B(RU)},
    {"ще", B(UK)},
    {"що", B(UK)},
    {"щоб", B(UK)},
    {"это", B(RU)},
    {"як", B(UK)},
    {"є", B(UK)},
    {"і", B(UK)},
};
#undef B
#define NWORDS (sizeof lang_words / sizeof lang_words[0])

const char *cd_lang_word_at(int i, uint32_t *langs)
{
    if (i < 0 || (size_t)i >= NWORDS)
        return NULL;
    if (langs)
        *langs = lang_words[i].langs;
    return lang_words[i].word;
}

/* The table index of word `w` (`n` bytes), or -1. */
static int word_index(const char *w, size_t n)
{
    size_t lo = 0, hi = sizeof lang_words / sizeof lang_words[0];
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *m = lang_words[mid].word;
        int c = strncmp(m, w, n);
        if (c == 0)
            c = m[n] ? 1 : 0;
        if (c == 0)
            return (int)mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

/* Scripts a letter can belong to. */
enum {
    S_LATIN, S_CYRILLIC, S_GREEK, S_ARMENIAN, S_HEBREW, S_ARABIC,
    S_DEVANAGARI, S_BENGALI, S_TAMIL, S_THAI, S_GEORGIAN, S_HANGUL,
    S_KANA, S_HAN, S_ETHIOPIC, S_COUNT, S_NONE = S_COUNT
};
/* The language a script alone stands for (Latin and Cyrillic are
 * decided by words, kana and Han together). */
static const char script_lang[S_COUNT][3] = {
    "", "", "el", "hy", "he", "ar", "hi", "bn", "ta", "th", "ka", "ko",
    "ja", "zh", "am",
};

static int script_of(uint32_t c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return S_LATIN;
    if (c < 0xC0)
        return S_NONE;
    if (c <= 0x24F)
        return c == 0xD7 || c == 0xF7 ? S_NONE : S_LATIN;
    if (c >= 0x1E00 && c <= 0x1EFF)
        return S_LATIN;
    if (c >= 0x370 && c <= 0x3FF)
        return S_GREEK;
    if (c >= 0x400 && c <= 0x52F)
        return S_CYRILLIC;
    if (c >= 0x531 && c <= 0x58F)
        return S_ARMENIAN;
    if (c >= 0x5D0 && c <= 0x5F4)
        return S_HEBREW;
    if ((c >= 0x620 && c <= 0x64A) || (c >= 0x66E && c <= 0x6FF) ||
        (c >= 0x750 && c <= 0x77F))
        return S_ARABIC;
    if (c >= 0x900 && c <= 0x97F)
        return S_DEVANAGARI;
    if (c >= 0x980 && c <= 0x9FF)
        return S_BENGALI;
    if (c >= 0xB80 && c <= 0xBFF)
        return S_TAMIL;
    if (c >= 0xE00 && c <= 0xE7F)
        return S_THAI;
    if (c >= 0x10A0 && c <= 0x10FF)
        return S_GEORGIAN;
    if (c >= 0x1200 && c <= 0x137F)
        return S_ETHIOPIC;
    if ((c >= 0x1100 && c <= 0x11FF) || (c >= 0x3130 && c <= 0x318F) ||
        (c >= 0xAC00 && c <= 0xD7AF))
        return S_HANGUL;
    if (c >= 0x3041 && c <= 0x30FF && c != 0x30FB && c != 0x30FC)
        return S_KANA;
    if ((c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
        (c >= 0xF900 && c <= 0xFAFF))
        return S_HAN;
    return S_NONE;
}

/* Lower case for the letters the profiles use: ASCII, Latin-1,
 * Latin Extended-A and Cyrillic. */
static uint32_t lower(uint32_t c)
{
    if (c >= 'A' && c <= 'Z')
        return c + 32;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7)
        return c + 32;
    if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 &&
        c != 0x149 && c != 0x17F) {
        /* pairs start even up to U+0137 and odd from U+0139 to U+0148,
         * even again from U+014A, odd from U+0179 */
        bool odd_upper = (c >= 0x139 && c <= 0x148) || c >= 0x179;
        if ((c % 2 == 1) == odd_upper)
            return c + 1;
        return c;
    }
    if (c >= 0x410 && c <= 0x42F)
        return c + 32;
    if (c >= 0x400 && c <= 0x40F)
        return c + 80;
    return c;
}

/* Enough text to decide, and no more: detection is cheap beside analysis
 * but a page can be megabytes. */
#define SAMPLE_WORDS 2000
#define SAMPLE_BYTES 65536
#define SAMPLE_LETTERS 20000

int cd_lang_detect(const char *text, size_t n, char code[4])
{
    const unsigned char *s = (const unsigned char *)text;
    if (n > SAMPLE_BYTES)
        n = SAMPLE_BYTES;
    unsigned script[S_COUNT + 1] = {0};
    unsigned hits[L_COUNT] = {0};
    unsigned words = 0, letters = 0;
    unsigned char seen[NWORDS] = {0};
    char w[64];
    size_t wn = 0;
    bool latin_word = true, uk_letter = false;
    size_t i = 0;
    strcpy(code, "und");
    while (i < n && words < SAMPLE_WORDS && letters < SAMPLE_LETTERS) {
        /* ASCII, most of any English page, without decoding */
        uint32_t c = s[i];
        int sc;
        if (c < 0x80) {
            i++;
            sc = ((c | 32) >= 'a' && (c | 32) <= 'z') ? S_LATIN : S_NONE;
            c |= 32;
        } else {
            c = cd_utf8_next(text, n, &i);
            sc = script_of(c);
            c = lower(c);
        }
        if (sc != S_NONE) {
            script[sc]++;
            letters++;
            if (c == 0x456 || c == 0x457 || c == 0x454 || c == 0x491)
                uk_letter = true;
            if (sc != S_LATIN && sc != S_CYRILLIC)
                latin_word = false;
            if (wn + 4 < sizeof w)
                wn += (size_t)cd_utf8_put(w + wn, c);
            else
                latin_word = false; /* longer than any profile word */
            if (i < n)
                continue;
        }
        if (wn && latin_word) {
            words++;
            int k = word_index(w, wn);
            uint32_t ls = k >= 0 ? lang_words[k].langs : 0;
            for (int l = 0; ls && l < L_COUNT; l++)
                if (ls & (1u << l))
                    hits[l]++;
            if (k >= 0)
                seen[k] = 1;
            /* plain English early: a third of the words English function
             * words, three times any other profile's share */
            if (words >= 256 && words % 64 == 0 && hits[L_EN] * 3 >= words) {
                unsigned other = 0;
                for (int l = 1; l < L_COUNT; l++)
                    other = hits[l] > other ? hits[l] : other;
                if (hits[L_EN] >= 3 * other)
                    break;
            }
        }
        wn = 0;
        latin_word = true;
    }
    if (letters < 20)
        return 0;
    int top = S_LATIN;
    for (int k = 0; k < S_COUNT; k++)
        if (script[k] > script[top])
            top = k;
    if (top == S_HAN || top == S_KANA) {
        unsigned cjk = script[S_HAN] + script[S_KANA];
        if (2 * cjk <= letters)
            return 0;
        strcpy(code, script[S_KANA] * 10 >= cjk ? "ja" : "zh");
        return 1;
    }
    if (top != S_LATIN && top != S_CYRILLIC) {
        if (2 * script[top] <= letters)
            return 0;
        strcpy(code, script_lang[top]);
        return 1;
    }
    if (2 * script[top] <= letters)
        return 0;
    /* Latin or Cyrillic: the profile that covers most running words */
    int best = -1, second = -1;
    for (int l = 0; l < L_COUNT; l++) {
        bool cyr = l == L_RU || l == L_UK;
        if (cyr != (top == S_CYRILLIC))
            continue;
        if (best < 0 || hits[l] > hits[best]) {
            second = best;
            best = l;
        } else if (second < 0 || hits[l] > hits[second]) {
            second = l;
        }
    }
    if (top == S_CYRILLIC) {
        /* the letters і ї є ґ are Ukrainian's and not Russian's */
        strcpy(code, uk_letter && hits[L_UK] * 2 >= hits[L_RU] ? "uk" : "ru");
        return 1;
    }
    /* Too few words to tell, no profile covering a sixth of them (a list
     * of names, a language without a profile), fewer than four of the
     * profile's words (one word repeated, such as "met" among names), or
     * two profiles close: not decided. */
    unsigned distinct = 0;
    for (size_t k = 0; best >= 0 && k < NWORDS; k++)
        distinct += seen[k] && (lang_words[k].langs & (1u << best));
    if (words < 12 || best < 0 || hits[best] * 6 < words || distinct < 4 ||
        (second >= 0 && hits[best] * 4 < hits[second] * 5))
        return 0;
    strcpy(code, lang_code[best]);
    return 1;
}

/* ---- Tags and the decision ------------------------------------------- */

/* "" or a BCP 47 tag's shape: 2-3 letters, then "-" or "_" and 1-8
 * letters or digits, any number of times. */
bool cd_lang_tag_ok(const char *t, size_t cap)
{
    size_t n = strnlen(t, cap);
    if (n == cap)
        return false;
    if (n == 0)
        return true;
    size_t i = 0;
    while (i < n && ((t[i] | 32) >= 'a' && (t[i] | 32) <= 'z'))
        i++;
    if (i < 2 || i > 3)
        return false;
    while (i < n) {
        if (t[i] != '-' && t[i] != '_')
            return false;
        size_t j = ++i;
        while (i < n && (((t[i] | 32) >= 'a' && (t[i] | 32) <= 'z') ||
                         (t[i] >= '0' && t[i] <= '9')))
            i++;
        if (i == j || i - j > 8)
            return false;
    }
    return true;
}

int cd_lang_tag_valid(const char *tag)
{
    return tag && tag[0] && cd_lang_tag_ok(tag, sizeof ((cd_opts *)0)->lang);
}

/* The primary subtag of BCP 47 tag `tag`, lower case, into `out`
 * ("en-GB" -> "en"); false when it is not 2-3 letters. */
static bool primary_subtag(const char *tag, char out[4])
{
    size_t i = 0;
    while (tag && i < 4 && ((tag[i] | 32) >= 'a' && (tag[i] | 32) <= 'z'))
        i++;
    if (!tag || i < 2 || i > 3 || (tag[i] && tag[i] != '-' && tag[i] != '_'))
        return false;
    for (size_t k = 0; k < i; k++)
        out[k] = (char)(tag[k] | 32);
    out[i] = 0;
    return true;
}

/* The article's language: the option, else the text when it is clear,
 * else what the page or record declares, else English.  The text wins
 * over a declaration because templates declare one language on every
 * page of a site, whatever a page is written in. */
cd_status cd_lang_decide(cd_run *run)
{
    char code[4];
    if (run->opts.lang[0]) {
        if (!primary_subtag(run->opts.lang, code))
            return cd_run_fail(run, CD_E_USAGE, "analyze", 0, "bad language tag '%s'",
                               run->opts.lang);
    } else if (!cd_lang_detect(run->text, run->text_len, code) &&
               !primary_subtag(run->meta.lang, code)) {
        strcpy(code, "en");
    }
    memcpy(run->lang, code, sizeof code);
    if (strcmp(code, "en") != 0)
        return cd_run_fail(run, CD_E_LANG, "analyze", 0,
                           "language '%s' is not supported (English only)", code);
    return CD_OK;
}
