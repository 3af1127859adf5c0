/* fuzz_extract.c - what `copydesk extract` and /v1/extract print: a run
 * without a model reads the input (its kind chosen by the first byte: auto,
 * text, HTML or a JSON record) and renders what it found.  Whatever the
 * bytes, the metadata, the text, the render and any error message are
 * UTF-8, and the render is JSON. */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    cd_opts o;
    cd_opts_init(&o);
    o.input = (cd_input)(data[0] % 4);
    if (data[0] & 0x10) /* small limits, so that refusals are read too */
        o.max_input_bytes = o.max_page_bytes = 256 + (size_t)(data[0] >> 5) * 512;
    cd_run *run;
    if (cd_run_new(NULL, &o, &run) != CD_OK)
        abort();
    (void)cd_extract(run, (const char *)data + 1, size - 1);
    fuzz_check_run(run);
    /* a run without a model refuses to analyse, and says so */
    if (cd_analyze(run) != CD_E_USAGE)
        abort();
    fuzz_check_run(run);
    cd_run_free(run);
    return 0;
}
