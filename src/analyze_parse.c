/*
 * analyze_parse.c - a dependency tree for every sentence (parser.c has
 * the transition system, the features and the model).
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Subtree spans, in linear time: words ordered so that each comes after
 * its head (a breadth-first walk from the root over child lists), then
 * read backwards so that every dependent reaches its head before the
 * head reaches its own.  `mem` has room for 3n entries. */
static void spans(cd_run *run, int t0, int n, int32_t *mem)
{
    cd_tok *t = run->toks;
    int32_t *order = mem, *first = mem + n, *next = mem + 2 * n;
    for (int i = 0; i < n; i++)
        first[i] = -1;
    int m = 0;
    for (int i = n - 1; i >= 0; i--) {
        int h = t[t0 + i].head;
        if (h < 0) {
            order[m++] = i;
        } else {
            next[i] = first[h - t0];
            first[h - t0] = i;
        }
    }
    for (int i = 0; i < m; i++)
        for (int c = first[order[i]]; c >= 0; c = next[c])
            order[m++] = c;
    for (int i = m - 1; i >= 0; i--) {
        cd_tok *k = &t[t0 + order[i]];
        if (k->head >= 0) {
            cd_tok *h = &t[k->head];
            if (k->lo < h->lo)
                h->lo = k->lo;
            if (k->hi > h->hi)
                h->hi = k->hi;
        }
    }
}

void cd_analyze_trees(cd_run *run)
{
    for (int k = 0; k < run->ntok; k++) {
        run->toks[k].head = -1;
        run->toks[k].rel = CD_REL_OTHER;
        run->toks[k].lo = run->toks[k].hi = k;
    }
    for (int s = 0; s < run->nsent; s++)
        run->sents[s].parsed = false;
}

/* The run's parse scratch, sized for its longest sentence: per word its
 * form, tag and suffix hashes (three arrays of maxn + 1), the parser's
 * state, and room for the span walk. */
static bool scratch(cd_run *run)
{
    if (run->pscr.hash)
        return true;
    int maxn = 0;
    for (int s = 0; s < run->nsent; s++)
        if (run->sents[s].ntok > maxn)
            maxn = run->sents[s].ntok;
    size_t m = (size_t)maxn + 1;
    cd_parse_scratch *x = &run->pscr;
    x->hash = cd_arena_alloc(&run->arena, 3 * m * sizeof *x->hash);
    x->state = cd_arena_alloc(&run->arena, cd_pstate_bytes(maxn));
    x->order = cd_arena_alloc(&run->arena, 3 * m * sizeof *x->order);
    if (!x->hash || !x->state || !x->order) {
        x->hash = NULL;
        return false;
    }
    const cd_tagger *tg = &run->model->tagger;
    for (int t = 0; t < tg->ntags && t < CD_MAX_TAGS; t++)
        x->taghash[t] = cd_parse_tag_hash(tg->tags[t]);
    x->hash[0] = cd_parse_word_hash("-ROOT-", 6);
    x->hash[m] = cd_parse_tag_hash("-ROOT-");
    x->hash[2 * m] = cd_parse_suffix_hash("-ROOT-", 6);
    x->m = m;
    return true;
}

/* Parse words [from, from + n) of sentence se as a sentence of their
 * own; heads are written as token indexes (-1 for the root). */
static void parse_piece(cd_run *run, const cd_sent *se, int from, int n)
{
    const cd_parser *p = &run->model->parser;
    cd_parse_scratch *x = &run->pscr;
    uint64_t *w = x->hash, *ph = x->hash + x->m, *xh = x->hash + 2 * x->m;
    int t0 = se->tok0 + from;
    for (int k = 0; k < n; k++) {
        const cd_tok *t = &run->toks[t0 + k];
        const char *form = run->text + t->off;
        w[k + 1] = cd_parse_word_hash(form, t->len);
        ph[k + 1] = x->taghash[t->tag];
        xh[k + 1] = cd_parse_suffix_hash(form, t->len);
    }
    cd_pwords pw = {n, w, ph, xh};
    cd_pstate st;
    cd_pstate_init(&st, x->state, n);
    cd_parse(p, &pw, &st);
    for (int k = 1; k <= n; k++) {
        cd_tok *t = &run->toks[t0 + k - 1];
        t->head = st.head[k] > 0 ? t0 + st.head[k] - 1 : -1;
        t->rel = p->rel[st.label[k]];
        t->label = (uint8_t)st.label[k];
    }
}

static bool finite(const cd_tok *t)
{
    return t->pos == P_VBD || t->pos == P_VBZ || t->pos == P_VBP || t->pos == P_MD;
}

int cd_label_end(const cd_run *run, int a, int b)
{
    for (int k = a; k < b && k < a + 6; k++) {
        const cd_tok *t = &run->toks[k];
        if ((t->flags & TF_QUOTED) || finite(t))
            return a;
        bool colon = t->len == 1 && run->text[t->off] == ':';
        bool dash = cd_tok_is_dash(run, k); /* "CAIRO — ", "WASHINGTON (Reuters) - " */
        if (!colon && !dash)
            continue;
        if (k == a || b - (k + 1) < 5)
            return a;
        /* a dateline's place is in capitals and a sentence follows it:
         * not "US star Kanye West - who leads ..." */
        if (dash && !((run->toks[a].flags & TF_ALLCAP) && run->toks[a].len >= 3 &&
                      (run->toks[k + 1].flags & TF_CAP)))
            return a;
        /* "Batman v Superman: Dawn of Justice opened": a title, not a
         * label, has every word of two or more capitalised */
        int words = 0, caps = 0;
        for (int j = a; j < k; j++) {
            const cd_tok *u = &run->toks[j];
            if (u->pos == P_PUNCT)
                continue;
            words++;
            caps += (u->flags & TF_CAP) || u->len <= 2;
        }
        if (colon && words >= 2 && caps == words)
            return a;
        for (int j = k + 1; j < b; j++)
            if (finite(&run->toks[j]) && !(run->toks[j].flags & TF_QUOTED))
                return k + 1;
        return a;
    }
    return a;
}

/* "has failed after members of his party left parliament", "fell as
 * speculation mounted": the parser, often, makes the second verb a
 * conjunct of the first and the subordinator a preposition of its
 * subject.  A verb joined with no conjunction or comma, after a
 * subordinator and a noun phrase, is an adverbial clause: the
 * subordinator its mark, the noun phrase its subject. */
static void mend_clauses(cd_run *run, const cd_sent *se)
{
    static const char *const subord[] = {"after", "as", "because", "before", "once",
                                         "since", "though", "although", "until",
                                         "when", "while", "whereas", "if", "unless"};
    const cd_parser *p = &run->model->parser;
    int advcl = p->advcl_label, mark = p->mark_label, nsubj = p->nsubj_label;
    if (advcl < 0 || mark < 0 || nsubj < 0)
        return;
    int t0 = se->tok0;
    for (int k = t0; k < t0 + se->ntok; k++) {
        cd_tok *t = &run->toks[k];
        if (t->rel != CD_REL_CONJ || !finite(t) || t->head < t0 || t->head >= k)
            continue;
        int sub = -1, depth = 0;
        bool joined = false;
        for (int j = t->head + 1; j < k; j++) {
            const cd_tok *u = &run->toks[j];
            /* a parenthesis joins nothing ("a $1.8bn (£931m) deal as") */
            bool open = u->len == 1 && run->text[u->off] == '(';
            bool close = u->len == 1 && run->text[u->off] == ')';
            depth += open - close;
            if (depth > 0 || close)
                continue;
            joined |= u->pos == P_CC || u->rel == CD_REL_PUNCT || u->pos == P_PUNCT;
            for (size_t i = 0; i < CD_ARRAY_LEN(subord); i++)
                if (strcmp(u->lower, subord[i]) == 0)
                    sub = j;
        }
        if (joined || sub < 0 || sub + 1 >= k)
            continue;
        /* what comes between is one noun phrase, headed inside itself */
        int root = -1, roots = 0;
        bool np = true;
        for (int j = sub + 1; j < k && np; j++) {
            const cd_tok *u = &run->toks[j];
            np = u->pos == P_DT || u->pos == P_JJ || u->pos == P_NN ||
                 u->pos == P_NNS || u->pos == P_NNP || u->pos == P_NNPS ||
                 u->pos == P_CD || u->pos == P_POS || u->pos == P_PRPS ||
                 u->pos == P_PRP || u->pos == P_VBG || u->pos == P_VBN ||
                 u->pos == P_IN;
            if (u->head < sub + 1 || u->head >= k) {
                root = j;
                roots++;
            }
        }
        if (!np || roots != 1)
            continue;
        t->rel = CD_REL_ADVCL;
        t->label = (uint8_t)advcl;
        cd_tok *m = &run->toks[sub];
        m->head = k;
        m->rel = CD_REL_MARK;
        m->label = (uint8_t)mark;
        cd_tok *r = &run->toks[root];
        r->head = k;
        r->rel = CD_REL_NSUBJ;
        r->label = (uint8_t)nsubj;
    }
}

cd_status cd_sent_parse(cd_run *run, int s)
{
    if (s < 0 || s >= run->nsent || run->sents[s].parsed)
        return CD_OK;
    const cd_parser *p = &run->model->parser;
    cd_sent *se = &run->sents[s];
    se->parsed = true;
    if (p->nlabels == 0 || se->ntok == 0)
        return CD_OK; /* no parser: every word stays its own tree */
    if (!scratch(run)) {
        se->parsed = false;
        return cd_run_fail(run, CD_E_NOMEM, "analyze", 0, "out of memory");
    }
    /* A label is parsed apart from its clause and hangs on the clause's
     * root as a parataxis: the parser, trained on sentences, reads
     * "Heads up, travelers: Hundreds of workers are striking" with
     * "Heads" as the subject. */
    int para = p->parataxis_label;
    int lw = para < 0 ? 0 : cd_label_end(run, se->tok0, se->tok0 + se->ntok) - se->tok0;
    parse_piece(run, se, lw, se->ntok - lw);
    if (lw) {
        int root = -1;
        for (int k = lw; k < se->ntok && root < 0; k++)
            if (run->toks[se->tok0 + k].head < 0)
                root = se->tok0 + k;
        parse_piece(run, se, 0, lw);
        for (int k = 0; k < lw; k++) {
            cd_tok *t = &run->toks[se->tok0 + k];
            if (t->head < 0) {
                t->head = root;
                t->rel = CD_REL_PARATAXIS;
                t->label = (uint8_t)para;
            }
        }
    }
    mend_clauses(run, se);
    spans(run, se->tok0, se->ntok, run->pscr.order);
    return CD_OK;
}

cd_status cd_analyze_parse(cd_run *run)
{
    cd_status st = CD_OK;
    for (int s = 0; s < run->nsent && st == CD_OK; s++)
        st = cd_sent_parse(run, s);
    return st;
}
