/*
 * train_ranker.c - learn the headline ranking weights.
 *
 * For every row of the given JSONL sets (id, title, text), runs the
 * pipeline, scores every headline candidate that passed the checks by
 * ROUGE-L F1 against the human title, and fits the linear weights of
 * data/ranker.txt so that the top-scored candidate has the best ROUGE-L
 * it can, by gradient ascent on the expected ROUGE-L under a softmax
 * over each article's candidates.
 *
 *   train_ranker [-cv] [-page W] OUT.txt SET.jsonl...
 *
 * A row without `text` is read from its page (`html_path`, relative to
 * the set's folder, plain or gzip-compressed), as `copydesk eval` reads
 * it, so the web sets teach the ranker what their pages look like.
 *
 * First it fits the token keep model (logistic regression: is this word
 * of the first three sentences in the title?), then the ranking weights.
 *
 * With -page W it fits only the weights for articles read from a page
 * (the `page` vector of data/ranker.txt), keeping the keep model and the
 * `rank` weights as loaded: every row teaches it, a row read from a page
 * W times as much as one given as text, so the web's few pages lead and
 * the wire's many texts keep it from fitting their noise.
 *
 * With -cv it also trains on odd rows and tests on even rows and the
 * other way round, and prints both held-out scores.  Deterministic.
 */
#include <cjson/cJSON.h>
#include <libstemmer.h>
#include <math.h>
#include <stdio.h>
#include <zlib.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Token examples for the keep model. */
typedef struct kex {
    int idx[64];
    int n;
    int label;
} kex;

static kex *kx;
static size_t nkx, capkx;

/* Does the title contain token w (Porter stems, as ROUGE compares)? */
static int in_title(struct sb_stemmer *st, const char *title, const char *w)
{
    char sw[64];
    size_t n = strlen(w);
    if (n == 0 || n >= sizeof sw)
        return 0;
    const sb_symbol *r = sb_stemmer_stem(st, (const sb_symbol *)w, (int)n);
    snprintf(sw, sizeof sw, "%.*s", sb_stemmer_length(st), (const char *)r);
    char buf[512];
    snprintf(buf, sizeof buf, "%s", title);
    for (char *p = buf; *p; p++)
        *p = (char)((*p >= 'A' && *p <= 'Z') ? *p + 32 : *p);
    char *save = NULL;
    for (char *t = strtok_r(buf, " ,.:;'\"!?()-", &save); t;
         t = strtok_r(NULL, " ,.:;'\"!?()-", &save)) {
        const sb_symbol *q = sb_stemmer_stem(st, (const sb_symbol *)t, (int)strlen(t));
        if ((size_t)sb_stemmer_length(st) == strlen(sw) &&
            memcmp(q, sw, strlen(sw)) == 0)
            return 1;
    }
    return 0;
}

/* Logistic regression by full-batch AdaGrad ascent on the mean
 * log-likelihood, L2-penalised; prints the training log-loss. */
static void train_keep(double *w)
{
    static double g2[CD_NKEEP];
    memset(w, 0, CD_NKEEP * sizeof *w);
    memset(g2, 0, sizeof g2);
    double loss = 0;
    const int iters = 300;
    for (int it = 0; it < iters; it++) {
        static double g[CD_NKEEP];
        memset(g, 0, sizeof g);
        loss = 0;
        for (size_t e = 0; e < nkx; e++) {
            double z = 0;
            for (int i = 0; i < kx[e].n; i++)
                z += w[kx[e].idx[i]];
            double p = 1 / (1 + exp(-z));
            loss -= kx[e].label ? log(p + 1e-12) : log(1 - p + 1e-12);
            for (int i = 0; i < kx[e].n; i++)
                g[kx[e].idx[i]] += kx[e].label - p;
        }
        for (int k = 0; k < CD_NKEEP; k++) {
            double gk = g[k] / (double)nkx - 1e-5 * w[k];
            g2[k] += gk * gk;
            w[k] += 0.5 * gk / (sqrt(g2[k]) + 1e-8);
        }
    }
    fprintf(stderr, "keep model: log-loss %.4f\n", loss / (double)nkx);
}

typedef struct art {
    int n;
    float (*f)[CD_NFEAT];
    double *rl;
} art;

static double pick(const art *a, const double *w)
{
    int best = -1;
    double bv = 0;
    for (int i = 0; i < a->n; i++) {
        double v = 0;
        for (int k = 0; k < CD_NFEAT; k++)
            v += w[k] * a->f[i][k];
        if (best < 0 || v > bv) {
            best = i;
            bv = v;
        }
    }
    return best < 0 ? 0 : a->rl[best];
}

/* Mean ROUGE-L of the top pick over rows i with i % 2 == fold (fold -1:
 * all) and, when set >= 0, from that set only. */
static const int *row_set;
static const double *row_w; /* each row's weight in training; NULL: 1 */

static double mean_rl_set(const art *arts, int n, const double *w, int fold, int set)
{
    double s = 0;
    int m = 0;
    for (int i = 0; i < n; i++) {
        if ((fold >= 0 && i % 2 != fold) || (set >= 0 && row_set[i] != set))
            continue;
        s += pick(&arts[i], w);
        m++;
    }
    return m ? s / m : 0;
}

static double mean_rl(const art *arts, int n, const double *w, int fold)
{
    return mean_rl_set(arts, n, w, fold, -1);
}

/* Train on rows with i % 2 != skip (skip -1: all rows): full-batch
 * gradient ascent on the expected ROUGE-L of a softmax over each
 * article's candidates (a listwise objective, smoother than the top
 * pick's ROUGE-L), with a small L2 penalty. */
static void train(const art *arts, int n, int skip, double *w)
{
    double grad[CD_NFEAT], m1[CD_NFEAT] = {0}, m2[CD_NFEAT] = {0};
    const double lr = 0.05, l2 = 3e-4, b1 = 0.9, b2 = 0.999;
    const int iters = 1000;
    double *p = NULL;
    int maxn = 0;
    for (int i = 0; i < n; i++)
        if (arts[i].n > maxn)
            maxn = arts[i].n;
    p = malloc(((size_t)maxn + 1) * sizeof *p);
    for (int it = 1; it <= iters; it++) {
        memset(grad, 0, sizeof grad);
        double used = 0;
        for (int i = 0; i < n; i++) {
            if ((skip >= 0 && i % 2 == skip) || !arts[i].n)
                continue;
            const art *a = &arts[i];
            double wt = row_w ? row_w[i] : 1;
            double mx = -1e30, z = 0, er = 0;
            for (int c = 0; c < a->n; c++) {
                double v = 0;
                for (int k = 0; k < CD_NFEAT; k++)
                    v += w[k] * a->f[c][k];
                p[c] = v;
                if (v > mx)
                    mx = v;
            }
            for (int c = 0; c < a->n; c++) {
                p[c] = exp(p[c] - mx);
                z += p[c];
            }
            for (int c = 0; c < a->n; c++) {
                p[c] /= z;
                er += p[c] * a->rl[c];
            }
            for (int c = 0; c < a->n; c++)
                for (int k = 0; k < CD_NFEAT; k++)
                    grad[k] += wt * p[c] * (a->rl[c] - er) * a->f[c][k];
            used += wt;
        }
        for (int k = 0; k < CD_NFEAT; k++) {
            double g = grad[k] / (used ? used : 1) - 2 * l2 * w[k];
            m1[k] = b1 * m1[k] + (1 - b1) * g;
            m2[k] = b2 * m2[k] + (1 - b2) * g * g;
            double mh = m1[k] / (1 - pow(b1, it)), vh = m2[k] / (1 - pow(b2, it));
            w[k] += lr * mh / (sqrt(vh) + 1e-8);
        }
    }
    free(p);
}

typedef struct row {
    char *text, *title;
    int set;   /* which SET.jsonl it came from */
    bool page; /* read from its page */
} row;

/* The page at `rel` beside the set file, inflated if need be; malloc'd,
 * or NULL. */
static char *read_page(const char *set_path, const char *rel)
{
    char path[4096];
    const char *slash = strrchr(set_path, '/');
    int dir = slash ? (int)(slash - set_path) : 0;
    snprintf(path, sizeof path, "%.*s%s%s", dir, set_path, dir ? "/" : "", rel);
    gzFile g = gzopen(path, "rb");
    if (!g)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    int got;
    while (buf && (got = gzread(g, buf + n, (unsigned)(cap - n))) > 0) {
        n += (size_t)got;
        if (n == cap) {
            char *b = realloc(buf, cap * 2 + 1);
            if (!b) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
    }
    gzclose(g);
    if (buf)
        buf[n] = 0;
    return buf;
}

/* Run every row and keep its headline candidates' features and scores. */
static void collect(cd_run *run, const row *rows, int n, art *arts)
{
    for (int i = 0; i < n; i++) {
        art *ar = &arts[i];
        free(ar->f);
        free(ar->rl);
        memset(ar, 0, sizeof *ar);
        cd_run_reset(run);
        if (cd_run_article(run, rows[i].text, strlen(rows[i].text)) != CD_OK)
            continue;
        const cd_candlist *l = &run->cands[CD_HEADLINE];
        ar->f = malloc(((size_t)l->n + 1) * sizeof *ar->f);
        ar->rl = malloc(((size_t)l->n + 1) * sizeof *ar->rl);
        for (int c = 0; c < l->n; c++) {
            if (l->v[c].reject)
                continue;
            memcpy(ar->f[ar->n], l->v[c].feat, sizeof ar->f[0]);
            ar->rl[ar->n] = cd_rouge_f1(rows[i].title, l->v[c].text, 0);
            ar->n++;
        }
    }
}

int main(int argc, char **argv)
{
    int a = 1;
    bool cv = false;
    double page_weight = 0; /* 0: train keep and rank, not page */
    if (a < argc && strcmp(argv[a], "-cv") == 0) {
        cv = true;
        a++;
    }
    if (a + 1 < argc && strcmp(argv[a], "-page") == 0) {
        page_weight = atof(argv[a + 1]);
        a += 2;
        if (page_weight <= 0) {
            fprintf(stderr, "train_ranker: -page wants a weight above 0\n");
            return 2;
        }
    }
    if (argc - a < 2) {
        fprintf(stderr, "usage: train_ranker [-cv] [-page W] OUT.txt SET.jsonl...\n");
        return 2;
    }
    const char *out = argv[a++];
    cd_model *m;
    char err[256];
    if (cd_model_load(NULL, NULL, &m, err, sizeof err) != CD_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    cd_run *run;
    cd_opts ro;
    cd_opts_init(&ro);
    ro.read_all = 1; /* the training reads every candidate's verdict */
    cd_run_new(m, &ro, &run);
    row *rows = NULL;
    int n = 0, cap = 0;
    static char line[1 << 22];
    int first_set = a, nsets = argc - a;
    for (; a < argc; a++) {
        FILE *f = fopen(argv[a], "r");
        if (!f) {
            perror(argv[a]);
            return 1;
        }
        while (fgets(line, sizeof line, f)) {
            cJSON *j = cJSON_Parse(line);
            if (!j)
                continue;
            const cJSON *t = cJSON_GetObjectItem(j, "text");
            const cJSON *h = cJSON_GetObjectItem(j, "title");
            const cJSON *lang = cJSON_GetObjectItem(j, "lang");
            const cJSON *page = cJSON_GetObjectItem(j, "html_path");
            char *text = cJSON_IsString(t) ? strdup(t->valuestring)
                         : cJSON_IsString(page) ? read_page(argv[a], page->valuestring)
                                                : NULL;
            if (text && cJSON_IsString(h) &&
                !(cJSON_IsString(lang) && strncmp(lang->valuestring, "en", 2))) {
                if (n == cap) {
                    cap = cap ? cap * 2 : 1024;
                    rows = realloc(rows, (size_t)cap * sizeof *rows);
                }
                rows[n].text = text;
                rows[n].title = strdup(h->valuestring);
                rows[n].set = a - first_set;
                rows[n].page = !cJSON_IsString(t);
                n++;
            } else {
                free(text);
            }
            cJSON_Delete(j);
        }
        fclose(f);
    }

    int *sets = malloc(((size_t)n + 1) * sizeof *sets);
    double *weights = malloc(((size_t)n + 1) * sizeof *weights);
    for (int i = 0; i < n; i++) {
        sets[i] = rows[i].set;
        weights[i] = page_weight > 0 && rows[i].page ? page_weight : 1;
    }
    row_set = sets;
    row_w = weights;

    /* Stage 1: the keep model, from the first three sentences. */
    struct sb_stemmer *st = sb_stemmer_new("porter", NULL);
    for (int i = 0; i < n && page_weight == 0; i++) {
        cd_run_reset(run);
        if (cd_run_article(run, rows[i].text, strlen(rows[i].text)) != CD_OK)
            continue;
        int end = run->nsent > 3 ? run->sents[3].tok0 : run->ntok;
        for (int k = 0; k < end; k++) {
            if (run->toks[k].pos == P_PUNCT)
                continue;
            if (nkx == capkx) {
                capkx = capkx ? capkx * 2 : 65536;
                kx = realloc(kx, capkx * sizeof *kx);
            }
            kex *e = &kx[nkx++];
            e->n = cd_keep_features(run, k, e->idx);
            e->label = in_title(st, rows[i].title, run->toks[k].lower);
        }
    }
    sb_stemmer_delete(st);
    if (page_weight == 0) {
        train_keep(m->keep_w);
        fprintf(stderr, "keep model: %zu tokens\n", nkx);
    }

    /* Stage 2: the ranking weights. */
    art *arts = calloc((size_t)n + 1, sizeof *arts);
    collect(run, rows, n, arts);
    double start[CD_NFEAT];
    for (int k = 0; k < CD_NFEAT; k++)
        start[k] = page_weight > 0 ? m->page_w[k] : m->rank_w[k];
    double w[CD_NFEAT];
    double zero[CD_NFEAT] = {0};
    /* the best any weights could do: each row's best candidate */
    double best = 0;
    for (int i = 0; i < n; i++) {
        double b = 0;
        for (int c = 0; c < arts[i].n; c++)
            b = arts[i].rl[c] > b ? arts[i].rl[c] : b;
        best += b;
    }
    fprintf(stderr, "best candidate per row: ROUGE-L %.2f\n", n ? 100 * best / n : 0);
    fprintf(stderr, "%d articles; current weights: ROUGE-L %.2f\n", n,
            100 * mean_rl(arts, n, start, -1));
    if (cv) {
        for (int fold = 0; fold < 2; fold++) {
            memcpy(w, zero, sizeof w);
            train(arts, n, fold, w);
            fprintf(stderr, "cv: trained without rows %% 2 == %d: held-out "
                    "ROUGE-L %.2f", fold, 100 * mean_rl(arts, n, w, fold));
            for (int k = 0; k < nsets && nsets > 1; k++)
                fprintf(stderr, " | %s %.2f (current %.2f)", argv[first_set + k],
                        100 * mean_rl_set(arts, n, w, fold, k),
                        100 * mean_rl_set(arts, n, start, fold, k));
            fprintf(stderr, "\n");
        }
    }
    memcpy(w, zero, sizeof w);
    train(arts, n, -1, w);
    fprintf(stderr, "all rows: ROUGE-L %.2f\n", 100 * mean_rl(arts, n, w, -1));
    FILE *o = fopen(out, "w");
    if (!o) {
        perror(out);
        return 1;
    }
    fprintf(o, "copydesk-ranker 1\nkeep %d", CD_NKEEP);
    for (int k = 0; k < CD_NKEEP; k++)
        fprintf(o, " %.5f", m->keep_w[k]);
    /* the text weights as trained, or as loaded beside new page ones */
    fprintf(o, "\nrank %d", CD_NFEAT);
    for (int k = 0; k < CD_NFEAT; k++)
        fprintf(o, " %.5f", page_weight > 0 ? m->rank_w[k] : w[k]);
    if (page_weight > 0) {
        fprintf(o, "\npage %d", CD_NFEAT);
        for (int k = 0; k < CD_NFEAT; k++)
            fprintf(o, " %.5f", w[k]);
    }
    fprintf(o, "\n");
    fclose(o);
    for (int i = 0; i < n; i++) {
        free(arts[i].f);
        free(arts[i].rl);
        free(rows[i].text);
        free(rows[i].title);
    }
    free(arts);
    free(sets);
    free(weights);
    free(rows);
    free(kx);
    cd_run_free(run);
    cd_model_free(m);
    return 0;
}
