/*
 * test_header.c - what include/copydesk.h promises: rule ids from the one
 * list (src/rules.inc), the statuses it documents, threads, and libxml2's
 * global state left alone.
 *
 * Run from the repository root (as `make test` does): the documents are
 * read by their paths relative to it.
 */
#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>

#include <libxml/globals.h>
#include <libxml/xmlerror.h>

#include "harness.h"

/* ---- The rule list, as check.c builds it ------------------------------ */

static const struct {
    const char *id;
    int fail;
} rules[] = {
#define CD_RULE(name, id, fail, what) {id, fail},
#include "rules.inc"
#undef CD_RULE
};
#define NRULES ((int)(sizeof rules / sizeof rules[0]))

static int rule_index(const char *id, size_t n)
{
    for (int i = 0; i < NRULES; i++)
        if (strlen(rules[i].id) == n && strncmp(rules[i].id, id, n) == 0)
            return i;
    return -1;
}

/* The whole of file `path`, NUL-terminated, or NULL (with a message). */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "test_header: cannot read %s (run the tests from "
                        "the repository root)\n", path);
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap);
    size_t got;
    while (s && (got = fread(s + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *t = realloc(s, cap * 2);
            if (!t) {
                free(s);
                s = NULL;
            }
            s = t;
            cap *= 2;
        }
    }
    fclose(f);
    if (s)
        s[n] = 0;
    return s;
}

static bool id_char(int c) { return islower(c) || c == '_'; }

/* Every token of `text` shaped like a rule id ("len.px", "fact.name":
 * one of the four prefixes, a dot, lower-case letters and underscores)
 * must be in the list.  Marks the ids seen in `seen` (NRULES entries).
 * Returns the number of unknown ids, each printed as file:line. */
static int check_ids(const char *path, const char *text, bool *seen)
{
    static const char *const prefix[] = {"len.", "style.", "fact.", "seo."};
    int bad = 0, line = 1;
    for (const char *p = text; *p; p++) {
        if (*p == '\n') {
            line++;
            continue;
        }
        if (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_' ||
                         p[-1] == '.' || p[-1] == '-'))
            continue;
        for (size_t k = 0; k < sizeof prefix / sizeof prefix[0]; k++) {
            size_t pl = strlen(prefix[k]);
            if (strncmp(p, prefix[k], pl) != 0 || !id_char((unsigned char)p[pl]))
                continue;
            size_t n = pl;
            while (id_char((unsigned char)p[n]))
                n++;
            if (isdigit((unsigned char)p[n]))
                continue; /* not an id: "len.x2" */
            int r = rule_index(p, n);
            if (r < 0) {
                fprintf(stderr, "%s:%d: rule id '%.*s' is not in src/rules.inc\n",
                        path, line, (int)n, p);
                bad++;
            } else if (seen) {
                seen[r] = true;
            }
        }
    }
    return bad;
}

TEST(documented_rule_ids_exist)
{
    bool in_header[sizeof rules / sizeof rules[0]] = {0};
    bool in_readme[sizeof rules / sizeof rules[0]] = {0};
    char *h = slurp("include/copydesk.h");
    char *r = slurp("README.md");
    CHECK(h != NULL);
    CHECK(r != NULL);
    if (h)
        EQ_INT(check_ids("include/copydesk.h", h, in_header), 0);
    if (r)
        EQ_INT(check_ids("README.md", r, in_readme), 0);
    char *man = slurp("docs/copydesk.1");
    if (man)
        EQ_INT(check_ids("docs/copydesk.1", man, NULL), 0);
    /* the header lists every rule; the README should, and is told */
    for (int i = 0; h && i < NRULES; i++)
        if (!in_header[i]) {
            fprintf(stderr, "include/copydesk.h: rule '%s' is not listed\n",
                    rules[i].id);
            h_cur_fail++;
        }
    for (int i = 0; r && i < NRULES; i++)
        if (!in_readme[i])
            fprintf(stderr, "test_header: note: README.md does not name "
                            "rule '%s'\n", rules[i].id);
    free(h);
    free(r);
    free(man);
}

TEST(rule_list_is_well_formed)
{
    for (int i = 0; i < NRULES; i++) {
        CHECK(rule_index(rules[i].id, strlen(rules[i].id)) == i); /* unique */
        EQ_INT(check_ids("src/rules.inc", rules[i].id, NULL), 0);
    }
    EQ_INT(NRULES, 26);
}

/* ---- Findings and rejections name listed rules ------------------------ */

static const char *article =
    "The city council approved a budget of 12 million pounds on Monday, "
    "raising spending on libraries by 5% after a long debate.\n\n"
    "\"We have protected the services people use every day,\" said Mayor "
    "Ruth Okafor, who proposed the plan in March.\n\n"
    "Opposition councillors said the rise was not enough and voted "
    "against it, but the budget passed by 31 votes to 17.";

TEST(findings_name_listed_rules)
{
    cd_run *run = NULL;
    EQ_INT(cd_run_new(test_model(), NULL, &run), CD_OK);
    if (!run)
        return;
    EQ_INT(cd_extract(run, article, strlen(article)), CD_OK);
    EQ_INT(cd_analyze(run), CD_OK);
    static const struct {
        cd_kind kind;
        const char *text;
    } cands[] = {
        {CD_HEADLINE, "Council approved 40 million pounds budget."},
        {CD_HEADLINE, "You won't believe what Mayor Smith said..."},
        {CD_HEADLINE, "Council \"quintuples\" library spending"},
        {CD_LEDE, "The council approved a budget of 12 million dollars"},
        {CD_SEO_TITLE, "Council approves budget of 12 million pounds after a "
                       "long debate about libraries and parks"},
        {CD_META_DESC, "Budget passes."},
        {CD_HEADLINE, "Mayor says 'we have not protected the services'"},
    };
    int nfind = 0;
    for (size_t c = 0; c < sizeof cands / sizeof cands[0]; c++) {
        const cd_finding *f = NULL;
        int n = cd_check_text(run, cands[c].kind, cands[c].text, &f);
        CHECK(n > 0);
        for (int i = 0; i < n; i++) {
            int r = rule_index(f[i].rule, strlen(f[i].rule));
            if (r < 0) {
                fprintf(stderr, "finding '%s' is not a listed rule\n", f[i].rule);
                h_cur_fail++;
                continue;
            }
            EQ_INT(f[i].fail, rules[r].fail);
            nfind++;
        }
    }
    CHECK(nfind >= 7);
    EQ_INT(cd_generate(run), CD_OK);
    for (int k = 0; k < CD_KIND_COUNT; k++)
        for (int i = 0; i < cd_candidate_count(run, (cd_kind)k); i++) {
            const char *rej = NULL;
            CHECK(cd_candidate_at(run, (cd_kind)k, i, &rej, NULL) != NULL);
            if (rej && rule_index(rej, strlen(rej)) < 0) {
                fprintf(stderr, "rejection '%s' is not a listed rule\n", rej);
                h_cur_fail++;
            }
        }
    cd_run_free(run);
}

/* ---- The statuses the header documents -------------------------------- */

TEST(documented_statuses)
{
    char err[256];
    cd_model *m = (cd_model *)1;
    EQ_INT(cd_model_load("/nonexistent/copydesk", NULL, &m, err, sizeof err), CD_E_IO);
    CHECK(m == NULL);
    EQ_INT(cd_model_load(NULL, "/nonexistent/wordnet", &m, NULL, 0), CD_E_IO);
    CHECK(m == NULL);

    cd_opts o;
    cd_opts_init(&o);
    o.lede_max_words = 1;
    cd_run *run = (cd_run *)1;
    EQ_INT(cd_run_new(test_model(), &o, &run), CD_E_USAGE);
    CHECK(run == NULL);
    EQ_INT(cd_run_new(test_model(), NULL, &run), CD_OK);
    if (!run)
        return;
    EQ_INT(cd_run_set_opts(run, NULL), CD_E_USAGE);
    EQ_INT(cd_run_set_opts(run, &o), CD_E_USAGE);

    /* stages out of order */
    EQ_INT(cd_analyze(run), CD_E_USAGE);
    EQ_INT(cd_generate(run), CD_E_USAGE);
    EQ_INT(cd_add_candidate(run, CD_HEADLINE, "Council passes budget", NULL),
           CD_E_USAGE);
    EQ_INT(cd_extract(run, article, strlen(article)), CD_OK);
    EQ_INT(cd_add_candidate(run, CD_HEADLINE, "Council passes budget", NULL),
           CD_E_USAGE);
    EQ_INT(cd_analyze(run), CD_OK);
    EQ_INT(cd_add_candidate(run, CD_KIND_COUNT, "Council passes budget", NULL),
           CD_E_USAGE);
    EQ_INT(cd_add_candidate(run, CD_HEADLINE, NULL, NULL), CD_E_USAGE);
    EQ_INT(cd_add_candidate(run, CD_HEADLINE, "Council passes budget", "test"),
           CD_OK);
    EQ_INT(cd_generate(run), CD_OK);
    EQ_INT(cd_generate(run), CD_E_USAGE);
    EQ_INT(cd_run_error(run).code, CD_E_USAGE);
    EQ_INT(cd_add_candidate(run, CD_HEADLINE, "Council passes budget", NULL),
           CD_E_USAGE);

    /* a failed analysis leaves no analysis behind */
    cd_run_reset(run);
    EQ_INT(cd_run_error(run).code, CD_OK);
    const char *dashes = "- - -";
    EQ_INT(cd_extract(run, dashes, strlen(dashes)), CD_E_INPUT);
    EQ_INT(cd_analyze(run), CD_E_INPUT);
    EQ_INT(cd_add_candidate(run, CD_HEADLINE, "Council passes budget", NULL),
           CD_E_USAGE);
    EQ_INT(cd_generate(run), CD_E_USAGE);
    const cd_finding *f;
    EQ_INT(cd_check_text(run, CD_HEADLINE, "Council passes budget", &f), -1);

    /* limits: the input size, and the arena (never CD_E_NOMEM) */
    cd_run_reset(run);
    cd_opts_init(&o);
    o.max_input_bytes = 10;
    EQ_INT(cd_run_set_opts(run, &o), CD_OK);
    EQ_INT(cd_extract(run, article, strlen(article)), CD_E_LIMIT);
    cd_run_free(run);
    cd_opts_init(&o);
    o.max_arena_bytes = 4096;
    EQ_INT(cd_run_new(test_model(), &o, &run), CD_OK);
    if (run) {
        cd_status st = cd_run_article(run, article, strlen(article));
        EQ_INT(st, CD_E_LIMIT);
        EQ_INT(cd_run_error(run).code, CD_E_LIMIT);
        cd_run_free(run);
    }

    /* a run without a model only extracts */
    EQ_INT(cd_run_new(NULL, NULL, &run), CD_OK);
    if (run) {
        EQ_INT(cd_run_article(run, article, strlen(article)), CD_E_USAGE);
        cd_run_free(run);
    }
    char *json = (char *)1;
    EQ_INT(cd_package_json(NULL, NULL, article, strlen(article), &json, err,
                           sizeof err), CD_E_USAGE);
    CHECK(json == NULL);
    EQ_INT(cd_package_json(test_model(), &o, article, strlen(article), &json,
                           NULL, 0), CD_E_LIMIT);
    EQ_INT(cd_package_json(test_model(), NULL, "", 0, &json, err, sizeof err),
           CD_E_INPUT);
    EQ_STR(cd_status_str((cd_status)99), "unknown status");
}

/* ---- Threads: loads and first parses at once -------------------------- */

static const char *page =
    "<html><head><title>Council passes budget | Westbury Times</title>"
    "<meta charset=\"windows-1252\"></head><body><article>"
    "<p>The city council approved a budget of 12 million pounds on Monday, "
    "raising spending on libraries by 5% after a long debate.</p>"
    "<p>\x93We have protected the services people use every day,\x94 said "
    "Mayor Ruth Okafor, who proposed the plan in March.</p>"
    "<p>Opposition councillors said the rise was not enough and voted "
    "against it, but the budget passed by 31 votes to 17.</p>"
    "</article></body></html>";

typedef struct job {
    const cd_model *shared; /* NULL: load a model of its own */
    cd_status st;
    char *json;
} job;

static void *worker(void *arg)
{
    job *j = arg;
    cd_model *own = NULL;
    const cd_model *m = j->shared;
    j->st = CD_OK;
    if (!m) {
        char err[256];
        j->st = cd_model_load(NULL, NULL, &own, err, sizeof err);
        m = own;
    }
    if (j->st == CD_OK)
        j->st = cd_package_json(m, NULL, page, strlen(page), &j->json, NULL, 0);
    cd_model_free(own);
    return NULL;
}

/* Must run before any other test parses a page: the threads' first
 * parses are the process's first, so libxml2's set-up is raced. */
TEST(threads_load_and_parse_at_once)
{
    enum { N = 8 };
    pthread_t t[2 * N];
    job jobs[2 * N];
    memset(jobs, 0, sizeof jobs);
    for (int i = 0; i < 2 * N; i++) {
        jobs[i].shared = i < N ? NULL : test_model();
        CHECK(pthread_create(&t[i], NULL, worker, &jobs[i]) == 0);
    }
    for (int i = 0; i < 2 * N; i++)
        pthread_join(t[i], NULL);
    char *want = NULL;
    EQ_INT(cd_package_json(test_model(), NULL, page, strlen(page), &want, NULL, 0),
           CD_OK);
    CHECK(want && strstr(want, "Okafor") != NULL);
    for (int i = 0; i < 2 * N; i++) {
        EQ_INT(jobs[i].st, CD_OK);
        CHECK(want && jobs[i].json && strcmp(jobs[i].json, want) == 0);
        cd_free(jobs[i].json);
    }
    cd_free(want);
}

/* ---- libxml2's handlers: neither replaced nor called ------------------ */

static int generic_calls, structured_calls;

static void count_generic(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
    generic_calls++;
}

static void count_structured(void *ctx, xmlErrorPtr e)
{
    (void)ctx;
    (void)e;
    structured_calls++;
}

TEST(libxml2_handlers_left_alone)
{
    int tag;
    xmlSetGenericErrorFunc(&tag, count_generic);
    xmlSetStructuredErrorFunc(&tag, count_structured);
    /* pages that make libxml2 complain: bytes the declared charset does
     * not define (its conversion errors have no parser context), invalid
     * UTF-8, broken markup, UTF-16 */
    static const char *const pages[] = {
        "<html><head><meta charset=windows-1252></head><body><p>The caf\xE9 "
        "opened on Monday, and a stray \x81 byte follows.</p></body></html>",
        "<html><head><meta charset=shift_jis></head><body><p>Plain words "
        "first, then \xFF\xFF bad bytes.</p></body></html>",
        "<html><head><meta charset=euc-kr></head><body><p>Words \xA4\xA1\xFF"
        "\xA0 here.</p></body></html>",
        "<html><body><p>Bad UTF-8 \xC3\x28 and &#0; &#xD800; </div></span>"
        "<a href='x\"></body></html>",
    };
    for (size_t i = 0; i < sizeof pages / sizeof pages[0]; i++) {
        cd_run *run = NULL;
        EQ_INT(cd_run_new(NULL, NULL, &run), CD_OK);
        if (!run)
            return;
        cd_extract(run, pages[i], strlen(pages[i]));
        cd_run_free(run);
    }
    static const char u16[] = "\xFF\xFE<\0p\0>\0W\0o\0r\0d\0s\0\x00\xD8<\0/\0p\0>\0";
    cd_run *run = NULL;
    EQ_INT(cd_run_new(NULL, NULL, &run), CD_OK);
    if (run) {
        cd_opts o;
        cd_opts_init(&o);
        o.input = CD_INPUT_HTML;
        EQ_INT(cd_run_set_opts(run, &o), CD_OK);
        cd_extract(run, u16, sizeof u16 - 1);
        cd_run_free(run);
    }
    EQ_INT(generic_calls, 0);
    EQ_INT(structured_calls, 0);
    CHECK(xmlGenericError == count_generic);
    CHECK(xmlGenericErrorContext == &tag);
    CHECK(xmlStructuredError == count_structured);
    CHECK(xmlStructuredErrorContext == &tag);
    xmlSetStructuredErrorFunc(NULL, NULL);
    xmlSetGenericErrorFunc(NULL, NULL);
}

int main(void)
{
    h_file = "test_header";
    RUN(threads_load_and_parse_at_once);
    RUN(documented_rule_ids_exist);
    RUN(rule_list_is_well_formed);
    RUN(findings_name_listed_rules);
    RUN(documented_statuses);
    RUN(libxml2_handlers_left_alone);
    return DONE();
}
