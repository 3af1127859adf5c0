/*
 * internal.h - declarations shared by the library's source files.
 *
 * Nothing here is public.  Cross-file internals are named
 * cd_<stage>_<thing>; file-local helpers are static.
 */
#ifndef CD_INTERNAL_H
#define CD_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "copydesk.h"

#define CD_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Arena (arena.c) -------------------------------------------------- */

typedef struct cd_arena_block cd_arena_block;

/* A chunked bump allocator.  Memory is released only as a whole.  With
 * CD_ARENA_DEBUG defined, each allocation is its own malloc so that ASan
 * and valgrind see overflows. */
typedef struct cd_arena {
    cd_arena_block *head;
    size_t total;   /* bytes obtained from malloc */
    size_t limit;   /* 0: no limit */
    bool over;      /* a request failed because of `limit` */
    bool failed;    /* any request failed (`over`, or malloc); the stages
                       check it, so a NULL that a caller could shrug off
                       still fails the run */
} cd_arena;

void cd_arena_init(cd_arena *a, size_t limit);
void *cd_arena_alloc(cd_arena *a, size_t n);       /* zeroed; NULL on failure */
char *cd_arena_strndup(cd_arena *a, const char *s, size_t n);
void cd_arena_reset(cd_arena *a);
void cd_arena_free(cd_arena *a);

/* A growable malloc'd byte buffer, always NUL-terminated once used. */
typedef struct cd_buf {
    char *p;
    size_t len, cap;
    bool oom;
} cd_buf;

void cd_buf_put(cd_buf *b, const char *s, size_t n);
void cd_buf_puts(cd_buf *b, const char *s);
void cd_buf_putc(cd_buf *b, char c);
void cd_buf_printf(cd_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void cd_buf_json_str(cd_buf *b, const char *s, size_t n);
void cd_buf_free(cd_buf *b);

/* ---- UTF-8 (utf8.c) --------------------------------------------------- */

/* Decode one code point at s[*i] (n bytes); advances *i.  Returns
 * 0xFFFD for malformed input (and advances one byte). */
uint32_t cd_utf8_next(const char *s, size_t n, size_t *i);
int cd_utf8_put(char *out, uint32_t cp);  /* returns bytes written (1-4) */
/* Offset of the first invalid byte, or (size_t)-1 when `s` is valid. */
size_t cd_utf8_invalid_at(const char *s, size_t n);
/* Words of `s` (runs between spaces). */
int cd_words(const char *s);
/* ASCII lower-case copy of `s` into out (cap bytes, cut if longer);
 * returns the length copied. */
size_t cd_lower_copy(const char *s, char *out, size_t cap);

/* Penn tags the heuristics test often. */
typedef enum cd_pos {
    P_OTHER = 0, P_NN, P_NNS, P_NNP, P_NNPS, P_VB, P_VBD, P_VBG, P_VBN,
    P_VBP, P_VBZ, P_MD, P_JJ, P_JJR, P_JJS, P_RB, P_IN, P_DT, P_CD, P_PRP,
    P_PRPS, P_CC, P_TO, P_WDT, P_WP, P_WRB, P_POS, P_RP, P_PUNCT, P_EX
} cd_pos;

/* ---- Model ------------------------------------------------------------ */

enum { CD_MAX_TAGS = 64 };

/* The averaged-perceptron tagger's weights, read-only once loaded. */
typedef struct cd_tagger {
    char *blob;               /* the whole model file */
    int ntags;
    char tags[CD_MAX_TAGS][8];
    uint8_t pos[CD_MAX_TAGS]; /* cd_pos class of each tag */
    uint32_t nfeat;
    const uint64_t *fhash;    /* sorted feature hashes */
    const uint32_t *foff;     /* nfeat + 1 offsets into pairs */
    const uint8_t *ptag;      /* pair tag ids */
    const float *pw;          /* pair weights */
    uint32_t *slot;           /* hash of fhash -> index + 1, 0 empty */
    uint32_t mask;            /* slot count - 1 */
    uint32_t nwords;          /* tag dictionary: unambiguous words */
    const uint64_t *whash;
    const uint8_t *wtag;
} cd_tagger;

/* ---- Dependency parser (parser.c) -------------------------------------- */

/* At most 63 labels: transitions fit in 7 bits. */
enum { CD_PARSE_MAX_LABELS = 63, CD_PARSE_MAX_FEATS = 96 };
/* Transitions: shift, reduce, then a left arc and a right arc per label
 * (2 + label, 2 + nlabels + label). */
enum { CD_T_SHIFT = 0, CD_T_REDUCE = 1 };

/* Universal Dependencies relations that later stages test, as cd_tok.rel.
 * Subtypes without a name of their own read as their relation
 * ("obl:tmod" is CD_REL_OBL). */
typedef enum cd_rel {
    CD_REL_OTHER = 0, CD_REL_ROOT, CD_REL_NSUBJ, CD_REL_OBJ, CD_REL_IOBJ,
    CD_REL_CSUBJ, CD_REL_CCOMP, CD_REL_XCOMP, CD_REL_OBL, CD_REL_ADVCL,
    CD_REL_ADVMOD, CD_REL_AUX, CD_REL_COP, CD_REL_MARK, CD_REL_NMOD,
    CD_REL_APPOS, CD_REL_NUMMOD, CD_REL_ACL, CD_REL_AMOD, CD_REL_DET,
    CD_REL_CASE, CD_REL_CONJ, CD_REL_CC, CD_REL_FIXED, CD_REL_FLAT,
    CD_REL_COMPOUND, CD_REL_PARATAXIS, CD_REL_PUNCT, CD_REL_DEP,
    CD_REL_EXPL, CD_REL_DISCOURSE, CD_REL_VOCATIVE, CD_REL_LIST,
    CD_REL_RELCL,   /* acl:relcl */
    CD_REL_PASS,    /* nsubj:pass */
    CD_REL_AUXPASS, /* aux:pass */
    CD_REL_POSS,    /* nmod:poss */
    CD_REL_PRT,     /* compound:prt */
    CD_REL_COUNT
} cd_rel;
const char *cd_rel_name(int rel);

/* The parser's weights, read-only once loaded: per feature hash, its
 * sparse (transition, weight) pairs. */
typedef struct cd_parser {
    int nlabels, nclass;
    int root_label, dep_label;
    /* the labels cd_sent_parse writes when it mends a tree, -1 where the
     * model has none */
    int advcl_label, mark_label, nsubj_label, parataxis_label;
    char labels[CD_PARSE_MAX_LABELS][24];
    uint8_t rel[CD_PARSE_MAX_LABELS];  /* cd_rel of each label */
    uint32_t nfeat, npairs;           /* npairs: in `packed` */
    struct cd_pslot { uint32_t fp, off; } *slots; /* mask + 1 of them */
    uint32_t *packed;                 /* pairs of the sparse features (parser.c) */
    int16_t *dense;                   /* rows of `stride` weights */
    float unit;                       /* a weight of 1 in the tables */
    uint32_t ndense;
    int stride;                       /* nclass rounded up to 8 */
    uint32_t mask;
} cd_parser;

/* A sentence as the parser reads it: hashes of each word's form, tag and
 * suffix at positions 1..n, position 0 being the root. */
typedef struct cd_pwords {
    int n;
    const uint64_t *w, *p, *x;
} cd_pwords;

/* A parse in progress over words 0..n, in memory the caller gives
 * (cd_pstate_bytes(n), 8-byte aligned).  head[k] is -1 until word k has
 * its head; label[k] is then an index into the model's labels. */
typedef struct cd_pstate {
    int n, sp, b;
    int32_t *stack, *head, *lc1, *lc2, *rc1, *rc2;
    uint8_t *label, *nl, *nr;
    uint64_t *ls, *rs;
} cd_pstate;

size_t cd_pstate_bytes(int n);
void cd_pstate_init(cd_pstate *st, void *mem, int n);
bool cd_parse_legal(const cd_pstate *st, int nlabels, int root_label, int cls);
void cd_parse_apply(cd_pstate *st, int nlabels, int cls);
/* The buffer is empty. */
bool cd_parse_done(const cd_pstate *st);
/* Give every word still without a head one (the parse is then a tree). */
void cd_parse_finish(cd_pstate *st, int root_label, int dep_label);
int cd_parse_features(const cd_pwords *s, const cd_pstate *st, uint64_t *out);
uint64_t cd_parse_word_hash(const char *w, size_t n);
uint64_t cd_parse_suffix_hash(const char *w, size_t n);
uint64_t cd_parse_tag_hash(const char *tag);
cd_status cd_parser_load(cd_parser *p, const char *path, char *err, size_t errlen);
void cd_parser_free(cd_parser *p);
/* Scores of every transition into score[0..stride) (room for 128). */
void cd_parse_scores(const cd_parser *p, const uint64_t *fs, int nf, int16_t *score);
/* Parse `s` greedily from a fresh `st` to a whole tree. */
void cd_parse(const cd_parser *p, const cd_pwords *s, cd_pstate *st);

/* A string hash set/map with fixed contents (lemma tables). */
typedef struct cd_strmap {
    uint32_t cap;        /* power of two */
    uint32_t n;
    const char **keys;   /* NULL for empty slots */
    const char **vals;
    char *pool;          /* owns the strings */
} cd_strmap;

enum { CD_NKEEP = 64 + 1024 };
enum { CD_MAX_ENTS = 4096 }; /* entities tracked per article */ /* token keep-model features */

struct cd_model {
    cd_tagger tagger;
    cd_parser parser;     /* data/parser.bin */
    double keep_w[CD_NKEEP];  /* token keep model (data/ranker.txt) */
    double rank_w[64];        /* headline ranking weights, CD_NFEAT used */
    double page_w[64];        /* the same, for an article read from a page */
    cd_strmap verbs;      /* verb lemmas from WordNet index.verb */
    cd_strmap verb_exc;   /* irregular form -> lemma, verb.exc */
};

uint64_t cd_hash64(const void *p, size_t n, uint64_t seed);
/* The language of UTF-8 `s` (any bytes; the first 64 KiB are read):
 * writes an ISO 639-1 code ("en", "de", "zh") to `code` and returns 1
 * when the text says so clearly, else writes "und" and returns 0
 * (lang.c). */
int cd_lang_detect(const char *s, size_t n, char code[4]);
/* Word `i` of the stop-word table and its language bits; NULL past the
 * end (for test_lang). */
const char *cd_lang_word_at(int i, uint32_t *langs);
/* "" or a BCP 47 tag's shape within `cap` bytes (cd_opts.lang). */
bool cd_lang_tag_ok(const char *t, size_t cap);
/* Decide the article's language into run->lang (cd_article_lang): the
 * option, else the text when clear, else the declaration, else English;
 * CD_E_LANG for any but English. */
cd_status cd_lang_decide(cd_run *run);
const char *cd_strmap_get(const cd_strmap *m, const char *key, size_t n);
bool cd_strmap_has(const cd_strmap *m, const char *key, size_t n);
cd_status cd_strmap_load_wordnet(cd_strmap *m, const char *path, bool pairs,
                                 char *err, size_t errlen);
void cd_strmap_free(cd_strmap *m);

/* Model files (tagger.c): the whole of `path` in 8-byte aligned malloc'd
 * memory (*out, the caller frees it), checked to be at least 24 bytes and
 * to start with the 8-byte `magic`; errors name the model as `what`. */
cd_status cd_model_file_read(const char *path, const char *magic, const char *what,
                             char **out, size_t *size, char *err, size_t errlen);
uint32_t cd_rd32(const char *p);                /* little-endian */
/* Memory for a model's table, read at random, zeroed when `zero`: on
 * Linux in 2 MB pages where the kernel gives them (a lookup then costs a
 * cache miss but not also a TLB miss); freed with free(). */
void *cd_table_alloc(size_t n, bool zero);
/* A 64-bit hash's slot in an open-addressing table of mask + 1 slots. */
uint32_t cd_slot_mix(uint64_t x, uint32_t mask);
cd_status cd_tagger_load(cd_tagger *t, const char *path, char *err,
                         size_t errlen);
void cd_tagger_free(cd_tagger *t);
int cd_tagger_tag_id(const cd_tagger *t, const char *name);
/* Index of feature hash `h` in the model, or -1. */
long cd_tagger_find(const cd_tagger *t, uint64_t h);

/* Feature extraction shared by the tagger and its trainer.  `words` are
 * the normalised word forms of a sentence, `tags` the tags assigned so
 * far (by id; tags[-1]/[-2] are read as start symbols).  Writes up to
 * CD_TAG_MAX_FEATS hashes to `out`, returns how many. */
enum { CD_TAG_MAX_FEATS = 28 };
int cd_tag_features(const char *const *words, const char *const *raw,
                    const char *const *lex, int n, int i, int prev, int prev2,
                    uint64_t *out);
/* Tag n words (raw forms and their lower-case forms, NUL-terminated)
 * into tag ids, with cd_tag_scratch_bytes(n) bytes of scratch. */
size_t cd_tag_scratch_bytes(int n);
void cd_tag_words(const cd_model *m, const char *const *raw,
                  const char *const *lower, int n, void *scratch, uint8_t *tags);
/* The normalised form the tagger sees ("!DIGITS", lower case, ...) and
 * the word dictionary key; `out` has room for 64 bytes. */
void cd_tag_normalise(const char *w, size_t n, char *out);

/* ---- Run -------------------------------------------------------------- */

enum {
    TF_SPACE = 1,      /* whitespace before the token */
    TF_CAP = 2,        /* starts with an upper-case letter */
    TF_QUOTED = 4,     /* inside a double-quoted span */
    TF_ALLCAP = 8,
    TF_DIGIT = 16      /* contains a digit */
};

typedef struct cd_tok {
    uint32_t off, len;   /* bytes of the normalised body text */
    const char *lower;   /* lower-cased form */
    const char *lemma;   /* lemma (verbs and nouns), else `lower` */
    uint8_t tag;         /* tagger's tag id */
    uint8_t pos;         /* cd_pos class */
    uint8_t flags;
    uint8_t role;        /* in its main clause: 0 none, 1 subject, 2 verb,
                          * 3 first phrase after the verb, 4 the rest */
    int16_t ent;         /* entity index or -1 */
    uint8_t rel;         /* cd_rel of the arc to its head */
    uint8_t label;       /* the parser's label of that arc (cd_parser.labels) */
    int32_t head;        /* head token (run-wide index), -1 for the root */
    int32_t lo, hi;      /* first and last token of its subtree */
} cd_tok;

typedef struct cd_sent {
    int tok0, ntok;
    uint32_t off, len;
    int para;
    double salience;
    int lead;            /* its place among the article's prose sentences
                          * (5 words or more with a verb), from 0;
                          * a shorter or verbless line counts as the next
                          * prose sentence's place plus 2 */
    int nquote_words;    /* words inside quotation marks */
    bool parsed;         /* its words' head, rel, lo and hi are the
                          * parser's (cd_sent_parse) */
} cd_sent;

/* What parsing a run's sentences needs, from the run's arena at the
 * first sentence parsed (analyze_parse.c). */
typedef struct cd_parse_scratch {
    uint64_t *hash;      /* form, tag and suffix hashes: 3 arrays of m */
    void *state;         /* a cd_pstate's memory for the longest sentence */
    int32_t *order;      /* the span walk's room, 3m */
    size_t m;            /* the longest sentence's words + 1 */
    uint64_t taghash[CD_MAX_TAGS];
} cd_parse_scratch;

enum { CD_MAX_ALIASES = 6 };

typedef struct cd_entity {
    const char *name;    /* longest form seen */
    const char *short_name; /* the last word with its particles ("Hegseth",
                          * "van Hoof"); an institution's whole name */
    const char *full;    /* for people: the name a reader new to them is
                          * given ("Pete Hegseth"; "Broadcaster Chris Evans"
                          * as "Chris Evans"), a suffix of name; NULL when
                          * name is one word or more than four, or opens
                          * with a day or month */
    const char *aliases[CD_MAX_ALIASES]; /* other forms in the article */
    int naliases;
    int mentions;
    int first_sent;
    bool person;
} cd_entity;

/* A number with its unit: "76%", "$1.13bn", "48,000 vehicles". */
typedef struct cd_number {
    int tok;             /* the digits' token */
    const char *value;   /* digits without thousands commas: "48000" */
    const char *unit;    /* "%", "$", "bn", "million", ... or "" */
} cd_number;

typedef struct cd_quote {
    int sent;
    int tok0, ntok;      /* the tokens inside the marks */
    int speaker;         /* entity index or -1 */
    int spk_tok0, spk_ntok; /* speaker words in the sentence, or 0 */
} cd_quote;

typedef struct cd_key {
    const char *text;    /* lower case, space separated */
    double score;        /* YAKE-like: lower is better */
    int ntok;
    int count;
    int first_tok;       /* first occurrence */
} cd_key;

enum { CD_NFEAT = 52 }; /* headline ranking features */

typedef struct cd_cand {
    cd_kind kind;
    float feat[CD_NFEAT];  /* headline features, zero for other kinds */
    char *text;
    size_t chars;
    double px;
    double score;
    int src[4];
    int nsrc;
    uint64_t hash;        /* of text, for de-duplication */
    const char *angle;    /* "event", "quote", "says", "keyphrase", ... */
    const char *reject;   /* failing rule id, or NULL */
    cd_finding *findings; /* every finding, in the arena */
    int nfindings;
    const char *origin;   /* cd_add_candidate's origin; NULL for our own */
    int added_rank;       /* its place among the added ones of its kind */
    int *toks;            /* the article tokens it is made of (arena), read
                           * on the tree before it is printed; NULL: none */
    int ntoks;
    uint8_t tree_flags;   /* CD_TREE_* for cd_tree_fault */
    uint8_t tree;         /* 0 not read yet, 1 whole phrases, 2 refused */
    bool checked;         /* cd_check has read it */
    const char *tree_why; /* what cd_tree_fault found, when refused */
} cd_cand;

/* How cd_tree_fault reads a candidate: each sentence's kept words must be
 * a clause with its subject (CLAUSE); a headline may not be a copula with
 * a bare noun (HEADLINE); a clause may lack a subject ("To meet ...",
 * NO_SUBJECT). */
enum { CD_TREE_CLAUSE = 1, CD_TREE_HEADLINE = 2, CD_TREE_NO_SUBJECT = 4,
       CD_TREE_FULL = 8 };
/* NULL when the article tokens tok[0..n) (negative ones are words the
 * generator wrote) are whole phrases of their sentences' trees, else what
 * is wrong.  Parses those sentences first; *st is not CD_OK when that
 * failed (out of memory). */
const char *cd_tree_fault(cd_run *run, const int *tok, int n, int flags,
                          cd_status *st);
/* style.phrase for text copydesk did not write: when each sentence of
 * `text` is the words of one article sentence in order (in their headline
 * forms at most), why its kept words are not whole phrases, else NULL
 * (also when it cannot be aligned).  The sentences looked in are src[0,
 * nsrc), or all when nsrc is 0.  *st is CD_E_NOMEM when memory ran out. */
const char *cd_phrase_fault(cd_run *run, cd_kind kind, const char *text, size_t n,
                            const int *src, int nsrc, cd_status *st);
/* Read candidate c if not yet read: cd_check, then cd_tree_fault
 * (rank.c); not CD_OK only when out of memory. */
cd_status cd_cand_read(cd_run *run, cd_cand *c);
/* Give candidate c the tokens it is read from (copied to the arena);
 * false when out of memory. */
bool cd_cand_set_toks(cd_run *run, cd_cand *c, const int *tok, int n, int flags);

/* A candidate given by cd_add_candidate, waiting for cd_generate. */
typedef struct cd_added_cand {
    cd_kind kind;
    const char *text, *origin;
    struct cd_added_cand *next;
} cd_added_cand;

typedef struct cd_candlist {
    cd_cand *v;
    int n, cap;
    bool dup_kept;      /* the last add matched a better existing text */
    bool dup_replaced;  /* the last add matched a worse one and won */
} cd_candlist;

/* What an HTML page said about itself (extract_html.c). */
typedef struct cd_meta {
    const char *title, *byline, *excerpt, *site_name, *lang, *published, *url;
    const char *id;           /* a JSON record's id */
    const char *html_title;   /* the <title> element as it is */
    const char *description;  /* <meta name=description> */
    const char *text;         /* the article text, headings included */
    bool from_html;
} cd_meta;

struct cd_run {
    const cd_model *model;
    cd_opts opts;
    cd_arena arena;

    /* extract */
    cd_meta meta;
    char *title;          /* current headline, or NULL */
    char *text;           /* normalised body, paragraphs split by "\n\n" */
    size_t text_len;
    bool curly;           /* the input used curly quotation marks */

    /* the article's language (primary subtag), decided by cd_analyze */
    char lang[16];

    /* analyze */
    cd_tok *toks;
    int ntok;
    cd_sent *sents;
    int nsent;
    cd_entity *ents;
    int nent;
    int *ent_slot;        /* hash of entity names, ent_cap slots */
    uint32_t ent_cap;
    cd_quote *quotes;
    int nquote;
    cd_number *nums;
    int nnum;
    cd_key *keys;
    int nkey;
    int npara;
    bool first_person;    /* the narrator says "I"/"we" outside quotes */
    int nread;            /* candidates cd_cand_read has checked */
    cd_parse_scratch pscr;

    /* generate */
    float *keep;          /* cd_keep_prob of every token, or NULL */
    cd_candlist cands[CD_KIND_COUNT];   /* every candidate, checked */
    cd_item *items[CD_KIND_COUNT];      /* the chosen ones, best first */
    int nitems[CD_KIND_COUNT];

    const char **warnings;
    int nwarn, capwarn;

    /* check: the article's words and lemmas, a hash set */
    const char **wset;
    char *text_lower;    /* the body in lower case, for quotation checks */
    uint32_t *tok_hlow;   /* per token: hashes of `lower` and `lemma`, so */
    uint32_t *tok_hlem;   /* word matching compares a number before text */
    uint16_t *wcnt;      /* occurrences of each lower-case form */
    uint8_t *wpast;      /* per wset slot: the form was tagged past tense */
    uint32_t wcap;
    int32_t *text_sa;    /* suffix array of text_lower (textindex.c) */
    int32_t *capset;     /* tokens after a sentence's first, hashed by their
                            bytes as written (-1: empty), capcap slots */
    uint32_t capcap;
    uint32_t *post_off;  /* per wset slot: its sentences are */
    int32_t *post_sent;  /* post_sent[post_off[h] .. post_off[h + 1]) */
    int32_t *neg_hits, *neg_last, *neg_list; /* scratch, nsent each */
    int32_t *numset;     /* numbers by value, one per value and unit (-1:
                            empty), numcap slots */
    uint32_t numcap;
    double *numv;        /* the positive numbers' values, by unit then */
    const char **numu;   /* value, and their units; nnumv of them */
    int nnumv;

    /* errors */
    double deadline_ms;   /* CLOCK_MONOTONIC ms, 0: no budget */
    bool check_oom;       /* a candidate could not be checked fully */
    cd_added_cand *added, *added_tail; /* cd_add_candidate's, in order */
    bool generated;       /* cd_generate has run */
    cd_status err_code;
    const char *err_stage;
    size_t err_offset;
    char err_msg[256];
};

/* The time budget (opts.time_budget_ms): start it, and fail the run with
 * CD_E_LIMIT once it is spent. */
void cd_budget_start(cd_run *run);
cd_status cd_budget_check(cd_run *run, const char *stage);
/* Is the budget spent (no failure recorded)?  And the failure itself. */
bool cd_budget_spent(const cd_run *run);
cd_status cd_budget_fail(cd_run *run, const char *stage);
cd_status cd_run_fail(cd_run *run, cd_status code, const char *stage,
                      size_t offset, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
void cd_run_warn(cd_run *run, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* ---- Text index (textindex.c) ----------------------------------------- */

/* The suffix array of text[0..n): n offsets in the arena, or NULL when
 * memory ran out. */
int32_t *cd_sa_build(cd_arena *a, const char *text, size_t n);
/* How many suffixes of text start with p[0..m); `*first` gets the index in
 * sa of the first of them (they are consecutive). */
size_t cd_sa_find(const char *text, size_t n, const int32_t *sa, const char *p, size_t m,
                  size_t *first);

/* ---- Stages (internal entry points) ----------------------------------- */

cd_status cd_extract_text(cd_run *run, const char *s, size_t n);
cd_status cd_extract_html(cd_run *run, const char *s, size_t n);
/* Bounds on a page (see cd_extract in copydesk.h): attributes of one
 * element, and elements and attributes of a page (what its tree takes:
 * about 500 bytes an element with its text, 350 an attribute), refused
 * before parsing; open elements, past which each new one takes the
 * place of the one it would nest in; and the work of end tags that close
 * nothing (libxml2 searches the open elements for each), counted as
 * open elements searched. */
enum { CD_HTML_MAX_ATTRS = 256, CD_HTML_MAX_NODES = 500000,
       CD_HTML_MAX_DEPTH = 512 };
#define CD_HTML_MAX_SEARCH 200000000.0
bool cd_looks_like_html(const char *s, size_t n);
cd_status cd_analyze_tokens(cd_run *run);      /* analyze_tokens.c */
/* Whether token k is a dash: an en or em dash, "--", or a spaced "-". */
bool cd_tok_is_dash(const cd_run *run, int k);
cd_status cd_analyze_tag(cd_run *run);              /* analyze_tag.c */
/* Dependency trees (analyze_parse.c).  cd_analyze makes every word its
 * own tree (head -1, rel CD_REL_OTHER, lo = hi = itself) and parses no
 * sentence: a stage that reads the tree of sentence s calls
 * cd_sent_parse(run, s) first, which parses it once per run (cd_tok
 * head, rel, lo, hi of its words; CD_E_NOMEM when the arena is out).
 * Parsing costs about 6 us a word (a BBC article's trees two thirds of
 * the rest of its package), so only sentences something reads are parsed.  cd_analyze_parse
 * parses them all. */
void cd_analyze_trees(cd_run *run);
cd_status cd_sent_parse(cd_run *run, int s);
cd_status cd_analyze_parse(cd_run *run);
/* A short label or dateline before the clause of words [a, b) ("Heads
 * up, travelers: ...", "Update: ...", "CAIRO — ..."): the index after
 * its colon or dash, else a.  The label has at most five words and no
 * verb, a dateline's first word is in capitals, and what follows is a
 * clause of at least five words (analyze_parse.c). */
int cd_label_end(const cd_run *run, int a, int b);

void cd_analyze_lemmas(cd_run *run);           /* analyze_lemma.c */
cd_status cd_analyze_entities(cd_run *run);    /* analyze_entities.c */
/* The person "he" or "she" at token `before` stands for: the first named
 * (outside quotations, not as a possessor) in its sentence before it or
 * in the two sentences before; else the last person named; else -1. */
int cd_pronoun_person(const cd_run *run, int before);
cd_status cd_analyze_keys(cd_run *run);        /* analyze_keys.c */
cd_status cd_analyze_numbers(cd_run *run);     /* analyze_numbers.c */
/* The unit a lower-case word names ("per cent" -> "%"), or NULL. */
const char *cd_unit_word(const char *lower);
/* The unit of the number at token k ("%", "$", "bn", ...) or "". */
const char *cd_number_unit(cd_run *run, int k);
/* Digits of s[0..n) without thousands commas into out (cap bytes). */
void cd_number_value(const char *s, size_t n, char *out, size_t cap);

/* Verb forms (analyze_lemma.c).  Results live in the run's arena. */
const char *cd_lemma_verb(const cd_model *m, const char *lower);
const char *cd_verb_3sg(cd_arena *a, const char *lemma);
void cd_verb_class(const cd_model *m, const char *lower, char out[8]);

cd_status cd_generate_headlines(cd_run *run);  /* generate_headline.c */
cd_status cd_generate_ledes(cd_run *run);      /* generate_desc.c */
cd_status cd_generate_meta(cd_run *run);       /* generate_desc.c */
cd_status cd_generate_seo(cd_run *run);        /* generate_headline.c */

/* Add a candidate built from `text` (copied) to list `kind`.  Measures
 * it; check and rank happen later.  Returns NULL when out of memory. */
cd_cand *cd_cand_add(cd_run *run, cd_kind kind, const char *text, size_t n,
                     const int *src, int nsrc, double score,
                     const char *angle);

/* Ranking data (ranker.c). */
cd_status cd_ranker_load(cd_model *m, const char *path, char *err, size_t errlen);
/* Features of token k for the keep model; returns how many are set (as
 * indexes into `idx`, each with value 1). */
int cd_keep_features(const cd_run *run, int k, int *idx);
/* Probability that a headline writer keeps token k. */
double cd_keep_prob(const cd_run *run, int k);

/* Rule table (check.c): sets c->reject to the first failing rule id.
 * cd_check_prepare builds the article's word set first. */
cd_status cd_check_prepare(cd_run *run);
/* How often lower-case word `w` occurs in the article (0 if never). */
int cd_article_count(const cd_run *run, const char *w);
void cd_check(cd_run *run, cd_cand *c);
/* True when every word of `text` is supported by the article. */
const char *cd_check_facts(const cd_run *run, const char *text, size_t n);

/* Ranking (rank.c): picks opts.count[kind] items with diversity. */
cd_status cd_rank(cd_run *run, cd_kind kind);

/* Small lexical helpers (lexicon.c). */
bool cd_is_stopword(const char *lower);
bool cd_is_time_word(const char *lower);
bool cd_is_speech_verb(const char *lemma);
bool cd_is_clickbait(const char *lower_text);
int cd_number_word(const char *lower);   /* "three" -> 3, else -1 */
const char *cd_number_name(int v);      /* 3 -> "three", else "" */
bool cd_is_title_word(const char *lower); /* "secretary", "minister" */
bool cd_is_month(const char *lower);
bool cd_is_weekday(const char *lower);
bool cd_is_abbrev(const char *lower);
bool cd_is_final_abbrev(const char *lower);

/* Findings as a JSON array (render.c). */
void cd_render_findings(cd_buf *b, const cd_finding *f, int n);

/* Case helpers for output (render.c). */
void cd_apply_case(const cd_run *run, char *text, cd_kind kind);
/* Curly quotation marks when the options or the article call for them;
 * returns `text` or a new arena copy. */
char *cd_apply_quotes(cd_run *run, char *text);

/* Width tables (width.c). */
double cd_width_units(const char *s, size_t len); /* in font units */

#endif /* CD_INTERNAL_H */
