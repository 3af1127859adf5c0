/*
 * conllu.h - reading Universal Dependencies treebanks and scoring parses,
 * for the parser's trainer and `make measure` (tools only).
 */
#ifndef CD_TOOLS_CONLLU_H
#define CD_TOOLS_CONLLU_H

#include "internal.h"

/* One sentence's syntactic words (multiword token lines and empty nodes
 * are skipped); heads are 1-based, 0 for the root. */
typedef struct cl_sent {
    int n;
    char **form, **lemma, **upos, **xpos, **deprel;
    int *head;
} cl_sent;

cl_sent *cl_read(const char *path, int *count);
void cl_free(cl_sent *v, int n);

/* The relations `make measure` reports F1 for. */
enum { CL_NREL = 9 };
extern const char *const cl_rel_names[CL_NREL];

typedef struct cl_score {
    long words, uas, las, ulas;          /* every word */
    long words_np, uas_np, las_np, ulas_np; /* punctuation excluded */
    long sents, root_ok;
    long rel_gold[CL_NREL], rel_pred[CL_NREL], rel_ok[CL_NREL];
    double seconds;                      /* tagging (own tags) and parsing */
} cl_score;

/* Parse every sentence of v (own_tags: tagged by m's tagger, else the
 * treebank's tags) and score against the treebank. */
void cl_eval(const cd_model *m, const cd_parser *p, const cl_sent *v, int n,
             bool own_tags, cl_score *out);
void cl_print(const char *name, const char *setting, const cl_score *s, bool full);

#endif
