/*
 * generate_desc.c - alternative ledes and meta descriptions.
 *
 * Both are whole sentences in the article's own tense.  A sentence is
 * shortened only at places where what remains is still a sentence: a
 * parenthesis, an appositive or relative clause set off by commas, a
 * fronted adverbial ("In a major shift, ..."), or everything after a
 * clause or prepositional boundary that follows the main verb's object.
 * The shortened sentence gets a full stop.
 *
 * Ledes: at most opts.lede_max_words words, the subject up front.
 * Meta descriptions: opts.meta_min_chars to opts.meta_max_chars
 * characters, one sentence or two in article order.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "generate.h"

typedef struct trim {
    char text[1024];
    size_t len;
    int words;
    bool lead_subject;  /* starts with the clause's subject */
    int level;          /* 0: the whole sentence; higher: shorter */
    int tok[CD_HL_MAX]; /* the article tokens kept */
    int ntok;
} trim;

enum { MAX_TRIMS = 24 };
/* A description from the article's first sentence is its lead's claim,
 * which publishers' descriptions most often are. */
#define LEAD_BONUS 0.2

static bool sentence_cut_ok(const cd_run *run, const cd_clause *c, int p)
{
    const cd_tok *t = &run->toks[p];
    if ((t->flags & TF_QUOTED) || cd_tok_is(run, p, "\""))
        return false;
    if (p <= c->v1 || p > c->clause_end)
        return false;
    const cd_tok *prev = &run->toks[p - 1];
    /* not after a word that needs what follows: "of people aged.",
     * "compared.", "he didn't like." */
    if (prev->pos == P_IN || prev->pos == P_DT || prev->pos == P_CC ||
        prev->pos == P_TO || prev->pos == P_PRPS || prev->pos == P_POS ||
        prev->pos == P_VBN || prev->pos == P_VB || prev->pos == P_VBG ||
        prev->pos == P_MD || prev->pos == P_WDT || prev->pos == P_RB)
        return false;
    /* not inside a clause begun before its verb ("challenged the idea
     * that the explosion of violence | in a cafe was ...") */
    if (cd_cut_opens_clause(run, c->v1, p, c->stop))
        return false;
    /* not after the limit of "has until next week [to approve ...]" */
    for (int j = c->v1; j < p; j++) {
        int tl;
        if (!(cd_tok_is(run, j, "until") || cd_tok_is(run, j, "till") ||
              cd_tok_is(run, j, "by")) ||
            !cd_is_time_phrase_start(run, j, p, &tl) || j + tl != p)
            continue;
        for (int k = j - 1; k >= c->v0 && k >= j - 3; k--)
            if (!strcmp(run->toks[k].lemma, "have") || !strcmp(run->toks[k].lemma, "give"))
                return false;
    }
    /* inside a relative clause ("whose failure to hold on | to a shot")
     * only its closing comma may end the sentence */
    for (int k = p - 1; k > c->v1; k--) {
        if (cd_tok_is(run, k, ","))
            break;
        if (run->toks[k].pos == P_WDT || run->toks[k].pos == P_WP)
            return cd_tok_is(run, p, ",");
    }
    if (cd_tok_is(run, p, ",") || cd_tok_is(run, p, ";"))
        return true;
    /* "and" ends a sentence only where a new clause starts */
    if (t->pos == P_CC && p + 1 < c->stop &&
        (run->toks[p + 1].pos == P_VBD || run->toks[p + 1].pos == P_VBZ ||
         run->toks[p + 1].pos == P_VBP || run->toks[p + 1].pos == P_MD ||
         run->toks[p + 1].pos == P_PRP))
        return true;
    return (t->pos == P_IN && !cd_tok_is(run, p, "of") &&
            !cd_tok_is(run, p, "that")) || t->pos == P_WDT ||
           (t->pos == P_TO && p > c->v1 + 1);
}

/* A person named by surname alone ("Belt mentioned two groups"), the
 * first time in what h holds: the full name the article gives ("Don Belt
 * mentioned ..."), as a reader of the snippet alone needs it.  Not after
 * a title or honorific ("Mr Mugabe", "President Trump"), nor inside a
 * quotation. */
static const char *first_mention(const cd_run *run, const cd_hl *h, int k)
{
    const cd_tok *t = &run->toks[k];
    if (t->ent < 0 || (t->flags & TF_QUOTED))
        return NULL;
    const cd_entity *e = &run->ents[t->ent];
    const char *name = e->full; /* NULL unless a person's, of 2-4 words */
    if (!name || !e->short_name || t->len != strlen(e->short_name) ||
        strncmp(run->text + t->off, e->short_name, t->len) != 0)
        return NULL;
    if (k > 0 && (run->toks[k - 1].ent == t->ent || run->toks[k - 1].pos == P_NNP ||
                  cd_honorific(run, k - 1, k + 1)))
        return NULL;
    if (k + 1 < run->ntok && run->toks[k + 1].ent == t->ent)
        return NULL;
    /* not a name whose first words stand before k already ("National
     * [Treasure]", "Hard [Rock]": the recogniser's guesses) */
    if (k > 0) {
        const cd_tok *pv = &run->toks[k - 1];
        const char *w = run->text + pv->off;
        for (const char *p = name; *p;) {
            size_t n = strcspn(p, " ");
            if (n == pv->len && strncmp(p, w, n) == 0)
                return NULL;
            p += n;
            while (*p == ' ')
                p++;
        }
    }
    for (int i = 0; i < h->n; i++)
        if (h->tok[i] >= 0 && run->toks[h->tok[i]].ent == t->ent)
            return NULL;
    return name;
}

static void push_range(cd_hl *h, const cd_run *run, const cd_clause *c,
                       int a, int b, bool drop_skips, bool name)
{
    for (int k = a; k < b; k++) {
        if (cd_tok_is(run, k, "(") && !(run->toks[k].flags & TF_QUOTED)) {
            /* a parenthesis goes whole (never inside a quotation, whose
             * words stay as said); an unclosed one runs to the end */
            int after = cd_skip_parens(run, k, b);
            k = (after > k ? after : b) - 1;
            continue;
        }
        if (drop_skips && c && cd_clause_skipped(c, k))
            continue;
        /* "He called on ..." opening a lede: name him ("Varma called") */
        const char *rep = NULL;
        if (k == a && (cd_tok_is(run, k, "he") || cd_tok_is(run, k, "she")))
            rep = cd_resolve_pronoun(run, k);
        if (!rep && name)
            rep = first_mention(run, h, k);
        cd_hl_push(h, k, rep);
    }
}

static void capitalise_first(char *s)
{
    if (*s && islower((unsigned char)*s))
        *s = (char)toupper((unsigned char)*s);
}

/* Every sentence-shaped shortening of sentence s, longest first; with
 * `name`, a person named by surname alone gets the full name the first
 * time (first_mention). */
enum { TRIM_NAME = 1, TRIM_SINGLES = 2, TRIM_QUESTION = 4 };

/* Where a closing attribution (", a source said", ", police told
 * Reuters") begins in [a, end): its comma; else -1.  A prefix cut of
 * the sentence may keep it, so the claim stays someone's. */
static int attribution_tail(const cd_run *run, int a, int end)
{
    static const char *const say[] = {"say", "tell", "add", "report", "claim",
                                       "confirm", "announce", "insist", "warn"};
    for (int k = end - 1; k > a && k >= end - 8; k--) {
        if (!cd_tok_is(run, k, ","))
            continue;
        /* the speaker, then the verb; or "said a report", "say
         * experts" (not ", told Reuters", whose speaker came before) */
        const cd_tok *f = &run->toks[k + 1];
        bool inverted = f->pos >= P_VB && f->pos <= P_VBZ;
        if (inverted && strcmp(f->lemma, "say") != 0)
            return -1;
        bool verb = false;
        for (int j = k + 1; j < end; j++) {
            const cd_tok *t = &run->toks[j];
            if (t->flags & TF_QUOTED)
                return -1;
            for (size_t i = 0; i < CD_ARRAY_LEN(say) && !verb; i++)
                verb = t->pos >= P_VB && t->pos <= P_VBZ && !strcmp(t->lemma, say[i]);
        }
        return verb ? k : -1;
    }
    return -1;
}

static int sentence_trims(const cd_run *run, int s, trim *out, int how)
{
    const cd_sent *se = &run->sents[s];
    int a = se->tok0, b = se->tok0 + se->ntok;
    int n = 0;
    bool name = how & TRIM_NAME, singles = how & TRIM_SINGLES;
    /* the sentence's final punctuation, quotation mark included */
    int body_end = b;
    while (body_end > a && run->toks[body_end - 1].pos == P_PUNCT &&
           !cd_tok_is(run, body_end - 1, ")"))
        body_end--;
    bool ends_period = false, ends_question = false;
    for (int k = body_end; k < b; k++) {
        if (cd_tok_is(run, k, "."))
            ends_period = true;
        if (cd_tok_is(run, k, "?"))
            ends_question = true;
    }
    if (se->ntok > CD_MAX_SENT_TOKENS)
        return 0;
    /* "CAIRO — Gunmen opened fire ...": no dateline or label */
    a = cd_label_end(run, a, b);
    cd_clause c0, c, all;
    bool have = cd_clause_find(run, a, b, &c0);
    int ntree = 0;
    if (have) {
        all = c0;
        ntree = cd_tree_skips(run, &all, CD_TREE_PHRASE | CD_TREE_ASIDE | CD_TREE_FULL);
    }
    /* drop 1: the clause finder's asides; 2: also the tree's optional
     * phrases after the verb (when the sentence is parsed); 3 and on:
     * the asides and one of those phrases, when there are several and
     * `singles` asks, so a description a little too long loses as little
     * as it must (ledes, not bound to a length, would only repeat) */
    int variants = 3 + (singles && ntree > 1 ? ntree : 0);
    for (int drop = 0; drop < variants && n < MAX_TRIMS; drop++) {
        c = c0;
        if (drop == 2 && ntree == 0)
            continue;
        if (drop == 2)
            c = all;
        if (drop >= 3) {
            c.skip0[c.nskip] = all.skip0[c0.nskip + drop - 3];
            c.skip1[c.nskip] = all.skip1[c0.nskip + drop - 3];
            c.nskip++;
        }
        for (int front = 0; front < 2 && n < MAX_TRIMS; front++) {
            if ((drop || front) && !have)
                break;
            if (front && c.s0 == a)
                break;
            if (drop && c.nskip == 0)
                break;
            int start = front ? c.s0 : a;
            /* the whole sentence */
            int cuts[64];
            int nc = 0;
            cuts[nc++] = b;
            /* a single phrase left out: the whole sentence, or its
             * clause without what follows (", officials said") */
            if (have && drop >= 3 && c.stop < body_end)
                cuts[nc++] = c.stop;
            if (have && drop < 3)
                for (int p = c.stop; p > c.v1 && nc < 64; p--)
                    if (p == c.stop ? p < body_end : sentence_cut_ok(run, &c, p))
                        cuts[nc++] = p;
            int tail = have ? attribution_tail(run, c.v1, body_end) : -1;
            for (int i = 0; i < nc && n < MAX_TRIMS; i++) {
                cd_hl h = {0};
                if (cuts[i] == b && ends_period) {
                    push_range(&h, run, &c, start, b, drop, name);
                } else if (cuts[i] == b && ends_question && (how & TRIM_QUESTION) &&
                           drop == 0 && front == 0) {
                    /* a question whole, after the sentence that asks it
                     * ("Older workers are thought ... Is that true?") */
                    push_range(&h, run, &c, start, b, false, name);
                } else if (cuts[i] == b) {
                    continue; /* a question or exclamation: not for us */
                } else {
                    int e = cuts[i];
                    while (e > start && (cd_tok_is(run, e - 1, ",") ||
                                         cd_tok_is(run, e - 1, ";") ||
                                         cd_tok_is(run, e - 1, ":")))
                        e--;
                    push_range(&h, run, &c, start, e, drop, name);
                    /* "... are under house arrest[ at ...], a source
                     * said." */
                    if (tail > e)
                        push_range(&h, run, &c, tail, body_end, false, false);
                    cd_hl_push(&h, -1, ".");
                }
                trim *t = &out[n];
                t->len = cd_hl_render(run, &h, CD_RENDER_SENTENCE, t->text,
                                      sizeof t->text);
                if (t->len == 0)
                    continue;
                if (t->text[t->len - 1] != '.' && t->text[t->len - 1] != '?' &&
                    !(t->len > 1 && t->text[t->len - 1] == '"' &&
                      t->text[t->len - 2] == '.')) {
                    if (t->len + 2 >= sizeof t->text)
                        continue;
                    t->text[t->len++] = '.';
                    t->text[t->len] = 0;
                }
                capitalise_first(t->text);
                t->ntok = 0;
                for (int j = 0; j < h.n; j++)
                    if (h.tok[j] >= 0)
                        t->tok[t->ntok++] = h.tok[j];
                t->words = cd_words(t->text);
                t->lead_subject = have && start == c.s0 &&
                                  !(run->toks[start].flags & TF_QUOTED) &&
                                  !cd_tok_is(run, start, "\"");
                t->level = i + (drop < 3 ? drop : 2) + front;
                n++;
            }
        }
    }
    return n;
}


cd_status cd_generate_ledes(cd_run *run)
{
    int order[64];
    int n = cd_sents_by_salience(run, order, 64);
    trim *tr = malloc(MAX_TRIMS * sizeof *tr);
    if (!tr)
        return cd_run_fail(run, CD_E_NOMEM, "generate", 0, "out of memory");
    int maxw = run->opts.lede_max_words;
    for (int i = 0; i < n && i < 16; i++) {
        int s = order[i];
        const cd_sent *se = &run->sents[s];
        if (se->nquote_words * 2 > se->ntok)
            continue;
        int nt = sentence_trims(run, s, tr, TRIM_NAME);
        for (int k = 0; k < nt; k++) {
            if (tr[k].words > maxw || tr[k].words < 8)
                continue;
            /* who and what up front: a lede that opens with a quotation
             * or an adverbial ranks lower */
            double score = se->salience + (tr[k].lead_subject ? 0.1 : -0.3) -
                           0.03 * tr[k].level;
            int src[1] = {s};
            cd_cand *c = cd_cand_add(run, CD_LEDE, tr[k].text, tr[k].len, src, 1,
                                     score, "sentence");
            if (!c || !cd_cand_set_toks(run, c, tr[k].tok, tr[k].ntok,
                                        CD_TREE_CLAUSE | CD_TREE_FULL)) {
                free(tr);
                return cd_run_fail(run, CD_E_NOMEM, "generate", 0,
                                   "out of memory");
            }
        }
    }
    free(tr);
    return CD_OK;
}

/* Three whole sentences from s on, when they fit [lo, hi]. */
static cd_status three(cd_run *run, const cd_sent *se, int s, const trim *x,
                       const trim *y, const trim *z, size_t lo, size_t hi)
{
    for (int k = s; k < s + 3; k++)
        if (run->sents[k].nquote_words)
            return CD_OK; /* a quotation may run across them */
    size_t n = cd_text_chars(x->text, x->len) + cd_text_chars(y->text, y->len) +
               cd_text_chars(z->text, z->len) + 2;
    if (n < lo || n > hi || x->len + y->len + z->len + 3 > 3100)
        return CD_OK;
    char buf[3200];
    size_t len = (size_t)snprintf(buf, sizeof buf, "%s %s %s", x->text, y->text, z->text);
    double score = se->salience - 0.03 * x->level - 0.05 + (run->sents[s].lead == 0 ? LEAD_BONUS : 0);
    int src[3] = {s, s + 1, s + 2};
    cd_cand *c = cd_cand_add(run, CD_META_DESC, buf, len, src, 3, score,
                             "three sentences");
    int all[3 * CD_HL_MAX];
    memcpy(all, x->tok, (size_t)x->ntok * sizeof *all);
    memcpy(all + x->ntok, y->tok, (size_t)y->ntok * sizeof *all);
    memcpy(all + x->ntok + y->ntok, z->tok, (size_t)z->ntok * sizeof *all);
    if (!c || !cd_cand_set_toks(run, c, all, x->ntok + y->ntok + z->ntok,
                                CD_TREE_CLAUSE | CD_TREE_FULL))
        return CD_E_NOMEM;
    return CD_OK;
}

/* Whether sentence t is a line of dates and times, no prose ("Dec. 13,
 * 2016, 12:31 PM UTC / Updated ...", "Updated on September 19 at 3:15
 * p.m."): it holds a number and no finite verb. */
static bool date_line(const cd_run *run, int t)
{
    const cd_sent *se = &run->sents[t];
    bool digit = false;
    for (int k = se->tok0; k < se->tok0 + se->ntok; k++) {
        int p = run->toks[k].pos;
        if (p == P_VBD || p == P_VBZ || p == P_VBP || p == P_MD)
            return false;
        digit |= (run->toks[k].flags & TF_DIGIT) != 0;
    }
    return digit;
}

/* The sentence that follows s in a description: the next, past at most
 * two date lines between them; run->nsent when there is none. */
static int next_prose(const cd_run *run, int s)
{
    int t = s + 1;
    while (t < run->nsent && t <= s + 2 && date_line(run, t))
        t++;
    return t < run->nsent && !date_line(run, t) ? t : s + 1 < run->nsent ? s + 1 : run->nsent;
}

cd_status cd_generate_meta(cd_run *run)
{
    int order[64];
    int n = cd_sents_by_salience(run, order, 64);
    trim *a = malloc(MAX_TRIMS * sizeof *a);
    trim *b = malloc(MAX_TRIMS * sizeof *b);
    trim *c3 = malloc(MAX_TRIMS * sizeof *c3);
    if (!a || !b || !c3) {
        free(a);
        free(b);
        free(c3);
        return cd_run_fail(run, CD_E_NOMEM, "generate", 0, "out of memory");
    }
    size_t lo = (size_t)run->opts.meta_min_chars;
    size_t hi = (size_t)run->opts.meta_max_chars;
    cd_status st = CD_OK;
    for (int i = 0; i < n && i < 10 && st == CD_OK; i++) {
        int s = order[i];
        const cd_sent *se = &run->sents[s];
        if (se->nquote_words * 2 > se->ntok)
            continue;
        /* the three most salient sentences, and the next three when no
         * shortening of their own fits, are read on their trees (with the
         * sentence after each) for compressions that leave whole phrases
         * out */
        bool tree = i < 3;
        int na = tree ? 0 : sentence_trims(run, s, a, TRIM_NAME | TRIM_SINGLES), nb = 0, nc = -1;
        if (!tree && i < 6) {
            tree = true;
            for (int x = 0; x < na && tree; x++) {
                size_t la = cd_text_chars(a[x].text, a[x].len);
                tree = la < lo || la > hi;
            }
        }
        /* the sentence after, past a dateline or an "Updated ..." line
         * between them */
        int nx = next_prose(run, s);
        if (tree) {
            st = cd_sent_parse(run, s);
            if (st == CD_OK && nx < run->nsent)
                st = cd_sent_parse(run, nx);
            if (st != CD_OK)
                break;
            na = sentence_trims(run, s, a, TRIM_NAME | TRIM_SINGLES);
        }
        if (nx < run->nsent)
            nb = sentence_trims(run, nx, b, TRIM_SINGLES | TRIM_QUESTION);
        for (int x = 0; x < na && st == CD_OK; x++) {
            size_t la = cd_text_chars(a[x].text, a[x].len);
            int src[2] = {s, nx};
            if (la >= lo && la <= hi) {
                double score = se->salience + 0.1 - 0.03 * a[x].level +
                               (run->sents[s].lead == 0 ? LEAD_BONUS : 0);
                cd_cand *c = cd_cand_add(run, CD_META_DESC, a[x].text, a[x].len,
                                         src, 1, score, "sentence");
                if (!c || !cd_cand_set_toks(run, c, a[x].tok, a[x].ntok,
                                            CD_TREE_CLAUSE | CD_TREE_FULL))
                    st = CD_E_NOMEM;
                continue;
            }
            if (la >= lo)
                continue;
            for (int y = 0; y < nb && st == CD_OK; y++) {
                size_t lb = cd_text_chars(b[y].text, b[y].len);
                if (la + 1 + lb < lo && b[y].level == 0 && nx == s + 1 &&
                    s + 2 < run->nsent) {
                    /* two short sentences: a third, whole, may complete it */
                    if (nc < 0)
                        nc = sentence_trims(run, s + 2, c3, TRIM_SINGLES);
                    if (nc > 0 && c3[0].level == 0)
                        st = three(run, se, s, &a[x], &b[y], &c3[0], lo, hi);
                    continue;
                }
                if (la + 1 + lb < lo || la + 1 + lb > hi)
                    continue;
                char buf[2100];
                memcpy(buf, a[x].text, a[x].len);
                buf[a[x].len] = ' ';
                memcpy(buf + a[x].len + 1, b[y].text, b[y].len);
                size_t len = a[x].len + 1 + b[y].len;
                buf[len] = 0;
                double score = se->salience - 0.03 * (a[x].level + b[y].level) +
                               (run->sents[s].lead == 0 ? LEAD_BONUS : 0);
                cd_cand *c = cd_cand_add(run, CD_META_DESC, buf, len, src, 2,
                                         score, "two sentences");
                int both[2 * CD_HL_MAX];
                memcpy(both, a[x].tok, (size_t)a[x].ntok * sizeof *both);
                memcpy(both + a[x].ntok, b[y].tok, (size_t)b[y].ntok * sizeof *both);
                if (!c || !cd_cand_set_toks(run, c, both, a[x].ntok + b[y].ntok,
                                            CD_TREE_CLAUSE | CD_TREE_FULL))
                    st = CD_E_NOMEM;
            }
        }
    }
    free(a);
    free(b);
    free(c3);
    if (st != CD_OK)
        return cd_run_fail(run, st, "generate", 0, "out of memory");
    return CD_OK;
}
