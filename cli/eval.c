/*
 * eval.c - `copydesk eval`: score the top candidate of each list against
 * human references in JSONL rows (id, title, description, lede, text,
 * optional seo_title and lang), next to two baselines.
 *
 *   headline          vs title
 *   SEO title         vs seo_title, else title
 *   meta description  vs description (rows that have one)
 *   lede              vs lede, generated with the lede paragraph removed
 *
 * Baselines, scored on the same rows: the first 75 bytes of the text cut
 * at a word (DUC's PREFIX), the first sentence cut to 60 characters at a
 * word, and the lead: whole sentences from the first while they fit in
 * 155 characters (the first cut at a word when it alone is longer).
 * Rows whose `lang` is set and is not English are skipped, and so are
 * rows the library finds are not in English.  A row without `text` is
 * read from its page (`html_path`, relative to the set's folder, plain
 * or gzip-compressed); with --html every row that has a page is.  The
 * baselines then read the text copydesk extracted from the page.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "cli.h"

enum { K_HEAD, K_SEO, K_META, K_LEDE, NK };
static const char *const kname[NK] = {"headline", "seo_title",
                                      "meta_description", "lede"};

typedef struct acc {
    int n;
    double r1, r2, rl;
    double p75, fs60, lead;       /* baselines, ROUGE-L */
    double p75_1, fs60_1, lead_1; /* baselines, ROUGE-1 */
} acc;

/* What was printed of one list over the set: articles, articles given
 * fewer items than asked, items, their words, and the items the rule
 * table passes when it reads the printed text afresh. */
typedef struct shown_acc {
    long arts, short_lists, items, words, gate;
    long phrase; /* items read afresh with a style.phrase warning */
} shown_acc;

double cli_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *str_field(const cJSON *row, const char *name)
{
    const cJSON *f = cJSON_GetObjectItemCaseSensitive(row, name);
    return cJSON_IsString(f) && f->valuestring[0] ? f->valuestring : NULL;
}

/* Cut `s` to at most `max` bytes at a space; newlines become spaces. */
static void cut_at_word(const char *s, size_t max, char *out, size_t cap)
{
    size_t n = 0;
    while (s[n] && n < max && n + 1 < cap) {
        out[n] = (s[n] == '\n' || s[n] == '\t') ? ' ' : s[n];
        n++;
    }
    out[n] = 0;
    if (s[n] && s[n] != ' ' && s[n] != '\n') {
        while (n > 0 && out[n - 1] != ' ')
            n--;
    }
    while (n > 0 && out[n - 1] == ' ')
        n--;
    out[n] = 0;
}

/* 60 characters, counted as code points. */
static void cut_chars(const char *s, size_t maxchars, char *out, size_t cap)
{
    size_t bytes = 0, chars = 0;
    while (s[bytes] && chars < maxchars) {
        bytes++;
        while (s[bytes] && ((unsigned char)s[bytes] & 0xC0) == 0x80)
            bytes++;
        chars++;
    }
    cut_at_word(s, bytes, out, cap);
}

static void score(acc *a, const char *ref, const char *pred, const char *p75,
                  const char *fs60, const char *lead)
{
    a->n++;
    if (pred) {
        a->r1 += cd_rouge_f1(ref, pred, 1);
        a->r2 += cd_rouge_f1(ref, pred, 2);
        a->rl += cd_rouge_f1(ref, pred, 0);
    }
    a->p75 += cd_rouge_f1(ref, p75, 0);
    a->fs60 += cd_rouge_f1(ref, fs60, 0);
    a->p75_1 += cd_rouge_f1(ref, p75, 1);
    a->fs60_1 += cd_rouge_f1(ref, fs60, 1);
    a->lead += cd_rouge_f1(ref, lead, 0);
    a->lead_1 += cd_rouge_f1(ref, lead, 1);
}

/* The printed items of list `kind`: how many, their words, and whether
 * the list is shorter than asked. */
static void count_shown(shown_acc *a, cd_run *run, cd_kind kind, int asked)
{
    if (asked <= 0)
        return;
    int n = cd_count(run, kind);
    a->arts++;
    a->short_lists += n < asked;
    a->items += n;
    for (int i = 0; i < n; i++) {
        const char *t = cd_at(run, kind, i)->text;
        const cd_finding *f;
        int nf = cd_check_text(run, kind, t, &f);
        bool pass = nf >= 0, phrase = false;
        for (int j = 0; j < nf; j++) {
            pass &= !f[j].fail;
            phrase |= strcmp(f[j].rule, "style.phrase") == 0;
        }
        a->gate += pass;
        a->phrase += phrase;
        bool in_word = false;
        for (; *t; t++) {
            bool sp = *t == ' ';
            a->words += !sp && !in_word;
            in_word = !sp;
        }
    }
}

typedef struct limits {
    long seo_in, seo_all, meta_in, meta_all;
    long cands, read, fact_fail, fact_printed;
    int arts3, seo_cov, meta_cov, head_cov;
} limits;

static void json_kv(FILE *f, const char *k, const char *v, bool comma)
{
    /* an id may hold any bytes the set had: written as UTF-8 JSON */
    cli_text t = {0};
    if (v)
        cli_json_str(&t, v, strlen(v));
    fprintf(f, "%s\"%s\":%s", comma ? "," : "", k, v && !t.oom ? t.s : "null");
    free(t.s);
}

/* The page of a row with `html_path`, relative to the set's folder;
 * malloc'd, or NULL. */
/* A page of at most 64 MB, inflated when it is gzip-compressed (it starts
 * with the gzip magic); NULL when it cannot be read or inflated. */
static char *row_page(const char *set_path, const char *rel, size_t *len)
{
    char path[4096];
    const char *slash = strrchr(set_path, '/');
    int dir = slash ? (int)(slash - set_path) : 0;
    snprintf(path, sizeof path, "%.*s%s%s", dir, set_path, dir ? "/" : "", rel);
    char err[256] = "";
    size_t limit = (size_t)64 << 20, n = 0;
    char *raw = cli_read(path, limit, &n, err, sizeof err);
    if (!raw || n < 2 || (unsigned char)raw[0] != 0x1f || (unsigned char)raw[1] != 0x8b) {
        *len = n;
        return raw;
    }
    z_stream z;
    memset(&z, 0, sizeof z);
    size_t cap = n * 4 + 65536, got = 0;
    char *out = malloc(cap + 1);
    int zr = out ? inflateInit2(&z, 16 + MAX_WBITS) : Z_MEM_ERROR;
    z.next_in = (Bytef *)raw;
    z.avail_in = (uInt)n;
    while (zr == Z_OK) {
        if (got == cap) {
            char *bigger = cap < limit ? realloc(out, cap * 2 + 1) : NULL;
            if (!bigger) {
                zr = Z_MEM_ERROR;
                break;
            }
            out = bigger;
            cap *= 2;
        }
        z.next_out = (Bytef *)out + got;
        z.avail_out = (uInt)(cap - got);
        zr = inflate(&z, Z_NO_FLUSH);
        got = cap - z.avail_out;
    }
    if (out)
        inflateEnd(&z);
    free(raw);
    if (zr != Z_STREAM_END) {
        free(out);
        return NULL;
    }
    out[got] = 0;
    *len = got;
    return out;
}

/* The lead baseline: whole sentences of `run` from the first while they
 * fit in `max` characters, joined by spaces; the first sentence cut at a
 * word when it alone is longer. */
static void lead_sentences(const cd_run *run, size_t max, char *out, size_t cap)
{
    size_t n = 0, chars = 0;
    out[0] = 0;
    const char *t = cd_text(run);
    for (int i = 0; t && i < cd_sentence_count(run); i++) {
        cd_span sp = cd_sentence_at(run, i);
        size_t c = cd_text_chars(t + sp.off, sp.len);
        if (chars + (i > 0) + c > max || n + sp.len + 2 > cap) {
            if (i == 0) {
                char first[4096];
                size_t k = sp.len < sizeof first - 1 ? sp.len : sizeof first - 1;
                memcpy(first, t + sp.off, k);
                first[k] = 0;
                cut_chars(first, max, out, cap);
            }
            return;
        }
        if (i > 0)
            out[n++] = ' ';
        for (size_t k = 0; k < sp.len; k++)
            out[n++] = t[sp.off + k] == '\n' || t[sp.off + k] == '\t' ? ' ' : t[sp.off + k];
        out[n] = 0;
        chars += (i > 0) + c;
    }
}

/* The dump file: has a write to it failed?  Its errno is kept. */
static bool dump_failed(FILE *dump, int *err)
{
    if (!dump || !ferror(dump))
        return false;
    if (!*err)
        *err = errno ? errno : EIO;
    return true;
}

static int eval_file(const char *set_path, const cd_model *model,
                     const cd_opts *opts, FILE *dump, int *dump_err, long limit,
                     double t_start, bool use_html)
{
    size_t len;
    char err[256] = "", shown[CLI_SHOWN];
    const char *path = cli_shown(set_path, shown, sizeof shown);
    char *data = cli_read(set_path, (size_t)1 << 31, &len, err, sizeof err);
    if (!data) {
        fprintf(stderr, "copydesk: %s: %s\n", path, err);
        return EXIT_INPUT;
    }
    acc ac[NK];
    memset(ac, 0, sizeof ac);
    limits lim = {0};
    shown_acc printed[CD_KIND_COUNT];
    memset(printed, 0, sizeof printed);
    int rows = 0, skipped = 0, failed = 0, unreadable = 0;
    cd_run *run = NULL, *run2 = NULL;
    if (cd_run_new(model, opts, &run) != CD_OK ||
        cd_run_new(model, opts, &run2) != CD_OK) {
        free(data);
        cd_run_free(run);
        return EXIT_LIMIT;
    }
    char *line = data;
    char *end = data + len;
    int lineno = 0;
    bool stopped = false; /* a write failed: the run ends */
    while (line < end && (limit <= 0 || rows < limit)) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t ll = nl ? (size_t)(nl - line) : (size_t)(end - line);
        lineno++;
        cJSON *row = ll ? cJSON_ParseWithLength(line, ll) : NULL;
        line = nl ? nl + 1 : end;
        if (!row) {
            if (ll) {
                fprintf(stderr, "copydesk: %s:%d: not a JSON object\n", path,
                        lineno);
                unreadable++;
            }
            continue;
        }
        const char *id = str_field(row, "id");
        const char *text = str_field(row, "text");
        const char *title = str_field(row, "title");
        const char *lang = str_field(row, "lang");
        const char *html_path = str_field(row, "html_path");
        if ((!text && !html_path) || !title) {
            cJSON_Delete(row);
            continue;
        }
        if (lang && strncmp(lang, "en", 2) != 0) {
            skipped++;
            cJSON_Delete(row);
            continue;
        }
        rows++;
        const char *desc = str_field(row, "description");
        const char *lede = str_field(row, "lede");
        const char *seo_ref = str_field(row, "seo_title");
        if (!seo_ref)
            seo_ref = title;

        cd_run_reset(run);
        cd_status st;
        if (html_path && (use_html || !text)) {
            /* the same article, from its page */
            size_t plen = 0;
            char *pagebuf = row_page(set_path, html_path, &plen);
            st = pagebuf ? cd_run_article(run, pagebuf, plen) : CD_E_IO;
            free(pagebuf);
            if (!text) /* the baselines read what was extracted */
                text = cd_text(run) ? cd_text(run) : "";
        } else {
            st = cd_run_article(run, text, strlen(text));
        }
        if (st == CD_E_LANG) {
            /* not English by its text, though the row does not say so */
            rows--;
            skipped++;
            cJSON_Delete(row);
            continue;
        }
        if (st != CD_OK)
            failed++;
        char p75[256], fs60[256], first[2048] = "";
        cut_at_word(text, 75, p75, sizeof p75);
        if (st == CD_OK && cd_sentence_count(run) > 0) {
            cd_span sp = cd_sentence_at(run, 0);
            size_t n = sp.len < sizeof first - 1 ? sp.len : sizeof first - 1;
            memcpy(first, cd_text(run) + sp.off, n);
            first[n] = 0;
        }
        cut_chars(first, 60, fs60, sizeof fs60);
        char lead[1024] = "";
        if (st == CD_OK)
            lead_sentences(run, 155, lead, sizeof lead);
        const cd_item *h = st == CD_OK ? cd_at(run, CD_HEADLINE, 0) : NULL;
        const cd_item *s = st == CD_OK ? cd_at(run, CD_SEO_TITLE, 0) : NULL;
        const cd_item *m = st == CD_OK ? cd_at(run, CD_META_DESC, 0) : NULL;
        score(&ac[K_HEAD], title, h ? h->text : NULL, p75, fs60, lead);
        score(&ac[K_SEO], seo_ref, s ? s->text : NULL, p75, fs60, lead);
        if (desc)
            score(&ac[K_META], desc, m ? m->text : NULL, p75, fs60, lead);
        for (int k = 0; st == CD_OK && k < CD_KIND_COUNT; k++)
            count_shown(&printed[k], run, (cd_kind)k, opts->count[k]);
        /* every candidate generated, printed or not: fact failures */
        for (int k = 0; st == CD_OK && k < CD_KIND_COUNT; k++) {
            for (int i = 0; i < cd_candidate_count(run, (cd_kind)k); i++) {
                const char *rej = NULL;
                const char *t = cd_candidate_at(run, (cd_kind)k, i, &rej, NULL);
                lim.cands++;
                lim.read += cd_candidate_read(run, (cd_kind)k, i);
                if (rej && !strncmp(rej, "fact.", 5)) {
                    lim.fact_fail++;
                    if (getenv("COPYDESK_SHOW_FACTS")) {
                        char ids[CLI_SHOWN];
                        fprintf(stderr, "%s %s: %s\n", id ? cli_shown(id, ids, sizeof ids) : "?",
                                rej, t);
                    }
                }
            }
            for (int i = 0; i < cd_count(run, (cd_kind)k); i++) {
                const cd_item *it = cd_at(run, (cd_kind)k, i);
                for (int f = 0; f < it->nfindings; f++)
                    if (it->findings[f].fail && !strncmp(it->findings[f].rule, "fact.", 5))
                        lim.fact_printed++;
            }
        }
        if (st == CD_OK && cd_sentence_count(run) >= 3) {
            lim.arts3++;
            lim.head_cov += cd_count(run, CD_HEADLINE) > 0;
            lim.seo_cov += cd_count(run, CD_SEO_TITLE) > 0;
            lim.meta_cov += cd_count(run, CD_META_DESC) > 0;
            for (int i = 0; i < cd_count(run, CD_SEO_TITLE); i++) {
                const cd_item *it = cd_at(run, CD_SEO_TITLE, i);
                lim.seo_all++;
                lim.seo_in += it->chars <= (size_t)opts->seo_max_chars &&
                              it->px <= opts->seo_max_px;
            }
            for (int i = 0; i < cd_count(run, CD_META_DESC); i++) {
                const cd_item *it = cd_at(run, CD_META_DESC, i);
                lim.meta_all++;
                lim.meta_in += it->chars >= (size_t)opts->meta_min_chars &&
                               it->chars <= (size_t)opts->meta_max_chars &&
                               it->px <= opts->meta_max_px;
            }
        }
        /* Ledes: generate from the text without its lede paragraph. */
        const cd_item *l = NULL;
        char *rest = NULL;
        if (lede) {
            const char *at = strstr(text, lede);
            if (at) {
                size_t tl = strlen(text), ll2 = strlen(lede);
                rest = malloc(tl + 1);
                if (rest) {
                    size_t pre = (size_t)(at - text);
                    memcpy(rest, text, pre);
                    const char *after = at + ll2;
                    while (*after == '\n')
                        after++;
                    strcpy(rest + pre, after);
                    cd_run_reset(run2);
                    if (cd_run_article(run2, rest, strlen(rest)) == CD_OK)
                        l = cd_at(run2, CD_LEDE, 0);
                    char lp75[256], lfs[256], lfirst[2048] = "";
                    cut_at_word(rest, 75, lp75, sizeof lp75);
                    if (cd_sentence_count(run2) > 0) {
                        cd_span sp = cd_sentence_at(run2, 0);
                        size_t n = sp.len < sizeof lfirst - 1 ? sp.len
                                                              : sizeof lfirst - 1;
                        memcpy(lfirst, cd_text(run2) + sp.off, n);
                        lfirst[n] = 0;
                    }
                    cut_chars(lfirst, 60, lfs, sizeof lfs);
                    char llead[1024] = "";
                    lead_sentences(run2, 155, llead, sizeof llead);
                    score(&ac[K_LEDE], lede, l ? l->text : NULL, lp75, lfs, llead);
                }
            }
        }
        if (dump) {
            fputc('{', dump);
            json_kv(dump, "id", id, false);
            json_kv(dump, "headline", h ? h->text : NULL, true);
            json_kv(dump, "seo_title", s ? s->text : NULL, true);
            json_kv(dump, "meta_description", m ? m->text : NULL, true);
            json_kv(dump, "lede", l ? l->text : NULL, true);
            json_kv(dump, "lead155", lead, true);
            fputs("}\n", dump);
        }
        free(rest);
        cJSON_Delete(row);
        if (dump_failed(dump, dump_err) || cli_out_failed()) {
            stopped = true;
            break;
        }
    }
    if (stopped) {
        cd_run_free(run);
        cd_run_free(run2);
        free(data);
        return EXIT_INPUT;
    }
    double secs = cli_now() - t_start;
    printf("set: %s\n", path);
    printf("articles: %d scored, %d skipped (not English), %d failed\n", rows,
           skipped, failed);
    printf("%-17s %5s %6s %6s %6s | %-17s | %-17s | %-17s\n", "ROUGE F1 x100", "n",
           "R1", "R2", "RL", "prefix75 R1/RL", "first-sent60 R1/RL", "lead155 R1/RL");
    for (int k = 0; k < NK; k++) {
        acc *a = &ac[k];
        if (!a->n) {
            printf("%-17s %5d %6s %6s %6s |\n", kname[k], 0, "-", "-", "-");
            continue;
        }
        double d = a->n / 100.0;
        printf("%-17s %5d %6.2f %6.2f %6.2f | %7.2f %7.2f   | %7.2f %7.2f   | %7.2f %7.2f\n",
               kname[k], a->n, a->r1 / d, a->r2 / d, a->rl / d, a->p75_1 / d,
               a->p75 / d, a->fs60_1 / d, a->fs60 / d, a->lead_1 / d, a->lead / d);
    }
    printf("within limits (articles of 3+ sentences: %d):\n", lim.arts3);
    printf("  seo titles: %.1f%% (%ld/%ld); articles with one: %d\n",
           lim.seo_all ? 100.0 * lim.seo_in / lim.seo_all : 100.0, lim.seo_in,
           lim.seo_all, lim.seo_cov);
    printf("  meta descriptions: %.1f%% (%ld/%ld); articles with one: %d\n",
           lim.meta_all ? 100.0 * lim.meta_in / lim.meta_all : 100.0,
           lim.meta_in, lim.meta_all, lim.meta_cov);
    printf("  headlines: articles with one: %d\n", lim.head_cov);
    printf("printed (articles analysed: short lists, items each, words each, "
           "items the rules pass read afresh, and warned on as compressions of "
           "their sentence):\n");
    for (int k = 0; k < CD_KIND_COUNT; k++) {
        const shown_acc *a = &printed[k];
        if (!a->arts)
            continue;
        printf("  %-18s %5.1f%% of lists short, %4.2f items, %5.1f words, %5.1f%% pass, "
               "%4.1f%% style.phrase\n",
               cd_kind_name((cd_kind)k), 100.0 * (double)a->short_lists / (double)a->arts,
               (double)a->items / (double)a->arts,
               a->items ? (double)a->words / (double)a->items : 0.0,
               a->items ? 100.0 * (double)a->gate / (double)a->items : 100.0,
               a->items ? 100.0 * (double)a->phrase / (double)a->items : 0.0);
    }
    printf("facts: %ld of %ld candidates read (of %ld generated) failed a fact.* "
           "rule (%ld of those printed)\n", lim.fact_fail, lim.read, lim.cands,
           lim.fact_printed);
    printf("speed: %.1f articles/s (%.2f s, one thread, model load included)\n",
           secs > 0 ? rows / secs : 0.0, secs);
    cd_run_free(run);
    cd_run_free(run2);
    free(data);
    /* a set with lines that are not rows is not the set it claims to be */
    return unreadable ? EXIT_INPUT : EXIT_OK;
}

int cli_eval(int nsets, char **sets, bool use_html, const char *dump_path, long limit,
             const cd_model *model, const cd_opts *opts, double t0)
{
    int rc = EXIT_OK, dump_err = 0;
    FILE *dump = NULL;
    char shown[CLI_SHOWN];
    const char *dname = dump_path ? cli_shown(dump_path, shown, sizeof shown) : NULL;
    if (dump_path) {
        dump = fopen(dump_path, "w");
        if (!dump) {
            fprintf(stderr, "copydesk: %s: %s\n", dname, strerror(errno));
            return EXIT_INPUT;
        }
    }
    bool firstset = true;
    for (int i = 0; i < nsets && !dump_err && !cli_out_failed(); i++) {
        if (!firstset)
            printf("\n");
        firstset = false;
        int r = eval_file(sets[i], model, opts, dump, &dump_err, limit, t0, use_html);
        if (r != EXIT_OK)
            rc = r;
        t0 = cli_now();
    }
    if (dump) {
        /* every write to the dump, and its last: a prediction lost is an
         * I/O error */
        if (fflush(dump) != 0 && !dump_err)
            dump_err = errno ? errno : EIO;
        dump_failed(dump, &dump_err);
        if (fclose(dump) != 0 && !dump_err)
            dump_err = errno ? errno : EIO;
        if (dump_err) {
            fprintf(stderr, "copydesk: %s: write error: %s\n", dname, strerror(dump_err));
            rc = EXIT_INPUT;
        }
    }
    return rc;
}
