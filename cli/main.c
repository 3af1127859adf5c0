/*
 * main.c - the copydesk command: argument parsing over the library.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <math.h>

#include "cli.h"

int cli_exit_code(cd_status st)
{
    switch (st) {
    case CD_OK: return EXIT_OK;
    case CD_E_USAGE: return EXIT_USAGE;
    case CD_E_INPUT:
    case CD_E_IO: return EXIT_INPUT;
    case CD_E_LANG: return EXIT_LANG;
    default: return EXIT_LIMIT;
    }
}

size_t cli_utf8_invalid_at(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        int k = cli_utf8_char(s + i, n - i);
        if (!k)
            return i;
        i += (size_t)k;
    }
    return (size_t)-1;
}

const char *cli_shown(const char *s, char *buf, size_t cap)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s);
    bool clean = n < cap && cli_utf8_invalid_at(s, n) == (size_t)-1;
    for (size_t i = 0; i < n && clean; i++)
        if (u[i] < 0x20 || u[i] == 0x7F)
            clean = false;
    if (clean)
        return s;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t k = (size_t)cli_utf8_char(s + i, n - i);
        char piece[8];
        size_t pl;
        if (k == 0 || (k == 1 && (u[i] < 0x20 || u[i] == 0x7F))) {
            pl = (size_t)snprintf(piece, sizeof piece, "\\x%02x", u[i]);
            k = 1;
        } else {
            memcpy(piece, s + i, k);
            pl = k;
        }
        if (o + pl + 4 > cap) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        memcpy(buf + o, piece, pl);
        o += pl;
        i += k;
    }
    buf[o] = 0;
    return buf;
}

static int out_errno;      /* the first failed write's errno; 0: none yet */
static bool out_said;      /* the failure has been reported */

bool cli_out_failed(void)
{
    if (!ferror(stdout))
        return false;
    if (!out_errno)
        out_errno = errno ? errno : EIO;
    return true;
}

void cli_out_reported(void)
{
    out_said = true;
}

int cli_out_close(int rc)
{
    bool bad = cli_out_failed();
    if (fflush(stdout) != 0) {
        if (!out_errno)
            out_errno = errno ? errno : EIO;
        bad = true;
    }
    bad = cli_out_failed() || bad;
    if (fclose(stdout) != 0) {
        if (!out_errno)
            out_errno = errno ? errno : EIO;
        bad = true;
    }
    if (!bad)
        return rc;
    if (!out_said)
        fprintf(stderr, "copydesk: write error: %s\n", strerror(out_errno ? out_errno : EIO));
    out_said = true;
    return EXIT_INPUT;
}

void cli_textf(cli_text *t, const char *fmt, ...)
{
    while (!t->oom) {
        va_list ap;
        va_start(ap, fmt);
        size_t room = t->cap - t->n;
        int k = t->s ? vsnprintf(t->s + t->n, room, fmt, ap) : -1;
        va_end(ap);
        if (k >= 0 && (size_t)k < room) {
            t->n += (size_t)k;
            return;
        }
        size_t cap = t->cap ? t->cap * 2 : 4096;
        while (k >= 0 && cap < t->n + (size_t)k + 1)
            cap *= 2;
        char *s = realloc(t->s, cap);
        if (!s) {
            t->oom = true;
            return;
        }
        t->s = s;
        t->cap = cap;
    }
}

int cli_utf8_char(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80)
        return 1;
    int len = u[0] >= 0xC2 && u[0] <= 0xDF ? 2 : u[0] >= 0xE0 && u[0] <= 0xEF ? 3
              : u[0] >= 0xF0 && u[0] <= 0xF4 ? 4 : 0;
    if (len == 0 || (size_t)len > n)
        return 0;
    for (int k = 1; k < len; k++)
        if ((u[k] & 0xC0) != 0x80)
            return 0;
    /* the second byte's range rules out overlong forms, surrogates and
     * code points past U+10FFFF */
    if ((u[0] == 0xE0 && u[1] < 0xA0) || (u[0] == 0xED && u[1] > 0x9F) ||
        (u[0] == 0xF0 && u[1] < 0x90) || (u[0] == 0xF4 && u[1] > 0x8F))
        return 0;
    return len;
}

void cli_json_str(cli_text *t, const char *s, size_t n)
{
    cli_textf(t, "\"");
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        int k = cli_utf8_char(s + i, n - i);
        if (k == 0) {
            cli_textf(t, "\xEF\xBF\xBD");
            i++;
        } else if (c == '"' || c == '\\') {
            cli_textf(t, "\\%c", c);
            i++;
        } else if (c < 0x20) {
            cli_textf(t, "\\u%04x", c);
            i++;
        } else {
            cli_textf(t, "%.*s", k, s + i);
            i += (size_t)k;
        }
    }
    cli_textf(t, "\"");
}

char *cli_read(const char *path, size_t limit, size_t *len, char *err,
               size_t errlen)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s", strerror(errno));
        return NULL;
    }
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n == cap) {
            if (cap > limit + 1) {
                break;
            }
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t want = cap - n;
        if (n + want > limit + 1)
            want = limit + 1 - n;
        if (want == 0)
            break;
        size_t got = fread(buf + n, 1, want, f);
        n += got;
        if (got < want) {
            if (ferror(f)) {
                snprintf(err, errlen, "%s", strerror(errno ? errno : EIO));
                free(buf);
                buf = NULL;
            }
            break;
        }
    }
    if (f != stdin)
        fclose(f);
    if (!buf) {
        if (!err[0])
            snprintf(err, errlen, "out of memory");
        return NULL;
    }
    *len = n;
    return buf;
}

const char *cli_run_message(const cd_run *run, const char *path, size_t len, size_t cap,
                            char *buf, size_t n)
{
    cd_error e = cd_run_error(run);
    if (e.code != CD_E_LIMIT || len <= cap || strcmp(e.stage, "input") != 0)
        return e.code != CD_OK ? e.message : cd_status_str(e.code);
    struct stat sb;
    if (strcmp(path, "-") != 0 && stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
        snprintf(buf, n, "input is %lld bytes, over the limit of %zu",
                 (long long)sb.st_size, e.offset);
    else
        snprintf(buf, n, "input is over the limit of %zu bytes", e.offset);
    return buf;
}

/* JSON Lines: a first line (after a UTF-8 byte order mark and blank
 * lines) that is one JSON object by itself, and more lines after it.  A
 * JSON object spread over several lines is one record. */
static bool is_json_lines(const char *s, size_t n)
{
    size_t i = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
        i++;
    if (i >= n || s[i] != '{')
        return false;
    const char *nl = memchr(s + i, '\n', n - i);
    if (!nl)
        return false;
    size_t j = (size_t)(nl - s) + 1;
    while (j < n && (s[j] == ' ' || s[j] == '\n' || s[j] == '\r' || s[j] == '\t'))
        j++;
    if (j >= n)
        return false;
    const char *end = NULL;
    cJSON *first = cJSON_ParseWithLengthOpts(s + i, (size_t)(nl - s) - i, &end, false);
    bool one = cJSON_IsObject(first);
    cJSON_Delete(first);
    while (one && end < nl && (*end == ' ' || *end == '\r' || *end == '\t'))
        end++;
    return one && end == nl;
}

/* The error object of a JSON Lines record that failed, on stdout: its id
 * when it has a string one, its line number, the message and exit code. */
static void json_lines_error(const char *line, size_t n, int lineno, const char *msg,
                             int code)
{
    cli_text t = {0};
    cJSON *j = cJSON_ParseWithLength(line, n);
    const cJSON *id = cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, "id") : NULL;
    cli_textf(&t, "{\"id\":");
    if (cJSON_IsString(id))
        cli_json_str(&t, id->valuestring, strlen(id->valuestring));
    else
        cli_textf(&t, "null");
    cJSON_Delete(j);
    cli_textf(&t, ",\"line\":%d,\"error\":{\"message\":", lineno);
    cli_json_str(&t, msg, strlen(msg));
    cli_textf(&t, ",\"code\":%d}}\n", code);
    if (!t.oom)
        fputs(t.s, stdout);
    else
        printf("{\"id\":null,\"line\":%d,\"error\":{\"message\":\"out of memory\","
               "\"code\":%d}}\n", lineno, EXIT_LIMIT);
    free(t.s);
}

/* Every candidate of every list with its score and the rule that
 * rejected it, for --explain: as text after the package, or as the
 * "explain" member of its JSON object. */
static void explain_text(const cd_run *run)
{
    for (int k = 0; k < CD_KIND_COUNT; k++) {
        printf("\nCandidates (%s):\n", cd_kind_name((cd_kind)k));
        for (int i = 0; i < cd_candidate_count(run, (cd_kind)k); i++) {
            const char *rej;
            double sc;
            const char *t = cd_candidate_at(run, (cd_kind)k, i, &rej, &sc);
            printf("%7.4f %-18s %s\n", sc, rej ? rej : "ok", t);
        }
    }
}

/* `pkg` (cd_render_json's object, which it frees) with an "explain"
 * member added: {"headlines": [{"text", "score", "rejected_by"}...], ...}.
 * malloc'd; NULL when out of memory. */
static char *explain_json(const cd_run *run, char *pkg)
{
    cJSON *ex = cJSON_CreateObject();
    bool ok = ex != NULL;
    for (int k = 0; k < CD_KIND_COUNT && ok; k++) {
        cJSON *arr = cJSON_AddArrayToObject(ex, cd_kind_name((cd_kind)k));
        ok = arr != NULL;
        for (int i = 0; ok && i < cd_candidate_count(run, (cd_kind)k); i++) {
            const char *rej;
            double sc;
            const char *t = cd_candidate_at(run, (cd_kind)k, i, &rej, &sc);
            cJSON *c = cJSON_CreateObject();
            ok = c && cJSON_AddItemToArray(arr, c) && cJSON_AddStringToObject(c, "text", t) &&
                 cJSON_AddNumberToObject(c, "score", round(sc * 1e4) / 1e4) &&
                 (rej ? cJSON_AddStringToObject(c, "rejected_by", rej)
                      : cJSON_AddNullToObject(c, "rejected_by"));
        }
    }
    char *exs = ok ? cJSON_PrintUnformatted(ex) : NULL;
    cJSON_Delete(ex);
    size_t pl = pkg ? strlen(pkg) : 0;
    char *out = NULL;
    if (exs && pl >= 2 && pkg[pl - 1] == '}') {
        size_t el = strlen(exs);
        out = malloc(pl + el + 16);
        if (out) /* ...} becomes ...,"explain":{...}} */
            snprintf(out, pl + el + 16, "%.*s,\"explain\":%s}", (int)(pl - 1), pkg, exs);
    }
    cJSON_free(exs);
    cd_free(pkg);
    return out;
}

/* The package of an article run on `run`, with --explain: malloc'd. */
static char *render(const cd_run *run, bool json, bool explain)
{
    if (!json)
        return cd_render_text(run);
    char *p = cd_render_json(run);
    return explain && p ? explain_json(run, p) : p;
}

/* One package per line, each line a JSON record (never text or a page);
 * with --format json a record that fails has an error object for its
 * line, so that every record has one. */
static int run_json_lines(cd_run *run, char *input, size_t len, const char *name,
                          const cli_args *a, const cd_opts *gopts, const cli_engine *en)
{
    int rc = EXIT_OK, lineno = 0, done = 0;
    cd_opts jopts = *gopts;
    jopts.input = CD_INPUT_JSON;
    const cd_opts *opts = &jopts;
    if (cd_run_set_opts(run, opts) != CD_OK)
        return EXIT_USAGE;
    char *p = input, *end = input + len;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
        p += 3;
    while (p < end && !cli_out_failed()) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        lineno++;
        char *line = p;
        p = nl ? nl + 1 : end;
        size_t k = 0;
        while (k < n && (line[k] == ' ' || line[k] == '\r' || line[k] == '\t'))
            k++;
        if (k == n)
            continue;
        cd_run_reset(run);
        char warn[400];
        bool fell = false;
        cd_status st = cli_run_engine(run, opts, line, n, en, 0, warn, sizeof warn, &fell);
        if (fell && !a->quiet)
            fprintf(stderr, "copydesk: %s:%d: warning: %s\n", name, lineno, warn);
        if (fell && en->strict && rc == EXIT_OK)
            rc = EXIT_FALLBACK;
        char *out = st == CD_OK ? render(run, a->json, a->explain) : NULL;
        if (st != CD_OK || !out) {
            const char *msg = st != CD_OK ? cd_run_error(run).message : "out of memory";
            int code = st != CD_OK ? cli_exit_code(st) : EXIT_LIMIT;
            fprintf(stderr, "copydesk: %s:%d: %s\n", name, lineno, msg);
            if (a->json)
                json_lines_error(line, n, lineno, msg, code);
            rc = rc == EXIT_OK ? code : rc;
            continue;
        }
        if (!a->json)
            printf("%s==> %s:%d <==\n", done ? "\n" : "", name, lineno);
        fputs(out, stdout);
        if (a->json)
            putchar('\n');
        else if (a->explain)
            explain_text(run);
        free(out);
        done++;
        if (!a->quiet)
            for (int i = 0; i < cd_warning_count(run); i++)
                fprintf(stderr, "copydesk: %s:%d: warning: %s\n", name, lineno,
                        cd_warning_at(run, i));
    }
    return rc;
}

/* `name` as a JSON string's contents (cli_shown's form, then escaped). */
static void put_json_name(const char *name)
{
    for (const char *c = name; *c; c++) {
        if (*c == '"' || *c == '\\')
            putchar('\\');
        putchar(*c);
    }
}

/* copydesk extract FILE...: what was extracted, without the model. */
static int run_extract(const cli_args *a)
{
    const cd_opts *opts = &a->opts;
    int rc = EXIT_OK;
    cd_run *run;
    if (cd_run_new(NULL, opts, &run) != CD_OK) {
        fprintf(stderr, "copydesk: out of memory\n");
        return EXIT_LIMIT;
    }
    size_t cap = opts->max_input_bytes > opts->max_page_bytes ? opts->max_input_bytes
                                                              : opts->max_page_bytes;
    for (int i = 0; i < a->nfiles && !cli_out_failed(); i++) {
        size_t len = 0;
        char err[512] = "", shown[CLI_SHOWN];
        const char *name = strcmp(a->files[i], "-") == 0
                               ? "<stdin>"
                               : cli_shown(a->files[i], shown, sizeof shown);
        char *input = cli_read(a->files[i], cap, &len, err, sizeof err);
        if (!input) {
            fprintf(stderr, "copydesk: %s: %s\n", name, err);
            rc = EXIT_INPUT;
            continue;
        }
        cd_run_reset(run);
        cd_status st = cd_extract(run, input, len);
        free(input);
        if (st != CD_OK) {
            char msg[200];
            fprintf(stderr, "copydesk: %s: %s\n", name,
                    cli_run_message(run, a->files[i], len, cap, msg, sizeof msg));
            rc = cli_exit_code(st);
            continue;
        }
        if (a->json) {
            char *out = cd_render_extract_json(run);
            if (!out) {
                fprintf(stderr, "copydesk: %s: out of memory\n", name);
                rc = EXIT_LIMIT;
                continue;
            }
            if (a->nfiles > 1) {
                /* several files: JSON Lines, each naming its file */
                fputs("{\"file\":\"", stdout);
                put_json_name(name);
                printf("\",%s\n", out + 1);
            } else {
                puts(out);
            }
            cd_free(out);
        } else {
            cd_page_meta pm = cd_page(run);
            const char *t = pm.title ? pm.title : cd_article_title(run);
            if (a->nfiles > 1)
                printf("%s==> %s <==\n", i ? "\n" : "", name);
            if (t)
                printf("Title: %s\n", t);
            if (pm.byline)
                printf("Byline: %s\n", pm.byline);
            if (pm.site_name)
                printf("Site: %s\n", pm.site_name);
            if (pm.published)
                printf("Published: %s\n", pm.published);
            if (pm.excerpt)
                printf("Excerpt: %s\n", pm.excerpt);
            printf("\n%s\n", cd_extracted_text(run));
            /* what the page cost (bytes replaced, nesting flattened):
             * in the JSON it is the "warnings" member */
            for (int w = 0; w < cd_warning_count(run); w++)
                fprintf(stderr, "copydesk: %s: warning: %s\n", name, cd_warning_at(run, w));
        }
    }
    cd_run_free(run);
    return rc;
}

/* One article's package to stdout, with --explain and warnings. */
static int package_one(cd_run *run, const cli_args *a, const char *input, size_t len,
                       size_t cap, const char *name)
{
    char warn[400] = "";
    bool fell = false;
    int rc = EXIT_OK;
    cd_status st = cli_run_engine(run, &a->opts, input, len, &a->engine, 0, warn,
                                  sizeof warn, &fell);
    if (fell && !a->quiet)
        fprintf(stderr, "copydesk: %s: warning: %s\n", name, warn);
    if (st != CD_OK) {
        char msg[200];
        fprintf(stderr, "copydesk: %s: %s\n", name,
                cli_run_message(run, a->files[0], len, cap, msg, sizeof msg));
        return cli_exit_code(st);
    }
    char *out = render(run, a->json, a->explain);
    if (!out) {
        fprintf(stderr, "copydesk: %s: out of memory\n", name);
        return EXIT_LIMIT;
    }
    fputs(out, stdout);
    if (a->json)
        fputc('\n', stdout);
    free(out);
    if (a->explain && !a->json)
        explain_text(run);
    if (!a->quiet)
        for (int i = 0; i < cd_warning_count(run); i++)
            fprintf(stderr, "copydesk: %s: warning: %s\n", name, cd_warning_at(run, i));
    /* nothing passed of what was asked; every list at 0 asks nothing, and
     * its empty package is the answer */
    int asked = 0, total = 0;
    for (int k = 0; k < CD_KIND_COUNT; k++) {
        asked += a->opts.count[k];
        total += cd_count(run, (cd_kind)k);
    }
    if (asked > 0 && total == 0) {
        fprintf(stderr, "copydesk: %s: no candidate passed the checks\n", name);
        rc = EXIT_NOTHING;
    } else if (fell && a->engine.strict) {
        rc = EXIT_FALLBACK;
    }
    return rc;
}

/* copydesk [generate] FILE: one package, or one per JSON Lines record. */
static int run_generate(const cli_args *a, const cd_model *model)
{
    const cd_opts *opts = &a->opts;
    const char *file = a->files[0];
    size_t len = 0;
    size_t cap = opts->max_input_bytes > opts->max_page_bytes ? opts->max_input_bytes
                                                              : opts->max_page_bytes;
    char err[512] = "", shown[CLI_SHOWN];
    char *input = cli_read(file, cap, &len, err, sizeof err);
    const char *name = strcmp(file, "-") == 0 ? "<stdin>" : cli_shown(file, shown, sizeof shown);
    if (!input) {
        fprintf(stderr, "copydesk: %s: %s\n", name, err);
        return EXIT_INPUT;
    }
    cd_run *run;
    cd_status st = cd_run_new(model, opts, &run);
    if (st != CD_OK) {
        fprintf(stderr, "copydesk: %s\n", cd_status_str(st));
        free(input);
        return cli_exit_code(st);
    }
    int rc = EXIT_OK;
    bool stage = a->stage_analyze || a->stage_parse;
    if (!stage && (opts->input == CD_INPUT_JSON || opts->input == CD_INPUT_AUTO) &&
        is_json_lines(input, len)) {
        /* JSON Lines: one package per record */
        rc = run_json_lines(run, input, len, name, a, opts, &a->engine);
    } else if (stage) {
        st = cd_extract(run, input, len);
        if (st == CD_OK)
            st = cd_analyze(run);
        char *out = st != CD_OK       ? NULL
                    : a->stage_parse ? cd_render_conllu(run)
                                     : cd_render_analysis_json(run);
        if (st != CD_OK) {
            char msg[200];
            fprintf(stderr, "copydesk: %s: %s\n", name,
                    cli_run_message(run, file, len, cap, msg, sizeof msg));
            rc = cli_exit_code(st);
        } else if (!out) {
            fprintf(stderr, "copydesk: %s: out of memory\n", name);
            rc = EXIT_LIMIT;
        } else {
            /* CoNLL-U ends in its blank line; the JSON gets a newline */
            fputs(out, stdout);
            if (!a->stage_parse)
                putchar('\n');
            cd_free(out);
        }
    } else {
        rc = package_one(run, a, input, len, cap, name);
    }
    free(input);
    cd_run_free(run);
    return rc;
}

int main(int argc, char **argv)
{
    cli_args a;
    int rc = cli_parse_args(argc, argv, &a);
    if (rc >= 0) {
        /* --help and --version wrote to stdout */
        cli_args_free(&a);
        return cli_out_close(rc);
    }
    if (a.cmd == CLI_EXTRACT) {
        rc = run_extract(&a);
        cli_args_free(&a);
        return cli_out_close(rc);
    }
    if (a.engine.kind != CLI_ENGINE_BUILTIN)
        curl_global_init(CURL_GLOBAL_DEFAULT); /* once, before any thread */
    char err[512] = "";
    double t0 = cli_now();
    cd_model *model;
    cd_status st = cd_model_load(a.datadir, a.wordnet, &model, err, sizeof err);
    if (st != CD_OK) {
        fprintf(stderr, "copydesk: %s\n", err);
        cli_args_free(&a);
        return cli_out_close(cli_exit_code(st));
    }
    switch (a.cmd) {
    case CLI_CHECK:
        rc = cli_check(a.files[0], a.checks, a.nchecks, model, &a.opts, a.json);
        break;
    case CLI_SERVE:
        a.so.quiet = a.quiet;
        a.so.engine = &a.engine;
        rc = cli_serve(model, &a.opts, &a.so);
        break;
    case CLI_BATCH: {
        a.bo.quiet = a.quiet;
        a.opts.input = CD_INPUT_JSON;
        size_t cap = a.opts.max_input_bytes > a.opts.max_page_bytes ? a.opts.max_input_bytes
                                                                    : a.opts.max_page_bytes;
        a.bo.max_line = cap * 2; /* room for the JSON escapes of a page */
        a.bo.engine = &a.engine;
        rc = cli_batch(a.files[0], model, &a.opts, &a.bo);
        /* batch checks its own output and reports a failed write itself
         * (exit 3) */
        if (rc == EXIT_INPUT && ferror(stdout))
            cli_out_reported();
        break;
    }
    case CLI_EVAL:
        rc = cli_eval(a.nfiles, a.files, a.eval_html, a.eval_dump, a.eval_limit, model,
                      &a.opts, t0);
        break;
    default:
        rc = run_generate(&a, model);
        break;
    }
    cd_model_free(model);
    cli_args_free(&a);
    return cli_out_close(rc);
}
