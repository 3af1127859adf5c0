/* fuzz_check.c - the rule table on anyone's candidates: the input is an
 * article, a NUL byte, then candidates one per line, each starting with
 * a digit that names its list (0 headline, 1 lede, 2 SEO title, 3 meta).
 * Every finding's reason and span, and the search-result cut, are UTF-8. */
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    const char *z = memchr(s, 0, size);
    size_t alen = z ? (size_t)(z - s) : size;
    cd_run *run;
    if (cd_run_new(fuzz_model(), NULL, &run) != CD_OK)
        abort();
    cd_status st = cd_extract(run, s, alen);
    if (st == CD_OK)
        st = cd_analyze(run);
    fuzz_check_run(run);
    if (st == CD_OK && z) {
        const char *p = z + 1, *end = s + size;
        int n = 0;
        while (p < end && n < 32) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
            if (len > 0) {
                cd_kind k = (cd_kind)((unsigned char)p[0] % CD_KIND_COUNT);
                char *cand = malloc(len);
                if (!cand)
                    abort();
                memcpy(cand, p + 1, len - 1);
                cand[len - 1] = 0;
                const cd_finding *f;
                int nf = cd_check_text(run, k, cand, &f);
                /* a finding points inside its candidate, at whole
                 * characters, and says why in UTF-8 */
                fuzz_check_findings(cand, f, nf);
                /* what a search result shows of a UTF-8 candidate is UTF-8 */
                size_t cl = strlen(cand);
                if (fuzz_utf8_ok(cand, cl)) {
                    char shown[4096];
                    cd_serp_cut(cand, cl, k % 2 ? 14 : 20, k % 2 ? 920 : 580, shown,
                                sizeof shown);
                    fuzz_utf8("cd_serp_cut of a candidate", shown);
                }
                free(cand);
            }
            p = nl ? nl + 1 : end;
            n++;
        }
    }
    cd_run_free(run);
    return 0;
}
