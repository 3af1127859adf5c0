/* test_corpus.c - run tests/corpus/check.batch through the rule table and
 * print, per rule, how many lines expect it to fire and not to fire, and
 * its false alarms and misses.  Any mismatch fails the test, and so does
 * a line the check could not grade (cd_check_text returning -1): an
 * ungraded candidate is neither a pass nor a quiet rule. */
#include "harness.h"
#include "internal.h"

typedef struct stat {
    char rule[32];
    int fire, quiet;       /* lines expecting the rule to fire / not fire */
    int miss, alarm;       /* it did not fire / it fired */
    int error;             /* lines the check could not grade */
} stat;

static stat stats[64];
static int nstats;

static stat *rule_stat(const char *rule)
{
    for (int i = 0; i < nstats; i++)
        if (!strcmp(stats[i].rule, rule))
            return &stats[i];
    if (nstats == 64)
        return &stats[63];
    snprintf(stats[nstats].rule, sizeof stats[nstats].rule, "%s", rule);
    return &stats[nstats++];
}

static cd_kind kind_of(const char *k)
{
    if (!strcmp(k, "headline"))
        return CD_HEADLINE;
    if (!strcmp(k, "lede"))
        return CD_LEDE;
    if (!strcmp(k, "seo"))
        return CD_SEO_TITLE;
    if (!strcmp(k, "meta"))
        return CD_META_DESC;
    return CD_KIND_COUNT;
}

TEST(corpus)
{
    FILE *f = fopen("tests/corpus/check.batch", "r");
    CHECK(f != NULL);
    if (!f)
        return;
    char line[2048];
    cd_run *run = NULL;
    int lineno = 0, lines = 0, errors = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        line[strcspn(line, "\n")] = 0;
        if (!line[0] || line[0] == '%')
            continue;
        if (line[0] == '@') {
            char name[64], path[512];
            if (sscanf(line, "@ %63s %511s", name, path) != 2) {
                fprintf(stderr, "check.batch:%d: bad fixture line\n", lineno);
                h_cur_fail++;
                continue;
            }
            cd_run_free(run);
            run = NULL;
            EQ_INT(cd_run_new(test_model(), NULL, &run), CD_OK);
            FILE *a = fopen(path, "rb");
            static char buf[1 << 16];
            size_t n = a ? fread(buf, 1, sizeof buf, a) : 0;
            if (a)
                fclose(a);
            if (!run || cd_extract(run, buf, n) != CD_OK || cd_analyze(run) != CD_OK) {
                fprintf(stderr, "check.batch:%d: cannot read %s\n", lineno, path);
                h_cur_fail++;
                cd_run_free(run);
                run = NULL; /* the lines under it are failures, not passes */
            }
            continue;
        }
        /* MARK[RULE] KIND TEXT */
        char mark = line[0];
        char rule[32] = "", kind[16] = "";
        const char *p = line + 1;
        if (mark != '+') {
            size_t rl = strcspn(p, " ");
            snprintf(rule, sizeof rule, "%.*s", (int)rl, p);
            p += rl;
        }
        while (*p == ' ')
            p++;
        size_t kl = strcspn(p, " ");
        snprintf(kind, sizeof kind, "%.*s", (int)kl, p);
        p += kl;
        while (*p == ' ')
            p++;
        cd_kind k = kind_of(kind);
        /* a '-' line naming no rule (or a rule never seen) could never fail */
        if (!run || k == CD_KIND_COUNT || !*p || (mark != '+' && !rule[0])) {
            fprintf(stderr, "check.batch:%d: bad line\n", lineno);
            h_cur_fail++;
            continue;
        }
        lines++;
        const cd_finding *fs;
        int nf = cd_check_text(run, k, p, &fs);
        if (nf < 0) {
            /* the check did not run (out of memory, no analysis): whatever
             * the mark, the line was not graded, and that is a failure */
            fprintf(stderr, "check.batch:%d: the check could not run on this line\n",
                    lineno);
            errors++;
            if (mark != '+')
                rule_stat(rule)->error++;
            h_cur_fail++;
            continue;
        }
        bool has = false, has_fail = false;
        for (int i = 0; i < nf; i++) {
            if (rule[0] && !strcmp(fs[i].rule, rule)) {
                has = true;
                if (fs[i].fail)
                    has_fail = true;
            }
        }
        bool ok = true;
        if (mark == '+') {
            for (int i = 0; i < nf; i++)
                if (fs[i].fail) {
                    stat *st = rule_stat(fs[i].rule);
                    st->alarm++;
                    ok = false;
                    fprintf(stderr, "check.batch:%d: false alarm %s: %s\n", lineno,
                            fs[i].rule, fs[i].reason);
                }
            continue_ok:
            if (!ok)
                h_cur_fail++;
            continue;
        }
        stat *st = rule_stat(rule);
        if (mark == '*' || mark == '~') {
            st->fire++;
            if (!(mark == '*' ? has_fail : has)) {
                st->miss++;
                ok = false;
                fprintf(stderr, "check.batch:%d: missed %s\n", lineno, rule);
                for (int i = 0; i < nf; i++)
                    fprintf(stderr, "    (found %s: %s)\n", fs[i].rule, fs[i].reason);
            }
        } else if (mark == '-') {
            st->quiet++;
            if (has) {
                st->alarm++;
                ok = false;
                fprintf(stderr, "check.batch:%d: false alarm %s\n", lineno, rule);
            }
        } else {
            fprintf(stderr, "check.batch:%d: unknown mark '%c'\n", lineno, mark);
            ok = false;
        }
        goto continue_ok;
    }
    fclose(f);
    cd_run_free(run);
    printf("check.batch: %d candidate lines, %d not graded\n", lines, errors);
    printf("  %-24s %5s %5s %6s %6s %6s\n", "rule", "fire", "quiet", "misses", "alarms",
           "errors");
    for (int i = 0; i < nstats; i++)
        printf("  %-24s %5d %5d %6d %6d %6d\n", stats[i].rule, stats[i].fire,
               stats[i].quiet, stats[i].miss, stats[i].alarm, stats[i].error);
    /* An empty corpus checks nothing. */
    CHECK(lines > 0);
    /* A '-RULE' line passes whenever RULE is silent, so a misspelt or
     * removed rule would pass every one of them: each rule a '-' line
     * names must also be shown to fire by a '*' or '~' line. */
    for (int i = 0; i < nstats; i++)
        if (stats[i].quiet > 0 && stats[i].fire == 0) {
            fprintf(stderr, "check.batch: rule %s is only ever expected not to fire; "
                    "no line shows that it exists\n", stats[i].rule);
            h_cur_fail++;
        }
    CHECK(nstats < 64); /* the table is full: rules were merged */
}

int main(void)
{
    h_file = "test_corpus";
    RUN(corpus);
    cd_model_free(test_model());
    return DONE();
}
