/* ttemu's trace device (type "trace", docs/devices.md): its register map,
 * shared by the device model (devices/trace.c) and the firmware driver
 * (tt_trace.h): phase markers, the MAC counter and simulated time. All
 * registers are 32-bit words. */
#ifndef BSP_TT_TRACE_REGS_H
#define BSP_TT_TRACE_REGS_H

#define TT_TRACE_OFF_PHASE   0x00u /* W: address of a phase name; R: phase index */
#define TT_TRACE_OFF_MACS    0x04u /* W: add to the MAC counter */
#define TT_TRACE_OFF_LAYER   0x08u /* W: layer starting (TT_TRACE_NO_LAYER: none) */
#define TT_TRACE_OFF_MARK    0x0cu /* W: free-form marker */
#define TT_TRACE_OFF_TIME_LO 0x10u /* R: simulated ns, low word (latches HI) */
#define TT_TRACE_OFF_TIME_HI 0x14u /* R */
#define TT_TRACE_OFF_MACS_LO 0x18u /* R (latches HI) */
#define TT_TRACE_OFF_MACS_HI 0x1cu /* R */

#define TT_TRACE_NO_LAYER 0xffffffffu

#endif
