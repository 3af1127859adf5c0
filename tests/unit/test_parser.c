/* test_parser.c - the dependency parser: transitions, trees, the model
 * file, determinism, and hand-checked parses. */
#include <stdint.h>

#include "harness.h"
#include "internal.h"

static int label(const cd_parser *p, const char *name)
{
    for (int k = 0; k < p->nlabels; k++)
        if (strcmp(p->labels[k], name) == 0)
            return k;
    fprintf(stderr, "no label %s\n", name);
    exit(1);
}

static uint64_t mem[4096];

static cd_model *parser_model(void)
{
    cd_model *m = test_model();
    if (m->parser.nlabels == 0) {
        fprintf(stderr, "cd_model_load left the parser out\n");
        exit(1);
    }
    return m;
}

TEST(transitions_follow_arc_eager)
{
    const cd_parser *p = &parser_model()->parser;
    int nl = p->nlabels, root = p->root_label;
    int nsubj = label(p, "nsubj"), obj = label(p, "obj");
    cd_pstate st;
    cd_pstate_init(&st, mem, 3); /* She eats fish */
    /* the root takes no left arc, and nothing is reduced without a head */
    CHECK(!cd_parse_legal(&st, nl, root, 2 + nsubj));
    CHECK(!cd_parse_legal(&st, nl, root, CD_T_REDUCE));
    CHECK(!cd_parse_legal(&st, nl, root, 2 + nl + nsubj));
    CHECK(cd_parse_legal(&st, nl, root, CD_T_SHIFT));
    cd_parse_apply(&st, nl, CD_T_SHIFT);
    CHECK(!cd_parse_legal(&st, nl, root, 2 + root)); /* no left arc labelled root */
    cd_parse_apply(&st, nl, 2 + nsubj);
    EQ_INT(st.head[1], 2);
    CHECK(cd_parse_legal(&st, nl, root, 2 + nl + root));
    cd_parse_apply(&st, nl, 2 + nl + root);
    EQ_INT(st.head[2], 0);
    /* one root only, and only from the root */
    EQ_INT(st.stack[st.sp - 1], 2);
    CHECK(!cd_parse_legal(&st, nl, root, 2 + nl + root));
    cd_parse_apply(&st, nl, 2 + nl + obj);
    EQ_INT(st.head[3], 2);
    EQ_INT(st.label[3], obj);
    EQ_INT(st.lc1[2], 1);
    EQ_INT(st.rc1[2], 3);
    EQ_INT(st.b, 4);
    CHECK(!cd_parse_legal(&st, nl, root, CD_T_SHIFT)); /* the buffer is empty */
}

TEST(finish_makes_a_tree)
{
    const cd_parser *p = &parser_model()->parser;
    cd_pstate st;
    cd_pstate_init(&st, mem, 3);
    cd_parse_apply(&st, p->nlabels, CD_T_SHIFT);
    cd_parse_apply(&st, p->nlabels, CD_T_SHIFT);
    cd_parse_apply(&st, p->nlabels, CD_T_SHIFT);
    cd_parse_finish(&st, p->root_label, p->dep_label);
    EQ_INT(st.head[1], 0);
    EQ_INT(st.label[1], p->root_label);
    EQ_INT(st.head[2], 1);
    EQ_INT(st.head[3], 1);
}

static cd_run *analyze(const char *s)
{
    cd_run *r = NULL;
    EQ_INT(cd_run_new(parser_model(), NULL, &r), CD_OK);
    if (!r)
        exit(1);
    cd_status st = cd_extract(r, s, strlen(s));
    if (st == CD_OK)
        st = cd_analyze(r);
    if (st == CD_OK)
        st = cd_analyze_parse(r);
    EQ_INT(st, CD_OK);
    return r;
}

/* Every sentence's words form one tree: one root, no cycles, heads
 * inside the sentence. */
static void check_trees(const cd_run *r)
{
    for (int s = 0; s < r->nsent; s++) {
        const cd_sent *se = &r->sents[s];
        int roots = 0;
        for (int k = se->tok0; k < se->tok0 + se->ntok; k++) {
            const cd_tok *t = &r->toks[k];
            if (t->head < 0) {
                roots++;
                EQ_INT(t->rel, CD_REL_ROOT);
                continue;
            }
            CHECK(t->head >= se->tok0 && t->head < se->tok0 + se->ntok && t->head != k);
            int h = k, steps = 0;
            while (h >= 0 && steps <= se->ntok) {
                h = r->toks[h].head;
                steps++;
            }
            CHECK(h < 0);
        }
        EQ_INT(roots, 1);
    }
}

TEST(every_sentence_is_a_tree)
{
    static const char *const texts[] = {
        "Hello.",
        "Yes",
        ("The minister said on Tuesday that the plan, which was announced last "
         "year, would go ahead. Critics disagreed!"),
        "... ; : -- ( ) ' \" ,",
        "Buy now, pay later, they say, and many do.",
    };
    for (size_t i = 0; i < CD_ARRAY_LEN(texts); i++) {
        cd_run *r = analyze(texts[i]);
        check_trees(r);
        cd_run_free(r);
    }
    /* a long run of words without a full stop */
    char big[20000];
    size_t o = 0;
    for (int i = 0; i < 1500; i++)
        o += (size_t)snprintf(big + o, sizeof big - o, "%s ", i % 7 ? "word" : "and");
    cd_run *r = analyze(big);
    check_trees(r);
    cd_run_free(r);
}

/* cd_analyze parses nothing: every word is its own tree until a stage
 * asks for a sentence's, and then only that sentence is parsed. */
TEST(sentences_are_parsed_when_asked)
{
    cd_run *r = NULL;
    EQ_INT(cd_run_new(parser_model(), NULL, &r), CD_OK);
    const char *s = "Police arrested two men. The men were charged with assault.";
    const cd_word *w = NULL;
    EQ_INT(cd_sentence_tree(r, 0, &w), -1); /* no analysis yet */
    EQ_INT(cd_extract(r, s, strlen(s)), CD_OK);
    EQ_INT(cd_analyze(r), CD_OK);
    EQ_INT(r->nsent, 2);
    for (int k = 0; k < r->ntok; k++) {
        EQ_INT(r->toks[k].head, -1);
        EQ_INT(r->toks[k].lo, k);
        EQ_INT(r->toks[k].hi, k);
    }
    EQ_INT(cd_sentence_tree(r, 1, &w), 7);
    CHECK(!r->sents[0].parsed && r->sents[1].parsed);
    EQ_INT(r->toks[0].head, -1); /* "Police", sentence 0, untouched */
    /* The men were charged with assault . */
    EQ_INT(w[1].head, 3);
    EQ_STR(w[1].rel, "nsubj:pass");
    EQ_INT(w[3].head, -1);
    EQ_STR(w[3].rel, "root");
    EQ_STR(w[3].tag, "VBN");
    EQ_STR(w[3].lemma, "charge");
    EQ_INT(r->toks[r->sents[1].tok0 + 3].lo, r->sents[1].tok0);
    EQ_INT(r->toks[r->sents[1].tok0 + 3].hi, r->ntok - 1);
    EQ_INT(cd_sentence_tree(r, 2, &w), -1);
    CHECK(w == NULL);
    EQ_INT(cd_sentence_tree(r, -1, &w), -1);
    cd_run_free(r);
}

/* A label before a colon hangs on the clause after it; a subordinate
 * clause after "after" is an adverbial clause, never a conjunct */
TEST(labels_and_clauses_mended)
{
    cd_run *r = NULL;
    EQ_INT(cd_run_new(parser_model(), NULL, &r), CD_OK);
    const char *s = "Heads up, commuters: Hundreds of drivers are striking at the depot. "
                    "The plan has failed after members of the party left the hall on Saturday.";
    const cd_word *w = NULL;
    EQ_INT(cd_extract(r, s, strlen(s)), CD_OK);
    EQ_INT(cd_analyze(r), CD_OK);
    EQ_INT(cd_sentence_tree(r, 0, &w), 14);
    /* Heads(0) up(1) ,(2) commuters(3) :(4) Hundreds(5) of(6) drivers(7)
     * are(8) striking(9) */
    EQ_INT(w[9].head, -1);
    EQ_INT(w[0].head, 9);
    EQ_STR(w[0].rel, "parataxis");
    EQ_INT(w[5].head, 9);
    EQ_STR(w[5].rel, "nsubj");
    /* The(0) plan(1) has(2) failed(3) after(4) members(5) of(6) the(7)
     * party(8) left(9) */
    EQ_INT(cd_sentence_tree(r, 1, &w), 15);
    EQ_INT(w[9].head, 3);
    EQ_STR(w[9].rel, "advcl");
    EQ_INT(w[4].head, 9);
    EQ_STR(w[4].rel, "mark");
    EQ_INT(w[5].head, 9);
    cd_run_free(r);
}

TEST(parses_are_deterministic)
{
    const char *s = "Nato allies agreed on Wednesday to raise defence spending "
                    "to 5% of GDP, the alliance said.";
    cd_run *a = analyze(s), *b = analyze(s);
    EQ_INT(a->ntok, b->ntok);
    for (int k = 0; k < a->ntok && k < b->ntok; k++) {
        EQ_INT(a->toks[k].head, b->toks[k].head);
        EQ_INT(a->toks[k].rel, b->toks[k].rel);
    }
    cd_run_free(a);
    cd_run_free(b);
}

/* "word head rel ..." for each token: the head as a token index (-1 for
 * the root), checked by hand against the UD English guidelines. */
static void expect_parse(const char *text, const char *const *want, int n)
{
    cd_run *r = analyze(text);
    EQ_INT(r->ntok, n);
    for (int k = 0; k < n && k < r->ntok; k++) {
        char got[96];
        snprintf(got, sizeof got, "%.*s %d %s", (int)r->toks[k].len,
                 r->text + r->toks[k].off, r->toks[k].head, cd_rel_name(r->toks[k].rel));
        if (want[k])
            EQ_STR(got, want[k]);
    }
    cd_run_free(r);
}

TEST(golden_parses)
{
    static const char *const relcl[] = {
        "The 1 det", "company 8 nsubj", ", 4 punct", "which 4 nsubj",
        "employs 1 acl:relcl", "500 6 nummod", "people 4 obj", ", 8 punct",
        "closed -1 root", "its 10 nmod:poss", "factory 8 obj", "in 12 case",
        "Leeds 8 obl", "last 14 amod", "year 8 obl", ". 8 punct",
    };
    expect_parse("The company, which employs 500 people, closed its factory in "
                 "Leeds last year.", relcl, (int)CD_ARRAY_LEN(relcl));
    static const char *const conj[] = {
        "Police 1 nsubj", "arrested -1 root", "two 3 nummod", "men 1 obj",
        "after 6 case", "the 6 det", "match 1 obl", "and 8 cc", "charged 1 conj",
        "them 8 obj", "with 11 case", "assault 8 obl", ". 1 punct",
    };
    expect_parse("Police arrested two men after the match and charged them with "
                 "assault.", conj, (int)CD_ARRAY_LEN(conj));
    /* the seed article's first sentence: the arcs compression reads (the
     * attachment of its prepositional phrases is left unchecked) */
    static const char *const seed[] = {
        NULL, NULL, NULL, NULL, "Pete 6 nsubj", "Hegseth 4 flat",
        "declared -1 root", "Ukraine 10 nmod:poss", "'s 7 case", "NATO 10 compound",
        "membership 6 obj", "and 12 cc", "restoration 10 conj", NULL, NULL, NULL,
        NULL, "\" 18 punct", "unrealistic 6 xcomp", "\" 18 punct", NULL, NULL, NULL,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ", 40 punct",
        "while 40 mark", "no 38 det", "new 38 amod", NULL, NULL,
        "package 40 nsubj:pass", "was 40 aux:pass", "announced 6 advcl", NULL,
        NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ". 6 punct",
    };
    expect_parse("US Secretary of Defense Pete Hegseth declared Ukraine's NATO "
                 "membership and restoration of its pre-2014 borders \"unrealistic\" "
                 "during his first Ukraine Defense Contact Group meeting in Brussels "
                 "on Wednesday, while no new military aid package was announced at "
                 "what has historically been a crucial forum for Western support.",
                 seed, (int)CD_ARRAY_LEN(seed));
}

TEST(model_file_errors)
{
    cd_parser p;
    char err[256];
    EQ_INT(cd_parser_load(&p, "/nonexistent/parser.bin", err, sizeof err), CD_E_IO);
    EQ_STR(err, "cannot open parser model /nonexistent/parser.bin");
    char path[] = "/tmp/cd_parser_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    fputs("CDTAG001 not a parser model at all", f);
    fclose(f);
    EQ_INT(cd_parser_load(&p, path, err, sizeof err), CD_E_IO);
    CHECK(strstr(err, "is not a copydesk parser model") != NULL);
    /* a true model cut short */
    FILE *in = fopen(CD_DATADIR "/parser.bin", "rb");
    CHECK(in != NULL);
    char buf[65536];
    size_t n = in ? fread(buf, 1, sizeof buf, in) : 0;
    if (in)
        fclose(in);
    f = fopen(path, "wb");
    fwrite(buf, 1, n, f);
    fclose(f);
    EQ_INT(cd_parser_load(&p, path, err, sizeof err), CD_E_IO);
    CHECK(strstr(err, "is corrupt") != NULL);
    remove(path);
}

int main(void)
{
    h_file = "test_parser";
    RUN(transitions_follow_arc_eager);
    RUN(sentences_are_parsed_when_asked);
    RUN(finish_makes_a_tree);
    RUN(every_sentence_is_a_tree);
    RUN(labels_and_clauses_mended);
    RUN(parses_are_deterministic);
    RUN(golden_parses);
    RUN(model_file_errors);
    return DONE();
}
