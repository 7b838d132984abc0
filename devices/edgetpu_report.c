/* `ttemu model info FILE --edgetpu`: the TPU/CPU split and each TPU
 * layer's array mapping (tiles, cycles, utilisation) on the 64x64 array at
 * 250 MHz, with the depthwise lanes of the coralusb board's tpu entry (its
 * calibrated value). The fixed per-run and per-layer costs and the link
 * are not in this table (docs/edgetpu.md). */
#include <stdio.h>

#include "emu/board/board.h"

#include "devices/edgetpu_plan.h"
#include "devices/edgetpu_report.h"
#include "devices/edgetpu_timing.h"

int etpu_print_plan(const tt_model *m, FILE *out, char *err, size_t errlen)
{
    static struct etpu_plan p;
    if (etpu_plan_make(m, &p, err, errlen)) return -1;
    struct etpu_cfg c = { .array_rows = 64, .array_cols = 64, .clock_hz = 250000000,
                          .cache_bytes = (uint64_t)(7.8 * 1048576) };
    struct board_desc b;
    char berr[256];
    if (!board_load_builtin("coralusb", &b, berr, sizeof berr)) {
        const struct board_device *d = board_find_device(&b, "tpu");
        if (d)
            c.dw_lanes = (uint32_t)board_param_num(d->params, d->nparams, "dw_lanes", 0);
        board_free(&b);
    }
    fprintf(out, "\nEdge TPU split: operators 0..%d on the TPU, %u..%u on the CPU\n",
            (int)p.split - 1, p.split, p.n_ops ? p.n_ops - 1 : 0);
    if (p.split < p.n_ops)
        fprintf(out, "  first CPU operator: %u %s (not on Coral's Edge TPU op list)\n", p.split,
                tt_op_name(m->ops[p.split].code));
    fprintf(out, "array 64x64 at 250 MHz, depthwise %u channels at once (coralusb.yaml)\n",
            c.dw_lanes ? c.dw_lanes : 64);
    fprintf(out, "%4s %-18s %6s %9s %6s\n", "op", "name", "tiles", "cycles", "util");
    for (uint32_t i = 0; i < p.split; i++) {
        struct etpu_layer_time t;
        etpu_layer(&c, &p.l[i], &t);
        fprintf(out, "%4u %-18s %6llu %9llu %5.1f%%\n", i, tt_op_name(m->ops[i].code),
                (unsigned long long)t.tiles, (unsigned long long)t.cycles, 100 * t.utilisation);
    }
    struct etpu_run_time r;
    etpu_run(&c, p.l, p.split, p.in_bytes, p.out_bytes, &r);
    fprintf(out, "TPU segment: %llu cycles (%.3f ms at 250 MHz), %.1f MAC/cycle, params %llu bytes "
                 "(%llu cached, %llu streamed), input %llu bytes, output %llu bytes\n",
            (unsigned long long)r.cycles, r.compute_ps / 1e9,
            r.cycles ? (double)r.macs / (double)r.cycles : 0.0, (unsigned long long)r.param_bytes,
            (unsigned long long)r.cached_bytes, (unsigned long long)r.streamed_bytes,
            (unsigned long long)p.in_bytes, (unsigned long long)p.out_bytes);
    return 0;
}
