/* Reads stdin through newlib and SYS_READ. The suites run every image with
 * stdin from /dev/null, so the read must report end of file on QEMU and on
 * ttemu alike (run by hand, it waits for a line of input). */
#include <stdio.h>
#include <string.h>
#include "fwtest.h"

int main(void)
{
    char line[64];
    int c = getchar();
    printf("getchar: %s, feof=%d\n", c == EOF ? "EOF" : "data", feof(stdin) != 0);
    clearerr(stdin);
    char *r = fgets(line, sizeof line, stdin);
    printf("fgets: %s\n", r ? "data" : "NULL");
    FW_CHECK(c == EOF && r == NULL);
    fw_finish("stdin_eof", 19);
}
