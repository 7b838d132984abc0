/* Where the frame comes from (capture) and how it reaches preprocessing
 * (transfer), on every board through its BSP.
 *
 * Boards with a camera: power the sensor, start it streaming (continuous
 * mode: the paper's Spresense leaves the camera running after capture),
 * sleep in WFI until the first frame-done interrupt, then copy the frame
 * (or its first BSP_XFER_BYTES) with the DMA to the working buffer,
 * sleeping until the DMA's interrupt. Boards without a camera (the MPS2
 * boards, also under QEMU, which has neither camera nor DMA) make a
 * deterministic test scene in software and copy it with memcpy. */
#include <stdio.h>
#include <string.h>

#include "bsp.h"
#include "app.h"

#define APP_FRAME_BYTES (BSP_FRAME_W * BSP_FRAME_H * BSP_FRAME_BPP)
#define APP_XFER_BYTES  (BSP_XFER_BYTES < APP_FRAME_BYTES ? BSP_XFER_BYTES : APP_FRAME_BYTES)

static uint8_t frame[APP_FRAME_BYTES] __attribute__((section(".framebuf"), aligned(32)));
static uint8_t xfer[APP_XFER_BYTES] __attribute__((section(".xferbuf"), aligned(32)));

static struct app_frame describe(const uint8_t *pixels)
{
    return (struct app_frame){ pixels, BSP_FRAME_W, BSP_FRAME_H, BSP_FRAME_BPP, BSP_FRAME_FMT };
}

#if BSP_HAS_CAMERA
static volatile uint32_t cam_frames;

/* Frame done: clear the source (W1C) so the level line drops; count it. */
void BSP_CAMERA_IRQ_HANDLER(void)
{
    uint32_t s = BSP_CAMERA->STATUS;
    BSP_CAMERA->STATUS = s & (TT_CAM_DONE | TT_CAM_ERROR);
    cam_frames++;
}

int app_capture(struct app_frame *f)
{
    tt_camera_t *cam = BSP_CAMERA;
    if (cam->FRAME_BYTES != APP_FRAME_BYTES) {
        printf("tinytracker: camera frame of %lu bytes, board.h says %lu\n",
               (unsigned long)cam->FRAME_BYTES, (unsigned long)APP_FRAME_BYTES);
        return 4;
    }
    cam->FB_ADDR = (uint32_t)(uintptr_t)frame;
    uint32_t run = TT_CAM_CTRL_POWER | TT_CAM_CTRL_CONTINUOUS;
    cam->CTRL = run;
    /* Race-free sleep (ARMv7-M B1.5.19): a pending interrupt ends WFI even
     * with PRIMASK set; unmasking then lets the handler run. */
    cam_frames = 0;
    nvic_clear_pending(BSP_CAMERA_IRQ);
    nvic_enable(BSP_CAMERA_IRQ);
    cpu_irq_disable();
    cam->CTRL = run | TT_CAM_CTRL_IRQ | TT_CAM_CTRL_START;
    while (!cam_frames) {
        cpu_wfi();
        cpu_irq_enable();
        cpu_irq_disable();
    }
    cam->CTRL = run; /* streaming on, no more interrupts */
    cpu_irq_enable();
    nvic_disable(BSP_CAMERA_IRQ);
    *f = describe(frame);
    return 0;
}

int app_transfer(struct app_frame *f)
{
    tt_dma_start(BSP_DMA, 0, frame, xfer, APP_XFER_BYTES, 1);
    bsp_wait_bits(&BSP_DMA->ch[0].STATUS, TT_DMA_DONE, BSP_DMA_IRQ);
    uint32_t st = tt_dma_finish(BSP_DMA, 0);
    bsp_irq_ack(BSP_DMA_IRQ);
    if ((st & (TT_DMA_DONE | TT_DMA_ERROR)) != TT_DMA_DONE) {
        printf("tinytracker: dma of the frame failed, status 0x%lx\n", (unsigned long)st);
        return 4;
    }
    /* A partial copy (IMX500: the host's buffer is smaller than the
     * frame) leaves preprocessing on the frame buffer itself. */
    *f = describe(APP_XFER_BYTES == APP_FRAME_BYTES ? xfer : frame);
    return 0;
}

void app_camera_idle(void)
{
#if !defined(BSP_CAMERA_STREAMS_AFTER_CAPTURE)
    BSP_CAMERA->CTRL = 0; /* sensor off */
#endif
}
#else
/* A gradient with a bright square left of centre: the same bytes on every
 * run and every emulator. */
int app_capture(struct app_frame *f)
{
    for (uint32_t y = 0; y < BSP_FRAME_H; y++)
        for (uint32_t x = 0; x < BSP_FRAME_W; x++) {
            uint8_t v = (uint8_t)((x * 255u) / BSP_FRAME_W / 2 + (y * 255u) / BSP_FRAME_H / 2);
            if (x > BSP_FRAME_W / 3 && x < BSP_FRAME_W / 2 && y > BSP_FRAME_H / 3 && y < BSP_FRAME_H / 2)
                v = 250;
            for (uint32_t b = 0; b < BSP_FRAME_BPP; b++)
                frame[(y * BSP_FRAME_W + x) * BSP_FRAME_BPP + b] = v;
        }
    *f = describe(frame);
    return 0;
}

int app_transfer(struct app_frame *f)
{
    memcpy(xfer, frame, APP_XFER_BYTES);
    *f = describe(APP_XFER_BYTES == APP_FRAME_BYTES ? xfer : frame);
    return 0;
}

void app_camera_idle(void) {}
#endif
