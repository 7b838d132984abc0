/* libFuzzer target: the trace reader (traces/trace.c) through the commands
 * that read traces: `trace show`, `trace export` (VCD, Perfetto JSON, CSV)
 * and `profile`, on the bytes written to a file in /dev/shm (the commands
 * take paths). Run with -close_fd_mask=3: the commands print a lot. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "emu/cli/cli.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64], in[96], vcd[96], json[96], csv[96];

static void paths(void)
{
    if (dir[0])
        return;
    snprintf(dir, sizeof dir, "/dev/shm/ttemu-fuzz-%ld", (long)getpid());
    snprintf(in, sizeof in, "%s.ttt", dir);
    snprintf(vcd, sizeof vcd, "%s.vcd", dir);
    snprintf(json, sizeof json, "%s.json", dir);
    snprintf(csv, sizeof csv, "%s.csv", dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    paths();
    FILE *f = fopen(in, "wb");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
    char *show[] = { "trace", "show", in, NULL };
    char *exp[] = { "trace", "export", in, "--vcd", vcd, "--perfetto", json, "--csv", csv, NULL };
    char *prof[] = { "profile", in, NULL };
    cmd_trace(3, show);
    cmd_trace(9, exp);
    cmd_profile(2, prof);
    return 0;
}
