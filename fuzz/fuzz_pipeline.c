/* fuzz_pipeline.c - the whole pipeline with options chosen by the input's
 * first eight bytes: input kind, case, quotes, counts and every limit;
 * with the first byte's top bit, cd_package_json on the same input too. */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 8)
        return 0;
    const uint8_t *b = data;
    cd_opts o;
    cd_opts_init(&o);
    o.input = (cd_input)(b[0] % 4);
    o.letter_case = (cd_case)((b[0] >> 2) % 2);
    o.quotes = (cd_quotes)((b[0] >> 3) % 3);
    for (int k = 0; k < CD_KIND_COUNT; k++)
        o.count[k] = (b[1] >> (2 * k)) & 3 ? ((b[1] >> (2 * k)) & 3) * 2 : 0;
    o.seo_max_chars = 10 + b[2] % 100;
    o.seo_max_px = 100 + (double)b[3] * 4;
    o.meta_min_chars = b[4] % 160;
    o.meta_max_chars = o.meta_min_chars + 21 + b[5] % 200;
    o.meta_max_px = 200 + (double)b[6] * 6;
    o.lede_max_words = 5 + b[7] % 60;
    o.headline_max_words = 4 + b[7] % 12;
    o.max_input_bytes = 1 + (size_t)b[2] * 64;
    cd_run *run;
    if (cd_run_new(fuzz_model(), &o, &run) != CD_OK)
        abort(); /* every set above is valid */
    if (cd_run_article(run, (const char *)data + 8, size - 8) == CD_OK) {
        fuzz_read_package(run);
        /* nothing printed breaks the limits it was given */
        for (int i = 0; i < cd_count(run, CD_SEO_TITLE); i++) {
            const cd_item *it = cd_at(run, CD_SEO_TITLE, i);
            if ((int)it->chars > o.seo_max_chars || it->px > o.seo_max_px + 1e-6)
                abort();
        }
        for (int i = 0; i < cd_count(run, CD_META_DESC); i++) {
            const cd_item *it = cd_at(run, CD_META_DESC, i);
            if ((int)it->chars > o.meta_max_chars || it->px > o.meta_max_px + 1e-6)
                abort();
        }
        if (cd_count(run, CD_HEADLINE) > 0) {
            const char *t = cd_at(run, CD_HEADLINE, 0)->text;
            double r = cd_rouge_f1(t, cd_text(run), 0);
            if (r < 0 || r > 1)
                abort();
        }
    } else {
        fuzz_check_run(run);
    }
    cd_run_free(run);
    /* the simple interface: its package, or its message, in UTF-8 */
    if (b[0] & 0x80) {
        char *json = NULL, err[256] = "";
        cd_status st = cd_package_json(fuzz_model(), &o, (const char *)data + 8, size - 8,
                                       &json, err, sizeof err);
        if (st == CD_OK)
            fuzz_json("cd_package_json", json);
        else
            fuzz_utf8("cd_package_json's message", err);
        cd_free(json);
    }
    return 0;
}
