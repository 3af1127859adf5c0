/*
 * analyze_parse.c - a dependency tree for every sentence (parser.c has
 * the transition system, the features and the model).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Subtree spans, in linear time: words ordered so that each comes after
 * its head (a breadth-first walk from the root over child lists), then
 * read backwards so that every dependent reaches its head before the
 * head reaches its own.  `mem` has room for 3n entries. */
static void spans(cd_run *run, int t0, int n, int32_t *mem)
{
    cd_tok *t = run->toks;
    int32_t *order = mem, *first = mem + n, *next = mem + 2 * n;
    for (int i = 0; i < n; i++)
        first[i] = -1;
    int m = 0;
    for (int i = n - 1; i >= 0; i--) {
        int h = t[t0 + i].head;
        if (h < 0) {
            order[m++] = i;
        } else {
            next[i] = first[h - t0];
            first[h - t0] = i;
        }
    }
    for (int i = 0; i < m; i++)
        for (int c = first[order[i]]; c >= 0; c = next[c])
            order[m++] = c;
    for (int i = m - 1; i >= 0; i--) {
        cd_tok *k = &t[t0 + order[i]];
        if (k->head >= 0) {
            cd_tok *h = &t[k->head];
            if (k->lo < h->lo)
                h->lo = k->lo;
            if (k->hi > h->hi)
                h->hi = k->hi;
        }
    }
}

void cd_analyze_trees(cd_run *run)
{
    for (int k = 0; k < run->ntok; k++) {
        run->toks[k].head = -1;
        run->toks[k].rel = CD_REL_OTHER;
        run->toks[k].lo = run->toks[k].hi = k;
    }
    for (int s = 0; s < run->nsent; s++)
        run->sents[s].parsed = false;
}

/* The run's parse scratch, sized for its longest sentence: per word its
 * form, tag and suffix hashes (three arrays of maxn + 1), the parser's
 * state, and room for the span walk. */
static bool scratch(cd_run *run)
{
    if (run->pscr.hash)
        return true;
    int maxn = 0;
    for (int s = 0; s < run->nsent; s++)
        if (run->sents[s].ntok > maxn)
            maxn = run->sents[s].ntok;
    size_t m = (size_t)maxn + 1;
    cd_parse_scratch *x = &run->pscr;
    x->hash = cd_arena_alloc(&run->arena, 3 * m * sizeof *x->hash);
    x->state = cd_arena_alloc(&run->arena, cd_pstate_bytes(maxn));
    x->order = cd_arena_alloc(&run->arena, 3 * m * sizeof *x->order);
    if (!x->hash || !x->state || !x->order) {
        x->hash = NULL;
        return false;
    }
    const cd_tagger *tg = &run->model->tagger;
    for (int t = 0; t < tg->ntags && t < CD_MAX_TAGS; t++)
        x->taghash[t] = cd_parse_tag_hash(tg->tags[t]);
    x->hash[0] = cd_parse_word_hash("-ROOT-", 6);
    x->hash[m] = cd_parse_tag_hash("-ROOT-");
    x->hash[2 * m] = cd_parse_suffix_hash("-ROOT-", 6);
    x->m = m;
    return true;
}

cd_status cd_sent_parse(cd_run *run, int s)
{
    if (s < 0 || s >= run->nsent || run->sents[s].parsed)
        return CD_OK;
    const cd_parser *p = &run->model->parser;
    cd_sent *se = &run->sents[s];
    se->parsed = true;
    if (p->nlabels == 0 || se->ntok == 0)
        return CD_OK; /* no parser: every word stays its own tree */
    if (!scratch(run)) {
        se->parsed = false;
        return cd_run_fail(run, CD_E_NOMEM, "analyze", 0, "out of memory");
    }
    cd_parse_scratch *x = &run->pscr;
    uint64_t *w = x->hash, *ph = x->hash + x->m, *xh = x->hash + 2 * x->m;
    for (int k = 0; k < se->ntok; k++) {
        const cd_tok *t = &run->toks[se->tok0 + k];
        const char *form = run->text + t->off;
        w[k + 1] = cd_parse_word_hash(form, t->len);
        ph[k + 1] = x->taghash[t->tag];
        xh[k + 1] = cd_parse_suffix_hash(form, t->len);
    }
    cd_pwords pw = {se->ntok, w, ph, xh};
    cd_pstate st;
    cd_pstate_init(&st, x->state, se->ntok);
    cd_parse(p, &pw, &st);
    for (int k = 1; k <= se->ntok; k++) {
        cd_tok *t = &run->toks[se->tok0 + k - 1];
        t->head = st.head[k] > 0 ? se->tok0 + st.head[k] - 1 : -1;
        t->rel = p->rel[st.label[k]];
        t->label = (uint8_t)st.label[k];
    }
    spans(run, se->tok0, se->ntok, x->order);
    return CD_OK;
}

cd_status cd_analyze_parse(cd_run *run)
{
    cd_status st = CD_OK;
    for (int s = 0; s < run->nsent && st == CD_OK; s++)
        st = cd_sent_parse(run, s);
    return st;
}
