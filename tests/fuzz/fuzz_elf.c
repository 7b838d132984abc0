/* libFuzzer target: the ELF loader (emu/loader.c) from bytes: header,
 * program headers, segments, symbols; an accepted image's symbols are
 * looked up, and a small one is placed into the memory of an MPS2 board
 * (placing is byte by byte through the debug path: fuzz_bin covers it, and
 * large images would only slow this target down). */
#include <stdlib.h>

#include "emu/loader.h"
#include "emu/machine.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct machine *board(void)
{
    static struct machine m;
    static int ready;
    char err[512];
    if (!ready && machine_init(&m, "mps2-an386", err, sizeof err))
        abort();
    ready = 1;
    return &m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct firmware fw;
    char err[512];
    if (firmware_load_mem("fuzz.elf", data, size, &fw, err, sizeof err))
        return 0;
    struct machine *m = board();
    uint64_t bytes = 0;
    for (size_t k = 0; k < fw.nsegs; k++)
        bytes += fw.segs[k].memsz;
    if (bytes <= 4096)
        firmware_place(&fw, &m->bus, m->board.boot_addr, err, sizeof err);
    for (size_t k = 0; k < fw.nsyms; k++) {
        firmware_symbol_at(&fw, fw.syms[k].addr);
        firmware_symbol_at(&fw, fw.syms[k].addr + fw.syms[k].size);
    }
    firmware_symbol_at(&fw, fw.entry);
    firmware_free(&fw);
    return 0;
}
