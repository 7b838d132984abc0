/* The Edge TPU driver behind the accelerator hand-off (accel.h), shared by
 * the Coral boards: firmware/bsp/coralmicro/accel.c and
 * firmware/bsp/coralusb/accel.c include this once after setting
 *
 *   ETPU_DRV_CHUNK       bytes per bulk transfer (and the bounce buffer's size)
 *   ETPU_DRV_BOUNCE_ALL  1: every chunk is copied through the bounce buffer
 *                        (the Dev Board Micro's driver, PAPER.md); 0: only
 *                        chunks that need the int8 <-> uint8 transform
 *   ETPU_DRV_BOUNCE_ATTR  optional: where the bounce buffer lives
 *   ETPU_DRV_CORAL_XFORM  optional, 1: the int8 <-> uint8 transform as the
 *                        Dev Board Micro's driver does it (coralmicro
 *                        libs/tpu/edgetpu_executable.cc,
 *                        TransformSignedDataType): a byte loop over the
 *                        tensor's y, x, z in place, the input before it is
 *                        sent and the output after it is copied out of the
 *                        bounce buffer; 0 (default): fused into the copy
 *
 * and board.h gives BSP_ETPU_BASE, BSP_USBH_BASE, BSP_USBH_IRQ and
 * BSP_ETPU_CLOCK_LEVEL. Registers: edgetpu_regs.h, usb_host_regs.h.
 *
 * accel_open: power pin on, port on, check the TPU's ID, set its clock
 * (unless BSP_ETPU_CLOCK_LEVEL is -1: the board's reset clock stays),
 * send the .ttm as the executable (parameter caching) and read the plan
 * back. accel_run, per inference: the streamed parameters (if the model
 * overflows the cache), the instruction stream, the input (int8 bytes
 * XOR 0x80: the TPU takes uint8), CSR RUN, the output on bulk IN (its
 * completion is the interrupt that wakes the core), scattered into the
 * arena's tensors, then the event. The core sleeps (WFI) in every
 * transfer. Trace markers (the trace device's MARK) name each step.
 * With ETPU_DRV_BOUNCE_ALL the descriptor headers go through the bounce
 * buffer too (coralmicro's WriteHeader uses BulkOutTransfer). */
#ifndef BSP_EDGETPU_DRV_H
#define BSP_EDGETPU_DRV_H

#include <stdio.h>
#include <string.h>

#include "accel.h"
#include "bsp.h"
#include "edgetpu_regs.h"
#include "usb_host_regs.h"
#include "models/runtime/ttm.h"

#define USBH_REG(off) (*(volatile uint32_t *)(BSP_USBH_BASE + (off)))
#define ETPU_REG(off) (*(volatile uint32_t *)(BSP_ETPU_BASE + (off)))

/* Trace markers of the driver's steps ("ETP" and the step). */
#define ETPU_MARK(step) (0x45545000u | (step))
enum { ETPU_M_PARAMS = 1, ETPU_M_INSTR, ETPU_M_INPUT, ETPU_M_RUN, ETPU_M_OUTPUT, ETPU_M_EVENT, ETPU_M_DONE };

#ifndef ETPU_DRV_CORAL_XFORM
#define ETPU_DRV_CORAL_XFORM 0
#endif
#ifndef ETPU_DRV_BOUNCE_ATTR
#define ETPU_DRV_BOUNCE_ATTR /* .bss: the board's RAM */
#endif
static uint8_t etpu_bounce[ETPU_DRV_CHUNK] ETPU_DRV_BOUNCE_ATTR __attribute__((aligned(32)));
static struct {
    int opened;
    tt_model model;
    uint32_t seg_ops, in_bytes, out_bytes, stream_off, stream_bytes, instr_off, instr_bytes;
} etpu;

/* One transfer; returns the bytes moved, or -1 after one line. */
static int32_t usb_xfer(uint32_t ep, void *buf, uint32_t len, uint32_t setup_lo, uint32_t setup_hi)
{
    USBH_REG(USBH_EP) = ep;
    USBH_REG(USBH_ADDR) = (uint32_t)(uintptr_t)buf;
    USBH_REG(USBH_LEN) = len;
    USBH_REG(USBH_SETUP_LO) = setup_lo;
    USBH_REG(USBH_SETUP_HI) = setup_hi;
    USBH_REG(USBH_CMD) = USBH_CMD_START;
    bsp_wait_bits(&USBH_REG(USBH_STATUS), USBH_ST_DONE | USBH_ST_ERROR, BSP_USBH_IRQ);
    uint32_t st = USBH_REG(USBH_STATUS);
    USBH_REG(USBH_STATUS) = st & (USBH_ST_DONE | USBH_ST_ERROR);
    bsp_irq_ack(BSP_USBH_IRQ);
    if (st & USBH_ST_ERROR) {
        printf("edgetpu: USB transfer on endpoint 0x%02lx failed (host error %lu)\n", (unsigned long)ep,
               (unsigned long)USBH_REG(USBH_ERROR));
        return -1;
    }
    return (int32_t)USBH_REG(USBH_ACTUAL);
}

static int csr_write(uint32_t csr, uint32_t v)
{
    static uint32_t word;
    word = v;
    return usb_xfer(0, &word, 4, ETPU_REQ_TYPE_OUT | ETPU_REQ_WRITE_CSR << 8 | csr << 16, 4u << 16) == 4 ? 0 : -1;
}

static uint32_t csr_read(uint32_t csr)
{
    static uint32_t word;
    word = 0;
    usb_xfer(0, &word, 4, ETPU_REQ_TYPE_IN | ETPU_REQ_READ_CSR << 8 | csr << 16, 4u << 16);
    return word;
}

/* memcpy, or the int8 <-> uint8 transform (each byte XOR 0x80), a word
 * at a time where both ends are aligned. */
static void copy_flip(uint8_t *dst, const uint8_t *src, uint32_t n, int flip)
{
    if (!flip) {
        memcpy(dst, src, n);
        return;
    }
    uint32_t i = 0;
    if ((((uintptr_t)dst | (uintptr_t)src) & 3u) == 0)
        for (; i + 4 <= n; i += 4)
            *(uint32_t *)(void *)(dst + i) = *(const uint32_t *)(const void *)(src + i) ^ 0x80808080u;
    for (; i < n; i++)
        dst[i] = (uint8_t)(src[i] ^ 0x80u);
}

/* Coral's signed-data transform: flips the top bit of every entry of a
 * y x x x z tensor of 1-byte entries in place, walking y, x, z as
 * TransformSignedDataType does (an index per entry, no word tricks). */
static void coral_xform(uint8_t *buf, const ttm_tensor_rec *r)
{
    const uint32_t size = 1; /* int8 entries */
    int32_t y = r->ndim >= 3 ? r->dims[r->ndim - 3] : 1, x = r->ndim >= 2 ? r->dims[r->ndim - 2] : 1;
    int32_t z = r->ndim >= 1 ? r->dims[r->ndim - 1] : 1;
    uint32_t entries = (uint32_t)y * (uint32_t)x * (uint32_t)z;
    if (entries != r->bytes) /* batch or other rank: one row of r->bytes entries */
        y = 1, x = 1, z = (int32_t)r->bytes;
    uint32_t at = 0;
    for (int32_t iy = 0; iy < y; iy++)
        for (int32_t ix = 0; ix < x; ix++)
            for (int32_t iz = 0; iz < z; iz++) {
                buf[at + size - 1] ^= 128u;
                at += size;
            }
}

/* A descriptor on bulk OUT: the header, then the data in chunks. */
static int send(uint32_t tag, const uint8_t *src, uint32_t len, int flip)
{
    static uint32_t hdr[2];
    hdr[0] = len;
    hdr[1] = tag;
    void *h = hdr;
    if (ETPU_DRV_BOUNCE_ALL) {
        memcpy(etpu_bounce, hdr, ETPU_HEADER_BYTES);
        h = etpu_bounce;
    }
    if (usb_xfer(ETPU_EP_BULK_OUT, h, ETPU_HEADER_BYTES, 0, 0) < 0)
        return -1;
    for (uint32_t at = 0; at < len;) {
        uint32_t n = len - at < ETPU_DRV_CHUNK ? len - at : ETPU_DRV_CHUNK;
        const uint8_t *p = src + at;
        if (ETPU_DRV_BOUNCE_ALL || flip) {
            copy_flip(etpu_bounce, p, n, flip);
            p = etpu_bounce;
        }
        if (usb_xfer(ETPU_EP_BULK_OUT, (void *)(uintptr_t)p, n, 0, 0) != (int32_t)n)
            return -1;
        at += n;
    }
    return 0;
}

/* The segment's live-out tensors: written by an operator before the split
 * and read by a later one or a model output, in operator order (the
 * TPU's rule, devices/edgetpu_exec.c). */
#define ETPU_DRV_MAX_LIVE 64
static int32_t etpu_live[ETPU_DRV_MAX_LIVE];
static uint32_t etpu_nlive;

static int find_live_outs(const tt_model *m, uint32_t split)
{
    etpu_nlive = 0;
    uint32_t bytes = 0;
    for (uint32_t op = 0; op < split; op++)
        for (unsigned k = 0; k < m->ops[op].n_out; k++) {
            int32_t t = tt_op_output(m, op, k);
            if (t < 0 || !tt_tensor_read_from(m, split, t))
                continue;
            if (etpu_nlive == ETPU_DRV_MAX_LIVE)
                return -1;
            etpu_live[etpu_nlive++] = t;
            bytes += m->tensors[t].bytes;
        }
    return bytes == etpu.out_bytes ? 0 : -1;
}

/* The output on bulk IN, chunk by chunk through the bounce buffer, into
 * the live-out tensors (int8 back from uint8). */
static int receive(uint8_t *arena)
{
    const tt_model *m = &etpu.model;
    uint32_t got = 0, live = 0, used = 0;
    while (got < etpu.out_bytes) {
        uint32_t want = etpu.out_bytes - got < ETPU_DRV_CHUNK ? etpu.out_bytes - got : ETPU_DRV_CHUNK;
        int32_t n = usb_xfer(ETPU_EP_OUTPUT, etpu_bounce, want, 0, 0);
        if (n <= 0)
            return -1;
        for (uint32_t at = 0; at < (uint32_t)n && live < etpu_nlive;) {
            const ttm_tensor_rec *r = &m->tensors[etpu_live[live]];
            uint32_t c = r->bytes - used < (uint32_t)n - at ? r->bytes - used : (uint32_t)n - at;
            uint8_t *t = (uint8_t *)tt_tensor_ptr(m, arena, etpu_live[live]);
            copy_flip(t + used, etpu_bounce + at, c, r->type == TTM_T_INT8 && !ETPU_DRV_CORAL_XFORM);
            at += c;
            if ((used += c) == r->bytes) {
                if (ETPU_DRV_CORAL_XFORM && r->type == TTM_T_INT8)
                    coral_xform(t, r);
                used = 0, live++;
            }
        }
        got += (uint32_t)n;
    }
    return 0;
}

int accel_open(const void *model, size_t model_bytes)
{
    tt_status st = { 0 };
    if (tt_model_open(&etpu.model, model, (uint32_t)model_bytes, &st))
        return -1;
    ETPU_REG(ETPU_PIN) = ETPU_PIN_POWER;
    USBH_REG(USBH_CTRL) = USBH_CTRL_RUN | USBH_CTRL_IRQ;
    if (!(USBH_REG(USBH_STATUS) & USBH_ST_CONNECTED) || csr_read(ETPU_CSR_ID) != ETPU_ID) {
        printf("edgetpu: no Edge TPU on the USB port\n");
        return -1;
    }
    if ((BSP_ETPU_CLOCK_LEVEL >= 0 && csr_write(ETPU_CSR_CLOCK, (uint32_t)BSP_ETPU_CLOCK_LEVEL)) ||
        send(ETPU_TAG_EXECUTABLE, model, (uint32_t)model_bytes, 0) ||
        !(csr_read(ETPU_CSR_STATUS) & ETPU_ST_LOADED)) {
        printf("edgetpu: the TPU refused the model (error %lu)\n", (unsigned long)csr_read(ETPU_CSR_ERROR));
        return -1;
    }
    etpu.seg_ops = csr_read(ETPU_CSR_SEG_OPS);
    etpu.in_bytes = csr_read(ETPU_CSR_IN_BYTES);
    etpu.out_bytes = csr_read(ETPU_CSR_OUT_BYTES);
    etpu.stream_off = csr_read(ETPU_CSR_STREAM_OFF);
    etpu.stream_bytes = csr_read(ETPU_CSR_STREAM_BYTES);
    etpu.instr_off = csr_read(ETPU_CSR_INSTR_OFF);
    etpu.instr_bytes = csr_read(ETPU_CSR_INSTR_BYTES);
    if (find_live_outs(&etpu.model, etpu.seg_ops)) {
        printf("edgetpu: the TPU's %lu output bytes are not the segment's tensors\n", (unsigned long)etpu.out_bytes);
        return -1;
    }
    etpu.opened = 1;
    return 0;
}

int accel_available(void) { return etpu.opened; }
const char *accel_name(void) { return "edgetpu"; }
unsigned accel_caps(void) { return ACCEL_CAP_RUN; }

int accel_run(const void *model, size_t model_bytes, uint8_t *arena, size_t arena_bytes)
{
    const tt_model *m = &etpu.model;
    (void)model_bytes;
    (void)arena_bytes;
    if (!etpu.opened || model != m->blob)
        return -1;
    if (!etpu.seg_ops)
        return 0;
    const uint8_t *blob = m->blob;
    int32_t in = m->ints[m->hdr->inputs_at];
    BSP_TRACE->MARK = ETPU_MARK(ETPU_M_PARAMS);
    if (etpu.stream_bytes && send(ETPU_TAG_PARAMETERS, blob + etpu.stream_off, etpu.stream_bytes, 0))
        return -1;
    BSP_TRACE->MARK = ETPU_MARK(ETPU_M_INSTR);
    if (send(ETPU_TAG_INSTRUCTIONS, blob + etpu.instr_off, etpu.instr_bytes, 0))
        return -1;
    BSP_TRACE->MARK = ETPU_MARK(ETPU_M_INPUT);
    uint8_t *in_p = tt_tensor_ptr(m, arena, in);
    int in_signed = m->tensors[in].type == TTM_T_INT8;
    if (ETPU_DRV_CORAL_XFORM && in_signed)
        coral_xform(in_p, &m->tensors[in]); /* in place, as Coral's driver */
    if (send(ETPU_TAG_INPUT, in_p, etpu.in_bytes, in_signed && !ETPU_DRV_CORAL_XFORM))
        return -1;
    /* Coral leaves the input transformed; here a CPU operator may still read it */
    if (ETPU_DRV_CORAL_XFORM && in_signed && tt_tensor_read_from(m, etpu.seg_ops, in))
        coral_xform(in_p, &m->tensors[in]);
    BSP_TRACE->MARK = ETPU_MARK(ETPU_M_RUN);
    if (csr_write(ETPU_CSR_RUN, ETPU_RUN_START)) {
        printf("edgetpu: the TPU refused the run (error %lu)\n", (unsigned long)csr_read(ETPU_CSR_ERROR));
        return -1;
    }
    BSP_TRACE->MARK = ETPU_MARK(ETPU_M_OUTPUT);
    if (receive(arena)) {
        printf("edgetpu: the run's output did not arrive (TPU error %lu)\n", (unsigned long)csr_read(ETPU_CSR_ERROR));
        return -1;
    }
    BSP_TRACE->MARK = ETPU_MARK(ETPU_M_EVENT);
    static struct etpu_event ev;
    if (usb_xfer(ETPU_EP_EVENT, &ev, sizeof ev, 0, 0) != (int32_t)sizeof ev || ev.tag != ETPU_EVENT_DONE ||
        ev.error != ETPU_ERR_NONE) {
        printf("edgetpu: the run ended with error %lu\n", (unsigned long)ev.error);
        return -1;
    }
    BSP_TRACE->MARK = ETPU_MARK(ETPU_M_DONE);
    return (int)etpu.seg_ops;
}

int accel_sensor_frame(void *output, size_t out_bytes)
{
    (void)output;
    (void)out_bytes;
    return -1;
}

#endif
