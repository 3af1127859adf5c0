/*
 * render.c - letter case and quotation marks of candidates, and the
 * package as text (the seed's layout) or JSON.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* AP title case leaves these lower case unless first or last. */
static const char *const small_words[] = {
    "a", "an", "and", "as", "at", "but", "by", "for", "in", "nor", "of",
    "off", "on", "or", "per", "so", "the", "to", "up", "via", "yet",
};

static bool is_small(const char *w, size_t n)
{
    for (size_t i = 0; i < CD_ARRAY_LEN(small_words); i++)
        if (strlen(small_words[i]) == n && strncmp(small_words[i], w, n) == 0)
            return true;
    return false;
}

static void title_case(char *s)
{
    size_t n = strlen(s);
    size_t i = 0;
    bool first = true;
    while (i < n) {
        while (i < n && s[i] == ' ')
            i++;
        size_t a = i;
        while (i < n && s[i] != ' ')
            i++;
        size_t b = i;
        size_t w = a;
        while (w < b && (s[w] == '\'' || s[w] == '"' || s[w] == '('))
            w++;
        size_t e = w;
        while (e < b && (isalpha((unsigned char)s[e]) || s[e] == '-'))
            e++;
        bool last = b >= n;
        bool after_colon = a >= 2 && s[a - 2] == ':';
        if (w < b && islower((unsigned char)s[w])) {
            char low[16];
            size_t len = e - w;
            bool small = len < sizeof low && is_small(s + w, len);
            if (!small || first || last || after_colon)
                s[w] = (char)toupper((unsigned char)s[w]);
        } else if (w < b && isupper((unsigned char)s[w]) && !first &&
                   !last && !after_colon && is_small(s + w, e - w) &&
                   !(e - w == 1 && s[w] == 'A' && 0)) {
            /* "In", "The" taken from a sentence start */
            s[w] = (char)tolower((unsigned char)s[w]);
        }
        first = false;
    }
}

/* Typographic quotation marks, decided by position: an opening mark
 * after a space or at the start, an apostrophe between letters, a
 * closing mark otherwise. */
static void curly(cd_arena *a, char **text)
{
    const char *s = *text;
    size_t n = strlen(s);
    size_t quotes = 0;
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\'' || s[i] == '"')
            quotes++;
    if (!quotes)
        return;
    char *out = cd_arena_alloc(a, n + quotes * 2 + 1);
    if (!out)
        return;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c != '\'' && c != '"') {
            out[o++] = c;
            continue;
        }
        bool open = i == 0 || s[i - 1] == ' ' || s[i - 1] == '(' ||
                    s[i - 1] == '[';
        const char *rep;
        if (c == '"')
            rep = open ? "\xE2\x80\x9C" : "\xE2\x80\x9D";
        else
            rep = open ? "\xE2\x80\x98" : "\xE2\x80\x99";
        memcpy(out + o, rep, 3);
        o += 3;
    }
    out[o] = 0;
    *text = out;
}

void cd_apply_case(const cd_run *run, char *text, cd_kind kind)
{
    if (!*text)
        return;
    if ((kind == CD_HEADLINE || kind == CD_SEO_TITLE) &&
        run->opts.letter_case == CD_CASE_TITLE)
        title_case(text);
    if (islower((unsigned char)text[0]))
        text[0] = (char)toupper((unsigned char)text[0]);
}

char *cd_apply_quotes(cd_run *run, char *text)
{
    bool want = run->opts.quotes == CD_QUOTES_CURLY ||
                (run->opts.quotes == CD_QUOTES_AUTO && run->curly);
    if (want)
        curly(&run->arena, &text);
    return text;
}

static const char *const headings[CD_KIND_COUNT] = {
    "Alternative Headlines:", "Alternative Ledes:", "SEO Headlines:",
    "Meta Descriptions:",
};


/* `,"warnings":[...]`: the run's warnings, for both JSON renders. */
static void warnings_json(cd_buf *b, const cd_run *run)
{
    cd_buf_puts(b, ",\"warnings\":[");
    for (int i = 0; i < run->nwarn; i++) {
        if (i)
            cd_buf_putc(b, ',');
        cd_buf_json_str(b, run->warnings[i], strlen(run->warnings[i]));
    }
    cd_buf_putc(b, ']');
}

/* The page's own title and description, graded: length, width and
 * what Google would show. */
static void current_text(const cd_run *run, cd_buf *b)
{
    const cd_meta *m = &run->meta;
    const char *items[2] = {m->html_title, m->description};
    const char *heads[2] = {"Current Title:", "Current Meta Description:"};
    double size[2] = {20.0, 14.0};
    double lim[2] = {run->opts.seo_max_px, run->opts.meta_max_px};
    for (int k = 0; k < 2; k++) {
        if (!items[k] || !items[k][0])
            continue;
        size_t n = strlen(items[k]);
        double px = cd_text_px(items[k], n, size[k]);
        cd_buf_printf(b, "%s\n- %s\n  (%zu chars, %.0f px", heads[k], items[k],
                      cd_text_chars(items[k], n), px);
        if (px > lim[k]) {
            char cut[1024];
            cd_serp_cut(items[k], n, size[k], lim[k], cut, sizeof cut);
            cd_buf_printf(b, "; Google shows: %s)\n", cut);
        } else {
            cd_buf_puts(b, "; fits)\n");
        }
    }
}

static void current_json(const cd_run *run, cd_buf *b)
{
    const cd_meta *m = &run->meta;
    const char *items[2] = {m->html_title, m->description};
    const char *keys[2] = {"title", "meta_description"};
    double size[2] = {20.0, 14.0};
    double lim[2] = {run->opts.seo_max_px, run->opts.meta_max_px};
    cd_buf_puts(b, ",\"current\":{");
    for (int k = 0; k < 2; k++) {
        cd_buf_printf(b, "%s\"%s\":", k ? "," : "", keys[k]);
        if (!items[k] || !items[k][0]) {
            cd_buf_puts(b, "null");
            continue;
        }
        size_t n = strlen(items[k]);
        double px = cd_text_px(items[k], n, size[k]);
        char cut[1024];
        size_t cl = cd_serp_cut(items[k], n, size[k], lim[k], cut, sizeof cut);
        cd_buf_puts(b, "{\"text\":");
        cd_buf_json_str(b, items[k], n);
        cd_buf_printf(b, ",\"chars\":%zu,\"px\":%.2f,\"fits\":%s,\"shown\":",
                      cd_text_chars(items[k], n), px, px <= lim[k] ? "true" : "false");
        cd_buf_json_str(b, cut, cl);
        cd_buf_putc(b, '}');
    }
    cd_buf_putc(b, '}');
}

char *cd_render_text(const cd_run *run)
{
    cd_buf b = {0};
    if (run->meta.from_html)
        current_text(run, &b);
    for (int k = 0; k < CD_KIND_COUNT; k++) {
        if (run->opts.count[k] == 0)
            continue;
        cd_buf_puts(&b, headings[k]);
        cd_buf_putc(&b, '\n');
        for (int i = 0; i < run->nitems[k]; i++) {
            cd_buf_puts(&b, "- ");
            cd_buf_puts(&b, run->items[k][i].text);
            cd_buf_putc(&b, '\n');
        }
    }
    if (b.oom) {
        cd_buf_free(&b);
        return NULL;
    }
    /* every list at 0 on a text article: the empty package, not a
     * failure (the buffer was never needed) */
    return b.p ? b.p : calloc(1, 1);
}

void cd_render_findings(cd_buf *b, const cd_finding *f, int n)
{
    cd_buf_putc(b, '[');
    for (int i = 0; i < n; i++) {
        cd_buf_printf(b, "%s{\"rule\":\"%s\",\"severity\":\"%s\",\"reason\":",
                      i ? "," : "", f[i].rule, f[i].fail ? "fail" : "warn");
        cd_buf_json_str(b, f[i].reason, strlen(f[i].reason));
        cd_buf_printf(b, ",\"off\":%zu,\"len\":%zu}", f[i].off, f[i].len);
    }
    cd_buf_putc(b, ']');
}

char *cd_render_json(const cd_run *run)
{
    cd_buf b = {0};
    cd_buf_putc(&b, '{');
    if (run->meta.id) {
        cd_buf_puts(&b, "\"id\":");
        cd_buf_json_str(&b, run->meta.id, strlen(run->meta.id));
        cd_buf_putc(&b, ',');
    }
    cd_buf_puts(&b, "\"title\":");
    if (run->title)
        cd_buf_json_str(&b, run->title, strlen(run->title));
    else
        cd_buf_puts(&b, "null");
    cd_buf_puts(&b, ",\"keyphrase\":");
    if (run->nkey)
        cd_buf_json_str(&b, run->keys[0].text, strlen(run->keys[0].text));
    else
        cd_buf_puts(&b, "null");
    cd_buf_printf(&b, ",\"sentences\":%d", run->nsent);
    if (run->meta.from_html)
        current_json(run, &b);
    for (int k = 0; k < CD_KIND_COUNT; k++) {
        cd_buf_printf(&b, ",\"%s\":[", cd_kind_name((cd_kind)k));
        for (int i = 0; i < run->nitems[k]; i++) {
            const cd_item *it = &run->items[k][i];
            if (i)
                cd_buf_putc(&b, ',');
            cd_buf_puts(&b, "{\"text\":");
            cd_buf_json_str(&b, it->text, strlen(it->text));
            cd_buf_printf(&b, ",\"chars\":%zu,\"px\":%.2f,\"score\":%.4f,"
                              "\"sources\":[", it->chars, it->px, it->score);
            for (int s = 0; s < it->nsources; s++)
                cd_buf_printf(&b, "%s%d", s ? "," : "", it->sources[s]);
            cd_buf_puts(&b, "],\"findings\":");
            cd_render_findings(&b, it->findings, it->nfindings);
            if (it->origin) { /* only others' candidates say where from */
                cd_buf_puts(&b, ",\"origin\":");
                cd_buf_json_str(&b, it->origin, strlen(it->origin));
            }
            cd_buf_putc(&b, '}');
        }
        cd_buf_putc(&b, ']');
    }
    warnings_json(&b, run);
    cd_buf_puts(&b, "}");
    if (b.oom) {
        cd_buf_free(&b);
        return NULL;
    }
    return b.p;
}

/* ---- Analysis ---------------------------------------------------------- */

static void json_span(cd_buf *b, const cd_run *run, int t0, int t1)
{
    if (t1 <= t0) {
        cd_buf_puts(b, "\"\"");
        return;
    }
    uint32_t a = run->toks[t0].off;
    uint32_t e = run->toks[t1 - 1].off + run->toks[t1 - 1].len;
    cd_buf_json_str(b, run->text + a, e - a);
}

char *cd_render_analysis_json(const cd_run *run)
{
    cd_buf b = {0};
    cd_buf_puts(&b, "{\"title\":");
    if (run->title)
        cd_buf_json_str(&b, run->title, strlen(run->title));
    else
        cd_buf_puts(&b, "null");
    cd_buf_puts(&b, ",\"lang\":");
    cd_buf_json_str(&b, run->lang, strlen(run->lang));
    cd_buf_puts(&b, ",\"sentences\":[");
    for (int i = 0; i < run->nsent; i++) {
        const cd_sent *se = &run->sents[i];
        cd_buf_printf(&b, "%s{\"text\":", i ? "," : "");
        cd_buf_json_str(&b, run->text + se->off, se->len);
        cd_buf_printf(&b, ",\"paragraph\":%d,\"salience\":%.4f}", se->para,
                      se->salience);
    }
    cd_buf_puts(&b, "],\"entities\":[");
    for (int i = 0; i < run->nent; i++) {
        const cd_entity *e = &run->ents[i];
        cd_buf_printf(&b, "%s{\"name\":", i ? "," : "");
        cd_buf_json_str(&b, e->name, strlen(e->name));
        cd_buf_puts(&b, ",\"short\":");
        cd_buf_json_str(&b, e->short_name, strlen(e->short_name));
        cd_buf_printf(&b, ",\"person\":%s,\"mentions\":%d,\"aliases\":[",
                      e->person ? "true" : "false", e->mentions);
        for (int a = 0; a < e->naliases; a++) {
            if (a)
                cd_buf_putc(&b, ',');
            cd_buf_json_str(&b, e->aliases[a], strlen(e->aliases[a]));
        }
        cd_buf_puts(&b, "]}");
    }
    cd_buf_puts(&b, "],\"quotes\":[");
    for (int i = 0; i < run->nquote; i++) {
        const cd_quote *q = &run->quotes[i];
        cd_buf_printf(&b, "%s{\"text\":", i ? "," : "");
        json_span(&b, run, q->tok0, q->tok0 + q->ntok);
        cd_buf_puts(&b, ",\"speaker\":");
        if (q->speaker >= 0)
            cd_buf_json_str(&b, run->ents[q->speaker].name,
                            strlen(run->ents[q->speaker].name));
        else
            cd_buf_puts(&b, "null");
        cd_buf_printf(&b, ",\"sentence\":%d}", q->sent);
    }
    cd_buf_puts(&b, "],\"numbers\":[");
    for (int i = 0; i < run->nnum; i++) {
        const cd_number *n = &run->nums[i];
        cd_buf_printf(&b, "%s{\"text\":", i ? "," : "");
        json_span(&b, run, n->tok, n->tok + 1);
        cd_buf_puts(&b, ",\"value\":");
        cd_buf_json_str(&b, n->value, strlen(n->value));
        cd_buf_puts(&b, ",\"unit\":");
        cd_buf_json_str(&b, n->unit, strlen(n->unit));
        cd_buf_putc(&b, '}');
    }
    cd_buf_puts(&b, "],\"keyphrases\":[");
    for (int i = 0; i < run->nkey && i < 10; i++) {
        cd_buf_printf(&b, "%s{\"text\":", i ? "," : "");
        cd_buf_json_str(&b, run->keys[i].text, strlen(run->keys[i].text));
        cd_buf_printf(&b, ",\"count\":%d}", run->keys[i].count);
    }
    cd_buf_puts(&b, "]}");
    if (b.oom) {
        cd_buf_free(&b);
        return NULL;
    }
    return b.p;
}

char *cd_render_conllu(cd_run *run)
{
    cd_buf b = {0};
    for (int i = 0; i < cd_sentence_count(run); i++) {
        const cd_word *w;
        int n = cd_sentence_tree(run, i, &w);
        if (n < 0) {
            cd_buf_free(&b);
            return NULL;
        }
        /* one line each: the text's line breaks read as spaces */
        cd_span sp = cd_sentence_at(run, i);
        cd_buf_printf(&b, "# sent_id = %d\n# text = ", i + 1);
        for (size_t k = 0; k < sp.len; k++) {
            char c = run->text[sp.off + k];
            cd_buf_putc(&b, c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
        }
        cd_buf_putc(&b, '\n');
        for (int k = 0; k < n; k++)
            cd_buf_printf(&b, "%d\t%.*s\t%s\t_\t%s\t_\t%d\t%s\t_\t_\n", k + 1,
                          (int)w[k].span.len, run->text + w[k].span.off, w[k].lemma,
                          w[k].tag, w[k].head + 1, w[k].rel);
        cd_buf_putc(&b, '\n');
    }
    if (!b.p && !b.oom)
        return calloc(1, 1); /* no sentence: nothing to print */
    if (b.oom) {
        cd_buf_free(&b);
        return NULL;
    }
    return b.p;
}

/* ---- Extraction ----------------------------------------------------------- */

static void json_field(cd_buf *b, const char *key, const char *val, bool comma)
{
    cd_buf_printf(b, "%s\"%s\":", comma ? "," : "", key);
    if (val)
        cd_buf_json_str(b, val, strlen(val));
    else
        cd_buf_puts(b, "null");
}

char *cd_render_extract_json(const cd_run *run)
{
    cd_buf b = {0};
    const cd_meta *m = &run->meta;
    cd_buf_putc(&b, '{');
    json_field(&b, "title", m->from_html ? m->title : run->title, false);
    json_field(&b, "byline", m->byline, true);
    json_field(&b, "excerpt", m->excerpt, true);
    json_field(&b, "site_name", m->site_name, true);
    json_field(&b, "lang", m->lang, true);
    json_field(&b, "published", m->published, true);
    json_field(&b, "url", m->url, true);
    json_field(&b, "text", cd_extracted_text(run), true);
    warnings_json(&b, run);
    cd_buf_puts(&b, "}");
    if (b.oom) {
        cd_buf_free(&b);
        return NULL;
    }
    return b.p;
}
