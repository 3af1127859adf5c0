/*
 * ranker.c - the learned parts of headline ranking: a token keep model
 * (how likely a headline writer keeps a word of the article) and the
 * linear weights over candidate features.  Both are read from
 * data/ranker.txt, written by tools/train_ranker.c.
 *
 * File format (text):
 *   copydesk-ranker 1
 *   keep N w0 ... w(N-1)
 *   rank M w0 ... w(M-1)
 *   page M w0 ... w(M-1)      (optional)
 *
 * `rank` orders the headlines of a text; `page` those of an article
 * read from an HTML page, whose first lines are less often its lead
 * (a date, a byline, a caption the extraction kept) and whose headlines
 * are the web's, not a wire service's.  Without `page`, `rank` serves
 * both.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int read_vec(FILE *f, const char *name, double *w, int max)
{
    char tag[32];
    int n;
    if (fscanf(f, "%31s %d", tag, &n) != 2 || strcmp(tag, name) != 0 ||
        n < 0 || n > max)
        return -1;
    for (int i = 0; i < n; i++)
        if (fscanf(f, "%lf", &w[i]) != 1)
            return -1;
    return n;
}

cd_status cd_ranker_load(cd_model *m, const char *path, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errlen, "cannot open ranking model %s", path);
        return CD_E_IO;
    }
    char magic[32];
    int ver;
    bool ok = fscanf(f, "%31s %d", magic, &ver) == 2 &&
              strcmp(magic, "copydesk-ranker") == 0 && ver == 1;
    ok = ok && read_vec(f, "keep", m->keep_w, CD_NKEEP) >= 0;
    ok = ok && read_vec(f, "rank", m->rank_w, CD_NFEAT) >= 0;
    memcpy(m->page_w, m->rank_w, sizeof m->page_w);
    if (ok) {
        int c;
        while ((c = fgetc(f)) == ' ' || c == '\n' || c == '\r' || c == '\t')
            ;
        if (c != EOF) {
            ungetc(c, f);
            ok = read_vec(f, "page", m->page_w, CD_NFEAT) >= 0;
        }
    }
    fclose(f);
    if (!ok) {
        snprintf(err, errlen, "ranking model %s is corrupt", path);
        return CD_E_IO;
    }
    return CD_OK;
}

/* Token features, one-hot: word class, how often the word recurs, where
 * it stands in its sentence, which sentence, and a few flags. */
int cd_keep_features(const cd_run *run, int k, int *idx)
{
    const cd_tok *t = &run->toks[k];
    int n = 0;
    idx[n++] = 0; /* bias */
    int p = t->pos;
    int cls = p == P_NN ? 1 : p == P_NNS ? 2 : p == P_NNP ? 3 : p == P_NNPS ? 4
            : (p >= P_VB && p <= P_VBZ) ? 5 : (p >= P_JJ && p <= P_JJS) ? 6
            : p == P_RB ? 7 : p == P_IN || p == P_TO ? 8 : p == P_DT ? 9
            : p == P_CD ? 10 : p == P_PRP || p == P_PRPS ? 11 : 12;
    idx[n++] = cls;                                   /* 1..12 */
    int tf = cd_article_count(run, t->lower);
    idx[n++] = tf <= 1 ? 13 : tf == 2 ? 14 : tf <= 4 ? 15 : 16;
    /* the sentence holding k */
    int lo = 0, hi = run->nsent - 1, s = 0;
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (run->sents[mid].tok0 <= k) {
            s = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    int pos = k - run->sents[s].tok0;
    idx[n++] = pos < 5 ? 17 : pos < 10 ? 18 : pos < 20 ? 19 : 20;
    idx[n++] = s == 0 ? 21 : s == 1 ? 22 : 23;
    if (t->ent >= 0)
        idx[n++] = run->ents[t->ent].mentions > 1 ? 24 : 25;
    if (cd_is_stopword(t->lower))
        idx[n++] = 26;
    if (t->flags & TF_QUOTED)
        idx[n++] = 27;
    if (t->flags & TF_DIGIT)
        idx[n++] = 28;
    if ((t->flags & TF_CAP) && pos > 0)
        idx[n++] = 29;
    if (t->ent >= 0 && run->ents[t->ent].person)
        idx[n++] = 30;
    for (int q = 0; q < run->nkey && q < 3; q++)
        if (strstr(run->keys[q].text, t->lower)) {
            idx[n++] = 31;
            break;
        }
    /* its role in the main clause, and the role by word class */
    idx[n++] = 32 + t->role;                               /* 32..36 */
    int grp = cls <= 4 ? 0 : cls == 5 ? 1 : cls == 6 ? 2 : 3;
    idx[n++] = 37 + grp * 5 + t->role;                     /* 37..56 */
    if (t->pos >= P_VB && t->pos <= P_VBZ && cd_is_speech_verb(t->lemma))
        idx[n++] = 57;
    if (cd_is_title_word(t->lower))
        idx[n++] = 58;
    if (cd_is_time_word(t->lower))
        idx[n++] = 59;
    size_t len = strlen(t->lower);
    idx[n++] = len <= 3 ? 60 : len <= 6 ? 61 : 62;
    if (s == 0 && pos < 10)
        idx[n++] = 63;
    /* the common word itself ("boss", "said"), hashed; never a name */
    if (p != P_NNP && p != P_NNPS && !(t->flags & TF_DIGIT))
        idx[n++] = 64 + (int)(cd_hash64(t->lemma, strlen(t->lemma), 41) %
                              (CD_NKEEP - 64));
    return n;
}

double cd_keep_prob(const cd_run *run, int k)
{
    if (run->keep)
        return run->keep[k];
    int idx[64];
    int n = cd_keep_features(run, k, idx);
    double z = 0;
    for (int i = 0; i < n; i++)
        z += run->model->keep_w[idx[i]];
    return 1.0 / (1.0 + exp(-z));
}
