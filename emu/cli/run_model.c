/* The model partition and the tensor dump of the TinyTracker firmware,
 * found through two of the ELF's data symbols (firmware/app/app.h):
 * tt_app_layout (read-only, loaded: partition and heap bounds) and
 * tt_app_io (filled by the run: tensor addresses). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "emu/cli/cli.h"
#include "emu/cli/run_model.h"
#include "emu/machine.h"
#include "models/runtime/ttm.h"
#include "models/tflite/tflite.h"

#define APP_IO_MAGIC 0x4f495454u /* firmware/app/app.h */

static const struct fw_symbol *find_sym(const struct firmware *fw, const char *name)
{
    for (size_t k = 0; k < fw->nsyms; k++)
        if (!strcmp(fw->syms[k].name, name))
            return &fw->syms[k];
    return NULL;
}

/* Addresses of the named symbols; -1 with err naming the first missing. */
static int need_syms(const struct firmware *fw, const char *fw_path, const char *const *names,
                     uint32_t *addr, int n, char *err, size_t errlen)
{
    for (int k = 0; k < n; k++) {
        const struct fw_symbol *s = fw->is_elf ? find_sym(fw, names[k]) : NULL;
        if (!s) {
            snprintf(err, errlen, "%s: no symbol '%s': expected a TinyTracker ELF image (firmware/app)",
                     fw_path, names[k]);
            return -1;
        }
        addr[k] = s->addr;
    }
    return 0;
}

int run_model_place(struct machine *m, const char *fw_path, const char *model_path,
                    char *err, size_t errlen)
{
    static const char *const names[] = { "tt_app_layout" };
    uint32_t at, a[4]; /* model start, end, heap start, end (firmware/app/app.h) */
    if (need_syms(&m->fw, fw_path, names, &at, 1, err, errlen))
        return TT_EXIT_BADINPUT;
    if (!bus_debug_read(&m->bus, at, a, sizeof a) || a[1] < a[0] || a[3] < a[2]) {
        snprintf(err, errlen, "%s: tt_app_layout at 0x%08x: expected the partition and heap bounds",
                 fw_path, at);
        return TT_EXIT_BADINPUT;
    }
    uint8_t *blob = NULL;
    uint32_t size = 0;
    int rc = tt_load_any(model_path, &blob, &size, err, errlen);
    if (rc)
        return rc;
    const ttm_header *h = (const ttm_header *)blob;
    uint32_t room = a[1] - a[0], heap = a[3] - a[2];
    if (size > room) {
        snprintf(err, errlen, "%s: the model is %u bytes; the model partition of %s holds %u",
                 model_path, size, fw_path, room);
        rc = TT_EXIT_BADINPUT;
    } else if (h->arena_bytes + 16u > heap) {
        snprintf(err, errlen, "%s: the model's arena needs %u bytes; %s leaves %u bytes of heap",
                 model_path, h->arena_bytes + 16u, fw_path, heap);
        rc = TT_EXIT_BADINPUT;
    } else if (!bus_debug_write(&m->bus, a[0], blob, size)) {
        snprintf(err, errlen, "%s: model partition at 0x%08x is not memory", fw_path, a[0]);
        rc = TT_EXIT_BADINPUT;
    }
    free(blob);
    return rc;
}

/* The input tensor as it was at the firmware's marker. */
static struct {
    struct machine *m;
    struct machine_events next;
    uint32_t io_addr;
    uint8_t *input;
    uint32_t input_bytes;
} watch;

static void on_event(void *ctx, enum machine_event_kind kind, uint64_t t_ps, uint32_t a, uint32_t b)
{
    (void)ctx;
    uint32_t io[5];
    if (kind == MEV_MARK && a == APP_IO_MAGIC && !watch.input &&
        bus_debug_read(&watch.m->bus, watch.io_addr, io, sizeof io) && io[1] && io[2] <= (64u << 20) &&
        (watch.input = malloc(io[2] ? io[2] : 1)) &&
        !bus_debug_read(&watch.m->bus, io[1], watch.input, io[2])) {
        free(watch.input);
        watch.input = NULL;
    }
    if (watch.input && !watch.input_bytes)
        watch.input_bytes = io[2];
    if (watch.next.fn)
        watch.next.fn(watch.next.ctx, kind, t_ps, a, b);
}

void run_model_watch(struct machine *m, const char *fw_path)
{
    const struct fw_symbol *s = m->fw.is_elf ? find_sym(&m->fw, "tt_app_io") : NULL;
    (void)fw_path;
    if (!s)
        return; /* run_model_dump says so after the run */
    watch.m = m;
    watch.io_addr = s->addr;
    watch.next = m->events;
    m->events = (struct machine_events){ on_event, NULL };
}

static int write_file(const char *dir, const char *name, const uint8_t *buf, uint32_t bytes,
                      char *err, size_t errlen)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(buf, 1, bytes, f) == bytes;
    if (f && fclose(f))
        ok = 0;
    if (!ok) {
        snprintf(err, errlen, "%s: cannot write: %s", path, strerror(errno));
        return TT_EXIT_NOINPUT;
    }
    return 0;
}

int run_model_dump(struct machine *m, const char *fw_path, const char *dir, char *err, size_t errlen)
{
    static const char *const names[] = { "tt_app_io" };
    uint32_t a, io[5];
    if (need_syms(&m->fw, fw_path, names, &a, 1, err, errlen))
        return TT_EXIT_BADINPUT;
    /* io[1] == 0: the input was built outside the firmware (IMX500's ISP);
     * then only output.bin is written. */
    if (!bus_debug_read(&m->bus, a, io, sizeof io) || io[0] != APP_IO_MAGIC || (io[1] && !watch.input)) {
        snprintf(err, errlen, "%s: tt_app_io at 0x%08x: expected the firmware to have built its input "
                 "and run its model", fw_path, a);
        return TT_EXIT_BADINPUT;
    }
    uint8_t *out = malloc(io[4] ? io[4] : 1);
    int rc = 0;
    if (!out || io[4] > (64u << 20) || !bus_debug_read(&m->bus, io[3], out, io[4])) {
        snprintf(err, errlen, "%s: output tensor at 0x%08x (%u bytes) is not memory", fw_path, io[3], io[4]);
        rc = TT_EXIT_BADINPUT;
    } else if (mkdir(dir, 0777) && errno != EEXIST) {
        snprintf(err, errlen, "%s: cannot create: %s", dir, strerror(errno));
        rc = TT_EXIT_NOINPUT;
    } else if (!watch.input || !(rc = write_file(dir, "input.bin", watch.input, watch.input_bytes, err, errlen))) {
        rc = write_file(dir, "output.bin", out, io[4], err, errlen);
    }
    free(out);
    free(watch.input);
    watch.input = NULL;
    return rc;
}
