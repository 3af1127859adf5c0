/*
 * args.c - the command line: one table of options, each naming the
 * subcommands it belongs to, read by the parser and printed by --help.
 *
 * A name means one thing per subcommand: `--meta N` is a count for
 * generate, batch, serve and eval, `--meta T` a description to grade for
 * check.  An option given to a subcommand it does not belong to is a
 * usage error that says so.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

enum {
    G = 1 << CLI_GENERATE, X = 1 << CLI_EXTRACT, C = 1 << CLI_CHECK,
    E = 1 << CLI_EVAL, B = 1 << CLI_BATCH, S = 1 << CLI_SERVE,
    ALL = G | X | C | E | B | S,
    SHAPE = G | C | E | B | S, /* options that shape or grade candidates */
    WRITE = G | E | B | S      /* options that only shape written ones */
};

static const char *const cmd_name[CLI_NCMD] = {"generate", "extract", "check",
                                               "eval", "batch", "serve"};

/* Sections of --help, in order. */
enum { H_GEN, H_CHECK, H_EVAL, H_BATCH, H_SERVE, H_ENGINE, H_OTHER, H_COUNT };
static const char *const section[H_COUNT] = {
    "options",
    "check options (candidates to grade, in order; each repeatable)",
    "eval options",
    "batch options (one JSON line out per record in, in input order)",
    "serve options (HTTP API and the editor's page at /)",
    "engine options",
    "",
};

enum opt_id {
    O_HELP, O_VERSION, O_FORMAT, O_INPUT, O_CASE, O_QUOTES, O_HEADLINES, O_LEDES,
    O_SEO, O_META_N, O_MAX_BYTES, O_MAX_PAGE, O_SEO_CHARS, O_SEO_PX, O_META_MIN,
    O_META_MAX, O_META_PX, O_LEDE_WORDS, O_LANG, O_DATA, O_WORDNET, O_QUIET,
    O_STAGE, O_EXPLAIN, O_C_HEADLINE, O_C_LEDE, O_C_SEO, O_C_META, O_C_PACKAGE,
    O_E_HTML, O_E_DUMP, O_E_LIMIT, O_JOBS, O_FIELDS, O_RESUME, O_PROGRESS,
    O_BASELINE, O_HOST, O_PORT, O_MAX_BODY, O_READ_TIMEOUT, O_BUDGET, O_IDLE,
    O_MAX_CONN, O_WORKERS, O_PER_IP, O_MOB_TITLE, O_MOB_DESC, O_PORT_FILE,
    O_ENGINE, O_ENDPOINT, O_MODEL, O_KEY_ENV, O_LLM_TIMEOUT, O_LLM_CONNECT,
    O_LLM_STALL, O_LLM_RETRIES, O_STRICT
};

typedef struct opt {
    const char *name;  /* "--format" */
    char short_name;   /* 'f', or 0 */
    const char *arg;   /* the value's name in --help, NULL for a flag */
    unsigned cmds;     /* the subcommands it belongs to */
    int sect;          /* where --help lists it */
    enum opt_id id;
    const char *help;  /* lines split by '\n' */
} opt;

static const opt opts_table[] = {
    {"--format", 'f', "text|json", G | X | C, H_GEN, O_FORMAT, "output format (text)"},
    {"--input", 0, "auto|text|html|json", G | X | C, H_GEN, O_INPUT,
     "what FILE is (auto: a page, or JSON records\n{text|html, title, url, id, lang}, when it\n"
     "looks like one; one record per line)"},
    {"--case", 0, "sentence|title", SHAPE, H_GEN, O_CASE,
     "letter case of headlines and SEO titles"},
    {"--quotes", 0, "auto|straight|curly", WRITE, H_GEN, O_QUOTES,
     "quotation marks in output (auto: as the article)"},
    {"--headlines", 0, "N", WRITE, H_GEN, O_HEADLINES, "number of headlines (5)"},
    {"--ledes", 0, "N", WRITE, H_GEN, O_LEDES, "number of ledes (5)"},
    {"--seo", 0, "N", WRITE, H_GEN, O_SEO, "number of SEO titles (3)"},
    {"--meta", 0, "N", WRITE, H_GEN, O_META_N, "number of meta descriptions (3)"},
    {"--max-bytes", 0, "N", ALL, H_GEN, O_MAX_BYTES,
     "largest text input accepted, a JSON record's\ntext too (1048576)"},
    {"--max-page-bytes", 0, "N", ALL, H_GEN, O_MAX_PAGE,
     "largest HTML page or JSON input accepted\n(16777216)"},
    {"--seo-max-chars", 0, "N", SHAPE, H_GEN, O_SEO_CHARS, "SEO title length limit (60)"},
    {"--seo-max-px", 0, "PX", SHAPE, H_GEN, O_SEO_PX,
     "SEO title width limit, Arial 20px (580)"},
    {"--meta-min-chars", 0, "N", SHAPE, H_GEN, O_META_MIN,
     "meta description minimum length (120)"},
    {"--meta-max-chars", 0, "N", SHAPE, H_GEN, O_META_MAX,
     "meta description maximum length (156)"},
    {"--meta-max-px", 0, "PX", SHAPE, H_GEN, O_META_PX,
     "meta description width limit, Arial 14px (920)"},
    {"--lede-max-words", 0, "N", SHAPE, H_GEN, O_LEDE_WORDS, "lede length limit (35)"},
    {"--lang", 0, "TAG", G | C | B | S, H_GEN, O_LANG,
     "the article's language (auto: the text's, else\nthe declared one); copydesk writes "
     "English\nonly, so any other fails with exit status 6"},
    {"--data", 0, "DIR", SHAPE, H_GEN, O_DATA,
     "model directory ($COPYDESK_DATA, else built in)"},
    {"--wordnet", 0, "DIR", SHAPE, H_GEN, O_WORDNET, "WordNet directory (/usr/share/wordnet)"},
    {"--quiet", 'q', NULL, G | B | S, H_GEN, O_QUIET, "no warnings on stderr"},
    {"--stage", 0, "STAGE", G, H_GEN, O_STAGE,
     "print what a stage found instead: analyze (JSON),\nparse (each sentence's dependency tree, CoNLL-U)"},
    {"--explain", 0, NULL, G, H_GEN, O_EXPLAIN,
     "also list every candidate with its score and\nthe rule that rejected it (json: an "
     "\"explain\"\nmember of the package)"},

    {"--headline", 0, "T", C, H_CHECK, O_C_HEADLINE, "a headline"},
    {"--lede", 0, "T", C, H_CHECK, O_C_LEDE, "a lede"},
    {"--seo-title", 0, "T", C, H_CHECK, O_C_SEO, "an SEO title"},
    {"--meta", 0, "T", C, H_CHECK, O_C_META, "a meta description"},
    {"--package", 0, "FILE", C, H_CHECK, O_C_PACKAGE,
     "a package: the --format json shape or the text\nlayout"},

    {"--html", 0, NULL, E, H_EVAL, O_E_HTML,
     "read rows that have html_path from their page"},
    {"--dump", 0, "PRED.jsonl", E, H_EVAL, O_E_DUMP, "write every row's top candidates here"},
    {"--limit", 0, "N", E, H_EVAL, O_E_LIMIT, "only the first N rows of each set"},

    {"--jobs", 'j', "N", B, H_BATCH, O_JOBS, "worker threads (the number of cores)"},
    {"--fields", 0, "LIST", B, H_BATCH, O_FIELDS,
     "only these lists, texts only: headlines,ledes,\nseo_titles,meta_descriptions "
     "(comma-separated)"},
    {"--resume", 0, "OUT.jsonl", B, H_BATCH, O_RESUME,
     "append to OUT, skipping the ids it already holds"},
    {"--progress", 0, NULL, B, H_BATCH, O_PROGRESS,
     "progress on stderr even when not a terminal"},
    {"--baseline", 0, NULL, B, H_BATCH, O_BASELINE,
     "first-sentence baseline instead (for benchmarks)"},

    {"--host", 0, "ADDR", S, H_SERVE, O_HOST, "address to listen on (127.0.0.1)"},
    {"--port", 0, "N", S, H_SERVE, O_PORT, "port (8080; 0: any free port)"},
    {"--max-body", 0, "N", S, H_SERVE, O_MAX_BODY, "largest request body in bytes (2097152)"},
    {"--read-timeout", 0, "S", S, H_SERVE, O_READ_TIMEOUT,
     "seconds to receive a request body (10)"},
    {"--time-budget", 0, "MS", S, H_SERVE, O_BUDGET, "milliseconds to answer a request (10000)"},
    {"--idle-timeout", 0, "S", S, H_SERVE, O_IDLE,
     "seconds before a silent connection is closed (15)"},
    {"--max-connections", 0, "N", S, H_SERVE, O_MAX_CONN, "open connections in total (256)"},
    {"--workers", 0, "N", S, H_SERVE, O_WORKERS, "articles processed at once (twice the cores)"},
    {"--per-ip", 0, "N", S, H_SERVE, O_PER_IP, "open connections from one address (64)"},
    {"--mobile-title-px", 0, "PX", S, H_SERVE, O_MOB_TITLE,
     "mobile search-result title width (580)"},
    {"--mobile-desc-px", 0, "PX", S, H_SERVE, O_MOB_DESC,
     "mobile search-result description width (680)"},
    {"--port-file", 0, "FILE", S, H_SERVE, O_PORT_FILE, "write the port listened on to FILE"},

    {"--engine", 0, "builtin|llm|hybrid", G | B | S, H_ENGINE, O_ENGINE,
     "who writes candidates: copydesk (builtin), a\nlanguage model with copydesk filling in "
     "(llm),\nor both pooled (hybrid); every candidate is\nchecked against the article "
     "either way"},
    {"--endpoint", 0, "URL", G | B | S, H_ENGINE, O_ENDPOINT,
     "OpenAI-compatible base URL (http://host:port/v1)"},
    {"--model", 0, "NAME", G | B | S, H_ENGINE, O_MODEL, "model name to ask for"},
    {"--api-key-env", 0, "VAR", G | B | S, H_ENGINE, O_KEY_ENV,
     "environment variable holding the API key\n(OPENAI_API_KEY; read only when set)"},
    {"--llm-timeout", 0, "MS", G | B | S, H_ENGINE, O_LLM_TIMEOUT,
     "the whole exchange, retries included (30000)"},
    {"--llm-connect-timeout", 0, "MS", G | B | S, H_ENGINE, O_LLM_CONNECT, "to connect (5000)"},
    {"--llm-stall", 0, "S", G | B | S, H_ENGINE, O_LLM_STALL,
     "give up on a reply that stalls this long (10)"},
    {"--llm-retries", 0, "N", G | B | S, H_ENGINE, O_LLM_RETRIES,
     "retries on connection errors, 408, 429, 5xx (2)"},
    {"--strict", 0, NULL, G | B | S, H_ENGINE, O_STRICT,
     "exit 5 when the model failed and copydesk's own\nengine wrote the package"},

    {"--help", 'h', NULL, ALL, H_OTHER, O_HELP, "this text"},
    {"--version", 0, NULL, ALL, H_OTHER, O_VERSION, "print the version"},
};
#define NOPTS (sizeof opts_table / sizeof opts_table[0])

static const char *const synopsis[CLI_NCMD] = {
    "copydesk [generate] [options] FILE|-",
    "copydesk extract [--format text|json] [--input html|text] FILE|-...",
    "copydesk check ARTICLE [--headline T]... [--lede T]... [--seo-title T]...\n"
    "                      [--meta T]... [--package FILE] [--format text|json]",
    "copydesk eval [--html] [--dump PRED.jsonl] [--limit N] SET.jsonl...",
    "copydesk batch [-j N] [--fields LIST] [--resume OUT.jsonl] [--progress]\n"
    "                      [options] IN.jsonl|-",
    "copydesk serve [--host ADDR] [--port N] [serve options] [options]",
};

static const char exit_text[] =
    "exit status: 0 ok (batch: every record has its output line, errors\n"
    "included); 1 no candidate passed the checks (check: a candidate\n"
    "failed); 2 usage error;\n"
    "3 unusable input or I/O error (batch: also an OUT that --resume\n"
    "refuses or another batch has locked); 4 limit exceeded or internal error;\n"
    "5 (--strict) the language model failed and the built-in engine was used;\n"
    "6 the article is not in English (the only language copydesk writes)\n";

static void print_opt(FILE *f, const opt *o)
{
    char head[64];
    int n = snprintf(head, sizeof head, "  %c%c%s %s%s%s", o->short_name ? '-' : ' ',
                     o->short_name ? o->short_name : ' ', o->short_name ? "," : " ",
                     o->name, o->arg ? " " : "", o->arg ? o->arg : "");
    const char *h = o->help;
    bool first = true;
    if (n > 29) {
        fprintf(f, "%s\n", head);
        first = false;
    }
    while (*h) {
        size_t k = strcspn(h, "\n");
        fprintf(f, "%-30s%.*s\n", first ? head : "", (int)k, h);
        first = false;
        h += k;
        if (*h)
            h++;
    }
}

/* Full help: every subcommand; `copydesk SUB --help`: that one's. */
static void print_help(FILE *f, int cmd, bool all)
{
    for (int c = 0; c < CLI_NCMD; c++)
        if (all || c == cmd)
            fprintf(f, "%s%s\n", all && c ? "       " : "usage: ", synopsis[c]);
    fputs("\n", f);
    if (all || cmd == CLI_GENERATE)
        fputs("Writes alternative headlines, ledes, SEO titles and meta descriptions for a\n"
              "news article in plain text, Markdown or an HTML page (a short first line\n"
              "followed by a blank line is taken as its current headline).\n\n",
              f);
    for (int s = 0; s < H_COUNT; s++) {
        bool any = false;
        for (size_t i = 0; i < NOPTS; i++) {
            const opt *o = &opts_table[i];
            if (o->sect != s || (!all && !(o->cmds & (1u << cmd))))
                continue;
            if (!any && section[s][0]) {
                if (s == H_ENGINE)
                    fprintf(f, "%s (generate, batch, serve):\n", section[s]);
                else
                    fprintf(f, "%s%s:\n", section[s],
                            s == H_GEN && !all && cmd != CLI_GENERATE ? " (as for generate)" : "");
            }
            any = true;
            print_opt(f, o);
        }
    }
    if (all)
        fputs("\nEach subcommand takes the options marked for it in 'copydesk SUB --help'.\n",
              f);
    fputs("\n", f);
    fputs(exit_text, f);
}

/* `arg` echoed: at most 70 bytes of it, cut at a character, with bytes
 * that are not UTF-8 (or are control characters) written \xHH. */
static const char *echo_arg(const char *arg, size_t n, char *buf, size_t cap)
{
    char cut[72];
    if (n > 70) {
        n = 70;
        for (int k = 0; k < 3 && n > 0 && ((unsigned char)arg[n] & 0xC0) == 0x80; k++)
            n--; /* not inside a character */
    }
    snprintf(cut, sizeof cut, "%.*s", (int)n, arg);
    const char *sh = cli_shown(cut, buf, cap);
    return sh == cut ? strcpy(buf, cut) : sh;
}

static int usage_error(int cmd, const char *fmt, const char *arg)
{
    fprintf(stderr, "copydesk: ");
    fprintf(stderr, fmt, arg);
    if (cmd == CLI_GENERATE)
        fprintf(stderr, "\nTry 'copydesk --help' for more information.\n");
    else
        fprintf(stderr, "\nTry 'copydesk %s --help' for more information.\n", cmd_name[cmd]);
    return EXIT_USAGE;
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

/* `v` among the '|'-separated `choices`: its index, or -1. */
static int choice(const char *v, const char *choices)
{
    int k = 0;
    size_t n = strlen(v);
    for (const char *p = choices; *p; k++) {
        size_t m = strcspn(p, "|");
        if (m == n && !strncmp(p, v, n))
            return k;
        p += m;
        if (*p)
            p++;
    }
    return -1;
}

/* Apply one option; 0, or -1 when the value is bad. */
static int apply(cli_args *a, const opt *o, const char *v)
{
    cd_opts *op = &a->opts;
    int k;
    switch (o->id) {
    case O_FORMAT:
        if (choice(v, "text|json") < 0)
            return -1;
        a->json = !strcmp(v, "json");
        return 0;
    case O_INPUT:
        /* "markdown" is read as text, as it always was */
        k = choice(v, "auto|text|html|json|markdown");
        if (k < 0)
            return -1;
        op->input = k == 4 ? CD_INPUT_TEXT : (cd_input)k;
        return 0;
    case O_CASE:
        k = choice(v, "sentence|title");
        op->letter_case = k == 1 ? CD_CASE_TITLE : CD_CASE_SENTENCE;
        return k < 0 ? -1 : 0;
    case O_QUOTES:
        k = choice(v, "auto|straight|curly");
        op->quotes = k == 2 ? CD_QUOTES_CURLY : k == 1 ? CD_QUOTES_STRAIGHT : CD_QUOTES_AUTO;
        return k < 0 ? -1 : 0;
    case O_HEADLINES: return parse_int(v, 0, 100, &op->count[CD_HEADLINE]);
    case O_LEDES: return parse_int(v, 0, 100, &op->count[CD_LEDE]);
    case O_SEO: return parse_int(v, 0, 100, &op->count[CD_SEO_TITLE]);
    case O_META_N: return parse_int(v, 0, 100, &op->count[CD_META_DESC]);
    case O_MAX_BYTES: return parse_size(v, &op->max_input_bytes);
    case O_MAX_PAGE: return parse_size(v, &op->max_page_bytes);
    case O_SEO_CHARS: return parse_int(v, 10, 1000, &op->seo_max_chars);
    case O_SEO_PX: return parse_double(v, &op->seo_max_px);
    case O_META_MIN: return parse_int(v, 0, 1000, &op->meta_min_chars);
    case O_META_MAX: return parse_int(v, 21, 1000, &op->meta_max_chars);
    case O_META_PX: return parse_double(v, &op->meta_max_px);
    case O_LEDE_WORDS: return parse_int(v, 5, 200, &op->lede_max_words);
    case O_LANG:
        if (!strcmp(v, "auto")) {
            op->lang[0] = 0;
            return 0;
        }
        if (!cd_lang_tag_valid(v))
            return -1;
        snprintf(op->lang, sizeof op->lang, "%s", v);
        return 0;
    case O_DATA: a->datadir = v; return 0;
    case O_WORDNET: a->wordnet = v; return 0;
    case O_QUIET: a->quiet = true; return 0;
    case O_STAGE:
        if (strcmp(v, "analyze") == 0)
            a->stage_analyze = true;
        else if (strcmp(v, "parse") == 0)
            a->stage_parse = true;
        else
            return -1;
        return 0;
    case O_EXPLAIN: a->explain = true, a->opts.read_all = 1; return 0;
    case O_C_HEADLINE:
    case O_C_LEDE:
    case O_C_SEO:
    case O_C_META:
    case O_C_PACKAGE:
        a->checks[a->nchecks].kind = o->id == O_C_HEADLINE ? CD_HEADLINE
                                     : o->id == O_C_LEDE   ? CD_LEDE
                                     : o->id == O_C_SEO    ? CD_SEO_TITLE
                                     : o->id == O_C_META   ? CD_META_DESC
                                                           : -1;
        a->checks[a->nchecks++].text = v;
        return 0;
    case O_E_HTML: a->eval_html = true; return 0;
    case O_E_DUMP: a->eval_dump = v; return 0;
    case O_E_LIMIT: return parse_int(v, 1, 100000000, &a->eval_limit);
    case O_JOBS: return parse_int(v, 1, 256, &a->bo.jobs);
    case O_FIELDS:
        a->bo.fields = 0;
        for (const char *p = v; *p;) {
            size_t n = strcspn(p, ",");
            int kk = 0;
            for (; kk < CD_KIND_COUNT; kk++) {
                const char *kn = cd_kind_name((cd_kind)kk);
                if (strlen(kn) == n && !strncmp(p, kn, n))
                    break;
            }
            if (kk == CD_KIND_COUNT)
                return -1;
            a->bo.fields |= 1u << kk;
            p += n;
            if (*p == ',')
                p++;
        }
        return a->bo.fields ? 0 : -1;
    case O_RESUME: a->bo.resume = v; return 0;
    case O_PROGRESS: a->bo.progress = true; return 0;
    case O_BASELINE: a->bo.baseline = true; return 0;
    case O_HOST: a->so.host = v; return 0;
    case O_PORT: return parse_int(v, 0, 65535, &a->so.port);
    case O_MAX_BODY: return parse_size(v, &a->so.max_body);
    case O_READ_TIMEOUT: return parse_double(v, &a->so.read_timeout);
    case O_BUDGET: return parse_double(v, &a->so.budget_ms);
    case O_IDLE: return parse_int(v, 1, 3600, &a->so.idle_timeout);
    case O_MAX_CONN: return parse_int(v, 1, 100000, &a->so.max_connections);
    case O_WORKERS: return parse_int(v, 1, 256, &a->so.workers);
    case O_PER_IP: return parse_int(v, 1, 100000, &a->so.per_ip);
    case O_MOB_TITLE: return parse_double(v, &a->so.mobile_title_px);
    case O_MOB_DESC: return parse_double(v, &a->so.mobile_desc_px);
    case O_PORT_FILE: a->so.port_file = v; return 0;
    case O_ENGINE:
        k = choice(v, "builtin|llm|hybrid");
        a->engine.kind = k == 2 ? CLI_ENGINE_HYBRID : k == 1 ? CLI_ENGINE_LLM
                                                            : CLI_ENGINE_BUILTIN;
        return k < 0 ? -1 : 0;
    case O_ENDPOINT:
        if (strncmp(v, "http://", 7) && strncmp(v, "https://", 8))
            return -1;
        a->engine.llm.endpoint = v;
        return 0;
    case O_MODEL: a->engine.llm.model = v; return 0;
    case O_KEY_ENV: a->engine.llm.key_env = v; return 0;
    case O_LLM_TIMEOUT: return parse_double(v, &a->engine.llm.timeout_ms);
    case O_LLM_CONNECT: return parse_double(v, &a->engine.llm.connect_ms);
    case O_LLM_STALL: return parse_int(v, 1, 3600, &a->engine.llm.low_speed_secs);
    case O_LLM_RETRIES: return parse_int(v, 0, 2, &a->engine.llm.retries);
    case O_STRICT: a->engine.strict = true; return 0;
    case O_HELP:
    case O_VERSION:
        break;
    }
    return 0;
}

/* The option called `name` (`n` bytes) for subcommand `cmd`; NULL when
 * none, and `*elsewhere` set when another subcommand has one. */
static const opt *lookup(const char *name, size_t n, char short_name, int cmd,
                         bool *elsewhere)
{
    *elsewhere = false;
    for (size_t i = 0; i < NOPTS; i++) {
        const opt *o = &opts_table[i];
        bool same = short_name ? o->short_name == short_name
                               : strlen(o->name) == n && !strncmp(o->name, name, n);
        if (!same)
            continue;
        if (o->cmds & (1u << cmd))
            return o;
        *elsewhere = true;
    }
    return NULL;
}

void cli_args_free(cli_args *a)
{
    free(a->files);
    free(a->checks);
}

int cli_parse_args(int argc, char **argv, cli_args *a)
{
    memset(a, 0, sizeof *a);
    cd_opts_init(&a->opts);
    a->datadir = getenv("COPYDESK_DATA");
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    a->bo.jobs = ncpu > 0 && ncpu < 256 ? (int)ncpu : 1;
    a->so = (cli_serve_opts){.host = "127.0.0.1", .port = 8080, .workers = 2 * a->bo.jobs,
                             .max_body = 2u << 20, .read_timeout = 10, .budget_ms = 10000,
                             .idle_timeout = 15, .max_connections = 256, .per_ip = 64,
                             .mobile_title_px = 580, .mobile_desc_px = 680};
    a->engine = (cli_engine){.kind = CLI_ENGINE_BUILTIN,
                             .llm = {.key_env = "OPENAI_API_KEY", .timeout_ms = 30000,
                                     .connect_ms = 5000, .low_speed_secs = 10, .retries = 2}};
    int first = 1, cmd = CLI_GENERATE;
    for (int c = 0; c < CLI_NCMD && argc > 1; c++)
        if (!strcmp(argv[1], cmd_name[c])) {
            cmd = c;
            first = 2;
        }
    a->cmd = cmd;
    a->files = malloc(sizeof *a->files * (size_t)(argc + 1));
    a->checks = malloc(sizeof *a->checks * (size_t)(argc + 1));
    if (!a->files || !a->checks) {
        fprintf(stderr, "copydesk: out of memory\n");
        return EXIT_LIMIT;
    }
    bool options_end = false;
    for (int i = first; i < argc; i++) {
        const char *arg = argv[i];
        if (options_end || arg[0] != '-' || !arg[1]) {
            a->files[a->nfiles++] = argv[i];
            continue;
        }
        if (!strcmp(arg, "--")) {
            options_end = true;
            continue;
        }
        /* --name, --name=value, -x, -xVALUE */
        const char *v = NULL;
        size_t n;
        char sn = 0;
        if (arg[1] == '-') {
            n = strcspn(arg, "=");
            if (arg[n] == '=')
                v = arg + n + 1;
        } else {
            sn = arg[1];
            n = 2;
            if (arg[2])
                v = arg + 2;
        }
        bool elsewhere;
        const opt *o = lookup(arg, n, sn, cmd, &elsewhere);
        if (!o) {
            char shown[400];
            echo_arg(arg, n, shown, sizeof shown);
            if (elsewhere) {
                char msg[480];
                snprintf(msg, sizeof msg, "option '%s' is not for 'copydesk %s'", shown,
                         cmd_name[cmd]);
                return usage_error(cmd, "%s", msg);
            }
            return usage_error(cmd, "unknown option '%s'", shown);
        }
        if (o->id == O_HELP) {
            print_help(stdout, cmd, first == 1);
            return EXIT_OK;
        }
        if (o->id == O_VERSION) {
            printf("copydesk %s\n", cd_version_string());
            return EXIT_OK;
        }
        if (o->arg && !v) {
            if (i + 1 >= argc)
                return usage_error(cmd, "option '%s' needs a value", o->name);
            v = argv[++i];
        } else if (!o->arg && v) {
            return usage_error(cmd, "option '%s' takes no value", o->name);
        }
        char shown[400];
        if ((o->id == O_C_HEADLINE || o->id == O_C_LEDE || o->id == O_C_SEO ||
             o->id == O_C_META) && cli_utf8_invalid_at(v, strlen(v)) != (size_t)-1) {
            /* a candidate is text: copydesk grades and echoes UTF-8 only */
            char msg[600];
            snprintf(msg, sizeof msg, "bad value for option '%s' (invalid UTF-8 at byte %zu)",
                     echo_arg(arg, n, shown, sizeof shown), cli_utf8_invalid_at(v, strlen(v)));
            return usage_error(cmd, "%s", msg);
        }
        if (apply(a, o, v) != 0)
            return usage_error(cmd, "bad value for option '%s'", echo_arg(arg, n, shown, sizeof shown));
    }
    if (a->opts.meta_max_chars < a->opts.meta_min_chars)
        return usage_error(cmd, "%s", "--meta-min-chars is above --meta-max-chars");
    if (a->engine.kind != CLI_ENGINE_BUILTIN && !a->engine.llm.endpoint)
        return usage_error(cmd, "%s", "--engine llm and hybrid need --endpoint URL");
    a->opts.added = a->engine.kind == CLI_ENGINE_LLM ? CD_ADDED_FIRST : CD_ADDED_POOLED;
    switch (cmd) {
    case CLI_GENERATE:
        if (a->nfiles != 1)
            return usage_error(cmd, "%s",
                               a->nfiles ? "expected one FILE" : "no input FILE (use - for stdin)");
        break;
    case CLI_EXTRACT:
        if (a->nfiles == 0)
            return usage_error(cmd, "%s", "extract needs a FILE (use - for stdin)");
        break;
    case CLI_CHECK:
        if (a->nfiles != 1)
            return usage_error(cmd, "%s", "check needs one ARTICLE");
        break;
    case CLI_EVAL:
        if (a->nfiles == 0)
            return usage_error(cmd, "%s", "eval needs a SET.jsonl");
        break;
    case CLI_BATCH:
        if (a->nfiles > 1)
            return usage_error(cmd, "%s", "batch reads one IN.jsonl (or -)");
        if (a->nfiles == 0)
            a->files[a->nfiles++] = "-";
        break;
    case CLI_SERVE:
        if (a->nfiles) {
            char shown[CLI_SHOWN];
            return usage_error(cmd, "serve takes no FILE ('%s')",
                               cli_shown(a->files[0], shown, sizeof shown));
        }
        break;
    }
    return -1;
}
