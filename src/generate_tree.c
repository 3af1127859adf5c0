/*
 * generate_tree.c - whether a candidate is made of whole phrases.
 *
 * A compression keeps some of a sentence's words.  Read on the sentence's
 * dependency tree it is well formed when the kept words are one tree (a
 * single kept word whose head is gone: the candidate's root), and every
 * word removed under a kept head is one the head can lose: a time or
 * place phrase, an adverbial or relative clause, an appositive, an
 * article, a tense auxiliary.  Removing an object, a preposition whose
 * noun stays, part of a name or a number, a modal or a negation is a cut
 * inside a phrase or a change of meaning, and the candidate is refused.
 *
 * Sentences are parsed on first use (cd_sent_parse), so only those whose
 * candidates are about to be printed cost a parse.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "generate.h"

enum { TREE_MAX = 512 };

static bool word_in(const char *s, const char *const *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, w[i]) == 0)
            return true;
    return false;
}

static bool lower_in(const cd_tok *t, const char *const *w, size_t n)
{
    return word_in(t->lower, w, n);
}

/* Adverbs that change what a sentence claims: negation, restriction,
 * hedges and the words that make a number approximate. */
static bool meaning_adverb(const cd_tok *t)
{
    static const char *const w[] = {
        "not", "n't", "never", "no", "only", "just", "merely", "solely",
        "longer", "hardly", "barely", "scarcely", "almost", "nearly",
        "reportedly", "allegedly", "apparently", "possibly", "probably",
        "perhaps", "maybe", "likely", "unlikely", "about", "around",
        "roughly", "approximately", "some", "less", "more", "most", "least",
        "fewer", "even", "yet", "too", "so", "as", "than", "over", "under",
        "up", "down", "partly", "mostly", "largely", "virtually",
    };
    return lower_in(t, w, CD_ARRAY_LEN(w));
}

static bool meaning_adjective(const cd_tok *t)
{
    static const char *const w[] = {
        "little", "few", "scant", "slight", "limited", "partial", "temporary",
        "minimal", "rare", "former", "alleged", "suspected", "possible",
        "potential", "proposed", "planned", "fake", "false", "first", "last",
        "only", "sole", "no", "other", "more", "less", "fewer",
    };
    static const char *const prefix[] = {"pre-", "post-", "non", "un", "in",
                                         "anti-", "ex-", "dis", "ir", "il", "im"};
    if (t->flags & TF_DIGIT)
        return true; /* "pre-2014 borders", "19th-century" */
    for (size_t i = 0; i < CD_ARRAY_LEN(prefix); i++)
        if (!strncmp(t->lower, prefix[i], strlen(prefix[i])))
            return true;
    return lower_in(t, w, CD_ARRAY_LEN(w));
}

/* A dependent of d with relation rel whose word is one of w. */
static bool has_child(const cd_run *run, const cd_sent *se, int d, int rel,
                      const char *const *w, size_t n)
{
    for (int k = se->tok0; k < se->tok0 + se->ntok; k++) {
        const cd_tok *t = &run->toks[k];
        if (t->head == d && t->rel == rel && (!w || lower_in(t, w, n)))
            return true;
    }
    return false;
}

/* Kept words on both sides of token d in its sentence: a word removed
 * there sat between kept ones ("Governments, insurers and travel firms"). */
static bool kept_around(const cd_run *run, const cd_sent *se, int d,
                        const uint8_t *kept)
{
    bool before = false, after = false;
    for (int k = se->tok0; k < d; k++)
        before |= kept[k - se->tok0] && run->toks[k].pos != P_PUNCT;
    for (int k = d + 1; k < se->tok0 + se->ntok && before && !after; k++)
        after |= kept[k - se->tok0] && run->toks[k].pos != P_PUNCT;
    return before && after;
}

/* A noun that names a part or an amount of something: its of-phrase
 * stays. */
static bool part_noun(const cd_tok *t)
{
    static const char *const w[] = {
        "one", "two", "three", "some", "most", "many", "all", "none", "any",
        "each", "both", "half", "part", "parts", "share", "shares", "number",
        "numbers", "percent", "%", "majority", "minority", "rest", "lot",
        "lots", "bit", "kind", "kinds", "type", "types", "sort", "amount",
        "amounts", "level", "levels", "rate", "rates", "proportion", "fraction",
        "total", "sum", "handful", "couple", "dozen", "dozens", "hundreds",
        "thousands", "millions", "billions", "group", "series", "list",
        "piece", "portion", "quarter", "third", "fifth", "tenth", "top",
        "bottom", "end", "middle", "front", "back", "side", "edge", "member",
        "members", "head", "chief", "leader", "director", "president",
        "secretary", "minister", "chairman", "governor", "mayor", "capital",
        /* what is nothing without what it is of: "a confused chain [of
         * command]", "the first version [of the site]" */
        "chain", "chains", "string", "lack", "absence", "value", "cost",
        "costs", "price", "prices", "version", "versions", "edition", "copy",
        "copies", "use", "uses", "usage", "adoption", "spread",
        /* "harbours hopes [of a place]", "a powerful indictment [of ...]":
         * what is hoped for, feared or shown */
        "hope", "hopes", "fear", "fears", "indictment", "prospect", "prospects",
        "sign", "signs", "evidence", "risk", "risks", "threat", "danger",
        "possibility", "likelihood", "chance", "chances",
        /* "made [an] officer [of the Order ...]" */
        "officer", "commander", "knight", "fellow",
        /* "miss the whole [of the Six Nations]", "at the time [of his
         * departure]", "in the wake [of ...]" */
        "whole", "time", "wake", "eve", "run-up", "height", "heart", "start",
        "beginning", "centre", "center", "outset",
        /* "shows off a slew [of new features]": a collection's of-phrase
         * is what it holds */
        "slew", "host", "raft", "range", "array", "variety", "wealth", "bunch",
        "pair", "flurry", "spate", "batch", "collection", "selection",
        "plethora", "multitude", "swathe", "swath", "barrage", "wave", "waves",
    };
    return (t->flags & TF_DIGIT) || t->pos == P_CD || t->pos == P_JJS ||
           lower_in(t, w, CD_ARRAY_LEN(w));
}

/* A noun that names a change: what changed stays with it. */
static bool change_noun(const cd_tok *t)
{
    static const char *const w[] = {
        "growth", "rise", "rises", "increase", "increases", "fall", "falls",
        "drop", "drops", "decline", "declines", "cut", "cuts", "jump", "surge",
        "slump", "boost", "gain", "gains", "loss", "losses", "reduction",
        "change", "changes", "shift", "spike", "slowdown", "recovery",
    };
    return lower_in(t, w, CD_ARRAY_LEN(w));
}

/* Another kept conjunct of d's head: dropping d leaves a list that lost a
 * member ("infrastructure, science" of "infrastructure, science and
 * education"). */
static bool kept_conj_other(const cd_run *run, const cd_sent *se, int d,
                            const uint8_t *kept)
{
    int h = run->toks[d].head;
    for (int k = se->tok0; k < se->tok0 + se->ntok; k++)
        if (kept[k - se->tok0] && run->toks[k].head == h &&
            run->toks[k].rel == CD_REL_CONJ)
            return true;
    return false;
}

static bool is_verb(const cd_tok *t)
{
    return t->pos >= P_VB && t->pos <= P_MD;
}

/* A year, a weekday, "last week", "in recent months": a time. */
static bool time_token(const cd_tok *t)
{
    static const char *const w[] = {"day", "days", "week", "weeks", "month",
                                    "months", "year", "years", "decade",
                                    "decades", "hour", "hours", "season",
                                    "century", "time", "times", "period",
                                    "moment", "recently", "ago", "now"};
    if ((t->flags & TF_DIGIT) && strlen(t->lower) == 4 &&
        (!strncmp(t->lower, "19", 2) || !strncmp(t->lower, "20", 2)))
        return true;
    return cd_is_time_word(t->lower) || lower_in(t, w, CD_ARRAY_LEN(w));
}

/* Whether the phrase of dependent d stands apart from its head: set off
 * by punctuation or fronted before it ("In a major shift, ..."), a time
 * ("on Monday", "last year"), a place named by a proper noun ("in North
 * Dakota"), a source ("according to CNN").  Any other phrase right after
 * a verb is most often what the verb is about ("talk [about Turkey]"). */
static bool detached(const cd_run *run, const cd_sent *se, int d)
{
    static const char *const place[] = {"in", "at", "near", "outside", "across",
                                        "from", "throughout", "inside"};
    static const char *const source[] = {"according"};
    const cd_tok *t = &run->toks[d];
    int lo = t->lo, end = se->tok0 + se->ntok;
    if (lo > se->tok0) {
        const cd_tok *p = &run->toks[lo - 1];
        if (p->pos == P_PUNCT && strcmp(p->lower, "\"") != 0 &&
            strcmp(p->lower, "'") != 0)
            return true;
    }
    if (t->hi < t->head)
        return true;
    for (int k = lo; k <= t->hi && k < end; k++)
        if (time_token(&run->toks[k]) && !(run->toks[k].flags & TF_QUOTED))
            return true;
    if (t->rel == CD_REL_ADVCL || t->rel == CD_REL_ACL || t->rel == CD_REL_RELCL)
        return false;
    const cd_tok *f = &run->toks[lo];
    if (lower_in(f, source, 1))
        return true;
    return lower_in(f, place, CD_ARRAY_LEN(place)) &&
           (t->pos == P_NNP || t->pos == P_NNPS);
}

/* Verb frames counted in the treebanks (tools/gen_frames.c). */
typedef struct frame { const char *lemma; int bare, bare_obj; } frame;
static const frame frames[] = {
#include "verb_frames.inc"
};

/* The frame of a verb lemma, NULL for one seen too rarely to say. */
static const frame *frame_of(const char *lemma)
{
    int lo = 0, hi = (int)CD_ARRAY_LEN(frames) - 1;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        int c = strcmp(lemma, frames[mid].lemma);
        if (c == 0)
            return &frames[mid];
        if (c < 0)
            hi = mid - 1;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* A verb that seldom ends its clause: "focus [on]", "talk [about]",
 * "be turned [into]", "lean [on]".  Verbs of change and of ending stand
 * alone in a headline ("Shares fall", "Walker to retire") however often
 * running text says by how much. */
static bool needs_complement(const cd_tok *v, bool obj, int obj_limit)
{
    static const char *const alone[] = {
        "rise", "fall", "grow", "drop", "climb", "jump", "slump", "surge", "soar",
        "plunge", "die", "resign", "retire", "win", "lose", "quit", "close",
        "collapse", "fail", "end", "begin", "start", "open", "strike", "crash",
        "recover", "shrink", "expand", "slide", "rally", "tumble", "dip", "sink",
        "slip", "gain", "double", "triple", "halve", "stall", "split", "return",
        "leave", "arrive", "survive", "escape", "vanish", "disappear"};
    if (!is_verb(v) || word_in(v->lemma, alone, CD_ARRAY_LEN(alone)))
        return false;
    const frame *f = frame_of(v->lemma);
    if (!f)
        return false;
    /* "puts Liverpool [on comeback trail]": with its object, a verb
     * that almost never stops there */
    if (obj)
        return f->bare_obj >= 0 && f->bare_obj < obj_limit;
    return f->bare < 15;
}

/* A dependent that completes its verb from after it. */
static bool complement_rel(const cd_tok *c)
{
    return c->rel == CD_REL_OBJ || c->rel == CD_REL_IOBJ || c->rel == CD_REL_OBL ||
           c->rel == CD_REL_XCOMP || c->rel == CD_REL_CCOMP ||
           c->rel == CD_REL_ADVMOD || c->rel == CD_REL_ADVCL || c->rel == CD_REL_PRT;
}

/* Whether removing d leaves its verb, one that needs something after it,
 * with nothing after it: "rates set to remain [on hold]", "meets
 * Schroeder to talk [about Turkey]". */
static bool verb_bare(const cd_run *run, const cd_sent *se, int d,
                      const uint8_t *kept, bool full)
{
    int h = run->toks[d].head;
    if (!kept || d < h || run->toks[d].rel == CD_REL_OBJ)
        return false;
    bool obj = false;
    for (int k = h + 1; k < se->tok0 + se->ntok; k++) {
        const cd_tok *c = &run->toks[k];
        if (c->head != h || k == d || !kept[k - se->tok0] || !complement_rel(c))
            continue;
        if (c->rel != CD_REL_OBJ)
            return false;
        obj = true;
    }
    /* a headline is read alone: "US spends 3.4% of its GDP [on
     * defense]" says less than the sentence (spend: 12% of its uses
     * stop after the object); a description has the rest around it */
    return needs_complement(&run->toks[h], obj, full ? 10 : 13);
}

/* A compression whose last word is a verb that seldom ends a clause,
 * with the sentence's words after it gone: "we're all trying [to make
 * sense of]", "is to be turned [into a musical]".  Read on the tags, so
 * it holds where the parse does not. */
/* "It made sense [for Jones to invest in a toy]", "it is hard [to say]":
 * an "it" that stands for an infinitive later in the sentence, with the
 * infinitive cut, says nothing (or something else). */
static bool expletive_cut(const cd_run *run, const cd_sent *se, const uint8_t *kept)
{
    for (int i = 0; i + 1 < se->ntok; i++) {
        const cd_tok *t = &run->toks[se->tok0 + i];
        if (!kept[i] || t->pos != P_PRP || !t->lemma || strcmp(t->lower, "it") != 0)
            continue;
        int v = i + 1;
        while (v < se->ntok && (!kept[v] || run->toks[se->tok0 + v].pos == P_RB))
            v++;
        if (v >= se->ntok)
            continue;
        const char *l = run->toks[se->tok0 + v].lemma;
        if (!l || (strcmp(l, "be") != 0 && strcmp(l, "make") != 0 &&
                   strcmp(l, "seem") != 0 && strcmp(l, "become") != 0 &&
                   strcmp(l, "take") != 0))
            continue;
        /* the first infinitive after the verb is the one "it" stands for */
        for (int k = v + 1; k + 1 < se->ntok; k++)
            if (run->toks[se->tok0 + k].pos == P_TO &&
                run->toks[se->tok0 + k + 1].pos == P_VB) {
                if (!kept[k])
                    return true;
                break;
            }
    }
    return false;
}

static bool finite(const cd_tok *t)
{
    return t->pos == P_VBZ || t->pos == P_VBP || t->pos == P_VBD || t->pos == P_MD;
}

/* Two words of a kind that meet once the words between them are gone:
 * two coordinators ("wears three hats, but [on a cloudy afternoon the
 * team's CEO, director] and executive vice president has added": the
 * parser split one phrase, and the cut took half of it; commas between
 * them do not count), two finite verbs ("the idea that video games are
 * [on track to be the next big sport] might sound": the cut took the
 * phrase between a verb and its complement), or two noun phrases over a
 * dropped preposition (below). */
static bool joined_over_cut(const cd_run *run, const cd_sent *se, const uint8_t *kept)
{
    int last = -1; /* the last kept word, punctuation aside */
    for (int i = 0; i < se->ntok; i++) {
        if (!kept[i])
            continue;
        const cd_tok *t = &run->toks[se->tok0 + i];
        if (t->pos == P_PUNCT)
            continue;
        if (last >= 0) {
            const cd_tok *l = &run->toks[se->tok0 + last];
            /* (an adjective that opens a noun phrase, not one that is
             * said of the noun: "calls the rebate [of 1984] 'unjustified'") */
            int nx = i + 1;
            while (nx < se->ntok && (!kept[nx] || run->toks[se->tok0 + nx].pos == P_PUNCT))
                nx++;
            bool opens = nx < se->ntok && (run->toks[se->tok0 + nx].pos == P_NN ||
                                           run->toks[se->tok0 + nx].pos == P_NNS ||
                                           run->toks[se->tok0 + nx].pos == P_NNP);
            bool nouns = (l->pos == P_NN || l->pos == P_NNS) &&
                         (t->pos == P_NN || t->pos == P_NNS || (t->pos == P_JJ && opens));
            if ((t->pos == P_CC && l->pos == P_CC) || (finite(t) && finite(l)))
                for (int j = last + 1; j < i; j++)
                    if (!kept[j])
                        return true;
            /* "expect a quick solution [to the saga of Farrell's]
             * possible switch": two noun phrases the cut of a phrase
             * between them ran together (a dropped adjective alone,
             * "mock [general] election", is no phrase) */
            bool gap = false, comma = false; /* a dropped preposition; a kept mark */
            for (int j = last + 1; j < i; j++) {
                gap |= !kept[j] && run->toks[se->tok0 + j].pos == P_IN;
                comma |= kept[j] && run->toks[se->tok0 + j].pos == P_PUNCT;
            }
            if (nouns && gap && !comma)
                return true;
        }
        last = i;
    }
    return false;
}

/* "rueing what [might have been ...]", "Gordon Brown outlines what": a
 * wh-word kept without the next word of its clause, read on the tags
 * (the parser often hangs such a clause elsewhere).  A headline may
 * leave out words inside the clause ("outlines what [he thinks] should
 * be ..."), not end on the wh-word. */
static bool wh_cut(const cd_run *run, const cd_sent *se, const uint8_t *kept,
                   bool full)
{
    int last = -1;
    for (int i = 0; i < se->ntok; i++)
        if (kept[i] && run->toks[se->tok0 + i].pos != P_PUNCT)
            last = i;
    for (int i = 0; i + 1 < se->ntok; i++) {
        const cd_tok *t = &run->toks[se->tok0 + i];
        if (!kept[i] || (t->flags & TF_QUOTED) || (t->pos != P_WP && t->pos != P_WDT))
            continue;
        int j = i + 1;
        while (j < se->ntok && run->toks[se->tok0 + j].pos == P_PUNCT &&
               !cd_tok_is(run, se->tok0 + j, ","))
            j++;
        if (j < se->ntok && !kept[j] && !cd_tok_is(run, se->tok0 + j, ",") &&
            (full || i == last))
            return true;
    }
    return false;
}

/* "has put tax cuts and increased spending [at the centre of its
 * budget]": a verb that almost never stops after its object, kept with
 * only a noun phrase after it, and the sentence's next words gone - read
 * on the tags, where the parser hung the phrase elsewhere. */
static bool cut_after_object(const cd_run *run, const cd_sent *se, const uint8_t *kept)
{
    int last = -1;
    for (int i = 0; i < se->ntok; i++)
        if (kept[i] && run->toks[se->tok0 + i].pos != P_PUNCT)
            last = i;
    if (last < 0 || last + 1 >= se->ntok || kept[last + 1])
        return false;
    int nx = run->toks[se->tok0 + last + 1].pos;
    if (!(nx == P_IN || nx == P_RB || nx == P_RP || nx == P_TO || nx == P_JJ ||
          nx == P_CC))
        return false;
    for (int i = last; i >= 0; i--) {
        const cd_tok *t = &run->toks[se->tok0 + i];
        if (!kept[i]) {
            /* an article or adjective a headline leaves out; any other gap
             * is the tree rules' to read */
            if (t->pos == P_DT || t->pos == P_JJ)
                continue;
            return false;
        }
        if (t->flags & TF_QUOTED)
            return false;
        /* "and increased spending": a participle after a conjunction or
         * an article modifies the noun after it */
        int pv = i > 0 ? run->toks[se->tok0 + i - 1].pos : P_PUNCT;
        bool modifier = (t->pos == P_VBN || t->pos == P_VBD || t->pos == P_VBG) &&
                        (pv == P_CC || pv == P_DT || pv == P_PRPS);
        if (is_verb(t) && !modifier)
            return i < last && needs_complement(t, true, 10);
        if (!(t->pos == P_DT || t->pos == P_JJ || t->pos == P_NN || t->pos == P_NNS ||
              t->pos == P_NNP || t->pos == P_NNPS || t->pos == P_CD || t->pos == P_POS ||
              t->pos == P_PRPS || t->pos == P_PRP || t->pos == P_CC ||
              t->pos == P_VBN || t->pos == P_VBD))
            return false;
    }
    return false;
}

static bool cut_after_verb(const cd_run *run, const cd_sent *se, const uint8_t *kept)
{
    int last = -1, end = -1;
    for (int i = 0; i < se->ntok; i++) {
        if (run->toks[se->tok0 + i].pos == P_PUNCT)
            continue;
        end = i;
        if (kept[i])
            last = i;
    }
    if (last < 0 || last == end)
        return false;
    const cd_tok *t = &run->toks[se->tok0 + last];
    /* a passive ends its clause often ("has been banned") */
    for (int i = last - 1; i >= 0 && t->pos == P_VBN; i--) {
        const cd_tok *p = &run->toks[se->tok0 + i];
        if (!kept[i] || p->pos == P_RB)
            continue;
        if (!strcmp(p->lemma, "be") || !strcmp(p->lemma, "get"))
            return false;
        break;
    }
    return !(t->flags & TF_QUOTED) && t->pos != P_MD &&
           needs_complement(t, false, 10);
}

/* Why removing dependent d (whole) from its kept head is wrong, or NULL
 * when the head can lose it. */
/* "a year", "moments", "two weeks": a span of time, which "earlier",
 * "later", "ago" or "before the vote" places */
static bool span_of_time(const cd_tok *t)
{
    static const char *const w[] = {"moment", "moments", "second", "seconds",
                                    "minute", "minutes", "hour", "hours", "day",
                                    "days", "week", "weeks", "month", "months",
                                    "year", "years", "decade", "decades",
                                    "century", "centuries"};
    return lower_in(t, w, CD_ARRAY_LEN(w));
}

/* The token that heads the phrase ending right before dependent d's
 * phrase, climbing from the word before it towards d's head (d's sibling
 * when the phrases are side by side: "12 kilometres" before "from the
 * shore").  The caller checks that it is a sibling. */
static int sibling_before(const cd_run *run, const cd_sent *se, int d)
{
    const cd_tok *t = &run->toks[d];
    int m = t->lo - 1;
    for (int step = 0; step < se->ntok && run->toks[m].head != t->head &&
                       run->toks[m].head >= se->tok0;
         step++)
        m = run->toks[m].head;
    return m;
}

/* The preposition of phrase d (its "case", or with `mark` its marker),
 * or -1. */
static int preposition_of(const cd_run *run, int d, bool mark)
{
    const cd_tok *t = &run->toks[d];
    for (int k = t->lo; k <= t->hi; k++)
        if (run->toks[k].head == d && (run->toks[k].rel == CD_REL_CASE ||
                                       (mark && run->toks[k].rel == CD_REL_MARK)))
            return k;
    return -1;
}

/* Whether (word, prep) is a row of `pair`. */
static bool pair_in(const char *word, const char *prep, const char *const (*pair)[2],
                    size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(word, pair[i][0]) && !strcmp(prep, pair[i][1]))
            return true;
    return false;
}

/* "took aim [at ...]", "paid tribute [to ...]", "shed light [on ...]": a
 * verb whose object is one of these nouns says nothing without the
 * phrase that names what it is aimed at. d is an oblique of that verb
 * opening with the noun's preposition; the object is kept. */
static bool light_verb_phrase(const cd_run *run, const cd_sent *se, int d,
                              const uint8_t *kept)
{
    static const char *const pair[][2] = {
        {"aim", "at"},        {"tribute", "to"}, {"light", "on"},
        {"issue", "with"},    {"way", "for"},    {"track", "of"},
        {"pressure", "on"},   {"advantage", "of"}, {"care", "of"},
        {"claim", "to"},      {"end", "to"},     {"attention", "to"},
        {"sight", "of"},      {"access", "to"},  {"responsibility", "for"},
        {"stake", "in"},      {"part", "in"},    {"role", "in"},
        {"use", "of"},        {"note", "of"},    {"charge", "of"},
    };
    const cd_tok *t = &run->toks[d];
    int c = preposition_of(run, d, false);
    if (c < 0)
        return false;
    for (int k = se->tok0; k < se->tok0 + se->ntok; k++) {
        const cd_tok *o = &run->toks[k];
        if (o->head != t->head || o->rel != CD_REL_OBJ || k > t->lo ||
            (kept && !kept[k - se->tok0]))
            continue;
        /* the bare noun of the idiom ("took aim", "take part"), not a
         * noun of its own ("films part of a video", "takes his place") */
        bool bare = true;
        for (int j = o->lo; j <= o->hi && bare; j++)
            bare = j == k || run->toks[j].rel == CD_REL_AMOD;
        /* the phrase right after the noun: "take part in the race [in
         * Elsfield]" may lose its place */
        if (bare && sibling_before(run, se, d) == k &&
            pair_in(o->lemma, run->toks[c].lower, pair, CD_ARRAY_LEN(pair)))
            return true;
    }
    return false;
}

/* "exposes thousands of servers [to crippling attack]", "was sentenced
 * [to 10 years]", "accused him [of fraud]": verbs whose object (or
 * passive subject) goes with a phrase of one preposition, without which
 * the verb says another thing.  d is an oblique of the verb. */
static bool verb_prep_frame(const cd_run *run, int d)
{
    static const char *const pair[][2] = {
        {"expose", "to"},     {"subject", "to"},    {"sentence", "to"},
        {"attribute", "to"},  {"compare", "to"},    {"compare", "with"},
        {"convert", "into"},  {"turn", "into"},     {"transform", "into"},
        {"accuse", "of"},     {"convict", "of"},    {"suspect", "of"},
        {"rob", "of"},        {"deprive", "of"},    {"strip", "of"},
        {"charge", "with"},   {"provide", "with"},  {"supply", "with"},
        {"replace", "with"},  {"ban", "from"},      {"bar", "from"},
        {"prevent", "from"},  {"stop", "from"},     {"exempt", "from"},
        {"blame", "for"},     {"regard", "as"},     {"describe", "as"},
        {"classify", "as"},   {"rename", "as"},     {"mistake", "for"},
        {"look", "to"},       {"look", "at"},       {"look", "for"},
        {"name", "in"},       {"name", "to"},       {"select", "in"},
        {"select", "for"},    {"recall", "to"},     {"call", "into"},
        {"see", "as"},        {"view", "as"},       {"portray", "as"},
        {"depict", "as"},     {"brand", "as"},      {"label", "as"},
        {"characterize", "as"}, {"characterise", "as"}, {"dismiss", "as"},
        {"hail", "as"},       {"identify", "as"},
    };
    const cd_tok *t = &run->toks[d];
    const cd_tok *h = &run->toks[t->head];
    /* the parser may hang the phrase on the object ("servers [to
     * attack]") */
    if (!is_verb(h) && h->rel == CD_REL_OBJ && h->head >= 0 && t->rel == CD_REL_NMOD)
        h = &run->toks[h->head];
    if (!is_verb(h))
        return false;
    /* (or read "to crippling attack" as a clause: "to" before a gerund
     * is the preposition all the same, as "as" is before a participle
     * or an adjective: "described the ranks [as plagued by ...]") */
    int c = preposition_of(run, d, t->rel == CD_REL_ADVCL &&
                                       (t->pos == P_VBG || t->pos == P_VBN || t->pos == P_JJ));
    if (c >= 0 && run->toks[c].rel == CD_REL_MARK && t->pos != P_VBG &&
        strcmp(run->toks[c].lower, "as") != 0)
        return false; /* (a clause that "with" opens is no frame's) */
    return c >= 0 && pair_in(h->lemma, run->toks[c].lower, pair, CD_ARRAY_LEN(pair));
}

/* "support [for external storage]", "a ban [on smoking]", "a threat [to
 * jobs]": nouns that say nothing without what they are for, on or to. */
static bool noun_prep_frame(const cd_run *run, int d)
{
    static const char *const pair[][2] = {
        {"support", "for"}, {"demand", "for"},  {"need", "for"},    {"call", "for"},
        {"search", "for"},  {"respect", "for"}, {"ban", "on"},
        {"tax", "on"},      {"cap", "on"},      {"limit", "on"},    {"attack", "on"},
        {"war", "on"},      {"impact", "on"},   {"effect", "on"},   {"threat", "to"},
        {"access", "to"},   {"response", "to"}, {"answer", "to"},   {"key", "to"},
        /* "gives his backing [to ...]", "continuing his relationship
         * [with Bush]", "amid reports [of ...]" */
        {"backing", "to"},  {"backing", "for"}, {"relationship", "with"},
        {"report", "of"},   {"expectation", "of"}, {"expectations", "of"},
        /* "dismissed an attempt [by Yukos] to ...": whose attempt */
        {"attempt", "by"},  {"bid", "by"},      {"effort", "by"},   {"move", "by"},
        {"decision", "by"}, {"offer", "by"},    {"request", "by"},  {"plan", "by"},
    };
    const cd_tok *h = &run->toks[run->toks[d].head];
    if (h->pos != P_NN && h->pos != P_NNS)
        return false;
    int c = preposition_of(run, d, false);
    return c >= 0 && pair_in(h->lemma, run->toks[c].lower, pair, CD_ARRAY_LEN(pair));
}

/* An adjective that is what its clause says of the subject ("are not
 * open", "considered less efficient, ... and not open"), not one that
 * describes a noun ("a celebrity TV special"). */
static bool predicate_adjective(const cd_run *run, const cd_sent *se, int j)
{
    const cd_tok *t = &run->toks[j];
    if (t->rel == CD_REL_ROOT || t->rel == CD_REL_XCOMP || t->rel == CD_REL_CCOMP)
        return true;
    if (t->rel == CD_REL_CONJ && t->head >= 0)
        return predicate_adjective(run, se, t->head);
    return has_child(run, se, j, CD_REL_COP, NULL, 0);
}

/* "can get back [to his best]", "expectations thanks [to TV shows]",
 * "save close [to $10 billion]": phrase d hangs on an adverb of direction
 * (or "thanks", "due", "close", "up") that says nothing without it: back
 * to, away from, thanks to, up to. */
static bool pointing(const cd_run *run, int d)
{
    static const char *const direction[] = {"back", "away", "ahead", "apart",
                                            "clear", "far", "thanks", "due",
                                            "owing", "prior", "according"};
    /* (these only with "to": "close to $10bn", "up to 30%", not "close
     * [against the dollar]", "up for an Oscar [for her role]") */
    static const char *const to[] = {"close", "near", "next", "up"};
    const cd_tok *h = &run->toks[run->toks[d].head];
    if (!(h->pos == P_RB || h->pos == P_JJ || h->pos == P_NNS || h->pos == P_VBG))
        return false;
    int c = preposition_of(run, d, false);
    if (c < 0)
        return false;
    return lower_in(h, direction, CD_ARRAY_LEN(direction)) ||
           (lower_in(h, to, CD_ARRAY_LEN(to)) && !strcmp(run->toks[c].lower, "to"));
}

static const char *loss(const cd_run *run, const cd_sent *se, int d,
                        const uint8_t *kept, bool full)
{
    static const char *const to[] = {"to"};
    static const char *const negation[] = {"not", "n't", "never"};
    static const char *const as[] = {"as"};
    static const char *const naming[] = {"name", "appoint", "elect", "choose",
                                         "select", "pick", "nominate", "promote",
                                         "tap", "install", "confirm", "hire",
                                         "sign", "recruit", "crown", "rank"};
    static const char *const needy[] = {"know", "base", "aim", "design", "intend",
                                        "set", "due", "bound", "poise", "tie",
                                        "link", "devote", "dedicate", "subject",
                                        "prone", "similar", "akin", "close",
                                        "responsible", "known", "based"};
    static const char *const asks[] = {"want", "ask", "urge", "expect", "allow", "force",
                                       "persuade", "tell", "encourage", "require", "invite",
                                       "enable", "order", "warn", "advise", "wish",
                                       "pressure", "challenge", "permit", "oblige"};
    static const char *const cond[] = {"if", "unless", "provided", "providing",
                                       "whether", "lest"};
    static const char *const of[] = {"of"};
    static const char *const than[] = {"than"};
    static const char *const the[] = {"the"};
    static const char *const that[] = {"that"};
    static const char *const around[] = {"before", "after"};
    const cd_tok *t = &run->toks[d];
    const cd_tok *h = &run->toks[t->head];
    const char *label = run->model->parser.labels[t->label];
    static const char *const unit[] = {"$", "£", "€", "¥", "%", "percent"};
    if (lower_in(t, unit, CD_ARRAY_LEN(unit)) &&
        ((h->flags & TF_DIGIT) || h->pos == P_CD))
        return "a number's unit"; /* "£35bn", with "£" hung on "35bn" */
    if (((h->flags & TF_DIGIT) || h->pos == P_CD) && t->rel != CD_REL_PUNCT)
        return "part of a number"; /* "17,000 to 4.48 million" */
    /* "170 miles [per hour]", "$5 [a day]": a rate's second half */
    if (!strcmp(run->toks[t->lo].lower, "per") && t->lo > se->tok0)
        return "part of a rate";
    /* a headline names people without "Mr" */
    if (!full && cd_honorific(run, d, se->tok0 + se->ntok))
        return NULL;
    /* "spoke to PM [Modi]": where the parser split a name, its words
     * stay together (a day or month after a name may go: "told Reuters
     * [Tuesday]") */
    if (t->lo > se->tok0 && run->toks[t->lo].pos == P_NNP &&
        !cd_is_time_word(run->toks[t->lo].lower)) {
        const cd_tok *pv = &run->toks[t->lo - 1];
        if ((pv->pos == P_NNP || (pv->pos == P_NN && (pv->flags & TF_CAP))) &&
            (!kept || kept[t->lo - 1 - se->tok0]))
            return "part of a name";
    }
    /* "a lawsuit [for defamation against Balco boss] Victor Conte":
     * nor may a phrase go that ends on a title or a name the kept name
     * after it belongs to */
    if (kept && t->hi + 1 < se->tok0 + se->ntok && kept[t->hi + 1 - se->tok0] &&
        run->toks[t->hi + 1].pos == P_NNP && (run->toks[t->hi + 1].flags & TF_CAP) &&
        !cd_is_time_word(run->toks[t->hi + 1].lower) &&
        (run->toks[t->hi].pos == P_NNP || cd_is_title_word(run->toks[t->hi].lower) ||
         (run->toks[t->hi].pos == P_NN && (run->toks[t->hi].flags & TF_CAP) &&
          t->hi > t->lo)))
        return "part of a name"; /* "spoke [to PM] Modi" */
    /* "adaptation [of The Hitchhiker's Guide] To The Galaxy": capitals
     * on both sides of the cut are one title */
    if (kept && t->hi + 1 < se->tok0 + se->ntok && kept[t->hi + 1 - se->tok0] &&
        (run->toks[t->hi].flags & TF_CAP) && (run->toks[t->hi + 1].flags & TF_CAP) &&
        (run->toks[t->hi + 1].pos == P_IN || run->toks[t->hi + 1].pos == P_DT ||
         run->toks[t->hi + 1].pos == P_TO || run->toks[t->hi + 1].pos == P_CC))
        return "part of a title";
    if (kept && t->lo > se->tok0 && kept[t->lo - 1 - se->tok0] &&
        (run->toks[t->lo - 1].flags & TF_CAP) && (run->toks[t->lo].flags & TF_CAP) &&
        (run->toks[t->lo].pos == P_IN || run->toks[t->lo].pos == P_DT ||
         run->toks[t->lo].pos == P_TO || run->toks[t->lo].pos == P_CC))
        return "part of a title"; /* "The Hitchhiker's Guide [To The Galaxy]" */
    switch (t->rel) {
    case CD_REL_NSUBJ: case CD_REL_PASS: case CD_REL_CSUBJ:
        return "its subject";
    case CD_REL_OBJ: case CD_REL_IOBJ:
        return "its object";
    case CD_REL_CCOMP:
    case CD_REL_XCOMP:
        return "its complement clause";
    case CD_REL_CASE:
        return "the preposition of a kept noun";
    case CD_REL_FIXED: case CD_REL_FLAT: case CD_REL_COMPOUND:
    case CD_REL_PRT: case CD_REL_NUMMOD:
        return "part of a name, number or compound";
    case CD_REL_EXPL:
        return "its expletive";
    case CD_REL_POSS:
        return "its possessor";
    case CD_REL_CC:
        /* "Governments insurers and travel firms": only between kept
         * words (an opening "But" may go) */
        return kept && kept_around(run, se, d, kept)
                   ? "the conjunction of a kept conjunct" : NULL;
    case CD_REL_DET:
        if (!strcmp(t->lower, "a") || !strcmp(t->lower, "an") ||
            !strcmp(t->lower, "the"))
            return NULL;
        return "a determiner that is not an article";
    case CD_REL_AUX: {
        static const char *const tense[] = {"be", "have", "do", "will", "shall",
                                            "'ll", "'s", "'ve", "'re", "'m",
                                            "'d", "get"};
        if (lower_in(t, tense, CD_ARRAY_LEN(tense)) ||
            word_in(t->lemma, tense, CD_ARRAY_LEN(tense)))
            return NULL;
        return "a modal";
    }
    case CD_REL_MARK:
        /* "The idea is [that] fans could ...": a copula's clause keeps
         * its "that" */
        if (strcmp(t->lower, "that") == 0 && is_verb(h) &&
            has_child(run, se, t->head, CD_REL_COP, NULL, 0))
            return "the 'that' after a copula";
        return strcmp(t->lower, "that") == 0 ? NULL : "the marker of a kept clause";
    case CD_REL_ADVMOD:
        /* "rose a seasonally adjusted 0.5%": the adverb of what
         * qualifies a number is part of the number's phrase */
        if (h->head >= 0 && h->rel == CD_REL_AMOD &&
            ((run->toks[h->head].flags & TF_DIGIT) || run->toks[h->head].pos == P_CD ||
             !strcmp(run->toks[h->head].lower, "%")))
            return "part of a number";
        /* "occurs when criminals use": a wh-word opens its clause;
         * "someone else's": "else" says who */
        if (strcmp(t->lower, "else") == 0)
            return "the wh-word of a kept clause";
        if (t->pos == P_WRB && kept)
            for (int k = se->tok0; k < se->tok0 + se->ntok; k++)
                if (run->toks[k].head == t->head && kept[k - se->tok0] &&
                    (run->toks[k].rel == CD_REL_NSUBJ || run->toks[k].rel == CD_REL_PASS))
                    return "the wh-word of a kept clause";
        if (meaning_adverb(t))
            return "an adverb that changes the claim";
        /* "looks [forward] to", "comes [back]", "gives [up]": a particle
         * the tagger read as an adverb is part of its verb */
        static const char *const particle[] = {"forward", "back", "up", "down", "out",
                                               "off", "away", "over", "through"};
        if (lower_in(t, particle, CD_ARRAY_LEN(particle)) && is_verb(h))
            return "part of its verb";
        /* "fewer hectares than a year [earlier]", "two days [later]":
         * the adverb that places a kept span of time */
        static const char *const relative[] = {"earlier", "later", "ago",
                                               "before", "after", "afterwards",
                                               "previously", "sooner"};
        if (kept && d > se->tok0 && kept[d - 1 - se->tok0] &&
            lower_in(t, relative, CD_ARRAY_LEN(relative)) &&
            span_of_time(&run->toks[d - 1]))
            return "the adverb of a kept span of time";
        /* "did not seriously damage": under a negation every adverb
         * counts */
        return has_child(run, se, t->head, CD_REL_ADVMOD, negation,
                         CD_ARRAY_LEN(negation))
                   ? "an adverb under a negation" : NULL;
    case CD_REL_AMOD:
        /* "claims top spot", "Happy Holidays", "a complicated beast":
         * readers take most dropped adjectives for a changed claim */
        if (meaning_adjective(t))
            return "an adjective that changes the claim";
        /* a lean headline's descriptive adjective may go, not the one of
         * a copula's predicate ("is a complicated beast") */
        if (cd_droppable_adjective(run, d, se->tok0 + se->ntok) &&
            !has_child(run, se, t->head, CD_REL_COP, NULL, 0))
            return NULL;
        return "an adjective";
    case CD_REL_NMOD:
        if (pointing(run, d))
            return "where its adverb points";
        if (verb_prep_frame(run, d))
            return "the phrase its verb needs";
        if (noun_prep_frame(run, d))
            return "what its noun is of or for";
        /* "the share of voters", "one of the banks": a part or an amount
         * means nothing without what it is of; "growth in security
         * threats": a change, without what changed */
        if (has_child(run, se, d, CD_REL_CASE, of, 1) && part_noun(h))
            return "the of-phrase of a part or amount";
        /* "sell 253m euros [of new shares]", "3,000 tonnes [of wheat]" */
        if (has_child(run, se, d, CD_REL_CASE, of, 1) &&
            (has_child(run, se, t->head, CD_REL_NUMMOD, NULL, 0) ||
             has_child(run, se, t->head, CD_REL_COMPOUND, NULL, 0)) &&
            (h->pos == P_NNS || h->pos == P_NN) && !span_of_time(h)) {
            bool counted = false;
            for (int k = h->lo; k < t->head && !counted; k++)
                counted = run->toks[k].head == t->head &&
                          ((run->toks[k].flags & TF_DIGIT) || run->toks[k].pos == P_CD);
            if (counted)
                return "what an amount is of";
        }
        /* a description's "thanks to the success [of the TV shows]":
         * "the" before a bare noun points at what the of-phrase names */
        if (full && has_child(run, se, d, CD_REL_CASE, of, 1) &&
            (h->pos == P_NN || h->pos == P_NNS) &&
            has_child(run, se, t->head, CD_REL_DET, the, 1) &&
            !has_child(run, se, t->head, CD_REL_AMOD, NULL, 0) &&
            !has_child(run, se, t->head, CD_REL_COMPOUND, NULL, 0))
            return "what 'the' points at";
        /* "the greatest frustration [of his presidency]": what a
         * superlative ranks among */
        static const char *const among[] = {"of", "in", "among", "since"};
        if (has_child(run, se, t->head, CD_REL_AMOD, NULL, 0) &&
            !(t->flags & TF_DIGIT) && !cd_is_time_word(t->lower) &&
            has_child(run, se, d, CD_REL_CASE, among, CD_ARRAY_LEN(among)))
            for (int k = se->tok0; k < t->head; k++)
                if (run->toks[k].head == t->head && run->toks[k].rel == CD_REL_AMOD &&
                    run->toks[k].pos == P_JJS)
                    return "what a superlative ranks among";
        /* "set themselves the very highest [of standards]" */
        if (h->pos == P_JJS && has_child(run, se, d, CD_REL_CASE, of, 1))
            return "what a superlative ranks among";
        /* "person of the year", "goal of the month": an award's name */
        if (has_child(run, se, d, CD_REL_CASE, of, 1) &&
            has_child(run, se, d, CD_REL_DET, the, 1) &&
            (h->pos == P_NN || h->pos == P_NNS) &&
            (!strcmp(t->lower, "year") || !strcmp(t->lower, "month") ||
             !strcmp(t->lower, "season") || !strcmp(t->lower, "decade") ||
             !strcmp(t->lower, "century") || !strcmp(t->lower, "tournament")))
            return "an award's name";
        return change_noun(h) ? "what a change is of" : NULL;
    case CD_REL_RELCL: {
        /* "has had the kind of summer [one might imagine]": "the kind"
         * is nothing without the clause that says which kind */
        static const char *const kind[] = {"kind", "sort", "type", "way"};
        if (word_in(h->lemma, kind, CD_ARRAY_LEN(kind)) &&
            has_child(run, se, t->head, CD_REL_DET, NULL, 0))
            return "the clause that says which kind";
        /* "has shot up, at a time [when many labs have backlogs]" */
        static const char *const when[] = {"time", "moment", "point", "stage", "period"};
        static const char *const an[] = {"a", "an"};
        return word_in(h->lemma, when, CD_ARRAY_LEN(when)) &&
                       has_child(run, se, t->head, CD_REL_DET, an, 2)
                   ? "the clause that says which time" : NULL;
    }
    case CD_REL_ACL: {
        /* "will have her talents [tested]", "wants the law [changed]":
         * the participle of a causative or perception verb's object is
         * what the verb says of it */
        static const char *const small[] = {"have", "get", "see", "want", "need",
                                            "keep", "leave", "find", "hear", "watch",
                                            "like", "make"};
        if (has_child(run, se, d, CD_REL_MARK, to, 1))
            return "a noun's infinitive complement";
        /* "appear on the web hours [after they are shown]" */
        if (span_of_time(h) && has_child(run, se, d, CD_REL_MARK, around, 2))
            return "what a kept span of time is before or after";
        /* "There is a strong chance [that the ferry will stop]": an
         * existential's noun is hollow without what it introduces */
        if (h->rel == CD_REL_NSUBJ && h->head >= 0 &&
            has_child(run, se, h->head, CD_REL_EXPL, NULL, 0) &&
            (t->pos == P_VBG || has_child(run, se, d, CD_REL_MARK, that, 1)))
            return "what an existential's noun introduces";
        if (h->rel == CD_REL_OBJ && h->head >= 0 &&
            word_in(run->toks[h->head].lemma, small, CD_ARRAY_LEN(small)) &&
            (t->pos == P_VBN || t->pos == P_VBG))
            return "what the verb says of its object";
        return NULL;
    }
    case CD_REL_OBL: case CD_REL_ADVCL:
        if (h->pos == P_JJS && has_child(run, se, d, CD_REL_CASE, of, 1))
            return "what a superlative ranks among";
        /* "described as plagued [by incompetence]", "a team led [by
         * Smith]": a participle without an auxiliary, standing as an
         * adjective, says nothing without its agent ("was arrested [by
         * police]" may lose it) */
        if (t->rel == CD_REL_OBL && !strcmp(label, "obl:agent") && h->pos == P_VBN &&
            (h->rel == CD_REL_ADVCL || h->rel == CD_REL_ACL || h->rel == CD_REL_XCOMP) &&
            !has_child(run, se, t->head, CD_REL_AUX, NULL, 0))
            return "the agent of a participle";
        /* "surprised at how accurate [it was]", where the parser hung
         * the wh-clause's verb on the main one */
        if (kept && t->rel == CD_REL_ADVCL && t->lo - 2 >= se->tok0 &&
            kept[t->lo - 1 - se->tok0] && kept[t->lo - 2 - se->tok0] &&
            run->toks[t->lo - 2].pos == P_WRB &&
            (run->toks[t->lo - 1].pos == P_JJ || run->toks[t->lo - 1].pos == P_RB))
            return "the clause a wh-word opens";
        if (light_verb_phrase(run, se, d, kept))
            return "what a verb and its noun mean together";
        /* "falls from 11.2% [to 8.6%]": a range keeps its other end */
        if (t->lo > se->tok0 && !strcmp(run->toks[t->lo].lower, "to")) {
            int m = sibling_before(run, se, d);
            bool digits = false; /* a range of numbers, not "from A to B" trips */
            for (int k = t->lo; k <= t->hi; k++)
                digits |= (run->toks[k].flags & TF_DIGIT) != 0;
            if (digits && m >= se->tok0 && m < t->lo && run->toks[m].head == t->head &&
                !strcmp(run->toks[run->toks[m].lo].lower, "from") &&
                (!kept || kept[m - se->tok0]))
                return "the other end of a range";
        }
        if (verb_prep_frame(run, d))
            return "the phrase its verb needs";
        /* "has until next week [to approve the fees]": what the time
         * "have" or "give" holds is for */
        if (t->rel == CD_REL_ADVCL && run->toks[t->lo].pos == P_TO && t->lo > se->tok0) {
            int m = sibling_before(run, se, d); /* the time phrase */
            const cd_tok *u = &run->toks[m];
            int f = u->lo; /* its "until" */
            if (u->head == t->head && f > se->tok0 &&
                (!strcmp(run->toks[f].lower, "until") || !strcmp(run->toks[f].lower, "till")) &&
                (!strcmp(run->toks[f - 1].lemma, "have") || !strcmp(run->toks[f - 1].lemma, "give")))
                return "what the time is for";
        }
        /* "wants other nations [to match his target]": the infinitive
         * after the object of a verb that asks it of the object, where
         * the parser took it for a clause of purpose */
        if (t->rel == CD_REL_ADVCL && run->toks[t->lo].pos == P_TO &&
            word_in(h->lemma, asks, CD_ARRAY_LEN(asks)) && t->lo > se->tok0 &&
            run->toks[t->lo - 1].head >= 0) {
            int o = t->lo - 1;
            while (run->toks[o].head != t->head && run->toks[o].head >= se->tok0 &&
                   run->toks[o].head < t->lo)
                o = run->toks[o].head;
            if (run->toks[o].head == t->head && run->toks[o].rel == CD_REL_OBJ &&
                (!kept || kept[o - se->tok0]))
                return "its complement clause";
        }
        /* "may be wild [about the Oscars]", "are sick [of award
         * ceremonies]": what a predicate adjective right before is
         * about */
        static const char *const about[] = {"about", "of", "on", "with", "for", "to", "at"};
        if (kept && t->rel == CD_REL_OBL && t->lo > se->tok0 && t->lo - 1 == t->head &&
            h->pos == P_JJ && has_child(run, se, t->head, CD_REL_COP, NULL, 0) &&
            !has_child(run, se, t->head, CD_REL_DET, NULL, 0) && /* "an imperative" */
            has_child(run, se, d, CD_REL_CASE, about, CD_ARRAY_LEN(about)))
            return "what an adjective is about";
        /* "not open [to change]", "ready [to strike]": an infinitive
         * right after a kept adjective is what the adjective needs,
         * wherever the parser hung it */
        if (kept && t->lo > se->tok0 && kept[t->lo - 1 - se->tok0] &&
            run->toks[t->lo - 1].pos == P_JJ && run->toks[t->lo].pos == P_TO &&
            predicate_adjective(run, se, t->lo - 1))
            return "what an adjective needs";
        /* "voted European Athletics [woman athlete of 2004]": a noun
         * phrase hung on the verb without a preposition and not a time
         * is what the verb makes of its object */
        if (t->rel == CD_REL_OBL && strcmp(label, "obl") == 0 &&
            (t->pos == P_NN || t->pos == P_NNS) &&
            !has_child(run, se, d, CD_REL_CASE, NULL, 0) &&
            !cd_is_time_word(t->lower) && run->toks[t->lo].pos != P_PUNCT) {
            if (t->lo == t->head + 1)
                return "a noun phrase the verb makes of its object";
            for (int k = se->tok0; k < t->lo; k++) {
                const cd_tok *o = &run->toks[k];
                if (o->head == t->head && o->hi + 1 == t->lo &&
                    (o->rel == CD_REL_OBJ ||
                     (o->rel == CD_REL_OBL &&
                      !has_child(run, se, k, CD_REL_CASE, NULL, 0))))
                    return "a noun phrase the verb makes of its object";
            }
        }
        /* "would stand 12 kilometres [from the shore]": a distance
         * kept right before says nothing without where it is from */
        static const char *const from[] = {"from", "off", "away"};
        static const char *const distance[] = {
            "km", "kilometres", "kilometers", "kilometre", "kilometer", "miles",
            "mile", "metres", "meters", "metre", "meter", "feet", "foot",
            "yards", "yard", "inches", "minutes", "hours", "blocks", "steps",
            "points", "seconds", "strokes", "places"};
        /* "stay away [from pills]", "far [from home]": where away is */
        static const char *const away[] = {"away", "far", "apart", "clear", "back"};
        if (pointing(run, d))
            return "where its adverb points";
        if (kept && t->lo > se->tok0 && kept[t->lo - 1 - se->tok0] &&
            lower_in(&run->toks[t->lo - 1], away, CD_ARRAY_LEN(away)) &&
            (has_child(run, se, d, CD_REL_CASE, from, 1) ||
             has_child(run, se, d, CD_REL_MARK, from, 1)))
            return "where a kept distance is from";
        if (kept && t->rel == CD_REL_OBL && t->lo > se->tok0 &&
            has_child(run, se, d, CD_REL_CASE, from, CD_ARRAY_LEN(from))) {
            int m = sibling_before(run, se, d);
            if (run->toks[m].head == t->head && run->toks[m].hi == t->lo - 1 &&
                kept[m - se->tok0] && has_child(run, se, m, CD_REL_NUMMOD, NULL, 0) &&
                lower_in(&run->toks[m], distance, CD_ARRAY_LEN(distance)))
                return "where a kept distance is from";
        }
        /* "heaps praise [on Italy]", "puts pressure [on Blair]", "files a
         * lawsuit [against Conte]": what the object right before is
         * aimed at */
        static const char *const on[] = {"on", "upon", "onto"};
        static const char *const against[] = {"against"};
        if (kept && t->rel == CD_REL_OBL && t->lo > se->tok0) {
            int m = sibling_before(run, se, d);
            const cd_tok *o = &run->toks[m];
            if (o->head == t->head && o->rel == CD_REL_OBJ && o->hi == t->lo - 1 &&
                kept[m - se->tok0] && !detached(run, se, d) &&
                (has_child(run, se, d, CD_REL_CASE, against, 1) ||
                 ((o->pos == P_NN || o->pos == P_NNS) && !(o->flags & TF_DIGIT) &&
                  strcmp(o->lower, "%") != 0 &&
                  !has_child(run, se, m, CD_REL_DET, NULL, 0) &&
                  !has_child(run, se, m, CD_REL_NUMMOD, NULL, 0) &&
                  !has_child(run, se, m, CD_REL_COMPOUND, NULL, 0) &&
                  !has_child(run, se, m, CD_REL_POSS, NULL, 0) &&
                  has_child(run, se, d, CD_REL_CASE, on, CD_ARRAY_LEN(on)))))
                return "what its object is aimed at";
        }
        /* "burning up moments [before her death]": what a kept span of
         * time right before is before or after */
        if (kept && t->rel == CD_REL_OBL && t->lo > se->tok0 &&
            kept[t->lo - 1 - se->tok0] && span_of_time(&run->toks[t->lo - 1]) &&
            has_child(run, se, d, CD_REL_CASE, around, CD_ARRAY_LEN(around)))
            return "what a kept span of time is before or after";
        /* "rose 18% to a record [9.4 million tonnes]": a measure without
         * a preposition, right after a kept phrase, is what that phrase
         * amounts to */
        if (kept && t->rel == CD_REL_OBL && t->lo > se->tok0 && kept[t->lo - 1 - se->tok0] &&
            (t->pos == P_NN || t->pos == P_NNS) && !time_token(t) &&
            !has_child(run, se, d, CD_REL_CASE, NULL, 0) &&
            has_child(run, se, d, CD_REL_NUMMOD, NULL, 0) &&
            run->toks[t->lo - 1].pos != P_PUNCT)
            return "the measure of the phrase before";
        /* "will replace $400 billion [in short-term Treasurys]", "raised
         * £5m [in funding]": what a kept sum right before is in */
        static const char *const in_[] = {"in"};
        if (kept && t->lo > se->tok0 && kept[t->lo - 1 - se->tok0] &&
            (t->pos == P_NN || t->pos == P_NNS) &&
            has_child(run, se, d, CD_REL_CASE, in_, 1)) {
            int m = sibling_before(run, se, d);
            const cd_tok *o = &run->toks[m];
            static const char *const money[] = {"$", "£", "€", "¥"};
            if (o->head == t->head && o->rel == CD_REL_OBJ && o->hi == t->lo - 1 &&
                kept[m - se->tok0] && lower_in(o, money, CD_ARRAY_LEN(money)))
                return "what a kept sum is in";
        }
        /* "names Conway [as campaign manager]": what one is named as */
        if (t->rel == CD_REL_OBL && word_in(h->lemma, naming, CD_ARRAY_LEN(naming)) &&
            has_child(run, se, d, CD_REL_CASE, as, 1))
            return "what a naming verb names as";
        /* "Surface PCs known [for ...]", "based on", "aimed at" */
        if (t->rel == CD_REL_OBL && (h->pos == P_VBN || h->pos == P_JJ) &&
            word_in(h->lemma, needy, CD_ARRAY_LEN(needy)))
            return "what a participle needs";
        if (has_child(run, se, d, CD_REL_CASE, than, 1) ||
            has_child(run, se, d, CD_REL_MARK, than, 1))
            return "a comparison's second term";
        /* "if press reports are to be believed": a condition */
        if (has_child(run, se, d, CD_REL_MARK, cond, CD_ARRAY_LEN(cond)))
            return "a condition";
        /* "meets Schroeder to talk [about Turkey]", "rates set to remain
         * [on hold]", "puts Liverpool [on the comeback trail]": the last
         * complement of a verb that seldom stops without one stays,
         * unless it is set off, a time or a place */
        if (!detached(run, se, d) && verb_bare(run, se, d, kept, full))
            return "all its verb needs";
        return NULL;
    case CD_REL_CONJ:
        /* a clause may go with its conjunction; a list loses no member */
        /* "declares A and B unrealistic" may say "A unrealistic": the
         * list's tail may go outside a subject ("A and B join forces") */
        if (is_verb(t) || has_child(run, se, d, CD_REL_NSUBJ, NULL, 0) ||
            has_child(run, se, d, CD_REL_COP, NULL, 0))
            return NULL;
        if (h->rel != CD_REL_NSUBJ && h->rel != CD_REL_PASS && kept &&
            !kept_conj_other(run, se, d, kept))
            return NULL;
        return "a member of a list";
    case CD_REL_PUNCT:
        /* the commas of a kept list */
        if (kept && strcmp(t->lower, ",") == 0 && h->rel == CD_REL_CONJ &&
            kept_around(run, se, d, kept) &&
            kept[t->head - se->tok0] && h->head >= 0 && kept[h->head - se->tok0])
            return "a list's comma";
        return NULL;
    case CD_REL_COP:
        /* "Supporters happy with result"; not after a clause as subject
         * ("Making college free good"), nor before one ("The idea [is
         * that] fans could ...": "Idea fans could"; "are to" may go) */
        if (is_verb(h) && has_child(run, se, t->head, CD_REL_MARK, that, 1))
            return "the copula before a clause";
        return has_child(run, se, t->head, CD_REL_CSUBJ, NULL, 0)
                   ? "the copula after a clause" : NULL;
    default:
        if (!strcmp(label, "goeswith") || !strcmp(label, "det:predet"))
            return "part of a word";
        return NULL;
    }
}

/* Whether word k, after phrase [lo, hi], may refer back to a noun inside
 * it ("calls by Trump for Nato allies to increase their spending",
 * "instead of the 2% target, saying the latter ..."): then the phrase
 * stays.  Number and person are read off the tags. */
bool cd_refers_into(const cd_run *run, int lo, int hi, int k)
{
    static const char *const plural[] = {"they", "them", "their", "theirs",
                                         "themselves"};
    static const char *const thing[] = {"it", "its", "itself"};
    static const char *const person[] = {"he", "she", "him", "her", "his",
                                         "hers", "himself", "herself"};
    static const char *const any[] = {"latter", "former"};
    bool pl = false, sg = false, name = false;
    for (int j = lo; j <= hi; j++) {
        int p = run->toks[j].pos;
        pl |= p == P_NNS || p == P_NNPS;
        sg |= p == P_NN || p == P_NNP;
        /* "his" points at a person: not at a name the entity finder
         * knows for something else ("the US") */
        const cd_tok *u = &run->toks[j];
        name |= p == P_NNP && (u->ent < 0 || u->ent >= run->nent ||
                               run->ents[u->ent].person);
    }
    const cd_tok *t = &run->toks[k];
    return (pl && lower_in(t, plural, CD_ARRAY_LEN(plural))) ||
           (sg && lower_in(t, thing, CD_ARRAY_LEN(thing))) ||
           (name && lower_in(t, person, CD_ARRAY_LEN(person))) ||
           ((pl || sg) && lower_in(t, any, CD_ARRAY_LEN(any)));
}

/* One sentence's kept words: NULL when they are whole phrases. */
/* A verb the headline rewrite takes out of a verb group ("U2 are to
 * play" -> "U2 to play", "has called" -> "calls"). */
static bool group_verb(const cd_tok *t)
{
    static const char *const w[] = {"be", "have", "do", "will", "get"};
    return t->pos >= P_VB && t->pos <= P_MD && word_in(t->lemma, w, CD_ARRAY_LEN(w));
}

/* "The group said in a release Friday [that sales were down]": a verb
 * of saying kept without what was said, when words after it went.  Its
 * content is a clause, a quotation or an object ("confirmed the deal";
 * for "tell", whom it was told is no content); a verb that comes after
 * what was said ("..., he said") has it before. */
static bool says(const cd_tok *t)
{
    /* verbs of saying whose other senses are rare: not "claimed a win",
     * "reported a loss", "noted the change" */
    static const char *const saying[] = {"say", "tell", "add", "explain", "insist",
                                         "argue", "stress", "reply", "warn", "state"};
    for (size_t i = 0; i < CD_ARRAY_LEN(saying); i++)
        if (strcmp(t->lemma, saying[i]) == 0)
            return true;
    return false;
}

static const char *speech_cut(const cd_run *run, const cd_sent *se,
                              const uint8_t *kept)
{
    for (int i = 0; i < se->ntok; i++) {
        int v = se->tok0 + i;
        const cd_tok *t = &run->toks[v];
        if (!kept[i] || (t->flags & TF_QUOTED) || t->pos < P_VB || t->pos > P_VBZ ||
            !says(t) || has_child(run, se, v, CD_REL_AUXPASS, NULL, 0))
            continue; /* "will be announced" needs nothing more */
        /* "..., they said": the attribution hangs on what was said */
        bool content = t->head >= se->tok0 && t->head < v && kept[t->head - se->tok0] &&
                       (t->rel == CD_REL_PARATAXIS || t->rel == CD_REL_CCOMP ||
                        t->rel == CD_REL_DEP || t->rel == CD_REL_ADVCL);
        bool cut = false;
        for (int j = 0; j < se->ntok && !content; j++) {
            const cd_tok *d = &run->toks[se->tok0 + j];
            if (j < i && (d->flags & TF_QUOTED))
                content = true; /* the quotation it attributes */
            if (d->head != v)
                continue;
            bool what = d->rel == CD_REL_CCOMP || d->rel == CD_REL_XCOMP ||
                        d->rel == CD_REL_PARATAXIS || d->rel == CD_REL_DEP ||
                        (d->rel == CD_REL_OBJ && strcmp(t->lemma, "tell") != 0);
            if (what && (kept[j] || j < i))
                content = true;
        }
        for (int j = i + 1; j < se->ntok && !cut; j++)
            cut = !kept[j] && run->toks[se->tok0 + j].pos != P_PUNCT;
        if (!content && cut)
            return "what was said";
    }
    return NULL;
}

/* Whether a kept word before pronoun k, in its sentence, is something
 * it may stand for: a noun of its number that names no person. */
static bool kept_referent(const cd_run *run, const cd_sent *se, const uint8_t *kept, int k)
{
    for (int j = se->tok0; j < k; j++) {
        const cd_tok *u = &run->toks[j];
        if (!kept[j - se->tok0] || (u->ent >= 0 && u->ent < run->nent &&
                                    run->ents[u->ent].person))
            continue;
        if (cd_refers_into(run, j, j, k))
            return true;
    }
    return false;
}

static const char *sentence_fault(const cd_run *run, const cd_sent *se,
                                  uint8_t *kept, int flags, bool later)
{
    /* A group verb the rewrite took out, heading kept words, still joins
     * them: where the parser made "are" the head of "U2" and "to play",
     * the kept words are one phrase. */
    for (int i = 0; i < se->ntok; i++) {
        const cd_tok *t = &run->toks[se->tok0 + i];
        if (kept[i] || !group_verb(t))
            continue;
        int deps = 0;
        for (int j = 0; j < se->ntok; j++)
            deps += kept[j] && run->toks[se->tok0 + j].head == se->tok0 + i &&
                    run->toks[se->tok0 + j].pos != P_PUNCT;
        if (deps >= 2)
            kept[i] = 2;
    }
    /* "4.9 million bbl. of oil": a stop inside the sentence belongs to
     * the word it follows unspaced, and goes when that word goes
     * ("released a report. of oil") */
    for (int i = 1; i + 1 < se->ntok; i++) {
        const cd_tok *t = &run->toks[se->tok0 + i];
        if (kept[i] && !kept[i - 1] && !(t->flags & TF_SPACE) && t->len == 1 &&
            run->text[t->off] == '.')
            return "a stop without the word it ends";
    }
    /* "filed against Vergara [on behalf of the eggs] — which are
     * named": a relative pronoun qualifies the word right before it,
     * which the cut must keep (wherever the parser hung the clause) */
    for (int i = 1; i < se->ntok; i++) {
        const cd_tok *t = &run->toks[se->tok0 + i];
        if (!kept[i] || (t->flags & TF_QUOTED) ||
            !(t->pos == P_WDT || t->pos == P_WP) || t->head < 0 ||
            run->toks[t->head].rel != CD_REL_RELCL)
            continue;
        /* (a clause on a kept noun reads: "an association [with his
         * coach] which yielded a title") */
        const cd_tok *q = &run->toks[run->toks[t->head].head];
        if ((q->pos == P_NN || q->pos == P_NNS || q->pos == P_NNP || q->pos == P_NNPS ||
             q->pos == P_PRP) && kept[run->toks[t->head].head - se->tok0])
            continue;
        int p = i - 1;
        while (p > 0 && run->toks[se->tok0 + p].pos == P_PUNCT)
            p--;
        if (!kept[p])
            return "a relative clause without what it qualifies";
    }
    /* "The deal gives Inbev[, ..., near-total control]": a verb of
     * giving whose one kept object is the one given to */
    static const char *const give[] = {"give", "hand", "offer", "grant", "award",
                                       "send", "lend", "owe", "cost", "earn", "deny",
                                       "promise", "show", "tell", "teach"};
    for (int i = 0; i < se->ntok; i++) {
        const cd_tok *v = &run->toks[se->tok0 + i];
        if (!kept[i] || !is_verb(v) || !word_in(v->lemma, give, CD_ARRAY_LEN(give)))
            continue;
        int objs = 0, named = 0, other = 0;
        for (int j = 0; j < se->ntok; j++) {
            const cd_tok *u = &run->toks[se->tok0 + j];
            if (u->head != se->tok0 + i || !kept[j])
                continue;
            if (u->rel == CD_REL_OBJ || u->rel == CD_REL_IOBJ) {
                objs++;
                named += u->pos == P_NNP || u->pos == P_NNPS || u->pos == P_PRP;
            } else if (u->rel == CD_REL_CCOMP || u->rel == CD_REL_XCOMP ||
                       (u->rel == CD_REL_OBL && j > i))
                other++;
        }
        bool cut = false;
        for (int j = i + 1; j < se->ntok && !cut; j++)
            cut = !kept[j] && run->toks[se->tok0 + j].pos != P_PUNCT;
        if (objs == 1 && named == 1 && other == 0 && cut && strcmp(v->lemma, "tell") != 0)
            return "what a verb of giving gives";
    }
    /* "raised the limit [for investment in telecoms] companies": two
     * objects of one verb are one noun phrase the parser split, and a
     * cut between them joins two nouns */
    for (int i = 0; i < se->ntok; i++) {
        const cd_tok *t = &run->toks[se->tok0 + i];
        if (!kept[i] || t->rel != CD_REL_OBJ || t->head < 0)
            continue;
        for (int j = i + 1; j < se->ntok; j++) {
            const cd_tok *u = &run->toks[se->tok0 + j];
            if (!kept[j] || u->rel != CD_REL_OBJ || u->head != t->head)
                continue;
            /* (the cut a phrase opening on a preposition after a
             * bare noun; "wish all Americans a merry Christmas" has
             * two objects of its own) */
            if (t->pos == P_NN && i + 1 < j && !kept[i + 1] &&
                run->toks[se->tok0 + i + 1].pos == P_IN)
                return "a cut between two objects";
        }
    }
    int roots = 0, root = -1;
    for (int i = 0; i < se->ntok; i++) {
        const cd_tok *t = &run->toks[se->tok0 + i];
        if (!kept[i] || t->pos == P_PUNCT)
            continue;
        if (t->head < 0 || !kept[t->head - se->tok0]) {
            roots++;
            root = se->tok0 + i;
        }
    }
    if (roots == 0)
        return NULL; /* punctuation only */
    /* "grows [at a faster rate] than 0.4% reported": a kept "than"
     * needs its comparative */
    bool than = false, comparative = false;
    for (int i = 0; i < se->ntok; i++) {
        const cd_tok *t = &run->toks[se->tok0 + i];
        if (!kept[i])
            continue;
        than |= strcmp(t->lower, "than") == 0;
        comparative |= t->pos == P_JJR || strcmp(t->lower, "more") == 0 ||
                       strcmp(t->lower, "less") == 0 || strcmp(t->lower, "fewer") == 0 ||
                       strcmp(t->lower, "other") == 0 || strcmp(t->lower, "rather") == 0 ||
                       ((t->pos == P_RB || t->pos == P_NN) && strlen(t->lower) > 2 &&
                        strcmp(t->lower + strlen(t->lower) - 2, "er") == 0);
    }
    if (than && !comparative)
        return "a comparison without its comparative";
    if (roots > 1)
        return "cut between a word and its head";
    /* a parenthesis the cut took whole may go with everything in it
     * ("Windows 10 [(I know, ... no less!)] and ARM servers") */
    uint8_t aside[TREE_MAX] = {0};
    for (int i = 0; i < se->ntok; i++) {
        if (kept[i] || !cd_tok_is(run, se->tok0 + i, "("))
            continue;
        int depth = 0, j = i;
        for (; j < se->ntok; j++) {
            depth += cd_tok_is(run, se->tok0 + j, "(") - cd_tok_is(run, se->tok0 + j, ")");
            if (kept[j] || depth == 0)
                break;
        }
        if (j < se->ntok && !kept[j] && depth == 0)
            for (int q = i; q <= j; q++)
                aside[q] = 1;
    }
    for (int i = 0; i < se->ntok; i++) {
        const cd_tok *t = &run->toks[se->tok0 + i];
        if (kept[i] || t->head < 0 || !kept[t->head - se->tok0])
            continue;
        /* (not a core argument the parser found inside it: that is a
         * parse to distrust, "won ($960m) bail-out" with "$" an object) */
        if (aside[i] && t->rel != CD_REL_NSUBJ && t->rel != CD_REL_OBJ &&
            t->rel != CD_REL_PASS && t->rel != CD_REL_CCOMP && t->rel != CD_REL_XCOMP)
            continue;
        const char *why = loss(run, se, se->tok0 + i, kept, (flags & CD_TREE_FULL) != 0);
        if (why) {
            return why;
        }
        /* "faces scrutiny [for skipping security] and intelligence
         * briefings": a phrase removed just before a kept conjunction
         * of nouns leaves the list's other member on the wrong word */
        int nx = t->hi + 1, pv = t->lo - 1;
        if (nx + 1 < se->tok0 + se->ntok && pv >= se->tok0 && kept[nx - se->tok0] &&
            kept[pv - se->tok0] && run->toks[nx].pos == P_CC &&
            run->toks[pv].pos != P_PUNCT && run->toks[nx].head >= 0) {
            int cp = run->toks[run->toks[nx].head].pos;
            if (cp == P_NN || cp == P_NNS || cp == P_NNP || cp == P_NNPS || cp == P_CD)
                return "a phrase before a list's conjunction";
        }
        /* "... to 5% [instead of the 2% target], saying the latter is
         * not enough": what a kept word after it points back into */
        for (int k = t->hi + 1; k < se->tok0 + se->ntok; k++)
            if (kept[k - se->tok0] && !(run->toks[k].flags & TF_QUOTED) &&
                (cd_tok_is(run, k, "latter") || cd_tok_is(run, k, "former")) &&
                cd_refers_into(run, t->lo, t->hi, k))
                return "what a later word refers to";
        /* "Anil Ambani, [the younger of the brothers in charge of
         * India's largest company,] has resigned from running its
         * subsidiary": a thing's or a group's pronoun whose only
         * antecedent went with the phrase (in a candidate's later
         * sentence, the one before may hold it) */
        for (int k = t->hi + 1; k < se->tok0 + se->ntok && !later; k++)
            if (kept[k - se->tok0] && !(run->toks[k].flags & TF_QUOTED) &&
                (run->toks[k].pos == P_PRPS || run->toks[k].pos == P_PRP) &&
                !cd_tok_is(run, k, "his") && !cd_tok_is(run, k, "her") &&
                !cd_tok_is(run, k, "he") && !cd_tok_is(run, k, "she") &&
                !cd_tok_is(run, k, "him") && cd_refers_into(run, t->lo, t->hi, k) &&
                !kept_referent(run, se, kept, k))
                return "what a later pronoun refers to";
    }
    /* descriptions and ledes only: the headline ranker's next choices,
     * where it refuses a cut, are no better yet */
    const char *said = (flags & CD_TREE_FULL) ? speech_cut(run, se, kept) : NULL;
    if (said)
        return said;
    if (!(flags & CD_TREE_CLAUSE))
        return NULL;
    const cd_tok *r = &run->toks[root];
    bool subj = false, cop = false, mod = false;
    for (int i = 0; i < se->ntok; i++) {
        const cd_tok *t = &run->toks[se->tok0 + i];
        if (t->head != root || !kept[i])
            continue;
        if (t->rel == CD_REL_NSUBJ || t->rel == CD_REL_PASS || t->rel == CD_REL_CSUBJ ||
            t->rel == CD_REL_EXPL)
            subj = true;
        else if (t->rel == CD_REL_COP)
            cop = true;
        else if (t->rel == CD_REL_MARK && strcmp(t->lower, "to") != 0 &&
                 strcmp(t->lower, "that") != 0)
            return "a subordinate clause"; /* "After Trump wins presidency" */
        else if (t->rel != CD_REL_PUNCT && t->rel != CD_REL_DET)
            mod = true;
    }
    if (!subj && !(flags & CD_TREE_NO_SUBJECT))
        return "no subject";
    /* "Xbox One X is video game system": a copula with a bare singular
     * noun says nothing a headline can use */
    if ((flags & CD_TREE_HEADLINE) && cop && r->pos == P_NN && !mod)
        return "a copula with a bare noun";
    return NULL;
}

/* A parse that missed the sentence's clause: its root is neither a verb
 * nor a copula's predicate, while the sentence has a finite verb (the
 * parser took "Budget airline Ryanair has placed ..." for a noun phrase
 * with a clause hung on it).  Reading such a tree would refuse good
 * compressions for the parser's mistake. */
/* "has failed after members of his party [conj] left parliament": a
 * verb joined to another with neither a conjunction nor a comma is a
 * clause the parser did not see.  A description or lede that keeps it
 * keeps what comes between it and the verb it hangs on; headlines, read
 * by the other rules too, may cut there. */
static bool finite_copula(const cd_run *run, const cd_sent *se, int k)
{
    for (int j = se->tok0; j < k; j++)
        if (run->toks[j].head == k && run->toks[j].rel == CD_REL_COP &&
            (run->toks[j].pos == P_VBD || run->toks[j].pos == P_VBZ ||
             run->toks[j].pos == P_VBP))
            return true;
    return false;
}

/* ... and "The proposals laid out by the administration are highly
 * controversial", where the parser made "laid" the root and joined the
 * predicate to it: a predicate with a finite copula so joined is the
 * main clause, and no cut of the sentence reads (`predicates`: only
 * those, as headlines are read) */
static bool misjoined_cut(const cd_run *run, const cd_sent *se, const uint8_t *kept,
                          bool predicates)
{
    for (int k = se->tok0; k < se->tok0 + se->ntok; k++) {
        const cd_tok *t = &run->toks[k];
        /* finite: a participle so joined is most often a modifier the
         * parser hung on the verb ("examples ever produced") */
        bool verb = t->pos == P_VBD || t->pos == P_VBZ || t->pos == P_VBP;
        if (t->rel != CD_REL_CONJ || (predicates && verb) ||
            !(verb || finite_copula(run, se, k)) ||
            t->head < 0 || t->head > k || (!predicates && !kept[k - se->tok0]))
            continue;
        /* the comma or conjunction may hang elsewhere ("..., Attorney
         * General Luther Strange announced") */
        bool joined = false;
        for (int j = t->lo - 1; j <= t->lo && !joined; j++)
            joined = j > t->head && (run->toks[j].pos == P_CC ||
                                     run->toks[j].rel == CD_REL_PUNCT);
        for (int j = t->head + 1; j < k && !joined; j++)
            joined = (run->toks[j].head == k || run->toks[j].head == t->head) &&
                     (run->toks[j].rel == CD_REL_CC || run->toks[j].rel == CD_REL_PUNCT);
        if (joined)
            continue;
        if (predicates)
            return true; /* nor "Plans lay out by the council" */
        /* a parenthesis may go ("a $1.8bn (£931m) deal") */
        int depth = 0;
        for (int j = t->head + 1; j < t->lo; j++) {
            depth += cd_tok_is(run, j, "(") - cd_tok_is(run, j, ")");
            if (depth <= 0 && !kept[j - se->tok0] && run->toks[j].pos != P_PUNCT)
                return true;
        }
    }
    return false;
}

static bool misparsed(const cd_run *run, const cd_sent *se)
{
    int root = -1;
    bool finite = false;
    for (int k = se->tok0; k < se->tok0 + se->ntok; k++) {
        const cd_tok *t = &run->toks[k];
        if (t->head < 0 && t->pos != P_PUNCT && root < 0)
            root = k;
        finite |= (t->pos == P_VBD || t->pos == P_VBZ || t->pos == P_VBP ||
                   t->pos == P_MD) && !(t->flags & TF_QUOTED);
    }
    if (root < 0 || !finite)
        return false;
    const cd_tok *r = &run->toks[root];
    if (r->pos >= P_VB && r->pos <= P_MD)
        return false;
    return !has_child(run, se, root, CD_REL_COP, NULL, 0);
}

const char *cd_tree_fault(cd_run *run, const int *tok, int n, int flags,
                          cd_status *st)
{
    *st = CD_OK;
    if (run->model->parser.nlabels == 0 || run->nsent == 0)
        return NULL; /* no parser: nothing to read the tree with */
    uint8_t kept[TREE_MAX];
    int done[8], ndone = 0;
    for (int i = 0; i < n; i++) {
        if (tok[i] < 0 || tok[i] >= run->ntok)
            continue;
        int s = cd_sent_of(run, tok[i]);
        bool seen = false;
        for (int j = 0; j < ndone; j++)
            seen |= done[j] == s;
        if (seen)
            continue;
        if (ndone == (int)CD_ARRAY_LEN(done))
            return "too many sentences";
        done[ndone++] = s;
        const cd_sent *se = &run->sents[s];
        if (se->ntok > TREE_MAX)
            return "sentence too long to read";
        memset(kept, 0, (size_t)se->ntok);
        int nkept = 0;
        for (int j = 0; j < n; j++)
            if (tok[j] >= se->tok0 && tok[j] < se->tok0 + se->ntok) {
                nkept += !kept[tok[j] - se->tok0];
                kept[tok[j] - se->tok0] = 1;
            }
        if (nkept == se->ntok)
            continue; /* the whole sentence, as the article has it */
        if (cut_after_verb(run, se, kept))
            return "a verb cut from what it needs";
        if (cut_after_object(run, se, kept))
            return "a verb cut from what it needs";
        if (wh_cut(run, se, kept, (flags & CD_TREE_FULL) != 0))
            return "the clause a wh-word opens";
        if (expletive_cut(run, se, kept))
            return "an 'it' cut from the clause it stands for";
        if (joined_over_cut(run, se, kept))
            return "two conjunctions or verbs the cut brought together";
        *st = cd_sent_parse(run, s);
        if (*st != CD_OK)
            return "out of memory";
        if (misjoined_cut(run, se, kept, !(flags & CD_TREE_FULL)))
            return "a clause the parser did not see";
        if (misparsed(run, se)) {
            /* a tree we cannot read: a headline goes to the other rules;
             * a description or lede, which has the whole sentence to
             * fall back on, is not cut on a guess */
            if (flags & CD_TREE_FULL)
                return "a sentence the parser could not read";
            continue;
        }
        const char *why = sentence_fault(run, se, kept, flags, ndone > 1);
        if (why)
            return why;
    }
    return NULL;
}

bool cd_tree_optional(const cd_run *run, int d, int what)
{
    const cd_tok *t = &run->toks[d];
    if (t->head < 0 || (t->flags & TF_QUOTED))
        return false;
    int s = cd_sent_of(run, d);
    const cd_sent *se = &run->sents[s];
    if (!se->parsed || misparsed(run, se))
        return false;
    switch (t->rel) {
    case CD_REL_ADVMOD:
        /* "are to back plans": a word after "to" or a modal that the
         * tagger read as an adverb is the verb */
        if (d > se->tok0 && (run->toks[d - 1].pos == P_TO || run->toks[d - 1].pos == P_MD) &&
            !(d + 1 < se->tok0 + se->ntok && is_verb(&run->toks[d + 1])))
            return false; /* (not "to successfully defend") */
        if (what & CD_TREE_MODIFIER)
            break;
        return false;
    case CD_REL_APPOS: case CD_REL_RELCL: case CD_REL_PARATAXIS: case CD_REL_ACL:
        if (what & CD_TREE_ASIDE)
            break;
        return false;
    case CD_REL_OBL: case CD_REL_NMOD: case CD_REL_ADVCL:
        if (what & CD_TREE_PHRASE)
            break;
        return false;
    default:
        return false;
    }
    /* loss() reads the kept set only for conjunctions, conjuncts and
     * commas, none of them optional here */
    return loss(run, se, d, NULL, (what & CD_TREE_FULL) != 0) == NULL;
}

/* Such a word anywhere after the phrase in clause c. */
static bool referred_to(const cd_run *run, const cd_clause *c, int lo, int hi)
{
    for (int k = hi + 1; k < c->stop; k++)
        if (cd_refers_into(run, lo, hi, k))
            return true;
    return false;
}

int cd_tree_skips(const cd_run *run, cd_clause *c, int what)
{
    int before = c->nskip;
    for (int k = c->v1; k < c->stop && c->nskip < CD_CLAUSE_SKIPS; k++) {
        const cd_tok *t = &run->toks[k];
        if (cd_clause_skipped(c, k) || t->head < c->s0 || t->head >= c->stop ||
            t->lo < c->v1 || t->hi >= c->stop || !cd_tree_optional(run, k, what))
            continue;
        /* not a phrase holding a skip already, nor part of a quotation
         * (a whole one may go; what is left of one stays as said) */
        bool inside = false;
        int marks = 0;
        for (int j = t->lo; j <= t->hi; j++) {
            inside |= cd_clause_skipped(c, j);
            marks += cd_tok_is(run, j, "\"");
        }
        inside |= marks % 2 != 0 ||
                  ((run->toks[t->lo].flags & TF_QUOTED) && t->lo > 0 &&
                   (run->toks[t->lo - 1].flags & TF_QUOTED)) ||
                  ((run->toks[t->hi].flags & TF_QUOTED) && t->hi + 1 < run->ntok &&
                   (run->toks[t->hi + 1].flags & TF_QUOTED));
        if (inside || referred_to(run, c, t->lo, t->hi))
            continue;
        c->skip0[c->nskip] = t->lo;
        c->skip1[c->nskip] = t->hi + 1;
        c->nskip++;
        k = t->hi;
    }
    /* a verb that needs something after it keeps the first of its
     * complements when every one of them was taken ("to talk [about
     * Turkey] [on Monday]" keeps "about Turkey") */
    for (int j = before; j < c->nskip; j++) {
        int r = -1;
        for (int k = c->skip0[j]; k < c->skip1[j]; k++)
            if (run->toks[k].head < c->skip0[j] || run->toks[k].head >= c->skip1[j])
                r = k;
        if (r < 0)
            continue;
        const cd_tok *t = &run->toks[r];
        int h = t->head;
        if (h < 0 || r < h || !complement_rel(t) || t->rel == CD_REL_OBJ)
            continue;
        bool other = false, obj = false;
        for (int k = h + 1; k < c->stop && !other; k++) {
            if (k == r || run->toks[k].head != h || !complement_rel(&run->toks[k]) ||
                cd_clause_skipped(c, k))
                continue;
            if (run->toks[k].rel == CD_REL_OBJ)
                obj = true;
            else
                other = true;
        }
        if (other || !needs_complement(&run->toks[h], obj, 10))
            continue;
        bool earlier = false;
        for (int i = before; i < j; i++)
            for (int k = c->skip0[i]; k < c->skip1[i]; k++)
                earlier |= run->toks[k].head == h && complement_rel(&run->toks[k]);
        if (earlier)
            continue;
        for (int i = j + 1; i < c->nskip; i++) {
            c->skip0[i - 1] = c->skip0[i];
            c->skip1[i - 1] = c->skip1[i];
        }
        c->nskip--;
        j--;
    }
    return c->nskip - before;
}

/* ---- Text from outside ---------------------------------------------------
 *
 * A candidate copydesk did not write (an editor's, a language model's) is
 * read on the tree when it is a compression of article sentences: each of
 * its sentences is the words of one article sentence, in order, some left
 * out, in their headline forms at most ("says" for "said", "3" for
 * "three", "wins" for "won").  Words are compared as their letters and
 * digits ("Ukraine's" is "ukraine" and "s", as the article's tokens are).
 * A candidate that rewrites, with words its sentence does not have, is
 * not read: there is nothing to align it with.
 */

enum { ALIGN_PIECES = 96, ALIGN_SENT = 256 };

typedef struct piece {
    char w[40];
    int tok;  /* the article token it comes from, or -1 */
    bool cap; /* the candidate's word began with a capital */
} piece;

static bool piece_char(unsigned char c)
{
    return isalnum(c) || c >= 0x80;
}

/* Split s[0, n) into pieces: runs of letters and digits (UTF-8 letters
 * kept whole), and "%", "$", "£" on their own.  Returns how many. */
static int pieces_of(const char *s, size_t n, piece *out, int max, int tok)
{
    int m = 0;
    size_t i = 0;
    while (i < n && m < max) {
        unsigned char c = (unsigned char)s[i];
        /* curly apostrophes and dashes are punctuation, not letters */
        if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80) {
            i += 3;
            continue;
        }
        if (c == '%' || c == '$') {
            out[m].w[0] = (char)c;
            out[m].w[1] = 0;
            out[m].tok = tok;
            out[m++].cap = false;
            i++;
            continue;
        }
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA3) { /* £ */
            memcpy(out[m].w, "\xC2\xA3", 3);
            out[m].tok = tok;
            out[m++].cap = false;
            i += 2;
            continue;
        }
        if (!piece_char(c)) {
            i++;
            continue;
        }
        size_t j = i, k = 0;
        out[m].cap = isupper(c) != 0;
        while (j < n && piece_char((unsigned char)s[j]) &&
               !((unsigned char)s[j] == 0xE2 && j + 2 < n && (unsigned char)s[j + 1] == 0x80) &&
               !((unsigned char)s[j] == 0xC2 && j + 1 < n && (unsigned char)s[j + 1] == 0xA3)) {
            if (k + 1 < sizeof out[m].w)
                out[m].w[k++] = (char)tolower((unsigned char)s[j]);
            j++;
        }
        out[m].w[k] = 0;
        out[m].tok = tok;
        /* "doesn't" is "does" and "n't", as the tokenizer has it */
        size_t ap = j < n && s[j] == '\'' ? 1
                  : j + 2 < n && !memcmp(s + j, "\xE2\x80\x99", 3) ? 3 : 0;
        if (ap && j + ap < n && (s[j + ap] == 't' || s[j + ap] == 'T') &&
            (j + ap + 1 == n || !piece_char((unsigned char)s[j + ap + 1])) && k > 1 &&
            out[m].w[k - 1] == 'n' && m + 1 < max) {
            out[m].w[k - 1] = 0;
            m++;
            memcpy(out[m].w, "nt", 3);
            out[m].tok = tok;
            out[m].cap = false;
            j += ap + 1;
        }
        m++;
        i = j;
    }
    return m;
}

/* The article's words as the headline rewrite may give them. */
static bool piece_match(const cd_run *run, const piece *c, const piece *t)
{
    if (!strcmp(c->w, t->w))
        return true;
    if (t->tok < 0)
        return false;
    const cd_tok *a = &run->toks[t->tok];
    if (a->lower[0] && strcmp(a->lower, t->w) != 0 && strchr(a->lower, '\''))
        return false; /* a piece of "n't" or "'s": only itself */
    const char *l = a->lemma;
    size_t ll = strlen(l), cl = strlen(c->w);
    if (!strcmp(c->w, l))
        return true;
    /* "says" for "said", "wins" for "won", "carries" for "carried" */
    if (is_verb(a) && cl == ll + 1 && !strncmp(c->w, l, ll) && c->w[ll] == 's')
        return true;
    if (is_verb(a) && cl == ll + 2 && !strncmp(c->w, l, ll) && !strcmp(c->w + ll, "es"))
        return true;
    if (is_verb(a) && ll > 1 && l[ll - 1] == 'y' && cl == ll + 2 &&
        !strncmp(c->w, l, ll - 1) && !strcmp(c->w + ll - 1, "ies"))
        return true;
    if (!strcmp(l, "be"))
        return !strcmp(c->w, "is") || !strcmp(c->w, "are");
    if (!strcmp(l, "have"))
        return !strcmp(c->w, "has") || !strcmp(c->w, "have");
    if (!strcmp(a->lower, "would"))
        return !strcmp(c->w, "will");
    if (!strcmp(c->w, "%"))
        return !strcmp(a->lower, "percent") || !strcmp(a->lower, "per") ||
               !strcmp(a->lower, "cent");
    int v = cd_number_word(a->lower);
    return v >= 0 && isdigit((unsigned char)c->w[0]) && atoi(c->w) == v &&
           strspn(c->w, "0123456789") == cl;
}

/* The alignment's tables, made once for a candidate: F, the best score
 * over prefixes; M, the best with (i, j) matched; how, the step taken.
 * Scores are matches * 4 plus runs of neighbours. */
typedef struct align_tab {
    int F[ALIGN_PIECES + 1][ALIGN_SENT + 1];
    int M[ALIGN_PIECES + 1][ALIGN_SENT + 1];
    unsigned char how[ALIGN_PIECES + 1][ALIGN_SENT + 1];
} align_tab;

/* Align candidate pieces c[0, m) with sentence pieces t[0, p): the most
 * matches, and among those the most that follow each other.  match[i] is
 * the sentence piece of candidate piece i, or -1.  Returns the matches. */
static int align(const cd_run *run, const piece *c, int m, const piece *t, int p,
                 int *match, align_tab *tab)
{
    static const int NEG = -1000000;
    int (*F)[ALIGN_SENT + 1] = tab->F;
    int (*M)[ALIGN_SENT + 1] = tab->M;
    unsigned char (*how)[ALIGN_SENT + 1] = tab->how;
    for (int j = 0; j <= p; j++) {
        F[0][j] = 0;
        M[0][j] = NEG;
        how[0][j] = 2;
    }
    for (int i = 1; i <= m; i++) {
        F[i][0] = F[i - 1][0] - 4;
        M[i][0] = NEG;
        how[i][0] = 1;
        for (int j = 1; j <= p; j++) {
            M[i][j] = NEG;
            if (piece_match(run, &c[i - 1], &t[j - 1])) {
                int from_m = M[i - 1][j - 1] > NEG ? M[i - 1][j - 1] + 5 : NEG;
                int from_f = F[i - 1][j - 1] + 4;
                M[i][j] = from_m > from_f ? from_m : from_f;
            }
            /* 1: candidate piece unmatched; 2: sentence piece left out;
             * 3: matched here */
            int best = F[i - 1][j] - 4, h = 1;
            if (F[i][j - 1] > best) {
                best = F[i][j - 1];
                h = 2;
            }
            if (M[i][j] >= best && M[i][j] > NEG) {
                best = M[i][j];
                h = 3;
            }
            F[i][j] = best;
            how[i][j] = (unsigned char)h;
        }
    }
    int i = m, j = p, got = 0;
    for (int k = 0; k < m; k++)
        match[k] = -1;
    while (i > 0 && j > 0) {
        int h = how[i][j];
        if (h == 3) {
            match[i - 1] = j - 1;
            got++;
            i--;
            j--;
        } else if (h == 1) {
            i--;
        } else {
            j--;
        }
    }
    return got;
}

/* The pieces of sentence s. */
static int sentence_pieces(const cd_run *run, int s, piece *out, int max)
{
    const cd_sent *se = &run->sents[s];
    int m = 0;
    for (int k = se->tok0; k < se->tok0 + se->ntok && m < max; k++) {
        const cd_tok *t = &run->toks[k];
        if (t->lower[0] == 'n' && (!strcmp(t->lower, "n't") || !strcmp(t->lower, "n\xE2\x80\x99t"))) {
            memcpy(out[m].w, "nt", 3);
            out[m].tok = k;
            out[m++].cap = false;
            continue;
        }
        m += pieces_of(run->text + t->off, t->len, out + m, max - m, k);
    }
    return m;
}

const char *cd_phrase_fault(cd_run *run, cd_kind kind, const char *text, size_t n,
                            const int *src, int nsrc, cd_status *st)
{
    *st = CD_OK;
    if (run->model->parser.nlabels == 0 || run->nsent == 0)
        return NULL;
    bool title = kind == CD_HEADLINE || kind == CD_SEO_TITLE;
    /* a title with a label ("Ukraine: ...", "Hegseth: '...'") is a form
     * of its own: the speaker or topic stands for a verb the tree has */
    if (title && memchr(text, ':', n))
        return NULL;
    int toks[2 * CD_HL_MAX], ntoks = 0;
    piece *c = malloc(ALIGN_PIECES * sizeof *c);
    piece *t = malloc(ALIGN_SENT * sizeof *t);
    int *match = malloc(ALIGN_PIECES * sizeof *match);
    align_tab *tab = malloc(sizeof *tab);
    const char *why = NULL;
    if (!c || !t || !match || !tab) {
        *st = CD_E_NOMEM;
        goto done;
    }
    /* one candidate sentence at a time (a description may have three) */
    for (size_t a = 0; a < n;) {
        size_t b = a;
        while (b < n && !(strchr(".?!", text[b]) && b + 2 < n && text[b + 1] == ' ' &&
                          (isupper((unsigned char)text[b + 2]) || text[b + 2] == '"')))
            b++;
        if (b < n)
            b++;
        int m = pieces_of(text + a, b - a, c, ALIGN_PIECES, -1);
        a = b;
        if (m < 3 || m >= ALIGN_PIECES)
            goto done; /* too short to say, or too long to read */
        /* the sentence that shares the most words */
        int best = -1, bs = 0;
        for (int si = 0; si < (nsrc > 0 ? nsrc : run->nsent); si++) {
            int s = nsrc > 0 ? src[si] : si;
            if (s < 0 || s >= run->nsent)
                continue;
            int p = sentence_pieces(run, s, t, ALIGN_SENT);
            if (p >= ALIGN_SENT)
                continue;
            int shared = 0;
            for (int i = 0; i < m; i++)
                for (int j = 0; j < p; j++)
                    if (!strcmp(c[i].w, t[j].w)) {
                        shared++;
                        break;
                    }
            if (shared > bs) {
                bs = shared;
                best = s;
            }
        }
        if (best < 0 || bs * 2 < m)
            goto done; /* not from one sentence */
        int p = sentence_pieces(run, best, t, ALIGN_SENT);
        int got = align(run, c, m, t, p, match, tab);
        /* every word its sentence's, or one name in a pronoun's place */
        if (got < m - 1)
            goto done;
        const cd_sent *se = &run->sents[best];
        *st = cd_sent_parse(run, best);
        if (*st != CD_OK)
            goto done;
        int first = ntoks;
        for (int i = 0; i < m; i++) {
            int k = -1;
            if (match[i] >= 0) {
                k = t[match[i]].tok;
            } else if (c[i].cap) {
                /* a name in a pronoun's place: the pronoun between the
                 * neighbours' words stays */
                int lo = i > 0 && match[i - 1] >= 0 ? t[match[i - 1]].tok : se->tok0 - 1;
                int hi = i + 1 < m && match[i + 1] >= 0 ? t[match[i + 1]].tok
                                                        : se->tok0 + se->ntok;
                for (int q = lo + 1; q < hi && k < 0; q++)
                    if (run->toks[q].pos == P_PRP)
                        k = q;
            }
            if (k < 0)
                goto done; /* a word its sentence does not have */
            bool seen = false;
            for (int q = first; q < ntoks && !seen; q++)
                seen = toks[q] == k;
            if (!seen && ntoks < (int)CD_ARRAY_LEN(toks))
                toks[ntoks++] = k;
        }
        /* punctuation and symbols between kept words stay: the
         * candidate's own may differ, and only a list's commas count */
        int lo = -1, hi = -1;
        for (int q = first; q < ntoks; q++) {
            if (lo < 0 || toks[q] < lo)
                lo = toks[q];
            if (toks[q] > hi)
                hi = toks[q];
        }
        /* and the sentence's final stop, where the candidate runs to its
         * last word */
        int last = se->tok0 + se->ntok - 1;
        while (last > se->tok0 && run->toks[last].pos == P_PUNCT)
            last--;
        if (hi == last)
            hi = se->tok0 + se->ntok;
        for (int k = lo + 1; lo >= 0 && k < hi && ntoks < (int)CD_ARRAY_LEN(toks); k++) {
            piece tmp[4];
            const cd_tok *x = &run->toks[k];
            if (x->pos != P_PUNCT && pieces_of(run->text + x->off, x->len, tmp, 4, k) > 0)
                continue;
            bool seen = false;
            for (int r = first; r < ntoks && !seen; r++)
                seen = toks[r] == k;
            if (!seen)
                toks[ntoks++] = k;
        }
        /* the clause finder's subject block whole, as copydesk's own
         * headlines are read */
        cd_clause cl;
        if (cd_clause_find(run, se->tok0, se->tok0 + se->ntok, &cl)) {
            bool in = false;
            for (int q = first; q < ntoks && !in; q++)
                in = toks[q] >= cl.s0 && toks[q] < cl.s1;
            for (int k = cl.s0; in && k < cl.s1 && ntoks < (int)CD_ARRAY_LEN(toks); k++) {
                bool seen = false;
                for (int r = first; r < ntoks && !seen; r++)
                    seen = toks[r] == k;
                if (!seen)
                    toks[ntoks++] = k;
            }
        }
        /* the subject whole, as copydesk's own are read: a title's
         * shortening of a name ("Hegseth" of "Defense Secretary Pete
         * Hegseth") is the subject variant's own rule */
        for (int q = first, e = ntoks; q < e; q++) {
            /* from a kept word up through the nouns above it to a subject */
            const cd_tok *x = &run->toks[toks[q]];
            for (int up = 0; up < 8 && x->rel != CD_REL_NSUBJ && x->rel != CD_REL_PASS &&
                             x->head >= 0 && !is_verb(&run->toks[x->head]);
                 up++)
                x = &run->toks[x->head];
            if (x->rel != CD_REL_NSUBJ && x->rel != CD_REL_PASS)
                continue;
            for (int k = x->lo; k <= x->hi && ntoks < (int)CD_ARRAY_LEN(toks); k++) {
                bool seen = false;
                for (int r = first; r < ntoks && !seen; r++)
                    seen = toks[r] == k;
                if (!seen)
                    toks[ntoks++] = k;
            }
        }
    }
    if (ntoks) {
        /* not CD_TREE_FULL: a sentence the parser could not read leaves
         * an outside candidate to the other rules */
        int flags = CD_TREE_CLAUSE | (title ? CD_TREE_HEADLINE : 0);
        why = cd_tree_fault(run, toks, ntoks, flags, st);
    }
done:
    free(c);
    free(t);
    free(match);
    free(tab);
    return why;
}
