/* libFuzzer target: the sweep spec reader (emu/cli/sweep_spec.c): the
 * bytes as a spec file in /dev/shm (the reader takes a path); an accepted
 * spec has its plan expanded (first and last job, their command lines). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "emu/cli/sweep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/dev/shm/ttemu-fuzz-%ld.yaml", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    fwrite(data, 1, size, f);
    fclose(f);
    struct sweep_spec s;
    char err[512], cmd[8192];
    if (sweep_spec_read(&s, path, err, sizeof err) == 0) {
        size_t n = sweep_job_count(&s);
        struct sweep_job j;
        for (size_t id = 1; n && id <= n; id = id == n ? n + 1 : n) {
            sweep_job_at(&s, id, &j);
            sweep_value(&s, &j, "board", NULL);
            sweep_job_command(&s, &j, "/usr/bin/ttemu", "/dev/shm/sweep", cmd, sizeof cmd);
        }
    }
    sweep_spec_free(&s);
    return 0;
}
