/* test_html.c - pages in, article and metadata out. */
#include "harness.h"
#include "internal.h"

static cd_run *page(const char *html)
{
    cd_run *r;
    cd_run_new(NULL, NULL, &r);
    cd_status st = cd_extract(r, html, strlen(html));
    if (st != CD_OK)
        fprintf(stderr, "extract failed: %s\n", cd_run_error(r).message);
    return r;
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
    const char *t = cd_extracted_text(r);
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
    CHECK(strstr(cd_extracted_text(r), "caf\xC3\xA9 said \xE2\x80\x9Cyes\xE2\x80\x9D") != NULL);
    cd_run_free(r);
}

TEST(hostile_pages)
{
    /* deep nesting and unclosed markup end; no article is an error */
    char *deep = malloc(200000 * 5 + 100);
    size_t o = 0;
    o += (size_t)sprintf(deep + o, "<html><body>");
    for (int i = 0; i < 100000; i++)
        o += (size_t)sprintf(deep + o, "<div>");
    o += (size_t)sprintf(deep + o, "deep text");
    deep[o] = 0;
    cd_run *r;
    cd_run_new(NULL, NULL, &r);
    cd_status st = cd_extract(r, deep, o);
    CHECK(st == CD_OK || st == CD_E_INPUT);
    cd_run_free(r);
    free(deep);
    cd_run_new(NULL, NULL, &r);
    const char *empty = "<html><head><title>T</title></head><body></body></html>";
    EQ_INT(cd_extract(r, empty, strlen(empty)), CD_E_INPUT);
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
    return DONE();
}
