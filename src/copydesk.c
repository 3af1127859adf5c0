/*
 * copydesk.c - model and run lifecycle, options, stages, accessors, errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "internal.h"

#ifndef CD_DATADIR
#define CD_DATADIR "/usr/local/share/copydesk"
#endif

/* ---- Version and status ------------------------------------------------ */

uint32_t cd_version(void) { return CD_VERSION; }
const char *cd_version_string(void) { return CD_VERSION_STRING; }

const char *cd_status_str(cd_status s)
{
    switch (s) {
    case CD_OK: return "ok";
    case CD_E_USAGE: return "usage error";
    case CD_E_INPUT: return "unusable input";
    case CD_E_LIMIT: return "limit exceeded";
    case CD_E_NOMEM: return "out of memory";
    case CD_E_IO: return "i/o error";
    case CD_E_INTERNAL: return "internal error";
    case CD_E_LANG: return "language not supported";
    }
    return "unknown status";
}

const char *cd_article_lang(const cd_run *run)
{
    return run->lang;
}

const char *cd_kind_name(cd_kind kind)
{
    static const char *const names[CD_KIND_COUNT] = {
        "headlines", "ledes", "seo_titles", "meta_descriptions"};
    return (unsigned)kind < CD_KIND_COUNT ? names[kind] : "";
}

/* ---- Options ----------------------------------------------------------- */

void cd_opts_init(cd_opts *o)
{
    memset(o, 0, sizeof *o);
    o->count[CD_HEADLINE] = 5;
    o->count[CD_LEDE] = 5;
    o->count[CD_SEO_TITLE] = 3;
    o->count[CD_META_DESC] = 3;
    o->max_input_bytes = 1 << 20;
    o->max_page_bytes = (size_t)16 << 20;
    o->max_arena_bytes = (size_t)256 << 20;
    o->letter_case = CD_CASE_SENTENCE;
    o->quotes = CD_QUOTES_AUTO;
    o->headline_min_words = 4;
    o->headline_max_words = 12;
    o->lede_max_words = 35;
    o->seo_max_chars = 60;
    o->seo_max_px = 580.0;
    o->meta_min_chars = 120;
    o->meta_max_chars = 156;
    o->meta_max_px = 920.0;
}

static bool opts_valid(const cd_opts *o)
{
    for (int k = 0; k < CD_KIND_COUNT; k++)
        if (o->count[k] < 0 || o->count[k] > 100)
            return false;
    return o->max_input_bytes > 0 && o->max_page_bytes > 0 &&
           o->headline_min_words > 0 &&
           o->headline_max_words >= o->headline_min_words &&
           o->lede_max_words >= 5 && o->seo_max_chars >= 10 &&
           o->seo_max_px > 0 && o->meta_min_chars >= 0 &&
           o->meta_max_chars >= o->meta_min_chars && o->meta_max_chars > 20 &&
           o->meta_max_px > 0 && o->time_budget_ms >= 0 &&
           (o->added == CD_ADDED_POOLED || o->added == CD_ADDED_FIRST) &&
           cd_lang_tag_ok(o->lang, sizeof o->lang);
}

/* ---- Model ------------------------------------------------------------- */

cd_status cd_model_load(const char *datadir, const char *wordnet_dir,
                        cd_model **out, char *err, size_t errlen)
{
    char dummy[8];
    if (!err) {
        err = dummy;
        errlen = sizeof dummy;
    }
    *out = NULL;
    if (!datadir)
        datadir = CD_DATADIR;
    if (!wordnet_dir)
        wordnet_dir = "/usr/share/wordnet";
    cd_model *m = calloc(1, sizeof *m);
    if (!m) {
        snprintf(err, errlen, "out of memory");
        return CD_E_NOMEM;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/tagger.bin", datadir);
    cd_status st = cd_tagger_load(&m->tagger, path, err, errlen);
    if (st == CD_OK) {
        snprintf(path, sizeof path, "%s/parser.bin", datadir);
        st = cd_parser_load(&m->parser, path, err, errlen);
    }
    if (st == CD_OK) {
        snprintf(path, sizeof path, "%s/ranker.txt", datadir);
        st = cd_ranker_load(m, path, err, errlen);
    }
    if (st == CD_OK) {
        snprintf(path, sizeof path, "%s/index.verb", wordnet_dir);
        st = cd_strmap_load_wordnet(&m->verbs, path, false, err, errlen);
    }
    if (st == CD_OK) {
        snprintf(path, sizeof path, "%s/verb.exc", wordnet_dir);
        st = cd_strmap_load_wordnet(&m->verb_exc, path, true, err, errlen);
    }
    if (st != CD_OK) {
        cd_model_free(m);
        return st;
    }
    *out = m;
    return CD_OK;
}

void cd_model_free(cd_model *m)
{
    if (!m)
        return;
    cd_tagger_free(&m->tagger);
    cd_parser_free(&m->parser);
    cd_strmap_free(&m->verbs);
    cd_strmap_free(&m->verb_exc);
    free(m);
}

/* ---- Run --------------------------------------------------------------- */

cd_status cd_run_new(const cd_model *model, const cd_opts *opts, cd_run **out)
{
    *out = NULL;
    cd_opts o;
    if (opts)
        o = *opts;
    else
        cd_opts_init(&o);
    if (!opts_valid(&o))
        return CD_E_USAGE;
    cd_run *r = calloc(1, sizeof *r);
    if (!r)
        return CD_E_NOMEM;
    r->model = model;
    r->opts = o;
    cd_arena_init(&r->arena, o.max_arena_bytes);
    *out = r;
    return CD_OK;
}

cd_status cd_run_set_opts(cd_run *run, const cd_opts *opts)
{
    if (!opts || !opts_valid(opts))
        return CD_E_USAGE;
    run->opts = *opts;
    return CD_OK;
}

static double mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void cd_budget_start(cd_run *run)
{
    run->deadline_ms = run->opts.time_budget_ms > 0
                           ? mono_ms() + run->opts.time_budget_ms : 0;
}

bool cd_budget_spent(const cd_run *run)
{
    return run->deadline_ms > 0 && mono_ms() > run->deadline_ms;
}

cd_status cd_budget_fail(cd_run *run, const char *stage)
{
    return cd_run_fail(run, CD_E_LIMIT, stage, 0, "time budget of %g ms exceeded",
                       run->opts.time_budget_ms);
}

cd_status cd_budget_check(cd_run *run, const char *stage)
{
    return cd_budget_spent(run) ? cd_budget_fail(run, stage) : CD_OK;
}

static void run_clear(cd_run *r)
{
    for (int k = 0; k < CD_KIND_COUNT; k++)
        free(r->cands[k].v);
    free(r->warnings);
    const cd_model *m = r->model;
    cd_opts o = r->opts;
    cd_arena a = r->arena;
    memset(r, 0, sizeof *r);
    r->model = m;
    r->opts = o;
    r->arena = a;
}

void cd_run_free(cd_run *r)
{
    if (!r)
        return;
    run_clear(r);
    cd_arena_free(&r->arena);
    free(r);
}

void cd_run_reset(cd_run *r)
{
    run_clear(r);
    cd_arena_reset(&r->arena);
}

cd_status cd_run_fail(cd_run *run, cd_status code, const char *stage,
                      size_t offset, const char *fmt, ...)
{
    /* memory that ran out is the arena's limit, whichever code the
     * caller chose for it */
    if (run->arena.over && (code == CD_E_NOMEM ||
                            (code == CD_E_LIMIT && strcmp(fmt, "out of memory") == 0))) {
        code = CD_E_LIMIT;
        fmt = "arena limit reached";
    }
    run->err_code = code;
    run->err_stage = stage;
    run->err_offset = offset;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(run->err_msg, sizeof run->err_msg, fmt, ap);
    va_end(ap);
    return code;
}

void cd_run_warn(cd_run *run, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (run->nwarn == run->capwarn) {
        int cap = run->capwarn ? run->capwarn * 2 : 8;
        const char **w = realloc(run->warnings, (size_t)cap * sizeof *w);
        if (!w) {
            /* a warning is part of the package: losing it fails the run
             * as any other allocation does (cd_generate reports it) */
            run->arena.failed = true;
            return;
        }
        run->warnings = w;
        run->capwarn = cap;
    }
    const char *s = cd_arena_strndup(&run->arena, msg, strlen(msg));
    if (s)
        run->warnings[run->nwarn++] = s;
}

cd_error cd_run_error(const cd_run *run)
{
    cd_error e;
    e.code = run->err_code;
    e.stage = run->err_stage ? run->err_stage : "";
    e.offset = run->err_offset;
    e.message = run->err_msg;
    return e;
}

/* ---- Stages ------------------------------------------------------------- */

/* Arena an analysis takes for each token: measured, 104 bytes for the
 * tokens themselves (with their sentence slots and lower-case forms) and
 * 160 to 220 for what follows them (entities, keyphrase and check
 * tables: the least for one-letter words and commas, the most for long
 * prose, numbers in between).  An article whose tokens need more than the
 * arena holds at these rates is refused before the work: once by its
 * words (each at least one token, 260 bytes at the least) before it is
 * tokenized, once by its tokens (210 bytes each still to come) after. */
enum { ARENA_PER_TOKEN = 260, ARENA_AFTER_TOKENS = 210 };

static size_t words_of(const char *s, size_t n)
{
    size_t k = 0;
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        bool sp = s[i] == ' ' || s[i] == '\n';
        if (!sp && !in)
            k++;
        in = !sp;
    }
    return k;
}

/* CD_E_LIMIT when `tokens` tokens at `each` bytes cannot fit in what is
 * left of the arena. */
static cd_status arena_fits(cd_run *run, size_t tokens, size_t each)
{
    size_t limit = run->opts.max_arena_bytes;
    size_t used = run->arena.total < limit ? run->arena.total : limit;
    if (!limit || tokens <= (limit - used) / each)
        return CD_OK;
    size_t need = tokens > ((size_t)-1 - used) / each ? (size_t)-1 : used + tokens * each;
    return cd_run_fail(run, CD_E_LIMIT, "analyze", 0,
                       "article of %zu bytes needs more than %zu MiB to analyse, "
                       "over the arena limit of %zu MiB", run->text_len, need >> 20,
                       limit >> 20);
}

cd_status cd_analyze(cd_run *run)
{
    if (!run->model)
        return cd_run_fail(run, CD_E_USAGE, "analyze", 0,
                           "no model: this run can only extract");
    if (!run->text)
        return cd_run_fail(run, CD_E_USAGE, "analyze", 0,
                           "no article: call cd_extract first");
    /* What analysis would cost is known before it starts: an article
     * longer than text may be (a page's, a JSON record's), or one the
     * arena cannot hold, is refused now, not after seconds of work. */
    cd_status st = CD_OK;
    if (run->text_len > run->opts.max_input_bytes)
        st = cd_run_fail(run, CD_E_LIMIT, "analyze", run->opts.max_input_bytes,
                         "article text is %zu bytes, over the limit of %zu",
                         run->text_len, run->opts.max_input_bytes);
    else
        st = arena_fits(run, words_of(run->text, run->text_len), ARENA_PER_TOKEN);
    if (st != CD_OK) {
        run->wset = NULL;
        return st;
    }
    st = cd_budget_check(run, "analyze");
    if (st == CD_OK)
        st = cd_lang_decide(run);
    if (st == CD_OK)
        st = cd_analyze_tokens(run);
    if (st == CD_OK)
        st = arena_fits(run, (size_t)run->ntok, ARENA_AFTER_TOKENS);
    if (st == CD_OK)
        st = cd_budget_check(run, "analyze");
    if (st == CD_OK)
        st = cd_analyze_tag(run);
    if (st == CD_OK)
        st = cd_budget_check(run, "analyze");
    if (st == CD_OK)
        cd_analyze_trees(run);
    if (st == CD_OK) {
        cd_analyze_lemmas(run);
        st = cd_analyze_entities(run);
    }
    if (st == CD_OK)
        st = cd_analyze_keys(run);
    if (st == CD_OK)
        st = cd_analyze_numbers(run);
    if (st == CD_OK)
        st = cd_budget_check(run, "analyze");
    if (st == CD_OK)
        st = cd_check_prepare(run);
    if (st == CD_OK && run->arena.failed)
        st = cd_run_fail(run, CD_E_NOMEM, "analyze", 0, "out of memory");
    /* the check tables come last: a run without them has no analysis,
     * and cd_generate and cd_add_candidate refuse it (a failed analysis
     * leaves sentences behind, but not all that generating reads) */
    if (st != CD_OK)
        run->wset = NULL;
    return st;
}

cd_status cd_add_candidate(cd_run *run, cd_kind kind, const char *text,
                           const char *origin)
{
    if (!run->wset || run->generated)
        return cd_run_fail(run, CD_E_USAGE, "generate", 0,
                           "candidates are added after cd_analyze, before cd_generate");
    if ((unsigned)kind >= CD_KIND_COUNT || !text)
        return cd_run_fail(run, CD_E_USAGE, "generate", 0, "no such list, or no text");
    cd_added_cand *a = cd_arena_alloc(&run->arena, sizeof *a);
    if (!a)
        return cd_run_fail(run, CD_E_NOMEM, "generate", 0, "out of memory");
    a->kind = kind;
    a->text = cd_arena_strndup(&run->arena, text, strlen(text));
    a->origin = cd_arena_strndup(&run->arena, origin ? origin : "added",
                                 strlen(origin ? origin : "added"));
    if (!a->text || !a->origin)
        return cd_run_fail(run, CD_E_NOMEM, "generate", 0, "out of memory");
    if (run->added_tail)
        run->added_tail->next = a;
    else
        run->added = a;
    run->added_tail = a;
    return CD_OK;
}

/* Put the added candidates in their lists, scored against our own: the
 * first of a list level with our best, each next one a little lower. */
static cd_status pool_added(cd_run *run)
{
    int rank[CD_KIND_COUNT] = {0};
    double top[CD_KIND_COUNT];
    for (int k = 0; k < CD_KIND_COUNT; k++) {
        top[k] = 0;
        for (int i = 0; i < run->cands[k].n; i++)
            if (i == 0 || run->cands[k].v[i].score > top[k])
                top[k] = run->cands[k].v[i].score;
    }
    for (cd_added_cand *a = run->added; a; a = a->next) {
        /* one line of text; a model's stray whitespace is not a rewrite */
        size_t n = strlen(a->text);
        while (n && (a->text[n - 1] == ' ' || a->text[n - 1] == '\n'))
            n--;
        const char *t = a->text;
        while (n && (*t == ' ' || *t == '\n')) {
            t++;
            n--;
        }
        if (!n || memchr(t, '\n', n))
            continue;
        int r = rank[a->kind]++;
        cd_candlist *l = &run->cands[a->kind];
        int before = l->n;
        cd_cand *c = cd_cand_add(run, a->kind, t, n, NULL, 0, top[a->kind] - 0.001 * r,
                                 "added");
        if (!c)
            return cd_run_fail(run, CD_E_NOMEM, "generate", 0, "out of memory");
        if (l->n > before) { /* new text, not one of ours again */
            c->origin = a->origin;
            c->added_rank = r;
        }
    }
    return CD_OK;
}

cd_status cd_generate(cd_run *run)
{
    if (!run->wset)
        return cd_run_fail(run, CD_E_USAGE, "generate", 0,
                           "no analysis: call cd_analyze first");
    if (run->generated)
        return cd_run_fail(run, CD_E_USAGE, "generate", 0,
                           "already generated: reset the run first");
    run->generated = true;
    cd_status st = cd_budget_check(run, "generate");
    if (st == CD_OK)
        st = cd_generate_headlines(run);
    if (st == CD_OK)
        st = cd_budget_check(run, "generate");
    if (st == CD_OK)
        st = cd_generate_ledes(run);
    if (st == CD_OK)
        st = cd_generate_seo(run);
    if (st == CD_OK)
        st = cd_generate_meta(run);
    if (st == CD_OK && run->added)
        st = pool_added(run);
    for (int k = 0; k < CD_KIND_COUNT && st == CD_OK; k++) {
        /* cd_rank reads the candidates it reaches; an audit reads all */
        for (int i = 0; run->opts.read_all && i < run->cands[k].n && st == CD_OK; i++) {
            st = cd_cand_read(run, &run->cands[k].v[i]);
            if (st == CD_OK && (i & 63) == 63)
                st = cd_budget_check(run, "check");
        }
        if (st == CD_OK)
            st = cd_budget_check(run, "rank");
        if (st == CD_OK)
            st = cd_rank(run, (cd_kind)k);
    }
    if (st == CD_OK)
        for (int k = 0; k < CD_KIND_COUNT; k++)
            if (run->nitems[k] < run->opts.count[k])
                cd_run_warn(run, "article too short: %d of %d %s",
                            run->nitems[k], run->opts.count[k],
                            cd_kind_name((cd_kind)k));
    if (st == CD_OK && run->arena.failed)
        st = cd_run_fail(run, CD_E_NOMEM, "generate", 0, "out of memory");
    return st;
}

cd_status cd_run_article(cd_run *run, const char *input, size_t len)
{
    cd_status st = cd_extract(run, input, len);
    if (st == CD_OK)
        st = cd_analyze(run);
    if (st == CD_OK)
        st = cd_generate(run);
    return st;
}

/* ---- Candidates --------------------------------------------------------- */

cd_cand *cd_cand_add(cd_run *run, cd_kind kind, const char *text, size_t n,
                     const int *src, int nsrc, double score, const char *angle)
{
    cd_candlist *l = &run->cands[kind];
    char *t = cd_arena_strndup(&run->arena, text, n);
    if (!t)
        return NULL;
    cd_apply_case(run, t, kind);
    t = cd_apply_quotes(run, t);
    /* The same text from two routes is one candidate: keep the better. */
    uint64_t hash = cd_hash64(t, strlen(t), 29);
    for (int i = 0; i < l->n; i++)
        if (l->v[i].hash == hash && strcmp(l->v[i].text, t) == 0) {
            if (score > l->v[i].score) {
                l->v[i].score = score;
                l->v[i].angle = angle;
                l->dup_replaced = true;
            } else {
                l->dup_kept = true;
            }
            return &l->v[i];
        }
    l->dup_replaced = l->dup_kept = false;
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 32;
        cd_cand *v = realloc(l->v, (size_t)cap * sizeof *v);
        if (!v)
            return NULL;
        l->v = v;
        l->cap = cap;
    }
    cd_cand *c = &l->v[l->n++];
    memset(c, 0, sizeof *c);
    c->kind = kind;
    c->text = t;
    c->hash = hash;
    c->chars = cd_text_chars(t, strlen(t));
    c->score = score;
    c->angle = angle;
    if (nsrc > 4)
        nsrc = 4;
    for (int i = 0; i < nsrc; i++)
        c->src[i] = src[i];
    c->nsrc = nsrc;
    return c;
}

bool cd_cand_set_toks(cd_run *run, cd_cand *c, const int *tok, int n, int flags)
{
    if (run->cands[c->kind].dup_kept)
        return true; /* the text came before from a better route */
    int *v = cd_arena_alloc(&run->arena, ((size_t)n + 1) * sizeof *v);
    if (!v)
        return false;
    int m = 0;
    for (int i = 0; i < n; i++)
        if (tok[i] >= 0)
            v[m++] = tok[i];
    c->toks = v;
    c->ntoks = m;
    c->tree_flags = (uint8_t)flags;
    c->tree = 0;
    return true;
}

/* ---- Accessors ---------------------------------------------------------- */

int cd_count(const cd_run *run, cd_kind kind)
{
    return (unsigned)kind < CD_KIND_COUNT ? run->nitems[kind] : 0;
}

const cd_item *cd_at(const cd_run *run, cd_kind kind, int i)
{
    if ((unsigned)kind >= CD_KIND_COUNT || i < 0 || i >= run->nitems[kind])
        return NULL;
    return &run->items[kind][i];
}

int cd_candidate_count(const cd_run *run, cd_kind kind)
{
    return (unsigned)kind < CD_KIND_COUNT ? run->cands[kind].n : 0;
}

int cd_candidate_read(const cd_run *run, cd_kind kind, int i)
{
    if ((unsigned)kind >= CD_KIND_COUNT || i < 0 || i >= run->cands[kind].n)
        return 0;
    return run->cands[kind].v[i].checked;
}

const char *cd_candidate_at(const cd_run *run, cd_kind kind, int i,
                            const char **reject, double *score)
{
    if ((unsigned)kind >= CD_KIND_COUNT || i < 0 || i >= run->cands[kind].n)
        return NULL;
    const cd_cand *c = &run->cands[kind].v[i];
    if (reject)
        *reject = c->reject;
    if (score)
        *score = c->score;
    return c->text;
}

int cd_sentence_count(const cd_run *run) { return run->nsent; }

cd_span cd_sentence_at(const cd_run *run, int i)
{
    cd_span sp = {0, 0};
    if (i >= 0 && i < run->nsent) {
        sp.off = run->sents[i].off;
        sp.len = run->sents[i].len;
    }
    return sp;
}

int cd_sentence_tree(cd_run *run, int i, const cd_word **words)
{
    *words = NULL;
    if (!run->wset || i < 0 || i >= run->nsent || cd_sent_parse(run, i) != CD_OK)
        return -1;
    const cd_sent *se = &run->sents[i];
    cd_word *w = cd_arena_alloc(&run->arena, ((size_t)se->ntok + 1) * sizeof *w);
    if (!w)
        return -1;
    const cd_tagger *tg = &run->model->tagger;
    for (int k = 0; k < se->ntok; k++) {
        const cd_tok *t = &run->toks[se->tok0 + k];
        w[k].span.off = t->off;
        w[k].span.len = t->len;
        w[k].lower = t->lower;
        w[k].lemma = t->lemma;
        w[k].tag = tg->tags[t->tag];
        w[k].head = t->head < 0 ? -1 : t->head - se->tok0;
        w[k].rel = t->head < 0 ? "root" : run->model->parser.labels[t->label];
    }
    *words = w;
    return se->ntok;
}

const char *cd_text(const cd_run *run) { return run->text; }

const char *cd_article_title(const cd_run *run) { return run->title; }

const char *cd_extracted_text(const cd_run *run)
{
    if (run->meta.from_html && run->meta.text)
        return run->meta.text;
    return run->text ? run->text : "";
}

cd_page_meta cd_page(const cd_run *run)
{
    cd_page_meta p;
    const cd_meta *m = &run->meta;
    p.title = m->title;
    p.byline = m->byline;
    p.excerpt = m->excerpt;
    p.site_name = m->site_name;
    p.lang = m->lang;
    p.published = m->published;
    p.url = m->url;
    p.html_title = m->html_title;
    p.description = m->description;
    return p;
}

const char *cd_keyphrase(const cd_run *run)
{
    return run->nkey ? run->keys[0].text : NULL;
}

int cd_warning_count(const cd_run *run) { return run->nwarn; }

const char *cd_warning_at(const cd_run *run, int i)
{
    return i >= 0 && i < run->nwarn ? run->warnings[i] : NULL;
}

void cd_free(void *p) { free(p); }

/* ---- Simple interface --------------------------------------------------- */

cd_status cd_package_json(const cd_model *model, const cd_opts *opts,
                          const char *input, size_t len, char **json,
                          char *err, size_t errlen)
{
    *json = NULL;
    cd_run *run;
    cd_status st = cd_run_new(model, opts, &run);
    if (st != CD_OK) {
        if (err)
            snprintf(err, errlen, "%s", cd_status_str(st));
        return st;
    }
    st = cd_run_article(run, input, len);
    if (st == CD_OK) {
        *json = cd_render_json(run);
        if (!*json)
            st = CD_E_NOMEM;
    }
    if (st != CD_OK && err) {
        cd_error e = cd_run_error(run);
        if (e.code != CD_OK)
            snprintf(err, errlen, "%s: %s", e.stage, e.message);
        else
            snprintf(err, errlen, "%s", cd_status_str(st));
    }
    cd_run_free(run);
    return st;
}
