/*
 * analyze_entities.c - people, organisations and places with their
 * aliases, and quotations with their speakers.
 *
 * Entities are runs of proper-noun tokens ("Pete Hegseth", "Bank of
 * England").  A leading title is split off: in "US Secretary of Defense
 * Pete Hegseth" the name is "Pete Hegseth".  A later mention whose words
 * end a longer name ("Hegseth") is an alias of it; a name that is
 * followed by a speech verb, preceded by a title, or later shortened to
 * its last word is a person.
 *
 * A quotation is the text between double quotation marks.  Its speaker
 * is the name (or a pronoun resolved to the last person named) next to a
 * speech verb just after it (`," Hegseth said`) or just before it
 * (`Hegseth said: "`).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static bool is_propn(const cd_tok *t)
{
    return (t->pos == P_NNP || t->pos == P_NNPS) && (t->flags & TF_CAP);
}

static bool tok_eq(const cd_run *run, const cd_tok *t, const char *s)
{
    return strcmp(t->lower, s) == 0 && run;
}

static char *join_lower(cd_run *run, int t0, int n)
{
    size_t len = 0;
    for (int k = 0; k < n; k++)
        len += run->toks[t0 + k].len + 1;
    char *s = cd_arena_alloc(&run->arena, len + 1);
    if (!s)
        return NULL;
    size_t o = 0;
    for (int k = 0; k < n; k++) {
        const cd_tok *t = &run->toks[t0 + k];
        if (k && (t->flags & TF_SPACE))
            s[o++] = ' ';
        memcpy(s + o, run->text + t->off, t->len);
        o += t->len;
    }
    s[o] = 0;
    return s;
}

/* Entities are found by name through a hash table (run->ent_slot);
 * the table holds at most CD_MAX_ENTS names, enough for any article, so
 * a pathological input cannot make the alias search quadratic. */
static uint32_t ent_hash(const char *name, uint32_t cap)
{
    return (uint32_t)cd_hash64(name, strlen(name), 23) & (cap - 1);
}

static int find_entity(cd_run *run, const char *name)
{
    uint32_t h = ent_hash(name, run->ent_cap);
    while (run->ent_slot[h] >= 0) {
        if (strcmp(run->ents[run->ent_slot[h]].name, name) == 0)
            return run->ent_slot[h];
        h = (h + 1) & (run->ent_cap - 1);
    }
    return -1;
}

static void index_entity(cd_run *run, int e)
{
    uint32_t h = ent_hash(run->ents[e].name, run->ent_cap);
    while (run->ent_slot[h] >= 0)
        h = (h + 1) & (run->ent_cap - 1);
    run->ent_slot[h] = e;
}

/* Does `shortn` end `longn` on a word boundary ("Hegseth" in "Pete
 * Hegseth")? */
static bool ends_name(const char *longn, const char *shortn)
{
    size_t a = strlen(longn), b = strlen(shortn);
    return a > b && strcmp(longn + a - b, shortn) == 0 && longn[a - b - 1] == ' ';
}

/* Remember another form of entity e ("Hegseth", "US Secretary of Defense
 * Pete Hegseth", "the Pentagon chief"), once. */
static void add_alias(cd_run *run, int e, const char *form)
{
    cd_entity *en = &run->ents[e];
    if (strcmp(en->name, form) == 0)
        return;
    for (int i = 0; i < en->naliases; i++)
        if (strcmp(en->aliases[i], form) == 0)
            return;
    if (en->naliases < CD_MAX_ALIASES)
        en->aliases[en->naliases++] = form;
}

static int add_entity(cd_run *run, int t0, int n, int sent, bool titled)
{
    char *name = join_lower(run, t0, n);
    if (!name)
        return -2;
    int e = find_entity(run, name);
    if (e < 0) {
        /* alias of a longer name already seen? */
        for (int k = 0; k < run->nent; k++)
            if (ends_name(run->ents[k].name, name)) {
                run->ents[k].person = run->ents[k].person || n == 1;
                e = k;
                break;
            }
    }
    if (e < 0) {
        if (run->nent >= CD_MAX_ENTS)
            return -1;
        e = run->nent++;
        cd_entity *en = &run->ents[e];
        en->name = name;
        const char *sp = strrchr(name, ' ');
        en->short_name = sp ? sp + 1 : name;
        en->first_sent = sent;
        en->person = titled;
        index_entity(run, e);
    }
    run->ents[e].mentions++;
    if (titled)
        run->ents[e].person = true;
    if (strcmp(run->ents[e].name, name) != 0)
        add_alias(run, e, name);
    for (int k = 0; k < n; k++)
        run->toks[t0 + k].ent = (int16_t)e;
    return e;
}

/* "Joost van Hoof", "Ursula von der Leyen", "Charles de Gaulle": how
 * many lower-case name particles start at k and are followed, before
 * `end`, by a capitalised name word; 0 if none or not so followed. */
static int particles_at(const cd_run *run, int k, int end)
{
    static const char *const particle[] = {"van", "von", "de", "der", "den", "da",
                                           "di", "du", "del", "della", "le", "bin",
                                           "ibn", "al", "ter", "ten", "zu"};
    int j = k;
    while (j < end && j < k + 3 && !(run->toks[j].flags & TF_CAP) &&
           run->toks[j].len <= 5) {
        bool is = false;
        for (size_t i = 0; i < CD_ARRAY_LEN(particle) && !is; i++)
            is = strcmp(run->toks[j].lower, particle[i]) == 0;
        if (!is)
            break;
        j++;
    }
    return j > k && j < end && is_propn(&run->toks[j]) ? j - k : 0;
}

/* Whether a name is an institution's: a word such as "University" or
 * "Bank" at its end or before its "of" ("Fontys University of Applied
 * Sciences", "Maastricht University Medical Center").  Never a person,
 * whatever verb follows it. */
static bool institution_name(const char *name)
{
    static const char *const word[] = {
        "Academy", "Administration", "Agency", "Airlines", "Airport", "Airways",
        "Army", "Association", "Authority", "Bank", "Board", "Center", "Centre",
        "Club", "College", "Commission", "Committee", "Company", "Congress",
        "Corp", "Corporation", "Council", "Court", "Department", "Exchange",
        "Federation", "Foundation", "Fund", "Government", "Group", "Hospital",
        "Inc", "Institute", "Institution", "Journal", "Laboratory", "League",
        "Ltd", "Ministry", "Museum", "Navy", "Network", "News", "Office",
        "Organisation", "Organization", "Parliament", "Party", "Police", "Press",
        "Reserve", "School", "Senate", "Services", "Society", "Stadium",
        "Studios", "Times", "Trust", "Union", "University"};
    /* (what comes before a title is the person's office: "County
     * Police Officer Blake Snyder") */
    bool found = false;
    for (const char *p = name; *p;) {
        size_t n = strcspn(p, " ");
        char low[32];
        if (n < sizeof low) {
            for (size_t i = 0; i < n; i++)
                low[i] = (char)tolower((unsigned char)p[i]);
            low[n] = 0;
            if (cd_is_title_word(low))
                found = false;
        }
        /* the institution word ends the name or takes its "of": "Bank
         * of England", not "Police Officer Blake Snyder" */
        const char *q = p + n;
        while (*q == ' ')
            q++;
        bool ends = !*q || !strncmp(q, "of ", 3) || !strncmp(q, "for ", 4) ||
                    !strncmp(q, "& ", 2);
        for (size_t i = 0; i < CD_ARRAY_LEN(word) && ends; i++)
            if (strlen(word[i]) == n && strncmp(p, word[i], n) == 0)
                found = true;
        p += n;
        while (*p == ' ')
            p++;
    }
    return found;
}

/* The last word of a name with the particles before it ("van Hoof" of
 * "Joost van Hoof"). */
static const char *surname(const char *name)
{
    const char *sp = strrchr(name, ' ');
    if (!sp)
        return name;
    while (sp > name) {
        const char *b = sp;
        while (b > name && b[-1] != ' ')
            b--;
        if (!islower((unsigned char)*b) || b == name)
            break;
        sp = b - 1;
    }
    return sp + 1;
}

static bool speech_verb_at(const cd_run *run, int k)
{
    if (k < 0 || k >= run->ntok)
        return false;
    const cd_tok *t = &run->toks[k];
    return t->pos >= P_VB && t->pos <= P_VBZ && cd_is_speech_verb(t->lemma);
}

int cd_pronoun_person(const cd_run *run, int before)
{
    /* "Kenteris's lawyer, Gregory Ioannidis, reacted to Pound's
     * comments. '...,' he told ...": "he" is the person the sentence
     * before is about, its first named outside quotations, not a
     * possessor; the last one named is only the fallback */
    int s = 0;
    while (s + 1 < run->nsent && run->sents[s + 1].tok0 < before)
        s++;
    for (int back = 0; back < 3 && s - back >= 0; back++) {
        const cd_sent *se = &run->sents[s - back];
        int stop = se->tok0 + se->ntok < before ? se->tok0 + se->ntok : before;
        for (int k = se->tok0; k < stop; k++) {
            int e = run->toks[k].ent;
            if (e < 0 || !run->ents[e].person || (run->toks[k].flags & TF_QUOTED))
                continue;
            int j = k;
            while (j + 1 < stop && run->toks[j + 1].ent == e)
                j++;
            if (j + 1 < run->ntok && run->toks[j + 1].pos == P_POS) {
                k = j;
                continue;
            }
            return e;
        }
    }
    for (int k = before - 1; k >= 0; k--) {
        int e = run->toks[k].ent;
        if (e >= 0 && run->ents[e].person)
            return e;
    }
    return -1;
}

/* The entity a speaker token range names; "he" and "she" go to the
 * person cd_pronoun_person finds. */
static int speaker_entity(const cd_run *run, int t0, int n, int before)
{
    for (int k = t0; k < t0 + n; k++)
        if (run->toks[k].ent >= 0)
            return run->toks[k].ent;
    if (n == 1 && (tok_eq(run, &run->toks[t0], "he") ||
                   tok_eq(run, &run->toks[t0], "she")))
        return cd_pronoun_person(run, before);
    return -1;
}

/* Find the speaker of the quote that ends at token `close` (the closing
 * mark) or starts at `open` in sentence `s`. */
static void attribute(cd_run *run, cd_quote *q, int open, int close)
{
    const cd_sent *se = &run->sents[q->sent];
    /* the attribution follows the closing mark, which may sit in a later
     * sentence than the opening one */
    int cs = q->sent;
    while (cs + 1 < run->nsent && run->sents[cs + 1].tok0 <= close)
        cs++;
    int end = run->sents[cs].tok0 + run->sents[cs].ntok;
    /* after: `," X said` / `," said X` / `, X added.` */
    int k = close + 1;
    if (k < run->ntok && run->toks[k].pos == P_PUNCT && !(run->toks[k].flags & TF_QUOTED))
        k++;
    if (close >= 0 && close + 1 < run->ntok &&
        tok_eq(run, &run->toks[close - 1], ","))
        k = close + 1;
    if (k < end + 3 && k < run->ntok) {
        if (speech_verb_at(run, k)) {
            int s0 = k + 1, n = 0;
            while (s0 + n < run->ntok && (is_propn(&run->toks[s0 + n]) ||
                                         run->toks[s0 + n].pos == P_PRP) && n < 6)
                n++;
            if (n) {
                q->spk_tok0 = s0;
                q->spk_ntok = n;
                q->speaker = speaker_entity(run, s0, n, open);
                return;
            }
        }
        int s0 = k, n = 0;
        while (s0 + n < run->ntok && n < 8 &&
               (is_propn(&run->toks[s0 + n]) || run->toks[s0 + n].pos == P_PRP ||
                (n && run->toks[s0 + n].pos == P_NN)))
            n++;
        if (n && speech_verb_at(run, s0 + n)) {
            q->spk_tok0 = s0;
            q->spk_ntok = n;
            q->speaker = speaker_entity(run, s0, n, open);
            return;
        }
    }
    /* before: `X said: "` / `X said "` / `X told reporters: "` */
    int v = open - 1;
    while (v > se->tok0 && (run->toks[v].pos == P_PUNCT ||
                            tok_eq(run, &run->toks[v], "that")))
        v--;
    for (int back = 0; back < 4 && v - back > se->tok0; back++) {
        if (speech_verb_at(run, v - back)) {
            int e0 = v - back - 1, n = 0;
            while (e0 - n >= se->tok0 && n < 6 &&
                   (is_propn(&run->toks[e0 - n]) || run->toks[e0 - n].pos == P_PRP))
                n++;
            if (n) {
                q->spk_tok0 = e0 - n + 1;
                q->spk_ntok = n;
                q->speaker = speaker_entity(run, e0 - n + 1, n, open);
                return;
            }
            /* "..., saying, "...": the speaker is the sentence's subject,
             * its first person named or a pronoun for one */
            for (int j = se->tok0; j < v - back; j++) {
                const cd_tok *t = &run->toks[j];
                if (t->ent >= 0 && run->ents[t->ent].person) {
                    q->speaker = t->ent;
                    return;
                }
                if (tok_eq(run, t, "he") || tok_eq(run, t, "she")) {
                    q->speaker = speaker_entity(run, j, 1, j);
                    return;
                }
            }
            return;
        }
    }
}

/* The name a reader new to person e is given: e's name without a common
 * noun the recogniser took in at a sentence's start ("Broadcaster Chris
 * Evans" -> "Chris Evans"), when it has two to four words and does not
 * open with a day or month (the recogniser's guesses); else NULL. */
static const char *full_name(const cd_run *run, int e)
{
    const char *name = run->ents[e].name;
    if (!name)
        return NULL;
    size_t fl = strcspn(name, " ");
    for (int j = 0; j < run->ntok; j++) {
        const cd_tok *u = &run->toks[j];
        if (u->ent != e || u->len != fl || strncmp(run->text + u->off, name, fl) != 0)
            continue;
        if (u->pos != P_NNP && u->pos != P_NNPS && name[fl] == ' ')
            name += fl + 1;
        break;
    }
    int words = 1;
    for (const char *p = name; *p; p++)
        words += *p == ' ';
    if (words < 2 || words > 4)
        return NULL;
    char first[64];
    fl = strcspn(name, " ");
    if (fl >= sizeof first)
        return NULL;
    for (size_t i = 0; i < fl; i++)
        first[i] = (char)tolower((unsigned char)name[i]);
    first[fl] = 0;
    return cd_is_time_word(first) ? NULL : name;
}

cd_status cd_analyze_entities(cd_run *run)
{
    run->ents = cd_arena_alloc(&run->arena, (size_t)CD_MAX_ENTS * sizeof(cd_entity));
    run->ent_cap = 2 * 4096;
    run->ent_slot = cd_arena_alloc(&run->arena, run->ent_cap * sizeof(int));
    if (!run->ent_slot)
        return cd_run_fail(run, CD_E_NOMEM, "analyze", 0, "out of memory");
    memset(run->ent_slot, 0xFF, run->ent_cap * sizeof(int));
    run->quotes = cd_arena_alloc(&run->arena, (size_t)(run->ntok / 2 + 1) * sizeof(cd_quote));
    if (!run->ents || !run->quotes)
        return cd_run_fail(run, CD_E_NOMEM, "analyze", 0, "out of memory");
    int last_titled = -1;
    for (int s = 0; s < run->nsent; s++) {
        const cd_sent *se = &run->sents[s];
        int end = se->tok0 + se->ntok;
        int k = se->tok0;
        /* "The Pentagon chief outlined ...": a definite description that
         * ends in a title and opens a sentence names the last titled
         * person (a simple coreference rule; a name after the title, as
         * in "the chief, Pete Hegseth", is a name instead) */
        if (last_titled >= 0 && tok_eq(run, &run->toks[k], "the")) {
            int j = k + 1;
            while (j < end && j < k + 5 &&
                   (run->toks[j].pos == P_NNP || run->toks[j].pos == P_NN ||
                    run->toks[j].pos == P_JJ) &&
                   !cd_is_title_word(run->toks[j].lower))
                j++;
            if (j < end && j > k + 1 && cd_is_title_word(run->toks[j].lower) &&
                j + 1 < end && !is_propn(&run->toks[j + 1]) &&
                run->toks[j + 1].pos >= P_VB && run->toks[j + 1].pos <= P_MD) {
                char *desc = join_lower(run, k, j + 1 - k);
                if (!desc)
                    return cd_run_fail(run, CD_E_NOMEM, "analyze", 0,
                                       "out of memory");
                desc[0] = (char)tolower((unsigned char)desc[0]);
                add_alias(run, last_titled, desc);
                run->ents[last_titled].mentions++;
                for (int q = k; q <= j; q++)
                    run->toks[q].ent = (int16_t)last_titled;
                k = j + 1;
            }
        }
        while (k < end) {
            if (!is_propn(&run->toks[k])) {
                k++;
                continue;
            }
            int j = k;
            while (j < end) {
                int np = j > k ? particles_at(run, j, end) : 0;
                if (is_propn(&run->toks[j]) ||
                    ((tok_eq(run, &run->toks[j], "of") || tok_eq(run, &run->toks[j], "&")) &&
                     j + 1 < end && is_propn(&run->toks[j + 1])))
                    j++;
                else if (np)
                    j += np;
                else
                    break;
            }
            /* Split a leading title: the name follows the last title word. */
            int title_end = -1;
            for (int q = k; q < j; q++)
                if (cd_is_title_word(run->toks[q].lower))
                    title_end = q;
            int n0 = k;
            bool titled = false;
            if (title_end >= 0 && title_end + 1 < j) {
                n0 = title_end + 1;
                /* "Secretary of Defense Pete Hegseth": the department
                 * belongs to the title */
                if (n0 + 2 < j && (tok_eq(run, &run->toks[n0], "of") ||
                                   tok_eq(run, &run->toks[n0], "for")))
                    n0 += 2;
                if (j - n0 > 3)
                    n0 = j - 2;
                titled = true;
            }
            /* "Kenteris's lawyer, Gregory Ioannidis,": a name in
             * apposition to a person's role */
            static const char *const role[] = {
                "lawyer", "attorney", "solicitor", "wife", "husband", "son",
                "daughter", "mother", "father", "brother", "sister", "partner",
                "friend", "agent", "owner", "founder", "spokesperson", "widow",
                "girlfriend", "boyfriend", "fiancee", "fiance", "colleague",
                "deputy", "aide", "adviser", "advisor", "analyst", "economist",
                "official", "author", "singer", "actor", "actress", "player"};
            if (!titled && j - n0 >= 2 && n0 >= se->tok0 + 2 &&
                tok_eq(run, &run->toks[n0 - 1], ",")) {
                const cd_tok *r = &run->toks[n0 - 2];
                for (size_t z = 0; z < sizeof role / sizeof *role && !titled; z++)
                    titled = strcmp(r->lower, role[z]) == 0;
                titled |= cd_is_title_word(r->lower);
            }
            /* "Anil Varma, president of ...": a title in apposition */
            if (!titled && j + 2 < end && tok_eq(run, &run->toks[j], ",")) {
                int q = j + 1;
                if (run->toks[q].pos == P_DT || run->toks[q].pos == P_PRPS)
                    q++;
                for (int z = q; z < end && z < q + 4; z++)
                    if (cd_is_title_word(run->toks[z].lower)) {
                        titled = j - n0 >= 2;
                        break;
                    }
            }
            /* "Mr Mugabe" */
            if (n0 > se->tok0 && (tok_eq(run, &run->toks[n0 - 1], "mr") ||
                                  tok_eq(run, &run->toks[n0 - 1], "mrs") ||
                                  tok_eq(run, &run->toks[n0 - 1], "ms")))
                titled = true;
            /* Sentence-initial single function words are not names. */
            if (!(j - n0 == 1 && n0 == se->tok0 &&
                  cd_is_stopword(run->toks[n0].lower))) {
                int e = add_entity(run, n0, j - n0, s, titled);
                if (e == -2)
                    return cd_run_fail(run, CD_E_NOMEM, "analyze", 0,
                                       "out of memory");
                /* "US Secretary of Defense Pete Hegseth" is a form too */
                if (e >= 0 && n0 > k) {
                    char *full = join_lower(run, k, j - k);
                    if (!full)
                        return cd_run_fail(run, CD_E_NOMEM, "analyze", 0,
                                           "out of memory");
                    add_alias(run, e, full);
                    run->ents[e].person = true;
                }
                /* the protagonist: the titled person named most so far */
                if (e >= 0 && run->ents[e].person && run->ents[e].naliases &&
                    (last_titled < 0 ||
                     run->ents[e].mentions >= run->ents[last_titled].mentions))
                    last_titled = e;
                if (e >= 0 && speech_verb_at(run, j) && j - n0 >= 1)
                    run->ents[e].person = run->ents[e].person || j - n0 >= 2;
                /* "Joost van Hoof of the Netherlands' Fontys University
                 * writes": a name of two words or more, where it is
                 * from, then a speech verb */
                if (e >= 0 && j - n0 >= 2 && j + 1 < end && tok_eq(run, &run->toks[j], "of")) {
                    int q = j + 1;
                    while (q < end && q < j + 12 &&
                           (is_propn(&run->toks[q]) || run->toks[q].pos == P_DT ||
                            run->toks[q].pos == P_POS || tok_eq(run, &run->toks[q], "of") ||
                            tok_eq(run, &run->toks[q], ",")))
                        q++;
                    if (q > j + 1 && speech_verb_at(run, q))
                        run->ents[e].person = true;
                }
            }
            k = j;
        }
    }

    /* Quotations. */
    int open = -1;
    for (int s = 0; s < run->nsent; s++) {
        const cd_sent *se = &run->sents[s];
        for (int k = se->tok0; k < se->tok0 + se->ntok; k++) {
            if (!tok_eq(run, &run->toks[k], "\""))
                continue;
            if (open < 0 && k + 1 < run->ntok &&
                (run->toks[k + 1].flags & TF_QUOTED)) {
                open = k;
                continue;
            }
            if (open >= 0) {
                cd_quote *q = &run->quotes[run->nquote++];
                q->tok0 = open + 1;
                q->ntok = k - open - 1;
                q->speaker = -1;
                /* the sentence holding the opening mark */
                q->sent = s;
                while (q->sent > 0 && run->sents[q->sent].tok0 > open)
                    q->sent--;
                attribute(run, q, open, k);

                open = -1;
                /* 'support them. "But if ...': a mark that reopens (the
                 * words on both sides quoted) starts the next quotation */
                if (k > 0 && k + 1 < run->ntok && (run->toks[k - 1].flags & TF_QUOTED) &&
                    (run->toks[k + 1].flags & TF_QUOTED))
                    open = k;
            }
        }
        /* quotes do not run across paragraphs */
        /* a quotation without attribution that follows one with it in the
         * same paragraph is the same speaker's (the news convention) */
        if (run->nquote >= 2) {
            cd_quote *cur = &run->quotes[run->nquote - 1];
            const cd_quote *prev = &run->quotes[run->nquote - 2];
            if (cur->speaker < 0 && prev->speaker >= 0 &&
                run->sents[prev->sent].para == run->sents[cur->sent].para)
                cur->speaker = prev->speaker;
        }
        if (s + 1 < run->nsent && run->sents[s + 1].para != se->para)
            open = -1;
    }
    for (int e = 0; e < run->nent; e++) {
        cd_entity *en = &run->ents[e];
        bool inst = institution_name(en->name);
        if (inst)
            en->person = false;
        en->short_name = inst ? en->name : surname(en->name);
        en->full = en->person ? full_name(run, e) : NULL;
    }
    return CD_OK;
}
