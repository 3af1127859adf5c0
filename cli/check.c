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
} cands;

static void push(cands *c, cd_kind kind, const char *text, size_t n)
{
    while (n && (text[n - 1] == ' ' || text[n - 1] == '\r'))
        n--;
    if (!n)
        return;
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->v = realloc(c->v, (size_t)c->cap * sizeof *c->v);
        if (!c->v)
            exit(EXIT_LIMIT);
    }
    c->v[c->n].kind = kind;
    c->v[c->n].text = strndup(text, n);
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

static int parse_json_package(const char *s, size_t n, cands *out, const char *name)
{
    cJSON *j = cJSON_ParseWithLength(s, n);
    if (!j) {
        fprintf(stderr, "copydesk: %s: not a JSON package\n", name);
        return EXIT_INPUT;
    }
    for (int k = 0; k < CD_KIND_COUNT; k++) {
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, cd_kind_name((cd_kind)k));
        const cJSON *it;
        cJSON_ArrayForEach(it, arr) {
            const cJSON *t = cJSON_IsString(it) ? it : cJSON_GetObjectItemCaseSensitive(it, "text");
            if (cJSON_IsString(t))
                push(out, (cd_kind)k, t->valuestring, strlen(t->valuestring));
        }
    }
    cJSON_Delete(j);
    return EXIT_OK;
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
        cJSON_AddStringToObject(o, "text", c->text);
        cJSON_AddNumberToObject(o, "chars", (double)g.chars);
        cJSON_AddNumberToObject(o, "px", round2(g.px));
        cJSON_AddStringToObject(o, "shown", g.shown);
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
            char *sp = strndup(c->text + f[k].off, f[k].len);
            cJSON_AddStringToObject(x, "span", sp ? sp : "");
            free(sp);
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
        const char *path = args[i].text;
        size_t len;
        char err[256] = "";
        char *p = cli_read(path, limit, &len, err, sizeof err);
        if (!p) {
            fprintf(stderr, "copydesk: %s: %s\n", path, err);
            return EXIT_INPUT;
        }
        size_t z = 0;
        while (z < len && (p[z] == ' ' || p[z] == '\n'))
            z++;
        int rc = EXIT_OK;
        if (z < len && p[z] == '{')
            rc = parse_json_package(p, len, cs, path);
        else
            parse_layout(p, len, cs);
        free(p);
        if (rc != EXIT_OK)
            return rc;
    }
    size_t len;
    char err[256] = "";
    char *art = cli_read(article, limit, &len, err, sizeof err);
    const char *name = strcmp(article, "-") == 0 ? "<stdin>" : article;
    if (!art) {
        fprintf(stderr, "copydesk: %s: %s\n", name, err);
        return EXIT_INPUT;
    }
    long cut = parse_layout(art, len, cs);
    if (cut >= 0)
        len = (size_t)cut; /* the article is what stands above its package */
    if (cs->n == 0) {
        fprintf(stderr, "copydesk: %s: nothing to check (give --headline, --lede, "
                "--seo-title, --meta or --package)\n", name);
        free(art);
        return EXIT_USAGE;
    }
    cd_run *run;
    if (cd_run_new(model, opts, &run) != CD_OK) {
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
