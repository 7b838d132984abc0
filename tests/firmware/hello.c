/* The smallest image: one line on stdout through newlib and semihosting,
 * one on stderr, and a non-zero exit code that must pass through. */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    printf("hello from %s\n", "mps2");
    fprintf(stderr, "this line goes to stderr\n");
    return 7;
}
