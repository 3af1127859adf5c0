/*
 * serve.c - `copydesk serve`: the library over HTTP, and the editor's page.
 *
 *   POST /v1/package   article in (JSON record, text, Markdown or HTML by
 *                      Content-Type), the package of --format json out
 *   POST /v1/check     {"article": ..., "headlines": [...], ...} graded as
 *                      `copydesk check --format json` grades them
 *   POST /v1/extract   what `copydesk extract --format json` prints
 *   POST /v1/serp      {"title", "description"}: what a search result shows
 *   GET  /healthz      {"status":"ok"}
 *   GET  /metrics      Prometheus text format
 *   GET  /             the editor's page (files built into the binary)
 *
 * libmicrohttpd gives each connection a thread (up to --max-connections);
 * a request's headers and body are read on its connection's thread, and
 * the work on an article is handed to one of --workers threads, first come
 * first served.  The model is loaded once and shared (it is read-only);
 * each job borrows a cd_run from a small pool so that arenas are reused,
 * not reallocated.
 *
 * Bounds: the body size (413 as soon as Content-Length or the bytes read
 * pass it), the time to receive the body (408, from a watchdog thread, so
 * that a body that stops short of its Content-Length is answered too), the
 * time to answer (503 at --time-budget: the library stops at its own
 * checks, and a stage that runs past them is not waited for: the
 * connection is answered and the late result is thrown away when it
 * comes), an idle timeout per connection, and connection limits per IP and
 * in total.  Every error is JSON:
 * {"error":{"code":413,"status":"payload_too_large","message":...}}, and
 * everything a message echoes from the request is valid UTF-8 (an invalid
 * byte becomes U+FFFD, a long echo is cut at a character boundary), as is
 * every body the service sends.
 *
 * Errors libmicrohttpd raises itself (a malformed request line, HTTP
 * version, Content-Length or chunk size; a request line or headers over
 * the connection's memory: 400, 413, 414, 431, 505) have no callback of
 * their own in 0.9.75: it queues a compiled-in HTML page, and for a bad
 * Content-Length sends its status line and headers twice.  It reports each
 * to the error logger first, on the connection's own thread, with the
 * status code; the logger answers there in the JSON shape, straight to the
 * socket, and shuts it for writing, so that libmicrohttpd's page is never
 * sent (its write fails and it closes the connection).  The socket is the
 * one a callback on this thread named (the URI log callback, once a
 * request line has been read on the connection).  Before that (an error
 * in a connection's first request line), it is deduced: every connection
 * is registered before its thread starts, and of those that have had no
 * request line yet it is the only one, or the only one libmicrohttpd has
 * read bytes from (TCP_INFO's bytes received beyond those still unread),
 * which sets it apart from idle connections such as a browser's
 * preconnections.  When that still leaves several (two clients each in
 * the middle of a first request line), the socket cannot be told, and
 * the client gets libmicrohttpd's own answer: the right status, an HTML
 * body, once, Connection: close.  Every one of them is counted in
 * /metrics.
 *
 * SIGINT or SIGTERM stops accepting connections, lets the requests in
 * flight finish (each is answered within its budget or read timeout; the
 * wait is bounded by the larger of the two plus 1 s, and a second signal
 * cuts it short), then exits 0.
 */
#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <errno.h>
#include <microhttpd.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/tcp.h> /* struct tcp_info with tcpi_bytes_received */
#endif

#include "cli.h"
#include "web_assets.h"

/* ---- Metrics ---------------------------------------------------------- */

enum endpoint {
    EP_PACKAGE, EP_CHECK, EP_EXTRACT, EP_SERP, EP_HEALTHZ, EP_METRICS,
    EP_PAGE, EP_OTHER, EP_COUNT
};
static const char *const ep_name[EP_COUNT] = {
    "/v1/package", "/v1/check", "/v1/extract", "/v1/serp", "/healthz",
    "/metrics", "page", "other"};

/* The statuses the service answers with; anything else counts as 500. */
static const int codes[] = {200, 400, 404, 405, 408, 413, 414, 415,
                            422, 431, 500, 501, 503, 505};
#define NCODES (int)(sizeof codes / sizeof codes[0])

static const double buckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                 0.5,   1,    2.5,   5,    10};
#define NBUCKETS (int)(sizeof buckets / sizeof buckets[0])

typedef struct metrics {
    atomic_ulong requests[EP_COUNT][NCODES];
    atomic_ulong hist[NBUCKETS + 1]; /* the last is +Inf */
    atomic_ulong sum_us;
    atomic_ulong articles;
    atomic_long in_flight;
} metrics;

static void count_status(metrics *m, enum endpoint ep, int status)
{
    int k = 0;
    while (k < NCODES && codes[k] != status)
        k++;
    if (k == NCODES)
        for (k = 0; codes[k] != 500; k++)
            ;
    atomic_fetch_add(&m->requests[ep][k], 1);
}

/* ---- Server ----------------------------------------------------------- */

typedef struct job job;
typedef struct request request;

typedef struct server {
    const cd_model *model;
    cd_opts opts;
    const cli_serve_opts *so;
    metrics m;
    double started;            /* wall-clock seconds */
    atomic_bool draining;      /* stopping: answer, then close */
    pthread_mutex_t lock;      /* guards the pool of runs */
    cd_run **runs;
    int nruns, capruns;
    /* the jobs waiting for a worker, first come first served */
    pthread_mutex_t jlock;
    pthread_cond_t jcv;        /* a job was queued, or stop */
    pthread_cond_t idle_cv;    /* a worker finished a job */
    job *jhead, *jtail;
    int busy;                  /* workers on a job */
    bool wstop;
    pthread_t *workers;
    int nworkers;
    /* the requests whose body is being read, for the read timeout */
    pthread_mutex_t wlock;
    pthread_cond_t wcv;
    request *watch;
    bool wdone;
    pthread_t watchdog;
    /* the open connections, and how many have had no request line yet */
    pthread_mutex_t clk;
    struct conn *conns;
    int unbound;
    int unregistered;          /* open, but not in conns (out of memory) */
} server;

/* An open connection (libmicrohttpd's socket context). */
typedef struct conn {
    int fd;
    bool bound;           /* a request line was read on it */
    struct conn *prev, *next;
} conn;

/* One request, from its request line to its completion. */
struct request {
    enum endpoint ep;
    double t0;            /* its headers were read (until then: its line) */
    bool started;         /* the handler has seen its headers */
    int fd;               /* the connection's socket */
    char *body;
    size_t len, cap;
    /* guarded by server.wlock (the watchdog answers too): */
    bool answered;        /* a response is queued or sent */
    bool oob;             /* answered straight to the socket, which closes */
    bool watched;         /* in server.watch */
    int status;
    request *prev, *next;
};

/* The connection this thread serves (libmicrohttpd gives each its own
 * thread), as far as a callback has said: its current request and socket,
 * and whether its remaining notes are about a connection closed on
 * purpose. */
static _Thread_local request *tls_rq;
static _Thread_local int tls_fd = -1;
static _Thread_local bool tls_quiet;

static void condvar_init(pthread_cond_t *cv)
{
    pthread_condattr_t a;
    pthread_condattr_init(&a);
    pthread_condattr_setclock(&a, CLOCK_MONOTONIC);
    pthread_cond_init(cv, &a);
    pthread_condattr_destroy(&a);
}

/* The CLOCK_MONOTONIC time `t` (cli_now's seconds) for a timed wait. */
static struct timespec abs_time(double t)
{
    struct timespec ts;
    ts.tv_sec = (time_t)t;
    ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    return ts;
}

/* ---- UTF-8 -------------------------------------------------------------- */

#define REPLACEMENT "\xef\xbf\xbd" /* U+FFFD */

/* `s` (n bytes) as text to echo into a message: into out (cap >= 8 bytes
 * with its NUL) as valid UTF-8, each invalid byte as U+FFFD, and when it
 * does not fit, cut at a character boundary and ended with "…". */
static const char *echo_n(char *out, size_t cap, const char *s, size_t n)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t k = (size_t)cli_utf8_char(s + i, n - i);
        size_t w = k ? k : 3;
        if (o + w + 3 + 1 > cap) {
            memcpy(out + o, "\xe2\x80\xa6", 3);
            o += 3;
            break;
        }
        memcpy(out + o, k ? s + i : REPLACEMENT, w);
        o += w;
        i += k ? k : 1;
    }
    out[o] = 0;
    return out;
}
#define echo(buf, s) echo_n(buf, sizeof buf, (s), strlen(s))

/* A copy of s[0..n) with each invalid UTF-8 byte replaced by U+FFFD
 * (malloc'd, *outlen its length); NULL when s is valid already or memory
 * ran out. */
static char *utf8_fixed(const char *s, size_t n, size_t *outlen)
{
    size_t bad = 0;
    for (size_t i = 0; i < n;) {
        size_t k = (size_t)cli_utf8_char(s + i, n - i);
        bad += !k;
        i += k ? k : 1;
    }
    if (!bad)
        return NULL;
    char *out = malloc(n + 2 * bad + 1);
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t k = (size_t)cli_utf8_char(s + i, n - i);
        memcpy(out + o, k ? s + i : REPLACEMENT, k ? k : 3);
        o += k ? k : 3;
        i += k ? k : 1;
    }
    out[o] = 0;
    *outlen = o;
    return out;
}

static cd_run *run_take(server *sv)
{
    cd_run *r = NULL;
    pthread_mutex_lock(&sv->lock);
    if (sv->nruns > 0)
        r = sv->runs[--sv->nruns];
    pthread_mutex_unlock(&sv->lock);
    if (!r && cd_run_new(sv->model, &sv->opts, &r) != CD_OK)
        return NULL;
    return r;
}

/* Give a run back; one that worked on a big article is freed instead, so
 * that one large request does not pin its arena for the life of the
 * service. */
static void run_give(server *sv, cd_run *r, size_t input_len)
{
    if (!r)
        return;
    cd_run_reset(r);
    bool keep = input_len <= 256 * 1024;
    pthread_mutex_lock(&sv->lock);
    if (keep && sv->nruns == sv->capruns) {
        int cap = sv->capruns ? sv->capruns * 2 : 8;
        cd_run **v = realloc(sv->runs, (size_t)cap * sizeof *v);
        if (v) {
            sv->runs = v;
            sv->capruns = cap;
        }
    }
    if (keep && sv->nruns < sv->capruns) {
        sv->runs[sv->nruns++] = r;
        r = NULL;
    }
    pthread_mutex_unlock(&sv->lock);
    cd_run_free(r);
}

/* ---- Responses -------------------------------------------------------- */

static const char *status_name(int code)
{
    switch (code) {
    case 400: return "bad_request";
    case 404: return "not_found";
    case 405: return "method_not_allowed";
    case 408: return "request_timeout";
    case 413: return "payload_too_large";
    case 414: return "uri_too_long";
    case 415: return "unsupported_media_type";
    case 422: return "unprocessable_content";
    case 431: return "request_header_fields_too_large";
    case 501: return "not_implemented";
    case 503: return "unavailable";
    case 505: return "http_version_not_supported";
    default: return "internal";
    }
}

/* Mark `rq` answered with `code` unless it is already; false if it was. */
static bool mark_answered(server *sv, request *rq, int code, bool oob)
{
    pthread_mutex_lock(&sv->wlock);
    bool first = !rq->answered;
    if (first) {
        rq->answered = true;
        rq->oob = oob;
        rq->status = code;
    }
    pthread_mutex_unlock(&sv->wlock);
    return first;
}

/* Whether `rq` was answered, and (in *oob) whether beside libmicrohttpd. */
static bool is_answered(server *sv, request *rq, bool *oob)
{
    pthread_mutex_lock(&sv->wlock);
    bool a = rq->answered;
    if (oob)
        *oob = rq->oob;
    pthread_mutex_unlock(&sv->wlock);
    return a;
}

/* Queue a response.  A body made for this request (`release` set) is sent
 * as valid UTF-8 whatever the library put in it: an invalid byte can only
 * sit inside a JSON string, where U+FFFD stands in for it. */
static enum MHD_Result send_body(struct MHD_Connection *c, server *sv, request *rq,
                                 int code, const char *type, char *body, size_t len,
                                 void (*release)(void *), bool close)
{
    if (release) {
        size_t n;
        char *fixed = utf8_fixed(body, len, &n);
        if (fixed) {
            release(body);
            body = fixed;
            len = n;
            release = free;
        }
    }
    struct MHD_Response *r =
        release ? MHD_create_response_from_buffer_with_free_callback(len, body, release)
                : MHD_create_response_from_buffer(len, body, MHD_RESPMEM_PERSISTENT);
    if (!r) {
        if (release)
            release(body);
        return MHD_NO;
    }
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (strncmp(type, "text/html", 9) == 0)
        MHD_add_response_header(r, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; "
                                "frame-ancestors 'none'");
    else
        MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    if (code == 405)
        MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW,
                                rq->ep == EP_HEALTHZ || rq->ep == EP_METRICS ||
                                        rq->ep == EP_PAGE
                                    ? "GET, HEAD"
                                    : "POST");
    if (code == 503)
        MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, "1");
    if (close || atomic_load(&sv->draining))
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONNECTION, "close");
    mark_answered(sv, rq, code, false);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)code, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_json(struct MHD_Connection *c, server *sv, request *rq,
                                 int code, char *json, bool close)
{
    if (!json)
        return MHD_NO;
    return send_body(c, sv, rq, code, "application/json; charset=utf-8", json,
                     strlen(json), free, close);
}

/* {"error":{"code":N,"status":...,"message":msg}} (malloc'd; NULL when out
 * of memory).  cJSON escapes what JSON needs; send_body and raw_error make
 * the message valid UTF-8. */
static char *error_json(int code, const char *msg)
{
    cJSON *root = cJSON_CreateObject();
    cJSON *e = cJSON_AddObjectToObject(root, "error");
    cJSON_AddNumberToObject(e, "code", code);
    cJSON_AddStringToObject(e, "status", status_name(code));
    cJSON_AddStringToObject(e, "message", msg);
    char *out = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    return out;
}

static enum MHD_Result send_error_c(struct MHD_Connection *c, server *sv, request *rq,
                                    int code, bool close, const char *fmt, va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    return send_json(c, sv, rq, code, error_json(code, msg), close);
}

static enum MHD_Result send_error(struct MHD_Connection *c, server *sv, request *rq,
                                  int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum MHD_Result r = send_error_c(c, sv, rq, code, false, fmt, ap);
    va_end(ap);
    return r;
}

/* An error after which the connection is closed: the request's framing
 * cannot be trusted, so nothing after it on the connection can be. */
static enum MHD_Result send_error_close(struct MHD_Connection *c, server *sv, request *rq,
                                        int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    enum MHD_Result r = send_error_c(c, sv, rq, code, true, fmt, ap);
    va_end(ap);
    return r;
}

static const char *reason_phrase(int code)
{
    switch (code) {
    case 400: return "Bad Request";
    case 408: return "Request Timeout";
    case 413: return "Payload Too Large";
    case 414: return "URI Too Long";
    case 431: return "Request Header Fields Too Large";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Internal Server Error";
    }
}

/*
 * Write a whole JSON error response straight to the socket and shut it
 * for writing (and reading, with `shut_read`, to wake a thread waiting on
 * it).  For the times libmicrohttpd would otherwise answer with nothing or
 * with its own page: in the middle of a body (0.9.75 queues responses only
 * before the body is read or after all of it is), from the watchdog, and
 * for the errors it raises itself.  libmicrohttpd is reading, not writing,
 * at each of these points; its own later writes fail and it closes.
 */
static void raw_error(int fd, int code, const char *msg, bool shut_read)
{
    char *body = error_json(code, msg);
    size_t blen = body ? strlen(body) : 0, n;
    char *fixed = body ? utf8_fixed(body, blen, &n) : NULL;
    if (fixed) {
        cJSON_free(body);
        body = fixed;
        blen = n;
    }
    char all[2048];
    int hn = snprintf(all, sizeof all,
                      "HTTP/1.1 %d %s\r\nConnection: close\r\n"
                      "Content-Type: application/json; charset=utf-8\r\n"
                      "X-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n"
                      "%sContent-Length: %zu\r\n\r\n",
                      code, reason_phrase(code), code == 503 ? "Retry-After: 1\r\n" : "",
                      blen);
    if (body && hn > 0 && (size_t)hn + blen < sizeof all) {
        memcpy(all + hn, body, blen);
        (void)send(fd, all, (size_t)hn + blen, MSG_NOSIGNAL | MSG_DONTWAIT);
    }
    if (fixed)
        free(body);
    else
        cJSON_free(body);
    shutdown(fd, shut_read ? SHUT_RDWR : SHUT_WR);
}

static void unwatch_locked(server *sv, request *rq);

/* Answer in the middle of a request body and close (see raw_error); the
 * handler then returns MHD_NO, which closes the connection. */
static enum MHD_Result abort_error(struct MHD_Connection *c, server *sv, request *rq,
                                   int code, const char *fmt, ...)
{
    (void)c;
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    pthread_mutex_lock(&sv->wlock);
    if (!rq->answered) {
        rq->answered = rq->oob = true;
        rq->status = code;
        unwatch_locked(sv, rq);
        raw_error(rq->fd, code, msg, false);
    }
    pthread_mutex_unlock(&sv->wlock);
    return MHD_NO;
}

/* The HTTP status for a failed run. */
static int run_status(cd_status st)
{
    switch (st) {
    case CD_E_USAGE:
    case CD_E_INPUT: return 400;
    case CD_E_LIMIT: return 413;
    case CD_E_LANG: return 422;
    case CD_E_NOMEM: return 503;
    default: return 500;
    }
}

/* ---- Options from the query string ------------------------------------ */

typedef struct query {
    cd_opts *opts;
    char err[320];
} query;

static enum MHD_Result query_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    query *q = cls;
    cd_opts *o = q->opts;
    const char *v = value ? value : "";
    char *end = NULL;
    long n = strtol(v, &end, 10);
    bool num = *v && end && !*end;
    double d = strtod(v, &end);
    bool dbl = *v && end && !*end && d > 0 && d <= 1e6;
    static const char *const count_keys[CD_KIND_COUNT] = {"headlines", "ledes", "seo",
                                                          "meta"};
    for (int k = 0; k < CD_KIND_COUNT; k++)
        if (!strcmp(key, count_keys[k])) {
            if (!num || n < 0 || n > 100)
                goto bad;
            o->count[k] = (int)n;
            return MHD_YES;
        }
    if (!strcmp(key, "case")) {
        if (!strcmp(v, "sentence"))
            o->letter_case = CD_CASE_SENTENCE;
        else if (!strcmp(v, "title"))
            o->letter_case = CD_CASE_TITLE;
        else
            goto bad;
    } else if (!strcmp(key, "quotes")) {
        if (!strcmp(v, "auto"))
            o->quotes = CD_QUOTES_AUTO;
        else if (!strcmp(v, "straight"))
            o->quotes = CD_QUOTES_STRAIGHT;
        else if (!strcmp(v, "curly"))
            o->quotes = CD_QUOTES_CURLY;
        else
            goto bad;
    } else if (!strcmp(key, "input")) {
        if (!strcmp(v, "auto"))
            o->input = CD_INPUT_AUTO;
        else if (!strcmp(v, "text") || !strcmp(v, "markdown"))
            o->input = CD_INPUT_TEXT;
        else if (!strcmp(v, "html"))
            o->input = CD_INPUT_HTML;
        else if (!strcmp(v, "json"))
            o->input = CD_INPUT_JSON;
        else
            goto bad;
    } else if (!strcmp(key, "seo_max_chars")) {
        if (!num || n < 10 || n > 1000)
            goto bad;
        o->seo_max_chars = (int)n;
    } else if (!strcmp(key, "meta_min_chars")) {
        if (!num || n < 0 || n > 1000)
            goto bad;
        o->meta_min_chars = (int)n;
    } else if (!strcmp(key, "meta_max_chars")) {
        if (!num || n < 21 || n > 1000)
            goto bad;
        o->meta_max_chars = (int)n;
    } else if (!strcmp(key, "lede_max_words")) {
        if (!num || n < 5 || n > 200)
            goto bad;
        o->lede_max_words = (int)n;
    } else if (!strcmp(key, "seo_max_px")) {
        if (!dbl)
            goto bad;
        o->seo_max_px = d;
    } else if (!strcmp(key, "meta_max_px")) {
        if (!dbl)
            goto bad;
        o->meta_max_px = d;
    } else if (!strcmp(key, "lang")) {
        if (!cd_lang_tag_valid(v))
            goto bad;
        strcpy(o->lang, v);
    } else {
        char k[64];
        snprintf(q->err, sizeof q->err,
                 "unknown parameter '%s' (known: headlines, ledes, seo, meta, case, "
                 "quotes, input, seo_max_chars, seo_max_px, meta_min_chars, "
                 "meta_max_chars, meta_max_px, lede_max_words, lang)",
                 echo(k, key));
        return MHD_NO;
    }
    return MHD_YES;
bad:;
    char k[64];
    snprintf(q->err, sizeof q->err, "bad value for parameter '%s'", echo(k, key));
    return MHD_NO;
}

/* The input kind a Content-Type names; -1 when it is not one we read. */
static int content_input(const char *ct, char *why, size_t whylen)
{
    if (!ct || !*ct)
        return CD_INPUT_AUTO;
    size_t n = strcspn(ct, ";");
    while (n && ct[n - 1] == ' ')
        n--;
    const char *cs = NULL;
    for (const char *p = ct; *p && !cs; p++)
        if (!strncasecmp(p, "charset=", 8))
            cs = p;
    if (cs) {
        cs += 8;
        if (*cs == '"')
            cs++;
        size_t m = strcspn(cs, "\"; ");
        bool utf8 = (m == 5 && !strncasecmp(cs, "utf-8", 5)) ||
                    (m == 4 && !strncasecmp(cs, "utf8", 4)) ||
                    (m == 8 && !strncasecmp(cs, "us-ascii", 8));
        bool html = n == 9 && !strncasecmp(ct, "text/html", 9);
        if (!utf8 && !html) {
            char e[64];
            snprintf(why, whylen, "charset '%s' is not read: send UTF-8",
                     echo_n(e, sizeof e, cs, m));
            return -1;
        }
    }
#define IS(s) (n == strlen(s) && !strncasecmp(ct, s, n))
    if (IS("application/json"))
        return CD_INPUT_JSON;
    if (IS("text/html") || IS("application/xhtml+xml"))
        return CD_INPUT_HTML;
    if (IS("text/plain") || IS("text/markdown") || IS("text/x-markdown"))
        return CD_INPUT_TEXT;
    /* curl -d sends the second: read it as it is, not as a form */
    if (IS("application/octet-stream") || IS("application/x-www-form-urlencoded"))
        return CD_INPUT_AUTO;
#undef IS
    char e[84];
    snprintf(why, whylen,
             "Content-Type '%s' is not read (application/json, text/plain, "
             "text/markdown or text/html)",
             echo_n(e, sizeof e, ct, n));
    return -1;
}

/* ---- Jobs: the work on an article, on a worker thread ------------------ */

enum job_kind { J_PACKAGE, J_EXTRACT, J_CHECK };
enum job_state { J_QUEUED, J_RUNNING, J_DONE };

struct job {
    enum job_kind kind;
    double t0;               /* its request's headers were read */
    cd_opts o;
    char *body;              /* owned: the article (package, extract) */
    size_t len;              /* the request body's length */
    cJSON *j;                /* owned: /v1/check's request */
    char *record;            /* owned: its article as a record, or NULL */
    const char *input;       /* the article to check (in j or record) */
    cli_cand *cs;            /* owned: the candidates (their text in j) */
    int n;
    /* the outcome: out (freed by release), or code and msg */
    char *out;
    void (*release)(void *);
    int code;
    char msg[512];
    /* guarded by server.jlock */
    enum job_state state;
    bool abandoned;          /* answered 503 already: the worker frees it */
    pthread_cond_t cv;       /* state became J_DONE */
    job *next;
};

/* Past the budget, the time to wait for the library's own answer (its
 * 503, or a result that only just made it) before answering 503. */
#define ANSWER_GRACE 0.25

static job *job_new(enum job_kind kind, const cd_opts *o, double t0)
{
    job *jb = calloc(1, sizeof *jb);
    if (!jb)
        return NULL;
    jb->kind = kind;
    jb->o = *o;
    jb->t0 = t0;
    condvar_init(&jb->cv);
    return jb;
}

static void job_free(job *jb)
{
    if (!jb)
        return;
    if (jb->out)
        jb->release(jb->out);
    cJSON_Delete(jb->j);
    free(jb->record);
    free(jb->cs);
    free(jb->body);
    pthread_cond_destroy(&jb->cv);
    free(jb);
}

static double remaining_ms(const server *sv, double t0)
{
    double left = sv->so->budget_ms - (cli_now() - t0) * 1e3;
    return left > 1 ? left : 1;
}

static void job_fail(job *jb, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(jb->msg, sizeof jb->msg, fmt, ap);
    va_end(ap);
    jb->code = code;
}

/* A run failed: 503 when the time budget was spent, else by its status. */
static void job_run_failed(server *sv, job *jb, cd_run *run, cd_status st)
{
    cd_error e = cd_run_error(run);
    if (st == CD_E_LIMIT && (cli_now() - jb->t0) * 1e3 >= sv->so->budget_ms)
        job_fail(jb, 503, "request time budget of %.0f ms exceeded", sv->so->budget_ms);
    else
        job_fail(jb, run_status(st), "%s", e.code != CD_OK ? e.message : cd_status_str(st));
}

/* The work itself, on a worker thread; it touches nothing of the request
 * or its connection, which may be gone by the time it ends. */
static void job_work(server *sv, job *jb)
{
    cd_opts o = jb->o;
    o.time_budget_ms = remaining_ms(sv, jb->t0);
    cd_run *run = run_take(sv);
    if (!run) {
        job_fail(jb, 503, "out of memory");
        return;
    }
    if (cd_run_set_opts(run, &o) != CD_OK) {
        run_give(sv, run, 0);
        job_fail(jb, 400, "the options contradict each other");
        return;
    }
    cd_status st;
    if (jb->kind == J_CHECK) {
        st = cd_extract(run, jb->input, strlen(jb->input));
        if (st == CD_OK)
            st = cd_analyze(run);
        if (st == CD_OK) {
            jb->out = cli_grade_json(run, &o, jb->cs, jb->n, NULL);
            jb->release = cJSON_free;
        }
    } else {
        const char *body = jb->body ? jb->body : "";
        bool fell = false;
        char warn[400] = "";
        if (jb->kind == J_EXTRACT)
            st = cd_extract(run, body, jb->len);
        else if (sv->so->engine && sv->so->engine->kind != CLI_ENGINE_BUILTIN)
            /* the model gets what is left of the request's budget, less a
             * margin for our own engine */
            st = cli_run_engine(run, &o, body, jb->len, sv->so->engine,
                                remaining_ms(sv, jb->t0) * 0.8, warn, sizeof warn, &fell);
        else
            st = cd_run_article(run, body, jb->len);
        if (fell && !sv->so->quiet)
            fprintf(stderr, "copydesk: serve: warning: %s\n", warn);
        if (st == CD_OK) {
            jb->out = jb->kind == J_EXTRACT ? cd_render_extract_json(run) : cd_render_json(run);
            jb->release = cd_free;
        }
    }
    if (st != CD_OK)
        job_run_failed(sv, jb, run, st);
    else if (!jb->out)
        job_fail(jb, 503, "out of memory");
    run_give(sv, run, jb->len);
}

static void *worker_main(void *arg)
{
    server *sv = arg;
    pthread_mutex_lock(&sv->jlock);
    for (;;) {
        while (!sv->jhead && !sv->wstop)
            pthread_cond_wait(&sv->jcv, &sv->jlock);
        job *jb = sv->jhead;
        if (!jb)
            break;
        sv->jhead = jb->next;
        if (!sv->jhead)
            sv->jtail = NULL;
        jb->next = NULL;
        jb->state = J_RUNNING;
        sv->busy++;
        pthread_mutex_unlock(&sv->jlock);
        job_work(sv, jb);
        pthread_mutex_lock(&sv->jlock);
        bool orphan = jb->abandoned;
        if (!orphan) {
            jb->state = J_DONE; /* the waiter frees it from here on */
            pthread_cond_signal(&jb->cv);
        }
        pthread_mutex_unlock(&sv->jlock);
        if (orphan)
            job_free(jb);
        pthread_mutex_lock(&sv->jlock);
        sv->busy--;
        pthread_cond_broadcast(&sv->idle_cv);
    }
    pthread_mutex_unlock(&sv->jlock);
    return NULL;
}

/*
 * Hand `jb` to the workers and answer with its outcome, or with 503 once
 * the request's budget (and ANSWER_GRACE) is spent: a job still queued is
 * taken back, one still running is left to its worker, which throws the
 * result away when it ends.  Either way the connection is answered on
 * time; the worker stays busy until the library returns.
 */
static enum MHD_Result run_job(struct MHD_Connection *c, server *sv, request *rq, job *jb)
{
    struct timespec until = abs_time(rq->t0 + sv->so->budget_ms / 1e3 + ANSWER_GRACE);
    pthread_mutex_lock(&sv->jlock);
    if (sv->jtail)
        sv->jtail->next = jb;
    else
        sv->jhead = jb;
    sv->jtail = jb;
    pthread_cond_signal(&sv->jcv);
    while (jb->state != J_DONE)
        if (pthread_cond_timedwait(&jb->cv, &sv->jlock, &until) == ETIMEDOUT)
            break;
    enum job_state state = jb->state;
    if (state == J_QUEUED) {
        job **pp = &sv->jhead;
        job *prev = NULL;
        while (*pp != jb) {
            prev = *pp;
            pp = &(*pp)->next;
        }
        *pp = jb->next;
        if (sv->jtail == jb)
            sv->jtail = prev;
    } else if (state == J_RUNNING) {
        jb->abandoned = true;
    }
    pthread_mutex_unlock(&sv->jlock);
    if (state == J_RUNNING)
        return send_error(c, sv, rq, 503, "request time budget of %.0f ms exceeded",
                          sv->so->budget_ms);
    enum MHD_Result ret;
    if (state == J_QUEUED) {
        ret = send_error(c, sv, rq, 503, "request time budget of %.0f ms exceeded",
                         sv->so->budget_ms);
    } else if (jb->out) {
        if (jb->kind == J_PACKAGE)
            atomic_fetch_add(&sv->m.articles, 1);
        ret = send_body(c, sv, rq, 200, "application/json; charset=utf-8", jb->out,
                        strlen(jb->out), jb->release, false);
        jb->out = NULL;
    } else {
        ret = send_error(c, sv, rq, jb->code, "%s", jb->msg);
    }
    job_free(jb);
    return ret;
}

/* ---- Endpoints -------------------------------------------------------- */

static enum MHD_Result do_package(struct MHD_Connection *c, server *sv, request *rq,
                                  bool extract_only)
{
    cd_opts o = sv->opts;
    query q = {.opts = &o};
    char why[200];
    int in = content_input(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                       MHD_HTTP_HEADER_CONTENT_TYPE),
                           why, sizeof why);
    if (in < 0)
        return send_error(c, sv, rq, 415, "%s", why);
    o.input = (cd_input)in;
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_arg, &q);
    if (q.err[0])
        return send_error(c, sv, rq, 400, "%s", q.err);
    job *jb = job_new(extract_only ? J_EXTRACT : J_PACKAGE, &o, rq->t0);
    if (!jb)
        return send_error(c, sv, rq, 503, "out of memory");
    jb->body = rq->body;
    jb->len = rq->len;
    rq->body = NULL;
    rq->len = rq->cap = 0;
    return run_job(c, sv, rq, jb);
}

static const char *const check_lists[CD_KIND_COUNT] = {"headlines", "ledes", "seo_titles",
                                                      "meta_descriptions"};

/* At most this many candidates in one /v1/check request. */
#define MAX_CHECK 256

static enum MHD_Result do_check(struct MHD_Connection *c, server *sv, request *rq)
{
    cJSON *j = cJSON_ParseWithLength(rq->body ? rq->body : "", rq->len);
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        return send_error(c, sv, rq, 400, "the body is not a JSON object");
    }
    const cJSON *art = NULL, *it;
    cJSON_ArrayForEach(it, j) {
        int k = 0;
        while (k < CD_KIND_COUNT && strcmp(it->string, check_lists[k]))
            k++;
        if (!strcmp(it->string, "article"))
            art = it;
        else if (k == CD_KIND_COUNT) {
            char key[64];
            echo(key, it->string);
            cJSON_Delete(j);
            return send_error(c, sv, rq, 400,
                              "unknown field '%s' (known: article, headlines, ledes, "
                              "seo_titles, meta_descriptions)",
                              key);
        }
    }
    if (!cJSON_IsString(art) && !cJSON_IsObject(art)) {
        cJSON_Delete(j);
        return send_error(c, sv, rq, 400,
                          "'article' must be the article's text or a record "
                          "{text|html, title, url, id, lang}");
    }
    cli_cand *cs = malloc(MAX_CHECK * sizeof *cs);
    if (!cs) {
        cJSON_Delete(j);
        return send_error(c, sv, rq, 503, "out of memory");
    }
    int n = 0;
    const char *bad = NULL;
    for (int k = 0; k < CD_KIND_COUNT && !bad; k++) {
        const cJSON *arr = cJSON_GetObjectItemCaseSensitive(j, check_lists[k]);
        if (arr && !cJSON_IsArray(arr)) {
            bad = check_lists[k];
            break;
        }
        cJSON_ArrayForEach(it, arr) {
            if (!cJSON_IsString(it)) {
                bad = check_lists[k];
                break;
            }
            if (n == MAX_CHECK) {
                free(cs);
                cJSON_Delete(j);
                return send_error(c, sv, rq, 413, "more than %d candidates", MAX_CHECK);
            }
            cs[n].kind = (cd_kind)k;
            cs[n].text = it->valuestring;
            n++;
        }
    }
    if (bad || n == 0) {
        free(cs);
        cJSON_Delete(j);
        return bad ? send_error(c, sv, rq, 400, "'%s' must be a list of strings", bad)
                   : send_error(c, sv, rq, 400, "nothing to check (give headlines, ledes, "
                                                "seo_titles or meta_descriptions)");
    }
    cd_opts o = sv->opts;
    query q = {.opts = &o};
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, query_arg, &q);
    if (q.err[0]) {
        free(cs);
        cJSON_Delete(j);
        return send_error(c, sv, rq, 400, "%s", q.err);
    }
    char *record = NULL;
    if (cJSON_IsString(art)) {
        o.input = CD_INPUT_AUTO;
    } else {
        record = cJSON_PrintUnformatted(art);
        o.input = CD_INPUT_JSON;
    }
    job *jb = (cJSON_IsString(art) || record) ? job_new(J_CHECK, &o, rq->t0) : NULL;
    if (!jb) {
        free(record);
        free(cs);
        cJSON_Delete(j);
        return send_error(c, sv, rq, 503, "out of memory");
    }
    jb->j = j;
    jb->record = record;
    jb->input = record ? record : art->valuestring;
    jb->cs = cs;
    jb->n = n;
    jb->len = rq->len;
    return run_job(c, sv, rq, jb);
}

/* What a search result shows of `s` on desktop and on mobile. */
static void serp_item(cJSON *root, const char *key, const char *s, double size,
                      double desktop_px, double mobile_px)
{
    cJSON *o = cJSON_AddObjectToObject(root, key);
    size_t len = strlen(s);
    double px = cd_text_px(s, len, size);
    cJSON_AddStringToObject(o, "text", s);
    cJSON_AddNumberToObject(o, "chars", (double)cd_text_chars(s, len));
    cJSON_AddNumberToObject(o, "px", (double)(long long)(px * 100 + 0.5) / 100);
    cJSON_AddNumberToObject(o, "font_px", size);
    char *shown = malloc(len + 8);
    const double lim[2] = {desktop_px, mobile_px};
    static const char *const dev[2] = {"desktop", "mobile"};
    for (int d = 0; d < 2; d++) {
        cJSON *x = cJSON_AddObjectToObject(o, dev[d]);
        cJSON_AddNumberToObject(x, "max_px", lim[d]);
        cJSON_AddBoolToObject(x, "fits", px <= lim[d]);
        if (shown) {
            cd_serp_cut(s, len, size, lim[d], shown, len + 8);
            cJSON_AddStringToObject(x, "shown", shown);
        }
    }
    free(shown);
}

static enum MHD_Result do_serp(struct MHD_Connection *c, server *sv, request *rq)
{
    cJSON *j = cJSON_ParseWithLength(rq->body ? rq->body : "", rq->len);
    if (!cJSON_IsObject(j)) {
        cJSON_Delete(j);
        return send_error(c, sv, rq, 400, "the body is not a JSON object");
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, j) {
        if (strcmp(it->string, "title") && strcmp(it->string, "description")) {
            char key[64];
            echo(key, it->string);
            cJSON_Delete(j);
            return send_error(c, sv, rq, 400,
                              "unknown field '%s' (known: title, description)", key);
        }
    }
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "title");
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(j, "description");
    if ((t && !cJSON_IsString(t)) || (d && !cJSON_IsString(d)) || (!t && !d)) {
        cJSON_Delete(j);
        return send_error(c, sv, rq, 400, "give 'title' and/or 'description' as strings");
    }
    cJSON *root = cJSON_CreateObject();
    if (t)
        serp_item(root, "title", t->valuestring, 20, sv->opts.seo_max_px,
                  sv->so->mobile_title_px);
    if (d)
        serp_item(root, "description", d->valuestring, 14, sv->opts.meta_max_px,
                  sv->so->mobile_desc_px);
    char *out = cJSON_PrintUnformatted(root);
    cJSON_Delete(root);
    cJSON_Delete(j);
    return out ? send_body(c, sv, rq, 200, "application/json; charset=utf-8", out,
                           strlen(out), cJSON_free, false)
               : send_error(c, sv, rq, 503, "out of memory");
}

static long resident_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    long pages = 0, rss = 0;
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &rss) != 2)
            rss = 0;
        fclose(f);
    }
    return rss * sysconf(_SC_PAGESIZE);
}

static enum MHD_Result do_metrics(struct MHD_Connection *c, server *sv, request *rq)
{
    cli_text t = {0};
    cli_textf(&t, "# HELP copydesk_requests_total HTTP requests answered, by endpoint "
                "and status code.\n# TYPE copydesk_requests_total counter\n");
    unsigned long errors[EP_COUNT] = {0};
    for (int e = 0; e < EP_COUNT; e++)
        for (int k = 0; k < NCODES; k++) {
            unsigned long v = atomic_load(&sv->m.requests[e][k]);
            if (codes[k] >= 400)
                errors[e] += v;
            if (v)
                cli_textf(&t, "copydesk_requests_total{endpoint=\"%s\",code=\"%d\"} %lu\n",
                        ep_name[e], codes[k], v);
        }
    cli_textf(&t, "# HELP copydesk_request_errors_total Requests answered with a 4xx "
                "or 5xx status.\n# TYPE copydesk_request_errors_total counter\n");
    for (int e = 0; e < EP_COUNT; e++)
        cli_textf(&t, "copydesk_request_errors_total{endpoint=\"%s\"} %lu\n", ep_name[e],
                errors[e]);
    cli_textf(&t, "# HELP copydesk_request_duration_seconds Time from a request's "
                "headers to its response sent.\n"
                "# TYPE copydesk_request_duration_seconds histogram\n");
    unsigned long cum = 0;
    for (int b = 0; b <= NBUCKETS; b++) {
        cum += atomic_load(&sv->m.hist[b]);
        if (b < NBUCKETS)
            cli_textf(&t, "copydesk_request_duration_seconds_bucket{le=\"%g\"} %lu\n",
                    buckets[b], cum);
        else
            cli_textf(&t, "copydesk_request_duration_seconds_bucket{le=\"+Inf\"} %lu\n", cum);
    }
    cli_textf(&t, "copydesk_request_duration_seconds_sum %.6f\n",
            (double)atomic_load(&sv->m.sum_us) / 1e6);
    cli_textf(&t, "copydesk_request_duration_seconds_count %lu\n", cum);
    cli_textf(&t, "# HELP copydesk_articles_total Articles made into a package.\n"
                "# TYPE copydesk_articles_total counter\ncopydesk_articles_total %lu\n",
            atomic_load(&sv->m.articles));
    cli_textf(&t, "# HELP copydesk_requests_in_flight Requests being read or "
                "processed.\n# TYPE copydesk_requests_in_flight gauge\n"
                "copydesk_requests_in_flight %ld\n",
            atomic_load(&sv->m.in_flight));
    cli_textf(&t, "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
                "# TYPE process_resident_memory_bytes gauge\n"
                "process_resident_memory_bytes %ld\n",
            resident_bytes());
    cli_textf(&t, "# HELP process_start_time_seconds Start time of the process since "
                "the Unix epoch in seconds.\n# TYPE process_start_time_seconds gauge\n"
                "process_start_time_seconds %.0f\n",
            sv->started);
    cli_textf(&t, "# HELP copydesk_build_info The version of copydesk.\n"
                "# TYPE copydesk_build_info gauge\n"
                "copydesk_build_info{version=\"%s\"} 1\n",
            cd_version_string());
    if (t.oom) {
        free(t.s);
        return send_error(c, sv, rq, 503, "out of memory");
    }
    return send_body(c, sv, rq, 200, "text/plain; version=0.0.4; charset=utf-8", t.s, t.n,
                     free, false);
}

/* ---- Routing ---------------------------------------------------------- */

static enum endpoint route(const char *url, const cli_asset **asset)
{
    static const struct { const char *path; enum endpoint ep; } routes[] = {
        {"/v1/package", EP_PACKAGE}, {"/v1/check", EP_CHECK},
        {"/v1/extract", EP_EXTRACT}, {"/v1/serp", EP_SERP},
        {"/healthz", EP_HEALTHZ},     {"/metrics", EP_METRICS},
    };
    *asset = NULL;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++)
        if (!strcmp(url, routes[i].path))
            return routes[i].ep;
    for (size_t i = 0; i < cli_nassets; i++)
        if (!strcmp(url, cli_assets[i].path)) {
            *asset = &cli_assets[i];
            return EP_PAGE;
        }
    return EP_OTHER;
}

static bool is_post(enum endpoint ep)
{
    return ep == EP_PACKAGE || ep == EP_CHECK || ep == EP_EXTRACT || ep == EP_SERP;
}

/* ---- The read timeout's watchdog ------------------------------------ */

static void unwatch_locked(server *sv, request *rq)
{
    if (!rq->watched)
        return;
    if (rq->prev)
        rq->prev->next = rq->next;
    else
        sv->watch = rq->next;
    if (rq->next)
        rq->next->prev = rq->prev;
    rq->prev = rq->next = NULL;
    rq->watched = false;
}

static void watch(server *sv, request *rq)
{
    pthread_mutex_lock(&sv->wlock);
    bool was_empty = !sv->watch;
    rq->prev = NULL;
    rq->next = sv->watch;
    if (sv->watch)
        sv->watch->prev = rq;
    sv->watch = rq;
    rq->watched = true;
    if (was_empty)
        pthread_cond_signal(&sv->wcv);
    pthread_mutex_unlock(&sv->wlock);
}

/* A body that stops coming (short of its Content-Length, or a chunked one
 * without its last chunk) leaves libmicrohttpd waiting on the socket, and
 * the handler is not called again: answer 408 from here at --read-timeout,
 * and shut the socket both ways so that its thread wakes and closes it. */
static void *watchdog_main(void *arg)
{
    server *sv = arg;
    const double limit = sv->so->read_timeout;
    pthread_mutex_lock(&sv->wlock);
    while (!sv->wdone) {
        double now = cli_now(), next = 0;
        request *nx;
        for (request *rq = sv->watch; rq; rq = nx) {
            nx = rq->next;
            double due = rq->t0 + limit;
            if (due > now) {
                if (!next || due < next)
                    next = due;
                continue;
            }
            unwatch_locked(sv, rq);
            if (!rq->answered) {
                rq->answered = rq->oob = true;
                rq->status = 408;
                char msg[80];
                snprintf(msg, sizeof msg, "request body not received within %.0f s", limit);
                raw_error(rq->fd, 408, msg, true);
            }
        }
        if (next) {
            struct timespec ts = abs_time(next);
            pthread_cond_timedwait(&sv->wcv, &sv->wlock, &ts);
        } else {
            pthread_cond_wait(&sv->wcv, &sv->wlock);
        }
    }
    pthread_mutex_unlock(&sv->wlock);
    return NULL;
}

/* ---- Connections ------------------------------------------------------ */

static void conn_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                        enum MHD_ConnectionNotificationCode code)
{
    server *sv = cls;
    conn *k = *socket_context;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        k = calloc(1, sizeof *k);
        *socket_context = k;
        if (!k) {
            pthread_mutex_lock(&sv->clk);
            sv->unregistered++;
            pthread_mutex_unlock(&sv->clk);
            return;
        }
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        k->fd = ci ? ci->connect_fd : -1;
        pthread_mutex_lock(&sv->clk);
        k->next = sv->conns;
        if (sv->conns)
            sv->conns->prev = k;
        sv->conns = k;
        sv->unbound++;
        pthread_mutex_unlock(&sv->clk);
        return;
    }
    pthread_mutex_lock(&sv->clk);
    if (!k) {
        sv->unregistered--;
        pthread_mutex_unlock(&sv->clk);
        return;
    }
    *socket_context = NULL;
    if (k->prev)
        k->prev->next = k->next;
    else
        sv->conns = k->next;
    if (k->next)
        k->next->prev = k->prev;
    if (!k->bound)
        sv->unbound--;
    pthread_mutex_unlock(&sv->clk);
    free(k);
}

/* ---- Requests ----------------------------------------------------------- */

static request *request_new(server *sv, struct MHD_Connection *c)
{
    request *rq = calloc(1, sizeof *rq);
    if (tls_fd < 0) { /* the first request on this thread's connection */
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        conn *k = ci ? ci->socket_context : NULL;
        pthread_mutex_lock(&sv->clk);
        if (k && !k->bound) {
            k->bound = true;
            sv->unbound--;
        }
        pthread_mutex_unlock(&sv->clk);
    }
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    tls_fd = ci ? ci->connect_fd : -1;
    tls_quiet = false;
    tls_rq = rq;
    if (!rq)
        return NULL;
    rq->fd = tls_fd;
    rq->t0 = cli_now();
    rq->ep = EP_OTHER;
    atomic_fetch_add(&sv->m.in_flight, 1);
    return rq;
}

/* A request's line has been read (libmicrohttpd's URI log callback): the
 * request starts here, so that it is counted and answered in JSON even
 * when libmicrohttpd refuses its headers before the handler sees it. */
static void *request_line(void *cls, const char *uri, struct MHD_Connection *c)
{
    server *sv = cls;
    request *rq = request_new(sv, c);
    if (rq && uri) {
        char path[64];
        size_t n = strcspn(uri, "?");
        const cli_asset *asset;
        if (n < sizeof path) {
            memcpy(path, uri, n);
            path[n] = 0;
            rq->ep = route(path, &asset);
        }
    }
    return rq;
}

/* The framing headers of a request, which must say one thing. */
typedef struct framing {
    int ncl, nte;
    const char *cl, *te;
    bool cl_differ;
} framing;

static enum MHD_Result framing_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
    (void)kind;
    framing *f = cls;
    const char *v = value ? value : "";
    if (!strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH)) {
        if (f->ncl == 0)
            f->cl = v;
        else if (strcmp(f->cl, v))
            f->cl_differ = true;
        f->ncl++;
    } else if (!strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING)) {
        if (f->nte == 0)
            f->te = v;
        f->nte++;
    }
    return MHD_YES;
}

/* The handler's first call: the headers are in, the body is not. */
static enum MHD_Result request_headers(struct MHD_Connection *c, server *sv, request *rq,
                                       const char *url, const char *method)
{
    const cli_asset *asset;
    rq->started = true;
    rq->t0 = cli_now();
    rq->ep = route(url, &asset);
    /* Two framings of one body are how requests are smuggled past a
     * proxy that reads the other one: refuse them, and close. */
    framing f = {0};
    MHD_get_connection_values(c, MHD_HEADER_KIND, framing_header, &f);
    if (f.cl_differ)
        return send_error_close(c, sv, rq, 400, "two different Content-Length headers");
    if (f.ncl && f.nte)
        return send_error_close(c, sv, rq, 400,
                                "both Content-Length and Transfer-Encoding: send one");
    if (f.nte > 1)
        return send_error_close(c, sv, rq, 400, "more than one Transfer-Encoding header");
    if (f.nte && strcasecmp(f.te, "chunked")) {
        char e[40];
        return send_error_close(c, sv, rq, 501,
                                "Transfer-Encoding '%s' is not read (only chunked)",
                                echo(e, f.te));
    }
    bool get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
    bool post = !strcmp(method, "POST");
    char u[104], m[24];
    if (rq->ep == EP_OTHER)
        return send_error(c, sv, rq, 404, "no such endpoint: %s", echo(u, url));
    if (is_post(rq->ep) ? !post : !get)
        return send_error(c, sv, rq, 405, "%s takes %s, not %s", echo(u, url),
                          is_post(rq->ep) ? "POST" : "GET", echo(m, method));
    if (f.ncl && is_post(rq->ep)) {
        char *end;
        errno = 0;
        unsigned long long n = strtoull(f.cl, &end, 10);
        if (errno || end == f.cl || n > sv->so->max_body)
            return send_error_close(c, sv, rq, 413,
                                    "request body over the limit of %zu bytes",
                                    sv->so->max_body);
    }
    if (f.nte || (f.ncl && strcmp(f.cl, "0")))
        watch(sv, rq); /* a body is coming */
    return MHD_YES;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version,
                              const char *upload, size_t *upload_size, void **con_cls)
{
    (void)version;
    server *sv = cls;
    request *rq = *con_cls;
    if (!rq) { /* request_line could not allocate it */
        rq = request_new(sv, c);
        if (!rq)
            return MHD_NO;
        *con_cls = rq;
    }
    if (!rq->started)
        return request_headers(c, sv, rq, url, method);
    bool oob;
    if (*upload_size) {
        size_t n = *upload_size;
        *upload_size = 0;
        if (is_answered(sv, rq, &oob))
            return oob ? MHD_NO : MHD_YES;
        if ((cli_now() - rq->t0) > sv->so->read_timeout)
            return abort_error(c, sv, rq, 408, "request body not received within %.0f s",
                               sv->so->read_timeout);
        if (rq->len + n > sv->so->max_body)
            return abort_error(c, sv, rq, 413, "request body over the limit of %zu bytes",
                               sv->so->max_body);
        if (rq->len + n + 1 > rq->cap) {
            size_t cap = rq->cap ? rq->cap : 16384;
            while (cap < rq->len + n + 1)
                cap *= 2;
            char *b = realloc(rq->body, cap);
            if (!b)
                return abort_error(c, sv, rq, 503, "out of memory");
            rq->body = b;
            rq->cap = cap;
        }
        memcpy(rq->body + rq->len, upload, n);
        rq->len += n;
        rq->body[rq->len] = 0;
        return MHD_YES;
    }
    /* the whole request is in */
    pthread_mutex_lock(&sv->wlock);
    bool answered = rq->answered;
    oob = rq->oob;
    unwatch_locked(sv, rq);
    pthread_mutex_unlock(&sv->wlock);
    if (answered)
        return oob ? MHD_NO : MHD_YES;
    const cli_asset *asset = NULL;
    char u[104];
    switch (rq->ep) {
    case EP_PACKAGE: return do_package(c, sv, rq, false);
    case EP_EXTRACT: return do_package(c, sv, rq, true);
    case EP_CHECK: return do_check(c, sv, rq);
    case EP_SERP: return do_serp(c, sv, rq);
    case EP_METRICS: return do_metrics(c, sv, rq);
    case EP_HEALTHZ: {
        static char ok[] = "{\"status\":\"ok\"}";
        return send_body(c, sv, rq, 200, "application/json; charset=utf-8", ok,
                         sizeof ok - 1, NULL, false);
    }
    case EP_PAGE:
        route(url, &asset);
        if (!asset)
            return send_error(c, sv, rq, 404, "no such endpoint: %s", echo(u, url));
        return send_body(c, sv, rq, 200, asset->type, (char *)asset->data, asset->len,
                         NULL, false);
    default: return send_error(c, sv, rq, 404, "no such endpoint: %s", echo(u, url));
    }
}

/* A request is over: count it, time it and free it. */
static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
                      enum MHD_RequestTerminationCode why)
{
    (void)why;
    server *sv = cls;
    request *rq = *con_cls;
    if (!rq)
        return;
    *con_cls = NULL;
    pthread_mutex_lock(&sv->wlock);
    unwatch_locked(sv, rq);
    int status = rq->status;
    pthread_mutex_unlock(&sv->wlock);
    if (tls_rq == rq)
        tls_rq = NULL;
    if (!status) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_HTTP_STATUS);
        status = ci ? (int)ci->http_status : 0;
    }
    /* one that ended before its headers, unanswered, was no request */
    if (status || rq->started) {
        double dt = cli_now() - rq->t0;
        count_status(&sv->m, rq->ep, status ? status : 500);
        int b = 0;
        while (b < NBUCKETS && dt > buckets[b])
            b++;
        atomic_fetch_add(&sv->m.hist[b], 1);
        atomic_fetch_add(&sv->m.sum_us, (unsigned long)(dt * 1e6));
    }
    atomic_fetch_sub(&sv->m.in_flight, 1);
    free(rq->body);
    free(rq);
}

/* ---- libmicrohttpd's own errors, and its notes ------------------------ */

/* The memory libmicrohttpd gives a connection for its request line and
 * headers. */
#define CONN_MEMORY ((size_t)64 * 1024)

/*
 * libmicrohttpd is about to answer `code` with its compiled-in page
 * `page` (see the top of this file): answer in JSON first, straight to
 * the socket of the connection this thread serves.  False when that
 * socket is not known, or the request was answered already.
 */
/* Has libmicrohttpd read bytes from `fd` (more arrived than wait unread)?
 * Of the connections without a request line, that tells the one whose
 * first line it has just refused from idle ones that have sent nothing (a
 * browser's preconnections) and from ones whose request is still unread. */
static bool read_from(int fd)
{
#if defined(__linux__) && defined(TCP_INFO)
    struct tcp_info ti;
    socklen_t n = sizeof ti;
    int pending = 0;
    memset(&ti, 0, sizeof ti);
    if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &n) != 0 ||
        n < offsetof(struct tcp_info, tcpi_bytes_received) + sizeof ti.tcpi_bytes_received ||
        ioctl(fd, FIONREAD, &pending) != 0 || pending < 0)
        return false;
    return ti.tcpi_bytes_received > (uint64_t)pending;
#else
    (void)fd;
    return false;
#endif
}

static bool answer_raised(server *sv, int code, const char *page)
{
    char msg[160];
    if (code == 400 && strstr(page, "chunked"))
        snprintf(msg, sizeof msg, "malformed chunked encoding");
    else if (code == 400 && strstr(page, "Content-Length"))
        snprintf(msg, sizeof msg, "malformed Content-Length");
    else if (code == 413 && strstr(page, "chunk"))
        snprintf(msg, sizeof msg, "chunk size too large");
    else if (code == 413)
        snprintf(msg, sizeof msg, "request body over the limit of %zu bytes",
                 sv->so->max_body);
    else if (code == 414)
        snprintf(msg, sizeof msg, "request line over the %zu bytes a connection has",
                 CONN_MEMORY);
    else if (code == 431)
        snprintf(msg, sizeof msg, "request headers over the %zu bytes a connection has",
                 CONN_MEMORY);
    else if (code == 505)
        snprintf(msg, sizeof msg, "HTTP version not supported (HTTP/1.1 or 1.0)");
    else if (code >= 400 && code < 500)
        snprintf(msg, sizeof msg, "malformed request");
    else
        snprintf(msg, sizeof msg, "internal error");
    request *rq = tls_rq;
    int fd = rq ? rq->fd : tls_fd;
    if (!rq) /* no request object: completed() will not count it */
        count_status(&sv->m, EP_OTHER, code);
    if (fd < 0) {
        /* No request line was read on this thread's connection yet, so no
         * callback has said which it is; but it is one of those without
         * one (each is registered before its thread starts): the only
         * one, or the only one libmicrohttpd has read bytes from. */
        pthread_mutex_lock(&sv->clk);
        conn *pick = NULL;
        int seen = 0;
        if (sv->unregistered == 0) {
            for (conn *k = sv->conns; k; k = k->next)
                if (!k->bound && (sv->unbound == 1 || read_from(k->fd))) {
                    pick = k;
                    seen++;
                }
        }
        if (seen == 1) {
            pick->bound = true;
            sv->unbound--;
            fd = tls_fd = pick->fd;
        }
        pthread_mutex_unlock(&sv->clk);
    }
    if (fd < 0)
        return false;
    if (rq) {
        pthread_mutex_lock(&sv->wlock);
        bool first = !rq->answered;
        if (first) {
            rq->answered = rq->oob = true;
            rq->status = code;
            unwatch_locked(sv, rq);
            raw_error(fd, code, msg, false);
        }
        pthread_mutex_unlock(&sv->wlock);
        if (!first)
            return false;
    } else {
        raw_error(fd, code, msg, false);
    }
    tls_quiet = true; /* its notes about the failed write that follows */
    return true;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
    server *sv = cls;
    static const char raised[] = "Error processing request (HTTP response code is %u";
    if (!strncmp(fmt, raised, sizeof raised - 1)) {
        va_list aq;
        va_copy(aq, ap);
        unsigned code = va_arg(aq, unsigned);
        const char *page = va_arg(aq, const char *);
        va_end(aq);
        if (answer_raised(sv, (int)code, page ? page : ""))
            return;
    }
    /* about a connection closed on purpose, answered already */
    bool oob = false;
    if (tls_quiet || (tls_rq && is_answered(sv, tls_rq, &oob) && oob))
        return;
    if (sv->so->quiet)
        return;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == '.'))
        msg[--n] = 0;
    fprintf(stderr, "copydesk: serve: %s\n", msg);
}

/* ---- The service -------------------------------------------------------- */

static void server_free(server *sv)
{
    for (int i = 0; i < sv->nruns; i++)
        cd_run_free(sv->runs[i]);
    free(sv->runs);
    free(sv->workers);
    pthread_mutex_destroy(&sv->lock);
    pthread_mutex_destroy(&sv->jlock);
    pthread_cond_destroy(&sv->jcv);
    pthread_cond_destroy(&sv->idle_cv);
    pthread_mutex_destroy(&sv->wlock);
    pthread_cond_destroy(&sv->wcv);
    pthread_mutex_destroy(&sv->clk);
}

/* Start the watchdog and the workers; false (with none left running) if
 * a thread could not be made. */
static bool threads_start(server *sv)
{
    if (pthread_create(&sv->watchdog, NULL, watchdog_main, sv) != 0)
        return false;
    sv->workers = calloc((size_t)sv->so->workers, sizeof *sv->workers);
    for (int i = 0; sv->workers && i < sv->so->workers; i++) {
        if (pthread_create(&sv->workers[i], NULL, worker_main, sv) != 0)
            break;
        sv->nworkers++;
    }
    return sv->nworkers == sv->so->workers;
}

/* Stop the watchdog and the workers.  A worker still on a job that was
 * answered 503 may run on in the library for a while; after `grace`
 * seconds it is not waited for: false, and the caller exits without
 * freeing what it uses. */
static bool threads_stop(server *sv, double grace)
{
    pthread_mutex_lock(&sv->wlock);
    sv->wdone = true;
    pthread_cond_signal(&sv->wcv);
    pthread_mutex_unlock(&sv->wlock);
    pthread_join(sv->watchdog, NULL);
    struct timespec until = abs_time(cli_now() + grace);
    pthread_mutex_lock(&sv->jlock);
    sv->wstop = true;
    pthread_cond_broadcast(&sv->jcv);
    while (sv->busy > 0 || sv->jhead)
        if (pthread_cond_timedwait(&sv->idle_cv, &sv->jlock, &until) == ETIMEDOUT)
            break;
    int busy = sv->busy;
    pthread_mutex_unlock(&sv->jlock);
    if (busy > 0) {
        if (!sv->so->quiet)
            fprintf(stderr,
                    "copydesk: serve: %d request%s past %s budget still in the library; "
                    "not waiting for %s\n",
                    busy, busy == 1 ? "" : "s", busy == 1 ? "its" : "their",
                    busy == 1 ? "it" : "them");
        return false;
    }
    for (int i = 0; i < sv->nworkers; i++)
        pthread_join(sv->workers[i], NULL);
    return true;
}

int cli_serve(const cd_model *model, const cd_opts *opts, const cli_serve_opts *so)
{
    server sv = {.model = model, .opts = *opts, .so = so};
    sv.opts.input = CD_INPUT_AUTO;
    pthread_mutex_init(&sv.lock, NULL);
    pthread_mutex_init(&sv.jlock, NULL);
    pthread_cond_init(&sv.jcv, NULL);
    condvar_init(&sv.idle_cv);
    pthread_mutex_init(&sv.wlock, NULL);
    condvar_init(&sv.wcv);
    pthread_mutex_init(&sv.clk, NULL);
#ifdef __GLIBC__
    /* Threads come and go with connections; with glibc's default of up to
     * 8 malloc arenas a core, resident memory crept up 14-16% over a
     * minute of load.  A few arenas hold it level (+1%). */
    mallopt(M_ARENA_MAX, so->workers + 1);
#endif
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    sv.started = (double)ts.tv_sec;

    struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_NUMERICSERV | AI_PASSIVE};
    struct addrinfo *ai = NULL;
    char port[16];
    snprintf(port, sizeof port, "%d", so->port);
    int gai = getaddrinfo(so->host, port, &hints, &ai);
    if (gai != 0) {
        char shown[CLI_SHOWN];
        fprintf(stderr, "copydesk: serve: %s: %s\n", cli_shown(so->host, shown, sizeof shown),
                gai_strerror(gai));
        server_free(&sv);
        return EXIT_USAGE;
    }
    /* A write to a socket the client closed is an error to handle, not a
     * reason to die. */
    signal(SIGPIPE, SIG_IGN);
    /* SIGINT and SIGTERM are waited for below; the server's threads must
     * not take them. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    if (!threads_start(&sv)) {
        fprintf(stderr, "copydesk: serve: cannot start %d workers: %s\n", so->workers,
                strerror(errno ? errno : EAGAIN));
        freeaddrinfo(ai);
        threads_stop(&sv, 0);
        pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
        server_free(&sv);
        return EXIT_LIMIT;
    }
    /* A thread per connection: the work is CPU-bound and long next to the
     * I/O, and with a fixed pool of event loops a few keep-alive clients
     * that land on one loop leave the other cores idle (measured: 152
     * req/s with a pool of 2, against 7 ms a request on one core).
     * MHD_USE_ITC lets the daemon stop listening while it drains. */
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_POLL | MHD_USE_ERROR_LOG | MHD_USE_ITC;
    if (ai->ai_family == AF_INET6)
        flags |= MHD_USE_IPv6;
    struct MHD_Daemon *d = MHD_start_daemon(
        flags, 0, NULL, NULL, handle, &sv,
        MHD_OPTION_EXTERNAL_LOGGER, mhd_log, &sv,
        MHD_OPTION_SOCK_ADDR, ai->ai_addr,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)so->max_connections,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)so->per_ip,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)so->idle_timeout,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, CONN_MEMORY,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, 256u,
        MHD_OPTION_URI_LOG_CALLBACK, request_line, &sv,
        MHD_OPTION_NOTIFY_CONNECTION, conn_notify, &sv,
        MHD_OPTION_NOTIFY_COMPLETED, completed, &sv,
        MHD_OPTION_END);
    freeaddrinfo(ai);
    if (!d) {
        fprintf(stderr, "copydesk: serve: cannot listen on %s port %d: %s\n", so->host,
                so->port, strerror(errno ? errno : EADDRINUSE));
        threads_stop(&sv, 0);
        pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
        server_free(&sv);
        return EXIT_INPUT;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    unsigned bound = info ? info->port : (unsigned)so->port;
    bool v6 = strchr(so->host, ':') != NULL;
    fprintf(stderr, "copydesk: serving on http://%s%s%s:%u/\n", v6 ? "[" : "", so->host,
            v6 ? "]" : "", bound);
    if (so->port_file) {
        FILE *pf = fopen(so->port_file, "w");
        if (pf) {
            fprintf(pf, "%u\n", bound);
            fclose(pf);
        }
    }
    int sig = 0;
    sigwait(&sigs, &sig);
    if (!so->quiet)
        fprintf(stderr, "copydesk: serve: %s: stopping\n",
                sig == SIGINT ? "interrupted" : "terminated");
    /* Drain: no new connections; the requests in flight are answered (each
     * within its budget or its read timeout) and then their connections
     * close.  A second signal stops at once. */
    atomic_store(&sv.draining, true);
    MHD_socket listener = MHD_quiesce_daemon(d);
    double limit = (so->read_timeout > so->budget_ms / 1e3 ? so->read_timeout
                                                            : so->budget_ms / 1e3) + 1;
    double until = cli_now() + limit;
    bool again = false;
    while (atomic_load(&sv.m.in_flight) > 0 && cli_now() < until && !again) {
        struct timespec tick = {0, 20 * 1000 * 1000};
        again = sigtimedwait(&sigs, NULL, &tick) > 0;
    }
    long left = atomic_load(&sv.m.in_flight);
    if (left > 0 && !so->quiet)
        fprintf(stderr, "copydesk: serve: %ld request%s still in flight%s; closing\n", left,
                left == 1 ? "" : "s", again ? "" : " at the drain's limit");
    MHD_stop_daemon(d);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    bool joined = threads_stop(&sv, 1.0);
    pthread_sigmask(SIG_UNBLOCK, &sigs, NULL);
    if (!joined) {
        /* a worker still uses the model and its run: leave them be */
        fflush(NULL);
        _exit(EXIT_OK);
    }
    server_free(&sv);
    return EXIT_OK;
}
