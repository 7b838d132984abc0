/* The System Control Space every ARMv7-M core has (B3.2: SCB, NVIC,
 * SysTick, the FPU and debug registers; DWT; ITM): attached to every
 * machine, not listed in board YAML. */
#ifndef TTEMU_DEVICES_SCS_H
#define TTEMU_DEVICES_SCS_H

#include <stddef.h>

struct machine;

int  scs_attach(struct machine *m, char *err, size_t errlen);
void scs_reset(struct machine *m);
void scs_detach(struct machine *m);

#endif
