/* The out-of-memory policy (emu/xalloc.h): a request the host cannot
 * meet ends the process with status 70 and one line on stderr; a zero
 * size still gives a usable, distinct pointer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "emu/xalloc.h"

/* Runs fn in a child with stderr into a pipe; returns its exit status. */
static int child_status(void (*fn)(void), char *msg, size_t len)
{
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fd[1], 2);
        fn();
        _exit(0);
    }
    close(fd[1]);
    size_t got = 0; /* to the end: the child may write more than once */
    for (ssize_t n; got < len - 1 && (n = read(fd[0], msg + got, len - 1 - got)) > 0;)
        got += (size_t)n;
    msg[got] = 0;
    close(fd[0]);
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    return WEXITSTATUS(st);
}

#if defined(__SANITIZE_ADDRESS__)
/* ASan reports an impossible size itself unless its allocator returns
 * NULL as libc's does: this binary tests what ttemu does with that NULL.
 * Leak checking is off: the children exit(70) with their memory held, on
 * purpose (that is the policy). */
const char *__asan_default_options(void);
const char *__asan_default_options(void) { return "allocator_may_return_null=1:detect_leaks=0"; }
#endif

/* No 64-bit host maps 2^62 bytes (x86-64 user space is 2^47). */
static void huge_malloc(void) { (void)xmalloc((size_t)1 << 62); }
static void huge_calloc(void) { (void)xcalloc((size_t)1 << 40, (size_t)1 << 30); }
static void huge_realloc(void) { (void)xrealloc(xmalloc(16), (size_t)1 << 62); }

static void exits_70_with_one_line(void **st)
{
    (void)st;
    void (*fns[])(void) = { huge_malloc, huge_calloc, huge_realloc };
    for (size_t k = 0; k < 3; k++) {
        char msg[256];
        assert_int_equal(child_status(fns[k], msg, sizeof msg), 70);
        const char *line = msg;
#if defined(__SANITIZE_ADDRESS__)
        /* ASan warns on its own line before returning NULL: ttemu's is the last */
        for (const char *nl; (nl = strchr(line, '\n')) && nl[1];)
            line = nl + 1;
#endif
        assert_true(strncmp(line, "ttemu: out of memory", 20) == 0);
        assert_true(strchr(line, '\n') == line + strlen(line) - 1);
    }
}

static void zero_sizes_and_strdup(void **st)
{
    (void)st;
    void *a = xmalloc(0), *b = xcalloc(0, 8);
    assert_non_null(a);
    assert_non_null(b);
    assert_ptr_not_equal(a, b);
    char *s = xstrdup("phase");
    assert_string_equal(s, "phase");
    free(a);
    free(b);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exits_70_with_one_line),
        cmocka_unit_test(zero_sizes_and_strdup),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
