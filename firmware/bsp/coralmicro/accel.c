/* The Dev Board Micro's Edge TPU driver (accel.h): the TPU on the board's
 * internal USB 2.0 high-speed port, driven by the M7 as Coral's SDK does
 * (PAPER.md): bulk data in 32 KiB chunks, each copied into a static
 * bounce buffer before its transfer, the TPU at its "high" clock (250 MHz,
 * the SDK's default; coralmicro libs/tpu/edgetpu_driver.cc,
 * kMaxBulkBufferSize and BulkOutTransfer). The TPU stays powered ("idle") between inferences,
 * which is the idle draw the paper blames for its 34.2 mJ. The driver
 * itself is firmware/bsp/common/edgetpu_drv.h. */
#define ETPU_DRV_CHUNK      (32u * 1024u)
#define ETPU_DRV_BOUNCE_ALL 1
/* coralmicro libs/tpu/edgetpu_executable.cc: the signed input transformed
 * in place byte by byte before SendInputs, the output after GetOutputs */
#define ETPU_DRV_CORAL_XFORM 1
#include "edgetpu_drv.h"
