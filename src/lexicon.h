/*
 * lexicon.h - the word lists behind lexicon.c, exposed for the tests.
 * Every list but cd_lex_numbers and cd_lex_clickbait is sorted (strcmp).
 */
#ifndef CD_LEXICON_H
#define CD_LEXICON_H

static const char *const cd_lex_stopwords[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am",
    "an", "and", "any", "are", "as", "at", "be", "because", "been",
    "before", "being", "below", "between", "both", "but", "by", "can",
    "could", "did", "do", "does", "doing", "down", "during", "each",
    "either", "even", "ever", "few", "for", "from", "further", "had", "has",
    "have", "having", "he", "her", "here", "hers", "herself", "him",
    "himself", "his", "how", "however", "i", "if", "in", "into", "is", "it",
    "its", "itself", "just", "least", "less", "like", "many", "may", "me",
    "meanwhile", "might", "more", "most", "much", "must", "my", "myself",
    "neither", "no", "nor", "not", "now", "of", "off", "on", "once", "only",
    "or", "other", "ought", "our", "ours", "ourselves", "out", "over", "own",
    "per", "rather", "same", "shall", "she", "should", "since", "so", "some",
    "such", "than", "that", "the", "their", "theirs", "them", "themselves",
    "then", "there", "these", "they", "this", "those", "though", "through",
    "thus", "to", "too", "under", "until", "up", "upon", "us", "very", "via",
    "was", "we", "were", "what", "when", "where", "whether", "which",
    "while", "who", "whom", "whose", "why", "will", "with", "within",
    "without", "would", "yet", "you", "your", "yours", "yourself",
};

/* Words that make a phrase a time expression (Hedge Trimmer drops them). */
static const char *const cd_lex_time_words[] = {
    "afternoon", "april", "aug", "august", "dec", "december", "earlier",
    "evening", "feb", "february", "fri", "friday", "jan", "january", "jul",
    "july", "jun", "june", "last", "later", "mar", "march", "mon", "monday",
    "morning", "night", "nov", "november", "oct", "october", "overnight",
    "sat", "saturday", "sep", "sept", "september", "sun", "sunday",
    "thursday", "today", "tomorrow", "tonight", "tue", "tuesday",
    "wednesday", "weekend", "yesterday",
};

/* Lemmas of verbs that report speech. */
static const char *const cd_lex_speech_verbs[] = {
    "acknowledge", "add", "admit", "announce", "argue", "assert", "claim",
    "comment", "concede", "confirm", "declare", "deny", "emphasise",
    "emphasize", "explain", "insist", "maintain", "note", "observe",
    "predict", "reply", "report", "say", "state", "stress", "suggest",
    "tell", "warn", "write",
};

/* Heads of titles that precede a name ("Defense Secretary Pete Hegseth"). */
static const char *const cd_lex_title_words[] = {
    "ambassador", "boss", "captain", "ceo", "chairman", "chairwoman",
    "chancellor", "chief", "coach", "colonel", "commissioner", "director",
    "dr", "executive", "general", "governor", "judge", "king", "leader",
    "manager", "mayor", "minister", "mr", "mrs", "ms", "premier",
    "president", "prince", "princess", "professor", "queen", "rep",
    "secretary", "senator", "sir", "spokesman", "spokeswoman", "striker",
};

static const char *const cd_lex_months[] = {
    /* sorted (the lookup is a binary search); with AP's abbreviations */
    "april", "aug.", "august", "dec.", "december", "feb.", "february", "jan.",
    "january", "july", "june", "march", "may", "nov.", "november", "oct.",
    "october", "sept.", "september",
};

static const char *const cd_lex_weekdays[] = {
    "friday", "monday", "saturday", "sunday", "thursday", "tuesday",
    "wednesday",
};

/* Abbreviations that take a period and usually do not end a sentence
 * (lower case, without the final period). */
static const char *const cd_lex_abbrevs[] = {
    "adm", "approx", "apr", "aug", "ave", "brig", "calif", "capt", "cmdr",
    "co", "col", "corp", "cpl", "dec", "dept", "dr", "e.g", "est", "etc",
    "feb", "fig", "fla", "fri", "ft", "gen", "gov", "i.e", "inc", "jan",
    "jr", "jul", "jun", "lt", "ltd", "maj", "mar", "mass", "messrs", "mon",
    "mr", "mrs", "ms", "mt", "no", "nos", "nov", "oct", "pa", "ph.d", "prof",
    "rep", "reps", "rev", "sat", "sen", "sens", "sep", "sept", "sgt", "sr",
    "st", "sun", "supt", "thu", "tue", "va", "vs", "wed",
};

/* Abbreviations that may end a sentence when a sentence-starting word
 * follows ("... in the U.S. The move ..."). */
static const char *const cd_lex_final_abbrevs[] = {
    "a.m", "co", "corp", "etc", "inc", "jr", "ltd", "p.m", "sr", "u.k",
    "u.n", "u.s",
};

/* Index is the value. */
static const char *const cd_lex_numbers[] = {
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
    "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
    "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
};

/* Phrases that mark a clickbait title (Google Discover's rule). */
static const char *const cd_lex_clickbait[] = {
    "you won't believe", "you will not believe", "what happens next",
    "shocking", "mind-blowing", "jaw-dropping", "this one trick",
    "will blow your mind", "you need to know", "can't stop", "must see",
    "must-see", "here's why", "here is why", "the reason why will",
};

#endif /* CD_LEXICON_H */
