/* Arm MPS2+ AN500 (models/boards/mps2-an500.yaml, QEMU's memory map). The
 * devices are those of every MPS2 board (common/mps2_board.h).
 * (firmware/bsp/mps2 is the QEMU-compatible BSP of the tests; this one
 * only describes the board for the board test.) */
#ifndef BSP_BOARD_H
#define BSP_BOARD_H

#define BSP_BOARD_NAME   "mps2-an500"
#define BSP_CORE         "cortex-m7"

#include "mps2_board.h"

#endif
