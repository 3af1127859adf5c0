/* fuzz_check.c - the rule table on anyone's candidates: the input is an
 * article, a NUL byte, then candidates one per line, each starting with
 * a digit that names its list (0 headline, 1 lede, 2 SEO title, 3 meta). */
#include "common.h"

/* 1 when s[0..n) is UTF-8 (leads and continuations in place; the
 * library's own validation is stricter, which only makes this weaker). */
static int utf8_shaped(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = c < 0x80 ? 1 : c >= 0xC2 && c <= 0xDF ? 2 : (c & 0xF0) == 0xE0 ? 3
                 : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
        if (!k || k > n - i)
            return 0;
        for (size_t j = 1; j < k; j++)
            if (((unsigned char)s[i + j] & 0xC0) != 0x80)
                return 0;
        i += k;
    }
    return 1;
}

static int cont(char c) { return ((unsigned char)c & 0xC0) == 0x80; }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    const char *z = memchr(s, 0, size);
    size_t alen = z ? (size_t)(z - s) : size;
    cd_run *run;
    if (cd_run_new(fuzz_model(), NULL, &run) != CD_OK)
        abort();
    if (cd_extract(run, s, alen) == CD_OK && cd_analyze(run) == CD_OK && z) {
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
                size_t cl = strlen(cand);
                for (int i = 0; i < nf; i++)
                    if (f[i].off > cl || f[i].len > cl - f[i].off || !f[i].rule ||
                        !f[i].reason[0])
                        abort(); /* a finding points inside its candidate */
                if (utf8_shaped(cand, cl))
                    for (int i = 0; i < nf; i++)
                        if ((f[i].off < cl && cont(cand[f[i].off])) ||
                            (f[i].off + f[i].len < cl && cont(cand[f[i].off + f[i].len])) ||
                            !utf8_shaped(f[i].reason, strlen(f[i].reason)))
                            abort(); /* ... at whole characters, and says why in UTF-8 */
                free(cand);
            }
            p = nl ? nl + 1 : end;
            n++;
        }
    }
    cd_run_free(run);
    return 0;
}
