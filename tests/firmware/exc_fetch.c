/* Instruction fetch faults (ARMv7-M ARM B3.1 default memory map, B3.2.15
 * CFSR): a branch into an Execute Never region (Peripheral 0x40000000,
 * Device 0xA0000000, System 0xE0000000) is a MemManage fault with
 * IACCVIOL whether or not something is mapped there; a branch to unmapped
 * executable space (0x30000000 in the SRAM region, 0x90000000) is a BusFault with
 * IBUSERR. Both escalate to HardFault while the configurable faults are
 * disabled. The handler returns to the caller (the stacked LR). */
#include "fwtest.h"
#include "mps2_regs.h"

static volatile uint32_t f_cfsr, f_exc, f_pc, f_hfsr;

__attribute__((used)) static void fetch_body(uint32_t *frame)
{
    f_exc = get_ipsr() & 0x1ff;
    f_cfsr = SCB_CFSR;
    f_hfsr = SCB_HFSR;
    SCB_CFSR = f_cfsr;
    SCB_HFSR = f_hfsr;
    f_pc = frame[6];
    frame[6] = frame[5] & ~1u;  /* back to the caller */
}

#define ENTRY(name)                                                         \
    __attribute__((naked)) void name(void)                                  \
    {                                                                       \
        __asm volatile("mrs r0, msp\n\tpush {r4, lr}\n\tbl fetch_body\n\tpop {r4, pc}"); \
    }
ENTRY(HardFault_Handler)
ENTRY(MemManage_Handler)
ENTRY(BusFault_Handler)

static void jump(uint32_t a)
{
    ((void (*)(void))(uintptr_t)(a | 1))();
}

int main(void)
{
    static const uint32_t addrs[] = {
        0x40000000u, 0x40030100u, 0x50000000u, 0xa0000000u, 0xe000e000u, 0x30000000u, 0x90000000u,
    };
    for (int pass = 0; pass < 2; pass++) {
        if (pass) {
            SCB_SHCSR |= SHCSR_MEMFAULTENA | SHCSR_BUSFAULTENA | SHCSR_USGFAULTENA;
            barrier();
        }
        printf("configurable faults %s\n", pass ? "enabled" : "disabled");
        for (unsigned k = 0; k < sizeof addrs / sizeof addrs[0]; k++) {
            f_cfsr = f_exc = f_pc = f_hfsr = 0;
            jump(addrs[k]);
            printf("  branch to %08lx: exception %lu cfsr=%08lx hfsr=%08lx stacked pc=%08lx\n",
                   (unsigned long)addrs[k], (unsigned long)f_exc, (unsigned long)f_cfsr,
                   (unsigned long)f_hfsr, (unsigned long)f_pc);
            int xn = addrs[k] >= 0xa0000000u || (addrs[k] >= 0x40000000u && addrs[k] < 0x60000000u);
            FW_CHECK(f_pc == addrs[k]);
            FW_CHECK(f_cfsr == (xn ? 0x1u : 0x100u));
            FW_CHECK(f_exc == (pass ? (xn ? 4u : 5u) : 3u));
        }
    }
    fw_finish("exc_fetch", 0);
}
