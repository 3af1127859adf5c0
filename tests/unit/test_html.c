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

/* Whether the article of <article>BEFORE para AFTER para REST</article>
 * leaves out `gone`, the inserted blocks being the test's. */
static bool article_lacks(const char *before, const char *after, const char *rest,
                          const char *gone)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "<html><body><article>%s%s%s%s%s</article></body></html>",
             before, para, after, para, rest);
    cd_run *r = page(buf);
    bool lacks = strstr(text_of(r), gone) == NULL;
    cd_run_free(r);
    return lacks;
}

static const char *links =
    "<div class=\"box\"><a href=/a>Flood warnings lifted across the county</a> "
    "<a href=/b>School holiday dates announced</a></div>";

/* Inside the article: a block of links is furniture, not text */
TEST(article_without_link_blocks)
{
    CHECK(article_lacks("", links, "", "Flood warnings"));
}

/* A photo's credit and caption outside <figcaption> */
TEST(article_without_captions)
{
    CHECK(article_lacks("", "<div class=\"photo\"><img src=a.jpg><div class=\"credit\">"
                        "Jane Roe / Westbury Photos</div><div class=\"caption\">The library "
                        "reading room on its opening day.</div></div>", "", "Jane Roe"));
}

/* An author box: too long for a byline, not the article */
TEST(article_without_author_box)
{
    CHECK(article_lacks("<p class=\"byline\">By Ann Lee</p><div class=\"author-box\"><p>Ann "
                        "Lee has covered local politics for the Westbury Times since 2009. "
                        "She previously worked in radio.</p></div>", "", "",
                        "covered local politics"));
}

/* Text between blocks is written where it stands, and two line breaks
 * end its paragraph */
TEST(loose_text_in_page_order)
{
    cd_run *r = page("<html><body><div class=\"entry\">The council approved the new budget "
                     "on Monday after a long debate, and the mayor said it would protect "
                     "libraries.<br><br>Opponents said the plan, which cuts bus routes, "
                     "would hurt the poorest, and vowed to fight it.<div class=\"inset\"><p>"
                     "Bus fares will rise by 5% in April, the operator said, and two routes "
                     "will close.</p></div>The vote was nine to four, with two members "
                     "absent, the clerk said.</div></body></html>");
    const char *t = text_of(r);
    const char *a = strstr(t, "The council"), *b = strstr(t, "Opponents"),
               *c = strstr(t, "Bus fares"), *d = strstr(t, "The vote");
    CHECK(a && b && c && d && a < b && b < c && c < d && strstr(t, "libraries.\n\nOpponents"));
    cd_run_free(r);
}

/* A heading over nothing the article keeps ("Related stories" over a
 * list of links) goes with it */
TEST(heading_without_text_dropped)
{
    char rest[512];
    snprintf(rest, sizeof rest, "<h2>Related stories</h2>%s", links);
    CHECK(article_lacks("", "", rest, "Related stories"));
}

TEST(encodings)
{
    /* a page in UTF-8 with a bad byte: U+FFFD in its place, counted in a
     * warning, never the byte itself */
    cd_run *r0 = page("<html><head><meta charset=\"utf-8\"><title>Council backs "
                      "park</title></head><body><p>Smith said \xc3\x28 ok.</p><p>The "
                      "council approved the new park on Monday after a long debate, "
                      "officials said.</p></body></html>");
    CHECK(strstr(text_of(r0), "Smith said \xEF\xBF\xBD( ok.") != NULL);
    EQ_INT(cd_utf8_invalid_at(text_of(r0), strlen(text_of(r0))), (size_t)-1);
    EQ_INT(cd_warning_count(r0), 1);
    EQ_STR(cd_warning_at(r0, 0), "1 byte not valid UTF-8 replaced with U+FFFD");
    char *js = cd_render_extract_json(r0);
    CHECK(js && cd_utf8_invalid_at(js, strlen(js)) == (size_t)-1);
    CHECK(js && strstr(js, ",\"warnings\":[\"1 byte not valid UTF-8 replaced with "
                           "U+FFFD\"]}") != NULL);
    cd_free(js);
    cd_run_free(r0);
    /* the same byte only in <title>: the body is still the article */
    r0 = page("<html><head><meta charset=\"utf-8\"><title>Council \xc3\x28 backs "
              "park</title></head><body><p>The council approved the new park on "
              "Monday after a long debate, officials said.</p></body></html>");
    EQ_STR(cd_page(r0).title, "Council \xEF\xBF\xBD( backs park");
    EQ_STR(cd_text(r0), "The council approved the new park on Monday after a long "
                        "debate, officials said.");
    cd_run_free(r0);
    /* windows-1252's five unassigned bytes and a truncated Shift_JIS
     * pair do not end the page */
    r0 = page("<html><head><meta charset=\"windows-1252\"></head><body><p>A \x81 "
              "caf\xE9 opened on Monday after a long debate, officials said.</p>"
              "</body></html>");
    CHECK(strstr(text_of(r0), "caf\xC3\xA9 opened on Monday") != NULL);
    cd_run_free(r0);
    r0 = page("<html><head><meta charset=\"shift_jis\"></head><body><p>Tokyo \x82 "
              "opened a new park on Monday after a long debate, officials said.</p>"
              "</body></html>");
    CHECK(strstr(text_of(r0), "opened a new park on Monday") != NULL);
    EQ_INT(cd_warning_count(r0), 1);
    EQ_STR(cd_warning_at(r0, 0), "1 byte not valid shift_jis replaced with U+FFFD");
    cd_run_free(r0);
    /* a charset nobody knows is windows-1252, as documented, not Latin-1 */
    r0 = page("<html><head><meta charset=\"x-no-such\"></head><body><p>The "
              "mayor said \x93yes\x94 to the plan after a long debate, officials "
              "said.</p></body></html>");
    CHECK(strstr(text_of(r0), "said \xE2\x80\x9Cyes\xE2\x80\x9D to") != NULL);
    EQ_INT(cd_warning_count(r0), 1);
    EQ_STR(cd_warning_at(r0, 0), "unknown charset 'x-no-such' read as windows-1252");
    cd_run_free(r0);

    /* windows-1252 without a declaration: curly quotes and an e-acute */
    const char *w = "<html><body><p>The caf\xE9 said \x93yes\x94 to the plan, "
                    "and the council agreed to everything after a long "
                    "debate about the budget.</p></body></html>";
    cd_run *r = page(w);
    CHECK(strstr(text_of(r), "caf\xC3\xA9 said \xE2\x80\x9Cyes\xE2\x80\x9D") != NULL);
    cd_run_free(r);
}

/* `n` rows of "<div class=row><p>Sentence k.</p>" with every </div>
 * missing, as a broken template writes them: each row nests inside the
 * one before. */
static char *rows(int n, size_t *len)
{
    size_t cap = (size_t)n * 96 + 32;
    char *s = malloc(cap);
    if (!s)
        exit(1);
    size_t o = (size_t)sprintf(s, "<html><body>");
    for (int i = 0; i < n; i++)
        o += (size_t)sprintf(s + o, "<div class=row><p>Row %d of the council "
                             "report was read out on Monday.</p>", i);
    *len = o;
    return s;
}

/* How often `needle` occurs in `hay`. */
static int occurrences(const char *hay, const char *needle)
{
    int k = 0;
    for (const char *p = hay; (p = strstr(p, needle)) != NULL; p += strlen(needle))
        k++;
    return k;
}

/* The run's warnings joined by " | " into buf. */
static const char *warnings(const cd_run *r, char *buf, size_t cap)
{
    buf[0] = 0;
    for (int i = 0; i < cd_warning_count(r); i++)
        snprintf(buf + strlen(buf), cap - strlen(buf), "%s%s", i ? " | " : "",
                 cd_warning_at(r, i));
    return buf;
}

TEST(hostile_pages)
{
    /* Deep pages are read whole.  libxml2 would stop building the tree
     * at a depth of 256 and drop the rest of the page; copydesk reads on,
     * and past 512 open elements (where browsers stop nesting too) each
     * new element closes the one it would nest in and takes its place,
     * so the text stays in the document and every walk over the tree
     * stays shallow.  A warning counts the elements so placed. */
    size_t n;
    char w[512];
    char *deep = nested(200, "deep text", &n);
    cd_run *r = page(deep);
    EQ_STR(text_of(r), "deep text");
    EQ_INT(cd_warning_count(r), 0);
    cd_run_free(r);
    free(deep);

    /* 255 <div>s, with <html> and <body> 257 elements deep */
    deep = nested(255, para, &n);
    r = page(deep);
    CHECK(strstr(text_of(r), "The council approved the new budget") != NULL);
    EQ_INT(cd_warning_count(r), 0);
    cd_run_free(r);
    free(deep);

    /* 400 rows, every </div> missing: all 400 sentences */
    char *many = rows(400, &n);
    r = page(many);
    EQ_INT(occurrences(text_of(r), "of the council report was read out"), 400);
    CHECK(strstr(text_of(r), "Row 0 of") != NULL);
    CHECK(strstr(text_of(r), "Row 399 of") != NULL);
    EQ_INT(cd_warning_count(r), 0);
    cd_run_free(r);
    free(many);

    /* 100,000 nested: the text, and a warning */
    deep = nested(100000, "deep text", &n);
    EQ_INT(n, 500021);
    r = page(deep);
    EQ_STR(text_of(r), "deep text");
    EQ_STR(warnings(r, w, sizeof w),
           "page nested deeper than 512 elements: 99490 elements read one level up");
    cd_run_free(r);
    free(deep);

    /* inline elements nested around blocks: each level's loose text is
     * its own, so no level repeats the text below it (once they did, and
     * the article stopped at the page's own size with a warning) */
    cd_buf b = {0};
    cd_buf_puts(&b, "<html><body><div>");
    for (int i = 0; i < 300; i++)
        cd_buf_printf(&b, "<span><p>Part %d of the plan was read out on Monday, aides "
                      "said.</p>", i);
    for (int i = 0; i < 40; i++)
        cd_buf_puts(&b, "The council approved the new park after a long debate. ");
    r = page(b.p);
    CHECK(strlen(text_of(r)) <= b.len + 64);
    EQ_INT(cd_warning_count(r), 0);
    EQ_INT(occurrences(text_of(r), "Part 299 of"), 1);
    cd_run_free(r);
    cd_buf_free(&b);

    EQ_INT(cd_run_new(NULL, NULL, &r), CD_OK);
    const char *empty = "<html><head><title>T</title></head><body></body></html>";
    EQ_INT(cd_extract(r, empty, strlen(empty)), CD_E_INPUT);
    EQ_STR(cd_run_error(r).message, "no article found (0 of 55 bytes)");
    cd_run_free(r);
}

/* A page is bounded before it is parsed: attributes per element and
 * elements per page, each refused with its own message. */
TEST(page_limits)
{
    cd_buf b = {0};
    cd_buf_puts(&b, "<html><body><p");
    for (int i = 0; i < 20000; i++)
        cd_buf_printf(&b, " a%d=x", i);
    cd_buf_printf(&b, ">%s</p></body></html>", para + 3);
    cd_run *r = NULL;
    EQ_INT(cd_run_new(NULL, NULL, &r), CD_OK);
    EQ_INT(cd_extract(r, b.p, b.len), CD_E_LIMIT);
    EQ_STR(cd_run_error(r).stage, "extract");
    EQ_STR(cd_run_error(r).message,
           "an element at byte 12 has more than 256 attributes");
    EQ_INT(cd_run_error(r).offset, 12);
    cd_run_free(r);
    cd_buf_free(&b);

    /* 256 attributes are read; quoted values with '>' and '=' in them
     * and attributes in comments and scripts are not counted wrong */
    cd_buf_puts(&b, "<html><body><!-- <p a=1 b=2 c=3 d=4> --><script>var x = "
                    "a<b && c> d;</script><p");
    for (int i = 0; i < 256; i++)
        cd_buf_printf(&b, " a%d=\"x > y = z\"", i);
    cd_buf_printf(&b, ">%s</p></body></html>", para + 3);
    r = page(b.p);
    CHECK(strstr(text_of(r), "The council approved the new budget") != NULL);
    cd_run_free(r);
    cd_buf_free(&b);

    /* more elements, or elements and attributes, than a page may hold */
    cd_buf_puts(&b, "<html><body>");
    for (int i = 0; i < 600000; i++)
        cd_buf_puts(&b, "<br>");
    EQ_INT(cd_run_new(NULL, NULL, &r), CD_OK);
    EQ_INT(cd_extract(r, b.p, b.len), CD_E_LIMIT);
    EQ_STR(cd_run_error(r).message, "page has more than 500000 elements and attributes");
    cd_run_free(r);
    cd_buf_free(&b);
    cd_buf_puts(&b, "<html><body>");
    for (int i = 0; i < 300000; i++)
        cd_buf_puts(&b, "<b a=1>");
    EQ_INT(cd_run_new(NULL, NULL, &r), CD_OK);
    EQ_INT(cd_extract(r, b.p, b.len), CD_E_LIMIT);
    EQ_STR(cd_run_error(r).message, "page has more than 500000 elements and attributes");
    cd_run_free(r);
    cd_buf_free(&b);

    /* end tags that close nothing, under deep nesting, cost libxml2 a
     * search of every open element each: bounded */
    cd_buf_puts(&b, "<html><body>");
    for (int i = 0; i < 500; i++)
        cd_buf_puts(&b, "<span>");
    cd_buf_printf(&b, "%s", para);
    for (int i = 0; i < 600000; i++)
        cd_buf_puts(&b, "</b>");
    EQ_INT(cd_run_new(NULL, NULL, &r), CD_OK);
    EQ_INT(cd_extract(r, b.p, b.len), CD_E_LIMIT);
    CHECK(strncmp(cd_run_error(r).message, "page has too many end tags that close "
                  "nothing (at byte ", 55) == 0);
    cd_run_free(r);
    cd_buf_free(&b);
    /* a few thousand of them are only untidy */
    cd_buf_puts(&b, "<html><body>");
    for (int i = 0; i < 500; i++)
        cd_buf_puts(&b, "<span>");
    cd_buf_printf(&b, "%s", para);
    for (int i = 0; i < 5000; i++)
        cd_buf_puts(&b, "</b>");
    r = page(b.p);
    CHECK(strstr(text_of(r), "The council approved the new budget") != NULL);
    cd_run_free(r);
    cd_buf_free(&b);
}

/* The time budget holds inside cd_extract: a page that cannot be read
 * in time fails with CD_E_LIMIT from the extract stage. */
TEST(budget)
{
    cd_buf b = {0};
    cd_buf_puts(&b, "<html><body>");
    for (int i = 0; i < 20000; i++)
        cd_buf_printf(&b, "<div><p>%s</p></div>", para + 3);
    cd_opts o;
    cd_opts_init(&o);
    o.time_budget_ms = 0.001;
    cd_run *r = NULL;
    EQ_INT(cd_run_new(NULL, &o, &r), CD_OK);
    EQ_INT(cd_extract(r, b.p, b.len), CD_E_LIMIT);
    EQ_STR(cd_run_error(r).stage, "extract");
    EQ_STR(cd_run_error(r).message, "time budget of 0.001 ms exceeded");
    cd_run_free(r);
    cd_buf_free(&b);
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
    RUN(article_without_link_blocks);
    RUN(article_without_captions);
    RUN(article_without_author_box);
    RUN(loose_text_in_page_order);
    RUN(heading_without_text_dropped);
    RUN(encodings);
    RUN(hostile_pages);
    RUN(page_limits);
    RUN(budget);
    RUN(head_is_not_article);
    return DONE();
}
