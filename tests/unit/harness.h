/*
 * harness.h - a minimal test harness (in the spirit of redis testhelp.h).
 *
 * TEST(name) { ... } defines a test; CHECK, EQ_INT, EQ_STR record
 * failures with file:line and go on.  RUN(name) runs one; DONE() prints
 * "N passed, N failed" and returns the exit status.  A test in which no
 * check ran fails (it returned early, or its loops ran zero times), and
 * so does a program that ran no test: neither has shown anything.
 */
#ifndef CD_HARNESS_H
#define CD_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int h_pass, h_fail, h_cur_fail, h_cur_checks;
static const char *h_file;

#define TEST(name) static void name(void)

#define CHECK(cond)                                                        \
    do {                                                                   \
        h_cur_checks++;                                                    \
        if (!(cond)) {                                                     \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__,         \
                    __LINE__, #cond);                                      \
            h_cur_fail++;                                                  \
        }                                                                  \
    } while (0)

#define EQ_INT(a, b)                                                       \
    do {                                                                   \
        long long _a = (long long)(a), _b = (long long)(b);                \
        h_cur_checks++;                                                    \
        if (_a != _b) {                                                    \
            fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n",          \
                    __FILE__, __LINE__, #a, _a, _b);                       \
            h_cur_fail++;                                                  \
        }                                                                  \
    } while (0)

#define EQ_STR(a, b)                                                       \
    do {                                                                   \
        const char *_a = (a), *_b = (b);                                   \
        h_cur_checks++;                                                    \
        if (!_a || !_b || strcmp(_a, _b) != 0) {                           \
            fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n",      \
                    __FILE__, __LINE__, #a, _a ? _a : "(null)",            \
                    _b ? _b : "(null)");                                   \
            h_cur_fail++;                                                  \
        }                                                                  \
    } while (0)

#define RUN(name)                                                          \
    do {                                                                   \
        h_cur_fail = 0;                                                    \
        h_cur_checks = 0;                                                  \
        name();                                                            \
        if (!h_cur_fail && !h_cur_checks) {                                \
            fprintf(stderr, "%s: no check ran\n", #name);                  \
            h_cur_fail++;                                                  \
        }                                                                  \
        if (h_cur_fail) {                                                  \
            h_fail++;                                                      \
            fprintf(stderr, "FAIL %s\n", #name);                           \
        } else {                                                           \
            h_pass++;                                                      \
        }                                                                  \
    } while (0)

#define DONE()                                                             \
    (h_pass + h_fail == 0                                                  \
         ? (fprintf(stderr, "FAIL %s: no test ran\n",                      \
                    h_file ? h_file : __FILE__), h_fail = 1)                \
         : 0,                                                              \
     printf("%s: %d passed, %d failed\n", h_file ? h_file : __FILE__,      \
            h_pass, h_fail),                                               \
     h_fail ? 1 : 0)

/* The model for tests that need one: the in-tree data directory. */
#include "copydesk.h"
__attribute__((unused)) static cd_model *test_model(void)
{
    static cd_model *m;
    if (!m) {
        char err[256];
        if (cd_model_load(NULL, NULL, &m, err, sizeof err) != CD_OK) {
            fprintf(stderr, "cannot load model: %s\n", err);
            exit(1);
        }
    }
    return m;
}

#endif
