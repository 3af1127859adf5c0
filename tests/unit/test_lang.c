/* test_lang.c - the article's language: detection, declarations, refusal. */
#include "harness.h"
#include "internal.h"

static const char en_text[] =
    "The council voted on Monday to close two libraries in the north of the "
    "city, and the mayor said the savings would be spent on schools. Residents "
    "who had campaigned for months said they were angry that the decision was "
    "taken before the public consultation had ended.";
static const char de_text[] =
    "Der Stadtrat hat am Montag beschlossen, dass die neue Br\xc3\xbc" "cke "
    "\xc3\xbc" "ber den Fluss im n\xc3\xa4" "chsten Jahr gebaut wird. Der "
    "B\xc3\xbcrgermeister sagte, es sei ein wichtiger Tag f\xc3\xbcr die Region, "
    "und die Kosten w\xc3\xbc" "rden von der Landesregierung getragen.";
static const char fr_text[] =
    "Le conseil municipal a vot\xc3\xa9 lundi la fermeture de deux "
    "biblioth\xc3\xa8ques dans le nord de la ville. Le maire a dit que les "
    "\xc3\xa9" "conomies seraient consacr\xc3\xa9" "es aux \xc3\xa9" "coles, mais "
    "les habitants sont en col\xc3\xa8re contre cette d\xc3\xa9" "cision.";
static const char es_text[] =
    "El ayuntamiento aprob\xc3\xb3 el lunes el cierre de dos bibliotecas en el "
    "norte de la ciudad. El alcalde dijo que los ahorros se destinar\xc3\xa1n a "
    "las escuelas, pero los vecinos est\xc3\xa1n en contra de la decisi\xc3\xb3n.";
/* "The city council decided on Monday to build a new bridge", in Chinese
 * and in Russian */
static const char zh_text[] =
    "\xe5\xb8\x82\xe8\xae\xae\xe4\xbc\x9a\xe5\x91\xa8\xe4\xb8\x80\xe5\x86\xb3"
    "\xe5\xae\x9a\xe5\x9c\xa8\xe6\xb2\xb3\xe4\xb8\x8a\xe4\xbf\xae\xe5\xbb\xba"
    "\xe4\xb8\x80\xe5\xba\xa7\xe6\x96\xb0\xe6\xa1\xa5\xef\xbc\x8c\xe5\xb8\x82"
    "\xe9\x95\xbf\xe8\xaf\xb4\xe8\xbf\x99\xe6\x98\xaf\xe5\x9c\xb0\xe5\x8c\xba"
    "\xe9\x87\x8d\xe8\xa6\x81\xe7\x9a\x84\xe4\xb8\x80\xe5\xa4\xa9\xe3\x80\x82";
static const char ru_text[] =
    "\xd0\x93\xd0\xbe\xd1\x80\xd0\xbe\xd0\xb4\xd1\x81\xd0\xba\xd0\xbe\xd0\xb9 "
    "\xd1\x81\xd0\xbe\xd0\xb2\xd0\xb5\xd1\x82 \xd0\xb2 \xd0\xbf\xd0\xbe\xd0\xbd"
    "\xd0\xb5\xd0\xb4\xd0\xb5\xd0\xbb\xd1\x8c\xd0\xbd\xd0\xb8\xd0\xba "
    "\xd1\x80\xd0\xb5\xd1\x88\xd0\xb8\xd0\xbb \xd0\xbf\xd0\xbe\xd1\x81\xd1\x82"
    "\xd1\x80\xd0\xbe\xd0\xb8\xd1\x82\xd1\x8c \xd0\xbd\xd0\xbe\xd0\xb2\xd1\x8b"
    "\xd0\xb9 \xd0\xbc\xd0\xbe\xd1\x81\xd1\x82, \xd0\xb8 \xd0\xbc\xd1\x8d\xd1"
    "\x80 \xd1\x81\xd0\xba\xd0\xb0\xd0\xb7\xd0\xb0\xd0\xbb, \xd1\x87\xd1\x82"
    "\xd0\xbe \xd1\x8d\xd1\x82\xd0\xbe \xd0\xb2\xd0\xb0\xd0\xb6\xd0\xbd\xd1\x8b"
    "\xd0\xb9 \xd0\xb4\xd0\xb5\xd0\xbd\xd1\x8c \xd0\xb4\xd0\xbb\xd1\x8f "
    "\xd0\xb3\xd0\xbe\xd1\x80\xd0\xbe\xd0\xb4\xd0\xb0.";

static const char *detect(const char *s, int *sure)
{
    static char code[4];
    *sure = cd_lang_detect(s, strlen(s), code);
    return code;
}

TEST(table_sorted_and_unique)
{
    uint32_t langs;
    const char *prev = cd_lang_word_at(0, &langs);
    CHECK(prev != NULL);
    int n = 1;
    for (const char *w; (w = cd_lang_word_at(n, &langs)); n++) {
        if (strcmp(prev, w) >= 0)
            fprintf(stderr, "lang table: '%s' before '%s'\n", prev, w);
        CHECK(strcmp(prev, w) < 0);
        CHECK(langs != 0);
        prev = w;
    }
    CHECK(n > 500);
}

TEST(detects_each_language)
{
    int sure;
    EQ_STR(detect(en_text, &sure), "en");
    EQ_INT(sure, 1);
    EQ_STR(detect(de_text, &sure), "de");
    EQ_INT(sure, 1);
    EQ_STR(detect(fr_text, &sure), "fr");
    EQ_INT(sure, 1);
    EQ_STR(detect(es_text, &sure), "es");
    EQ_INT(sure, 1);
    EQ_STR(detect(zh_text, &sure), "zh");
    EQ_INT(sure, 1);
    EQ_STR(detect(ru_text, &sure), "ru");
    EQ_INT(sure, 1);
}

/* A few words, a list of names or bytes that are not text: not decided,
 * so a declaration or English stands. */
TEST(undecided_when_too_little)
{
    int sure;
    EQ_STR(detect("The mayor resigned.", &sure), "und");
    EQ_INT(sure, 0);
    EQ_STR(detect("Smith Jones Brown Taylor Wilson Davies Evans Thomas Roberts "
                  "Johnson Walker Wright Robinson Thompson White Hughes",
                  &sure),
           "und");
    EQ_INT(sure, 0);
    /* one profile word ("met" is Dutch for "with") among names */
    EQ_STR(detect("Name1 Person1 met Officer1. Name2 Person2 met Officer2. Name3 "
                  "Person3 met Officer3. Name4 Person4 met Officer4.",
                  &sure),
           "und");
    EQ_INT(sure, 0);
    EQ_STR(detect("\xff\xfe\x80 12345 !!! \xc3", &sure), "und");
    EQ_INT(sure, 0);
    EQ_STR(detect("", &sure), "und");
    EQ_INT(sure, 0);
}

/* Capitals fold: a headline in capitals is still English. */
TEST(case_folds)
{
    int sure;
    EQ_STR(detect("THE COUNCIL VOTED ON MONDAY TO CLOSE TWO LIBRARIES IN THE NORTH "
                  "OF THE CITY AND THE MAYOR SAID THE SAVINGS WOULD BE SPENT ON "
                  "SCHOOLS FOR THE CHILDREN OF THE AREA",
                  &sure),
           "en");
    EQ_INT(sure, 1);
    EQ_STR(detect("DER STADTRAT HAT AM MONTAG BESCHLOSSEN, DASS DIE NEUE BR\xc3\x9c"
                  "CKE IM N\xc3\x84" "CHSTEN JAHR GEBAUT WIRD UND DASS DIE KOSTEN "
                  "VON DER REGIERUNG GETRAGEN WERDEN",
                  &sure),
           "de");
    EQ_INT(sure, 1);
}

/* Run cd_extract and cd_analyze on `input` with opts.lang = `lang`. */
static cd_status analyze(const char *input, const char *lang, cd_run **out)
{
    cd_opts o;
    cd_opts_init(&o);
    snprintf(o.lang, sizeof o.lang, "%s", lang);
    cd_run *r;
    cd_status st = cd_run_new(test_model(), &o, &r);
    if (st != CD_OK) {
        *out = NULL;
        return st;
    }
    st = cd_extract(r, input, strlen(input));
    if (st == CD_OK)
        st = cd_analyze(r);
    *out = r;
    return st;
}

static char *page(const char *lang_attr, const char *body)
{
    static char buf[4096];
    snprintf(buf, sizeof buf,
             "<!DOCTYPE html><html%s><head><title>A page</title></head><body>"
             "<article><p>%s</p></article></body></html>",
             lang_attr, body);
    return buf;
}

TEST(german_refused)
{
    cd_run *r;
    EQ_INT(analyze(de_text, "", &r), CD_E_LANG);
    EQ_STR(cd_run_error(r).message, "language 'de' is not supported (English only)");
    EQ_STR(cd_article_lang(r), "de");
    cd_run_free(r);
    EQ_INT(analyze(page(" lang=\"de-DE\"", de_text), "", &r), CD_E_LANG);
    EQ_STR(cd_run_error(r).message, "language 'de' is not supported (English only)");
    cd_run_free(r);
}

TEST(english_pages_kept)
{
    cd_run *r;
    EQ_INT(analyze(page(" lang=\"en-GB\"", en_text), "", &r), CD_OK);
    EQ_STR(cd_article_lang(r), "en");
    cd_run_free(r);
    EQ_INT(analyze(page("", en_text), "", &r), CD_OK);
    EQ_STR(cd_article_lang(r), "en");
    cd_run_free(r);
    EQ_INT(analyze(en_text, "", &r), CD_OK);
    EQ_STR(cd_article_lang(r), "en");
    cd_run_free(r);
}

/* A site's template declares one language on every page; the text,
 * when it is clear, says which this one is. */
TEST(text_wins_over_declaration)
{
    cd_run *r;
    EQ_INT(analyze(page(" lang=\"fr\"", en_text), "", &r), CD_OK);
    EQ_STR(cd_article_lang(r), "en");
    cd_run_free(r);
    EQ_INT(analyze(page(" lang=\"en\"", fr_text), "", &r), CD_E_LANG);
    EQ_STR(cd_run_error(r).message, "language 'fr' is not supported (English only)");
    cd_run_free(r);
}

/* Too short to tell: the declaration decides, else English. */
TEST(declaration_when_text_undecided)
{
    const char *shortd = "Die Polizei kam sp\xc3\xa4t.";
    cd_run *r;
    EQ_INT(analyze(page(" lang=\"de\"", shortd), "", &r), CD_E_LANG);
    EQ_STR(cd_article_lang(r), "de");
    cd_run_free(r);
    const char *shorte = "The police arrived late on Friday night.";
    EQ_INT(analyze(page("", shorte), "", &r), CD_OK);
    EQ_STR(cd_article_lang(r), "en");
    cd_run_free(r);
    char rec[512];
    snprintf(rec, sizeof rec, "{\"text\":\"%s\",\"lang\":\"nl\"}", shorte);
    EQ_INT(analyze(rec, "", &r), CD_E_LANG);
    EQ_STR(cd_run_error(r).message, "language 'nl' is not supported (English only)");
    cd_run_free(r);
}

TEST(option_overrides)
{
    cd_run *r;
    EQ_INT(analyze(de_text, "en", &r), CD_OK);
    EQ_STR(cd_article_lang(r), "en");
    cd_run_free(r);
    EQ_INT(analyze(en_text, "es-MX", &r), CD_E_LANG);
    EQ_STR(cd_run_error(r).message, "language 'es' is not supported (English only)");
    cd_run_free(r);
    EQ_INT(analyze(en_text, "en-GB", &r), CD_OK);
    cd_run_free(r);
    EQ_INT(analyze(en_text, "english!", &r), CD_E_USAGE);
    CHECK(r == NULL);
    EQ_INT(analyze(en_text, "e", &r), CD_E_USAGE);
    CHECK(r == NULL);
}

int main(void)
{
    h_file = "test_lang";
    RUN(table_sorted_and_unique);
    RUN(detects_each_language);
    RUN(undecided_when_too_little);
    RUN(case_folds);
    RUN(german_refused);
    RUN(english_pages_kept);
    RUN(text_wins_over_declaration);
    RUN(declaration_when_text_undecided);
    RUN(option_overrides);
    return DONE();
}
