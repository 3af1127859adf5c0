/*
 * measure_tokens.c - how copydesk's tokens and sentences differ from the
 * treebank's.
 *
 * For every document of a CoNLL-U file, rebuilds its raw text from the
 * "# text =" lines (sentences of a paragraph joined by a space,
 * paragraphs by a blank line; "# newdoc" and "# newpar" start them), runs
 * the library on it as plain text (cd_extract, then cd_analyze) and lines
 * copydesk's tokens and sentences up with the treebank's by character
 * offsets in that raw text.  A fixed one-line headline goes before the
 * text so that the first paragraph stays body text.
 *
 * Prints token precision, recall and F1 against the treebank's syntactic
 * words (a multiword token "don't" counts as do + n't) and against its
 * surface tokens, the same with the treebank's "X - Y" merged into one
 * word, sentence boundary precision, recall and F1, the share of
 * treebank sentences whose words copydesk reproduces exactly, and the
 * disagreements by category with a few examples each (CD_SHOW=1 prints
 * every one).
 *
 *   measure_tokens FILE.conllu...
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "generate.h"

#define HEADLINE "Treebank document\n\n"

typedef struct span {
    long s, e;         /* [s, e) in the document's raw text */
    int mwt;           /* part of a multiword token (words), or is one */
    int sent;          /* treebank sentence index in the document */
} span;

typedef struct spans {
    span *v;
    int n, cap;
} spans;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q) {
        fprintf(stderr, "measure_tokens: out of memory\n");
        exit(1);
    }
    return q;
}

static void sp_push(spans *l, long s, long e, int mwt, int sent)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->v = xrealloc(l->v, (size_t)l->cap * sizeof *l->v);
    }
    l->v[l->n++] = (span){s, e, mwt, sent};
}

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

static void b_put(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        while (b->n + n + 1 > b->cap)
            b->cap = b->cap ? b->cap * 2 : 4096;
        b->p = xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

/* ---- Categories ----------------------------------------------------- */

enum { C_URL, C_CLITIC, C_HYPHEN, C_NUMBER, C_PERIOD, C_PUNCT, C_OTHER, NCAT };
static const char *const cat_name[NCAT] = {
    "urls/emails", "clitics/multiword tokens", "hyphenated words",
    "numbers/currency/percent", "abbreviations and periods",
    "quotes/punctuation", "other"};

enum { S_ABBR, S_TERM, S_ELLIPSIS, S_QUOTE, S_NOPUNCT, S_COLON, S_OTHER, NSCAT };
static const char *const scat_name[NSCAT] = {
    "after an abbreviation or initial", "after . ! ?", "after an ellipsis",
    "after a quote or bracket", "no final punctuation",
    "after : ; or a dash", "other"};

typedef struct stats {
    long docs, sents, words, surf, failed, unaligned_cd, outside_words;
    long cd_tok, tb_word, same_word;       /* vs syntactic words */
    long tb_surf, same_surf, cd_tok_s;     /* vs surface tokens */
    long tb_merged, same_merged, cd_tok_m; /* vs words, "X - Y" merged */
    long cd_b, tb_b, same_b;               /* boundaries inside paragraphs */
    long cd_ba, tb_ba, same_ba;            /* every boundary */
    long exact_tok, exact_both, sent_cov;
    long cat[NCAT], cat_cd[NCAT], cat_tb[NCAT];
    long scat_miss[NSCAT], scat_extra[NSCAT];
    long hyph_tb_split, hyph_cd_one;       /* hyphen disagreements */
    int shown[NCAT], sshown[2][NSCAT];
} stats;

static int show_all;
static buf examples; /* printed after a file's figures */

static void example(const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    b_put(&examples, line, strlen(line));
}

static int has_str(const char *s, size_t n, const char *w)
{
    size_t m = strlen(w);
    for (size_t i = 0; i + m <= n; i++)
        if (strncasecmp(s + i, w, m) == 0)
            return 1;
    return 0;
}

static int category(const char *s, size_t n, int mwt)
{
    if (has_str(s, n, "://") || has_str(s, n, "www.") || has_str(s, n, ".com") ||
        has_str(s, n, ".org") || has_str(s, n, ".htm") ||
        (memchr(s, '@', n) && n > 3))
        return C_URL;
    if (mwt || memchr(s, '\'', n) || has_str(s, n, "\xE2\x80\x99"))
        return C_CLITIC;
    for (size_t i = 1; i + 1 < n; i++)
        if (s[i] == '-' && isalnum((unsigned char)s[i - 1]) &&
            isalnum((unsigned char)s[i + 1]))
            return C_HYPHEN;
    for (size_t i = 0; i < n; i++)
        if (isdigit((unsigned char)s[i]) || s[i] == '$' || s[i] == '%')
            return C_NUMBER;
    if (has_str(s, n, "\xC2\xA3") || has_str(s, n, "\xE2\x82\xAC"))
        return C_NUMBER;
    if (memchr(s, '.', n))
        return C_PERIOD;
    for (size_t i = 0; i < n; i++)
        if (ispunct((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80)
            return C_PUNCT;
    return C_OTHER;
}

/* Joins the spans [a, b) of `l` with '|' into out. */
static void show_spans(const char *raw, const spans *l, int a, int b, char *out,
                       size_t cap)
{
    size_t o = 0;
    out[0] = 0;
    for (int k = a; k < b && o + 2 < cap; k++) {
        int w = snprintf(out + o, cap - o, "%s%.*s", k > a ? "|" : "",
                         (int)(l->v[k].e - l->v[k].s), raw + l->v[k].s);
        if (w < 0 || (size_t)w >= cap - o)
            break;
        o += (size_t)w;
    }
}

/* Compares two sorted, non-overlapping span lists.  Returns the number
 * of identical spans; with `st` set, groups the others into connected
 * disagreements and counts them by category. */
static long compare(const char *raw, const spans *cd, const spans *tb, stats *st,
                    const char *file)
{
    long same = 0;
    int i = 0, j = 0;
    while (i < cd->n || j < tb->n) {
        if (i < cd->n && j < tb->n && cd->v[i].s == tb->v[j].s &&
            cd->v[i].e == tb->v[j].e) {
            same++;
            i++;
            j++;
            continue;
        }
        /* a disagreement: every token overlapping the group joins it */
        int i0 = i, j0 = j;
        long s, e;
        if (j >= tb->n || (i < cd->n && cd->v[i].s <= tb->v[j].s)) {
            s = cd->v[i].s;
            e = cd->v[i++].e;
        } else {
            s = tb->v[j].s;
            e = tb->v[j++].e;
        }
        for (;;) {
            if (i < cd->n && cd->v[i].s < e) {
                if (cd->v[i].e > e)
                    e = cd->v[i].e;
                i++;
            } else if (j < tb->n && tb->v[j].s < e) {
                if (tb->v[j].e > e)
                    e = tb->v[j].e;
                j++;
            } else {
                break;
            }
        }
        if (!st)
            continue;
        int mwt = 0;
        for (int k = j0; k < j; k++)
            mwt |= tb->v[k].mwt;
        int c = category(raw + s, (size_t)(e - s), mwt);
        st->cat[c]++;
        st->cat_cd[c] += i - i0;
        st->cat_tb[c] += j - j0;
        if (c == C_HYPHEN) {
            if (j - j0 > i - i0)
                st->hyph_tb_split++;
            else
                st->hyph_cd_one++;
        }
        if (show_all || st->shown[c] < 4) {
            char a[512], b[512];
            show_spans(raw, cd, i0, i, a, sizeof a);
            show_spans(raw, tb, j0, j, b, sizeof b);
            example("    %s: treebank %s / copydesk %s\n", cat_name[c], b, a);
            st->shown[c]++;
        }
    }
    return same;
}

/* The category of a sentence boundary at raw[e] (exclusive end). */
static int boundary_cat(const char *raw, long s0, long e)
{
    long k = e - 1;
    unsigned char c = (unsigned char)raw[k];
    /* closing quotes and brackets first */
    if (c == '"' || c == '\'' || c == ')' || c == ']' ||
        (c >= 0x80 && k >= 2 && (unsigned char)raw[k - 2] == 0xE2))
        return S_QUOTE;
    if (c == '.' && k >= 2 && raw[k - 1] == '.')
        return S_ELLIPSIS;
    if (c >= 0x80 && k >= 2 && memcmp(raw + k - 2, "\xE2\x80\xA6", 3) == 0)
        return S_ELLIPSIS;
    if (c == '.') {
        /* the word before the period: short or with inner periods */
        long w = k;
        while (w > s0 && !isspace((unsigned char)raw[w - 1]))
            w--;
        long len = k - w;
        char low[16];
        if (len > 0 && len < (long)sizeof low) {
            for (long q = 0; q < len; q++)
                low[q] = (char)tolower((unsigned char)raw[w + q]);
            low[len] = 0;
        }
        if (len > 0 && isalpha((unsigned char)raw[k - 1]) &&
            (len == 1 || memchr(raw + w, '.', (size_t)len) ||
             (len < (long)sizeof low && cd_is_abbrev(low))))
            return S_ABBR;
        return S_TERM;
    }
    if (c == '!' || c == '?')
        return S_TERM;
    if (c == ':' || c == ';' || c == '-')
        return S_COLON;
    if (isalnum(c) || c >= 0x80)
        return S_NOPUNCT;
    return S_OTHER;
}

static void show_boundary(const char *raw, long n, long e, const char *what,
                          const char *file)
{
    long a = e - 40 < 0 ? 0 : e - 40, b = e + 40 > n ? n : e + 40;
    while (a > 0 && ((unsigned char)raw[a] & 0xC0) == 0x80)
        a--;
    while (b < n && ((unsigned char)raw[b] & 0xC0) == 0x80)
        b++;
    char ctx[256];
    size_t o = 0;
    for (long k = a; k < b && o + 8 < sizeof ctx; k++) {
        if (k == e)
            o += (size_t)snprintf(ctx + o, sizeof ctx - o, " <|>");
        ctx[o++] = raw[k] == '\n' ? ' ' : raw[k];
    }
    ctx[o] = 0;
    example("    %s: ...%s...\n", what, ctx);
}

/* ---- Alignment ------------------------------------------------------ */

/* The input as copydesk's extraction normalises it: byte i of `nb` came
 * from input bytes [ns[i], ne[i]). */
typedef struct norm {
    char *nb;
    long *ns, *ne;
    long n;
} norm;

static int norm_cp(uint32_t cp, char *out)
{
    switch (cp) {
    case '\t': case '\r': case '\f': case '\v':
    case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
    case 0x2028: case 0x2029: case 0x0085:
        out[0] = ' ';
        return 1;
    case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060:
    case 0xFEFF:
        return 0;
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB:
    case 0x00BB: case 0x2033:
        out[0] = '"';
        return 1;
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
        out[0] = '\'';
        return 1;
    case 0x2010: case 0x2011: case 0x2012: case 0x2212:
        out[0] = '-';
        return 1;
    case 0x2026:
        memcpy(out, "...", 3);
        return 3;
    }
    if ((cp >= 0x2000 && cp <= 0x200A) || cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) {
        out[0] = ' ';
        return 1;
    }
    return cd_utf8_put(out, cp);
}

static void normalise(const char *in, size_t n, norm *out)
{
    out->nb = xrealloc(NULL, 3 * n + 1);
    out->ns = xrealloc(NULL, (3 * n + 1) * sizeof(long));
    out->ne = xrealloc(NULL, (3 * n + 1) * sizeof(long));
    out->n = 0;
    size_t i = 0;
    while (i < n) {
        size_t i0 = i;
        uint32_t cp = cd_utf8_next(in, n, &i);
        char tmp[4];
        int k = norm_cp(cp, tmp);
        for (int q = 0; q < k; q++) {
            out->nb[out->n] = tmp[q];
            out->ns[out->n] = (long)i0;
            out->ne[out->n] = (long)i;
            out->n++;
        }
    }
}

/* Do the next k non-space bytes of t (from ti) and nb (from nj) agree? */
static int agree(const char *t, long tn, long ti, const norm *nm, long nj, int k)
{
    while (k > 0 && ti < tn) {
        while (ti < tn && (t[ti] == ' ' || t[ti] == '\n'))
            ti++;
        while (nj < nm->n && (nm->nb[nj] == ' ' || nm->nb[nj] == '\n'))
            nj++;
        if (ti >= tn)
            return 1;
        if (nj >= nm->n || t[ti] != nm->nb[nj])
            return 0;
        ti++;
        nj++;
        k--;
    }
    return 1;
}

/* map[i]: the normalised byte that text byte i came from, or -1. */
static long align(const char *t, long tn, const norm *nm, long *map)
{
    long nj = 0, lost = 0;
    for (long ti = 0; ti < tn; ti++) {
        map[ti] = -1;
        if (t[ti] == ' ' || t[ti] == '\n')
            continue;
        long hit = -1, first = -1;
        for (long q = nj; q < nm->n && q < nj + 8000; q++) {
            if (nm->nb[q] != t[ti])
                continue;
            if (first < 0)
                first = q;
            if (agree(t, tn, ti, nm, q, 16)) {
                hit = q;
                break;
            }
        }
        if (hit < 0)
            hit = first;
        if (hit < 0) {
            lost++;
            continue;
        }
        map[ti] = hit;
        nj = hit + 1;
    }
    return lost;
}

/* ---- One document ----------------------------------------------------- */

typedef struct doc {
    buf raw;
    spans words, surf, merged, sents; /* sents: [s, e) of each sentence */
    int *para_end_sent;               /* sentence ends its paragraph */
    int cape;
} doc;

static void doc_clear(doc *d)
{
    d->raw.n = 0;
    if (d->raw.p)
        d->raw.p[0] = 0;
    d->words.n = d->surf.n = d->merged.n = d->sents.n = 0;
}

/* The treebank's words with "X - Y" (no spaces, alphanumeric either
 * side) made one word, as a trainer could merge them. */
static void merge_hyphens(const char *raw, const spans *w, spans *out)
{
    out->n = 0;
    for (int k = 0; k < w->n; k++) {
        span x = w->v[k];
        while (k + 2 < w->n && w->v[k + 1].e - w->v[k + 1].s == 1 &&
               raw[w->v[k + 1].s] == '-' && w->v[k + 1].s == x.e &&
               w->v[k + 2].s == w->v[k + 1].e &&
               isalnum((unsigned char)raw[x.e - 1]) &&
               isalnum((unsigned char)raw[w->v[k + 2].s])) {
            x.e = w->v[k + 2].e;
            k += 2;
        }
        sp_push(out, x.s, x.e, x.mwt, x.sent);
    }
}

static int covered_span(const unsigned char *cov, const span *s)
{
    return cov[s->s] && cov[s->e - 1];
}

static void filter(const spans *in, const unsigned char *cov, spans *out)
{
    out->n = 0;
    for (int k = 0; k < in->n; k++)
        if (covered_span(cov, &in->v[k]))
            sp_push(out, in->v[k].s, in->v[k].e, in->v[k].mwt, in->v[k].sent);
}

static int in_sorted(const long *v, int n, long x)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        if (v[mid] < x)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo] == x;
}

static void run_doc(cd_run *run, doc *d, stats *st, const char *file)
{
    if (d->sents.n == 0)
        return;
    st->docs++;
    const char *raw = d->raw.p;
    long rn = (long)d->raw.n;
    buf in = {0};
    b_put(&in, HEADLINE, strlen(HEADLINE));
    b_put(&in, raw, (size_t)rn);
    cd_run_reset(run);
    cd_status s = cd_extract(run, in.p, in.n);
    if (s == CD_OK)
        s = cd_analyze(run);
    if (s != CD_OK) {
        st->failed++;
        fprintf(stderr, "%s: a document failed: %s\n", file, cd_run_error(run).message);
        free(in.p);
        return;
    }
    norm nm;
    normalise(in.p, in.n, &nm);
    long tn = (long)run->text_len;
    long *map = xrealloc(NULL, (size_t)(tn + 1) * sizeof *map);
    st->unaligned_cd += align(run->text, tn, &nm, map);
    long pre = (long)strlen(HEADLINE);
    unsigned char *cov = calloc((size_t)rn + 1, 1);
    if (!cov)
        exit(1);
    for (long ti = 0; ti < tn; ti++)
        if (map[ti] >= 0)
            for (long r = nm.ns[map[ti]] - pre; r < nm.ne[map[ti]] - pre; r++)
                if (r >= 0 && r < rn)
                    cov[r] = 1;

    /* copydesk's tokens and sentence ends in raw offsets */
    spans cd = {0};
    long *cd_end = xrealloc(NULL, (size_t)(run->nsent + 1) * sizeof(long));
    long *cd_start = xrealloc(NULL, (size_t)(run->nsent + 1) * sizeof(long));
    int ncde = 0;
    for (int si = 0; si < run->nsent; si++) {
        const cd_sent *se = &run->sents[si];
        long first = -1, last = -1;
        for (int k = se->tok0; k < se->tok0 + se->ntok; k++) {
            const cd_tok *t = &run->toks[k];
            long a = map[t->off], b = map[t->off + t->len - 1];
            if (a < 0 || b < 0) {
                st->unaligned_cd++;
                continue;
            }
            long rs = nm.ns[a] - pre, re = nm.ne[b] - pre;
            if (rs < 0 || re > rn || re <= rs || (cd.n && rs < cd.v[cd.n - 1].e)) {
                st->unaligned_cd++;
                continue;
            }
            sp_push(&cd, rs, re, 0, si);
            if (first < 0)
                first = rs;
            last = re;
        }
        if (last > 0) {
            cd_start[ncde] = first;
            cd_end[ncde++] = last;
        }
    }

    /* the treebank's, where copydesk's text covers them */
    spans w = {0}, su = {0}, me = {0}, mall = {0};
    filter(&d->words, cov, &w);
    filter(&d->surf, cov, &su);
    merge_hyphens(raw, &d->words, &mall);
    filter(&mall, cov, &me);
    st->outside_words += d->words.n - w.n;

    st->cd_tok += cd.n;
    st->tb_word += w.n;
    st->same_word += compare(raw, &cd, &w, st, file);
    st->cd_tok_s += cd.n;
    st->tb_surf += su.n;
    st->same_surf += compare(raw, &cd, &su, NULL, file);
    st->cd_tok_m += cd.n;
    st->tb_merged += me.n;
    st->same_merged += compare(raw, &cd, &me, NULL, file);

    /* sentences: exact tokens, exact spans */
    int wi = 0, ci = 0;
    for (int si = 0; si < d->sents.n; si++) {
        const span *ss = &d->sents.v[si];
        if (!cov[ss->s] || !cov[ss->e - 1])
            continue;
        st->sent_cov++;
        while (wi < w.n && w.v[wi].s < ss->s)
            wi++;
        while (ci < cd.n && cd.v[ci].s < ss->s)
            ci++;
        int ok = 1, k = wi, q = ci;
        while (k < w.n && w.v[k].e <= ss->e) {
            if (q >= cd.n || cd.v[q].s != w.v[k].s || cd.v[q].e != w.v[k].e)
                ok = 0;
            k++;
            q++;
        }
        if (q < cd.n && cd.v[q].s < ss->e)
            ok = 0;
        if (ok) {
            st->exact_tok++;
            if (in_sorted(cd_end, ncde, ss->e) && in_sorted(cd_start, ncde, ss->s))
                st->exact_both++;
        }
    }

    /* sentence boundaries: ends in covered text; inside a paragraph or
     * every one */
    long *tb_end = xrealloc(NULL, (size_t)(d->sents.n + 1) * sizeof(long));
    int ntbe = 0;
    for (int si = 0; si < d->sents.n; si++)
        if (cov[d->sents.v[si].e - 1])
            tb_end[ntbe++] = d->sents.v[si].e;
    /* paragraph ends: the end of the last sentence of each paragraph */
    long *pend = xrealloc(NULL, (size_t)(d->sents.n + 1) * sizeof(long));
    int npend = 0;
    for (int si = 0; si < d->sents.n; si++)
        if (d->para_end_sent[si])
            pend[npend++] = d->sents.v[si].e;
    for (int k = 0; k < ncde; k++) {
        int inpara = !in_sorted(pend, npend, cd_end[k]);
        int same = in_sorted(tb_end, ntbe, cd_end[k]);
        st->cd_ba++;
        st->same_ba += same;
        if (inpara) {
            st->cd_b++;
            st->same_b += same;
        }
        if (!same && inpara) {
            int c = boundary_cat(raw, 0, cd_end[k]);
            st->scat_extra[c]++;
            if (show_all || st->sshown[1][c] < 3) {
                char what[96];
                snprintf(what, sizeof what, "extra split, %s", scat_name[c]);
                show_boundary(raw, rn, cd_end[k], what, file);
                st->sshown[1][c]++;
            }
        }
    }
    for (int k = 0; k < ntbe; k++) {
        int inpara = !in_sorted(pend, npend, tb_end[k]);
        int same = in_sorted(cd_end, ncde, tb_end[k]);
        st->tb_ba++;
        if (inpara)
            st->tb_b++;
        if (!same && inpara) {
            int c = boundary_cat(raw, 0, tb_end[k]);
            st->scat_miss[c]++;
            if (show_all || st->sshown[0][c] < 3) {
                char what[96];
                snprintf(what, sizeof what, "missed split, %s", scat_name[c]);
                show_boundary(raw, rn, tb_end[k], what, file);
                st->sshown[0][c]++;
            }
        }
    }
    free(tb_end);
    free(pend);
    free(cd_end);
    free(cd_start);
    free(cd.v);
    free(w.v);
    free(su.v);
    free(me.v);
    free(mall.v);
    free(cov);
    free(map);
    free(nm.nb);
    free(nm.ns);
    free(nm.ne);
    free(in.p);
}

/* ---- Reading CoNLL-U ---------------------------------------------------- */

static void prf(const char *what, long sys, long gold, long same)
{
    double p = sys ? 100.0 * same / sys : 0, r = gold ? 100.0 * same / gold : 0;
    printf("  %-44s P %6.2f  R %6.2f  F1 %6.2f  (copydesk %ld, treebank %ld, same %ld)\n",
           what, p, r, p + r > 0 ? 2 * p * r / (p + r) : 0, sys, gold, same);
}

static void measure_file(cd_run *run, const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(1);
    }
    const char *file = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    stats st;
    memset(&st, 0, sizeof st);
    doc d;
    memset(&d, 0, sizeof d);
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    long sent_start = -1, pos = 0;  /* in raw: sentence start, next token */
    int newpar = 0, mwt_left = 0;
    long mwt_pos = 0, mismatched = 0;
    char text[65536];
    text[0] = 0;
    while ((got = getline(&line, &cap, f)) >= 0) {
        while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
            line[--got] = 0;
        if (strncmp(line, "# newdoc", 8) == 0) {
            run_doc(run, &d, &st, file);
            doc_clear(&d);
            newpar = 0;
            continue;
        }
        if (strncmp(line, "# newpar", 8) == 0) {
            newpar = 1;
            continue;
        }
        if (strncmp(line, "# text = ", 9) == 0) {
            snprintf(text, sizeof text, "%s", line + 9);
            continue;
        }
        if (line[0] == '#')
            continue;
        if (line[0] == 0) { /* end of a sentence */
            if (sent_start >= 0) {
                sp_push(&d.sents, sent_start, d.raw.n ? (long)d.raw.n : 0, 0, 0);
                /* trailing spaces of the text are not part of it */
                span *ss = &d.sents.v[d.sents.n - 1];
                while (ss->e > ss->s && d.raw.p[ss->e - 1] == ' ')
                    ss->e--;
                st.sents++;
            }
            sent_start = -1;
            continue;
        }
        if (sent_start < 0) { /* the first token line of a sentence */
            if (d.cape <= d.sents.n + 1) {
                d.cape = (d.sents.n + 2) * 2;
                d.para_end_sent = xrealloc(d.para_end_sent, (size_t)d.cape * sizeof(int));
            }
            if (d.sents.n > 0) {
                d.para_end_sent[d.sents.n - 1] = newpar;
                b_put(&d.raw, newpar ? "\n\n" : " ", newpar ? 2 : 1);
            }
            d.para_end_sent[d.sents.n] = 1; /* until a sentence follows */
            newpar = 0;
            sent_start = (long)d.raw.n;
            pos = sent_start;
            b_put(&d.raw, text, strlen(text));
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
        if (c < 2 || strchr(col[0], '.'))
            continue;
        const char *form = col[1];
        size_t fl = strlen(form);
        if (strchr(col[0], '-') || mwt_left == 0) {
            /* a surface token: find it in the raw text */
            while (pos < (long)d.raw.n && d.raw.p[pos] == ' ')
                pos++;
            if (strncmp(d.raw.p + pos, form, fl) != 0) {
                char *at = strstr(d.raw.p + pos, form);
                mismatched++;
                if (!at)
                    continue;
                pos = at - d.raw.p;
            }
            int is_mwt = strchr(col[0], '-') != NULL;
            sp_push(&d.surf, pos, pos + (long)fl, is_mwt, d.sents.n);
            st.surf++;
            if (is_mwt) {
                int a = atoi(col[0]), b = atoi(strchr(col[0], '-') + 1);
                mwt_left = b - a + 1;
                mwt_pos = pos;
                pos += (long)fl;
                continue;
            }
            sp_push(&d.words, pos, pos + (long)fl, 0, d.sents.n);
            st.words++;
            pos += (long)fl;
            continue;
        }
        /* a syntactic word of a multiword token */
        long end = d.surf.v[d.surf.n - 1].e;
        long we = mwt_pos + (long)fl;
        if (--mwt_left == 0 || we > end)
            we = end;
        if (mwt_pos < we)
            sp_push(&d.words, mwt_pos, we, 1, d.sents.n);
        st.words++;
        mwt_pos = we;
    }
    run_doc(run, &d, &st, file);
    free(line);
    fclose(f);
    free(d.raw.p);
    free(d.words.v);
    free(d.surf.v);
    free(d.merged.v);
    free(d.sents.v);
    free(d.para_end_sent);

    printf("%s: %ld documents, %ld sentences, %ld words (%ld surface tokens); "
           "%ld words outside copydesk's text, %ld copydesk bytes or tokens "
           "unaligned, %ld forms not found, %ld documents failed\n",
           file, st.docs, st.sents, st.words, st.surf, st.outside_words,
           st.unaligned_cd, mismatched, st.failed);
    prf("tokens vs syntactic words:", st.cd_tok, st.tb_word, st.same_word);
    prf("tokens vs surface tokens:", st.cd_tok_s, st.tb_surf, st.same_surf);
    prf("tokens vs words, treebank X-Y merged:", st.cd_tok_m, st.tb_merged, st.same_merged);
    prf("sentence boundaries inside paragraphs:", st.cd_b, st.tb_b, st.same_b);
    prf("sentence boundaries, all:", st.cd_ba, st.tb_ba, st.same_ba);
    printf("  sentences with every word reproduced: %.1f%% (%ld/%ld); with the "
           "sentence's span too: %.1f%% (%ld)\n",
           st.sent_cov ? 100.0 * st.exact_tok / st.sent_cov : 0, st.exact_tok,
           st.sent_cov, st.sent_cov ? 100.0 * st.exact_both / st.sent_cov : 0,
           st.exact_both);
    long total = 0;
    for (int c = 0; c < NCAT; c++)
        total += st.cat[c];
    printf("  token disagreements: %ld groups\n", total);
    for (int c = 0; c < NCAT; c++)
        printf("    %-28s %5ld groups (%ld copydesk tokens, %ld treebank words)\n",
               cat_name[c], st.cat[c], st.cat_cd[c], st.cat_tb[c]);
    printf("  hyphens: %ld groups the treebank splits and copydesk keeps whole, "
           "%ld other hyphen groups\n", st.hyph_tb_split, st.hyph_cd_one);
    long miss = 0, extra = 0;
    for (int c = 0; c < NSCAT; c++) {
        miss += st.scat_miss[c];
        extra += st.scat_extra[c];
    }
    printf("  sentence boundaries inside paragraphs: %ld missed, %ld extra\n", miss, extra);
    for (int c = 0; c < NSCAT; c++)
        printf("    %-34s missed %5ld  extra %5ld\n", scat_name[c], st.scat_miss[c],
               st.scat_extra[c]);
    printf("  examples%s:\n%s", show_all ? "" : " (CD_SHOW=1 prints every one)",
           examples.p ? examples.p : "");
    examples.n = 0;
}

int main(int argc, char **argv)
{
    cd_model *m;
    char err[256];
    if (argc < 2 || cd_model_load(NULL, NULL, &m, err, sizeof err) != CD_OK) {
        fprintf(stderr, "usage: measure_tokens FILE.conllu... (%s)\n",
                argc < 2 ? "no file" : err);
        return 2;
    }
    show_all = getenv("CD_SHOW") != NULL;
    cd_run *run;
    if (cd_run_new(m, NULL, &run) != CD_OK) {
        fprintf(stderr, "measure_tokens: cannot make a run\n");
        return 1;
    }
    for (int a = 1; a < argc; a++)
        measure_file(run, argv[a]);
    cd_run_free(run);
    cd_model_free(m);
    free(examples.p);
    return 0;
}
