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
    const cd_parser *p = &m->parser;
    if (model) {
        if (cd_parser_load(&other, model, err, sizeof err) != CD_OK) {
            fprintf(stderr, "measure_parser: %s\n", err);
            return 1;
        }
        p = &other;
    }
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
    if (model)
        cd_parser_free(&other);
    cd_model_free(m);
    return 0;
}
