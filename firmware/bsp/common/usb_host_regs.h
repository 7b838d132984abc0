/* ttemu's USB host controller (devices/usb_host.c, board type usb-host):
 * shared by the device model and the firmware drivers, so both read one
 * map. Offsets from the device's base; all registers 32-bit.
 *
 * One transfer at a time, described in registers (a one-entry queue, where
 * an EHCI controller would walk descriptors in memory): EP is the endpoint
 * address (USB 2.0 9.6.6: bit 7 set = IN), ADDR and LEN the buffer in
 * memory, SETUP_LO/HI the 8-byte setup packet of a control transfer (EP 0;
 * its data stage is ADDR/LEN, direction from bmRequestType bit 7). Writing
 * CMD_START begins it; the bytes cross the board link named by the
 * device's `link` parameter and take the link's time (devices/link.c).
 * STATUS.DONE (or ERROR) is set at the end and raises the IRQ when
 * CTRL.IRQ is set. An IN transfer waits, without timing out, until the
 * device has data for that endpoint (the Edge TPU's output and event
 * endpoints fill when a run ends), so its DONE is the completion interrupt.
 * On a usb2 link the controller can keep an EHCI's schedule timing (the
 * device's async_sleep_ns, nak_reload and interrupt_threshold_uframes
 * parameters, docs/devices.md): a transfer then waits for the schedule to
 * take it up, and DONE waits for the interrupt threshold. */
#ifndef BSP_USB_HOST_REGS_H
#define BSP_USB_HOST_REGS_H

#define USBH_CTRL        0x00u /* bit0 RUN (port power on, device attached), bit1 IRQ enable */
#define USBH_STATUS      0x04u /* bit0 connected, bit1 busy, bit2 done (W1C), bit3 error (W1C),
                                * bit4 waiting (IN transfer started, device has no data yet) */
#define USBH_SPEED       0x08u /* R: USBH_SPEED_* of the attached device (the link's kind) */
#define USBH_EP          0x0cu /* endpoint address of the next transfer */
#define USBH_ADDR        0x10u /* buffer in memory */
#define USBH_LEN         0x14u /* bytes (IN: the most the buffer takes) */
#define USBH_SETUP_LO    0x18u /* bmRequestType | bRequest << 8 | wValue << 16 */
#define USBH_SETUP_HI    0x1cu /* wIndex | wLength << 16 */
#define USBH_CMD         0x20u /* W: USBH_CMD_START */
#define USBH_ACTUAL      0x24u /* R: bytes the last transfer moved */
#define USBH_ERROR       0x28u /* R: USBH_ERR_* of the last error */
#define USBH_XFER_NS     0x2cu /* R: the last transfer's time on the link, ns */
#define USBH_BYTES_OUT   0x30u /* R: bytes sent since reset (all endpoints) */
#define USBH_BYTES_IN    0x34u /* R: bytes received since reset */
#define USBH_XFERS       0x38u /* R: transfers completed since reset */
#define USBH_LINK_NS     0x3cu /* R: total link-busy time since reset, ns */
#define USBH_WAIT_NS     0x40u /* R: the last transfer's time waiting on the controller's schedule
                                * (async sleep, NAK throttling, interrupt threshold), ns */
#define USBH_SCHED_NS    0x44u /* R: total of those waits since reset, ns */

#define USBH_CTRL_RUN     0x1u
#define USBH_CTRL_IRQ     0x2u
#define USBH_ST_CONNECTED 0x1u
#define USBH_ST_BUSY      0x2u
#define USBH_ST_DONE      0x4u
#define USBH_ST_ERROR     0x8u
#define USBH_ST_WAITING   0x10u
#define USBH_CMD_START    0x1u

#define USBH_SPEED_NONE   0u
#define USBH_SPEED_HIGH   2u /* USB 2.0 high speed, 480 Mbit/s */
#define USBH_SPEED_SUPER  3u /* USB 3.0 SuperSpeed, 5 Gbit/s */

#define USBH_ERR_NONE     0u
#define USBH_ERR_NO_DEVICE 1u /* CTRL.RUN off, or nothing on the port */
#define USBH_ERR_BUSY     2u /* START while a transfer runs */
#define USBH_ERR_MEMORY   3u /* ADDR..ADDR+LEN is not memory */
#define USBH_ERR_STALL    4u /* the device refused the transfer (bad endpoint, request or data) */

#endif
