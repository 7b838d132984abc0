/* The firmware loader: a minimal ELF built here loads; every truncation and
 * thousands of seeded random mutations give a clean one-line error or a
 * valid image, never a crash (the SAN build checks memory safety too). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <elf.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "emu/bus.h"
#include "emu/loader.h"

static char PATH[64]; /* per process: parallel runs do not collide */

/* ELF32 ARM executable: header, one PT_LOAD of 16 bytes at 0x1000, a
 * 4-entry section header table (null, .text, .symtab, .strtab). */
static size_t make_elf(uint8_t *buf)
{
    memset(buf, 0, 512);
    Elf32_Ehdr *eh = (Elf32_Ehdr *)buf;
    memcpy(eh->e_ident, ELFMAG, SELFMAG);
    eh->e_ident[EI_CLASS] = ELFCLASS32;
    eh->e_ident[EI_DATA] = ELFDATA2LSB;
    eh->e_ident[EI_VERSION] = EV_CURRENT;
    eh->e_type = ET_EXEC;
    eh->e_machine = EM_ARM;
    eh->e_version = EV_CURRENT;
    eh->e_entry = 0x1009;
    eh->e_phoff = sizeof *eh;
    eh->e_ehsize = sizeof *eh;
    eh->e_phentsize = sizeof(Elf32_Phdr);
    eh->e_phnum = 1;
    Elf32_Phdr *ph = (Elf32_Phdr *)(buf + eh->e_phoff);
    ph->p_type = PT_LOAD;
    ph->p_offset = 0x80;
    ph->p_vaddr = ph->p_paddr = 0x1000;
    ph->p_filesz = 16;
    ph->p_memsz = 32;
    ph->p_flags = PF_R | PF_X;
    for (int k = 0; k < 16; k++)
        buf[0x80 + k] = (uint8_t)(0xa0 + k);
    /* .symtab with one function symbol "reset" at 0x1009 (Thumb) */
    Elf32_Sym *sym = (Elf32_Sym *)(buf + 0xa0);
    sym[1].st_name = 1;
    sym[1].st_value = 0x1009;
    sym[1].st_size = 8;
    sym[1].st_info = ELF32_ST_INFO(STB_GLOBAL, STT_FUNC);
    sym[1].st_shndx = 1;
    memcpy(buf + 0xc0, "\0reset\0", 7);
    memcpy(buf + 0xc8, "\0.text\0.symtab\0.strtab\0", 23);
    eh->e_shoff = 0x100;
    eh->e_shentsize = sizeof(Elf32_Shdr);
    eh->e_shnum = 5;
    eh->e_shstrndx = 4;
    Elf32_Shdr *sh = (Elf32_Shdr *)(buf + eh->e_shoff);
    sh[1] = (Elf32_Shdr){ .sh_name = 1, .sh_type = SHT_PROGBITS, .sh_addr = 0x1000, .sh_offset = 0x80, .sh_size = 16 };
    sh[2] = (Elf32_Shdr){ .sh_name = 7, .sh_type = SHT_SYMTAB, .sh_offset = 0xa0, .sh_size = 32,
                          .sh_link = 3, .sh_entsize = sizeof(Elf32_Sym) };
    sh[3] = (Elf32_Shdr){ .sh_name = 15, .sh_type = SHT_STRTAB, .sh_offset = 0xc0, .sh_size = 7 };
    sh[4] = (Elf32_Shdr){ .sh_name = 0, .sh_type = SHT_STRTAB, .sh_offset = 0xc8, .sh_size = 23 };
    return 0x100 + 5 * sizeof(Elf32_Shdr);
}

static void write_file(const uint8_t *buf, size_t len)
{
    FILE *f = fopen(PATH, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(buf, 1, len, f), len);
    fclose(f);
}

/* Load, then place into 64 KiB of RAM at 0: returns 0 or -1; an error is
 * one line naming the file. */
static struct bus bus; /* one for all rounds: its page tables are large */

static int setup(void **state)
{
    char err[128];
    (void)state;
    snprintf(PATH, sizeof PATH, "/tmp/ttemu-loader-test-%d.elf", (int)getpid());
    if (bus_init(&bus) || bus_add_memory(&bus, "ram", 0, 0x10000, REGION_RAM, err, sizeof err) < 0)
        return -1;
    return 0;
}

static int load_and_place(void)
{
    struct firmware fw;
    char err[512];
    int rc = firmware_load(PATH, &fw, err, sizeof err);
    if (rc == 0) {
        rc = firmware_place(&fw, &bus, 0, err, sizeof err);
        firmware_free(&fw);
    }
    if (rc != 0) {
        assert_non_null(strstr(err, PATH));
        assert_null(strchr(err, '\n'));
    }
    return rc;
}

static void valid_elf_loads(void **state)
{
    (void)state;
    uint8_t buf[512];
    write_file(buf, make_elf(buf));
    struct firmware fw;
    char err[256];
    assert_int_equal(firmware_load(PATH, &fw, err, sizeof err), 0);
    assert_true(fw.is_elf);
    assert_int_equal(fw.nsegs, 1);
    assert_int_equal(fw.segs[0].paddr, 0x1000);
    assert_int_equal(fw.segs[0].memsz, 32);
    const struct fw_symbol *s = firmware_symbol_at(&fw, 0x100c);
    assert_non_null(s);
    assert_string_equal(s->name, "reset");
    assert_int_equal(s->addr, 0x1008); /* Thumb bit cleared */
    firmware_free(&fw);
    assert_int_equal(load_and_place(), 0);
}

static void every_truncation_fails_cleanly(void **state)
{
    (void)state;
    uint8_t buf[512];
    make_elf(buf);
    /* Shorter than the 4-byte magic is a raw binary, not a broken ELF. */
    for (size_t n = 4; n < 0x90; n++) { /* up to the end of the segment's bytes */
        write_file(buf, n);
        assert_int_equal(load_and_place(), FW_EFORMAT); /* malformed, not "cannot open" */
    }
}

/* xorshift32: deterministic mutations, reproducible from the seed. */
static uint32_t next(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void random_mutations_never_crash(void **state)
{
    (void)state;
    uint8_t good[512], buf[512];
    size_t len = make_elf(good);
    uint32_t seed = 12345;
    unsigned ok = 0, failed = 0;
    for (int round = 0; round < 5000; round++) {
        memcpy(buf, good, len);
        unsigned flips = 1 + next(&seed) % 8;
        for (unsigned k = 0; k < flips; k++)
            buf[next(&seed) % len] = (uint8_t)next(&seed);
        write_file(buf, len - (next(&seed) % 4 == 0 ? next(&seed) % len : 0));
        if (load_and_place() == 0) ok++; else failed++;
    }
    assert_true(failed > 0 && ok > 0); /* both outcomes were exercised */
}

static void missing_file_is_enoent(void **state)
{
    (void)state;
    struct firmware fw;
    char err[256];
    assert_int_equal(firmware_load("/nonexistent/fw.elf", &fw, err, sizeof err), FW_ENOENT);
    assert_non_null(strstr(err, "cannot open"));
}

static void raw_bin_placement(void **state)
{
    (void)state;
    uint8_t buf[0x20000];
    memset(buf, 0x5a, sizeof buf);
    write_file(buf, 16);
    assert_int_equal(load_and_place(), 0);
    write_file(buf, sizeof buf); /* 128 KiB into 64 KiB of RAM */
    assert_int_equal(load_and_place(), FW_EFORMAT);
}

static int cleanup(void **state)
{
    (void)state;
    unlink(PATH);
    bus_free(&bus);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(valid_elf_loads),
        cmocka_unit_test(every_truncation_fails_cleanly),
        cmocka_unit_test(random_mutations_never_crash),
        cmocka_unit_test(raw_bin_placement),
        cmocka_unit_test(missing_file_is_enoent),
    };
    return cmocka_run_group_tests(tests, setup, cleanup);
}
