/*
 * common.h - shared by the libFuzzer targets in fuzz/.
 *
 * The model is loaded once per fuzzing process (libFuzzer calls the target
 * millions of times; loading costs ~50 ms).  Every target runs whole stages
 * on its input and renders the results, so that a bad pointer or length
 * anywhere is read; the sanitizers and libFuzzer's leak check do the rest.
 */
#ifndef CD_FUZZ_COMMON_H
#define CD_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "copydesk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline const cd_model *fuzz_model(void)
{
    static cd_model *model;
    if (!model) {
        char err[256];
        if (cd_model_load(getenv("COPYDESK_DATA"), NULL, &model, err, sizeof err) != CD_OK) {
            fprintf(stderr, "fuzz: %s\n", err);
            abort();
        }
    }
    return model;
}

/* Read every item of every list, and render the package three ways. */
static inline void fuzz_read_package(cd_run *run)
{
    for (int k = 0; k < CD_KIND_COUNT; k++) {
        for (int i = 0; i < cd_count(run, (cd_kind)k); i++) {
            const cd_item *it = cd_at(run, (cd_kind)k, i);
            size_t n = strlen(it->text);
            char cut[512];
            cd_serp_cut(it->text, n, 20, 300, cut, sizeof cut);
            if (cd_text_chars(it->text, n) != it->chars)
                abort();
            for (int s = 0; s < it->nsources; s++)
                (void)cd_sentence_at(run, it->sources[s]);
        }
        for (int i = 0; i < cd_candidate_count(run, (cd_kind)k); i++) {
            const char *rej;
            double sc;
            (void)cd_candidate_at(run, (cd_kind)k, i, &rej, &sc);
        }
    }
    char *a = cd_render_text(run), *b = cd_render_json(run);
    char *c = cd_render_analysis_json(run), *d = cd_render_extract_json(run);
    cd_free(a);
    cd_free(b);
    cd_free(c);
    cd_free(d);
}

#endif
