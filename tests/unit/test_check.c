/* test_check.c - the rule table's output and its indexes: spans that are
 * whole characters, the suffix array behind the quotation check, the
 * quotation verdicts it gives, a bound on an article of quotations, and
 * an empty package when every list is 0. */
#include "harness.h"
#include "generate.h"

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[1 << 16];
    *n = fread(buf, 1, sizeof buf - 1, f);
    buf[*n] = 0;
    fclose(f);
    return buf;
}

/* An analysed run of `text`; a failure fails the current test. */
static cd_run *analysed(const char *text, size_t n, const cd_opts *o)
{
    cd_run *r = NULL;
    EQ_INT(cd_run_new(test_model(), o, &r), CD_OK);
    if (!r)
        exit(1);
    cd_status st = cd_extract(r, text, n);
    if (st == CD_OK)
        st = cd_analyze(r);
    if (st != CD_OK) {
        fprintf(stderr, "analysis failed: %s\n", cd_run_error(r).message);
        h_cur_fail++;
    }
    return r;
}

static bool continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

/* Every finding of `text` spans whole characters and says why in valid
 * UTF-8. */
static void spans_whole(cd_run *r, cd_kind kind, const char *text)
{
    const cd_finding *f;
    int nf = cd_check_text(r, kind, text, &f);
    CHECK(nf >= 0);
    size_t n = strlen(text);
    for (int i = 0; i < nf; i++) {
        size_t a = f[i].off, b = f[i].off + f[i].len;
        bool whole = a <= n && b <= n && !continuation((unsigned char)text[a]) &&
                     (b == n || !continuation((unsigned char)text[b]));
        if (!whole)
            fprintf(stderr, "  %s at %zu+%zu of \"%s\"\n", f[i].rule, f[i].off, f[i].len,
                    text);
        CHECK(whole);
        CHECK(cd_utf8_invalid_at(f[i].reason, strlen(f[i].reason)) == (size_t)-1);
    }
}

TEST(spans_are_whole_characters)
{
    size_t n;
    char *text = slurp("examples/seed-article.txt", &n);
    CHECK(text != NULL);
    if (!text)
        return;
    cd_run *r = analysed(text, n, NULL);
    /* the full stop missing after an ellipsis: the ellipsis, all of it */
    const cd_finding *f;
    int nf = cd_check_text(r, CD_META_DESC, "Hegseth said\xE2\x80\xA6", &f);
    int stop = -1;
    for (int i = 0; i < nf; i++)
        if (!strcmp(f[i].rule, "style.full_stop"))
            stop = i;
    CHECK(stop >= 0);
    if (stop >= 0) {
        EQ_INT(f[stop].off, 12);
        EQ_INT(f[stop].len, 3);
    }
    spans_whole(r, CD_META_DESC, "Hegseth said\xE2\x80\xA6");
    spans_whole(r, CD_HEADLINE, "Hegseth says NATO is \xE2\x80\x9Cunrealistic\xE2\x80\x9D.");
    spans_whole(r, CD_LEDE, "Hegseth said \xC3\xA9t\xC3\xA9 was not \xE2\x80\x94over");
    spans_whole(r, CD_SEO_TITLE, "\xC3\xA9\xC3\xA9\xC3\xA9 Caf\xC3\xA9 \xE2\x80\x98quote\xE2\x80\x99 "
                                 "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E");
    /* a word longer than the reason has room for, all of it two-byte
     * letters: the reason is cut at a character */
    char big[400] = "Hegseth says ";
    for (int i = 0; i < 150; i++)
        strcat(big, "\xC3\xA9");
    strcat(big, " is here");
    spans_whole(r, CD_HEADLINE, big);
    cd_run_free(r);
}

/* The suffix array against a sort by comparison. */
static const char *naive_text;
static size_t naive_n;
static int naive_cmp(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    size_t lx = naive_n - (size_t)x, ly = naive_n - (size_t)y;
    int c = memcmp(naive_text + x, naive_text + y, lx < ly ? lx : ly);
    return c ? c : (lx < ly ? -1 : 1);
}

static bool sa_matches(const char *s, size_t n)
{
    cd_arena a;
    cd_arena_init(&a, 0);
    int32_t *sa = cd_sa_build(&a, s, n);
    int32_t *want = malloc((n + 1) * sizeof *want);
    bool ok = sa && want;
    if (ok) {
        for (size_t i = 0; i < n; i++)
            want[i] = (int32_t)i;
        naive_text = s;
        naive_n = n;
        qsort(want, n, sizeof *want, naive_cmp);
        ok = n == 0 || memcmp(sa, want, n * sizeof *sa) == 0;
    }
    free(want);
    cd_arena_free(&a);
    return ok;
}

TEST(suffix_array)
{
    static const char *const fixed[] = {
        "", "a", "aa", "ab", "ba", "banana", "mississippi", "abracadabra",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "abababababababababababa",
        "the mayor said \"we will not wait\", aides said. the mayor said it.",
    };
    for (size_t i = 0; i < CD_ARRAY_LEN(fixed); i++)
        CHECK(sa_matches(fixed[i], strlen(fixed[i])));
    /* random strings over alphabets of 2, 3, 4 and 255 letters */
    unsigned seed = 12345;
    char s[2000];
    int bad = 0;
    for (int round = 0; round < 400; round++) {
        int k = round % 4 == 3 ? 255 : 2 + round % 4;
        size_t n = (size_t)(round * 37 % 1999) + 1;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            s[i] = (char)(1 + (seed >> 16) % (unsigned)k);
        }
        if (!sa_matches(s, n))
            bad++;
    }
    EQ_INT(bad, 0);
    /* finding a phrase: every occurrence, and none that is not one */
    const char *t = "the mayor said the plan, the mayor said.";
    size_t tn = strlen(t);
    cd_arena a;
    cd_arena_init(&a, 0);
    int32_t *sa = cd_sa_build(&a, t, tn);
    CHECK(sa != NULL);
    if (sa) {
        size_t first;
        EQ_INT(cd_sa_find(t, tn, sa, "the mayor", 9, &first), 2);
        EQ_INT(cd_sa_find(t, tn, sa, "the ", 4, &first), 3);
        EQ_INT(cd_sa_find(t, tn, sa, "said.", 5, &first), 1);
        EQ_INT(t[sa[first] + 4], '.');
        EQ_INT(cd_sa_find(t, tn, sa, "said. ", 6, &first), 0);
        EQ_INT(cd_sa_find(t, tn, sa, "plan,", 5, &first), 1);
        EQ_INT(cd_sa_find(t, tn, sa, "zebra", 5, &first), 0);
        EQ_INT(cd_sa_find(t, tn, sa, "", 0, &first), tn);
    }
    cd_arena_free(&a);
}

/* The verdicts of the quotation rules, which read the index. */
static bool has_rule(cd_run *r, cd_kind k, const char *text, const char *rule)
{
    const cd_finding *f;
    int nf = cd_check_text(r, k, text, &f);
    CHECK(nf >= 0);
    for (int i = 0; i < nf; i++)
        if (!strcmp(f[i].rule, rule))
            return true;
    return false;
}

TEST(quotation_verdicts)
{
    const char *art =
        "The council approved the budget on Monday after a long debate.\n\n"
        "\"We will not wait for the government,\" said Mayor Anna Lindqvist.\n\n"
        "\"The plan protects libraries and parks,\" said Councillor Tom Reyes.\n\n"
        "Opposition members said the plan relied on one-off sales of land.\n";
    cd_run *r = analysed(art, strlen(art), NULL);
    CHECK(!has_rule(r, CD_HEADLINE, "Lindqvist: 'We will not wait'", "fact.quote"));
    CHECK(!has_rule(r, CD_HEADLINE, "Lindqvist: 'We will not wait'", "fact.quote_speaker"));
    CHECK(has_rule(r, CD_HEADLINE, "Lindqvist: 'We will wait forever'", "fact.quote"));
    CHECK(has_rule(r, CD_HEADLINE, "Reyes: 'We will not wait'", "fact.quote_speaker"));
    CHECK(!has_rule(r, CD_HEADLINE, "Reyes: 'The plan protects libraries'", "fact.quote_speaker"));
    CHECK(has_rule(r, CD_HEADLINE, "Lindqvist: 'The plan protects libraries'", "fact.quote_speaker"));
    /* case and the edges' punctuation do not matter; the text's last
     * words are found too */
    CHECK(!has_rule(r, CD_HEADLINE, "Council: 'One-Off Sales Of Land.'", "fact.quote"));
    CHECK(has_rule(r, CD_HEADLINE, "Council: 'sales of land and sea'", "fact.quote"));
    /* a word the tokenizer split is still the article's as written */
    CHECK(!has_rule(r, CD_LEDE, "The council approved one-off sales.", "fact.word"));
    cd_run_free(r);
}

/* "cannot" is a negation: the tokenizer has it as "can" "not", and a
 * candidate that writes it agrees with the article that does. */
TEST(cannot_negates)
{
    const char *art =
        "Political parties cannot afford to take older voters for granted, "
        "says the charity.\n\n"
        "A survey for the charity suggests most older people always vote.\n";
    cd_run *r = analysed(art, strlen(art), NULL);
    CHECK(!has_rule(r, CD_HEADLINE, "Political parties cannot afford to take older voters",
                    "fact.negation"));
    CHECK(has_rule(r, CD_HEADLINE, "Political parties can afford to take older voters",
                   "fact.negation"));
    cd_run_free(r);
}

/* An article of 14,000 quotations makes a bounded number of candidates
 * (it made two per quotation, and took 55 s). */
TEST(quotation_article_bounded)
{
    static const char *const w[] = {"council", "budget", "mayor", "school", "park",
                                    "road", "river", "bridge", "plan", "vote"};
    size_t cap = 1 << 20, n = 0;
    char *art = malloc(cap);
    CHECK(art != NULL);
    if (!art)
        return;
    unsigned seed = 7;
    for (int i = 0; i < 14000; i++) {
        char words[128] = "";
        for (int k = 0; k < 5; k++) {
            seed = seed * 1103515245u + 12345u;
            strcat(words, w[(seed >> 16) % 10]);
            if (k < 4)
                strcat(words, " ");
        }
        n += (size_t)snprintf(art + n, cap - n, "\"The %s is %d,\" said Smith %d. ", words,
                              i, i);
    }
    cd_opts o;
    cd_opts_init(&o);
    o.max_input_bytes = cap;
    cd_run *r = NULL;
    EQ_INT(cd_run_new(test_model(), &o, &r), CD_OK);
    if (!r) {
        free(art);
        return;
    }
    EQ_INT(cd_run_article(r, art, n), CD_OK);
    CHECK(cd_candidate_count(r, CD_HEADLINE) <= 2 * CD_MAX_QUOTES + 200);
    CHECK(cd_candidate_count(r, CD_SEO_TITLE) <= 2 * CD_MAX_QUOTES + 200);
    CHECK(cd_count(r, CD_HEADLINE) > 0);
    cd_run_free(r);
    free(art);
}

/* Every list at 0: an empty package, not a failure. */
TEST(all_lists_zero)
{
    size_t n;
    char *text = slurp("examples/seed-article.txt", &n);
    CHECK(text != NULL);
    if (!text)
        return;
    cd_opts o;
    cd_opts_init(&o);
    for (int k = 0; k < CD_KIND_COUNT; k++)
        o.count[k] = 0;
    cd_run *r = NULL;
    EQ_INT(cd_run_new(test_model(), &o, &r), CD_OK);
    if (!r)
        return;
    EQ_INT(cd_run_article(r, text, n), CD_OK);
    char *t = cd_render_text(r);
    CHECK(t != NULL);
    if (t)
        EQ_STR(t, "");
    cd_free(t);
    char *j = cd_render_json(r);
    CHECK(j != NULL && strstr(j, "\"headlines\":[],\"ledes\":[],\"seo_titles\":[],"
                                 "\"meta_descriptions\":[]") != NULL);
    cd_free(j);
    EQ_INT(cd_warning_count(r), 0);
    cd_run_free(r);
    char *pkg = NULL, err[128] = "";
    EQ_INT(cd_package_json(test_model(), &o, text, n, &pkg, err, sizeof err), CD_OK);
    CHECK(pkg != NULL);
    cd_free(pkg);
}

int main(void)
{
    h_file = "test_check";
    RUN(spans_are_whole_characters);
    RUN(suffix_array);
    RUN(quotation_verdicts);
    RUN(cannot_negates);
    RUN(quotation_article_bounded);
    RUN(all_lists_zero);
    return DONE();
}
