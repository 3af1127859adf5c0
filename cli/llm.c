/*
 * llm.c - the language-model engine: ask any OpenAI-compatible server
 * (llama.cpp's server, Ollama, vLLM, a hosted API) for candidates, and
 * hand them to the library, which checks them with its own rules and
 * ranks them with its own (cd_add_candidate).
 *
 * One chat completion per article: the article, what copydesk's analysis
 * found (main keyphrase, people and their other names, numbers,
 * quotations and speakers), the counts and limits wanted and the house
 * style, with structured output (response_format json_schema).  Timeouts
 * for the connection, the whole request and a stalled answer; at most
 * `retries` retries with jittered exponential backoff on connection
 * errors, 408, 429 and 5xx (Retry-After honoured), none on other 4xx.
 * Any failure returns -1 and a reason: the caller falls back to the
 * built-in engine.  The API key is read from the environment variable the
 * options name, never from the command line.
 */
#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char *const list_key[CD_KIND_COUNT] = {"headlines", "ledes", "seo_titles",
                                                   "meta_descriptions"};

/* ---- The prompt ------------------------------------------------------- */

static const char system_prompt[] =
    "You are a newspaper copy editor. You write a story's packaging from the "
    "article alone: never add a name, number, date, place or quotation the article "
    "does not contain, and never change what a number counts or who said what. "
    "House style: headlines in the historical present tense, 'says' for "
    "attribution, numerals for numbers, single quotation marks, no final full "
    "stop. Ledes are one sentence, who and what first. Meta descriptions are whole "
    "sentences ending with a full stop. Answer with the JSON object asked for, "
    "nothing else.";

/* The user message: the article and what the analysis found. */
static char *user_prompt(cd_run *run, const cd_opts *o)
{
    cli_text out = {0};
    const char *title = cd_article_title(run);
    const char *text = cd_text(run);
    size_t tl = strlen(text);
    if (tl > 16000) /* a long article's opening is what packaging uses */
        tl = 16000;
    cli_textf(&out, "ARTICLE\n%s%s%.*s\n\nWHAT THE ANALYSIS FOUND\n",
               title ? title : "", title ? "\n\n" : "", (int)tl, text);
    char *an = cd_render_analysis_json(run);
    cJSON *a = an ? cJSON_Parse(an) : NULL;
    cd_free(an);
    const cJSON *x;
    const cJSON *keys = cJSON_GetObjectItemCaseSensitive(a, "keyphrases");
    const cJSON *k0 = cJSON_GetArrayItem(keys, 0);
    const cJSON *kt = cJSON_GetObjectItemCaseSensitive(k0, "text");
    if (cJSON_IsString(kt))
        cli_textf(&out, "- main keyphrase: %s\n", kt->valuestring);
    int people = 0;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(a, "entities")) {
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(x, "name");
        if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(x, "person")) ||
            !cJSON_IsString(nm) || people >= 12)
            continue;
        cli_textf(&out, "%s%s", people++ ? "; " : "- people: ", nm->valuestring);
        const cJSON *al;
        int na = 0;
        cJSON_ArrayForEach(al, cJSON_GetObjectItemCaseSensitive(x, "aliases")) {
            if (cJSON_IsString(al) && strcmp(al->valuestring, nm->valuestring) && na < 4)
                cli_textf(&out, "%s%s", na++ ? ", " : " (also ", al->valuestring);
        }
        if (na)
            cli_textf(&out, ")");
    }
    if (people)
        cli_textf(&out, "\n");
    int nums = 0;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(a, "numbers")) {
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(x, "text");
        if (cJSON_IsString(t) && nums < 20)
            cli_textf(&out, "%s%s", nums++ ? ", " : "- numbers: ", t->valuestring);
    }
    if (nums)
        cli_textf(&out, "\n");
    int quotes = 0;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(a, "quotes")) {
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(x, "text");
        const cJSON *sp = cJSON_GetObjectItemCaseSensitive(x, "speaker");
        if (!cJSON_IsString(t) || quotes >= 8)
            continue;
        cli_textf(&out, "%s\"%s\"%s%s\n", quotes++ ? "" : "- quotations:\n  ",
                   t->valuestring, cJSON_IsString(sp) ? " - " : "",
                   cJSON_IsString(sp) ? sp->valuestring : "");
        if (quotes)
            cli_textf(&out, "  ");
    }
    cJSON_Delete(a);
    cli_textf(&out, "\nWRITE\n"
               "- %d headlines, %d to %d words, each a different angle\n"
               "- %d ledes, one sentence of at most %d words\n"
               "- %d SEO titles, at most %d characters, the main keyphrase near the start\n"
               "- %d meta descriptions, %d to %d characters, whole sentences\n"
               "Use only facts, names, numbers and quotations from the article.\n",
               o->count[CD_HEADLINE] + 2, o->headline_min_words, o->headline_max_words,
               o->count[CD_LEDE] + 2, o->lede_max_words, o->count[CD_SEO_TITLE] + 2,
               o->seo_max_chars, o->count[CD_META_DESC] + 2, o->meta_min_chars,
               o->meta_max_chars);
    if (out.oom) {
        free(out.s);
        return NULL;
    }
    return out.s;
}

/* The request body: a chat completion with a JSON schema for the answer. */
static char *request_body(const cli_llm_opts *lo, const char *user)
{
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "model", lo->model ? lo->model : "default");
    cJSON_AddNumberToObject(r, "temperature", 0.3);
    cJSON *msgs = cJSON_AddArrayToObject(r, "messages");
    cJSON *m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "role", "system");
    cJSON_AddStringToObject(m, "content", system_prompt);
    cJSON_AddItemToArray(msgs, m);
    m = cJSON_CreateObject();
    cJSON_AddStringToObject(m, "role", "user");
    cJSON_AddStringToObject(m, "content", user);
    cJSON_AddItemToArray(msgs, m);
    cJSON *rf = cJSON_AddObjectToObject(r, "response_format");
    cJSON_AddStringToObject(rf, "type", "json_schema");
    cJSON *js = cJSON_AddObjectToObject(rf, "json_schema");
    cJSON_AddStringToObject(js, "name", "copydesk_package");
    cJSON_AddBoolToObject(js, "strict", 1);
    cJSON *schema = cJSON_AddObjectToObject(js, "schema");
    cJSON_AddStringToObject(schema, "type", "object");
    cJSON *props = cJSON_AddObjectToObject(schema, "properties");
    cJSON *req = cJSON_AddArrayToObject(schema, "required");
    for (int k = 0; k < CD_KIND_COUNT; k++) {
        cJSON *p = cJSON_AddObjectToObject(props, list_key[k]);
        cJSON_AddStringToObject(p, "type", "array");
        cJSON *items = cJSON_AddObjectToObject(p, "items");
        cJSON_AddStringToObject(items, "type", "string");
        cJSON_AddItemToArray(req, cJSON_CreateString(list_key[k]));
    }
    cJSON_AddBoolToObject(schema, "additionalProperties", 0);
    char *out = cJSON_PrintUnformatted(r);
    cJSON_Delete(r);
    return out;
}

/* ---- HTTP ------------------------------------------------------------- */

typedef struct reply {
    char *p;
    size_t n, cap;
    bool too_big;
    long retry_after; /* seconds, -1 when not given */
} reply;

static size_t on_body(char *data, size_t size, size_t nmemb, void *cls)
{
    reply *r = cls;
    size_t k = size * nmemb;
    if (r->n + k + 1 > 8u << 20) { /* a package is never 8 MB */
        r->too_big = true;
        return 0;
    }
    if (r->n + k + 1 > r->cap) {
        size_t c = r->cap ? r->cap : 16384;
        while (c < r->n + k + 1)
            c *= 2;
        char *t = realloc(r->p, c);
        if (!t)
            return 0;
        r->p = t;
        r->cap = c;
    }
    memcpy(r->p + r->n, data, k);
    r->n += k;
    r->p[r->n] = 0;
    return k;
}

static size_t on_header(char *data, size_t size, size_t nmemb, void *cls)
{
    reply *r = cls;
    size_t k = size * nmemb;
    if (k > 12 && !strncasecmp(data, "Retry-After:", 12)) {
        char *end;
        long v = strtol(data + 12, &end, 10);
        if (end != data + 12 && v >= 0)
            r->retry_after = v;
    }
    return k;
}

static double now_ms(void)
{
    return cli_now() * 1e3;
}

static void sleep_ms(double ms)
{
    if (ms <= 0)
        return;
    struct timespec ts = {(time_t)(ms / 1e3), (long)((ms - (double)(time_t)(ms / 1e3) * 1e3) * 1e6)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* The model's answer as a JSON object, from a chat completion response;
 * NULL with a reason when it is not one. */
static cJSON *answer_of(const char *body, char *why, size_t whylen)
{
    cJSON *r = cJSON_Parse(body);
    const cJSON *ch = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(r, "choices"), 0);
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(ch, "message");
    const cJSON *c = cJSON_GetObjectItemCaseSensitive(msg, "content");
    if (!cJSON_IsString(c)) {
        snprintf(why, whylen, "the server's reply is not a chat completion");
        cJSON_Delete(r);
        return NULL;
    }
    /* some servers fence JSON in Markdown even when asked not to */
    const char *s = c->valuestring;
    while (*s == ' ' || *s == '\n')
        s++;
    if (!strncmp(s, "```", 3)) {
        s = strchr(s, '\n');
        s = s ? s + 1 : "";
    }
    cJSON *a = cJSON_ParseWithOpts(s, NULL, 0);
    cJSON_Delete(r);
    if (!cJSON_IsObject(a)) {
        snprintf(why, whylen, "the model's answer is not the JSON object asked for");
        cJSON_Delete(a);
        return NULL;
    }
    return a;
}

int cli_llm_add(cd_run *run, const cd_opts *o, const cli_llm_opts *lo, double budget_ms,
                char *why, size_t whylen, int *nadded)
{
    *nadded = 0;
    why[0] = 0;
    if (!lo->endpoint || !lo->endpoint[0]) {
        snprintf(why, whylen, "no --endpoint given");
        return -1;
    }
    double t0 = now_ms();
    double total = lo->timeout_ms;
    if (budget_ms > 0 && budget_ms < total)
        total = budget_ms;
    char *user = user_prompt(run, o);
    char *body = user ? request_body(lo, user) : NULL;
    free(user);
    if (!body) {
        snprintf(why, whylen, "out of memory");
        return -1;
    }
    char url[2048];
    size_t el = strlen(lo->endpoint);
    while (el && lo->endpoint[el - 1] == '/')
        el--;
    snprintf(url, sizeof url, "%.*s/chat/completions", (int)el, lo->endpoint);
    struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/json");
    const char *key = lo->key_env ? getenv(lo->key_env) : NULL;
    if (key && *key) {
        size_t kl = strlen(key) + 32;
        char *auth = malloc(kl);
        if (auth) {
            snprintf(auth, kl, "Authorization: Bearer %s", key);
            hdr = curl_slist_append(hdr, auth);
            free(auth);
        }
    }
    CURL *h = curl_easy_init();
    cJSON *answer = NULL;
    unsigned seed = (unsigned)time(NULL) ^ (unsigned)getpid();
    for (int attempt = 0; h && attempt <= lo->retries; attempt++) {
        double left = total - (now_ms() - t0);
        if (left < 50) {
            snprintf(why, whylen, "no time left in the budget of %.0f ms", total);
            break;
        }
        reply rp = {.retry_after = -1};
        curl_easy_reset(h);
        curl_easy_setopt(h, CURLOPT_URL, url);
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_POST, 1L);
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
        curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                         (long)(lo->connect_ms < left ? lo->connect_ms : left));
        curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)left);
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
        curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, (long)lo->low_speed_secs);
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &rp);
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, &rp);
        CURLcode cc = curl_easy_perform(h);
        long status = 0;
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
        bool retry = false;
        if (cc != CURLE_OK) {
            snprintf(why, whylen, "%s%s", curl_easy_strerror(cc),
                     rp.too_big ? " (the reply passed 8 MB)" : "");
            retry = cc == CURLE_COULDNT_CONNECT || cc == CURLE_COULDNT_RESOLVE_HOST ||
                    cc == CURLE_SEND_ERROR || cc == CURLE_RECV_ERROR ||
                    cc == CURLE_GOT_NOTHING;
        } else if (status == 200) {
            answer = answer_of(rp.p ? rp.p : "", why, whylen);
        } else {
            snprintf(why, whylen, "the server answered HTTP %ld", status);
            retry = status == 408 || status == 429 || status >= 500;
        }
        free(rp.p);
        if (answer || !retry || attempt == lo->retries)
            break;
        /* jittered exponential backoff, or what Retry-After asks */
        double wait = 250.0 * (1 << attempt) * (0.5 + (double)rand_r(&seed) / RAND_MAX);
        if (rp.retry_after >= 0)
            wait = (double)rp.retry_after * 1e3;
        if (now_ms() - t0 + wait > total - 50) {
            snprintf(why + strlen(why), whylen - strlen(why),
                     "; no time left to retry within %.0f ms", total);
            break;
        }
        sleep_ms(wait);
    }
    curl_easy_cleanup(h);
    curl_slist_free_all(hdr);
    free(body);
    if (!answer) {
        if (!why[0])
            snprintf(why, whylen, "out of memory");
        return -1;
    }
    for (int k = 0; k < CD_KIND_COUNT; k++) {
        const cJSON *it;
        int taken = 0;
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(answer, list_key[k])) {
            if (!cJSON_IsString(it) || taken >= 20)
                continue;
            if (cd_add_candidate(run, (cd_kind)k, it->valuestring, "llm") == CD_OK) {
                taken++;
                (*nadded)++;
            }
        }
    }
    cJSON_Delete(answer);
    if (*nadded == 0) {
        snprintf(why, whylen, "the model's answer held no candidate");
        return -1;
    }
    return 0;
}

cd_status cli_run_engine(cd_run *run, const cd_opts *o, const char *input, size_t len,
                         const cli_engine *en, double budget_ms, char *warn, size_t warnlen,
                         bool *fell_back)
{
    warn[0] = 0;
    *fell_back = false;
    cd_status st = cd_extract(run, input, len);
    if (st == CD_OK)
        st = cd_analyze(run);
    if (st != CD_OK || en->kind == CLI_ENGINE_BUILTIN)
        return st == CD_OK ? cd_generate(run) : st;
    char why[300];
    int n = 0;
    if (cli_llm_add(run, o, &en->llm, budget_ms, why, sizeof why, &n) != 0) {
        snprintf(warn, warnlen, "language model: %s; the built-in engine wrote the package",
                 why);
        *fell_back = true;
    }
    return cd_generate(run);
}
