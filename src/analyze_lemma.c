/*
 * analyze_lemma.c - verb lemmas from WordNet and present-tense forms.
 *
 * WordNet's index.verb (11,529 lemmas) and verb.exc (2,401 irregular
 * forms) are read directly into hash maps at model load; libwordnet is
 * not used (it is not thread-safe and reads the disk on every call).
 * Regular forms go through Morphy's detachment rules, checked against
 * the lemma list: "declared" -> declare, "stopped" -> stop.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* ---- String map ---------------------------------------------------------- */

static uint32_t slot(const cd_strmap *m, const char *k, size_t n)
{
    return (uint32_t)cd_hash64(k, n, 3) & (m->cap - 1);
}

const char *cd_strmap_get(const cd_strmap *m, const char *key, size_t n)
{
    if (!m->cap)
        return NULL;
    uint32_t i = slot(m, key, n);
    while (m->keys[i]) {
        if (strncmp(m->keys[i], key, n) == 0 && m->keys[i][n] == 0)
            return m->vals[i];
        i = (i + 1) & (m->cap - 1);
    }
    return NULL;
}

bool cd_strmap_has(const cd_strmap *m, const char *key, size_t n)
{
    return cd_strmap_get(m, key, n) != NULL;
}

/* Load a WordNet file into `m`.  With `pairs`, each line is "form lemma"
 * (the .exc files); otherwise the first field is the key and its own
 * value (index files, whose licence header lines start with a space). */
cd_status cd_strmap_load_wordnet(cd_strmap *m, const char *path, bool pairs,
                                 char *err, size_t errlen)
{
    memset(m, 0, sizeof *m);
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "cannot open %s (install wordnet-base)", path);
        return CD_E_IO;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    m->pool = malloc((size_t)size + 1);
    if (!m->pool) {
        fclose(f);
        snprintf(err, errlen, "out of memory");
        return CD_E_NOMEM;
    }
    size_t got = fread(m->pool, 1, (size_t)size, f);
    fclose(f);
    m->pool[got] = 0;
    uint32_t lines = 0;
    for (size_t i = 0; i < got; i++)
        if (m->pool[i] == '\n')
            lines++;
    m->cap = 16;
    while (m->cap < lines * 2 + 16)
        m->cap *= 2;
    m->keys = calloc(m->cap, sizeof *m->keys);
    m->vals = calloc(m->cap, sizeof *m->vals);
    if (!m->keys || !m->vals) {
        snprintf(err, errlen, "out of memory");
        return CD_E_NOMEM;
    }
    char *p = m->pool;
    while (*p) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = 0;
        if (*p != ' ' && *p) {
            char *sp = strchr(p, ' ');
            if (sp) {
                *sp = 0;
                char *val = p;
                if (pairs) {
                    val = sp + 1;
                    char *e = strchr(val, ' ');
                    if (e)
                        *e = 0;
                }
                size_t n = strlen(p);
                uint32_t i = slot(m, p, n);
                while (m->keys[i] && strcmp(m->keys[i], p) != 0)
                    i = (i + 1) & (m->cap - 1);
                if (!m->keys[i]) {
                    m->keys[i] = p;
                    m->vals[i] = val;
                    m->n++;
                }
            }
        }
        if (!nl)
            break;
        p = nl + 1;
    }
    return CD_OK;
}

void cd_strmap_free(cd_strmap *m)
{
    free(m->keys);
    free(m->vals);
    free(m->pool);
    memset(m, 0, sizeof *m);
}

/* ---- Lemmas --------------------------------------------------------------- */

/* Morphy's verb rules: suffix -> replacement. */
static const char *const rules[][2] = {
    {"s", ""}, {"ies", "y"}, {"es", "e"}, {"es", ""},
    {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""},
};

/* The lemma of verb form `lower` ("declared" -> "declare"), or NULL when
 * WordNet does not know it.  The result points into the model. */
const char *cd_lemma_verb(const cd_model *m, const char *lower)
{
    size_t n = strlen(lower);
    if (n == 0 || n > 40)
        return NULL;
    const char *e = cd_strmap_get(&m->verb_exc, lower, n);
    if (e)
        return e;
    const char *v = cd_strmap_get(&m->verbs, lower, n);
    if (v)
        return v;
    char buf[48];
    for (size_t r = 0; r < CD_ARRAY_LEN(rules); r++) {
        size_t sl = strlen(rules[r][0]);
        if (n <= sl + 1 || strcmp(lower + n - sl, rules[r][0]) != 0)
            continue;
        size_t base = n - sl;
        memcpy(buf, lower, base);
        strcpy(buf + base, rules[r][1]);
        v = cd_strmap_get(&m->verbs, buf, strlen(buf));
        if (v)
            return v;
        /* undouble: "stopped" -> "stopp" -> "stop" */
        if (!rules[r][1][0] && base >= 3 && buf[base - 1] == buf[base - 2]) {
            buf[base - 1] = 0;
            v = cd_strmap_get(&m->verbs, buf, base - 1);
            if (v)
                return v;
        }
    }
    return NULL;
}

/* Verb evidence for the tagger, as letters: 'v' a verb lemma itself,
 * 'x' an irregular form in verb.exc ("shrank"), 'e'/'s'/'g' a regular
 * -ed/-s/-ing form of a known verb.  Empty when WordNet knows no verb. */
void cd_verb_class(const cd_model *m, const char *lower, char out[8])
{
    size_t n = strlen(lower), o = 0;
    if (n == 0 || n > 40) {
        out[0] = 0;
        return;
    }
    if (cd_strmap_has(&m->verbs, lower, n))
        out[o++] = 'v';
    if (cd_strmap_has(&m->verb_exc, lower, n))
        out[o++] = 'x';
    char buf[48];
    static const struct { const char *suf; char cls; } sufs[] = {
        {"ed", 'e'}, {"s", 's'}, {"ing", 'g'}};
    for (size_t k = 0; k < CD_ARRAY_LEN(sufs); k++) {
        size_t sl = strlen(sufs[k].suf);
        if (n <= sl + 1 || strcmp(lower + n - sl, sufs[k].suf) != 0)
            continue;
        for (size_t r = 0; r < CD_ARRAY_LEN(rules); r++) {
            if (strcmp(rules[r][0], sufs[k].suf) != 0 &&
                !(sufs[k].cls == 's' && strcmp(rules[r][0], "es") == 0) &&
                !(sufs[k].cls == 's' && strcmp(rules[r][0], "ies") == 0))
                continue;
            size_t rl = strlen(rules[r][0]);
            if (n <= rl + 1 || strcmp(lower + n - rl, rules[r][0]) != 0)
                continue;
            memcpy(buf, lower, n - rl);
            strcpy(buf + n - rl, rules[r][1]);
            size_t bl = strlen(buf);
            bool hit = cd_strmap_has(&m->verbs, buf, bl);
            if (!hit && !rules[r][1][0] && bl >= 3 && buf[bl - 1] == buf[bl - 2])
                hit = cd_strmap_has(&m->verbs, buf, bl - 1);
            if (hit) {
                out[o++] = sufs[k].cls;
                break;
            }
        }
    }
    out[o] = 0;
}

static bool is_vowel(char c) { return strchr("aeiou", c) != NULL; }

/* Third person singular present of `lemma`: be -> is, have -> has,
 * veto -> vetoes, levy -> levies, rule -> rules.  Multi-word lemmas
 * (WordNet writes "rule_out") inflect the first word. */
const char *cd_verb_3sg(cd_arena *a, const char *lemma)
{
    if (strcmp(lemma, "be") == 0)
        return "is";
    if (strcmp(lemma, "have") == 0)
        return "has";
    size_t n = strcspn(lemma, "_ ");
    const char *rest = lemma + n;
    char buf[64];
    if (n == 0 || n + strlen(rest) > 50)
        return lemma;
    memcpy(buf, lemma, n);
    buf[n] = 0;
    char last = buf[n - 1];
    if (n >= 2 && (strcmp(buf + n - 2, "ch") == 0 || strcmp(buf + n - 2, "sh") == 0 ||
                   last == 's' || last == 'x' || last == 'z' || last == 'o'))
        strcpy(buf + n, "es");
    else if (last == 'y' && n >= 2 && !is_vowel(buf[n - 2]))
        strcpy(buf + n - 1, "ies");
    else
        strcpy(buf + n, "s");
    size_t bl = strlen(buf);
    for (const char *r = rest; *r; r++)
        buf[bl++] = *r == '_' ? ' ' : *r;
    buf[bl] = 0;
    return cd_arena_strndup(a, buf, bl);
}

void cd_analyze_lemmas(cd_run *run)
{
    for (int k = 0; k < run->ntok; k++) {
        cd_tok *t = &run->toks[k];
        if (t->pos >= P_VB && t->pos <= P_VBZ) {
            const char *l = cd_lemma_verb(run->model, t->lower);
            if (l)
                t->lemma = l;
        } else if (t->pos == P_MD && strcmp(t->lower, "wo") == 0) {
            t->lemma = "will";
        } else if (strcmp(t->lower, "n't") == 0) {
            t->lemma = "not";
        }
    }
}
