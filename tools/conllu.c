/*
 * conllu.c - reading CoNLL-U files and scoring parses against them.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "conllu.h"

const char *const cl_rel_names[CL_NREL] = {
    "nsubj", "obj", "ccomp", "xcomp", "advcl", "acl:relcl", "appos", "conj", "obl",
};

static char *dup(const char *s)
{
    size_t n = strlen(s);
    char *p = malloc(n + 1);
    if (!p) {
        fprintf(stderr, "out of memory\n");
        exit(1);
    }
    memcpy(p, s, n + 1);
    return p;
}

cl_sent *cl_read(const char *path, int *count)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        perror(path);
        exit(1);
    }
    cl_sent *v = NULL;
    int n = 0, cap = 0;
    char line[8192];
    enum { MAXW = 1024 };
    char *form[MAXW], *lemma[MAXW], *upos[MAXW], *xpos[MAXW], *rel[MAXW];
    int head[MAXW], k = 0;
    for (;;) {
        char *got = fgets(line, sizeof line, f);
        if (!got || line[0] == '\n' || line[0] == '\r') {
            if (k) {
                if (n == cap) {
                    cap = cap ? cap * 2 : 1024;
                    v = realloc(v, (size_t)cap * sizeof *v);
                }
                cl_sent *s = &v[n++];
                s->n = k;
                s->form = malloc((size_t)k * sizeof(char *));
                s->lemma = malloc((size_t)k * sizeof(char *));
                s->upos = malloc((size_t)k * sizeof(char *));
                s->xpos = malloc((size_t)k * sizeof(char *));
                s->deprel = malloc((size_t)k * sizeof(char *));
                s->head = malloc((size_t)k * sizeof(int));
                memcpy(s->form, form, (size_t)k * sizeof(char *));
                memcpy(s->lemma, lemma, (size_t)k * sizeof(char *));
                memcpy(s->upos, upos, (size_t)k * sizeof(char *));
                memcpy(s->xpos, xpos, (size_t)k * sizeof(char *));
                memcpy(s->deprel, rel, (size_t)k * sizeof(char *));
                memcpy(s->head, head, (size_t)k * sizeof(int));
                k = 0;
            }
            if (!got)
                break;
            continue;
        }
        if (line[0] == '#')
            continue;
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
        if (c < 8 || strchr(col[0], '-') || strchr(col[0], '.'))
            continue;
        if (k == MAXW) {
            fprintf(stderr, "%s: a sentence of over %d words\n", path, MAXW);
            exit(1);
        }
        form[k] = dup(col[1]);
        lemma[k] = dup(col[2]);
        upos[k] = dup(col[3]);
        xpos[k] = dup(col[4]);
        rel[k] = dup(col[7]);
        head[k] = atoi(col[6]);
        k++;
    }
    fclose(f);
    *count = n;
    return v;
}

void cl_free(cl_sent *v, int n)
{
    for (int i = 0; i < n; i++) {
        for (int k = 0; k < v[i].n; k++) {
            free(v[i].form[k]);
            free(v[i].lemma[k]);
            free(v[i].upos[k]);
            free(v[i].xpos[k]);
            free(v[i].deprel[k]);
        }
        free(v[i].form);
        free(v[i].lemma);
        free(v[i].upos);
        free(v[i].xpos);
        free(v[i].deprel);
        free(v[i].head);
    }
    free(v);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The universal part of a label ("obl:tmod" -> "obl"), CoNLL 2018's LAS. */
static size_t base_len(const char *l)
{
    return strcspn(l, ":");
}

static bool same_base(const char *a, const char *b)
{
    size_t n = base_len(a);
    return n == base_len(b) && memcmp(a, b, n) == 0;
}

/* Does label l count as relation r?  A relation with a subtype matches
 * itself only; one without matches its subtypes ("nsubj" takes
 * "nsubj:pass"). */
static bool rel_is(const char *l, const char *r)
{
    if (strchr(r, ':'))
        return strcmp(l, r) == 0;
    return same_base(l, r) && base_len(l) == strlen(r);
}

void cl_eval(const cd_model *m, const cd_parser *p, const cl_sent *v, int n,
             bool own_tags, cl_score *out)
{
    memset(out, 0, sizeof *out);
    int maxn = 1;
    for (int i = 0; i < n; i++)
        if (v[i].n > maxn)
            maxn = v[i].n;
    size_t mm = (size_t)maxn + 1;
    uint64_t *w = malloc(3 * mm * sizeof *w);
    void *mem = malloc(cd_pstate_bytes(maxn));
    void *scratch = malloc(cd_tag_scratch_bytes(maxn));
    char **low = malloc(mm * sizeof *low);
    uint8_t *tags = malloc(mm);
    for (size_t k = 0; k < mm; k++)
        low[k] = malloc(64);
    uint64_t taghash[CD_MAX_TAGS];
    for (int t = 0; t < m->tagger.ntags; t++)
        taghash[t] = cd_parse_tag_hash(m->tagger.tags[t]);
    uint64_t *ph = w + mm, *xh = w + 2 * mm;
    double t0 = now();
    for (int i = 0; i < n; i++) {
        const cl_sent *s = &v[i];
        w[0] = cd_parse_word_hash("-ROOT-", 6);
        ph[0] = cd_parse_tag_hash("-ROOT-");
        xh[0] = cd_parse_suffix_hash("-ROOT-", 6);
        if (own_tags) {
            for (int k = 0; k < s->n; k++) {
                size_t j = 0;
                for (; s->form[k][j] && j < 63; j++)
                    low[k][j] = (char)tolower((unsigned char)s->form[k][j]);
                low[k][j] = 0;
            }
            cd_tag_words(m, (const char *const *)s->form, (const char *const *)low,
                         s->n, scratch, tags);
        }
        for (int k = 0; k < s->n; k++) {
            size_t len = strlen(s->form[k]);
            w[k + 1] = cd_parse_word_hash(s->form[k], len);
            ph[k + 1] = own_tags ? taghash[tags[k]] : cd_parse_tag_hash(s->xpos[k]);
            xh[k + 1] = cd_parse_suffix_hash(s->form[k], len);
        }
        cd_pwords pw = {s->n, w, ph, xh};
        cd_pstate st;
        cd_pstate_init(&st, mem, s->n);
        cd_parse(p, &pw, &st);
        out->sents++;
        int groot = -1, proot = -1;
        for (int k = 0; k < s->n; k++) {
            if (s->head[k] == 0)
                groot = k;
            if (st.head[k + 1] == 0)
                proot = k;
            const char *gl = s->deprel[k], *pl = p->labels[st.label[k + 1]];
            bool uh = st.head[k + 1] == s->head[k];
            bool full = uh && strcmp(gl, pl) == 0;
            bool base = uh && same_base(gl, pl);
            out->words++;
            out->uas += uh;
            out->las += base;
            out->ulas += full;
            if (strcmp(gl, "punct") != 0) {
                out->words_np++;
                out->uas_np += uh;
                out->las_np += base;
                out->ulas_np += full;
            }
            for (int r = 0; r < CL_NREL; r++) {
                bool g = rel_is(gl, cl_rel_names[r]), q = rel_is(pl, cl_rel_names[r]);
                out->rel_gold[r] += g;
                out->rel_pred[r] += q;
                out->rel_ok[r] += g && q && uh;
            }
        }
        out->root_ok += groot >= 0 && groot == proot;
        if (getenv("CD_SHOW_ROOT") && groot != proot && groot >= 0 && proot >= 0) {
            printf("ROOT want=%s got=%s(%s):", s->form[groot], s->form[proot],
                   p->labels[st.label[proot + 1]]);
            for (int k = 0; k < s->n; k++)
                printf(" %s", s->form[k]);
            printf("\n");
        }
    }
    out->seconds = now() - t0;
    for (size_t k = 0; k < mm; k++)
        free(low[k]);
    free(low);
    free(tags);
    free(scratch);
    free(mem);
    free(w);
}

static double pct(long a, long b)
{
    return b ? 100.0 * (double)a / (double)b : 0;
}

void cl_print(const char *name, const char *setting, const cl_score *s, bool full)
{
    printf("%s, %s: UAS %.2f LAS %.2f (punctuation excluded), UAS %.2f LAS %.2f "
           "(all words, CoNLL 2018); root %.2f%%; %.0f sentences/s\n",
           name, setting, pct(s->uas_np, s->words_np), pct(s->las_np, s->words_np),
           pct(s->uas, s->words), pct(s->las, s->words), pct(s->root_ok, s->sents),
           s->seconds > 0 ? (double)s->sents / s->seconds : 0);
    if (!full)
        return;
    printf("  LAS with subtypes %.2f (all words); F1:", pct(s->ulas, s->words));
    for (int r = 0; r < CL_NREL; r++) {
        double pr = pct(s->rel_ok[r], s->rel_pred[r]), rc = pct(s->rel_ok[r], s->rel_gold[r]);
        printf(" %s %.1f", cl_rel_names[r], pr + rc > 0 ? 2 * pr * rc / (pr + rc) : 0);
    }
    printf("\n");
}
