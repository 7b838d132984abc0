/* ttemu's camera sensor (type "camera", docs/devices.md): a bus master that
 * reads a frame out over its line time into FB_ADDR. */
#ifndef BSP_TT_CAMERA_H
#define BSP_TT_CAMERA_H

#include <stdint.h>

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

#define TT_CAM_CTRL_START      1u   /* one frame */
#define TT_CAM_CTRL_CONTINUOUS 2u
#define TT_CAM_CTRL_IRQ        4u   /* IRQ on frame done */
#define TT_CAM_CTRL_POWER      8u   /* sensor on; ready after its start-up time */
#define TT_CAM_BUSY  1u
#define TT_CAM_DONE  2u             /* W1C */
#define TT_CAM_ERROR 4u             /* W1C: started while off, or FB not memory */

/* Pixel formats (the board YAML's `format`), as bytes in memory. */
#define TT_FMT_GRAY8  0   /* 1 byte */
#define TT_FMT_BAYER8 1   /* 1 byte, RGGB */
#define TT_FMT_YUV422 2   /* YUYV: 2 bytes a pixel, Y in the first */
#define TT_FMT_RAW10  3   /* 10 bits in a little-endian 16-bit word */

#endif
