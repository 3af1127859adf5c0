/*
 * check.c - the rule table every candidate passes or fails.
 *
 * Rule ids are stable dotted strings shared by output, tests and docs:
 *
 *   len.words        headline outside opts.headline_{min,max}_words, or a
 *                    lede over opts.lede_max_words
 *   len.max_chars    SEO title or meta description too many characters
 *   len.min_chars    meta description under opts.meta_min_chars
 *   len.max_px       too wide: SEO title in Arial 20 px, meta description
 *                    in Arial 14 px
 *   style.final_period  a headline or SEO title ending in a full stop
 *   style.full_stop  a lede or meta description not ending in one
 *   style.ellipsis   "..." or an ellipsis character anywhere
 *   style.double_quotes a headline or SEO title with double quotation marks
 *   style.clickbait  a phrase from the clickbait list
 *   style.unbalanced_quotes  a quotation mark without its partner
 *   fact.number      a number the article does not contain
 *   fact.number_unit a number the article has, but not with this unit
 *   fact.name        a capitalised word the article does not contain
 *   fact.word        any other word the article does not support
 *   fact.quote       quoted words that are not verbatim in the article
 *
 * A word is supported when the article has it, or has the lemma it was
 * inflected from ("declares" from "declared"), or it is one of the
 * rewrite words (says, to, is, are, has, ...), or it is the numeral of a
 * number word the article spells out.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *const rewrite_words[] = {
    "are", "do", "does", "has", "have", "is", "not", "s", "say", "says", "to",
};

static bool article_has(const cd_run *run, const char *w)
{
    uint32_t cap = run->wcap;
    if (!cap)
        return false;
    uint32_t h = (uint32_t)cd_hash64(w, strlen(w), 17) & (cap - 1);
    while (run->wset[h]) {
        if (strcmp(run->wset[h], w) == 0)
            return true;
        h = (h + 1) & (cap - 1);
    }
    return false;
}

static void set_add(cd_run *run, const char *w, int count)
{
    uint32_t h = (uint32_t)cd_hash64(w, strlen(w), 17) & (run->wcap - 1);
    while (run->wset[h]) {
        if (strcmp(run->wset[h], w) == 0) {
            if (run->wcnt[h] < 65535)
                run->wcnt[h] += (uint16_t)count;
            return;
        }
        h = (h + 1) & (run->wcap - 1);
    }
    run->wset[h] = w;
    run->wcnt[h] = (uint16_t)count;
}

int cd_article_count(const cd_run *run, const char *w)
{
    uint32_t cap = run->wcap;
    if (!cap)
        return 0;
    uint32_t h = (uint32_t)cd_hash64(w, strlen(w), 17) & (cap - 1);
    while (run->wset[h]) {
        if (strcmp(run->wset[h], w) == 0)
            return run->wcnt[h];
        h = (h + 1) & (cap - 1);
    }
    return 0;
}

cd_status cd_check_prepare(cd_run *run)
{
    uint32_t cap = 64;
    while (cap < (uint32_t)run->ntok * 4 + 64)
        cap *= 2;
    run->wset = cd_arena_alloc(&run->arena, cap * sizeof *run->wset);
    run->wcnt = cd_arena_alloc(&run->arena, cap * sizeof *run->wcnt);
    if (!run->wset || !run->wcnt)
        return cd_run_fail(run, CD_E_NOMEM, "check", 0, "out of memory");
    run->wcap = cap;
    run->text_lower = cd_arena_strndup(&run->arena, run->text, run->text_len);
    if (!run->text_lower)
        return cd_run_fail(run, CD_E_NOMEM, "check", 0, "out of memory");
    for (char *q = run->text_lower; *q; q++)
        *q = (char)tolower((unsigned char)*q);
    for (int k = 0; k < run->ntok; k++) {
        set_add(run, run->toks[k].lower, 1);
        if (run->toks[k].lemma != run->toks[k].lower)
            set_add(run, run->toks[k].lemma, 0);
    }
    return CD_OK;
}

static bool is_rewrite(const char *w)
{
    for (size_t i = 0; i < CD_ARRAY_LEN(rewrite_words); i++)
        if (strcmp(rewrite_words[i], w) == 0)
            return true;
    return false;
}

/* Copy `s` with curly quotation marks turned back to ASCII. */
static size_t straighten(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 4 < cap;) {
        size_t j = i;
        uint32_t cp = cd_utf8_next(s, n, &j);
        if (cp == 0x2018 || cp == 0x2019)
            out[o++] = '\'';
        else if (cp == 0x201C || cp == 0x201D)
            out[o++] = '"';
        else {
            memcpy(out + o, s + i, j - i);
            o += j - i;
        }
        i = j;
    }
    out[o] = 0;
    return o;
}

static bool word_ok(const cd_run *run, const char *w, const char **rule)
{
    char low[96];
    size_t n = strlen(w);
    if (n == 0 || n >= sizeof low)
        return true;
    bool digit = false, alpha = false;
    for (size_t i = 0; i < n; i++) {
        low[i] = (char)tolower((unsigned char)w[i]);
        if (isdigit((unsigned char)w[i]))
            digit = true;
        if (isalpha((unsigned char)w[i]) || (unsigned char)w[i] >= 0x80)
            alpha = true;
    }
    low[n] = 0;
    if (!digit && !alpha)
        return true;
    if (article_has(run, low))
        return true;
    if (digit) {
        int v = atoi(low);
        char num[16];
        if (v >= 2 && v <= 20 && (size_t)snprintf(num, sizeof num, "%d", v) == n &&
            article_has(run, cd_number_name(v)))
            return true;
        *rule = "fact.number";
        return false;
    }
    if (is_rewrite(low))
        return true;
    const char *lemma = cd_lemma_verb(run->model, low);
    if (lemma && article_has(run, lemma))
        return true;
    *rule = isupper((unsigned char)w[0]) ? "fact.name" : "fact.word";
    return false;
}

/* Does the article have number `value` with `unit` ("" matches any)? */
static bool article_number(const cd_run *run, const char *value, const char *unit)
{
    for (int i = 0; i < run->nnum; i++)
        if (strcmp(run->nums[i].value, value) == 0 &&
            (!unit[0] || strcmp(run->nums[i].unit, unit) == 0))
            return true;
    return false;
}

/* Numbers with units: a candidate's "5%" must be one of the article's
 * "5%"s, not its "5 million" (number words were checked already). */
static const char *check_units(const cd_run *run, const char *buf, size_t n)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && buf[i] == ' ')
            i++;
        size_t j = i;
        while (j < n && buf[j] != ' ')
            j++;
        size_t a = i, b = j;
        const char *unit = "";
        while (a < b && strchr("\"'([", buf[a]))
            a++;
        if (a < b && buf[a] == '$') {
            unit = "$";
            a++;
        } else if (b - a >= 2 && memcmp(buf + a, "\xC2\xA3", 2) == 0) {
            unit = "\xC2\xA3";
            a += 2;
        } else if (b - a >= 3 && memcmp(buf + a, "\xE2\x82\xAC", 3) == 0) {
            unit = "\xE2\x82\xAC";
            a += 3;
        }
        if (a < b && isdigit((unsigned char)buf[a])) {
            char v[64];
            cd_number_value(buf + a, b - a, v, sizeof v);
            size_t d = a;
            while (d < b && (isdigit((unsigned char)buf[d]) || buf[d] == '.' ||
                             buf[d] == ','))
                d++;
            char suf[16];
            size_t sl = 0;
            while (d < b && sl + 1 < sizeof suf && isalpha((unsigned char)buf[d]))
                suf[sl++] = (char)tolower((unsigned char)buf[d++]);
            suf[sl] = 0;
            const char *mag = NULL;
            if (d < b && buf[d] == '%')
                mag = "%";
            else if (sl)
                mag = cd_unit_word(suf);
            if (!mag && !sl && j < n) {
                char nw[32];
                size_t k = j + 1, wl = 0;
                while (k < n && buf[k] != ' ' && wl + 1 < sizeof nw &&
                       isalpha((unsigned char)buf[k]))
                    nw[wl++] = (char)tolower((unsigned char)buf[k++]);
                nw[wl] = 0;
                mag = wl ? cd_unit_word(nw) : NULL;
            }
            /* the same normalisation as cd_number_unit */
            if (mag && !strcmp(mag, "cent"))
                mag = "%";
            if (mag && !strcmp(mag, "m") && !unit[0])
                mag = NULL;
            char ubuf[32];
            snprintf(ubuf, sizeof ubuf, "%s%s", unit, mag ? mag : "");
            unit = ubuf;
            int iv = atoi(v);
            bool spelt = !strchr(v, '.') && iv >= 2 && iv <= 20 &&
                         article_has(run, cd_number_name(iv));
            if (v[0] && !spelt && !article_number(run, v, unit))
                return article_number(run, v, "") ? "fact.number_unit"
                                                  : "fact.number";
        }
        i = j;
    }
    return NULL;
}

/* Check every word and quotation of `text` against the article.
 * Returns the failing rule id, or NULL when all is supported. */
const char *cd_check_facts(const cd_run *run, const char *text, size_t n)
{
    char buf[2048];
    if (n >= sizeof buf)
        return "len.max_chars";
    n = straighten(text, n, buf, sizeof buf);
    /* quotations: '...' and "..." at word boundaries */
    for (size_t i = 0; i < n; i++) {
        char q = buf[i];
        if (q != '"' && q != '\'')
            continue;
        bool opens = (i == 0 || buf[i - 1] == ' ' || buf[i - 1] == '(') &&
                     i + 1 < n && buf[i + 1] != ' ';
        if (!opens)
            continue;
        size_t j = i + 1;
        for (; j < n; j++)
            if (buf[j] == q && (j + 1 == n || !isalnum((unsigned char)buf[j + 1])) &&
                !(q == '\'' && j + 1 < n && buf[j - 1] == 's' && buf[j + 1] == ' ' &&
                  0))
                break;
        if (j >= n)
            continue;
        char inner[1024];
        size_t m = j - i - 1;
        if (m == 0 || m >= sizeof inner)
            return "fact.quote";
        memcpy(inner, buf + i + 1, m);
        inner[m] = 0;
        /* strip punctuation the headline dropped at the edges */
        while (m && (inner[m - 1] == ',' || inner[m - 1] == '.'))
            inner[--m] = 0;
        /* title case capitalises quoted words too: compare in lower case */
        for (size_t z = 0; z < m; z++)
            inner[z] = (char)tolower((unsigned char)inner[z]);
        if (!strstr(run->text_lower ? run->text_lower : run->text, inner))
            return "fact.quote";
        i = j;
    }
    const char *ru = check_units(run, buf, n);
    if (ru)
        return ru;
    /* words */
    size_t i = 0;
    while (i < n) {
        while (i < n && buf[i] == ' ')
            i++;
        size_t j = i;
        while (j < n && buf[j] != ' ')
            j++;
        /* strip edge punctuation, currency, percent, clitics */
        size_t a = i, b = j;
        while (a < b && strchr("\"'([,.:;!?$", buf[a]))
            a++;
        if (b - a >= 2 && (unsigned char)buf[a] == 0xC2 && (unsigned char)buf[a + 1] == 0xA3)
            a += 2; /* pound sign */
        if (b - a >= 3 && memcmp(buf + a, "\xE2\x82\xAC", 3) == 0)
            a += 3; /* euro sign */
        while (b > a && strchr("\"')],.:;!?%", buf[b - 1]))
            b--;
        if (b - a > 2 && buf[b - 2] == '\'' && tolower((unsigned char)buf[b - 1]) == 's')
            b -= 2;
        if (b - a > 3 && memcmp(buf + b - 3, "n't", 3) == 0)
            b -= 3;
        if (b > a) {
            char w[96];
            size_t wl = b - a < sizeof w - 1 ? b - a : sizeof w - 1;
            memcpy(w, buf + a, wl);
            w[wl] = 0;
            const char *rule = NULL;
            if (!word_ok(run, w, &rule))
                return rule;
        }
        i = j;
    }
    return NULL;
}

/* Quotation marks must pair up.  An opening single mark follows a space
 * or the start and precedes a word; a closing one ends a word; anything
 * else is an apostrophe ("Ukraine's", "allies' spending"). */
static bool quotes_balanced(const char *text)
{
    char buf[2048];
    size_t n = straighten(text, strlen(text), buf, sizeof buf);
    bool open = false;
    int dq = 0;
    for (size_t i = 0; i < n; i++) {
        if (buf[i] == '"') {
            dq++;
            continue;
        }
        if (buf[i] != '\'')
            continue;
        bool before_space = i == 0 || buf[i - 1] == ' ' || buf[i - 1] == '(';
        bool after_word = i + 1 < n && buf[i + 1] != ' ';
        bool ends = i + 1 == n || buf[i + 1] == ' ' || ispunct((unsigned char)buf[i + 1]);
        if (!open && before_space && after_word)
            open = true;
        else if (open && ends && i > 0 && buf[i - 1] != ' ')
            open = false;
    }
    return !open && dq % 2 == 0;
}

void cd_check(cd_run *run, cd_cand *c)
{
    const cd_opts *o = &run->opts;
    size_t n = strlen(c->text);
    bool title = c->kind == CD_HEADLINE || c->kind == CD_SEO_TITLE;
    c->px = cd_text_px(c->text, n, title ? 20.0 : 14.0);
    int w = 0;
    for (const char *p = c->text; *p;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        w++;
        while (*p && *p != ' ')
            p++;
    }
    const char *r = NULL;
    char low[2048];
    size_t m = n < sizeof low - 1 ? n : sizeof low - 1;
    for (size_t i = 0; i < m; i++)
        low[i] = (char)tolower((unsigned char)c->text[i]);
    low[m] = 0;
    char last = n ? c->text[n - 1] : 0;
    bool ends_stop = last == '.' || (n >= 2 && c->text[n - 2] == '.' &&
                                     (last == '"')) ||
                     (n >= 4 && memcmp(c->text + n - 4, ".\xE2\x80\x9D", 4) == 0);
    switch (c->kind) {
    case CD_HEADLINE:
        if (w < o->headline_min_words || w > o->headline_max_words)
            r = "len.words";
        break;
    case CD_LEDE:
        if (w > o->lede_max_words)
            r = "len.words";
        break;
    case CD_SEO_TITLE:
        if (c->chars > (size_t)o->seo_max_chars)
            r = "len.max_chars";
        else if (c->px > o->seo_max_px)
            r = "len.max_px";
        break;
    case CD_META_DESC:
        if (c->chars > (size_t)o->meta_max_chars)
            r = "len.max_chars";
        else if (c->chars < (size_t)o->meta_min_chars)
            r = "len.min_chars";
        else if (c->px > o->meta_max_px)
            r = "len.max_px";
        break;
    default:
        break;
    }
    if (!r && title && last == '.')
        r = "style.final_period";
    if (!r && !title && !ends_stop)
        r = "style.full_stop";
    if (!r && (strstr(c->text, "...") || strstr(c->text, "\xE2\x80\xA6")))
        r = "style.ellipsis";
    if (!r && title && (strchr(c->text, '"') || strstr(c->text, "\xE2\x80\x9C")))
        r = "style.double_quotes";
    if (!r && cd_is_clickbait(low))
        r = "style.clickbait";
    if (!r && !quotes_balanced(c->text))
        r = "style.unbalanced_quotes";
    if (!r)
        r = cd_check_facts(run, c->text, n);
    c->reject = r;
}
