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

cd_status cd_analyze_parse(cd_run *run)
{
    const cd_parser *p = &run->model->parser;
    for (int k = 0; k < run->ntok; k++) {
        run->toks[k].head = -1;
        run->toks[k].rel = CD_REL_OTHER;
        run->toks[k].lo = run->toks[k].hi = k;
    }
    if (p->nlabels == 0)
        return CD_OK;
    int maxn = 0;
    for (int s = 0; s < run->nsent; s++)
        if (run->sents[s].ntok > maxn)
            maxn = run->sents[s].ntok;
    if (maxn == 0)
        return CD_OK;
    /* tag hashes by tag id, then per word: form, tag and suffix hashes */
    uint64_t taghash[CD_MAX_TAGS];
    for (int t = 0; t < run->model->tagger.ntags; t++)
        taghash[t] = cd_parse_tag_hash(run->model->tagger.tags[t]);
    size_t m = (size_t)maxn + 1;
    uint64_t *w = malloc(3 * m * sizeof *w);
    void *mem = malloc(cd_pstate_bytes(maxn));
    int32_t *order = malloc(3 * m * sizeof *order);
    if (!w || !mem || !order) {
        free(w);
        free(mem);
        free(order);
        return cd_run_fail(run, CD_E_NOMEM, "analyze", 0, "out of memory");
    }
    uint64_t *ph = w + m, *xh = w + 2 * m;
    w[0] = cd_parse_word_hash("-ROOT-", 6);
    ph[0] = cd_parse_tag_hash("-ROOT-");
    xh[0] = cd_parse_suffix_hash("-ROOT-", 6);
    for (int s = 0; s < run->nsent; s++) {
        const cd_sent *se = &run->sents[s];
        for (int k = 0; k < se->ntok; k++) {
            const cd_tok *t = &run->toks[se->tok0 + k];
            const char *form = run->text + t->off;
            w[k + 1] = cd_parse_word_hash(form, t->len);
            ph[k + 1] = taghash[t->tag];
            xh[k + 1] = cd_parse_suffix_hash(form, t->len);
        }
        cd_pwords pw = {se->ntok, w, ph, xh};
        cd_pstate st;
        cd_pstate_init(&st, mem, se->ntok);
        cd_parse(p, &pw, &st);
        for (int k = 1; k <= se->ntok; k++) {
            cd_tok *t = &run->toks[se->tok0 + k - 1];
            t->head = st.head[k] > 0 ? se->tok0 + st.head[k] - 1 : -1;
            t->rel = p->rel[st.label[k]];
        }
        spans(run, se->tok0, se->ntok, order);
    }
    free(w);
    free(mem);
    free(order);
    return CD_OK;
}
