/*
 * parser.c - copydesk's dependency parser: the transition system, its
 * features, the model file and the greedy decoder.
 *
 * The parser is arc-eager (Nivre 2003) with a root word on the stack's
 * bottom that takes exactly one dependent, scored by an averaged
 * perceptron over the rich non-local feature set of Zhang and Nivre
 * (2011): words and tags of the stack's top, the buffer's front and
 * their heads and outermost dependents, distance, valency and the label
 * sets of the dependents found so far.  tools/train_parser.c trains it
 * with Goldberg and Nivre's (2012) dynamic oracle on Universal
 * Dependencies English (EWT and GUM) and writes data/parser.bin.
 *
 * The same functions serve the trainer and the library: a sentence is a
 * cd_pwords (hashes of each word's form and tag, position 0 the root), a
 * parse in progress a cd_pstate in memory the caller gives.
 */
#include <ctype.h>
#include <math.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- The transition system --------------------------------------------- */

size_t cd_pstate_bytes(int n)
{
    size_t m = (size_t)n + 1;
    return m * (6 * sizeof(int32_t) + 2 * sizeof(uint64_t) + 3);
}

void cd_pstate_init(cd_pstate *st, void *mem, int n)
{
    size_t m = (size_t)n + 1;
    uint64_t *u = mem;
    st->ls = u;
    st->rs = u + m;
    int32_t *i = (int32_t *)(u + 2 * m);
    st->stack = i;
    st->head = i + m;
    st->lc1 = i + 2 * m;
    st->lc2 = i + 3 * m;
    st->rc1 = i + 4 * m;
    st->rc2 = i + 5 * m;
    uint8_t *b = (uint8_t *)(i + 6 * m);
    st->label = b;
    st->nl = b + m;
    st->nr = b + 2 * m;
    st->n = n;
    for (size_t k = 0; k < m; k++) {
        st->head[k] = st->lc1[k] = st->lc2[k] = st->rc1[k] = st->rc2[k] = -1;
        st->label[k] = 0;
        st->nl[k] = st->nr[k] = 0;
        st->ls[k] = st->rs[k] = 0;
    }
    st->stack[0] = 0;
    st->sp = 1;
    st->b = 1;
}

static void add_arc(cd_pstate *st, int h, int d, int label)
{
    st->head[d] = h;
    st->label[d] = (uint8_t)label;
    if (d < h) {
        if (st->lc1[h] < 0 || d < st->lc1[h]) {
            st->lc2[h] = st->lc1[h];
            st->lc1[h] = d;
        } else if (st->lc2[h] < 0 || d < st->lc2[h]) {
            st->lc2[h] = d;
        }
        if (st->nl[h] < 255)
            st->nl[h]++;
        st->ls[h] |= 1ULL << (label & 63);
    } else {
        if (st->rc1[h] < 0 || d > st->rc1[h]) {
            st->rc2[h] = st->rc1[h];
            st->rc1[h] = d;
        } else if (st->rc2[h] < 0 || d > st->rc2[h]) {
            st->rc2[h] = d;
        }
        if (st->nr[h] < 255)
            st->nr[h]++;
        st->rs[h] |= 1ULL << (label & 63);
    }
}

/* The root (word 0) starts on the stack and takes exactly one
 * dependent, labelled root, by a right arc. */
bool cd_parse_legal(const cd_pstate *st, int nlabels, int root_label, int cls)
{
    if (st->b > st->n)
        return false;
    int s0 = st->stack[st->sp - 1];
    if (cls == CD_T_SHIFT)
        return true;
    if (cls == CD_T_REDUCE)
        return s0 != 0 && st->head[s0] >= 0;
    int l = (cls - 2) % nlabels;
    if (cls < 2 + nlabels) /* left arc: b -> s0 */
        return s0 != 0 && st->head[s0] < 0 && l != root_label;
    /* right arc: s0 -> b */
    if (s0 == 0)
        return l == root_label && st->nr[0] == 0;
    return l != root_label;
}

bool cd_parse_done(const cd_pstate *st)
{
    return st->b > st->n;
}

void cd_parse_apply(cd_pstate *st, int nlabels, int cls)
{
    int s0 = st->stack[st->sp - 1];
    if (cls == CD_T_SHIFT) {
        st->stack[st->sp++] = st->b++;
    } else if (cls == CD_T_REDUCE) {
        st->sp--;
    } else if (cls < 2 + nlabels) {
        add_arc(st, st->b, s0, cls - 2);
        st->sp--;
    } else {
        add_arc(st, s0, st->b, cls - 2 - nlabels);
        st->stack[st->sp++] = st->b++;
    }
}

void cd_parse_finish(cd_pstate *st, int root_label, int dep_label)
{
    /* words left without a head: the first becomes the root when there
     * is none, the others hang from the root word */
    int root = st->rc1[0];
    for (int k = 1; k <= st->n; k++) {
        if (st->head[k] >= 0)
            continue;
        if (root < 0) {
            add_arc(st, 0, k, root_label);
            root = k;
        } else {
            add_arc(st, root, k, dep_label);
        }
    }
}

/* ---- Features ------------------------------------------------------------ */

static uint64_t fh(uint64_t t, uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t h = (t + 1) * 0x9E3779B97F4A7C15ULL;
    h = (h ^ a) * 0xBF58476D1CE4E5B9ULL;
    h ^= h >> 31;
    h = (h ^ b) * 0x94D049BB133111EBULL;
    h ^= h >> 29;
    h = (h ^ c) * 0x9E3779B97F4A7C15ULL;
    h ^= h >> 32;
    return h;
}

uint64_t cd_parse_word_hash(const char *w, size_t n)
{
    char norm[64];
    cd_tag_normalise(w, n, norm);
    return cd_hash64(norm, strlen(norm), 0x51);
}

uint64_t cd_parse_suffix_hash(const char *w, size_t n)
{
    char low[4];
    size_t k = n < 3 ? n : 3;
    for (size_t i = 0; i < k; i++)
        low[i] = (char)tolower((unsigned char)w[n - k + i]);
    return cd_hash64(low, k, 0x52);
}

uint64_t cd_parse_tag_hash(const char *tag)
{
    return cd_hash64(tag, strlen(tag), 0x53);
}

enum { NONE = 0x6e6f6e65 };

int cd_parse_features(const cd_pwords *s, const cd_pstate *st, uint64_t *out)
{
    const int n = st->n;
    int s0 = st->stack[st->sp - 1];
    int s1 = st->sp > 1 ? st->stack[st->sp - 2] : -1;
    int n0 = st->b <= n ? st->b : -1;
    int n1 = st->b + 1 <= n ? st->b + 1 : -1;
    int n2 = st->b + 2 <= n ? st->b + 2 : -1;
    int s0h = s0 > 0 ? st->head[s0] : -1;
    int s0h2 = s0h > 0 ? st->head[s0h] : -1;
    int s0l = st->lc1[s0], s0l2 = st->lc2[s0];
    int s0r = st->rc1[s0], s0r2 = st->rc2[s0];
    int n0l = n0 >= 0 ? st->lc1[n0] : -1;
    int n0l2 = n0 >= 0 ? st->lc2[n0] : -1;
#define W(i) ((i) >= 0 ? s->w[i] : NONE)
#define P(i) ((i) >= 0 ? s->p[i] : NONE)
#define X(i) ((i) >= 0 ? s->x[i] : NONE)
#define L(i) ((i) > 0 && st->head[i] >= 0 ? (uint64_t)st->label[i] + 1 : 0)
    uint64_t s0w = W(s0), s0p = P(s0), n0w = W(n0), n0p = P(n0);
    uint64_t n1w = W(n1), n1p = P(n1), n2w = W(n2), n2p = P(n2);
    uint64_t d = n0 >= 0 ? (uint64_t)(n0 - s0 < 10 ? n0 - s0 : n0 - s0 < 20 ? 10 : 11) : 12;
    uint64_t vr = st->nr[s0], vl = st->nl[s0];
    uint64_t nvl = n0 >= 0 ? st->nl[n0] : 0;
    uint64_t s0sl = st->ls[s0], s0sr = st->rs[s0];
    uint64_t n0sl = n0 >= 0 ? st->ls[n0] : 0;
    int k = 0;
    out[k++] = fh(0, 0, 0, 0);
    /* single words */
    out[k++] = fh(1, s0w, s0p, 0);
    out[k++] = fh(2, s0w, 0, 0);
    out[k++] = fh(3, s0p, 0, 0);
    out[k++] = fh(4, n0w, n0p, 0);
    out[k++] = fh(5, n0w, 0, 0);
    out[k++] = fh(6, n0p, 0, 0);
    out[k++] = fh(7, n1w, n1p, 0);
    out[k++] = fh(8, n1w, 0, 0);
    out[k++] = fh(9, n1p, 0, 0);
    out[k++] = fh(10, n2w, n2p, 0);
    out[k++] = fh(11, n2w, 0, 0);
    out[k++] = fh(12, n2p, 0, 0);
    /* pairs */
    out[k++] = fh(13, s0w ^ (s0p << 1), n0w, n0p);
    out[k++] = fh(14, s0w, s0p, n0w);
    out[k++] = fh(15, s0w, n0w, n0p);
    out[k++] = fh(16, s0w, s0p, n0p);
    out[k++] = fh(17, s0p, n0w, n0p);
    out[k++] = fh(18, s0w, n0w, 0);
    out[k++] = fh(19, s0p, n0p, 0);
    out[k++] = fh(20, n0p, n1p, 0);
    /* three tags */
    out[k++] = fh(21, n0p, n1p, n2p);
    out[k++] = fh(22, s0p, n0p, n1p);
    out[k++] = fh(23, P(s0h), s0p, n0p);
    out[k++] = fh(24, s0p, P(s0l), n0p);
    out[k++] = fh(25, s0p, P(s0r), n0p);
    out[k++] = fh(26, s0p, n0p, P(n0l));
    /* distance */
    out[k++] = fh(27, s0w, d, 0);
    out[k++] = fh(28, s0p, d, 0);
    out[k++] = fh(29, n0w, d, 0);
    out[k++] = fh(30, n0p, d, 0);
    out[k++] = fh(31, s0w, n0w, d);
    out[k++] = fh(32, s0p, n0p, d);
    /* valency */
    out[k++] = fh(33, s0w, vr, 0);
    out[k++] = fh(34, s0p, vr, 0);
    out[k++] = fh(35, s0w, vl, 0);
    out[k++] = fh(36, s0p, vl, 0);
    out[k++] = fh(37, n0w, nvl, 0);
    out[k++] = fh(38, n0p, nvl, 0);
    /* heads and outermost dependents */
    out[k++] = fh(39, W(s0h), 0, 0);
    out[k++] = fh(40, P(s0h), 0, 0);
    out[k++] = fh(41, L(s0), 0, 0);
    out[k++] = fh(42, W(s0l), 0, 0);
    out[k++] = fh(43, P(s0l), 0, 0);
    out[k++] = fh(44, L(s0l), 0, 0);
    out[k++] = fh(45, W(s0r), 0, 0);
    out[k++] = fh(46, P(s0r), 0, 0);
    out[k++] = fh(47, L(s0r), 0, 0);
    out[k++] = fh(48, W(n0l), 0, 0);
    out[k++] = fh(49, P(n0l), 0, 0);
    out[k++] = fh(50, L(n0l), 0, 0);
    /* third order */
    out[k++] = fh(51, W(s0h2), 0, 0);
    out[k++] = fh(52, P(s0h2), 0, 0);
    out[k++] = fh(53, L(s0h), 0, 0);
    out[k++] = fh(54, W(s0l2), 0, 0);
    out[k++] = fh(55, P(s0l2), 0, 0);
    out[k++] = fh(56, L(s0l2), 0, 0);
    out[k++] = fh(57, W(s0r2), 0, 0);
    out[k++] = fh(58, P(s0r2), 0, 0);
    out[k++] = fh(59, L(s0r2), 0, 0);
    out[k++] = fh(60, W(n0l2), 0, 0);
    out[k++] = fh(61, P(n0l2), 0, 0);
    out[k++] = fh(62, L(n0l2), 0, 0);
    out[k++] = fh(63, s0p, P(s0l), P(s0l2));
    out[k++] = fh(64, s0p, P(s0r), P(s0r2));
    out[k++] = fh(65, s0p, P(s0h), P(s0h2));
    out[k++] = fh(66, n0p, P(n0l), P(n0l2));
    /* label sets */
    out[k++] = fh(67, s0w, s0sr, 0);
    out[k++] = fh(68, s0p, s0sr, 0);
    out[k++] = fh(69, s0w, s0sl, 0);
    out[k++] = fh(70, s0p, s0sl, 0);
    out[k++] = fh(71, n0w, n0sl, 0);
    out[k++] = fh(72, n0p, n0sl, 0);
    /* the word below the top, suffixes, and whether s0 has its head */
    out[k++] = fh(73, W(s1), 0, 0);
    out[k++] = fh(74, P(s1), 0, 0);
    out[k++] = fh(75, P(s1), s0p, n0p);
    out[k++] = fh(76, X(n0), n0p, 0);
    out[k++] = fh(77, X(s0), s0p, 0);
    out[k++] = fh(78, s0p, n0p, L(s0));
    out[k++] = fh(79, s0w, n0p, L(s0));
    out[k++] = fh(80, P(s1), L(s1), s0p);
    out[k++] = fh(81, n0p, n1p, s0p ^ (L(s0) << 7));
#undef W
#undef P
#undef X
#undef L
    return k;
}

/* ---- Model file ---------------------------------------------------------- */

/* The relations later stages ask about, by name. */
static const char *const REL_NAMES[CD_REL_COUNT] = {
    [CD_REL_OTHER] = "", [CD_REL_ROOT] = "root", [CD_REL_NSUBJ] = "nsubj",
    [CD_REL_OBJ] = "obj", [CD_REL_IOBJ] = "iobj", [CD_REL_CSUBJ] = "csubj",
    [CD_REL_CCOMP] = "ccomp", [CD_REL_XCOMP] = "xcomp", [CD_REL_OBL] = "obl",
    [CD_REL_ADVCL] = "advcl", [CD_REL_ADVMOD] = "advmod", [CD_REL_AUX] = "aux",
    [CD_REL_COP] = "cop", [CD_REL_MARK] = "mark", [CD_REL_NMOD] = "nmod",
    [CD_REL_APPOS] = "appos", [CD_REL_NUMMOD] = "nummod", [CD_REL_ACL] = "acl",
    [CD_REL_AMOD] = "amod", [CD_REL_DET] = "det", [CD_REL_CASE] = "case",
    [CD_REL_CONJ] = "conj", [CD_REL_CC] = "cc", [CD_REL_FIXED] = "fixed",
    [CD_REL_FLAT] = "flat", [CD_REL_COMPOUND] = "compound",
    [CD_REL_PARATAXIS] = "parataxis", [CD_REL_PUNCT] = "punct",
    [CD_REL_DEP] = "dep", [CD_REL_EXPL] = "expl", [CD_REL_DISCOURSE] = "discourse",
    [CD_REL_VOCATIVE] = "vocative", [CD_REL_LIST] = "list",
    [CD_REL_RELCL] = "acl:relcl", [CD_REL_PASS] = "nsubj:pass",
    [CD_REL_AUXPASS] = "aux:pass", [CD_REL_POSS] = "nmod:poss",
    [CD_REL_PRT] = "compound:prt",
};

const char *cd_rel_name(int rel)
{
    return rel >= 0 && rel < CD_REL_COUNT ? REL_NAMES[rel] : "";
}

static uint8_t rel_of(const char *label)
{
    for (int r = 1; r < CD_REL_COUNT; r++)
        if (strcmp(REL_NAMES[r], label) == 0)
            return (uint8_t)r;
    /* a subtype not named above reads as its universal relation */
    char base[24];
    size_t n = strcspn(label, ":");
    if (n >= sizeof base)
        return CD_REL_OTHER;
    memcpy(base, label, n);
    base[n] = 0;
    for (int r = 1; r < CD_REL_COUNT; r++)
        if (strcmp(REL_NAMES[r], base) == 0)
            return (uint8_t)r;
    return CD_REL_OTHER;
}

/* In memory the weights are an open-addressing table of (fingerprint,
 * offset) slots, one probe and one cache line per feature.  A feature
 * with few pairs keeps them packed into 32 bits each: the weight as a
 * 16-bit integer (cd_parser.unit a weight of 1) in the high half, the
 * transition in the low 7 bits and a last-pair-of-the-feature bit.  One
 * with many (the frequent ones, which most steps hit) gets a dense row of
 * every transition's weight, added eight at a time: DENSE marks such an
 * offset. */
enum { EMPTY = 0xFFFFFFFFu, DENSE = 0x80000000u, DENSE_PAIRS = 8 };

cd_status cd_parser_load(cd_parser *p, const char *path, char *err, size_t errlen)
{
    memset(p, 0, sizeof *p);
    char *b;
    size_t size;
    cd_status st = cd_model_file_read(path, "CDPAR001", "parser", &b, &size, err, errlen);
    if (st != CD_OK)
        return st;
    uint64_t *mem = (uint64_t *)b;
    p->nlabels = (int)cd_rd32(b + 8);
    p->nfeat = cd_rd32(b + 12);
    uint32_t npairs = cd_rd32(b + 16);
    p->npairs = npairs;
    size_t need = 24 + (size_t)p->nlabels * 24 + (size_t)p->nfeat * 8 +
                  ((size_t)p->nfeat + 2) / 2 * 8 + (size_t)npairs * 5;
    if (p->nlabels <= 1 || p->nlabels > CD_PARSE_MAX_LABELS || need > (size_t)size ||
        npairs >= EMPTY) {
        free(mem);
        memset(p, 0, sizeof *p);
        snprintf(err, errlen, "parser model %s is corrupt", path);
        return CD_E_IO;
    }
    p->root_label = p->dep_label = -1;
    p->advcl_label = p->mark_label = p->nsubj_label = p->parataxis_label = -1;
    size_t o = 24;
    for (int k = 0; k < p->nlabels; k++, o += 24) {
        memcpy(p->labels[k], b + o, 24);
        p->labels[k][23] = 0;
        p->rel[k] = rel_of(p->labels[k]);
        if (strcmp(p->labels[k], "root") == 0)
            p->root_label = k;
        if (strcmp(p->labels[k], "dep") == 0)
            p->dep_label = k;
        if (strcmp(p->labels[k], "advcl") == 0)
            p->advcl_label = k;
        if (strcmp(p->labels[k], "mark") == 0)
            p->mark_label = k;
        if (strcmp(p->labels[k], "nsubj") == 0)
            p->nsubj_label = k;
        if (strcmp(p->labels[k], "parataxis") == 0)
            p->parataxis_label = k;
    }
    if (p->dep_label < 0)
        p->dep_label = 0;
    const char *fhash = b + o;
    o += (size_t)p->nfeat * 8;
    const char *foff = b + o;
    o += ((size_t)p->nfeat + 2) / 2 * 8;
    const char *pw = b + o;
    o += (size_t)npairs * 4;
    const uint8_t *pcls = (const uint8_t *)(b + o);
    p->nclass = 2 + 2 * p->nlabels;
    uint32_t cap = 1024;
    while (cap < p->nfeat + p->nfeat / 2)
        cap *= 2;
    p->stride = (p->nclass + 7) & ~7;
    /* the arrays are 8-byte aligned in the file's buffer and little
     * endian, as the tagger reads its own */
    const uint32_t *offs = (const uint32_t *)(const void *)foff;
    const float *wts = (const float *)(const void *)pw;
    uint32_t ndense = 0, nsparse = 0;
    bool ok = p->root_label >= 0 && offs[p->nfeat] == npairs && npairs < DENSE, oom = false;
    for (uint32_t i = 0; ok && i < p->nfeat; i++) {
        ok = offs[i] < offs[i + 1] && offs[i + 1] <= npairs;
        if (offs[i + 1] - offs[i] >= DENSE_PAIRS)
            ndense++;
        else
            nsparse += offs[i + 1] - offs[i];
    }
    /* Weights become 16-bit integers in units of 1/8 (the largest weight
     * of the shipped model, 89, is then 715; EWT and GUM dev parse as
     * with floats), or coarser for a model whose largest weight would
     * not fit in 4095 units, so that sums of many stay in 16 bits: the
     * scores add with saturation, eight at a time. */
    float unit = 8.0f, top = 0;
    for (uint32_t q = 0; ok && q < npairs; q++) {
        ok = pcls[q] < p->nclass && isfinite(wts[q]);
        top = fabsf(wts[q]) > top ? fabsf(wts[q]) : top;
    }
    while (unit > 1.0f / 1024 && top * unit > 4095.0f)
        unit /= 2;
    ok = ok && top * unit <= 4095.0f;
    p->unit = unit;
    if (ok) {
        p->slots = cd_table_alloc((size_t)cap * sizeof *p->slots, false);
        p->packed = cd_table_alloc(((size_t)nsparse + 1) * sizeof *p->packed, false);
        p->dense = cd_table_alloc(((size_t)ndense * (size_t)p->stride + 1) * sizeof *p->dense,
                                  true);
        ok = p->slots && p->packed && p->dense;
        oom = !ok;
    }
    p->ndense = ndense;
    p->npairs = nsparse;
    if (ok) {
        p->mask = cap - 1;
        for (uint32_t i = 0; i < cap; i++)
            p->slots[i].off = EMPTY;
        uint32_t row = 0, np = 0;
        for (uint32_t i = 0; i < p->nfeat; i++) {
            uint64_t key;
            memcpy(&key, fhash + (size_t)i * 8, 8);
            uint32_t a = offs[i], z = offs[i + 1];
            bool dense = z - a >= DENSE_PAIRS;
            uint32_t at = dense ? DENSE | row : np;
            int16_t *d = &p->dense[(size_t)row * (size_t)p->stride];
            for (uint32_t q = a; q < z; q++) {
                int16_t v = (int16_t)lrintf(wts[q] * unit);
                if (dense)
                    d[pcls[q]] = v;
                else
                    p->packed[np++] = ((uint32_t)(uint16_t)v << 16) | pcls[q] |
                                      (q + 1 == z ? 0x80u : 0);
            }
            row += dense;
            uint32_t h = cd_slot_mix(key, p->mask);
            while (p->slots[h].off != EMPTY)
                h = (h + 1) & p->mask;
            p->slots[h].fp = (uint32_t)(key >> 32);
            p->slots[h].off = at;
        }
    }
    free(mem);
    if (!ok) {
        cd_parser_free(p);
        snprintf(err, errlen, oom ? "out of memory" : "parser model %s is corrupt", path);
        return oom ? CD_E_NOMEM : CD_E_IO;
    }
    return CD_OK;
}

void cd_parser_free(cd_parser *p)
{
    free(p->slots);
    free(p->packed);
    free(p->dense);
    memset(p, 0, sizeof *p);
}

/* ---- Decoding ------------------------------------------------------------ */

static inline int16_t sat16(int v)
{
    return (int16_t)(v > 32767 ? 32767 : v < -32768 ? -32768 : v);
}

/* score[0..stride) += row, saturating at the ends of 16 bits (a vector of
 * eight at a time where the machine has SSE2). */
static inline void add_row(int16_t *restrict score, const int16_t *restrict row, int stride)
{
#ifdef __SSE2__
    for (int c = 0; c < stride; c += 8) {
        __m128i x = _mm_loadu_si128((const __m128i *)(score + c));
        __m128i y = _mm_loadu_si128((const __m128i *)(row + c));
        _mm_storeu_si128((__m128i *)(score + c), _mm_adds_epi16(x, y));
    }
#else
    for (int c = 0; c < stride; c++) {
        int v = score[c] + row[c];
        score[c] = sat16(v);
    }
#endif
}

void cd_parse_scores(const cd_parser *p, const uint64_t *fs, int nf, int16_t *score)
{
    /* three passes, so that the cache misses of all features overlap:
     * the slots, then the weights, then the sums */
    uint32_t at[CD_PARSE_MAX_FEATS];
    for (int f = 0; f < nf; f++) {
        at[f] = cd_slot_mix(fs[f], p->mask);
        __builtin_prefetch(&p->slots[at[f]]);
    }
    int m = 0;
    for (int f = 0; f < nf; f++) {
        uint32_t h = at[f], fp = (uint32_t)(fs[f] >> 32);
        while (p->slots[h].off != EMPTY) {
            if (p->slots[h].fp == fp) {
                uint32_t off = p->slots[h].off;
                at[m++] = off;
                if (off & DENSE)
                    __builtin_prefetch(&p->dense[(size_t)(off & ~DENSE) * (size_t)p->stride]);
                else
                    __builtin_prefetch(&p->packed[off]);
                break;
            }
            h = (h + 1) & p->mask;
        }
    }
    for (int c = 0; c < p->stride; c++)
        score[c] = 0;
    for (int i = 0; i < m; i++) {
        uint32_t q = at[i], u;
        if (q & DENSE) {
            add_row(score, &p->dense[(size_t)(q & ~DENSE) * (size_t)p->stride], p->stride);
            continue;
        }
        do {
            u = p->packed[q++];
            int w = (int)(u >> 16);
            score[u & 0x7F] = sat16(score[u & 0x7F] + (w >= 32768 ? w - 65536 : w));
        } while (!(u & 0x80));
    }
}

void cd_parse(const cd_parser *p, const cd_pwords *s, cd_pstate *st)
{
    uint64_t fs[CD_PARSE_MAX_FEATS];
    int16_t score[2 + 2 * CD_PARSE_MAX_LABELS + 8];
    while (!cd_parse_done(st)) {
        int nf = cd_parse_features(s, st, fs);
        cd_parse_scores(p, fs, nf, score);
        int best = -1;
        for (int c = 0; c < p->nclass; c++)
            if ((best < 0 || score[c] > score[best]) &&
                cd_parse_legal(st, p->nlabels, p->root_label, c))
                best = c;
        if (best < 0)
            break;  /* the root is taken and a word is left without a head */
        cd_parse_apply(st, p->nlabels, best);
    }
    cd_parse_finish(st, p->root_label, p->dep_label);
}
