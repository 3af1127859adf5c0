/*
 * textindex.c - a suffix array over the article's text, so that "is this
 * phrase in the article, and where?" costs a binary search instead of a
 * scan of the whole text (the quotation check asks it of every quoted
 * phrase of every candidate).
 *
 * The array is built by induced sorting (SA-IS: Nong, Zhang and Chan,
 * "Two efficient algorithms for linear time suffix array construction",
 * 2011) in time linear in the text and 4 bytes of output per byte, plus
 * working space of about half that, freed before returning.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The string being sorted at one level: bytes at the top level (shifted
 * up by one, with a sentinel 0 after the last), names below it. */
typedef struct sa_str {
    const unsigned char *b; /* top level: the text, or NULL */
    const int32_t *v;       /* lower levels */
    int32_t n;              /* symbols, the sentinel included */
} sa_str;

static inline int32_t sym(const sa_str *s, int32_t i)
{
    if (s->b)
        return i == s->n - 1 ? 0 : (int32_t)s->b[i] + 1;
    return s->v[i];
}

/* Type bits: 1 for S (smaller than the suffix after it), 0 for L. */
static inline bool is_s(const uint8_t *t, int32_t i)
{
    return (t[i >> 3] >> (i & 7)) & 1;
}

static inline bool is_lms(const uint8_t *t, int32_t i)
{
    return i > 0 && is_s(t, i) && !is_s(t, i - 1);
}

/* bkt[c] = the start (end: false) or one past the end (end: true) of
 * symbol c's bucket. */
static void buckets(const sa_str *s, int32_t *bkt, int32_t k, bool end)
{
    memset(bkt, 0, (size_t)k * sizeof *bkt);
    for (int32_t i = 0; i < s->n; i++)
        bkt[sym(s, i)]++;
    int32_t sum = 0;
    for (int32_t c = 0; c < k; c++) {
        sum += bkt[c];
        bkt[c] = end ? sum : sum - bkt[c];
    }
}

/* From the LMS suffixes in place, sort the L suffixes, then the S ones. */
static void induce(const sa_str *s, const uint8_t *t, int32_t *sa, int32_t *bkt, int32_t k)
{
    buckets(s, bkt, k, false);
    for (int32_t i = 0; i < s->n; i++) {
        int32_t j = sa[i] - 1;
        if (sa[i] > 0 && !is_s(t, j))
            sa[bkt[sym(s, j)]++] = j;
    }
    buckets(s, bkt, k, true);
    for (int32_t i = s->n - 1; i >= 0; i--) {
        int32_t j = sa[i] - 1;
        if (sa[i] > 0 && is_s(t, j))
            sa[--bkt[sym(s, j)]] = j;
    }
}

/* Are the LMS substrings starting at a and b equal? */
static bool lms_equal(const sa_str *s, const uint8_t *t, int32_t a, int32_t b)
{
    for (int32_t d = 0;; d++) {
        if (a + d >= s->n || b + d >= s->n)
            return false;
        if (sym(s, a + d) != sym(s, b + d) || is_s(t, a + d) != is_s(t, b + d))
            return false;
        if (d > 0 && (is_lms(t, a + d) || is_lms(t, b + d)))
            return is_lms(t, a + d) && is_lms(t, b + d);
    }
}

/* Sort the suffixes of `s` (symbols in [0, k), the last one a unique 0)
 * into sa[0..n).  Returns false when out of memory. */
static bool sais(const sa_str *s, int32_t *sa, int32_t k)
{
    int32_t n = s->n;
    uint8_t *t = calloc((size_t)n / 8 + 1, 1);
    int32_t *bkt = malloc((size_t)k * sizeof *bkt);
    if (!t || !bkt) {
        free(t);
        free(bkt);
        return false;
    }
    t[(n - 1) >> 3] |= (uint8_t)(1u << ((n - 1) & 7));
    for (int32_t i = n - 2; i >= 0; i--) {
        int32_t a = sym(s, i), b = sym(s, i + 1);
        if (a < b || (a == b && is_s(t, i + 1)))
            t[i >> 3] |= (uint8_t)(1u << (i & 7));
    }
    /* 1. the LMS suffixes at the ends of their buckets, then induced */
    buckets(s, bkt, k, true);
    for (int32_t i = 0; i < n; i++)
        sa[i] = -1;
    for (int32_t i = 1; i < n; i++)
        if (is_lms(t, i))
            sa[--bkt[sym(s, i)]] = i;
    induce(s, t, sa, bkt, k);
    /* 2. the LMS substrings, now sorted, get names in order */
    int32_t n1 = 0;
    for (int32_t i = 0; i < n; i++)
        if (is_lms(t, sa[i]))
            sa[n1++] = sa[i];
    for (int32_t i = n1; i < n; i++)
        sa[i] = -1;
    int32_t name = 0, prev = -1;
    for (int32_t i = 0; i < n1; i++) {
        int32_t p = sa[i];
        if (prev < 0 || !lms_equal(s, t, p, prev))
            name++;
        prev = p;
        sa[n1 + p / 2] = name - 1; /* LMS positions are two apart at least */
    }
    for (int32_t i = n - 1, j = n - 1; i >= n1; i--)
        if (sa[i] >= 0)
            sa[j--] = sa[i];
    /* 3. sort the reduced string: by recursion when names repeat */
    int32_t *s1 = sa + n - n1;
    bool ok = true;
    if (name < n1) {
        sa_str r = {NULL, s1, n1};
        ok = sais(&r, sa, name);
    } else {
        for (int32_t i = 0; i < n1; i++)
            sa[s1[i]] = i;
    }
    if (ok) {
        /* 4. the LMS suffixes in their order, then everything induced */
        for (int32_t i = 1, j = 0; i < n; i++)
            if (is_lms(t, i))
                s1[j++] = i;
        for (int32_t i = 0; i < n1; i++)
            sa[i] = s1[sa[i]];
        for (int32_t i = n1; i < n; i++)
            sa[i] = -1;
        buckets(s, bkt, k, true);
        for (int32_t i = n1 - 1; i >= 0; i--) {
            int32_t j = sa[i];
            sa[i] = -1;
            sa[--bkt[sym(s, j)]] = j;
        }
        induce(s, t, sa, bkt, k);
    }
    free(t);
    free(bkt);
    return ok;
}

int32_t *cd_sa_build(cd_arena *a, const char *text, size_t n)
{
    if (n >= (size_t)INT32_MAX - 1)
        return NULL;
    /* the sentinel's suffix sorts first: sa[0] is n, and the array the
     * caller gets starts after it */
    int32_t *sa = cd_arena_alloc(a, (n + 1) * sizeof *sa);
    if (!sa)
        return NULL;
    sa_str s = {(const unsigned char *)text, NULL, (int32_t)n + 1};
    if (n == 0)
        return sa;
    if (!sais(&s, sa, 257))
        return NULL; /* the arena keeps the block; the run fails anyway */
    return sa + 1;
}

/* Compare the suffix at `off` with p[0..m) on at most m bytes. */
static int cmp_prefix(const char *text, size_t n, int32_t off, const char *p, size_t m)
{
    size_t rest = n - (size_t)off;
    size_t k = rest < m ? rest : m;
    int c = memcmp(text + off, p, k);
    if (c)
        return c;
    return k < m ? -1 : 0;
}

size_t cd_sa_find(const char *text, size_t n, const int32_t *sa, const char *p, size_t m,
                  size_t *first)
{
    size_t lo = 0, hi = n;
    while (lo < hi) { /* the first suffix not below p */
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_prefix(text, n, sa[mid], p, m) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t a = lo;
    hi = n;
    while (lo < hi) { /* the first suffix above every one that starts with p */
        size_t mid = lo + (hi - lo) / 2;
        if (cmp_prefix(text, n, sa[mid], p, m) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *first = a;
    return lo - a;
}
