/* Changes to a board made on the command line before the machine is built
 * (`ttemu run --clock HZ`, `--set DEVICE.PARAM=VALUE`; docs/sweep.md):
 * the sweep's clock, TPU-clock and camera axes. They edit the parsed
 * board description, so the devices see them exactly as if the YAML had
 * said so, and the same checks apply (device_check_board, each model's
 * own range checks), plus: a core clock must be one of the core's
 * clock_levels_hz, and a device's clock_hz one of its clock_levels_hz when
 * it lists them. */
#ifndef TTEMU_EMU_BOARD_OVERRIDE_H
#define TTEMU_EMU_BOARD_OVERRIDE_H

#include <stddef.h>

#include "emu/board/board.h"

#define OVERRIDE_MAX_SETS 16

struct board_overrides {
    const char *clock;                      /* "--clock": Hz (156M, 32000000) or Lk (level k); NULL: none */
    size_t nsets;
    const char *sets[OVERRIDE_MAX_SETS];    /* "DEVICE.PARAM=VALUE" */
};

/* Checks the form of a --set argument (DEVICE.PARAM=VALUE) before any
 * board is read: 0, or -1 with one line in err. */
int board_override_syntax(const char *set, char *err, size_t errlen);

/* Applies o to b. Returns 0, or -1 with one line in err naming the option,
 * the board and what was expected. */
int board_override_apply(struct board_desc *b, const struct board_overrides *o, char *err,
                         size_t errlen);

#endif
