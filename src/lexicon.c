/*
 * lexicon.c - small closed word lists used by the heuristics.
 *
 * Every list is sorted (tests/unit/test_lexicon.c checks it) and searched
 * by bisection.  Words are lower case.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "lexicon.h"

/* A bisection that compares first bytes before whole words: the stop
 * word test runs for every word of every candidate, and most steps are
 * decided by the first byte. */
static bool in(const char *const *list, size_t n, const char *w)
{
    unsigned char c = (unsigned char)w[0];
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *m = list[mid];
        int d = (int)(unsigned char)m[0] - (int)c;
        if (d == 0 && c)
            d = strcmp(m + 1, w + 1);
        if (d == 0)
            return true;
        if (d < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

#define IN(list, w) in(list, CD_ARRAY_LEN(list), w)

bool cd_is_stopword(const char *w) { return IN(cd_lex_stopwords, w); }
bool cd_is_time_word(const char *w) { return IN(cd_lex_time_words, w); }
bool cd_is_speech_verb(const char *w) { return IN(cd_lex_speech_verbs, w); }
bool cd_is_title_word(const char *w) { return IN(cd_lex_title_words, w); }
bool cd_is_month(const char *w) { return IN(cd_lex_months, w); }
bool cd_is_weekday(const char *w) { return IN(cd_lex_weekdays, w); }
bool cd_is_abbrev(const char *w) { return IN(cd_lex_abbrevs, w); }
bool cd_is_final_abbrev(const char *w) { return IN(cd_lex_final_abbrevs, w); }

int cd_number_word(const char *w)
{
    for (size_t i = 0; i < CD_ARRAY_LEN(cd_lex_numbers); i++)
        if (cd_lex_numbers[i][0] == w[0] && strcmp(cd_lex_numbers[i], w) == 0)
            return (int)i;
    return -1;
}

const char *cd_number_name(int v)
{
    if (v < 0 || (size_t)v >= CD_ARRAY_LEN(cd_lex_numbers))
        return "";
    return cd_lex_numbers[v];
}

bool cd_is_clickbait(const char *lower_text)
{
    for (size_t i = 0; i < CD_ARRAY_LEN(cd_lex_clickbait); i++)
        if (strstr(lower_text, cd_lex_clickbait[i]))
            return true;
    return false;
}
