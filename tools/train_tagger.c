/*
 * train_tagger.c - train copydesk's part-of-speech tagger.
 *
 * Reads CoNLL-U files (Universal Dependencies), learns an averaged
 * perceptron over the features of src/analyze_tag.c with the Penn tags
 * (XPOS column) and writes the binary model that cd_tagger_load reads.
 *
 *   train_tagger [-i ITERS] [-e TEST.conllu] OUT.bin TRAIN.conllu...
 *
 * Training is deterministic: sentences are shuffled with a fixed seed.
 * With -e, prints token accuracy on the test file (through the same
 * greedy decoder, tag dictionary included).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct sent {
    int n;
    char **raw;
    char **norm;
    char **lex;
    int *gold;
} sent;

static cd_model wn; /* WordNet verb tables, for the verb-class feature */

static char *verb_class(const char *w)
{
    char low[64];
    size_t n = strlen(w), m = n < 63 ? n : 63;
    for (size_t i = 0; i < m; i++)
        low[i] = (char)tolower((unsigned char)w[i]);
    low[m] = 0;
    char *out = malloc(8);
    cd_verb_class(&wn, low, out);
    return out;
}

static char tagnames[CD_MAX_TAGS][8];
static int ntags;

static int tag_id(const char *t)
{
    for (int k = 0; k < ntags; k++)
        if (strcmp(tagnames[k], t) == 0)
            return k;
    if (ntags == CD_MAX_TAGS) {
        fprintf(stderr, "too many tags\n");
        exit(1);
    }
    snprintf(tagnames[ntags], 8, "%s", t);
    return ntags++;
}

static sent *read_conllu(const char *path, int *nout)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(1);
    }
    sent *v = NULL;
    int n = 0, cap = 0;
    char line[4096];
    char *raw[512], *norm[512], *lex[512];
    int gold[512], k = 0;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#')
            continue;
        if (line[0] == '\n' || line[0] == '\r') {
            if (k) {
                if (n == cap) {
                    cap = cap ? cap * 2 : 1024;
                    v = realloc(v, (size_t)cap * sizeof *v);
                }
                v[n].n = k;
                v[n].raw = malloc((size_t)k * sizeof(char *));
                v[n].norm = malloc((size_t)k * sizeof(char *));
                v[n].lex = malloc((size_t)k * sizeof(char *));
                memcpy(v[n].lex, lex, (size_t)k * sizeof(char *));
                v[n].gold = malloc((size_t)k * sizeof(int));
                memcpy(v[n].raw, raw, (size_t)k * sizeof(char *));
                memcpy(v[n].norm, norm, (size_t)k * sizeof(char *));
                memcpy(v[n].gold, gold, (size_t)k * sizeof(int));
                n++;
                k = 0;
            }
            continue;
        }
        char *col[10];
        int c = 0;
        char *p = line;
        while (c < 10) {
            col[c++] = p;
            char *tab = strchr(p, '\t');
            if (!tab)
                break;
            *tab = 0;
            p = tab + 1;
        }
        if (c < 5 || strchr(col[0], '-') || strchr(col[0], '.'))
            continue;
        if (k == 512)
            continue;
        raw[k] = strdup(col[1]);
        norm[k] = malloc(64);
        cd_tag_normalise(col[1], strlen(col[1]), norm[k]);
        lex[k] = verb_class(col[1]);
        gold[k] = tag_id(col[4]);
        k++;
    }
    fclose(f);
    *nout = n;
    return v;
}

/* ---- Weights: open addressing on the feature hash ---------------------- */

typedef struct wrow {
    uint64_t key;
    float w[CD_MAX_TAGS];
    double tot[CD_MAX_TAGS];
    int stamp[CD_MAX_TAGS];
} wrow;

static wrow *rows;
static size_t rcap, rn;

static wrow *row(uint64_t key, int create)
{
    if (key == 0)
        key = 1;
    size_t i = (size_t)(key * 0x9E3779B97F4A7C15ULL) & (rcap - 1);
    while (rows[i].key) {
        if (rows[i].key == key)
            return &rows[i];
        i = (i + 1) & (rcap - 1);
    }
    if (!create)
        return NULL;
    if (rn * 2 > rcap) {
        fprintf(stderr, "weight table full\n");
        exit(1);
    }
    rows[i].key = key;
    rn++;
    return &rows[i];
}

static int predict(uint64_t *fs, int nf)
{
    double sc[CD_MAX_TAGS] = {0};
    for (int f = 0; f < nf; f++) {
        wrow *r = row(fs[f], 0);
        if (r)
            for (int c = 0; c < ntags; c++)
                sc[c] += r->w[c];
    }
    int best = 0;
    for (int c = 1; c < ntags; c++)
        if (sc[c] > sc[best])
            best = c;
    return best;
}

static uint64_t rng = 88172645463325252ULL;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

/* Tag dictionary: frequent words that nearly always take one tag. */
typedef struct wd {
    char *w;
    int counts[CD_MAX_TAGS];
    int total;
} wd;

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

typedef struct pairent {
    uint64_t h;
    int tag;
} pairent;

static int cmp_pair(const void *a, const void *b)
{
    return cmp_u64(&((const pairent *)a)->h, &((const pairent *)b)->h);
}

int main(int argc, char **argv)
{
    int iters = 8;
    const char *test = NULL;
    int a = 1;
    for (; a < argc && argv[a][0] == '-'; a++) {
        if (!strcmp(argv[a], "-i") && a + 1 < argc)
            iters = atoi(argv[++a]);
        else if (!strcmp(argv[a], "-e") && a + 1 < argc)
            test = argv[++a];
    }
    if (argc - a < 2) {
        fprintf(stderr, "usage: train_tagger [-i N] [-e TEST] OUT TRAIN...\n");
        return 2;
    }
    const char *out = argv[a++];
    char err[256];
    if (cd_strmap_load_wordnet(&wn.verbs, "/usr/share/wordnet/index.verb",
                               false, err, sizeof err) != CD_OK ||
        cd_strmap_load_wordnet(&wn.verb_exc, "/usr/share/wordnet/verb.exc",
                               true, err, sizeof err) != CD_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    sent *all = NULL;
    int nall = 0;
    for (; a < argc; a++) {
        int n;
        sent *s = read_conllu(argv[a], &n);
        all = realloc(all, (size_t)(nall + n) * sizeof *all);
        memcpy(all + nall, s, (size_t)n * sizeof *s);
        nall += n;
        free(s);
    }
    fprintf(stderr, "%d sentences, %d tags\n", nall, ntags);

    /* word -> tag counts, hashed by raw form */
    size_t wcap = 1 << 20;
    wd *words = calloc(wcap, sizeof *words);
    for (int s = 0; s < nall; s++)
        for (int k = 0; k < all[s].n; k++) {
            const char *w = all[s].raw[k];
            size_t i = cd_hash64(w, strlen(w), 7) & (wcap - 1);
            while (words[i].w && strcmp(words[i].w, w))
                i = (i + 1) & (wcap - 1);
            words[i].w = all[s].raw[k];
            words[i].counts[all[s].gold[k]]++;
            words[i].total++;
        }
    pairent *dict = malloc(wcap * sizeof *dict);
    int ndict = 0;
    for (size_t i = 0; i < wcap; i++) {
        if (!words[i].w || words[i].total < 20)
            continue;
        int best = 0;
        for (int c = 1; c < ntags; c++)
            if (words[i].counts[c] > words[i].counts[best])
                best = c;
        if (words[i].counts[best] >= 0.97 * words[i].total) {
            dict[ndict].h = cd_hash64(words[i].w, strlen(words[i].w), 7);
            dict[ndict].tag = best;
            ndict++;
        }
    }
    qsort(dict, (size_t)ndict, sizeof *dict, cmp_pair);
    fprintf(stderr, "tag dictionary: %d words\n", ndict);

    rcap = 1 << 22;
    rows = calloc(rcap, sizeof *rows);
    if (!rows) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    int *order = malloc((size_t)nall * sizeof *order);
    for (int s = 0; s < nall; s++)
        order[s] = s;
    int clock = 0;
    uint64_t fs[CD_TAG_MAX_FEATS];
    for (int it = 0; it < iters; it++) {
        for (int s = nall - 1; s > 0; s--) {
            int j = (int)(next_rand() % (uint64_t)(s + 1));
            int t = order[s];
            order[s] = order[j];
            order[j] = t;
        }
        long correct = 0, total = 0;
        for (int oi = 0; oi < nall; oi++) {
            sent *se = &all[order[oi]];
            int prev = -1, prev2 = -2;
            for (int k = 0; k < se->n; k++) {
                int nf = cd_tag_features((const char *const *)se->norm,
                                         (const char *const *)se->raw,
                                         (const char *const *)se->lex, se->n,
                                         k, prev, prev2, fs);
                int guess = predict(fs, nf);
                int gold = se->gold[k];
                clock++;
                if (guess != gold) {
                    for (int f = 0; f < nf; f++) {
                        wrow *r = row(fs[f], 1);
                        int cs[2] = {gold, guess};
                        float d[2] = {1, -1};
                        for (int z = 0; z < 2; z++) {
                            int c = cs[z];
                            r->tot[c] += (double)(clock - r->stamp[c]) * r->w[c];
                            r->stamp[c] = clock;
                            r->w[c] += d[z];
                        }
                    }
                } else {
                    correct++;
                }
                total++;
                /* Train on gold history (standard for this tagger). */
                prev2 = prev;
                prev = guess;
            }
        }
        fprintf(stderr, "iter %d: train acc %.4f, %zu features\n", it,
                (double)correct / (double)total, rn);
    }
    /* Average and prune. */
    size_t nfeat = 0, npairs = 0;
    for (size_t i = 0; i < rcap; i++) {
        if (!rows[i].key)
            continue;
        int any = 0;
        for (int c = 0; c < ntags; c++) {
            double tot = rows[i].tot[c] +
                         (double)(clock - rows[i].stamp[c]) * rows[i].w[c];
            float avg = (float)(tot / clock);
            rows[i].w[c] = (avg > -1e-3f && avg < 1e-3f) ? 0 : avg;
            if (rows[i].w[c] != 0) {
                any = 1;
                npairs++;
            }
        }
        if (any)
            nfeat++;
        else
            rows[i].key = 0;
    }
    uint64_t *keys = malloc(nfeat * sizeof *keys);
    size_t kk = 0;
    for (size_t i = 0; i < rcap; i++)
        if (rows[i].key)
            keys[kk++] = rows[i].key;
    qsort(keys, nfeat, sizeof *keys, cmp_u64);

    FILE *f = fopen(out, "wb");
    if (!f) {
        perror(out);
        return 1;
    }
    fwrite("CDTAG001", 1, 8, f);
    uint32_t hdr[4] = {(uint32_t)ntags, (uint32_t)nfeat, (uint32_t)npairs,
                       (uint32_t)ndict};
    fwrite(hdr, 4, 4, f);
    for (int c = 0; c < ntags; c++)
        fwrite(tagnames[c], 1, 8, f);
    fwrite(keys, 8, nfeat, f);
    uint32_t off = 0;
    for (size_t i = 0; i < nfeat; i++) {
        fwrite(&off, 4, 1, f);
        wrow *r = row(keys[i], 0);
        for (int c = 0; c < ntags; c++)
            if (r->w[c] != 0)
                off++;
    }
    fwrite(&off, 4, 1, f);
    if ((nfeat + 1) % 2) {
        uint32_t pad = 0;
        fwrite(&pad, 4, 1, f);
    }
    for (int d = 0; d < ndict; d++)
        fwrite(&dict[d].h, 8, 1, f);
    for (size_t i = 0; i < nfeat; i++) {
        wrow *r = row(keys[i], 0);
        for (int c = 0; c < ntags; c++)
            if (r->w[c] != 0)
                fwrite(&r->w[c], 4, 1, f);
    }
    for (size_t i = 0; i < nfeat; i++) {
        wrow *r = row(keys[i], 0);
        for (int c = 0; c < ntags; c++)
            if (r->w[c] != 0) {
                uint8_t t = (uint8_t)c;
                fwrite(&t, 1, 1, f);
            }
    }
    for (int d = 0; d < ndict; d++) {
        uint8_t t = (uint8_t)dict[d].tag;
        fwrite(&t, 1, 1, f);
    }
    fclose(f);
    fprintf(stderr, "wrote %s: %zu features, %zu weights\n", out, nfeat,
            npairs);

    if (test) {
        int n;
        sent *ts = read_conllu(test, &n);
        cd_tagger tg;
        if (cd_tagger_load(&tg, out, err, sizeof err) != CD_OK) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        long ok = 0, tot = 0;
        double sc[CD_MAX_TAGS];
        for (int s = 0; s < n; s++) {
            int prev = -1, prev2 = -2;
            for (int k = 0; k < ts[s].n; k++) {
                int best = 0;
                uint64_t wh = cd_hash64(ts[s].raw[k], strlen(ts[s].raw[k]), 7);
                uint64_t *hit = bsearch(&wh, tg.whash, tg.nwords, 8, cmp_u64);
                if (hit) {
                    best = tg.wtag[hit - tg.whash];
                } else {
                    int nf = cd_tag_features((const char *const *)ts[s].norm,
                                             (const char *const *)ts[s].raw,
                                             (const char *const *)ts[s].lex,
                                             ts[s].n, k, prev, prev2, fs);
                    for (int c = 0; c < tg.ntags; c++)
                        sc[c] = 0;
                    for (int q = 0; q < nf; q++) {
                        uint64_t *h = bsearch(&fs[q], tg.fhash, tg.nfeat, 8,
                                              cmp_u64);
                        if (!h)
                            continue;
                        long idx = h - tg.fhash;
                        for (uint32_t p = tg.foff[idx]; p < tg.foff[idx + 1]; p++)
                            sc[tg.ptag[p]] += tg.pw[p];
                    }
                    for (int c = 1; c < tg.ntags; c++)
                        if (sc[c] > sc[best])
                            best = c;
                }
                /* test tags use this run's ids; compare by name */
                if (strcmp(tg.tags[best], tagnames[ts[s].gold[k]]) == 0)
                    ok++;
                tot++;
                prev2 = prev;
                prev = best;
            }
        }
        printf("test accuracy: %.4f (%ld/%ld tokens) on %s\n",
               (double)ok / (double)tot, ok, tot, test);
        cd_tagger_free(&tg);
    }
    return 0;
}
