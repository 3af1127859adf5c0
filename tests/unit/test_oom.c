/*
 * test_oom.c - allocation failures, in the manner of SQLite's malloc tests.
 *
 * The library's malloc, calloc, realloc, strdup and posix_memalign calls are routed
 * through the wrappers below by the linker (-Wl,--wrap=..., see the
 * Makefile).  For N = 1, 2, 3, ... the N-th allocation fails; each run
 * must either succeed or fail with CD_E_NOMEM and a message, must not
 * crash, and must give back every byte it took (the wrappers count live
 * blocks; under ASan, LeakSanitizer checks too).  The loop ends at the
 * first N past the run's last allocation, when the run succeeds untouched.
 *
 *   test_oom [STRIDE]   every STRIDE-th N only (default 1: all of them)
 *
 * Allocations inside libxml2, cJSON and libstemmer are not counted:
 * they are not the library's own.
 */
#include <execinfo.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "copydesk.h"

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void __real_free(void *p);
int __real_posix_memalign(void **p, size_t align, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);
void __wrap_free(void *p);
char *__wrap_strdup(const char *s);
int __wrap_posix_memalign(void **p, size_t align, size_t n);

/* Test state (this is a test program, not the library). */
static long fail_at;   /* fail the allocation with this number; 0: never */
static long count;     /* allocations so far */
static long live;      /* blocks handed out and not freed */
static long failures;  /* allocations refused */
static const char *cur_name = "model";

static bool refuse(void)
{
    count++;
    if (fail_at > 0 && count == fail_at) {
        failures++;
        char want[64];
        snprintf(want, sizeof want, "%s:%ld", cur_name, fail_at);
        const char *tr = getenv("OOM_TRACE"); /* "seed:58": where that call is */
        if (tr && !strcmp(tr, want)) {
            void *bt[8];
            int k = backtrace(bt, 8);
            backtrace_symbols_fd(bt, k, 2);
        }
        return true;
    }
    return false;
}

void *__wrap_malloc(size_t n)
{
    if (refuse())
        return NULL;
    void *p = __real_malloc(n);
    live += p != NULL;
    return p;
}

void *__wrap_calloc(size_t k, size_t n)
{
    if (refuse())
        return NULL;
    void *p = __real_calloc(k, n);
    live += p != NULL;
    return p;
}

void *__wrap_realloc(void *p, size_t n)
{
    if (refuse())
        return NULL;
    void *q = __real_realloc(p, n);
    if (!p && q)
        live++;
    return q;
}

int __wrap_posix_memalign(void **p, size_t align, size_t n)
{
    if (refuse())
        return 12; /* ENOMEM */
    int e = __real_posix_memalign(p, align, n);
    live += e == 0;
    return e;
}

void __wrap_free(void *p)
{
    live -= p != NULL;
    __real_free(p);
}

char *__wrap_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = __wrap_malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = __real_malloc(1 << 20);
    *n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    return buf;
}

static char *reference; /* the package JSON of the run without failures */
static bool differs;    /* the last successful run's package was not it */

/* One whole package run; returns its status. */
static cd_status package(const cd_model *m, const char *text, size_t n, bool *bad)
{
    differs = false;
    cd_run *run;
    cd_status st = cd_run_new(m, NULL, &run);
    if (st != CD_OK)
        return st;
    st = cd_run_article(run, text, n);
    if (st != CD_OK && !cd_run_error(run).message[0])
        *bad = true; /* a failure must say why */
    if (st == CD_OK) {
        /* the renderers may fail for want of memory, never crash; a
         * renderer that fails when no allocation failed inside it is wrong */
        long before = failures;
        char *txt = cd_render_text(run);
        if (!txt && failures == before)
            differs = true;
        cd_free(txt);
        before = failures;
        char *json = cd_render_json(run);
        if (!json && failures == before)
            differs = true;
        if (json && reference && strcmp(json, reference) != 0)
            differs = true;
        if (json && !reference) {
            reference = __real_malloc(strlen(json) + 1);
            if (reference)
                strcpy(reference, json);
        }
        cd_free(json);
        before = failures;
        char *an = cd_render_analysis_json(run);
        if (!an && failures == before)
            differs = true;
        cd_free(an);
        before = failures;
        char *trees = cd_render_conllu(run); /* parses every sentence */
        if (!trees && failures == before)
            differs = true;
        cd_free(trees);
    }
    cd_run_free(run);
    return st;
}

/* Fail each allocation in turn over `what`; returns the number of bad runs. */
static int loop(const char *name, const cd_model *m, const char *text, size_t n,
                long stride)
{
    bool bad = false;
    fail_at = 0;
    count = 0;
    __real_free(reference);
    reference = NULL;
    long base = live;
    cd_status st = package(m, text, n, &bad);
    long total = count;
    if (st != CD_OK || live != base) {
        fprintf(stderr, "%s: the run without failures gave %s, %ld blocks left\n", name,
                cd_status_str(st), live - base);
        return 1;
    }
    /* Without allocations (the --wrap flags not linked) or without a
     * reference package, the loop below would compare nothing. */
    if (total == 0 || !reference || differs) {
        fprintf(stderr, "%s: the run without failures made %ld allocations and %s: "
                "nothing to compare with\n", name, total,
                !reference || differs ? "a renderer failed" : "its package");
        return 1;
    }
    int errors = 0;
    long runs = 0, nomem = 0, ok = 0;
    cur_name = name;
    for (long at = 1;; at += stride) {
        fail_at = at;
        count = 0;
        failures = 0;
        base = live;
        bad = false;
        st = package(m, text, n, &bad);
        runs++;
        if (failures == 0 && st == CD_OK)
            break; /* past the last allocation */
        if (st == CD_E_NOMEM)
            nomem++;
        else if (st == CD_OK && !differs)
            ok++; /* a failure the run could do without: same package */
        else if (st == CD_OK) {
            fprintf(stderr, "%s: allocation %ld failed: the run succeeded with a "
                    "different package, or a renderer failed with memory to spare\n",
                    name, at);
            errors++;
        }
        else {
            fprintf(stderr, "%s: allocation %ld failed: status %s, not out of memory\n",
                    name, at, cd_status_str(st));
            errors++;
        }
        if (bad) {
            fprintf(stderr, "%s: allocation %ld failed: no message\n", name, at);
            errors++;
        }
        if (live != base) {
            fprintf(stderr, "%s: allocation %ld failed: %ld blocks leaked\n", name, at,
                    live - base);
            errors++;
        }
        if (errors > 20)
            break;
    }
    fail_at = 0;
    printf("%s: %ld allocations in a run; %ld runs with the N-th failing (stride %ld): "
           "%ld out of memory, %ld succeeded anyway, %d wrong\n",
           name, total, runs - 1, stride, nomem, ok, errors);
    return errors;
}

int main(int argc, char **argv)
{
    long stride = argc > 1 ? atol(argv[1]) : 1;
    if (stride < 1)
        stride = 1;
    int errors = 0;

    /* loading the model: every failure is CD_E_NOMEM and frees what it took */
    long loads = 0;
    for (long at = 1;; at += stride) {
        fail_at = at;
        count = 0;
        failures = 0;
        long base = live;
        cd_model *m = NULL;
        char err[256] = "";
        cd_status st = cd_model_load(getenv("COPYDESK_DATA"), NULL, &m, err, sizeof err);
        loads++;
        cd_model_free(m);
        if (failures == 0 && st == CD_OK)
            break;
        if (st != CD_E_NOMEM || !err[0] || live != base) {
            fprintf(stderr, "model: allocation %ld failed: %s (%s), %ld blocks left\n", at,
                    cd_status_str(st), err, live - base);
            if (++errors > 20)
                break;
        }
    }
    fail_at = 0;
    printf("model: %ld loads with the N-th allocation failing (stride %ld), %d wrong\n",
           loads - 1, stride, errors);
    if (loads < 2) {
        /* the first load saw no allocation: the wrappers are not linked */
        fprintf(stderr, "model: no allocation was seen: nothing was tested\n");
        errors++;
    }

    cd_model *m;
    char err[256];
    if (cd_model_load(getenv("COPYDESK_DATA"), NULL, &m, err, sizeof err) != CD_OK) {
        fprintf(stderr, "test_oom: %s\n", err);
        return 1;
    }
    size_t n;
    char *seed = slurp("examples/seed-article.txt", &n);
    if (!seed) {
        fprintf(stderr, "test_oom: examples/seed-article.txt: cannot read\n");
        return 1;
    }
    errors += loop("seed", m, seed, n, stride);
    static const char page[] =
        "<html><head><title>Ferry strike ends | Coast News</title>"
        "<meta name=\"description\" content=\"Crews return.\"></head><body><article>"
        "<h1>Ferry strike ends</h1><p>Ferry crews on the northern route returned to work "
        "on Tuesday after a four-day strike over rosters, the operator said.</p><p>The "
        "union said members had accepted a deal that limits night shifts to three a "
        "week.</p></article></body></html>";
    errors += loop("page", m, page, sizeof page - 1, stride);
    __real_free(seed);
    __real_free(reference);
    cd_model_free(m);
    printf("test_oom: %d passed, %d failed\n", errors ? 0 : 1, errors ? 1 : 0);
    return errors ? 1 : 0;
}
