/* test_generate.c - the package for the seed article, the rule table,
 * determinism and reuse of a run. */
#include <ctype.h>
#include <strings.h>

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

/* Runs an article that must run; a failure fails the current test. */
static cd_run *package(const char *text, size_t n, const cd_opts *o)
{
    cd_run *r = NULL;
    EQ_INT(cd_run_new(test_model(), o, &r), CD_OK);
    if (!r)
        exit(1);
    cd_status st = cd_run_article(r, text, n);
    if (st != CD_OK) {
        fprintf(stderr, "run failed: %s\n", cd_run_error(r).message);
        h_cur_fail++;
    }
    return r;
}

TEST(seed_package_within_limits)
{
    size_t n;
    char *text = slurp("examples/seed-article.txt", &n);
    CHECK(text != NULL);
    if (!text)
        return;
    cd_run *r = package(text, n, NULL);
    EQ_INT(cd_count(r, CD_HEADLINE), 5);
    EQ_INT(cd_count(r, CD_LEDE), 5);
    EQ_INT(cd_count(r, CD_SEO_TITLE), 3);
    EQ_INT(cd_count(r, CD_META_DESC), 3);
    for (int i = 0; i < cd_count(r, CD_SEO_TITLE); i++) {
        const cd_item *it = cd_at(r, CD_SEO_TITLE, i);
        CHECK(it->chars <= 60);
        CHECK(it->px <= 580.0);
    }
    for (int i = 0; i < cd_count(r, CD_META_DESC); i++) {
        const cd_item *it = cd_at(r, CD_META_DESC, i);
        CHECK(it->chars >= 120 && it->chars <= 156);
        CHECK(it->px <= 920.0);
        CHECK(strstr(it->text, "...") == NULL);
    }
    for (int i = 0; i < cd_count(r, CD_HEADLINE); i++) {
        const cd_item *it = cd_at(r, CD_HEADLINE, i);
        size_t len = strlen(it->text);
        CHECK(len > 0 && it->text[len - 1] != '.');
        CHECK(strchr(it->text, '"') == NULL);
    }
    for (int i = 0; i < cd_count(r, CD_LEDE); i++) {
        const cd_item *it = cd_at(r, CD_LEDE, i);
        CHECK(cd_words(it->text) <= 35);
    }
    cd_run_free(r);
}

/* Compression keeps the words that turn a claim round: "little
 * sympathy" is not sympathy, "does not just want a new licence" is not
 * "does not want licence", "a few residents" is not "few residents". */
TEST(meaning_words_kept)
{
    static const char text[] =
        "Plan for wind farm off Calder coast\n\n"
        "The regulator's plan for a wind farm off the Calder coast drew little sympathy "
        "from fishing crews on Monday, after a hearing that lasted six hours.\n\n"
        "The operator does not just want a new licence for the site, its chief executive "
        "Mara Quinn told the hearing in Elsfield.\n\n"
        "A few residents attended the hearing, and most of them spoke against the "
        "turbines, which would stand 12 kilometres from the shore.\n\n"
        "The regulator will decide in March whether the wind farm can go ahead, a "
        "spokesman said.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    int seen = 0;
    for (int i = 0; i < cd_candidate_count(r, CD_HEADLINE); i++) {
        const char *t = cd_candidate_at(r, CD_HEADLINE, i, NULL, NULL);
        char low[512];
        size_t k = 0;
        for (; t[k] && k + 1 < sizeof low; k++)
            low[k] = (char)tolower((unsigned char)t[k]);
        low[k] = 0;
        if (strstr(low, "sympathy")) {
            CHECK(strstr(low, "little sympathy") != NULL);
            seen |= 1;
        }
        if (strstr(low, "licence")) {
            CHECK(strstr(low, "not just want new licence") != NULL);
            seen |= 2;
        }
        if (strstr(low, "residents")) {
            CHECK(strstr(low, "a few residents") != NULL);
            seen |= 4;
        }
    }
    EQ_INT(seen, 7);
    cd_run_free(r);
}

/* The words of sentence s of `run` from index a to b (exclusive) that are
 * not in [x0, x1), as token indexes in toks; returns how many. */
static int keep_range(const cd_run *run, int s, int a, int b, int x0, int x1, int *toks)
{
    int n = 0;
    for (int k = a; k < b; k++)
        if (k < x0 || k >= x1)
            toks[n++] = run->sents[s].tok0 + k;
    return n;
}

static const char *fault(cd_run *r, const int *toks, int n)
{
    cd_status st;
    const char *why = cd_tree_fault(r, toks, n, CD_TREE_CLAUSE, &st);
    EQ_INT(st, CD_OK);
    return why;
}

static void no_headline_ends(const char *text, const char *tail);
static void headlines_say(const char *text, const char *good, const char *bad);

static const char *fault_full(cd_run *r, const int *toks, int n)
{
    cd_status st;
    const char *why = cd_tree_fault(r, toks, n, CD_TREE_CLAUSE | CD_TREE_FULL, &st);
    EQ_INT(st, CD_OK);
    return why;
}

/* Whether the tree reading refuses the first sentence of `text` with
 * its words [x0, x1) left out (words [0, b), b < 0: all of them); with
 * `full`, read as a description or lede is. */
static bool cut_refused(const char *text, int b, int x0, int x1, bool full)
{
    cd_run *r = package(text, strlen(text), NULL);
    int toks[256];
    if (b < 0)
        b = r->sents[0].ntok;
    int n = keep_range(r, 0, 0, b, x0, x1, toks);
    bool refused = (full ? fault_full(r, toks, n) : fault(r, toks, n)) != NULL;
    cd_run_free(r);
    return refused;
}

/* style.phrase: a compression is whole phrases of its sentence's tree */
TEST(tree_reads_compressions)
{
    static const char text[] =
        "The council approved a plan to build a bridge over the river on "
        "Tuesday.\n\nThe bridge will cost £35m, officials said.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    CHECK(r->nsent >= 2);
    /* The(0) council(1) approved(2) a(3) plan(4) to(5) build(6) a(7)
     * bridge(8) over(9) the(10) river(11) on(12) Tuesday(13) .(14) */
    int toks[64];
    int n = keep_range(r, 0, 0, 15, 15, 15, toks);
    CHECK(fault(r, toks, n) == NULL); /* the whole sentence */
    n = keep_range(r, 0, 0, 14, 12, 14, toks);
    CHECK(fault(r, toks, n) == NULL); /* a time phrase goes whole */
    n = keep_range(r, 0, 0, 14, 9, 14, toks);
    CHECK(fault(r, toks, n) == NULL); /* and the place phrase */
    n = keep_range(r, 0, 0, 14, 5, 14, toks);
    CHECK(fault(r, toks, n) != NULL); /* "a plan" without "to build" */
    n = keep_range(r, 0, 0, 14, 11, 14, toks);
    CHECK(fault(r, toks, n) != NULL); /* "over the": a cut inside */
    n = keep_range(r, 0, 0, 14, 4, 5, toks);
    CHECK(fault(r, toks, n) != NULL); /* the object's noun */
    /* The(0) bridge(1) will(2) cost(3) £(4) 35m(5) ,(6) officials(7)
     * said(8) .(9) in sentence 1: "£" may not leave "35m" */
    n = keep_range(r, 1, 0, 6, 4, 5, toks);
    CHECK(fault(r, toks, n) != NULL);
    cd_run_free(r);
}

/* "take part [in the race]", "get back [to his best]": what the idiom
 * or the adverb of direction is about stays */
TEST(tree_keeps_what_an_idiom_is_about)
{
    no_headline_ends("The champion Ana Ruiz has confirmed she will take part in the "
                     "city marathon in Elsfield on 8 May.\n\nThe race starts at "
                     "noon.\n", "take part");
    no_headline_ends("Former champion Ana Ruiz insists she can get back to her best "
                     "despite a poor start to the season.\n\nShe is ranked 40th.\n",
                     "get back");
}

/* A stop inside a sentence goes with the word it ends */
TEST(tree_keeps_a_stop_with_its_word)
{
    static const char text[] =
        "The agency released a report on the fate of 4.9 million bbl. of oil "
        "that spilled into the gulf.\n\nOfficials said nothing.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    /* The(0) agency(1) released(2) a(3) report(4) on(5) the(6) fate(7)
     * of(8) 4.9(9) million(10) bbl(11) .(12) of(13) ... */
    int toks[64];
    EQ_INT(r->toks[r->sents[0].tok0 + 12].len, 1);
    int n = keep_range(r, 0, 0, r->sents[0].ntok, 5, 12, toks);
    CHECK(fault(r, toks, n) != NULL); /* "released a report. of oil" */
    cd_run_free(r);
}

/* A predicate the parser joined to a participle it took for the verb:
 * no cut of that sentence reads */
TEST(tree_refuses_a_misjoined_predicate)
{
    static const char text[] =
        "The spending plans laid out by the city council on Monday are highly "
        "controversial.\n\nThe council meets again in May.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    /* The(0) spending(1) plans(2) laid(3) out(4) by(5) the(6) city(7)
     * council(8) on(9) Monday(10) are(11) highly(12) controversial(13) */
    int toks[64];
    int n = keep_range(r, 0, 0, 15, 5, 11, toks);
    CHECK(fault(r, toks, n) != NULL); /* "plans laid out are controversial" */
    n = keep_range(r, 0, 0, 15, 11, 14, toks);
    CHECK(fault(r, toks, n) != NULL); /* "plans laid out by the council" */
    cd_run_free(r);
}

/* "its" keeps what it stands for: no "Ravi Mehta has resigned from
 * running its insurance arm" without the bank */
TEST(tree_keeps_what_its_stands_for)
{
    static const char text[] =
        "Ravi Mehta, the chairman of the country's largest bank, has resigned "
        "from running its insurance arm.\n\nMr Mehta, 52, gave no reason for "
        "leaving.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    /* Ravi(0) Mehta(1) ,(2) the(3) chairman(4) of(5) the(6) country(7)
     * 's(8) largest(9) bank(10) ,(11) has(12) resigned(13) ... its(16) */
    int toks[64];
    int n = keep_range(r, 0, 0, 20, 2, 12, toks);
    CHECK(fault(r, toks, n) != NULL);
    cd_run_free(r);
    headlines_say(text, "Mehta", "running its");
}

/* "The plan is that ...": the copula and its "that" stay with the
 * clause they introduce */
TEST(tree_keeps_a_copulas_clause)
{
    static const char text[] =
        "The plan is that commuters in Elsfield could soon pay for buses with "
        "their phones.\n\nThe council approved it on Monday.\n";
    cd_opts o;
    cd_opts_init(&o);
    o.read_all = 1;
    cd_run *r = package(text, sizeof text - 1, &o);
    int n = cd_candidate_count(r, CD_HEADLINE);
    for (int i = 0; i < n; i++) {
        const char *rej = NULL;
        const char *t = cd_candidate_at(r, CD_HEADLINE, i, &rej, NULL);
        if (strstr(t, "Plan commuters") || strstr(t, "Plan is commuters"))
            CHECK(rej != NULL);
    }
    cd_run_free(r);
}

/* A description keeps what "the" and "thanks" point at */
TEST(tree_keeps_what_the_points_at)
{
    static const char text[] =
        "Parents are hopeful thanks to the success of the reading scheme.\n\n"
        "Scores rose in May.\n";
    /* Parents(0) are(1) hopeful(2) thanks(3) to(4) the(5) success(6)
     * of(7) the(8) reading(9) scheme(10) .(11) */
    CHECK(cut_refused(text, 12, 7, 11, true)); /* "thanks to the success." */
    CHECK(cut_refused(text, 12, 4, 11, true)); /* "hopeful thanks." */
}

/* Two objects of one verb where the parser split a noun phrase: no cut
 * joins them ("raised the limit companies") */
TEST(tree_refuses_a_cut_between_two_objects)
{
    /* Elsfield(0) has(1) raised(2) the(3) limit(4) for(5) foreign(6)
     * direct(7) investment(8) in(9) telecoms(10) companies(11) */
    CHECK(cut_refused("Elsfield has raised the limit for foreign direct investment in "
                      "telecoms companies from 49% to 74%.\n\nThe change starts in "
                      "May.\n", 12, 5, 11, false));
}

/* A cut that brings two conjunctions together took half of a phrase
 * the parser split ("but and head baker has opened"); the parse is set
 * by hand as the parser read such a sentence on a page: the subject's
 * first conjuncts hung on the time phrase before it, "head baker" the
 * subject */
TEST(tree_refuses_stacked_conjunctions)
{
    static const char text[] =
        "Maria Lopez already runs two shops in the town, but on a rainy Monday "
        "afternoon the firm's owner, manager of the bakery and head baker has "
        "opened a third: a cafe.\n\nIt opens in May.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    /* Maria(0) Lopez(1) already(2) runs(3) two(4) shops(5) in(6) the(7)
     * town(8) ,(9) but(10) on(11) a(12) rainy(13) Monday(14) afternoon(15)
     * the(16) firm(17) 's(18) owner(19) ,(20) manager(21) of(22) the(23)
     * bakery(24) and(25) head(26) baker(27) has(28) opened(29) */
    int t0 = r->sents[0].tok0;
    CHECK(cd_sent_parse(r, 0) == CD_OK);
    cd_tok *t = r->toks + t0;
    t[11].head = t[13].head = t[14].head = t0 + 15;
    t[15].head = t0 + 29, t[15].rel = CD_REL_OBL, t[15].lo = t0 + 11, t[15].hi = t0 + 24;
    t[19].head = t[21].head = t0 + 15, t[19].rel = t[21].rel = CD_REL_CONJ;
    t[19].lo = t0 + 16, t[19].hi = t0 + 19, t[21].lo = t0 + 20, t[21].hi = t0 + 24;
    t[24].hi = t0 + 24;
    t[25].head = t0 + 29, t[25].rel = CD_REL_CC, t[25].lo = t[25].hi = t0 + 25;
    t[27].head = t0 + 29, t[27].rel = CD_REL_NSUBJ, t[27].lo = t0 + 26, t[27].hi = t0 + 27;
    int toks[64];
    int n = keep_range(r, 0, 0, r->sents[0].ntok, 11, 25, toks);
    CHECK(fault_full(r, toks, n) != NULL);
    cd_run_free(r);
}

/* The same for two finite verbs ("trading then faltered said."), with
 * the parse set by hand as the parser read such a sentence: "said" a
 * loose dependent of the first verb, the speakers an apposition in the
 * time phrase */
TEST(tree_refuses_stacked_verbs)
{
    static const char text[] =
        "Shops received a boost from bargain hunters but trading then faltered in "
        "the weeks after, the retail group and accountants Smith Hart said.\n\n"
        "Sales rose in May.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    /* Shops(0) received(1) a(2) boost(3) from(4) bargain(5) hunters(6)
     * but(7) trading(8) then(9) faltered(10) in(11) the(12) weeks(13)
     * after(14) ,(15) the(16) retail(17) group(18) and(19)
     * accountants(20) Smith(21) Hart(22) said(23) .(24) */
    int t0 = r->sents[0].tok0;
    CHECK(cd_sent_parse(r, 0) == CD_OK);
    cd_tok *t = r->toks + t0;
    t[10].head = t0 + 1, t[10].rel = CD_REL_CONJ, t[10].lo = t0 + 7, t[10].hi = t0 + 22;
    t[13].head = t0 + 10, t[13].rel = CD_REL_OBL, t[13].lo = t0 + 11, t[13].hi = t0 + 22;
    for (int k = 15; k <= 22; k++)
        t[k].head = t0 + 18, t[k].lo = t[k].hi = t0 + k;
    t[18].head = t0 + 13, t[18].rel = CD_REL_APPOS, t[18].lo = t0 + 15, t[18].hi = t0 + 22;
    for (int k = 11; k <= 14; k++)
        if (k != 13)
            t[k].head = t0 + 13, t[k].lo = t[k].hi = t0 + k;
    t[23].head = t0 + 1, t[23].rel = CD_REL_OTHER, t[23].lo = t[23].hi = t0 + 23;
    int toks[64];
    int n = keep_range(r, 0, 0, r->sents[0].ntok, 11, 23, toks);
    CHECK(fault_full(r, toks, n) != NULL);
    cd_run_free(r);
}

/* And two noun phrases run together where a phrase between them went
 * ("expect a quick solution [to the saga of Lee's] possible move"), as
 * the parser read such a sentence: the second a bare phrase of the verb */
TEST(tree_refuses_run_together_nouns)
{
    static const char text[] =
        "The club's chairman says he does not expect a quick solution to the long saga "
        "of Lee's possible move abroad.\n\nLee joined in May.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    /* The(0) club(1) 's(2) chairman(3) says(4) he(5) does(6) not(7)
     * expect(8) a(9) quick(10) solution(11) to(12) the(13) long(14)
     * saga(15) of(16) Lee(17) 's(18) possible(19) move(20) abroad(21) */
    int t0 = r->sents[0].tok0;
    CHECK(cd_sent_parse(r, 0) == CD_OK);
    cd_tok *t = r->toks + t0;
    t[15].head = t0 + 11, t[15].rel = CD_REL_NMOD, t[15].lo = t0 + 12, t[15].hi = t0 + 18;
    t[20].head = t0 + 8, t[20].rel = CD_REL_OBL, t[20].lo = t0 + 19, t[20].hi = t0 + 21;
    t[12].head = t[13].head = t[14].head = t0 + 15, t[17].head = t0 + 15;
    t[16].head = t[18].head = t0 + 17, t[17].lo = t0 + 16, t[17].hi = t0 + 18;
    t[19].head = t[21].head = t0 + 20;
    t[11].hi = t0 + 18;
    int toks[64];
    int n = keep_range(r, 0, 0, r->sents[0].ntok, 12, 19, toks);
    CHECK(fault_full(r, toks, n) != NULL);
    cd_run_free(r);
}

/* An "it" that stands for a later infinitive keeps it ("told the station
 * that it was time.") */
TEST(tree_keeps_what_it_stands_for)
{
    /* The(0) veteran(1) told(2) the(3) radio(4) station(5) that(6) it(7)
     * was(8) time(9) for(10) him(11) to(12) leave(13) the(14) club(15) */
    CHECK(cut_refused("The veteran told the radio station that it was time for him to "
                      "leave the club.\n\nHe joined it in 2001.\n", 16, 10, 16, true));
}

/* A superlative keeps what it ranks among */
TEST(tree_keeps_a_superlatives_of)
{
    /* The(0) club(1) has(2) set(3) itself(4) the(5) very(6) highest(7)
     * of(8) standards(9) in(10) recent(11) years(12) .(13) */
    CHECK(cut_refused("The club has set itself the very highest of standards in recent "
                      "years.\n\nIt won the league in May.\n", 14, 8, 13, false));
    /* ("set itself the very highest.") */
}

/* A relative pronoun keeps the word it follows, wherever the parser
 * hung its clause (here set by hand on the verb, as the parser did on
 * a page: "filed against Vergara [on behalf of the eggs] — which are
 * named ...") */
TEST(tree_keeps_what_which_follows)
{
    static const char text[] =
        "A suit was filed against Ruiz on behalf of the two dogs, which are "
        "named in the filing as Rex and Max.\n\nShe gave no reason.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    /* A(0) suit(1) was(2) filed(3) against(4) Ruiz(5) on(6) behalf(7)
     * of(8) the(9) two(10) dogs(11) ,(12) which(13) are(14) named(15) */
    int t0 = r->sents[0].tok0;
    CHECK(cd_sent_parse(r, 0) == CD_OK);
    EQ_INT(r->toks[t0 + 15].rel, CD_REL_RELCL);
    r->toks[t0 + 15].head = t0 + 3;
    r->toks[t0 + 7].hi = t0 + 11;
    r->toks[t0 + 11].hi = t0 + 11;
    int toks[64];
    int n = keep_range(r, 0, 0, r->sents[0].ntok, 6, 13, toks);
    CHECK(fault(r, toks, n) != NULL); /* "filed against Ruiz which are named" */
    cd_run_free(r);
}

/* "at how high [the cost was]": a wh-word keeps its clause */
TEST(tree_keeps_a_how_clause)
{
    /* ... surprised(9) at(10) how(11) high(12) the(13) cost(14) was(15) */
    CHECK(cut_refused("When the councillors saw the figures, they were surprised at how "
                      "high the cost was.\n\nThe bridge opens in May.\n", 17, 13, 16,
                      false));
}

/* A parenthesis may go whole, adverbs and all */
TEST(tree_lets_a_parenthesis_go)
{
    static const char text[] =
        "There is a lot of news from the council this week, together with the "
        "new budget (I know, on a sports page no less!) and the bridge plans."
        "\n\nThe council meets in May.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    int a = -1, b = -1;
    for (int k = r->sents[0].tok0; k < r->sents[0].tok0 + r->sents[0].ntok; k++) {
        if (cd_tok_is(r, k, "("))
            a = k - r->sents[0].tok0;
        if (cd_tok_is(r, k, ")"))
            b = k - r->sents[0].tok0;
    }
    CHECK(a > 0 && b > a);
    int toks[64];
    int n = keep_range(r, 0, 0, r->sents[0].ntok, a, b + 1, toks);
    CHECK(fault_full(r, toks, n) == NULL);
    cd_run_free(r);
}

/* A sum keeps what it is in */
TEST(tree_keeps_what_a_sum_is_in)
{
    no_headline_ends("The Elsfield bank said it would sell $40 million in short-term "
                     "bonds by the end of the year.\n\nThe move was expected.\n",
                     "$40 million");
}

/* What an amount, a whole or a time is of stays */
TEST(tree_keeps_what_an_amount_is_of)
{
    no_headline_ends("The Elsfield park company said it will sell 253m euros of new "
                     "shares to pay its debts.\n\nThe sale starts in May.\n",
                     "253m euros");
    /* ... miss(6) the(7) whole(8) of(9) the(10) 2005(11) league(12)
     * season(13) with(14): not "miss the whole" */
    CHECK(cut_refused("Striker Ana Ruiz looks set to miss the whole of the 2005 league "
                      "season with a knee injury.\n\nShe was hurt in May.\n", 14, 9, 14,
                      false));
}

/* A verb of giving keeps what it gives, where the parser hung it on an
 * aside (set by hand here, as the parser did on "The deal gives Inbev,
 * the world's biggest beermaker, near-total control ...") */
TEST(tree_keeps_what_is_given)
{
    static const char text[] =
        "The deal gives Elsfield Bank, the region's biggest lender, full control "
        "over the mill.\n\nThe mill opened in May.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    /* The(0) deal(1) gives(2) Elsfield(3) Bank(4) ,(5) the(6) region(7)
     * 's(8) biggest(9) lender(10) ,(11) full(12) control(13) over(14)
     * the(15) mill(16) .(17) */
    int t0 = r->sents[0].tok0;
    CHECK(cd_sent_parse(r, 0) == CD_OK);
    r->toks[t0 + 4].rel = CD_REL_OBJ;
    r->toks[t0 + 4].head = t0 + 2;
    r->toks[t0 + 4].lo = t0 + 3;
    r->toks[t0 + 4].hi = t0 + 4;
    r->toks[t0 + 10].rel = CD_REL_APPOS;
    r->toks[t0 + 10].head = t0 + 2;
    r->toks[t0 + 10].lo = t0 + 5;
    r->toks[t0 + 10].hi = t0 + 16;
    r->toks[t0 + 13].rel = CD_REL_CONJ;
    r->toks[t0 + 13].head = t0 + 10;
    int toks[64];
    int n = keep_range(r, 0, 0, 18, 5, 17, toks);
    CHECK(fault_full(r, toks, n) != NULL); /* "The deal gives Elsfield Bank." */
    cd_run_free(r);
}

/* "the kind of season" keeps the clause that says which kind */
TEST(tree_keeps_which_kind)
{
    static const char text[] =
        "Anna Lind has had the kind of season most young players never "
        "get.\n\nHer club won the league in May.\n";
    no_headline_ends(text, "kind of season");
}

/* "a seasonally adjusted 0.7%" keeps the adverb with its adjective */
TEST(tree_keeps_a_numbers_adverb)
{
    headlines_say("House prices in Elsfield rose a seasonally adjusted 0.7% in "
                  "March, says the council.\n\nThe figure is the highest this "
                  "year.\n", "seasonally adjusted 0.7%", "rise adjusted");
}

/* Words that turn a claim stay: an adverb under a negation, a condition */
TEST(tree_keeps_what_turns_a_claim)
{
    static const char text[] =
        "The minister did not seriously consider the plan if reports are "
        "true.\n\nOfficials said nothing.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    /* The(0) minister(1) did(2) not(3) seriously(4) consider(5) the(6)
     * plan(7) if(8) reports(9) are(10) true(11) .(12) */
    int toks[64];
    int n = keep_range(r, 0, 0, 12, 12, 12, toks);
    CHECK(fault(r, toks, n) == NULL); /* the whole clause */
    n = keep_range(r, 0, 0, 12, 4, 5, toks);
    CHECK(fault(r, toks, n) != NULL); /* "did not consider" */
    n = keep_range(r, 0, 0, 12, 8, 12, toks);
    CHECK(fault(r, toks, n) != NULL); /* without "if reports are true" */
    cd_run_free(r);
}

/* A kept span of time keeps the adverb that places it, and a kept
 * distance where it is from: "fewer hectares than a year [earlier]",
 * "stand 12 kilometres [from the shore]" */
TEST(tree_keeps_what_a_measure_is_from)
{
    static const char text[] =
        "Farmers planted fewer hectares than a year earlier.\n\n"
        "The turbines would stand 12 kilometres from the shore.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    CHECK(r->nsent >= 2);
    /* Farmers(0) planted(1) fewer(2) hectares(3) than(4) a(5) year(6)
     * earlier(7) .(8) */
    int toks[64];
    int n = keep_range(r, 0, 0, 9, 9, 9, toks);
    CHECK(fault(r, toks, n) == NULL); /* the whole clause */
    n = keep_range(r, 0, 0, 9, 7, 8, toks);
    CHECK(fault(r, toks, n) != NULL); /* "than a year" */
    /* The(0) turbines(1) would(2) stand(3) 12(4) kilometres(5) from(6)
     * the(7) shore(8) .(9) */
    n = keep_range(r, 1, 0, 10, 6, 9, toks);
    CHECK(fault(r, toks, n) != NULL); /* "stand 12 kilometres" */
    cd_run_free(r);
}

/* A superlative keeps what it ranks among, a bare object what it is
 * aimed at: "the greatest frustration [of his presidency]", "heaped
 * praise [on Italy]" */
TEST(tree_keeps_what_a_superlative_and_an_object_need)
{
    static const char text[] =
        "Obama called it the greatest frustration of his presidency.\n\n"
        "The coach heaped praise on Italy.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    CHECK(r->nsent >= 2);
    /* Obama(0) called(1) it(2) the(3) greatest(4) frustration(5) of(6)
     * his(7) presidency(8) .(9) */
    int toks[64];
    int n = keep_range(r, 0, 0, 10, 10, 10, toks);
    CHECK(fault(r, toks, n) == NULL); /* the whole clause */
    n = keep_range(r, 0, 0, 10, 6, 9, toks);
    CHECK(fault(r, toks, n) != NULL); /* "the greatest frustration" */
    /* The(0) coach(1) heaped(2) praise(3) on(4) Italy(5) .(6) */
    n = keep_range(r, 1, 0, 7, 4, 6, toks);
    CHECK(fault(r, toks, n) != NULL); /* "heaped praise" */
    cd_run_free(r);
}

/* "stay away" keeps what to stay away from */
TEST(tree_keeps_what_away_is_from)
{
    static const char text[] =
        "Officials told people to stay away from the river.\n\nThe river rose.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    /* Officials(0) told(1) people(2) to(3) stay(4) away(5) from(6) the(7)
     * river(8) .(9) */
    int toks[64];
    int n = keep_range(r, 0, 0, 10, 6, 9, toks);
    CHECK(fault(r, toks, n) != NULL);
    cd_run_free(r);
}

/* "took aim [at ...]": a verb and a bare noun that mean something only
 * with the phrase after them keep it */
TEST(tree_keeps_what_an_idiom_is_aimed_at)
{
    static const char text[] =
        "The mayor took aim at the harbour board over the delays.\n\n"
        "The board said the work would end in June.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    /* The(0) mayor(1) took(2) aim(3) at(4) the(5) harbour(6) board(7)
     * over(8) the(9) delays(10) .(11) */
    int toks[64];
    int n = keep_range(r, 0, 0, 12, 4, 11, toks);
    CHECK(fault(r, toks, n) != NULL);
    cd_run_free(r);
}

/* "wants other nations [to match his target]": the infinitive a verb
 * asks of its object stays, where the parser took it for a purpose
 * clause; "harbours hopes [of a place]": what is hoped for stays */
TEST(tree_keeps_what_is_asked_and_hoped)
{
    static const char text[] =
        "The minister also wants other EU nations to match his target for "
        "foreign aid.\n\nThe captain harbours hopes of a place in the team.\n\n"
        "The board will meet in June.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    /* The(0) minister(1) also(2) wants(3) other(4) EU(5) nations(6) to(7)
     * match(8) his(9) target(10) for(11) foreign(12) aid(13) .(14) */
    int toks[64];
    int n = keep_range(r, 0, 0, 15, 7, 14, toks);
    CHECK(fault(r, toks, n) != NULL);
    /* The(0) captain(1) harbours(2) hopes(3) of(4) a(5) place(6) in(7)
     * the(8) team(9) .(10) */
    n = keep_range(r, 1, 0, 11, 4, 10, toks);
    CHECK(fault(r, toks, n) != NULL);
    cd_run_free(r);
}

/* "exposes thousands of servers [to attack]", "stripped [of her
 * medals]": a verb whose object goes with one preposition keeps its
 * phrase, however the parser hung it */
TEST(tree_keeps_what_a_verb_and_preposition_frame)
{
    static const char text[] =
        "The old bug exposes thousands of harbour servers to crippling attack.\n\n"
        "The coach said the runner should be stripped of all her medals.\n\n"
        "The board will meet in June.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    /* The(0) old(1) bug(2) exposes(3) thousands(4) of(5) harbour(6)
     * servers(7) to(8) crippling(9) attack(10) .(11) */
    int toks[64];
    int n = keep_range(r, 0, 0, 12, 8, 11, toks);
    CHECK(fault(r, toks, n) != NULL);
    /* The(0) coach(1) said(2) the(3) runner(4) should(5) be(6)
     * stripped(7) of(8) all(9) her(10) medals(11) .(12) */
    n = keep_range(r, 1, 0, 13, 8, 12, toks);
    CHECK(fault(r, toks, n) != NULL);
    cd_run_free(r);
}

/* "support [for external storage]": a noun that says nothing without
 * what it is for keeps its phrase */
TEST(tree_keeps_what_support_is_for)
{
    static const char text[] =
        "The update includes support for external storage.\n\n"
        "It will reach every box in June.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    /* The(0) update(1) includes(2) support(3) for(4) external(5)
     * storage(6) .(7) */
    int toks[64];
    int n = keep_range(r, 0, 0, 8, 4, 7, toks);
    CHECK(fault(r, toks, n) != NULL);
    cd_run_free(r);
}

/* "cut [back] on", "buys [back]": a particle the tagger read as an
 * adverb is part of its verb */
TEST(tree_keeps_a_particle)
{
    static const char text[] =
        "The firm plans to cut back on advertising to children.\n\n"
        "The change starts in June.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    /* The(0) firm(1) plans(2) to(3) cut(4) back(5) on(6) advertising(7)
     * to(8) children(9) .(10) */
    int toks[64];
    int n = keep_range(r, 0, 0, 11, 5, 6, toks);
    CHECK(fault(r, toks, n) != NULL);
    cd_run_free(r);
}

/* A person's name labels no SEO title about another person ("Reed: Hale
 * says ...") */
TEST(seo_label_names_the_headline_person)
{
    static const char text[] =
        "Prime Minister Tom Hale says he looks forward to working with President "
        "Jack Reed after Mr Reed won a second term.\n\nMr Reed called Mr Hale on "
        "Wednesday to thank him for his support.\n\nMr Reed and Mr Hale will meet "
        "in Washington in the spring, officials said.\n\nMr Reed has promised to "
        "visit Europe early in his second term.\n";
    cd_opts o;
    cd_opts_init(&o);
    o.read_all = 1;
    cd_run *r = package(text, sizeof text - 1, &o);
    for (int i = 0; i < cd_candidate_count(r, CD_SEO_TITLE); i++) {
        const char *t = cd_candidate_at(r, CD_SEO_TITLE, i, NULL, NULL);
        CHECK(strncmp(t, "Reed: Hale", 10) != 0 && strncmp(t, "Reed: Prime", 11) != 0);
    }
    cd_run_free(r);
}

/* "fell from 240 tonnes [to 212 tonnes]": a range keeps its other end;
 * "made an officer [of the order]": what the rank is of */
TEST(tree_keeps_a_range_and_a_rank_whole)
{
    static const char text[] =
        "Sales fell from 240 tonnes to 212 tonnes.\n\n"
        "The director was made an officer of the order.\n\n"
        "The board will meet in June.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    /* Sales(0) fell(1) from(2) 240(3) tonnes(4) to(5) 212(6) tonnes(7) .(8) */
    int toks[64];
    int n = keep_range(r, 0, 0, 9, 5, 8, toks);
    CHECK(fault(r, toks, n) != NULL);
    /* The(0) director(1) was(2) made(3) an(4) officer(5) of(6) the(7)
     * order(8) .(9) */
    n = keep_range(r, 1, 0, 10, 6, 9, toks);
    CHECK(fault(r, toks, n) != NULL);
    cd_run_free(r);
}

/* "170 miles [per hour]": a rate keeps its second half */
TEST(tree_keeps_a_rate_whole)
{
    static const char text[] =
        "The tires hit the runway at 170 miles per hour.\n\n"
        "The plane landed safely.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    /* The(0) tires(1) hit(2) the(3) runway(4) at(5) 170(6) miles(7)
     * per(8) hour(9) .(10) */
    int toks[64];
    int n = keep_range(r, 0, 0, 11, 8, 10, toks);
    CHECK(fault(r, toks, n) != NULL);
    cd_run_free(r);
}

/* "spoke [to PM] Modi": a phrase that ends on a capitalised title the
 * kept name after it belongs to stays */
TEST(tree_keeps_a_title_before_its_name)
{
    static const char text[] =
        "US President Donald Trump said he spoke to PM Modi on Sunday.\n\n"
        "The two leaders discussed trade.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    /* US(0) President(1) Donald(2) Trump(3) said(4) he(5) spoke(6) to(7)
     * PM(8) Modi(9) on(10) Sunday(11) .(12) */
    int toks[64];
    int n = keep_range(r, 0, 0, 13, 7, 9, toks);
    CHECK(fault(r, toks, n) != NULL);
    cd_run_free(r);
}

/* "not open [to change]": the infinitive after a predicate adjective
 * stays, wherever the parser hung it; a noun's adjective does not hold
 * one ("a TV special [to benefit ...]") */
TEST(tree_keeps_what_an_adjective_needs)
{
    static const char text[] =
        "Older workers are often considered less efficient, less innovative in "
        "their thinking and not open to change.\n\nThe survey asked 500 firms.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    /* Older(0) workers(1) are(2) often(3) considered(4) less(5)
     * efficient(6) ,(7) less(8) innovative(9) in(10) their(11)
     * thinking(12) and(13) not(14) open(15) to(16) change(17) .(18) */
    int toks[64];
    int n = keep_range(r, 0, 0, 19, 16, 18, toks);
    CHECK(fault(r, toks, n) != NULL);
    cd_run_free(r);
}

/* A verb that seldom stops keeps a complement: "focus [on schools]",
 * "put its plans [on hold]"; a time phrase may still go */
TEST(tree_keeps_what_a_verb_needs)
{
    static const char text[] =
        "Ministers will focus on schools and hospitals next year.\n\n"
        "The council put its plans on hold in March.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    CHECK(r->nsent >= 2);
    /* Ministers(0) will(1) focus(2) on(3) schools(4) and(5) hospitals(6)
     * next(7) year(8) .(9) */
    int toks[64];
    int n = keep_range(r, 0, 0, 10, 7, 9, toks);
    CHECK(fault(r, toks, n) == NULL); /* without "next year" */
    n = keep_range(r, 0, 0, 10, 3, 9, toks);
    CHECK(fault(r, toks, n) != NULL); /* "Ministers will focus." */
    /* The(0) council(1) put(2) its(3) plans(4) on(5) hold(6) in(7)
     * March(8) .(9) in sentence 1 */
    n = keep_range(r, 1, 0, 10, 7, 9, toks);
    CHECK(fault(r, toks, n) == NULL); /* without "in March" */
    n = keep_range(r, 1, 0, 10, 5, 9, toks);
    CHECK(fault(r, toks, n) != NULL); /* "The council put its plans." */
    cd_run_free(r);
}

/* "the latter" keeps what it points back to */
TEST(tree_keeps_what_latter_names)
{
    static const char text[] =
        "Allies should raise spending to 5% instead of the 2% target, saying "
        "the latter is not enough.\n\nThe talks end on Friday.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    /* Allies(0) should(1) raise(2) spending(3) to(4) 5(5) %(6) instead(7)
     * of(8) the(9) 2(10) %(11) target(12) ,(13) saying(14) the(15)
     * latter(16) is(17) not(18) enough(19) .(20) */
    int toks[64];
    int n = keep_range(r, 0, 0, 21, 7, 13, toks);
    CHECK(fault(r, toks, n) != NULL);
    n = keep_range(r, 0, 0, 21, 7, 20, toks);
    CHECK(fault(r, toks, n) == NULL); /* the aside goes with "the latter" */
    cd_run_free(r);
}

/* Any headline of `text` holding `bad`, or none holding `good`: a
 * failure.  `printed`: the printed list; else every candidate. */
static void say(const char *text, const char *good, const char *bad, bool printed)
{
    cd_opts o;
    cd_opts_init(&o);
    o.read_all = 1;
    cd_run *r = package(text, strlen(text), &o);
    int seen = 0;
    int n = printed ? cd_count(r, CD_HEADLINE) : cd_candidate_count(r, CD_HEADLINE);
    for (int i = 0; i < n; i++) {
        const char *t = printed ? cd_at(r, CD_HEADLINE, i)->text
                                : cd_candidate_at(r, CD_HEADLINE, i, NULL, NULL);
        CHECK(strstr(t, bad) == NULL);
        seen += strstr(t, good) != NULL;
    }
    CHECK(seen > 0);
    cd_run_free(r);
}

static void headlines_say(const char *text, const char *good, const char *bad)
{
    say(text, good, bad, false);
}

/* Some printed headline holds good, none holds bad. */
static void printed_say(const char *text, const char *good, const char *bad)
{
    say(text, good, bad, true);
}

/* The rewrite to the present reads the subject's number off the verb
 * where the verb shows it, and a passive past an adverb */
TEST(headline_rewrite_agrees)
{
    headlines_say("Proposals to open a museum dedicated to a local painter are "
                  "flailing because of a row over the site.\n\nThe row began "
                  "in May.\n", "painter flail", "flails");
    headlines_say("Office temperatures are often based on an old standard that "
                  "suits men, a study found.\n\nThe study was published on "
                  "Monday.\n", "based on", "base on");
}

/* A subject cut to its head noun phrase keeps a clause in it whole: no
 * cut between the clause's verb and what follows ("company whose product
 * is looks to raise") */
TEST(headline_subject_keeps_its_clause)
{
    headlines_say("A Dutch company whose best-selling product is made from the silk of the "
                  "orb spider is looking to raise more than 40m euros on the stock "
                  "market.\n\nThe company said it hoped to sell 3 million shares.\n",
                  "Company says", "product is looks");
}

/* A collection keeps what it holds ("show off slew") */
TEST(headline_keeps_what_a_collection_holds)
{
    no_headline_ends("Executives at the phone maker showed off a slew of new features for "
                     "its handsets at an event in Berlin on Monday.\n\nThe handsets go on "
                     "sale in May.\n", "slew");
}

/* A name with a number in it is no first name and surname */
TEST(headline_keeps_a_name_with_a_number)
{
    static const char text[] =
        "Rapper 9 Volt has become the first solo artist to have three singles "
        "in the top five in the same week.\n\nHis label said so on Monday.\n";
    cd_opts o;
    cd_opts_init(&o);
    o.read_all = 1;
    cd_run *r = package(text, sizeof text - 1, &o);
    int n = cd_candidate_count(r, CD_HEADLINE), named = 0;
    for (int i = 0; i < n; i++) {
        const char *t = cd_candidate_at(r, CD_HEADLINE, i, NULL, NULL);
        CHECK(strncmp(t, "Volt ", 5) != 0);
        named += strstr(t, "9 Volt") != NULL;
    }
    CHECK(named > 0);
    cd_run_free(r);
}

/* "is not a machine": a copula keeps its predicate's indefinite article */
TEST(headline_keeps_a_predicates_article)
{
    headlines_say("The new council leader Ana Ruiz is not a career politician, her "
                  "party said on Monday.\n\nShe was elected in May.\n",
                  "is not a career politician", "not career politician");
}

/* A person's surname the tagger took for a plural is one person */
TEST(clause_reads_a_surname_as_one)
{
    static const char text[] =
        "Roger Gates ran the channel for 20 years, Mr Gates said.\n\nGates "
        "rallied the staff to defend him.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    const cd_sent *se = &r->sents[1];
    r->toks[se->tok0].pos = P_NNS; /* the slip seen on "Ailes rallied" */
    cd_clause c;
    CHECK(cd_clause_find(r, se->tok0, se->tok0 + se->ntok, &c));
    CHECK(!c.plural);
    cd_run_free(r);
}

/* A first name alone is given the person's full name */
TEST(headline_names_a_first_name_in_full)
{
    headlines_say("Ravi Mehta, the chairman of the bank, said profits had risen by "
                  "a fifth.\n\nRavi, 52, has stepped down as director of the bank's "
                  "insurance arm. Mr Mehta gave no reason.\n",
                  "Ravi Mehta steps down", "Ravi steps");
}

/* Idioms keep their article and a predicate adjective what it is about */
TEST(headline_keeps_idioms_whole)
{
    headlines_say("Ten years of steady growth in Elsfield may soon come to an end, "
                  "the council's economists warned on Monday.\n\nThe report is "
                  "published today.\n", "come to an end", "come to end");
    no_headline_ends("Local shop owners in Elsfield may be wild about the new market "
                     "hall, but shoppers are tired of the parking charges.\n\nThe hall "
                     "opened in May.\n", "may be wild");
    /* (not a noun the tagger read as an adjective: "must be an
     * imperative [for Europe]" may lose its phrase) */
    headlines_say("Keeping the harbour open must be an imperative for the council, "
                  "Elsfield's mayor said on Monday.\n\nThe harbour closed in May.\n",
                  "must be an imperative", "imperatives");
}

/* Headlines name people without "Mr" */
TEST(headline_drops_honorific)
{
    headlines_say("Mr Howard denied that his shadow cabinet was split over "
                  "identity cards.\n\nThe row began in May.\n",
                  "Howard denies", "Mr Howard");
}

/* A subject that is a list keeps every member and its commas, where an
 * appositive set off by commas may go */
TEST(headline_keeps_a_list)
{
    headlines_say("Cleaners, porters, cooks and drivers are asking for a higher "
                  "hourly wage at the county hospital.\n\nThe talks resume on "
                  "Friday.\n", "Cleaners, porters, cooks and drivers ask",
                  "Cleaners cooks");
}

/* A short label or a dateline before the clause is not its subject */
TEST(headline_after_a_label)
{
    headlines_say("Heads up, commuters: Hundreds of drivers are striking at the "
                  "Elsfield bus depot on Tuesday.\n\nThe union wants a pay rise "
                  "of 8% for its members.\n", "Hundreds of drivers strike",
                  "Heads");
    headlines_say("ELSFIELD — Hundreds of drivers walked out at the town's bus "
                  "depot on Tuesday over a pay offer.\n\nThe union wants a pay "
                  "rise of 8% for its members.\n", "Hundreds of drivers walk out",
                  "ELSFIELD");
}

/* "knows a thing or two" is no "knows thing or two" */
TEST(headline_keeps_an_idiom)
{
    headlines_say("Elsfield's mayor Ann Cole knows a thing or two about running "
                  "a market town, after 12 years in the job.\n\nShe retires "
                  "in May.\n", "knows a thing or two", "knows thing");
}

/* No printed item of `kind` ends in `tail` (a full stop included for
 * ledes); some are printed. */
static void no_item_ends(const char *text, cd_kind kind, const char *tail)
{
    cd_opts o;
    cd_opts_init(&o);
    o.read_all = 1;
    cd_run *r = package(text, strlen(text), &o);
    CHECK(cd_count(r, kind) > 0);
    size_t m = strlen(tail);
    for (int i = 0; i < cd_count(r, kind); i++) {
        const char *t = cd_at(r, kind, i)->text;
        size_t n = strlen(t);
        CHECK(n < m || strcmp(t + n - m, tail) != 0);
    }
    cd_run_free(r);
}

/* No printed headline of `text` ends in `tail`; some are printed. */
static void no_headline_ends(const char *text, const char *tail)
{
    no_item_ends(text, CD_HEADLINE, tail);
}

/* "described X as Y" keeps its "as Y", and a participle standing as an
 * adjective keeps its agent: no "Cole described the leaders of the
 * harbour board." nor "... as plagued." */
TEST(lede_keeps_what_a_description_says)
{
    static const char text[] =
        "At several meetings during the long campaign, Mayor Ann Cole described "
        "the leaders of the Elsfield harbour board as plagued by incompetence.\n\n"
        "The board has run the port since 1998 and will face a vote in May.\n\n"
        "Its chairman said the board had met every target set by the council.\n";
    no_item_ends(text, CD_LEDE, "harbour board.");
    no_item_ends(text, CD_LEDE, "as plagued.");
    no_item_ends(text, CD_HEADLINE, "harbour board");
    no_item_ends(text, CD_HEADLINE, "as plagued");
}

/* A wh-word keeps its clause: no "Cole outlines what" */
TEST(headline_keeps_a_wh_clause)
{
    no_headline_ends("Elsfield's mayor Ann Cole has outlined what she thinks should "
                     "be the main themes of the council's budget next year.\n\n"
                     "The budget is due in March.\n", " what");
}

/* Where the tagger misread a word, the clause still reads right: "back"
 * after "to" is the verb, "show" after a singular noun is no verb, and a
 * time measured before "after" opens a subordinate clause */
TEST(headline_reads_past_tagger_slips)
{
    headlines_say("The Tories are to back controversial government plans to "
                  "introduce ID cards.\n\nThe vote is next week.\n",
                  "Tories to back", "are to controversial");
    headlines_say("Surf show Baywatch has won the title of worst TV import of all "
                  "time in a poll of television executives.\n\nThe poll was "
                  "held in May.\n", "Baywatch wins", "has won");
    headlines_say("Less than four years after the new Mini was launched, BMW has "
                  "announced £100m of new investment at its Oxford plant.\n\n"
                  "Some 200 jobs will be created.\n", "BMW announces",
                  "years after");
}

/* "has put tax cuts and spending at the centre of its budget" is not
 * "puts tax cuts and spending" */
TEST(headline_keeps_what_put_needs)
{
    static const char text[] = "The Elsfield council has put tax cuts and increased "
                               "social spending at the centre of its latest budget."
                               "\n\nCouncil leader Ann Cole said the budget would "
                               "protect the town's schools and libraries from closure."
                               "\n\nThe budget was published on Monday.\n";
    no_headline_ends(text, "spending");
    no_headline_ends(text, "cuts");
}

/* "spends roughly 3% of its budget [on road repairs]": a headline keeps
 * what a verb that seldom stops after its object spends it on */
TEST(headline_keeps_what_spend_needs)
{
    no_headline_ends("The Elsfield council currently spends roughly 3% of its budget "
                     "on road repairs, while the county spends about 2%.\n\nThe "
                     "council will publish its plans in June.\n", "of its budget");
}

/* "unveils finished version [of its search engine]": a version, a
 * chain, a price is nothing without what it is of */
TEST(headline_keeps_what_a_version_is_of)
{
    no_headline_ends("Elsfield Software has unveiled the finished version of its "
                     "new search engine, after a year of tests.\n\nThe engine "
                     "will be free.\n", "version");
}

/* No printed headline holds word w (a whole word, any case). */
static void no_headline_word(const char *text, const char *w)
{
    cd_opts o;
    cd_opts_init(&o);
    o.read_all = 1;
    cd_run *r = package(text, strlen(text), &o);
    size_t m = strlen(w);
    for (int i = 0; i < cd_count(r, CD_HEADLINE); i++) {
        const char *t = cd_at(r, CD_HEADLINE, i)->text;
        for (const char *p = t; *p; p++)
            if (strncasecmp(p, w, m) == 0 && (p == t || p[-1] == ' ') &&
                (p[m] == 0 || p[m] == ' '))
                CHECK(!"headline holds the word");
    }
    cd_run_free(r);
}

/* Words a headline rewrite may not drop: the copula after "there", an
 * adjective before a measure noun, the article of a superlative after
 * "of" or of a fraction, the copula before a noun phrase, a wh-word and
 * "else", a phrasal verb written as one word */
TEST(headline_keeps_what_the_rewrite_needs)
{
    printed_say("Jim Cook, a farmer near Elsfield, says there are real concerns "
                  "about the safety of the new pipeline.\n\nThe pipeline opens in "
                  "May.\n", "there are real concerns", "there real");
    printed_say("Complaints against the Elsfield council have risen to "
                  "extraordinary levels this year, a report found.\n\nThe council "
                  "will reply in June.\n", "extraordinary levels", "to levels");
    printed_say("One of the best things about the new Elsfield market is the "
                  "range of local food on offer.\n\nThe market opens on "
                  "Saturdays.\n", "One of the best", "of best");
    printed_say("The new owners of the Elsfield ferry company are small business "
                  "owners from the town.\n\nThey bought it in May.\n",
                  "are small business owners", "owners small");
    printed_say("Almost a quarter of a million Elsfield residents have complained "
                  "about the noise from the new pier.\n\nThe pier opened in "
                  "March.\n", "a quarter of a million", "complains");
    printed_say("Flooding in Elsfield occurs when heavy rain falls on someone "
                  "else's fields above the town.\n\nThe council is building a "
                  "wall.\n", "occurs when", "occurs heavy");
    printed_say("The Elsfield mayor faces growing criticism for brushing-off "
                  "safety and maintenance reports about the pier.\n\nThe reports "
                  "were published in May.\n", "brushing-off", "for safety");
}

/* "faces criticism [for ignoring safety] and maintenance reports": no
 * phrase goes from just before a kept conjunction of nouns */
TEST(headline_keeps_a_list_whole)
{
    headlines_say("The Elsfield mayor faces growing criticism for ignoring safety "
                  "and maintenance reports about the pier.\n\nThe reports were "
                  "published in May.\n", "criticism", "criticism and");
}

/* A quotation is not cut before its contrast: "a useful project, but
 * it cannot solve every problem" is not "a useful project" */
TEST(headline_quote_keeps_its_contrast)
{
    no_headline_ends("The harbour board met on Monday to discuss the new terminal."
                     "\n\n\"The new terminal is a useful project for the town, but "
                     "it cannot solve every problem the port faces,\" Mara Quinn "
                     "said.\n\nThe board will vote in June.\n", "town'");
}

/* A quotation that leans on what follows ("If ...") or holds a question
 * is no headline; a whole question is one, with its mark */
TEST(headline_quote_stands_alone)
{
    static const char text[] =
        "Rents in Elsfield rose by a fifth this year, the council said.\n\n"
        "\"If the rent is 900 pounds a month, people offer a thousand,\" said "
        "agent Tom Reyes.\n\n"
        "\"Which one? The flat by the harbour,\" said tenant Lisa Marsh.\n\n"
        "Council leader Ann Cole asked, \"Are there any cheap flats left?\"\n";
    no_headline_word(text, "If");
    no_headline_word(text, "Which");
    printed_say(text, "'Are there any cheap flats left?'", "left'");
}

/* What turns a claim stays: "only", "no longer" before the verb, an
 * ordinal, and the comparative a kept "than" needs */
TEST(headline_keeps_what_turns_the_claim)
{
    printed_say("The Elsfield ferry only carried 40 passengers last year, the harbour "
                "board said.\n\nThe board meets in June.\n", "only carries",
                "ferry carries");
    printed_say("The Elsfield council no longer needs the loan offered by the "
                "county, its treasurer has said.\n\nThe loan was offered in "
                "May.\n", "no longer needs", "council needs");
    printed_say("Elsfield Rovers suffered their third straight league defeat on "
                "Saturday, losing 2-0 at home to Marram.\n\nThe club is now "
                "fourth from bottom.\n", "third straight", "their straight");
    no_headline_word("The Elsfield economy probably grew at a faster rate in the third "
                     "quarter than the 0.4% first reported, a survey said.\n\nThe "
                     "survey covered 300 firms.\n", "grows than");
    no_headline_ends("The Elsfield economy probably grew at a faster rate in the third "
                     "quarter than the 0.4% first reported, a survey said.\n\nThe "
                     "survey covered 300 firms.\n", "reported");
}

/* "fact checker and staff writer Ann Cole": one person, a singular verb */
TEST(headline_titles_joined_are_one_person)
{
    printed_say("Council auditor and former banker Ann Cole posted a report on the "
                "Elsfield budget on Monday.\n\nThe report found a gap of 2 million "
                "pounds.\n", "Ann Cole posts", "Cole post ");
}

/* A line in title case is a heading, a question asks nothing once
 * compressed, and an existential's noun keeps what it introduces */
TEST(headline_skips_headings_and_questions)
{
    no_headline_word("Elsfield's ferry will stop running next winter, the harbour "
                     "board said on Monday.\n\nTen Things You Should Know About the "
                     "Elsfield Ferry Terminal Closure Plans\n\nThe ferry has run "
                     "since 1952.\n", "Know");
    no_headline_word("The Elsfield council kept the old harbour records for a "
                     "century.\n\nWhat secrets are hidden in the old harbour records "
                     "that the council kept for so long?\n\nThe records go on show "
                     "in May.\n", "secrets");
    no_headline_ends("There is a strong chance that the Elsfield ferry will stop "
                     "running next winter.\n\nThe board meets in June.\n", "chance");
}

/* "there's the fact that": an existential's noun keeps "the" as it
 * keeps "a" ("There's fact that" reads broken) */
TEST(headline_existential_keeps_the)
{
    headlines_say("Then there's the fact that the Elsfield ferry loses money every "
                  "winter.\n\nThe board meets in June.\n",
                  "the fact", "There's fact");
}

/* "could save close [to $10 billion]": the amount stays with the word
 * that points at it */
TEST(headline_keeps_close_to_its_amount)
{
    no_headline_ends("Elsfield's ferry operators could save close to 10 million pounds "
                     "a year under the new plan.\n\nThe board meets in June.\n",
                     "close");
}

/* An essay's "I" and "my" are no one to a reader of the headline */
TEST(headline_no_first_person)
{
    static const char text[] =
        "I moved to Elsfield in 2019 and I have never regretted it.\n\n"
        "My neighbours are kind, my rent is low and I walk to work every day.\n\n"
        "I think the town's new ferry terminal will bring more visitors.\n\n"
        "Elsfield's council says the terminal will open in May.\n";
    no_headline_word(text, "I");
    no_headline_word(text, "my");
}

/* The tagger's slips that the words around settle: "the 2,500-year-old
 * lost city" */
TEST(headline_reads_a_participle_as_adjective)
{
    headlines_say("The 2,500-year-old lost city is buried under a hill near "
                  "Elsfield, archaeologists said.\n\nThe dig began in 2019.\n",
                  "lost city", "loses");
}

/* "voted Elsfield Business Association (EBA) person of the year": what
 * the verb makes of its object stays, and a bracket is no end */
TEST(headline_keeps_what_a_vote_makes)
{
    no_headline_ends("Ann Cole has been voted Elsfield Business Association (EBA) "
                     "person of the year in the group's annual poll.\n\nCole runs "
                     "the town's bakery.\n", "Association");
}

/* An opening "Its" is named: the nearest subject before it */
TEST(headline_names_its)
{
    headlines_say("After Elsat lands on the comet next year, its systems will go "
                  "dark for good.\n\nThe probe was launched in 2004.\n",
                  "Elsat's systems to go dark", "Its systems");
}

/* A lede or description names a person in full the first time, as a
 * reader of it alone needs ("Ann Cole said", not "Cole said") */
TEST(lede_names_in_full)
{
    static const char text[] =
        "Elsfield's mayor Ann Cole has opened the town's new library, two years "
        "after the old one burned down.\n\n"
        "Cole said the town's covered market would reopen in May after a year of "
        "repairs costing more than two million pounds.\n\n"
        "The library cost four million pounds.\n";
    cd_opts o;
    cd_opts_init(&o);
    o.read_all = 1;
    cd_run *r = package(text, sizeof text - 1, &o);
    int full = 0;
    for (int i = 0; i < cd_candidate_count(r, CD_LEDE); i++) {
        const char *t = cd_candidate_at(r, CD_LEDE, i, NULL, NULL);
        CHECK(strncmp(t, "Cole said", 9) != 0);
        full += strncmp(t, "Ann Cole said", 13) == 0;
    }
    CHECK(full > 0);
    cd_run_free(r);
}

/* "Gunmen" is plural, also where the tagger takes it for a name */
TEST(headline_irregular_plural)
{
    headlines_say("ELSFIELD — Gunmen opened fire on visitors at the town museum on "
                  "Wednesday, killing at least five people.\n\nThe museum will "
                  "stay closed until the end of the month.\n", "Gunmen open",
                  "Gunmen opens");
}

/* "the most important thing" is not "the most thing" */
TEST(headline_keeps_a_graded_adjective)
{
    headlines_say("The most important lesson a small bakery can learn is rather "
                  "simple, its owner said.\n\nThe bakery opened in May.\n",
                  "important lesson", "most lesson");
}

/* Every meta description candidate of `text`: none holds `bad`. */
static void descriptions_avoid(const char *text, const char *bad)
{
    cd_opts o;
    cd_opts_init(&o);
    o.read_all = 1;
    cd_run *r = package(text, strlen(text), &o);
    CHECK(cd_count(r, CD_META_DESC) > 0);
    for (int i = 0; i < cd_count(r, CD_META_DESC); i++)
        CHECK(strstr(cd_at(r, CD_META_DESC, i)->text, bad) == NULL);
    cd_run_free(r);
}

/* A description is no dateline, and keeps what a speaker said */
TEST(description_whole_claims)
{
    descriptions_avoid("ELSFIELD — Gunmen opened fire on visitors at the town's "
                       "oldest museum on Wednesday, killing at least five people, "
                       "including two guards, in an attack that lasted an hour.\n\n"
                       "The museum will stay closed until the end of the month, "
                       "its director told reporters at the scene.\n",
                       "ELSFIELD");
    descriptions_avoid("The association that represents more than 5,000 bakers across "
                       "the region said in a statement on Friday that sales in "
                       "September were down by more than 30 per cent on a year "
                       "ago.\n\nBakers in the region blame the rising cost of "
                       "flour, butter and energy for the fall in their sales "
                       "this year.\n\nPrices are down too, with the average loaf "
                       "selling for more than two pounds in most shops.\n",
                       "statement on Friday.");
}

/* A time phrase that limits the claim stays ("won't sail until 2018" is
 * not "won't sail"), and so does the year of what is still to come;
 * "on Monday" still goes */
TEST(headline_keeps_a_limiting_time)
{
    static const char rest[] =
        "\n\nThe delay is the third this year, and the board has asked the "
        "builder to explain it.\n\nThe builder said the steel had arrived late "
        "from its supplier in the north.\n";
    char text[512];
    snprintf(text, sizeof text, "%s%s",
             "The first new ferry won't sail until 2018, the harbour board said on "
             "Monday.", rest);
    no_headline_ends(text, "won't sail");
    headlines_say(text, "won't sail until 2018", "Monday");
    snprintf(text, sizeof text, "%s%s", "The new ferry will sail in 2018.", rest);
    headlines_say(text, "to sail in 2018", "will sail");
}

/* After a bare "be" a noun keeps its "a": "must be an imperative" is
 * not "must be imperative" */
TEST(headline_keeps_the_article_after_be)
{
    size_t n;
    char *text = slurp("examples/seed-article.txt", &n);
    CHECK(text != NULL);
    headlines_say(text, "must be an imperative", "must be imperative");
}

/* No headline ends before the verb of a clause it began: "... as Ann
 * Cole, the harbour master, warned ..." */
TEST(headline_closes_what_it_opens)
{
    headlines_say("The minister was speaking in Elsfield on Monday as Ann Cole, the "
                  "harbour master, warned the board not to raise its fees.\n\n"
                  "The board said it would decide on the fees in June after a "
                  "public meeting.\n\nFishing crews say the fees have doubled in "
                  "two years.\n",
                  "Board says", "as Ann Cole");
}

/* A clause that ends on its verb is a headline as it is ("... may be
 * backfiring"); a sentence that opens "Two weeks ago," has its clause
 * after the comma, with a past tense the tagger read as a participle */
TEST(headline_from_a_short_or_fronted_lead)
{
    printed_say("One day in July 2001, the harbour master Ann Cole decided to close "
                "the old harbour office for good.\n\nThe office had stood on the quay "
                "since 1890.\n\nIts staff moved to the new port building in the "
                "town.\n",
                "Ann Cole decides to close old harbour office", "One day");
    printed_say("ELSFIELD, Calder -- The town's strict new parking plan may be "
                "backfiring.\n\nShop owners say fewer visitors have come to the high "
                "street since the plan began in March.\n\nThe council will review the "
                "plan in June.\n",
                "parking plan may be backfiring", "ELSFIELD");
    printed_say("Two weeks ago, local divers recovered parts of the old pier, a "
                "structure they believe dates back to 1850.\n\nThe pier was destroyed "
                "in a storm in 1953 and never rebuilt.\n\nThe parts will go on show at "
                "the town museum in June.\n",
                "divers recover parts of old pier", "weeks ago");
}

/* A page's drop cap ("T he", "I t was") is mended; a sentence after a
 * line with no stop (a date) loses its "The" all the same; a month is
 * no SEO label */
TEST(headline_after_a_drop_cap_and_a_date)
{
    static const char text[] =
        "Produced by Ann Cole and Tom Hale, Photographs by Lee Swan\n\n"
        "Sept. 15, 2016\n\n"
        "T he National Museum of Ships opens on Sept. 24 in Elsfield after a "
        "long journey.\n\nI t was first planned in 1990, when the harbour board "
        "bought the old warehouse.\n\nThe mayor will speak at its opening.\n";
    cd_opts o;
    cd_opts_init(&o);
    o.read_all = 1;
    cd_run *r = package(text, sizeof text - 1, &o);
    CHECK(strstr(cd_text(r), "The National Museum of Ships") != NULL);
    CHECK(strstr(cd_text(r), "It was first planned") != NULL);
    CHECK(strstr(cd_text(r), "T he") == NULL);
    int seen = 0;
    for (int i = 0; i < cd_count(r, CD_HEADLINE); i++)
        seen += strcmp(cd_at(r, CD_HEADLINE, i)->text,
                       "National Museum of Ships opens in Elsfield") == 0;
    CHECK(seen == 1);
    for (int i = 0; i < cd_count(r, CD_SEO_TITLE); i++)
        CHECK(strncmp(cd_at(r, CD_SEO_TITLE, i)->text, "Sept.", 5) != 0);
    cd_run_free(r);
}

/* "had a phenomenal year" keeps what makes the year news; "has until
 * next week" is no end without what the time is for */
TEST(headline_keeps_what_a_year_was_and_a_limit_is_for)
{
    headlines_say("The town's ferries and fishing boats had a phenomenal year, with "
                  "record catches and full sailings all summer.\n\nThe harbour board "
                  "said on Monday that trade had doubled since 2015.\n\nThe board "
                  "will publish its report in June.\n",
                  "have phenomenal year", "have year");
    static const char text[] =
        "The harbour board has warned the council it has until next week to "
        "approve the new fees or lose the ferry.\n\nThe council said it would "
        "meet on Friday to discuss the fees.\n\nFishing crews say the fees have "
        "doubled in two years.\n";
    no_headline_ends(text, "until next week");
    cd_opts o;
    cd_opts_init(&o);
    o.read_all = 1;
    cd_run *r = package(text, sizeof text - 1, &o);
    for (int i = 0; i < cd_candidate_count(r, CD_META_DESC); i++) {
        const char *rej = NULL;
        const char *t = cd_candidate_at(r, CD_META_DESC, i, &rej, NULL);
        CHECK(rej != NULL || strstr(t, "until next week.") == NULL);
    }
    cd_run_free(r);
}

/* "won't" and "can't" stay as written: no "wo not", no "ca not", and the
 * claim is not dropped for want of a rewrite */
TEST(headline_keeps_a_contracted_negation)
{
    static const char rest[] =
        "\n\nThe bridge was closed in May after engineers found cracks in two "
        "of its arches.\n\nRepairs would cost more than two million pounds, a "
        "report to the council said.\n";
    char text[512];
    snprintf(text, sizeof text, "%s%s",
             "The council can't afford to repair the old bridge over the river, "
             "its leader said on Monday.", rest);
    headlines_say(text, "Council can't afford", "ca not");
    snprintf(text, sizeof text, "%s%s",
             "The council won't repair the old bridge over the river this year, "
             "its leader said on Monday.", rest);
    headlines_say(text, "Council won't repair", "wo not");
}

/* The main clause of a sentence whose opening has a verb of its own, and
 * of a subject list whose last member carries a phrase: the subject and
 * verb the reader sees */
static void clause_is(const char *text, const char *subject, const char *verb)
{
    cd_run *r = package(text, strlen(text), NULL);
    CHECK(cd_sent_parse(r, 0) == CD_OK);
    cd_clause c;
    const cd_sent *se = &r->sents[0];
    CHECK(cd_clause_find(r, se->tok0, se->tok0 + se->ntok, &c));
    const cd_tok *s0 = &r->toks[c.s0], *v0 = &r->toks[c.v0];
    CHECK(strncmp(r->text + s0->off, subject, strlen(subject)) == 0);
    CHECK(v0->len == strlen(verb) && strncmp(r->text + v0->off, verb, v0->len) == 0);
    cd_run_free(r);
}

TEST(clause_found_past_its_opening)
{
    /* no subject is left when its words are a time phrase ("Next year
     * will be ..."), nor when a fronted phrase stands before a pronoun */
    headlines_say("Next year will be \"make or break\" for the harbour, the mayor of "
                  "Elsfield said on Monday.\n\nSpeaking to the town council he urged "
                  "the harbour board to cut its fees for fishing boats.\n\nThe harbour "
                  "board will meet in June to set the fees for next year.\n\nFishing "
                  "crews say the fees have doubled in two years and many boats have "
                  "left the port.\n",
                  "Fishing crews say", "To be");
    headlines_say("Next year will be \"make or break\" for the harbour, the mayor of "
                  "Elsfield said on Monday.\n\nSpeaking to the town council he urged "
                  "the harbour board to cut its fees for fishing boats.\n\nThe harbour "
                  "board will meet in June to set the fees for next year.\n\nFishing "
                  "crews say the fees have doubled in two years and many boats have "
                  "left the port.\n",
                  "Fishing crews say", "he urges");
    /* a subject opens with no preposition: the claim inside "In
     * declaring the plan has no flaws, ..." is not the article's */
    headlines_say("In declaring the harbour plan has no flaws, the board ignores the "
                  "warnings of its own engineers.\n\nThe engineers said the north pier "
                  "could not carry the new cranes without repairs.\n\nThe board will "
                  "vote on the plan in June after a public meeting.\n",
                  "Engineers say", "has no flaws");
    /* an appositive with a clause of its own is left out whole */
    headlines_say("Ann Cole, the harbour master who ran the port for a decade that "
                  "saw its trade double, has won a court battle over her pension.\n\n"
                  "The board had refused to pay her the full sum when she retired "
                  "last year.\n\nShe said she was delighted with the ruling.\n",
                  "Ann Cole wins court battle", "master wins");
    clause_is("Despite what the critics of the plan might suggest, the new ferries "
              "were not the cause of the delays at the harbour on Tuesday.\n\n"
              "The board will meet again in June.\n",
              "the new ferries", "were");
    clause_is("Harbour master Ann Cole, her deputy and two pilots from the ferry "
              "company are under investigation after the collision at the north "
              "pier, the board said.\n\nThe board will meet again in June.\n",
              "Harbour master Ann Cole", "are");
}

/* A description pairs the lead with the sentence after it: a question
 * it asks may close it, and a line of dates between them is passed */
static void some_description_says(const char *text, const char *good)
{
    cd_run *r = package(text, strlen(text), NULL);
    int seen = 0;
    for (int i = 0; i < cd_count(r, CD_META_DESC); i++)
        seen += strstr(cd_at(r, CD_META_DESC, i)->text, good) != NULL;
    CHECK(seen > 0);
    cd_run_free(r);
}

/* A description cut short keeps who said it, and what "the" points at */
TEST(description_keeps_the_speaker)
{
    some_description_says(
        "Three ministers from the ruling party are under house arrest at a "
        "compound outside the capital and are refusing to resign from their "
        "posts, a source said.\n\nTroops surrounded the compound on Tuesday "
        "night after a week of protests.\n\nThe army has not commented.\n",
        ", a source said. Troops");
    descriptions_avoid(
        "Parents have high hopes for the new school year thanks to the success "
        "of the reading scheme that began in the county's primary schools last "
        "spring, teachers say.\n\nTest scores rose in 40 of the 52 schools "
        "that took part in the scheme.\n",
        "thanks to the success,");
}

TEST(description_pairs_the_lead)
{
    some_description_says(
        "Ferry crews on the northern routes are often said to be underpaid, "
        "overworked and unwilling to change.\n\nIs that a fair picture of the "
        "job?\n\nA survey of 500 crew members by the harbour board found that "
        "most work more than 50 hours a week.\n\nThe board will publish its "
        "full report in June.\n",
        "unwilling to change. Is that a fair picture of the job?");
    some_description_says(
        "It has been a hard winter for the Elsfield ferry company and its "
        "crews.\n\nDec. 13, 2016, 12:31 PM UTC / Updated Dec. 13, 2016, 6:06 PM "
        "UTC\n\nThe company's first new ferry will not sail until 2018, the "
        "harbour board said on Monday.\n\nThe delay is the third this year, and "
        "the board has asked the builder to explain it.\n",
        "its crews. The company's first new ferry will not sail until 2018.");
}

/* A lede or description that says nothing an earlier one does not is
 * left out ("Wheat exports ... rose 18%." after the whole sentence) */
TEST(ledes_do_not_repeat)
{
    size_t n;
    char *text = slurp("tests/golden/grain-exports.txt", &n);
    CHECK(text != NULL);
    cd_run *r = package(text, n, NULL);
    for (int i = 1; i < cd_count(r, CD_LEDE); i++) {
        const char *t = cd_at(r, CD_LEDE, i)->text;
        size_t m = strlen(t) - 1; /* less its full stop */
        for (int j = 0; j < i; j++)
            CHECK(strncmp(cd_at(r, CD_LEDE, j)->text, t, m) != 0);
    }
    cd_run_free(r);
}

/* The lead is the first prose, not a date, a share line or a link to
 * another story (a line with a verb but no stop) before it */
TEST(lead_is_first_prose)
{
    static const char text[] =
        "Share on Facebook\n\nMarch 3, 2021\n\n"
        "Harbour board approves new ferry timetable for the summer\n\n"
        "The town council voted on Monday to close the old library on Elm "
        "Street next year.\n\nIts books will move to the school.\n";
    cd_run *r = package(text, sizeof text - 1, NULL);
    int first = -1;
    for (int s = 0; s < r->nsent && first < 0; s++)
        if (r->sents[s].lead == 0)
            first = s;
    CHECK(first >= 0 && strncmp(r->text + r->sents[first].off, "The town council", 16) == 0);
    cd_run_free(r);
}

/* A keyphrase label goes over a headline only where it names something
 * and the headline has no label of its own: no "Turbines: Quinn: '...'" */
TEST(seo_labels_name_the_subject)
{
    static const char text[] =
        "Wind turbines off the coast of Elsfield will be built next year, the "
        "regulator said on Monday.\n\n"
        "\"The turbines will power every home in the county,\" said Mara Quinn, "
        "chief executive of the operator.\n\n"
        "The turbines would stand 12 kilometres from the shore, and residents "
        "have objected to the turbines in letters to the regulator.\n\n"
        "The regulator will publish its decision on the turbines in March.\n";
    cd_opts o;
    cd_opts_init(&o);
    o.read_all = 1;
    cd_run *r = package(text, sizeof text - 1, &o);
    int labelled = 0;
    for (int i = 0; i < cd_candidate_count(r, CD_SEO_TITLE); i++) {
        const char *t = cd_candidate_at(r, CD_SEO_TITLE, i, NULL, NULL);
        const char *c = strchr(t, ':');
        CHECK(!c || !strchr(c + 1, ':'));
        labelled += c != NULL;
    }
    CHECK(labelled > 0); /* the quotation's "Quinn: '...'" at least */
    cd_run_free(r);
}

/* A label is a name: a common-noun keyphrase before a colon
 * ("Turbines: Regulator to publish ...") reads as a heading cut off its
 * sentence, so no SEO candidate carries one. */
TEST(seo_labels_are_names)
{
    static const char text[] =
        "Wind turbines off the coast of Elsfield will be built next year, the "
        "regulator said on Monday.\n\n"
        "The turbines would stand 12 kilometres from the shore, and residents "
        "have objected to the turbines in letters to the regulator.\n\n"
        "The regulator will publish its decision on the turbines in March.\n";
    cd_opts o;
    cd_opts_init(&o);
    o.read_all = 1;
    cd_run *r = package(text, sizeof text - 1, &o);
    int labelled = 0;
    for (int i = 0; i < cd_candidate_count(r, CD_SEO_TITLE); i++) {
        const char *t = cd_candidate_at(r, CD_SEO_TITLE, i, NULL, NULL);
        labelled += strncmp(t, "Turbines:", 9) == 0 ||
                    strncmp(t, "Wind turbines:", 14) == 0;
    }
    EQ_INT(labelled, 0);
    cd_run_free(r);
}

/* Reading candidates when ranking reaches them chooses what reading all
 * of them first does. */
TEST(lazy_reading_chooses_the_same)
{
    size_t n;
    char *text = slurp("examples/seed-article.txt", &n);
    CHECK(text != NULL);
    if (!text)
        return;
    cd_run *lazy = package(text, n, NULL);
    cd_opts o;
    cd_opts_init(&o);
    o.read_all = 1;
    cd_run *all = package(text, n, &o);
    int unread = 0;
    for (int k = 0; k < CD_KIND_COUNT; k++) {
        EQ_INT(cd_count(lazy, (cd_kind)k), cd_count(all, (cd_kind)k));
        for (int i = 0; i < cd_count(lazy, (cd_kind)k) && i < cd_count(all, (cd_kind)k); i++)
            EQ_STR(cd_at(lazy, (cd_kind)k, i)->text, cd_at(all, (cd_kind)k, i)->text);
        for (int i = 0; i < cd_candidate_count(all, (cd_kind)k); i++)
            CHECK(cd_candidate_read(all, (cd_kind)k, i));
        for (int i = 0; i < cd_candidate_count(lazy, (cd_kind)k); i++)
            unread += !cd_candidate_read(lazy, (cd_kind)k, i);
    }
    CHECK(unread > 0); /* the lazy run left some unread */
    cd_run_free(lazy);
    cd_run_free(all);
}

TEST(facts_rejected)
{
    const char *text =
        "Hegseth echoed calls for allies to increase their defence spending to "
        "5% of their GDP, instead of the current 2% target. He said three "
        "ministers agreed. \"We will not tolerate it,\" Hegseth said.";
    cd_run *r = package(text, strlen(text), NULL);
    /* the seed package's error: 2% to 5% is not a fivefold rise */
    EQ_STR(cd_check_facts(r, "Allies told to quintuple defence spending", 41),
           "fact.word");
    EQ_STR(cd_check_facts(r, "Hegseth calls for 6% target", 27), "fact.number");
    EQ_STR(cd_check_facts(r, "Hegseth calls for 5 million target", 34),
           "fact.number_unit");
    EQ_STR(cd_check_facts(r, "Hegseth calls for $5bn target", 29),
           "fact.number_unit");
    EQ_STR(cd_check_facts(r, "Trump calls for 5% target", 25), "fact.name");
    EQ_STR(cd_check_facts(r, "Hegseth: 'We will tolerate it'", 30), "fact.quote");
    CHECK(cd_check_facts(r, "Hegseth: 'We will not tolerate it'", 34) == NULL);
    CHECK(cd_check_facts(r, "Hegseth says 3 ministers agree", 30) == NULL);
    CHECK(cd_check_facts(r, "Hegseth echoes calls for 5% target", 34) == NULL);
    cd_run_free(r);
}

TEST(rule_table)
{
    const char *text = "The council approved a new budget on Monday after a long "
                       "debate about schools and roads in the city.";
    cd_run *r = package(text, strlen(text), NULL);
    cd_cand c = {0};
    c.kind = CD_SEO_TITLE;
    c.text = "Council approves new budget after long debate about schools and roads";
    c.chars = strlen(c.text);
    cd_check(r, &c);
    EQ_STR(c.reject, "len.chars");
    c.text = "Council approves new budget.";
    c.chars = strlen(c.text);
    cd_check(r, &c);
    EQ_STR(c.reject, "style.final_period");
    c.kind = CD_META_DESC;
    c.text = "The council approved a new budget.";
    c.chars = strlen(c.text);
    cd_check(r, &c);
    EQ_STR(c.reject, "len.chars");
    c.kind = CD_LEDE;
    c.text = "The council approved a new budget on Monday after a long debate";
    c.chars = strlen(c.text);
    cd_check(r, &c);
    EQ_STR(c.reject, "style.full_stop");
    c.kind = CD_HEADLINE;
    c.text = "You won't believe the council budget";
    c.chars = strlen(c.text);
    cd_check(r, &c);
    EQ_STR(c.reject, "style.clickbait");
    cd_run_free(r);
}

TEST(deterministic_and_reusable)
{
    size_t n;
    char *text = slurp("examples/seed-article.txt", &n);
    CHECK(text != NULL); /* a missing article is a failure, not a pass */
    if (!text)
        return;
    char *copy = malloc(n + 1);
    memcpy(copy, text, n + 1);
    cd_run *r = package(copy, n, NULL);
    /* two empty packages would be equal too: this one is the full one */
    EQ_INT(cd_count(r, CD_HEADLINE), 5);
    char *a = cd_render_json(r);
    cd_run_reset(r);
    EQ_INT(cd_run_article(r, "Short one. Too short.", 21), CD_OK);
    cd_run_reset(r);
    EQ_INT(cd_run_article(r, copy, n), CD_OK);
    char *b = cd_render_json(r);
    CHECK(a && b && strcmp(a, b) == 0);
    cd_free(a);
    cd_free(b);
    cd_run_free(r);
    free(copy);
}

TEST(short_article_warns)
{
    const char *text = "The mayor resigned on Friday after a row over funding.";
    cd_run *r = package(text, strlen(text), NULL);
    /* fewer than asked for, but some: 0 would be a run that made nothing */
    EQ_INT(cd_count(r, CD_HEADLINE), 2);
    EQ_INT(cd_warning_count(r), 4);
    EQ_STR(cd_warning_at(r, 0), "article too short: 2 of 5 headlines");
    EQ_STR(cd_warning_at(r, 3), "article too short: 0 of 3 meta_descriptions");
    cd_run_free(r);
}

TEST(title_case_option)
{
    cd_opts o;
    cd_opts_init(&o);
    o.letter_case = CD_CASE_TITLE;
    const char *text = "The city council approved a new budget for schools on "
                       "Monday after a long debate. Teachers welcomed the "
                       "decision. Parents said the plan was fair.";
    cd_run *r = package(text, strlen(text), &o);
    CHECK(cd_count(r, CD_HEADLINE) > 0);
    /* AP title case: words of four letters or more capitalised, short
     * articles, conjunctions and prepositions not, first and last always */
    char buf[] = "city council approves new budget for schools in the city";
    cd_apply_case(r, buf, CD_HEADLINE);
    EQ_STR(buf, "City Council Approves New Budget for Schools in the City");
    char buf2[] = "Hegseth: 'not enough' for the plan to work on";
    cd_apply_case(r, buf2, CD_SEO_TITLE);
    EQ_STR(buf2, "Hegseth: 'Not Enough' for the Plan to Work On");
    for (int i = 0; i < cd_count(r, CD_HEADLINE); i++) {
        const char *t = cd_at(r, CD_HEADLINE, i)->text;
        CHECK(t[0] >= 'A' && t[0] <= 'Z');
        CHECK(strstr(t, " Budget") || !strstr(t, " budget"));
    }
    cd_run_free(r);
}

TEST(simple_interface)
{
    char *json = NULL;
    char err[128];
    EQ_INT(cd_package_json(test_model(), NULL, "", 0, &json, err, sizeof err),
           CD_E_INPUT);
    CHECK(json == NULL);
    EQ_STR(err, "extract: no body text found (0 of 0 bytes)");
    const char *t = "Voters backed the new stadium in a referendum on Sunday.";
    EQ_INT(cd_package_json(test_model(), NULL, t, strlen(t), &json, err,
                           sizeof err), CD_OK);
    CHECK(json && strncmp(json, "{\"title\":null", 13) == 0);
    cd_free(json);
}

TEST(options_and_time_budget)
{
    size_t n;
    char *text = slurp("examples/seed-article.txt", &n);
    CHECK(text != NULL);
    if (!text)
        return;
    cd_run *r;
    EQ_INT(cd_run_new(test_model(), NULL, &r), CD_OK);
    /* a budget too small for the article fails the run, and says so */
    cd_opts o;
    cd_opts_init(&o);
    o.time_budget_ms = 0.001;
    EQ_INT(cd_run_set_opts(r, &o), CD_OK);
    EQ_INT(cd_run_article(r, text, n), CD_E_LIMIT);
    EQ_STR(cd_run_error(r).message, "time budget of 0.001 ms exceeded");
    /* the same run, reset, with new options: counts apply, no budget */
    cd_run_reset(r);
    o.time_budget_ms = 0;
    o.count[CD_HEADLINE] = 2;
    EQ_INT(cd_run_set_opts(r, &o), CD_OK);
    EQ_INT(cd_run_article(r, text, n), CD_OK);
    EQ_INT(cd_count(r, CD_HEADLINE), 2);
    /* an invalid set is refused and the old one kept */
    cd_run_reset(r);
    o.time_budget_ms = -1;
    EQ_INT(cd_run_set_opts(r, &o), CD_E_USAGE);
    EQ_INT(cd_run_set_opts(r, NULL), CD_E_USAGE);
    EQ_INT(cd_run_article(r, text, n), CD_OK);
    EQ_INT(cd_count(r, CD_HEADLINE), 2);
    cd_run_free(r);
}

/* Candidates written elsewhere: checked like ours, invented facts and
 * over-long titles dropped, the rest ranked first or pooled. */
TEST(added_candidates)
{
    size_t n;
    char *text = slurp("examples/seed-article.txt", &n);
    CHECK(text != NULL);
    if (!text)
        return;
    cd_opts o;
    cd_opts_init(&o);
    o.added = CD_ADDED_FIRST;
    cd_run *r;
    EQ_INT(cd_run_new(test_model(), &o, &r), CD_OK);
    EQ_INT(cd_add_candidate(r, CD_HEADLINE, "x", "llm"), CD_E_USAGE); /* too early */
    cd_run_reset(r);
    EQ_INT(cd_extract(r, text, n), CD_OK);
    EQ_INT(cd_analyze(r), CD_OK);
    const char *good = "Hegseth calls Ukraine's NATO membership unrealistic";
    EQ_INT(cd_add_candidate(r, CD_HEADLINE, good, "llm"), CD_OK);
    EQ_INT(cd_add_candidate(r, CD_HEADLINE, "Hegseth tells allies to spend 7% of GDP", "llm"), CD_OK);
    EQ_INT(cd_add_candidate(r, CD_HEADLINE, "Macron backs Hegseth on Ukraine borders", "llm"), CD_OK);
    EQ_INT(cd_add_candidate(r, CD_SEO_TITLE,
                            "Hegseth rules out NATO membership for Ukraine and calls a return "
                            "to pre-2014 borders unrealistic", "llm"), CD_OK);
    EQ_INT(cd_generate(r), CD_OK);
    EQ_INT(cd_count(r, CD_HEADLINE), 5);
    const cd_item *first = cd_at(r, CD_HEADLINE, 0);
    EQ_STR(first->text, "Hegseth calls Ukraine’s NATO membership unrealistic");
    EQ_STR(first->origin, "llm");
    for (int i = 1; i < cd_count(r, CD_HEADLINE); i++)
        CHECK(cd_at(r, CD_HEADLINE, i)->origin == NULL); /* ours fill the rest */
    for (int i = 0; i < cd_count(r, CD_SEO_TITLE); i++)
        CHECK(cd_at(r, CD_SEO_TITLE, i)->origin == NULL);
    /* the invented number and name, and the long title, were rejected:
     * each seen once (one total over the three would let one stand in
     * for another) */
    int seen_num = 0, seen_name = 0, seen_long = 0;
    for (int k = 0; k < CD_KIND_COUNT; k++)
        for (int i = 0; i < cd_candidate_count(r, (cd_kind)k); i++) {
            const char *rej;
            double sc;
            const char *t = cd_candidate_at(r, (cd_kind)k, i, &rej, &sc);
            CHECK(t != NULL);
            if (!t)
                continue;
            if (strstr(t, "7% of GDP")) {
                EQ_INT(k, CD_HEADLINE);
                EQ_STR(rej, "fact.number");
                seen_num++;
            }
            if (strstr(t, "Macron")) {
                EQ_INT(k, CD_HEADLINE);
                EQ_STR(rej, "fact.name");
                seen_name++;
            }
            if (strstr(t, "pre-2014 borders unrealistic")) {
                /* 96 characters and over 580 px: the rejection names the
                 * character rule, the first of the two in the table */
                EQ_INT(k, CD_SEO_TITLE);
                EQ_STR(rej, "len.chars");
                seen_long++;
            }
        }
    EQ_INT(seen_num, 1);
    EQ_INT(seen_name, 1);
    EQ_INT(seen_long, 1);
    char *json = cd_render_json(r);
    CHECK(json && strstr(json, "\"origin\":\"llm\""));
    cd_free(json);
    EQ_INT(cd_add_candidate(r, CD_HEADLINE, good, "llm"), CD_E_USAGE); /* too late */
    EQ_INT(cd_generate(r), CD_E_USAGE);
    cd_run_free(r);
}

/* data/ranker.txt's optional `page` vector: the weights for articles
 * read from a page; without it the text weights serve both. */
static cd_status load_ranker(cd_model *m, const char *body, char *err, size_t n)
{
    char path[] = "/tmp/cd_ranker_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(body, f);
    fclose(f);
    cd_status st = cd_ranker_load(m, path, err, n);
    remove(path);
    return st;
}

TEST(ranker_page_weights)
{
    cd_model *m = calloc(1, sizeof *m);
    char err[256];
    EQ_INT(load_ranker(m, "copydesk-ranker 1\nkeep 0\nrank 2 1.5 2\npage 2 3 4\n", err,
                       sizeof err), CD_OK);
    CHECK(m->rank_w[0] == 1.5 && m->rank_w[1] == 2);
    CHECK(m->page_w[0] == 3 && m->page_w[1] == 4);
    EQ_INT(load_ranker(m, "copydesk-ranker 1\nkeep 0\nrank 2 1.5 2\n", err, sizeof err),
           CD_OK);
    CHECK(m->page_w[0] == 1.5 && m->page_w[1] == 2);
    EQ_INT(load_ranker(m, "copydesk-ranker 1\nkeep 0\nrank 2 1.5 2\npage 2 3\n", err,
                       sizeof err), CD_E_IO);
    CHECK(strstr(err, "is corrupt") != NULL);
    free(m);
}

int main(void)
{
    h_file = "test_generate";
    RUN(ranker_page_weights);
    RUN(added_candidates);
    RUN(options_and_time_budget);
    RUN(seed_package_within_limits);
    RUN(meaning_words_kept);
    RUN(tree_reads_compressions);
    RUN(tree_refuses_stacked_conjunctions);
    RUN(tree_refuses_stacked_verbs);
    RUN(tree_refuses_run_together_nouns);
    RUN(headline_subject_keeps_its_clause);
    RUN(headline_keeps_what_a_collection_holds);
    RUN(tree_keeps_what_it_stands_for);
    RUN(tree_keeps_what_turns_a_claim);
    RUN(tree_keeps_a_stop_with_its_word);
    RUN(tree_keeps_which_kind);
    RUN(tree_keeps_what_is_given);
    RUN(tree_keeps_what_an_amount_is_of);
    RUN(tree_keeps_what_a_sum_is_in);
    RUN(tree_lets_a_parenthesis_go);
    RUN(tree_keeps_a_how_clause);
    RUN(tree_keeps_what_which_follows);
    RUN(tree_keeps_a_superlatives_of);
    RUN(tree_refuses_a_cut_between_two_objects);
    RUN(tree_keeps_what_the_points_at);
    RUN(tree_keeps_a_copulas_clause);
    RUN(tree_keeps_what_its_stands_for);
    RUN(tree_keeps_what_an_idiom_is_about);
    RUN(tree_refuses_a_misjoined_predicate);
    RUN(tree_keeps_a_numbers_adverb);
    RUN(tree_keeps_what_a_verb_needs);
    RUN(tree_keeps_what_a_measure_is_from);
    RUN(tree_keeps_what_a_superlative_and_an_object_need);
    RUN(tree_keeps_what_away_is_from);
    RUN(tree_keeps_what_an_adjective_needs);
    RUN(tree_keeps_a_title_before_its_name);
    RUN(tree_keeps_what_is_asked_and_hoped);
    RUN(tree_keeps_what_a_verb_and_preposition_frame);
    RUN(tree_keeps_a_rate_whole);
    RUN(tree_keeps_what_support_is_for);
    RUN(tree_keeps_a_particle);
    RUN(tree_keeps_a_range_and_a_rank_whole);
    RUN(seo_label_names_the_headline_person);
    RUN(tree_keeps_what_an_idiom_is_aimed_at);
    RUN(tree_keeps_what_latter_names);
    RUN(clause_found_past_its_opening);
    RUN(headline_keeps_a_contracted_negation);
    RUN(headline_keeps_a_limiting_time);
    RUN(headline_keeps_the_article_after_be);
    RUN(headline_closes_what_it_opens);
    RUN(headline_from_a_short_or_fronted_lead);
    RUN(headline_after_a_drop_cap_and_a_date);
    RUN(headline_keeps_what_a_year_was_and_a_limit_is_for);
    RUN(headline_rewrite_agrees);
    RUN(headline_keeps_a_name_with_a_number);
    RUN(headline_keeps_a_predicates_article);
    RUN(clause_reads_a_surname_as_one);
    RUN(headline_names_a_first_name_in_full);
    RUN(headline_keeps_idioms_whole);
    RUN(headline_drops_honorific);
    RUN(headline_keeps_a_list);
    RUN(headline_after_a_label);
    RUN(headline_keeps_a_graded_adjective);
    RUN(headline_irregular_plural);
    RUN(headline_keeps_an_idiom);
    RUN(headline_keeps_a_wh_clause);
    RUN(headline_reads_past_tagger_slips);
    RUN(headline_keeps_what_put_needs);
    RUN(headline_keeps_what_spend_needs);
    RUN(headline_keeps_what_a_version_is_of);
    RUN(headline_names_its);
    RUN(headline_keeps_what_the_rewrite_needs);
    RUN(headline_keeps_a_list_whole);
    RUN(headline_quote_keeps_its_contrast);
    RUN(headline_keeps_what_turns_the_claim);
    RUN(headline_quote_stands_alone);
    RUN(headline_titles_joined_are_one_person);
    RUN(headline_skips_headings_and_questions);
    RUN(headline_existential_keeps_the);
    RUN(headline_keeps_close_to_its_amount);
    RUN(lede_keeps_what_a_description_says);
    RUN(headline_no_first_person);
    RUN(headline_reads_a_participle_as_adjective);
    RUN(headline_keeps_what_a_vote_makes);
    RUN(lede_names_in_full);
    RUN(description_whole_claims);
    RUN(lead_is_first_prose);
    RUN(description_keeps_the_speaker);
    RUN(description_pairs_the_lead);
    RUN(ledes_do_not_repeat);
    RUN(seo_labels_name_the_subject);
    RUN(seo_labels_are_names);
    RUN(lazy_reading_chooses_the_same);
    RUN(facts_rejected);
    RUN(rule_table);
    RUN(deterministic_and_reusable);
    RUN(short_article_warns);
    RUN(title_case_option);
    RUN(simple_interface);
    cd_model_free(test_model());
    return DONE();
}
