/* The USB host controller's side of a USB device model (devices/usb_host.c
 * is the controller, devices/edgetpu.c the one function it has today).
 *
 * The controller moves the bytes and keeps the time (the board link's
 * transfer time, devices/link.c); the function only answers requests: it
 * takes OUT data when a transfer ends, and says how many IN bytes an
 * endpoint has. A function that gets IN data later (a run ends) calls
 * usb_host_kick() so a waiting IN transfer can start moving. */
#ifndef TTEMU_DEVICES_USB_HOST_H
#define TTEMU_DEVICES_USB_HOST_H

#include <stdbool.h>
#include <stdint.h>

struct usbh;

/* A control transfer's setup packet (USB 2.0 9.3). */
struct usb_setup {
    uint8_t type, request;
    uint16_t value, index, length;
};

struct usb_function {
    void *dev;
    /* Nonzero while the function is on the bus (powered). */
    bool (*attached)(void *dev);
    /* Control transfer: data holds length bytes, host-to-device when
     * type bit 7 is clear, to be filled otherwise. 0, or -1 to stall. */
    int (*control)(void *dev, const struct usb_setup *s, uint8_t *data);
    /* OUT data on ep, delivered when the transfer ends. 0, or -1 to stall. */
    int (*out)(void *dev, unsigned ep, const uint8_t *data, uint32_t len);
    /* IN: bytes ep has now (0: none yet: the transfer waits). */
    uint32_t (*in_avail)(void *dev, unsigned ep);
    /* IN: takes up to len bytes from ep into data; returns how many. */
    uint32_t (*in)(void *dev, unsigned ep, uint8_t *data, uint32_t len);
};

/* The function has new IN data: a waiting IN transfer starts now. */
void usb_host_kick(struct usbh *h);

/* The Edge TPU's function, bound to host h (devices/edgetpu.c). */
const struct usb_function *edgetpu_usb_function(void *tpu_state, struct usbh *h);

#endif
