/* NVIC and SCB registers (ARMv7-M ARM B3.4, B3.2) through the bus, as the
 * firmware sees them: set/clear pairs, priorities with 3 implemented bits,
 * STIR, ICTR, the number of IRQs from the board, privilege, SHPR/SHCSR,
 * CCR, CPACR, CFSR write-one-to-clear with sub-word stores, and
 * unmodelled SCS registers reading as zero. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "sys_harness.h"

#define ISER 0xE000E100u
#define ICER 0xE000E180u
#define ISPR 0xE000E200u
#define ICPR 0xE000E280u
#define IABR 0xE000E300u
#define IPR 0xE000E400u
#define STIR 0xE000EF00u
#define ICTR 0xE000E004u
#define CPUID 0xE000ED00u
#define VTOR 0xE000ED08u
#define CCR 0xE000ED14u
#define SHPR1 0xE000ED18u
#define SHPR3 0xE000ED20u
#define SHCSR 0xE000ED24u
#define CFSR 0xE000ED28u
#define CPACR 0xE000ED88u

static void test_enable_pending_active(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    reg_wr(s, ISER, 0x80000005u);
    assert_int_equal(reg_rd(s, ISER), 0x80000005u);
    assert_int_equal(reg_rd(s, ICER), 0x80000005u);
    reg_wr(s, ICER, 0x4u);
    assert_int_equal(reg_rd(s, ISER), 0x80000001u);
    /* IRQs past num_irq (32): RAZ/WI */
    reg_wr(s, ISER + 4, 0xffffffffu);
    assert_int_equal(reg_rd(s, ISER + 4), 0);
    s->c->primask = 1;
    reg_wr(s, ISPR, 0x3u);
    assert_int_equal(reg_rd(s, ISPR), 0x3u);
    assert_int_equal(reg_rd(s, ICPR), 0x3u);
    reg_wr(s, ICPR, 0x2u);
    assert_int_equal(reg_rd(s, ISPR), 0x1u);
    reg_wr(s, STIR, 9);
    assert_int_equal(reg_rd(s, ISPR), 0x201u);
    reg_wr(s, STIR, 40); /* not implemented: ignored */
    assert_int_equal(reg_rd(s, ISPR + 4), 0);
    s->c->primask = 0;
    exc_take_pending(s->c);
    assert_int_equal(reg_rd(s, IABR), 0x1u);
    reg_wr(s, IABR, 0xffffffffu); /* read-only */
    assert_int_equal(reg_rd(s, IABR), 0x1u);
    assert_int_equal(reg_rd(s, ICTR), 0); /* (32 + 31) / 32 - 1 */
    sys_free(s);
}

/* Three priority bits: the low five read as zero (B3.4.8 IPR). */
static void test_priority_bits(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    reg_wr(s, IPR, 0xffffffffu);
    assert_int_equal(reg_rd(s, IPR), 0xe0e0e0e0u);
    bus_write(&s->m.bus, IPR + 5, 1, 0x7f);
    assert_int_equal(reg_rd(s, IPR + 4), 0x00006000u);
    uint32_t b = 0;
    bus_read(&s->m.bus, IPR + 5, 1, &b);
    assert_int_equal(b, 0x60);
    /* SHPR: bytes of exceptions 4..15; 7-10 and 13 reserved (RAZ/WI) */
    reg_wr(s, SHPR1, 0xffffffffu);
    assert_int_equal(reg_rd(s, SHPR1), 0x00e0e0e0u);
    bus_write(&s->m.bus, SHPR3 + 3, 1, 0xc0); /* SysTick */
    assert_int_equal(reg_rd(s, SHPR3), 0xc0000000u);
    assert_int_equal(exc_group_priority(s->c, 15), 0xc0);
    sys_free(s);
}

/* The board can say how many IRQs and priority bits the NVIC has. */
static void test_board_num_irq(void **st)
{
    (void)st;
    const char *path = "/tmp/ttemu-test-nvic-board.yaml";
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    /* the built-in AN386 with an "nvic" entry added to its devices */
    size_t len;
    const char *text = board_builtin_text("mps2-an386", &len);
    assert_non_null(text);
    const char *dev = strstr(text, "\ndevices:\n");
    assert_non_null(dev);
    size_t head = (size_t)(dev - text) + strlen("\ndevices:\n");
    fwrite(text, 1, head, f);
    fputs("  - { name: nvic, type: nvic, params: { num_irq: 70, prio_bits: 4 } }\n", f);
    fwrite(text + head, 1, len - head, f);
    fclose(f);
    struct sys *s = sys_new(path);
    assert_int_equal(s->c->exc->num_irq, 70);
    assert_int_equal(reg_rd(s, ICTR), 2);
    reg_wr(s, ISER + 8, 0xffffffffu);
    assert_int_equal(reg_rd(s, ISER + 8), 0x3fu); /* IRQs 64..69 */
    reg_wr(s, IPR + 68, 0xff);
    assert_int_equal(reg_rd(s, IPR + 68), 0xf0);
    sys_free(s);
    remove(path);
}

/* Unprivileged Thread mode: SCS accesses are bus errors, except STIR with
 * CCR.USERSETMPEND (B3.2.1, B3.4.7). */
static void test_privilege(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    uint32_t v;
    cpu_set_control(s->c, 1);
    assert_false(bus_read(&s->m.bus, ISER, 4, &v));
    assert_false(bus_write(&s->m.bus, STIR, 4, 3));
    cpu_set_control(s->c, 0);
    reg_wr(s, CCR, reg_rd(s, CCR) | 2);
    cpu_set_control(s->c, 1);
    assert_true(bus_write(&s->m.bus, STIR, 4, 3));
    cpu_set_control(s->c, 0);
    assert_int_equal(reg_rd(s, ISPR), 0x8u);
    sys_free(s);
}

static void test_scb_misc(void **st)
{
    (void)st;
    struct sys *s = sys_new("mps2-an386");
    assert_int_equal(reg_rd(s, CPUID), s->c->model->cpuid);
    reg_wr(s, VTOR, 0x12345ff);
    assert_int_equal(reg_rd(s, VTOR), 0x1234580u);
    assert_int_equal(reg_rd(s, CCR), 1u << 9); /* STKALIGN at reset */
    reg_wr(s, CCR, 0xffffffffu);
    assert_int_equal(reg_rd(s, CCR), 0x31bu);
    /* no FPU in the AN386's core model: CPACR RAZ/WI */
    reg_wr(s, CPACR, 0xf << 20);
    assert_int_equal(reg_rd(s, CPACR), s->c->model->has_fpu ? 0xfu << 20 : 0);
    /* SHCSR enables and active bits */
    reg_wr(s, SHCSR, 7u << 16);
    assert_int_equal(reg_rd(s, SHCSR), 7u << 16);
    bus_write(&s->m.bus, SHCSR + 2, 1, 0x2); /* byte store: BusFault only */
    assert_int_equal(reg_rd(s, SHCSR), 2u << 16);
    /* CFSR: write one to clear, also as a halfword (UFSR) */
    s->c->exc->cfsr = 0x00038200u;
    bus_write(&s->m.bus, CFSR + 2, 2, 0x1);
    assert_int_equal(reg_rd(s, CFSR), 0x00028200u);
    bus_write(&s->m.bus, CFSR + 1, 1, 0x82);
    assert_int_equal(reg_rd(s, CFSR), 0x00020000u);
    /* unmodelled: MPU_TYPE, ID space: zero, writes ignored, no bus error */
    uint32_t v = 1;
    assert_true(bus_read(&s->m.bus, 0xE000ED90u, 4, &v));
    assert_int_equal(v, 0);
    assert_true(bus_write(&s->m.bus, 0xE000ED94u, 4, 1));
    assert_true(bus_read(&s->m.bus, 0xE000EFD0u, 4, &v));
    sys_free(s);

    s = sys_new("mps2-an500");
    assert_int_equal(reg_rd(s, CPUID), 0x411fc272u);
    reg_wr(s, CCR, 0);
    assert_int_equal(reg_rd(s, CCR), 1u << 9); /* M7: STKALIGN reads as one */
    reg_wr(s, CPACR, 0xffffffffu);
    assert_int_equal(reg_rd(s, CPACR), 0xfu << 20);
    assert_int_equal(reg_rd(s, 0xE000EF40u), 0x10110221u); /* MVFR0: DP */
    sys_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_enable_pending_active),
        cmocka_unit_test(test_priority_bits),
        cmocka_unit_test(test_board_num_irq),
        cmocka_unit_test(test_privilege),
        cmocka_unit_test(test_scb_misc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
