/* fuzz_json.c - JSON records and JSON Lines: each line is one record, as
 * the command and `copydesk batch` read them, through one reused run. */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cd_opts o;
    cd_opts_init(&o);
    o.input = CD_INPUT_JSON;
    cd_run *run;
    if (cd_run_new(fuzz_model(), &o, &run) != CD_OK)
        abort();
    const char *p = (const char *)data, *end = p + size;
    int lines = 0;
    while (p < end && lines < 16) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        cd_run_reset(run);
        if (cd_run_article(run, p, n) == CD_OK)
            fuzz_read_package(run);
        else
            fuzz_check_run(run);
        p = nl ? nl + 1 : end;
        lines++;
    }
    cd_run_free(run);
    return 0;
}
