/*
 * extract_text.c - plain text and Markdown in, normalised article out.
 *
 * The article becomes `run->title` (its current headline, when it has one)
 * and `run->text`: paragraphs separated by "\n\n", single spaces, ASCII
 * quotation marks and apostrophes, no zero-width characters.  Dashes
 * keep their code points.  Whether the input used curly quotation marks
 * is remembered so that output can use them too.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "internal.h"

/* ---- Character normalisation ------------------------------------------ */

/* Map one code point to its normalised form in `out` (0 to 3 bytes).
 * Returns the byte count.  Sets *curly when a typographic quotation mark
 * is seen. */
static int norm_cp(uint32_t cp, char *out, bool *curly)
{
    switch (cp) {
    case '\t': case '\f': case '\v':
    case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
        out[0] = ' ';
        return 1;
    case '\r':
        out[0] = '\n';
        return 1;
    case 0x00AD: case 0x200B: case 0x200C: case 0x200D: case 0x2060:
    case 0xFEFF:
        return 0;
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB:
    case 0x00BB: case 0x2033:
        *curly = true;
        out[0] = '"';
        return 1;
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: case 0x2032:
        *curly = true;
        out[0] = '\'';
        return 1;
    case 0x2010: case 0x2011: case 0x2012: case 0x2212:
        out[0] = '-';
        return 1;
    case 0x2026:
        memcpy(out, "...", 3);
        return 3;
    case 0x2028: case 0x2029: case 0x0085:
        out[0] = '\n';
        return 1;
    }
    if (cp >= 0x2000 && cp <= 0x200A) {
        out[0] = ' ';
        return 1;
    }
    if (cp < 0x20 && cp != '\n') {
        out[0] = ' ';
        return 1;
    }
    if (cp >= 0x7F && cp < 0xA0) {
        out[0] = ' ';
        return 1;
    }
    return cd_utf8_put(out, cp);
}

/* ---- Markdown line handling ------------------------------------------- */

static bool all_chars(const char *s, size_t n, char c)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == c)
            k++;
        else if (s[i] != ' ')
            return false;
    }
    return k >= 3;
}

/* Strip inline Markdown from one line into `b`: links keep their text,
 * images and autolinks go, emphasis markers and code ticks go, HTML tags
 * go. */
static void strip_inline(cd_buf *b, const char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (c == '!' && i + 1 < n && s[i + 1] == '[') {
            const char *close = memchr(s + i, ']', n - i);
            if (close && close + 1 < s + n && close[1] == '(') {
                const char *end = memchr(close, ')', (size_t)(s + n - close));
                if (end) {
                    i = (size_t)(end - s) + 1;
                    continue;
                }
            }
        }
        if (c == '[') {
            const char *close = memchr(s + i, ']', n - i);
            if (close && close + 1 < s + n && close[1] == '(') {
                const char *end = memchr(close, ')', (size_t)(s + n - close));
                if (end) {
                    strip_inline(b, s + i + 1, (size_t)(close - s - i - 1));
                    i = (size_t)(end - s) + 1;
                    continue;
                }
            }
        }
        if (c == '<') {
            size_t j = i + 1;
            if (j < n && (isalpha((unsigned char)s[j]) || s[j] == '/')) {
                while (j < n && s[j] != '>' && s[j] != '<')
                    j++;
                if (j < n && s[j] == '>') {
                    i = j + 1;
                    continue;
                }
            }
        }
        if (c == '*' || c == '`') {
            i++;
            continue;
        }
        if (c == '_' && i + 1 < n && s[i + 1] == '_') {
            i += 2;
            continue;
        }
        if (c == '_' && (i == 0 || !isalnum((unsigned char)s[i - 1]) ||
                         i + 1 == n || !isalnum((unsigned char)s[i + 1]))) {
            i++;
            continue;
        }
        cd_buf_putc(b, c);
        i++;
    }
}

typedef struct para {
    cd_buf text;
    bool heading;
    int lines;
} para;

/* ---- Extract ----------------------------------------------------------- */

/* A paragraph whose first letter a page set apart as a drop cap, with a
 * space after it: "T he Smithsonian's ...", "I t's been a rough year".
 * A capital other than A or I never stands alone at a paragraph's
 * start; after A or I, a lone lower-case letter is the rest of the word
 * ("I t's", "I n 2016", "A s the"). */
static void mend_drop_cap(cd_buf *t)
{
    if (t->len < 4 || !isupper((unsigned char)t->p[0]) || t->p[1] != ' ' ||
        !islower((unsigned char)t->p[2]))
        return;
    size_t e = 2;
    while (e < t->len && isalpha((unsigned char)t->p[e]))
        e++;
    if ((t->p[0] == 'A' || t->p[0] == 'I') && e - 2 != 1)
        return;
    memmove(t->p + 1, t->p + 2, t->len - 2);
    t->len--;
    t->p[t->len] = 0;
}

static bool looks_like_byline(const char *p)
{
    return strncmp(p, "By ", 3) == 0 && strlen(p) < 60 &&
           isupper((unsigned char)p[3]) && !strchr(p, '.');
}

static bool looks_like_json(const char *s, size_t n);
static cd_status cd_extract_json(cd_run *run, const char *input, size_t len);

static cd_status extract(cd_run *run, const char *input, size_t len);

cd_status cd_extract(cd_run *run, const char *input, size_t len)
{
    cd_budget_start(run);
    cd_status st = extract(run, input, len);
    if (st == CD_OK && run->arena.failed)
        st = cd_run_fail(run, CD_E_NOMEM, "extract", 0, "out of memory");
    if (st == CD_OK)
        st = cd_budget_check(run, "extract");
    return st;
}

static cd_status extract(cd_run *run, const char *input, size_t len)
{
    bool html = run->opts.input == CD_INPUT_HTML ||
                (run->opts.input == CD_INPUT_AUTO && cd_looks_like_html(input, len));
    bool json = run->opts.input == CD_INPUT_JSON ||
                (run->opts.input == CD_INPUT_AUTO && !html && looks_like_json(input, len));
    size_t limit = html || json ? run->opts.max_page_bytes : run->opts.max_input_bytes;
    if (len > limit)
        return cd_run_fail(run, CD_E_LIMIT, "input", limit,
                           "input is %zu bytes, over the limit of %zu", len, limit);
    const char *nul = memchr(input, 0, len);
    if (nul)
        return cd_run_fail(run, CD_E_INPUT, "input", (size_t)(nul - input),
                           "binary input (NUL byte at offset %zu)",
                           (size_t)(nul - input));
    if (json)
        return cd_extract_json(run, input, len);
    if (html)
        return cd_extract_html(run, input, len);
    return cd_extract_text(run, input, len);
}

static bool looks_like_json(const char *s, size_t n)
{
    size_t i = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0; /* a BOM */
    while (i < n && isspace((unsigned char)s[i]))
        i++;
    return i < n && s[i] == '{';
}

/* The offset of the first \u0000 escape inside a string of JSON `s`, or
 * (size_t)-1.  Outside strings JSON has no backslash. */
static size_t escaped_nul(const char *s, size_t n)
{
    bool in = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"') {
            in = !in;
        } else if (in && s[i] == '\\') {
            if (n - i >= 6 && memcmp(s + i + 1, "u0000", 5) == 0)
                return i;
            i++; /* the escaped character */
        }
    }
    return (size_t)-1;
}

/* One JSON record: {"text": ...} or {"html": ...}, with optional title,
 * url, id and lang.  Any other field is an error that names it. */
static cd_status cd_extract_json(cd_run *run, const char *input, size_t len)
{
    size_t bad = cd_utf8_invalid_at(input, len);
    if (bad != (size_t)-1)
        return cd_run_fail(run, CD_E_INPUT, "input", bad,
                           "invalid UTF-8 at byte %zu", bad);
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts(input, len, &end, false);
    if (!j || !cJSON_IsObject(j)) {
        /* cJSON points `end` at the byte where parsing failed (never
         * its process-wide cJSON_GetErrorPtr, which threads share) */
        size_t at = !j && end && end >= input && end <= input + len
                        ? (size_t)(end - input) : 0;
        cJSON_Delete(j);
        return cd_run_fail(run, CD_E_INPUT, "input", at,
                           "not a JSON object");
    }
    while (end && (size_t)(end - input) < len && isspace((unsigned char)*end))
        end++;
    if (end && (size_t)(end - input) < len) {
        cJSON_Delete(j);
        return cd_run_fail(run, CD_E_INPUT, "input", (size_t)(end - input),
                           "more than one JSON record (one per run)");
    }
    /* \u0000 would end the string it is in (cJSON hands strings out
     * NUL-terminated) and cut the article short: binary input, as a raw
     * NUL byte is */
    size_t zero = escaped_nul(input, len);
    if (zero != (size_t)-1) {
        cJSON_Delete(j);
        return cd_run_fail(run, CD_E_INPUT, "input", zero,
                           "binary input (\\u0000 at offset %zu)", zero);
    }
    static const char *const known[] = {"text", "html", "title", "url", "id", "lang"};
    const cJSON *f;
    cJSON_ArrayForEach(f, j) {
        bool ok = false;
        for (size_t i = 0; i < CD_ARRAY_LEN(known); i++)
            if (f->string && strcmp(f->string, known[i]) == 0)
                ok = true;
        if (!ok) {
            cd_status st = cd_run_fail(run, CD_E_INPUT, "input", 0,
                                       "unknown field '%s' (known: text, html, "
                                       "title, url, id, lang)",
                                       f->string ? f->string : "");
            cJSON_Delete(j);
            return st;
        }
        if (!cJSON_IsString(f) && !cJSON_IsNull(f)) {
            cd_status st = cd_run_fail(run, CD_E_INPUT, "input", 0,
                                       "field '%s' is not a string", f->string);
            cJSON_Delete(j);
            return st;
        }
    }
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(j, "text");
    const cJSON *html = cJSON_GetObjectItemCaseSensitive(j, "html");
    const cJSON *title = cJSON_GetObjectItemCaseSensitive(j, "title");
    const cJSON *url = cJSON_GetObjectItemCaseSensitive(j, "url");
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(j, "id");
    const cJSON *lang = cJSON_GetObjectItemCaseSensitive(j, "lang");
    if (!cJSON_IsString(text) && !cJSON_IsString(html)) {
        cJSON_Delete(j);
        return cd_run_fail(run, CD_E_INPUT, "input", 0,
                           "record has neither 'text' nor 'html'");
    }
    /* the record's text has the limit of text, checked before the work */
    size_t tlen = cJSON_IsString(text) && !cJSON_IsString(html) ? strlen(text->valuestring) : 0;
    if (tlen > run->opts.max_input_bytes) {
        cJSON_Delete(j);
        return cd_run_fail(run, CD_E_LIMIT, "input", run->opts.max_input_bytes,
                           "text is %zu bytes, over the limit of %zu", tlen,
                           run->opts.max_input_bytes);
    }
    cd_status st;
    if (cJSON_IsString(html)) {
        st = cd_extract_html(run, html->valuestring, strlen(html->valuestring));
        if (st == CD_OK && cJSON_IsString(title)) {
            run->meta.title = cd_arena_strndup(&run->arena, title->valuestring,
                                               strlen(title->valuestring));
            run->title = cd_arena_strndup(&run->arena, title->valuestring,
                                          strlen(title->valuestring));
        }
    } else {
        st = cd_extract_text(run, text->valuestring, strlen(text->valuestring));
        if (st == CD_OK && cJSON_IsString(title))
            run->title = cd_arena_strndup(&run->arena, title->valuestring,
                                          strlen(title->valuestring));
    }
    if (st == CD_OK) {
        if (cJSON_IsString(url))
            run->meta.url = cd_arena_strndup(&run->arena, url->valuestring,
                                             strlen(url->valuestring));
        if (cJSON_IsString(lang))
            run->meta.lang = cd_arena_strndup(&run->arena, lang->valuestring,
                                              strlen(lang->valuestring));
        if (cJSON_IsString(id))
            run->meta.id = cd_arena_strndup(&run->arena, id->valuestring,
                                            strlen(id->valuestring));
    }
    cJSON_Delete(j);
    return st;
}

cd_status cd_extract_text(cd_run *run, const char *input, size_t len)
{
    if (len >= 3 && memcmp(input, "\xEF\xBB\xBF", 3) == 0) {
        input += 3;
        len -= 3;
    }
    const char *nul = memchr(input, 0, len);
    if (nul)
        return cd_run_fail(run, CD_E_INPUT, "input", (size_t)(nul - input),
                           "binary input (NUL byte at offset %zu)",
                           (size_t)(nul - input));
    size_t bad = cd_utf8_invalid_at(input, len);
    if (bad != (size_t)-1)
        return cd_run_fail(run, CD_E_INPUT, "input", bad,
                           "invalid UTF-8 at byte %zu", bad);
    size_t ctl = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)input[i];
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
            ctl++;
    }
    if (ctl > 8 && ctl * 20 > len)
        return cd_run_fail(run, CD_E_INPUT, "input", 0,
                           "binary input (%zu control bytes)", ctl);

    /* Normalise characters; lines are kept for the Markdown pass. */
    cd_buf norm = {0};
    size_t i = 0;
    while (i < len) {
        uint32_t cp = cd_utf8_next(input, len, &i);
        if (cp == '\r' && i < len && input[i] == '\n')
            continue;
        char tmp[4];
        int k = norm_cp(cp, tmp, &run->curly);
        cd_buf_put(&norm, tmp, (size_t)k);
    }
    if (norm.oom) {
        cd_buf_free(&norm);
        return cd_run_fail(run, CD_E_NOMEM, "extract", 0, "out of memory");
    }
    if (cd_budget_spent(run)) {
        cd_buf_free(&norm);
        return cd_budget_fail(run, "extract");
    }

    /* Split into paragraphs, line by line. */
    para *paras = NULL;
    int np = 0, capp = 0;
    bool in_fence = false, open = false;
    size_t prev_len = 0;
    char prev_end = 0;
    const char *p = norm.p ? norm.p : "";
    const char *end = p + norm.len;
    cd_status st = CD_OK;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *s = p;
        p = nl ? nl + 1 : end;
        while (s < le && *s == ' ')
            s++;
        size_t n = (size_t)(le - s);
        while (n && s[n - 1] == ' ')
            n--;
        if (n >= 3 && (strncmp(s, "```", 3) == 0 || strncmp(s, "~~~", 3) == 0)) {
            in_fence = !in_fence;
            open = false;
            continue;
        }
        if (in_fence)
            continue;
        if (n == 0) {
            open = false;
            continue;
        }
        bool heading = false;
        if (s[0] == '#') {
            size_t h = 0;
            while (h < n && s[h] == '#')
                h++;
            if (h <= 6 && (h == n || s[h] == ' ')) {
                heading = true;
                s += h;
                n -= h;
                while (n && *s == ' ') {
                    s++;
                    n--;
                }
                while (n && (s[n - 1] == '#' || s[n - 1] == ' '))
                    n--;
                open = false;
            }
        }
        if (!heading && (all_chars(s, n, '-') || all_chars(s, n, '*') ||
                         all_chars(s, n, '_') || all_chars(s, n, '='))) {
            /* Setext underline: the paragraph above is a heading. */
            if (open && np && paras[np - 1].lines == 1 &&
                (s[0] == '=' || s[0] == '-'))
                paras[np - 1].heading = true;
            open = false;
            continue;
        }
        while (!heading && n && *s == '>') {
            s++;
            n--;
            while (n && *s == ' ') {
                s++;
                n--;
            }
        }
        if (!heading && n >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') &&
            s[1] == ' ') {
            s += 2;
            n -= 2;
            open = false;
        } else if (!heading && n >= 3 && isdigit((unsigned char)s[0])) {
            size_t d = 0;
            while (d < n && isdigit((unsigned char)s[d]))
                d++;
            if (d < 4 && d + 1 < n && (s[d] == '.' || s[d] == ')') &&
                s[d + 1] == ' ') {
                s += d + 2;
                n -= d + 2;
                open = false;
            }
        }
        /* Plain text often puts one paragraph per line: a long line that
         * ends a sentence ends its paragraph too.  Hard-wrapped text (lines
         * under 100 bytes) still joins. */
        if (open && np && prev_len > 100 && prev_end &&
            strchr(".!?\"'", prev_end))
            open = false;
        prev_len = n;
        prev_end = n ? s[n - 1] : 0;
        if (!open) {
            if (np == capp) {
                capp = capp ? capp * 2 : 32;
                para *tmp = realloc(paras, (size_t)capp * sizeof *paras);
                if (!tmp) {
                    st = CD_E_NOMEM;
                    break;
                }
                paras = tmp;
            }
            memset(&paras[np], 0, sizeof paras[np]);
            paras[np].heading = heading;
            np++;
            open = !heading;
        } else {
            cd_buf_putc(&paras[np - 1].text, ' ');
        }
        paras[np - 1].lines++;
        strip_inline(&paras[np - 1].text, s, n);
    }
    cd_buf_free(&norm);

    /* Collapse runs of spaces; decide the title; join the body. */
    cd_buf body = {0};
    int first = 0;
    for (int k = 0; k < np && st == CD_OK; k++) {
        cd_buf *t = &paras[k].text;
        if (t->oom) {
            st = CD_E_NOMEM;
            break;
        }
        size_t w = 0;
        for (size_t r = 0; r < t->len; r++) {
            if (t->p[r] == ' ' && (w == 0 || t->p[w - 1] == ' '))
                continue;
            t->p[w++] = t->p[r];
        }
        while (w && t->p[w - 1] == ' ')
            w--;
        t->len = w;
        if (t->p)
            t->p[w] = 0;
        mend_drop_cap(t);
    }
    /* Skip empty paragraphs at the start. */
    while (first < np && paras[first].text.len == 0)
        first++;
    if (st == CD_OK && first < np && np - first > 1) {
        para *f = &paras[first];
        char last = f->text.p[f->text.len - 1];
        int words = cd_words(f->text.p);
        if (f->heading || (f->lines == 1 && words <= 25 && last != '.' &&
                           last != ':' && last != ',' && last != ';')) {
            run->title = cd_arena_strndup(&run->arena, f->text.p, f->text.len);
            if (!run->title)
                st = CD_E_NOMEM;
            first++;
        }
    }
    for (int k = first; k < np && st == CD_OK; k++) {
        para *q = &paras[k];
        if (q->heading || q->text.len == 0)
            continue;
        if (looks_like_byline(q->text.p))
            continue;
        if (body.len)
            cd_buf_put(&body, "\n\n", 2);
        cd_buf_put(&body, q->text.p, q->text.len);
    }
    for (int k = 0; k < np; k++)
        cd_buf_free(&paras[k].text);
    free(paras);
    if (st == CD_OK && body.oom)
        st = CD_E_NOMEM;
    if (st != CD_OK) {
        cd_buf_free(&body);
        return cd_run_fail(run, st, "extract", 0, "out of memory");
    }
    run->text = cd_arena_strndup(&run->arena, body.p ? body.p : "", body.len);
    run->text_len = body.len;
    cd_buf_free(&body);
    if (!run->text)
        return cd_run_fail(run, run->arena.over ? CD_E_LIMIT : CD_E_NOMEM,
                           "extract", 0, "out of memory");
    if (run->text_len == 0)
        return cd_run_fail(run, CD_E_INPUT, "extract", 0,
                           "no body text found (0 of %zu bytes)", len);
    return CD_OK;
}
