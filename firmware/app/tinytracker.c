/* TinyTracker: capture a frame, prepare it, run the int8 CNN, report the
 * gaze. One board-independent program; firmware/bsp/BOARD supplies the
 * devices, firmware/bsp/BOARD/accel.c (or common/accel_none.c) the
 * accelerator.
 *
 * Phases on the trace device (the report's rows): capture, transfer,
 * preprocess, inference (each operator marked with its index and MACs),
 * readout (dequantise and print), idle. `--frames N --fps F` on the
 * command line repeats them N times at F frames a second (duty.c). The model is data: a .ttm in the
 * image's model partition (.model, placed by the linker; `ttemu run
 * --model` replaces it at load time), read through models/runtime.
 *
 * stdout carries only what the run computed (no times), so ttemu's and
 * QEMU's outputs compare byte for byte; times are in ttemu's report.
 * Exit status: 0, 2 bad firmware argument, 3 bad or missing model,
 * 4 capture/transfer failure, 5 inference failure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsp.h"
#include "accel.h"
#include "app.h"
#include "models/runtime/ttm.h"
#include "models/runtime/ttm_stats.h"

/* The model partition (board.ld sizes it; the build fills it with the
 * built-in model). */
extern const uint8_t __model_start__[], __model_end__[];
extern char __heap_start__[], __heap_end__[];

/* Read by ttemu --model before the run (by symbol name). */
__attribute__((used)) const struct app_layout tt_app_layout = {
    (uint32_t)(uintptr_t)__model_start__, (uint32_t)(uintptr_t)__model_end__,
    (uint32_t)(uintptr_t)__heap_start__, (uint32_t)(uintptr_t)__heap_end__,
};

/* Read by ttemu --dump-tensors at exit (by symbol name). */
__attribute__((used)) struct app_io tt_app_io;

static const struct bsp_pmu_step pmu_plan[] = { BSP_PMU_PLAN { NULL, NULL, NULL } };

/* Enters a phase: the trace marker, then the board's power steps for it. */
static void phase(const char *name)
{
    tt_trace_phase(BSP_TRACE, name);
    for (const struct bsp_pmu_step *s = pmu_plan; s->phase; s++)
        if (!strcmp(s->phase, name))
            tt_pmu_set_state(BSP_PMU, s->component, s->state);
}

static int open_model(tt_model *m)
{
    /* Through tt_app_layout, so the link keeps it for ttemu to read. */
    uint32_t room = tt_app_layout.model_end - tt_app_layout.model_start;
    const ttm_header *h = (const ttm_header *)__model_start__;
    tt_status st = { 0 };
    if (room < sizeof *h || h->magic != TTM_MAGIC || h->file_bytes > room) {
        printf("tinytracker: no model in the %lu-byte model partition\n", (unsigned long)room);
        return 3;
    }
    if (tt_model_open(m, __model_start__, h->file_bytes, &st)) {
        printf("tinytracker: model: %s %ld (offset 0x%lx): %s\n", st.table, (long)st.index,
               (unsigned long)st.offset, st.what);
        return 3;
    }
    if (h->n_inputs != 1 || h->n_outputs != 1) {
        printf("tinytracker: model: expected one input and one output tensor\n");
        return 3;
    }
    return 0;
}

/* Operators first..n-1 on the core, each marked with its index and MACs. */
static int run_on_core(const tt_model *m, uint8_t *arena, uint32_t first)
{
    for (uint32_t op = first; op < m->hdr->n_ops; op++) {
        tt_op_cost c;
        tt_op_stats(m, op, &c);
        BSP_TRACE->LAYER = op;
        tt_status st = { 0 };
        if (tt_invoke_op(m, arena, op, &st)) {
            BSP_TRACE->LAYER = 0xffffffffu;
            printf("tinytracker: operator %lu: %s\n", (unsigned long)op, st.what);
            return 5;
        }
        BSP_TRACE->MACS = (uint32_t)c.macs;
    }
    BSP_TRACE->LAYER = 0xffffffffu;
    return 0;
}

static int infer(const tt_model *m, uint8_t *arena)
{
    uint32_t first = 0;
    if (accel_available()) {
        int k = accel_run(m->blob, m->size, arena, m->hdr->arena_bytes);
        if (k < 0)
            return 5;
        first = (uint32_t)k;
    }
    return run_on_core(m, arena, first);
}

/* Prints q as a decimal with four places, without float formatting. */
static void print_fixed(float v)
{
    long u = (long)(v * 10000.0f + (v < 0 ? -0.5f : 0.5f));
    printf(" %s%ld.%04ld", u < 0 ? "-" : "", labs(u) / 10000, labs(u) % 10000);
}

/* The int8 value DEQUANTIZE turned into v (exact: v = (q - zp) x scale). */
static int requantise(float v, const ttm_tensor_rec *r)
{
    float q = v / r->scale;
    return (int)(q < 0 ? q - 0.5f : q + 0.5f) + r->zero_point;
}

/* Element k of an int8 or uint8 tensor (Coral's models are uint8). */
static int32_t quantised_at(const ttm_tensor_rec *t, const void *p, uint32_t k)
{
    return t->type == TTM_T_UINT8 ? ((const uint8_t *)p)[k] : ((const int8_t *)p)[k];
}

/* The gaze in the model's units (its float output, or the int8 output
 * dequantised), then the raw int8/uint8 outputs (those the DEQUANTIZE read; on
 * the sensor-side path only the float output comes back, so they are
 * recovered from it). */
static void readout(const tt_model *m, uint8_t *arena, int on_sensor)
{
    int32_t out = m->ints[m->hdr->outputs_at];
    const ttm_tensor_rec *t = &m->tensors[out];
    int32_t raw_t = out;
    const ttm_op_rec *last = &m->ops[m->hdr->n_ops - 1];
    if (t->type == TTM_T_FLOAT32 && last->code == TTM_OP_DEQUANTIZE)
        raw_t = tt_op_input(m, m->hdr->n_ops - 1, 0);
    const ttm_tensor_rec *r = &m->tensors[raw_t];
    uint32_t n = tt_tensor_elems(t);
    const void *p = tt_tensor_ptr(m, arena, out);
    printf("gaze:");
    for (uint32_t k = 0; k < n; k++)
        print_fixed(t->type == TTM_T_FLOAT32 ? ((const float *)p)[k]
                    : quantised_at(t, p, k) * t->scale - t->zero_point * t->scale);
    printf("\nraw:");
    int quantised = r->type == TTM_T_INT8 || r->type == TTM_T_UINT8;
    if (quantised && on_sensor && raw_t != out)
        for (uint32_t k = 0; k < n; k++)
            printf(" %d", requantise(((const float *)p)[k], r));
    else if (quantised)
        for (uint32_t k = 0; k < tt_tensor_elems(r); k++)
            printf(" %d", (int)quantised_at(r, tt_tensor_ptr(m, arena, raw_t), k));
    printf("\n");
    tt_app_io.output_addr = (uint32_t)(uintptr_t)p;
    tt_app_io.output_bytes = t->bytes;
    tt_app_io.magic = APP_IO_MAGIC;
}

/* One frame: capture (or the sensor's own), prepare, infer, read out. */
static int one_frame(tt_model *m, uint8_t *arena)
{
    struct app_frame f;
    struct app_box box;
    int rc;
    const ttm_tensor_rec *in = &m->tensors[m->ints[m->hdr->inputs_at]];
    int on_sensor = accel_available() && (accel_caps() & ACCEL_CAP_SENSOR_INPUT);
    if (on_sensor) {
        int32_t out = m->ints[m->hdr->outputs_at];
        if (accel_sensor_frame(tt_tensor_ptr(m, arena, out), m->tensors[out].bytes))
            return 5;
    } else {
        phase("capture");
        if ((rc = app_capture(&f)))
            return rc;
        phase("transfer");
        if ((rc = app_transfer(&f)))
            return rc;
        phase("preprocess");
        if ((rc = app_face_box(&f, &box)))
            return rc;
        int8_t *input = tt_tensor_ptr(m, arena, m->ints[m->hdr->inputs_at]);
        if ((rc = app_preprocess(&f, &box, in, input)))
            return rc;
        tt_app_io.input_addr = (uint32_t)(uintptr_t)input;
        tt_app_io.input_bytes = in->bytes;
        /* ttemu --dump-tensors copies the input at this marker: the arena
         * plan reuses its bytes once the first layers have read it. */
        BSP_TRACE->MARK = APP_IO_MAGIC;
        phase("inference");
        if ((rc = infer(m, arena)))
            return rc;
    }
    phase("readout");
    if (tt_app_io.input_addr)
        printf("face: %lu,%lu,%lu,%lu of %lux%lu\n", (unsigned long)box.x, (unsigned long)box.y,
               (unsigned long)box.w, (unsigned long)box.h, (unsigned long)f.w, (unsigned long)f.h);
    readout(m, arena, on_sensor);
    phase("idle");
    app_camera_idle();
    return 0;
}

int main(void)
{
    tt_model m;
    struct app_duty duty;
    phase("boot");
    int rc = app_duty_args(&duty);
    if (rc || (rc = open_model(&m)))
        return rc;
    const ttm_tensor_rec *in = &m.tensors[m.ints[m.hdr->inputs_at]];
    uint8_t *arena = malloc(m.hdr->arena_bytes + 16u);
    if (!arena) {
        printf("tinytracker: the model's %lu-byte arena does not fit the heap\n",
               (unsigned long)m.hdr->arena_bytes);
        return 3;
    }
    arena = (uint8_t *)(((uintptr_t)arena + 15u) & ~(uintptr_t)15u);
    const char *name = m.names + m.hdr->name_off;
    printf("tinytracker on %s: model %s, input %ldx%ldx%ld, %lu operators\n", BSP_BOARD_NAME, name,
           (long)in->dims[1], (long)in->dims[2], (long)in->dims[3], (unsigned long)m.hdr->n_ops);
    if (accel_open(m.blob, m.size) == 0 && accel_available())
        printf("accelerator: %s\n", accel_name());

    app_duty_begin(&duty);
    for (uint32_t k = 0; k < duty.frames; k++) {
        if ((rc = one_frame(&m, arena)))
            return rc;
        app_duty_wait(&duty);   /* idle until the next frame's slot */
    }
    app_duty_end(&duty);
    fflush(stdout);
    return 0;
}
