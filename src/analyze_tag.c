/*
 * analyze_tag.c - part-of-speech tags for every sentence (tagger.c has
 * the features and the model).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static long find_u64(const uint64_t *v, uint32_t n, uint64_t key)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (v[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo] == key ? (long)lo : -1;
}

/* ---- Tagging ----------------------------------------------------------- */

/* Tag tokens [t0, t0+n) of the run in place.  `words`/`raw` are scratch
 * arrays of n entries. */
static void tag_span(cd_run *run, int t0, int n, const char **words,
                     const char **raw, char (*norm)[64], char **rawbuf,
                     char (*lexbuf)[8], const char **lex)
{
    const cd_tagger *tg = &run->model->tagger;
    for (int k = 0; k < n; k++) {
        const cd_tok *t = &run->toks[t0 + k];
        cd_tag_normalise(run->text + t->off, t->len, norm[k]);
        words[k] = norm[k];
        raw[k] = rawbuf[k];
        cd_verb_class(run->model, t->lower, lexbuf[k]);
        lex[k] = lexbuf[k];
    }
    int prev = -1, prev2 = -2;
    uint64_t fs[CD_TAG_MAX_FEATS];
    double score[CD_MAX_TAGS];
    for (int k = 0; k < n; k++) {
        cd_tok *t = &run->toks[t0 + k];
        int best = 0;
        long w = find_u64(tg->whash, tg->nwords,
                          cd_hash64(raw[k], strlen(raw[k]), 7));
        if (w >= 0) {
            best = tg->wtag[w];
        } else {
            int nf = cd_tag_features(words, raw, lex, n, k, prev, prev2, fs);
            for (int c = 0; c < tg->ntags; c++)
                score[c] = 0;
            for (int f = 0; f < nf; f++) {
                long idx = cd_tagger_find(tg, fs[f]);
                if (idx < 0)
                    continue;
                for (uint32_t p = tg->foff[idx]; p < tg->foff[idx + 1]; p++)
                    score[tg->ptag[p]] += tg->pw[p];
            }
            for (int c = 1; c < tg->ntags; c++)
                if (score[c] > score[best])
                    best = c;
        }
        t->tag = (uint8_t)best;
        t->pos = tg->pos[best];
        prev2 = prev;
        prev = best;
    }
}

cd_status cd_analyze_tag(cd_run *run)
{
    if (run->model->tagger.ntags == 0)
        return CD_OK;
    int maxn = 0;
    for (int s = 0; s < run->nsent; s++)
        if (run->sents[s].ntok > maxn)
            maxn = run->sents[s].ntok;
    const char **words = malloc((size_t)maxn * sizeof *words);
    const char **raw = malloc((size_t)maxn * sizeof *raw);
    char (*norm)[64] = malloc((size_t)maxn * sizeof *norm);
    char **rawbuf = malloc((size_t)maxn * sizeof *rawbuf);
    char *rawmem = malloc((size_t)maxn * 64);
    char (*lexbuf)[8] = malloc((size_t)maxn * sizeof *lexbuf);
    const char **lex = malloc((size_t)maxn * sizeof *lex);
    bool ok = words && raw && norm && rawbuf && rawmem && lexbuf && lex;
    if (ok) {
        for (int s = 0; s < run->nsent; s++) {
            const cd_sent *se = &run->sents[s];
            for (int k = 0; k < se->ntok; k++) {
                const cd_tok *t = &run->toks[se->tok0 + k];
                size_t m = t->len < 63 ? t->len : 63;
                rawbuf[k] = rawmem + (size_t)k * 64;
                memcpy(rawbuf[k], run->text + t->off, m);
                rawbuf[k][m] = 0;
            }
            tag_span(run, se->tok0, se->ntok, words, raw, norm, rawbuf, lexbuf,
                     lex);
        }
    }
    free(words);
    free(raw);
    free(norm);
    free(rawbuf);
    free(rawmem);
    free(lexbuf);
    free(lex);
    return ok ? CD_OK : cd_run_fail(run, CD_E_NOMEM, "analyze", 0,
                                    "out of memory");
}
