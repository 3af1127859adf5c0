/*
 * copydesk.h - a news copy desk's packaging work as a C library.
 *
 * ## Overview
 *
 * Given a news article (plain text or Markdown), copydesk writes the
 * package a copy desk writes for it: alternative headlines, alternative
 * ledes, SEO titles and meta descriptions.  Every candidate is built from
 * the article's own words plus a small closed set of rewrites (historical
 * present tense, "says", numerals, single quotes), is checked against a
 * rule table (length in characters and in rendered pixels, style, facts)
 * and is dropped when it fails.
 *
 * The library never prints and never exits.  Two objects carry
 * everything:
 *
 * - `cd_model`: read-only resources (tagger weights, verb lemmas, ranking
 *   weights), loaded once and shareable between threads.
 * - `cd_run`: one article's work.  It owns an arena; everything a run
 *   produces lives there and is released by one `cd_run_free` or
 *   `cd_run_reset`.
 *
 * Pointers returned by accessors are *borrowed*: valid until the run is
 * freed or reset.  Only the `cd_render_*` functions hand out memory the
 * caller owns; release it with `cd_free`.
 *
 * ## Threads
 *
 * - A `cd_model` is never written after cd_model_load returns it: any
 *   number of threads may share one, making runs on it and running them
 *   at once.  Free it after the last run made on it is freed.
 * - A `cd_run` is used by one thread at a time: calls on one run must not
 *   overlap, even calls that only read it (accessors, cd_render_*).  A run
 *   may move between threads (a worker pool) when the caller's own locking
 *   orders the calls.  Calls on different runs may overlap freely.
 * - cd_model_load may be called by several threads at once, each loading
 *   its own model, and before or after threads start: nothing has to be
 *   set up first.  Functions that take no run (cd_opts_init, cd_text_px,
 *   cd_serp_cut, cd_text_chars, cd_rouge_f1, cd_kind_name, cd_status_str,
 *   cd_version, cd_version_string) may be called from any thread at any
 *   time.
 *
 * ## Global state
 *
 * The library keeps no global mutable state of its own.  Its one static
 * object that changes is a `pthread_once_t` guarding libxml2's
 * process-wide set-up (xmlInitParser), which runs once, at the first HTML
 * page, from whichever thread parses it; the caller need not call
 * xmlInitParser.  The library does not set libxml2's error handlers,
 * global or per-thread (xmlSetGenericErrorFunc, xmlSetStructuredErrorFunc):
 * pages in other charsets are converted to UTF-8 (iconv) before libxml2
 * reads them, and the parser's own errors go to a handler on its private
 * parser context, so handlers a program sets for its own libxml2 work are
 * neither replaced nor called.  What is left is inside the libraries it
 * uses: libxml2 keeps each thread's last error (xmlGetLastError), and may
 * report its own malloc failures through the thread's generic handler
 * (stderr unless the program set one); cJSON, which reads JSON records
 * and JSON-LD, records its last parse error in one process-wide variable
 * (cJSON_GetErrorPtr), which copydesk does not read.  A program that
 * calls xmlCleanupParser must do it after its last cd_extract.
 *
 * ## Statuses
 *
 * Each fallible call below lists every cd_status it returns.  Only
 * cd_model_load returns CD_E_IO; no call returns CD_E_INTERNAL (it is
 * reserved for a broken invariant).  A run that reaches
 * `opts.max_arena_bytes` fails with CD_E_LIMIT, never CD_E_NOMEM.  After
 * a failed call, cd_run_error(run) says what failed and where.
 *
 * ## Rule ids
 *
 * Every finding (cd_finding.rule) and every rejection (cd_candidate_at)
 * names one of these rules; they are stable, and src/rules.inc, which the
 * check table is built from, is their one list:
 *
 *   len.words, len.chars, len.px                                   (fail)
 *   style.final_period, style.full_stop, style.ellipsis,
 *   style.quotes, style.unbalanced_quotes, style.clickbait,
 *   style.opening, style.reference, style.dangling,
 *   style.furniture                                                (fail)
 *   style.phrase: a compression of copydesk's own that cuts inside a
 *   phrase of its sentence's dependency tree or drops a word its head
 *   needs; read when ranking reaches the candidate                 (fail)
 *   style.phrase on text copydesk did not write, where each of its
 *   sentences is the words of one article sentence in order: the
 *   same reading on that sentence's tree                           (warn)
 *   style.tense, style.numerals, style.case, seo.keyphrase         (warn)
 *   fact.number, fact.number_unit, fact.multiplier, fact.name,
 *   fact.word, fact.quote, fact.quote_speaker, fact.negation       (fail)
 */
#ifndef COPYDESK_H
#define COPYDESK_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__) && __GNUC__ >= 4
#define CD_EXPORT __attribute__((visibility("default")))
#else
#define CD_EXPORT
#endif

/* ---- Types ------------------------------------------------------------ */

/** Status codes returned by every fallible call. */
typedef enum cd_status {
    CD_OK = 0,
    CD_E_USAGE,    /* bad argument or option value */
    CD_E_INPUT,    /* the article cannot be used: empty, binary, bad UTF-8 */
    CD_E_LIMIT,    /* a configured limit was hit (input size, arena) */
    CD_E_NOMEM,    /* malloc failed */
    CD_E_IO,       /* a file could not be read */
    CD_E_INTERNAL, /* a bug: an invariant did not hold */
    CD_E_LANG      /* the article is in a language copydesk does not
                      write (it writes English only) */
} cd_status;

/** The four lists of a package, in output order. */
typedef enum cd_kind {
    CD_HEADLINE = 0,
    CD_LEDE,
    CD_SEO_TITLE,
    CD_META_DESC,
    CD_KIND_COUNT
} cd_kind;

/** Letter case of headlines and SEO titles. */
typedef enum cd_case {
    CD_CASE_SENTENCE = 0, /* first word and proper nouns capitalised */
    CD_CASE_TITLE         /* AP title case */
} cd_case;

/** What the input is. */
typedef enum cd_input {
    CD_INPUT_AUTO = 0, /* HTML or JSON when it looks like it, else text */
    CD_INPUT_TEXT,     /* plain text or Markdown */
    CD_INPUT_HTML,     /* an HTML page */
    CD_INPUT_JSON      /* one JSON record: text or html, title, url, id, lang */
} cd_input;

/** Quotation marks in output. */
typedef enum cd_quotes {
    CD_QUOTES_AUTO = 0, /* curly if the article used curly quotes */
    CD_QUOTES_STRAIGHT,
    CD_QUOTES_CURLY
} cd_quotes;

/** How candidates given by cd_add_candidate rank against copydesk's own. */
typedef enum cd_added {
    CD_ADDED_POOLED = 0, /* one pool, by score, checks and diversity */
    CD_ADDED_FIRST       /* ahead of copydesk's own, which fill what is left */
} cd_added;

/** A byte range of the run's normalised article text. */
typedef struct cd_span {
    uint32_t off;
    uint32_t len;
} cd_span;

/**
 * Options.  Always start from `cd_opts_init`, which fills the defaults
 * named below, then change what you need.
 */
typedef struct cd_opts {
    int count[CD_KIND_COUNT];  /* items per list: 5, 5, 3, 3 */
    size_t max_input_bytes;    /* 1048576; larger text is CD_E_LIMIT, and so
                                  is a JSON record's longer text (at
                                  cd_extract) or a page's longer article
                                  (at cd_analyze) */
    size_t max_page_bytes;     /* 16 MiB; larger HTML pages are CD_E_LIMIT */
    size_t max_arena_bytes;    /* 256 MiB; a run past it is CD_E_LIMIT */
    cd_case letter_case;       /* CD_CASE_SENTENCE */
    cd_quotes quotes;          /* CD_QUOTES_AUTO */
    cd_input input;            /* CD_INPUT_AUTO */
    int headline_min_words;    /* 4 */
    int headline_max_words;    /* 12 */
    int lede_max_words;        /* 35 */
    int seo_max_chars;         /* 60 */
    double seo_max_px;         /* 580.0, Arial 20 px */
    int meta_min_chars;        /* 120 */
    int meta_max_chars;        /* 156 */
    double meta_max_px;        /* 920.0, Arial 14 px */
    double time_budget_ms;     /* 0: none; else a run that takes longer
                                  fails with CD_E_LIMIT, from the stage it
                                  was in: checked while a page is parsed
                                  (every 1024 elements, texts and errors)
                                  and scored (every 4096 nodes), at the
                                  end of cd_extract, and between the steps
                                  of cd_analyze and cd_generate, so it
                                  overruns by one step at most */
    cd_added added;            /* CD_ADDED_POOLED */
    int read_all;              /* 0: the rules read a candidate when
                                  ranking first reaches it, so most are
                                  never read and cd_candidate_at gives
                                  them no rejection; 1: every candidate
                                  is read (for audits of the rules; slower),
                                  with the same items chosen */
    char lang[16];             /* "": detect the article's language (the
                                  page's or record's declared language,
                                  unless its text clearly says otherwise);
                                  else the article's language as a BCP 47
                                  tag ("en", "en-GB", "de").  cd_analyze
                                  fails with CD_E_LANG for any language
                                  but English. */
} cd_opts;

/** One rule's verdict on a candidate. */
typedef struct cd_finding {
    const char *rule;    /* a rule id (see "Rule ids" above): "len.px",
                            "fact.number", "style.tense", ...; static */
    int fail;            /* 1: the candidate fails; 0: a warning */
    char reason[160];    /* what is wrong, lowercase, no final period */
    size_t off, len;     /* the bytes of the candidate it points at:
                            whole characters of valid UTF-8 text */
} cd_finding;

/** A finished candidate, as the accessors return it. */
typedef struct cd_item {
    const char *text;      /* UTF-8, NUL-terminated, borrowed */
    size_t chars;          /* Unicode code points */
    double px;             /* rendered width (20 px titles, 14 px others) */
    double score;          /* higher is better; comparable within a list */
    const int *sources;    /* indexes of article sentences, borrowed */
    int nsources;
    const cd_finding *findings; /* warnings it passed with, borrowed */
    int nfindings;
    const char *origin;    /* NULL: copydesk's own; else the origin given
                              to cd_add_candidate ("llm"), borrowed */
} cd_item;

/** Details of the last error of a run. */
typedef struct cd_error {
    cd_status code;
    const char *stage;   /* "input", "extract", "analyze", ... */
    size_t offset;       /* byte offset in the input, when it applies;
                            for an input over its size limit (stage
                            "input", CD_E_LIMIT), the limit */
    const char *message; /* lowercase, no final period; borrowed */
} cd_error;

typedef struct cd_model cd_model;
typedef struct cd_run cd_run;

/* ---- Simple interface ------------------------------------------------- */

/**
 * Article in, package out: loads nothing, runs every stage on `model`
 * with `opts` (NULL for the defaults) and returns the package as JSON in
 * `*json` (caller frees with `cd_free`).  On failure `*json` is NULL and,
 * when `err` is not NULL, a one-line message is written to it.  Returns
 * CD_OK, or what cd_run_new and cd_run_article return: CD_E_USAGE (invalid
 * `opts`, or `model` NULL), CD_E_INPUT, CD_E_LANG, CD_E_LIMIT or
 * CD_E_NOMEM.
 */
CD_EXPORT cd_status cd_package_json(const cd_model *model, const cd_opts *opts,
                                    const char *input, size_t len,
                                    char **json, char *err, size_t errlen);

/* ---- Lifecycle -------------------------------------------------------- */

/** Fill `opts` with the defaults.  This function can't fail. */
CD_EXPORT void cd_opts_init(cd_opts *opts);
/** 1 when `tag` can be given as cd_opts.lang (a BCP 47 tag's shape, such
 *  as "en", "en-GB" or "pt_BR", shorter than the field), else 0. */
CD_EXPORT int cd_lang_tag_valid(const char *tag);

/**
 * Load the model from directory `datadir` (NULL: the directory compiled
 * in; the library reads no environment variable, the command's
 * $COPYDESK_DATA is its own) and WordNet from `wordnet_dir` (NULL: the
 * Debian path /usr/share/wordnet).  On success returns CD_OK and `*out`
 * owns the model; free it with `cd_model_free`.  Returns CD_E_IO when a
 * file is missing, unreadable, truncated or not a copydesk model, and
 * CD_E_NOMEM when out of memory; then `*out` is NULL and a message is
 * written to `err` (when not NULL).  Safe to call from several threads
 * at once.
 */
CD_EXPORT cd_status cd_model_load(const char *datadir, const char *wordnet_dir,
                                  cd_model **out, char *err, size_t errlen);
/** Free a model.  NULL is a no-op. */
CD_EXPORT void cd_model_free(cd_model *model);

/**
 * Start a run over `model` (which must outlive the run) with `opts` (copied;
 * NULL for the defaults).  `model` may be NULL for a run that only calls
 * cd_extract.  Returns CD_OK, CD_E_USAGE for an invalid option or
 * CD_E_NOMEM when out of memory; on failure `*out` is NULL.
 */
CD_EXPORT cd_status cd_run_new(const cd_model *model, const cd_opts *opts,
                               cd_run **out);
/**
 * Change the options of a new or reset run (copied).  Returns CD_OK, or
 * CD_E_USAGE, keeping the old options, when `opts` is NULL or invalid.
 * The time budget, if any, starts at the next cd_extract or
 * cd_run_article.
 */
CD_EXPORT cd_status cd_run_set_opts(cd_run *run, const cd_opts *opts);
/** Free a run and everything it produced.  NULL is a no-op. */
CD_EXPORT void cd_run_free(cd_run *run);
/** Forget the current article, its results and its last error, but keep
 *  the memory and options for the next one. */
CD_EXPORT void cd_run_reset(cd_run *run);

/* ---- Stages ----------------------------------------------------------- */

/**
 * Read one article.  Text: validate and normalise the bytes (UTF-8,
 * Unicode punctuation), take a short first line followed by a blank line
 * as the current headline, strip Markdown.  HTML (opts.input, or detected):
 * parse the page, read its metadata and take the article body out of it.
 * JSON: one record, as opts.input says.  Call on a new or reset run (this
 * is not checked).
 *
 * Bytes: text and JSON records must be valid UTF-8 (RFC 8259 says so of
 * JSON), and a NUL, raw or as the escape \u0000, is binary input.  A
 * page is read in the charset its BOM, its valid UTF-8 or its declaration
 * names, else windows-1252 (a charset iconv does not know is read as
 * windows-1252 too, with the warning "unknown charset 'x' read as
 * windows-1252"); a byte not valid in that charset becomes U+FFFD, never
 * passed on, and one warning counts them ("3 bytes not valid UTF-8
 * replaced with U+FFFD"; see cd_warning_at).
 *
 * Pages are bounded before they are parsed: an element may have 256
 * attributes and a page 500,000 elements and attributes together (its
 * tree takes about 500 bytes an element, 350 an attribute).  The whole
 * page is read, however deep: past 512 open elements (where browsers stop
 * nesting too) each new element closes the one it would nest in and
 * takes its place, and a warning counts them ("page nested deeper than
 * 512 elements: 90 elements read one level up").  End tags that close no
 * open element cost a search of every open element each, and a page
 * whose such searches pass 200 million elements is refused.
 *
 * Returns CD_OK, or:
 * - CD_E_INPUT: empty, binary or invalid UTF-8 text, a JSON record that
 *   is not one object of the known fields or is not valid UTF-8, a page
 *   without an article;
 * - CD_E_LIMIT: text over `max_input_bytes` (a record's text too, "text
 *   is N bytes, over the limit of M", stage "input"), a page or record
 *   over `max_page_bytes`, a page over 2 GiB, stage "extract": "an
 *   element at byte N has more than 256 attributes", "page has more than
 *   500000 elements and attributes", "page has too many end tags that
 *   close nothing (at byte N)"; the time budget; the arena limit;
 * - CD_E_NOMEM: out of memory.
 * The time budget starts here.
 */
CD_EXPORT cd_status cd_extract(cd_run *run, const char *input, size_t len);
/**
 * Sentences, tokens, tags, lemmas, entities, quotes, keyphrases, after
 * cd_extract; call once per article.  Returns CD_OK, or:
 * - CD_E_USAGE: the run has no model, or no article (cd_extract was not
 *   called, or failed before it had any text);
 * - CD_E_INPUT: the article has no sentence;
 * - CD_E_LANG: the article is not in English (see cd_opts.lang and
 *   cd_article_lang), with the message "language 'de' is not supported
 *   (English only)";
 * - CD_E_LIMIT: before any work, an article over `max_input_bytes` (a
 *   page's: "article text is N bytes, over the limit of M"), or one whose
 *   words, then whose tokens, need more than the arena holds (at least
 *   260 bytes a token: "article of N bytes needs more than M MiB to
 *   analyse, over the arena limit of L MiB"); the time budget or the
 *   arena limit;
 * - CD_E_NOMEM: out of memory.
 * After a failure the run has no analysis: cd_add_candidate and
 * cd_generate return CD_E_USAGE and cd_check_text -1.
 */
CD_EXPORT cd_status cd_analyze(cd_run *run);
/**
 * Build, check and rank the candidates of every list, after a successful
 * cd_analyze.  Returns CD_OK (a list may hold fewer items than asked for:
 * see cd_warning_at), or:
 * - CD_E_USAGE: no successful cd_analyze, or cd_generate already ran on
 *   this article (reset the run first);
 * - CD_E_LIMIT: the time budget or the arena limit;
 * - CD_E_NOMEM: out of memory.
 */
CD_EXPORT cd_status cd_generate(cd_run *run);
/**
 * Offer a candidate written elsewhere (a language model, an editor) for
 * list `kind`, after cd_analyze and before cd_generate.  cd_generate
 * checks it with the same rule table as copydesk's own - except
 * `fact.word`, since others may paraphrase - drops it when a rule fails,
 * and ranks it as `opts.added` says.  `origin` (copied) names where it
 * came from in the output.  Candidates added in order of preference rank
 * in that order among themselves.  Returns CD_OK, or CD_E_USAGE before a
 * successful cd_analyze, after cd_generate, for a `kind` out of range or
 * a NULL `text`, CD_E_LIMIT at the arena limit, CD_E_NOMEM when out of
 * memory.
 */
CD_EXPORT cd_status cd_add_candidate(cd_run *run, cd_kind kind, const char *text,
                                     const char *origin);
/** cd_extract, cd_analyze and cd_generate in order, stopping at the first
 *  failure; returns CD_OK or that failure's status: CD_E_USAGE (a run
 *  without a model), CD_E_INPUT, CD_E_LANG, CD_E_LIMIT or CD_E_NOMEM. */
CD_EXPORT cd_status cd_run_article(cd_run *run, const char *input, size_t len);

/**
 * Grade any candidate of list `kind` against the analysed article (after
 * cd_analyze): length, style and faithfulness.  `text` is UTF-8 (bytes
 * that are not are graded as they are, and a reason that quotes them
 * shows '?' for each).  Each call costs what the candidate's length does,
 * not the article's: the indexes it reads are built once per article (a
 * suffix array of the text at the first call that needs one, 4 bytes a
 * byte of text).  Sets `*findings` to the
 * findings (borrowed) and returns how many there are, or -1 when the run
 * has no successful analysis, `kind` is out of range, or memory or the
 * arena ran out.  The candidate fails when any finding has `fail` set.
 * It may be called before or after cd_generate.
 */
CD_EXPORT int cd_check_text(cd_run *run, cd_kind kind, const char *text,
                            const cd_finding **findings);

/* ---- Accessors -------------------------------------------------------- */

/** Number of items in list `kind` after cd_generate. */
CD_EXPORT int cd_count(const cd_run *run, cd_kind kind);
/** Item `i` of list `kind`, best first; NULL when out of range. */
CD_EXPORT const cd_item *cd_at(const cd_run *run, cd_kind kind, int i);
/**
 * Every candidate of list `kind`, chosen or not: its text (borrowed), its
 * score, and in `*reject` the id of the first failing rule that rejected
 * it ("len.px", "fact.number", ...; see "Rule ids" above) or NULL when it
 * passed or was not read (cd_candidate_read).  NULL when `i` is out of
 * range.  For --explain and tests.
 */
CD_EXPORT int cd_candidate_count(const cd_run *run, cd_kind kind);
CD_EXPORT const char *cd_candidate_at(const cd_run *run, cd_kind kind, int i,
                                      const char **reject, double *score);
/** 1 when the rules read candidate `i` of list `kind` (all are with
 * opts.read_all, else those ranking reached), else 0. */
CD_EXPORT int cd_candidate_read(const cd_run *run, cd_kind kind, int i);
/** Number of sentences found by cd_analyze. */
CD_EXPORT int cd_sentence_count(const cd_run *run);
/** Sentence `i` as a span of cd_text(run); {0, 0} when out of range. */
CD_EXPORT cd_span cd_sentence_at(const cd_run *run, int i);
/**
 * A word of a sentence and its arc in the sentence's dependency tree:
 * `head` is the index in the sentence of the word it depends on, -1 for
 * the sentence's root; `rel` is the Universal Dependencies relation of
 * that arc ("nsubj", "obj", "obl", "acl:relcl", ...; "root" for the
 * root).  Strings are borrowed from the run.
 */
typedef struct cd_word {
    cd_span span;        /* the word's bytes in cd_text(run) */
    const char *lower;   /* lower-cased form */
    const char *lemma;
    const char *tag;     /* Penn Treebank tag: "NNP", "VBD", ... */
    int head;
    const char *rel;
} cd_word;
/**
 * The words of sentence `i` with its dependency tree, after cd_analyze.
 * The sentence is parsed at the first call that asks for it (about 6 us
 * a word) and kept until the run is reset.
 * Sets `*words` to an array owned by the run and returns how many words
 * there are, or -1 when the run has no analysis, `i` is out of range, or
 * memory or the arena ran out.
 */
CD_EXPORT int cd_sentence_tree(cd_run *run, int i, const cd_word **words);
/** The normalised article body (paragraphs split by blank lines), or NULL
 *  before cd_extract.  Borrowed. */
CD_EXPORT const char *cd_text(const cd_run *run);
/** The article's current headline, or NULL when it had none. */
CD_EXPORT const char *cd_article_title(const cd_run *run);
/**
 * Metadata of an HTML page (all NULL for text input): title, byline,
 * excerpt, site name, language, published time, canonical URL, and the
 * page's own <title> and meta description.  Borrowed.
 */
typedef struct cd_page_meta {
    const char *title, *byline, *excerpt, *site_name, *lang, *published, *url;
    const char *html_title, *description;
} cd_page_meta;
CD_EXPORT cd_page_meta cd_page(const cd_run *run);
/** The article text as extracted: for a page, its paragraphs and headings
 *  split by blank lines; for text, the normalised body.  Borrowed. */
CD_EXPORT const char *cd_extracted_text(const cd_run *run);
/**
 * The article's language as cd_analyze decided it: an ISO 639-1 code
 * ("en", "de", "zh"), from opts.lang when set, else from the text when it
 * says so clearly, else the page's or record's declared language, else
 * "en".  "" before cd_analyze.  Borrowed.
 */
CD_EXPORT const char *cd_article_lang(const cd_run *run);
/** The main keyphrase, or NULL. */
CD_EXPORT const char *cd_keyphrase(const cd_run *run);
/** Warnings (e.g. "article too short: 2 of 5 headlines", and those of
 *  cd_extract: bytes replaced, an unknown charset, a page read one level
 *  up past 512 open elements), borrowed. */
CD_EXPORT int cd_warning_count(const cd_run *run);
CD_EXPORT const char *cd_warning_at(const cd_run *run, int i);
/** The list's name as used in JSON ("headlines", "ledes", ...). */
CD_EXPORT const char *cd_kind_name(cd_kind kind);

/* ---- Rendering -------------------------------------------------------- */

/** The package in the seed's text layout; "" when there is nothing to
 *  lay out (every opts.count 0, text input).  Caller frees with cd_free;
 *  NULL when out of memory. */
CD_EXPORT char *cd_render_text(const cd_run *run);
/** The package as one JSON object (no trailing newline).  Caller frees
 *  with cd_free; NULL when out of memory. */
CD_EXPORT char *cd_render_json(const cd_run *run);
/**
 * What cd_analyze found, as one JSON object: the language it decided,
 * sentences with their
 * salience, entities with their aliases, quotations with their speakers,
 * numbers with their units and the keyphrases (for --stage analyze and
 * for debugging).  Caller frees with cd_free; NULL when out of memory.
 */
CD_EXPORT char *cd_render_analysis_json(const cd_run *run);
/**
 * Every sentence of the analysed article with its dependency tree, in
 * CoNLL-U (universaldependencies.org/format.html): a "# sent_id" and
 * "# text" line, then per word ID, FORM, LEMMA, "_" for UPOS (copydesk
 * tags in Penn tags only), XPOS, "_", HEAD, DEPREL, "_", "_"; a blank
 * line after each sentence.  Parses the sentences not yet parsed (for
 * --stage parse).  Caller frees with cd_free; NULL when the run has no
 * analysis or memory ran out.
 */
CD_EXPORT char *cd_render_conllu(cd_run *run);
/**
 * What cd_extract found, as JSON: title, byline, excerpt, site_name, lang,
 * published, url, text (paragraphs split by blank lines) and warnings (an
 * array of strings, as cd_warning_at gives them).  Caller frees with
 * cd_free; NULL when out of memory.
 */
CD_EXPORT char *cd_render_extract_json(const cd_run *run);
/** Free memory handed out by cd_render_* and cd_package_json. */
CD_EXPORT void cd_free(void *p);

/* ---- Measuring -------------------------------------------------------- */

/**
 * Width in pixels of UTF-8 `s` (`len` bytes) in Arial (Liberation Sans
 * metrics, kerned, as Chrome renders it) at `size_px`.  Characters
 * without metrics count as the width of 'o'; wide East Asian characters
 * count as one em.  This function can't fail.
 */
CD_EXPORT double cd_text_px(const char *s, size_t len, double size_px);
/**
 * What a search result shows of `s` (`len` bytes) in Arial at `size_px`
 * within `max_px`: all of it when it fits, else the longest prefix that
 * ends at a word boundary followed by " \u2026" (the ellipsis counted
 * inside the width), as Google cuts titles and snippets.  Writes into
 * `out` (cap bytes, NUL-terminated) and returns the length written.
 */
CD_EXPORT size_t cd_serp_cut(const char *s, size_t len, double size_px,
                             double max_px, char *out, size_t cap);
/** Number of code points in valid UTF-8 `s`. */
CD_EXPORT size_t cd_text_chars(const char *s, size_t len);

/**
 * ROUGE F1 (Google rouge_score conventions, Porter stemming of tokens
 * longer than 3 characters): `n` is 1 or 2 for ROUGE-N, 0 for ROUGE-L.
 * Returns a value in [0, 1]; -1 when out of memory.
 */
CD_EXPORT double cd_rouge_f1(const char *ref, const char *pred, int n);

/* ---- Errors ----------------------------------------------------------- */

/** The last error recorded on `run` since it was made or reset (a later
 *  call that succeeds does not clear it); code CD_OK when there was
 *  none.  The message lives in the run.  This function can't fail. */
CD_EXPORT cd_error cd_run_error(const cd_run *run);
/** Static text for a status code ("unknown status" for any other value). */
CD_EXPORT const char *cd_status_str(cd_status s);

/* ---- Version ---------------------------------------------------------- */

#define CD_VERSION 0x000100
#define CD_VERSION_STRING "0.1.0"
/** The library's version as 0xMMmmpp. */
CD_EXPORT uint32_t cd_version(void);
/** The library's version as a string. */
CD_EXPORT const char *cd_version_string(void);

#ifdef __cplusplus
}
#endif
#endif /* COPYDESK_H */
