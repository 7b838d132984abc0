/* The smallest image: one line on stdout through newlib and semihosting,
 * one on stderr, a read of stdin (the suites give every run /dev/null, so
 * SYS_READ reports end of file), and a non-zero exit code that must pass
 * through. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    printf("hello from %s\n", "mps2");
    fprintf(stderr, "this line goes to stderr\n");
    int c = getchar();
    printf("stdin: %s\n", c == EOF && feof(stdin) ? "end of file" : "data");
    return 7;
}
