/* ttemu's camera sensor (type "camera", docs/devices.md): its register
 * map, shared by the device model (devices/camera.c) and the firmware
 * driver (tt_camera.h), so both read one map. Offsets from the device's
 * base; all registers are 32-bit words.
 *
 * A bus master: START reads one frame out over the sensor's line time
 * and writes it to FB_ADDR; DONE (and the IRQ, when enabled) follows. */
#ifndef BSP_TT_CAMERA_REGS_H
#define BSP_TT_CAMERA_REGS_H

#define TT_CAM_OFF_CTRL            0x00u
#define TT_CAM_OFF_STATUS          0x04u
#define TT_CAM_OFF_FB_ADDR         0x08u
#define TT_CAM_OFF_WIDTH           0x0cu /* R */
#define TT_CAM_OFF_HEIGHT          0x10u /* R */
#define TT_CAM_OFF_BYTES_PER_PIXEL 0x14u /* R */
#define TT_CAM_OFF_FRAME_COUNT     0x18u /* R */
#define TT_CAM_OFF_FRAME_BYTES     0x1cu /* R */
#define TT_CAM_OFF_READOUT_NS      0x20u /* R */

#define TT_CAM_CTRL_START      1u   /* one frame */
#define TT_CAM_CTRL_CONTINUOUS 2u
#define TT_CAM_CTRL_IRQ        4u   /* IRQ on frame done */
#define TT_CAM_CTRL_POWER      8u   /* sensor on; ready after its start-up time */
#define TT_CAM_BUSY  1u
#define TT_CAM_DONE  2u             /* W1C */
#define TT_CAM_ERROR 4u             /* W1C: started while off, or FB not writable memory */

/* Pixel formats (the board YAML's `format`), as bytes in memory. */
#define TT_FMT_GRAY8  0   /* 1 byte */
#define TT_FMT_BAYER8 1   /* 1 byte, RGGB */
#define TT_FMT_YUV422 2   /* YUYV: 2 bytes a pixel, Y in the first */
#define TT_FMT_RAW10  3   /* 10 bits in a little-endian 16-bit word */

#endif
