/* Exception entry and return details (ARMv7-M ARM B1.5.6 PushStack and
 * ExceptionTaken, B1.5.8 ExceptionReturn, B1.5.4 priorities, B3.2.4 ICSR,
 * B3.2.5 VTOR, B5.2.3 MSR BASEPRI_MAX, B1.4.3 FAULTMASK):
 *  - an SVC from a stack 4 bytes off 8-byte alignment: the frame is
 *    realigned (CCR.STKALIGN), xPSR bit 9 records it, SP comes back exact;
 *  - EXC_RETURN from Thread/MSP, Thread/PSP and a nested handler;
 *  - ICSR.VECTACTIVE, RETTOBASE and VECTPENDING seen from handlers;
 *  - tail-chaining order of interrupts pended while masked;
 *  - VTOR moved to a copy of the table in RAM with one handler replaced;
 *  - BASEPRI_MAX only raises the mask; FAULTMASK holds off everything
 *    but NMI until cleared.
 * Priorities are multiples of 0x20 so 3 implemented bits (the MPS2 cores)
 * and QEMU's 8 give the same behaviour. */
#include <string.h>
#include "fwtest.h"
#include "mps2_regs.h"

static volatile uint32_t svc_sp_frame, svc_xpsr, svc_excret, svc_r0;

/* SVC handler: records the frame address, stacked xPSR and EXC_RETURN. */
__attribute__((used)) static void svc_body(uint32_t *frame, uint32_t excret)
{
    svc_sp_frame = (uint32_t)(uintptr_t)frame;
    svc_xpsr = frame[7];
    svc_excret = excret;
    svc_r0 = frame[0];
    frame[0] = frame[0] * 3;
}

__attribute__((naked)) void SVC_Handler(void)
{
    __asm volatile("tst lr, #4\n\t"
                   "ite eq\n\t"
                   "mrseq r0, msp\n\t"
                   "mrsne r0, psp\n\t"
                   "mov r1, lr\n\t"
                   "push {r4, lr}\n\t"
                   "bl svc_body\n\t"
                   "pop {r4, pc}");
}

/* svc #0 with SP = (8-aligned) - 4; returns r0 after, and SP before/after. */
__attribute__((naked, noinline)) static uint32_t svc_misaligned(__attribute__((unused)) uint32_t x,
                                                          __attribute__((unused)) uint32_t *sp_out)
{
    __asm volatile("push {r4, r5, r6, lr}\n\t"   /* 16 bytes: SP stays 8-aligned */
                   "sub sp, sp, #4\n\t"
                   "mov r4, sp\n\t"
                   "svc #0\n\t"
                   "mov r5, sp\n\t"
                   "add sp, sp, #4\n\t"
                   "str r4, [r1]\n\t"
                   "str r5, [r1, #4]\n\t"
                   "pop {r4, r5, r6, pc}");
}

__attribute__((naked, noinline)) static uint32_t svc_aligned(__attribute__((unused)) uint32_t x)
{
    __asm volatile("push {r4, lr}\n\t"
                   "svc #0\n\t"
                   "pop {r4, pc}");
}

/* ---- interrupts ---- */
#define LOGN 32
static volatile uint32_t log_v[LOGN];
static volatile unsigned nlog;
static void logv(uint32_t v) { if (nlog < LOGN) log_v[nlog++] = v; }
static volatile uint32_t irq_excret[4], irq_icsr[4];
static volatile int nest_from_irq0;

__attribute__((used, noinline)) static void irq_common(unsigned n, uint32_t excret)
{
    irq_excret[n] = excret;
    irq_icsr[n] = SCB_ICSR;
    logv(n);
    if (n == 0 && nest_from_irq0) {
        NVIC_ISPR(1) = NVIC_BIT(1);   /* higher priority: preempts right here */
        barrier();
        logv(0x10 + n);
    }
}

/* The EXC_RETURN is in LR on entry; capture it before any call. */
#define IRQ_HANDLER(n)                                              \
    __attribute__((naked)) void IRQ##n##_Handler(void)              \
    {                                                               \
        __asm volatile("mov r1, lr\n\t"                             \
                       "movs r0, #" #n "\n\t"                       \
                       "push {r4, lr}\n\t"                          \
                       "bl irq_common\n\t"                          \
                       "pop {r4, pc}");                             \
    }
IRQ_HANDLER(0)
IRQ_HANDLER(1)
IRQ_HANDLER(2)
IRQ_HANDLER(3)

static volatile uint32_t relocated_hits;
static void pendsv_relocated(void) { relocated_hits++; }

static uint32_t table[16 + 32] __attribute__((aligned(256)));

static void print_log(const char *what)
{
    printf("%s:", what);
    for (unsigned k = 0; k < nlog; k++)
        printf(" %lx", (unsigned long)log_v[k]);
    printf("\n");
    nlog = 0;
}

static uint32_t psp_stack[128] __attribute__((aligned(8)));

int main(void)
{
    /* 1. Frame alignment (B1.5.6): SP 4 off 8-byte alignment. */
    uint32_t sps[2];
    uint32_t r = svc_misaligned(14, sps);
    printf("svc from SP%%8=%lu: result %lu, frame SP%%8=%lu, xPSR bit 9=%lu, SP back exact=%d\n",
           (unsigned long)(sps[0] % 8), (unsigned long)r, (unsigned long)(svc_sp_frame % 8),
           (unsigned long)(svc_xpsr >> 9 & 1), sps[0] == sps[1]);
    FW_CHECK(r == 42 && svc_r0 == 14 && sps[0] % 8 == 4 && svc_sp_frame % 8 == 0);
    FW_CHECK((svc_xpsr >> 9 & 1) == 1 && sps[0] == sps[1] && sps[0] - svc_sp_frame == 36);
    r = svc_aligned(5);
    printf("svc from SP%%8=0: result %lu, xPSR bit 9=%lu, stacked IPSR=%lu, EXC_RETURN=%08lx\n",
           (unsigned long)r, (unsigned long)(svc_xpsr >> 9 & 1), (unsigned long)(svc_xpsr & 0x1ff),
           (unsigned long)(svc_excret | 0x10));
    FW_CHECK(r == 15 && !(svc_xpsr >> 9 & 1) && (svc_excret | 0x10) == 0xfffffff9u);

    /* 2. Thread mode on the PSP: EXC_RETURN 0xFFFFFFFD, frame on the PSP. */
    __asm volatile("msr psp, %0" :: "r"(&psp_stack[128]));
    set_control(get_control() | 2);
    r = svc_aligned(7);
    uint32_t psp_frame = svc_sp_frame;
    set_control(get_control() & ~2u);
    printf("svc on the PSP: result %lu, EXC_RETURN=%08lx, frame at psp_top-%lu\n",
           (unsigned long)r, (unsigned long)(svc_excret | 0x10),
           (unsigned long)((uint32_t)(uintptr_t)&psp_stack[128] - psp_frame));
    FW_CHECK(r == 21 && (svc_excret | 0x10) == 0xfffffffdu);

    /* 3. Nesting and ICSR: IRQ0 (0x80) pends IRQ1 (0x40), which preempts. */
    NVIC_IPR(0) = 0x80;
    NVIC_IPR(1) = 0x40;
    NVIC_IPR(2) = 0xa0;
    NVIC_IPR(3) = 0xa0;
    NVIC_ISER(0) = 0xf;
    nest_from_irq0 = 1;
    NVIC_ISPR(0) = NVIC_BIT(0);
    barrier();
    nest_from_irq0 = 0;
    print_log("nested");
    printf("  IRQ0: EXC_RETURN=%08lx VECTACTIVE=%lu RETTOBASE=%lu\n",
           (unsigned long)(irq_excret[0] | 0x10), (unsigned long)(irq_icsr[0] & 0x1ff),
           (unsigned long)(irq_icsr[0] >> 11 & 1));
    printf("  IRQ1: EXC_RETURN=%08lx VECTACTIVE=%lu RETTOBASE=%lu\n",
           (unsigned long)(irq_excret[1] | 0x10), (unsigned long)(irq_icsr[1] & 0x1ff),
           (unsigned long)(irq_icsr[1] >> 11 & 1));
    FW_CHECK((irq_excret[1] | 0x10) == 0xfffffff1u && (irq_icsr[1] & 0x1ff) == 17);

    /* 4. Pended while masked: tail-chained by priority, then number. */
    irq_disable();
    NVIC_ISPR(0) = NVIC_BIT(3) | NVIC_BIT(2) | NVIC_BIT(0) | NVIC_BIT(1);
    uint32_t icsr = SCB_ICSR;
    printf("masked: VECTPENDING=%lu ISRPENDING=%lu\n", (unsigned long)(icsr >> 12 & 0x1ff),
           (unsigned long)(icsr >> 22 & 1));
    irq_enable();
    barrier();
    print_log("tail-chained");
    FW_CHECK(nlog == 0 && (icsr >> 12 & 0x1ff) == 17);
    printf("  IRQ2 saw VECTPENDING=%lu (IRQ3 next)\n", (unsigned long)(irq_icsr[2] >> 12 & 0x1ff));

    /* 5. VTOR to a RAM copy with PendSV replaced. */
    memcpy(table, (const void *)(uintptr_t)SCB_VTOR, sizeof table);
    table[14] = (uint32_t)(uintptr_t)pendsv_relocated;
    SCB_VTOR = (uint32_t)(uintptr_t)table;
    barrier();
    SCB_ICSR = ICSR_PENDSVSET;
    barrier();
    printf("VTOR moved: %d, relocated PendSV ran %lu time(s)\n",
           SCB_VTOR == (uint32_t)(uintptr_t)table, (unsigned long)relocated_hits);
    FW_CHECK(relocated_hits == 1);

    /* 6. BASEPRI_MAX and FAULTMASK. */
    set_basepri(0x60);
    uint32_t v = 0x80;
    __asm volatile("msr basepri_max, %0" :: "r"(v) : "memory");
    uint32_t b1 = get_basepri();
    v = 0x40;
    __asm volatile("msr basepri_max, %0" :: "r"(v) : "memory");
    uint32_t b2 = get_basepri();
    set_basepri(0);
    printf("basepri 0x60, basepri_max 0x80 -> %02lx, basepri_max 0x40 -> %02lx\n",
           (unsigned long)b1, (unsigned long)b2);
    FW_CHECK(b1 == 0x60 && b2 == 0x40);
    __asm volatile("cpsid f" ::: "memory");
    NVIC_ISPR(0) = NVIC_BIT(1);
    barrier();
    unsigned held = nlog;
    __asm volatile("cpsie f" ::: "memory");
    barrier();
    printf("faultmask: IRQ1 ran while set %u, after clear %u\n", held, nlog);
    FW_CHECK(held == 0 && nlog == 1);
    nlog = 0;
    fw_finish("exc_frame", 0);
}
