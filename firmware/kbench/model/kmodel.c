/* The whole built-in TinyTracker (112x112x5) through the int8 runtime, one
 * image per kernel set and core (mk/kbench.mk: kmodel.{m4,m7}{,-ref}.elf).
 * Prints the output tensor's bytes and a hash of every layer's output (the
 * ref and opt images must print the same, on ttemu and on QEMU) and, where DWT counts cycles (ttemu), the
 * cycles and MACs per layer type, timed around each operator. */
#include <stdio.h>
#include <string.h>
#include "models/runtime/ttm.h"

#define DEMCR      (*(volatile uint32_t *)0xe000edfcu)
#define DWT_CTRL   (*(volatile uint32_t *)0xe0001000u)
#define DWT_CYCCNT (*(volatile uint32_t *)0xe0001004u)
#define DWT_LAR    (*(volatile uint32_t *)0xe0001fb0u)

extern const uint8_t _binary_tinytracker_ttm_start[], _binary_tinytracker_ttm_end[];

/* The .ttm is read in place and wants TTM_ALIGN; the embedded copy's
 * alignment is the linker's, so it is copied once into an aligned buffer. */
static uint8_t blob[1024 * 1024] __attribute__((aligned(16)));
static uint8_t arena[128 * 1024] __attribute__((aligned(16)));

enum { K_1X1, K_CONV, K_DW, K_FC, K_OTHER, K_N };
static const char *const kind_name[K_N] = { "conv1x1", "conv-other", "depthwise", "fc", "no-MAC ops" };
static uint64_t kind_cycles[K_N], kind_macs[K_N];
static uint32_t t_start;
/* FNV-1a over every operator's output in order: the ref and opt images
 * must agree on each layer, not only on the two final values. */
static uint32_t act_hash = 2166136261u;

static int32_t dim(const tt_model *m, int32_t t, int k) { return m->tensors[t].dims[k]; }

static unsigned kind_of(const tt_model *m, uint32_t op, uint64_t *macs)
{
    const ttm_op_rec *o = &m->ops[op];
    const int32_t out = tt_op_output(m, op, 0), f = tt_op_input(m, op, 1);
    const uint64_t out_elems = tt_tensor_elems(&m->tensors[out]);
    switch (o->code) {
    case TTM_OP_CONV_2D:
        *macs = out_elems * (uint64_t)(dim(m, f, 1) * dim(m, f, 2) * dim(m, f, 3));
        return dim(m, f, 1) == 1 && dim(m, f, 2) == 1 ? K_1X1 : K_CONV;
    case TTM_OP_DEPTHWISE_CONV_2D:
        *macs = out_elems * (uint64_t)(dim(m, f, 1) * dim(m, f, 2));
        return K_DW;
    case TTM_OP_FULLY_CONNECTED:
        *macs = out_elems * (uint64_t)dim(m, f, 1);
        return K_FC;
    default:
        *macs = 0;
        return K_OTHER;
    }
}

static int before(void *user, const tt_model *m, uint8_t *a, uint32_t op)
{
    (void)user, (void)m, (void)a, (void)op;
    t_start = DWT_CYCCNT;
    return 0;
}

static int after(void *user, const tt_model *m, uint8_t *a, uint32_t op)
{
    uint32_t c = DWT_CYCCNT - t_start;
    uint64_t macs;
    unsigned k = kind_of(m, op, &macs);
    (void)user;
    kind_cycles[k] += c;
    kind_macs[k] += macs;
    const int32_t out = tt_op_output(m, op, 0);
    const uint8_t *p = tt_tensor_ptr(m, a, out);
    for (uint32_t i = 0; i < m->tensors[out].bytes; i++) act_hash = (act_hash ^ p[i]) * 16777619u;
    return 0;
}

static void rate(const char *what, uint64_t macs, uint64_t cycles)
{
    printf("model %-11s macs %9lu cycles %10lu", what, (unsigned long)macs, (unsigned long)cycles);
    if (macs && cycles)
        printf(" %lu.%03lu MAC/cyc", (unsigned long)(macs / cycles),
               (unsigned long)(macs * 1000u / cycles % 1000u));
    printf("\n");
}

int main(void)
{
    const uint32_t size = (uint32_t)(_binary_tinytracker_ttm_end - _binary_tinytracker_ttm_start);
    tt_model m;
    tt_status st;
    if (size > sizeof blob) {
        printf("kmodel: model %lu bytes, buffer %lu\n", (unsigned long)size, (unsigned long)sizeof blob);
        return 1;
    }
    memcpy(blob, _binary_tinytracker_ttm_start, size);
    if (tt_model_open(&m, blob, size, &st) != 0 || m.hdr->arena_bytes > sizeof arena) {
        printf("kmodel: the model does not open or fit (%s)\n", st.what ? st.what : "arena");
        return 1;
    }
    const int32_t in = m.ints[m.hdr->inputs_at], out = m.ints[m.hdr->outputs_at];
    int8_t *x = tt_tensor_ptr(&m, arena, in);
    for (uint32_t i = 0; i < m.tensors[in].bytes; i++) x[i] = (int8_t)(i * 37u + (i >> 7) * 11u);
    DEMCR |= 1u << 24;
    DWT_LAR = 0xc5acce55u;
    DWT_CYCCNT = 0;
    DWT_CTRL |= 1;
    const tt_hooks hooks = { before, after, NULL };
    if (tt_invoke(&m, arena, sizeof arena, &hooks, &st) != 0) {
        printf("kmodel: invoke failed (%s)\n", st.what);
        return 1;
    }
    const uint8_t *y = tt_tensor_ptr(&m, arena, out);
    printf("output");
    for (uint32_t i = 0; i < m.tensors[out].bytes; i++) printf(" %02x", y[i]);
    printf("\n");
    printf("activations fnv1a %08lx\n", (unsigned long)act_hash);
    uint64_t macs = 0, cycles = 0;
    for (unsigned k = 0; k < K_N; k++) {
        rate(kind_name[k], kind_macs[k], kind_cycles[k]);
        macs += kind_macs[k];
        cycles += kind_cycles[k];
    }
    rate("all", macs, cycles);
    return 0;
}
