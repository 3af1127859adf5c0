/*
 * extract_html.c - the article inside an HTML page, and its metadata.
 *
 * The page is parsed by libxml2's HTML parser (always in recover mode,
 * with an explicit encoding: the BOM, then <meta charset> or http-equiv,
 * then UTF-8 when the bytes are valid UTF-8, else windows-1252; see
 * research/c-deps.md section 5).
 *
 * Metadata follows the rules Mozilla Readability documents: <meta> tags
 * by name or property (dc, dcterm, og, twitter, parsely, weibo), JSON-LD
 * Article objects, <title> with its site-name suffix removed by the
 * separator heuristics, <html lang>, <link rel=canonical>.
 *
 * The body is found the Readability way, written here from its published
 * description: drop scripts, styles, navigation and elements whose class
 * or id says they are not content; score every paragraph-like block by
 * its commas and length and pass the score to its parent and grandparent;
 * weigh containers by tag and class; scale by link density; take the
 * best container and the siblings that score close to it.  Inside it,
 * Readability's conditional cleaning (from its description) drops lists,
 * divisions and sections that are furniture - link blocks, galleries,
 * forms, widgets with next to no text - and a block that holds running
 * text is read one level down instead, so its furniture goes and its
 * text stays.  Captions and credits outside <figcaption> and author
 * boxes go before scoring; text between blocks is written where it
 * stands; a heading over nothing kept goes with what it headed.  The
 * article is then written as Markdown-like text (headings with '#',
 * paragraphs split by blank lines) for the text extractor.
 */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "internal.h"

/* ---- Small helpers -------------------------------------------------- */

static bool name_is(const xmlNode *n, const char *tag)
{
    return n && n->type == XML_ELEMENT_NODE && n->name &&
           strcasecmp((const char *)n->name, tag) == 0;
}

static const char *attr(const xmlNode *n, const char *name)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && strcasecmp((const char *)a->name, name) == 0 &&
            a->children && a->children->content)
            return (const char *)a->children->content;
    return NULL;
}

static bool icontains(const char *hay, const char *needle)
{
    if (!hay)
        return false;
    size_t n = strlen(needle);
    for (const char *p = hay; *p; p++)
        if (strncasecmp(p, needle, n) == 0)
            return true;
    return false;
}

/* Does any word of the list occur in s (case-insensitive substring)? */
static bool any_of(const char *s, const char *const *list, size_t n)
{
    if (!s)
        return false;
    for (size_t i = 0; i < n; i++)
        if (icontains(s, list[i]))
            return true;
    return false;
}

/* Collapse whitespace of `s` into b. */
static void put_text(cd_buf *b, const char *s)
{
    bool space = false; /* set by whitespace in s, never invented */
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
            space = true;
            continue;
        }
        if (space && b->len && b->p[b->len - 1] != ' ' && b->p[b->len - 1] != '\n')
            cd_buf_putc(b, ' ');
        space = false;
        cd_buf_putc(b, (char)c);
    }
    if (space && b->len && b->p[b->len - 1] != ' ' && b->p[b->len - 1] != '\n')
        cd_buf_putc(b, ' ');
}

static void text_of(const xmlNode *n, cd_buf *b)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                put_text(b, (const char *)c->content);
        } else if (c->type == XML_ELEMENT_NODE && !name_is(c, "script") &&
                   !name_is(c, "style") && !name_is(c, "noscript")) {
            if (name_is(c, "br"))
                cd_buf_putc(b, ' ');
            text_of(c, b);
        }
    }
}

/* The trimmed, whitespace-collapsed text of n, malloc'd; NULL only when
 * out of memory (callers raise their context's oom flag). */
static char *node_text(const xmlNode *n)
{
    cd_buf b = {0};
    text_of(n, &b);
    if (b.oom) {
        cd_buf_free(&b);
        return NULL;
    }
    if (!b.p)
        cd_buf_put(&b, "", 0);
    size_t s = 0;
    while (b.p && b.p[s] == ' ')
        s++;
    size_t e = b.len;
    while (e > s && b.p[e - 1] == ' ')
        e--;
    if (!b.p)
        return NULL;
    memmove(b.p, b.p + s, e - s);
    b.p[e - s] = 0;
    return b.p;
}

/* node_text, raising *oom when it fails. */
static char *text_oom(const xmlNode *n, bool *oom)
{
    char *t = node_text(n);
    if (!t)
        *oom = true;
    return t;
}

static int word_count(const char *s)
{
    int n = 0;
    bool in = false;
    for (; *s; s++) {
        if (isspace((unsigned char)*s)) {
            in = false;
        } else if (!in) {
            in = true;
            n++;
        }
    }
    return n;
}

/* ---- Encoding ----------------------------------------------------------- */

/* The charset a page declares in its first 4 KB, copied into out. */
static bool declared_charset(const char *s, size_t n, char *out, size_t cap)
{
    size_t lim = n < 4096 ? n : 4096;
    for (size_t i = 0; i + 8 < lim; i++) {
        if (strncasecmp(s + i, "charset", 7) != 0)
            continue;
        size_t j = i + 7;
        while (j < lim && (s[j] == ' ' || s[j] == '='))
            j++;
        while (j < lim && (s[j] == '"' || s[j] == '\''))
            j++;
        size_t k = 0;
        while (j < lim && k + 1 < cap &&
               (isalnum((unsigned char)s[j]) || s[j] == '-' || s[j] == '_'))
            out[k++] = s[j++];
        out[k] = 0;
        if (k)
            return true;
    }
    return false;
}

static const char *pick_encoding(const char *s, size_t n, char *buf, size_t cap)
{
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        return "UTF-8";
    if (n >= 2 && (unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE)
        return "UTF-16LE";
    if (n >= 2 && (unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF)
        return "UTF-16BE";
    /* bytes that are valid UTF-8 (and not plain ASCII) are UTF-8, whatever
     * the page declares */
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++)
        if ((unsigned char)s[i] >= 0x80)
            ascii = false;
    if (!ascii && cd_utf8_invalid_at(s, n) == (size_t)-1)
        return "UTF-8";
    if (declared_charset(s, n, buf, cap)) {
        if (strcasecmp(buf, "utf8") == 0)
            return "UTF-8";
        /* pages that say latin-1 mean windows-1252 (WHATWG) */
        if (strcasecmp(buf, "iso-8859-1") == 0 || strcasecmp(buf, "latin1") == 0 ||
            strcasecmp(buf, "us-ascii") == 0)
            return "windows-1252";
        return buf;
    }
    return cd_utf8_invalid_at(s, n) == (size_t)-1 ? "UTF-8" : "windows-1252";
}

/* ---- Metadata ------------------------------------------------------------ */

typedef struct metamap {
    char *key[64];
    char *val[64];
    int n;
    bool oom;       /* a value was lost for want of memory */
} metamap;

static void meta_put(metamap *m, const char *key, const char *val)
{
    if (m->n == 64 || !val)
        return;
    char k[96];
    size_t o = 0;
    for (const char *p = key; *p && o + 1 < sizeof k; p++) {
        if (isspace((unsigned char)*p))
            continue;
        k[o++] = *p == '.' ? ':' : (char)tolower((unsigned char)*p);
    }
    k[o] = 0;
    for (int i = 0; i < m->n; i++)
        if (strcmp(m->key[i], k) == 0) {
            /* the last one wins, as in Readability */
            char *v = strdup(val);
            if (v) {
                free(m->val[i]);
                m->val[i] = v;
            } else {
                m->oom = true;
            }
            return;
        }
    char *kd = strdup(k), *vd = strdup(val);
    if (!kd || !vd) {
        free(kd);
        free(vd);
        m->oom = true;
        return;
    }
    m->key[m->n] = kd;
    m->val[m->n] = vd;
    m->n++;
}

static const char *meta_get(const metamap *m, const char *key)
{
    for (int i = 0; i < m->n; i++)
        if (strcmp(m->key[i], key) == 0 && m->val[i][0])
            return m->val[i];
    return NULL;
}

static void meta_free(metamap *m)
{
    for (int i = 0; i < m->n; i++) {
        free(m->key[i]);
        free(m->val[i]);
    }
    m->n = 0;
}

/* property="og:title" style: (article|dc|dcterm|og|twitter):(author|
 * creator|description|published_time|title|site_name) */
static bool property_key(const char *p)
{
    static const char *const pre[] = {"article", "dc", "dcterm", "og", "twitter"};
    static const char *const suf[] = {"author", "creator", "description",
                                      "published_time", "title", "site_name"};
    const char *colon = strchr(p, ':');
    if (!colon)
        return false;
    bool okp = false, oks = false;
    for (size_t i = 0; i < CD_ARRAY_LEN(pre); i++) {
        size_t l = strlen(pre[i]);
        if ((size_t)(colon - p) == l && strncasecmp(p, pre[i], l) == 0)
            okp = true;
    }
    for (size_t i = 0; i < CD_ARRAY_LEN(suf); i++)
        if (strcasecmp(colon + 1, suf[i]) == 0)
            oks = true;
    return okp && oks;
}

/* name="author" or name="dc.title" style. */
static bool name_key(const char *p)
{
    static const char *const pre[] = {"dc", "dcterm", "og", "twitter", "parsely",
                                      "weibo:article", "weibo:webpage"};
    static const char *const suf[] = {"author", "creator", "pub-date",
                                      "description", "title", "site_name"};
    const char *rest = p;
    for (size_t i = 0; i < CD_ARRAY_LEN(pre); i++) {
        size_t l = strlen(pre[i]);
        if (strncasecmp(p, pre[i], l) == 0 && (p[l] == '.' || p[l] == ':' || p[l] == '-')) {
            rest = p + l + 1;
            break;
        }
    }
    for (size_t i = 0; i < CD_ARRAY_LEN(suf); i++)
        if (strcasecmp(rest, suf[i]) == 0)
            return true;
    return false;
}

typedef struct page {
    xmlDoc *doc;
    xmlNode *root;
    metamap meta;
    char *doc_title;     /* <title> */
    char *lang;
    char *canonical;
    /* JSON-LD */
    char *ld_title, *ld_byline, *ld_excerpt, *ld_site, *ld_published;
    bool oom;            /* something was lost for want of memory */
} page;

/* A copy of s (NULL for NULL); a failed copy raises pg->oom. */
static char *pdup(page *pg, const char *s)
{
    char *d = s ? strdup(s) : NULL;
    if (s && !d)
        pg->oom = true;
    return d;
}

static char *article_title(page *pg);

/* Readability's text similarity: 1 - (length of b's words that a lacks)
 * / (length of b's words), over lower-case word tokens. */
static double similarity(const char *a, const char *b)
{
    char la[2048], lb[2048];
    cd_lower_copy(a, la, sizeof la);
    cd_lower_copy(b, lb, sizeof lb);
    size_t total = 0, uniq = 0;
    int nb = 0;
    const char *p = lb;
    while (*p) {
        while (*p && !isalnum((unsigned char)*p) && (unsigned char)*p < 0x80)
            p++;
        const char *w = p;
        while (*p && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80))
            p++;
        size_t wl = (size_t)(p - w);
        if (!wl)
            continue;
        total += wl + (nb ? 1 : 0);
        /* is this word in a? */
        bool found = false;
        const char *q = la;
        while (*q && !found) {
            while (*q && !isalnum((unsigned char)*q) && (unsigned char)*q < 0x80)
                q++;
            const char *v = q;
            while (*q && (isalnum((unsigned char)*q) || (unsigned char)*q >= 0x80))
                q++;
            if ((size_t)(q - v) == wl && strncmp(v, w, wl) == 0)
                found = true;
        }
        if (!found)
            uniq += wl + (uniq ? 1 : 0);
        nb++;
    }
    if (!total)
        return 0;
    return 1.0 - (double)uniq / (double)total;
}

static bool article_type(const char *t)
{
    static const char *const types[] = {
        "Article", "AdvertiserContentArticle", "NewsArticle", "AnalysisNewsArticle",
        "AskPublicNewsArticle", "BackgroundNewsArticle", "OpinionNewsArticle",
        "ReportageNewsArticle", "ReviewNewsArticle", "Report", "SatiricalArticle",
        "ScholarlyArticle", "MedicalScholarlyArticle", "SocialMediaPosting",
        "BlogPosting", "LiveBlogPosting", "DiscussionForumPosting",
        "TechArticle", "APIReference",
    };
    for (size_t i = 0; i < CD_ARRAY_LEN(types); i++)
        if (strcmp(t, types[i]) == 0)
            return true;
    return false;
}

static const cJSON *ld_article(const cJSON *j)
{
    if (cJSON_IsArray(j)) {
        const cJSON *e;
        cJSON_ArrayForEach(e, j) {
            const cJSON *a = ld_article(e);
            if (a)
                return a;
        }
        return NULL;
    }
    if (!cJSON_IsObject(j))
        return NULL;
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(j, "@type");
    if (cJSON_IsString(type) && article_type(type->valuestring))
        return j;
    if (cJSON_IsArray(type)) {
        const cJSON *t;
        cJSON_ArrayForEach(t, type) if (cJSON_IsString(t) && article_type(t->valuestring))
            return j;
    }
    const cJSON *graph = cJSON_GetObjectItemCaseSensitive(j, "@graph");
    return graph ? ld_article(graph) : NULL;
}

static void read_jsonld(page *pg, const char *text)
{
    /* pages wrap JSON-LD in comments or CDATA now and then */
    const char *s = text;
    for (;;) {
        while (isspace((unsigned char)*s))
            s++;
        if (strncmp(s, "<![CDATA[", 9) == 0)
            s += 9;
        else if (strncmp(s, "<!--", 4) == 0)
            s += 4;
        else
            break;
    }
    cJSON *j = cJSON_Parse(s);
    if (!j)
        return;
    /* only schema.org vocabulary */
    const cJSON *ctx = cJSON_GetObjectItemCaseSensitive(j, "@context");
    bool schema = cJSON_IsArray(j) || (cJSON_IsString(ctx) &&
                  (strstr(ctx->valuestring, "://schema.org") != NULL));
    const cJSON *a = schema ? ld_article(j) : NULL;
    if (a && !pg->ld_title) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(a, "name");
        const cJSON *head = cJSON_GetObjectItemCaseSensitive(a, "headline");
        /* Readability prefers `name`, unless only `headline` resembles
         * the page's title */
        if (cJSON_IsString(name) && cJSON_IsString(head) &&
            strcmp(name->valuestring, head->valuestring) != 0) {
            char *t = article_title(pg);
            bool nm = t && similarity(name->valuestring, t) > 0.75;
            bool hm = t && similarity(head->valuestring, t) > 0.75;
            pg->ld_title = pdup(pg, hm && !nm ? head->valuestring : name->valuestring);
            free(t);
        } else if (cJSON_IsString(name)) {
            pg->ld_title = pdup(pg, name->valuestring);
        } else if (cJSON_IsString(head)) {
            pg->ld_title = pdup(pg, head->valuestring);
        }
        const cJSON *au = cJSON_GetObjectItemCaseSensitive(a, "author");
        cd_buf b = {0};
        if (cJSON_IsObject(au)) {
            const cJSON *n = cJSON_GetObjectItemCaseSensitive(au, "name");
            if (cJSON_IsString(n))
                cd_buf_puts(&b, n->valuestring);
        } else if (cJSON_IsArray(au)) {
            const cJSON *e;
            cJSON_ArrayForEach(e, au) {
                const cJSON *n = cJSON_GetObjectItemCaseSensitive(e, "name");
                if (cJSON_IsString(n)) {
                    if (b.len)
                        cd_buf_puts(&b, ", ");
                    cd_buf_puts(&b, n->valuestring);
                }
            }
        } else if (cJSON_IsString(au)) {
            cd_buf_puts(&b, au->valuestring);
        }
        if (b.oom) {
            pg->oom = true;
            cd_buf_free(&b);
        } else if (b.p) {
            pg->ld_byline = b.p;
        }
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(a, "description");
        if (cJSON_IsString(d))
            pg->ld_excerpt = pdup(pg, d->valuestring);
        const cJSON *pub = cJSON_GetObjectItemCaseSensitive(a, "publisher");
        const cJSON *pn = cJSON_IsObject(pub) ? cJSON_GetObjectItemCaseSensitive(pub, "name") : NULL;
        if (cJSON_IsString(pn))
            pg->ld_site = pdup(pg, pn->valuestring);
        const cJSON *dp = cJSON_GetObjectItemCaseSensitive(a, "datePublished");
        if (cJSON_IsString(dp))
            pg->ld_published = pdup(pg, dp->valuestring);
    }
    cJSON_Delete(j);
}

static void collect_meta(page *pg, xmlNode *n, int depth)
{
    for (xmlNode *c = n; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(c, "meta")) {
            const char *content = attr(c, "content");
            const char *prop = attr(c, "property");
            const char *nm = attr(c, "name");
            if (content && prop) {
                /* property may list several: "og:title twitter:title" */
                char buf[256];
                snprintf(buf, sizeof buf, "%s", prop);
                char *save = NULL;
                for (char *t = strtok_r(buf, " ", &save); t; t = strtok_r(NULL, " ", &save))
                    if (property_key(t)) {
                        meta_put(&pg->meta, t, content);
                        break; /* Readability keeps the first match */
                    }
            }
            if (content && nm && name_key(nm))
                meta_put(&pg->meta, nm, content);
        } else if (name_is(c, "title") && !pg->doc_title) {
            pg->doc_title = text_oom(c, &pg->oom);
        } else if (name_is(c, "link") && !pg->canonical) {
            const char *rel = attr(c, "rel");
            if (rel && strcasecmp(rel, "canonical") == 0)
                pg->canonical = pdup(pg, attr(c, "href"));
        } else if (name_is(c, "script")) {
            const char *type = attr(c, "type");
            if (type && strcasecmp(type, "application/ld+json") == 0) {
                /* the script's raw text (node_text skips script bodies) */
                cd_buf b = {0};
                for (xmlNode *k = c->children; k; k = k->next)
                    if (k->content)
                        cd_buf_puts(&b, (const char *)k->content);
                if (b.oom)
                    pg->oom = true;
                else if (b.p)
                    read_jsonld(pg, b.p);
                cd_buf_free(&b);
            }
        }
        if (c->children && depth <= CD_HTML_MAX_DEPTH)
            collect_meta(pg, c->children, depth + 1);
    }
}

/* ---- Title --------------------------------------------------------------- */

static bool is_sep(const char *p)
{
    /* ' | ', ' - ', ' – ', ' — ', ' \ ', ' / ', ' > ', ' » ' */
    static const char *const seps[] = {"|", "-", "\xE2\x80\x93", "\xE2\x80\x94",
                                       "\\", "/", ">", "\xC2\xBB"};
    for (size_t i = 0; i < CD_ARRAY_LEN(seps); i++) {
        size_t l = strlen(seps[i]);
        if (p[0] == ' ' && strncmp(p + 1, seps[i], l) == 0 && p[1 + l] == ' ')
            return true;
    }
    return false;
}

static bool hierarchical_sep(const char *p)
{
    return p[0] == ' ' && (p[1] == '\\' || p[1] == '/' || p[1] == '>' ||
                           strncmp(p + 1, "\xC2\xBB", 2) == 0);
}

static bool heading_equals(xmlNode *n, const char *text, int depth, bool *oom)
{
    for (xmlNode *c = n; c; c = c->next) {
        if (name_is(c, "h1") || name_is(c, "h2")) {
            char *t = text_oom(c, oom);
            bool eq = t && strcmp(t, text) == 0;
            free(t);
            if (eq)
                return true;
        }
        if (c->children && depth <= CD_HTML_MAX_DEPTH &&
            heading_equals(c->children, text, depth + 1, oom))
            return true;
    }
    return false;
}

static int count_h1(xmlNode *n, xmlNode **first, int depth)
{
    int k = 0;
    for (xmlNode *c = n; c; c = c->next) {
        if (name_is(c, "h1")) {
            if (!*first)
                *first = c;
            k++;
        }
        if (c->children && depth <= CD_HTML_MAX_DEPTH)
            k += count_h1(c->children, first, depth + 1);
    }
    return k;
}

/* Readability's title heuristics over <title>. Returns malloc'd text. */
static char *article_title(page *pg)
{
    if (!pg->doc_title || !pg->doc_title[0])
        return NULL;
    const char *orig = pg->doc_title;
    size_t n = strlen(orig);
    char *cur = strdup(orig);
    if (!cur) {
        pg->oom = true;
        return NULL;
    }
    bool had_hier = false, had_sep = false;
    const char *last = NULL, *first = NULL;
    for (const char *p = orig; *p; p++)
        if (is_sep(p)) {
            had_sep = true;
            if (hierarchical_sep(p))
                had_hier = true;
            if (!first)
                first = p;
            last = p;
        }
    if (had_sep) {
        /* the part before the last separator, or after the first one when
         * that leaves fewer than three words */
        snprintf(cur, n + 1, "%.*s", (int)(last - orig), orig);
        if (word_count(cur) < 3) {
            const char *after = first + 1;
            while (*after && *after != ' ')
                after++;
            snprintf(cur, n + 1, "%s", after);
        }
    } else if (strstr(orig, ": ")) {
        xmlNode *root = pg->root;
        char trimmed[1024];
        snprintf(trimmed, sizeof trimmed, "%s", orig);
        if (!heading_equals(root, trimmed, 0, &pg->oom)) {
            const char *lc = strrchr(orig, ':');
            snprintf(cur, n + 1, "%s", lc + 1);
            if (word_count(cur) < 3) {
                snprintf(cur, n + 1, "%s", strchr(orig, ':') + 1);
            } else {
                char head[1024];
                snprintf(head, sizeof head, "%.*s", (int)(strchr(orig, ':') - orig), orig);
                if (word_count(head) > 5)
                    snprintf(cur, n + 1, "%s", orig);
            }
        }
    } else if (n > 150 || n < 15) {
        xmlNode *h1 = NULL;
        if (count_h1(pg->root, &h1, 0) == 1) {
            char *t = text_oom(h1, &pg->oom);
            if (t) {
                free(cur);
                cur = t;
            }
        }
    }
    /* trim and collapse */
    cd_buf b = {0};
    put_text(&b, cur);
    free(cur);
    if (b.oom) {
        cd_buf_free(&b);
        pg->oom = true;
        return NULL;
    }
    cur = b.p ? b.p : strdup("");
    if (!cur) {
        pg->oom = true;
        return NULL;
    }
    size_t s = 0, e = strlen(cur);
    while (cur[s] == ' ')
        s++;
    while (e > s && cur[e - 1] == ' ')
        e--;
    memmove(cur, cur + s, e - s);
    cur[e - s] = 0;
    int wc = word_count(cur);
    if (wc <= 4) {
        /* too short: keep the original unless a hierarchical separator
         * removed exactly one word */
        int ow = 0;
        bool in = false;
        for (const char *p = orig; *p; p++) {
            bool sepch = strchr("|-\\/>", *p) != NULL ||
                         strncmp(p, "\xE2\x80\x93", 3) == 0 ||
                         strncmp(p, "\xE2\x80\x94", 3) == 0 ||
                         strncmp(p, "\xC2\xBB", 2) == 0;
            if (isspace((unsigned char)*p) || sepch) {
                in = false;
            } else if (!in && ((unsigned char)*p & 0xC0) != 0x80) {
                in = true;
                ow++;
            }
        }
        if (!had_hier || wc != ow - 1) {
            free(cur);
            cur = strdup(orig);
            if (!cur)
                pg->oom = true;
        }
    }
    return cur;
}

/* ---- Content --------------------------------------------------------------- */

static const char *const unlikely[] = {
    "-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community",
    "cover-wrap", "disqus", "extra", "footer", "gdpr", "header", "legends", "menu",
    "related", "remark", "replies", "rss", "shoutbox", "sidebar", "skyscraper",
    "social", "sponsor", "supplemental", "ad-break", "agegate", "pagination",
    "pager", "popup", "yom-remote",
};
static const char *const maybe[] = {"and", "article", "body", "column", "content",
                                    "main", "shadow"};
static const char *const positive[] = {
    "article", "body", "content", "entry", "hentry", "h-entry", "main", "page",
    "pagination", "post", "text", "blog", "story",
};
static const char *const negative[] = {
    "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer",
    "gdpr", "masthead", "media", "meta", "outbrain", "promo", "related", "scroll",
    "share", "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping", "tags",
    "widget",
};
static const char *const caption_words[] = {"caption", "credit"};
static const char *const byline_words[] = {"byline", "author", "dateline",
                                           "writtenby", "p-author"};

static int class_weight(const xmlNode *n)
{
    int w = 0;
    const char *c = attr(n, "class"), *id = attr(n, "id");
    if (c && any_of(c, negative, CD_ARRAY_LEN(negative)))
        w -= 25;
    if (c && any_of(c, positive, CD_ARRAY_LEN(positive)))
        w += 25;
    if (id && any_of(id, negative, CD_ARRAY_LEN(negative)))
        w -= 25;
    if (id && any_of(id, positive, CD_ARRAY_LEN(positive)))
        w += 25;
    return w;
}

static bool hidden(const xmlNode *n)
{
    const char *st = attr(n, "style");
    if (st && (icontains(st, "display:none") || icontains(st, "display: none") ||
               icontains(st, "visibility:hidden")))
        return true;
    if (attr(n, "hidden"))
        return true;
    const char *ah = attr(n, "aria-hidden");
    return ah && strcmp(ah, "true") == 0 && !icontains(attr(n, "class"), "fallback-image");
}

static bool dropped_tag(const xmlNode *n)
{
    static const char *const tags[] = {
        "script", "style", "noscript", "iframe", "object", "embed", "footer",
        "nav", "aside", "form", "button", "input", "select", "textarea", "svg",
        "link", "meta", "template", "figcaption",
    };
    for (size_t i = 0; i < CD_ARRAY_LEN(tags); i++)
        if (name_is(n, tags[i]))
            return true;
    return false;
}

typedef struct scored {
    xmlNode *node;
    double score;
} scored;

/* What conditional cleaning counts under an element (Readability's
 * _cleanConditionally, written from its description), summed once per
 * attempt by set_sums: saturating counts. */
typedef struct tally {
    uint32_t p, img, li, input, embed;
    uint32_t heads;   /* non-space bytes of text inside h1-h6 */
    uint32_t listed;  /* non-space bytes of text inside ul/ol */
    uint32_t prose;   /* paragraphs of running text: 100 bytes or more,
                       * under a quarter of it links */
} tally;

/* What the content walks know of one element, reached through the
 * node's _private pointer (libxml2 leaves it to the application): its
 * place in the score list and, for the attempt at hand, sums over its
 * subtree, so no walk has to go over a subtree more than once. */
typedef struct ninfo {
    int idx;          /* index in content.v, or -1 */
    bool block_below; /* has an element child that is a block or has one */
    uint32_t all;     /* non-space bytes of its text nodes (link density) */
    uint32_t links;   /* of those, inside <a> (the node itself not counted) */
    uint32_t commas;  /* commas of its text, as node_text would give it */
    tally t;          /* what is under it, for furniture() */
    uint16_t kind;    /* K_* of its tag, looked up once */
} ninfo;

enum {
    K_KNOWN = 1, K_BLOCK = 2, K_A = 4, K_SKIP = 8 /* script, style, noscript */,
    K_P = 16, K_DIV = 32, K_IMG = 64, K_LI = 128, K_INPUT = 256,
    K_EMBED = 512 /* embed, object, iframe */, K_HEAD = 1024, K_LIST = 2048 /* ul, ol */
};

/* An element taken out of the tree by prune, with the place to put it
 * back: the next attempt starts from the page as it was parsed. */
typedef struct removed {
    xmlNode *node, *parent, *next;
} removed;

typedef struct content {
    cd_run *run;          /* for the time budget */
    scored *v;
    int n, cap;
    removed *gone;        /* what prune took out, in order */
    size_t ngone, capgone;
    char *byline;
    char *pending;        /* a heading not yet written (write_para) */
    size_t out_cap;       /* the article is never longer than its page */
    unsigned ticks;
    bool late;            /* the time budget ran out */
    bool oom;             /* something was lost for want of memory */
    bool strip_unlikely;  /* first attempt: drop unlikely candidates */
    bool weigh_classes;   /* class and id names move scores */
} content;

/* Count one step of work; every 4096th looks at the clock. */
static bool late(content *ct)
{
    if (!ct->late && (++ct->ticks & 4095) == 0 && cd_budget_spent(ct->run))
        ct->late = true;
    return ct->late;
}

static ninfo *info(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE ? (ninfo *)n->_private : NULL;
}

/* n's text into b as text_of writes it, but only until more than `cap`
 * bytes are certain to survive the trimming of node_text, so a long
 * subtree costs no more than `cap`. */
static void capped_text(const xmlNode *n, cd_buf *b, size_t cap, int depth)
{
    for (const xmlNode *c = n->children; c; c = c->next) {
        /* a non-space byte at or past `cap` (leading spaces aside)
         * cannot be trimmed away: the length is known to be >= cap */
        if (b->len > cap) {
            size_t s = 0;
            while (s < b->len && b->p[s] == ' ')
                s++;
            if (b->len - s > cap && b->p[b->len - 1] != ' ')
                return;
        }
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content)
                put_text(b, (const char *)c->content);
        } else if (c->type == XML_ELEMENT_NODE && !name_is(c, "script") &&
                   !name_is(c, "style") && !name_is(c, "noscript") &&
                   depth <= CD_HTML_MAX_DEPTH) {
            if (name_is(c, "br"))
                cd_buf_putc(b, ' ');
            capped_text(c, b, cap, depth + 1);
        }
    }
}

/* min(strlen(node_text(n)), cap), and that text when it is shorter than
 * cap (malloc'd; NULL when out of memory, raising *oom). */
static char *text_upto(const xmlNode *n, size_t cap, size_t *len, bool *oom)
{
    cd_buf b = {0};
    capped_text(n, &b, cap, 0);
    if (b.oom) {
        cd_buf_free(&b);
        *oom = true;
        *len = 0;
        return NULL;
    }
    if (!b.p)
        cd_buf_put(&b, "", 0);
    if (!b.p) {
        *oom = true;
        *len = 0;
        return NULL;
    }
    size_t s = 0;
    while (b.p[s] == ' ')
        s++;
    size_t e = b.len;
    while (e > s && b.p[e - 1] == ' ')
        e--;
    memmove(b.p, b.p + s, e - s);
    b.p[e - s] = 0;
    *len = e - s < cap ? e - s : cap;
    return b.p;
}

static scored *score_of(content *ct, xmlNode *n, bool create)
{
    ninfo *in = info(n);
    if (!in)
        return NULL;
    if (in->idx >= 0)
        return &ct->v[in->idx];
    if (!create)
        return NULL;
    if (ct->n == ct->cap) {
        int cap = ct->cap ? ct->cap * 2 : 64;
        scored *v = realloc(ct->v, (size_t)cap * sizeof *v);
        if (!v) {
            ct->oom = true;
            return NULL;
        }
        ct->v = v;
        ct->cap = cap;
    }
    double init = 0;
    if (name_is(n, "div"))
        init = 5;
    else if (name_is(n, "pre") || name_is(n, "td") || name_is(n, "blockquote"))
        init = 3;
    else if (name_is(n, "address") || name_is(n, "ol") || name_is(n, "ul") ||
             name_is(n, "dl") || name_is(n, "dd") || name_is(n, "dt") ||
             name_is(n, "li") || name_is(n, "form"))
        init = -3;
    else if (name_is(n, "h1") || name_is(n, "h2") || name_is(n, "h3") ||
             name_is(n, "h4") || name_is(n, "h5") || name_is(n, "h6") ||
             name_is(n, "th"))
        init = -5;
    in->idx = ct->n;
    ct->v[ct->n].node = n;
    ct->v[ct->n].score = init + (ct->weigh_classes ? class_weight(n) : 0);
    return &ct->v[ct->n++];
}

/* Links' share of the text under n: <a> text over all text, counting
 * non-space bytes of text nodes (from the sums of set_sums). */
static double link_density(const xmlNode *n)
{
    const ninfo *in = info(n);
    return in && in->all ? (double)in->links / (double)in->all : 0;
}

/* Take c out of the tree, noting where it was. */
static void take_out(content *ct, xmlNode *c)
{
    if (ct->ngone == ct->capgone) {
        size_t cap = ct->capgone ? ct->capgone * 2 : 64;
        removed *g = realloc(ct->gone, cap * sizeof *g);
        if (!g) {
            /* not put back later, but still not content */
            ct->oom = true;
            xmlUnlinkNode(c);
            xmlFreeNode(c);
            return;
        }
        ct->gone = g;
        ct->capgone = cap;
    }
    ct->gone[ct->ngone].node = c;
    ct->gone[ct->ngone].parent = c->parent;
    ct->gone[ct->ngone].next = c->next;
    ct->ngone++;
    xmlUnlinkNode(c);
}

/* Put back what prune took out, last first: each goes before the sibling
 * that followed it, which is in the tree again by then. */
static void put_back(content *ct)
{
    while (ct->ngone > 0) {
        removed *g = &ct->gone[--ct->ngone];
        if (g->next)
            xmlAddPrevSibling(g->next, g->node);
        else
            xmlAddChild(g->parent, g->node);
    }
}

static bool byline_node(const xmlNode *c)
{
    const char *cls = attr(c, "class"), *id = attr(c, "id");
    const char *rel = attr(c, "rel"), *ip = attr(c, "itemprop");
    return (rel && strcasecmp(rel, "author") == 0) || (ip && icontains(ip, "author")) ||
           (cls && any_of(cls, byline_words, CD_ARRAY_LEN(byline_words))) ||
           (id && any_of(id, byline_words, CD_ARRAY_LEN(byline_words)));
}

/* Does an element under n look like a byline (a credit bar holding the
 * author's name)? */
static bool holds_byline(const xmlNode *n, int depth)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE &&
            (byline_node(c) || (depth < CD_HTML_MAX_DEPTH && holds_byline(c, depth + 1))))
            return true;
    return false;
}

/* Remove what is not content; note a byline on the way.  Comments stay:
 * nothing that reads the tree looks at them. */
static void prune(content *ct, xmlNode *n, int depth)
{
    xmlNode *c = n->children;
    while (c && !late(ct)) {
        xmlNode *next = c->next;
        if (c->type == XML_ELEMENT_NODE) {
            const char *cls = attr(c, "class"), *id = attr(c, "id");
            char match[512];
            snprintf(match, sizeof match, "%s %s", cls ? cls : "", id ? id : "");
            bool byl = byline_node(c);
            if (!ct->byline && byl) {
                size_t len;
                char *t = text_upto(c, 100, &len, &ct->oom);
                if (t && t[0] && len < 100) {
                    ct->byline = t;
                    take_out(ct, c);
                    c = next;
                    continue;
                }
                free(t);
            }
            /* an author box ("X currently works for Y as a writer. She
             * is also ..."): too long for a byline, too short to hold the
             * article */
            if (byl && !name_is(c, "body") && !name_is(c, "article") && !name_is(c, "main")) {
                size_t len;
                char *t = text_upto(c, 1500, &len, &ct->oom);
                free(t);
                if (len >= 100 && len < 1500) {
                    take_out(ct, c);
                    c = next;
                    continue;
                }
            }
            /* a photo's caption or credit outside <figcaption> */
            if (any_of(match, caption_words, CD_ARRAY_LEN(caption_words)) &&
                !(!ct->byline && holds_byline(c, depth))) {
                size_t len;
                char *t = text_upto(c, 400, &len, &ct->oom);
                free(t);
                if (len < 400) {
                    take_out(ct, c);
                    c = next;
                    continue;
                }
            }
            bool unl = ct->strip_unlikely &&
                       any_of(match, unlikely, CD_ARRAY_LEN(unlikely)) &&
                       !any_of(match, maybe, CD_ARRAY_LEN(maybe)) &&
                       !name_is(c, "body") && !name_is(c, "a") &&
                       !name_is(c, "main") && !name_is(c, "article") &&
                       !name_is(c, "table") && !name_is(c, "tbody") &&
                       !name_is(c, "tr") && !name_is(c, "td");
            const char *role = attr(c, "role");
            bool bad_role = role && (strcmp(role, "menu") == 0 || strcmp(role, "menubar") == 0 ||
                                     strcmp(role, "complementary") == 0 ||
                                     strcmp(role, "navigation") == 0 ||
                                     strcmp(role, "alert") == 0 || strcmp(role, "dialog") == 0);
            if (dropped_tag(c) || hidden(c) || unl || bad_role) {
                take_out(ct, c);
            } else if (depth <= CD_HTML_MAX_DEPTH) {
                prune(ct, c, depth + 1);
            }
        }
        c = next;
    }
}

static bool is_block_tag(const xmlNode *n)
{
    static const char *const tags[] = {
        "address", "article", "aside", "blockquote", "div", "dl", "fieldset",
        "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "ul",
        "tr", "td", "dd", "dt", "figcaption", "select", "body", "html",
        "center", "details", "summary", "caption", "thead", "tbody", "tfoot",
    };
    for (size_t i = 0; i < CD_ARRAY_LEN(tags); i++)
        if (name_is(n, tags[i]))
            return true;
    return false;
}

static bool is_block(const xmlNode *n)
{
    const ninfo *in = info(n);
    return in && (in->kind & K_KNOWN) ? (in->kind & K_BLOCK) != 0 : is_block_tag(n);
}

/* Does n hold a block element at any depth (from set_sums)? */
static bool has_block_child(const xmlNode *n)
{
    const ninfo *in = info(n);
    return in && in->block_below;
}

static uint32_t add32(uint32_t a, size_t b)
{
    return b > UINT32_MAX - a ? UINT32_MAX : a + (uint32_t)b;
}

/* Add child c (its info ci, already summed) to its parent's tally:
 * what is under c, and c itself.  A heading counts as its text only. */
static void tally_child(tally *t, const ninfo *ci)
{
    uint16_t k = ci->kind;
    if (k & K_HEAD) {
        t->heads = add32(t->heads, ci->all);
        return;
    }
    t->p = add32(t->p, ci->t.p);
    t->img = add32(t->img, ci->t.img);
    t->li = add32(t->li, ci->t.li);
    t->input = add32(t->input, ci->t.input);
    t->embed = add32(t->embed, ci->t.embed);
    t->heads = add32(t->heads, ci->t.heads);
    t->listed = add32(t->listed, ci->t.listed);
    t->prose = add32(t->prose, ci->t.prose);
    if ((k & K_P) || ((k & K_DIV) && !ci->block_below)) {
        t->p = add32(t->p, 1);
        if (ci->all >= 100 && (double)ci->links / (double)ci->all < 0.25)
            t->prose = add32(t->prose, 1);
    }
    t->img = add32(t->img, (k & K_IMG) != 0);
    t->li = add32(t->li, (k & K_LI) != 0);
    t->input = add32(t->input, (k & K_INPUT) != 0);
    t->embed = add32(t->embed, (k & K_EMBED) != 0);
    if (k & K_LIST)
        t->listed = add32(t->listed, ci->all);
}

/* One pass over the tree under `top` as the attempt left it, children
 * before parents (by parent pointers, so no recursion): every element's
 * sums, and no score yet. */
static void set_sums(content *ct, xmlNode *top)
{
    xmlNode *n = top;
    for (;;) {
        /* down to the first element child not yet summed */
        if (n->children && !late(ct)) {
            xmlNode *c = n->children;
            while (c && c->type != XML_ELEMENT_NODE)
                c = c->next;
            if (c) {
                n = c;
                continue;
            }
        }
        /* n's children are summed: sum n */
        for (;;) {
            ninfo *in = info(n);
            if (in) {
                in->idx = -1;
                in->block_below = false;
                in->all = in->links = in->commas = 0;
                memset(&in->t, 0, sizeof in->t);
                for (const xmlNode *c = n->children; c; c = c->next) {
                    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
                        size_t l = 0, k = 0;
                        if (c->content)
                            for (const char *p = (const char *)c->content; *p; p++) {
                                if (!isspace((unsigned char)*p))
                                    l++;
                                if (*p == ',')
                                    k++;
                            }
                        if (c->type == XML_TEXT_NODE)
                            in->all = add32(in->all, l);
                        in->commas = add32(in->commas, k);
                    } else if (c->type == XML_ELEMENT_NODE) {
                        const ninfo *ci = info(c);
                        if (is_block(c) || (ci && ci->block_below))
                            in->block_below = true;
                        if (!ci)
                            continue;
                        in->all = add32(in->all, ci->all);
                        in->links = add32(in->links, ci->kind & K_A ? ci->all : ci->links);
                        if (!(ci->kind & K_SKIP))
                            in->commas = add32(in->commas, ci->commas);
                        tally_child(&in->t, ci);
                    }
                }
            }
            if (n == top)
                return;
            /* then the next element sibling, or up */
            xmlNode *s = n->next;
            while (s && s->type != XML_ELEMENT_NODE)
                s = s->next;
            if (s) {
                n = s;
                break;
            }
            n = n->parent;
            if (!n)
                return;
        }
    }
}

/* Score paragraph-like nodes into their ancestors. */
static void score_tree(content *ct, xmlNode *n, int depth)
{
    for (xmlNode *c = n->children; c && !late(ct); c = c->next) {
        if (c->type != XML_ELEMENT_NODE)
            continue;
        bool para = name_is(c, "p") || name_is(c, "pre") || name_is(c, "td") ||
                    name_is(c, "section") || name_is(c, "h2") || name_is(c, "h3") ||
                    name_is(c, "h4") || name_is(c, "h5") || name_is(c, "h6") ||
                    (name_is(c, "div") && !has_block_child(c));
        if (para) {
            /* the length counts up to 300 bytes, so no more is read */
            size_t len;
            char *t = text_upto(c, 300, &len, &ct->oom);
            const ninfo *ci = info(c);
            if (t && len >= 25) {
                double commas = ci ? (double)ci->commas : 0;
                double s = 1 + commas + (len / 100 < 3 ? (double)(len / 100) : 3);
                xmlNode *anc = c->parent;
                for (int level = 0; anc && anc->type == XML_ELEMENT_NODE && level < 5;
                     level++, anc = anc->parent) {
                    scored *sc = score_of(ct, anc, true);
                    if (!sc)
                        break;
                    double div = level == 0 ? 1 : level == 1 ? 2 : level * 3;
                    sc->score += s / div;
                }
            }
            free(t);
            if (!name_is(c, "div") && !name_is(c, "section"))
                continue;
        }
        if (depth <= CD_HTML_MAX_DEPTH)
            score_tree(ct, c, depth + 1);
    }
}

static bool heading(const xmlNode *n)
{
    return name_is(n, "h1") || name_is(n, "h2") || name_is(n, "h3") ||
           name_is(n, "h4") || name_is(n, "h5") || name_is(n, "h6");
}

/* A heading that is a whole sentence ("Welcome to DoctorX's lab, where
 * ... No questions asked.") is a standfirst: body text, not a heading. */
static bool sentence_heading(const char *t)
{
    size_t n = strlen(t);
    return n && strchr(".!?", t[n - 1]) && word_count(t) >= 8;
}

/* Is the article as long as it may be (ct->out_cap)?  No page holds more
 * text than bytes, so only a page that repeats its text, nested, gets
 * here; the rest of it is not written. */
static bool full(const content *ct, const cd_buf *out)
{
    return out->len >= ct->out_cap;
}

/* Append t to the article, no further than ct->out_cap (cut back to a
 * character boundary). */
static void put_capped(const content *ct, cd_buf *out, const char *t)
{
    size_t n = strlen(t);
    if (out->len + n > ct->out_cap) {
        n = out->len < ct->out_cap ? ct->out_cap - out->len : 0;
        while (n && ((unsigned char)t[n] & 0xC0) == 0x80)
            n--;
    }
    cd_buf_put(out, t, n);
}

/* Write paragraph t.  A heading waits for the text it heads: one that
 * heads nothing written ("Related articles" over a list cleaned away,
 * "Comments" at the end) is dropped when the next heading comes, or at
 * the end (end_blocks). */
static void write_para(content *ct, cd_buf *out, const char *t, bool head)
{
    if (!t || !t[0])
        return;
    if (head) {
        free(ct->pending);
        ct->pending = strdup(t);
        if (!ct->pending)
            ct->oom = true;
        return;
    }
    if (ct->pending) {
        if (out->len)
            cd_buf_puts(out, "\n\n");
        cd_buf_puts(out, "## ");
        put_capped(ct, out, ct->pending);
        free(ct->pending);
        ct->pending = NULL;
    }
    if (out->len)
        cd_buf_puts(out, "\n\n");
    if (head)
        cd_buf_puts(out, "## ");
    put_capped(ct, out, t);
}

/* The end of the article: a heading with nothing after it goes, unless
 * it is all there is. */
static void end_blocks(content *ct, cd_buf *out)
{
    if (ct->pending && !out->len) {
        cd_buf_puts(out, "## ");
        put_capped(ct, out, ct->pending);
    }
    free(ct->pending);
    ct->pending = NULL;
}

static void emit_para(content *ct, cd_buf *out, const xmlNode *n, const char *t)
{
    write_para(ct, out, t, heading(n) && t && !sentence_heading(t));
}

static bool under_figure(const xmlNode *n)
{
    for (const xmlNode *a = n->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent)
        if (name_is(a, "figure"))
            return true;
    return false;
}

/* Is container n, inside the article, furniture rather than text: a
 * block of links, a gallery, a form, a widget with next to no text?
 * Only few-comma blocks are judged; prose has commas.  KEEP, DROP, or
 * MIXED: furniture around running text, read one level down with its
 * thin leaves left out. */
enum { KEEP, DROP, MIXED };

static int furniture(content *ct, const xmlNode *n)
{
    if (!(name_is(n, "div") || name_is(n, "section") || name_is(n, "ul") ||
          name_is(n, "ol") || name_is(n, "dl") || name_is(n, "header") ||
          name_is(n, "fieldset")))
        return KEEP;
    const ninfo *in = info(n);
    if (!in)
        return KEEP;
    int weight = ct->weigh_classes ? class_weight(n) : 0;
    scored *sc = score_of(ct, (xmlNode *)n, false);
    if (weight + (sc ? sc->score : 0) < 0)
        return DROP;
    if (in->commas >= 10)
        return KEEP;
    const tally t = in->t;
    double len = in->all;
    bool list = name_is(n, "ul") || name_is(n, "ol") ||
                (len > 0 && t.listed / len > 0.9);
    double ld = link_density(n);
    double hd = len > 0 ? t.heads / len : 0;
    bool fig = under_figure(n);
    bool bad = (t.img > 1 && (double)t.p / t.img < 0.5 && !fig) ||
               (!list && (long)t.li - 100 > (long)t.p) ||
               (t.input > t.p / 3) ||
               (!list && hd < 0.9 && len < 25 && (t.img == 0 || t.img > 2) && !fig) ||
               (!list && weight < 25 && ld > 0.2) ||
               (weight >= 25 && ld > 0.5) ||
               (t.embed == 1 && len < 75) || t.embed > 1;
    if (!bad)
        return KEEP;
    /* a block with running text in it is read one level down: its
     * furniture goes there, its text stays */
    return t.prose > 0 ? MIXED : DROP;
}

/* A leaf of a mixed container that is no text: a label, or mostly links. */
static bool thin_leaf(const xmlNode *c)
{
    const ninfo *ci = info(c);
    return !heading(c) && ci && (ci->all < 25 || link_density(c) > 0.5);
}

/* Text directly inside a container that also holds blocks, between
 * them (an old page's "text<br><br>text<div class=caption>...</div>text"),
 * as a paragraph of its own where it stands; under 25 bytes it is a
 * label, not text. */
static void flush_loose(content *ct, cd_buf *out, cd_buf *loose)
{
    if (loose->oom)
        out->oom = true;
    if (loose->p) {
        size_t s = 0, e = loose->len;
        while (s < e && loose->p[s] == ' ')
            s++;
        while (e > s && loose->p[e - 1] == ' ')
            e--;
        if (e - s >= 25 && !full(ct, out)) {
            loose->p[e] = 0;
            write_para(ct, out, loose->p + s, false);
        }
    }
    cd_buf_free(loose);
    *loose = (cd_buf){0};
}

static bool blank(const char *s)
{
    for (; *s; s++)
        if (!isspace((unsigned char)*s))
            return false;
    return true;
}

/* Write the blocks under n as paragraphs of `out`, in page order, with
 * the text between them; two line breaks in a row end a paragraph. */
static void emit_blocks(content *ct, const xmlNode *n, cd_buf *out, int depth, bool strict)
{
    /* only a container with blocks in it has loose text (without, it is
     * a leaf, written whole by the caller) */
    bool loose_text = has_block_child(n) && !strict;
    cd_buf loose = {0};
    int brs = 0;
    for (const xmlNode *c = n->children; c && !full(ct, out) && !late(ct); c = c->next) {
        if (c->type == XML_TEXT_NODE) {
            if (loose_text && c->content) {
                if (!blank((const char *)c->content))
                    brs = 0;
                put_text(&loose, (const char *)c->content);
            }
            continue;
        }
        if (c->type != XML_ELEMENT_NODE)
            continue;
        if (name_is(c, "br")) {
            if (++brs >= 2 && loose_text)
                flush_loose(ct, out, &loose);
            else if (loose.len && loose.p[loose.len - 1] != ' ')
                cd_buf_putc(&loose, ' ');
            continue;
        }
        if (!is_block(c) && !has_block_child(c)) {
            if (loose_text) {
                text_of(c, &loose);
                brs = 0;
            }
            continue;
        }
        brs = 0;
        if (loose_text)
            flush_loose(ct, out, &loose);
        bool leaf = name_is(c, "p") || heading(c) || name_is(c, "li") ||
                    name_is(c, "pre") || name_is(c, "blockquote") ||
                    name_is(c, "dd") || name_is(c, "dt") ||
                    (is_block(c) && !has_block_child(c));
        if (leaf && !(name_is(c, "blockquote") && has_block_child(c))) {
            /* a division of links or a label is judged as a container is */
            if ((strict && thin_leaf(c)) || furniture(ct, c) == DROP)
                continue;
            char *t = text_oom(c, &out->oom);
            emit_para(ct, out, c, t);
            free(t);
            continue;
        }
        int f = depth <= CD_HTML_MAX_DEPTH ? furniture(ct, c) : DROP;
        if (f != DROP)
            emit_blocks(ct, c, out, depth + 1, strict || f == MIXED);
    }
    if (loose_text && !ct->late)
        flush_loose(ct, out, &loose);
    cd_buf_free(&loose);
}

/* Pick the best-scoring container and the siblings close to it. */
static void grab_blocks(content *ct, xmlNode *body, cd_buf *out)
{
    score_tree(ct, body, 0);
    scored *top = NULL;
    for (int i = 0; i < ct->n; i++) {
        ct->v[i].score *= 1 - link_density(ct->v[i].node);
        if (!top || ct->v[i].score > top->score)
            top = &ct->v[i];
    }
    if (ct->late)
        return;
    if (!top) {
        emit_blocks(ct, body, out, 0, false);
        return;
    }
    xmlNode *tn = top->node;
    /* Several near-best candidates under one ancestor: the ancestor is
     * the article (its paragraphs were split into blocks). */
    /* the four best after the top (Readability keeps five in all) */
    scored *alt[4];
    int nalt = 0;
    for (int i = 0; i < ct->n; i++) {
        scored *c = &ct->v[i];
        if (c == top)
            continue;
        int pos = nalt < 4 ? nalt++ : 4;
        if (pos == 4 && c->score <= alt[3]->score)
            continue;
        if (pos == 4)
            pos = 3;
        while (pos > 0 && alt[pos - 1]->score < c->score) {
            alt[pos] = alt[pos - 1];
            pos--;
        }
        alt[pos] = c;
    }
    while (nalt > 0 && alt[nalt - 1]->score < top->score * 0.75)
        nalt--;
    if (nalt >= 3) {
        for (xmlNode *anc = tn->parent; anc && !name_is(anc, "body"); anc = anc->parent) {
            int inside = 0;
            for (int i = 0; i < nalt; i++)
                for (xmlNode *q = alt[i]->node; q; q = q->parent)
                    if (q == anc) {
                        inside++;
                        break;
                    }
            if (inside >= 3) {
                tn = anc;
                break;
            }
        }
    }
    /* Climb while the parent scores better, or holds only this node. */
    scored *cur = score_of(ct, tn, false);
    double last = cur ? cur->score : top->score;
    const double floor = last / 3;
    for (xmlNode *par = tn->parent; par && !name_is(par, "body"); par = par->parent) {
        scored *ps = score_of(ct, par, false);
        if (!ps)
            continue;
        if (ps->score < floor)
            break;
        if (ps->score > last) {
            tn = par;
            break;
        }
        last = ps->score;
    }
    while (tn->parent && !name_is(tn, "body") && !name_is(tn, "html") &&
           !name_is(tn->parent, "body") && tn->parent->type == XML_ELEMENT_NODE) {
        int kids = 0;
        for (xmlNode *k = tn->parent->children; k; k = k->next)
            if (k->type == XML_ELEMENT_NODE)
                kids++;
        if (kids != 1)
            break;
        tn = tn->parent;
    }
    scored *tsc = score_of(ct, tn, false);
    double tscore = tsc ? tsc->score : top->score;
    double thresh = tscore * 0.2 > 10 ? tscore * 0.2 : 10;
    xmlNode *parent = tn->parent;
    if (!parent) {
        emit_blocks(ct, tn, out, 0, false);
        return;
    }
    for (xmlNode *s = parent->children; s && !full(ct, out) && !late(ct); s = s->next) {
        if (s->type != XML_ELEMENT_NODE)
            continue;
        bool take = s == tn;
        if (!take) {
            scored *sc = score_of(ct, s, false);
            if (sc && sc->score >= thresh)
                take = true;
            else if (name_is(s, "p")) {
                char *t = text_oom(s, &ct->oom);
                size_t len = t ? strlen(t) : 0;
                double ld = link_density(s);
                if ((len > 80 && ld < 0.25) ||
                    (len > 0 && len <= 80 && ld == 0 && t && strstr(t, ". ")))
                    take = true;
                free(t);
            }
        }
        int f = s == tn ? KEEP : furniture(ct, s);
        if (!take || f == DROP)
            continue;
        if (name_is(s, "p") || heading(s)) {
            char *t = text_oom(s, &ct->oom);
            emit_para(ct, out, s, t);
            free(t);
        } else {
            emit_blocks(ct, s, out, 0, f == MIXED);
            if (!has_block_child(s)) {
                char *t = text_oom(s, &ct->oom);
                write_para(ct, out, t, false);
                free(t);
            }
        }
    }
}

static void grab_article(content *ct, xmlNode *body, cd_buf *out)
{
    grab_blocks(ct, body, out);
    end_blocks(ct, out);
}

static xmlNode *find_tag(xmlNode *n, const char *tag, int depth)
{
    for (xmlNode *c = n; c; c = c->next) {
        if (name_is(c, tag))
            return c;
        if (c->children && depth <= CD_HTML_MAX_DEPTH) {
            xmlNode *f = find_tag(c->children, tag, depth + 1);
            if (f)
                return f;
        }
    }
    return NULL;
}

/* Where the article is looked for: <body>, or for a page without one the
 * whole document less its <head>, whose title and metadata are the page's
 * description of itself, not article text (the <head> is removed from this
 * parse of the page; its metadata was read from it first). */
static xmlNode *content_root(xmlNode *root)
{
    xmlNode *body = find_tag(root, "body", 0);
    if (body)
        return body;
    xmlNode *head;
    while ((head = find_tag(root, "head", 0)) && head != root) {
        xmlUnlinkNode(head);
        xmlFreeNode(head);
    }
    return root;
}

/* ---- Entry point ---------------------------------------------------------- */

static char *adup(cd_run *run, const char *s)
{
    return s ? cd_arena_strndup(&run->arena, s, strlen(s)) : NULL;
}

/* The first <p> of the article text (Readability's excerpt fallback). */
static char *first_paragraph(const char *body, bool *oom)
{
    const char *p = body;
    while (*p) {
        const char *e = strstr(p, "\n\n");
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n && strncmp(p, "## ", 3) != 0) {
            char *r = malloc(n + 1);
            if (r) {
                memcpy(r, p, n);
                r[n] = 0;
            } else {
                *oom = true;
            }
            return r;
        }
        if (!e)
            break;
        p = e + 2;
    }
    return NULL;
}

bool cd_looks_like_html(const char *s, size_t n)
{
    size_t i = 0;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < n && isspace((unsigned char)s[i]))
        i++;
    if (i >= n || s[i] != '<')
        return false;
    size_t lim = n < i + 2048 ? n : i + 2048;
    for (size_t j = i; j + 5 < lim; j++)
        if (strncasecmp(s + j, "<html", 5) == 0 || strncasecmp(s + j, "<!doct", 6) == 0 ||
            strncasecmp(s + j, "<head", 5) == 0 || strncasecmp(s + j, "<body", 5) == 0 ||
            strncasecmp(s + j, "<meta", 5) == 0 || strncasecmp(s + j, "<div", 4) == 0 ||
            strncasecmp(s + j, "<p>", 3) == 0 || strncasecmp(s + j, "<title", 6) == 0 ||
            strncasecmp(s + j, "<article", 8) == 0)
            return true;
    return false;
}

/* ---- Parsing without libxml2's global state -------------------------- */

/* libxml2's process-wide set-up, once, whichever thread parses first.
 * libxml2 2.9 takes a lock inside xmlInitParser but tests its "done" flag
 * before the lock, so two threads parsing their first page at once race
 * on it; behind pthread_once every thread sees the set-up finished.  This
 * once-flag is the only static object of the library that ever changes,
 * and it changes once. */
static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

/* One parse's bounds and counts, reached from libxml2's callbacks
 * through the parser context's _private pointer. */
typedef struct parse_state {
    cd_run *run;
    startElementSAXFunc start;  /* libxml2's own tree builder */
    endElementSAXFunc end;
    charactersSAXFunc chars;
    size_t nodes;               /* elements begun, and their attributes */
    size_t flattened;           /* elements read one level up */
    size_t at;                  /* where a limit was passed */
    double searched;            /* open elements searched for stray end tags */
    unsigned ticks;
    bool late;                  /* the time budget ran out */
    bool too_many;              /* more than CD_HTML_MAX_NODES */
    bool too_stray;             /* stray end tags past CD_HTML_MAX_SEARCH */
} parse_state;

/* Stop the parser where it is.  libxml2's loops end at their next test
 * of instate; the input stays as it is (xmlStopParser would free it
 * under the function that called us). */
static void halt(htmlParserCtxtPtr ctxt)
{
    ctxt->instate = XML_PARSER_EOF;
    ctxt->disableSAX = 1;
}

/* One event of the parse; every 1024th looks at the clock. */
static bool tick(htmlParserCtxtPtr ctxt, parse_state *ps)
{
    if (!ps->late && (++ps->ticks & 1023) == 0 && cd_budget_spent(ps->run)) {
        ps->late = true;
        halt(ctxt);
    }
    return ps->late || ps->too_many || ps->too_stray;
}

/* Where in the page the parser is. */
static size_t offset(htmlParserCtxtPtr ctxt)
{
    return ctxt->input ? (size_t)ctxt->input->consumed +
                         (size_t)(ctxt->input->cur - ctxt->input->base) : 0;
}

/* Where this parser's errors go: nowhere (the library never prints).
 * They count as events for the time budget, and an end tag that closes
 * nothing ("Unexpected end tag"), for which libxml2 has searched every
 * open element, counts that search: a page of stray end tags under deep
 * nesting costs their product, and is stopped at CD_HTML_MAX_SEARCH. */
static void quiet(void *ctx, xmlErrorPtr e)
{
    htmlParserCtxtPtr ctxt = ctx;
    if (!ctxt || !ctxt->_private)
        return;
    parse_state *ps = ctxt->_private;
    if (tick(ctxt, ps))
        return;
    if (e && e->code == XML_ERR_TAG_NAME_MISMATCH) {
        ps->searched += ctxt->nameNr;
        if (ps->searched > CD_HTML_MAX_SEARCH) {
            ps->too_stray = true;
            ps->at = offset(ctxt);
            halt(ctxt);
        }
    }
}

/* An element begins.  Past CD_HTML_MAX_DEPTH open elements it closes the
 * one it would nest in first and takes its place (as the implied end of
 * a <p> does), so the page is read whole while neither libxml2's stack of
 * open elements, which each end tag searches, nor the tree grows deeper;
 * browsers cap their trees' depth the same way. */
static void on_start(void *ctx, const xmlChar *name, const xmlChar **atts)
{
    htmlParserCtxtPtr ctxt = ctx;
    parse_state *ps = ctxt->_private;
    if (tick(ctxt, ps))
        return;
    size_t k = 1;
    for (const xmlChar **a = atts; a && a[0]; a += 2)
        k++;
    ps->nodes += k;
    if (ps->nodes > CD_HTML_MAX_NODES) {
        ps->too_many = true;
        ps->at = offset(ctxt);
        halt(ctxt);
        return;
    }
    if (ctxt->nameNr > CD_HTML_MAX_DEPTH && ctxt->nodeNr == ctxt->nameNr - 1 &&
        xmlStrEqual(ctxt->nameTab[ctxt->nameNr - 1], name)) {
        ps->end(ctx, ctxt->nameTab[ctxt->nameNr - 2]);
        ctxt->nameTab[ctxt->nameNr - 2] = name;
        ctxt->nameTab[ctxt->nameNr - 1] = NULL;
        ctxt->nameNr--;
        ctxt->name = name;
        ps->flattened++;
    }
    ps->start(ctx, name, atts);
}

static void on_end(void *ctx, const xmlChar *name)
{
    htmlParserCtxtPtr ctxt = ctx;
    parse_state *ps = ctxt->_private;
    if (!tick(ctxt, ps))
        ps->end(ctx, name);
}

static void on_chars(void *ctx, const xmlChar *s, int n)
{
    htmlParserCtxtPtr ctxt = ctx;
    parse_state *ps = ctxt->_private;
    if (!tick(ctxt, ps))
        ps->chars(ctx, s, n);
}

/* Parse `n` bytes of page in UTF-8.  The options silence the parser's
 * warnings and errors, and the handler set on the parser context keeps
 * them from a structured handler the caller may have set for its own
 * libxml2 work (xmlSetStructuredErrorFunc): nothing is reported through
 * the thread's global handlers, and none is changed.  HTML_PARSE_HUGE
 * lifts libxml2's depth limit of 256, at which it stops reading the page
 * without a word; on_start keeps the depth bounded instead.  NULL for an
 * empty page, out of memory, no document, or a parse stopped by `ps`. */
static htmlDocPtr parse(const char *s, size_t n, parse_state *ps)
{
    pthread_once(&xml_once, xmlInitParser);
    if (n == 0 || n > (size_t)INT32_MAX)
        return NULL;
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt)
        return NULL;
    ctxt->sax->initialized = XML_SAX2_MAGIC; /* so libxml2 reads serror */
    ctxt->sax->serror = quiet;
    ps->start = ctxt->sax->startElement;
    ps->end = ctxt->sax->endElement;
    ps->chars = ctxt->sax->characters;
    ctxt->sax->startElement = on_start;
    ctxt->sax->endElement = on_end;
    ctxt->sax->characters = on_chars;
    ctxt->_private = ps;
    htmlDocPtr doc = htmlCtxtReadMemory(ctxt, s, (int)n, NULL, "UTF-8",
                                        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
                                        HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                                        HTML_PARSE_IGNORE_ENC | XML_PARSE_HUGE);
    htmlFreeParserCtxt(ctxt);
    if (doc && (ps->late || ps->too_many || ps->too_stray)) {
        xmlFreeDoc(doc);
        doc = NULL;
    }
    return doc;
}

/* ---- Bounds before parsing ----------------------------------------------- */

/* What parsing will cost, read off the bytes the way an HTML tokenizer
 * reads them, before libxml2 sees the page: start tags (so elements, give
 * or take the few libxml2 implies) and attributes, of each element and in
 * all.  Comments,
 * <!...>, <?...> and the text of <script> and <style> hold no tags;
 * quoted attribute values are read whole.  libxml2 spends time quadratic
 * in an element's attributes (it checks each against those before it and
 * appends each to a list it walks), so both are bounded here. */
static cd_status prescan(cd_run *run, const char *s, size_t n)
{
    size_t nodes = 0, i = 0;
    while (i < n) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt)
            break;
        i = (size_t)(lt - s);
        if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
            i += 4;
            while (i + 3 <= n && memcmp(s + i, "-->", 3) != 0) {
                const char *d = memchr(s + i + 1, '-', n - i - 1);
                i = d ? (size_t)(d - s) : n;
            }
            i = i + 3 <= n ? i + 3 : n;
            continue;
        }
        if (n - i >= 2 && (s[i + 1] == '!' || s[i + 1] == '?')) {
            const char *e = memchr(s + i, '>', n - i);
            i = e ? (size_t)(e - s) + 1 : n;
            continue;
        }
        if (n - i < 2 || !(isalpha((unsigned char)s[i + 1]) || s[i + 1] == '_' ||
                           s[i + 1] == ':')) {
            i++;
            continue;
        }
        size_t tag = i, j = i + 1;
        while (j < n && !isspace((unsigned char)s[j]) && s[j] != '>' && s[j] != '/')
            j++;
        size_t name = i + 1, namelen = j - name;
        if (++nodes > CD_HTML_MAX_NODES)
            return cd_run_fail(run, CD_E_LIMIT, "extract", tag,
                               "page has more than %d elements and attributes",
                               CD_HTML_MAX_NODES);
        int attrs = 0;
        for (;;) {
            while (j < n && (isspace((unsigned char)s[j]) || s[j] == '/'))
                j++;
            if (j >= n || s[j] == '>')
                break;
            if (++attrs > CD_HTML_MAX_ATTRS)
                return cd_run_fail(run, CD_E_LIMIT, "extract", tag,
                                   "an element at byte %zu has more than %d attributes",
                                   tag, CD_HTML_MAX_ATTRS);
            if (++nodes > CD_HTML_MAX_NODES)
                return cd_run_fail(run, CD_E_LIMIT, "extract", tag,
                                   "page has more than %d elements and attributes",
                                   CD_HTML_MAX_NODES);
            while (j < n && !isspace((unsigned char)s[j]) && s[j] != '>' &&
                   s[j] != '=' && s[j] != '/')
                j++;
            while (j < n && isspace((unsigned char)s[j]))
                j++;
            if (j < n && s[j] == '=') {
                j++;
                while (j < n && isspace((unsigned char)s[j]))
                    j++;
                if (j < n && (s[j] == '"' || s[j] == '\'')) {
                    const char *q = memchr(s + j + 1, s[j], n - j - 1);
                    j = q ? (size_t)(q - s) + 1 : n;
                } else {
                    while (j < n && !isspace((unsigned char)s[j]) && s[j] != '>')
                        j++;
                }
            }
        }
        i = j < n ? j + 1 : n;
        /* <script> and <style> run to their end tag, whatever is inside */
        const char *raw = NULL;
        if (namelen == 6 && strncasecmp(s + name, "script", 6) == 0)
            raw = "</script";
        else if (namelen == 5 && strncasecmp(s + name, "style", 5) == 0)
            raw = "</style";
        if (raw) {
            size_t rl = strlen(raw);
            while (i < n) {
                const char *e = memchr(s + i, '<', n - i);
                if (!e) {
                    i = n;
                    break;
                }
                i = (size_t)(e - s);
                if (n - i >= rl && strncasecmp(s + i, raw, rl) == 0)
                    break;
                i++;
            }
        }
    }
    return CD_OK;
}

/* ---- Charsets ------------------------------------------------------------ */

/* windows-1252's 0x80-0x9F; the five bytes it leaves unassigned are the
 * C1 controls of the same number, as the WHATWG Encoding Standard has
 * them. */
static const uint16_t cp1252[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
    0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* Names the WHATWG Encoding Standard reads as windows-1252. */
static bool is_1252(const char *enc)
{
    static const char *const names[] = {
        "windows-1252", "cp1252", "x-cp1252", "iso-8859-1", "iso8859-1",
        "iso88591", "iso_8859-1", "latin1", "l1", "us-ascii", "ascii",
        "cp819", "ibm819", "csisolatin1", "iso-ir-100",
    };
    for (size_t i = 0; i < CD_ARRAY_LEN(names); i++)
        if (strcasecmp(enc, names[i]) == 0)
            return true;
    return false;
}

/* `n` bytes of windows-1252 as UTF-8 (malloc'd, NUL-terminated); NULL
 * when out of memory.  Every byte is a character. */
static char *from_1252(const char *s, size_t n, size_t *outlen)
{
    char *out = n < ((size_t)-1 - 1) / 3 ? malloc(n * 3 + 1) : NULL;
    if (!out)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        uint32_t cp = c >= 0x80 && c < 0xA0 ? cp1252[c - 0x80] : c;
        o += (size_t)cd_utf8_put(out + o, cp);
    }
    out[o] = 0;
    *outlen = o;
    return out;
}

/* A copy of UTF-8 `s` with every byte that is not part of a valid
 * sequence replaced by U+FFFD, counted in *bad (malloc'd; NULL when out
 * of memory). */
static char *clean_utf8(const char *s, size_t n, size_t *outlen, size_t *bad)
{
    cd_buf b = {0};
    size_t i = 0;
    *bad = 0;
    while (i < n) {
        size_t k = cd_utf8_invalid_at(s + i, n - i);
        size_t ok = k == (size_t)-1 ? n - i : k;
        cd_buf_put(&b, s + i, ok);
        i += ok;
        if (i < n) {
            cd_buf_put(&b, "\xEF\xBF\xBD", 3);
            (*bad)++;
            i++;
        }
    }
    if (b.oom || !b.p) {
        cd_buf_free(&b);
        return NULL;
    }
    *outlen = b.len;
    return b.p;
}

/* The page `s` (`n` bytes in charset `enc`) as UTF-8 in `*out` (malloc'd,
 * `*outlen` bytes), each byte sequence that `enc` does not define
 * replaced by U+FFFD and counted in *bad.  The conversion is done here
 * because libxml2 2.9 reports a failed conversion ("input conversion
 * failed due to input error") with no parser context, through the calling
 * thread's global error handler: stderr, unless the caller or the library
 * overrides it globally, and stops reading the page there.  Returns 1
 * when converted, 0 when iconv does not know `enc`, -1 when out of
 * memory. */
static int to_utf8(const char *s, size_t n, const char *enc, char **out,
                   size_t *outlen, size_t *bad)
{
    *out = NULL;
    *outlen = 0;
    *bad = 0;
    iconv_t cd = iconv_open("UTF-8", enc);
    if (cd == (iconv_t)-1)
        return 0;
    /* a byte order mark is not text */
    if (n >= 2 && strncasecmp(enc, "UTF-16", 6) == 0 &&
        (memcmp(s, "\xFF\xFE", 2) == 0 || memcmp(s, "\xFE\xFF", 2) == 0)) {
        s += 2;
        n -= 2;
    }
    size_t cap = n < ((size_t)-1 - 64) / 2 ? n * 2 + 64 : n;
    char *buf = malloc(cap);
    char *in = (char *)s, *o = buf;
    size_t inleft = n, oleft = cap - 1;
    while (buf && inleft > 0) {
        if (iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1)
            break;
        if (errno == EILSEQ || errno == EINVAL) {
            /* a byte that is not this charset, or a sequence cut short
             * by the end of the page: U+FFFD, and on from the next byte */
            if (oleft >= 4) {
                memcpy(o, "\xEF\xBF\xBD", 3);
                o += 3;
                oleft -= 3;
                in++;
                inleft--;
                (*bad)++;
                iconv(cd, NULL, NULL, NULL, NULL);
                continue;
            }
        } else if (errno != E2BIG) {
            break;
        }
        size_t used = (size_t)(o - buf);
        char *b = cap < (size_t)-1 / 2 ? realloc(buf, cap * 2) : NULL;
        if (!b) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = b;
        cap *= 2;
        o = buf + used;
        oleft = cap - used - 1;
    }
    if (buf)
        iconv(cd, NULL, NULL, &o, &oleft); /* close a shift state */
    iconv_close(cd);
    if (!buf)
        return -1;
    *o = 0;
    *out = buf;
    *outlen = (size_t)(o - buf);
    return 1;
}

static cd_status extract_page(cd_run *run, const char *src, size_t srcn, size_t len);

/* Every page is read as UTF-8: the charset picked (pick_encoding) is
 * converted first, and bytes that are not valid in it become U+FFFD, with
 * a warning that counts them, never passed on; a charset iconv does not
 * know is read as windows-1252.  The error messages count the page's own
 * bytes. */
cd_status cd_extract_html(cd_run *run, const char *input, size_t len)
{
    char csbuf[64];
    const char *enc = pick_encoding(input, len, csbuf, sizeof csbuf);
    if (len > (size_t)INT32_MAX)
        return cd_run_fail(run, CD_E_LIMIT, "extract", 0, "page too large");
    char *conv = NULL;
    size_t convlen = 0, bad = 0;
    const char *shown = enc; /* the charset as warnings name it */
    bool unknown = false;
    if (strcasecmp(enc, "utf-8") == 0 || strcasecmp(enc, "utf8") == 0) {
        shown = "UTF-8";
        if (cd_utf8_invalid_at(input, len) != (size_t)-1) {
            conv = clean_utf8(input, len, &convlen, &bad);
            if (!conv)
                return cd_run_fail(run, CD_E_NOMEM, "extract", 0, "out of memory");
        }
    } else {
        int got = is_1252(enc) ? 0 : to_utf8(input, len, enc, &conv, &convlen, &bad);
        if (got < 0)
            return cd_run_fail(run, CD_E_NOMEM, "extract", 0, "out of memory");
        if (got == 0) {
            unknown = !is_1252(enc);
            conv = from_1252(input, len, &convlen);
            if (!conv)
                return cd_run_fail(run, CD_E_NOMEM, "extract", 0, "out of memory");
        }
    }
    if (convlen > (size_t)INT32_MAX) {
        free(conv);
        return cd_run_fail(run, CD_E_LIMIT, "extract", 0, "page too large");
    }
    if (unknown)
        cd_run_warn(run, "unknown charset '%s' read as windows-1252", enc);
    if (bad)
        cd_run_warn(run, "%zu byte%s not valid %s replaced with U+FFFD", bad,
                    bad == 1 ? "" : "s", shown);
    cd_status st = extract_page(run, conv ? conv : input, conv ? convlen : len, len);
    free(conv);
    return st;
}

/* Pre-order successor of n inside the subtree of `top`, or NULL. */
static xmlNode *next_node(xmlNode *n, const xmlNode *top)
{
    if (n->children)
        return n->children;
    while (n != top && !n->next)
        n = n->parent;
    return n == top ? NULL : n->next;
}

/* Give every element of the tree under `root` its ninfo (malloc'd array,
 * *count long); NULL when out of memory (or no element). */
static ninfo *attach_info(xmlNode *root, size_t *count)
{
    size_t k = 0;
    for (xmlNode *n = root; n; n = next_node(n, root))
        if (n->type == XML_ELEMENT_NODE)
            k++;
    *count = k;
    ninfo *v = k ? calloc(k, sizeof *v) : NULL;
    if (!v)
        return NULL;
    size_t i = 0;
    for (xmlNode *n = root; n; n = next_node(n, root))
        if (n->type == XML_ELEMENT_NODE) {
            ninfo *in = &v[i++];
            in->kind = (uint16_t)(K_KNOWN | (is_block_tag(n) ? K_BLOCK : 0) |
                                  (name_is(n, "a") ? K_A : 0) |
                                  (name_is(n, "script") || name_is(n, "style") ||
                                   name_is(n, "noscript") ? K_SKIP : 0) |
                                  (name_is(n, "p") ? K_P : 0) | (name_is(n, "div") ? K_DIV : 0) |
                                  (name_is(n, "img") ? K_IMG : 0) | (name_is(n, "li") ? K_LI : 0) |
                                  (name_is(n, "input") ? K_INPUT : 0) |
                                  (name_is(n, "embed") || name_is(n, "object") ||
                                   name_is(n, "iframe") ? K_EMBED : 0) |
                                  (heading(n) ? K_HEAD : 0) |
                                  (name_is(n, "ul") || name_is(n, "ol") ? K_LIST : 0));
            n->_private = in;
        }
    return v;
}

/* The page's article and metadata from `srcn` bytes `src` of UTF-8;
 * `len` is the size of the page as given. */
static cd_status extract_page(cd_run *run, const char *src, size_t srcn, size_t len)
{
    cd_status st = prescan(run, src, srcn);
    if (st != CD_OK)
        return st;
    parse_state ps = {.run = run};
    htmlDocPtr doc = parse(src, srcn, &ps);
    if (ps.late)
        return cd_budget_fail(run, "extract");
    if (ps.too_many)
        return cd_run_fail(run, CD_E_LIMIT, "extract", ps.at,
                           "page has more than %d elements and attributes",
                           CD_HTML_MAX_NODES);
    if (ps.too_stray)
        return cd_run_fail(run, CD_E_LIMIT, "extract", ps.at,
                           "page has too many end tags that close nothing (at byte %zu)",
                           ps.at);
    if (!doc)
        return cd_run_fail(run, CD_E_INPUT, "extract", 0, "not a parsable HTML page");
    if (ps.flattened)
        cd_run_warn(run, "page nested deeper than %d elements: %zu element%s read "
                    "one level up", CD_HTML_MAX_DEPTH, ps.flattened,
                    ps.flattened == 1 ? "" : "s");
    page pg;
    memset(&pg, 0, sizeof pg);
    pg.doc = doc;
    pg.root = xmlDocGetRootElement(doc);
    if (!pg.root) {
        xmlFreeDoc(doc);
        return cd_run_fail(run, CD_E_INPUT, "extract", 0, "no article found (empty page)");
    }
    size_t ninfos = 0;
    ninfo *infos = attach_info(pg.root, &ninfos);
    if (!infos) {
        xmlFreeDoc(doc);
        return cd_run_fail(run, CD_E_NOMEM, "extract", 0, "out of memory");
    }
    pg.lang = pdup(&pg, attr(pg.root, "lang"));
    collect_meta(&pg, pg.root, 0);

    /* Metadata, in Readability's order of preference. */
    const metamap *m = &pg.meta;
    const char *title = pg.ld_title ? pg.ld_title : meta_get(m, "dc:title");
    if (!title) title = meta_get(m, "dcterm:title");
    if (!title) title = meta_get(m, "og:title");
    if (!title) title = meta_get(m, "weibo:article:title");
    if (!title) title = meta_get(m, "weibo:webpage:title");
    if (!title) title = meta_get(m, "title");
    if (!title) title = meta_get(m, "twitter:title");
    if (!title) title = meta_get(m, "parsely-title");
    char *computed = title ? NULL : article_title(&pg);
    if (!title)
        title = computed;
    const char *byline = pg.ld_byline ? pg.ld_byline : meta_get(m, "dc:creator");
    if (!byline) byline = meta_get(m, "dcterm:creator");
    if (!byline) byline = meta_get(m, "author");
    if (!byline) byline = meta_get(m, "parsely-author");
    const char *excerpt = pg.ld_excerpt ? pg.ld_excerpt : meta_get(m, "dc:description");
    if (!excerpt) excerpt = meta_get(m, "dcterm:description");
    if (!excerpt) excerpt = meta_get(m, "og:description");
    if (!excerpt) excerpt = meta_get(m, "weibo:article:description");
    if (!excerpt) excerpt = meta_get(m, "weibo:webpage:description");
    if (!excerpt) excerpt = meta_get(m, "description");
    if (!excerpt) excerpt = meta_get(m, "twitter:description");
    const char *site = pg.ld_site ? pg.ld_site : meta_get(m, "og:site_name");
    const char *published = pg.ld_published ? pg.ld_published : meta_get(m, "article:published_time");
    if (!published) published = meta_get(m, "parsely-pub-date");

    /* The article body: a first attempt strips unlikely candidates and
     * weighs class names; when that leaves under 500 characters, each
     * rule is dropped in turn on the page as parsed (what an attempt took
     * out is put back), as Readability does; the longest result wins. */
    content ct = {0};
    cd_buf out = {0};
    xmlNode *body = content_root(pg.root);
    removed *gone = NULL;
    size_t ngone = 0, capgone = 0;
    bool late_run = false, cut = false;
    for (int attempt = 0; attempt < 3; attempt++) {
        content try = {0};
        try.run = run;
        try.gone = gone;
        try.ngone = ngone;
        try.capgone = capgone;
        try.out_cap = srcn + 64;
        try.strip_unlikely = attempt == 0;
        try.weigh_classes = attempt < 2;
        put_back(&try);
        for (size_t i = 0; i < ninfos; i++)
            infos[i].idx = -1;
        cd_buf got = {0};
        prune(&try, body, 0);
        set_sums(&try, pg.root);
        grab_article(&try, body, &got);
        free(try.v);
        gone = try.gone;
        ngone = try.ngone;
        capgone = try.capgone;
        if (try.oom || got.oom)
            pg.oom = true;
        if (try.late)
            late_run = true;
        if (got.len >= try.out_cap)
            cut = true;
        if (got.len > out.len) {
            cd_buf_free(&out);
            out = got;
            free(ct.byline);
            ct.byline = try.byline;
        } else {
            cd_buf_free(&got);
            free(try.byline);
        }
        /* after a failed allocation nothing may be put back: the result
         * is out of memory anyway */
        if (out.len >= 500 || pg.oom || late_run)
            break;
    }
    if (cut)
        cd_run_warn(run, "article cut at %zu bytes: the page repeats its text in "
                    "nested blocks", out.len);
    /* nothing scored (a tiny page): all the text of the body */
    if (!out.len && !late_run) {
        char *t = text_oom(body, &pg.oom);
        if (t && t[0])
            cd_buf_puts(&out, t);
        free(t);
    }
    if (!byline && ct.byline)
        byline = ct.byline;
    char *first = NULL;
    if (!excerpt && out.p) {
        first = first_paragraph(out.p, &pg.oom);
        excerpt = first;
    }

    cd_meta *mt = &run->meta;
    mt->title = adup(run, title);
    mt->byline = adup(run, byline);
    mt->excerpt = adup(run, excerpt);
    mt->site_name = adup(run, site);
    mt->lang = adup(run, pg.lang);
    mt->published = adup(run, published);
    const char *url = pg.canonical ? pg.canonical : meta_get(m, "og:url");
    mt->url = adup(run, url);
    mt->html_title = adup(run, pg.doc_title);
    /* the description as the page states it; a broken attribute that
     * cut it short loses to og:description, of which it is a prefix */
    const char *desc = meta_get(m, "description");
    const char *ogd = meta_get(m, "og:description");
    if (!desc || (ogd && strlen(desc) < strlen(ogd) &&
                  strncmp(ogd, desc, strlen(desc)) == 0))
        desc = ogd;
    mt->description = adup(run, desc);
    mt->from_html = true;
    /* a copy that failed is memory, not a page without that field */
    if ((title && !mt->title) || (byline && !mt->byline) || (excerpt && !mt->excerpt) ||
        (site && !mt->site_name) || (pg.lang && !mt->lang) ||
        (published && !mt->published) || (pg.doc_title && !mt->html_title) ||
        (desc && !mt->description) || (url && !mt->url))
        pg.oom = true;
    /* what follows is linear in the article: not begun past the budget */
    if (!late_run && cd_budget_spent(run))
        late_run = true;
    /* the article as extracted, headings included, for `copydesk extract` */
    if (out.p && !late_run) {
        cd_buf plain = {0};
        for (const char *q = out.p; *q;) {
            if ((q == out.p || q[-1] == '\n') && strncmp(q, "## ", 3) == 0) {
                q += 3; /* a heading's mark: what follows may be the end */
                continue;
            }
            cd_buf_putc(&plain, *q++);
        }
        mt->text = plain.p ? cd_arena_strndup(&run->arena, plain.p, plain.len) : NULL;
        if (plain.oom || !mt->text)
            pg.oom = true;
        cd_buf_free(&plain);
    }

    /* Hand the article to the text extractor as Markdown-like text. */
    cd_buf md = {0};
    if (mt->title) {
        cd_buf_puts(&md, "# ");
        put_text(&md, mt->title);
        cd_buf_puts(&md, "\n\n");
    }
    if (out.p && !late_run)
        cd_buf_put(&md, out.p, out.len);
    bool oom = md.oom || out.oom || pg.oom || pg.meta.oom;
    bool empty = out.len == 0;
    free(first);
    cd_buf_free(&out);
    free(ct.byline);
    free(computed);
    meta_free(&pg.meta);
    free(pg.doc_title);
    free(pg.lang);
    free(pg.canonical);
    free(pg.ld_title);
    free(pg.ld_byline);
    free(pg.ld_excerpt);
    free(pg.ld_site);
    free(pg.ld_published);
    /* what the last attempt took out, then the rest with the document */
    for (size_t i = 0; i < ngone; i++)
        xmlFreeNode(gone[i].node);
    free(gone);
    xmlFreeDoc(doc);
    free(infos);
    if (late_run || cd_budget_spent(run)) {
        cd_buf_free(&md);
        return cd_budget_fail(run, "extract");
    }
    if (oom) {
        cd_buf_free(&md);
        return cd_run_fail(run, CD_E_NOMEM, "extract", 0, "out of memory");
    }
    if (!md.p || empty) {
        cd_buf_free(&md);
        return cd_run_fail(run, CD_E_INPUT, "extract", 0,
                           "no article found (0 of %zu bytes)", len);
    }
    st = cd_extract_text(run, md.p, md.len);
    cd_buf_free(&md);
    /* A page whose article is only headings or a line still extracts;
     * analysis will say there is no sentence. */
    if (st == CD_E_INPUT && mt->text && mt->text[0]) {
        run->err_code = CD_OK;
        if (!run->text) {
            run->text = cd_arena_strndup(&run->arena, "", 0);
            run->text_len = 0;
        }
        return run->text ? CD_OK : cd_run_fail(run, CD_E_NOMEM, "extract", 0,
                                               "out of memory");
    }
    return st;
}
