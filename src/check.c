/*
 * check.c - the rule table every candidate passes or fails, whoever wrote
 * it: copydesk's generator, an editor (copydesk check) or a model.
 *
 * A candidate gets findings: a stable rule id, a severity (fail or
 * warn), a reason, and the byte span of the candidate it points at.  A
 * candidate with a failing finding is rejected.  The rules, their ids
 * and whether they fail or warn are listed once, in rules.inc.
 *
 * A word is supported when the article has it, or has the lemma it was
 * inflected from ("declares" from "declared"), or it is one of the
 * rewrite words (says, to, is, are, has, ...), or it is the numeral of a
 * number word the article spells out.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


#include "generate.h"

static const char *const rewrite_words[] = {
    "are", "do", "does", "has", "have", "is", "not", "s", "say", "says", "to",
    "will",
};

static bool article_has(const cd_run *run, const char *w)
{
    uint32_t cap = run->wcap;
    if (!cap)
        return false;
    uint32_t h = (uint32_t)cd_hash64(w, strlen(w), 17) & (cap - 1);
    while (run->wset[h]) {
        if (strcmp(run->wset[h], w) == 0)
            return true;
        h = (h + 1) & (cap - 1);
    }
    return false;
}

/* Add `w` to the set (or count it once more); returns its slot. */
static uint32_t set_add(cd_run *run, const char *w, int count)
{
    uint32_t h = (uint32_t)cd_hash64(w, strlen(w), 17) & (run->wcap - 1);
    while (run->wset[h]) {
        if (strcmp(run->wset[h], w) == 0) {
            if (run->wcnt[h] < 65535)
                run->wcnt[h] += (uint16_t)count;
            return h;
        }
        h = (h + 1) & (run->wcap - 1);
    }
    run->wset[h] = w;
    run->wcnt[h] = (uint16_t)count;
    return h;
}

/* The slot of `w` in the set, or -1. */
static long set_slot(const cd_run *run, const char *w)
{
    uint32_t cap = run->wcap;
    if (!cap)
        return -1;
    uint32_t h = (uint32_t)cd_hash64(w, strlen(w), 17) & (cap - 1);
    while (run->wset[h]) {
        if (strcmp(run->wset[h], w) == 0)
            return (long)h;
        h = (h + 1) & (cap - 1);
    }
    return -1;
}

int cd_article_count(const cd_run *run, const char *w)
{
    uint32_t cap = run->wcap;
    if (!cap)
        return 0;
    uint32_t h = (uint32_t)cd_hash64(w, strlen(w), 17) & (cap - 1);
    while (run->wset[h]) {
        if (strcmp(run->wset[h], w) == 0)
            return run->wcnt[h];
        h = (h + 1) & (cap - 1);
    }
    return 0;
}

static uint32_t word_hash(const char *w)
{
    return (uint32_t)cd_hash64(w, strlen(w), 0);
}

/* The capitalised-word index: the tokens after each sentence's first,
 * by their bytes as the article writes them. */
static uint32_t bytes_hash(const char *s, size_t n)
{
    return (uint32_t)cd_hash64(s, n, 23);
}

static bool build_capset(cd_run *run)
{
    uint32_t cap = 64;
    while (cap < (uint32_t)run->ntok * 2 + 64)
        cap *= 2;
    run->capset = cd_arena_alloc(&run->arena, cap * sizeof *run->capset);
    if (!run->capset)
        return false;
    for (uint32_t i = 0; i < cap; i++)
        run->capset[i] = -1;
    run->capcap = cap;
    for (int s = 0; s < run->nsent; s++) {
        const cd_sent *se = &run->sents[s];
        for (int k = se->tok0 + 1; k < se->tok0 + se->ntok; k++) {
            const cd_tok *t = &run->toks[k];
            const char *w = run->text + t->off;
            uint32_t h = bytes_hash(w, t->len) & (cap - 1);
            bool dup = false;
            while (run->capset[h] >= 0 && !dup) {
                const cd_tok *u = &run->toks[run->capset[h]];
                dup = u->len == t->len && memcmp(run->text + u->off, w, t->len) == 0;
                if (!dup)
                    h = (h + 1) & (cap - 1);
            }
            if (!dup)
                run->capset[h] = k;
        }
    }
    return true;
}

/* The sentences of each word and lemma, for the negation check: a list
 * per slot of the word set, by counting sort.  `slot_low` and `slot_lem`
 * hold each token's slots. */
static bool build_postings(cd_run *run, const uint32_t *slot_low, const uint32_t *slot_lem)
{
    uint32_t cap = run->wcap;
    run->post_off = cd_arena_alloc(&run->arena, ((size_t)cap + 1) * sizeof *run->post_off);
    size_t ns = run->nsent > 0 ? (size_t)run->nsent : 1;
    run->neg_hits = cd_arena_alloc(&run->arena, ns * sizeof *run->neg_hits);
    run->neg_last = cd_arena_alloc(&run->arena, ns * sizeof *run->neg_last);
    run->neg_list = cd_arena_alloc(&run->arena, ns * sizeof *run->neg_list);
    if (!run->post_off || !run->neg_hits || !run->neg_last || !run->neg_list)
        return false;
    for (size_t i = 0; i < ns; i++)
        run->neg_last[i] = -1;
    for (int s = 0; s < run->nsent; s++)
        for (int k = run->sents[s].tok0; k < run->sents[s].tok0 + run->sents[s].ntok; k++) {
            run->post_off[slot_low[k] + 1]++;
            if (slot_lem[k] != slot_low[k])
                run->post_off[slot_lem[k] + 1]++;
        }
    for (uint32_t h = 0; h < cap; h++)
        run->post_off[h + 1] += run->post_off[h];
    uint32_t *at = malloc((size_t)cap * sizeof *at);
    run->post_sent = cd_arena_alloc(&run->arena, ((size_t)run->post_off[cap] + 1) *
                                                     sizeof *run->post_sent);
    if (!at || !run->post_sent) {
        free(at);
        return false;
    }
    memcpy(at, run->post_off, (size_t)cap * sizeof *at);
    for (int s = 0; s < run->nsent; s++)
        for (int k = run->sents[s].tok0; k < run->sents[s].tok0 + run->sents[s].ntok; k++) {
            run->post_sent[at[slot_low[k]]++] = s;
            if (slot_lem[k] != slot_low[k])
                run->post_sent[at[slot_lem[k]]++] = s;
        }
    free(at);
    return true;
}

/* The numbers: a set of (value, unit), and the positive values sorted by
 * unit, then value, for the multiplier check. */
static int num_cmp(const void *a, const void *b)
{
    const cd_number *x = *(const cd_number *const *)a, *y = *(const cd_number *const *)b;
    int c = strcmp(x->unit, y->unit);
    if (c)
        return c;
    double u = atof(x->value), v = atof(y->value);
    return u < v ? -1 : u > v;
}

static bool build_numbers(cd_run *run)
{
    uint32_t cap = 16;
    while (cap < (uint32_t)run->nnum * 2 + 16)
        cap *= 2;
    run->numset = cd_arena_alloc(&run->arena, cap * sizeof *run->numset);
    size_t nn = run->nnum > 0 ? (size_t)run->nnum : 1;
    run->numv = cd_arena_alloc(&run->arena, nn * sizeof *run->numv);
    run->numu = cd_arena_alloc(&run->arena, nn * sizeof *run->numu);
    const cd_number **by = malloc(nn * sizeof *by);
    if (!run->numset || !run->numv || !run->numu || !by) {
        free(by);
        return false;
    }
    for (uint32_t i = 0; i < cap; i++)
        run->numset[i] = -1;
    run->numcap = cap;
    int np = 0;
    for (int i = 0; i < run->nnum; i++) {
        const cd_number *x = &run->nums[i];
        uint32_t h = word_hash(x->value) & (cap - 1);
        bool dup = false;
        while (run->numset[h] >= 0 && !dup) {
            const cd_number *y = &run->nums[run->numset[h]];
            dup = !strcmp(y->value, x->value) && !strcmp(y->unit, x->unit);
            if (!dup)
                h = (h + 1) & (cap - 1);
        }
        if (!dup)
            run->numset[h] = i;
        if (atof(x->value) > 0)
            by[np++] = x;
    }
    qsort(by, (size_t)np, sizeof *by, num_cmp);
    for (int i = 0; i < np; i++) {
        run->numv[i] = atof(by[i]->value);
        run->numu[i] = by[i]->unit;
    }
    run->nnumv = np;
    free(by);
    return true;
}

cd_status cd_check_prepare(cd_run *run)
{
    uint32_t cap = 64;
    while (cap < (uint32_t)run->ntok * 4 + 64)
        cap *= 2;
    run->wset = cd_arena_alloc(&run->arena, cap * sizeof *run->wset);
    run->wcnt = cd_arena_alloc(&run->arena, cap * sizeof *run->wcnt);
    run->wpast = cd_arena_alloc(&run->arena, cap * sizeof *run->wpast);
    if (!run->wset || !run->wcnt || !run->wpast)
        return cd_run_fail(run, CD_E_NOMEM, "check", 0, "out of memory");
    run->wcap = cap;
    run->text_lower = cd_arena_strndup(&run->arena, run->text, run->text_len);
    if (!run->text_lower)
        return cd_run_fail(run, CD_E_NOMEM, "check", 0, "out of memory");
    for (char *q = run->text_lower; *q; q++)
        *q = (char)tolower((unsigned char)*q);
    size_t nt = run->ntok > 0 ? (size_t)run->ntok : 1;
    run->tok_hlow = cd_arena_alloc(&run->arena, nt * sizeof *run->tok_hlow);
    run->tok_hlem = cd_arena_alloc(&run->arena, nt * sizeof *run->tok_hlem);
    if (!run->tok_hlow || !run->tok_hlem)
        return cd_run_fail(run, CD_E_NOMEM, "check", 0, "out of memory");
    uint32_t *slots = malloc(2 * nt * sizeof *slots);
    if (!slots)
        return cd_run_fail(run, CD_E_NOMEM, "check", 0, "out of memory");
    for (int k = 0; k < run->ntok; k++) {
        const cd_tok *t = &run->toks[k];
        uint32_t slot = set_add(run, t->lower, 1);
        if (t->pos == P_VBD)
            run->wpast[slot] = 1;
        slots[k] = slots[nt + (size_t)k] = slot;
        if (t->lemma != t->lower)
            slots[nt + (size_t)k] = set_add(run, t->lemma, 0);
        run->tok_hlow[k] = word_hash(t->lower);
        run->tok_hlem[k] = t->lemma == t->lower ? run->tok_hlow[k] : word_hash(t->lemma);
    }
    /* the indexes the checks read instead of scanning the article: built
     * once per article, so a check costs the same on a long one */
    bool ok = build_postings(run, slots, slots + nt);
    free(slots);
    if (!ok || !build_capset(run) || !build_numbers(run))
        return cd_run_fail(run, CD_E_NOMEM, "check", 0, "out of memory");
    return CD_OK;
}

/* The suffix array of the lower-case text, built at the first check that
 * reads it (a run that is a const cd_run to its checks is theirs alone
 * while they run: see "Threads" in copydesk.h).  false when memory ran
 * out: then check_oom is set, and the check fails. */
static bool text_index(const cd_run *crun)
{
    cd_run *run = (cd_run *)crun;
    if (!run->text_sa && !run->check_oom) {
        run->text_sa = cd_sa_build(&run->arena, run->text_lower, run->text_len);
        if (!run->text_sa)
            run->check_oom = true;
    }
    return run->text_sa != NULL;
}

/* Does the lower-case text of the article have `p` (m bytes) at a place
 * where `ok` says yes (NULL: anywhere)?  `ok` gets the offset.  Without
 * the index (out of memory, and the check fails) it says yes, so that no
 * finding is made up. */
static bool text_has(const cd_run *run, const char *p, size_t m,
                     bool (*ok)(const cd_run *, size_t, size_t))
{
    if (!text_index(run))
        return true;
    size_t first;
    size_t n = cd_sa_find(run->text_lower, run->text_len, run->text_sa, p, m, &first);
    if (!ok)
        return n > 0;
    for (size_t i = first; i < first + n; i++)
        if (ok(run, (size_t)run->text_sa[i], m))
            return true;
    return false;
}

/* Is text_lower[off, off + m) a whole word (no letter or digit either
 * side)? */
static bool whole_word_at(const cd_run *run, size_t off, size_t m)
{
    const char *t = run->text_lower;
    return (off == 0 || !isalnum((unsigned char)t[off - 1])) &&
           !isalnum((unsigned char)t[off + m]);
}

static bool is_rewrite(const char *w)
{
    for (size_t i = 0; i < CD_ARRAY_LEN(rewrite_words); i++)
        if (strcmp(rewrite_words[i], w) == 0)
            return true;
    return false;
}

/* ---- Findings ------------------------------------------------------------ */

typedef struct fcol {
    cd_finding *v;
    int n, cap;
    bool oom;         /* a finding was lost for want of memory */
    const int *src;   /* the candidate's source sentences, or NULL: all */
    int nsrc;
    char unit[32];    /* the unit of the candidate's first number, if any */
    const int *map;   /* straightened offset -> original offset */
    const char *orig; /* the candidate as given, orig_len bytes */
    size_t orig_len;
} fcol;

/* The rule table, from rules.inc: R_LEN_WORDS ... and each one's id and
 * severity, so no finding can carry an id the list does not have. */
enum {
#define CD_RULE(name, id, fail, what) R_##name,
#include "rules.inc"
#undef CD_RULE
    R_COUNT
};

static const struct {
    const char *id;
    bool fail;
} rule_table[R_COUNT] = {
#define CD_RULE(name, id, fail, what) {id, fail},
#include "rules.inc"
#undef CD_RULE
};

static void add(fcol *f, int rule, size_t off, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* A UTF-8 continuation byte. */
static bool is_cont(char c)
{
    return ((unsigned char)c & 0xC0) == 0x80;
}

/* Make `s` valid UTF-8 in place: each byte that starts no character
 * becomes '?', and when `cut` (the text was cut to fit), a character cut
 * short at the end goes. */
static void utf8_clean(char *s, bool cut)
{
    size_t n = strlen(s), i = 0;
    while (i < n) {
        size_t j = i;
        uint32_t cp = cd_utf8_next(s, n, &j);
        if (cp == 0xFFFD && j == i + 1) {
            if (cut && n - i < 4) {
                s[i] = 0;
                return;
            }
            s[i] = '?';
        }
        i = j;
    }
}

/* The length of a copy of s[0..n) cut to at most `max` bytes at a
 * character boundary. */
static size_t cut_len(const char *s, size_t n, size_t max)
{
    if (n <= max)
        return n;
    while (max > 0 && is_cont(s[max]))
        max--;
    return max;
}

static void add(fcol *f, int rule, size_t off, size_t len, const char *fmt, ...)
{
    if (f->n == f->cap) {
        int cap = f->cap ? f->cap * 2 : 8;
        cd_finding *v = realloc(f->v, (size_t)cap * sizeof *v);
        if (!v) {
            f->oom = true; /* never a silent pass: the caller fails */
            return;
        }
        f->v = v;
        f->cap = cap;
    }
    cd_finding *x = &f->v[f->n++];
    x->rule = rule_table[rule].id;
    x->fail = rule_table[rule].fail;
    /* spans found in the straightened copy point into the original */
    if (f->map) {
        size_t end = off + len;
        off = (size_t)f->map[off];
        end = (size_t)f->map[end];
        len = end - off;
    }
    /* whole characters: a span that starts or ends inside one takes
     * all of it (the last byte of "\u2026" is not a character) */
    if (f->orig) {
        const char *o = f->orig;
        size_t n = f->orig_len, end = off + len;
        if (end > n)
            end = n;
        if (off > end)
            off = end;
        for (int k = 0; k < 3 && off > 0 && off < n && is_cont(o[off]); k++)
            off--;
        for (int k = 0; k < 3 && end < n && is_cont(o[end]); k++)
            end++;
        len = end - off;
    }
    x->off = off;
    x->len = len;
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(x->reason, sizeof x->reason, fmt, ap);
    va_end(ap);
    utf8_clean(x->reason, w >= (int)sizeof x->reason);
}

/* Copy `s` with curly quotation marks turned back to ASCII; map[i] is the
 * original offset of out[i] (map has room for out's length + 1). */
static size_t straighten(const char *s, size_t n, char *out, size_t cap, int *map)
{
    size_t o = 0, i = 0;
    while (i < n && o + 4 < cap) {
        size_t j = i;
        uint32_t cp = cd_utf8_next(s, n, &j);
        if (cp == 0x2018 || cp == 0x2019 || cp == 0x201C || cp == 0x201D) {
            if (map)
                map[o] = (int)i;
            out[o++] = cp >= 0x201C ? '"' : '\'';
        } else {
            for (size_t k = i; k < j; k++) {
                if (map)
                    map[o] = (int)k;
                out[o++] = s[k];
            }
        }
        i = j;
    }
    if (map)
        map[o] = (int)i;
    out[o] = 0;
    return o;
}

/* ---- Facts: words and numbers --------------------------------------------- */

static const struct { const char *w; double f; } multipliers[] = {
    {"double", 2}, {"doubled", 2}, {"doubles", 2}, {"doubling", 2},
    {"twice", 2}, {"twofold", 2}, {"triple", 3}, {"tripled", 3},
    {"triples", 3}, {"tripling", 3}, {"treble", 3}, {"trebled", 3},
    {"threefold", 3}, {"thrice", 3}, {"quadruple", 4}, {"quadrupled", 4},
    {"quadruples", 4}, {"fourfold", 4}, {"quintuple", 5}, {"quintupled", 5},
    {"quintuples", 5}, {"fivefold", 5}, {"tenfold", 10}, {"halve", 0.5},
    {"halved", 0.5}, {"halves", 0.5}, {"halving", 0.5},
};

static double multiplier(const char *low)
{
    for (size_t i = 0; i < CD_ARRAY_LEN(multipliers); i++)
        if (strcmp(multipliers[i].w, low) == 0)
            return multipliers[i].f;
    return 0;
}

/* Is there a ratio f (within 10%) between two numbers of the article with
 * the same unit?  "quintuple" needs one number five times another. */
static bool ratio_supported(const cd_run *run, double f, const char *unit)
{
    /* the positive numbers, sorted by unit and then value: for each a,
     * the b of its unit near a / f, found by binary search */
    const double *v = run->numv;
    for (int g0 = 0; g0 < run->nnumv;) {
        int g1 = g0 + 1;
        while (g1 < run->nnumv && !strcmp(run->numu[g1], run->numu[g0]))
            g1++;
        /* "triples budget to £4 million": a ratio of £ millions */
        if (unit && unit[0] && strcmp(run->numu[g0], unit) != 0) {
            g0 = g1;
            continue;
        }
        for (int i = g0; i < g1; i++) {
            double a = v[i];
            /* r = a / b in (0.9 f, 1.1 f): b a little either side of
             * (a / 1.1f, a / 0.9f), each one then tested as r itself */
            double lo = a / (f * 1.1) * (1 - 1e-9);
            int x = g0, y = g1;
            while (x < y) {
                int mid = x + (y - x) / 2;
                if (v[mid] < lo)
                    x = mid + 1;
                else
                    y = mid;
            }
            for (int j = x; j < g1 && v[j] <= a / (f * 0.9) * (1 + 1e-9); j++) {
                double r = a / v[j];
                if (j != i && r > f * 0.9 && r < f * 1.1)
                    return true;
            }
        }
        g0 = g1;
    }
    return false;
}

static bool word_ok(const cd_run *run, const char *w, int *rule)
{
    char low[96];
    size_t n = strlen(w);
    if (n == 0 || n >= sizeof low)
        return true;
    bool digit = false, alpha = false;
    for (size_t i = 0; i < n; i++) {
        low[i] = (char)tolower((unsigned char)w[i]);
        if (isdigit((unsigned char)w[i]))
            digit = true;
        if (isalpha((unsigned char)w[i]) || (unsigned char)w[i] >= 0x80)
            alpha = true;
    }
    low[n] = 0;
    if (!digit && !alpha)
        return true;
    if (article_has(run, low))
        return true;
    if (n <= 3 && isalpha((unsigned char)low[0])) {
        /* an initial or abbreviation the article writes with its period */
        char dot[8];
        snprintf(dot, sizeof dot, "%.3s.", low);
        if (article_has(run, dot))
            return true;
    }
    if (digit) {
        int v = atoi(low);
        char num[16];
        if (v >= 2 && v <= 20 && (size_t)snprintf(num, sizeof num, "%d", v) == n &&
            article_has(run, cd_number_name(v)))
            return true;
        *rule = R_FACT_NUMBER;
        return false;
    }
    if (is_rewrite(low))
        return true;
    const char *lemma = cd_lemma_verb(run->model, low);
    if (lemma && article_has(run, lemma))
        return true;
    if (multiplier(low) > 0) {
        *rule = R_FACT_MULTIPLIER;
        return false;
    }
    if (strpbrk(low, ".:/")) {
        /* "Paypal.com", "CSI:NY": the article has the parts */
        bool all = true;
        char part[96];
        const char *p = low;
        while (*p) {
            size_t pl = strcspn(p, ".:/");
            if (pl && pl < sizeof part) {
                memcpy(part, p, pl);
                part[pl] = 0;
                if (!article_has(run, part))
                    all = false;
            }
            p += pl;
            if (*p)
                p++;
        }
        if (all)
            return true;
    }
    /* the word as the article writes it, whatever the tokenizer made of
     * it ("amazon.co.uk", "@uber_sydney", "l'être") */
    if (text_has(run, low, n, whole_word_at))
        return true;
    if (isupper((unsigned char)w[0])) {
        /* "European-led": each capitalised part on its own */
        if (strchr(low, '-')) {
            bool all = true;
            char part[96];
            const char *p = w;
            while (*p) {
                size_t pl = strcspn(p, "-");
                if (pl && pl < sizeof part && isupper((unsigned char)p[0])) {
                    memcpy(part, p, pl);
                    part[pl] = 0;
                    int r2;
                    if (!word_ok(run, part, &r2))
                        all = false;
                }
                p += pl;
                if (*p == '-')
                    p++;
            }
            if (all)
                return true;
        }
        /* "Europe" for "European", "Americans" for "America": a name the
         * article has in another form */
        if (n >= 4)
            for (int k = 0; k < run->ntok; k++) {
                const cd_tok *t = &run->toks[k];
                if (!(t->flags & TF_CAP) || t->len < 4)
                    continue;
                size_t m = t->len < n ? t->len : n;
                if (m >= 4 && m + 3 >= (t->len > n ? t->len : n) &&
                    strncmp(t->lower, low, m) == 0)
                    return true;
            }
        *rule = R_FACT_NAME;
        return false;
    }
    *rule = R_FACT_WORD;
    return false;
}

/* Does the article have number `value` with `unit` ("" matches any)? */
static bool article_number(const cd_run *run, const char *value, const char *unit)
{
    uint32_t cap = run->numcap;
    if (!cap)
        return false;
    uint32_t h = word_hash(value) & (cap - 1);
    for (; run->numset[h] >= 0; h = (h + 1) & (cap - 1)) {
        const cd_number *x = &run->nums[run->numset[h]];
        if (strcmp(x->value, value) == 0 && (!unit[0] || strcmp(x->unit, unit) == 0))
            return true;
    }
    return false;
}

/* Numbers with units: a candidate's "5%" must be one of the article's
 * "5%"s, not its "5 million" (number words were checked already). */
static void check_units(const cd_run *run, const char *buf, size_t n, fcol *fc)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && buf[i] == ' ')
            i++;
        size_t j = i;
        while (j < n && buf[j] != ' ')
            j++;
        size_t a = i, b = j;
        const char *unit = "";
        while (a < b && strchr("\"'([", buf[a]))
            a++;
        size_t start = a;
        if (a < b && buf[a] == '$') {
            unit = "$";
            a++;
        } else if (b - a >= 2 && memcmp(buf + a, "\xC2\xA3", 2) == 0) {
            unit = "\xC2\xA3";
            a += 2;
        } else if (b - a >= 3 && memcmp(buf + a, "\xE2\x82\xAC", 3) == 0) {
            unit = "\xE2\x82\xAC";
            a += 3;
        }
        if (a < b && isdigit((unsigned char)buf[a])) {
            char v[64];
            cd_number_value(buf + a, b - a, v, sizeof v);
            size_t d = a;
            while (d < b && (isdigit((unsigned char)buf[d]) || buf[d] == '.' ||
                             buf[d] == ','))
                d++;
            char suf[16];
            size_t sl = 0;
            while (d < b && sl + 1 < sizeof suf && isalpha((unsigned char)buf[d]))
                suf[sl++] = (char)tolower((unsigned char)buf[d++]);
            suf[sl] = 0;
            const char *mag = NULL;
            if (d < b && buf[d] == '%')
                mag = "%";
            else if (sl)
                mag = cd_unit_word(suf);
            if (!mag && !sl && j < n) {
                char nw[32];
                size_t k = j + 1, wl = 0;
                while (k < n && buf[k] != ' ' && wl + 1 < sizeof nw &&
                       isalpha((unsigned char)buf[k]))
                    nw[wl++] = (char)tolower((unsigned char)buf[k++]);
                nw[wl] = 0;
                mag = wl ? cd_unit_word(nw) : NULL;
                if (!mag && !strcmp(nw, "per") && k + 1 < n &&
                    strncasecmp(buf + k + 1, "cent", 4) == 0)
                    mag = "%";
            }
            if (mag && !strcmp(mag, "cent"))
                mag = "%";
            if (mag && !strcmp(mag, "m") && !unit[0])
                mag = NULL;
            char ubuf[32];
            snprintf(ubuf, sizeof ubuf, "%s%s", unit, mag ? mag : "");
            if (!fc->unit[0] && ubuf[0])
                snprintf(fc->unit, sizeof fc->unit, "%s", ubuf);
            int iv = atoi(v);
            bool spelt = !strchr(v, '.') && iv >= 2 && iv <= 20 &&
                         article_has(run, cd_number_name(iv));
            size_t end = b;
            while (end > start && strchr(",.;:)'\"", buf[end - 1]))
                end--;
            /* a decimal comma ("1,3%") is not a thousands separator: the
             * article's tokens hold its parts */
            bool decimal_comma = false;
            for (size_t z = a; z < d; z++)
                if (buf[z] == ',') {
                    size_t digs = 0;
                    while (z + 1 + digs < d && isdigit((unsigned char)buf[z + 1 + digs]))
                        digs++;
                    if (digs != 3)
                        decimal_comma = true;
                }
            if (decimal_comma) {
                char last[32];
                const char *lc = NULL;
                for (size_t z = a; z < d; z++)
                    if (buf[z] == ',')
                        lc = buf + z;
                size_t ll = lc ? (size_t)(buf + d - lc - 1) : 0;
                snprintf(last, sizeof last, "%.*s", (int)ll, lc ? lc + 1 : "");
                if (article_number(run, last, ubuf) || article_number(run, last, ""))
                    spelt = true;
            }
            if (v[0] && !spelt && !article_number(run, v, ubuf)) {
                if (article_number(run, v, ""))
                    add(fc, R_FACT_NUMBER_UNIT, start, end - start,
                        "the article has %s, but not as %s", v, ubuf);
                else
                    add(fc, R_FACT_NUMBER, start, end - start,
                        "the article has no number %s", v);
            }
        }
        i = j;
    }
}

/* ---- Facts: quotations and speakers ----------------------------------------- */

/* Do the article's quotations that contain `inner` (lower case) have a
 * speaker, and does `who` name one of them?  Returns -1 when no quotation
 * with a speaker has the words, 1 when `who` names a speaker, else the
 * negated index + 2 of the first speaker (for the message). */
static bool names_entity(const cd_run *run, int e, const char *name);

/* The quotation whose words hold text[off, off + m), or -1.  Quotations
 * come in text order and do not overlap. */
static int quote_at(const cd_run *run, size_t off, size_t m)
{
    int lo = 0, hi = run->nquote;
    while (lo < hi) { /* the first quotation starting after off */
        int mid = lo + (hi - lo) / 2;
        if (run->toks[run->quotes[mid].tok0].off <= off)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return -1;
    const cd_quote *qt = &run->quotes[lo - 1];
    if (qt->ntok <= 0)
        return -1;
    const cd_tok *last = &run->toks[qt->tok0 + qt->ntok - 1];
    return off + m <= (size_t)last->off + last->len ? lo - 1 : -1;
}

static int quote_speaker(const cd_run *run, const char *inner, const char *who)
{
    /* every place the article has the words, by the index: the ones
     * inside a quotation with a speaker */
    if (!text_index(run))
        return -1;
    size_t m = strlen(inner), first;
    size_t n = cd_sa_find(run->text_lower, run->text_len, run->text_sa, inner, m, &first);
    int firstq = -1;
    for (size_t i = first; i < first + n; i++) {
        int q = quote_at(run, (size_t)run->text_sa[i], m);
        if (q < 0 || run->quotes[q].speaker < 0)
            continue;
        if (names_entity(run, run->quotes[q].speaker, who))
            return -2;
        if (firstq < 0 || q < firstq)
            firstq = q;
    }
    return firstq < 0 ? -1 : run->quotes[firstq].speaker;
}

/* Does `name` (as written in the candidate) name entity e? */
static bool names_entity(const cd_run *run, int e, const char *name)
{
    const cd_entity *en = &run->ents[e];
    if (!strcasecmp(name, en->name) || !strcasecmp(name, en->short_name))
        return true;
    for (int a = 0; a < en->naliases; a++)
        if (!strcasecmp(name, en->aliases[a]))
            return true;
    /* "Pete Hegseth" in "US Secretary of Defense Pete Hegseth", "Prime
     * Minister Tony Blair" for "Tony Blair": the surname as a word */
    size_t sl = strlen(en->short_name);
    for (const char *p = name; (p = strstr(p, en->short_name)) != NULL; p++)
        if ((p == name || p[-1] == ' ') && (p[sl] == 0 || p[sl] == ' ' || p[sl] == '\''))
            return true;
    return false;
}

static void check_quotes(const cd_run *run, const char *buf, size_t n, fcol *fc)
{
    for (size_t i = 0; i < n; i++) {
        char q = buf[i];
        if (q != '"' && q != '\'')
            continue;
        bool opens = (i == 0 || buf[i - 1] == ' ' || buf[i - 1] == '(') &&
                     i + 1 < n && buf[i + 1] != ' ';
        if (!opens)
            continue;
        size_t j = i + 1;
        for (; j < n; j++)
            if (buf[j] == q && (j + 1 == n || !isalnum((unsigned char)buf[j + 1])))
                break;
        if (j >= n)
            continue;
        char inner[1024];
        size_t m = j - i - 1;
        if (m == 0 || m >= sizeof inner) {
            i = j;
            continue;
        }
        memcpy(inner, buf + i + 1, m);
        inner[m] = 0;
        /* punctuation a headline drops at the edges */
        while (m && (inner[m - 1] == ',' || inner[m - 1] == '.' || inner[m - 1] == ' '))
            inner[--m] = 0;
        /* title case capitalises quoted words too: compare in lower case */
        for (size_t z = 0; z < m; z++)
            inner[z] = (char)tolower((unsigned char)inner[z]);
        if (!text_has(run, inner, m, NULL)) {
            add(fc, R_FACT_QUOTE, i, j + 1 - i,
                "these words are not verbatim in the article");
        } else {
            /* who is said to say it: "Name: '...'" or "... says Name" */
            char who[128] = "";
            if (i >= 3 && buf[i - 1] == ' ' && buf[i - 2] == ':') {
                /* a headline's "Name: 'quote'" (a short name, no verb) */
                size_t e = i - 2, s0 = e;
                while (s0 > 0 && buf[s0 - 1] != ':' && buf[s0 - 1] != ',' &&
                       buf[s0 - 1] != '.')
                    s0--;
                snprintf(who, sizeof who, "%.*s",
                         (int)cut_len(buf + s0, e - s0, sizeof who - 1), buf + s0);
                if (cd_words(who) > 4 || strstr(who, " said") || strstr(who, " says") ||
                    strstr(who, " told") || strstr(who, " added"))
                    who[0] = 0;
                /* a name: every word capitalised ("But the FA confirmed"
                 * and "His sales pitch adds" are sentences, not names) */
                for (const char *w0 = who; *w0; w0++)
                    if ((w0 == who || w0[-1] == ' ') && *w0 != ' ' &&
                        !isupper((unsigned char)*w0) && strncmp(w0, "of ", 3) &&
                        strncmp(w0, "de ", 3)) {
                        who[0] = 0;
                        break;
                    }
            } else {
                const char *says = strstr(buf + j, " says ");
                if (says) {
                    const char *w0 = says + 6;
                    size_t wl = strcspn(w0, ",.;:'\"");
                    snprintf(who, sizeof who, "%.*s", (int)cut_len(w0, wl, sizeof who - 1),
                             w0);
                }
            }
            char *tw = who;
            while (*tw == ' ')
                tw++;
            size_t tl = strlen(tw);
            while (tl && tw[tl - 1] == ' ')
                tw[--tl] = 0;
            /* a name: capitalised, as a headline's speaker is */
            int sp = tl && isupper((unsigned char)tw[0]) ? quote_speaker(run, inner, tw) : -1;
            if (sp >= 0)
                add(fc, R_FACT_QUOTE_SPEAKER, i, j + 1 - i,
                    "the article gives these words to %s, not %s",
                    run->ents[sp].name, tw);
        }
        i = j;
    }
}

/* ---- Facts: negation ------------------------------------------------------- */

static bool negator(const char *w)
{
    if (w[0] != 'n' && w[0] != 'w')
        return false; /* the common case, cheaply */
    if (!strcmp(w, "n't"))
        return true;
    /* not "nothing" or "nobody": they are subjects and objects more often
     * than they negate a predicate ("doing nothing is not an option") */
    return !strcmp(w, "not") || !strcmp(w, "no") || !strcmp(w, "never") ||
           !strcmp(w, "n't") || !strcmp(w, "without") || !strcmp(w, "neither") ||
           !strcmp(w, "nor");
}

static int int_cmp(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

/* Whether `word` (lower case) is a word of `name`: "van" or "hoof" of
 * "van Hoof". */
static bool name_has_word(const char *name, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = name; *p;) {
        size_t m = strcspn(p, " ");
        if (m == n && !strncasecmp(p, word, n))
            return true;
        p += m;
        while (*p == ' ')
            p++;
    }
    return false;
}

/* Whether token k is a "he" or "she" that stands for the person whose
 * surname is `word` (lower case): "Woolf says he had not been involved"
 * rests on "He said he had not been involved". */
static bool pronoun_for(const cd_run *run, int k, const char *word)
{
    const char *w = run->toks[k].lower;
    if (strcmp(w, "he") != 0 && strcmp(w, "she") != 0)
        return false;
    int e = cd_pronoun_person(run, k);
    return e >= 0 && name_has_word(run->ents[e].short_name, word);
}

/* The sentences in which the candidate's content words (counted with
 * repeats, as check_negation counts them) make 60% of them, in order,
 * into run->neg_list; returns how many. */
static int close_sentences(const cd_run *run, char words[][32], const bool *stop, int nw,
                           int content)
{
    int32_t *hits = run->neg_hits, *last = run->neg_last, *list = run->neg_list;
    int nt = 0;
    for (int w = 0; w < nw; w++) {
        if (stop[w])
            continue;
        long slot = set_slot(run, words[w]);
        if (slot < 0)
            continue;
        for (uint32_t p = run->post_off[slot]; p < run->post_off[slot + 1]; p++) {
            int s = run->post_sent[p];
            if (last[s] == w)
                continue; /* this word is in this sentence once more */
            last[s] = w;
            if (hits[s]++ == 0)
                list[nt++] = s;
        }
    }
    /* a surname the article has as "he" or "she" in a sentence counts
     * there too */
    for (int w = 0; w < nw; w++) {
        bool surname = false;
        for (int e = 0; e < run->nent && !stop[w] && !surname; e++)
            surname = run->ents[e].person && name_has_word(run->ents[e].short_name, words[w]);
        if (!surname)
            continue;
        for (int s = 0, k = 0; s < run->nsent; s++)
            for (k = run->sents[s].tok0; k < run->sents[s].tok0 + run->sents[s].ntok; k++)
                if (last[s] != w && pronoun_for(run, k, words[w])) {
                    last[s] = w;
                    if (hits[s]++ == 0)
                        list[nt++] = s;
                }
    }
    int n = 0;
    for (int i = 0; i < nt; i++) {
        int s = list[i];
        if (hits[s] * 10 >= content * 6)
            list[n++] = s;
        hits[s] = 0;
        last[s] = -1;
    }
    qsort(list, (size_t)n, sizeof *list, int_cmp);
    return n;
}

/* The candidate's closest article sentence must agree on negation:
 * "Minister backs plan" from "The minister did not back the plan" fails. */
static void check_negation(const cd_run *run, const char *buf, size_t n, fcol *fc,
                           size_t base)
{
    char words[64][32];
    size_t woff[64], wlen[64];
    int nw = 0;
    bool neg = false;
    size_t neg_at = 0, neg_len = 0;
    for (size_t i = 0; i < n && nw < 64;) {
        while (i < n && !isalnum((unsigned char)buf[i]) && (unsigned char)buf[i] < 0x80 &&
               buf[i] != '\'')
            i++;
        size_t j = i;
        while (j < n && (isalnum((unsigned char)buf[j]) ||
                         ((unsigned char)buf[j] >= 0x80 &&
                          !(j + 2 < n && (unsigned char)buf[j] == 0xE2 &&
                            (unsigned char)buf[j + 1] == 0x80)) ||
                         ((buf[j] == '\'' || buf[j] == '-') && j + 1 < n &&
                          isalpha((unsigned char)buf[j + 1]))))
            j++; /* "no-one" and "no-frills" are words; a dash separates */
        if (j == i) {
            i++;
            continue;
        }
        size_t i0 = i;
        while (i0 < j && buf[i0] == '\'')
            i0++; /* 'not enough' */
        size_t l = j - i0 < 31 ? j - i0 : 31;
        for (size_t k = 0; k < l; k++)
            words[nw][k] = (char)tolower((unsigned char)buf[i0 + k]);
        words[nw][l] = 0;
        if (l > 3 && !strcmp(words[nw] + l - 3, "n't")) {
            neg = true;
            neg_at = i;
            neg_len = j - i;
            words[nw][l - 3] = 0; /* "don't" matches as "do" */
        }
        if (!strcmp(words[nw], "cannot")) {
            neg = true; /* the article has it as "can" "not", as the */
            neg_at = i; /* treebanks do */
            neg_len = j - i;
            words[nw][3] = 0;
        }
        /* "No 10" is an address, not a negation */
        bool address = !strcmp(words[nw], "no") && isupper((unsigned char)buf[i0]) &&
                       j + 1 < n && isdigit((unsigned char)buf[j + 1]);
        if (negator(words[nw]) && !address) {
            neg = true;
            neg_at = i;
            neg_len = j - i;
        }
        woff[nw] = i;
        wlen[nw] = j - i;
        nw++;
        i = j;
    }
    /* the sentences that share most of the candidate's content words */
    int content = 0;
    bool stop[64];
    uint32_t wh[64];
    for (int w = 0; w < nw; w++) {
        stop[w] = cd_is_stopword(words[w]);
        content += !stop[w];
        wh[w] = word_hash(words[w]);
    }
    if (content < 3)
        return;
    bool any_close = false, agrees = false;
    int flagged = -1;
    /* every sentence: those the index says share enough words, in order */
    int nscan = fc->src ? fc->nsrc : close_sentences(run, words, stop, nw, content);
    for (int si = 0; si < nscan && !agrees; si++) {
        int s = fc->src ? fc->src[si] : run->neg_list[si];
        if (s < 0 || s >= run->nsent)
            continue;
        const cd_sent *se = &run->sents[s];
        int hits = 0, lo = -1, hi = -1;
        for (int w = 0; w < nw; w++) {
            if (stop[w])
                continue;
            for (int k = se->tok0; k < se->tok0 + se->ntok; k++)
                if ((run->tok_hlow[k] == wh[w] && !strcmp(run->toks[k].lower, words[w])) ||
                    (run->tok_hlem[k] == wh[w] && !strcmp(run->toks[k].lemma, words[w])) ||
                    pronoun_for(run, k, words[w])) {
                    hits++;
                    if (lo < 0 || k < lo)
                        lo = k;
                    if (k > hi)
                        hi = k;
                    break;
                }
        }
        if (hits * 10 < content * 6)
            continue;
        any_close = true;
        /* a negation covers the candidate when a word the candidate shares
         * follows it closely ("did not back" - "backs") */
        bool sneg = false, sneg_any = false;
        for (int k = se->tok0; k < se->tok0 + se->ntok; k++) {
            if (!negator(run->toks[k].lower))
                continue;
            /* "No 10 was similarly cautious": an address */
            if (!strcmp(run->toks[k].lower, "no") && (run->toks[k].flags & TF_CAP) &&
                k + 1 < se->tok0 + se->ntok && (run->toks[k + 1].flags & TF_DIGIT))
                continue;
            /* "If the offer does not go ahead, lawsuits could follow": a
             * negation inside a subordinate clause is not the claim's */
            bool sub = false;
            for (int z = k - 1; z >= se->tok0 && !cd_tok_is(run, z, ","); z--) {
                static const char *const subs[] = {"if", "unless", "when", "although",
                                                   "though", "whether", "while",
                                                   "because", "whereas", "who",
                                                   "which", "whose"};
                for (size_t q = 0; q < CD_ARRAY_LEN(subs); q++)
                    if (cd_tok_is(run, z, subs[q]))
                        sub = true;
            }
            sneg_any = true; /* any negation agrees with a negated candidate */
            if (sub)
                continue;
            if (k < lo - 3 || k > hi)
                continue;
            for (int z = k + 1; z <= k + 3 && z < se->tok0 + se->ntok; z++) {
                /* "did not back", "not guilty", "not an option": a verb,
                 * an adjective or a determined noun, not the noun of "not
                 * charter operators" */
                int zp = run->toks[z].pos;
                bool det_noun = (zp == P_NN || zp == P_NNS) && z >= k + 2 &&
                                run->toks[z - 1].pos == P_DT;
                if (!((zp >= P_VB && zp <= P_VBZ) || zp == P_JJ || zp == P_JJR ||
                      zp == P_RB || det_noun))
                    continue;
                /* only the word's first use in the sentence: "played
                 * extremely well ... but not so well" negates the second */
                bool first_use = true;
                for (int y = se->tok0; y < z && first_use; y++)
                    if (!strcmp(run->toks[y].lemma, run->toks[z].lemma))
                        first_use = false;
                if (!first_use)
                    continue;
                for (int w = 0; w < nw; w++) {
                    if (stop[w])
                        continue;
                    const char *lw = cd_lemma_verb(run->model, words[w]);
                    if (!strcmp(run->toks[z].lower, words[w]) ||
                        !strcmp(run->toks[z].lemma, words[w]) ||
                        (lw && !strcmp(run->toks[z].lemma, lw)))
                        sneg = true;
                }
            }
        }
        /* the candidate agrees with one close sentence: no flip */
        if (neg ? sneg_any : !sneg)
            agrees = true;
        else if (flagged < 0)
            flagged = s;
    }
    /* not settled by the candidate's own sources: ask every sentence */
    if (!agrees && fc->src) {
        const int *src = fc->src;
        int nsrc = fc->nsrc;
        fc->src = NULL;
        check_negation(run, buf, n, fc, base);
        fc->src = src;
        fc->nsrc = nsrc;
        return;
    }
    if (!any_close || agrees)
        return;
    if (neg)
        add(fc, R_FACT_NEGATION, base + neg_at, neg_len,
            "negates sentence %d, which does not", flagged);
    else
        add(fc, R_FACT_NEGATION, base + woff[0],
            woff[nw - 1] + wlen[nw - 1] - woff[0],
            "drops the negation of sentence %d", flagged);
}

/* ---- Style -------------------------------------------------------------- */

/* Quotation marks must pair up.  An opening single mark follows a space
 * or the start and precedes a word; a closing one ends a word; anything
 * else is an apostrophe ("Ukraine's", "allies' spending"). */
static bool quotes_balanced(const char *buf, size_t n)
{
    bool open = false;
    int dq = 0;
    for (size_t i = 0; i < n; i++) {
        if (buf[i] == '"') {
            dq++;
            continue;
        }
        if (buf[i] != '\'')
            continue;
        bool before_space = i == 0 || buf[i - 1] == ' ' || buf[i - 1] == '(';
        bool after_word = i + 1 < n && buf[i + 1] != ' ';
        bool ends = i + 1 == n || buf[i + 1] == ' ' || ispunct((unsigned char)buf[i + 1]);
        if (!open && before_space && after_word)
            open = true;
        else if (open && ends && i > 0 && buf[i - 1] != ' ')
            open = false;
    }
    return !open && dq % 2 == 0;
}

/* Was lower-case word w tagged as a past-tense verb in the article? */
static bool past_in_article(const cd_run *run, const char *w)
{
    long slot = set_slot(run, w);
    return slot >= 0 && run->wpast[slot];
}

/* Does the article capitalise this word inside a sentence? */
static bool capitalised_in_article(const cd_run *run, const char *w, size_t n)
{
    uint32_t cap = run->capcap;
    if (!cap)
        return false;
    uint32_t h = bytes_hash(w, n) & (cap - 1);
    while (run->capset[h] >= 0) {
        const cd_tok *t = &run->toks[run->capset[h]];
        if (t->len == n && memcmp(run->text + t->off, w, n) == 0)
            return true;
        h = (h + 1) & (cap - 1);
    }
    return false;
}

static const char *const small_words[] = {
    "a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of",
    "off", "on", "or", "per", "so", "the", "to", "up", "via", "yet",
};

static bool small_word(const char *w, size_t n)
{
    for (size_t i = 0; i < CD_ARRAY_LEN(small_words); i++)
        if (strlen(small_words[i]) == n && strncasecmp(small_words[i], w, n) == 0)
            return true;
    return false;
}

/* The first and the last word of buf[0..n): bytes [*a, *b) with the
 * quotation marks, brackets and final punctuation around it left out,
 * lower-cased into w (cap bytes).  *after is the first byte past it. */
static void edge_word(const char *buf, size_t n, bool last, size_t *a, size_t *b,
                      char *w, size_t cap)
{
    size_t i = 0, j = n;
    if (last) {
        while (j > 0 && strchr(".!?\"')", buf[j - 1]))
            j--;
        i = j;
        while (i > 0 && buf[i - 1] != ' ')
            i--;
    } else {
        j = 0;
        while (j < n && buf[j] != ' ')
            j++;
        while (i < j && strchr("\"'(", buf[i]))
            i++;
    }
    size_t e = j;
    while (e > i && strchr("\"'),.:;!?", buf[e - 1]))
        e--;
    size_t k = 0;
    for (size_t x = i; x < e && k + 1 < cap; x++)
        w[k++] = (char)tolower((unsigned char)buf[x]);
    w[k] = 0;
    *a = i;
    *b = e;
}

static bool in_words(const char *w, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(w, list[i]) == 0)
            return true;
    return false;
}

/* The well-formedness gate's lexical rules (issue 15): an opening that
 * points back, an ending that leaves a phrase open, page furniture. */
/* The text ends inside a quotation: its last mark is a closing one. */
static bool quoted_end(const char *buf, size_t n)
{
    while (n > 0 && strchr(".!? ", buf[n - 1]))
        n--;
    return n > 0 && (buf[n - 1] == '"' || buf[n - 1] == '\'');
}

/* Whether buf[0, end) holds a negation: the words "not", "never" and
 * "nor", or a word ending in "n't" (straight or curly apostrophe). */
static bool negated_before(const char *buf, size_t end)
{
    static const char *const word[] = {"not", "never", "nor"};
    static const char *const tail[] = {"n't", "n\xe2\x80\x99t"};
    for (size_t i = 0; i < end; i++) {
        bool start = i == 0 || !isalpha((unsigned char)buf[i - 1]);
        for (size_t k = 0; k < CD_ARRAY_LEN(word) + CD_ARRAY_LEN(tail); k++) {
            bool is_tail = k >= CD_ARRAY_LEN(word);
            const char *w = is_tail ? tail[k - CD_ARRAY_LEN(word)] : word[k];
            size_t m = strlen(w);
            if ((!is_tail && !start) || i + m > end || strncasecmp(buf + i, w, m) != 0)
                continue;
            if (i + m == end || !isalpha((unsigned char)buf[i + m]))
                return true;
        }
    }
    return false;
}

/* Whether the word before buf[a] is a preposition that the article
 * follows with w, a participle, and then more of the same phrase, and
 * never ends a sentence on the pair.  (Not an adjective: its tag is too
 * often a noun's, "over broadband networks", "in early May".) */
static bool cut_before_noun(const cd_run *run, const char *buf, size_t a, const char *w)
{
    static const char *const prep[] = {
        "with", "of", "to", "from", "by", "into", "at", "on", "in", "about",
        "over", "under", "without", "after", "before",
    };
    size_t j = a;
    while (j > 0 && buf[j - 1] == ' ')
        j--;
    size_t i = j;
    while (i > 0 && buf[i - 1] != ' ')
        i--;
    char pw[16];
    if (j - i == 0 || j - i >= sizeof pw)
        return false;
    for (size_t x = i; x < j; x++)
        pw[x - i] = (char)tolower((unsigned char)buf[x]);
    pw[j - i] = 0;
    if (!in_words(pw, prep, CD_ARRAY_LEN(prep)))
        return false;
    bool goes_on = false;
    for (int s = 0; s < run->nsent; s++) {
        const cd_sent *se = &run->sents[s];
        int end = se->tok0 + se->ntok;
        for (int k = se->tok0; k + 1 < end; k++) {
            const cd_tok *q = &run->toks[k + 1];
            if (strcmp(run->toks[k].lower, pw) || strcmp(q->lower, w) || q->pos != P_VBN)
                continue;
            int m = k + 2;
            while (m < end && run->toks[m].pos == P_PUNCT &&
                   strcmp(run->toks[m].lower, ".") && strcmp(run->toks[m].lower, "?") &&
                   strcmp(run->toks[m].lower, "!"))
                m++;
            if (m >= end || run->toks[m].pos == P_PUNCT)
                return false; /* the article ends a sentence so */
            goes_on = true;
        }
    }
    return goes_on;
}

/* Whether the word w (lower case), or it with or without a plural
 * "s", stands in buf before position end: "No generation is perfect ...
 * It's not surprising how often this generation ..." has what "this
 * generation" points at. */
static bool said_before(const char *buf, size_t end, const char *w)
{
    size_t wl = strlen(w);
    for (size_t i = 0; i < end;) {
        while (i < end && !isalpha((unsigned char)buf[i]))
            i++;
        size_t e = i;
        while (e < end && isalpha((unsigned char)buf[e]))
            e++;
        size_t l = e - i;
        bool same = l == wl || (l == wl + 1 && tolower((unsigned char)buf[e - 1]) == 's') ||
                    (l + 1 == wl && w[wl - 1] == 's');
        size_t m = l < wl ? l : wl;
        for (size_t k = 0; k < m && same; k++)
            same = tolower((unsigned char)buf[i + k]) == w[k];
        if (same && l > 0)
            return true;
        i = e;
    }
    return false;
}

static void check_form(const cd_run *run, const char *buf, size_t n, fcol *fc)
{
    size_t a, b;
    char w[64];
    /* A quotation opens with the speaker's words, which stand alone;
     * an essay in the first person may open with "We". */
    edge_word(buf, n, false, &a, &b, w, sizeof w);
    static const char *const back[] = {
        "he", "she", "it", "they", "them", "him", "his", "her", "its", "their",
        "this", "these", "that", "those", "but", "however", "also", "and",
        "meanwhile", "moreover", "furthermore", "nevertheless", "nonetheless",
        "instead", "still", "yet", "thus", "hence", "besides", "likewise",
        "it's", "they're", "he's", "she's", "there", "other",
    };
    /* "There is ...", and "It" before a verb that takes an extraposed
     * subject ("It took 15 days to ...", "It is unclear whether ..."),
     * open whole clauses */
    char nw[16] = "";
    size_t q = b;
    while (q < n && (buf[q] == ' ' || buf[q] == '\''))
        q++;
    for (size_t k = 0; q + k < n && buf[q + k] != ' ' && k + 1 < sizeof nw; k++) {
        nw[k] = (char)tolower((unsigned char)buf[q + k]);
        nw[k + 1] = 0;
    }
    static const char *const dummy[] = {
        "is", "was", "has", "had", "will", "would", "may", "might", "could", "seems",
        "seemed", "appears", "appeared", "took", "takes", "remains", "remained",
        "s",
    };
    /* ("It has emerged that ...", not "It has an option for ...") */
    char nw2[16] = "";
    size_t q2 = q;
    while (q2 < n && buf[q2] != ' ')
        q2++;
    while (q2 < n && buf[q2] == ' ')
        q2++;
    for (size_t k = 0; q2 + k < n && isalpha((unsigned char)buf[q2 + k]) && k + 1 < sizeof nw2;
         k++) {
        nw2[k] = (char)tolower((unsigned char)buf[q2 + k]);
        nw2[k + 1] = 0;
    }
    static const char *const perfect[] = {"been", "emerged", "become", "taken"};
    bool have = !strcmp(nw, "has") || !strcmp(nw, "had");
    bool expletive = (strcmp(w, "there") == 0 && b < n) ||
                     ((strcmp(w, "it") == 0 || strcmp(w, "it's") == 0) &&
                      (strcmp(w, "it's") == 0 ||
                       (in_words(nw, dummy, CD_ARRAY_LEN(dummy)) &&
                        (!have || in_words(nw2, perfect, CD_ARRAY_LEN(perfect))))));
    if (n && buf[0] != '"' && buf[0] != '\'' && in_words(w, back, CD_ARRAY_LEN(back)) &&
        !expletive)
        add(fc, R_STYLE_OPENING, a, b - a,
            "'%s' needs what came before it: name who or what it is", w);
    /* A demonstrative phrase anywhere outside quotation marks: "this
     * position" points at a sentence the reader does not have. */
    bool inq = false;
    for (size_t i = 0; i < n;) {
        while (i < n && buf[i] == ' ')
            i++;
        size_t e = i;
        while (e < n && buf[e] != ' ')
            e++;
        if (e == i)
            break;
        if (buf[i] == '"' || buf[i] == '\'')
            inq = !inq;
        char d[16], nx[24];
        size_t dl = 0;
        for (size_t x = i; x < e && dl + 1 < sizeof d; x++)
            if (isalpha((unsigned char)buf[x]))
                d[dl++] = (char)tolower((unsigned char)buf[x]);
        d[dl] = 0;
        bool closes = e > i && (buf[e - 1] == '"' || buf[e - 1] == '\'' ||
                                (e - i > 1 && buf[e - 2] == '\'' && strchr(",.", buf[e - 1])));
        size_t f = e;
        while (f < n && buf[f] == ' ')
            f++;
        size_t fl = 0;
        for (size_t x = f; x < n && buf[x] != ' ' && fl + 1 < sizeof nx; x++)
            if (isalpha((unsigned char)buf[x]))
                nx[fl++] = (char)tolower((unsigned char)buf[x]);
        nx[fl] = 0;
        static const char *const times[] = {
            "week", "weekend", "year", "month", "season", "summer", "winter", "spring",
            "autumn", "fall", "morning", "afternoon", "evening", "time", "century",
            "decade", "term", "quarter", "days", "weeks", "months", "years",
        };
        if (!inq && i > 0 && fl && e - i == dl &&
            (strcmp(d, "this") == 0 || strcmp(d, "these") == 0 || strcmp(d, "those") == 0) &&
            !in_words(nx, times, CD_ARRAY_LEN(times)) && !cd_is_stopword(nx) &&
            !cd_is_month(nx) && !cd_is_weekday(nx) && !said_before(buf, i, nx))
            add(fc, R_STYLE_REFERENCE, i, f + fl - i,
                "'%s %s' points at what the reader does not have", d, nx);
        if (closes && inq && e > i + 1)
            inq = false;
        i = e;
    }
    /* The last word: what is always followed by more.  Particles that end
     * phrasal verbs ("up", "out", "off", "on", "over", ...) may end. */
    size_t j = n;
    while (j > 0 && strchr(".!?\"')", buf[j - 1]))
        j--;
    if (j > 0 && strchr(",:;-(", buf[j - 1])) {
        add(fc, R_STYLE_DANGLING, j - 1, 1, "it ends on '%c', with nothing after", buf[j - 1]);
        return;
    }
    edge_word(buf, n, true, &a, &b, w, sizeof w);
    static const char *const open_end[] = {
        "of", "for", "to", "at", "from", "with", "into", "onto", "than", "as", "via",
        "per", "upon", "toward", "towards", "between", "among", "amid", "against",
        "during", "despite", "including", "without", "within", "unlike", "the", "a",
        "an", "this", "these", "those", "my", "your", "his", "her", "its", "our",
        "their", "every", "each", "no", "some", "any", "either", "neither", "another",
        "whose", "that", "which", "who", "whom", "and", "or", "nor", "but", "because",
        "although", "though", "whereas", "if", "unless", "whether", "is", "are",
        "was", "were", "be", "been", "being", "am", "will", "would", "shall",
        "should", "can", "could", "may", "might", "must", "has", "have", "had", "not",
        "very", "according", "such", "thanks", "due", "prior", "instead", "rather",
        "owing", "regardless", "ahead", "partly", "mainly", "largely", "mostly",
        "chiefly", "especially", "particularly", "namely", "like", "worth",
    };
    /* (A sentence that truly ends so, "that is what it is", fails too:
     * rare in news, and no headline form.) */
    (void)run;
    /* "... won't change him either": after a negation, "either" is the
     * adverb that ends a clause, not a determiner waiting for its noun */
    bool neg_either = strcmp(w, "either") == 0 && a > 0 && negated_before(buf, a);
    if (w[0] && !neg_either && in_words(w, open_end, CD_ARRAY_LEN(open_end))) {
        add(fc, R_STYLE_DANGLING, a, b - a, "it ends on '%s', which leaves a phrase open", w);
        return;
    }
    /* "replaces the models with polished": a preposition and a
     * participle end it where the article's phrase goes on
     * to its noun ("with polished, computer-generated animation") and
     * never ends so */
    if (w[0] && a > 1 && cut_before_noun(run, buf, a, w)) {
        add(fc, R_STYLE_DANGLING, a, b - a,
            "it ends on '%s', where the article's phrase goes on to its noun", w);
        return;
    }
    /* "Mr Pound finds out about it": an object pronoun at the end points
     * at what the reader does not have (a quotation's may) */
    static const char *const object[] = {"it", "them", "him", "her"};
    if (w[0] && !quoted_end(buf, n) && in_words(w, object, CD_ARRAY_LEN(object)))
        add(fc, R_STYLE_REFERENCE, a, b - a, "'%s' points at what the reader does not have", w);
}


/* Credits, copyright and links of the page around the article. */
/* A kicker set in capitals ("UK INSTITUTES have thrown"): a word of seven
 * capitals or more.  Acronyms are shorter, and one joined by a hyphen to
 * a lower-case word is an acronym too ("NHS-funded", "NATO-led"). */
static bool capitals_run(const char *buf, size_t n, size_t *at, size_t *len)
{
    for (size_t i = 0; i < n;) {
        if (i > 0 && isalpha((unsigned char)buf[i - 1])) {
            i++;
            continue;
        }
        size_t e = i;
        while (e < n && isupper((unsigned char)buf[e]))
            e++;
        bool word_end = e == n || !isalpha((unsigned char)buf[e]);
        if (e - i >= 7 && word_end) {
            *at = i;
            *len = e - i;
            return true;
        }
        i = e > i ? e : i + 1;
    }
    return false;
}

static void check_furniture(const char *buf, size_t n, const char *low, fcol *fc)
{
    size_t at, len;
    if (capitals_run(buf, n, &at, &len)) {
        add(fc, R_STYLE_FURNITURE, at, len, "a kicker in capitals, not the article's words");
        return;
    }
    /* a character reference left in the text, whole or without its
     * ampersand: "&#151;", "#151;", "pass&#233" */
    for (size_t i = 0; i + 2 < n; i++) {
        if (buf[i] != '#' || !isdigit((unsigned char)buf[i + 1]))
            continue;
        size_t e = i + 1;
        while (e < n && isdigit((unsigned char)buf[e]))
            e++;
        if ((i > 0 && buf[i - 1] == '&') || (e < n && buf[e] == ';')) {
            size_t at0 = i > 0 && buf[i - 1] == '&' ? i - 1 : i;
            add(fc, R_STYLE_FURNITURE, at0, e - at0,
                "a character reference the page escaped twice, not the article's words");
            return;
        }
    }
    static const char *const furn[] = {
        "\xc2\xa9", "(c) 19", "(c) 20", "all rights reserved", "click here", "read more",
        "follow us on", "share this", "image caption", "media caption", "getty images",
        "ap photo", "photo credit", "sign up for our", "subscribe to our",
        "posted to your facebook", "sent to your friend", "share this article",
        "continue reading the main story", "skip to:", "skip to content",
        "skip to main content", "start of article",
    };
    for (size_t i = 0; i < CD_ARRAY_LEN(furn); i++) {
        const char *h = strstr(low, furn[i]);
        if (h) {
            add(fc, R_STYLE_FURNITURE, (size_t)(h - low), strlen(furn[i]),
                "page furniture, not the article: '%s'", furn[i]);
            return;
        }
    }
}

static void check_style(cd_run *run, cd_kind kind, const char *buf, size_t n,
                        fcol *fc)
{
    bool title = kind == CD_HEADLINE || kind == CD_SEO_TITLE;
    char low[2048];
    cd_lower_copy(buf, low, sizeof low);
    static const char *const bait[] = {
        "you won't believe", "you will not believe", "what happens next",
        "shocking", "mind-blowing", "jaw-dropping", "this one trick",
        "will blow your mind", "you need to know", "must see", "must-see",
        "here's why", "here is why", "this is why", "this is what", "the reason why",
        "what you need to know", "number 7 will", "can't stop",
    };
    for (size_t i = 0; i < CD_ARRAY_LEN(bait); i++) {
        const char *h = strstr(low, bait[i]);
        if (h) {
            add(fc, R_STYLE_CLICKBAIT, (size_t)(h - low), strlen(bait[i]),
                "a clickbait form");
            break;
        }
    }
    /* "BBC Two's share of audience falls%": a per cent sign without
     * its number */
    for (size_t i = 0; i < n; i++)
        if (buf[i] == '%' && (i == 0 || !isdigit((unsigned char)buf[i - 1]))) {
            add(fc, R_STYLE_DANGLING, i, 1, "a per cent sign without its number");
            break;
        }
    const char *ell = strstr(buf, "...");
    if (!ell)
        ell = strstr(buf, "\xE2\x80\xA6");
    if (ell)
        add(fc, R_STYLE_ELLIPSIS, (size_t)(ell - buf), 3,
            "an ellipsis: say it whole or cut at a sentence");
    if (!quotes_balanced(buf, n))
        add(fc, R_STYLE_UNBALANCED_QUOTES, 0, n,
            "a quotation mark without its partner");
    check_form(run, buf, n, fc);
    check_furniture(buf, n, low, fc);
    if (!title)
        return;
    /* "Prices are down on annual basis, too": a headline's last word
     * that adds it to what the reader has not read */
    {
        size_t a, b;
        char w[64];
        edge_word(buf, n, true, &a, &b, w, sizeof w);
        static const char *const back[] = {"too", "also", "either"};
        bool as_well = strcmp(w, "well") == 0 && a >= 3 &&
                       strncasecmp(buf + a - 3, "as ", 3) == 0;
        if (!quoted_end(buf, n) && (as_well || in_words(w, back, CD_ARRAY_LEN(back))))
            add(fc, R_STYLE_REFERENCE, a, b - a,
                "'%s' at the end adds to what the reader has not read", w);
    }
    const char *dq = strchr(buf, '"');
    if (dq)
        add(fc, R_STYLE_QUOTES, (size_t)(dq - buf), 1,
            "headlines use single quotation marks");
    /* words, for tense, numerals and case */
    bool after_colon = true; /* the first word starts like after a colon */
    bool inq = false;
    for (size_t i = 0; i < n;) {
        while (i < n && buf[i] == ' ')
            i++;
        size_t j = i;
        while (j < n && buf[j] != ' ')
            j++;
        if (j == i)
            break;
        size_t a = i, b = j;
        bool qstart = false;
        while (a < b && strchr("\"'(", buf[a])) {
            if (buf[a] != '(')
                qstart = true;
            a++;
        }
        while (b > a && strchr("\"'),.:;!?", buf[b - 1]))
            b--;
        if (qstart)
            inq = true;
        char w[64];
        size_t wl = cut_len(buf + a, b - a, sizeof w - 1);
        for (size_t k = 0; k < wl; k++)
            w[k] = (char)tolower((unsigned char)buf[a + k]);
        w[wl] = 0;
        bool last = j >= n;
        if (wl && !inq) {
            /* tense: a verb the article used in the past tense, neither
             * first nor last and not after an auxiliary */
            const char *lem = cd_lemma_verb(run->model, w);
            bool aux_before = false;
            if (i >= 2) {
                size_t pe = i - 1, ps = pe;
                while (ps > 0 && buf[ps - 1] != ' ')
                    ps--;
                char pw[16];
                size_t pl = pe - ps < sizeof pw - 1 ? pe - ps : sizeof pw - 1;
                for (size_t k = 0; k < pl; k++)
                    pw[k] = (char)tolower((unsigned char)buf[ps + k]);
                pw[pl] = 0;
                static const char *const aux[] = {"is", "are", "was", "were", "be",
                                                  "been", "has", "have", "had",
                                                  "being", "get", "gets", "got"};
                for (size_t k = 0; k < CD_ARRAY_LEN(aux); k++)
                    if (!strcmp(pw, aux[k]))
                        aux_before = true;
            }
            /* "package announced at meeting": a participle before a
             * preposition is a passive, which headlines may use */
            bool before_prep = false;
            if (!last) {
                size_t q = j;
                while (q < n && buf[q] == ' ')
                    q++;
                static const char *const preps[] = {"at ", "in ", "on ", "by ", "for ",
                                                    "after ", "over ", "as ", "to "};
                for (size_t z = 0; z < CD_ARRAY_LEN(preps); z++)
                    if (strncasecmp(buf + q, preps[z], strlen(preps[z])) == 0)
                        before_prep = true;
            }
            bool present_be = !strcmp(w, "is") || !strcmp(w, "are") || !strcmp(w, "am") ||
                              !strcmp(w, "has") || !strcmp(w, "does");
            bool irregular = lem && !present_be &&
                             cd_strmap_has(&run->model->verb_exc, w, strlen(w));
            if (i > 0 && !last && !aux_before && !before_prep && lem &&
                strcmp(lem, w) != 0 && (past_in_article(run, w) || irregular))
                add(fc, R_STYLE_TENSE, a, b - a,
                    "headlines use the historical present: '%s' is past", w);
            int nv = cd_number_word(w);
            if (nv >= 2 && nv <= 20)
                add(fc, R_STYLE_NUMERALS, a, b - a,
                    "headlines use numerals: %d", nv);
            /* case ("Ukraine's" is checked as "Ukraine") */
            if (b - a > 2 && buf[b - 2] == '\'' && (buf[b - 1] == 's' || buf[b - 1] == 'S'))
                b -= 2;
            bool cap = isupper((unsigned char)buf[a]) != 0;
            if (run->opts.letter_case == CD_CASE_SENTENCE) {
                size_t cl = b - a;
                const char *hy = memchr(buf + a, '-', b - a);
                if (hy)
                    cl = (size_t)(hy - (buf + a)); /* "European-led" */
                if (cap && !after_colon && wl > 1 &&
                    !capitalised_in_article(run, buf + a, cl) &&
                    !(buf[a] == 'I' && wl == 1))
                    add(fc, R_STYLE_CASE, a, b - a,
                        "sentence case: '%.*s' is not capitalised in the article",
                        (int)(b - a), buf + a);
            } else if (!after_colon && !last) {
                bool small = small_word(buf + a, b - a);
                if (small && cap)
                    add(fc, R_STYLE_CASE, a, b - a,
                        "AP title case: '%.*s' stays lower case", (int)(b - a), buf + a);
                else if (!small && !cap && isalpha((unsigned char)buf[a]))
                    add(fc, R_STYLE_CASE, a, b - a,
                        "AP title case: '%.*s' takes a capital", (int)(b - a), buf + a);
            }
        }
        if (b > a && (buf[j - 1] == '\'' || buf[j - 1] == '"') && inq && j - 1 >= a)
            inq = false;
        after_colon = j > 0 && buf[j - 1] == ':';
        i = j;
    }
}

/* ---- The table ------------------------------------------------------------ */

/* `strict`: copydesk's own candidates are extractive, so any word the
 * article does not support fails them (fact.word); anyone else's
 * candidates may paraphrase, and only names, numbers, multipliers,
 * quotations and negation are facts. */
static void check_all(cd_run *run, cd_kind kind, const char *text, fcol *fc,
                      double *px_out, size_t *chars_out, bool strict)
{
    const cd_opts *o = &run->opts;
    size_t n = strlen(text);
    fc->orig = text;
    fc->orig_len = n;
    bool title = kind == CD_HEADLINE || kind == CD_SEO_TITLE;
    double px = cd_text_px(text, n, title ? 20.0 : 14.0);
    size_t chars = cd_text_chars(text, n);
    if (px_out)
        *px_out = px;
    if (chars_out)
        *chars_out = chars;
    int w = cd_words(text);
    switch (kind) {
    case CD_HEADLINE:
        if (w < o->headline_min_words || w > o->headline_max_words)
            add(fc, R_LEN_WORDS, 0, n, "%d words; headlines take %d to %d",
                w, o->headline_min_words, o->headline_max_words);
        break;
    case CD_LEDE:
        if (w > o->lede_max_words)
            add(fc, R_LEN_WORDS, 0, n, "%d words; at most %d", w,
                o->lede_max_words);
        break;
    case CD_SEO_TITLE:
        if (chars > (size_t)o->seo_max_chars)
            add(fc, R_LEN_CHARS, 0, n, "%zu characters; at most %d", chars,
                o->seo_max_chars);
        if (px > o->seo_max_px)
            add(fc, R_LEN_PX, 0, n, "%.0f px in Arial 20 px; at most %.0f",
                px, o->seo_max_px);
        break;
    case CD_META_DESC:
        if (chars > (size_t)o->meta_max_chars || chars < (size_t)o->meta_min_chars)
            add(fc, R_LEN_CHARS, 0, n, "%zu characters; %d to %d", chars,
                o->meta_min_chars, o->meta_max_chars);
        if (px > o->meta_max_px)
            add(fc, R_LEN_PX, 0, n, "%.0f px in Arial 14 px; at most %.0f",
                px, o->meta_max_px);
        break;
    default:
        break;
    }
    /* everything else reads a straightened copy, mapped back for spans */
    char buf[2048];
    int map[2048 + 1];
    n = cut_len(text, n, sizeof buf - 8);
    size_t m = straighten(text, n, buf, sizeof buf, map);
    fc->map = map;
    char last = m ? buf[m - 1] : 0;
    bool ends_stop = last == '.' || (m >= 2 && buf[m - 2] == '.' && last == '"');
    /* a description may close on a question it asks ("... Is that
     * true?"), as publishers' do */
    if (kind == CD_META_DESC)
        ends_stop |= last == '?' || (m >= 2 && buf[m - 2] == '?' && last == '"');
    if (title && last == '.')
        add(fc, R_STYLE_FINAL_PERIOD, m - 1, 1, "headlines take no final period");
    if (!title && !ends_stop)
        add(fc, R_STYLE_FULL_STOP, m ? m - 1 : 0, m ? 1 : 0,
            "whole sentences end with a full stop");
    check_style(run, kind, buf, m, fc);
    /* keyphrase (Yoast, Rank Math) */
    if (run->nkey && (kind == CD_SEO_TITLE || kind == CD_META_DESC)) {
        char low[2048];
        cd_lower_copy(buf, low, sizeof low);
        const char *hit = strstr(low, run->keys[0].text);
        if (kind == CD_SEO_TITLE && (!hit || (size_t)(hit - low) * 2 > m))
            add(fc, R_SEO_KEYPHRASE, 0, m,
                hit ? "the keyphrase '%s' is not in the first half"
                    : "the keyphrase '%s' is missing", run->keys[0].text);
        if (kind == CD_META_DESC && !hit)
            add(fc, R_SEO_KEYPHRASE, 0, m, "the keyphrase '%s' is missing",
                run->keys[0].text);
    }
    /* facts */
    check_quotes(run, buf, m, fc);
    check_units(run, buf, m, fc);
    size_t i = 0;
    while (i < m) {
        while (i < m && buf[i] == ' ')
            i++;
        size_t j = i;
        while (j < m && buf[j] != ' ')
            j++;
        /* words glued by quotation marks or commas ('said:"We', 'Party,said')
         * are read apart */
        for (size_t g = i + 1; g + 1 < j; g++) {
            if ((buf[g] == '"' || (buf[g] == ',' && (isalpha((unsigned char)buf[g + 1]) ||
                                                     buf[g + 1] == '.' || buf[g + 1] == '"')) ||
                 (buf[g] == ':' && buf[g + 1] == '"')) &&
                isalpha((unsigned char)buf[g - 1])) {
                j = g;
                break;
            }
            /* "newsroom\u2014not": an em or en dash between words */
            if (g + 3 < j && (unsigned char)buf[g] == 0xE2 && (unsigned char)buf[g + 1] == 0x80 &&
                ((unsigned char)buf[g + 2] == 0x94 || (unsigned char)buf[g + 2] == 0x93)) {
                j = g;
                break;
            }
        }
        size_t a = i, b = j;
        for (;;) {
            if (a < b && strchr("\"'([,.:;!?$#@-", buf[a]))
                a++;
            else if (b - a >= 3 && (unsigned char)buf[a] == 0xE2 &&
                     (unsigned char)buf[a + 1] == 0x80 &&
                     ((unsigned char)buf[a + 2] == 0x94 || (unsigned char)buf[a + 2] == 0x93))
                a += 3; /* a dash before the word */
            else
                break;
        }
        if (b - a >= 2 && (unsigned char)buf[a] == 0xC2 && (unsigned char)buf[a + 1] == 0xA3)
            a += 2;
        if (b - a >= 3 && memcmp(buf + a, "\xE2\x82\xAC", 3) == 0)
            a += 3;
        while (b > a && strchr("\"')],.:;!?%-", buf[b - 1]))
            b--;
        size_t core = b;
        /* clitics: "Ukraine's", "don't", "I'll", "we're", "I've", "I'm" */
        static const char *const clit[] = {"'s", "'S", "'ll", "'re", "'ve", "'m", "'d"};
        for (size_t z = 0; z < CD_ARRAY_LEN(clit); z++) {
            size_t cl = strlen(clit[z]);
            if (core - a > cl && memcmp(buf + core - cl, clit[z], cl) == 0) {
                core -= cl;
                break;
            }
        }
        if (core - a > 3 && memcmp(buf + core - 3, "n't", 3) == 0)
            core -= 3;
        if (core > a) {
            char wd[96];
            size_t wl = cut_len(buf + a, core - a, sizeof wd - 1);
            memcpy(wd, buf + a, wl);
            wd[wl] = 0;
            int rule = R_FACT_WORD;
            bool digit = false;
            for (size_t k = 0; k < wl; k++)
                if (isdigit((unsigned char)wd[k]))
                    digit = true;
            /* numbers were checked with their units above */
            if (!digit && !word_ok(run, wd, &rule)) {
                if (rule == R_FACT_MULTIPLIER) {
                    char lw[96];
                    cd_lower_copy(wd, lw, sizeof lw);
                    double f = multiplier(lw);
                    if (!ratio_supported(run, f, fc->unit))
                        add(fc, rule, a, core - a,
                            "'%s' means x%g, and no two numbers of the article "
                            "are in that ratio", wd, f);
                } else if (strict || rule != R_FACT_WORD) {
                    add(fc, rule, a, core - a, "'%s' is not in the article",
                        wd);
                }
            }
        }
        i = j;
    }
    /* negation, sentence by sentence of the candidate */
    for (size_t s0 = 0; s0 < m;) {
        size_t e = s0;
        /* a sentence ends at ". " before a capital, a digit or a quote */
        while (e < m && !((buf[e] == '.' || buf[e] == '?' || buf[e] == '!' ||
                           (buf[e] == '"' && e > 0 && buf[e - 1] == '.')) &&
                          e + 1 < m && buf[e + 1] == ' ' && e + 2 < m &&
                          (isupper((unsigned char)buf[e + 2]) ||
                           isdigit((unsigned char)buf[e + 2]) || buf[e + 2] == '"' ||
                           buf[e + 2] == '\'')))
            e++;
        if (e < m)
            e++;
        check_negation(run, buf + s0, e - s0, fc, s0);
        while (e < m && buf[e] == ' ')
            e++;
        s0 = e;
    }
    fc->map = NULL;
}

/* style.phrase for a candidate copydesk did not write: read on the tree
 * of the sentence it compresses, when it is one (cd_phrase_fault), and
 * a warning there. */
static void check_phrase(cd_run *run, cd_kind kind, const char *text, fcol *fc)
{
    cd_status st;
    size_t n = strlen(text);
    const char *why = cd_phrase_fault(run, kind, text, n, NULL, 0, &st);
    if (st != CD_OK)
        fc->oom = true;
    else if (why) {
        add(fc, R_STYLE_PHRASE, 0, n, "read on its sentence's tree: %s", why);
        /* a warning: an editor's rewrite may leave the tree for good
         * reason, and the alignment cannot see the reason */
        if (fc->n && fc->v[fc->n - 1].rule == rule_table[R_STYLE_PHRASE].id)
            fc->v[fc->n - 1].fail = false;
    }
}

int cd_check_text(cd_run *run, cd_kind kind, const char *text,
                  const cd_finding **out)
{
    *out = NULL;
    if (!run->wset || (unsigned)kind >= CD_KIND_COUNT)
        return -1;
    fcol fc = {0};
    check_all(run, kind, text, &fc, NULL, NULL, false);
    check_phrase(run, kind, text, &fc);
    if (fc.oom || run->check_oom) {
        free(fc.v);
        return -1;
    }
    cd_finding *v = NULL;
    if (fc.n) {
        v = cd_arena_alloc(&run->arena, (size_t)fc.n * sizeof *v);
        if (!v) {
            free(fc.v);
            return -1;
        }
        memcpy(v, fc.v, (size_t)fc.n * sizeof *v);
    }
    free(fc.v);
    *out = v;
    return fc.n;
}

const char *cd_check_facts(const cd_run *run, const char *text, size_t n)
{
    (void)n;
    fcol fc = {0};
    check_all((cd_run *)run, CD_LEDE, text, &fc, NULL, NULL, true);
    const char *r = NULL;
    for (int i = 0; i < fc.n && !r; i++)
        if (!strncmp(fc.v[i].rule, "fact.", 5))
            r = fc.v[i].rule;
    if ((fc.oom || run->check_oom) && !r)
        r = "oom"; /* unchecked is not faithful */
    free(fc.v);
    return r;
}

void cd_check(cd_run *run, cd_cand *c)
{
    fcol fc = {0};
    c->checked = true;
    /* copydesk knows where its candidates come from: negation is checked
     * against those sentences only; an added one is checked against all,
     * and may paraphrase (no fact.word) */
    fc.src = c->origin ? NULL : c->src;
    fc.nsrc = c->nsrc;
    check_all(run, c->kind, c->text, &fc, &c->px, &c->chars, !c->origin);
    if (c->origin)
        check_phrase(run, c->kind, c->text, &fc); /* ours are read on their tokens */
    c->reject = NULL;
    for (int i = 0; i < fc.n && !c->reject; i++)
        if (fc.v[i].fail)
            c->reject = fc.v[i].rule;
    if (fc.n) {
        c->findings = cd_arena_alloc(&run->arena, (size_t)fc.n * sizeof *c->findings);
        if (c->findings) {
            memcpy(c->findings, fc.v, (size_t)fc.n * sizeof *c->findings);
            c->nfindings = fc.n;
        } else {
            fc.oom = true;
        }
    }
    if (fc.oom || run->check_oom) { /* cd_generate fails the run */
        c->reject = "oom";
        run->check_oom = true;
    }
    free(fc.v);
}
