/*
 * crash.c - a unit test binary that reports passes and then dies, for
 * tests/harness/run.sh only (never built into BUILD/tests/).
 *
 *   crash segv|abort|exit   print a passing summary, then crash that way
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    const char *how = argc > 1 ? argv[1] : "segv";
    printf("test_crash: 3 passed, 0 failed\n");
    fflush(stdout);
    if (strcmp(how, "abort") == 0)
        abort();
    if (strcmp(how, "exit") == 0)
        return 1;
    raise(SIGSEGV);
    return 0;
}
