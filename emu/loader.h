/* Firmware images: ELF (via libelf: PT_LOAD segments at their physical
 * addresses, entry point, symbols) or a raw .bin placed at the board's boot
 * address. Parsing and placing are separate so errors name the file before
 * anything touches the machine. */
#ifndef TTEMU_EMU_LOADER_H
#define TTEMU_EMU_LOADER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct bus;

struct fw_segment {
    uint32_t paddr, memsz, filesz;
    const uint8_t *data; /* points into the image */
};

struct fw_symbol {
    uint32_t addr, size; /* addr with the Thumb bit cleared */
    bool is_func;
    const char *name;
};

struct firmware {
    char *path;
    bool is_elf;
    uint32_t entry;          /* ELF e_entry (informational: reset uses the vector table) */
    uint8_t *image;          /* the whole file */
    size_t image_len;
    uint64_t hash;           /* FNV-1a 64 of the file, to tie traces to their image */
    struct fw_segment *segs;
    size_t nsegs;
    struct fw_symbol *syms;  /* sorted by address */
    size_t nsyms;
    char *strtab;            /* owns the symbol names */
    uint32_t image_end;      /* highest address any segment covers */
};

/* What went wrong, for the command to choose its exit status without
 * reading the message. The values agree with enum board_status
 * (emu/board/board.h), so machine_init and machine_load return either. */
enum fw_status {
    FW_OK = 0,
    FW_ENOENT = 1,   /* the file cannot be opened */
    FW_EFORMAT = 2,  /* not an image ttemu can load, or it does not fit the board */
    FW_ENOMEM = 3,   /* out of memory */
};

/* Reads and checks the file. On error returns its enum fw_status with a
 * one-line message naming the file, the offset or segment, and what was
 * expected. */
int firmware_load(const char *path, struct firmware *fw, char *err, size_t errlen);
/* The same from bytes in memory (copied); name stands for the path in
 * messages. The fuzzers use it. */
int firmware_load_mem(const char *name, const void *data, size_t len, struct firmware *fw, char *err,
                      size_t errlen);
/* Copies the image into memory (a .bin at bin_base); every byte must land
 * in RAM or ROM. Returns 0 or FW_EFORMAT. */
int firmware_place(const struct firmware *fw, struct bus *b, uint32_t bin_base,
                   char *err, size_t errlen);
void firmware_free(struct firmware *fw);
/* The function (or object) symbol containing addr, or NULL. */
const struct fw_symbol *firmware_symbol_at(const struct firmware *fw, uint32_t addr);

#endif
