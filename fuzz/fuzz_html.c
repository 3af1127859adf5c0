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
    if (st == CD_OK) {
        cd_page_meta m = cd_page(run);
        const char *f[] = {m.title, m.byline, m.excerpt, m.site_name, m.lang,
                           m.published, m.url, m.html_title, m.description};
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
            if (f[i])
                (void)strlen(f[i]);
        (void)strlen(cd_extracted_text(run));
        if (cd_analyze(run) == CD_OK && cd_generate(run) == CD_OK)
            fuzz_read_package(run);
    } else if (!cd_run_error(run).message[0]) {
        abort();
    }
    cd_run_free(run);
    return 0;
}
