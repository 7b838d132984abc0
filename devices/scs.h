/* The System Control Space every ARMv7-M core has (B3.2: SCB, NVIC,
 * SysTick, the FPU and debug registers; DWT; ITM): attached to every
 * machine, not listed in board YAML.
 *
 * It is the core's own system space, so unlike other devices it is handed
 * the core, the bus and the board directly; the machine reaches it only
 * through these calls (no upward include of emu/machine.h). */
#ifndef TTEMU_DEVICES_SCS_H
#define TTEMU_DEVICES_SCS_H

#include <stdbool.h>
#include <stddef.h>

struct machine;
struct bus;
struct cpu;
struct board_desc;
struct scs;

struct scs_host {
    struct machine *m;              /* for the device API (devices/device.h) */
    struct bus *bus;                /* where its two windows are added */
    struct cpu *cpu;                /* whose exception state it holds */
    const struct board_desc *board; /* an `nvic` entry sets num_irq, prio_bits */
    /* AIRCR.SYSRESETREQ: the machine's whole-system reset. */
    void (*sysreset)(void *ctx);
    void *sysreset_ctx;
};

/* NULL with a message in err. */
struct scs *scs_attach(const struct scs_host *h, char *err, size_t errlen);
void scs_reset(struct scs *s);
void scs_detach(struct scs *s);
/* The NVIC's external interrupt inputs: ctx is the struct scs. */
void scs_set_irq(void *ctx, int irq, bool level);

#endif
