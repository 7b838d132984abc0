/* NVIC priorities (ARMv7-M ARM B1.5.4, B3.4): external interrupts pended by
 * software (ISPR, STIR) preempt by priority, equal priorities wait and
 * tail-chain, BASEPRI and PRIMASK hold them off, PRIGROUP splits group and
 * subpriority so same-group interrupts do not preempt. Handlers only log;
 * main prints the log. Priorities use the top three bits, which every
 * implementation keeps. Needs ttemu's exception model (issue 3): built
 * when FW_TEST_SYS=1. */
#include <string.h>
#include "fwtest.h"
#include "mps2_regs.h"

#define LOGN 64
static volatile uint8_t log_irq[LOGN], log_what[LOGN], log_depth[LOGN];
static volatile unsigned nlog, depth;
static volatile uint32_t active_seen;

static void logit(unsigned irq, char what)
{
    if (nlog < LOGN) {
        log_irq[nlog] = (uint8_t)irq;
        log_what[nlog] = (uint8_t)what;
        log_depth[nlog] = (uint8_t)depth;
        nlog++;
    }
}

static void pend(unsigned irq) { NVIC_ISPR(irq) = NVIC_BIT(irq); barrier(); }

/* What each handler does on entry: pend other interrupts. */
static volatile unsigned chain[8][2];

static void handler(unsigned irq)
{
    depth++;
    logit(irq, '>');
    FW_CHECK((get_ipsr() & 0x1ff) == 16 + irq);
    active_seen |= NVIC_IABR(0);
    for (int k = 0; k < 2; k++)
        if (chain[irq][k])
            pend(chain[irq][k] - 1);
    logit(irq, '<');
    depth--;
}

void IRQ0_Handler(void) { handler(0); }
void IRQ1_Handler(void) { handler(1); }
void IRQ2_Handler(void) { handler(2); }
void IRQ3_Handler(void) { handler(3); }
void IRQ4_Handler(void) { handler(4); }
void IRQ5_Handler(void) { handler(5); }

static void show(const char *title)
{
    printf("%-34s", title);
    for (unsigned i = 0; i < nlog; i++)
        printf(" %c%u/%u", log_what[i], log_irq[i], log_depth[i]);
    printf("\n");
    nlog = 0;
    memset((void *)chain, 0, sizeof chain);
}

int main(void)
{
    static const uint8_t prio[6] = { 0xc0, 0x40, 0x80, 0xc0, 0x60, 0x20 };
    for (unsigned i = 0; i < 6; i++) {
        NVIC_IPR(i) = prio[i];
        NVIC_ICPR(i) = NVIC_BIT(i);
        NVIC_ISER(i) = NVIC_BIT(i);
    }
    printf("enabled: ISER=%08lx\n", (unsigned long)(NVIC_ISER(0) & 0x3f));

    /* low (0) pends mid (2), which preempts; mid pends high (1), which
     * preempts; low also pends 3 (same priority as 0): runs after 0. */
    chain[0][0] = 2 + 1; chain[0][1] = 3 + 1;
    chain[2][0] = 1 + 1;
    pend(0);
    show("preempt chain 0->2->1, then 3:");

    /* Two pended together with interrupts masked: the higher runs first. */
    irq_disable();
    pend(3);
    pend(1);
    pend(2);
    printf("pending while PRIMASK set: ISPR=%08lx primask=%lu\n",
           (unsigned long)(NVIC_ISPR(0) & 0x3f), (unsigned long)get_primask());
    irq_enable();
    __asm volatile("isb");
    show("released by cpsie, by priority:");

    /* BASEPRI 0x80 masks priorities 0x80 and lower (numerically >=). */
    set_basepri(0x80);
    pend(2);
    pend(0);
    pend(1);
    show("under basepri 0x80:");
    set_basepri(0);
    __asm volatile("isb");
    show("basepri lowered:");

    /* STIR triggers like ISPR. */
    NVIC_STIR = 5;
    barrier();
    show("STIR 5:");

    /* PRIGROUP 5: group priority = bits [7:6]. 4 (0x60) and 1 (0x40) share
     * group 1, so 1 does not preempt 4 although its priority is higher. */
    SCB_AIRCR = AIRCR_VECTKEY | (5u << 8);
    barrier();
    chain[4][0] = 1 + 1;
    pend(4);
    show("prigroup 5, 4 pends 1 (same group):");
    SCB_AIRCR = AIRCR_VECTKEY | (0u << 8);
    barrier();
    chain[4][0] = 1 + 1;
    pend(4);
    show("prigroup 0, 4 pends 1:");
    printf("IABR bits seen in handlers: %08lx, IABR now: %08lx\n", (unsigned long)active_seen,
           (unsigned long)NVIC_IABR(0));
    FW_CHECK(NVIC_IABR(0) == 0);
    fw_finish("sys_nested", 23);
}
