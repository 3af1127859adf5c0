/*
 * rouge.c - ROUGE-1, ROUGE-2 and ROUGE-L F1 as Google's rouge_score
 * computes them: lower case, every run of characters outside [a-z0-9]
 * is a separator, tokens longer than three characters are Porter
 * stemmed (Snowball's "porter", the original algorithm), F = 2PR/(P+R).
 */
#include <ctype.h>
#include <libstemmer.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct toks {
    uint64_t *h;
    int n;
} toks;

static bool tokenize(struct sb_stemmer *st, const char *s, toks *t)
{
    size_t n = strlen(s);
    t->h = malloc((n / 2 + 2) * sizeof *t->h);
    t->n = 0;
    if (!t->h)
        return false;
    char w[128];
    size_t wl = 0;
    for (size_t i = 0;; i++) {
        unsigned char c = i < n ? (unsigned char)tolower((unsigned char)s[i]) : 0;
        if (c < 0x80 && isalnum(c) && c) {
            if (wl < sizeof w - 1)
                w[wl++] = (char)c;
            continue;
        }
        if (wl) {
            const char *out = w;
            size_t ol = wl;
            if (wl > 3 && st) {
                const sb_symbol *r = sb_stemmer_stem(st, (const sb_symbol *)w, (int)wl);
                if (r) {
                    out = (const char *)r;
                    ol = (size_t)sb_stemmer_length(st);
                }
            }
            t->h[t->n++] = cd_hash64(out, ol, 0);
            wl = 0;
        }
        if (i >= n)
            break;
    }
    return true;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static double f1(double overlap, double np, double nr)
{
    if (np == 0 || nr == 0)
        return 0;
    double p = overlap / np, r = overlap / nr;
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
}

/* Clipped n-gram overlap: sort both n-gram lists and merge. */
static double rouge_n(const toks *a, const toks *b, int n)
{
    int na = a->n - n + 1, nb = b->n - n + 1;
    if (na <= 0 || nb <= 0)
        return 0;
    uint64_t *ga = malloc((size_t)na * sizeof *ga);
    uint64_t *gb = malloc((size_t)nb * sizeof *gb);
    if (!ga || !gb) {
        free(ga);
        free(gb);
        return -1;
    }
    for (int i = 0; i < na; i++)
        ga[i] = n == 1 ? a->h[i] : a->h[i] * 31 + cd_hash64(&a->h[i + 1], 8, 9);
    for (int i = 0; i < nb; i++)
        gb[i] = n == 1 ? b->h[i] : b->h[i] * 31 + cd_hash64(&b->h[i + 1], 8, 9);
    qsort(ga, (size_t)na, sizeof *ga, cmp_u64);
    qsort(gb, (size_t)nb, sizeof *gb, cmp_u64);
    int i = 0, j = 0, ov = 0;
    while (i < na && j < nb) {
        if (ga[i] == gb[j]) {
            ov++;
            i++;
            j++;
        } else if (ga[i] < gb[j]) {
            i++;
        } else {
            j++;
        }
    }
    free(ga);
    free(gb);
    return f1(ov, nb, na);
}

static double rouge_l(const toks *a, const toks *b)
{
    if (!a->n || !b->n)
        return 0;
    int *prev = calloc((size_t)b->n + 1, sizeof *prev);
    int *cur = calloc((size_t)b->n + 1, sizeof *cur);
    if (!prev || !cur) {
        free(prev);
        free(cur);
        return -1;
    }
    for (int i = 1; i <= a->n; i++) {
        for (int j = 1; j <= b->n; j++)
            cur[j] = a->h[i - 1] == b->h[j - 1] ? prev[j - 1] + 1
                     : prev[j] > cur[j - 1]      ? prev[j]
                                                 : cur[j - 1];
        int *t = prev;
        prev = cur;
        cur = t;
    }
    double lcs = prev[b->n];
    free(prev);
    free(cur);
    return f1(lcs, b->n, a->n);
}

double cd_rouge_f1(const char *ref, const char *pred, int n)
{
    struct sb_stemmer *st = sb_stemmer_new("porter", NULL);
    toks a = {0}, b = {0};
    double r = -1;
    if (st && tokenize(st, ref, &a) && tokenize(st, pred, &b))
        r = n == 0 ? rouge_l(&a, &b) : rouge_n(&a, &b, n);
    free(a.h);
    free(b.h);
    if (st)
        sb_stemmer_delete(st);
    return r;
}
