/* The bus's master path, energy per access and access sizes, on the
 * round-number board tests/data/devices/testboard.yaml (core 100 MHz, so
 * a cycle is 10 ns). Expected times and energies are worked out by hand
 * from that file:
 *   slow:  sdram, wait_read 3, wait_write 2, read_pj 10, write_pj 20,
 *          power component "mem"
 *   flash: flash (read-only to every master)
 *   dma:   bytes_per_cycle 4, setup 0, action byte = 2 pJ
 * A master moves 32-bit beats (emu/bus.h BUS_MASTER_BEAT): 4096 bytes are
 * 1024 beats. Fault registers per the ARMv7-M ARM B3.2.15: CFSR bit 9
 * PRECISERR and bit 15 BFARVALID (BFSR bits 1 and 7), BFAR the address. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "emu/power/power.h"
#include "sys_harness.h"

#define BOARD "tests/data/devices/testboard.yaml"
#define DMA   0x40001000u
#define CAM   0x40002000u
#define TIMER 0x40000000u
#define RAM   0x20000000u
#define FLASH 0x08000000u
#define SLOW  0x60000000u
#define CFSR  0xE000ED28u
#define BFAR  0xE000ED38u
#define SHCSR 0xE000ED24u

static void advance_to(struct machine *m, uint64_t t_ps)
{
    m->cpu.cycles = machine_cycle_at(m, t_ps);
    sched_run_until(&m->sched, machine_now_ps(m));
}

static double mem_pj(struct sys *s)
{
    return power_comp_energy_pj(s->m.power, power_comp_id(s->m.power, "mem"));
}

/* Channel 0: len bytes from src to dst, IRQ off. */
static void dma_go(struct sys *s, uint32_t src, uint32_t dst, uint32_t len)
{
    reg_wr(s, DMA + 0x00, src);
    reg_wr(s, DMA + 0x04, dst);
    reg_wr(s, DMA + 0x08, len);
    reg_wr(s, DMA + 0x0c, 1);
}

/* A DMA write to flash is a bus error: STATUS = DONE | ERROR, the flash
 * keeps its bytes. 64 bytes at 4 a cycle: 16 cycles = 160 ns. */
static void dma_to_flash_fails(void **st)
{
    (void)st;
    struct sys *s = sys_new(BOARD);
    sys_w32(s, RAM, 0x11223344u);
    dma_go(s, RAM, FLASH, 64);
    advance_to(&s->m, 160000ull);
    assert_int_equal(reg_rd(s, DMA + 0x10), 2u | 4u);
    assert_int_equal(sys_r32(s, FLASH), 0);
    /* reading flash is fine: flash -> RAM succeeds */
    reg_wr(s, DMA + 0x10, 6);
    sys_w32(s, FLASH, 0xcafef00du); /* the loader's path may write flash */
    dma_go(s, FLASH, RAM + 0x100, 64);
    advance_to(&s->m, 2 * 160000ull);
    assert_int_equal(reg_rd(s, DMA + 0x10), 2u);
    assert_int_equal(sys_r32(s, RAM + 0x100), 0xcafef00du);
    sys_free(s);
}

/* 4096 bytes slow -> RAM: 1024 cycles at 4 bytes a cycle plus 1024 beats
 * x wait_read 3 = 4096 cycles = 40.96 us; 1024 reads x 10 pJ = 10240 pJ.
 * Then RAM -> slow: 1024 + 1024 x wait_write 2 = 3072 cycles = 30.72 us;
 * 1024 writes x 20 pJ = 20480 pJ more. The DMA's own 2 pJ a byte as
 * before. */
static void dma_pays_wait_states_and_energy(void **st)
{
    (void)st;
    struct sys *s = sys_new(BOARD);
    struct machine *m = &s->m;
    dma_go(s, SLOW, RAM, 4096);
    advance_to(m, 40950000ull); /* one cycle before */
    assert_int_equal(reg_rd(s, DMA + 0x10) & 1, 1);
    assert_true(mem_pj(s) == 0);
    advance_to(m, 40960000ull);
    assert_int_equal(reg_rd(s, DMA + 0x10), 2);
    assert_true(mem_pj(s) == 10240.0);
    reg_wr(s, DMA + 0x10, 6);
    dma_go(s, RAM, SLOW, 4096);
    advance_to(m, 40960000ull + 30710000ull);
    assert_int_equal(reg_rd(s, DMA + 0x10) & 1, 1);
    advance_to(m, 40960000ull + 30720000ull);
    assert_int_equal(reg_rd(s, DMA + 0x10), 2);
    assert_true(mem_pj(s) == 10240.0 + 20480.0);
    int dma = power_comp_id(m->power, "dma");
    assert_true(power_comp_energy_pj(m->power, dma) == 2.0 * 4096 * 2);
    sys_free(s);
}

/* The camera's frame buffer in flash: the frame is lost, STATUS.ERROR. */
static void camera_into_flash_fails(void **st)
{
    (void)st;
    struct sys *s = sys_new(BOARD);
    reg_wr(s, CAM + 0x08, FLASH);
    reg_wr(s, CAM + 0x00, 8 | 1);
    advance_to(&s->m, 480000000ull); /* 48 lines of 10 us */
    assert_int_equal(reg_rd(s, CAM + 0x04) & 6, 6);
    sys_free(s);
}

/* The core's loads and stores to slow: one access each, 10 and 20 pJ. */
static void core_access_energy(void **st)
{
    (void)st;
    struct sys *s = sys_new(BOARD);
    static const uint16_t code[] = { 0x6808, 0x6008, 0x6808 }; /* LDR r0,[r1]; STR r0,[r1]; LDR */
    sys_code(s, SYS_THREAD_PC, code, 3);
    s->c->r[1] = SLOW;
    sys_step(s);
    assert_true(mem_pj(s) == 10.0);
    sys_step(s);
    assert_true(mem_pj(s) == 30.0);
    sys_step(s);
    assert_true(mem_pj(s) == 40.0);
    sys_free(s);
}

/* STRB/STRH/LDRB to a word-only register (the ttemu timer's LOAD):
 * precise BusFault with CFSR = BFARVALID | PRECISERR and BFAR = the
 * address; the register keeps its value. A word STR is fine. */
static void check_wrong_size(uint16_t insn)
{
    struct sys *s = sys_new(BOARD);
    reg_wr(s, SHCSR, 1u << 17); /* BUSFAULTENA */
    sys_code(s, SYS_THREAD_PC, &insn, 1);
    s->c->r[0] = 0x55;
    s->c->r[1] = TIMER + 4;
    sys_step(s);
    assert_int_equal(s->c->ipsr, 5);
    assert_int_equal(reg_rd(s, CFSR), 0x8200u);
    assert_int_equal(reg_rd(s, BFAR), TIMER + 4);
    assert_int_equal(reg_rd(s, TIMER + 4), 0);
    sys_free(s);
}

static void wrong_size_is_busfault(void **st)
{
    (void)st;
    check_wrong_size(0x7008); /* STRB r0, [r1] */
    check_wrong_size(0x8008); /* STRH r0, [r1] */
    check_wrong_size(0x7808); /* LDRB r0, [r1] */
    struct sys *s = sys_new(BOARD);
    static const uint16_t str = 0x6008; /* STR r0, [r1] */
    sys_code(s, SYS_THREAD_PC, &str, 1);
    s->c->r[0] = 0x55;
    s->c->r[1] = TIMER + 4;
    sys_step(s);
    assert_int_equal(s->c->ipsr, 0);
    assert_int_equal(reg_rd(s, CFSR), 0);
    assert_int_equal(reg_rd(s, TIMER + 4), 0x55);
    sys_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(dma_to_flash_fails),
        cmocka_unit_test(dma_pays_wait_states_and_energy),
        cmocka_unit_test(camera_into_flash_fails),
        cmocka_unit_test(core_access_energy),
        cmocka_unit_test(wrong_size_is_busfault),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
