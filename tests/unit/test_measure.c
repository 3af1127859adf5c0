/* test_measure.c - pixel widths, character counts, ROUGE, word lists. */
#include <math.h>

#include "harness.h"
#include "internal.h"
#include "lexicon.h"

static int near(double a, double b) { return fabs(a - b) < 0.015; }

TEST(widths_match_chromium)
{
    /* research/c-deps.md section 8: Chromium, Arial, kerned */
    const char *a = "US defense secretary rules out Ukraine NATO membership, "
                    "calls pre-war borders unrealistic";
    CHECK(near(cd_text_px(a, strlen(a), 20), 817.35));
    CHECK(near(cd_text_px(a, strlen(a), 14), 572.15));
    const char *b = "Hegseth declares Ukraine NATO bid \xE2\x80\x9Cunrealistic\xE2\x80\x9D";
    CHECK(near(cd_text_px(b, strlen(b), 20), 430.55));
    const char *c = "AVAST: Toyota\xE2\x80\x99s WAVE of LTA, \xE2\x80\x9CYo\xE2\x80\x9D "
                    "\xE2\x80\x94 T\xC3\xA9";
    CHECK(near(cd_text_px(c, strlen(c), 20), 369.03));
    EQ_INT(cd_text_chars(c, strlen(c)), 38);
}

TEST(serp_cut)
{
    char out[256];
    const char *a = "US defense secretary rules out Ukraine NATO membership, "
                    "calls pre-war borders unrealistic";
    size_t n = cd_serp_cut(a, strlen(a), 20, 580, out, sizeof out);
    /* cut at a word, the ellipsis inside the width, no dangling comma:
     * "membership," loses its comma */
    EQ_STR(out, "US defense secretary rules out Ukraine NATO membership \xE2\x80\xA6");
    EQ_INT(n, strlen(out));
    CHECK(cd_text_px(out, n, 20) <= 580);
    const char *b = "Short title";
    n = cd_serp_cut(b, strlen(b), 20, 580, out, sizeof out);
    EQ_STR(out, "Short title");
    EQ_INT(n, strlen(b));
}

static int near_rouge(double a, double b) { return fabs(a - b) < 1e-4; }

TEST(rouge_matches_reference)
{
    /* values from ../shared/tools/rouge.py score(..., stem=True) */
    const char *r1 = "Ad sales boost Time Warner profit";
    const char *p1 = "Quarterly profits at US media giant TimeWarner jump 76%";
    CHECK(near_rouge(cd_rouge_f1(r1, p1, 1), 0.133333));
    CHECK(near_rouge(cd_rouge_f1(r1, p1, 0), 0.133333));
    const char *r2 = "BMW to recall faulty diesel cars";
    const char *p2 = "BMW to recall all cars equipped with faulty diesel pumps";
    CHECK(near_rouge(cd_rouge_f1(r2, p2, 1), 0.75));
    CHECK(near_rouge(cd_rouge_f1(r2, p2, 2), 0.428571));
    CHECK(near_rouge(cd_rouge_f1(r2, p2, 0), 0.625));
    CHECK(near_rouge(cd_rouge_f1("The cats are running", "the cat ran", 2), 0.4));
    CHECK(near_rouge(cd_rouge_f1("U.S. stocks rally 3.5%",
                                 "US stocks rallied 3.5 percent", 0), 0.666667));
    CHECK(cd_rouge_f1("", "anything", 0) == 0);
}

static int sorted(const char *const *v, size_t n)
{
    for (size_t i = 1; i < n; i++)
        if (strcmp(v[i - 1], v[i]) >= 0) {
            fprintf(stderr, "not sorted: %s >= %s\n", v[i - 1], v[i]);
            return 0;
        }
    return 1;
}

#define SORTED(list) sorted(list, CD_ARRAY_LEN(list))

TEST(word_lists_are_sorted)
{
    CHECK(SORTED(cd_lex_stopwords));
    CHECK(SORTED(cd_lex_time_words));
    CHECK(SORTED(cd_lex_speech_verbs));
    CHECK(SORTED(cd_lex_title_words));
    CHECK(SORTED(cd_lex_months));
    CHECK(SORTED(cd_lex_weekdays));
    CHECK(SORTED(cd_lex_abbrevs));
    CHECK(SORTED(cd_lex_final_abbrevs));
    CHECK(cd_is_stopword("the"));
    CHECK(!cd_is_stopword("treaty"));
    EQ_INT(cd_number_word("seven"), 7);
}

int main(void)
{
    h_file = "test_measure";
    RUN(widths_match_chromium);
    RUN(rouge_matches_reference);
    RUN(serp_cut);
    RUN(word_lists_are_sorted);
    return DONE();
}
