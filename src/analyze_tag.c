/*
 * analyze_tag.c - part-of-speech tags for every sentence (tagger.c has
 * the features and the model).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static long find_u64(const uint64_t *v, uint32_t n, uint64_t key)
{
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (v[mid] < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo] == key ? (long)lo : -1;
}

/* ---- Tagging ----------------------------------------------------------- */

/* cd_tagger_find for every feature, in passes so that their cache misses
 * overlap: the slots, then the hashes and offsets they point at, then the
 * weights (the sums that follow read them in feature order, as before). */
static void find_all(const cd_tagger *tg, const uint64_t *fs, int nf, long *idx)
{
    uint32_t at[CD_TAG_MAX_FEATS];
    if (!tg->slot) {
        for (int f = 0; f < nf; f++)
            idx[f] = -1;
        return;
    }
    for (int f = 0; f < nf; f++) {
        at[f] = cd_slot_mix(fs[f], tg->mask);
        __builtin_prefetch(&tg->slot[at[f]]);
    }
    for (int f = 0; f < nf; f++) {
        uint32_t i = tg->slot[at[f]];
        if (i) {
            __builtin_prefetch(&tg->fhash[i - 1]);
            __builtin_prefetch(&tg->foff[i - 1]);
        }
    }
    for (int f = 0; f < nf; f++) {
        idx[f] = -1;
        for (uint32_t h = at[f]; tg->slot[h]; h = (h + 1) & tg->mask) {
            uint32_t i = tg->slot[h] - 1;
            if (tg->fhash[i] == fs[f]) {
                idx[f] = i;
                __builtin_prefetch(&tg->ptag[tg->foff[i]]);
                __builtin_prefetch(&tg->pw[tg->foff[i]]);
                break;
            }
        }
    }
}

size_t cd_tag_scratch_bytes(int n)
{
    return (size_t)n * (64 + 8 + 2 * sizeof(char *));
}

void cd_tag_words(const cd_model *m, const char *const *raw,
                  const char *const *lower, int n, void *scratch, uint8_t *tags)
{
    const cd_tagger *tg = &m->tagger;
    const char **words = scratch;
    const char **lex = words + n;
    char (*norm)[64] = (char (*)[64])(lex + n);
    char (*lexbuf)[8] = (char (*)[8])(norm + n);
    for (int k = 0; k < n; k++) {
        cd_tag_normalise(raw[k], strlen(raw[k]), norm[k]);
        words[k] = norm[k];
        cd_verb_class(m, lower[k], lexbuf[k]);
        lex[k] = lexbuf[k];
    }
    int prev = -1, prev2 = -2;
    uint64_t fs[CD_TAG_MAX_FEATS];
    double score[CD_MAX_TAGS];
    for (int k = 0; k < n; k++) {
        int best = 0;
        long w = find_u64(tg->whash, tg->nwords,
                          cd_hash64(raw[k], strlen(raw[k]), 7));
        if (w >= 0) {
            best = tg->wtag[w];
        } else {
            int nf = cd_tag_features(words, raw, lex, n, k, prev, prev2, fs);
            for (int c = 0; c < tg->ntags; c++)
                score[c] = 0;
            long idx[CD_TAG_MAX_FEATS];
            find_all(tg, fs, nf, idx);
            for (int f = 0; f < nf; f++) {
                if (idx[f] < 0)
                    continue;
                for (uint32_t q = tg->foff[idx[f]]; q < tg->foff[idx[f] + 1]; q++)
                    score[tg->ptag[q]] += tg->pw[q];
            }
            for (int c = 1; c < tg->ntags; c++)
                if (score[c] > score[best])
                    best = c;
        }
        tags[k] = (uint8_t)best;
        prev2 = prev;
        prev = best;
    }
}

/* Slips the tagger makes where the words around settle it: a number
 * with a hyphened word ("2,500-year-old", "10-point") before a noun is
 * an adjective; a finite verb after an article, with only adjectives
 * and numbers between, before a noun, is a participle used as one
 * ("the 2,500-year-old lost city"). */
static bool preposition(const char *w)
{
    /* English prepositions and subordinators: the closed class IN */
    static const char *const w_[] = {
        "aboard", "about", "above", "according", "across", "after", "against",
        "ago", "albeit", "along", "alongside", "although", "amid", "amidst",
        "among", "amongst", "around", "as", "at", "atop", "because", "before",
        "behind", "below", "beneath", "beside", "besides", "between", "beyond",
        "but", "by", "circa", "concerning", "considering", "despite", "down",
        "during", "except", "following", "for", "from", "given", "if", "in",
        "including", "inside", "into", "lest", "like", "minus", "near", "next",
        "notwithstanding", "of", "off", "on", "once", "onto", "opposite", "out",
        "outside", "over", "past", "pending", "per", "plus", "regarding", "round",
        "save", "since", "so", "than", "that", "though", "through", "throughout",
        "till", "to", "toward", "towards", "under", "underneath", "unless",
        "unlike", "until", "up", "upon", "versus", "via", "vs", "vs.", "whereas",
        "whether", "while", "whilst", "with", "within", "without", "worth", "o'er",
        "'til", "til", "cos", "'cause", "thru", "amongst", "nor", "either",
        "neither", "both", "post", "pre", "re", "cum", "qua", "sans", "ere",
    };
    for (size_t i = 0; i < sizeof w_ / sizeof *w_; i++)
        if (strcmp(w, w_[i]) == 0)
            return true;
    return false;
}

static bool has_letter(const char *w)
{
    for (; *w; w++)
        if ((*w >= 'a' && *w <= 'z') || (*w >= 'A' && *w <= 'Z'))
            return true;
    return false;
}

static void mend_tags(const cd_tagger *tg, const char *const *raw,
                      const char *const *low, int n, uint8_t *tags)
{
    int jj = -1, nn = -1, nnp = -1, vbd = -1;
    for (int i = 0; i < tg->ntags; i++) {
        if (strcmp(tg->tags[i], "VBD") == 0)
            vbd = i;
        if (strcmp(tg->tags[i], "JJ") == 0)
            jj = i;
        if (strcmp(tg->tags[i], "NN") == 0)
            nn = i;
        if (strcmp(tg->tags[i], "NNP") == 0)
            nnp = i;
    }
    if (jj < 0 || nn < 0 || nnp < 0)
        return;
    for (int k = 0; k < n; k++) {
        /* "US hip-hop duo OutKast": a lower-case word the tagger took
         * for a preposition it is not, or a hyphened word for a web
         * address, is a noun's or adjective's */
        if (tg->pos[tags[k]] == P_IN && !preposition(low[k]) && low[k][0] >= 'a' &&
            low[k][0] <= 'z')
            tags[k] = (uint8_t)nn;
        else if (strcmp(tg->tags[tags[k]], "ADD") == 0 && strchr(low[k], '-') &&
                 !strpbrk(low[k], ".@/:"))
            tags[k] = (uint8_t)jj;
        /* "Zimbabwe President Robert Mugabe": the treebank's "goes with"
         * tag (a word split in two by a typo) is never right for a whole
         * word: a capitalised one is a name, else a noun */
        else if (strcmp(tg->tags[tags[k]], "GW") == 0)
            tags[k] = (uint8_t)(raw[k][0] >= 'A' && raw[k][0] <= 'Z' ? nnp : nn);
        /* "Irish rock band U2": a word with a letter in it is no
         * punctuation mark */
        else if (tg->pos[tags[k]] == P_PUNCT && has_letter(raw[k]))
            tags[k] = (uint8_t)(raw[k][0] >= 'A' && raw[k][0] <= 'Z' ? nnp : nn);
    }
    /* "Egyptian archaeologists excavated parts of Abydos": a participle
     * right after the sentence's first noun phrase, with its object
     * after it and no verb before it, is the clause's past tense */
    bool verb_seen = false;
    for (int k = 1; vbd >= 0 && k + 1 < n; k++) {
        int p = tg->pos[tags[k]], pv = tg->pos[tags[k - 1]], nx = tg->pos[tags[k + 1]];
        if (p >= P_VB && p <= P_MD && p != P_VBN)
            verb_seen = true;
        if (p == P_PUNCT && strcmp(low[k], ",") != 0)
            break;
        if (p != P_VBN || verb_seen)
            continue;
        bool subject = pv == P_NNS || pv == P_NNP || pv == P_NNPS || pv == P_NN;
        bool object = nx == P_DT || nx == P_NNS || nx == P_PRPS || nx == P_CD;
        int j0 = 0; /* the clause's start, past a fronted "Two years ago," */
        for (int j = 0; j < k; j++)
            if (strcmp(low[j], ",") == 0)
                j0 = j + 1;
        bool np_only = j0 < k;
        for (int j = j0; j < k && np_only; j++) {
            int q = tg->pos[tags[j]];
            np_only = q == P_DT || q == P_JJ || q == P_NN || q == P_NNS || q == P_NNP ||
                      q == P_NNPS || q == P_CD || q == P_POS || q == P_PRPS;
        }
        if (subject && object && np_only)
            tags[k] = (uint8_t)vbd;
        break;
    }
    for (int k = 0; k + 1 < n; k++) {
        int p = tg->pos[tags[k]], nx = tg->pos[tags[k + 1]];
        bool noun_next = nx == P_NN || nx == P_NNS;
        if (p == P_CD && (noun_next || nx == P_JJ)) {
            const char *h = strrchr(low[k], '-');
            if (h && h[1] >= 'a' && h[1] <= 'z')
                tags[k] = (uint8_t)jj;
            continue;
        }
        if ((p != P_VBD && p != P_VBP && p != P_VBZ) || !noun_next || k == 0)
            continue;
        int j = k - 1;
        while (j > 0 && (tg->pos[tags[j]] == P_JJ || tg->pos[tags[j]] == P_CD))
            j--;
        if (strcmp(low[j], "the") == 0 || strcmp(low[j], "a") == 0 ||
            strcmp(low[j], "an") == 0)
            tags[k] = (uint8_t)jj;
    }
}

cd_status cd_analyze_tag(cd_run *run)
{
    if (run->model->tagger.ntags == 0)
        return CD_OK;
    int maxn = 0;
    for (int s = 0; s < run->nsent; s++)
        if (run->sents[s].ntok > maxn)
            maxn = run->sents[s].ntok;
    if (maxn == 0)
        return CD_OK;
    const char **raw = malloc((size_t)maxn * sizeof *raw);
    const char **low = malloc((size_t)maxn * sizeof *low);
    char *rawmem = malloc((size_t)maxn * 64);
    uint8_t *tags = malloc((size_t)maxn);
    void *scratch = malloc(cd_tag_scratch_bytes(maxn));
    bool ok = raw && low && rawmem && tags && scratch;
    for (int s = 0; ok && s < run->nsent; s++) {
        const cd_sent *se = &run->sents[s];
        for (int k = 0; k < se->ntok; k++) {
            const cd_tok *t = &run->toks[se->tok0 + k];
            size_t m = t->len < 63 ? t->len : 63;
            char *r = rawmem + (size_t)k * 64;
            memcpy(r, run->text + t->off, m);
            r[m] = 0;
            raw[k] = r;
            low[k] = t->lower;
        }
        cd_tag_words(run->model, raw, low, se->ntok, scratch, tags);
        mend_tags(&run->model->tagger, raw, low, se->ntok, tags);
        for (int k = 0; k < se->ntok; k++) {
            cd_tok *t = &run->toks[se->tok0 + k];
            t->tag = tags[k];
            t->pos = run->model->tagger.pos[tags[k]];
        }
    }
    free(raw);
    free(low);
    free(rawmem);
    free(tags);
    free(scratch);
    return ok ? CD_OK : cd_run_fail(run, CD_E_NOMEM, "analyze", 0,
                                    "out of memory");
}
