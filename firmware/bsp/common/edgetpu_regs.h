/* The Edge TPU (devices/edgetpu.c, board type edgetpu): shared by the
 * device model and the firmware drivers (firmware/bsp/coralmicro,
 * coralusb), so both read one map. docs/devices.md has it register by
 * register, docs/edgetpu.md the flow and the timing.
 *
 * The TPU is a USB device behind the board's USB host controller
 * (usb_host_regs.h). The board reaches it two ways:
 *
 * 1. Its own window (the board's pins to the chip): ETPU_PIN_POWER is the
 *    power-enable pin (the Dev Board Micro has one, PAPER.md); while it is
 *    low the TPU is off and the USB port sees no device. The rest of the
 *    window is ttemu's read-only view of the last run (not on the chip).
 *
 * 2. USB, as Coral's drivers use it (endpoint numbers and descriptor tags
 *    from the coralmicro SDK's TPU driver):
 *    - control EP 0, vendor requests ETPU_REQ_WRITE_CSR / READ_CSR with
 *      wValue = CSR offset and a 4-byte data stage: the ETPU_CSR_* below;
 *    - bulk OUT EP 1: descriptors, each an 8-byte header (u32 byte count,
 *      u32 ETPU_TAG_*) then that many bytes, in as many transfers as the
 *      driver likes (the Dev Board Micro's driver: 32 KiB chunks);
 *    - bulk IN EP 0x81: the run's output activations;
 *    - interrupt IN EP 0x82 (the event endpoint): one 16-byte
 *      struct etpu_event when a run ends.
 *
 * The executable is the .ttm itself (ETPU_TAG_EXECUTABLE, sent once by
 * accel_open): the TPU plans its segment (the leading operators on
 * Coral's op list) and keeps the parameters that fit its cache, which is
 * the parameter-caching step. Then per run: the parameters beyond the
 * cache (ETPU_TAG_PARAMETERS, STREAM_BYTES at STREAM_OFF of the .ttm),
 * the instruction stream (ETPU_TAG_INSTRUCTIONS: the segment's operator
 * records, INSTR_BYTES at INSTR_OFF), the input (ETPU_TAG_INPUT, int8
 * tensors sent as uint8: each byte XOR 0x80, as the TPU takes uint8),
 * CSR RUN, then OUT_BYTES of output on EP 0x81 (the segment's tensors that
 * later operators or the model's outputs read, in operator order, int8 as
 * uint8 again) and the event. */
#ifndef BSP_EDGETPU_REGS_H
#define BSP_EDGETPU_REGS_H

#include <stdint.h>

/* ---- the window: pins and ttemu's view of the last run ---- */
#define ETPU_PIN          0x00u /* RW: bit0 POWER (power-enable pin) */
#define ETPU_PIN_STATUS   0x04u /* R: bit0 powered, bit1 running */
#define ETPU_LAST_RUN_NS  0x08u /* R: the last run's time on the TPU (fixed costs + array) */
#define ETPU_LAST_CYCLES  0x0cu /* R: its array cycles at the TPU clock */
#define ETPU_LAST_MACS    0x10u /* R: its MACs */
#define ETPU_RUNS         0x14u /* R: runs since power-on */
#define ETPU_CLOCK_HZ     0x18u /* R: the TPU clock now */

#define ETPU_PIN_POWER    0x1u
#define ETPU_PIN_ST_POWERED 0x1u
#define ETPU_PIN_ST_RUNNING 0x2u

/* ---- USB ---- */
#define ETPU_EP_BULK_OUT  0x01u
#define ETPU_EP_OUTPUT    0x81u
#define ETPU_EP_EVENT     0x82u

#define ETPU_REQ_TYPE_OUT 0x40u /* vendor, device, host-to-device (USB 2.0 9.3) */
#define ETPU_REQ_TYPE_IN  0xc0u /* vendor, device, device-to-host */
#define ETPU_REQ_WRITE_CSR 0x01u
#define ETPU_REQ_READ_CSR  0x00u

/* Descriptor tags on EP 1 (values as the coralmicro driver's). */
#define ETPU_TAG_INSTRUCTIONS 0u
#define ETPU_TAG_INPUT        1u
#define ETPU_TAG_PARAMETERS   2u
#define ETPU_TAG_EXECUTABLE   8u /* ttemu: the .ttm, once per model */
#define ETPU_HEADER_BYTES     8u

/* CSRs (control transfers, 4 bytes each). */
#define ETPU_CSR_ID          0x00u /* R: ETPU_ID */
#define ETPU_CSR_STATUS      0x04u /* R: ETPU_ST_* */
#define ETPU_CSR_ERROR       0x08u /* R: ETPU_ERR_* of the last refusal */
#define ETPU_CSR_CLOCK       0x0cu /* RW: index into the board's clock_levels_hz */
#define ETPU_CSR_RUN         0x10u /* W: ETPU_RUN_START */
#define ETPU_CSR_SEG_OPS     0x14u /* R: operators the TPU runs (0..n_ops) */
#define ETPU_CSR_IN_BYTES    0x18u /* R: input bytes a run needs */
#define ETPU_CSR_OUT_BYTES   0x1cu /* R: output bytes a run returns */
#define ETPU_CSR_CACHE_BYTES 0x20u /* R: parameter bytes held on chip */
#define ETPU_CSR_STREAM_OFF  0x24u /* R: .ttm offset of the parameters streamed every run */
#define ETPU_CSR_STREAM_BYTES 0x28u /* R: their bytes (0: all cached) */
#define ETPU_CSR_INSTR_OFF   0x2cu /* R: .ttm offset of the instruction stream */
#define ETPU_CSR_INSTR_BYTES 0x30u /* R: its bytes */
#define ETPU_CSR_RESET       0x34u /* W: 1 drops the executable and the cache */

#define ETPU_ID              0x55505445u /* "ETPU" */
#define ETPU_RUN_START       0x1u

#define ETPU_ST_LOADED       0x1u /* an executable is planned and its parameters cached */
#define ETPU_ST_INSTR        0x2u /* this run's instructions received */
#define ETPU_ST_INPUT        0x4u /* this run's input received */
#define ETPU_ST_PARAMS       0x8u /* this run's streamed parameters received (or none needed) */
#define ETPU_ST_RUNNING      0x10u
#define ETPU_ST_OUTPUT       0x20u /* output waiting on EP 0x81 */
#define ETPU_ST_ERROR        0x40u

#define ETPU_ERR_NONE        0u
#define ETPU_ERR_BAD_MODEL   1u /* the executable is not a .ttm the runtime opens, or not one input */
#define ETPU_ERR_PROTOCOL    2u /* a descriptor with an unknown tag, or too long, or data without a header */
#define ETPU_ERR_NOT_READY   3u /* RUN without an executable, this run's instructions, input or parameters */
#define ETPU_ERR_INVOKE      4u /* the runtime stopped on an operator */
#define ETPU_ERR_CSR         5u /* an unknown CSR, or a clock index out of range */

/* What EP 0x82 returns when a run ends. */
struct etpu_event {
    uint32_t tag;        /* ETPU_EVENT_DONE */
    uint32_t error;      /* ETPU_ERR_* */
    uint32_t run_ns;     /* the run's time on the TPU */
    uint32_t cycles;     /* its array cycles */
};
#define ETPU_EVENT_DONE      0x454e4f44u /* "DONE" */

#endif
