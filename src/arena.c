/*
 * arena.c - the per-run bump allocator and a growable byte buffer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct cd_arena_block {
    cd_arena_block *next;
    size_t used, cap;
    max_align_t data[];
};

enum { BLOCK_MIN = 64 * 1024 };

void cd_arena_init(cd_arena *a, size_t limit)
{
    memset(a, 0, sizeof *a);
    a->limit = limit;
}

/* Allocate `n` zeroed bytes aligned for any type.  Returns NULL when
 * malloc fails or when the arena would pass its limit (then `over` is
 * set so the caller can report CD_E_LIMIT rather than CD_E_NOMEM). */
void *cd_arena_alloc(cd_arena *a, size_t n)
{
    size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    if (n == 0)
        n = align;
#ifndef CD_ARENA_DEBUG
    cd_arena_block *b = a->head;
    if (b && b->cap - b->used >= n) {
        void *p = (char *)b->data + b->used;
        b->used += n;
        return memset(p, 0, n);
    }
    size_t cap = n > BLOCK_MIN ? n : BLOCK_MIN;
#else
    size_t cap = n;
#endif
    if (a->limit && a->total + cap > a->limit) {
        a->over = true;
        a->failed = true;
        return NULL;
    }
    cd_arena_block *nb = malloc(sizeof *nb + cap);
    if (!nb) {
        a->failed = true;
        return NULL;
    }
    a->total += cap;
    nb->cap = cap;
    nb->used = n;
#ifndef CD_ARENA_DEBUG
    /* Keep the fuller block second so the fresh one serves small
     * requests; a huge one-off block goes behind the current one. */
    if (a->head && cap == n && a->head->cap - a->head->used > 0) {
        nb->next = a->head->next;
        a->head->next = nb;
        return memset(nb->data, 0, n);
    }
#endif
    nb->next = a->head;
    a->head = nb;
    return memset(nb->data, 0, n);
}

char *cd_arena_strndup(cd_arena *a, const char *s, size_t n)
{
    char *p = cd_arena_alloc(a, n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

void cd_arena_free(cd_arena *a)
{
    cd_arena_block *b = a->head;
    while (b) {
        cd_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
    a->over = false;
    a->failed = false;
}

/* Keep the newest block (the usual working set of one article) and free
 * the rest, so a reused run does not go back to malloc for every article. */
void cd_arena_reset(cd_arena *a)
{
#ifdef CD_ARENA_DEBUG
    cd_arena_free(a);
#else
    cd_arena_block *keep = a->head;
    if (!keep)
        return;
    cd_arena_block *b = keep->next;
    while (b) {
        cd_arena_block *next = b->next;
        free(b);
        b = next;
    }
    keep->next = NULL;
    keep->used = 0;
    a->head = keep;
    a->total = keep->cap;
    a->over = false;
    a->failed = false;
#endif
}

/* ---- cd_buf ------------------------------------------------------------ */

static bool buf_grow(cd_buf *b, size_t extra)
{
    if (b->oom)
        return false;
    if (b->len + extra + 1 <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = true;
        return false;
    }
    b->p = p;
    b->cap = cap;
    return true;
}

void cd_buf_put(cd_buf *b, const char *s, size_t n)
{
    if (!buf_grow(b, n))
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

void cd_buf_puts(cd_buf *b, const char *s) { cd_buf_put(b, s, strlen(s)); }

void cd_buf_putc(cd_buf *b, char c) { cd_buf_put(b, &c, 1); }

void cd_buf_printf(cd_buf *b, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        cd_buf_put(b, small, (size_t)n);
        return;
    }
    if (!buf_grow(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Append `s` as a JSON string literal, quotes included.  Control
 * characters are escaped; valid UTF-8 passes through unchanged. */
void cd_buf_json_str(cd_buf *b, const char *s, size_t n)
{
    cd_buf_putc(b, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': cd_buf_put(b, "\\\"", 2); break;
        case '\\': cd_buf_put(b, "\\\\", 2); break;
        case '\n': cd_buf_put(b, "\\n", 2); break;
        case '\t': cd_buf_put(b, "\\t", 2); break;
        case '\r': cd_buf_put(b, "\\r", 2); break;
        default:
            if (c < 0x20)
                cd_buf_printf(b, "\\u%04x", c);
            else
                cd_buf_putc(b, (char)c);
        }
    }
    cd_buf_putc(b, '"');
}

void cd_buf_free(cd_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}
