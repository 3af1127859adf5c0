/*
 * gen_frames.c - write src/verb_frames.inc from Universal Dependencies
 * treebanks: for each verb lemma, how often the verb has nothing after it
 * that completes it (no object, oblique, complement clause, adverb,
 * adverbial clause or particle), and how often, when it has an object,
 * the object is all it has.
 *
 * The compression gate reads the two shares: a verb that almost never
 * stops ("focus" stops in 9% of its uses, "put" after its object in 4%)
 * keeps a complement when a compression would take every one away.
 *
 *   cc -O2 tools/gen_frames.c -o gf
 *   ./gf en_ewt-train.conllu en_gum_ccby-train.conllu > src/verb_frames.inc
 *
 * Only lemmas seen at least MIN_USES times are written; the share after
 * an object is -1 when the verb had an object fewer than MIN_USES times.
 */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MIN_USES = 5, MAX_WORDS = 512, MAX_LEMMA = 40 };

typedef struct verb {
    char lemma[MAX_LEMMA];
    long uses, bare, with_obj, obj_only;
} verb;

static verb *verbs;
static size_t nverbs, capverbs;

typedef struct word {
    char lemma[MAX_LEMMA], upos[16], deprel[32];
    int head;
} word;

static verb *find(const char *lemma)
{
    for (size_t i = 0; i < nverbs; i++)
        if (strcmp(verbs[i].lemma, lemma) == 0)
            return &verbs[i];
    if (nverbs == capverbs) {
        capverbs = capverbs ? 2 * capverbs : 1024;
        verbs = realloc(verbs, capverbs * sizeof *verbs);
        if (!verbs) {
            fprintf(stderr, "gen_frames: out of memory\n");
            exit(1);
        }
    }
    verb *v = &verbs[nverbs++];
    memset(v, 0, sizeof *v);
    size_t n = strnlen(lemma, sizeof v->lemma - 1);
    memcpy(v->lemma, lemma, n);
    v->lemma[n] = 0;
    return v;
}

/* The relation's universal part: "obl:tmod" -> "obl". */
static int rel_is(const char *deprel, const char *base)
{
    size_t n = strlen(base);
    return strncmp(deprel, base, n) == 0 && (deprel[n] == 0 || deprel[n] == ':');
}

static int completes(const char *deprel)
{
    return rel_is(deprel, "obj") || rel_is(deprel, "iobj") || rel_is(deprel, "obl") ||
           rel_is(deprel, "xcomp") || rel_is(deprel, "ccomp") ||
           rel_is(deprel, "advmod") || rel_is(deprel, "advcl") ||
           strcmp(deprel, "compound:prt") == 0;
}

static int plain_word(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!islower((unsigned char)*s) && *s != '-')
            return 0;
    return 1;
}

static void count(const word *w, int n)
{
    for (int i = 0; i < n; i++) {
        if (strcmp(w[i].upos, "VERB") != 0 || rel_is(w[i].deprel, "aux") ||
            strcmp(w[i].deprel, "cop") == 0 || !plain_word(w[i].lemma))
            continue;
        int after = 0, obj = 0, other = 0;
        for (int j = i + 1; j < n; j++) {
            if (w[j].head != i + 1 || !completes(w[j].deprel))
                continue;
            after++;
            if (strcmp(w[j].deprel, "obj") == 0)
                obj++;
            else
                other++;
        }
        verb *v = find(w[i].lemma);
        v->uses++;
        v->bare += after == 0;
        if (obj) {
            v->with_obj++;
            v->obj_only += other == 0;
        }
    }
}

static void read_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "gen_frames: cannot open %s\n", path);
        exit(1);
    }
    static word w[MAX_WORDS];
    int n = 0;
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '\n' || line[0] == '\r') {
            count(w, n);
            n = 0;
            continue;
        }
        if (line[0] == '#')
            continue;
        char *col[10];
        int nc = 0;
        char *save = NULL;
        for (char *t = strtok_r(line, "\t\n", &save); t && nc < 10;
             t = strtok_r(NULL, "\t\n", &save))
            col[nc++] = t;
        if (nc < 8 || strchr(col[0], '-') || strchr(col[0], '.'))
            continue; /* multiword token lines and empty nodes */
        if (n == MAX_WORDS)
            continue;
        word *x = &w[n++];
        snprintf(x->lemma, sizeof x->lemma, "%s", col[2]);
        for (char *p = x->lemma; *p; p++)
            *p = (char)tolower((unsigned char)*p);
        snprintf(x->upos, sizeof x->upos, "%s", col[3]);
        snprintf(x->deprel, sizeof x->deprel, "%s", col[7]);
        x->head = atoi(col[6]);
    }
    count(w, n);
    fclose(f);
}

static int by_lemma(const void *a, const void *b)
{
    return strcmp(((const verb *)a)->lemma, ((const verb *)b)->lemma);
}

static long percent(long part, long whole)
{
    return (200 * part + whole) / (2 * whole); /* rounded */
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: gen_frames TREEBANK.conllu... > src/verb_frames.inc\n");
        return 2;
    }
    for (int i = 1; i < argc; i++)
        read_file(argv[i]);
    qsort(verbs, nverbs, sizeof *verbs, by_lemma);
    printf("/* Generated by tools/gen_frames.c from UD English EWT and GUM (train):\n"
           " * verb lemma, percent of its uses with nothing after it that completes\n"
           " * it, percent of its uses with an object where the object is all\n"
           " * (-1: too few).  Sorted by strcmp.  Do not edit. */\n");
    for (size_t i = 0; i < nverbs; i++) {
        const verb *v = &verbs[i];
        if (v->uses < MIN_USES)
            continue;
        printf("{\"%s\", %ld, %ld},\n", v->lemma, percent(v->bare, v->uses),
               v->with_obj >= MIN_USES ? percent(v->obj_only, v->with_obj) : -1L);
    }
    free(verbs);
    return 0;
}
