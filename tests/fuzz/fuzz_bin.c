/* libFuzzer target: the raw .bin path: an image placed at the boot address
 * of a board, the vector table read from it, the core reset from it and
 * run for a few thousand cycles (whatever the bytes decode to). */
#include <stdlib.h>
#include <string.h>

#include "emu/loader.h"
#include "emu/machine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct machine m;
    static int ready;
    char err[512];
    if (!ready && machine_init(&m, "mps2-an386", err, sizeof err))
        abort();
    ready = 1;
    if (size >= 4 && !memcmp(data, "\177ELF", 4))
        return 0; /* fuzz_elf's */
    struct firmware fw;
    if (firmware_load_mem("fuzz.bin", data, size, &fw, err, sizeof err))
        return 0;
    if (!firmware_place(&fw, &m.bus, m.board.boot_addr, err, sizeof err) && size >= 8) {
        machine_reset(&m);
        m.max_cycles = m.cpu.cycles + 4000;
        machine_run_for(&m, m.max_cycles);
    }
    firmware_free(&fw);
    return 0;
}
