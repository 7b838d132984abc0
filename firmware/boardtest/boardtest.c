/* boardtest: one application for every ttemu board (firmware/bsp/BOARD).
 *
 * It walks through the paper's pipeline once, marking each step as a phase
 * on the trace device so that ttemu's report splits time and energy the
 * same way:
 *   capture    power the camera (CTRL POWER), take one frame into memory,
 *              sleeping in WFI until its interrupt (or polling when the
 *              core has no NVIC); boards without a camera make a test
 *              frame in software instead
 *   transfer   move the frame (or its first BSP_XFER_BYTES) with the DMA,
 *              sleeping until its completion interrupt
 *   inference  a small integer network on a 32x32 crop as a stand-in for
 *              the model (3x3 conv, 8 channels, ReLU, pooling, 8x4 dense),
 *              its MACs reported to the trace device
 *   idle       camera off, the board's PMU plan (BSP_PMU_PLAN), the checks
 *              kept out of the end-to-end phases (the DMA copy equals the
 *              frame), the lowest clock level where the board has levels,
 *              a timed wait of 1 ms on the board timer
 * The PMU plan of a board applies on entering the phase it names.
 * Everything printed is simulated time or data, so the output of two runs
 * is identical. The exit status is 0 when every check passed, else the
 * OR of the BT_FAIL_* bits of the checks that failed. */
#include <stdio.h>
#include <string.h>

#include "bsp.h"

#define BT_FAIL_CAMERA    0x01
#define BT_FAIL_DMA       0x02
#define BT_FAIL_TIMER     0x04
#define BT_FAIL_PMU       0x08
#define BT_FAIL_TRACE     0x10
#define BT_FAIL_IRQ       0x20

#define BT_FRAME_BYTES   (BSP_FRAME_W * BSP_FRAME_H * BSP_FRAME_BPP)
#define BT_XFER_BYTES    (BSP_XFER_BYTES < BT_FRAME_BYTES ? BSP_XFER_BYTES : BT_FRAME_BYTES)
#define WAIT_NS       1000000u   /* the idle phase's timed wait */

static uint8_t frame[BT_FRAME_BYTES] __attribute__((section(".framebuf"), aligned(32)));
static uint8_t xfer[BT_XFER_BYTES] __attribute__((section(".xferbuf"), aligned(32)));

static unsigned failures;
static const struct bsp_pmu_step pmu_plan[] = { BSP_PMU_PLAN { NULL, NULL, NULL } };

static uint64_t now_ns(void) { return tt_trace_time_ns(BSP_TRACE); }

static void check(int ok, unsigned bit, const char *what)
{
    if (!ok) {
        failures |= bit;
        bsp_printf("  CHECK FAILED: %s\n", what);
    }
}

/* Enters a phase: the trace marker, then the board's power steps for it. */
static void phase(const char *name)
{
    tt_trace_phase(BSP_TRACE, name);
    for (const struct bsp_pmu_step *s = pmu_plan; s->phase; s++) {
        if (strcmp(s->phase, name))
            continue;
        uint32_t ok = tt_pmu_set_state(BSP_PMU, s->component, s->state);
        bsp_printf("  pmu: %s -> %s: %s\n", s->component, s->state, ok ? "ok" : "refused");
        check(ok, BT_FAIL_PMU, "pmu state change");
    }
}

/* FNV-1a over about 4096 bytes spread over the buffer: a cheap fingerprint
 * even of a 6 MB frame. */
static uint32_t fingerprint(const uint8_t *p, uint32_t n)
{
    uint32_t h = 2166136261u, step = n / 4096 | 1;
    for (uint32_t k = 0; k < n; k += step)
        h = (h ^ p[k]) * 16777619u;
    return h;
}

/* ---------------------------------------------------------------- capture */

#if BSP_HAS_CAMERA
static volatile uint32_t cam_irqs, cam_status;

/* The camera's frame-done interrupt: note it and clear the source (W1C),
 * which drops the level-sensitive line before the exception returns. */
void BSP_CAMERA_IRQ_HANDLER(void)
{
    uint32_t s = BSP_CAMERA->STATUS;
    BSP_CAMERA->STATUS = s & (TT_CAM_DONE | TT_CAM_ERROR);
    cam_status |= s;
    cam_irqs++;
}

static void capture(void)
{
    tt_camera_t *cam = BSP_CAMERA;
    uint32_t w = cam->WIDTH, h = cam->HEIGHT, bpp = cam->BYTES_PER_PIXEL, bytes = cam->FRAME_BYTES;
    bsp_printf("camera: %lux%lu, %lu bytes/pixel, %lu bytes a frame, readout %lu ns\n",
               (unsigned long)w, (unsigned long)h, (unsigned long)bpp, (unsigned long)bytes,
               (unsigned long)cam->READOUT_NS);
    check(w == BSP_FRAME_W && h == BSP_FRAME_H && bpp == BSP_FRAME_BPP && bytes == BT_FRAME_BYTES,
          BT_FAIL_CAMERA, "camera geometry matches board.h");
    if (bytes > BT_FRAME_BYTES)
        return;

    int use_irq = nvic_usable(BSP_CAMERA_IRQ);
    uint64_t t0 = now_ns();
    cam->FB_ADDR = (uint32_t)(uintptr_t)frame;
    cam->CTRL = TT_CAM_CTRL_POWER | (use_irq ? TT_CAM_CTRL_IRQ : 0);
    if (use_irq) {
        /* Race-free sleep (ARMv7-M B1.5.19): with PRIMASK set a pending
         * interrupt still ends WFI; unmasking then lets it be taken. */
        cam_irqs = 0;
        cam_status = 0;
        nvic_clear_pending(BSP_CAMERA_IRQ);
        nvic_set_priority(BSP_CAMERA_IRQ, 0x80);
        nvic_enable(BSP_CAMERA_IRQ);
        cpu_irq_disable();
        cam->CTRL = TT_CAM_CTRL_POWER | TT_CAM_CTRL_IRQ | TT_CAM_CTRL_START;
        while (!cam_irqs) {
            cpu_wfi();
            cpu_irq_enable();
            cpu_irq_disable();
        }
        cpu_irq_enable();
        nvic_disable(BSP_CAMERA_IRQ);
        check(cam_irqs == 1, BT_FAIL_IRQ, "one camera interrupt");
    } else {
        cam->CTRL = TT_CAM_CTRL_POWER | TT_CAM_CTRL_START;
        while (!((cam_status = cam->STATUS) & TT_CAM_DONE))
            ;
        cam->STATUS = TT_CAM_DONE | TT_CAM_ERROR;
    }
    uint64_t t1 = now_ns();
    bsp_printf("capture: frame %lu at 0x%08lx in %lu ns (start-up and readout), waited by %s\n",
               (unsigned long)cam->FRAME_COUNT, (unsigned long)(uintptr_t)frame,
               (unsigned long)(t1 - t0), use_irq ? "irq+wfi" : "polling");
    check(!(cam_status & TT_CAM_ERROR), BT_FAIL_CAMERA, "no camera error");
    check(cam->FRAME_COUNT == 1, BT_FAIL_CAMERA, "one frame");
    check(t1 - t0 >= cam->READOUT_NS, BT_FAIL_CAMERA, "capture lasts at least the readout");
}
#else
/* No camera on this board: the host makes a deterministic test frame (a
 * gradient with a bright square) where a camera would have put it. */
static void capture(void)
{
    uint64_t t0 = now_ns();
    for (uint32_t y = 0; y < BSP_FRAME_H; y++)
        for (uint32_t x = 0; x < BSP_FRAME_W; x++) {
            uint8_t v = (uint8_t)((x * 255u) / BSP_FRAME_W / 2 + (y * 255u) / BSP_FRAME_H / 2);
            if (x > BSP_FRAME_W / 3 && x < BSP_FRAME_W / 2 && y > BSP_FRAME_H / 3 && y < BSP_FRAME_H / 2)
                v = 250;
            for (uint32_t b = 0; b < BSP_FRAME_BPP; b++)
                frame[(y * BSP_FRAME_W + x) * BSP_FRAME_BPP + b] = v;
        }
    bsp_printf("capture: no camera on this board; a %ux%u test frame made in software in %lu ns\n",
               (unsigned)BSP_FRAME_W, (unsigned)BSP_FRAME_H, (unsigned long)(now_ns() - t0));
}
#endif

/* --------------------------------------------------------------- transfer */

/* The DMA's destination is filled with a pattern beforehand (in the boot
 * phase), so that a copy that never happened cannot pass the check. */
static void transfer(void)
{
    uint64_t t0 = now_ns();
    tt_dma_start(BSP_DMA, 0, frame, xfer, BT_XFER_BYTES, 1);
    bsp_wait_bits(&BSP_DMA->ch[0].STATUS, TT_DMA_DONE, BSP_DMA_IRQ);
    uint32_t st = tt_dma_finish(BSP_DMA, 0);
    bsp_irq_ack(BSP_DMA_IRQ);
    uint64_t t1 = now_ns();
    bsp_printf("transfer: dma %lu bytes 0x%08lx -> 0x%08lx in %lu ns, status 0x%lx\n",
               (unsigned long)BT_XFER_BYTES, (unsigned long)(uintptr_t)frame,
               (unsigned long)(uintptr_t)xfer, (unsigned long)(t1 - t0), (unsigned long)st);
    check((st & (TT_DMA_DONE | TT_DMA_ERROR)) == TT_DMA_DONE, BT_FAIL_DMA, "dma done without error");
}

/* -------------------------------------------------------------- inference */

#define IN_N   32           /* input: 32x32, one channel */
#define CONV_C 8            /* 3x3 conv to 8 channels, valid padding */
#define CONV_N (IN_N - 2)
#define FC_N   4

static int8_t input[IN_N][IN_N];
static int8_t conv_w[CONV_C][3][3], fc_w[FC_N][CONV_C];
static int8_t act[CONV_C][CONV_N][CONV_N];

/* One luma-like sample of pixel (x, y) of what the DMA brought over. */
static uint8_t sample(uint32_t x, uint32_t y)
{
    const uint8_t *p = xfer + (y * BSP_FRAME_W + x) * BSP_FRAME_BPP;
#if BSP_FRAME_FMT == TT_FMT_RAW10
    return (uint8_t)((p[0] | (uint32_t)p[1] << 8) >> 2);
#else
    return p[0]; /* gray8, bayer8, and Y of YUYV */
#endif
}

static void make_weights(void)
{
    uint32_t s = 12345u;
    for (int c = 0; c < CONV_C; c++)
        for (int i = 0; i < 9; i++) {
            s = s * 1103515245u + 12345u;
            conv_w[c][i / 3][i % 3] = (int8_t)((s >> 16) % 31) - 15;
        }
    for (int o = 0; o < FC_N; o++)
        for (int c = 0; c < CONV_C; c++) {
            s = s * 1103515245u + 12345u;
            fc_w[o][c] = (int8_t)((s >> 16) % 61) - 30;
        }
}

static void inference(void)
{
    uint64_t t0 = now_ns(), macs0 = tt_trace_macs(BSP_TRACE);
    uint32_t rows = BT_XFER_BYTES / (BSP_FRAME_W * BSP_FRAME_BPP); /* lines the DMA brought */
    make_weights();

    /* Crop: a 32x32 grid over the lines present. */
    for (uint32_t y = 0; y < IN_N; y++)
        for (uint32_t x = 0; x < IN_N; x++)
            input[y][x] = (int8_t)(sample(x * BSP_FRAME_W / IN_N, y * rows / IN_N) - 128);

    BSP_TRACE->LAYER = 0;
    for (int c = 0; c < CONV_C; c++)
        for (int y = 0; y < CONV_N; y++)
            for (int x = 0; x < CONV_N; x++) {
                int32_t acc = 0;
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < 3; j++)
                        acc += input[y + i][x + j] * conv_w[c][i][j];
                acc >>= 5;
                act[c][y][x] = (int8_t)(acc < 0 ? 0 : acc > 127 ? 127 : acc);
            }
    BSP_TRACE->MACS = CONV_C * CONV_N * CONV_N * 9;

    BSP_TRACE->LAYER = 1;
    int32_t pooled[CONV_C];
    for (int c = 0; c < CONV_C; c++) {
        int32_t sum = 0;
        for (int y = 0; y < CONV_N; y++)
            for (int x = 0; x < CONV_N; x++)
                sum += act[c][y][x];
        pooled[c] = sum / (CONV_N * CONV_N);
    }

    BSP_TRACE->LAYER = 2;
    int32_t score[FC_N];
    int best = 0;
    for (int o = 0; o < FC_N; o++) {
        score[o] = 0;
        for (int c = 0; c < CONV_C; c++)
            score[o] += pooled[c] * fc_w[o][c];
        if (score[o] > score[best])
            best = o;
    }
    BSP_TRACE->MACS = FC_N * CONV_C;
    BSP_TRACE->LAYER = 0xffffffffu;

    uint64_t macs = tt_trace_macs(BSP_TRACE) - macs0;
    const uint32_t want = CONV_C * CONV_N * CONV_N * 9 + FC_N * CONV_C;
    bsp_printf("inference: %lu MACs in %lu ns, scores %ld %ld %ld %ld, class %d\n",
               (unsigned long)macs, (unsigned long)(now_ns() - t0), (long)score[0], (long)score[1],
               (long)score[2], (long)score[3], best);
    check(macs == want, BT_FAIL_TRACE, "trace MAC counter");
}

/* ------------------------------------------------------------------- idle */

/* The pipeline is over: the camera goes off, the firmware checks what it
 * got (here, outside the end-to-end phases, so that the checks do not add
 * to the pipeline's time and energy), then sleeps on the timer at the
 * lowest clock level. */
static void idle(void)
{
#if BSP_HAS_CAMERA
    BSP_CAMERA->CTRL = 0; /* sensor power off */
    bsp_printf("idle: camera off\n");
#endif
    int same = !memcmp(frame, xfer, BT_XFER_BYTES);
    bsp_printf("idle: frame fingerprint 0x%08lx, dma copy %s\n",
               (unsigned long)fingerprint(frame, BT_FRAME_BYTES), same ? "matches" : "DIFFERS");
    check(same, BT_FAIL_DMA, "dma copy equals the frame");

#if BSP_IDLE_CLOCK_LEVEL >= 0
    static const uint32_t levels[] = BSP_CLOCK_LEVELS_HZ;
    uint32_t ok = tt_pmu_clock_level(BSP_PMU, BSP_IDLE_CLOCK_LEVEL);
    uint32_t hz = BSP_PMU->CLOCK_HZ;
    bsp_printf("idle: clock level %d: %lu Hz\n", BSP_IDLE_CLOCK_LEVEL, (unsigned long)hz);
    check(ok && hz == levels[BSP_IDLE_CLOCK_LEVEL], BT_FAIL_PMU, "pmu clock level");
#endif
    /* A name the board does not have is refused (STATUS 0). */
    check(!tt_pmu_set_state(BSP_PMU, "no-such-component", "on"), BT_FAIL_PMU,
          "pmu refuses an unknown component");

    uint32_t ticks = (uint32_t)((uint64_t)BSP_TIMER_HZ * WAIT_NS / 1000000000u);
    uint64_t t0 = now_ns();
    bsp_timer_start(ticks, 1);
    bsp_wait_bits(bsp_timer_status(), 1u, BSP_TIMER_IRQ);
    bsp_timer_stop();
    bsp_irq_ack(BSP_TIMER_IRQ);
    uint64_t dt = now_ns() - t0;
    bsp_printf("idle: timer wait of %lu ticks at %lu Hz took %lu ns\n", (unsigned long)ticks,
               (unsigned long)BSP_TIMER_HZ, (unsigned long)dt);
    check(dt >= WAIT_NS && dt < WAIT_NS + WAIT_NS / 10, BT_FAIL_TIMER, "timed wait of 1 ms");

#if BSP_IDLE_CLOCK_LEVEL >= 0
    tt_pmu_clock_level(BSP_PMU, 0);
    bsp_printf("idle: clock back to %lu Hz\n", (unsigned long)BSP_PMU->CLOCK_HZ);
    check(BSP_PMU->CLOCK_HZ == levels[0], BT_FAIL_PMU, "pmu clock level 0");
#endif
}

int main(void)
{
    bsp_printf("boardtest on %s (%s, %lu Hz)\n", BSP_BOARD_NAME, BSP_CORE,
               (unsigned long)BSP_PMU->CLOCK_HZ);
    check(BSP_PMU->CLOCK_HZ == BSP_CORE_HZ, BT_FAIL_PMU, "core clock as board.h says");

    memset(xfer, 0xa5, BT_XFER_BYTES);

    phase("capture");
    capture();
    phase("transfer");
    transfer();
    phase("inference");
    inference();
    phase("idle");
    idle();

    bsp_printf("boardtest: %s at %lu ns, status 0x%02x\n", failures ? "FAILED" : "passed",
               (unsigned long)now_ns(), failures);
    /* The last word goes through newlib's stdio on semihosting. */
    printf("boardtest %s: exit %u\n", BSP_BOARD_NAME, failures);
    fflush(stdout);
    return (int)failures;
}
