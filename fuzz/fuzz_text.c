/* fuzz_text.c - plain text and Markdown through every stage. */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cd_opts o;
    cd_opts_init(&o);
    o.input = CD_INPUT_TEXT;
    cd_run *run;
    if (cd_run_new(fuzz_model(), &o, &run) != CD_OK)
        abort();
    if (cd_run_article(run, (const char *)data, size) == CD_OK)
        fuzz_read_package(run);
    else
        fuzz_check_run(run); /* every failure says why, in UTF-8 */
    cd_run_free(run);
    return 0;
}
