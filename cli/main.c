/*
 * main.c - the copydesk command: argument parsing over the library.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "cli.h"

static const char usage_text[] =
"usage: copydesk [generate] [options] FILE|-\n"
"       copydesk extract [--format text|json] [--input html|text] FILE|-...\n"
"       copydesk check ARTICLE [--headline T]... [--lede T]... [--seo-title T]...\n"
"                      [--meta T]... [--package FILE] [--format text|json]\n"
"       copydesk eval [--html] [--dump PRED.jsonl] [--limit N] SET.jsonl...\n"
"       copydesk batch [-j N] [--fields LIST] [--resume OUT.jsonl] [--progress]\n"
"                      [options] IN.jsonl|-\n"
"       copydesk serve [--host ADDR] [--port N] [serve options] [options]\n"
"\n"
"Writes alternative headlines, ledes, SEO titles and meta descriptions for a\n"
"news article in plain text, Markdown or an HTML page (a short first line\n"
"followed by a blank line is taken as its current headline).\n"
"\n"
"options:\n"
"  -f, --format text|json      output format (text)\n"
"      --input auto|text|html|json\n"
"                              what FILE is (auto: a page, or JSON records\n"
"                              {text|html, title, url, id, lang}, when it\n"
"                              looks like one; one record per line)\n"
"      --case sentence|title   letter case of headlines and SEO titles\n"
"      --quotes auto|straight|curly\n"
"                              quotation marks in output (auto: as the article)\n"
"      --headlines N           number of headlines (5)\n"
"      --ledes N               number of ledes (5)\n"
"      --seo N                 number of SEO titles (3)\n"
"      --meta N                number of meta descriptions (3)\n"
"      --max-bytes N           largest text input accepted (1048576)\n"
"      --max-page-bytes N      largest HTML page accepted (16777216)\n"
"      --seo-max-chars N       SEO title length limit (60)\n"
"      --seo-max-px PX         SEO title width limit, Arial 20px (580)\n"
"      --meta-min-chars N      meta description minimum length (120)\n"
"      --meta-max-chars N      meta description maximum length (156)\n"
"      --meta-max-px PX        meta description width limit, Arial 14px (920)\n"
"      --lede-max-words N      lede length limit (35)\n"
"      --data DIR              model directory ($COPYDESK_DATA, else built in)\n"
"      --wordnet DIR           WordNet directory (/usr/share/wordnet)\n"
"  -q, --quiet                 no warnings on stderr\n"
"      --stage analyze         print what the analysis found (JSON) instead\n"
"      --explain               also list every candidate with its score and\n"
"                              the rule that rejected it\n"
"batch options (one JSON line out per record in, in input order):\n"
"  -j, --jobs N                worker threads (the number of cores)\n"
"      --fields LIST           only these lists, texts only: headlines,ledes,\n"
"                              seo_titles,meta_descriptions (comma-separated)\n"
"      --resume OUT.jsonl      append to OUT, skipping the ids it already holds\n"
"      --progress              progress on stderr even when not a terminal\n"
"      --baseline              first-sentence baseline instead (for benchmarks)\n"
"serve options (HTTP API and the editor's page at /):\n"
"      --host ADDR             address to listen on (127.0.0.1)\n"
"      --port N                port (8080; 0: any free port)\n"
"      --max-body N            largest request body in bytes (2097152)\n"
"      --read-timeout S        seconds to receive a request body (10)\n"
"      --time-budget MS        milliseconds to answer a request (10000)\n"
"      --idle-timeout S        seconds before a silent connection is closed (15)\n"
"      --max-connections N     open connections in total (256)\n"
"      --workers N             articles processed at once (twice the cores)\n"
"      --per-ip N              open connections from one address (64)\n"
"      --mobile-title-px PX    mobile search-result title width (580)\n"
"      --mobile-desc-px PX     mobile search-result description width (680)\n"
"      --port-file FILE        write the port listened on to FILE\n"
"engine options (generate, batch, serve):\n"
"      --engine builtin|llm|hybrid\n"
"                              who writes candidates: copydesk (builtin), a\n"
"                              language model with copydesk filling in (llm),\n"
"                              or both pooled (hybrid); every candidate is\n"
"                              checked against the article either way\n"
"      --endpoint URL          OpenAI-compatible base URL (http://host:port/v1)\n"
"      --model NAME            model name to ask for\n"
"      --api-key-env VAR       environment variable holding the API key\n"
"                              (OPENAI_API_KEY; read only when set)\n"
"      --llm-timeout MS        the whole exchange, retries included (30000)\n"
"      --llm-connect-timeout MS  to connect (5000)\n"
"      --llm-stall S           give up on a reply that stalls this long (10)\n"
"      --llm-retries N         retries on connection errors, 408, 429, 5xx (2)\n"
"      --strict                exit 5 when the model failed and copydesk's own\n"
"                              engine wrote the package\n"
"  -h, --help                  this text\n"
"      --version               print the version\n"
"\n"
"exit status: 0 ok (batch: every record has its output line, errors\n"
"included); 1 no candidate passed the checks (check: a candidate\n"
"failed); 2 usage error;\n"
"3 unusable input or I/O error; 4 limit exceeded or internal error;\n"
"5 (--strict) the language model failed and the built-in engine was used\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "copydesk: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\nTry 'copydesk --help' for more information.\n");
    return EXIT_USAGE;
}

int cli_exit_code(cd_status st)
{
    switch (st) {
    case CD_OK: return EXIT_OK;
    case CD_E_USAGE: return EXIT_USAGE;
    case CD_E_INPUT:
    case CD_E_IO: return EXIT_INPUT;
    default: return EXIT_LIMIT;
    }
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

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || end == s || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

/* A byte count above zero. */
static int parse_size(const char *s, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(s, &end, 10);
    if (errno || *end || end == s || n == 0 || s[0] == '-' || n > SIZE_MAX)
        return -1;
    *out = (size_t)n;
    return 0;
}

static int parse_double(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || end == s || !(v > 0) || v > 1e6)
        return -1;
    *out = v;
    return 0;
}

/* Several lines that each hold a JSON object: JSON Lines. */
static bool is_json_lines(const char *s, size_t n)
{
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t'))
        i++;
    if (i >= n || s[i] != '{')
        return false;
    const char *nl = memchr(s + i, '\n', n - i);
    while (nl && (size_t)(nl - s) + 1 < n) {
        size_t j = (size_t)(nl - s) + 1;
        while (j < n && (s[j] == ' ' || s[j] == '\r' || s[j] == '\t'))
            j++;
        if (j < n && s[j] == '{')
            return true;
        if (j < n && s[j] != '\n')
            return false;
        nl = memchr(s + j, '\n', n - j);
    }
    return false;
}

static int run_json_lines(cd_run *run, char *input, size_t len, const char *name,
                          bool json, bool quiet, const cd_opts *opts, const cli_engine *en)
{
    int rc = EXIT_OK, lineno = 0, done = 0;
    char *p = input, *end = input + len;
    while (p < end) {
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
        if (fell && !quiet)
            fprintf(stderr, "copydesk: %s:%d: warning: %s\n", name, lineno, warn);
        if (fell && en->strict && rc == EXIT_OK)
            rc = EXIT_FALLBACK;
        if (st != CD_OK) {
            fprintf(stderr, "copydesk: %s:%d: %s\n", name, lineno,
                    cd_run_error(run).message);
            rc = rc == EXIT_OK ? cli_exit_code(st) : rc;
            continue;
        }
        char *out = json ? cd_render_json(run) : cd_render_text(run);
        if (!out) {
            rc = EXIT_LIMIT;
            continue;
        }
        if (!json) {
            cd_page_meta pm = cd_page(run);
            (void)pm;
            printf("%s==> %s:%d <==\n", done ? "\n" : "", name, lineno);
        }
        fputs(out, stdout);
        if (json)
            putchar('\n');
        cd_free(out);
        done++;
        if (!quiet)
            for (int i = 0; i < cd_warning_count(run); i++)
                fprintf(stderr, "copydesk: %s:%d: warning: %s\n", name, lineno,
                        cd_warning_at(run, i));
    }
    return rc;
}

int main(int argc, char **argv)
{
    cd_opts opts;
    cd_opts_init(&opts);
    const char *format = "text";
    const char *datadir = getenv("COPYDESK_DATA");
    const char *wordnet = NULL;
    const char *file = NULL;
    bool quiet = false, explain = false, stage_analyze = false;
    int first = 1;
    bool eval = false, extract = false, check = false, batch = false, serve = false;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    cli_batch_opts bo = {.jobs = ncpu > 0 && ncpu < 256 ? (int)ncpu : 1};
    cli_serve_opts so = {.host = "127.0.0.1", .port = 8080, .workers = 2 * bo.jobs,
                         .max_body = 2u << 20, .read_timeout = 10, .budget_ms = 10000,
                         .idle_timeout = 15, .max_connections = 256, .per_ip = 64,
                         .mobile_title_px = 580, .mobile_desc_px = 680};
    cli_engine engine = {.kind = CLI_ENGINE_BUILTIN,
                         .llm = {.key_env = "OPENAI_API_KEY", .timeout_ms = 30000,
                                 .connect_ms = 5000, .low_speed_secs = 10, .retries = 2}};
    if (argc > 1 && strcmp(argv[1], "generate") == 0)
        first = 2;
    else if (argc > 1 && strcmp(argv[1], "check") == 0) {
        first = 2;
        check = true;
    } else if (argc > 1 && strcmp(argv[1], "extract") == 0) {
        first = 2;
        extract = true;
    }
    else if (argc > 1 && strcmp(argv[1], "batch") == 0) {
        first = 2;
        batch = true;
    }
    else if (argc > 1 && strcmp(argv[1], "serve") == 0) {
        first = 2;
        serve = true;
    }
    else if (argc > 1 && strcmp(argv[1], "eval") == 0) {
        first = 2;
        eval = true;
    }
    char **rest = malloc(sizeof(char *) * (size_t)(argc + 1));
    int nrest = 0;
    if (!rest)
        return EXIT_LIMIT;
    for (int i = first; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
#define NEED_ARG                                                         \
    do {                                                                 \
        if (!v) {                                                        \
            free(rest);                                                  \
            return usage_error("option '%s' needs a value", a);          \
        }                                                                \
        i++;                                                             \
    } while (0)
#define BAD_VALUE                                                        \
    do {                                                                 \
        free(rest);                                                      \
        return usage_error("bad value for option '%s'", a);              \
    } while (0)
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_text, stdout);
            free(rest);
            return EXIT_OK;
        } else if (!strcmp(a, "--version")) {
            printf("copydesk %s\n", cd_version_string());
            free(rest);
            return EXIT_OK;
        } else if (!strcmp(a, "-f") || !strcmp(a, "--format")) {
            NEED_ARG;
            if (strcmp(v, "text") && strcmp(v, "json"))
                BAD_VALUE;
            format = v;
        } else if (!strcmp(a, "--input")) {
            NEED_ARG;
            if (!strcmp(v, "auto"))
                opts.input = CD_INPUT_AUTO;
            else if (!strcmp(v, "text") || !strcmp(v, "markdown"))
                opts.input = CD_INPUT_TEXT;
            else if (!strcmp(v, "html"))
                opts.input = CD_INPUT_HTML;
            else if (!strcmp(v, "json"))
                opts.input = CD_INPUT_JSON;
            else
                BAD_VALUE;
        } else if (!strcmp(a, "--case")) {
            NEED_ARG;
            if (!strcmp(v, "sentence"))
                opts.letter_case = CD_CASE_SENTENCE;
            else if (!strcmp(v, "title"))
                opts.letter_case = CD_CASE_TITLE;
            else
                BAD_VALUE;
        } else if (!strcmp(a, "--quotes")) {
            NEED_ARG;
            if (!strcmp(v, "auto"))
                opts.quotes = CD_QUOTES_AUTO;
            else if (!strcmp(v, "straight"))
                opts.quotes = CD_QUOTES_STRAIGHT;
            else if (!strcmp(v, "curly"))
                opts.quotes = CD_QUOTES_CURLY;
            else
                BAD_VALUE;
        } else if (!strcmp(a, "--headlines") || !strcmp(a, "--ledes") ||
                   !strcmp(a, "--seo") || !strcmp(a, "--meta")) {
            NEED_ARG;
            int k = !strcmp(a, "--headlines") ? CD_HEADLINE
                    : !strcmp(a, "--ledes")   ? CD_LEDE
                    : !strcmp(a, "--seo")     ? CD_SEO_TITLE
                                              : CD_META_DESC;
            if (parse_int(v, 0, 100, &opts.count[k]))
                BAD_VALUE;
        } else if (!strcmp(a, "--max-bytes")) {
            NEED_ARG;
            if (parse_size(v, &opts.max_input_bytes))
                BAD_VALUE;
        } else if (!strcmp(a, "--max-page-bytes")) {
            NEED_ARG;
            if (parse_size(v, &opts.max_page_bytes))
                BAD_VALUE;
        } else if (!strcmp(a, "--seo-max-chars")) {
            NEED_ARG;
            if (parse_int(v, 10, 1000, &opts.seo_max_chars))
                BAD_VALUE;
        } else if (!strcmp(a, "--meta-min-chars")) {
            NEED_ARG;
            if (parse_int(v, 0, 1000, &opts.meta_min_chars))
                BAD_VALUE;
        } else if (!strcmp(a, "--meta-max-chars")) {
            NEED_ARG;
            if (parse_int(v, 21, 1000, &opts.meta_max_chars))
                BAD_VALUE;
        } else if (!strcmp(a, "--lede-max-words")) {
            NEED_ARG;
            if (parse_int(v, 5, 200, &opts.lede_max_words))
                BAD_VALUE;
        } else if (!strcmp(a, "--seo-max-px")) {
            NEED_ARG;
            if (parse_double(v, &opts.seo_max_px))
                BAD_VALUE;
        } else if (!strcmp(a, "--meta-max-px")) {
            NEED_ARG;
            if (parse_double(v, &opts.meta_max_px))
                BAD_VALUE;
        } else if (!strcmp(a, "--data")) {
            NEED_ARG;
            datadir = v;
        } else if (!strcmp(a, "--wordnet")) {
            NEED_ARG;
            wordnet = v;
        } else if (!strcmp(a, "--stage")) {
            NEED_ARG;
            if (strcmp(v, "analyze"))
                BAD_VALUE;
            stage_analyze = true;
        } else if (!strcmp(a, "--explain")) {
            explain = true;
        } else if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
            quiet = true;
        } else if (check && (!strcmp(a, "--headline") || !strcmp(a, "--lede") ||
                             !strcmp(a, "--seo-title") || !strcmp(a, "--meta") ||
                             !strcmp(a, "--package"))) {
            NEED_ARG;
            rest[nrest++] = (char *)a;
            rest[nrest++] = (char *)v;
        } else if (batch && !strncmp(a, "-j", 2) && a[2]) {
            if (parse_int(a + 2, 1, 256, &bo.jobs))
                BAD_VALUE;
        } else if (batch && (!strcmp(a, "-j") || !strcmp(a, "--jobs"))) {
            NEED_ARG;
            if (parse_int(v, 1, 256, &bo.jobs))
                BAD_VALUE;
        } else if (batch && !strcmp(a, "--fields")) {
            NEED_ARG;
            bo.fields = 0;
            const char *p = v;
            while (*p) {
                size_t n = strcspn(p, ",");
                int k = 0;
                for (; k < CD_KIND_COUNT; k++) {
                    const char *kn = cd_kind_name((cd_kind)k);
                    if (strlen(kn) == n && !strncmp(p, kn, n))
                        break;
                }
                if (k == CD_KIND_COUNT)
                    BAD_VALUE;
                bo.fields |= 1u << k;
                p += n;
                if (*p == ',')
                    p++;
            }
            if (!bo.fields)
                BAD_VALUE;
        } else if (batch && !strcmp(a, "--resume")) {
            NEED_ARG;
            bo.resume = v;
        } else if (batch && !strcmp(a, "--progress")) {
            bo.progress = true;
        } else if (batch && !strcmp(a, "--baseline")) {
            bo.baseline = true;
        } else if (!strcmp(a, "--engine")) {
            NEED_ARG;
            if (!strcmp(v, "builtin"))
                engine.kind = CLI_ENGINE_BUILTIN;
            else if (!strcmp(v, "llm"))
                engine.kind = CLI_ENGINE_LLM;
            else if (!strcmp(v, "hybrid"))
                engine.kind = CLI_ENGINE_HYBRID;
            else
                BAD_VALUE;
        } else if (!strcmp(a, "--endpoint")) {
            NEED_ARG;
            if (strncmp(v, "http://", 7) && strncmp(v, "https://", 8))
                BAD_VALUE;
            engine.llm.endpoint = v;
        } else if (!strcmp(a, "--model")) {
            NEED_ARG;
            engine.llm.model = v;
        } else if (!strcmp(a, "--api-key-env")) {
            NEED_ARG;
            engine.llm.key_env = v;
        } else if (!strcmp(a, "--llm-timeout")) {
            NEED_ARG;
            if (parse_double(v, &engine.llm.timeout_ms))
                BAD_VALUE;
        } else if (!strcmp(a, "--llm-connect-timeout")) {
            NEED_ARG;
            if (parse_double(v, &engine.llm.connect_ms))
                BAD_VALUE;
        } else if (!strcmp(a, "--llm-stall")) {
            NEED_ARG;
            if (parse_int(v, 1, 3600, &engine.llm.low_speed_secs))
                BAD_VALUE;
        } else if (!strcmp(a, "--llm-retries")) {
            NEED_ARG;
            if (parse_int(v, 0, 2, &engine.llm.retries))
                BAD_VALUE;
        } else if (!strcmp(a, "--strict")) {
            engine.strict = true;
        } else if (serve && !strcmp(a, "--host")) {
            NEED_ARG;
            so.host = v;
        } else if (serve && !strcmp(a, "--port")) {
            NEED_ARG;
            if (parse_int(v, 0, 65535, &so.port))
                BAD_VALUE;
        } else if (serve && !strcmp(a, "--max-body")) {
            NEED_ARG;
            if (parse_size(v, &so.max_body))
                BAD_VALUE;
        } else if (serve && !strcmp(a, "--read-timeout")) {
            NEED_ARG;
            if (parse_double(v, &so.read_timeout))
                BAD_VALUE;
        } else if (serve && !strcmp(a, "--time-budget")) {
            NEED_ARG;
            if (parse_double(v, &so.budget_ms))
                BAD_VALUE;
        } else if (serve && !strcmp(a, "--idle-timeout")) {
            NEED_ARG;
            if (parse_int(v, 1, 3600, &so.idle_timeout))
                BAD_VALUE;
        } else if (serve && !strcmp(a, "--max-connections")) {
            NEED_ARG;
            if (parse_int(v, 1, 100000, &so.max_connections))
                BAD_VALUE;
        } else if (serve && !strcmp(a, "--workers")) {
            NEED_ARG;
            if (parse_int(v, 1, 256, &so.workers))
                BAD_VALUE;
        } else if (serve && !strcmp(a, "--per-ip")) {
            NEED_ARG;
            if (parse_int(v, 1, 100000, &so.per_ip))
                BAD_VALUE;
        } else if (serve && !strcmp(a, "--mobile-title-px")) {
            NEED_ARG;
            if (parse_double(v, &so.mobile_title_px))
                BAD_VALUE;
        } else if (serve && !strcmp(a, "--mobile-desc-px")) {
            NEED_ARG;
            if (parse_double(v, &so.mobile_desc_px))
                BAD_VALUE;
        } else if (serve && !strcmp(a, "--port-file")) {
            NEED_ARG;
            so.port_file = v;
        } else if (eval && !strcmp(a, "--html")) {
            rest[nrest++] = (char *)a;
        } else if (eval && (!strcmp(a, "--dump") || !strcmp(a, "--limit"))) {
            NEED_ARG;
            rest[nrest++] = (char *)a;
            rest[nrest++] = (char *)v;
        } else if (a[0] == '-' && a[1]) {
            free(rest);
            return usage_error("unknown option '%s'", a);
        } else {
            rest[nrest++] = (char *)a;
        }
    }
    if (opts.meta_max_chars < opts.meta_min_chars) {
        free(rest);
        return usage_error("%s", "--meta-min-chars is above --meta-max-chars");
    }
    if (engine.kind != CLI_ENGINE_BUILTIN && !engine.llm.endpoint) {
        free(rest);
        return usage_error("%s", "--engine llm and hybrid need --endpoint URL");
    }
    opts.added = engine.kind == CLI_ENGINE_LLM ? CD_ADDED_FIRST : CD_ADDED_POOLED;
    if (engine.kind != CLI_ENGINE_BUILTIN)
        curl_global_init(CURL_GLOBAL_DEFAULT); /* once, before any thread */
    if (extract && nrest >= 1) {
        int rc = EXIT_OK;
        cd_run *run;
        if (cd_run_new(NULL, &opts, &run) != CD_OK) {
            free(rest);
            return EXIT_LIMIT;
        }
        bool json = strcmp(format, "json") == 0;
        for (int i = 0; i < nrest; i++) {
            size_t cap = opts.max_input_bytes > opts.max_page_bytes
                             ? opts.max_input_bytes : opts.max_page_bytes;
            size_t len = 0;
            char err[512] = "";
            const char *name = strcmp(rest[i], "-") == 0 ? "<stdin>" : rest[i];
            char *input = cli_read(rest[i], cap, &len, err, sizeof err);
            if (!input) {
                fprintf(stderr, "copydesk: %s: %s\n", name, err);
                rc = EXIT_INPUT;
                continue;
            }
            cd_run_reset(run);
            cd_status st = cd_extract(run, input, len);
            free(input);
            if (st != CD_OK) {
                fprintf(stderr, "copydesk: %s: %s\n", name, cd_run_error(run).message);
                rc = cli_exit_code(st);
                continue;
            }
            if (json) {
                char *out = cd_render_extract_json(run);
                if (!out) {
                    rc = EXIT_LIMIT;
                    continue;
                }
                if (nrest > 1) {
                    /* several files: JSON Lines, each naming its file */
                    fputs("{\"file\":\"", stdout);
                    for (const char *c = name; *c; c++) {
                        if (*c == '"' || *c == '\\')
                            putchar('\\');
                        if ((unsigned char)*c >= 0x20)
                            putchar(*c);
                    }
                    printf("\",%s\n", out + 1);
                } else {
                    puts(out);
                }
                cd_free(out);
            } else {
                cd_page_meta pm = cd_page(run);
                const char *t = pm.title ? pm.title : cd_article_title(run);
                if (nrest > 1)
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
            }
        }
        cd_run_free(run);
        free(rest);
        return rc;
    }
    if (check) {
        /* the article is the one positional argument */
        int art = -1, npos = 0;
        for (int i = 0; i < nrest; i++) {
            if (rest[i][0] == '-' && rest[i][1] == '-') {
                i++;
                continue;
            }
            art = i;
            npos++;
        }
        if (npos != 1) {
            free(rest);
            return usage_error("%s", "check needs one ARTICLE");
        }
        char err[512] = "";
        cd_model *model;
        cd_status mst = cd_model_load(datadir, wordnet, &model, err, sizeof err);
        if (mst != CD_OK) {
            fprintf(stderr, "copydesk: %s\n", err);
            free(rest);
            return cli_exit_code(mst);
        }
        const char *article = rest[art];
        for (int i = art; i + 1 < nrest; i++)
            rest[i] = rest[i + 1];
        int rc = cli_check(article, rest, nrest - 1, model, &opts,
                           strcmp(format, "json") == 0);
        cd_model_free(model);
        free(rest);
        return rc;
    }
    if (batch && nrest == 0)
        rest[nrest++] = "-";
    if (serve) {
        if (nrest) {
            int rc = usage_error("serve takes no FILE ('%s')", rest[0]);
            free(rest);
            return rc;
        }
        char err[512] = "";
        cd_model *model;
        cd_status mst = cd_model_load(datadir, wordnet, &model, err, sizeof err);
        free(rest);
        if (mst != CD_OK) {
            fprintf(stderr, "copydesk: %s\n", err);
            return cli_exit_code(mst);
        }
        so.quiet = quiet;
        so.engine = &engine;
        int rc = cli_serve(model, &opts, &so);
        cd_model_free(model);
        return rc;
    }
    if (!eval) {
        if (nrest != 1) {
            free(rest);
            return usage_error("%s", nrest ? "expected one FILE" : "no input FILE (use - for stdin)");
        }
        file = rest[0];
    } else if (nrest == 0) {
        free(rest);
        return usage_error("%s", "eval needs a SET.jsonl");
    }

    char err[512] = "";
    double t0 = cli_now();
    cd_model *model;
    cd_status st = cd_model_load(datadir, wordnet, &model, err, sizeof err);
    if (st != CD_OK) {
        fprintf(stderr, "copydesk: %s\n", err);
        free(rest);
        return cli_exit_code(st);
    }
    if (batch) {
        bo.quiet = quiet;
        opts.input = CD_INPUT_JSON;
        size_t cap = opts.max_input_bytes > opts.max_page_bytes ? opts.max_input_bytes
                                                                : opts.max_page_bytes;
        bo.max_line = cap * 2; /* room for the JSON escapes of a page */
        bo.engine = &engine;
        int rc = cli_batch(file, model, &opts, &bo);
        cd_model_free(model);
        free(rest);
        return rc;
    }
    if (eval) {
        int rc = cli_eval(nrest, rest, model, &opts, t0);
        cd_model_free(model);
        free(rest);
        return rc;
    }

    size_t len = 0;
    size_t cap = opts.max_input_bytes > opts.max_page_bytes ? opts.max_input_bytes
                                                            : opts.max_page_bytes;
    char *input = cli_read(file, cap, &len, err, sizeof err);
    const char *name = strcmp(file, "-") == 0 ? "<stdin>" : file;
    if (!input) {
        fprintf(stderr, "copydesk: %s: %s\n", name, err);
        cd_model_free(model);
        free(rest);
        return EXIT_INPUT;
    }
    cd_run *run;
    st = cd_run_new(model, &opts, &run);
    if (st != CD_OK) {
        fprintf(stderr, "copydesk: %s\n", cd_status_str(st));
        free(input);
        cd_model_free(model);
        free(rest);
        return cli_exit_code(st);
    }
    /* JSON Lines: one package per record */
    if (!stage_analyze && (opts.input == CD_INPUT_JSON || opts.input == CD_INPUT_AUTO) &&
        is_json_lines(input, len)) {
        int rc = run_json_lines(run, input, len, name, strcmp(format, "json") == 0,
                                quiet, &opts, &engine);
        free(input);
        cd_run_free(run);
        cd_model_free(model);
        free(rest);
        return rc;
    }
    int rc = EXIT_OK;
    if (stage_analyze) {
        st = cd_extract(run, input, len);
        if (st == CD_OK)
            st = cd_analyze(run);
        free(input);
        char *out = st == CD_OK ? cd_render_analysis_json(run) : NULL;
        if (st != CD_OK) {
            cd_error e = cd_run_error(run);
            fprintf(stderr, "copydesk: %s: %s\n", name, e.message);
            rc = cli_exit_code(st);
        } else if (!out) {
            fprintf(stderr, "copydesk: %s: out of memory\n", name);
            rc = EXIT_LIMIT;
        } else {
            puts(out);
            cd_free(out);
        }
        cd_run_free(run);
        cd_model_free(model);
        free(rest);
        return rc;
    }
    char warn[400] = "";
    bool fell = false;
    st = cli_run_engine(run, &opts, input, len, &engine, 0, warn, sizeof warn, &fell);
    free(input);
    if (fell && !quiet)
        fprintf(stderr, "copydesk: %s: warning: %s\n", name, warn);
    if (st != CD_OK) {
        cd_error e = cd_run_error(run);
        fprintf(stderr, "copydesk: %s: %s\n", name,
                e.code != CD_OK ? e.message : cd_status_str(st));
        rc = cli_exit_code(st);
    } else {
        char *out = strcmp(format, "json") == 0 ? cd_render_json(run)
                                                : cd_render_text(run);
        if (!out) {
            fprintf(stderr, "copydesk: %s: out of memory\n", name);
            rc = EXIT_LIMIT;
        } else {
            fputs(out, stdout);
            if (strcmp(format, "json") == 0)
                fputc('\n', stdout);
            cd_free(out);
        }
        if (explain)
            for (int k = 0; k < CD_KIND_COUNT; k++) {
                printf("\nCandidates (%s):\n", cd_kind_name((cd_kind)k));
                for (int i = 0; i < cd_candidate_count(run, (cd_kind)k); i++) {
                    const char *rej;
                    double sc;
                    const char *t = cd_candidate_at(run, (cd_kind)k, i, &rej, &sc);
                    printf("%7.4f %-18s %s\n", sc, rej ? rej : "ok", t);
                }
            }
        if (!quiet)
            for (int i = 0; i < cd_warning_count(run); i++)
                fprintf(stderr, "copydesk: %s: warning: %s\n", name,
                        cd_warning_at(run, i));
        int total = 0;
        for (int k = 0; k < CD_KIND_COUNT; k++)
            total += cd_count(run, (cd_kind)k);
        if (total == 0) {
            fprintf(stderr, "copydesk: %s: no candidate passed the checks\n",
                    name);
            rc = EXIT_NOTHING;
        } else if (fell && engine.strict) {
            rc = EXIT_FALLBACK;
        }
    }
    cd_run_free(run);
    cd_model_free(model);
    free(rest);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "copydesk: write error: %s\n", strerror(errno));
        return EXIT_INPUT;
    }
    return rc;
}
