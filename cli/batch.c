/*
 * batch.c - `copydesk batch`: JSON Lines in, JSON Lines out, every core.
 *
 * The main thread reads input lines into a ring of slots and writes the
 * finished slots out in input order; worker threads each own one cd_run
 * and share the read-only model.  The ring holds at most 4 lines per
 * worker, so memory does not grow with the length of the input.
 *
 * Resuming: the output file is locked and read first.  Every complete line
 * (one that ends in a newline and is an output line of batch's shape)
 * names an id that is done; a last line without its newline that starts
 * like one was cut by a kill and is truncated away, so its record is
 * redone.  Any other content (a foreign file, the input itself, a bad line
 * before the end) is refused and the file left as it was.  Lines are keyed
 * by the input's "id" (its JSON text), or by the line number when a record
 * has none (its output line then says "id":null,"line":N).
 *
 * One writer: the output file, or standard output when it is a file, is
 * locked with flock(2) for the run; a second batch is refused at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "cli.h"

enum { SLOT_FREE, SLOT_PENDING, SLOT_TAKEN, SLOT_DONE };

typedef struct {
    char *line;      /* the input line (malloc'd), freed once processed */
    size_t len;
    long lineno;
    char *key;       /* the output's id value, as JSON text (malloc'd) */
    char *out;       /* the output line without its newline (malloc'd) */
    const char *bad; /* the line is not a record: this message */
    char badmsg[64]; /* the message, when it is not a constant */
    bool error;
    bool fell;       /* the model failed; copydesk's own engine wrote it */
    int state;
} slot;

typedef struct {
    const cd_model *model;
    const cd_opts *opts;
    const cli_batch_opts *bo;
    slot *ring;
    long nring;
    long next_take, next_read; /* sequence numbers into the ring */
    bool stop;
    pthread_mutex_t mu;
    pthread_cond_t work, done;
} pool;

/* ---- small JSON helpers -------------------------------------------------- */

typedef struct {
    char *p;
    size_t n, cap;
    bool oom;
} sbuf;

static void sb_put(sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = 0;
}

static void sb_puts(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }

/* `n` bytes of text that should be UTF-8, each invalid byte as U+FFFD:
 * what batch writes is valid UTF-8 whatever it was given. */
static void sb_put_utf8(sbuf *b, const char *s, size_t n)
{
    size_t i = 0, run = 0; /* s[run..i) is valid and not yet copied */
    while (i < n) {
        int k = cli_utf8_char(s + i, n - i);
        if (k > 0) {
            i += (size_t)k;
            continue;
        }
        sb_put(b, s + run, i - run);
        sb_put(b, "\xEF\xBF\xBD", 3);
        run = ++i;
    }
    sb_put(b, s + run, n - run);
}

static void sb_str(sbuf *b, const char *s)
{
    sb_put(b, "\"", 1);
    size_t n = strlen(s), run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c != '"' && c != '\\' && c >= 0x20)
            continue;
        char esc[8];
        sb_put_utf8(b, s + run, i - run);
        if (c == '"' || c == '\\') {
            esc[0] = '\\';
            esc[1] = (char)c;
            sb_put(b, esc, 2);
        } else {
            snprintf(esc, sizeof esc, "\\u%04x", c);
            sb_put(b, esc, 6);
        }
        run = i + 1;
    }
    sb_put_utf8(b, s + run, n - run);
    sb_put(b, "\"", 1);
}

/* The key of a record without an id: null, and its line number. */
static char *line_key(long lineno)
{
    char *k = malloc(40);
    if (k)
        snprintf(k, 40, "null,\"line\":%ld", lineno);
    return k;
}

/* The end of the JSON value at p (valid JSON, as cJSON has checked). */
static const char *value_end(const char *p, const char *end)
{
    int depth = 0;
    do {
        if (*p == '"') {
            for (p++; p < end && *p != '"'; p++)
                if (*p == '\\')
                    p++;
            p++;
        } else if (*p == '{' || *p == '[') {
            depth++;
            p++;
        } else if (*p == '}' || *p == ']') {
            depth--;
            p++;
        } else if (depth == 0) {
            while (p < end && !strchr(",}] \t\r\n", *p))
                p++;
        } else {
            p++;
        }
    } while (p < end && depth > 0);
    return p < end ? p : end;
}

/* The raw text of a top-level member's value in a valid JSON object, as a
 * malloc'd string, or NULL.  Raw, so that ids such as 64-bit integers and
 * escaped strings come out exactly as they went in. */
static char *raw_member(const char *s, size_t len, const char *name)
{
    const char *p = s, *end = s + len, *ws = " \t\r\n";
    size_t nl = strlen(name);
    while (p < end && strchr(ws, *p))
        p++;
    if (p >= end || *p != '{')
        return NULL;
    p++;
    for (;;) {
        while (p < end && (strchr(ws, *p) || *p == ','))
            p++;
        if (p >= end || *p != '"')
            return NULL;
        const char *k = p + 1, *ke = value_end(p, end) - 1;
        p = ke + 1;
        while (p < end && (strchr(ws, *p) || *p == ':'))
            p++;
        const char *v = p, *ve = value_end(p, end);
        if ((size_t)(ke - k) == nl && memcmp(k, name, nl) == 0) {
            char *r = malloc((size_t)(ve - v) + 1);
            if (r) {
                memcpy(r, v, (size_t)(ve - v));
                r[ve - v] = 0;
            }
            return r;
        }
        p = ve;
    }
}

/* Whether `s` (`n` bytes) is a number as JSON writes one: cJSON also
 * reads "01", "1." and "-.5", which strict readers reject. */
static bool json_number(const char *s, size_t n)
{
    size_t i = 0;
    if (i < n && s[i] == '-')
        i++;
    if (i < n && s[i] == '0')
        i++;
    else if (i < n && s[i] >= '1' && s[i] <= '9')
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
    else
        return false;
    if (i < n && s[i] == '.') {
        size_t d = ++i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == d)
            return false;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t d = i;
        while (i < n && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == d)
            return false;
    }
    return i == n;
}

/* What is wrong with an id's raw JSON text, to be written back as it came,
 * or NULL: it must be valid UTF-8 and strict JSON. */
static const char *bad_id(const char *raw, bool number)
{
    size_t n = strlen(raw);
    if (number)
        return json_number(raw, n) ? NULL : "the id is not a valid JSON number";
    for (size_t i = 0; i < n;) {
        int k = cli_utf8_char(raw + i, n - i);
        if (k == 0)
            return "the id is not valid UTF-8";
        if ((unsigned char)raw[i] < 0x20)
            return "the id holds a raw control character";
        i += (size_t)k;
    }
    return NULL;
}

/* Parses one input line: its key (the id as JSON text, or the line number
 * when it has none) and the record the library is given, holding only the
 * fields of the input shape but the id, which the output carries itself
 * (archive rows carry columns of their own).  A UTF-8 byte order mark
 * before the object is skipped.
 * *bad is set, with a message, when the line is not one JSON object with
 * a usable id (then the key is the line number) or holds more than it. */
static const char *const known_fields[] = {"text", "html", "title", "url", "lang"};

static int prepare(const char *line, size_t len, long lineno, char **key, char **rec,
                   const char **bad, char *badbuf, size_t badlen)
{
    *key = *rec = NULL;
    *bad = NULL;
    const char *start = line, *nul = memchr(line, 0, len);
    if (len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
        line += 3;
        len -= 3;
    }
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(line, len, &end, false);
    const cJSON *id = cJSON_IsObject(j) ? cJSON_GetObjectItemCaseSensitive(j, "id")
                                        : NULL;
    if (id && (cJSON_IsString(id) || cJSON_IsNumber(id))) {
        *key = raw_member(line, len, "id");
        if (*key && (*bad = bad_id(*key, cJSON_IsNumber(id)))) {
            free(*key);
            *key = NULL;
        }
    }
    if (!*key)
        *key = line_key(lineno);
    if (*bad) {
        /* said above */
    } else if (!cJSON_IsObject(j)) {
        *bad = j ? "the line is not a JSON object" : "the line is not valid JSON";
    } else if (nul) {
        /* cJSON's strings end at a NUL byte: the record would be cut */
        snprintf(badbuf, badlen, "binary input (NUL byte at offset %zu)",
                 (size_t)(nul - start));
        *bad = badbuf;
    } else {
        while (end && end < line + len && strchr(" \t\r", *end))
            end++;
        if (end && end < line + len)
            *bad = "text after the JSON object";
    }
    if (!*bad) {
        cJSON *f = j->child;
        while (f) {
            cJSON *next = f->next;
            bool ok = false;
            for (size_t i = 0; i < sizeof known_fields / sizeof *known_fields; i++)
                ok |= f->string && strcmp(f->string, known_fields[i]) == 0;
            if (!ok)
                cJSON_Delete(cJSON_DetachItemViaPointer(j, f));
            f = next;
        }
        *rec = cJSON_PrintUnformatted(j);
    }
    cJSON_Delete(j);
    return *key && (*bad || *rec) ? 0 : -1;
}

/* ---- one record ---------------------------------------------------------- */

static char *error_line(const char *key, const char *msg, int code)
{
    sbuf b = {0};
    sb_puts(&b, "{\"id\":");
    sb_puts(&b, key);
    sb_puts(&b, ",\"error\":{\"message\":");
    sb_str(&b, msg);
    char tail[48];
    snprintf(tail, sizeof tail, ",\"code\":%d}}", code);
    sb_puts(&b, tail);
    if (b.oom) {
        free(b.p);
        return NULL;
    }
    return b.p;
}

/* The first sentence as headline, SEO title and meta description: the
 * baseline that `make bench` compares against. */
static void baseline_fields(cd_run *run, const cd_opts *opts, sbuf *b)
{
    char first[4096] = "", cut[4096];
    if (cd_sentence_count(run) > 0) {
        cd_span sp = cd_sentence_at(run, 0);
        size_t n = sp.len < sizeof first - 1 ? sp.len : sizeof first - 1;
        memcpy(first, cd_text(run) + sp.off, n);
        first[n] = 0;
    }
    static const char *const names[] = {"headlines", "seo_titles",
                                        "meta_descriptions"};
    for (int k = 0; k < 3; k++) {
        double size = k == 2 ? 14 : 20;
        double max = k == 2 ? opts->meta_max_px : opts->seo_max_px;
        cd_serp_cut(first, strlen(first), size, max, cut, sizeof cut);
        sb_puts(b, ",\"");
        sb_puts(b, names[k]);
        sb_puts(b, "\":[");
        if (cut[0])
            sb_str(b, cut);
        sb_puts(b, "]");
    }
}

static void process(pool *pl, cd_run *run, slot *s)
{
    const cli_batch_opts *bo = pl->bo;
    cd_run_reset(run);
    if (s->bad) {
        s->out = error_line(s->key, s->bad, EXIT_INPUT);
        s->error = true;
        return;
    }
    if (s->len > bo->max_line) {
        char msg[96];
        snprintf(msg, sizeof msg, "line longer than %zu bytes", bo->max_line);
        s->out = error_line(s->key, msg, EXIT_LIMIT);
        s->error = true;
        return;
    }
    cd_status st;
    if (bo->baseline) {
        st = cd_extract(run, s->line, s->len);
        if (st == CD_OK)
            st = cd_analyze(run);
    } else if (bo->engine && bo->engine->kind != CLI_ENGINE_BUILTIN) {
        char warn[400];
        bool fell = false;
        st = cli_run_engine(run, pl->opts, s->line, s->len, bo->engine, bo->engine_budget_ms,
                            warn, sizeof warn, &fell);
        if (fell && st == CD_OK && !bo->quiet)
            fprintf(stderr, "copydesk: batch: %s: warning: %s\n", s->key, warn);
        s->fell = fell && st == CD_OK;
    } else {
        st = cd_run_article(run, s->line, s->len);
    }
    if (st != CD_OK) {
        cd_error e = cd_run_error(run);
        s->out = error_line(s->key, e.code != CD_OK ? e.message : cd_status_str(st),
                            cli_exit_code(st));
        s->error = true;
        return;
    }
    sbuf b = {0};
    sb_puts(&b, "{\"id\":");
    sb_puts(&b, s->key);
    if (bo->baseline) {
        baseline_fields(run, pl->opts, &b);
        sb_puts(&b, "}");
    } else if (bo->fields) {
        for (int k = 0; k < CD_KIND_COUNT; k++) {
            if (!(bo->fields & (1u << k)))
                continue;
            sb_puts(&b, ",\"");
            sb_puts(&b, cd_kind_name((cd_kind)k));
            sb_puts(&b, "\":[");
            for (int i = 0; i < cd_count(run, (cd_kind)k); i++) {
                if (i)
                    sb_puts(&b, ",");
                sb_str(&b, cd_at(run, (cd_kind)k, i)->text);
            }
            sb_puts(&b, "]");
        }
        sb_puts(&b, "}");
    } else {
        char *js = cd_render_json(run);
        if (!js) {
            b.oom = true;
        } else {
            /* the package's own id (a string) gives way to the key */
            const char *p = js + 1;
            if (strncmp(p, "\"id\":\"", 6) == 0) {
                p += 6;
                while (*p && *p != '"')
                    p += (*p == '\\' && p[1]) ? 2 : 1;
                if (*p)
                    p += 2; /* the closing quote and the comma */
            }
            sb_puts(&b, ",");
            sb_put_utf8(&b, p, strlen(p));
            cd_free(js);
        }
    }
    if (b.oom) {
        free(b.p);
        s->out = error_line(s->key, "out of memory", EXIT_LIMIT);
        s->error = true;
        return;
    }
    s->out = b.p;
}

static void *worker(void *arg)
{
    pool *pl = arg;
    cd_run *run = NULL;
    cd_status st = cd_run_new(pl->model, pl->opts, &run);
    for (;;) {
        pthread_mutex_lock(&pl->mu);
        while (pl->next_take == pl->next_read && !pl->stop)
            pthread_cond_wait(&pl->work, &pl->mu);
        if (pl->next_take == pl->next_read) {
            pthread_mutex_unlock(&pl->mu);
            break;
        }
        slot *s = &pl->ring[pl->next_take % pl->nring];
        pl->next_take++;
        s->state = SLOT_TAKEN;
        pthread_mutex_unlock(&pl->mu);

        if (st != CD_OK) {
            s->out = error_line(s->key, "out of memory", EXIT_LIMIT);
            s->error = true;
        } else {
            process(pl, run, s);
        }
        free(s->line);
        s->line = NULL;

        pthread_mutex_lock(&pl->mu);
        s->state = SLOT_DONE;
        pthread_cond_signal(&pl->done);
        pthread_mutex_unlock(&pl->mu);
    }
    cd_run_free(run);
    return NULL;
}

/* No more lines will come: workers finish what is queued and return. */
static void pool_stop(pool *pl)
{
    pthread_mutex_lock(&pl->mu);
    pl->stop = true;
    pthread_cond_broadcast(&pl->work);
    pthread_mutex_unlock(&pl->mu);
}

/* ---- reading ------------------------------------------------------------- */

/* Reads one line into *buf (grown as needed, at most `keep` bytes kept;
 * the rest is counted in *len but dropped).  Returns false at end of
 * input. */
static bool read_line(FILE *f, char **buf, size_t *cap, size_t *len, size_t keep,
                      bool *eol)
{
    size_t n = 0, total = 0;
    int c;
    *eol = false;
    while ((c = getc_unlocked(f)) != EOF) {
        if (c == '\n') {
            *eol = true;
            break;
        }
        total++;
        if (n >= keep)
            continue;
        if (n + 1 >= *cap) {
            size_t nc = *cap ? *cap * 2 : 4096;
            char *p = realloc(*buf, nc);
            if (!p)
                continue; /* counted as too long below */
            *buf = p;
            *cap = nc;
        }
        (*buf)[n++] = (char)c;
    }
    if (c == EOF && total == 0 && !*eol)
        return false;
    if (*buf)
        (*buf)[n] = 0;
    *len = total;
    return true;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

/* ---- resume: the set of ids already written ------------------------------ */

typedef struct {
    char **keys;
    size_t cap, n;
} keyset;

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static bool ks_has(const keyset *ks, const char *k)
{
    if (!ks->cap)
        return false;
    for (size_t i = hash(k) & (ks->cap - 1);; i = (i + 1) & (ks->cap - 1)) {
        if (!ks->keys[i])
            return false;
        if (strcmp(ks->keys[i], k) == 0)
            return true;
    }
}

static int ks_add(keyset *ks, char *k)
{
    if ((ks->n + 1) * 2 > ks->cap) {
        size_t cap = ks->cap ? ks->cap * 2 : 1024;
        char **nk = calloc(cap, sizeof *nk);
        if (!nk)
            return -1;
        for (size_t i = 0; i < ks->cap; i++) {
            if (!ks->keys[i])
                continue;
            size_t j = hash(ks->keys[i]) & (cap - 1);
            while (nk[j])
                j = (j + 1) & (cap - 1);
            nk[j] = ks->keys[i];
        }
        free(ks->keys);
        ks->keys = nk;
        ks->cap = cap;
    }
    size_t i = hash(k) & (ks->cap - 1);
    while (ks->keys[i]) {
        if (strcmp(ks->keys[i], k) == 0) {
            free(k);
            return 0;
        }
        i = (i + 1) & (ks->cap - 1);
    }
    ks->keys[i] = k;
    ks->n++;
    return 0;
}

static void ks_free(keyset *ks)
{
    for (size_t i = 0; i < ks->cap; i++)
        free(ks->keys[i]);
    free(ks->keys);
}

/* The key of a complete line of OUT, when it is one that copydesk batch
 * writes: an object that starts with the id (a string or a number, or
 * null and the line number), holding an error or at least one list, and
 * neither of the input's "text" and "html"; else NULL. */
static char *output_key(const char *line, size_t len)
{
    static const char lead[] = "{\"id\":";
    if (len < sizeof lead - 1 || memcmp(line, lead, sizeof lead - 1) != 0)
        return NULL;
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(line, len, &end, false);
    char *k = NULL;
    if (cJSON_IsObject(j) && end == line + len &&
        !cJSON_GetObjectItemCaseSensitive(j, "text") &&
        !cJSON_GetObjectItemCaseSensitive(j, "html")) {
        bool body = cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(j, "error"));
        for (int i = 0; i < CD_KIND_COUNT; i++)
            body |= cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(j, cd_kind_name((cd_kind)i)));
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
        const cJSON *ln = cJSON_GetObjectItemCaseSensitive(j, "line");
        if (!body)
            k = NULL;
        else if (cJSON_IsNull(id) && cJSON_IsNumber(ln))
            k = line_key((long)ln->valuedouble);
        else if (cJSON_IsString(id) || cJSON_IsNumber(id))
            k = raw_member(line, len, "id");
    }
    cJSON_Delete(j);
    return k;
}

/* Reads OUT (open as `fd`, locked): the ids of its lines go into `ks`, and
 * `*keep` is where a cut last line starts (the file's size when there is
 * none).  Only a last line without its newline that is the start of an
 * output line may be cut; any other line that is not copydesk's output
 * makes this fail and nothing is changed.  Returns 0, or -1 with the
 * message in `err` (EXIT_INPUT in *code) or out of memory (EXIT_LIMIT). */
static int load_done(int fd, const char *path, keyset *ks, off_t *keep, int *code,
                     char *err, size_t errlen)
{
    static const char lead[] = "{\"id\":";
    *code = EXIT_INPUT;
    int dfd = dup(fd);
    FILE *f = dfd < 0 ? NULL : fdopen(dfd, "rb");
    if (!f) {
        if (dfd >= 0)
            close(dfd);
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    char *buf = NULL;
    size_t cap = 0, len = 0;
    bool eol;
    off_t good = 0; /* bytes up to the end of the last complete line */
    long lineno = 0;
    int rc = 0;
    while (read_line(f, &buf, &cap, &len, SIZE_MAX / 2, &eol)) {
        lineno++;
        if (!eol) {
            /* cut by a kill: the start of an output line (or one whole but
             * for its newline), not a whole object of another kind */
            size_t m = len < sizeof lead - 1 ? len : sizeof lead - 1;
            cJSON *whole = buf ? cJSON_ParseWithLength(buf, len) : NULL;
            char *k = whole ? output_key(buf, len) : NULL;
            bool foreign = !buf || memcmp(buf, lead, m) != 0 || (whole && !k);
            cJSON_Delete(whole);
            free(k);
            if (foreign) {
                snprintf(err, errlen, "%s: line %ld is not copydesk batch output; "
                         "--resume changed nothing", path, lineno);
                rc = -1;
            }
            break;
        }
        char *k = buf ? output_key(buf, len) : NULL;
        if (!k) {
            snprintf(err, errlen, "%s: line %ld is not copydesk batch output; "
                     "--resume changed nothing", path, lineno);
            rc = -1;
            break;
        }
        if (ks_add(ks, k)) {
            free(k);
            snprintf(err, errlen, "out of memory");
            *code = EXIT_LIMIT;
            rc = -1;
            break;
        }
        good += (off_t)len + 1;
    }
    if (rc == 0 && ferror(f)) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno ? errno : EIO));
        rc = -1;
    }
    free(buf);
    fclose(f);
    *keep = good;
    return rc;
}

/* Lines in a regular file, for the progress line; -1 when unknown. */
static long count_lines(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    char buf[1 << 16];
    long n = 0;
    size_t got, last = 0;
    char lastc = '\n';
    while ((got = fread(buf, 1, sizeof buf, f)) > 0) {
        for (const char *p = buf; (p = memchr(p, '\n', (size_t)(buf + got - p))); p++)
            n++;
        last = got;
        lastc = buf[got - 1];
    }
    fclose(f);
    return n + (last && lastc != '\n');
}

static void progress(const cli_batch_opts *bo, bool tty, long done, long total,
                     long errors, double t0, bool final)
{
    double dt = cli_now() - t0;
    double rate = dt > 0 ? done / dt : 0;
    char left[32] = "";
    if (total > 0 && rate > 0 && done <= total) {
        long s = (long)((total - done) / rate + 0.5);
        snprintf(left, sizeof left, ", %ldm%02lds left", s / 60, s % 60);
    }
    if (total > 0)
        fprintf(stderr, "copydesk: batch: %ld/%ld (%ld%%), %.1f/s, %ld error%s%s%s",
                done, total, total ? done * 100 / total : 0, rate, errors,
                errors == 1 ? "" : "s", final ? "" : left, tty ? "\033[K\r" : "\n");
    else
        fprintf(stderr, "copydesk: batch: %ld done, %.1f/s, %ld error%s%s", done, rate,
                errors, errors == 1 ? "" : "s", tty ? "\033[K\r" : "\n");
    if (final && tty)
        fputc('\n', stderr);
    (void)bo;
}

/* ---- the run ------------------------------------------------------------- */

static bool same_file(const struct stat *a, const struct stat *b)
{
    return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* --resume: opens OUT, locks it for the whole run, reads the ids it holds
 * into `ks` and cuts a cut last line, for appending.  OUT must be a
 * regular file that is not the input (`in`) and that holds nothing but
 * copydesk's output; otherwise nothing is changed.  Returns EXIT_OK with
 * `*out` set, or the exit status after the message. */
static int open_resume(const char *file, const struct stat *in, keyset *ks, FILE **out)
{
    char shown[CLI_SHOWN];
    const char *path = cli_shown(file, shown, sizeof shown); /* as echoed */
    struct stat st;
    if (stat(file, &st) == 0 && !S_ISREG(st.st_mode)) {
        fprintf(stderr, "copydesk: %s: not a regular file; --resume needs one\n", path);
        return EXIT_INPUT;
    }
    int fd = open(file, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0666);
    if (fd < 0) {
        fprintf(stderr, "copydesk: %s: %s\n", path, strerror(errno));
        return EXIT_INPUT;
    }
    const char *why = NULL;
    if (fstat(fd, &st) != 0)
        why = strerror(errno);
    else if (!S_ISREG(st.st_mode))
        why = "not a regular file; --resume needs one";
    else if (same_file(&st, in))
        why = "the --resume file is the input file; nothing was changed";
    else if (flock(fd, LOCK_EX | LOCK_NB) != 0)
        why = errno == EWOULDBLOCK
                  ? "in use by another copydesk batch (locked); nothing was changed"
                  : strerror(errno);
    if (why) {
        fprintf(stderr, "copydesk: %s: %s\n", path, why);
        close(fd);
        return EXIT_INPUT;
    }
    char err[CLI_SHOWN + 600] = "";
    off_t keep = 0;
    int code = EXIT_OK;
    if (load_done(fd, path, ks, &keep, &code, err, sizeof err) != 0) {
        fprintf(stderr, "copydesk: %s\n", err);
        close(fd);
        return code;
    }
    if (keep < st.st_size && ftruncate(fd, keep) != 0) {
        fprintf(stderr, "copydesk: %s: %s\n", path, strerror(errno));
        close(fd);
        return EXIT_INPUT;
    }
    *out = fdopen(fd, "ab");
    if (!*out) {
        fprintf(stderr, "copydesk: %s: %s\n", path, strerror(errno));
        close(fd);
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

/* Standard output, when it is a file: not the input, and locked for the
 * run as --resume's file is.  Returns EXIT_OK or the exit status after
 * the message. */
static int lock_stdout(const char *name, const struct stat *in, bool *locked)
{
    struct stat st;
    *locked = false;
    if (fstat(STDOUT_FILENO, &st) != 0 || !S_ISREG(st.st_mode))
        return EXIT_OK;
    if (same_file(&st, in)) {
        fprintf(stderr, "copydesk: %s: standard output is the input file; nothing was "
                "written\n", name);
        return EXIT_INPUT;
    }
    if (flock(STDOUT_FILENO, LOCK_EX | LOCK_NB) == 0) {
        *locked = true;
    } else if (errno == EWOULDBLOCK) {
        fprintf(stderr, "copydesk: <stdout>: in use by another copydesk batch (locked); "
                "nothing was written\n");
        return EXIT_INPUT;
    }
    return EXIT_OK; /* a file system without locks: written as before */
}

int cli_batch(const char *path, const cd_model *model, const cd_opts *opts,
              const cli_batch_opts *bo)
{
    bool from_stdin = strcmp(path, "-") == 0;
    char shown[CLI_SHOWN];
    const char *name = from_stdin ? "<stdin>" : cli_shown(path, shown, sizeof shown);
    /* the input is known before OUT is touched, and opened after: OUT is
     * locked while a fifo given as the input waits for its writer */
    struct stat ist;
    if ((from_stdin ? fstat(STDIN_FILENO, &ist) : stat(path, &ist)) != 0) {
        fprintf(stderr, "copydesk: %s: %s\n", name, strerror(errno));
        return EXIT_INPUT;
    }
    keyset done_ids = {0};
    FILE *out = stdout;
    bool stdout_locked = false;
    int orc = bo->resume ? open_resume(bo->resume, &ist, &done_ids, &out)
                         : lock_stdout(name, &ist, &stdout_locked);
    if (orc != EXIT_OK) {
        ks_free(&done_ids);
        return orc;
    }
    FILE *in = from_stdin ? stdin : fopen(path, "rb");
    if (!in) {
        fprintf(stderr, "copydesk: %s: %s\n", name, strerror(errno));
        ks_free(&done_ids);
        if (out != stdout)
            fclose(out);
        if (stdout_locked)
            flock(STDOUT_FILENO, LOCK_UN);
        return EXIT_INPUT;
    }
    bool tty = isatty(STDERR_FILENO);
    bool show = !bo->quiet && (bo->progress || tty);
    long total = -1;
    if (show && in != stdin) {
        struct stat stt;
        if (fstat(fileno(in), &stt) == 0 && S_ISREG(stt.st_mode))
            total = count_lines(path);
    }

    int nthreads = bo->jobs > 0 ? bo->jobs : 1;
    pool pl = {.model = model, .opts = opts, .bo = bo, .nring = 4L * nthreads};
    pl.ring = calloc((size_t)pl.nring, sizeof *pl.ring);
    pthread_t *tids = calloc((size_t)nthreads, sizeof *tids);
    if (!pl.ring || !tids) {
        fprintf(stderr, "copydesk: out of memory\n");
        free(pl.ring);
        free(tids);
        ks_free(&done_ids);
        if (in != stdin)
            fclose(in);
        if (out != stdout)
            fclose(out);
        if (stdout_locked)
            flock(STDOUT_FILENO, LOCK_UN);
        return EXIT_LIMIT;
    }
    pthread_mutex_init(&pl.mu, NULL);
    pthread_cond_init(&pl.work, NULL);
    pthread_cond_init(&pl.done, NULL);
    int started = 0;
    for (; started < nthreads; started++)
        if (pthread_create(&tids[started], NULL, worker, &pl) != 0)
            break;
    int rc = EXIT_OK;
    if (started == 0) {
        fprintf(stderr, "copydesk: cannot start a worker thread\n");
        rc = EXIT_LIMIT;
    }

    long next_write = 0, lineno = 0, nok = 0, nerr = 0, nskip = 0, seen = 0, nblank = 0, nfell = 0;
    bool eof = started == 0, write_failed = false;
    char *buf = NULL;
    size_t cap = 0;
    double t0 = cli_now(), last_shown = 0;
    for (;;) {
        /* write every finished slot at the head of the ring, in order */
        pthread_mutex_lock(&pl.mu);
        while (next_write < pl.next_read &&
               pl.ring[next_write % pl.nring].state == SLOT_DONE) {
            slot *s = &pl.ring[next_write % pl.nring];
            pthread_mutex_unlock(&pl.mu);
            if (s->out) {
                if (!write_failed && (fputs(s->out, out) == EOF || putc('\n', out) == EOF))
                    write_failed = true;
            } else {
                write_failed = true; /* no memory even for an error line */
            }
            if (s->error)
                nerr++;
            else
                nok++;
            nfell += s->fell;
            free(s->out);
            free(s->key);
            memset(s, 0, sizeof *s);
            pthread_mutex_lock(&pl.mu);
            next_write++;
        }
        bool room = pl.next_read - next_write < pl.nring;
        if (eof && next_write == pl.next_read) {
            pthread_mutex_unlock(&pl.mu);
            break;
        }
        if (eof || !room || write_failed) {
            if (write_failed && !eof) {
                eof = true; /* stop reading; let the workers drain */
                pthread_mutex_unlock(&pl.mu);
                continue;
            }
            pthread_cond_wait(&pl.done, &pl.mu);
            pthread_mutex_unlock(&pl.mu);
        } else {
            pthread_mutex_unlock(&pl.mu);
            size_t len = 0;
            bool eol;
            size_t keep = bo->max_line + 1;
            if (!read_line(in, &buf, &cap, &len, keep, &eol)) {
                if (ferror(in)) {
                    fprintf(stderr, "copydesk: %s: %s\n", name, strerror(errno));
                    rc = EXIT_INPUT;
                }
                eof = true;
                pool_stop(&pl);
                continue;
            }
            lineno++;
            size_t kept = len < keep ? len : keep;
            if (!buf || blank(buf, kept)) {
                nblank++;
                continue;
            }
            seen++;
            char *key = NULL, *line = NULL;
            const char *bad = NULL;
            char badmsg[sizeof pl.ring->badmsg];
            bool too_long = len > bo->max_line;
            if (too_long)
                key = line_key(lineno);
            int prc = too_long ? (key ? 0 : -1)
                               : prepare(buf, kept, lineno, &key, &line, &bad, badmsg,
                                         sizeof badmsg);
            if (key && ks_has(&done_ids, key)) {
                free(key);
                free(line);
                nskip++;
                continue;
            }
            if (prc != 0) {
                fprintf(stderr, "copydesk: out of memory\n");
                free(key);
                free(line);
                rc = EXIT_LIMIT;
                eof = true;
                pool_stop(&pl);
                continue;
            }
            pthread_mutex_lock(&pl.mu);
            slot *s = &pl.ring[pl.next_read % pl.nring];
            s->line = line;
            s->len = too_long ? len : (line ? strlen(line) : 0);
            s->bad = bad;
            if (bad == badmsg) {
                memcpy(s->badmsg, badmsg, sizeof badmsg);
                s->bad = s->badmsg;
            }
            s->lineno = lineno;
            s->key = key;
            s->state = SLOT_PENDING;
            pl.next_read++;
            pthread_cond_signal(&pl.work);
            pthread_mutex_unlock(&pl.mu);
        }
        if (show) {
            double now = cli_now();
            if (now - last_shown >= (tty ? 0.25 : 10.0)) {
                last_shown = now;
                progress(bo, tty, nok + nerr + nskip + nblank, total, nerr, t0, false);
            }
        }
    }
    pool_stop(&pl);
    for (int i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    if (show)
        progress(bo, tty, nok + nerr + nskip + nblank, total, nerr, t0, true);

    free(buf);
    free(tids);
    free(pl.ring);
    pthread_mutex_destroy(&pl.mu);
    pthread_cond_destroy(&pl.work);
    pthread_cond_destroy(&pl.done);
    ks_free(&done_ids);
    if (in != stdin)
        fclose(in);
    if (fflush(out) != 0 || ferror(out))
        write_failed = true;
    if (out != stdout && fclose(out) != 0)
        write_failed = true;
    if (stdout_locked) /* the shell may hold the file open after the run */
        flock(STDOUT_FILENO, LOCK_UN);
    if (write_failed) {
        fprintf(stderr, "copydesk: write error: %s\n", strerror(errno ? errno : EIO));
        return EXIT_INPUT;
    }
    /* --strict: every record has its package, and the status says that
     * some were written without the model */
    if (rc == EXIT_OK && nfell && bo->engine && bo->engine->strict)
        rc = EXIT_FALLBACK;
    if (!bo->quiet) {
        double dt = cli_now() - t0;
        fprintf(stderr,
                "copydesk: batch: %ld record%s: %ld ok, %ld error%s, %ld already done; "
                "%.1f s, %.1f/s with %d thread%s\n",
                seen, seen == 1 ? "" : "s", nok, nerr, nerr == 1 ? "" : "s", nskip, dt,
                dt > 0 ? (nok + nerr) / dt : 0.0, started, started == 1 ? "" : "s");
    }
    if (nfell && !bo->quiet)
        fprintf(stderr, "copydesk: batch: the language model failed for %ld record%s; "
                "copydesk's own engine wrote %s\n", nfell, nfell == 1 ? "" : "s",
                nfell == 1 ? "it" : "them");
    return rc;
}
