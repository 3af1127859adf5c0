/*
 * rank.c - choose each list's items: best score first, then maximal
 * marginal relevance so the list shows different angles.
 *
 * A candidate's value is its score, less a penalty for word overlap with
 * the items already chosen (Jaccard over content words) and for reusing
 * their source sentence.  Ties break on the text, so the order is the
 * same on every run.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

enum { MAXW = 64 };

typedef struct bag {
    uint64_t h[MAXW];
    int n;
} bag;

static void make_bag(const char *s, bag *b)
{
    b->n = 0;
    char w[64];
    size_t wl = 0;
    for (const char *p = s;; p++) {
        unsigned char c = (unsigned char)*p;
        if (c && (isalnum(c) || c >= 0x80)) {
            if (wl < sizeof w - 1)
                w[wl++] = (char)tolower(c);
            continue;
        }
        if (wl >= 3 && b->n < MAXW) {
            w[wl] = 0;
            if (!cd_is_stopword(w)) {
                uint64_t h = cd_hash64(w, wl > 5 ? 5 : wl, 1);
                bool dup = false;
                for (int i = 0; i < b->n; i++)
                    if (b->h[i] == h)
                        dup = true;
                if (!dup)
                    b->h[b->n++] = h;
            }
        }
        wl = 0;
        if (!c)
            break;
    }
}

/* How many of a's words b does not hold: 0 when candidate a says
 * nothing the chosen b does not ("Wheat exports rose 18%." after "Wheat
 * exports from the port rose 18% to a record ..."). */
static int new_words(const bag *a, const bag *b)
{
    int fresh = 0;
    for (int i = 0; i < a->n; i++) {
        bool seen = false;
        for (int j = 0; j < b->n && !seen; j++)
            seen = a->h[i] == b->h[j];
        fresh += !seen;
    }
    return fresh;
}

/* How many numbers of text a ("3.4%", "2,500") text b does not hold. */
static int new_numbers(const char *a, const char *b)
{
    int fresh = 0;
    for (const char *p = a; *p;) {
        if (!isdigit((unsigned char)*p) || (p > a && isalnum((unsigned char)p[-1]))) {
            p++;
            continue;
        }
        size_t n = 0;
        while (p[n] && (isdigit((unsigned char)p[n]) ||
                        ((p[n] == '.' || p[n] == ',') && isdigit((unsigned char)p[n + 1]))))
            n++;
        bool seen = false;
        for (const char *q = strchr(b, p[0]); q && !seen; q = strchr(q + 1, p[0]))
            seen = strncmp(q, p, n) == 0 && !isdigit((unsigned char)q[n]) &&
                   (q == b || !isalnum((unsigned char)q[-1]));
        fresh += !seen;
        p += n;
    }
    return fresh;
}

static double jaccard(const bag *a, const bag *b)
{
    int inter = 0;
    for (int i = 0; i < a->n; i++)
        for (int j = 0; j < b->n; j++)
            if (a->h[i] == b->h[j]) {
                inter++;
                break;
            }
    int uni = a->n + b->n - inter;
    return uni ? (double)inter / uni : 0;
}

static bool has_key(const cd_run *run, const char *text, double *pos)
{
    if (!run->nkey)
        return false;
    char low[2048];
    size_t n = cd_lower_copy(text, low, sizeof low);
    const char *hit = strstr(low, run->keys[0].text);
    if (!hit)
        return false;
    *pos = n ? (double)(hit - low) / (double)n : 0;
    return true;
}

/* Read a candidate the first time it could be chosen: the rule table,
 * then its sentences' trees (a cut inside a phrase is style.phrase). */
cd_status cd_cand_read(cd_run *run, cd_cand *c)
{
    if (!c->checked) {
        cd_check(run, c);
        if (run->check_oom)
            return cd_run_fail(run, CD_E_NOMEM, "check", 0, "out of memory");
        /* reading parses sentences: the time budget is looked at as
         * often as when every candidate was checked up front */
        if ((++run->nread & 63) == 0) {
            cd_status st = cd_budget_check(run, "check");
            if (st != CD_OK)
                return st;
        }
    }
    if (!c->toks || c->tree || c->reject)
        return CD_OK;
    cd_status st;
    const char *why = cd_tree_fault(run, c->toks, c->ntoks, c->tree_flags, &st);
    if (st != CD_OK)
        return st;
    /* a description or lede is read again as the checker reads anyone's:
     * the words it prints, aligned with their sentence (the trims that
     * made it may leave a word its tokens do not show).  Headlines are
     * not: there the reading refuses good ones as well (a rewritten
     * verb, a shortened name the alignment cannot follow). */
    if (!why && (c->kind == CD_META_DESC || c->kind == CD_LEDE)) {
        why = cd_phrase_fault(run, c->kind, c->text, strlen(c->text), c->src, c->nsrc,
                              &st);
        if (st != CD_OK)
            return cd_run_fail(run, st, "check", 0, "out of memory");
    }
    c->tree = why ? 2 : 1;
    c->tree_why = why;
    if (why)
        c->reject = "style.phrase";
    return CD_OK;
}

cd_status cd_rank(cd_run *run, cd_kind kind)
{
    /* Headlines and ledes must show different angles: a second item from
     * the same sentence costs more there than in SEO or meta lists. */
    static const double same_cost[CD_KIND_COUNT] = {0.5, 0.5, 0.2, 0.15};
    cd_candlist *l = &run->cands[kind];
    int want = run->opts.count[kind];
    run->items[kind] = cd_arena_alloc(&run->arena,
                                      (size_t)(want + 1) * sizeof(cd_item));
    if (!run->items[kind])
        return cd_run_fail(run, CD_E_NOMEM, "rank", 0, "out of memory");
    int n = l->n;
    bag *bags = malloc(((size_t)n + 1) * sizeof *bags);
    double *adj = malloc(((size_t)n + 1) * sizeof *adj);
    double *bonus = calloc((size_t)n + 1, sizeof *bonus);
    bool *used = calloc((size_t)n + 1, sizeof *used);
    int *chosen = malloc(((size_t)want + 1) * sizeof *chosen);
    if (!bags || !adj || !used || !chosen || !bonus) {
        free(bags);
        free(adj);
        free(bonus);
        free(used);
        free(chosen);
        return cd_run_fail(run, CD_E_NOMEM, "rank", 0, "out of memory");
    }
    for (int i = 0; i < n; i++) {
        cd_cand *c = &l->v[i];
        make_bag(c->text, &bags[i]);
        adj[i] = c->score;
        double pos = 1;
        bool key = has_key(run, c->text, &pos);
        /* SEO: the main keyphrase belongs in the first half (Rank Math's
         * rule); a nudge only, since the headline ranker's order is what
         * says a title reads well (a larger penalty put broken titles
         * that held the keyphrase over good ones that did not) */
        if (kind == CD_SEO_TITLE)
            bonus[i] = key ? (pos < 0.5 ? 0.0 : -0.02) : -0.05;
        if (kind == CD_META_DESC)
            bonus[i] = key ? 0.0 : -0.1;
        /* added candidates first: their order, then ours to fill */
        if (c->origin && run->opts.added == CD_ADDED_FIRST)
            bonus[i] += 4.0 - 0.01 * c->added_rank;
    }
    /* Scores differ in scale between lists (the headline ranker's are
     * learned): bring them to [0, 1] so the diversity penalties mean the
     * same everywhere. */
    double lo = 0, hi = 0;
    bool any = false;
    for (int i = 0; i < n; i++) {
        if (!any || adj[i] < lo)
            lo = adj[i];
        if (!any || adj[i] > hi)
            hi = adj[i];
        any = true;
    }
    for (int i = 0; i < n; i++)
        adj[i] = (hi > lo ? (adj[i] - lo) / (hi - lo) : 0) + bonus[i];
    int got = 0;
    cd_status st = CD_OK;
    while (got < want) {
        int best = -1;
        double bv = 0;
        for (int i = 0; i < n; i++) {
            const cd_cand *c = &l->v[i];
            if (used[i] || c->reject)
                continue;
            double sim = 0, same = 0;
            bool new_angle = got > 0 && c->angle;
            /* a lede or description that only repeats one already
             * chosen is no alternative: the list is shorter instead
             * (headlines and SEO titles keep their near-duplicates
             * last, where the penalty below puts them) */
            bool repeat = false;
            bool prose = kind == CD_LEDE || kind == CD_META_DESC;
            for (int k = 0; k < got && prose && !c->origin && !repeat; k++)
                repeat = new_words(&bags[i], &bags[chosen[k]]) +
                             new_numbers(c->text, l->v[chosen[k]].text) <= 1;
            if (repeat)
                continue;
            for (int k = 0; k < got; k++) {
                if (c->angle && l->v[chosen[k]].angle &&
                    strcmp(c->angle, l->v[chosen[k]].angle) == 0)
                    new_angle = false;
                const cd_cand *o = &l->v[chosen[k]];
                double j = jaccard(&bags[i], &bags[chosen[k]]);
                if (j > sim)
                    sim = j;
                if (o->nsrc && c->nsrc && o->src[0] == c->src[0])
                    same += 1;
            }
            /* near-duplicates go last */
            double v = adj[i] - 0.6 * sim - same_cost[kind] * same -
                       (sim >= 0.5 ? 1.0 : 0) + (new_angle ? 0.15 : 0);
            if (best < 0 || v > bv ||
                (v == bv && strcmp(c->text, l->v[best].text) < 0)) {
                best = i;
                bv = v;
            }
        }
        if (best < 0)
            break;
        st = cd_cand_read(run, &l->v[best]);
        if (st != CD_OK)
            goto done;
        if (l->v[best].reject)
            continue;
        used[best] = true;
        chosen[got++] = best;
    }
    /* Headlines show a quotation when the article has a usable one: the
     * last place goes to the best quote if no chosen item is one (the
     * angles a desk expects: the event, a quote, a consequence, a
     * reaction). */
    if (kind == CD_HEADLINE && got >= 4) {
        bool have = false;
        for (int k = 0; k < got; k++)
            if (l->v[chosen[k]].angle && !strcmp(l->v[chosen[k]].angle, "quote"))
                have = true;
        int bq = -1;
        while (!have) {
            bq = -1;
            for (int i = 0; i < n; i++) {
                const cd_cand *c = &l->v[i];
                if (c->reject || used[i] || !c->angle || strcmp(c->angle, "quote"))
                    continue;
                if (bq < 0 || c->score > l->v[bq].score)
                    bq = i;
            }
            if (bq < 0)
                break;
            st = cd_cand_read(run, &l->v[bq]);
            if (st != CD_OK)
                goto done;
            if (!l->v[bq].reject)
                break;
        }
        if (!have && bq >= 0)
            chosen[got - 1] = bq;
    }
    for (int k = 0; k < got; k++) {
        const cd_cand *c = &l->v[chosen[k]];
        cd_item *it = &run->items[kind][k];
        it->text = c->text;
        it->chars = c->chars;
        it->px = c->px;
        it->score = c->score;
        it->sources = c->src;
        it->nsources = c->nsrc;
        it->findings = c->findings;
        it->nfindings = c->nfindings;
        it->origin = c->origin;
    }
    run->nitems[kind] = got;
done:
    free(bags);
    free(adj);
    free(bonus);
    free(used);
    free(chosen);
    return st;
}
