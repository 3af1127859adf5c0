/* cli.h - shared by the command-line tool's files. */
#ifndef CD_CLI_H
#define CD_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "copydesk.h"

/* Exit codes, documented in --help, README.md and docs/copydesk.1. */
enum {
    EXIT_OK = 0,
    EXIT_NOTHING = 1, /* no candidate passed the checks */
    EXIT_USAGE = 2,
    EXIT_INPUT = 3,   /* unusable input or I/O error */
    EXIT_LIMIT = 4,   /* a limit was exceeded, or an internal error */
    EXIT_FALLBACK = 5, /* --strict: the language model failed, built-in used */
    EXIT_LANG = 6      /* the article is not in English */
};

int cli_exit_code(cd_status st);

/* Offset of the first byte of s[0..n) that is not part of valid UTF-8
 * (RFC 3629), or (size_t)-1 when there is none. */
size_t cli_utf8_invalid_at(const char *s, size_t n);
/* `s` as it may be echoed in a message or in output: itself when it is
 * valid UTF-8 without control characters and shorter than `cap`; else a
 * copy in `buf` (cap bytes, at least 16) with each invalid byte and
 * control character written \xHH, cut at a character with "..." when it
 * does not fit. */
const char *cli_shown(const char *s, char *buf, size_t cap);
enum { CLI_SHOWN = 1024 }; /* room for an echoed name */

/* Writes to stdout: cli_out_failed() says whether one has failed so far
 * (and keeps its errno); cli_out_close(rc) ends every command: it flushes
 * and closes stdout and, when any write failed, says so once on stderr
 * ("copydesk: write error: REASON") and returns EXIT_INPUT, else rc.
 * cli_out_reported() tells it that the command said so itself. */
bool cli_out_failed(void);
int cli_out_close(int rc);
void cli_out_reported(void);

/* A growing string for printf-style text; `oom` is set, and the rest
 * ignored, once an allocation fails.  The owner frees `s`. */
typedef struct cli_text {
    char *s;
    size_t n, cap;
    bool oom;
} cli_text;
void cli_textf(cli_text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The length (1 to 4) of the valid UTF-8 character at `s` (`n` > 0 bytes
 * there), or 0 when its bytes are not one (RFC 3629: no overlong forms, no
 * surrogates, nothing above U+10FFFF, none cut short). */
int cli_utf8_char(const char *s, size_t n);
/* Append `n` bytes of `s` to `t` as a JSON string, quotes included:
 * '"', '\\' and control characters escaped, each invalid UTF-8 byte
 * replaced by U+FFFD. */
void cli_json_str(cli_text *t, const char *s, size_t n);
/* Read all of `path` ("-" for stdin), at most `limit` + 1 bytes.  Returns
 * a malloc'd buffer or NULL with errno-style text in `err`. */
char *cli_read(const char *path, size_t limit, size_t *len, char *err,
               size_t errlen);
/* What to say of a failed run on `len` bytes that cli_read read from
 * `path` with limit `cap`: the run's message, unless the read stopped at
 * its limit, when the size the library saw is not the input's: then the
 * file's size (or none, for a pipe) with the library's limit.  Returns
 * the run's message or `buf`. */
const char *cli_run_message(const cd_run *run, const char *path, size_t len, size_t cap,
                            char *buf, size_t n);
/* Score the sets `sets[0..nsets)`; `html`: read pages; `dump`: write
 * predictions there (NULL: none); `limit`: rows per set (0: all). */
int cli_eval(int nsets, char **sets, bool html, const char *dump, long limit,
             const cd_model *model, const cd_opts *opts, double t_start);
double cli_now(void); /* monotonic seconds */
/* A candidate of `copydesk check` from the command line: `kind` is a
 * cd_kind and `text` the candidate, or `kind` is -1 and `text` names a
 * package file. */
typedef struct cli_check_arg {
    int kind;
    const char *text;
} cli_check_arg;
int cli_check(const char *article, const cli_check_arg *args, int nargs,
              const cd_model *model, const cd_opts *opts, bool json);

/* A candidate to grade: its list and its text (NUL-terminated). */
typedef struct cli_cand {
    cd_kind kind;
    char *text;
} cli_cand;
/* Grade `n` candidates against the analysed article of `run` as the JSON
 * of `copydesk check --format json` (malloc'd, no newline; NULL when out
 * of memory).  `*nfail` gets the number that fail. */
char *cli_grade_json(cd_run *run, const cd_opts *opts, const cli_cand *cs, int n,
                     int *nfail);

/* `copydesk batch` settings. */
typedef struct {
    int jobs;            /* worker threads */
    unsigned fields;     /* bit k: print only these kinds, texts only (0: all) */
    const char *resume;  /* append to this file, skipping the ids it holds */
    bool progress, quiet, baseline;
    size_t max_line;     /* longest input line accepted, in bytes */
    const struct cli_engine *engine; /* NULL: built-in only */
    double engine_budget_ms;         /* per record, for the model (0: its own) */
} cli_batch_opts;
int cli_batch(const char *path, const cd_model *model, const cd_opts *opts,
              const cli_batch_opts *bo);

/* The language-model engine (cli/llm.c). */
typedef struct cli_llm_opts {
    const char *endpoint;  /* OpenAI-compatible base URL (".../v1") */
    const char *model;     /* model name */
    const char *key_env;   /* environment variable holding the API key */
    double timeout_ms;     /* the whole exchange, retries included (30000) */
    double connect_ms;     /* to connect (5000) */
    int low_speed_secs;    /* a reply stalled this long is abandoned (10) */
    int retries;           /* on connection errors, 408, 429, 5xx (2) */
} cli_llm_opts;

enum { CLI_ENGINE_BUILTIN = 0, CLI_ENGINE_LLM, CLI_ENGINE_HYBRID };
struct cli_engine {
    int kind;
    bool strict;           /* a fallback makes the exit status 5 */
    cli_llm_opts llm;
};
typedef struct cli_engine cli_engine;

/* Ask the model for candidates for the analysed article of `run` (made
 * with options `o`) and add them; 0, or -1 with a reason in `why`.
 * `budget_ms` > 0 caps the time, retries included. */
int cli_llm_add(cd_run *run, const cd_opts *o, const cli_llm_opts *lo, double budget_ms,
                char *why, size_t whylen, int *nadded);
/* Extract, analyze, ask the engine, generate.  When the model cannot be
 * used, the built-in engine writes the package, `warn` says why and
 * `*fell_back` is set. */
cd_status cli_run_engine(cd_run *run, const cd_opts *o, const char *input, size_t len,
                         const cli_engine *en, double budget_ms, char *warn, size_t warnlen,
                         bool *fell_back);

/* `copydesk serve` settings. */
typedef struct {
    const char *host;        /* 127.0.0.1 */
    int port;                /* 8080; 0 picks a free port */
    size_t max_body;         /* largest request body, bytes (2 MiB) */
    double read_timeout;     /* seconds to receive a request body (10) */
    double budget_ms;        /* time to answer a request, ms (10000) */
    int idle_timeout;        /* seconds a silent connection stays open (15) */
    int max_connections;     /* in total, a thread each (256) */
    int workers;             /* articles processed at once (twice the cores) */
    int per_ip;              /* from one address (64) */
    double mobile_title_px;  /* search-result width limits on mobile */
    double mobile_desc_px;
    const char *port_file;   /* write the bound port here (for tests) */
    bool quiet;
    const struct cli_engine *engine; /* NULL: built-in only */
} cli_serve_opts;
int cli_serve(const cd_model *model, const cd_opts *opts, const cli_serve_opts *so);

/* The subcommands. */
enum { CLI_GENERATE, CLI_EXTRACT, CLI_CHECK, CLI_EVAL, CLI_BATCH, CLI_SERVE, CLI_NCMD };

/* Everything the command line says (cli/args.c). */
typedef struct cli_args {
    int cmd;                 /* CLI_* */
    cd_opts opts;
    bool json;               /* --format json */
    const char *datadir, *wordnet;
    bool quiet, explain, stage_analyze, stage_parse;
    cli_check_arg *checks;   /* check: candidates and packages, in order */
    int nchecks;
    bool eval_html;
    const char *eval_dump;
    int eval_limit;
    cli_batch_opts bo;
    cli_serve_opts so;
    cli_engine engine;
    char **files;            /* operands: FILE, ARTICLE, SET.jsonl... */
    int nfiles;
} cli_args;
/* Read argv into `a`: -1 to go on, else the exit status to end with
 * (0 after --help or --version; a usage error has been printed).  Free
 * with cli_args_free either way. */
int cli_parse_args(int argc, char **argv, cli_args *a);
void cli_args_free(cli_args *a);

#endif
