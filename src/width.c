/*
 * width.c - rendered width of text in Arial, from Liberation Sans metrics.
 *
 * Google measures result titles in Arial 20 px and snippets in Arial
 * 14 px.  Chrome kerns by default, so pairs from the font's kern table
 * are applied.  Advances are unhinted (hinted advances drift by up to
 * 10%, research/c-deps.md section 8).
 */
#include <string.h>

#include "internal.h"

#include "font_widths.inc"

static int advance(uint32_t cp)
{
    for (size_t r = 0; r < CD_ARRAY_LEN(cd_font_ranges); r++)
        if (cp >= cd_font_ranges[r].lo && cp <= cd_font_ranges[r].hi) {
            int w = cd_font_ranges[r].w[cp - cd_font_ranges[r].lo];
            return w ? w : CD_FONT_DEFAULT;
        }
    /* East Asian wide characters take about one em in the title font. */
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0x20000 && cp <= 0x3FFFD))
        return CD_FONT_UPEM;
    if ((cp >= 0x0300 && cp <= 0x036F) || cp == 0x200B || cp == 0xFEFF)
        return 0; /* combining marks and zero-width characters */
    return CD_FONT_DEFAULT;
}

static int kern(uint32_t a, uint32_t b)
{
    if (a > 0xFFFF || b > 0xFFFF)
        return 0;
    uint32_t key = a << 16 | b;
    size_t lo = 0, hi = CD_ARRAY_LEN(cd_font_kern);
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (cd_font_kern[mid].pair < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < CD_ARRAY_LEN(cd_font_kern) && cd_font_kern[lo].pair == key)
        return cd_font_kern[lo].k;
    return 0;
}

double cd_width_units(const char *s, size_t len)
{
    long units = 0;
    uint32_t prev = 0;
    size_t i = 0;
    while (i < len) {
        uint32_t cp = cd_utf8_next(s, len, &i);
        units += advance(cp);
        if (prev)
            units += kern(prev, cp);
        prev = cp;
    }
    return (double)units;
}

double cd_text_px(const char *s, size_t len, double size_px)
{
    return cd_width_units(s, len) * size_px / CD_FONT_UPEM;
}

size_t cd_serp_cut(const char *s, size_t len, double size_px, double max_px,
                   char *out, size_t cap)
{
    if (cap == 0)
        return 0;
    if (cd_text_px(s, len, size_px) <= max_px) {
        size_t n = len < cap - 1 ? len : cap - 1;
        memcpy(out, s, n);
        out[n] = 0;
        return n;
    }
    /* the longest prefix ending before a space whose text plus " \u2026"
     * still fits */
    const char *ell = " \xE2\x80\xA6";
    double ell_px = cd_text_px(ell, 4, size_px);
    size_t best = 0;
    for (size_t i = 1; i < len; i++) {
        if (s[i] != ' ' || s[i - 1] == ' ')
            continue;
        size_t end = i;
        while (end > 0 && strchr(",;:-", s[end - 1]))
            end--;
        if (cd_text_px(s, end, size_px) + ell_px > max_px)
            break;
        best = end;
    }
    if (best + 5 > cap)
        best = cap > 5 ? cap - 5 : 0;
    memcpy(out, s, best);
    memcpy(out + best, ell, 4);
    out[best + 4] = 0;
    return best + 4;
}
