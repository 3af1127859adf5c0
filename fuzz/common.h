/*
 * common.h - shared by the libFuzzer targets in fuzz/.
 *
 * The model is loaded once per fuzzing process (libFuzzer calls the target
 * millions of times; loading costs ~50 ms).  Every target runs whole stages
 * on its input and renders the results, so that a bad pointer or length
 * anywhere is read; the sanitizers and libFuzzer's leak check do the rest.
 *
 * And whatever the input, every string the library hands back - items,
 * candidates, findings and their spans, sentences, page metadata, extracted
 * text, warnings, error messages, renders - is valid UTF-8, and every
 * render promised as JSON parses (issue 13): fuzz_check_run and
 * fuzz_read_package abort, naming the string, when one is not.  The
 * validator is this file's own, not the library's, so that a bug in the
 * library's does not hide one elsewhere.
 */
#ifndef CD_FUZZ_COMMON_H
#define CD_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "copydesk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static inline const cd_model *fuzz_model(void)
{
    static cd_model *model;
    if (!model) {
        char err[256];
        if (cd_model_load(getenv("COPYDESK_DATA"), NULL, &model, err, sizeof err) != CD_OK) {
            fprintf(stderr, "fuzz: %s\n", err);
            abort();
        }
    }
    return model;
}

/* The length of the UTF-8 sequence at s[0..n) as RFC 3629 has it (no
 * overlong forms, no surrogates, nothing past U+10FFFF), or 0. */
static inline size_t fuzz_utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    size_t len = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
               : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (len == 0 || len > n)
        return 0;
    /* the second byte's range depends on the first (Unicode table 3-7) */
    unsigned char lo = 0x80, hi = 0xBF;
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F;
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < len; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* The offset of the first byte of s[0..n) that is not valid UTF-8, or n. */
static inline size_t fuzz_utf8_bad_at(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        size_t k = fuzz_utf8_seq(u + i, n - i);
        if (!k)
            return i;
        i += k;
    }
    return n;
}

static inline int fuzz_utf8_ok(const char *s, size_t n)
{
    return fuzz_utf8_bad_at(s, n) == n;
}

/* Abort unless s[0..n) is valid UTF-8; `what` names it. */
static inline void fuzz_utf8n(const char *what, const char *s, size_t n)
{
    size_t at = fuzz_utf8_bad_at(s, n);
    if (at < n) {
        fprintf(stderr, "fuzz: %s is not valid UTF-8 at byte %zu of %zu:", what, at, n);
        for (size_t i = at >= 16 ? at - 16 : 0; i < n && i < at + 8; i++)
            fprintf(stderr, " %02x", (unsigned char)s[i]);
        fprintf(stderr, "\n");
        abort();
    }
}

/* The same for a NUL-terminated string; NULL is no string and passes. */
static inline void fuzz_utf8(const char *what, const char *s)
{
    if (s)
        fuzz_utf8n(what, s, strlen(s));
}

/* A render promised as JSON: valid UTF-8, one JSON value and nothing after
 * it.  NULL (out of memory) passes. */
static inline void fuzz_json(const char *what, const char *s)
{
    if (!s)
        return;
    fuzz_utf8(what, s);
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithOpts(s, &end, 1);
    if (!j) {
        fprintf(stderr, "fuzz: %s is not JSON near byte %zu\n", what,
                end ? (size_t)(end - s) : 0);
        abort();
    }
    cJSON_Delete(j);
}

/* Whatever the run holds after any call, successful or not: its error,
 * text, title, page metadata, extracted text, sentences, keyphrase,
 * language, warnings and the extract render (which needs no analysis). */
static inline void fuzz_check_run(const cd_run *run)
{
    cd_error e = cd_run_error(run);
    if (e.code != CD_OK) {
        if (!e.message || !e.message[0])
            abort(); /* every failure says why */
        fuzz_utf8("the error message", e.message);
        fuzz_utf8("the error stage", e.stage);
    }
    const char *text = cd_text(run);
    fuzz_utf8("cd_text", text);
    fuzz_utf8("cd_article_title", cd_article_title(run));
    fuzz_utf8("cd_extracted_text", cd_extracted_text(run));
    cd_page_meta m = cd_page(run);
    const char *f[] = {m.title, m.byline, m.excerpt, m.site_name, m.lang,
                       m.published, m.url, m.html_title, m.description};
    static const char *const names[] = {"page title", "page byline", "page excerpt",
                                        "page site_name", "page lang", "page published",
                                        "page url", "page html_title", "page description"};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        fuzz_utf8(names[i], f[i]);
    size_t tl = text ? strlen(text) : 0;
    for (int i = 0; i < cd_sentence_count(run); i++) {
        cd_span sp = cd_sentence_at(run, i);
        if (!text || sp.off > tl || sp.len > tl - sp.off)
            abort(); /* a sentence lies inside the text */
        fuzz_utf8n("a sentence", text + sp.off, sp.len);
    }
    fuzz_utf8("cd_keyphrase", cd_keyphrase(run));
    fuzz_utf8("cd_article_lang", cd_article_lang(run));
    for (int i = 0; i < cd_warning_count(run); i++)
        fuzz_utf8("a warning", cd_warning_at(run, i));
    char *x = cd_render_extract_json(run);
    fuzz_json("cd_render_extract_json", x);
    cd_free(x);
}

/* Findings of `text`: each names a rule, says why in UTF-8, and points
 * inside `text` - at whole characters, when `text` is itself UTF-8. */
static inline void fuzz_check_findings(const char *text, const cd_finding *f, int nf)
{
    size_t tl = strlen(text);
    int valid = fuzz_utf8_ok(text, tl);
    for (int i = 0; i < nf; i++) {
        if (!f[i].rule || !f[i].reason[0] || f[i].off > tl || f[i].len > tl - f[i].off)
            abort();
        fuzz_utf8("a finding's reason", f[i].reason);
        if (valid)
            fuzz_utf8n("a finding's span", text + f[i].off, f[i].len);
    }
}

/* Read every item of every list, and render the package four ways; every
 * string read is UTF-8 and every JSON render parses. */
static inline void fuzz_read_package(cd_run *run)
{
    fuzz_check_run(run);
    for (int k = 0; k < CD_KIND_COUNT; k++) {
        for (int i = 0; i < cd_count(run, (cd_kind)k); i++) {
            const cd_item *it = cd_at(run, (cd_kind)k, i);
            size_t n = strlen(it->text);
            fuzz_utf8n("an item", it->text, n);
            fuzz_utf8("an item's origin", it->origin);
            fuzz_check_findings(it->text, it->findings, it->nfindings);
            char cut[512];
            cd_serp_cut(it->text, n, 20, 300, cut, sizeof cut);
            fuzz_utf8("cd_serp_cut of an item", cut);
            if (cd_text_chars(it->text, n) != it->chars)
                abort();
            for (int s = 0; s < it->nsources; s++)
                (void)cd_sentence_at(run, it->sources[s]);
        }
        for (int i = 0; i < cd_candidate_count(run, (cd_kind)k); i++) {
            const char *rej;
            double sc;
            fuzz_utf8("a candidate", cd_candidate_at(run, (cd_kind)k, i, &rej, &sc));
            fuzz_utf8("a candidate's rejecting rule", rej);
        }
    }
    /* every sentence's words make one tree: heads in the sentence, one
     * root, no cycle */
    for (int s = 0; s < cd_sentence_count(run); s++) {
        const cd_word *w;
        int n = cd_sentence_tree(run, s, &w), roots = 0;
        if (n < 0)
            abort();
        for (int k = 0; k < n; k++) {
            if (w[k].head < -1 || w[k].head >= n || w[k].head == k)
                abort();
            roots += w[k].head < 0;
            int h = k, steps = 0;
            while (h >= 0 && steps++ <= n)
                h = w[h].head;
            if (h >= 0)
                abort();
        }
        if (n > 0 && roots != 1)
            abort();
    }
    char *t = cd_render_conllu(run);
    fuzz_utf8("cd_render_conllu", t);
    cd_free(t);
    char *a = cd_render_text(run), *b = cd_render_json(run);
    char *c = cd_render_analysis_json(run), *d = cd_render_extract_json(run);
    fuzz_utf8("cd_render_text", a);
    fuzz_json("cd_render_json", b);
    fuzz_json("cd_render_analysis_json", c);
    fuzz_json("cd_render_extract_json", d);
    cd_free(a);
    cd_free(b);
    cd_free(c);
    cd_free(d);
}

#endif
