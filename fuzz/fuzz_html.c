/* fuzz_html.c - HTML pages: libxml2's parser, metadata, the body finder,
 * then every stage on what was found. */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cd_opts o;
    cd_opts_init(&o);
    o.input = CD_INPUT_HTML;
    cd_run *run;
    if (cd_run_new(fuzz_model(), &o, &run) != CD_OK)
        abort();
    cd_status st = cd_extract(run, (const char *)data, size);
    fuzz_check_run(run); /* what was extracted, or why not, in UTF-8 */
    if (st == CD_OK) {
        st = cd_analyze(run);
        fuzz_check_run(run);
        if (st == CD_OK) {
            if (cd_generate(run) == CD_OK)
                fuzz_read_package(run);
            else
                fuzz_check_run(run);
        }
    }
    cd_run_free(run);
    return 0;
}
