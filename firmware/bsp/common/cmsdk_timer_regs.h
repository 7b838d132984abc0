/* Arm CMSDK APB timer (type "cmsdk-timer": the MPS2 boards): its register
 * map, shared by the device model (devices/timer.c) and the firmware
 * driver (cmsdk_timer.h). Arm Cortex-M System Design Kit TRM, APB timer. */
#ifndef BSP_CMSDK_TIMER_REGS_H
#define BSP_CMSDK_TIMER_REGS_H

#define CMSDK_TIMER_OFF_CTRL      0x00u
#define CMSDK_TIMER_OFF_VALUE     0x04u
#define CMSDK_TIMER_OFF_RELOAD    0x08u
#define CMSDK_TIMER_OFF_INTSTATUS 0x0cu /* W1C (INTCLEAR) */

#define CMSDK_TIMER_CTRL_EN  1u
#define CMSDK_TIMER_CTRL_IRQ 8u

#endif
