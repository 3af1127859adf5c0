/*
 * train_parser.c - train copydesk's dependency parser.
 *
 * Reads CoNLL-U files (Universal Dependencies), learns an averaged
 * perceptron over the arc-eager transitions and features of
 * src/parser.c with Goldberg and Nivre's dynamic oracle (error
 * exploration from the second iteration on), and writes the model that
 * cd_parser_load reads.
 *
 *   train_parser [-i ITERS] [-t] [-e DEV.conllu] [-p PRUNE] OUT.bin TRAIN.conllu...
 *
 * -p drops averaged weights smaller than PRUNE in magnitude (1.0: a
 * third of the model's size, no accuracy lost on EWT test).
 * -t trains on the tags copydesk's own tagger gives the training words
 * (the treebank's tags otherwise).  With -e, each iteration's averaged
 * model is written, loaded back through the library and scored on DEV.
 * Training is deterministic: the shuffle and the exploration draw from a
 * fixed-seed generator, so the same data give the same model bytes.
 * Non-projective training trees are made projective by lifting arcs.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conllu.h"

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    return p;
}

/* ---- Labels ---------------------------------------------------------- */

static char labels[CD_PARSE_MAX_LABELS][24];
static int nlabels;

static int label_id(const char *l)
{
    for (int k = 0; k < nlabels; k++)
        if (strcmp(labels[k], l) == 0)
            return k;
    return -1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* ---- Training sentences ---------------------------------------------- */

typedef struct tsent {
    int n;
    uint64_t *w, *p, *x;   /* n + 1 each, 0 the root */
    int *gh, *gl;          /* gold (projectivised) heads and labels, 1..n */
} tsent;

static bool dominates(const int *h, int a, int d)
{
    while (d > 0) {
        if (d == a)
            return true;
        d = h[d];
    }
    return a == 0;
}

/* Lift the shortest non-projective arc to its head's head until none is
 * left (Nivre and Nilsson 2005, without the label encoding). */
static int projectivise(int n, int *h)
{
    int lifted = 0;
    for (;;) {
        int best = -1, blen = 0;
        for (int d = 1; d <= n; d++) {
            int a = h[d], lo = a < d ? a : d, hi = a < d ? d : a;
            for (int k = lo + 1; k < hi; k++)
                if (!dominates(h, a, k)) {
                    if (best < 0 || hi - lo < blen) {
                        best = d;
                        blen = hi - lo;
                    }
                    break;
                }
        }
        if (best < 0 || h[best] == 0)
            return lifted;
        h[best] = h[h[best]];
        lifted++;
    }
}

/* ---- Weights ----------------------------------------------------------- */

typedef struct pair {
    uint32_t next;      /* index + 1 of the feature's next pair, 0 none */
    uint8_t cls;
    float w;
    double tot;
    long ts;
} pair;

static uint64_t *fkey;
static uint32_t *fhead;     /* index + 1 of the first pair */
static uint32_t fcap, fcount;
static pair *pairs;
static uint32_t npairs, pcap;
static long clock_t_;       /* updates so far, for averaging */

static uint32_t slot_of(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (uint32_t)x & (fcap - 1);
}

static void grow(void)
{
    uint32_t ocap = fcap;
    uint64_t *ok = fkey;
    uint32_t *oh = fhead;
    fcap = fcap ? fcap * 2 : 1u << 20;
    fkey = xmalloc((size_t)fcap * sizeof *fkey);
    fhead = calloc(fcap, sizeof *fhead);
    if (!fhead)
        exit(1);
    for (uint32_t i = 0; i < ocap; i++)
        if (oh[i]) {
            uint32_t h = slot_of(ok[i]);
            while (fhead[h])
                h = (h + 1) & (fcap - 1);
            fkey[h] = ok[i];
            fhead[h] = oh[i];
        }
    free(ok);
    free(oh);
}

/* The slot of feature `key`, or -1; with `add`, makes it. */
static long fslot(uint64_t key, bool add)
{
    if (add && (fcount + 1) * 2 > fcap)
        grow();
    if (!fcap)
        return -1;
    uint32_t h = slot_of(key);
    while (fhead[h]) {
        if (fkey[h] == key)
            return h;
        h = (h + 1) & (fcap - 1);
    }
    if (!add)
        return -1;
    fkey[h] = key;
    fhead[h] = 0;
    return h;
}

static void score_all(const uint64_t *fs, int nf, int nclass, float *score)
{
    for (int c = 0; c < nclass; c++)
        score[c] = 0;
    for (int f = 0; f < nf; f++) {
        long s = fslot(fs[f], false);
        if (s < 0)
            continue;
        for (uint32_t q = fhead[s]; q; q = pairs[q - 1].next)
            score[pairs[q - 1].cls] += pairs[q - 1].w;
    }
}

static void update(const uint64_t *fs, int nf, int cls, float delta)
{
    for (int f = 0; f < nf; f++) {
        long s = fslot(fs[f], true);
        uint32_t q = fhead[s], last = 0;
        while (q && pairs[q - 1].cls != cls) {
            last = q;
            q = pairs[q - 1].next;
        }
        if (!q) {
            if (npairs == pcap) {
                pcap = pcap ? pcap * 2 : 1u << 22;
                pairs = realloc(pairs, (size_t)pcap * sizeof *pairs);
                if (!pairs)
                    exit(1);
            }
            pairs[npairs] = (pair){0, (uint8_t)cls, 0, 0, clock_t_};
            q = ++npairs;
            if (last)
                pairs[last - 1].next = q;
            else {
                fhead[s] = q;
                fcount++;
            }
        }
        pair *p = &pairs[q - 1];
        p->tot += (double)(clock_t_ - p->ts) * p->w;
        p->ts = clock_t_;
        p->w += delta;
    }
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static void put32(FILE *f, uint32_t v)
{
    unsigned char b[4] = {(unsigned char)v, (unsigned char)(v >> 8),
                          (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
    fwrite(b, 1, 4, f);
}

/* Write the averaged weights, dropping those below `eps`; returns the
 * number of pairs written. */
static uint32_t write_model(const char *path, double eps)
{
    uint64_t *keys = xmalloc((size_t)fcount * sizeof *keys);
    uint32_t nk = 0;
    for (uint32_t i = 0; i < fcap; i++)
        if (fhead[i])
            keys[nk++] = fkey[i];
    qsort(keys, nk, sizeof *keys, cmp_u64);
    uint32_t *off = xmalloc(((size_t)nk + 2) * sizeof *off);
    float *pw = xmalloc((size_t)npairs * sizeof *pw);
    uint8_t *pc = xmalloc(npairs ? npairs : 1);
    uint32_t np = 0, nf = 0;
    uint64_t *fk = xmalloc((size_t)nk * sizeof *fk + 8);
    for (uint32_t i = 0; i < nk; i++) {
        long s = fslot(keys[i], false);
        uint32_t start = np;
        /* pairs in class order, so the bytes do not depend on update order */
        float cw[2 + 2 * CD_PARSE_MAX_LABELS];
        bool has[2 + 2 * CD_PARSE_MAX_LABELS] = {0};
        for (uint32_t q = fhead[s]; q; q = pairs[q - 1].next) {
            const pair *p = &pairs[q - 1];
            double avg = (p->tot + (double)(clock_t_ - p->ts) * p->w) / (double)clock_t_;
            if (fabs(avg) >= eps) {
                cw[p->cls] = (float)avg;
                has[p->cls] = true;
            }
        }
        for (int c = 0; c < 2 + 2 * nlabels; c++)
            if (has[c]) {
                pw[np] = cw[c];
                pc[np] = (uint8_t)c;
                np++;
            }
        if (np > start) {
            fk[nf] = keys[i];
            off[nf] = start;
            nf++;
        }
    }
    off[nf] = np;
    FILE *f = fopen(path, "wb");
    if (!f) {
        perror(path);
        exit(1);
    }
    fwrite("CDPAR001", 1, 8, f);
    put32(f, (uint32_t)nlabels);
    put32(f, nf);
    put32(f, np);
    put32(f, 0);
    for (int k = 0; k < nlabels; k++)
        fwrite(labels[k], 1, 24, f);
    fwrite(fk, 8, nf, f);
    fwrite(off, 4, nf + 1, f);
    if ((nf + 1) % 2)
        put32(f, 0);
    fwrite(pw, 4, np, f);
    fwrite(pc, 1, np, f);
    if (fclose(f) != 0) {
        perror(path);
        exit(1);
    }
    free(keys);
    free(off);
    free(pw);
    free(pc);
    free(fk);
    return np;
}

/* ---- The dynamic oracle ---------------------------------------------------- */

/* Costs of shift, reduce, left and right arcs (unlabelled): gold arcs
 * that become unreachable (Goldberg and Nivre 2012). */
static void costs(const cd_pstate *st, const tsent *s, int c[4])
{
    int s0 = st->stack[st->sp - 1], b = st->b, n = st->n;
    const int *gh = s->gh;
    c[0] = c[1] = c[2] = c[3] = 0;
    for (int i = 0; i < st->sp; i++) {
        int k = st->stack[i];
        /* shift: b loses heads and dependents in the stack */
        if (gh[b] == k)
            c[0]++;
        if (k > 0 && st->head[k] < 0 && gh[k] == b)
            c[0]++;
        /* right: b loses a head in the stack other than s0, and
         * dependents in the stack */
        if (k != s0 && gh[b] == k)
            c[3]++;
        if (k > 0 && st->head[k] < 0 && gh[k] == b)
            c[3]++;
    }
    for (int k = b + 1; k <= n; k++) {
        if (gh[b] == k)
            c[3]++;                 /* right: b's head is later */
        if (s0 > 0 && gh[s0] == k)
            c[2]++;                 /* left: s0's head is later than b */
    }
    for (int k = b; k <= n; k++)
        if (s0 > 0 && gh[k] == s0) {
            c[1]++;                 /* reduce and left: s0's dependents */
            c[2]++;
        }
}

static uint64_t rng = 0x2545F4914F6CDD1DULL;
static double rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (double)(rng >> 11) / 9007199254740992.0;
}

static long train_sentence(const tsent *s, bool explore, int root_label,
                           void *mem, long *steps_wrong)
{
    cd_pstate st;
    cd_pstate_init(&st, mem, s->n);
    cd_pwords pw = {s->n, s->w, s->p, s->x};
    int nclass = 2 + 2 * nlabels;
    uint64_t fs[CD_PARSE_MAX_FEATS];
    float score[2 + 2 * CD_PARSE_MAX_LABELS];
    long steps = 0;
    while (!cd_parse_done(&st)) {
        int nf = cd_parse_features(&pw, &st, fs);
        score_all(fs, nf, nclass, score);
        int uc[4];
        costs(&st, s, uc);
        int s0 = st.stack[st.sp - 1], b = st.b;
        int pred = -1, gold = -1, mincost = 1 << 30;
        int cost[2 + 2 * CD_PARSE_MAX_LABELS];
        for (int c = 0; c < nclass; c++) {
            if (!cd_parse_legal(&st, nlabels, root_label, c)) {
                cost[c] = -1;
                continue;
            }
            int k;
            if (c == CD_T_SHIFT)
                k = uc[0];
            else if (c == CD_T_REDUCE)
                k = uc[1];
            else if (c < 2 + nlabels)
                k = uc[2] + (s->gh[s0] == b && s->gl[s0] != c - 2);
            else
                k = uc[3] + (s->gh[b] == s0 && s->gl[b] != c - 2 - nlabels);
            cost[c] = k;
            if (k < mincost)
                mincost = k;
            if (pred < 0 || score[c] > score[pred])
                pred = c;
        }
        if (pred < 0)
            break;  /* the root is taken and a word is left without a head */
        for (int c = 0; c < nclass; c++)
            if (cost[c] == mincost && (gold < 0 || score[c] > score[gold]))
                gold = c;
        clock_t_++;
        steps++;
        int next = gold;
        if (cost[pred] > mincost) {
            update(fs, nf, gold, 1.0f);
            update(fs, nf, pred, -1.0f);
            (*steps_wrong)++;
            if (explore && rnd() < 0.9)
                next = pred;
        } else {
            next = pred;
        }
        cd_parse_apply(&st, nlabels, next);
    }
    return steps;
}

/* ---- Main ---------------------------------------------------------------- */

static void fill_tags(const cd_model *m, const cl_sent *c, bool own, uint64_t *p)
{
    if (!own) {
        for (int k = 0; k < c->n; k++)
            p[k + 1] = cd_parse_tag_hash(c->xpos[k]);
        return;
    }
    char **low = xmalloc((size_t)c->n * sizeof *low);
    uint8_t *tags = xmalloc((size_t)c->n);
    void *scratch = xmalloc(cd_tag_scratch_bytes(c->n));
    for (int k = 0; k < c->n; k++) {
        low[k] = xmalloc(64);
        size_t j = 0;
        for (; c->form[k][j] && j < 63; j++)
            low[k][j] = (char)tolower((unsigned char)c->form[k][j]);
        low[k][j] = 0;
    }
    cd_tag_words(m, (const char *const *)c->form, (const char *const *)low, c->n,
                 scratch, tags);
    for (int k = 0; k < c->n; k++) {
        p[k + 1] = cd_parse_tag_hash(m->tagger.tags[tags[k]]);
        free(low[k]);
    }
    free(low);
    free(tags);
    free(scratch);
}

int main(int argc, char **argv)
{
    int iters = 12, opt;
    bool own = false;
    const char *dev = NULL;
    double eps = 1.0;
    while ((opt = getopt(argc, argv, "i:te:p:")) != -1) {
        if (opt == 'i')
            iters = atoi(optarg);
        else if (opt == 't')
            own = true;
        else if (opt == 'e')
            dev = optarg;
        else if (opt == 'p')
            eps = atof(optarg);
        else
            return 2;
    }
    if (argc - optind < 2) {
        fprintf(stderr, "usage: train_parser [-i ITERS] [-t] [-e DEV.conllu] "
                        "[-p PRUNE] OUT.bin TRAIN.conllu...\n");
        return 2;
    }
    const char *out = argv[optind];
    /* the tagger and WordNet's verbs, without a parser model */
    cd_model *m = xmalloc(sizeof *m);
    memset(m, 0, sizeof *m);
    char err[256];
    if (cd_tagger_load(&m->tagger, CD_DATADIR "/tagger.bin", err, sizeof err) != CD_OK ||
        cd_strmap_load_wordnet(&m->verbs, "/usr/share/wordnet/index.verb", false, err,
                               sizeof err) != CD_OK ||
        cd_strmap_load_wordnet(&m->verb_exc, "/usr/share/wordnet/verb.exc", true, err,
                               sizeof err) != CD_OK) {
        fprintf(stderr, "train_parser: %s\n", err);
        return 1;
    }
    /* the training sentences, and the label set sorted by name */
    cl_sent *all = NULL;
    int nall = 0;
    for (int a = optind + 1; a < argc; a++) {
        int n;
        cl_sent *v = cl_read(argv[a], &n);
        all = realloc(all, (size_t)(nall + n) * sizeof *all);
        memcpy(all + nall, v, (size_t)n * sizeof *v);
        nall += n;
        free(v);
    }
    for (int i = 0; i < nall; i++)
        for (int k = 0; k < all[i].n; k++)
            if (label_id(all[i].deprel[k]) < 0) {
                if (nlabels == CD_PARSE_MAX_LABELS) {
                    fprintf(stderr, "too many labels\n");
                    return 1;
                }
                snprintf(labels[nlabels++], 24, "%s", all[i].deprel[k]);
            }
    qsort(labels, (size_t)nlabels, sizeof labels[0], cmp_str);
    int root_label = label_id("root");
    tsent *ts = xmalloc((size_t)nall * sizeof *ts);
    int nts = 0, maxn = 1;
    long lifted = 0, roots_bad = 0;
    for (int i = 0; i < nall; i++) {
        const cl_sent *c = &all[i];
        /* a tree: heads inside the sentence, one root, no cycle */
        int nroot = 0;
        bool tree = true;
        for (int k = 0; k < c->n; k++) {
            nroot += c->head[k] == 0;
            tree = tree && c->head[k] >= 0 && c->head[k] <= c->n && c->head[k] != k + 1;
        }
        for (int k = 0; tree && k < c->n; k++) {
            int h = c->head[k], steps = 0;
            while (h > 0 && steps++ <= c->n)
                h = c->head[h - 1];
            tree = h == 0;
        }
        if (nroot != 1 || !tree) {
            roots_bad++;
            continue;
        }
        tsent *s = &ts[nts++];
        s->n = c->n;
        size_t m1 = (size_t)c->n + 1;
        s->w = xmalloc(3 * m1 * sizeof *s->w);
        s->p = s->w + m1;
        s->x = s->w + 2 * m1;
        s->gh = xmalloc(m1 * sizeof *s->gh);
        s->gl = xmalloc(m1 * sizeof *s->gl);
        s->w[0] = cd_parse_word_hash("-ROOT-", 6);
        s->p[0] = cd_parse_tag_hash("-ROOT-");
        s->x[0] = cd_parse_suffix_hash("-ROOT-", 6);
        s->gh[0] = -1;
        s->gl[0] = 0;
        for (int k = 0; k < c->n; k++) {
            size_t len = strlen(c->form[k]);
            s->w[k + 1] = cd_parse_word_hash(c->form[k], len);
            s->x[k + 1] = cd_parse_suffix_hash(c->form[k], len);
            s->gh[k + 1] = c->head[k];
            s->gl[k + 1] = label_id(c->deprel[k]);
        }
        fill_tags(m, c, own, (uint64_t *)s->p);
        lifted += projectivise(s->n, s->gh);
        if (s->n > maxn)
            maxn = s->n;
    }
    cl_free(all, nall);
    fprintf(stderr, "%d sentences, %d labels, %ld arcs lifted, %ld skipped (not a tree)\n",
            nts, nlabels, lifted, roots_bad);
    cl_sent *dv = NULL;
    int ndv = 0;
    if (dev)
        dv = cl_read(dev, &ndv);
    void *mem = xmalloc(cd_pstate_bytes(maxn));
    int *order = xmalloc((size_t)nts * sizeof *order);
    for (int i = 0; i < nts; i++)
        order[i] = i;
    for (int it = 0; it < iters; it++) {
        for (int i = nts - 1; i > 0; i--) {
            int j = (int)(rnd() * (i + 1));
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        long steps = 0, wrong = 0;
        for (int i = 0; i < nts; i++)
            steps += train_sentence(&ts[order[i]], it > 0, root_label, mem, &wrong);
        fprintf(stderr, "iteration %d: %.2f%% of %ld steps wrong; %u features, %u pairs\n",
                it + 1, 100.0 * (double)wrong / (double)steps, steps, fcount, npairs);
        if (dev && (it == iters - 1 || it % 2 == 1)) {
            uint32_t np = write_model(out, eps);
            cd_parser p;
            if (cd_parser_load(&p, out, err, sizeof err) != CD_OK) {
                fprintf(stderr, "train_parser: %s\n", err);
                return 1;
            }
            cl_score sc;
            cl_eval(m, &p, dv, ndv, true, &sc);
            fprintf(stderr, "  (%u pairs written) ", np);
            fflush(stderr);
            cl_print(dev, "own tags", &sc, false);
            fflush(stdout);
            cd_parser_free(&p);
        }
    }
    uint32_t np = write_model(out, eps);
    fprintf(stderr, "wrote %s: %u pairs\n", out, np);
    for (int i = 0; i < nts; i++) {
        free(ts[i].w);
        free(ts[i].gh);
        free(ts[i].gl);
    }
    free(ts);
    free(order);
    free(mem);
    if (dv)
        cl_free(dv, ndv);
    free(fkey);
    free(fhead);
    free(pairs);
    cd_tagger_free(&m->tagger);
    cd_strmap_free(&m->verbs);
    cd_strmap_free(&m->verb_exc);
    free(m);
    return 0;
}
