/* UARTs: transmitted bytes go to ttemu's stdout, the firmware's console.
 *
 * "uart" (ttemu's own, firmware/bsp/common/tt_uart_regs.h): DATA, STATUS
 * (TX ready; RX has data: never), CTRL (TX-done IRQ enable). With a `baud` parameter each byte keeps the transmitter busy for 10 bit
 * times (start, 8 data, stop) and raises the IRQ when done (writing the
 * next byte, or clearing CTRL bit0, lowers it); without it a byte leaves
 * at once.
 *
 * "cmsdk-uart" (Arm CMSDK APB UART, as QEMU's mps2 boards have it,
 * firmware/bsp/common/cmsdk_uart_regs.h): DATA, STATE (TX full), CTRL (TX
 * enable), INTSTATUS/INTCLEAR, BAUDDIV. Bytes written with TX disabled are
 * dropped, as on QEMU. */
#include <stdio.h>
#include <stdlib.h>

#include "devices/device.h"
#include "emu/board/board.h"
#include "firmware/bsp/common/cmsdk_uart_regs.h"
#include "firmware/bsp/common/tt_uart_regs.h"
#include "emu/xalloc.h"

struct uart {
    struct machine *m;
    const struct board_device *d;
    bool cmsdk;
    uint32_t ctrl, bauddiv, intstatus;
    uint64_t byte_ps;       /* time per byte, 0 for instant */
    bool busy;
    struct sched_event done;
};

static void tx_done(void *ctx, uint64_t t_ps)
{
    struct uart *u = ctx;
    (void)t_ps;
    u->busy = false;
    if (!u->cmsdk && (u->ctrl & TT_UART_CTRL_TXIRQ) && u->d->irq >= 0)
        dev_irq(u->m, u->d->irq, true);
}

static void send(struct uart *u, uint32_t v)
{
    if (!u->cmsdk && u->d->irq >= 0) /* a new byte acknowledges TX-done */
        dev_irq(u->m, u->d->irq, false);
    fputc((int)(v & 0xff), dev_console(u->m));
    if ((v & 0xff) == '\n')
        fflush(dev_console(u->m));
    if (u->byte_ps) {
        u->busy = true;
        dev_arm(u->m, &u->done, dev_now_ps(u->m) + u->byte_ps);
    }
}

static bool uart_read(void *dev, uint32_t off, unsigned size, uint32_t *v)
{
    struct uart *u = dev;
    (void)size;
    if (u->cmsdk) {
        switch (off) {
        case CMSDK_UART_OFF_STATE: *v = u->busy ? CMSDK_UART_STATE_TXFULL : 0; return true;
        case CMSDK_UART_OFF_CTRL: *v = u->ctrl; return true;
        case CMSDK_UART_OFF_INTSTATUS: *v = u->intstatus; return true;
        case CMSDK_UART_OFF_BAUDDIV: *v = u->bauddiv; return true;
        default: *v = 0; return true;
        }
    }
    switch (off) {
    case TT_UART_OFF_STATUS: *v = u->busy ? 0 : TT_UART_STATUS_TXREADY; return true;
    case TT_UART_OFF_CTRL: *v = u->ctrl; return true;
    default: *v = 0; return true;
    }
}

static bool uart_write(void *dev, uint32_t off, unsigned size, uint32_t v)
{
    struct uart *u = dev;
    (void)size;
    /* DATA and CTRL sit at the same offsets in both maps */
    if (off == TT_UART_OFF_DATA) {
        if (!u->cmsdk || (u->ctrl & CMSDK_UART_CTRL_TXEN))
            send(u, v);
    } else if (off == TT_UART_OFF_CTRL) {
        u->ctrl = v;
        if (!u->cmsdk && !(v & TT_UART_CTRL_TXIRQ) && u->d->irq >= 0)
            dev_irq(u->m, u->d->irq, false);
    } else if (off == CMSDK_UART_OFF_INTSTATUS && u->cmsdk) {
        u->intstatus &= ~v;
    } else if (off == CMSDK_UART_OFF_BAUDDIV && u->cmsdk) {
        u->bauddiv = v;
    }
    return true;
}

static const struct mmio_ops uart_ops = { uart_read, uart_write };

static void *create(struct machine *m, const struct board_device *d, bool cmsdk)
{
    struct uart *u = xcalloc(1, sizeof *u);
    u->m = m;
    u->d = d;
    u->cmsdk = cmsdk;
    double baud = board_param_num(d->params, d->nparams, "baud", 0);
    u->byte_ps = baud > 0 ? (uint64_t)(10.0 * 1e12 / baud) : 0;
    sched_event_init(&u->done, d->name, tx_done, u);
    return u;
}

static void *uart_create(struct machine *m, const struct board_device *d, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    dev_mmio_sizes(m, MMIO_SIZE_32); /* its registers are words (tt_uart_regs.h) */
    return create(m, d, false);
}

static void *cmsdk_create(struct machine *m, const struct board_device *d, char *err, size_t errlen)
{
    (void)err; (void)errlen;
    return create(m, d, true);
}

static void uart_reset(void *dev)
{
    struct uart *u = dev;
    dev_disarm(u->m, &u->done);
    u->ctrl = u->bauddiv = u->intstatus = 0;
    u->busy = false;
}

static void uart_destroy(void *dev)
{
    struct uart *u = dev;
    dev_disarm(u->m, &u->done);
    free(u);
}

/* Its board YAML parameters (devices/device.h: checked on every board). */
static const struct device_param uart_params[] = {
    { "baud", DP_NUMBER, "bits/s", false },
    DEVICE_PARAMS_END,
};

const struct device_type device_uart = {
    "uart", "serial console to ttemu's stdout (optional baud-rate timing)",
    &uart_ops, uart_create, uart_reset, uart_destroy, uart_params,
};

/* Its board YAML parameters (devices/device.h: checked on every board). */
static const struct device_param cmsdk_uart_params[] = {
    { "clock_hz", DP_NUMBER, "Hz", false },
    { "tx_irq", DP_NUMBER, "", false },
    DEVICE_PARAMS_END,
};

const struct device_type device_cmsdk_uart = {
    "cmsdk-uart", "Arm CMSDK APB UART (as on QEMU's MPS2 boards), TX to stdout",
    &uart_ops, cmsdk_create, uart_reset, uart_destroy, cmsdk_uart_params,
};
