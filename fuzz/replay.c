/*
 * replay.c - run a fuzz target's entry point on files, without libFuzzer.
 *
 *   fuzz_TARGET FILE...
 *
 * Built with every build of the project (and so under ASan+UBSan by `make
 * asan`), it replays fuzz/regress/TARGET/: each input that once crashed,
 * leaked or hung a target stays a test.
 */
#include <stdio.h>
#include <stdlib.h>

#include "common.h"

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 2;
        }
        size_t cap = 1 << 16, n = 0, got;
        unsigned char *buf = malloc(cap);
        while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
            n += got;
            if (n == cap) {
                unsigned char *nb = realloc(buf, cap *= 2);
                if (!nb)
                    free(buf);
                buf = nb;
            }
        }
        fclose(f);
        if (!buf)
            return 2;
        LLVMFuzzerTestOneInput(buf, n);
        free(buf);
    }
    cd_model_free((cd_model *)fuzz_model());
    return 0;
}
