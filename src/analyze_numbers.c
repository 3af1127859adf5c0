/*
 * analyze_numbers.c - numbers and their units.
 *
 * A number is a token with a digit; its unit is a currency sign before it
 * ("$1.13bn" -> "$"), a suffix inside it ("1.13bn" -> "bn", "1.2km" ->
 * "km"), or the word after it ("76%" -> "%", "5 per cent" -> "%", "9.4
 * million" -> "million", "48,000 vehicles" -> "vehicles").  The check
 * stage uses them: a candidate's "5%" must be a "5%" of the article, not
 * its "5 million".
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"

static const char *const unit_words[] = {
    "%", "bn", "billion", "cent", "crore", "euros", "hectares", "kg", "km",
    "lakh", "m", "metres", "miles", "million", "percent", "pounds", "tonnes",
    "trillion", "tn", "yards", "years",
};

const char *cd_unit_word(const char *w)
{
    if (!strcmp(w, "percent"))
        return "%";
    for (size_t i = 0; i < CD_ARRAY_LEN(unit_words); i++)
        if (!strcmp(w, unit_words[i]))
            return unit_words[i];
    return NULL;
}

void cd_number_value(const char *s, size_t n, char *out, size_t cap)
{
    size_t o = 0;
    for (size_t i = 0; i < n && o + 1 < cap; i++)
        if (isdigit((unsigned char)s[i]) || s[i] == '.')
            out[o++] = s[i];
        else if (s[i] != ',')
            break;
    while (o > 0 && out[o - 1] == '.')
        o--;
    out[o] = 0;
}

/* A number's unit is its currency sign (if any) followed by its
 * magnitude or measure (if any): "$1.13bn" -> "$bn", "76%" -> "%",
 * "9.4 million tonnes" -> "million", "\xC2\xA3600m" -> "\xC2\xA3m".
 * The check builds the same string for a candidate's numbers. */
const char *cd_number_unit(cd_run *run, int k)
{
    const cd_tok *t = &run->toks[k];
    const char *s = run->text + t->off;
    const char *cur = "";
    if (k > 0) {
        const cd_tok *p = &run->toks[k - 1];
        const char *ps = run->text + p->off;
        if (p->len == 1 && ps[0] == '$')
            cur = "$";
        else if (p->len == 2 && memcmp(ps, "\xC2\xA3", 2) == 0)
            cur = "\xC2\xA3";
        else if (p->len == 3 && memcmp(ps, "\xE2\x82\xAC", 3) == 0)
            cur = "\xE2\x82\xAC";
    }
    const char *mag = NULL;
    size_t i = 0;
    while (i < t->len && (isdigit((unsigned char)s[i]) || s[i] == '.' || s[i] == ','))
        i++;
    if (i < t->len) {
        /* the letters right after the digits: "4bn-euro" -> "bn" */
        char suf[16];
        size_t sl = 0;
        while (i + sl < t->len && sl + 1 < sizeof suf &&
               isalpha((unsigned char)t->lower[i + sl])) {
            suf[sl] = t->lower[i + sl];
            sl++;
        }
        suf[sl] = 0;
        mag = sl ? cd_unit_word(suf) : NULL;
    }
    if (!mag && k + 1 < run->ntok) {
        /* "1.5 million-2 million": the letters of the next word */
        char nw[32];
        size_t nl = 0;
        const char *w = run->toks[k + 1].lower;
        while (w[nl] && nl + 1 < sizeof nw && isalpha((unsigned char)w[nl])) {
            nw[nl] = w[nl];
            nl++;
        }
        nw[nl] = 0;
        mag = cd_unit_word(w);
        if (!mag && nl)
            mag = cd_unit_word(nw);
        /* "5 per cent", but not "£143,000 per applicant" */
        if (!mag && !strcmp(w, "per") && k + 2 < run->ntok &&
            !strcmp(run->toks[k + 2].lower, "cent"))
            mag = "%";
    }
    if (!mag || !strcmp(mag, "m") || !strcmp(mag, "cent"))
        mag = mag && !strcmp(mag, "m") && cur[0] ? "m" : mag && !strcmp(mag, "cent") ? "%" : NULL;
    if (!mag)
        mag = "";
    char buf[32];
    snprintf(buf, sizeof buf, "%s%s", cur, mag);
    const char *u = cd_arena_strndup(&run->arena, buf, strlen(buf));
    return u ? u : "";
}

cd_status cd_analyze_numbers(cd_run *run)
{
    int n = 0;
    for (int k = 0; k < run->ntok; k++)
        if (run->toks[k].flags & TF_DIGIT)
            n++;
    run->nums = cd_arena_alloc(&run->arena, ((size_t)n + 1) * sizeof *run->nums);
    if (!run->nums)
        return cd_run_fail(run, CD_E_NOMEM, "analyze", 0, "out of memory");
    for (int k = 0; k < run->ntok; k++) {
        const cd_tok *t = &run->toks[k];
        if (!(t->flags & TF_DIGIT))
            continue;
        char v[64];
        cd_number_value(run->text + t->off, t->len, v, sizeof v);
        if (!v[0])
            continue;
        cd_number *num = &run->nums[run->nnum++];
        num->tok = k;
        num->value = cd_arena_strndup(&run->arena, v, strlen(v));
        num->unit = cd_number_unit(run, k);
        if (!num->value)
            return cd_run_fail(run, CD_E_NOMEM, "analyze", 0, "out of memory");
    }
    return CD_OK;
}
