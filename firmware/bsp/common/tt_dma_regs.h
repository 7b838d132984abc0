/* ttemu's DMA controller (type "dma", docs/devices.md): its register map,
 * shared by the device model (devices/dma.c) and the firmware driver
 * (tt_dma.h). Channel n's registers are at TT_DMA_CH_STRIDE * n plus the
 * offsets below; all are 32-bit words. The bytes land when the transfer
 * completes; a source that is not readable or a destination that is not
 * writable (ROM, flash, unmapped) ends it with ERROR. */
#ifndef BSP_TT_DMA_REGS_H
#define BSP_TT_DMA_REGS_H

#define TT_DMA_MAX_CHANNELS 8u
#define TT_DMA_CH_STRIDE    0x20u
#define TT_DMA_OFF_SRC      0x00u
#define TT_DMA_OFF_DST      0x04u
#define TT_DMA_OFF_LEN      0x08u /* bytes */
#define TT_DMA_OFF_CTRL     0x0cu
#define TT_DMA_OFF_STATUS   0x10u

#define TT_DMA_CTRL_START 1u    /* write 1 to begin */
#define TT_DMA_CTRL_IRQ   2u    /* IRQ on completion */
#define TT_DMA_BUSY       1u
#define TT_DMA_DONE       2u    /* W1C */
#define TT_DMA_ERROR      4u    /* W1C: a bus error on the source or destination */

#endif
