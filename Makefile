# copydesk - a news copy desk's packaging work, in C.
#
#   make deps    install missing Debian packages (apt-get)
#   make demo    deps, build, and print the package for the bundled article
#   make check   every test: unit, golden, CLI, and the same under ASan+UBSan
#   make valgrind  every test with each program under valgrind's memcheck
#   make eval    score against ../shared/data (skips when it is absent)
#   make bench   speed and memory on the development sets
#   make loadtest  requests per second and latency of `copydesk serve` (wrk)

CC      ?= cc
MAKEFLAGS += --no-print-directory
CFLAGS  ?= -O2 -g
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wno-unused-parameter
XML_CFLAGS := $(shell pkg-config --cflags libxml-2.0 2>/dev/null || echo -I/usr/include/libxml2)
CPPFLAGS += -std=c11 -D_POSIX_C_SOURCE=200809L -Iinclude -Isrc $(XML_CFLAGS) \
            -DCD_DATADIR='"$(DATADIR)"'
LDLIBS  := -lstemmer -lxml2 -lcjson -lm -lpthread
CLI_LIBS := -lmicrohttpd -lcurl -lz

PREFIX  ?= /usr/local
# In-tree builds read the model from ./data; `make install` uses the
# installed copy.
DATADIR ?= $(CURDIR)/data
SHARED  ?= ../shared

BUILD   ?= build
FUZZ_TARGETS := text html json check pipeline extract
LIB_SRC := $(wildcard src/*.c)
CLI_SRC := $(wildcard cli/*.c)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o)
CLI_OBJ := $(CLI_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

DEB_PKGS := gcc clang make pkg-config libstemmer-dev libcjson-dev libxml2-dev zlib1g-dev wordnet-base \
            libmicrohttpd-dev libcurl4-openssl-dev curl libclang-rt-14-dev python3 python3-nltk parallel time

.PHONY: all deps demo test check check-clang asan tsan eval test-extract test-corpus bench loadtest fuzz fuzz-build valgrind clean install model widths frames ranker measure parser \
        check-header

all: copydesk

$(BUILD)/%.o: %.c $(wildcard include/*.h src/*.h src/*.inc cli/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -c $< -o $@

$(BUILD)/libcopydesk.a: $(LIB_OBJ)
	ar rcs $@ $^

$(BUILD)/copydesk: $(CLI_OBJ) $(BUILD)/web_assets.o $(BUILD)/libcopydesk.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(CLI_LIBS) $(LDLIBS)

# The editor's page of `copydesk serve`, built into the binary.
WEB_FILES := web/index.html web/app.js web/app.css
$(BUILD)/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -O2 $(WARN) -o $@ $<

$(BUILD)/web_assets.c: $(BUILD)/embed $(WEB_FILES)
	$(BUILD)/embed $@ / "text/html; charset=utf-8" web/index.html \
	  /app.js "text/javascript; charset=utf-8" web/app.js \
	  /app.css "text/css; charset=utf-8" web/app.css

$(BUILD)/web_assets.o: $(BUILD)/web_assets.c cli/web_assets.h
	$(CC) $(CPPFLAGS) -Icli $(CFLAGS) $(WARN) -c $< -o $@

copydesk: build/copydesk
	cp build/copydesk $@

$(BUILD)/tests/%: tests/unit/%.c tests/unit/harness.h $(BUILD)/libcopydesk.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(LDFLAGS) -o $@ $< $(BUILD)/libcopydesk.a $(LDLIBS)

# The allocation-failure test routes the library's allocations through
# its own wrappers.
OOM_WRAP := -Wl,--wrap=malloc,--wrap=calloc,--wrap=realloc,--wrap=free,--wrap=strdup,--wrap=posix_memalign
$(BUILD)/tests/test_oom: tests/unit/test_oom.c $(BUILD)/libcopydesk.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(LDFLAGS) $(OOM_WRAP) -o $@ $< $(BUILD)/libcopydesk.a $(LDLIBS)

deps:
	@missing=""; for p in $(DEB_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" \
	    || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    --no-install-recommends $$missing >/dev/null || exit 1; \
	else echo "deps: all Debian packages present"; fi

demo: deps
	$(MAKE) copydesk
	./copydesk examples/seed-article.txt

# The fuzz targets' entry points as plain programs, for fuzz/regress/.
FUZZ_REPLAY := $(FUZZ_TARGETS:%=$(BUILD)/replay/fuzz_%)
$(BUILD)/replay/fuzz_%: fuzz/fuzz_%.c fuzz/replay.c fuzz/common.h $(BUILD)/libcopydesk.a
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Ifuzz $(CFLAGS) $(WARN) $(LDFLAGS) -o $@ $< fuzz/replay.c \
	  $(BUILD)/libcopydesk.a $(LDLIBS)

# The whole suite against the binaries in $(BUILD).
test: $(BUILD)/copydesk $(UNIT_BIN) $(FUZZ_REPLAY) $(BUILD)/measure_parser $(BUILD)/train_parser
	@sh tests/run_all.sh $(BUILD) $(SHARED)

check-header:
	@mkdir -p build
	@echo '#include "copydesk.h"' > build/header_test.c
	@echo 'int main(void) { return cd_version() == 0; }' >> build/header_test.c
	$(CC) -std=c11 -Wall -Wextra -Werror -pedantic -Iinclude -c build/header_test.c -o build/header_test.o

# Everything once normally, then again under AddressSanitizer and UBSan
# (and the batch and serve suites under ThreadSanitizer), each fuzz target
# for a minute,
# and the library and unit tests built by clang with warnings as errors.
check: deps check-header
	$(MAKE) test
	$(MAKE) check-clang
	$(MAKE) asan
	$(MAKE) tsan
	$(MAKE) fuzz FUZZ_SECONDS=$(CHECK_FUZZ_SECONDS)

check-clang:
	@if command -v clang >/dev/null 2>&1; then \
	  $(MAKE) BUILD=build/clang CC=clang CFLAGS="-O2 -Werror" build/clang/copydesk \
	    $(UNIT_SRC:tests/unit/%.c=build/clang/tests/%) && \
	  for t in build/clang/tests/test_*; do $$t || exit 1; done; \
	else echo "check-clang: skipped: clang not installed"; fi

ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=undefined
asan:
	$(MAKE) BUILD=build/asan CFLAGS="$(ASAN_FLAGS) -DCD_ARENA_DEBUG" \
	  LDFLAGS="-fsanitize=address,undefined" test

# Every suite with each program under valgrind's memcheck: built plainly
# in build/valgrind-bin, run through wrappers in build/valgrind (the
# suites shrink their largest inputs for a path holding "valgrind").
VALGRIND := valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite
valgrind:
	$(MAKE) BUILD=build/valgrind-bin CFLAGS="-O1 -g" build/valgrind-bin/copydesk \
	  $(UNIT_BIN:$(BUILD)/%=build/valgrind-bin/%) $(FUZZ_REPLAY:$(BUILD)/%=build/valgrind-bin/%)
	@rm -rf build/valgrind; mkdir -p build/valgrind/tests build/valgrind/replay
	@cd build/valgrind-bin && for f in copydesk tests/test_* replay/fuzz_*; do \
	  printf '#!/bin/sh\nexec $(VALGRIND) "%s" "$$@"\n' "$(CURDIR)/build/valgrind-bin/$$f" \
	    > "$(CURDIR)/build/valgrind/$$f"; chmod +x "$(CURDIR)/build/valgrind/$$f"; done
	@sh tests/run_all.sh build/valgrind $(SHARED)

# ThreadSanitizer over the batch, serve and llm suites, the multi-threaded paths.
tsan:
	$(MAKE) BUILD=build/tsan CFLAGS="-O1 -g -fsanitize=thread" \
	  LDFLAGS="-fsanitize=thread" build/tsan/copydesk
	@TSAN_OPTIONS=halt_on_error=1 sh tests/run_all.sh build/tsan $(SHARED) batch serve llm

# libFuzzer targets (fuzz/): the library built by clang with ASan, UBSan
# and coverage, one binary per way in.  `make fuzz FUZZ_SECONDS=N` runs
# each for N seconds and prints runs, corpus size and coverage.
FUZZ_SECONDS ?= 60
CHECK_FUZZ_SECONDS ?= 60
FUZZ_CFLAGS := -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined \
               -fno-sanitize-recover=undefined
fuzz-build:
	$(MAKE) BUILD=build/fuzz CC=clang CFLAGS="$(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link" \
	  build/fuzz/libcopydesk.a
	@for t in $(FUZZ_TARGETS); do \
	  clang $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(WARN) -Ifuzz \
	    -o build/fuzz/fuzz_$$t fuzz/fuzz_$$t.c build/fuzz/libcopydesk.a $(LDLIBS) || exit 1; \
	done

fuzz: fuzz-build
	@sh fuzz/run.sh build/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# Readability's 130 test pages: per-page and total scores (needs ../shared).
test-extract: $(BUILD)/copydesk
	@SHARED=$(SHARED) sh tests/extract/run.sh $(BUILD)/copydesk -v

# The check corpus: false alarms and misses per rule.
test-corpus: $(BUILD)/tests/test_corpus
	@./$(BUILD)/tests/test_corpus

eval: copydesk
	@if [ -d $(SHARED)/data ]; then \
	  ./copydesk eval $(SHARED)/data/bbc-dev.jsonl $(SHARED)/data/readability-dev.jsonl \
	    $$(ls $(SHARED)/data/web-dev.jsonl 2>/dev/null); \
	else echo "eval: skipped: $(SHARED)/data not found (evaluation data is not part of the project)"; fi

bench: copydesk $(BUILD)/measure_parser
	@sh tools/bench.sh ./copydesk $(SHARED)

# wrk against `copydesk serve`: 60 s, 32 connections, the seed article.
LOADTEST_SECONDS ?= 60
LOADTEST_CONNECTIONS ?= 32
loadtest: copydesk
	@$(MAKE) deps DEB_PKGS=wrk
	@sh tools/loadtest.sh ./copydesk $(LOADTEST_SECONDS) $(LOADTEST_CONNECTIONS)

# Rebuild the tagger model from the UD English treebanks (needs ../shared).
model: build/train_tagger
	./build/train_tagger -i 6 -e $(SHARED)/data/ud-english/en_ewt-test.conllu \
	  data/tagger.bin $(SHARED)/data/ud-english/en_ewt-train.conllu \
	  $(SHARED)/data/ud-english/en_gum_ccby-train.conllu

TRAIN_SRC := src/tagger.c src/analyze_lemma.c src/arena.c src/utf8.c
build/train_tagger: tools/train_tagger.c $(TRAIN_SRC) src/internal.h
	@mkdir -p build
	$(CC) $(CPPFLAGS) -O2 $(WARN) -o $@ tools/train_tagger.c $(TRAIN_SRC)

# Train the dependency parser from the UD English treebanks (needs
# ../shared); writes data/parser.bin.
PARSER_TRAIN := $(SHARED)/data/ud-english/en_ewt-train.conllu \
                $(SHARED)/data/ud-english/en_gum_ccby-train.conllu
$(BUILD)/train_parser: tools/train_parser.c tools/conllu.c tools/conllu.h $(BUILD)/libcopydesk.a
	$(CC) $(CPPFLAGS) -Itools $(CFLAGS) $(WARN) $(LDFLAGS) -o $@ tools/train_parser.c tools/conllu.c \
	  $(BUILD)/libcopydesk.a $(LDLIBS)

parser: $(BUILD)/train_parser
	./$(BUILD)/train_parser -i 12 -e $(SHARED)/data/ud-english/en_ewt-dev.conllu \
	  data/parser.bin $(PARSER_TRAIN)

# Relearn the keep model and headline ranking weights from the development
# sets (needs ../shared); writes data/ranker.txt: first the keep model and
# the text weights from bbc-dev, then the weights for pages from all three
# sets, web-dev's pages counting 8 times a text row (train_ranker.c).
$(BUILD)/train_ranker: tools/train_ranker.c $(BUILD)/libcopydesk.a
	$(CC) $(CPPFLAGS) -O2 $(WARN) -o $@ $< $(BUILD)/libcopydesk.a $(CLI_LIBS) $(LDLIBS)

ranker: $(BUILD)/train_ranker
	./$(BUILD)/train_ranker -cv data/ranker.txt $(SHARED)/data/bbc-dev.jsonl
	./$(BUILD)/train_ranker -cv -page 8 data/ranker.txt $(SHARED)/data/bbc-dev.jsonl \
	  $(SHARED)/data/readability-dev.jsonl $(SHARED)/data/web-dev.jsonl

# How often the clause finder gets the treebank's main verb (needs ../shared).
$(BUILD)/measure_clause: tools/measure_clause.c $(BUILD)/libcopydesk.a
	$(CC) $(CPPFLAGS) -O2 $(WARN) -o $@ $< $(BUILD)/libcopydesk.a $(LDLIBS)

# The parser against the treebanks: UAS, LAS, relations, root, speed.
$(BUILD)/measure_parser: tools/measure_parser.c tools/conllu.c tools/conllu.h $(BUILD)/libcopydesk.a
	$(CC) $(CPPFLAGS) -Itools $(CFLAGS) $(WARN) $(LDFLAGS) -o $@ tools/measure_parser.c tools/conllu.c \
	  $(BUILD)/libcopydesk.a $(LDLIBS)

# How copydesk's tokens and sentences differ from the treebanks'.
$(BUILD)/measure_tokens: tools/measure_tokens.c $(BUILD)/libcopydesk.a
	$(CC) $(CPPFLAGS) -O2 $(WARN) -o $@ $< $(BUILD)/libcopydesk.a $(LDLIBS)

measure: $(BUILD)/measure_clause $(BUILD)/measure_parser $(BUILD)/measure_tokens
	./$(BUILD)/measure_parser $(SHARED)/data/ud-english/en_ewt-test.conllu \
	  $(SHARED)/data/ud-english/en_gum_ccby-test.conllu
	./$(BUILD)/measure_clause $(SHARED)/data/ud-english/en_ewt-test.conllu \
	  $(SHARED)/data/ud-english/en_gum_ccby-test.conllu
	./$(BUILD)/measure_tokens $(SHARED)/data/ud-english/en_ewt-test.conllu \
	  $(SHARED)/data/ud-english/en_gum_ccby-test.conllu

# Regenerate the font metrics table (needs libfreetype-dev, fonts-liberation2).
widths:
	$(CC) -O2 tools/gen_widths.c $$(pkg-config --cflags --libs freetype2) -o build/gen_widths
	./build/gen_widths /usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf > src/font_widths.inc

# Regenerate the verb frame table the compression gate reads (needs
# ../shared): how often each verb stands with nothing after it.
$(BUILD)/gen_frames: tools/gen_frames.c tools/conllu.c tools/conllu.h $(BUILD)/libcopydesk.a
	$(CC) $(CPPFLAGS) -Itools $(CFLAGS) $(WARN) $(LDFLAGS) -o $@ tools/gen_frames.c tools/conllu.c \
	  $(BUILD)/libcopydesk.a $(LDLIBS)

frames: $(BUILD)/gen_frames
	./$(BUILD)/gen_frames $(SHARED)/data/ud-english/en_ewt-train.conllu \
	  $(SHARED)/data/ud-english/en_gum_ccby-train.conllu > src/verb_frames.inc

install: copydesk
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/share/copydesk
	$(MAKE) clean
	$(MAKE) DATADIR=$(PREFIX)/share/copydesk copydesk
	install -m 755 copydesk $(DESTDIR)$(PREFIX)/bin/
	install -m 644 build/libcopydesk.a $(DESTDIR)$(PREFIX)/lib/
	install -m 644 include/copydesk.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 data/tagger.bin data/parser.bin data/ranker.txt $(DESTDIR)$(PREFIX)/share/copydesk/

clean:
	rm -rf build copydesk
