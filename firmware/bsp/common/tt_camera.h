/* ttemu's camera sensor (type "camera", docs/devices.md): a bus master that
 * reads a frame out over its line time into FB_ADDR. The map and its bits
 * are tt_camera_regs.h, which the device model reads too. */
#ifndef BSP_TT_CAMERA_H
#define BSP_TT_CAMERA_H

#include <stddef.h>
#include <stdint.h>

#include "tt_camera_regs.h"

typedef struct {
    volatile uint32_t CTRL;         /* 0x00 */
    volatile uint32_t STATUS;       /* 0x04 */
    volatile uint32_t FB_ADDR;      /* 0x08 */
    volatile uint32_t WIDTH;        /* 0x0c R */
    volatile uint32_t HEIGHT;       /* 0x10 R */
    volatile uint32_t BYTES_PER_PIXEL; /* 0x14 R */
    volatile uint32_t FRAME_COUNT;  /* 0x18 R */
    volatile uint32_t FRAME_BYTES;  /* 0x1c R */
    volatile uint32_t READOUT_NS;   /* 0x20 R */
} tt_camera_t;

_Static_assert(offsetof(tt_camera_t, STATUS) == TT_CAM_OFF_STATUS &&
               offsetof(tt_camera_t, FB_ADDR) == TT_CAM_OFF_FB_ADDR &&
               offsetof(tt_camera_t, FRAME_BYTES) == TT_CAM_OFF_FRAME_BYTES &&
               offsetof(tt_camera_t, READOUT_NS) == TT_CAM_OFF_READOUT_NS,
               "tt_camera_t follows tt_camera_regs.h");

#endif
