/* Table II cells from the run's phases, per board (table2.h).
 *
 * The cells are the report's metrics (report_compute) with the board's
 * phase definitions: end-to-end = every phase but the excluded ones
 * (capture .. readout for the TinyTracker firmware), inference = the
 * inference phase, MAC/cycle = model MACs / cycles of mac_clock in the
 * inference phase, uW/MHz = inference power / that clock. Nothing here is
 * fitted: the paper's column is printed beside, never used. */
#include <string.h>

#include "emu/power/table2.h"

#include "emu/board/board.h"

static const char *const outside_e2e[] = { "boot", "idle", NULL };

/* PAPER.md, Table II (measured on the real boards). */
static const struct table2_def defs[] = {
    { "spresense", "Spresense", "inference", outside_e2e, "cpu",
      { 234.1, 522.5, 0.20, 386.60, 530.13, 31.97 } },
    /* The Coral cells count the Edge TPU's clock (the paper's 8.69 MAC/cycle
     * is 11.8M MACs / (5.43 ms x 250 MHz)); the IMX500 and Spresense cells
     * the core's. */
    { "coralmicro", "Coral Micro", "inference", outside_e2e, "tpu",
      { 34.2, 34.4, 8.69, 5.43, 5553.20, 6.02 } },
    { "coralusb", "Coral USB", "inference", outside_e2e, "tpu",
      { -1, -1, 73.23, 0.87, 4436.40, 0.97 } },
    { "imx500", "IMX500", "inference", outside_e2e, "cpu",
      { 4.9, 19, 73.23, 0.86, 274.58, 0.06 } },
};

const struct table2_def *table2_for(const char *board)
{
    for (size_t k = 0; board && k < sizeof defs / sizeof defs[0]; k++)
        if (!strcmp(defs[k].board, board))
            return &defs[k];
    return NULL;
}

const char *table2_clock(const struct board_desc *b, uint64_t core_hz, uint64_t *hz)
{
    const struct table2_def *d = table2_for(b->name);
    const struct board_device *dev = d && strcmp(d->mac_clock, "cpu") ? board_find_device(b, d->mac_clock) : NULL;
    double dev_hz = dev ? board_param_num(dev->params, dev->nparams, "clock_hz", 0) : 0;
    if (dev_hz <= 0) {
        *hz = core_hz;
        return "cpu";
    }
    *hz = (uint64_t)dev_hz;
    return d->mac_clock;
}

static void row(FILE *f, const char *name, const char *unit, int have, double ours, double paper)
{
    fprintf(f, "  %-34s", name);
    if (have)
        fprintf(f, " %12.2f", ours);
    else
        fprintf(f, " %12s", "-");
    if (paper >= 0)
        fprintf(f, " %12.2f", paper);
    else
        fprintf(f, " %12s", "-");
    if (have && paper > 0)
        fprintf(f, " %+8.1f%%  %s\n", (ours / paper - 1) * 100, unit);
    else
        fprintf(f, " %9s  %s\n", "", unit);
}

void table2_write_text(FILE *f, const struct power *p, const struct report_info *info)
{
    const struct table2_def *d = table2_for(info->board);
    if (!d)
        return;
    struct report_info ri = *info;
    ri.inference_phase = d->inference_phase;
    ri.e2e_exclude = d->e2e_exclude;
    struct report_metrics m;
    report_compute(p, &ri, &m);
    const struct table2_paper *pp = &d->paper;
    fprintf(f, "\nTable II (%s column of the paper beside ttemu; clock %s; what the board YAML calibrates: docs/validation.md):\n",
            d->paper_column, info->inference_clock ? info->inference_clock : d->mac_clock);
    fprintf(f, "  %-34s %12s %12s %9s\n", "", "ttemu", "paper", "error");
    row(f, "end-to-end energy", "mJ", m.has_e2e, m.e2e_energy_pj * 1e-9, pp->e2e_energy_mj);
    row(f, "end-to-end latency", "ms", m.has_e2e, (double)m.e2e_latency_ps * 1e-9, pp->e2e_latency_ms);
    row(f, "inference MAC/cycle", "MAC/cycle", m.has_mac_per_cycle, m.mac_per_cycle, pp->mac_per_cycle);
    row(f, "inference latency", "ms", m.has_inference, (double)m.inference_latency_ps * 1e-9,
        pp->inference_latency_ms);
    row(f, "inference power efficiency", "uW/MHz", m.has_uw_per_mhz, m.uw_per_mhz, pp->uw_per_mhz);
    row(f, "inference energy", "mJ", m.has_inference, m.inference_energy_pj * 1e-9, pp->inference_energy_mj);
}
