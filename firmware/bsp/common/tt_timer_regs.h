/* ttemu's timer (type "timer", docs/devices.md): its register map, shared
 * by the device model (devices/timer.c) and the firmware driver
 * (tt_timer.h). A down counter at the board's clock_hz parameter that
 * reloads on zero; all registers are 32-bit words. */
#ifndef BSP_TT_TIMER_REGS_H
#define BSP_TT_TIMER_REGS_H

#define TT_TIMER_OFF_CTRL   0x00u
#define TT_TIMER_OFF_LOAD   0x04u /* reload value; a write restarts */
#define TT_TIMER_OFF_VALUE  0x08u /* R: current count */
#define TT_TIMER_OFF_STATUS 0x0cu

#define TT_TIMER_CTRL_EN   1u
#define TT_TIMER_CTRL_IRQ  2u
#define TT_TIMER_EXPIRED   1u   /* STATUS, W1C */

#endif
