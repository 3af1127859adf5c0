/*
 * generate_headline.c - headlines and SEO titles.
 *
 * Each salient sentence's main clause is compressed Hedge-Trimmer style:
 * articles, time expressions, parentheticals, appositives and sentence
 * adverbs go; the verb moves to the historical present ("declared" ->
 * "declares", "has announced" -> "announces", "will visit" -> "to
 * visit", "was arrested" -> "arrested"); number words become numerals.
 * Every prepositional or clause boundary after the verb is a place the
 * headline may end, so one sentence gives several compression levels.
 *
 * Other angles: a quotation with its speaker (`Hegseth: 'not enough'`)
 * and reported speech (`Hegseth says ...`).  SEO titles come from the
 * same candidates when they fit 60 characters, and from a keyphrase
 * prefix (`NATO: ...`) when the headline lacks the main keyphrase.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "generate.h"

static bool is_article(const cd_run *run, int k)
{
    const cd_tok *t = &run->toks[k];
    if (t->flags & TF_QUOTED)
        return false;
    if (!(cd_tok_is(run, k, "the") || cd_tok_is(run, k, "a") ||
          cd_tok_is(run, k, "an")))
        return false;
    /* "a year earlier": the article belongs to the time expression */
    if (k + 1 < run->ntok && (cd_tok_is(run, k + 1, "year") ||
                              cd_tok_is(run, k + 1, "week") ||
                              cd_tok_is(run, k + 1, "month") ||
                              cd_tok_is(run, k + 1, "day") ||
                              cd_tok_is(run, k + 1, "decade")))
        return false;
    /* "a few", "a little", "a lot of", "a bit", "a couple", "a number of":
     * without its article the quantity says another thing ("a few came"
     * is not "few came") */
    if (k + 1 < run->ntok && !cd_tok_is(run, k, "the") &&
        (cd_tok_is(run, k + 1, "few") || cd_tok_is(run, k + 1, "little") ||
         cd_tok_is(run, k + 1, "lot") || cd_tok_is(run, k + 1, "bit") ||
         cd_tok_is(run, k + 1, "couple") || cd_tok_is(run, k + 1, "number") ||
         cd_tok_is(run, k + 1, "handful")))
        return false;
    /* "a quarter of a million consumers": a fraction's article, and a
     * number's after it */
    if (k + 2 < run->ntok && !cd_tok_is(run, k, "the") &&
        (cd_tok_is(run, k + 1, "quarter") || cd_tok_is(run, k + 1, "half") ||
         cd_tok_is(run, k + 1, "third")) && cd_tok_is(run, k + 2, "of"))
        return false;
    if (k > 0 && k + 1 < run->ntok && !cd_tok_is(run, k, "the") &&
        cd_tok_is(run, k - 1, "of") &&
        (cd_tok_is(run, k + 1, "dozen") || cd_tok_is(run, k + 1, "hundred") ||
         cd_tok_is(run, k + 1, "thousand") || cd_tok_is(run, k + 1, "million") ||
         cd_tok_is(run, k + 1, "billion")))
        return false;
    /* "come to an end", "at the time": idioms keep their article */
    if (k > 0 && k + 1 < run->ntok &&
        ((cd_tok_is(run, k - 1, "to") && cd_tok_is(run, k, "an") &&
          cd_tok_is(run, k + 1, "end")) ||
         (cd_tok_is(run, k - 1, "at") && cd_tok_is(run, k, "the") &&
          cd_tok_is(run, k + 1, "time"))))
        return false;
    /* "a kind of summer", "a thing or two": idioms keep their article */
    if (k + 2 < run->ntok &&
        (((cd_tok_is(run, k + 1, "kind") || cd_tok_is(run, k + 1, "sort")) &&
          cd_tok_is(run, k + 2, "of")) ||
         (!cd_tok_is(run, k, "the") && cd_tok_is(run, k + 1, "thing") &&
          cd_tok_is(run, k + 2, "or"))))
        return false;
    /* "one of the best things", "among the most popular": a superlative
     * after "of" keeps its article */
    if (k > 0 && k + 1 < run->ntok && cd_tok_is(run, k, "the") &&
        (cd_tok_is(run, k - 1, "of") || cd_tok_is(run, k - 1, "among")) &&
        (run->toks[k + 1].pos == P_JJS ||
         cd_tok_is(run, k + 1, "most") || cd_tok_is(run, k + 1, "least")))
        return false;
    /* "must be an imperative", "to be a test": after a bare "be" the
     * indefinite article says the noun is one ("must be imperative"
     * reads as an adjective) */
    if (k > 1 && !cd_tok_is(run, k, "the") && cd_tok_is(run, k - 1, "be") &&
        run->toks[k - 2].pos != P_EX && !(k > 2 && run->toks[k - 3].pos == P_EX))
        return false; /* (an existential's is as before: "there will be") */
    /* "AI is not a machine", "is a major new initiative": so after any
     * form of "be" and its adverbs ("AI is not machine" reads broken) */
    if (k > 1 && !cd_tok_is(run, k, "the")) {
        int b = k - 1;
        while (b > 0 && run->toks[b].pos == P_RB)
            b--;
        if (b > 0 && !strcmp(run->toks[b].lemma, "be") && run->toks[b].pos != P_VBN &&
            run->toks[b - 1].pos != P_EX && !(run->toks[b].flags & TF_QUOTED))
            return false;
    }
    /* "there's a strong chance", "there's the fact that": the article
     * of an existential's noun */
    if (k > 1 && run->toks[k - 2].pos == P_EX)
        return false;
    /* "calls it a career", "makes it a priority": the article of what a
     * pronoun object is said to be stays */
    if (k > 0 && !cd_tok_is(run, k, "the") &&
        (cd_tok_is(run, k - 1, "it") || cd_tok_is(run, k - 1, "them") ||
         cd_tok_is(run, k - 1, "him") || cd_tok_is(run, k - 1, "her")) &&
        run->toks[k - 1].pos == P_PRP)
        return false;
    /* "48,000 vehicles a day": a distributive "a" stays */
    if (k > 0 && !cd_tok_is(run, k, "the") &&
        (run->toks[k - 1].pos == P_NNS || run->toks[k - 1].pos == P_NN))
        return false;
    /* "The Hague", "The Beatles": a capital inside a sentence stays (a
     * sentence may follow a line with no stop: "Sept. 15, 2016") */
    int s = cd_sent_of(run, k);
    bool first = k == 0 || run->toks[k - 1].pos == P_PUNCT ||
                 (s >= 0 && run->sents[s].tok0 == k);
    return !(t->flags & TF_CAP) || first;
}

static bool droppable_adverb(const cd_run *run, int k)
{
    static const char *const w[] = {
        "also", "already", "currently", "now", "still",
        "recently", "immediately", "however", "meanwhile", "then",
        "previously", "officially", "further", "again",
        "nonetheless", "nevertheless", "subsequently", "finally",
    };
    const cd_tok *t = &run->toks[k];
    if (t->pos != P_RB || (t->flags & TF_QUOTED))
        return false;
    for (size_t i = 0; i < CD_ARRAY_LEN(w); i++)
        if (strcmp(t->lower, w[i]) == 0)
            return true;
    return false;
}

/* Digits for a number word before a noun: "three months" -> "3 months".
 * "one" stays ("one of the biggest"). */
static const char *numeral(cd_run *run, int k, int end)
{
    int v = cd_number_word(run->toks[k].lower);
    if (v < 2 || k + 1 >= end)
        return NULL;
    const cd_tok *nx = &run->toks[k + 1];
    size_t nl = strlen(nx->lower);
    if (nl > 3 && (strcmp(nx->lower + nl - 3, "ths") == 0 ||
                   strcmp(nx->lower + nl - 3, "rds") == 0 ||
                   strcmp(nx->lower, "quarters") == 0 ||
                   strcmp(nx->lower, "halves") == 0))
        return NULL; /* "two thirds" stays in words */
    if (nx->pos != P_NNS && nx->pos != P_JJ && nx->pos != P_NN &&
        !cd_tok_is(run, k + 1, "per") && !cd_tok_is(run, k + 1, "percent"))
        return NULL;
    char buf[16];
    snprintf(buf, sizeof buf, "%d", v);
    return cd_arena_strndup(&run->arena, buf, strlen(buf));
}

/* Push tokens [a, b) with headline deletions and rewrites. */
/* An adjective a lean headline may drop: lower case, before a noun, and
 * not one that changes what the noun means ("former minister", "no new
 * aid", "alleged fraud"). */
bool cd_droppable_adjective(const cd_run *run, int k, int b)
{
    static const char *const keep[] = {
        "acting", "alleged", "false", "fake", "first", "former", "last",
        "next", "only", "possible", "potential", "previous", "proposed",
        "so-called", "sole", "suspected", "would-be", "illegal", "top",
        "record", "free",
        /* an ordinal or a run counts: "third straight defeat" */
        "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
        "tenth", "straight", "consecutive", "successive", "final",
        /* quantities that turn the claim round: "little sympathy" is
         * nearly none, not sympathy */
        "little", "few", "scant", "slight", "limited", "partial", "temporary",
        "minimal", "rare",
    };
    const cd_tok *t = &run->toks[k];
    if (t->pos != P_JJ || (t->flags & (TF_CAP | TF_QUOTED | TF_DIGIT)) ||
        k + 1 >= b)
        return false;
    int nx = run->toks[k + 1].pos;
    if (!(nx == P_NN || nx == P_NNS || nx == P_JJ))
        return false;
    /* "the most important thing" is not "the most thing" */
    int pv = k > 0 ? run->toks[k - 1].pos : P_PUNCT;
    if (pv == P_RB)
        return false;
    /* "in recent months" */
    const char *nl = run->toks[k + 1].lower;
    /* "rises to extraordinary levels", "in large numbers": a measure
     * noun says nothing without its adjective */
    static const char *const hollow[] = {
        "level", "height", "degree", "extent", "rate", "pace", "scale", "number",
        "amount", "proportion", "margin", "length", "term", "standard", "quantity",
        "volume", "high", "low", "deal", "sort", "kind", "type", "way", "manner",
        "fashion", "order", "magnitude", "measure", "share",
        /* "have a phenomenal year", "a bad day": a stretch of time is
         * what its adjective makes of it */
        "year", "day", "week", "month", "season", "night", "time", "start",
        "moment", "period", "spell", "run", "decade", "weekend",
    };
    if (nx != P_JJ)
        for (size_t i = 0; i < CD_ARRAY_LEN(hollow); i++) {
            size_t n = strlen(hollow[i]);
            if (strncmp(nl, hollow[i], n) == 0 &&
                (nl[n] == 0 || (nl[n] == 's' && nl[n + 1] == 0)))
                return false;
        }
    if (!strcmp(nl, "months") || !strcmp(nl, "years") || !strcmp(nl, "weeks") ||
        !strcmp(nl, "days") || !strcmp(nl, "decades") || cd_is_time_word(nl))
        return false;
    for (size_t i = 0; i < CD_ARRAY_LEN(keep); i++)
        if (strcmp(t->lower, keep[i]) == 0)
            return false;
    /* "for blowing-off security": a phrasal verb written as one word
     * is what the phrase claims */
    static const char *const particle[] = {"-off", "-up", "-out", "-down", "-in",
                                           "-on", "-over", "-away", "-back"};
    size_t len = strlen(t->lower);
    for (size_t i = 0; i < CD_ARRAY_LEN(particle); i++) {
        size_t pl = strlen(particle[i]);
        if (len > pl && strcmp(t->lower + len - pl, particle[i]) == 0)
            return false;
    }
    return strncmp(t->lower, "non", 3) != 0 && strncmp(t->lower, "un", 2) != 0 &&
           strncmp(t->lower, "ex-", 3) != 0;
}

/* "Mr", "Mrs", "Ms" before a surname: headlines name people without
 * them ("Howard denies split", not "Mr Howard denies split"). */
bool cd_honorific(const cd_run *run, int k, int b)
{
    static const char *const w[] = {"mr", "mrs", "ms", "mr.", "mrs.", "ms."};
    const cd_tok *t = &run->toks[k];
    if ((t->flags & TF_QUOTED) || !(t->flags & TF_CAP) || k + 1 >= b ||
        !(run->toks[k + 1].flags & TF_CAP) || run->toks[k + 1].pos != P_NNP)
        return false;
    for (size_t i = 0; i < CD_ARRAY_LEN(w); i++)
        if (strcmp(t->lower, w[i]) == 0)
            return true;
    return false;
}

/* Whether the time phrase of tl tokens at k says what the claim is:
 * a limit ("won't sail until 2018", "has not won since 2004", "by
 * 2030"), or the year of what is still to come ("will open in 2019"),
 * where "on Monday" is only when the news was. */
static bool time_kept(const cd_run *run, const cd_clause *c, int k, int tl)
{
    static const char *const limit[] = {"until", "till", "since", "by", "before", "after"};
    for (size_t i = 0; i < CD_ARRAY_LEN(limit); i++)
        if (cd_tok_is(run, k, limit[i]))
            return true;
    if (!c)
        return false;
    bool year = false;
    for (int j = k; j < k + tl; j++)
        year |= run->toks[j].len == 4 && (run->toks[j].flags & TF_DIGIT);
    bool future = false;
    for (int j = c->v0; j < c->v1; j++)
        future |= cd_tok_is(run, j, "will") || cd_tok_is(run, j, "'ll") ||
                  cd_tok_is(run, j, "wo");
    return year && future;
}

/* "warns Bath they have until next week": a cut right after a limit
 * that "have" or "give" holds leaves out what the time is for. */
static bool ends_on_a_limit(const cd_run *run, const cd_clause *c, int start, int p)
{
    for (int j = start; j < p; j++) {
        int tl;
        if (!cd_is_time_phrase_start(run, j, p, &tl) || j + tl != p ||
            !time_kept(run, c, j, tl))
            continue;
        for (int k = j - 1; k >= c->v0 && k >= j - 3; k--)
            if (!strcmp(run->toks[k].lemma, "have") || !strcmp(run->toks[k].lemma, "give"))
                return true;
    }
    return false;
}

static void push_span(cd_run *run, cd_hl *h, const cd_clause *c, int a, int b)
{
    for (int k = a; k < b; k++) {
        if (c && cd_clause_skipped(c, k))
            continue;
        const cd_tok *t = &run->toks[k];
        if (is_article(run, k) || droppable_adverb(run, k) ||
            (h->lean && cd_droppable_adjective(run, k, b)) || cd_honorific(run, k, b))
            continue;
        int tl;
        if (!(t->flags & TF_QUOTED) && cd_is_time_phrase_start(run, k, b, &tl)) {
            /* one that says what the claim is stays whole ("until 2018",
             * "since March 2003"), less its articles; the others go, with
             * a comma that only set them off */
            bool keep = time_kept(run, c, k, tl);
            for (int j = k; j < k + tl && keep; j++)
                keep = !(c && cd_clause_skipped(c, j));
            for (int j = k; j < k + tl && keep; j++)
                if (!is_article(run, j))
                    cd_hl_push(h, j, NULL);
            k += tl - 1;
            continue;
        }
        if (cd_tok_is(run, k, "(") && !(run->toks[k].flags & TF_QUOTED)) {
            /* a parenthesis goes whole (never inside a quotation, whose
             * words stay as said); an unclosed one runs to the end */
            int after = cd_skip_parens(run, k, b);
            k = (after > k ? after : b) - 1;
            continue;
        }
        if ((t->flags & TF_DIGIT) && k + 1 < b &&
            (cd_tok_is(run, k + 1, "percent") ||
             (cd_tok_is(run, k + 1, "per") && cd_tok_is(run, k + 2, "cent")))) {
            cd_hl_push(h, k, NULL);
            cd_hl_push(h, k + 1, "%");
            if (cd_tok_is(run, k + 1, "per"))
                k++;
            k++;
            continue;
        }
        const char *num = (t->flags & TF_QUOTED) ? NULL : numeral(run, k, b);
        /* reported speech in the present: "said it would" -> "says it will" */
        if (!num && c && cd_tok_is(run, k, "would") && !(t->flags & TF_QUOTED) &&
            cd_is_speech_verb(run->toks[c->mv].lemma) && k > c->v1)
            num = "will";
        if (!num && k == h->lower_tok && k > 0) {
            char *low = cd_arena_strndup(&run->arena, run->text + t->off, t->len);
            if (low)
                low[0] = (char)tolower((unsigned char)low[0]);
            num = low;
        }
        cd_hl_push(h, k, num);
    }
}

/* The present-tense form of verb token k for a subject of this number;
 * NULL when the verb is unknown (we never guess a conjugation). */
static const char *present(cd_run *run, int k, bool plural)
{
    const cd_tok *t = &run->toks[k];
    if (t->lemma == t->lower && t->pos != P_VB && t->pos != P_VBP &&
        t->pos != P_VBZ)
        return NULL; /* WordNet did not know the past form */
    if (plural) {
        if (!strcmp(t->lemma, "be"))
            return "are";
        return t->lemma;
    }
    return cd_verb_3sg(&run->arena, t->lemma);
}

/* Push the verb group in headline form; false when it can't be done. */
static bool push_verb(cd_run *run, cd_hl *h, const cd_clause *c)
{
    const cd_tok *first = &run->toks[c->v0];
    const cd_tok *m = &run->toks[c->mv];
    /* a negation, or an adverb that turns the claim ("no longer needs",
     * "only wants", "barely survived"), keeps the verb group as it is */
    static const char *const turn[] = {"not", "n't", "never", "no", "hardly", "barely",
                                       "scarcely", "rarely", "seldom", "only",
                                       "nearly", "almost", "merely", "longer", "yet"};
    bool neg = false;
    for (int k = c->v0; k < c->v1; k++)
        for (size_t i = 0; i < CD_ARRAY_LEN(turn); i++)
            if (cd_tok_is(run, k, turn[i]) && !(run->toks[k].flags & TF_QUOTED))
                neg = true;
    if (first->pos == P_MD) {
        bool will = cd_tok_is(run, c->v0, "will") || cd_tok_is(run, c->v0, "'ll");
        /* "There will be arguing" is not "There to argue" */
        if (will && run->toks[c->s0].pos == P_EX)
            return false;
        if (will && !neg && c->v1 - c->v0 == 3 &&
            cd_tok_is(run, c->v0 + 1, "be") && run->toks[c->mv].pos == P_VBG) {
            /* "will be focusing" -> "to focus" */
            if (m->lemma == m->lower)
                return false;
            cd_hl_push(h, c->v0, "to");
            cd_hl_push(h, c->mv, m->lemma);
            return true;
        }
        if (will && !neg) {
            cd_hl_push(h, c->v0, "to");
            for (int k = c->v0 + 1; k < c->v1; k++)
                if (run->toks[k].pos >= P_VB && run->toks[k].pos <= P_VBZ)
                    cd_hl_push(h, k, NULL);
            return c->v1 > c->v0 + 1;
        }
        /* "won't win", "can't afford" stay as written (the tokenizer
         * splits them "wo" "n't", "ca" "n't"; "wo not" is no word) */
        for (int k = c->v0; k < c->v1; k++) {
            if (droppable_adverb(run, k))
                continue;
            bool contracted = cd_tok_is(run, k, "n't") && k > c->v0 &&
                              (cd_tok_is(run, k - 1, "wo") || cd_tok_is(run, k - 1, "ca"));
            cd_hl_push(h, k, cd_tok_is(run, k, "n't") && !contracted ? "not" : NULL);
        }
        return true;
    }
    if (neg) {
        /* keep the group, moving a past auxiliary to the present */
        for (int k = c->v0; k < c->v1; k++) {
            const cd_tok *t = &run->toks[k];
            if (droppable_adverb(run, k))
                continue;
            if (t->pos == P_VBD && (k == c->v0 || run->toks[k - 1].pos == P_RB)) {
                const char *p = present(run, k, c->plural);
                if (!p)
                    return false;
                cd_hl_push(h, k, p);
            } else {
                cd_hl_push(h, k, cd_tok_is(run, k, "n't") ? "not" : NULL);
            }
        }
        return true;
    }
    if (c->passive) {
        cd_hl_push(h, c->mv, NULL); /* "was arrested" -> "arrested" */
        return true;
    }
    if (c->mv != c->v0 && (m->pos == P_VBN || m->pos == P_VBG)) {
        /* has announced / is planning / has been planning -> announces */
        const char *p = present(run, c->mv, c->plural);
        if (!p || m->lemma == m->lower)
            return false;
        cd_hl_push(h, c->mv, p);
        return true;
    }
    /* "BMW is to recall" -> "BMW to recall"; "are to back plans", where
     * the tagger read "back" as an adverb before the noun phrase */
    if (c->copula && c->v1 + 1 < c->stop && run->toks[c->v1].pos == P_TO) {
        const cd_tok *v = &run->toks[c->v1 + 1];
        int after = c->v1 + 2 < c->stop ? run->toks[c->v1 + 2].pos : P_PUNCT;
        if (v->pos == P_VB ||
            (v->pos == P_RB && (after == P_DT || after == P_JJ || after == P_NN ||
                                after == P_NNS || after == P_PRPS || after == P_NNP)))
            return true;
    }
    if (c->copula) {
        int nx = c->v1;
        /* "there are real concerns" keeps its verb: after an expletive
         * the copula is all the clause asserts */
        /* "are small business owners", "is truly the season": a noun
         * phrase after the copula keeps it */
        int np = nx;
        while (np < c->stop && run->toks[np].pos == P_RB)
            np++;
        while (np < c->stop && run->toks[np].pos == P_JJ)
            np++;
        int pn = np < c->stop ? run->toks[np].pos : P_PUNCT;
        bool noun_pred = np > nx && (pn == P_NN || pn == P_NNS || pn == P_NNP ||
                                     pn == P_NNPS || pn == P_DT || pn == P_PRPS);
        if (nx < c->stop && run->toks[c->s0].pos != P_EX && !noun_pred &&
            (run->toks[nx].pos == P_JJ || run->toks[nx].pos == P_RB ||
                             run->toks[nx].pos == P_IN || run->toks[nx].pos == P_VBN ||
                             run->toks[nx].pos == P_JJR))
            return true; /* "Profits were up 76%" -> "Profits up 76%" */
        cd_hl_push(h, c->mv, c->plural ? "are" : "is");
        return true;
    }
    if (m->pos == P_VBD || m->pos == P_VBZ || m->pos == P_VBP) {
        const char *p = m->pos == P_VBD ? present(run, c->mv, c->plural) : NULL;
        if (m->pos == P_VBD && !p)
            return false;
        cd_hl_push(h, c->mv, p);
        return true;
    }
    return false;
}

/* Push the subject.  Variant 0: the whole subject, compressed.  Variant
 * 1: a person's name with its title or description cut to the surname
 * ("US Secretary of Defense Pete Hegseth" -> "Hegseth").  Variant 2: the
 * name without what precedes it ("Rock star Patti Smith" -> "Patti
 * Smith").  Returns false when the variant does not apply. */
static bool subject_words(cd_run *run, cd_hl *h, const cd_clause *c, int variant,
                          const char *its);

/* The subject as a headline writes it; false where nothing of it is
 * left ("Next year will be ..." loses its time phrase: no "To be ..."). */
static bool push_subject(cd_run *run, cd_hl *h, const cd_clause *c, int variant,
                         const char *its)
{
    /* "Speaking to the committee he urged ...": a phrase the clause
     * finder left before a pronoun subject is no part of it, and the
     * pronoun names no one */
    int last = c->s1 - 1;
    while (last > c->s0 && cd_clause_skipped(c, last))
        last--;
    int p0 = run->toks[c->s0].pos;
    if (last > c->s0 && run->toks[last].pos == P_PRP &&
        !(run->toks[last].flags & TF_QUOTED) &&
        (p0 == P_VBG || p0 == P_VBN || p0 == P_IN || p0 == P_TO))
        return false;
    int n0 = h->n;
    return subject_words(run, h, c, variant, its) && h->n > n0;
}

/* Whether entity e is surely a person: the article gives the name with
 * "Mr", "Mrs", "Ms", "Dr" or "Sir" (the person flag also takes names
 * before "said", some of them firms'). */
static bool honoured(const cd_run *run, int e)
{
    static const char *const hon[] = {"mr ", "mrs ", "ms ", "miss ", "dr ", "sir "};
    if (e < 0 || e >= run->nent)
        return false;
    for (int a = 0; a < run->ents[e].naliases; a++)
        for (size_t i = 0; i < CD_ARRAY_LEN(hon); i++)
            if (!strncasecmp(run->ents[e].aliases[a], hon[i], strlen(hon[i])))
                return true;
    return false;
}

/* The full name of the person whose first name token k is ("Anil" of
 * "Anil Ambani"), when k names no one else; else NULL. */
static const char *full_for_first_name(const cd_run *run, int k)
{
    const cd_tok *t = &run->toks[k];
    if (t->ent >= 0 && t->ent < run->nent && strchr(run->ents[t->ent].name, ' '))
        return NULL; /* part of a longer name already */
    const char *found = NULL;
    for (int e = 0; e < run->nent; e++) {
        const cd_entity *en = &run->ents[e];
        const char *sp = strchr(en->name, ' ');
        if (!en->person || !sp || (size_t)(sp - en->name) != t->len ||
            strncasecmp(en->name, run->text + t->off, t->len) != 0)
            continue;
        if (found)
            return NULL; /* two people of that first name */
        /* "Apple" of "Apple TV": a word the article uses more often on
         * its own names something else */
        if (t->ent >= 0 && t->ent < run->nent && run->ents[t->ent].mentions > en->mentions &&
            !honoured(run, e))
            return NULL;
        found = en->full ? en->full : en->name;
    }
    return found;
}

static bool subject_words(cd_run *run, cd_hl *h, const cd_clause *c, int variant,
                          const char *its)
{
    int n = 0;
    for (int k = c->s0; k < c->s1; k++)
        if (!cd_clause_skipped(c, k))
            n++;
    if (n == 1 && run->toks[c->s0].pos == P_PRP) {
        if (!(cd_tok_is(run, c->s0, "he") || cd_tok_is(run, c->s0, "she")))
            return false;
        const char *name = cd_resolve_pronoun(run, c->s0);
        if (!name || variant != 0)
            return false;
        cd_hl_push(h, c->s0, name);
        return true;
    }
    /* "Anil, 45, has stepped down": a first name alone, where the
     * article named the person in full, is given the full name */
    if (n == 1 && run->toks[c->s0].pos == P_NNP && !(run->toks[c->s0].flags & TF_QUOTED)) {
        const char *full = full_for_first_name(run, c->s0);
        if (full) {
            if (variant != 0)
                return false;
            cd_hl_push(h, c->s0, full);
            return true;
        }
    }
    if (variant == 0) {
        /* "Its systems will go dark" -> "Rosetta's systems to go dark" */
        if (cd_tok_is(run, c->s0, "its") && !(run->toks[c->s0].flags & TF_QUOTED)) {
            if (!its)
                return false;
            cd_hl_push(h, c->s0, its);
            push_span(run, h, c, c->s0 + 1, c->s1);
            return true;
        }
        push_span(run, h, c, c->s0, c->s1);
        return true;
    }
    /* a coordinated subject keeps every conjunct ("GM and Ford") */
    for (int k = c->s0; k < c->s1; k++)
        if (run->toks[k].pos == P_CC && !cd_clause_skipped(c, k))
            return false;
    if (variant == 3) {
        /* Hedge Trimmer's XP-over-XP: the head noun phrase without its
         * prepositional phrase ("Quarterly profits at US media giant
         * TimeWarner" -> "Quarterly profits") */
        int k = c->s0;
        bool noun = false;
        bool bare_verb = false; /* a verb of a clause in it, no noun since */
        for (; k < c->s1; k++) {
            const cd_tok *t = &run->toks[k];
            if (t->pos == P_IN && !cd_tok_is(run, k, "of") && noun)
                break;
            if ((t->pos == P_VBZ || t->pos == P_VBP || t->pos == P_VBD || t->pos == P_MD) &&
                !cd_clause_skipped(c, k))
                bare_verb = true;
            bool nn = t->pos == P_NN || t->pos == P_NNS || t->pos == P_NNP ||
                     t->pos == P_NNPS;
            noun |= nn;
            if (nn || t->pos == P_PRP || t->pos == P_CD)
                bare_verb = false;
        }
        /* "The idea that video games are [on track to be ...]": a clause
         * in the subject is not cut between its verb and what follows */
        if (bare_verb && k < c->s1)
            return false;
        /* "horror film produced by ...": the participle goes with its PP */
        while (k > c->s0 && (run->toks[k - 1].pos == P_VBN ||
                             run->toks[k - 1].pos == P_VBG ||
                             run->toks[k - 1].pos == P_RB ||
                             run->toks[k - 1].pos == P_PUNCT)) {
            /* "The ferry [only] carried": an adverb the clause finder
             * left in the subject may turn the claim; it is not cut */
            if (run->toks[k - 1].pos == P_RB && k == c->s1 && !droppable_adverb(run, k - 1))
                return false;
            k--;
        }
        if (k >= c->s1 || k - c->s0 < 1)
            return false;
        push_span(run, h, c, c->s0, k);
        return true;
    }
    /* the subject must end in a name, preceded only by a description */
    int last = c->s1 - 1;
    while (last > c->s0 && cd_clause_skipped(c, last))
        last--;
    if (run->toks[last].ent < 0)
        return false;
    int e = run->toks[last].ent;
    int first = last;
    while (first > c->s0 && run->toks[first - 1].ent == e)
        first--;
    for (int k = c->s0; k < first; k++) {
        const cd_tok *t = &run->toks[k];
        if (cd_clause_skipped(c, k))
            continue;
        /* "Wheat exports from the port of Elsfield": the name is not the
         * head; only a title's "of" ("Secretary of Defense") may stand */
        if (t->pos == P_IN && !(cd_tok_is(run, k, "of") && k > c->s0 &&
                                run->toks[k - 1].pos == P_NNP &&
                                run->toks[k + 1].pos == P_NNP))
            return false;
        if (!(t->pos == P_NNP || t->pos == P_DT || t->pos == P_JJ ||
              t->pos == P_IN || t->pos == P_NN || t->pos == P_POS ||
              t->pos == P_NNPS || t->pos == P_NNS || t->pos == P_CD ||
              (t->pos == P_PUNCT && !cd_tok_is(run, k, ","))))
            return false;
    }
    /* "Rapper 50 Cent": a number just before the name is part of it */
    if (first > c->s0 && run->toks[first - 1].pos == P_CD &&
        !cd_clause_skipped(c, first - 1))
        return false;
    if (variant == 1) {
        if (!run->ents[e].person || first == last)
            return false;
        cd_hl_push(h, last, NULL);
        return true;
    }
    if (first == c->s0)
        return false;
    push_span(run, h, c, first, last + 1);
    return true;
}

/* The first coordinated noun phrase after the verb ("membership and
 * restoration of its borders 'unrealistic'"): [and, end) can go. */
static bool conjunct(const cd_run *run, int a, int b, int *c0, int *c1)
{
    for (int k = a; k < b; k++) {
        const cd_tok *t = &run->toks[k];
        if (t->flags & TF_QUOTED)
            continue;
        if (t->pos != P_CC || !cd_tok_is(run, k, "and"))
            continue;
        /* "lethal and non-lethal aid" joins adjectives: nothing to drop */
        int pv = run->toks[k - 1].pos;
        if (!(pv == P_NN || pv == P_NNS || pv == P_NNP || pv == P_NNPS ||
              pv == P_CD))
            return false;
        int j = k + 1;
        while (j < b && !(run->toks[j].flags & TF_QUOTED) &&
               (run->toks[j].pos == P_DT || run->toks[j].pos == P_JJ ||
                run->toks[j].pos == P_NN || run->toks[j].pos == P_NNS ||
                run->toks[j].pos == P_NNP || run->toks[j].pos == P_NNPS ||
                run->toks[j].pos == P_CD || run->toks[j].pos == P_POS ||
                run->toks[j].pos == P_PRPS || cd_tok_is(run, j, "of")))
            j++;
        /* not "Labour and Tories are": a conjunct before a verb is part
         * of a subject, and dropping it breaks the agreement */
        bool verb = j < b && (run->toks[j].pos == P_VBD || run->toks[j].pos == P_VBZ ||
                              run->toks[j].pos == P_VBP || run->toks[j].pos == P_MD);
        if (j > k + 1 && j < b && !verb && !cd_tok_is(run, j - 1, "of")) {
            *c0 = k;
            *c1 = j;
            return true;
        }
        return false;
    }
    return false;
}

/* Nouns that need their complement: "calls for ...", "plans to ...",
 * "bid for ..." - a headline that stops after them says nothing. */
static bool relational_noun(const char *lower)
{
    static const char *const w[] = {
        "ability", "appeal", "appeals", "attempt", "attempts", "bid", "bids",
        "call", "calls", "campaign", "decision", "demand", "demands", "effort",
        "efforts", "hope", "hopes", "move", "need", "plan", "plans", "pledge",
        "pressure", "promise", "push", "request", "right", "support",
        "threat", "threats", "warning",
        /* a forecast is of something: "leaves its forecast [for growth]" */
        "forecast", "forecasts", "outlook", "estimate", "estimates", "projection",
        "projections", "prediction", "predictions",
    };
    for (size_t i = 0; i < CD_ARRAY_LEN(w); i++)
        if (strcmp(lower, w[i]) == 0)
            return true;
    return false;
}

/* Can a headline end just before token p? */
static bool cut_ok(const cd_run *run, const cd_clause *c, int p)
{
    /* "Balls speaks as Sir Digby Jones" for "... as Sir Digby Jones, CBI
     * director general, warned ...": no clause left without its verb */
    if (cd_cut_opens_clause(run, c->v1, p, c->b))
        return false;
    /* "voted European Athletics (EAA) woman athlete of 2004": a bracket
     * inside a noun phrase is no end of it */
    if (cd_tok_is(run, p, "(")) {
        for (int k = p + 1; k < p + 8 && k + 1 < run->ntok; k++)
            if (cd_tok_is(run, k, ")")) {
                int nx = run->toks[k + 1].pos;
                if (nx == P_NN || nx == P_NNS || nx == P_NNP || nx == P_NNPS ||
                    nx == P_POS || nx == P_JJ)
                    return false;
                break;
            }
    }
    if (p == c->stop)
        return true;
    if (p > c->clause_end)
        return false;
    const cd_tok *t = &run->toks[p];
    if ((t->flags & TF_QUOTED) && (run->toks[p - 1].flags & TF_QUOTED))
        return false;
    if (cd_tok_is(run, p - 1, "\"") && (t->flags & TF_QUOTED))
        return false; /* just after an opening mark */
    if ((cd_tok_is(run, p, "for") || cd_tok_is(run, p, "to") ||
         cd_tok_is(run, p, "of")) && p - 3 >= c->v1) {
        for (int k = p - 1; k >= p - 3; k--)
            if (relational_noun(run->toks[k].lower))
                return false;
    }
    /* "There's a strong chance [that these are ...]": an existential's
     * noun is hollow without what it introduces */
    if (run->toks[c->s0].pos == P_EX &&
        (cd_tok_is(run, p, "that") || t->pos == P_WDT || t->pos == P_WP))
        return false;
    if (cd_tok_is(run, p, ","))
        return true;
    /* after a dropped copula the adjective alone is enough:
     * "Baros uncertain whether ..." may end after "uncertain" */
    int min = c->copula && run->toks[c->v1].pos == P_JJ ? c->v1 : c->v1 + 1;
    if (t->pos == P_IN && !cd_tok_is(run, p, "of") && p > min)
        return true;
    if ((t->pos == P_TO || t->pos == P_WDT || t->pos == P_WP ||
         (t->pos == P_VBG && cd_tok_is(run, p - 1, ","))) && p > c->v1 + 1)
        return true;
    /* "and" ends a headline only where a new clause starts */
    if (t->pos == P_CC && p > c->v1 + 1 && p + 1 < c->stop &&
        (run->toks[p + 1].pos == P_VBD || run->toks[p + 1].pos == P_VBZ ||
         run->toks[p + 1].pos == P_VBP || run->toks[p + 1].pos == P_MD ||
         run->toks[p + 1].pos == P_PRP))
        return true;
    return false;
}

static bool person_word(const cd_run *run, int k)
{
    static const char *const w[] = {"i", "we", "our", "my", "us", "me",
                                    "you", "your", "ours", "mine"};
    /* "US" is a country, not "us" */
    if ((run->toks[k].flags & TF_ALLCAP) && !cd_tok_is(run, k, "i"))
        return false;
    for (size_t i = 0; i < CD_ARRAY_LEN(w); i++)
        if (cd_tok_is(run, k, w[i]))
            return true;
    return false;
}

static bool linking_verb(const cd_run *run, int k)
{
    return !strcmp(run->toks[k].lemma, "be") || !strcmp(run->toks[k].lemma, "get") ||
           !strcmp(run->toks[k].lemma, "have") || !strcmp(run->toks[k].lemma, "become");
}

/* A headline must not end on a function word or an opening mark, nor
 * speak in the first or second person outside quotation marks (in a
 * report those words come from a quotation that lost its marks).  An
 * essay in the first person may address its reader ("your rented
 * space"); its narrator's "I" and "my" still mean no one to a reader of
 * the headline alone. */
static bool dangling(const cd_run *run, const cd_hl *h, int mv)
{
    if (h->n == 0)
        return true;
    for (int i = 0; i < h->n; i++)
        if (h->tok[i] >= 0 && !h->rep[i] &&
            !(run->toks[h->tok[i]].flags & TF_QUOTED) &&
            person_word(run, h->tok[i]) &&
            !(run->first_person && (cd_tok_is(run, h->tok[i], "you") ||
                                    cd_tok_is(run, h->tok[i], "your"))))
            return true;
    /* "Anil Ambani resigns from running its subsidiary": a thing's or
     * a group's possessive with nothing before it in the headline to
     * stand for (the company went with the cut) */
    for (int i = 0; i < h->n; i++) {
        int p = h->tok[i];
        if (p < 0 || h->rep[i] || (run->toks[p].flags & TF_QUOTED) ||
            !(cd_tok_is(run, p, "its") || cd_tok_is(run, p, "their")))
            continue;
        bool anchored = false, its = cd_tok_is(run, p, "its");
        for (int j = 0; j < i && !anchored; j++) {
            int q = h->tok[j];
            if (q < 0)
                continue;
            const cd_tok *u = &run->toks[q];
            /* "Ireland maintain their", "team to win their": a group's
             * "their" may stand for a singular noun */
            if (h->rep[j])
                anchored = u->pos == P_PRP || u->pos == P_PRPS || u->pos == P_NNP;
            else if (its && honoured(run, u->ent))
                continue; /* "its" is no Mr Ambani's */
            else
                anchored = cd_refers_into(run, q, q, p) ||
                           (!its && (u->pos == P_NN || u->pos == P_NNP));
        }
        if (!anchored)
            return true;
    }
    int k = h->tok[h->n - 1];
    if (h->rep[h->n - 1])
        return false;
    const cd_tok *t = &run->toks[k];
    if (cd_tok_is(run, k, "not") || cd_tok_is(run, k, "n't"))
        return true;
    /* "texts sent", "initiatives, pointing": a participle left behind
     * by a cut */
    if ((t->pos == P_VBN || t->pos == P_VBG) && k != mv && h->n > 1 &&
        h->tok[h->n - 2] >= 0) {
        int pp = run->toks[h->tok[h->n - 2]].pos;
        if (pp == P_NN || pp == P_NNS || cd_tok_is(run, h->tok[h->n - 2], ","))
            return true;
        /* "economy grows [at a faster rate than the 0.4% first]
         * reported": a participle after the verb and its adverbs */
        int j = h->n - 2;
        while (j > 0 && h->tok[j] >= 0 && run->toks[h->tok[j]].pos == P_RB)
            j--;
        if (h->tok[j] == mv && j < h->n - 2)
            return true;
        if (h->tok[j] == mv && t->pos == P_VBN && !linking_verb(run, mv))
            return true;
    }
    /* "economy grows [...] first reported": a second finite verb just
     * after the main one and its adverbs */
    if (t->pos == P_VBD && k != mv && h->n > 1) {
        int j = h->n - 2;
        while (j > 0 && h->tok[j] >= 0 && run->toks[h->tok[j]].pos == P_RB)
            j--;
        if (h->tok[j] == mv)
            return true;
    }
    return t->pos == P_IN || t->pos == P_DT || t->pos == P_CC ||
           t->pos == P_TO || t->pos == P_PRPS || t->pos == P_WDT ||
           t->pos == P_POS || t->pos == P_MD ||
           (cd_tok_is(run, k, "\"") && k + 1 < run->ntok &&
            (run->toks[k + 1].flags & TF_QUOTED));
}

static double key_cover(const cd_run *run, const char *text)
{
    char low[512];
    cd_lower_copy(text, low, sizeof low);
    double s = 0;
    for (int q = 0; q < run->nkey && q < 5; q++)
        if (strstr(low, run->keys[q].text))
            s += 1.0 / (1 + q);
    return s;
}

/* What the generator knows about a candidate beyond its text. */
typedef struct hctx {
    int sent;
    double base;       /* the source sentence's salience */
    const char *angle; /* "event", "says", "quote" */
    int variant;       /* subject: 0 whole, 1 surname, 2 name */
    int conj;          /* a conjunct was dropped */
    int cut;           /* 0 clause end, 1 comma, 2 preposition, 3 other */
    bool passive;
    bool pronoun;      /* the subject was a resolved pronoun */
    int mv;            /* the main verb's token, or -1 */
    bool lean;         /* adjectives were dropped */
    int s0, s1;        /* the subject's tokens, read whole on the tree (its
                        * variants shorten names by their own rules) */
    int tree_flags;    /* CD_TREE_* */
} hctx;

/* The tokens a candidate is read from on the tree: its own, and the
 * whole subject. */
static int tree_toks(const cd_hl *h, const hctx *x, int *out)
{
    int m = 0;
    for (int i = 0; i < h->n; i++)
        if (h->tok[i] >= 0)
            out[m++] = h->tok[i];
    for (int k = x->s0; k < x->s1 && m < 2 * CD_HL_MAX; k++)
        out[m++] = k;
    return m;
}

static bool n_closing_quote(const char *text)
{
    size_t n = strlen(text);
    return n && text[n - 1] == '\'';
}

/* Headline ranking features (see ranker.c and
 * tools/train_ranker.c, which learns their weights). */
static void features(const cd_run *run, const cd_hl *h, const char *text,
                     const hctx *x, float *f)
{
    int w = cd_words(text);
    int nnp = 0, digits = 0, kept = 0;
    for (int i = 0; i < h->n; i++) {
        if (h->tok[i] < 0)
            continue;
        const cd_tok *t = &run->toks[h->tok[i]];
        kept++;
        if (t->pos == P_NNP || t->pos == P_NNPS)
            nnp++;
        if (t->flags & TF_DIGIT)
            digits++;
    }
    const cd_sent *se = &run->sents[x->sent];
    memset(f, 0, CD_NFEAT * sizeof *f);
    f[0] = 1;
    f[1] = (float)x->base;
    f[2] = x->sent == 0;
    f[3] = x->sent == 1;
    f[4] = x->sent >= 2 ? (float)(1.0 / (1 + x->sent)) : 0;
    f[5] = (float)w / 10;
    f[6] = (float)((w - 6) * (w - 6)) / 10;
    f[7] = (float)strlen(text) / 60;
    f[8] = x->variant == 1;
    f[9] = x->variant == 2;
    f[30] = x->variant == 3;
    f[10] = (float)x->conj;
    f[11] = strcmp(x->angle, "event") == 0;
    f[12] = strcmp(x->angle, "says") == 0;
    f[13] = strcmp(x->angle, "quote") == 0;
    f[14] = (float)key_cover(run, text);
    f[15] = x->cut == 0;
    f[16] = x->cut == 1;
    f[17] = x->cut == 2;
    f[18] = strchr(text, '\'') != NULL && strstr(text, " '") != NULL;
    f[19] = w ? (float)nnp / (float)w : 0;
    f[20] = digits > 0;
    f[21] = x->pronoun;
    f[22] = x->passive;
    f[23] = se->ntok ? (float)kept / (float)se->ntok : 0;
    f[24] = h->n && h->tok[0] >= 0 && (run->toks[h->tok[0]].pos == P_NNP ||
                                       run->toks[h->tok[0]].pos == P_NNPS);
    f[25] = w <= 4;
    /* Topic words: headline words tend to recur in the article. */
    int content = 0, rec = 0;
    double logtf = 0;
    for (int i = 0; i < h->n; i++) {
        if (h->tok[i] < 0)
            continue;
        const cd_tok *t = &run->toks[h->tok[i]];
        if (t->pos == P_PUNCT || cd_is_stopword(t->lower))
            continue;
        int tf = cd_article_count(run, t->lower);
        content++;
        rec += tf >= 2;
        logtf += log(1.0 + tf);
    }
    f[26] = content ? (float)(logtf / content) : 0;
    f[27] = content ? (float)rec / (float)content : 0;
    f[28] = w ? (float)content / (float)w : 0;
    f[29] = (float)logtf / 10;
    /* how the headline ends: on a noun, a number, an adjective, a verb,
     * or a closing quotation mark */
    int last = -1;
    for (int i = h->n - 1; i >= 0 && last < 0; i--)
        if (h->tok[i] >= 0 && run->toks[h->tok[i]].pos != P_PUNCT)
            last = h->tok[i];
    if (last >= 0) {
        int p = run->toks[last].pos;
        f[31] = p == P_NN || p == P_NNS || p == P_NNP || p == P_NNPS;
        f[32] = p == P_CD || (run->toks[last].flags & TF_DIGIT);
        f[33] = p == P_JJ || p == P_JJR || p == P_JJS;
        f[34] = p >= P_VB && p <= P_VBZ;
    }
    f[35] = n_closing_quote(text);
    /* the mix of word classes kept */
    int cls[8] = {0}, all = 0;
    for (int i = 0; i < h->n; i++) {
        if (h->tok[i] < 0)
            continue;
        int p = run->toks[h->tok[i]].pos;
        if (p == P_PUNCT)
            continue;
        all++;
        if (p == P_NN || p == P_NNS)
            cls[0]++;
        else if (p == P_NNP || p == P_NNPS)
            cls[1]++;
        else if (p == P_JJ || p == P_JJR || p == P_JJS)
            cls[2]++;
        else if (p == P_IN || p == P_TO)
            cls[3]++;
        else if (p >= P_VB && p <= P_MD)
            cls[4]++;
        else if (p == P_PRP || p == P_PRPS)
            cls[5]++;
        else if (p == P_RB)
            cls[6]++;
        else
            cls[7]++;
    }
    for (int i = 0; i < 8; i++)
        f[36 + i] = all ? (float)cls[i] / (float)all : 0;
    f[44] = x->lean;
    /* the keep model: how much of what writers keep is in, and out */
    double kin = 0, kout = 0;
    int nin = 0;
    for (int i = 0; i < h->n; i++) {
        int k = h->tok[i];
        if (k < 0 || run->toks[k].pos == P_PUNCT)
            continue;
        kin += cd_keep_prob(run, k);
        nin++;
    }
    if (strcmp(x->angle, "event") == 0)
        for (int k = se->tok0; k < se->tok0 + se->ntok; k++) {
            if (run->toks[k].pos == P_PUNCT)
                continue;
            bool in = false;
            for (int i = 0; i < h->n && !in; i++)
                in = h->tok[i] == k;
            if (!in)
                kout += cd_keep_prob(run, k);
        }
    f[45] = nin ? (float)(kin / nin) : 0;
    f[46] = (float)kin / 5;
    f[47] = (float)kout / 5;
    /* expected unigram F1 against a headline of typical length, if the
     * writer keeps each word with the keep model's probability:
     * 2M / (|candidate| + |reference|) */
    f[48] = (float)(2 * kin / (w + 6.0));
    f[49] = (float)(2 * kin / (w + 10.0));
    /* where it stands among the prose: a page's first lines may be a
     * date, a byline or a caption (analyze_keys.c), and the first
     * sentence of prose after them is the lead */
    f[50] = se->lead == 0 && x->sent != 0;
    f[51] = x->sent < 3 && se->lead > x->sent;
}

static double dot(const cd_run *run, const float *f)
{
    const double *w = run->meta.from_html ? run->model->page_w : run->model->rank_w;
    double s = 0;
    for (int i = 0; i < CD_NFEAT; i++)
        s += w[i] * f[i];
    return s;
}

/* Add a built headline to the headline and SEO lists. */
static cd_status emit(cd_run *run, const cd_hl *h, const hctx *x)
{
    char buf[1024];
    size_t n = cd_hl_render(run, h, CD_RENDER_HEADLINE, buf, sizeof buf);
    if (n == 0 || dangling(run, h, x->mv))
        return CD_OK;
    int w = cd_words(buf);
    int src[1] = {x->sent};
    float f[CD_NFEAT];
    features(run, h, buf, x, f);
    int tt[2 * CD_HL_MAX];
    int nt = tree_toks(h, x, tt);
    if (w >= run->opts.headline_min_words && w <= run->opts.headline_max_words) {
        cd_cand *c = cd_cand_add(run, CD_HEADLINE, buf, n, src, 1, dot(run, f),
                                 x->angle);
        if (!c || !cd_cand_set_toks(run, c, tt, nt, x->tree_flags))
            return cd_run_fail(run, CD_E_NOMEM, "generate", 0, "out of memory");
        if (!run->cands[CD_HEADLINE].dup_kept)
            memcpy(c->feat, f, sizeof f);
    }
    if (n <= (size_t)run->opts.seo_max_chars + 10 && w >= 4) {
        /* the headline's learned score, plus room used and the keyphrase
         * (rank.c adds its position) */
        double fill = (double)n / run->opts.seo_max_chars;
        double score = dot(run, f) + 0.1 * (fill > 1 ? 0 : fill) + 0.05 * f[14];
        cd_cand *c = cd_cand_add(run, CD_SEO_TITLE, buf, n, src, 1, score, x->angle);
        if (!c || !cd_cand_set_toks(run, c, tt, nt, x->tree_flags))
            return cd_run_fail(run, CD_E_NOMEM, "generate", 0, "out of memory");
    }
    return CD_OK;
}

/* Verbs whose object is often a clause: speech, belief, finding. */
static bool takes_clause(const char *lemma)
{
    static const char *const w[] = {
        "accept", "believe", "expect", "fear", "feel", "find", "hope",
        "indicate", "know", "mean", "reckon", "reveal", "show", "think",
    };
    for (size_t i = 0; i < CD_ARRAY_LEN(w); i++)
        if (strcmp(lemma, w[i]) == 0)
            return true;
    return cd_is_speech_verb(lemma);
}

/* The clause's verb group is negated ("does not", "never"). */
static bool denied(const cd_run *run, const cd_clause *c)
{
    for (int k = c->v0; k < c->v1; k++)
        if (cd_tok_is(run, k, "not") || cd_tok_is(run, k, "n't") ||
            cd_tok_is(run, k, "never"))
            return true;
    return false;
}

static cd_status clause_headlines(cd_run *run, int s, const cd_clause *c0,
                                  double base, const char *angle,
                                  const char *speaker_prefix)
{
    /* what an opening "Its" stands for (cd_resolve_its), read once */
    const char *its = NULL;
    if (cd_tok_is(run, c0->s0, "its") && !(run->toks[c0->s0].flags & TF_QUOTED)) {
        cd_status st;
        its = cd_resolve_its(run, c0->s0, &st);
        if (st != CD_OK)
            return cd_run_fail(run, st, "generate", 0, "out of memory");
    }
    for (int conj = 0; conj < 2; conj++) {
        cd_clause cl = *c0;
        const cd_clause *c = &cl;
        if (conj) {
            int a, b;
            if (cl.nskip == CD_CLAUSE_SKIPS || !conjunct(run, cl.v1, cl.stop, &a, &b))
                break;
            cl.skip0[cl.nskip] = a;
            cl.skip1[cl.nskip] = b;
            cl.nskip++;
        }
        for (int v2 = 0; v2 < 8; v2++) {
            int variant = v2 % 4;
            cd_hl head = {0};
            /* a denied claim keeps its adjectives: "does not want a new
             * licence" is not "does not want licence" */
            if (v2 >= 4 && denied(run, &cl))
                break;
            head.lean = v2 >= 4;
            if (speaker_prefix) {
                /* "Essex says Essex says ...": a quotation that reports
                 * speech is not said again */
                if (variant || cd_is_speech_verb(run->toks[c->mv].lemma))
                    break;
                cd_hl_push(&head, -1, speaker_prefix);
                cd_hl_push(&head, -1, "says");
            }
            /* "Hegseth says Safeguarding ..." -> "says safeguarding" */
            head.lower_tok = -1;
            if (speaker_prefix && (run->toks[c->s0].flags & TF_CAP) &&
                run->toks[c->s0].pos != P_NNP && run->toks[c->s0].pos != P_NNPS &&
                !cd_tok_is(run, c->s0, "i"))
                head.lower_tok = c->s0;
            if (!push_subject(run, &head, c, variant, its))
                continue;
            if (!push_verb(run, &head, c))
                return CD_OK;
            int start = c->v1;
            /* "said that ..." -> "says ...", "reveals that" -> "reveals" */
            bool that = cd_tok_is(run, start, "that") && run->toks[start].pos == P_IN;
            if (that)
                start++;
            /* A clausal object ("does not believe NATO membership for
             * Ukraine is a realistic outcome") is kept up to its own verb
             * and what follows it: a cut inside it changes its meaning. */
            int min_cut = start + 1;
            bool clause_obj = false;
            if (that || takes_clause(run->toks[c->mv].lemma))
                for (int k = start; k < c->stop && k < start + 30; k++) {
                    int pk = run->toks[k].pos;
                    if (cd_tok_is(run, k, ",") || pk == P_WDT)
                        break;
                    if (pk == P_VBD || pk == P_VBZ || pk == P_VBP || pk == P_MD) {
                        min_cut = k + 2;
                        clause_obj = true;
                        break;
                    }
                }
            /* "Essid says in addition": a speech verb says something - a
             * clause or a quotation */
            const char *ml = run->toks[c->mv].lemma;
            if ((!strcmp(ml, "say") || !strcmp(ml, "tell") || !strcmp(ml, "add")) &&
                !clause_obj && !(run->toks[start].flags & TF_QUOTED) &&
                !cd_tok_is(run, start, "\"") && !c->passive)
                continue;

            bool any = false;
            hctx x = {s, base, angle, variant, conj, 0, c->passive,
                      run->toks[c->s0].pos == P_PRP, c->mv, head.lean, c->s0,
                      c->s1, CD_TREE_CLAUSE | CD_TREE_HEADLINE};
            /* a headline ends within 40 tokens of its verb: no cut further
             * out can fit, and long sentences stay linear */
            int last = c->stop < start + 40 ? c->stop : start + 40;
            for (int p = min_cut; p <= last; p++) {
                if (!cut_ok(run, c, p) || ends_on_a_limit(run, c, start, p))
                    continue;
                if (conj && p <= c->skip0[c->nskip - 1])
                    continue; /* the same as without the deletion */
                cd_hl h = head;
                push_span(run, &h, c, start, p);
                if (h.n == head.n && !c->passive)
                    continue;
                any = true;
                x.cut = p == c->stop ? 0 : cd_tok_is(run, p, ",") ? 1
                        : run->toks[p].pos == P_IN ? 2 : 3;
                cd_status st = emit(run, &h, &x);
                if (st != CD_OK)
                    return st;
            }
            /* a passive, or a clause whose verb ends it ("Alabama's
             * immigration law may be backfiring"), is whole as it is */
            bool bare = start >= c->stop && !speaker_prefix &&
                        !cd_is_speech_verb(run->toks[c->mv].lemma);
            for (int k = c->stop; k < c->b && bare; k++)
                bare = run->toks[k].pos == P_PUNCT && !cd_tok_is(run, k, ",");
            /* (nor one whose subject the finder cut holes in: "US
             * economic growth [accelerated ..., official figures] have
             * shown") */
            for (int k = c->s0; k < c->s1 && bare; k++)
                bare = !cd_clause_skipped(c, k);
            if (!any && !conj && (c->passive || bare)) {
                cd_status st = emit(run, &head, &x);
                if (st != CD_OK)
                    return st;
            }
        }
    }
    return CD_OK;
}

/* Compressions read off the tree of sentence s: its clause with whole
 * optional phrases left out after the verb - asides, then with them
 * adjectives and adverbs, or place and time phrases, or all - before the
 * cuts at its end that clause_headlines makes. */
static bool same_skips(const cd_clause *a, const cd_clause *b)
{
    if (a->nskip != b->nskip)
        return false;
    for (int i = 0; i < a->nskip; i++)
        if (a->skip0[i] != b->skip0[i] || a->skip1[i] != b->skip1[i])
            return false;
    return true;
}

static cd_status tree_headlines(cd_run *run, int s, const cd_clause *c0, double base)
{
    cd_status st = cd_sent_parse(run, s);
    if (st != CD_OK)
        return st;
    static const int passes[] = {
        CD_TREE_ASIDE, CD_TREE_ASIDE | CD_TREE_MODIFIER,
        CD_TREE_ASIDE | CD_TREE_PHRASE,
        CD_TREE_ASIDE | CD_TREE_PHRASE | CD_TREE_MODIFIER,
    };
    /* a denied claim keeps its adjectives and adverbs ("does not just
     * want a new licence") */
    bool deny = denied(run, c0);
    cd_clause last = *c0;
    for (size_t pass = 0; pass < CD_ARRAY_LEN(passes); pass++) {
        if (deny && (passes[pass] & CD_TREE_MODIFIER))
            continue;
        cd_clause c = *c0;
        if (cd_tree_skips(run, &c, passes[pass]) == 0 || same_skips(&c, &last))
            continue; /* nothing left out, or what the pass before left out */
        last = c;
        st = clause_headlines(run, s, &c, base, "event", NULL);
        if (st != CD_OK)
            return st;
    }
    return CD_OK;
}

static bool first_person(const cd_run *run, int a, int b)
{
    for (int k = a; k < b; k++)
        if (person_word(run, k))
            return true;
    return false;
}

/* `Speaker: 'quote'`, for quotations of 3 to 12 words, or the first
 * clause of a longer one cut at a comma. */
static cd_status quote_headlines(cd_run *run)
{
    for (int i = 0; i < run->nquote && i < CD_MAX_QUOTES; i++) {
        const cd_quote *q = &run->quotes[i];
        if (q->speaker < 0 || q->ntok < 3)
            continue;
        /* she would not "lose any sleep over it": a quotation a negation
         * governs from outside its marks cannot stand alone */
        bool negated = false;
        for (int k = q->tok0 - 2; k >= 0 && k >= q->tok0 - 5; k--)
            if (cd_tok_is(run, k, "not") || cd_tok_is(run, k, "n't") ||
                cd_tok_is(run, k, "never") || cd_tok_is(run, k, "no"))
                negated = true;
        if (negated)
            continue;
        const cd_entity *e = &run->ents[q->speaker];
        const char *who = e->person ? e->short_name : e->name;
        int a = q->tok0, b = q->tok0 + q->ntok;
        while (b > a && run->toks[b - 1].pos == P_PUNCT)
            b--;
        int words = 0;
        for (int k = a; k < b; k++)
            if (run->toks[k].pos != P_PUNCT)
                words++;
        if (words > 12) {
            int cm = -1;
            /* the first clause: up to a comma, a full stop or a relative
             * pronoun ("... an imbalanced relationship | which ...") */
            for (int k = a + 4; k < b && k < a + 14; k++)
                if (cd_tok_is(run, k, ",") || cd_tok_is(run, k, ".") ||
                    run->toks[k].pos == P_WDT) {
                    cm = k;
                    break;
                }
            if (cm < 0)
                continue;
            /* "a useful tool, but it cannot solve every problem": what
             * comes after a contrast is the point */
            static const char *const contrast[] = {"but", "yet", "though", "although",
                                                   "however", "while", "except",
                                                   "unless", "only"};
            if (cm + 1 < b)
                for (size_t j = 0; j < CD_ARRAY_LEN(contrast); j++)
                    if (cd_tok_is(run, cm + 1, contrast[j]))
                        cm = -1;
            if (cm < 0)
                continue;
            b = cm;
        }
        /* "If it's $3,000 a month", "Which one? My husband": a clause
         * that leans on what follows, or a question, says nothing alone */
        static const char *const sub[] = {"if", "when", "because", "although", "though",
                                          "unless", "while", "since", "whether", "until",
                                          "before", "after", "as", "once", "whenever"};
        bool leans = false;
        for (size_t j = 0; j < CD_ARRAY_LEN(sub); j++)
            leans |= cd_tok_is(run, a, sub[j]);
        /* a whole question stays one, with its mark */
        int qm = -1, nq = 0;
        for (int k = a; k < q->tok0 + q->ntok; k++)
            if (cd_tok_is(run, k, "?")) {
                qm = k;
                nq++;
            }
        if (nq == 1 && qm == b && words <= 12)
            b = qm + 1;
        else if (nq)
            leans = true;
        if (leans)
            continue;
        bool verb = false;
        for (int k = a; k < b; k++)
            if (run->toks[k].pos >= P_VB && run->toks[k].pos <= P_MD)
                verb = true;
        /* a fragment without a verb makes a headline only when short:
         * 'unrealistic', 'not enough' */
        if (b - a < 2 || (!verb && b - a > 6))
            continue;
        /* nor a name or a title said in passing ('Director of Public
         * Prosecutions'): a fragment without a verb is an opinion */
        bool named = !verb;
        for (int k = a; k < b && named; k++)
            named = run->toks[k].pos == P_NNP || run->toks[k].pos == P_NNPS ||
                    run->toks[k].pos == P_IN || run->toks[k].pos == P_DT ||
                    run->toks[k].pos == P_PUNCT || run->toks[k].pos == P_CC;
        if (named)
            continue;
        double sal = run->sents[q->sent].salience;
        cd_hl h = {0};
        for (int k = a; k < b; k++)
            cd_hl_push(&h, k, NULL);
        char inner[400];
        size_t n = cd_hl_render(run, &h, CD_RENDER_HEADLINE, inner, sizeof inner);
        if (n == 0)
            continue;
        char tidy[512];
        int o = snprintf(tidy, sizeof tidy, "%s: '%s'", who, inner);
        if (o <= 0 || (size_t)o >= sizeof tidy)
            continue;
        int w = cd_words(tidy);
        if (w < run->opts.headline_min_words || w > run->opts.headline_max_words + 1)
            continue;
        int src[1] = {q->sent};
        hctx x = {q->sent, sal, "quote", 0, 0, verb ? 0 : 3, false, false, -1,
                  false, 0, 0, 0};
        float f[CD_NFEAT];
        features(run, &h, tidy, &x, f);
        cd_cand *c = cd_cand_add(run, CD_HEADLINE, tidy, (size_t)o, src, 1,
                                 dot(run, f), "quote");
        if (!c || !cd_cand_set_toks(run, c, h.tok, h.n, 0))
            return cd_run_fail(run, CD_E_NOMEM, "generate", 0, "out of memory");
        if (!run->cands[CD_HEADLINE].dup_kept)
            memcpy(c->feat, f, sizeof f);
        double score = sal * (verb ? 0.95 : 0.8) + 0.2 + 0.05 * f[14];
        c = cd_cand_add(run, CD_SEO_TITLE, tidy, (size_t)o, src, 1, score, "quote");
        if (!c || !cd_cand_set_toks(run, c, h.tok, h.n, 0))
            return cd_run_fail(run, CD_E_NOMEM, "generate", 0, "out of memory");
    }
    return CD_OK;
}

/* Mark each token's role in its sentence's main clause (the keep model
 * reads it). */
static void mark_roles(cd_run *run, int s)
{
    const cd_sent *se = &run->sents[s];
    cd_clause c;
    if (!cd_clause_find(run, se->tok0, se->tok0 + se->ntok, &c))
        return;
    for (int k = c.s0; k < c.s1; k++)
        if (!cd_clause_skipped(&c, k))
            run->toks[k].role = 1;
    for (int k = c.v0; k < c.v1; k++)
        run->toks[k].role = 2;
    int first = c.stop;
    for (int k = c.v1 + 1; k < c.stop; k++)
        if (run->toks[k].pos == P_IN || cd_tok_is(run, k, ",") ||
            run->toks[k].pos == P_TO || run->toks[k].pos == P_WDT) {
            first = k;
            break;
        }
    for (int k = c.v1; k < c.stop; k++)
        if (!cd_clause_skipped(&c, k))
            run->toks[k].role = k < first ? 3 : 4;
}

/* A line in title case ("Some Pouches of Sleepytime Tea That Belonged
 * to Your Partner"): a section heading or a title, written whole by
 * its author; a compression of it reads as a broken one.  Words of
 * four letters or more after the first, most of them capitalised. */
static bool title_cased(const cd_run *run, const cd_sent *se)
{
    int words = 0, caps = 0;
    for (int k = se->tok0 + 1; k < se->tok0 + se->ntok; k++) {
        const cd_tok *t = &run->toks[k];
        if (t->len < 4 || (t->flags & TF_QUOTED) || (t->flags & TF_DIGIT) ||
            t->pos == P_PUNCT)
            continue;
        words++;
        caps += (t->flags & TF_CAP) != 0;
    }
    return words >= 3 && caps * 5 >= words * 4;
}

cd_status cd_generate_headlines(cd_run *run)
{
    /* An essay in the first person may say "I" in its headline; in a
     * report those words come from a quotation that lost its marks. */
    int fp = 0;
    for (int k = 0; k < run->ntok; k++)
        if (!(run->toks[k].flags & TF_QUOTED) && person_word(run, k))
            fp++;
    run->first_person = fp >= 3 && fp * 100 >= run->ntok;
    for (int s = 0; s < run->nsent && s < 12; s++)
        if (run->sents[s].ntok <= CD_MAX_SENT_TOKENS)
            mark_roles(run, s);
    /* keep probabilities once per token, not once per candidate */
    float *keep = cd_arena_alloc(&run->arena, ((size_t)run->ntok + 1) * sizeof *keep);
    if (!keep)
        return cd_run_fail(run, CD_E_NOMEM, "generate", 0, "out of memory");
    for (int k = 0; k < run->ntok; k++)
        keep[k] = (float)cd_keep_prob(run, k);
    run->keep = keep;
    /* The most salient sentences, in salience order. */
    int order[64];
    int n = cd_sents_by_salience(run, order, 64);
    int use = n < 12 ? n : 12;
    for (int i = 0; i < use; i++) {
        int s = order[i];
        const cd_sent *se = &run->sents[s];
        int words = se->ntok;
        if (se->nquote_words * 2 > words || words > CD_MAX_SENT_TOKENS ||
            title_cased(run, se) ||
            cd_tok_is(run, se->tok0 + se->ntok - 1, "?"))
            continue; /* a question compressed asks nothing */
        /* the three most salient are read on their trees: parsed first,
         * the clause finder reads the parse where the tags mislead it */
        if (i < 3) {
            cd_status pst = cd_sent_parse(run, s);
            if (pst != CD_OK)
                return pst;
        }
        cd_clause c;
        if (!cd_clause_find(run, se->tok0, se->tok0 + se->ntok, &c))
            continue;
        cd_status st = clause_headlines(run, s, &c, se->salience, "event", NULL);
        if (st == CD_OK && i < 3)
            st = tree_headlines(run, s, &c, se->salience);
        if (st != CD_OK)
            return st;
    }
    /* Reported speech from quotations: `Hegseth says ...`. */
    for (int i = 0; i < run->nquote && i < CD_MAX_QUOTES; i++) {
        const cd_quote *q = &run->quotes[i];
        if (q->speaker < 0 || q->ntok < 6 || q->ntok > CD_MAX_SENT_TOKENS ||
            first_person(run, q->tok0, q->tok0 + q->ntok))
            continue;
        /* Read the quotation as reported speech: its words lose their
         * quoted status while the clause is found and compressed (so
         * articles and time phrases may go), then get it back. */
        for (int k = q->tok0; k < q->tok0 + q->ntok; k++)
            run->toks[k].flags &= (uint8_t)~TF_QUOTED;
        cd_clause c;
        cd_status st = CD_OK;
        if (cd_clause_find(run, q->tok0, q->tok0 + q->ntok, &c)) {
            const cd_entity *e = &run->ents[q->speaker];
            st = clause_headlines(run, q->sent, &c,
                                  run->sents[q->sent].salience * 0.9, "says",
                                  e->person ? e->short_name : e->name);
        }
        for (int k = q->tok0; k < q->tok0 + q->ntok; k++)
            run->toks[k].flags |= TF_QUOTED;
        if (st != CD_OK)
            return st;
    }
    return quote_headlines(run);
}

static bool sentence_has_key(const cd_run *run, int s, const cd_key *key)
{
    const cd_sent *se = &run->sents[s];
    size_t n = strlen(key->text);
    for (int k = se->tok0; k < se->tok0 + se->ntok; k++)
        if (strncmp(run->toks[k].lower, key->text, strcspn(key->text, " ")) == 0) {
            /* compare the phrase word by word from here */
            const char *p = key->text;
            int j = k;
            while (*p && j < se->tok0 + se->ntok) {
                size_t wl = strcspn(p, " ");
                if (strncmp(run->toks[j].lower, p, wl) != 0)
                    break;
                p += wl;
                if (*p == ' ')
                    p++;
                j++;
            }
            if (!*p)
                return true;
        }
    (void)n;
    return false;
}

/* SEO titles beyond the headline candidates: the main keyphrase as a
 * prefix when a good headline lacks it. */
cd_status cd_generate_seo(cd_run *run)
{
    if (run->nkey == 0)
        return CD_OK;
    const char *key = run->keys[0].text;
    /* The keyphrase as the article spells it (first occurrence). */
    const cd_key *k0 = &run->keys[0];
    int t0 = k0->first_tok;
    /* A label is a name ("Yukos: judge dismisses ..."); a common noun
     * before a colon ("Expectations: ...") reads as a heading cut off
     * its sentence, so only a keyphrase that starts with a capitalised
     * proper noun is put in front. */
    if (t0 < 0 || t0 >= run->ntok)
        return CD_OK;
    const cd_tok *first = &run->toks[t0];
    if ((first->pos != P_NNP && first->pos != P_NNPS) ||
        !(first->flags & TF_CAP))
        return CD_OK;
    /* a person's first name alone is no topic ("Jack: McKelvey founds
     * payments company"): the label is what the article calls them */
    if (k0->ntok == 1 && first->ent >= 0 && run->ents[first->ent].person &&
        run->ents[first->ent].short_name &&
        (strlen(run->ents[first->ent].short_name) != first->len ||
         strncasecmp(run->ents[first->ent].short_name, run->text + first->off, first->len) != 0))
        return CD_OK;
    /* a date is no topic: no "Sept.: Museum opens ..." */
    if (k0->ntok == 1 && (cd_is_month(first->lower) || cd_is_weekday(first->lower) ||
                          cd_is_time_word(first->lower)))
        return CD_OK;
    char spelled[128];
    size_t o = 0;
    for (int k = t0; k < t0 + k0->ntok && k < run->ntok; k++) {
        const cd_tok *t = &run->toks[k];
        if (o + t->len + 2 >= sizeof spelled)
            return CD_OK;
        if (o)
            spelled[o++] = ' ';
        memcpy(spelled + o, run->text + t->off, t->len);
        o += t->len;
    }
    spelled[o] = 0;
    /* "interest rates" -> "Interest rates: ..." */
    if (islower((unsigned char)spelled[0]))
        spelled[0] = (char)toupper((unsigned char)spelled[0]);
    int nh = run->cands[CD_HEADLINE].n;
    for (int i = 0; i < nh; i++) {
        const cd_cand *c = &run->cands[CD_HEADLINE].v[i];
        char low[512];
        size_t n = strlen(c->text);
        if (n >= sizeof low - 1)
            continue;
        for (size_t j = 0; j <= n; j++)
            low[j] = (char)tolower((unsigned char)c->text[j]);
        if (strstr(low, key) || strchr(c->text, ':'))
            continue; /* it has the keyphrase, or a label of its own */
        /* a topic label only over a headline from a sentence about it */
        if (!c->nsrc || !sentence_has_key(run, c->src[0], k0))
            continue;
        /* a person's name labels no headline that names another person
         * ("Jack Cole: Harbour master Ann Cole founds ...") */
        bool other = false;
        bool key_person = first->ent >= 0 && run->ents[first->ent].person;
        for (int j = 0; key_person && j < c->ntoks && j < 8 && !other; j++) {
            const cd_tok *t = &run->toks[c->toks[j]];
            if (t->ent < 0 || !run->ents[t->ent].person || t->pos != P_NNP)
                continue;
            char w[64];
            size_t wl = t->len < sizeof w - 1 ? t->len : sizeof w - 1;
            for (size_t q = 0; q < wl; q++)
                w[q] = (char)tolower((unsigned char)run->text[t->off + q]);
            w[wl] = 0;
            other = strstr(key, w) == NULL;
        }
        if (other)
            continue;
        char buf[640];
        /* sentence case: lower the headline's first letter unless it
         * starts a name (two capitals in a row or a tagged name) */
        int m = snprintf(buf, sizeof buf, "%s: %s", spelled, c->text);
        if (m <= 0 || (size_t)m >= sizeof buf)
            continue;
        if ((size_t)m > (size_t)run->opts.seo_max_chars)
            continue;
        cd_cand *kc = cd_cand_add(run, CD_SEO_TITLE, buf, (size_t)m, c->src,
                                  c->nsrc, c->score - 0.05, "keyphrase");
        if (!kc || (c->toks && !cd_cand_set_toks(run, kc, c->toks, c->ntoks,
                                                 c->tree_flags)))
            return cd_run_fail(run, CD_E_NOMEM, "generate", 0, "out of memory");
    }
    return CD_OK;
}
