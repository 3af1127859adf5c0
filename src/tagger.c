/*
 * tagger.c - the averaged-perceptron tagger's features and model file.
 *
 * The tagger is the classic greedy left-to-right averaged perceptron
 * (Collins 2002) with the feature set made popular by Honnibal's tagger:
 * the word, its affixes and shape, the two previous tags and the words
 * around it.  Weights are trained by tools/train_tagger.c on Universal
 * Dependencies English (EWT + GUM, Penn tags) and stored in
 * data/tagger.bin; see data/README.md for provenance and licence.
 *
 * Features are hashed to 64 bits and never stored as strings: the model
 * is a sorted array of hashes with their sparse (tag, weight) pairs, read
 * in one fread and searched by bisection.
 */
#define _DEFAULT_SOURCE /* madvise and MADV_HUGEPAGE, beside POSIX */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "internal.h"

uint64_t cd_hash64(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* ---- Features ---------------------------------------------------------- */

void cd_tag_normalise(const char *w, size_t n, char *out)
{
    size_t digits = 0;
    for (size_t i = 0; i < n; i++)
        if (isdigit((unsigned char)w[i]))
            digits++;
    if (n == 4 && digits == 4) {
        strcpy(out, "!YEAR");
        return;
    }
    if (digits && isdigit((unsigned char)w[0])) {
        strcpy(out, "!DIGITS");
        return;
    }
    if (n > 1 && memchr(w + 1, '-', n - 1) && w[n - 1] != '-') {
        strcpy(out, "!HYPHEN");
        return;
    }
    size_t m = n < 63 ? n : 63;
    for (size_t i = 0; i < m; i++)
        out[i] = (char)tolower((unsigned char)w[i]);
    out[m] = 0;
}

static uint64_t feat(int id, const char *a, const char *b)
{
    unsigned char key[160];
    size_t n = 0;
    key[n++] = (unsigned char)id;
    size_t la = strlen(a);
    if (la > 70)
        la = 70;
    memcpy(key + n, a, la);
    n += la;
    if (b) {
        key[n++] = 0x1F;
        size_t lb = strlen(b);
        if (lb > 70)
            lb = 70;
        memcpy(key + n, b, lb);
        n += lb;
    }
    return cd_hash64(key, n, 0);
}

static void suffix(const char *w, size_t k, char *out)
{
    size_t n = strlen(w);
    size_t s = n > k ? n - k : 0;
    strcpy(out, w + s);
}

static void shape(const char *raw, char *out)
{
    size_t o = 0;
    char last = 0;
    for (const char *p = raw; *p && o < 6; p++) {
        unsigned char c = (unsigned char)*p;
        char k = isupper(c) ? 'X' : islower(c) ? 'x' : isdigit(c) ? 'd' :
                 c >= 0x80 ? 'u' : (char)c;
        if (k != last)
            out[o++] = k;
        last = k;
    }
    out[o] = 0;
}

int cd_tag_features(const char *const *words, const char *const *raw,
                    const char *const *lex, int n, int i, int prev, int prev2,
                    uint64_t *out)
{
    static const char *const START[2] = {"-START-", "-START2-"};
    static const char *const END[2] = {"-END-", "-END2-"};
    char tp[8], tp2[8], s3[64], s2[64], s1[64], sp[64], sn[64], sh[8];
    const char *w = words[i];
    const char *wp = i > 0 ? words[i - 1] : START[0];
    const char *wp2 = i > 1 ? words[i - 2] : i > 0 ? START[0] : START[1];
    const char *wn = i + 1 < n ? words[i + 1] : END[0];
    const char *wn2 = i + 2 < n ? words[i + 2] : i + 1 < n ? END[0] : END[1];
    snprintf(tp, sizeof tp, "%d", prev);
    snprintf(tp2, sizeof tp2, "%d", prev2);
    char low[64];
    cd_tag_normalise(raw[i], strlen(raw[i]), low);
    /* affixes of the real word, lower-cased, even when `w` is a class */
    size_t rl = strlen(raw[i]);
    char lr[64];
    size_t m = rl < 63 ? rl : 63;
    for (size_t k = 0; k < m; k++)
        lr[k] = (char)tolower((unsigned char)raw[i][k]);
    lr[m] = 0;
    suffix(lr, 3, s3);
    suffix(lr, 2, s2);
    suffix(lr, 1, s1);
    suffix(wp, 3, sp);
    suffix(wn, 3, sn);
    shape(raw[i], sh);
    char pre[8] = {0};
    size_t pl = 0;
    while (pl < 2 && raw[i][pl])
        pl++;
    memcpy(pre, raw[i], pl);
    int k = 0;
    out[k++] = feat(0, "bias", NULL);
    out[k++] = feat(1, s3, NULL);
    out[k++] = feat(2, s2, NULL);
    out[k++] = feat(3, pre, NULL);
    out[k++] = feat(4, tp, NULL);
    out[k++] = feat(5, tp2, NULL);
    out[k++] = feat(6, tp, tp2);
    out[k++] = feat(7, w, NULL);
    out[k++] = feat(8, tp, w);
    out[k++] = feat(9, wp, NULL);
    out[k++] = feat(10, sp, NULL);
    out[k++] = feat(11, wp2, NULL);
    out[k++] = feat(12, wn, NULL);
    out[k++] = feat(13, sn, NULL);
    out[k++] = feat(14, wn2, NULL);
    out[k++] = feat(15, sh, i == 0 ? "first" : "rest");
    out[k++] = feat(16, s1, tp);
    out[k++] = feat(17, wp, w);
    out[k++] = feat(18, w, wn);
    out[k++] = feat(19, lr, NULL);
    /* WordNet's verb evidence for this word and the next one */
    out[k++] = feat(20, lex[i], NULL);
    out[k++] = feat(21, lex[i], tp);
    out[k++] = feat(22, i + 1 < n ? lex[i + 1] : "-END-", NULL);
    return k;
}

/* ---- Model file --------------------------------------------------------- */

uint32_t cd_rd32(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 |
           (uint32_t)u[3] << 24;
}

/* splitmix64's finaliser: spreads FNV's weak low bits over the slot. */
uint32_t cd_slot_mix(uint64_t x, uint32_t mask)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return (uint32_t)x & mask;
}

/* Zeroed memory for a table read at random: on Linux, in 2 MB pages
 * where the kernel has them, so that a lookup costs a cache miss but not
 * also a TLB miss.  Freed with free(). */
void *cd_table_alloc(size_t n, bool zero)
{
    void *v = NULL;
    size_t huge = (size_t)2 << 20;
    if (n < huge) {
        v = malloc(n);
    } else {
        n = (n + huge - 1) & ~(huge - 1);
        if (posix_memalign(&v, huge, n) != 0)
            v = NULL;
#ifdef MADV_HUGEPAGE
        if (v)
            (void)madvise(v, n, MADV_HUGEPAGE);
#endif
    }
    if (v && zero)
        memset(v, 0, n);
    return v;
}

cd_status cd_model_file_read(const char *path, const char *magic, const char *what,
                             char **out, size_t *size, char *err, size_t errlen)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open %s model %s", what, path);
        return CD_E_IO;
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    if (n < 24) {
        fclose(f);
        snprintf(err, errlen, "%s model %s is truncated", what, path);
        return CD_E_IO;
    }
    /* 8-byte aligned storage for the u64 arrays */
    uint64_t *mem = cd_table_alloc(((size_t)n + 7) / 8 * 8, false);
    if (!mem) {
        fclose(f);
        snprintf(err, errlen, "out of memory");
        return CD_E_NOMEM;
    }
    char *b = (char *)mem;
    size_t got = fread(b, 1, (size_t)n, f);
    fclose(f);
    if (got != (size_t)n || memcmp(b, magic, 8) != 0) {
        free(mem);
        snprintf(err, errlen, "%s is not a copydesk %s model", path, what);
        return CD_E_IO;
    }
    *out = b;
    *size = (size_t)n;
    return CD_OK;
}

static cd_pos pos_class(const char *tag)
{
    static const struct { const char *t; cd_pos p; } map[] = {
        {"NN", P_NN}, {"NNS", P_NNS}, {"NNP", P_NNP}, {"NNPS", P_NNPS},
        {"VB", P_VB}, {"VBD", P_VBD}, {"VBG", P_VBG}, {"VBN", P_VBN},
        {"VBP", P_VBP}, {"VBZ", P_VBZ}, {"MD", P_MD}, {"JJ", P_JJ},
        {"JJR", P_JJR}, {"JJS", P_JJS}, {"RB", P_RB}, {"RBR", P_RB},
        {"RBS", P_RB}, {"IN", P_IN}, {"DT", P_DT}, {"PDT", P_DT},
        {"CD", P_CD}, {"PRP", P_PRP}, {"PRP$", P_PRPS}, {"CC", P_CC},
        {"TO", P_TO}, {"WDT", P_WDT}, {"WP", P_WP}, {"WP$", P_WP},
        {"WRB", P_WRB}, {"POS", P_POS}, {"RP", P_RP}, {"EX", P_EX},
        {",", P_PUNCT}, {".", P_PUNCT}, {":", P_PUNCT}, {"``", P_PUNCT},
        {"''", P_PUNCT}, {"-LRB-", P_PUNCT}, {"-RRB-", P_PUNCT},
        {"HYPH", P_PUNCT}, {"NFP", P_PUNCT},
    };
    for (size_t k = 0; k < CD_ARRAY_LEN(map); k++)
        if (strcmp(map[k].t, tag) == 0)
            return map[k].p;
    return P_OTHER;
}

cd_status cd_tagger_load(cd_tagger *t, const char *path, char *err,
                         size_t errlen)
{
    memset(t, 0, sizeof *t);
    char *b;
    size_t size;
    cd_status st = cd_model_file_read(path, "CDTAG001", "tagger", &b, &size, err, errlen);
    if (st != CD_OK)
        return st;
    uint64_t *mem = (uint64_t *)b;
    t->blob = b;
    t->ntags = (int)cd_rd32(b + 8);
    t->nfeat = cd_rd32(b + 12);
    uint32_t npairs = cd_rd32(b + 16);
    t->nwords = cd_rd32(b + 20);
    size_t need = 24 + (size_t)t->ntags * 8 + (size_t)t->nfeat * 8 +
                  ((size_t)t->nfeat + 2) / 2 * 8 + (size_t)t->nwords * 8 +
                  (size_t)npairs * 5 + t->nwords;
    if (t->ntags <= 0 || t->ntags > CD_MAX_TAGS || need > (size_t)size) {
        free(mem);
        memset(t, 0, sizeof *t);
        snprintf(err, errlen, "tagger model %s is corrupt", path);
        return CD_E_IO;
    }
    size_t o = 24;
    for (int k = 0; k < t->ntags; k++, o += 8) {
        memcpy(t->tags[k], b + o, 8);
        t->tags[k][7] = 0;
        t->pos[k] = (uint8_t)pos_class(t->tags[k]);
    }
    t->fhash = (const uint64_t *)(b + o);
    o += (size_t)t->nfeat * 8;
    t->foff = (const uint32_t *)(b + o);
    o += ((size_t)t->nfeat + 2) / 2 * 8;
    t->whash = (const uint64_t *)(b + o);
    o += (size_t)t->nwords * 8;
    t->pw = (const float *)(b + o);
    o += (size_t)npairs * 4;
    t->ptag = (const uint8_t *)(b + o);
    o += npairs;
    t->wtag = (const uint8_t *)(b + o);
    /* An open-addressing index over the sorted hashes: one probe per
     * feature instead of a bisection that misses the cache each step. */
    uint32_t cap = 1024;
    while (cap < t->nfeat * 2)
        cap *= 2;
    t->slot = cd_table_alloc((size_t)cap * sizeof *t->slot, true);
    if (!t->slot) {
        free(mem);
        memset(t, 0, sizeof *t);
        snprintf(err, errlen, "out of memory");
        return CD_E_NOMEM;
    }
    t->mask = cap - 1;
    for (uint32_t i = 0; i < t->nfeat; i++) {
        uint32_t h = cd_slot_mix(t->fhash[i], t->mask);
        while (t->slot[h])
            h = (h + 1) & t->mask;
        t->slot[h] = i + 1;
    }
    if (t->nfeat && t->foff[t->nfeat] != npairs) {
        free(t->slot);
        free(mem);
        memset(t, 0, sizeof *t);
        snprintf(err, errlen, "tagger model %s is corrupt", path);
        return CD_E_IO;
    }
    return CD_OK;
}

long cd_tagger_find(const cd_tagger *t, uint64_t key)
{
    if (!t->slot)
        return -1;
    uint32_t h = cd_slot_mix(key, t->mask);
    while (t->slot[h]) {
        uint32_t i = t->slot[h] - 1;
        if (t->fhash[i] == key)
            return i;
        h = (h + 1) & t->mask;
    }
    return -1;
}

void cd_tagger_free(cd_tagger *t)
{
    free(t->slot);
    free(t->blob);
    memset(t, 0, sizeof *t);
}

int cd_tagger_tag_id(const cd_tagger *t, const char *name)
{
    for (int k = 0; k < t->ntags; k++)
        if (strcmp(t->tags[k], name) == 0)
            return k;
    return -1;
}


