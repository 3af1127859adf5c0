/*
 * measure_clause.c - how often copydesk finds a sentence's main verb.
 *
 * For every sentence of a CoNLL-U file whose root is a verb (or a
 * predicate with a copula), rebuilds the sentence text, runs the
 * library's analysis and clause finder on it, and compares the main
 * verb found with the treebank's: the root verb, or the copula of a
 * non-verbal root.  Prints accuracy and sentences per second.
 *
 *   measure_clause FILE.conllu...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "generate.h"

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void lower(char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            *s = (char)(*s + 32);
}

int main(int argc, char **argv)
{
    cd_model *m;
    char err[256];
    if (argc < 2 || cd_model_load(NULL, NULL, &m, err, sizeof err) != CD_OK) {
        fprintf(stderr, "usage: measure_clause FILE.conllu... (%s)\n",
                argc < 2 ? "no file" : err);
        return 2;
    }
    cd_run *run;
    cd_run_new(m, NULL, &run);
    for (int a = 1; a < argc; a++) {
        FILE *f = fopen(argv[a], "r");
        if (!f) {
            perror(argv[a]);
            return 1;
        }
        char line[4096];
        char form[256][64], upos[256][16], deprel[256][32];
        int head[256], n = 0;
        long total = 0, found = 0, right = 0;
        double t0 = now(), analysed = 0;
        while (fgets(line, sizeof line, f)) {
            if (line[0] == '#')
                continue;
            if (line[0] != '\n') {
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
                if (c < 8 || strchr(col[0], '-') || strchr(col[0], '.') || n == 256)
                    continue;
                snprintf(form[n], sizeof form[n], "%s", col[1]);
                snprintf(upos[n], sizeof upos[n], "%s", col[3]);
                snprintf(deprel[n], sizeof deprel[n], "%s", col[7]);
                head[n] = atoi(col[6]);
                n++;
                continue;
            }
            /* a sentence: find the gold main verb */
            int root = -1, gold = -1;
            for (int i = 0; i < n; i++)
                if (head[i] == 0)
                    root = i;
            if (root >= 0 && strcmp(upos[root], "VERB") == 0)
                gold = root;
            else if (root >= 0)
                for (int i = 0; i < n; i++)
                    if (head[i] == root + 1 && strcmp(deprel[i], "cop") == 0)
                        gold = i;
            if (gold >= 0 && n >= 3) {
                char text[8192];
                size_t o = 0;
                int occ = 0;
                for (int i = 0; i < n && o + 70 < sizeof text; i++) {
                    if (i && strcasecmp(form[i], form[gold]) == 0 && i < gold)
                        occ++;
                    o += (size_t)snprintf(text + o, sizeof text - o, "%s%s",
                                          i ? " " : "", form[i]);
                }
                total++;
                cd_run_reset(run);
                double t1 = now();
                cd_status st = cd_extract(run, text, o);
                if (st == CD_OK)
                    st = cd_analyze(run);
                cd_clause c;
                bool ok = st == CD_OK && run->nsent > 0 &&
                          cd_clause_find(run, run->sents[0].tok0,
                                         run->sents[0].tok0 + run->sents[0].ntok, &c);
                analysed += now() - t1;
                if (ok) {
                    found++;
                    char want[64], got[64];
                    snprintf(want, sizeof want, "%s", form[gold]);
                    snprintf(got, sizeof got, "%.*s", (int)run->toks[c.mv].len,
                             run->text + run->toks[c.mv].off);
                    lower(want);
                    lower(got);
                    int gocc = 0;
                    for (int k = run->sents[0].tok0; k < c.mv; k++)
                        if (strcmp(run->toks[k].lower, got) == 0)
                            gocc++;
                    if (strcmp(want, got) == 0 && gocc == occ)
                        right++;
                    else if (getenv("CD_SHOW"))
                        printf("WRONG want=%s got=%s: %s\n", want, got, text);
                } else if (getenv("CD_SHOW")) {
                    printf("NONE want=%s: %s\n", form[gold], text);
                }
            }
            n = 0;
        }
        fclose(f);
        printf("%s: %ld sentences with a verbal or copular root; clause found "
               "in %ld (%.1f%%); main verb right in %ld (%.1f%%); %.0f "
               "sentences/s (analysis + clause)\n", argv[a], total, found,
               100.0 * found / (total ? total : 1), right,
               100.0 * right / (total ? total : 1),
               analysed > 0 ? total / analysed : 0);
        (void)t0;
    }
    cd_run_free(run);
    cd_model_free(m);
    return 0;
}
