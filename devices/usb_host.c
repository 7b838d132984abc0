/* ttemu's USB host controller: one transfer at a time over the board link
 * named by its `link` parameter, to the device at the link's other end
 * (a USB function, devices/usb_host.h). Registers:
 * firmware/bsp/common/usb_host_regs.h; docs/devices.md.
 *
 * Time: a transfer takes the link's time for its bytes
 * (link_transfer_ps: USB 2.0 microframes or USB 3.0 packets, plus the
 * link's per-transfer overhead); a control transfer adds its 8-byte setup
 * packet. An IN transfer whose endpoint is empty waits until the function
 * kicks the host. The bytes are read from (OUT) or written to (IN) memory
 * when the transfer ends, as a bus master. Power: the link's power
 * component is "active" while a transfer moves and "idle" otherwise, and
 * counts its action "byte" per payload byte.
 *
 * On a usb2 link the controller can keep an EHCI's schedule timing
 * (EHCI 1.0, each 0 by default = off):
 * - async_sleep_ns (4.8.3, AsyncSchedSleepTime): once the asynchronous
 *   schedule has nothing to do (the last transfer ended), the controller
 *   sleeps this long between traversals, and traverses again at every
 *   microframe start; a new transfer waits for the next traversal.
 * - nak_reload (4.9, the QH's RL field): an IN whose endpoint NAKs is
 *   throttled after that many NAKs until the next microframe start; so a
 *   waiting IN moves at the first microframe start after the data is there
 *   (the few NAKs at the start of each microframe take < 1 us: neglected).
 * - interrupt_threshold_uframes (2.3.1, USBCMD.ITC): the completion
 *   interrupt (and STATUS.DONE) waits for the next multiple of that many
 *   microframes; 0 is immediate (the i.MX RT's ITC 0).
 * Microframes count from CTRL.RUN, at the link's microframe_ns. While a
 * transfer waits for the schedule the link's power component is in state
 * "waiting" when the board gives it one (the trace then shows the waits). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "devices/device.h"
#include "devices/link.h"
#include "devices/usb_host.h"
#include "emu/board/board.h"
#include "firmware/bsp/common/usb_host_regs.h"
#include "emu/xalloc.h"

extern const struct device_type device_usb_host, device_edgetpu;

struct usbh {
    struct machine *m;
    const struct board_device *d;
    const struct board_link *link;
    const struct usb_function *fn;   /* bound at the first RUN */
    uint32_t ctrl, status, ep, addr, len, setup_lo, setup_hi, actual, error;
    uint32_t moving;                 /* bytes of the transfer in flight */
    uint64_t xfer_ps, link_ps, bytes_out, bytes_in, xfers;
    int power, byte_action;
    /* EHCI schedule timing (0: off) and its state */
    uint64_t sleep_ps, uframe_ps;
    uint32_t nak_reload, itc_uframes;
    uint64_t run_ps, idle_ps, submit_ps, end_ps, wait_ps, sched_ps;
    struct sched_event begin, done;
};

static void update_irq(struct usbh *h)
{
    if (h->d->irq >= 0)
        dev_irq(h->m, h->d->irq, (h->status & (USBH_ST_DONE | USBH_ST_ERROR)) && (h->ctrl & USBH_CTRL_IRQ));
}

static void link_power(struct usbh *h, const char *state)
{
    if (h->link && h->link->power)
        dev_power_state(h->m, h->link->power, state);
}

static void finish(struct usbh *h, uint32_t error)
{
    h->status &= ~(USBH_ST_BUSY | USBH_ST_WAITING);
    h->status |= error ? USBH_ST_ERROR : USBH_ST_DONE;
    h->error = error;
    update_irq(h);
}

/* The function at the other end of the link, once (devices are created in
 * board order, so it is looked up when the port is first powered). */
static void bind(struct usbh *h)
{
    if (h->fn || !h->link)
        return;
    const char *peer = strcmp(h->link->to, h->d->name) ? h->link->to : h->link->from;
    const struct device_type *t;
    void *state = dev_peer(h->m, peer, &t);
    if (state && t == &device_edgetpu)
        h->fn = edgetpu_usb_function(state, h);
}

static bool connected(const struct usbh *h)
{
    return (h->ctrl & USBH_CTRL_RUN) && h->fn && h->fn->attached(h->fn->dev);
}

static int is_in(const struct usbh *h)
{
    return h->ep ? (h->ep & 0x80u) != 0 : (h->setup_lo & 0x80u) != 0;
}

/* The start of the microframe that holds t (microframes count from RUN). */
static uint64_t uframe_start(const struct usbh *h, uint64_t t)
{
    return h->run_ps + (t - h->run_ps) / h->uframe_ps * h->uframe_ps;
}

/* When the asynchronous schedule takes up a transfer queued at t: the
 * controller has slept in async_sleep_ns steps since the schedule went
 * empty (or since this microframe began, whichever is later), and
 * traverses again at the next microframe start at the latest. */
static uint64_t async_pickup_ps(const struct usbh *h, uint64_t t)
{
    if (!h->sleep_ps)
        return t;
    uint64_t b = uframe_start(h, t);
    uint64_t a = h->idle_ps > b ? h->idle_ps : b;
    if (a >= t)
        return t;
    uint64_t p = a + (t - a + h->sleep_ps - 1) / h->sleep_ps * h->sleep_ps;
    return p < b + h->uframe_ps ? p : b + h->uframe_ps;
}

/* A NAK-throttled IN whose data arrived at t moves at the next microframe start. */
static uint64_t nak_pickup_ps(const struct usbh *h, uint64_t t)
{
    if (!h->nak_reload)
        return async_pickup_ps(h, t);
    uint64_t b = uframe_start(h, t);
    return b == t ? t : b + h->uframe_ps;
}

/* The completion interrupt of a transfer that ended at t (USBCMD.ITC). */
static uint64_t irq_at_ps(const struct usbh *h, uint64_t t)
{
    if (!h->itc_uframes)
        return t;
    uint64_t q = h->itc_uframes * h->uframe_ps;
    return h->run_ps + (t - h->run_ps + q - 1) / q * q;
}

/* The transfer starts moving on the link: n bytes on the wire. */
static void begin(void *ctx, uint64_t t_ps)
{
    struct usbh *h = ctx;
    link_power(h, "active");
    h->end_ps = t_ps + h->xfer_ps;
    dev_arm(h->m, &h->done, irq_at_ps(h, h->end_ps));
}

/* Queues the transfer of n bytes; the schedule takes it up at at_ps. */
static void move(struct usbh *h, uint32_t n, uint64_t at_ps)
{
    h->moving = n;
    h->xfer_ps = link_transfer_ps(h->link, n + (h->ep ? 0 : 8));
    h->status &= ~USBH_ST_WAITING;
    if (at_ps <= dev_now_ps(h->m))
        return begin(h, dev_now_ps(h->m));
    link_power(h, "waiting"); /* only if the board's link has that state */
    dev_arm(h->m, &h->begin, at_ps);
}

static void start(struct usbh *h)
{
    if (h->status & USBH_ST_BUSY) {
        h->error = USBH_ERR_BUSY; /* the running transfer goes on */
        h->status |= USBH_ST_ERROR;
        return update_irq(h);
    }
    h->status &= ~(USBH_ST_DONE | USBH_ST_ERROR);
    h->actual = 0;
    if (!connected(h))
        return finish(h, USBH_ERR_NO_DEVICE);
    h->status |= USBH_ST_BUSY;
    uint64_t now = dev_now_ps(h->m);
    h->submit_ps = now;
    if (!h->ep)
        return move(h, h->setup_hi >> 16, async_pickup_ps(h, now));
    if (!is_in(h))
        return move(h, h->len, async_pickup_ps(h, now));
    uint32_t avail = h->fn->in_avail(h->fn->dev, h->ep);
    if (!avail) {
        h->status |= USBH_ST_WAITING;
        return;
    }
    move(h, avail < h->len ? avail : h->len, async_pickup_ps(h, now));
}

void usb_host_kick(struct usbh *h)
{
    if (!(h->status & USBH_ST_WAITING))
        return;
    uint32_t avail = h->fn->in_avail(h->fn->dev, h->ep);
    if (avail) {
        uint64_t now = dev_now_ps(h->m);
        h->submit_ps = now; /* the wait for the device is not the schedule's */
        move(h, avail < h->len ? avail : h->len, nak_pickup_ps(h, now));
    }
}

/* The data stage at the end of the transfer: memory <-> function. */
static uint32_t deliver(struct usbh *h, uint8_t *buf, uint32_t n)
{
    const struct usb_function *f = h->fn;
    if (!h->ep) {
        struct usb_setup s = { (uint8_t)h->setup_lo, (uint8_t)(h->setup_lo >> 8), (uint16_t)(h->setup_lo >> 16),
                               (uint16_t)h->setup_hi, (uint16_t)(h->setup_hi >> 16) };
        if (!is_in(h) && !dev_master_read(h->m, h->addr, buf, n))
            return USBH_ERR_MEMORY;
        if (f->control(f->dev, &s, buf))
            return USBH_ERR_STALL;
        if (is_in(h) && !dev_master_write(h->m, h->addr, buf, n))
            return USBH_ERR_MEMORY;
    } else if (!is_in(h)) {
        if (!dev_master_read(h->m, h->addr, buf, n))
            return USBH_ERR_MEMORY;
        if (f->out(f->dev, h->ep, buf, n))
            return USBH_ERR_STALL;
    } else {
        n = f->in(f->dev, h->ep, buf, n);
        if (!dev_master_write(h->m, h->addr, buf, n))
            return USBH_ERR_MEMORY;
    }
    h->actual = n;
    return USBH_ERR_NONE;
}

static void done(void *ctx, uint64_t t_ps)
{
    struct usbh *h = ctx;
    uint32_t n = h->moving;
    uint8_t *buf = malloc(n ? n : 1);
    uint32_t err = !buf ? USBH_ERR_MEMORY : connected(h) ? deliver(h, buf, n) : USBH_ERR_NO_DEVICE;
    free(buf);
    link_power(h, "idle");
    h->idle_ps = h->end_ps;
    h->wait_ps = t_ps - h->submit_ps - h->xfer_ps;
    h->sched_ps += h->wait_ps;
    h->link_ps += h->xfer_ps;
    h->xfers++;
    if (!err && is_in(h))
        h->bytes_in += h->actual;
    else if (!err)
        h->bytes_out += h->actual;
    if (!err && h->power >= 0 && h->byte_action >= 0)
        dev_power_act(h->m, h->power, h->byte_action, h->actual);
    finish(h, err);
}

static uint32_t lo32(uint64_t v) { return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v; }

static bool usbh_read(void *dev, uint32_t off, unsigned size, uint32_t *v)
{
    struct usbh *h = dev;
    (void)size;
    switch (off) {
    case USBH_CTRL: *v = h->ctrl; break;
    case USBH_STATUS: *v = h->status | (connected(h) ? USBH_ST_CONNECTED : 0); break;
    case USBH_SPEED:
        *v = !connected(h) ? USBH_SPEED_NONE : h->link->kind == BOARD_LINK_USB3 ? USBH_SPEED_SUPER : USBH_SPEED_HIGH;
        break;
    case USBH_EP: *v = h->ep; break;
    case USBH_ADDR: *v = h->addr; break;
    case USBH_LEN: *v = h->len; break;
    case USBH_SETUP_LO: *v = h->setup_lo; break;
    case USBH_SETUP_HI: *v = h->setup_hi; break;
    case USBH_ACTUAL: *v = h->actual; break;
    case USBH_ERROR: *v = h->error; break;
    case USBH_XFER_NS: *v = lo32(h->xfer_ps / 1000); break;
    case USBH_BYTES_OUT: *v = lo32(h->bytes_out); break;
    case USBH_BYTES_IN: *v = lo32(h->bytes_in); break;
    case USBH_XFERS: *v = lo32(h->xfers); break;
    case USBH_LINK_NS: *v = lo32(h->link_ps / 1000); break;
    case USBH_WAIT_NS: *v = lo32(h->wait_ps / 1000); break;
    case USBH_SCHED_NS: *v = lo32(h->sched_ps / 1000); break;
    default: *v = 0; break;
    }
    return true;
}

static bool usbh_write(void *dev, uint32_t off, unsigned size, uint32_t v)
{
    struct usbh *h = dev;
    (void)size;
    switch (off) {
    case USBH_CTRL:
        if ((v & USBH_CTRL_RUN) && !(h->ctrl & USBH_CTRL_RUN))
            h->run_ps = h->idle_ps = dev_now_ps(h->m); /* the frame counter starts */
        h->ctrl = v & (USBH_CTRL_RUN | USBH_CTRL_IRQ);
        if (h->ctrl & USBH_CTRL_RUN)
            bind(h);
        update_irq(h);
        break;
    case USBH_STATUS: h->status &= ~(v & (USBH_ST_DONE | USBH_ST_ERROR)); update_irq(h); break;
    case USBH_EP: h->ep = v & 0x8fu; break;
    case USBH_ADDR: h->addr = v; break;
    case USBH_LEN: h->len = v; break;
    case USBH_SETUP_LO: h->setup_lo = v; break;
    case USBH_SETUP_HI: h->setup_hi = v; break;
    case USBH_CMD: if (v & USBH_CMD_START) start(h); break;
    }
    return true;
}

static const struct mmio_ops usbh_ops = { usbh_read, usbh_write };

/* The EHCI schedule parameters: non-negative, ITC one of USBCMD's values
 * (EHCI 1.0 Table 2-9: 1, 2, 4, 8, 16, 32, 64; 0 immediate as on the i.MX
 * RT), and only on a usb2 link (they are an EHCI's). Nonzero on error. */
static int ehci_timing(struct usbh *h, char *err, size_t errlen)
{
    static const char *const keys[] = { "async_sleep_ns", "nak_reload", "interrupt_threshold_uframes" };
    const struct board_device *d = h->d;
    double v[3];
    for (int i = 0; i < 3; i++) {
        const struct board_param *p = board_param_find(d->params, d->nparams, keys[i]);
        v[i] = board_param_num(d->params, d->nparams, keys[i], 0);
        unsigned itc = (unsigned)v[2];
        const char *bad = v[i] < 0 || v[i] != (double)(uint32_t)v[i] ? "expected a whole number >= 0"
                          : i == 2 && (itc & (itc - 1)) ? "expected 0, 1, 2, 4, 8, 16, 32 or 64 (USBCMD.ITC)"
                          : i == 2 && itc > 64 ? "expected 0, 1, 2, 4, 8, 16, 32 or 64 (USBCMD.ITC)"
                          : v[i] > 0 && h->link->kind != BOARD_LINK_USB2 ? "an EHCI schedule parameter needs a usb2 link"
                          : NULL;
        if (p && bad) {
            snprintf(err, errlen, "%s:%u:%u: device '%s': %s: %s", dev_board_source(h->m), p->loc.line, p->loc.col,
                     d->name, keys[i], bad);
            return -1;
        }
    }
    h->sleep_ps = (uint64_t)v[0] * 1000u;
    h->nak_reload = (uint32_t)v[1];
    h->itc_uframes = (uint32_t)v[2];
    h->uframe_ps = (uint64_t)(board_param_num(h->link->params, h->link->nparams, "microframe_ns", 125000) * 1000.0);
    if (!h->uframe_ps)
        h->uframe_ps = 125000000u;
    return 0;
}

static void *usbh_create(struct machine *m, const struct board_device *d, char *err, size_t errlen)
{
    const char *name = board_param_str(d->params, d->nparams, "link", NULL);
    const struct board_link *l = name ? dev_link(m, name) : NULL;
    const struct board_param *p = board_param_find(d->params, d->nparams, "link");
    if (!l || (l->kind != BOARD_LINK_USB2 && l->kind != BOARD_LINK_USB3) ||
        (strcmp(l->from, d->name) && strcmp(l->to, d->name))) {
        snprintf(err, errlen, "%s:%u:%u: device '%s': link: expected the name of a usb2 or usb3 link "
                 "with this device at one end%s%s", dev_board_source(m), p ? p->loc.line : d->loc.line,
                 p ? p->loc.col : d->loc.col, d->name, name ? ", not " : "", name ? name : "");
        return NULL;
    }
    struct usbh *h = xcalloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->m = m;
    h->d = d;
    h->link = l;
    if (ehci_timing(h, err, errlen)) {
        free(h);
        return NULL;
    }
    h->power = l->power ? dev_power_comp(m, l->power) : -1;
    h->byte_action = h->power >= 0 ? dev_power_action(m, h->power, "byte") : -1;
    sched_event_init(&h->begin, d->name, begin, h);
    sched_event_init(&h->done, d->name, done, h);
    dev_mmio_sizes(m, MMIO_SIZE_32); /* its registers are words (usb_host_regs.h) */
    return h;
}

static void usbh_reset(void *dev)
{
    struct usbh *h = dev;
    dev_disarm(h->m, &h->begin);
    dev_disarm(h->m, &h->done);
    h->ctrl = h->status = h->ep = h->addr = h->len = h->setup_lo = h->setup_hi = 0;
    h->actual = h->error = h->moving = 0;
    h->xfer_ps = h->link_ps = h->bytes_out = h->bytes_in = h->xfers = 0;
    h->run_ps = h->idle_ps = h->submit_ps = h->end_ps = h->wait_ps = h->sched_ps = 0;
}

static void usbh_destroy(void *dev)
{
    usbh_reset(dev);
    free(dev);
}

/* Its board YAML parameters (devices/device.h: checked on every board). */
static const struct device_param usb_host_params[] = {
    { "link", DP_STRING, "", true },
    { "async_sleep_ns", DP_NUMBER, "ns", false },
    { "nak_reload", DP_NUMBER, "", false },
    { "interrupt_threshold_uframes", DP_NUMBER, "microframes", false },
    DEVICE_PARAMS_END,
};

const struct device_type device_usb_host = {
    "usb-host", "USB host controller: control, bulk and interrupt transfers over a usb2/usb3 link",
    &usbh_ops, usbh_create, usbh_reset, usbh_destroy, usb_host_params,
};
