/* test_extract.c - input validation, normalisation, title, Markdown. */
#include "harness.h"
#include "internal.h"

static cd_run *extract(const char *s, size_t n, cd_status *st)
{
    cd_run *r = NULL;
    EQ_INT(cd_run_new(test_model(), NULL, &r), CD_OK);
    if (!r)
        exit(1);
    *st = cd_extract(r, s, n);
    return r;
}

TEST(title_line_then_blank)
{
    cd_status st;
    const char *s = "Ministers back plan\n\nThe plan was backed on Monday. It "
                    "passed.\n";
    cd_run *r = extract(s, strlen(s), &st);
    EQ_INT(st, CD_OK);
    EQ_STR(r->title, "Ministers back plan");
    EQ_STR(r->text, "The plan was backed on Monday. It passed.");
    cd_run_free(r);
}

TEST(no_title_when_first_line_is_a_sentence)
{
    cd_status st;
    const char *s = "The plan was backed.\n\nIt passed on Monday.";
    cd_run *r = extract(s, strlen(s), &st);
    EQ_INT(st, CD_OK);
    CHECK(r->title == NULL);
    EQ_STR(r->text, "The plan was backed.\n\nIt passed on Monday.");
    cd_run_free(r);
}

TEST(unicode_punctuation)
{
    cd_status st;
    const char *s = "\xE2\x80\x9CIt\xE2\x80\x99s\xC2\xA0" "done\xE2\x80\xA6\xE2\x80\x9D "
                    "she said\xE2\x80\x8B.";
    cd_run *r = extract(s, strlen(s), &st);
    EQ_INT(st, CD_OK);
    EQ_STR(r->text, "\"It's done...\" she said.");
    CHECK(r->curly);
    cd_run_free(r);
}

TEST(markdown)
{
    cd_status st;
    const char *s = "# Big news today\n\nSome **bold** and [a link](http://x.y) "
                    "here.\n\n## Subhead\n\n- item one is here.\n\n```\ncode\n```\n";
    cd_run *r = extract(s, strlen(s), &st);
    EQ_INT(st, CD_OK);
    EQ_STR(r->title, "Big news today");
    EQ_STR(r->text, "Some bold and a link here.\n\nitem one is here.");
    cd_run_free(r);
}

TEST(one_paragraph_per_line)
{
    cd_status st;
    const char *s =
        "This first line is long enough to be a paragraph of its own in a plain "
        "text file with one paragraph per line.\nThe second line starts a new "
        "paragraph.";
    cd_run *r = extract(s, strlen(s), &st);
    EQ_INT(st, CD_OK);
    CHECK(r->text && strstr(r->text, "line.\n\nThe second") != NULL);
    cd_run_free(r);
}

TEST(bad_input)
{
    cd_status st;
    cd_run *r = extract("", 0, &st);
    EQ_INT(st, CD_E_INPUT);
    cd_run_free(r);
    r = extract("  \n\n \t \n", 8, &st);
    EQ_INT(st, CD_E_INPUT);
    EQ_STR(cd_run_error(r).message, "no body text found (0 of 8 bytes)");
    cd_run_free(r);
    r = extract("abc\xFF" "def", 7, &st);
    EQ_INT(st, CD_E_INPUT);
    EQ_STR(cd_run_error(r).message, "invalid UTF-8 at byte 3");
    cd_run_free(r);
    r = extract("ab\0cd", 5, &st);
    EQ_INT(st, CD_E_INPUT);
    EQ_STR(cd_run_error(r).message, "binary input (NUL byte at offset 2)");
    cd_run_free(r);
    /* overlong encoding and a surrogate are invalid too */
    r = extract("a\xC0\xAF", 3, &st);
    EQ_INT(st, CD_E_INPUT);
    EQ_STR(cd_run_error(r).message, "invalid UTF-8 at byte 1");
    cd_run_free(r);
    r = extract("a\xED\xA0\x80", 4, &st);
    EQ_INT(st, CD_E_INPUT);
    EQ_STR(cd_run_error(r).message, "invalid UTF-8 at byte 1");
    cd_run_free(r);
}

TEST(size_limit)
{
    cd_opts o;
    cd_opts_init(&o);
    o.max_input_bytes = 10;
    cd_run *r = NULL;
    EQ_INT(cd_run_new(test_model(), &o, &r), CD_OK);
    if (!r)
        return;
    EQ_INT(cd_extract(r, "This is more than ten bytes.", 28), CD_E_LIMIT);
    EQ_STR(cd_run_error(r).message, "input is 28 bytes, over the limit of 10");
    cd_run_free(r);
}

/* A JSON record's text has the text limit, checked before extraction; a
 * BOM before a record does not make it text. */
TEST(json_record_limits)
{
    cd_opts o;
    cd_opts_init(&o);
    o.max_input_bytes = 10;
    cd_run *r = NULL;
    EQ_INT(cd_run_new(test_model(), &o, &r), CD_OK);
    if (!r)
        return;
    const char *rec = "{\"text\":\"This is more than ten bytes.\"}";
    EQ_INT(cd_extract(r, rec, strlen(rec)), CD_E_LIMIT);
    EQ_STR(cd_run_error(r).message, "text is 28 bytes, over the limit of 10");
    EQ_STR(cd_run_error(r).stage, "input");
    cd_run_reset(r);
    rec = "{\"text\":\"Short.\"}";
    EQ_INT(cd_extract(r, rec, strlen(rec)), CD_OK);
    cd_run_free(r);
    cd_status st;
    rec = "\xEF\xBB\xBF{\"id\":\"b1\",\"text\":\"The plan was backed on Monday.\"}";
    r = extract(rec, strlen(rec), &st);
    EQ_INT(st, CD_OK);
    CHECK(r->meta.id && strcmp(r->meta.id, "b1") == 0);
    EQ_STR(r->text, "The plan was backed on Monday.");
    cd_run_free(r);
}

/* JSON records: \u0000 is binary input as a raw NUL is, and a record's
 * text obeys max_input_bytes as text given alone does. */
TEST(json_records)
{
    cd_status st;
    const char *nul = "{\"id\":\"a\",\"text\":\"Prices rose.\\u0000 Then they fell.\"}";
    cd_run *r = extract(nul, strlen(nul), &st);
    EQ_INT(st, CD_E_INPUT);
    EQ_STR(cd_run_error(r).message, "binary input (\\u0000 at offset 30)");
    EQ_INT(cd_run_error(r).offset, 30);
    cd_run_free(r);
    /* an escaped backslash before u0000 is text */
    const char *esc = "{\"text\":\"Prices rose \\\\u0000 on Monday.\"}";
    r = extract(esc, strlen(esc), &st);
    EQ_INT(st, CD_OK);
    EQ_STR(cd_text(r), "Prices rose \\u0000 on Monday.");
    cd_run_free(r);

    cd_opts o;
    cd_opts_init(&o);
    o.max_input_bytes = 20;
    EQ_INT(cd_run_new(test_model(), &o, &r), CD_OK);
    const char *big = "{\"text\":\"This text is more than twenty bytes long.\"}";
    EQ_INT(cd_extract(r, big, strlen(big)), CD_E_LIMIT);
    EQ_STR(cd_run_error(r).stage, "input");
    EQ_STR(cd_run_error(r).message, "text is 41 bytes, over the limit of 20");
    EQ_INT(cd_run_error(r).offset, 20);
    cd_run_free(r);
}

/* The article a page yields obeys max_input_bytes too, and an article
 * too big for the arena is refused before it is analysed, not after. */
TEST(analysis_limits)
{
    cd_opts o;
    cd_opts_init(&o);
    o.max_input_bytes = 100;
    cd_run *r = NULL;
    EQ_INT(cd_run_new(test_model(), &o, &r), CD_OK);
    const char *html = "<html><body><p>The council approved the new budget on Monday "
                       "after a long debate, and the mayor said the plan would protect "
                       "libraries.</p></body></html>";
    EQ_INT(cd_extract(r, html, strlen(html)), CD_OK);
    EQ_INT(cd_analyze(r), CD_E_LIMIT);
    EQ_STR(cd_run_error(r).stage, "analyze");
    EQ_STR(cd_run_error(r).message, "article text is 119 bytes, over the limit of 100");
    cd_run_free(r);

    /* 200,000 one-digit words need far more than an arena of 8 MiB */
    cd_opts_init(&o);
    o.max_input_bytes = 1 << 20;
    o.max_arena_bytes = 8 << 20;
    cd_buf b = {0};
    for (int i = 0; i < 100000; i++)
        cd_buf_puts(&b, "1 2 ");
    EQ_INT(cd_run_new(test_model(), &o, &r), CD_OK);
    EQ_INT(cd_extract(r, b.p, b.len), CD_OK);
    EQ_INT(cd_analyze(r), CD_E_LIMIT);
    EQ_STR(cd_run_error(r).stage, "analyze");
    CHECK(strncmp(cd_run_error(r).message, "article of 399999 bytes needs more than ",
                  40) == 0);
    CHECK(strstr(cd_run_error(r).message, " MiB to analyse, over the arena limit of 8 MiB") != NULL);
    EQ_INT(r->ntok, 0); /* refused before any token was made */
    cd_run_free(r);
    cd_buf_free(&b);
    /* one word of 200,000 tokens: refused once they are counted (they
     * fit in 32 MiB, their analysis does not) */
    o.max_arena_bytes = 32 << 20;
    cd_buf_puts(&b, "Prices");
    for (int i = 0; i < 100000; i++)
        cd_buf_puts(&b, ",a");
    EQ_INT(cd_run_new(test_model(), &o, &r), CD_OK);
    EQ_INT(cd_extract(r, b.p, b.len), CD_OK);
    EQ_INT(cd_analyze(r), CD_E_LIMIT);
    CHECK(strncmp(cd_run_error(r).message, "article of 200006 bytes needs more than ",
                  40) == 0);
    CHECK(r->ntok > 0);
    cd_run_free(r);
    /* with 8 MiB the tokens themselves do not fit: the arena's limit,
     * named as such */
    o.max_arena_bytes = 8 << 20;
    EQ_INT(cd_run_new(test_model(), &o, &r), CD_OK);
    EQ_INT(cd_extract(r, b.p, b.len), CD_OK);
    EQ_INT(cd_analyze(r), CD_E_LIMIT);
    EQ_STR(cd_run_error(r).message, "arena limit reached");
    cd_run_free(r);
    cd_buf_free(&b);
}

int main(void)
{
    h_file = "test_extract";
    RUN(title_line_then_blank);
    RUN(no_title_when_first_line_is_a_sentence);
    RUN(unicode_punctuation);
    RUN(markdown);
    RUN(one_paragraph_per_line);
    RUN(bad_input);
    RUN(size_limit);
    RUN(json_record_limits);
    RUN(json_records);
    RUN(analysis_limits);
    cd_model_free(test_model());
    return DONE();
}
