/*
 * check.c - `copydesk check`: grade anyone's package against its article.
 *
 *   copydesk check ARTICLE [--headline T]... [--lede T]... [--seo-title T]...
 *                  [--meta T]... [--package FILE] [--format text|json]
 *
 * Candidates come from the options, from --package (the JSON shape of
 * --format json, or the text layout of a package), or from ARTICLE itself
 * when it holds an article followed by a package in the text layout (as
 * ../shared/examples/seed-package.txt does).  Exit 0 when nothing fails,
 * 1 when a candidate fails, 2 for usage and 3 for input errors.
 */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef struct cands {
    cli_cand *v;
    int n, cap;
    bool oom;
} cands;

static void push(cands *c, cd_kind kind, const char *text, size_t n)
{
    while (n && (text[n - 1] == ' ' || text[n - 1] == '\r'))
        n--;
    if (!n || c->oom)
        return;
    if (c->n == c->cap) {
        int cap = c->cap ? c->cap * 2 : 16;
        cli_cand *v = realloc(c->v, (size_t)cap * sizeof *v);
        if (!v) {
            c->oom = true;
            return;
        }
        c->v = v;
        c->cap = cap;
    }
    char *t = strndup(text, n);
    if (!t) {
        c->oom = true;
        return;
    }
    c->v[c->n].kind = kind;
    c->v[c->n].text = t;
    c->n++;
}

static const struct { const char *head; cd_kind kind; } heads[] = {
    {"Alternative Headlines:", CD_HEADLINE}, {"Alternative Ledes:", CD_LEDE},
    {"SEO Headlines:", CD_SEO_TITLE}, {"SEO Titles:", CD_SEO_TITLE},
    {"Meta Descriptions:", CD_META_DESC},
};

/* Parse the text layout from `s`; returns the offset where the first
 * section starts (the end of the article), or -1 when there is none. */
static long parse_layout(const char *s, size_t n, cands *out)
{
    long start = -1;
    int kind = -1;
    const char *p = s, *end = s + n;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
        bool head = false;
        for (size_t i = 0; i < sizeof heads / sizeof heads[0]; i++)
            if (len >= strlen(heads[i].head) &&
                strncmp(p, heads[i].head, strlen(heads[i].head)) == 0) {
                if (start < 0)
                    start = (long)(p - s);
                kind = heads[i].kind;
                head = true;
            }
        if (!head && kind >= 0 && len > 2 && p[0] == '-' && p[1] == ' ')
            push(out, (cd_kind)kind, p + 2, len - 2);
        p = nl ? nl + 1 : end;
    }
    return start;
}

/* What a JSON value is, for messages. */
static const char *json_type(const cJSON *v)
{
    return cJSON_IsArray(v)    ? "an array"
           : cJSON_IsObject(v) ? "an object"
           : cJSON_IsString(v) ? "a string"
           : cJSON_IsNumber(v) ? "a number"
           : cJSON_IsBool(v)   ? "a boolean"
                               : "null";
}

static const char no_candidates[] =
    "no candidates (no headlines, ledes, seo_titles or meta_descriptions)";

/* The --format json shape: {"headlines": [text or {"text": ...}...],
 * "ledes": ..., "seo_titles": ..., "meta_descriptions": ...}, other
 * members ignored.  EXIT_OK, or a message in `why` and EXIT_INPUT. */
static int parse_json_package(const char *s, size_t n, cands *out, char *why, size_t wl)
{
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(s, n, &end, false);
    if (!j) {
        size_t at = end && end >= s ? (size_t)(end - s) : 0;
        /* cJSON puts an error at the end of the input on its last byte:
         * with one byte more, it moves when the text was cut short */
        bool cut = false;
        char *more = at + 1 == n ? malloc(n + 1) : NULL;
        if (more) {
            memcpy(more, s, n);
            more[n] = ' ';
            const char *e2 = NULL;
            cJSON *j2 = cJSON_ParseWithLengthOpts(more, n + 1, &e2, false);
            cut = !j2 && e2 && (size_t)(e2 - more) >= n;
            cJSON_Delete(j2);
            free(more);
        }
        if (cut)
            snprintf(why, wl, "not JSON: cut short after %zu bytes", n);
        else
            snprintf(why, wl, "not JSON: syntax error at byte %zu", at);
        return EXIT_INPUT;
    }
    size_t at = end ? (size_t)(end - s) : n;
    while (at < n && (s[at] == ' ' || s[at] == '\n' || s[at] == '\r' || s[at] == '\t'))
        at++;
    int rc = EXIT_INPUT;
    if (at < n) {
        snprintf(why, wl, "not JSON: text after the %s at byte %zu",
                 cJSON_IsObject(j) ? "object" : "value", at);
        goto done;
    }
    if (!cJSON_IsObject(j)) {
        snprintf(why, wl, "a JSON package is an object, not %s", json_type(j));
        goto done;
    }
    int before = out->n;
    for (int k = 0; k < CD_KIND_COUNT; k++) {
        const char *list = cd_kind_name((cd_kind)k);
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, list);
        if (!arr)
            continue;
        if (!cJSON_IsArray(arr)) {
            snprintf(why, wl, "'%s' is %s, not a list", list, json_type(arr));
            goto done;
        }
        int i = 0;
        const cJSON *it;
        cJSON_ArrayForEach(it, arr) {
            const cJSON *t = cJSON_IsObject(it) ? cJSON_GetObjectItemCaseSensitive(it, "text")
                                                : it;
            if (cJSON_IsObject(it) && !cJSON_IsString(t)) {
                snprintf(why, wl, "%s[%d] is an object without a 'text' string", list, i);
                goto done;
            }
            if (!cJSON_IsString(t)) {
                snprintf(why, wl, "%s[%d] is %s, not a string or an object with a 'text' string",
                         list, i, json_type(it));
                goto done;
            }
            push(out, (cd_kind)k, t->valuestring, strlen(t->valuestring));
            i++;
        }
    }
    if (out->n == before && !out->oom) {
        snprintf(why, wl, "%s", no_candidates);
        goto done;
    }
    rc = EXIT_OK;
done:
    cJSON_Delete(j);
    return rc;
}

/* Read the package at `path` into `cs`: EXIT_OK, or the error said in
 * one line and its exit status. */
static int load_package(const char *path, size_t limit, cands *cs)
{
    char shown[CLI_SHOWN], why[256] = "", err[256] = "";
    const char *name = strcmp(path, "-") == 0 ? "<stdin>" : cli_shown(path, shown, sizeof shown);
    size_t len;
    char *p = cli_read(path, limit, &len, err, sizeof err);
    if (!p) {
        fprintf(stderr, "copydesk: %s: %s\n", name, err);
        return EXIT_INPUT;
    }
    int rc = EXIT_INPUT;
    size_t bad = cli_utf8_invalid_at(p, len);
    const char *nul = memchr(p, 0, len);
    size_t z = len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3) ? 3 : 0; /* a BOM */
    while (z < len && (p[z] == ' ' || p[z] == '\n' || p[z] == '\r' || p[z] == '\t'))
        z++;
    if (len > limit) {
        snprintf(why, sizeof why, "package is over the limit of %zu bytes", limit);
        rc = EXIT_LIMIT;
    } else if (bad != (size_t)-1) {
        snprintf(why, sizeof why, "invalid UTF-8 at byte %zu", bad);
    } else if (nul) {
        snprintf(why, sizeof why, "binary package (NUL byte at offset %zu)", (size_t)(nul - p));
    } else if (z == len) {
        snprintf(why, sizeof why, "empty package file");
    } else if (p[z] == '{' || p[z] == '[') {
        rc = parse_json_package(p + z, len - z, cs, why, sizeof why);
    } else {
        int before = cs->n;
        if (parse_layout(p, len, cs) < 0)
            snprintf(why, sizeof why, "not a package: neither JSON nor the text layout (no "
                                      "heading such as 'Alternative Headlines:')");
        else if (cs->n == before && !cs->oom)
            snprintf(why, sizeof why, "%s", no_candidates);
        else
            rc = EXIT_OK;
    }
    free(p);
    if (cs->oom) {
        fprintf(stderr, "copydesk: %s: out of memory\n", name);
        return EXIT_LIMIT;
    }
    if (rc != EXIT_OK)
        fprintf(stderr, "copydesk: %s: %s\n", name, why);
    return rc;
}

static const char *kind_label(cd_kind k)
{
    static const char *const l[] = {"headline", "lede", "seo_title", "meta_description"};
    return l[k];
}


/* One candidate graded: its findings, verdict and search-result figures. */
typedef struct grade {
    const cd_finding *f;
    int nf;
    bool fail, warn;
    size_t chars;
    double px;
    char shown[4096]; /* what Google would show */
} grade;

/* Grade `c`; -1 when out of memory. */
static int grade_one(cd_run *run, const cd_opts *opts, const cli_cand *c, grade *g)
{
    g->nf = cd_check_text(run, c->kind, c->text, &g->f);
    if (g->nf < 0)
        return -1;
    g->fail = g->warn = false;
    for (int k = 0; k < g->nf; k++) {
        if (g->f[k].fail)
            g->fail = true;
        else
            g->warn = true;
    }
    bool title = c->kind == CD_HEADLINE || c->kind == CD_SEO_TITLE;
    size_t tl = strlen(c->text);
    double size = title ? 20 : 14;
    g->chars = cd_text_chars(c->text, tl);
    g->px = cd_text_px(c->text, tl, size);
    cd_serp_cut(c->text, tl, size, title ? opts->seo_max_px : opts->meta_max_px, g->shown,
                sizeof g->shown);
    return 0;
}

/* Add s[0..n) to `o` as `key`, each byte that is not UTF-8 replaced by
 * U+FFFD: a candidate from a request may hold any bytes, and the answer
 * is JSON all the same.  false when out of memory. */
static bool add_text(cJSON *o, const char *key, const char *s, size_t n)
{
    if (cli_utf8_invalid_at(s, n) == (size_t)-1 && !memchr(s, 0, n) && strlen(s) == n)
        return cJSON_AddStringToObject(o, key, s) != NULL;
    char *v = malloc(n * 3 + 1);
    if (!v)
        return false;
    size_t o2 = 0;
    for (size_t i = 0; i < n;) {
        size_t bad = cli_utf8_invalid_at(s + i, n - i);
        size_t good = bad == (size_t)-1 ? n - i : bad;
        memcpy(v + o2, s + i, good);
        o2 += good;
        i += good;
        if (i < n) {
            memcpy(v + o2, "\xEF\xBF\xBD", 3);
            o2 += 3;
            i++;
        }
    }
    v[o2] = 0;
    bool ok = cJSON_AddStringToObject(o, key, v) != NULL;
    free(v);
    return ok;
}

/* Round to two decimals, as the text output and the package JSON do. */
static double round2(double v)
{
    return (double)(long long)(v * 100 + (v < 0 ? -0.5 : 0.5)) / 100;
}

char *cli_grade_json(cd_run *run, const cd_opts *opts, const cli_cand *cs, int n,
                     int *nfail)
{
    int fails = 0, warns = 0;
    cJSON *root = cJSON_CreateObject();
    cJSON *arr = cJSON_AddArrayToObject(root, "candidates");
    bool ok = root && arr;
    for (int i = 0; i < n && ok; i++) {
        const cli_cand *c = &cs[i];
        grade g;
        cJSON *o = cJSON_CreateObject();
        if (grade_one(run, opts, c, &g) < 0 || !o || !cJSON_AddItemToArray(arr, o)) {
            cJSON_Delete(o);
            ok = false;
            break;
        }
        const cd_finding *f = g.f;
        int nf = g.nf;
        fails += g.fail;
        warns += !g.fail && g.warn;
        cJSON_AddStringToObject(o, "kind", kind_label(c->kind));
        ok = add_text(o, "text", c->text, strlen(c->text));
        cJSON_AddNumberToObject(o, "chars", (double)g.chars);
        cJSON_AddNumberToObject(o, "px", round2(g.px));
        ok = add_text(o, "shown", g.shown, strlen(g.shown)) && ok;
        cJSON_AddStringToObject(o, "verdict", g.fail ? "fail" : g.warn ? "warn" : "pass");
        cJSON *fa = cJSON_AddArrayToObject(o, "findings");
        for (int k = 0; k < nf && fa; k++) {
            cJSON *x = cJSON_CreateObject();
            if (!x || !cJSON_AddItemToArray(fa, x)) {
                cJSON_Delete(x);
                ok = false;
                break;
            }
            cJSON_AddStringToObject(x, "rule", f[k].rule);
            cJSON_AddStringToObject(x, "severity", f[k].fail ? "fail" : "warn");
            cJSON_AddStringToObject(x, "reason", f[k].reason);
            cJSON_AddNumberToObject(x, "off", (double)f[k].off);
            cJSON_AddNumberToObject(x, "len", (double)f[k].len);
            if (!add_text(x, "span", c->text + f[k].off, f[k].len))
                ok = false;
        }
    }
    cJSON *sum = ok ? cJSON_AddObjectToObject(root, "summary") : NULL;
    if (sum) {
        cJSON_AddNumberToObject(sum, "pass", n - fails - warns);
        cJSON_AddNumberToObject(sum, "warn", warns);
        cJSON_AddNumberToObject(sum, "fail", fails);
    }
    char *out = sum ? cJSON_PrintUnformatted(root) : NULL;
    cJSON_Delete(root);
    if (nfail)
        *nfail = fails;
    return out;
}

/* cli_check's work; `cs` collects the candidates, and the caller frees
 * them whatever this returns. */
static int check_into(cands *cs, const char *article, const cli_check_arg *args,
                      int nargs, const cd_model *model, const cd_opts *opts, bool json)
{
    size_t limit = opts->max_page_bytes > opts->max_input_bytes ? opts->max_page_bytes
                                                                : opts->max_input_bytes;
    for (int i = 0; i < nargs; i++) {
        if (args[i].kind >= 0) {
            push(cs, (cd_kind)args[i].kind, args[i].text, strlen(args[i].text));
            continue;
        }
        int rc = load_package(args[i].text, limit, cs);
        if (rc != EXIT_OK)
            return rc;
    }
    size_t len;
    char err[256] = "", shown[CLI_SHOWN];
    char *art = cli_read(article, limit, &len, err, sizeof err);
    const char *name = strcmp(article, "-") == 0 ? "<stdin>"
                                                 : cli_shown(article, shown, sizeof shown);
    if (!art) {
        fprintf(stderr, "copydesk: %s: %s\n", name, err);
        return EXIT_INPUT;
    }
    long cut = parse_layout(art, len, cs);
    if (cut >= 0) {
        /* the article is what stands above its package, which is text */
        size_t bad = cli_utf8_invalid_at(art + cut, len - (size_t)cut);
        if (bad != (size_t)-1) {
            fprintf(stderr, "copydesk: %s: invalid UTF-8 at byte %zu\n", name,
                    (size_t)cut + bad);
            free(art);
            return EXIT_INPUT;
        }
        len = (size_t)cut;
    }
    if (cs->oom) {
        fprintf(stderr, "copydesk: %s: out of memory\n", name);
        free(art);
        return EXIT_LIMIT;
    }
    if (cs->n == 0) {
        fprintf(stderr, "copydesk: %s: nothing to check (give --headline, --lede, "
                "--seo-title, --meta or --package)\n", name);
        free(art);
        return EXIT_USAGE;
    }
    cd_run *run;
    if (cd_run_new(model, opts, &run) != CD_OK) {
        fprintf(stderr, "copydesk: %s: out of memory\n", name);
        free(art);
        return EXIT_LIMIT;
    }
    cd_status st = cd_extract(run, art, len);
    if (st == CD_OK)
        st = cd_analyze(run);
    free(art);
    if (st != CD_OK) {
        char msg[200];
        fprintf(stderr, "copydesk: %s: %s\n", name,
                cli_run_message(run, article, len, limit, msg, sizeof msg));
        cd_run_free(run);
        return cli_exit_code(st);
    }
    int fails = 0, warns = 0;
    if (json) {
        char *out = cli_grade_json(run, opts, cs->v, cs->n, &fails);
        if (!out) {
            fprintf(stderr, "copydesk: %s: out of memory\n", name);
            cd_run_free(run);
            return EXIT_LIMIT;
        }
        puts(out);
        free(out);
    }
    for (int i = 0; i < cs->n && !json; i++) {
        const cli_cand *c = &cs->v[i];
        grade g;
        if (grade_one(run, opts, c, &g) < 0) {
            fprintf(stderr, "copydesk: %s: out of memory\n", name);
            cd_run_free(run);
            return EXIT_LIMIT;
        }
        const cd_finding *f = g.f;
        int nf = g.nf;
        fails += g.fail;
        warns += !g.fail && g.warn;
        printf("%s %s: %s\n", g.fail ? "FAIL" : g.warn ? "WARN" : "PASS",
               kind_label(c->kind), c->text);
        printf("  %zu chars, %.0f px%s%s\n", g.chars, g.px,
               strcmp(g.shown, c->text) ? "; Google shows: " : "",
               strcmp(g.shown, c->text) ? g.shown : "");
        for (int k = 0; k < nf; k++)
            printf("  %s %s at %zu \"%.*s\": %s\n", f[k].fail ? "fail" : "warn",
                   f[k].rule, f[k].off, (int)f[k].len, c->text + f[k].off,
                   f[k].reason);
    }
    if (!json)
        printf("\n%d candidates: %d pass, %d warn, %d fail\n", cs->n,
               cs->n - fails - warns, warns, fails);
    cd_run_free(run);
    return fails ? EXIT_NOTHING : EXIT_OK;
}

int cli_check(const char *article, const cli_check_arg *args, int nargs,
              const cd_model *model, const cd_opts *opts, bool json)
{
    cands cs = {0};
    int rc = check_into(&cs, article, args, nargs, model, opts, json);
    for (int i = 0; i < cs.n; i++)
        free(cs.v[i].text);
    free(cs.v);
    return rc;
}
