/*
 * analyze_keys.c - keyphrases (YAKE-like) and sentence salience.
 *
 * Keyphrases follow YAKE (Campos et al. 2020): each content word gets a
 * score from its casing, position, frequency, context diversity and
 * spread over sentences (lower is better); a phrase of one to three words
 * scores the product of its words over its frequency.  No corpus needed.
 *
 * Salience mixes the lead bias of news (the first sentences carry the
 * story) with how many of the top keyphrases and names a sentence holds.
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct wstat {
    const char *key;     /* normalised word */
    int tf, tf_cap;
    int nsent, last_sent;
    double pos_sum;
    int left, right;     /* distinct-ish neighbours */
    double score;
    int *sents;
} wstat;

static bool content_tok(const cd_tok *t)
{
    if (t->pos == P_PUNCT || t->pos == P_POS || t->len < 2)
        return false;
    if (cd_is_stopword(t->lower))
        return false;
    bool alpha = false;
    for (const char *p = t->lower; *p; p++)
        if (isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80)
            alpha = true;
    if (!alpha)
        return false;
    /* reporting verbs and auxiliaries are not topics */
    if (t->pos >= P_VB && t->pos <= P_VBZ && (cd_is_speech_verb(t->lemma) ||
        !strcmp(t->lemma, "be") || !strcmp(t->lemma, "have") ||
        !strcmp(t->lemma, "do")))
        return false;
    /* "Friday", "March", "tonnes": dates and units are not topics */
    if (cd_is_time_word(t->lower) || cd_unit_word(t->lower))
        return false;
    /* "Mr Baume": a courtesy title is not part of a topic */
    if (!strcmp(t->lower, "mr") || !strcmp(t->lower, "mrs") ||
        !strcmp(t->lower, "ms") || !strcmp(t->lower, "dr"))
        return false;
    return t->pos != P_MD && t->pos != P_PRP && t->pos != P_RB;
}

/* Plural-insensitive key: "allies" and "ally" meet, "sales" and "sale". */
static const char *wkey(cd_run *run, const cd_tok *t)
{
    const char *l = t->lower;
    size_t n = strlen(l);
    if ((t->pos == P_NNS || t->pos == P_NNPS) && n > 3 && l[n - 1] == 's' &&
        l[n - 2] != 's') {
        if (n > 4 && strcmp(l + n - 3, "ies") == 0) {
            char *k = cd_arena_strndup(&run->arena, l, n - 3);
            if (!k)
                return l;
            char *k2 = cd_arena_alloc(&run->arena, n);
            if (!k2)
                return l;
            strcpy(k2, k);
            strcat(k2, "y");
            return k2;
        }
        const char *k = cd_arena_strndup(&run->arena, l, n - 1);
        return k ? k : l;
    }
    return l;
}

typedef struct wmap {
    wstat *v;
    int n;
    uint32_t cap;
    int *slot;
} wmap;

static int wfind(wmap *m, const char *key, bool add)
{
    uint32_t h = (uint32_t)cd_hash64(key, strlen(key), 11) & (m->cap - 1);
    while (m->slot[h] >= 0) {
        if (strcmp(m->v[m->slot[h]].key, key) == 0)
            return m->slot[h];
        h = (h + 1) & (m->cap - 1);
    }
    if (!add)
        return -1;
    m->slot[h] = m->n;
    memset(&m->v[m->n], 0, sizeof m->v[m->n]);
    m->v[m->n].key = key;
    m->v[m->n].last_sent = -1;
    return m->n++;
}

static int cmp_key(const void *a, const void *b)
{
    const cd_key *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? -1 : 1;
    return strcmp(x->text, y->text);
}

cd_status cd_analyze_keys(cd_run *run)
{
    wmap m = {0};
    m.cap = 64;
    while (m.cap < (uint32_t)run->ntok * 2 + 64)
        m.cap *= 2;
    m.v = malloc(((size_t)run->ntok + 1) * sizeof *m.v);
    m.slot = malloc(m.cap * sizeof *m.slot);
    const char **keyof = calloc((size_t)run->ntok + 1, sizeof *keyof);
    int *widx = malloc(((size_t)run->ntok + 1) * sizeof *widx);
    if (!m.v || !m.slot || !keyof || !widx) {
        free(m.v);
        free(m.slot);
        free(keyof);
        free(widx);
        return cd_run_fail(run, CD_E_NOMEM, "analyze", 0, "out of memory");
    }
    memset(m.slot, 0xFF, m.cap * sizeof *m.slot);
    for (int s = 0; s < run->nsent; s++) {
        const cd_sent *se = &run->sents[s];
        for (int k = se->tok0; k < se->tok0 + se->ntok; k++) {
            cd_tok *t = &run->toks[k];
            widx[k] = -1;
            if (!content_tok(t))
                continue;
            keyof[k] = wkey(run, t);
            int w = wfind(&m, keyof[k], true);
            widx[k] = w;
            wstat *ws = &m.v[w];
            ws->tf++;
            if ((t->flags & TF_CAP) && k != se->tok0)
                ws->tf_cap++;
            if (ws->last_sent != s) {
                ws->nsent++;
                ws->last_sent = s;
                ws->pos_sum += s;
            }
            if (k > se->tok0 && !content_tok(&run->toks[k - 1]))
                ws->left++;
            if (k + 1 < se->tok0 + se->ntok && !content_tok(&run->toks[k + 1]))
                ws->right++;
        }
    }
    /* Word scores. */
    double mean = 0, var = 0, maxtf = 1;
    for (int w = 0; w < m.n; w++) {
        mean += m.v[w].tf;
        if (m.v[w].tf > maxtf)
            maxtf = m.v[w].tf;
    }
    mean = m.n ? mean / m.n : 0;
    for (int w = 0; w < m.n; w++)
        var += (m.v[w].tf - mean) * (m.v[w].tf - mean);
    double sd = m.n ? sqrt(var / m.n) : 0;
    for (int w = 0; w < m.n; w++) {
        wstat *ws = &m.v[w];
        double tf = ws->tf;
        double cas = (double)ws->tf_cap / (1.0 + log(tf));
        double pos = log(log(3.0 + ws->pos_sum / ws->nsent));
        double freq = tf / (mean + sd);
        double rel = 1.0 + ((double)ws->left / tf + (double)ws->right / tf) *
                               (tf / maxtf);
        double dif = (double)ws->nsent / (run->nsent ? run->nsent : 1);
        ws->score = (rel * pos) / (cas + freq / rel + dif / rel + 1e-9);
    }
    /* Phrases of 1-3 adjacent content words within a sentence. */
    int cap = run->ntok * 3 + 1;
    cd_key *keys = cd_arena_alloc(&run->arena, (size_t)cap * sizeof *keys);
    if (!keys) {
        free(m.v);
        free(m.slot);
        free(keyof);
        free(widx);
        return cd_run_fail(run, CD_E_NOMEM, "analyze", 0, "out of memory");
    }
    int nk = 0;
    uint32_t pcap = 64;
    while (pcap < (uint32_t)cap * 2)
        pcap *= 2;
    int *pslot = malloc(pcap * sizeof *pslot);
    if (!pslot) {
        free(m.v);
        free(m.slot);
        free(keyof);
        free(widx);
        return cd_run_fail(run, CD_E_NOMEM, "analyze", 0, "out of memory");
    }
    memset(pslot, 0xFF, pcap * sizeof *pslot);
    for (int s = 0; s < run->nsent; s++) {
        const cd_sent *se = &run->sents[s];
        int end = se->tok0 + se->ntok;
        for (int k = se->tok0; k < end; k++) {
            if (widx[k] < 0)
                continue;
            double prod = 1, sum = 0;
            char buf[256];
            size_t bl = 0;
            for (int n = 1; n <= 3 && k + n - 1 < end; n++) {
                int j = k + n - 1;
                if (widx[j] < 0)
                    break;
                /* no phrase across a possessive or hyphen boundary */
                const char *w = keyof[j];
                size_t wl = strlen(w);
                if (bl + wl + 2 >= sizeof buf)
                    break;
                if (bl)
                    buf[bl++] = ' ';
                memcpy(buf + bl, w, wl);
                bl += wl;
                buf[bl] = 0;
                prod *= m.v[widx[j]].score;
                sum += m.v[widx[j]].score;
                uint32_t h = (uint32_t)cd_hash64(buf, bl, 5) & (pcap - 1);
                while (pslot[h] >= 0 && strcmp(keys[pslot[h]].text, buf) != 0)
                    h = (h + 1) & (pcap - 1);
                if (pslot[h] >= 0) {
                    keys[pslot[h]].count++;
                    continue;
                }
                if (nk == cap)
                    break;
                /* a keyphrase is a noun phrase: it ends on a noun */
                int lp = run->toks[j].pos;
                if (lp != P_NN && lp != P_NNS && lp != P_NNP && lp != P_NNPS)
                    continue;
                cd_key *ky = &keys[nk];
                ky->text = cd_arena_strndup(&run->arena, buf, bl);
                if (!ky->text)
                    break;
                pslot[h] = nk++;
                ky->ntok = n;
                ky->count = 1;
                ky->first_tok = k;
                ky->score = prod / (1.0 + sum); /* divided by tf below */
            }
        }
    }
    free(pslot);
    if (run->arena.over) {
        free(m.v);
        free(m.slot);
        free(keyof);
        free(widx);
        return cd_run_fail(run, CD_E_LIMIT, "analyze", 0, "arena limit reached");
    }
    for (int q = 0; q < nk; q++) {
        keys[q].score /= keys[q].count;
        /* single occurrences of long phrases are noise */
        if (keys[q].ntok > 1 && keys[q].count < 2)
            keys[q].score = 1e9;
    }
    qsort(keys, (size_t)nk, sizeof *keys, cmp_key);
    /* Drop phrases whose words are all inside a better phrase. */
    int out = 0;
    for (int q = 0; q < nk && out < 20; q++) {
        bool dup = false;
        for (int r = 0; r < out && !dup; r++) {
            const char *a = keys[q].text, *b = keys[r].text;
            if (strstr(b, a) || strstr(a, b))
                dup = true;
        }
        if (!dup)
            keys[out++] = keys[q];
    }
    /* The main keyphrase (keys[0]) is what the story is about: among the
     * best YAKE phrases, the one the article repeats most, counting double
     * when the lead sentence has it and preferring two-word phrases. */
    int lead_end = run->nsent > 1 ? run->sents[1].tok0 : run->ntok;
    int main_k = -1;
    double main_v = 0;
    for (int q = 0; q < out && q < 8; q++) {
        bool lead = keys[q].first_tok < lead_end;
        double v = keys[q].count * (lead ? 2.0 : 1.0) *
                   (keys[q].ntok == 2 ? 1.3 : keys[q].ntok == 3 ? 1.1 : 1.0) /
                   (1.0 + 0.1 * q);
        if (main_k < 0 || v > main_v) {
            main_k = q;
            main_v = v;
        }
    }
    if (main_k > 0) {
        cd_key tmp = keys[main_k];
        memmove(keys + 1, keys, (size_t)main_k * sizeof *keys);
        keys[0] = tmp;
    }
    run->keys = keys;
    run->nkey = out;

    /* The lead is the first prose, not the page's first line: a date,
     * a byline or a share bar left by extraction comes before it. */
    int prose = 0;
    for (int s = 0; s < run->nsent; s++) {
        cd_sent *se = &run->sents[s];
        int words = 0;
        bool verb = false; /* any form: taggers miss "resulted" as VBD */
        for (int k = se->tok0; k < se->tok0 + se->ntok; k++) {
            const cd_tok *t = &run->toks[k];
            words += t->pos != P_PUNCT;
            verb |= t->pos >= P_VB && t->pos <= P_MD;
        }
        /* (a verbless line that ends in a full stop is as often a
         * caption as a lead the tagger misread; a line with no stop at
         * all is a heading or a link to another story: "Marvel
         * celebrates 80th anniversary with massive comic") */
        int last = se->tok0 + se->ntok - 1;
        while (last > se->tok0 && run->toks[last].len == 1 &&
               strchr("\"')", run->text[run->toks[last].off]))
            last--;
        bool stop = run->toks[last].len == 1 &&
                    strchr(".!?:", run->text[run->toks[last].off]) != NULL;
        se->lead = words >= 5 && verb && stop ? prose++ : prose + 2;
    }
    /* Salience: lead bias plus coverage of the top keyphrase words and of
     * names mentioned more than once. */
    for (int s = 0; s < run->nsent; s++) {
        cd_sent *se = &run->sents[s];
        double cover = 0;
        int words = 0;
        for (int k = se->tok0; k < se->tok0 + se->ntok; k++) {
            if (run->toks[k].pos != P_PUNCT)
                words++;
            if (widx[k] < 0)
                continue;
            for (int q = 0; q < out && q < 10; q++)
                if (strstr(keys[q].text, keyof[k])) {
                    cover += 1.0 / (1.0 + q);
                    break;
                }
            int e = run->toks[k].ent;
            if (e >= 0 && run->ents[e].mentions > 1)
                cover += 0.1;
        }
        double lead = 1.0 / (1.0 + 0.35 * se->lead);
        double len_ok = words >= 8 ? 1.0 : 0.5;
        se->salience = (0.6 * lead + 0.4 * (cover / (1.0 + sqrt(words)))) * len_ok;
    }
    free(m.v);
    free(m.slot);
    free(keyof);
    free(widx);
    return CD_OK;
}
