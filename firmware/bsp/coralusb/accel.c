/* The USB Accelerator's driver on the stand-in host (accel.h): the host
 * side of libedgetpu, reduced to what the TPU needs. A desktop's runtime
 * hands its buffers to libusb without a bounce buffer, so only the input
 * and output, which the host transforms between int8 and uint8, are
 * copied; transfers go in 1 MiB pieces (assumed: a libusb-based Edge TPU
 * driver's chunk size; large enough that per-transfer costs are rare).
 * The driver itself is firmware/bsp/common/edgetpu_drv.h. */
#define ETPU_DRV_CHUNK      (1024u * 1024u)
#define ETPU_DRV_BOUNCE_ALL 0
#define ETPU_DRV_BOUNCE_ATTR __attribute__((section(".framebuf"))) /* SDRAM: 1 MiB */
#include "edgetpu_drv.h"
