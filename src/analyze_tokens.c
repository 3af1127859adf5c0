/*
 * analyze_tokens.c - tokens and sentences.
 *
 * Tokens follow the UD English treebanks' habits where the tagger and
 * parser need them (clitics split: "don't" -> do n't, "Ukraine's" ->
 * Ukraine 's, "cannot" -> can not, "gonna" -> gon na; currency signs and
 * "%" apart; a URL or e-mail address, an emoticon, a run of "!?" or "."
 * whole) and keep together what a headline must not break: "U.S.",
 * "3.4", "1,000", "pre-2014", "AT&T", "10:30", "the '90s".  Hyphenated
 * words stay one token where the treebanks split them ("search - engine");
 * tools/measure_tokens counts how often.
 *
 * Sentences end at . ! ? (with closing quotes and brackets absorbed) when
 * the next token looks like a sentence start.  Abbreviations keep their
 * period: "Gen. Smith" is one sentence; "in the U.S. The move" is two,
 * because "U.S." may end a sentence and "The" starts one.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"

/* Punctuation and symbols outside ASCII that are tokens of their own. */
static bool is_punct_cp(uint32_t cp)
{
    switch (cp) {
    case 0x2013: case 0x2014: case 0x2015: case 0x2022: case 0x00B7:
    case 0x00A3: case 0x20AC: case 0x00A5: case 0x00A9: case 0x00AE:
    case 0x00B0: case 0x2122: case 0x00A7: case 0x00B6: case 0x00BF:
    case 0x00A1: case 0x2020: case 0x2021: case 0x00D7: case 0x00F7:
        return true;
    }
    return cp >= 0x2190 && cp <= 0x2BFF;
}

static bool is_wordch(const char *s, size_t n, size_t i)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80)
        return isalnum(c);
    size_t j = i;
    uint32_t cp = cd_utf8_next(s, n, &j);
    return !is_punct_cp(cp);
}

static size_t cp_len(const char *s, size_t n, size_t i)
{
    size_t j = i;
    cd_utf8_next(s, n, &j);
    return j - i;
}

typedef struct toklist {
    cd_tok *v;
    int n, cap;
    bool oom;
} toklist;

static void push(toklist *l, uint32_t off, uint32_t len, bool space)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 1024;
        cd_tok *v = realloc(l->v, (size_t)cap * sizeof *v);
        if (!v) {
            l->oom = true;
            return;
        }
        l->v = v;
        l->cap = cap;
    }
    cd_tok *t = &l->v[l->n++];
    memset(t, 0, sizeof *t);
    t->off = off;
    t->len = len;
    t->flags = space ? TF_SPACE : 0;
    t->ent = -1;
}

static void lower_into(char *dst, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        dst[i] = (char)tolower((unsigned char)s[i]);
    dst[n] = 0;
}

/* Abbreviations that are words too: "in the sun.", "critical mass.",
 * "No." as an answer.  Written in lower case they are the word, and "No"
 * is one too; before a number they are the abbreviation ("No. 10",
 * "fig. 3"). */
static bool word_abbrev(const char *low)
{
    static const char *const w[] = {"mass", "sat", "sun", "wed", "mar", "fig",
                                    "pa", "rep", "rev", "col", "no"};
    for (size_t k = 0; k < CD_ARRAY_LEN(w); k++)
        if (strcmp(low, w[k]) == 0)
            return true;
    return false;
}

/* Does the word s[0..n) take the period that follows it?  "Gen", "U.S",
 * "a.m", single letters ("J. Smith"), and the abbreviation list.  `after`
 * is the text after the period, `na` bytes. */
static bool takes_period(const char *s, size_t n, const char *after, size_t na)
{
    char low[16];
    if (n == 0 || n >= sizeof low)
        return false;
    lower_into(low, s, n);
    if (word_abbrev(low) && (islower((unsigned char)s[0]) || strcmp(low, "no") == 0)) {
        size_t k = 0;
        while (k < na && after[k] == ' ')
            k++;
        return k < na && isdigit((unsigned char)after[k]);
    }
    if (n == 1 && isalpha((unsigned char)s[0]))
        return true;
    /* "U.S", "a.m", "e.g" - letters and periods only, not "10.9bn" */
    if (memchr(s, '.', n) && isalpha((unsigned char)s[n - 1])) {
        bool letters = true;
        for (size_t i = 0; i < n; i++)
            if (!isalpha((unsigned char)s[i]) && s[i] != '.')
                letters = false;
        if (letters)
            return true;
    }
    return cd_is_abbrev(low);
}

/* Scan one word token starting at s[i]; returns its end. */
static size_t scan_word(const char *s, size_t n, size_t i)
{
    size_t j = i;
    while (j < n) {
        if (is_wordch(s, n, j)) {
            j += cp_len(s, n, j);
            continue;
        }
        char c = s[j];
        /* "nano- and micro-", a cut-off "proble-": the hyphen is the
         * word's */
        if (c == '-' && j > i && isalpha((unsigned char)s[j - 1]) &&
            (j + 1 == n || s[j + 1] == ' ')) {
            j++;
            break;
        }
        if (j + 1 >= n || !is_wordch(s, n, j + 1) || j == i)
            break;
        unsigned char prev = (unsigned char)s[j - 1];
        unsigned char next = (unsigned char)s[j + 1];
        if (c == '.' && (isalnum(prev) || prev >= 0x80) && isalnum(next)) {
            /* "U.S", "1.13", "e.g" - but not "end.Next" words */
            if (isdigit(prev) && isdigit(next)) {
                j++;
                continue;
            }
            if (isalpha(next) && j + 2 <= n &&
                (j + 2 == n || !isalpha((unsigned char)s[j + 2]) ||
                 s[j + 2] == '.'))
            {
                j++;
                continue;
            }
            break;
        }
        if (c == ',' && isdigit(prev) && j + 3 < n + 1 &&
            isdigit(next) && j + 3 < n && isdigit((unsigned char)s[j + 2]) &&
            isdigit((unsigned char)s[j + 3]) &&
            (j + 4 >= n || !isdigit((unsigned char)s[j + 4]))) {
            j++;
            continue;
        }
        /* "1960's", "2008's": the clitic split decides */
        if (c == '\'' && isdigit(prev) && (next == 's' || next == 'S') &&
            (j + 2 >= n || !is_wordch(s, n, j + 2))) {
            j += 2;
            continue;
        }
        if (c == '-' || (c == '\'' && isalpha(prev) && isalpha(next)) ||
            (c == '&' && isupper(prev) && isupper(next)) ||
            (c == '/' && isalnum(prev)) ||
            (c == ':' && isdigit(prev) && isdigit(next))) {
            j++;
            continue;
        }
        break;
    }
    return j;
}

/* ---- URLs and e-mail addresses ---------------------------------------- */

static bool url_ch(unsigned char c)
{
    return c > ' ' && c != '<' && c != '>' && c != '"' && c != '\\' && c < 0x80;
}

static bool label_ch(unsigned char c)
{
    return isalnum(c) || c == '-';
}

/* Drops what ends a sentence or closes a bracket from the end of a URL
 * s[i..j); a ')' stays when the URL opened it. */
static size_t url_trim(const char *s, size_t i, size_t j)
{
    long open = 0;
    for (size_t k = i; k < j; k++)
        open += s[k] == '(' ? 1 : s[k] == ')' ? -1 : 0;
    while (j > i) {
        char c = s[j - 1];
        if (c == ')') {
            if (open >= 0)
                break;
            open++;
        } else if (!strchr(".,;:!?'\"]}*", c)) {
            break;
        }
        j--;
    }
    return j;
}

/* The domain of an e-mail address at s[i]: labels joined by single
 * periods.  Returns its end.  At most 253 bytes are looked at (the
 * longest domain name). */
static size_t scan_domain(const char *s, size_t n, size_t i)
{
    size_t j = i;
    if (n > i + 253)
        n = i + 253;
    for (;;) {
        size_t k = j;
        while (k < n && label_ch((unsigned char)s[k]))
            k++;
        if (k == j)
            break;
        j = k;
        if (j + 1 < n && s[j] == '.' && label_ch((unsigned char)s[j + 1]))
            j++;
        else
            break;
    }
    return j;
}

/* A URL or e-mail address starting at s[i] - one token, as the
 * treebanks have it ("http://bbc.co.uk/news", "www.bbc.co.uk",
 * "j.smith@bbc.co.uk").  Returns its end, or i.  A bare domain
 * ("Amazon.com") stays as it was: words and periods. */
static size_t scan_url(const char *s, size_t n, size_t i)
{
    if (!isalnum((unsigned char)s[i]))
        return i;
    size_t j = i;
    while (j < n && isalpha((unsigned char)s[j]) && j - i < 12)
        j++;
    bool scheme = j + 3 <= n && j > i + 1 && memcmp(s + j, "://", 3) == 0;
    bool mailto = j - i == 6 && j + 1 < n && s[j] == ':' &&
                  strncasecmp(s + i, "mailto", 6) == 0;
    bool www = j - i == 3 && j + 1 < n && s[j] == '.' &&
               strncasecmp(s + i, "www", 3) == 0;
    if (scheme || mailto || www) {
        j = i;
        while (j < n && url_ch((unsigned char)s[j]))
            j++;
        j = url_trim(s, i, j);
        if (j > i + 2 && s[j - 2] == '\'' && (s[j - 1] == 's' || s[j - 1] == 'S'))
            j -= 2; /* "www.amazon.com's" */
        return j;
    }
    /* local@domain: the local part has letters, digits and . _ % + -,
     * 64 bytes at most */
    j = i;
    while (j < n && j - i <= 64 && (isalnum((unsigned char)s[j]) || strchr("._%+-", s[j])) &&
           s[j])
        j++;
    if (j + 1 < n && s[j] == '@' && label_ch((unsigned char)s[j + 1])) {
        size_t e = scan_domain(s, n, j + 1);
        while (e > j + 1 && s[e - 1] == '-')
            e--;
        return e;
    }
    return i;
}

/* Split a word at a clitic, PTB style.  Returns the length of the first
 * part, or n when there is nothing to split. */
static size_t clitic_split(const char *s, size_t n)
{
    char low[64];
    if (n < 3 || n >= sizeof low)
        return n;
    lower_into(low, s, n);
    if (n > 3 && strcmp(low + n - 3, "n't") == 0)
        return n - 3;
    /* words the treebanks split though no apostrophe marks it: "cannot"
     * -> can not, "gonna" -> gon na, and "dont" as "don't" would be;
     * not "its", "cant", "wont", "lets", "ill", "were", which are words
     * of their own */
    static const struct { const char *w; unsigned char at; } whole[] = {
        {"cannot", 3}, {"gonna", 3}, {"gotta", 3}, {"wanna", 3}, {"gimme", 3},
        {"lemme", 3}, {"dont", 2}, {"doesnt", 4}, {"didnt", 3}, {"isnt", 2},
        {"arent", 3}, {"wasnt", 3}, {"werent", 4}, {"hasnt", 3}, {"havent", 4},
        {"hadnt", 3}, {"couldnt", 5}, {"wouldnt", 5}, {"shouldnt", 6},
        {"thats", 4}, {"theres", 5}, {"youre", 3}, {"theyre", 4},
    };
    for (size_t k = 0; k < CD_ARRAY_LEN(whole); k++)
        if (strcmp(low, whole[k].w) == 0)
            return whole[k].at;
    /* a decade keeps its "'s", as the treebanks have "the 80's" */
    if (strcmp(low + n - 2, "'s") == 0 && (n == 4 || n == 6) && low[n - 3] == '0') {
        bool digits = true;
        for (size_t k = 0; k < n - 2; k++)
            if (!isdigit((unsigned char)low[k]))
                digits = false;
        if (digits)
            return n;
    }
    static const char *const cl[] = {"'s", "'re", "'ve", "'ll", "'d", "'m"};
    for (size_t k = 0; k < CD_ARRAY_LEN(cl); k++) {
        size_t m = strlen(cl[k]);
        if (n > m && strcmp(low + n - m, cl[k]) == 0)
            return n - m;
    }
    return n;
}

/* An emoticon standing alone at s[i]: ":)", ":-(", ";D", "=)", "^^".
 * Returns its end, or i. */
static size_t emoticon(const char *s, size_t p0, size_t n, size_t i)
{
    static const char *const faces[] = {":-)", ":-(", ":-D", ":-P", ";-)", ":)", ":(",
                                        ":D", ":P", ";)", ";D", "=)", "^^", "(:"};
    if (i > p0 && s[i - 1] != ' ')
        return i;
    for (size_t k = 0; k < CD_ARRAY_LEN(faces); k++) {
        size_t m = strlen(faces[k]);
        if (i + m <= n && memcmp(s + i, faces[k], m) == 0 &&
            (i + m == n || s[i + m] == ' ' || strchr(".,!?", s[i + m])))
            return i + m;
    }
    return i;
}

static void tokenize_para(toklist *l, const char *text, size_t p0, size_t p1)
{
    size_t i = p0;
    bool space = true;
    while (i < p1) {
        unsigned char c = (unsigned char)text[i];
        if (c == ' ' || c == '\n') {
            space = true;
            i++;
            continue;
        }
        size_t u = scan_url(text, p1, i);
        size_t e = emoticon(text, p0, p1, i);
        if (e > i) {
            push(l, (uint32_t)i, (uint32_t)(e - i), space);
            i = e;
        } else if (u > i) {
            push(l, (uint32_t)i, (uint32_t)(u - i), space);
            i = u;
            /* "www.amazon.com's" */
            if (i + 1 < p1 && text[i] == '\'' && (text[i + 1] == 's' || text[i + 1] == 'S') &&
                (i + 2 == p1 || !is_wordch(text, p1, i + 2))) {
                push(l, (uint32_t)i, 2, false);
                i += 2;
            }
        } else if (is_wordch(text, p1, i)) {
            size_t j = scan_word(text, p1, i);
            if (j < p1 && text[j] == '.' &&
                takes_period(text + i, j - i, text + j + 1, p1 - j - 1))
                j++;
            size_t k = clitic_split(text + i, j - i);
            push(l, (uint32_t)i, (uint32_t)k, space);
            if (k < j - i)
                push(l, (uint32_t)(i + k), (uint32_t)(j - i - k), false);
            i = j;
        } else if (c == '\'' && i + 3 < p1 && isdigit((unsigned char)text[i + 1]) &&
                   isdigit((unsigned char)text[i + 2]) &&
                   (text[i + 3] == 's' || text[i + 3] == 'S') &&
                   (i + 4 == p1 || !is_wordch(text, p1, i + 4)) &&
                   (i == p0 || text[i - 1] == ' ' || text[i - 1] == '(')) {
            /* "the '90s", one token as in the treebanks */
            push(l, (uint32_t)i, 4, space);
            i += 4;
        } else if ((c == '.' || c == '!' || c == '?' || c == '-') && i + 1 < p1 &&
                   (text[i + 1] == c || (c == '.' && (text[i + 1] == '!' ||
                                                      text[i + 1] == '?')) ||
                    ((c == '!' || c == '?') && (text[i + 1] == '!' ||
                                                text[i + 1] == '?')))) {
            /* a run is one token, as in the treebanks: "...", "..",
             * "!!!", "?!", ".?", "--", "-----" */
            size_t j = i + 1;
            if (c == '.' && text[j] != '.')
                c = '!';
            while (j < p1 && (text[j] == c || (c == '!' && text[j] == '?') ||
                              (c == '?' && text[j] == '!')))
                j++;
            push(l, (uint32_t)i, (uint32_t)(j - i), space);
            i = j;
        } else {
            size_t m = cp_len(text, p1, i);
            push(l, (uint32_t)i, (uint32_t)m, space);
            i += m;
        }
        space = false;
    }
}

/* ---- Sentences --------------------------------------------------------- */

static bool tok_is(const cd_run *run, const cd_tok *t, const char *s)
{
    size_t n = strlen(s);
    return t->len == n && memcmp(run->text + t->off, s, n) == 0;
}

static bool starts_sentence(const cd_run *run, const cd_tok *t)
{
    unsigned char c = (unsigned char)run->text[t->off];
    return isupper(c) || isdigit(c) || c == '"' || c == '(' || c == '\'' ||
           c == '[' || c >= 0x80 || c == '$';
}

/* A final abbreviation ends the sentence only before a word that cannot
 * continue a name: "in the U.S. The move" splits, "U.S. President" not. */
static bool abbrev_ends(const cd_run *run, const cd_tok *t, const cd_tok *next)
{
    char low[16];
    if (t->len < 2 || t->len > sizeof low)
        return false;
    lower_into(low, run->text + t->off, t->len - 1);
    if (!cd_is_final_abbrev(low))
        return false;
    char nl[32];
    if (next->len >= sizeof nl)
        return false;
    lower_into(nl, run->text + next->off, next->len);
    return cd_is_stopword(nl) || next->len == 1;
}

bool cd_tok_is_dash(const cd_run *run, int k)
{
    const cd_tok *t = &run->toks[k];
    const char *s = run->text + t->off;
    return (t->len == 3 && (memcmp(s, "\xE2\x80\x93", 3) == 0 ||
                            memcmp(s, "\xE2\x80\x94", 3) == 0)) ||
           (t->len == 2 && memcmp(s, "--", 2) == 0) ||
           (t->len == 1 && s[0] == '-' && (t->flags & TF_SPACE));
}

/* Whether the quotation mark at token k, inside a quotation, reopens it
 * rather than closing it: 'support them. "But if ...', a quoted
 * paragraph continued with its closing mark left out, as news style
 * does.  A closing mark follows its word; this one follows a space and
 * the stop of a sentence, and a word follows it. */
static bool reopens(const cd_run *run, int k)
{
    const cd_tok *t = &run->toks[k];
    if (k == 0 || t->off == 0 || t->off + 1 >= run->text_len)
        return false;
    const cd_tok *p = &run->toks[k - 1];
    return isspace((unsigned char)run->text[t->off - 1]) &&
           isalnum((unsigned char)run->text[t->off + 1]) && p->len > 0 &&
           strchr(".!?", run->text[p->off + p->len - 1]) != NULL;
}

cd_status cd_analyze_tokens(cd_run *run)
{
    toklist l = {0};
    const char *text = run->text;
    size_t n = run->text_len;
    int *para_of = NULL;
    int npara = 0;
    size_t p0 = 0;
    /* Paragraph index per token, kept in the high bits of a side array. */
    int capp = 0;
    while (p0 < n) {
        const char *sep = strstr(text + p0, "\n\n");
        size_t p1 = sep ? (size_t)(sep - text) : n;
        int before = l.n;
        tokenize_para(&l, text, p0, p1);
        if (l.n > before) {
            if (capp < l.n) {
                capp = l.n * 2;
                int *tmp = realloc(para_of, (size_t)capp * sizeof *tmp);
                if (!tmp) {
                    l.oom = true;
                    break;
                }
                para_of = tmp;
            }
            for (int k = before; k < l.n; k++)
                para_of[k] = npara;
            npara++;
        }
        p0 = sep ? p1 + 2 : n;
    }
    if (l.oom) {
        free(l.v);
        free(para_of);
        return cd_run_fail(run, CD_E_NOMEM, "analyze", 0, "out of memory");
    }
    run->npara = npara;

    /* Copy tokens to the arena; set lower-case forms and flags. */
    run->toks = cd_arena_alloc(&run->arena, (size_t)(l.n + 1) * sizeof(cd_tok));
    run->sents = cd_arena_alloc(&run->arena, (size_t)(l.n + 1) * sizeof(cd_sent));
    if (!run->toks || !run->sents) {
        free(l.v);
        free(para_of);
        return cd_run_fail(run, run->arena.over ? CD_E_LIMIT : CD_E_NOMEM,
                           "analyze", 0, "out of memory");
    }
    if (l.n > 0) /* l.v is NULL when the text has no token */
        memcpy(run->toks, l.v, (size_t)l.n * sizeof(cd_tok));
    run->ntok = l.n;
    free(l.v);
    bool oom = false;
    for (int k = 0; k < run->ntok; k++) {
        cd_tok *t = &run->toks[k];
        char *low = cd_arena_alloc(&run->arena, t->len + 1);
        if (!low) {
            oom = true;
            break;
        }
        lower_into(low, text + t->off, t->len);
        t->lower = low;
        t->lemma = low;
        const char *s = text + t->off;
        bool allcap = t->len > 1;
        for (uint32_t m = 0; m < t->len; m++) {
            if (isdigit((unsigned char)s[m]))
                t->flags |= TF_DIGIT;
            if (islower((unsigned char)s[m]))
                allcap = false;
        }
        if (isupper((unsigned char)s[0]))
            t->flags |= TF_CAP;
        if (allcap && isupper((unsigned char)s[0]))
            t->flags |= TF_ALLCAP;
    }
    if (oom) {
        free(para_of);
        return cd_run_fail(run, CD_E_NOMEM, "analyze", 0, "out of memory");
    }

    /* Quotation state and sentence boundaries. */
    int ns = 0;
    int start = 0;
    bool inq = false;
    for (int k = 0; k < run->ntok; k++) {
        cd_tok *t = &run->toks[k];
        bool last_in_para = k + 1 == run->ntok || para_of[k + 1] != para_of[k];
        if (tok_is(run, t, "\"")) {
            /* 'them. "But if ...': a mark opening a new sentence inside a
             * quotation (a quoted paragraph continued, its closing mark
             * left out by the style) reopens rather than closes: a
             * closing mark follows its word, never a space */
            if (!(inq && reopens(run, k)))
                inq = !inq;
        } else if (inq) {
            t->flags |= TF_QUOTED;
        }
        bool end = last_in_para;
        if (!end) {
            bool term = t->len > 0;
            for (uint32_t m = 0; m < t->len; m++)
                if (!strchr(".!?", text[t->off + m]))
                    term = false;
            bool abbr = !term && t->len > 1 && text[t->off + t->len - 1] == '.';
            if (term || abbr) {
                /* absorb closing marks */
                int j = k + 1;
                while (j < run->ntok && para_of[j] == para_of[k] &&
                       ((tok_is(run, &run->toks[j], "\"") && inq && !reopens(run, j)) ||
                        tok_is(run, &run->toks[j], ")") ||
                        tok_is(run, &run->toks[j], "'"))) {
                    if (tok_is(run, &run->toks[j], "\"")) {
                        inq = false;
                    }
                    j++;
                }
                /* a reference mark after the stop is the sentence's:
                 * "... in Prague. [2] In his career ..." */
                while (j + 2 < run->ntok && para_of[j + 2] == para_of[k] &&
                       tok_is(run, &run->toks[j], "[") &&
                       tok_is(run, &run->toks[j + 2], "]") &&
                       run->toks[j + 1].len <= 3 &&
                       (run->toks[j + 1].flags & TF_DIGIT) &&
                       strspn(text + run->toks[j + 1].off, "0123456789") ==
                           run->toks[j + 1].len)
                    j += 3;
                if (j < run->ntok && para_of[j] == para_of[k]) {
                    const cd_tok *nx = &run->toks[j];
                    bool ok = starts_sentence(run, nx);
                    if (abbr)
                        ok = ok && abbrev_ends(run, t, nx);
                    if (ok) {
                        k = j - 1;
                        end = true;
                    }
                } else if (j > k + 1) {
                    k = j - 1;
                    end = true;
                }
                if (!end)
                    for (int q = k + 1; q < j; q++)
                        if (tok_is(run, &run->toks[q], "\""))
                            inq = true; /* not actually closed */
            }
        }
        if (end || k + 1 == run->ntok) {
            cd_sent *s = &run->sents[ns++];
            s->tok0 = start;
            s->ntok = k + 1 - start;
            s->para = para_of[start];
            s->off = run->toks[start].off;
            s->len = run->toks[k].off + run->toks[k].len - s->off;
            for (int q = start; q <= k; q++)
                if (run->toks[q].flags & TF_QUOTED)
                    s->nquote_words++;
            start = k + 1;
            if (k + 1 < run->ntok && para_of[k + 1] != para_of[k])
                inq = false;
        }
    }
    free(para_of);
    run->nsent = ns;
    if (ns == 0)
        return cd_run_fail(run, CD_E_INPUT, "analyze", 0,
                           "no sentences found");
    return CD_OK;
}
