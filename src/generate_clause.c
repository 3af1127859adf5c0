/*
 * generate_clause.c - main clauses and candidate rendering.
 *
 * cd_clause_find is a tag-driven stand-in for Hedge Trimmer's "lowest
 * leftmost S with a subject and a verb": it skips a fronted adverbial
 * ("In a major shift, ..."), steps over appositives and relative clauses
 * set off by commas ("The firm, which is now ..., benefited"), takes the
 * first finite verb outside quotation marks as the head of the verb
 * group, and ends the clause at the first hard break (";", ":", a dash,
 * or the end of the sentence).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "generate.h"

bool cd_tok_is(const cd_run *run, int k, const char *s)
{
    /* the first letters differ for almost every call: test them first */
    return k >= 0 && k < run->ntok && run->toks[k].lower[0] == s[0] &&
           strcmp(run->toks[k].lower, s) == 0;
}

static bool is_finite(const cd_tok *t)
{
    return t->pos == P_VBD || t->pos == P_VBZ || t->pos == P_VBP ||
           t->pos == P_MD;
}

static bool is_hard_stop(const cd_run *run, int k)
{
    const cd_tok *t = &run->toks[k];
    if (t->flags & TF_QUOTED)
        return false;
    return cd_tok_is(run, k, ";") || cd_tok_is(run, k, ":") || cd_tok_is_dash(run, k) ||
           cd_tok_is(run, k, ".") || cd_tok_is(run, k, "!") ||
           cd_tok_is(run, k, "?");
}

/* Words that open a fronted adverbial clause or phrase. */
static bool fronted(const cd_run *run, int k)
{
    const cd_tok *t = &run->toks[k];
    static const char *const w[] = {
        "after", "against", "amid", "although", "as", "at", "before",
        "beyond", "despite", "during", "following", "for", "from", "if",
        "in", "meanwhile", "on", "once", "since", "though", "under",
        "unlike", "until", "when", "whereas", "while", "with", "within",
        "without", "however", "but", "yet", "also", "now", "still",
        "earlier", "later", "last", "separately", "instead", "by",
    };
    for (size_t i = 0; i < CD_ARRAY_LEN(w); i++)
        if (strcmp(t->lower, w[i]) == 0)
            return true;
    return t->pos == P_VBG || t->pos == P_RB;
}

bool cd_clause_skipped(const cd_clause *c, int k)
{
    for (int i = 0; i < c->nskip; i++)
        if (k >= c->skip0[i] && k < c->skip1[i])
            return true;
    return false;
}

static void add_skip(cd_clause *c, int a, int b)
{
    if (c->nskip < CD_CLAUSE_SKIPS && b > a) {
        c->skip0[c->nskip] = a;
        c->skip1[c->nskip] = b;
        c->nskip++;
    }
}

/* Index of the next comma at quotation depth 0 in [k, end), or -1. */
static int next_comma(const cd_run *run, int k, int end)
{
    for (; k < end; k++)
        if (cd_tok_is(run, k, ",") && !(run->toks[k].flags & TF_QUOTED))
            return k;
    return -1;
}

/* A word of a noun phrase without a preposition. */
static bool np_word(const cd_run *run, int j)
{
    int p = run->toks[j].pos;
    return p == P_DT || p == P_JJ || p == P_JJR || p == P_JJS || p == P_NN ||
           p == P_NNS || p == P_NNP || p == P_NNPS || p == P_CD || p == P_POS ||
           p == P_PRPS || p == P_VBN || p == P_VBG || cd_tok_is(run, j, "-");
}

/* A preposition that may sit inside a noun phrase of a list ("figures
 * from her faction"), not one that opens a clause or a comparison. */
static bool member_prep(const cd_run *run, int j)
{
    static const char *const ok[] = {"of", "from", "in", "at", "for", "with", "on"};
    for (size_t i = 0; i < CD_ARRAY_LEN(ok); i++)
        if (cd_tok_is(run, j, ok[i]))
            return true;
    return false;
}

/* Whether the comma at k continues a subject that is a list of noun
 * phrases ("A, B, C and D are", "A, B and C said"): its last member,
 * after the last comma before the verb, holds "and" or "or", and no
 * member has a verb of its own.  Returns the verb's index, else -1. */
static int list_end(const cd_run *run, int c0, int k, int end)
{
    int last = k;
    bool cc = false;
    for (int j = c0; j < k; j++)
        if (!np_word(run, j))
            return -1;
    for (int j = k + 1; j < end; j++) {
        const cd_tok *t = &run->toks[j];
        if (t->flags & TF_QUOTED)
            return -1;
        if (cd_tok_is(run, j, ",")) {
            if (cc)
                return -1; /* "A, B and C, its founders, are" */
            last = j;
            continue;
        }
        if (t->pos == P_CC && (cd_tok_is(run, j, "and") || cd_tok_is(run, j, "or"))) {
            /* "One game into his career, and Henson is": a serial comma
             * needs three members */
            if (j == k + 1)
                return -1;
            cc = true;
            continue;
        }
        if (is_finite(t) || t->pos == P_MD)
            return cc && j > last + 2 ? j : -1;
        /* a later member may carry a preposition and its noun: "Robert
         * Mugabe, his wife and two figures from her faction are" */
        if (t->pos == P_IN && j > k + 2 && np_word(run, j - 1) && j + 1 < end &&
            np_word(run, j + 1) && member_prep(run, j))
            continue;
        if (!np_word(run, j))
            return -1;
    }
    return -1;
}

/* A parenthesis: returns the index after ")" or k when not at "(". */
int cd_skip_parens(const cd_run *run, int k, int end)
{
    if (!cd_tok_is(run, k, "("))
        return k;
    int depth = 0;
    for (int j = k; j < end; j++) {
        if (cd_tok_is(run, j, "("))
            depth++;
        else if (cd_tok_is(run, j, ")") && --depth == 0)
            return j + 1;
    }
    return k;
}

static bool is_be(const cd_tok *t) { return strcmp(t->lemma, "be") == 0; }
static bool is_have(const cd_tok *t) { return strcmp(t->lemma, "have") == 0; }

/* "years", "months", "weeks", ...: what "four years after" measures. */
static bool time_unit(const char *w)
{
    static const char *const u[] = {"years", "months", "weeks", "days", "hours",
                                    "minutes", "decades", "year", "month", "week",
                                    "day", "hour", "decade"};
    for (size_t i = 0; i < CD_ARRAY_LEN(u); i++)
        if (strcmp(w, u[i]) == 0)
            return true;
    return false;
}

/* Plurals a tagger may read as singular, above all at a sentence's
 * start: "Gunmen opened fire", "People are", "Police say". */
static bool partitive(const char *w)
{
    static const char *const part[] = {"quarter", "half", "third", "majority",
                                       "minority", "proportion", "fraction", "percent",
                                       "%", "rest", "bulk", "lot", "lots",
                                       "most", "some", "all", "none", "plenty"};
    for (size_t i = 0; i < CD_ARRAY_LEN(part); i++)
        if (strcmp(w, part[i]) == 0)
            return true;
    return false;
}

static bool irregular_plural(const char *w)
{
    static const char *const plural[] = {"people", "children", "police", "men",
                                         "women", "cattle"};
    static const char *const singular[] = {"abdomen", "acumen", "amen", "hymen",
                                           "omen", "ramen", "regimen", "specimen",
                                           "stamen", "yemen", "carmen"};
    for (size_t i = 0; i < CD_ARRAY_LEN(plural); i++)
        if (strcmp(w, plural[i]) == 0)
            return true;
    size_t n = strlen(w);
    if (n < 5 || strcmp(w + n - 3, "men") != 0)
        return false; /* "gunmen", "policemen", "businesswomen" */
    for (size_t i = 0; i < CD_ARRAY_LEN(singular); i++)
        if (strcmp(w, singular[i]) == 0)
            return false;
    return true;
}

/* The rest of a clause whose subject starts at c0 and whose verb group
 * at v: the verb group, the subject's number, where the clause stops.
 * b is the range's end before its final punctuation. */
static bool clause_from(const cd_run *run, cd_clause *c, int c0, int v, int b)
{
    c->s0 = c0;
    c->s1 = v;
    /* The verb group: auxiliaries, adverbs and the main verb. */
    int k = v;
    int mv = v;
    while (k < b) {
        const cd_tok *t = &run->toks[k];
        if (t->flags & TF_QUOTED)
            break;
        if (t->pos >= P_VB && t->pos <= P_VBZ) {
            mv = k;
            k++;
            /* after a non-auxiliary verb the group ends */
            if (!is_be(t) && !is_have(t) && strcmp(t->lemma, "do") != 0 &&
                strcmp(t->lemma, "get") != 0)
                break;
            continue;
        }
        if (t->pos == P_MD || cd_tok_is(run, k, "not") ||
            cd_tok_is(run, k, "n't") || cd_tok_is(run, k, "never") ||
            (t->pos == P_RB && k + 1 < b &&
             run->toks[k + 1].pos >= P_VB && run->toks[k + 1].pos <= P_VBZ)) {
            if (t->pos == P_MD)
                mv = k;
            k++;
            continue;
        }
        break;
    }
    c->v0 = v;
    c->v1 = k;
    c->mv = mv;
    const cd_tok *m = &run->toks[mv];
    c->copula = is_be(m);
    /* "are (often) based": the auxiliary before the participle, past
     * any adverb */
    int pa = mv - 1;
    while (pa > v && run->toks[pa].pos == P_RB)
        pa--;
    c->passive = m->pos == P_VBN && mv > v && (is_be(&run->toks[pa]) ||
                 strcmp(run->toks[pa].lemma, "get") == 0);
    /* The subject's number: its head is the last noun before a
     * preposition or the verb. */
    int head = -1, and_at = -1;
    bool conj = false;
    for (int j = c0; j < v; j++) {
        if (cd_clause_skipped(c, j))
            continue;
        const cd_tok *t = &run->toks[j];
        /* "a quarter of a million consumers complain", "half of the
         * staff are": a part takes the number of what it is of */
        if (t->pos == P_IN && head >= 0 && cd_tok_is(run, j, "of") &&
            partitive(run->toks[head].lower))
            continue;
        if (t->pos == P_IN && head >= 0)
            break;
        if (t->pos == P_CC && cd_tok_is(run, j, "and")) {
            conj = true;
            and_at = j;
        }
        if (t->pos == P_NN || t->pos == P_NNS || t->pos == P_NNP ||
            t->pos == P_NNPS || t->pos == P_PRP || t->pos == P_CD ||
            t->pos == P_EX)
            head = j;
    }
    if (head < 0)
        return false;
    const cd_tok *h = &run->toks[head];
    /* "Hicks says": a person's name ending in s is still one person */
    bool person = h->ent >= 0 && run->ents[h->ent].person;
    /* "Ailes rallied", where the tagger took the surname for a plural
     * and the entity finder passed it by: a capitalised word that is a
     * person's surname in the article */
    for (int e = 0; e < run->nent && !person && (h->flags & TF_CAP); e++)
        person = run->ents[e].person && strlen(run->ents[e].short_name) == h->len &&
                 !strncasecmp(run->ents[e].short_name, run->text + h->off, h->len);
    /* "fact checker and staff writer David Emery": an "and" among a
     * person's titles before the name joins no two people */
    if (conj && and_at > c0 && (h->pos == P_NNP || person) &&
        run->toks[and_at - 1].pos == P_NN && !(run->toks[and_at - 1].flags & TF_CAP)) {
        int first = head;
        while (first > and_at + 1 && run->toks[first - 1].pos == P_NNP)
            first--;
        bool titles = first > and_at + 1;
        for (int j = and_at + 1; j < first; j++)
            titles &= (run->toks[j].pos == P_NN || run->toks[j].pos == P_JJ) &&
                      !(run->toks[j].flags & TF_CAP);
        if (titles)
            conj = false;
    }
    c->plural = conj || ((h->pos == P_NNS || h->pos == P_NNPS) && !person) ||
                (!person && irregular_plural(h->lower)) ||
                cd_tok_is(run, head, "they") || cd_tok_is(run, head, "we") ||
                cd_tok_is(run, head, "i") || cd_tok_is(run, head, "you");
    /* A finite verb that shows its number says it best: "Proposals to
     * open a museum dedicated to Jimi Hendrix are flailing", where the
     * last noun before the verb is one name. */
    const cd_tok *fv = &run->toks[v];
    if (!(fv->flags & TF_QUOTED)) {
        if (fv->pos == P_VBZ || cd_tok_is(run, v, "was"))
            c->plural = false;
        else if (fv->pos == P_VBP || cd_tok_is(run, v, "were"))
            c->plural = true;
    }
    /* The clause ends at the first hard stop after the verb. */
    int stop = c->v1;
    while (stop < b && !is_hard_stop(run, stop))
        stop++;
    /* "..., the office said." at the end is attribution, not object */
    for (int p = c->v1 + 1; p < stop; p++) {
        if (!cd_tok_is(run, p, ",") || (run->toks[p].flags & TF_QUOTED))
            continue;
        int j = p + 1, names = 0;
        while (j < stop && (run->toks[j].pos == P_DT || run->toks[j].pos == P_NNP ||
                            run->toks[j].pos == P_NN || run->toks[j].pos == P_NNS ||
                            run->toks[j].pos == P_NNPS || run->toks[j].pos == P_PRP ||
                            run->toks[j].pos == P_JJ || run->toks[j].pos == P_POS)) {
            j++;
            names++;
        }
        /* "..., Ruth Kelly has suggested." */
        if (names && j + 1 < stop && strcmp(run->toks[j].lemma, "have") == 0 &&
            run->toks[j + 1].pos == P_VBN)
            j++;
        bool tail = names && names <= 6 && j < stop &&
                    cd_is_speech_verb(run->toks[j].lemma) &&
                    run->toks[j].pos >= P_VBD && run->toks[j].pos <= P_VBZ;
        /* "..., says the assembly government." */
        if (!names && j < stop && cd_is_speech_verb(run->toks[j].lemma) &&
            run->toks[j].pos >= P_VBD && run->toks[j].pos <= P_VBZ) {
            int q = j + 1, nn = 0;
            while (q < stop && nn < 7 && (run->toks[q].pos == P_DT ||
                   run->toks[q].pos == P_NNP || run->toks[q].pos == P_NN ||
                   run->toks[q].pos == P_NNS || run->toks[q].pos == P_NNPS ||
                   run->toks[q].pos == P_JJ || run->toks[q].pos == P_POS)) {
                q++;
                nn++;
            }
            if (nn && q >= stop) {
                stop = p;
                break;
            }
        }
        if (tail) {
            int e = j + 1;
            int tl;
            while (e < stop && cd_is_time_phrase_start(run, e, stop, &tl))
                e += tl;
            if (e >= stop) {
                stop = p;
                break;
            }
        }
    }
    c->stop = stop;
    c->clause_end = stop;
    for (int p = c->v1; p + 1 < stop; p++)
        if (cd_tok_is(run, p, ",") && !(run->toks[p].flags & TF_QUOTED) &&
            (run->toks[p + 1].pos == P_CC || cd_tok_is(run, p + 1, "while") ||
             cd_tok_is(run, p + 1, "whereas"))) {
            c->clause_end = p;
            /* "... protected and safe, but it's really not": a contrast
             * that negates what came before cannot be cut away */
            if (cd_tok_is(run, p + 1, "but") || cd_tok_is(run, p + 1, "yet"))
                for (int q = p + 2; q < stop; q++)
                    if (cd_tok_is(run, q, "not") || cd_tok_is(run, q, "n't") ||
                        cd_tok_is(run, q, "never") || cd_tok_is(run, q, "no"))
                        return false;
            break;
        }
    return true;
}

/* The sentence holding token k: the last that starts at or before it
 * (sentences are in token order); -1 when there is none. */
int cd_sent_of(const cd_run *run, int k)
{
    if (run->nsent == 0 || k < run->sents[0].tok0)
        return -1;
    int lo = 0, hi = run->nsent - 1;
    while (lo < hi) {
        int mid = (lo + hi + 1) / 2;
        if (run->sents[mid].tok0 <= k)
            lo = mid;
        else
            hi = mid - 1;
    }
    return lo;
}

/* "One day in July 2001,", "Last week,": time phrases and nothing
 * else before the comma. */
static bool times_only(const cd_run *run, int c0, int cm)
{
    int j = c0, tl;
    while (j < cm && cd_is_time_phrase_start(run, j, cm, &tl) && tl > 0)
        j += tl;
    return j == cm && j > c0;
}

/* "A few weeks ago,", "Two years ago,": a span of time back from now,
 * no finite verb in it, opening the sentence. */
static bool ago_phrase(const cd_run *run, int c0, int cm)
{
    if (cm - c0 < 2 || cm - c0 > 6 || !cd_tok_is(run, cm - 1, "ago"))
        return false;
    for (int k = c0; k < cm - 1; k++)
        if (!np_word(run, k))
            return false;
    return true;
}

/* Whether [c0, cm), before the comma at cm, is one whole phrase the
 * parse hangs on the root as a fronted adverbial (an oblique, an
 * adverbial clause or an adverb) with the root's subject after the
 * comma. */
static bool tree_fronted(const cd_run *run, int c0, int cm)
{
    int s = cd_sent_of(run, c0);
    if (s < 0 || !run->sents[s].parsed)
        return false;
    int d = c0;
    while (run->toks[d].head >= 0 && run->toks[run->toks[d].head].head >= 0)
        d = run->toks[d].head;
    int r = run->toks[d].head;
    if (r < 0 || r <= cm)
        return false;
    const cd_tok *t = &run->toks[d];
    if ((t->rel != CD_REL_OBL && t->rel != CD_REL_ADVCL && t->rel != CD_REL_ADVMOD) ||
        t->lo != c0 || t->hi != cm - 1)
        return false;
    for (int k = cm + 1; k < r; k++)
        if (run->toks[k].head == r &&
            (run->toks[k].rel == CD_REL_NSUBJ || run->toks[k].rel == CD_REL_PASS))
            return true;
    return false;
}

static bool clause_by_tags(const cd_run *run, int a, int b, cd_clause *c)
{
    memset(c, 0, sizeof *c);
    c->a = a;
    c->b = b;
    while (b > a && run->toks[b - 1].pos == P_PUNCT &&
           !cd_tok_is(run, b - 1, "\""))
        b--;
    if (b - a < 3)
        return false;
    /* '"...," Hegseth said': attribution after a quotation is handled as
     * reported speech (generate_headline.c), not as a clause */
    if (cd_tok_is(run, a, "\""))
        return false;
    /* a label or a dateline before the clause: "Heads up, travelers:
     * Hundreds of workers are striking ...", "CAIRO — Gunmen opened ..." */
    int c0 = cd_label_end(run, a, b);
    /* Fronted adverbials ("In a major shift, ...", "So, as a precaution,
     * we ..."): skip each to after its comma, when no finite verb comes
     * before that comma ("Late in his life he published ..., in which"
     * has its verb first and keeps its start). */
    for (int round = 0; round < 3 && c0 < b; round++) {
        if (run->toks[c0].pos == P_CC)
            c0++;
        if (c0 >= b)
            break;
        int cm = next_comma(run, c0 + 1, b);
        /* the parse may know the phrase is fronted however long it is:
         * "With his musical charming audiences and his film in
         * production, Gosling has ..." */
        if (cm > 0 && (tree_fronted(run, c0, cm) || ago_phrase(run, c0, cm) ||
                       times_only(run, c0, cm))) {
            c0 = cm + 1;
            continue;
        }
        if (cm < 0 || cm >= a + (b - a) * 2 / 3)
            break;
        /* a subordinate clause ("If these troops are deployed ..., they
         * should ...") has its own verb before the comma */
        static const char *const subord[] = {
            "after", "although", "as", "because", "before", "if", "once",
            "since", "though", "unless", "until", "when", "whereas", "while",
        };
        bool sub = false;
        for (size_t i = 0; i < CD_ARRAY_LEN(subord); i++)
            if (cd_tok_is(run, c0, subord[i]))
                sub = true;
        /* "Less than four years after the new Mini launched, BMW has
         * ...": a measure of time before the subordinator */
        bool measured = false;
        for (int j = c0 + 1; j < cm && j < c0 + 6 && !measured && !sub; j++) {
            const cd_tok *u = &run->toks[j];
            if (is_finite(u) || (u->flags & TF_QUOTED))
                break;
            for (size_t i = 0; i < CD_ARRAY_LEN(subord); i++)
                if (cd_tok_is(run, j, subord[i]) && strcmp(subord[i], "as") != 0 &&
                    strcmp(subord[i], "if") != 0 && time_unit(run->toks[j - 1].lower))
                    measured = true;
        }
        if (!(fronted(run, c0) || run->toks[c0].pos == P_IN || measured))
            break;
        sub |= measured;
        bool verb = false;
        for (int k = c0; k < cm && !sub; k++)
            if (is_finite(&run->toks[k]) && !(run->toks[k].flags & TF_QUOTED))
                verb = true;
        if (verb)
            break;
        c0 = cm + 1;
    }
    if (c0 < b && run->toks[c0].pos == P_CC)
        c0++;
    /* a subordinate clause whose comma was too far to skip is no main
     * clause ("While the United States is loved ..., Obama is not") */
    static const char *const subord[] = {"although", "because", "if", "though",
                                         "unless", "when", "whereas", "while"};
    for (size_t i = 0; i < CD_ARRAY_LEN(subord); i++)
        if (c0 < b && cd_tok_is(run, c0, subord[i]))
            return false;
    /* Find the verb, stepping over commas that open an appositive or a
     * relative clause inside the subject. */
    int v = -1;
    bool rel = false;
    for (int k = c0; k < b; k++) {
        int after = cd_skip_parens(run, k, b);
        if (after != k) {
            add_skip(c, k, after);
            k = after - 1;
            continue;
        }
        const cd_tok *t = &run->toks[k];
        if (t->flags & TF_QUOTED || cd_tok_is(run, k, "\""))
            continue;
        if (cd_tok_is(run, k, ",") && k > c0) {
            int cm = next_comma(run, k + 1, b);
            const cd_tok *nx = k + 1 < b ? &run->toks[k + 1] : NULL;
            if (!nx)
                return false;
            /* "Janitors, baggage handlers, cabin cleaners and attendants
             * are": a list runs on to its verb; its members are no
             * appositives */
            int lv = list_end(run, c0, k, b);
            if (lv > k) {
                k = lv - 1;
                continue;
            }
            bool relative = nx->pos == P_WDT || nx->pos == P_WP;
            /* a relative clause runs to the next comma */
            if (relative) {
                if (cm < 0)
                    return false;
                add_skip(c, k, cm + 1);
                k = cm;
                continue;
            }
            /* an appositive has no finite verb of its own:
             * "The firm, now one of the biggest investors, benefited" */
            bool verb = false;
            int end = cm > k ? cm : b;
            for (int j = k + 1; j < end; j++)
                if (is_finite(&run->toks[j]) && !(run->toks[j].flags & TF_QUOTED))
                    verb = true;
            if (cm > k && !verb &&
                (nx->pos == P_DT || nx->pos == P_PRPS || nx->pos == P_CD ||
                 nx->pos == P_NNP || nx->pos == P_JJ || nx->pos == P_NN ||
                 nx->pos == P_VBN || nx->pos == P_VBG || nx->pos == P_RB)) {
                add_skip(c, k, cm + 1);
                k = cm;
                continue;
            }
            /* "The Museum of Flight in Seattle, Washington was proposed":
             * a place's second part; the verb follows */
            if (nx->pos == P_NNP && verb)
                continue;
            return false; /* a list or a second clause before any verb */
        }
        if ((t->pos == P_WDT || t->pos == P_WP) && k > c0) {
            rel = true;
            continue;
        }
        if (is_hard_stop(run, k))
            return false;
        if (is_finite(t)) {
            if (rel) {
                rel = false;
                continue;
            }
            /* "Murdered director ...", "A failed scheme ...": a verb form
             * before any noun is a modifier, not the clause's verb */
            bool noun = false;
            for (int j = c0; j < k; j++)
                if (run->toks[j].pos == P_NN || run->toks[j].pos == P_NNS ||
                    run->toks[j].pos == P_NNP || run->toks[j].pos == P_NNPS ||
                    run->toks[j].pos == P_PRP || run->toks[j].pos == P_CD ||
                    run->toks[j].pos == P_EX || run->toks[j].pos == P_WP)
                    noun = true;
            if (!noun && t->pos == P_VBD && k + 1 < b &&
                (run->toks[k + 1].pos == P_NN || run->toks[k + 1].pos == P_NNS ||
                 run->toks[k + 1].pos == P_NNP || run->toks[k + 1].pos == P_JJ))
                continue;
            /* "Surf show Baywatch has won": a singular noun takes no
             * plural present; the tagger read a noun as the verb */
            if (t->pos == P_VBP && !is_be(t) && !is_have(t) && k > c0 &&
                run->toks[k - 1].pos == P_NN && !(run->toks[k - 1].flags & TF_QUOTED)) {
                /* the noun is the subject's head (no "users across the
                 * world continue"), and a name or noun follows the
                 * misread word ("show Baywatch") */
                bool head = true;
                for (int j = c0; j < k; j++)
                    head &= run->toks[j].pos != P_CC && run->toks[j].pos != P_IN;
                int nx = k + 1 < b ? run->toks[k + 1].pos : P_PUNCT;
                if (head && (nx == P_NNP || nx == P_NN || nx == P_NNS))
                    continue;
            }
            v = k;
            break;
        }
    }
    if (v <= c0)
        return false;
    return clause_from(run, c, c0, v, b);
}


/* The main clause as the parse has it, where the tags alone found none
 * ("New numbers from the association confirm what ...", a subject list
 * whose members carry phrases, a fronted clause of its own): the root's
 * subject and the first auxiliary, copula or the root itself after it.
 * Only for a parsed sentence whose root is in [a, b), is no subordinate
 * clause ("If ...") and has a subject before its verb. */
static bool clause_by_tree(const cd_run *run, int a, int b, cd_clause *c)
{
    int s = cd_sent_of(run, a);
    if (s < 0 || !run->sents[s].parsed || b > run->sents[s].tok0 + run->sents[s].ntok)
        return false;
    int r = -1;
    for (int k = a; k < b; k++)
        if (run->toks[k].head < 0)
            r = k;
    if (r < 0)
        return false;
    int subj = -1, v = -1;
    for (int k = a; k < b; k++) {
        const cd_tok *t = &run->toks[k];
        if (t->head != r)
            continue;
        if (t->rel == CD_REL_MARK)
            return false;
        if ((t->rel == CD_REL_NSUBJ || t->rel == CD_REL_PASS) && k < r && subj < 0)
            subj = k;
        if ((t->rel == CD_REL_AUX || t->rel == CD_REL_AUXPASS || t->rel == CD_REL_COP) &&
            subj >= 0 && k > run->toks[subj].hi && v < 0)
            v = k;
    }
    if (subj < 0)
        return false;
    if (v < 0)
        v = r;
    const cd_tok *st = &run->toks[subj], *vt = &run->toks[v];
    int c0 = st->lo;
    while (c0 < subj && run->toks[c0].pos == P_PUNCT && !cd_tok_is(run, c0, "\""))
        c0++; /* a dash the parser hung on the subject */
    /* what stands before the subject is closed off by a comma (or is a
     * label): "In declaring Trump has ..." has its "subject" inside a
     * phrase, the parser's slip */
    if (c0 > cd_label_end(run, a, b) && !cd_tok_is(run, c0 - 1, ",") &&
        !cd_tok_is(run, c0 - 1, "--") && !cd_tok_is(run, c0 - 1, ":") &&
        !cd_tok_is(run, c0 - 1, "\xe2\x80\x94") && !cd_tok_is(run, c0 - 1, "\xe2\x80\x93"))
        return false;
    if (c0 < a || st->hi >= v || (vt->flags & TF_QUOTED) ||
        (run->toks[c0].flags & TF_QUOTED) || cd_tok_is(run, c0, "\""))
        return false;
    /* a finite verb, or a bare form the tagger gave a plural subject's
     * present ("numbers confirm") with nothing before it that needs it */
    bool finite = vt->pos == P_VBD || vt->pos == P_VBZ || vt->pos == P_VBP || vt->pos == P_MD;
    if (!finite && !(vt->pos == P_VB && v == r && v > 0 &&
                     run->toks[v - 1].pos != P_TO && run->toks[v - 1].pos != P_MD))
        return false;
    while (b > a && run->toks[b - 1].pos == P_PUNCT && !cd_tok_is(run, b - 1, "\""))
        b--;
    /* what the subject's head has set off by commas goes, as the tags'
     * reading skips it: "Stan Lee, the man responsible for ..., wins" */
    for (int k = c0; k < v; k++) {
        const cd_tok *t = &run->toks[k];
        if (t->head != subj || (t->rel != CD_REL_APPOS && t->rel != CD_REL_RELCL &&
                                t->rel != CD_REL_ACL))
            continue;
        /* its commas may hang on it or on the subject's head */
        int lo = t->lo, hi = t->hi;
        if (lo > c0 && !cd_tok_is(run, lo, ","))
            lo--;
        if (cd_tok_is(run, hi, ","))
            hi--;
        if (lo <= c0 || !cd_tok_is(run, lo, ","))
            continue;
        /* an aside opened by a comma and never closed before the verb
         * is a misparse ("Merle Kilgore, co-writer of the country hit
         * Ring of Fire, has died" with "hit" read as the verb) */
        if (hi + 1 >= v || !cd_tok_is(run, hi + 1, ","))
            return false;
        add_skip(c, lo, cd_tok_is(run, hi + 1, ",") ? hi + 2 : hi + 1);
        k = hi;
    }
    return clause_from(run, c, c0, v, b);
}

/* "Up to 2,500 jobs", "About 300 people", "Over half the staff": a
 * preposition that measures the number after it opens a subject. */
static bool number_after(const cd_run *run, int k, int end)
{
    for (int j = k + 1; j < end && j <= k + 2; j++) {
        const cd_tok *t = &run->toks[j];
        if (t->pos == P_CD || (t->flags & TF_DIGIT) || cd_tok_is(run, j, "half"))
            return true;
        if (t->pos != P_IN && t->pos != P_TO && t->pos != P_RB)
            return false;
    }
    return false;
}

/* Whether a cut at p leaves open a clause that a word in [from, p)
 * begins before its verb: "challenged the idea that the explosion |
 * in a cafe was ...", "speaking as Sir Digby Jones, | CBI director
 * general, warned ...".  "that" opens one until a finite verb; "as",
 * "while", "when", "because", "although", "though", "whereas", "if"
 * and "unless" open one when a finite verb follows them with nothing
 * but a noun phrase (and commas) between, at or after p. */
bool cd_cut_opens_clause(const cd_run *run, int from, int p, int end)
{
    static const char *const sub[] = {"as", "while", "when", "because", "although",
                                      "though", "whereas", "if", "unless"};
    bool open = false;
    for (int k = from; k < p; k++) {
        const cd_tok *u = &run->toks[k];
        /* a verb closes it inside quotation marks too ("promised that
         * 'sport is back' as ...") */
        bool finite = u->pos == P_VBD || u->pos == P_VBZ || u->pos == P_VBP || u->pos == P_MD;
        if (finite) {
            open = false;
            continue;
        }
        if (u->flags & TF_QUOTED)
            continue;
        if (cd_tok_is(run, k, "that") && (u->pos == P_IN || u->pos == P_WDT)) {
            open = true;
            continue;
        }
        bool is_sub = false;
        for (size_t i = 0; i < CD_ARRAY_LEN(sub) && !is_sub; i++)
            is_sub = cd_tok_is(run, k, sub[i]);
        if (!is_sub)
            continue;
        for (int j = k + 1; j < end; j++) {
            const cd_tok *w = &run->toks[j];
            if (w->flags & TF_QUOTED)
                break;
            if (w->pos == P_VBD || w->pos == P_VBZ || w->pos == P_VBP || w->pos == P_MD) {
                if (j >= p)
                    open = true;
                break;
            }
            if (!np_word(run, j) && !cd_tok_is(run, j, ","))
                break;
        }
    }
    return open;
}

bool cd_clause_find(const cd_run *run, int a, int b, cd_clause *c)
{
    /* a subject does not open with a preposition: "In declaring Trump
     * has ..., they feign", "At a time when the consensus was ...": the
     * tags took a fronted phrase for the clause; the parse may know */
    if (clause_by_tags(run, a, b, c) &&
        (run->toks[c->s0].pos != P_IN || (run->toks[c->s0].flags & TF_QUOTED) ||
         number_after(run, c->s0, c->s1)))
        return true;
    if (a < b && cd_tok_is(run, a, "\""))
        return false; /* reported speech, read elsewhere */
    memset(c, 0, sizeof *c);
    c->a = a;
    c->b = b;
    return clause_by_tree(run, a, b, c);
}

/* A time expression at k: "on Wednesday", "last week", "in January",
 * "this year", "for the three months to December", "yesterday". */
bool cd_is_time_phrase_start(const cd_run *run, int k, int end, int *len)
{
    const cd_tok *t = &run->toks[k];
    static const char *const preps[] = {"on", "in", "at", "during", "by",
                                        "since", "until", "from", "over",
                                        "earlier", "before", "after"};
    int j = k;
    bool prep = false;
    for (size_t i = 0; i < CD_ARRAY_LEN(preps) && !prep; i++)
        if (t->lower[0] == preps[i][0] && strcmp(t->lower, preps[i]) == 0)
            prep = true;
    if (prep)
        j++;
    bool one = false;
    if (j < end && (cd_tok_is(run, j, "last") || cd_tok_is(run, j, "this") ||
                    cd_tok_is(run, j, "next") || cd_tok_is(run, j, "the") ||
                    cd_tok_is(run, j, "early") || cd_tok_is(run, j, "late")))
        j++;
    /* "One day, Larry Page decided ...", "one morning": a time, where
     * "one year" would be a quantity */
    else if (j + 1 < end && cd_tok_is(run, j, "one") &&
             (cd_tok_is(run, j + 1, "day") || cd_tok_is(run, j + 1, "morning") ||
              cd_tok_is(run, j + 1, "evening") || cd_tok_is(run, j + 1, "night") ||
              cd_tok_is(run, j + 1, "afternoon")) &&
             !(j + 2 < end && cd_tok_is(run, j + 2, "of"))) {
        j++;
        one = true;
    }
    int start = j;
    bool det = j > k + (prep ? 1 : 0);
    while (j < end && j - start < 3) {
        const cd_tok *u = &run->toks[j];
        bool year = u->len == 4 && (u->flags & TF_DIGIT) &&
                    (memcmp(run->text + u->off, "19", 2) == 0 ||
                     memcmp(run->text + u->off, "20", 2) == 0);
        if (cd_is_weekday(u->lower) || cd_is_month(u->lower) ||
            cd_tok_is(run, j, "week") || cd_tok_is(run, j, "month") ||
            cd_tok_is(run, j, "year") || cd_tok_is(run, j, "yesterday") ||
            cd_tok_is(run, j, "today") || cd_tok_is(run, j, "tonight") ||
            cd_tok_is(run, j, "weekend") || cd_tok_is(run, j, "morning") ||
            (one && j == start && cd_tok_is(run, j, "day")) ||
            cd_tok_is(run, j, "evening") || cd_tok_is(run, j, "night") ||
            cd_tok_is(run, j, "afternoon") || (year && (prep || j > start)) ||
            ((u->flags & TF_DIGIT) && j > start && cd_is_month(run->toks[j - 1].lower)))
            j++;
        else
            break;
    }
    if (j == start)
        return false;
    /* a bare "year" or "week" is not a time phrase ("than a year
     * earlier"): it needs a preposition or last/this/next */
    if (!prep && !det && !cd_is_weekday(run->toks[start].lower) &&
        !cd_tok_is(run, start, "yesterday") && !cd_tok_is(run, start, "today") &&
        !cd_tok_is(run, start, "tonight"))
        return false;
    /* "May" is also a modal and a name: only as a month after a preposition */
    if (j == start + 1 && cd_tok_is(run, start, "may") && !prep)
        return false;
    /* "in the year to June", "from January to March" */
    if (j + 1 < end && (cd_tok_is(run, j, "to") || cd_tok_is(run, j, "until") ||
                        cd_tok_is(run, j, "through")) &&
        (cd_is_month(run->toks[j + 1].lower) ||
         cd_is_weekday(run->toks[j + 1].lower)))
        j += 2;
    /* not "this year's festival" */
    if (j < end && run->toks[j].pos == P_POS)
        return false;
    /* "in the week" but not "in the month-long talks" */
    if (j < end && (run->toks[j].pos == P_NN || run->toks[j].pos == P_NNS))
        return false;
    *len = j - k;
    return true;
}

void cd_hl_push(cd_hl *h, int tok, const char *rep)
{
    if (h->n == CD_HL_MAX) {
        h->overflow = true;
        return;
    }
    h->tok[h->n] = tok;
    h->rep[h->n] = rep;
    h->n++;
}

static bool closing_punct(const char *s)
{
    return !strcmp(s, ",") || !strcmp(s, ".") || !strcmp(s, ")") ||
           !strcmp(s, ":") || !strcmp(s, ";") || !strcmp(s, "%") ||
           !strcmp(s, "'s") || !strcmp(s, "n't") || !strcmp(s, "'") ||
           !strcmp(s, "!") || !strcmp(s, "?") || !strcmp(s, "'re") ||
           !strcmp(s, "'ve") || !strcmp(s, "'ll") || !strcmp(s, "'d");
}

size_t cd_hl_render(const cd_run *run, const cd_hl *h, int mode, char *out,
                    size_t cap)
{
    if (h->overflow || cap < 8)
        return 0;
    size_t o = 0;
    bool inq = false;
    for (int i = 0; i < h->n; i++) {
        int k = h->tok[i];
        const cd_tok *t = k >= 0 ? &run->toks[k] : NULL;
        const char *s = h->rep[i] ? h->rep[i] : run->text + t->off;
        size_t n = h->rep[i] ? strlen(h->rep[i]) : t->len;
        if (n == 0)
            continue;
        bool quote = t && !h->rep[i] && t->len == 1 && run->text[t->off] == '"';
        bool space;
        if (o == 0) {
            space = false;
        } else if (quote) {
            space = !inq; /* opening marks take a space, closing ones not */
        } else if (i > 0 && h->tok[i - 1] >= 0 && run->toks[h->tok[i - 1]].len == 1 &&
                   run->text[run->toks[h->tok[i - 1]].off] == '"' && inq &&
                   !h->rep[i - 1]) {
            space = false; /* right after an opening mark */
        } else if (t && !h->rep[i]) {
            space = (t->flags & TF_SPACE) ||
                    (i > 0 && h->tok[i - 1] != k - 1 && !closing_punct(t->lower));
            if (closing_punct(t->lower) && !(t->flags & TF_SPACE))
                space = false;
        } else {
            space = !closing_punct(s);
        }
        if (o + n + 2 >= cap)
            return 0;
        if (space && out[o - 1] != ' ')
            out[o++] = ' ';
        if (quote) {
            out[o++] = mode == CD_RENDER_HEADLINE ? '\'' : '"';
            inq = !inq;
            continue;
        }
        memcpy(out + o, s, n);
        o += n;
    }
    out[o] = 0;
    /* Clean up punctuation left behind by deletions. */
    size_t w = 0;
    for (size_t r = 0; r < o; r++) {
        char ch = out[r];
        if (ch == ',' && w > 0 && (out[w - 1] == ',' || out[w - 1] == ' ') &&
            w > 1 && out[w - 2] == ',')
            continue;
        if (ch == ' ' && r + 1 < o && (out[r + 1] == ',' || out[r + 1] == '.') &&
            !(r + 2 < o && isdigit((unsigned char)out[r + 2])))
            continue;
        if (ch == ',' && w > 0 && out[w - 1] == ',')
            continue;
        out[w++] = ch;
    }
    out[w] = 0;
    o = w;
    /* Trim leading and trailing separators. */
    size_t st = 0;
    while (st < o && (out[st] == ',' || out[st] == ' ' || out[st] == ';' ||
                      out[st] == ':'))
        st++;
    if (st)
        memmove(out, out + st, o - st + 1), o -= st;
    while (o > 0 && (out[o - 1] == ',' || out[o - 1] == ' ' ||
                     out[o - 1] == ';' || out[o - 1] == ':' ||
                     (out[o - 1] == '-' && o > 1 && out[o - 2] == ' ')))
        out[--o] = 0;
    /* A trailing dash (UTF-8 en or em dash) goes too. */
    while (o >= 4 && (memcmp(out + o - 3, "\xE2\x80\x93", 3) == 0 ||
                      memcmp(out + o - 3, "\xE2\x80\x94", 3) == 0)) {
        o -= 3;
        while (o > 0 && out[o - 1] == ' ')
            o--;
        out[o] = 0;
    }
    return o;
}

const char *cd_resolve_pronoun(const cd_run *run, int k)
{
    int e = cd_pronoun_person(run, k);
    return e >= 0 ? run->ents[e].short_name : NULL;
}

const char *cd_resolve_its(cd_run *run, int k, cd_status *st)
{
    *st = CD_OK;
    int s = 0;
    while (s + 1 < run->nsent && run->sents[s + 1].tok0 <= k)
        s++;
    for (int q = s; q >= 0 && q >= s - 1; q--) {
        *st = cd_sent_parse(run, q);
        if (*st != CD_OK)
            return NULL;
        const cd_sent *se = &run->sents[q];
        int hi = q == s ? k : se->tok0 + se->ntok;
        for (int j = hi - 1; j >= se->tok0; j--) {
            const cd_tok *t = &run->toks[j];
            if ((t->rel != CD_REL_NSUBJ && t->rel != CD_REL_PASS) || (t->flags & TF_QUOTED))
                continue;
            /* the nearest subject: a name that is no person's, or none */
            if (t->pos != P_NNP || (t->ent >= 0 && run->ents[t->ent].person))
                return NULL;
            int a = j;
            while (a > se->tok0 && run->toks[a - 1].pos == P_NNP &&
                   run->toks[a - 1].head == j)
                a--;
            size_t n = run->toks[j].off + run->toks[j].len - run->toks[a].off;
            char *out = cd_arena_alloc(&run->arena, n + 3);
            if (!out) {
                *st = CD_E_NOMEM;
                return NULL;
            }
            memcpy(out, run->text + run->toks[a].off, n);
            bool s_end = out[n - 1] == 's';
            memcpy(out + n, s_end ? "'" : "'s", s_end ? 2 : 3);
            return out;
        }
    }
    return NULL;
}

/* The first `max` sentences, most salient first (a stable insertion sort:
 * equal salience keeps article order). */
int cd_sents_by_salience(const cd_run *run, int *order, int max)
{
    int n = 0;
    for (int s = 0; s < run->nsent && n < max; s++)
        order[n++] = s;
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && run->sents[order[j]].salience >
                                      run->sents[order[j - 1]].salience; j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    return n;
}
