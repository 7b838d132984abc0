/* ttemu's PMU (type "pmu", docs/devices.md): its register map, shared by
 * the device model (devices/pmu.c) and the firmware driver (tt_pmu.h):
 * the core clock level and the power states of the board's components, by
 * name. All registers are 32-bit words. */
#ifndef BSP_TT_PMU_REGS_H
#define BSP_TT_PMU_REGS_H

#define TT_PMU_OFF_CLOCK_LEVEL 0x00u /* RW: index into clock_levels_hz */
#define TT_PMU_OFF_CLOCK_HZ    0x04u /* R */
#define TT_PMU_OFF_COMPONENT   0x08u /* W: address of a component name */
#define TT_PMU_OFF_STATE       0x0cu /* W: address of a state name */
#define TT_PMU_OFF_STATUS      0x10u /* R: 1 if the last write named something real */

#endif
