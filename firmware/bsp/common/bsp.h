/* Board support for ttemu's boards: what every board offers to firmware.
 *
 * Include this (not board.h). The build puts firmware/bsp/BOARD first on
 * the include path, so "board.h" is the board's own description: addresses
 * and IRQs of its devices (from models/boards/BOARD.yaml), which driver
 * each one needs, and board facts the application may use. This file turns
 * that into one API: console, timer, DMA, camera, PMU and trace. */
#ifndef BSP_BSP_H
#define BSP_BSP_H

#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "armv7m.h"
#include "tt_camera.h"
#include "tt_dma.h"
#include "tt_pmu.h"
#include "tt_trace.h"

/* ---- console: the board's UART ---- */
#if defined(BSP_UART_CMSDK)
#include "cmsdk_uart.h"
#define BSP_UART ((cmsdk_uart_t *)BSP_UART_BASE)
static inline void bsp_uart_init(void) { cmsdk_uart_init(BSP_UART); }
static inline void bsp_uart_putc(char c) { cmsdk_uart_putc(BSP_UART, c); }
#else
#include "tt_uart.h"
#define BSP_UART ((tt_uart_t *)BSP_UART_BASE)
static inline void bsp_uart_init(void) { tt_uart_init(BSP_UART); }
static inline void bsp_uart_putc(char c) { tt_uart_putc(BSP_UART, c); }
#endif

/* ---- timer: one-shot counts of the board timer's ticks ---- */
#if defined(BSP_TIMER_CMSDK)
#include "cmsdk_timer.h"
#define BSP_TIMER ((cmsdk_timer_t *)BSP_TIMER_BASE)
static inline void bsp_timer_start(uint32_t ticks, int irq) { cmsdk_timer_start(BSP_TIMER, ticks, irq); }
static inline volatile uint32_t *bsp_timer_status(void) { return cmsdk_timer_status(BSP_TIMER); }
static inline void bsp_timer_stop(void) { cmsdk_timer_stop(BSP_TIMER); }
#else
#include "tt_timer.h"
#define BSP_TIMER ((tt_timer_t *)BSP_TIMER_BASE)
static inline void bsp_timer_start(uint32_t ticks, int irq) { tt_timer_start(BSP_TIMER, ticks, irq); }
static inline volatile uint32_t *bsp_timer_status(void) { return tt_timer_status(BSP_TIMER); }
static inline void bsp_timer_stop(void) { tt_timer_stop(BSP_TIMER); }
#endif

#define BSP_DMA    ((tt_dma_t *)BSP_DMA_BASE)
#define BSP_PMU    ((tt_pmu_t *)BSP_PMU_BASE)
#define BSP_TRACE  ((tt_trace_t *)BSP_TRACE_BASE)
#if BSP_HAS_CAMERA
#define BSP_CAMERA ((tt_camera_t *)BSP_CAMERA_BASE)
#endif

/* A power-state change the board wants when the firmware enters a phase
 * (BSP_PMU_PLAN in board.h): on entering `phase`, PMU component -> state. */
struct bsp_pmu_step {
    const char *phase, *component, *state;
};

/* ---- console output (startup.c) ---- */
void bsp_puts(const char *s);                 /* to the UART */
int  bsp_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- semihosting, without newlib (startup.c) ---- */
long bsp_semihost(long op, void *arg);
void bsp_exit_raw(int code) __attribute__((noreturn));

/* An exception the image has no handler for exits with this + its number
 * (103 HardFault, ..., 116 any external interrupt), after one line on the
 * semihosting console. */
#define BSP_EXIT_EXCEPTION_BASE 100

#endif
