/*
 * generate.h - the clause finder and candidate builder shared by the
 * generators (generate_headline.c, generate_desc.c).
 */
#ifndef CD_GENERATE_H
#define CD_GENERATE_H

#include "internal.h"

enum { CD_HL_MAX = 160 };
/* Sentences longer than this are not compressed (no headline, lede or
 * description can come from them; the bound keeps generation linear). */
enum { CD_MAX_SENT_TOKENS = 150 };
/* Only the article's first quotations make headlines from quotations
 * (reported speech, `Speaker: 'quote'`): the bound keeps the number of
 * candidates per article bounded however many quotations it has (none of
 * the development sets' articles has more than 48). */
enum { CD_MAX_QUOTES = 64 };

/* A candidate under construction: article tokens in output order, each
 * with an optional replacement text ("declared" -> "declares"). */
typedef struct cd_hl {
    int tok[CD_HL_MAX];
    const char *rep[CD_HL_MAX];
    int n;
    bool overflow;
    bool lean;           /* headline pushes drop descriptive adjectives */
    int lower_tok;       /* a token to write in lower case (0: none, as
                          * token 0 starts the article and is never moved) */
} cd_hl;

enum { CD_CLAUSE_SKIPS = 16 };

/* The main clause of a token range, as found by cd_clause_find. */
typedef struct cd_clause {
    int a, b;            /* the range searched, b exclusive */
    int s0, s1;          /* subject tokens [s0, s1) */
    int v0, v1;          /* verb group [v0, v1) */
    int mv;              /* main verb token */
    int stop;            /* end of the clause's object (hard stop) */
    int clause_end;      /* first ", and ..." / ";" boundary, else stop */
    bool plural;         /* subject is plural */
    bool passive;        /* be/get + VBN */
    bool copula;         /* main verb is a form of "be" */
    int skip0[CD_CLAUSE_SKIPS], skip1[CD_CLAUSE_SKIPS]; /* ranges inside
                                                         * [s0, stop) to leave out */
    int nskip;
} cd_clause;

/* The sentence holding token k, or -1. */
int cd_sent_of(const cd_run *run, int k);
bool cd_clause_find(const cd_run *run, int a, int b, cd_clause *c);
/* Whether a cut at p leaves a clause begun in [from, p) without its
 * verb ("the idea that the explosion |", "as Sir Digby Jones, |"); end
 * bounds the search for that verb. */
bool cd_cut_opens_clause(const cd_run *run, int from, int p, int end);
bool cd_clause_skipped(const cd_clause *c, int k);

/* Whether dependent d, with its subtree, may leave a compression that
 * keeps its head, as one of `what`: an aside (appositive, relative or
 * participial clause, parenthetical), a modifier (an adverb; adjectives
 * stay), a phrase (place and time phrases, adverbial clauses, noun modifiers).
 * With CD_TREE_FULL (internal.h) in `what`, read for a description or a
 * lede, which keep their "Mr".  Reads the parse already made. */
enum { CD_TREE_MODIFIER = 1, CD_TREE_PHRASE = 2, CD_TREE_ASIDE = 4 };
bool cd_tree_optional(const cd_run *run, int d, int what);
/* Add to c's skips every such phrase after its verb (whole subtrees
 * inside the clause, outermost first); returns how many.  Needs the
 * sentence parsed; adds none when it is not. */
int cd_tree_skips(const cd_run *run, cd_clause *c, int what);


/* Render `h` into `out` (cap bytes).  Headline mode turns double quotes
 * into single ones; sentence mode keeps them.  Returns the length, or 0
 * when the result does not fit. */
enum { CD_RENDER_HEADLINE = 1, CD_RENDER_SENTENCE = 2 };
size_t cd_hl_render(const cd_run *run, const cd_hl *h, int mode, char *out,
                    size_t cap);
void cd_hl_push(cd_hl *h, int tok, const char *rep);

bool cd_is_time_phrase_start(const cd_run *run, int k, int end, int *len);
bool cd_tok_is(const cd_run *run, int k, const char *s);
/* A descriptive adjective at k that a lean headline may drop ("recent
 * initiatives"), b the end of its phrase; never one that turns the claim
 * ("top", "former", "little", "non-..."). */
bool cd_droppable_adjective(const cd_run *run, int k, int b);
/* Whether token k (before b) is "Mr", "Mrs" or "Ms" before a name. */
bool cd_honorific(const cd_run *run, int k, int b);
/* Whether pronoun (or "latter", "former") k may stand for a noun among
 * tokens [lo, hi], by number and person as the tags give them. */
bool cd_refers_into(const cd_run *run, int lo, int hi, int k);
/* The surname of the person pronoun k stands for, as cd_pronoun_person
 * finds them ("he" -> "Varma"), or NULL. */
const char *cd_resolve_pronoun(const cd_run *run, int k);
/* "Its" at token k as the name it stands for, possessive ("Rosetta's"):
 * the nearest subject before it, in its sentence or the one before, when
 * that is a name and no person's; else NULL.  Parses those sentences;
 * CD_E_NOMEM in *st when that or the copy fails. */
const char *cd_resolve_its(cd_run *run, int k, cd_status *st);
/* The first `max` sentence indexes into order[], most salient first;
 * returns how many. */
int cd_sents_by_salience(const cd_run *run, int *order, int max);
/* Index just after the parenthesis opening at k, or k when k is not
 * "(" (or the parenthesis does not close before end). */
int cd_skip_parens(const cd_run *run, int k, int end);

#endif
