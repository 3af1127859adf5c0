/* test_html.c - pages in, article and metadata out. */
#include "harness.h"
#include "internal.h"

/* Extracts a page that must extract; a failure fails the current test. */
static cd_run *page(const char *html)
{
    cd_run *r = NULL;
    EQ_INT(cd_run_new(NULL, NULL, &r), CD_OK);
    if (!r)
        exit(1);
    cd_status st = cd_extract(r, html, strlen(html));
    if (st != CD_OK) {
        fprintf(stderr, "extract failed: %s\n", cd_run_error(r).message);
        h_cur_fail++;
    }
    return r;
}

/* The run's article text; a run without one fails the current test. */
static const char *text_of(const cd_run *r)
{
    const char *t = cd_extracted_text(r);
    CHECK(t != NULL);
    return t ? t : "";
}

/* "<html><body>" then `depth` unclosed <div>s around `inner`. */
static char *nested(int depth, const char *inner, size_t *len)
{
    size_t cap = (size_t)depth * 5 + strlen(inner) + 16;
    char *s = malloc(cap);
    if (!s)
        exit(1);
    size_t o = (size_t)sprintf(s, "<html><body>");
    for (int i = 0; i < depth; i++)
        o += (size_t)sprintf(s + o, "<div>");
    o += (size_t)sprintf(s + o, "%s", inner);
    *len = o;
    return s;
}

static const char *para =
    "<p>The council approved the new budget on Monday after a long debate, "
    "and the mayor said the plan would protect libraries, parks and schools "
    "for at least three more years.</p>";

TEST(title_rules)
{
    char buf[2048];
    /* the site name after a separator goes */
    snprintf(buf, sizeof buf, "<html><head><title>Council backs budget for "
             "schools | The Westbury Times</title></head><body>%s</body></html>", para);
    cd_run *r = page(buf);
    EQ_STR(cd_page(r).title, "Council backs budget for schools");
    EQ_STR(cd_page(r).html_title, "Council backs budget for schools | The Westbury Times");
    cd_run_free(r);
    /* og:title wins over <title>; the last of two metas wins */
    snprintf(buf, sizeof buf, "<html><head><title>Ignored</title>"
             "<meta property=\"og:title\" content=\"First\">"
             "<meta property=\"og:title\" content=\"Budget approved\">"
             "<meta name=\"author\" content=\"Ann Lee\">"
             "<meta name=\"description\" content=\"The council voted.\">"
             "</head><body>%s</body></html>", para);
    r = page(buf);
    EQ_STR(cd_page(r).title, "Budget approved");
    EQ_STR(cd_page(r).byline, "Ann Lee");
    EQ_STR(cd_page(r).excerpt, "The council voted.");
    cd_run_free(r);
}

TEST(json_ld)
{
    char buf[2048];
    snprintf(buf, sizeof buf, "<html><head><title>X</title>"
             "<script type=\"application/ld+json\"><![CDATA[{\"@context\":"
             "\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":"
             "\"Budget passes\",\"author\":[{\"name\":\"Ann Lee\"},{\"name\":"
             "\"Bo Chan\"}],\"datePublished\":\"2024-05-01\"}]]></script>"
             "</head><body>%s</body></html>", para);
    cd_run *r = page(buf);
    EQ_STR(cd_page(r).title, "Budget passes");
    EQ_STR(cd_page(r).byline, "Ann Lee, Bo Chan");
    EQ_STR(cd_page(r).published, "2024-05-01");
    cd_run_free(r);
}

TEST(body_without_chrome)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "<html><body><nav><a href=/>Home</a> <a href=/n>News"
             "</a></nav><div class=\"sidebar\"><p>Most read: a story about cats "
             "that everyone is talking about today.</p></div><article>%s%s"
             "<p class=\"byline\">By Ann Lee</p></article><footer>Copyright "
             "2024 Westbury Times, all rights reserved.</footer></body></html>",
             para, para);
    cd_run *r = page(buf);
    const char *t = text_of(r);
    CHECK(strstr(t, "The council approved") != NULL);
    CHECK(strstr(t, "Most read") == NULL);
    CHECK(strstr(t, "Copyright") == NULL);
    CHECK(strstr(t, "Home") == NULL);
    EQ_STR(cd_page(r).byline, "By Ann Lee");
    cd_run_free(r);
}

TEST(encodings)
{
    /* windows-1252 without a declaration: curly quotes and an e-acute */
    const char *w = "<html><body><p>The caf\xE9 said \x93yes\x94 to the plan, "
                    "and the council agreed to everything after a long "
                    "debate about the budget.</p></body></html>";
    cd_run *r = page(w);
    CHECK(strstr(text_of(r), "caf\xC3\xA9 said \xE2\x80\x9Cyes\xE2\x80\x9D") != NULL);
    cd_run_free(r);
}

TEST(hostile_pages)
{
    /* Deep nesting ends, and the outcome depends only on the depth.
     * libxml2's HTML parser stops building the tree at a depth of 256
     * (its xmlParserMaxDepth; copydesk does not pass HTML_PARSE_HUGE),
     * so text nested deeper is not in the document at all.  A page of
     * 200 nested <div>s still has its text; a page of 100,000 has none
     * left, which is the same outcome as an empty page: CD_E_INPUT, no
     * article found, with the page's size in the message. */
    size_t n;
    char *deep = nested(200, "deep text", &n);
    cd_run *r = page(deep);
    EQ_STR(text_of(r), "deep text");
    cd_run_free(r);
    free(deep);

    deep = nested(100000, "deep text", &n);
    EQ_INT(n, 500021);
    EQ_INT(cd_run_new(NULL, NULL, &r), CD_OK);
    EQ_INT(cd_extract(r, deep, n), CD_E_INPUT);
    EQ_STR(cd_run_error(r).message, "no article found (0 of 500021 bytes)");
    cd_run_free(r);
    free(deep);

    EQ_INT(cd_run_new(NULL, NULL, &r), CD_OK);
    const char *empty = "<html><head><title>T</title></head><body></body></html>";
    EQ_INT(cd_extract(r, empty, strlen(empty)), CD_E_INPUT);
    EQ_STR(cd_run_error(r).message, "no article found (0 of 55 bytes)");
    cd_run_free(r);
}

/* The <head> is the page's description of itself, never article text:
 * a page without <body> has only what stands outside its <head>. */
TEST(head_is_not_article)
{
    const char *h = "<html><head><title>Cut</title><meta name=\"description\" "
                    "content=\"Said of the page.\"></head></html>";
    cd_run *r = NULL;
    EQ_INT(cd_run_new(NULL, NULL, &r), CD_OK);
    EQ_INT(cd_extract(r, h, strlen(h)), CD_E_INPUT);
    EQ_STR(cd_run_error(r).message, "no article found (0 of 97 bytes)");
    cd_run_free(r);
    r = page("<html><head><title>Vote</title></head><p>The council approved the "
             "budget on Monday after a long debate over schools.</p></html>");
    EQ_STR(text_of(r), "The council approved the budget on Monday after a long debate "
                       "over schools.");
    EQ_STR(cd_page(r).html_title, "Vote");
    cd_run_free(r);
}

int main(void)
{
    h_file = "test_html";
    RUN(title_rules);
    RUN(json_ld);
    RUN(body_without_chrome);
    RUN(encodings);
    RUN(hostile_pages);
    RUN(head_is_not_article);
    return DONE();
}
