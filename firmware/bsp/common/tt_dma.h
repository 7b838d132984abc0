/* ttemu's DMA controller (type "dma", docs/devices.md): channel n at
 * 0x20*n with SRC, DST, LEN, CTRL (bit0 START, bit1 IRQ on completion),
 * STATUS (bit0 busy, bit1 done, bit2 bus error; W1C done/error). The bytes
 * land when the transfer completes. The map: tt_dma_regs.h. */
#ifndef BSP_TT_DMA_H
#define BSP_TT_DMA_H

#include <stddef.h>
#include <stdint.h>

#include "tt_dma_regs.h"

typedef struct {
    volatile uint32_t SRC, DST, LEN, CTRL, STATUS;
    uint32_t reserved[3];
} tt_dma_ch_t;

typedef struct {
    tt_dma_ch_t ch[TT_DMA_MAX_CHANNELS];
} tt_dma_t;

_Static_assert(sizeof(tt_dma_ch_t) == TT_DMA_CH_STRIDE &&
               offsetof(tt_dma_ch_t, DST) == TT_DMA_OFF_DST &&
               offsetof(tt_dma_ch_t, LEN) == TT_DMA_OFF_LEN &&
               offsetof(tt_dma_ch_t, CTRL) == TT_DMA_OFF_CTRL &&
               offsetof(tt_dma_ch_t, STATUS) == TT_DMA_OFF_STATUS,
               "tt_dma_ch_t follows tt_dma_regs.h");

static inline void tt_dma_start(tt_dma_t *d, unsigned ch, const void *src, void *dst,
                                uint32_t len, int irq)
{
    tt_dma_ch_t *c = &d->ch[ch];
    c->STATUS = TT_DMA_DONE | TT_DMA_ERROR;
    c->SRC = (uint32_t)(uintptr_t)src;
    c->DST = (uint32_t)(uintptr_t)dst;
    c->LEN = len;
    __asm volatile("dsb" ::: "memory"); /* the source is written before the DMA reads it */
    c->CTRL = TT_DMA_CTRL_START | (irq ? TT_DMA_CTRL_IRQ : 0);
}

/* STATUS after completion (done and error bits), then clears them. */
static inline uint32_t tt_dma_finish(tt_dma_t *d, unsigned ch)
{
    uint32_t s = d->ch[ch].STATUS;
    d->ch[ch].STATUS = TT_DMA_DONE | TT_DMA_ERROR;
    d->ch[ch].CTRL = 0;
    return s;
}

#endif
