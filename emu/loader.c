/* ELF and raw binary loading (see loader.h). */
#include "emu/loader.h"

#include <errno.h>
#include <gelf.h>
#include <libelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "emu/bus.h"
#include "models/runtime/tt_checked.h"
#include "emu/xalloc.h"

/* The largest image we read: far above any board's memory, far below what
 * would take a while to read. */
#define FW_MAX_BYTES (256u << 20)

static int read_file(const char *path, struct firmware *fw, char *err, size_t errlen)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
        return FW_ENOENT;
    }
    /* A device or pipe has no size to check up front (/dev/zero never
     * ends): only regular files are firmware. */
    struct stat st;
    const char *why = NULL;
    if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode))
        why = "not a regular file: expected an ELF or raw .bin image";
    else if ((uint64_t)st.st_size > FW_MAX_BYTES)
        why = "larger than 256 MiB: expected an ELF or raw .bin image that fits a board";
    size_t len = why ? 0 : (size_t)st.st_size;
    uint8_t *buf = why ? NULL : xmalloc(len); /* at most FW_MAX_BYTES */
    int rc = FW_EFORMAT;
    if (!why && (fread(buf, 1, len, f) != len || fgetc(f) != EOF || ferror(f)))
        why = "cannot read it whole (did it change while being read?)";
    fclose(f);
    if (why) {
        free(buf);
        snprintf(err, errlen, "%s: %s", path, why);
        return rc;
    }
    fw->image = buf;
    fw->image_len = len;
    return 0;
}

/* Not instrumented for coverage: a fuzz target would otherwise spend most
 * of each execution in a comparison callback per byte of the image. */
#if defined(__clang__)
__attribute__((no_sanitize("coverage"), noinline))
#endif
static uint64_t fnv1a64(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t k = 0; k < n; k++)
        h = (h ^ p[k]) * 0x100000001b3ull;
    return h;
}

static int cmp_sym(const void *a, const void *b)
{
    const struct fw_symbol *x = a, *y = b;
    if (x->addr != y->addr)
        return x->addr < y->addr ? -1 : 1;
    return (int)y->is_func - (int)x->is_func;
}

/* Function and object symbols from .symtab; names copied so the ELF
 * handle can be released. Missing .symtab is fine (stripped image). */
static void load_symbols(Elf *e, struct firmware *fw)
{
    Elf_Scn *scn = NULL;
    GElf_Shdr sh;
    while ((scn = elf_nextscn(e, scn)))
        if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_SYMTAB)
            break;
    Elf_Data *d = scn ? elf_getdata(scn, NULL) : NULL;
    if (!d || sh.sh_entsize == 0)
        return;
    size_t n = d->d_size / sh.sh_entsize, names = 0; /* what libelf read, not what the header claims */
    size_t names_cap = 4096;
    fw->syms = xcalloc(n, sizeof *fw->syms);
    size_t *offs = xcalloc(n, sizeof *offs);
    fw->strtab = xmalloc(names_cap);
    for (size_t k = 0; k < n; k++) {
        GElf_Sym s;
        if (!gelf_getsym(d, (int)k, &s))
            continue;
        int type = GELF_ST_TYPE(s.st_info);
        const char *name = elf_strptr(e, sh.sh_link, s.st_name);
        if ((type != STT_FUNC && type != STT_OBJECT) || !name || !*name || s.st_shndx == SHN_UNDEF)
            continue;
        size_t len = strlen(name) + 1, total;
        if (!tt_add_size(names, len, &total))
            break;
        if (total > names_cap) { /* doubling: a realloc per name is quadratic */
            while (names_cap < total && tt_mul_size(names_cap, 2, &names_cap))
                ;
            if (names_cap < total) /* the doubling overflowed */
                break;
            fw->strtab = xrealloc(fw->strtab, names_cap);
        }
        memcpy(fw->strtab + names, name, len);
        offs[fw->nsyms] = names;
        names += len;
        fw->syms[fw->nsyms++] = (struct fw_symbol){
            .addr = (uint32_t)s.st_value & (type == STT_FUNC ? ~1u : ~0u),
            .size = (uint32_t)s.st_size, .is_func = type == STT_FUNC };
    }
    for (size_t k = 0; k < fw->nsyms; k++)
        fw->syms[k].name = fw->strtab + offs[k];
    free(offs);
    qsort(fw->syms, fw->nsyms, sizeof *fw->syms, cmp_sym);
}

static int elf_fail(Elf *e, const char *path, char *err, size_t errlen, const char *what)
{
    snprintf(err, errlen, "%s: %s", path, what);
    if (e)
        elf_end(e);
    return -1;
}

static int parse_segments(Elf *e, struct firmware *fw, char *err, size_t errlen)
{
    size_t nph;
    if (elf_getphdrnum(e, &nph))
        return elf_fail(NULL, fw->path, err, errlen, "unreadable program header table");
    if (nph > fw->image_len / sizeof(Elf32_Phdr)) /* a count the file cannot hold */
        return elf_fail(NULL, fw->path, err, errlen, "a program header table larger than the file");
    fw->segs = xcalloc(nph, sizeof *fw->segs);
    for (size_t k = 0; k < nph; k++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(e, (int)k, &ph)) {
            snprintf(err, errlen, "%s: program header %zu: unreadable", fw->path, k);
            return -1;
        }
        if (ph.p_type != PT_LOAD || ph.p_memsz == 0)
            continue;
        const char *why = NULL;
        uint64_t seg_end;
        if (ph.p_filesz > ph.p_memsz)
            why = "expected its file size (p_filesz) no larger than its memory size (p_memsz)";
        else if (!tt_span_ok(ph.p_offset, ph.p_filesz, fw->image_len))
            why = "expected its bytes inside the file";
        else if (!tt_add_u64(ph.p_paddr, ph.p_memsz, &seg_end) || seg_end > (1ull << 32))
            why = "expected it inside the 32-bit address space";
        if (why) {
            snprintf(err, errlen, "%s: segment %zu (offset 0x%llx, %llu file bytes, %llu memory bytes at "
                     "0x%08llx): %s", fw->path, k, (unsigned long long)ph.p_offset,
                     (unsigned long long)ph.p_filesz, (unsigned long long)ph.p_memsz,
                     (unsigned long long)ph.p_paddr, why);
            return -1;
        }
        fw->segs[fw->nsegs++] = (struct fw_segment){
            (uint32_t)ph.p_paddr, (uint32_t)ph.p_memsz, (uint32_t)ph.p_filesz,
            fw->image + ph.p_offset };
        if (ph.p_paddr + ph.p_memsz > fw->image_end)
            fw->image_end = (uint32_t)(ph.p_paddr + ph.p_memsz - 1);
    }
    if (fw->nsegs == 0)
        return elf_fail(NULL, fw->path, err, errlen, "no loadable (PT_LOAD) segment");
    return 0;
}

static int load_elf(struct firmware *fw, char *err, size_t errlen)
{
    elf_version(EV_CURRENT);
    Elf *e = elf_memory((char *)fw->image, fw->image_len);
    if (!e || elf_kind(e) != ELF_K_ELF)
        return elf_fail(e, fw->path, err, errlen, "not a readable ELF file");
    GElf_Ehdr eh;
    if (!gelf_getehdr(e, &eh))
        return elf_fail(e, fw->path, err, errlen, "ELF header truncated or corrupt");
    if (eh.e_ident[EI_CLASS] != ELFCLASS32)
        return elf_fail(e, fw->path, err, errlen, "ELF class: expected 32-bit (ELFCLASS32)");
    if (eh.e_ident[EI_DATA] != ELFDATA2LSB)
        return elf_fail(e, fw->path, err, errlen, "ELF data: expected little-endian");
    if (eh.e_machine != EM_ARM) {
        snprintf(err, errlen, "%s: ELF machine %u: expected ARM (%u)", fw->path, eh.e_machine, EM_ARM);
        elf_end(e);
        return -1;
    }
    if (eh.e_type != ET_EXEC)
        return elf_fail(e, fw->path, err, errlen, "ELF type: expected an executable (ET_EXEC), not an object or shared library");
    fw->entry = (uint32_t)eh.e_entry;
    int rc = parse_segments(e, fw, err, errlen);
    if (rc) {
        elf_end(e);
        return rc;
    }
    load_symbols(e, fw);
    elf_end(e);
    return 0;
}

/* Parses fw->image (already read or copied in). */
static int parse_image(struct firmware *fw, char *err, size_t errlen)
{
    fw->hash = fnv1a64(fw->image, fw->image_len);
    if (fw->image_len == 0) {
        snprintf(err, errlen, "%s: empty file: expected an ELF or a raw binary image", fw->path);
        return -1;
    }
    fw->is_elf = fw->image_len >= 4 && !memcmp(fw->image, "\177ELF", 4);
    if (fw->is_elf)
        return load_elf(fw, err, errlen);
    if (fw->image_len > 0xffffffffu) {
        snprintf(err, errlen, "%s: raw image larger than 4 GiB", fw->path);
        return FW_EFORMAT;
    }
    return 0;
}

int firmware_load(const char *path, struct firmware *fw, char *err, size_t errlen)
{
    memset(fw, 0, sizeof *fw);
    fw->path = xstrdup(path);
    int rc = read_file(path, fw, err, errlen);
    if (!rc && (rc = parse_image(fw, err, errlen)) < 0)
        rc = FW_EFORMAT;
    if (rc)
        firmware_free(fw);
    return rc;
}

int firmware_load_mem(const char *name, const void *data, size_t len, struct firmware *fw, char *err,
                      size_t errlen)
{
    memset(fw, 0, sizeof *fw);
    fw->path = xstrdup(name);
    if (len > FW_MAX_BYTES) {
        snprintf(err, errlen, "%s: larger than 256 MiB: expected an image that fits a board", name);
        firmware_free(fw);
        return FW_EFORMAT;
    }
    fw->image = xmalloc(len);
    memcpy(fw->image, data, len);
    fw->image_len = len;
    int rc = parse_image(fw, err, errlen);
    if (rc) {
        firmware_free(fw);
        return rc < 0 ? FW_EFORMAT : rc;
    }
    return 0;
}

int firmware_place(const struct firmware *fw, struct bus *b, uint32_t bin_base,
                   char *err, size_t errlen)
{
    struct fw_segment raw = { bin_base, (uint32_t)fw->image_len, (uint32_t)fw->image_len, fw->image };
    const struct fw_segment *segs = fw->is_elf ? fw->segs : &raw;
    size_t n = fw->is_elf ? fw->nsegs : 1;
    for (size_t k = 0; k < n; k++) {
        const struct fw_segment *s = &segs[k];
        if ((uint64_t)s->paddr + s->memsz > (1ull << 32) || !bus_is_memory(b, s->paddr, s->memsz)) {
            snprintf(err, errlen, "%s: %s%zu at 0x%08x..0x%08llx: expected it inside the board's "
                     "RAM or ROM (see 'ttemu boards show')", fw->path, fw->is_elf ? "segment " : "image ",
                     k, s->paddr, (unsigned long long)s->paddr + s->memsz - 1);
            return FW_EFORMAT;
        }
        bus_debug_write(b, s->paddr, s->data, s->filesz);
        for (uint32_t z = s->filesz; z < s->memsz; z++)
            bus_debug_write(b, s->paddr + z, "", 1);
    }
    return 0;
}

void firmware_free(struct firmware *fw)
{
    free(fw->path);
    free(fw->image);
    free(fw->segs);
    free(fw->syms);
    free(fw->strtab);
    memset(fw, 0, sizeof *fw);
}

const struct fw_symbol *firmware_symbol_at(const struct firmware *fw, uint32_t addr)
{
    size_t lo = 0, hi = fw->nsyms;
    while (lo < hi) { /* last symbol with sym.addr <= addr */
        size_t mid = (lo + hi) / 2;
        if (fw->syms[mid].addr <= addr)
            lo = mid + 1;
        else
            hi = mid;
    }
    /* A symbol without a size (hand-written assembly such as newlib's
     * memchr) covers up to the next symbol: it counts only when it is the
     * nearest one at or below addr. */
    for (size_t k = lo; k-- > 0;) {
        const struct fw_symbol *s = &fw->syms[k];
        if (s->size ? addr - s->addr < s->size : s->addr == fw->syms[lo - 1].addr)
            return s;
        if (s->is_func && s->size)
            break;
    }
    return NULL;
}
