/*
 * measure_parser.c - the dependency parser against the treebanks.
 *
 * For each CoNLL-U file, parses every sentence over the treebank's own
 * words twice: tagged by copydesk's tagger (the realistic setting) and
 * with the treebank's tags.  Prints UAS and LAS with punctuation
 * excluded and with every word (CoNLL 2018: labels compared without
 * their subtypes), LAS with subtypes, F1 of the relations compression
 * reads, root accuracy, and sentences per second (tagging and parsing).
 *
 *   measure_parser [-m MODEL.bin] FILE.conllu...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "conllu.h"

int main(int argc, char **argv)
{
    const char *model = NULL;
    int opt;
    while ((opt = getopt(argc, argv, "m:")) != -1) {
        if (opt != 'm')
            return 2;
        model = optarg;
    }
    cd_model *m;
    char err[256];
    if (optind >= argc || cd_model_load(NULL, NULL, &m, err, sizeof err) != CD_OK) {
        fprintf(stderr, "usage: measure_parser [-m MODEL.bin] FILE.conllu... (%s)\n",
                optind >= argc ? "no file" : err);
        return 2;
    }
    cd_parser other;
    const cd_parser *p = &other;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (cd_parser_load(&other, model ? model : CD_DATADIR "/parser.bin", err,
                       sizeof err) != CD_OK) {
        fprintf(stderr, "measure_parser: %s\n", err);
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("parser model: %u features, loaded in %.0f ms, %.1f MB in memory\n", p->nfeat,
           (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
           (double)((size_t)(p->mask + 1) * sizeof *p->slots +
                    (size_t)p->npairs * sizeof *p->packed +
                    (size_t)p->ndense * (size_t)p->stride * sizeof *p->dense) / 1048576.0);
    for (int a = optind; a < argc; a++) {
        int n;
        cl_sent *v = cl_read(argv[a], &n);
        const char *name = strrchr(argv[a], '/') ? strrchr(argv[a], '/') + 1 : argv[a];
        cl_score s;
        cl_eval(m, p, v, n, true, &s);
        cl_print(name, "copydesk's tags", &s, true);
        cl_eval(m, p, v, n, false, &s);
        cl_print(name, "treebank tags", &s, true);
        cl_free(v, n);
    }
    cd_parser_free(&other);
    cd_model_free(m);
    return 0;
}
