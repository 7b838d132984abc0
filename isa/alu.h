/* Arithmetic and shifter primitives with the ARMv7-M pseudocode's flag
 * rules (A2.2 of the Architecture Reference Manual). Pure functions. */
#ifndef TTEMU_ISA_ALU_H
#define TTEMU_ISA_ALU_H

#include <stdbool.h>
#include <stdint.h>

enum { SR_LSL = 0, SR_LSR = 1, SR_ASR = 2, SR_ROR = 3, SR_RRX = 4 };

/* AddWithCarry(): result, carry out and signed overflow. */
static inline uint32_t alu_adc(uint32_t x, uint32_t y, unsigned cin, uint8_t *cout, uint8_t *vout)
{
    uint64_t usum = (uint64_t)x + y + cin;
    uint32_t r = (uint32_t)usum;
    *cout = (uint8_t)(usum >> 32);
    *vout = (uint8_t)((~(x ^ y) & (x ^ r)) >> 31);
    return r;
}

/* AddWithCarry(x, y, 0) and AddWithCarry(x, NOT(y), 1) = x - y: the carry
 * is the unsigned overflow (for x - y: NOT borrow, x >= y), the overflow
 * the signed one. */
static inline uint32_t alu_add_flags(uint32_t x, uint32_t y, uint8_t *cout, uint8_t *vout)
{
    uint32_t r;
    int32_t s;
    *cout = (uint8_t)__builtin_add_overflow(x, y, &r);
    *vout = (uint8_t)__builtin_add_overflow((int32_t)x, (int32_t)y, &s);
    return r;
}

static inline uint32_t alu_sub_flags(uint32_t x, uint32_t y, uint8_t *cout, uint8_t *vout)
{
    uint32_t r;
    int32_t s;
    *cout = (uint8_t)!__builtin_sub_overflow(x, y, &r);
    *vout = (uint8_t)__builtin_sub_overflow((int32_t)x, (int32_t)y, &s);
    return r;
}

static inline uint32_t ror32(uint32_t v, unsigned n)
{
    n &= 31;
    return n ? (v >> n) | (v << (32 - n)) : v;
}

/* Shift_C() for any amount (register-specified shifts pass 0..255). */
static inline uint32_t alu_shift_c(uint32_t v, unsigned type, unsigned n, unsigned cin, uint8_t *cout)
{
    switch (type) {
    case SR_LSL:
        if (n == 0) { *cout = (uint8_t)cin; return v; }
        *cout = n <= 32 ? (uint8_t)((v >> (32 - n)) & 1) : 0;
        return n < 32 ? v << n : 0;
    case SR_LSR:
        if (n == 0) { *cout = (uint8_t)cin; return v; }
        *cout = n <= 32 ? (uint8_t)((v >> (n - 1)) & 1) : 0;
        return n < 32 ? v >> n : 0;
    case SR_ASR:
        if (n == 0) { *cout = (uint8_t)cin; return v; }
        if (n >= 32) { *cout = (uint8_t)(v >> 31); return (uint32_t)((int32_t)v >> 31); }
        *cout = (uint8_t)((v >> (n - 1)) & 1);
        return (uint32_t)((int32_t)v >> n);
    case SR_ROR:
        if (n == 0) { *cout = (uint8_t)cin; return v; }
        v = ror32(v, n);
        *cout = (uint8_t)(v >> 31);
        return v;
    default: /* RRX */
        *cout = (uint8_t)(v & 1);
        return (v >> 1) | ((uint32_t)cin << 31);
    }
}

static inline uint32_t alu_shift(uint32_t v, unsigned type, unsigned n, unsigned cin)
{
    uint8_t dummy;
    return alu_shift_c(v, type, n, cin, &dummy);
}

/* DecodeImmShift(): the (type, amount) a 2-bit type and 5-bit imm mean. */
static inline void alu_decode_imm_shift(unsigned type2, unsigned imm5, uint8_t *type, uint8_t *n)
{
    *type = (uint8_t)type2;
    *n = (uint8_t)imm5;
    if (type2 == SR_LSR || type2 == SR_ASR) {
        if (imm5 == 0) *n = 32;
    } else if (type2 == SR_ROR && imm5 == 0) {
        *type = SR_RRX;
        *n = 1;
    }
}

/* ThumbExpandImm_C(): returns false for the UNPREDICTABLE zero patterns.
 * *carry_valid says whether the carry-out differs from carry-in. */
static inline bool alu_thumb_expand_imm(unsigned imm12, uint32_t *value, bool *carry_valid, uint8_t *carry)
{
    unsigned imm8 = imm12 & 0xff;
    *carry_valid = false;
    *carry = 0;
    if ((imm12 >> 10) == 0) {
        switch ((imm12 >> 8) & 3) {
        case 0: *value = imm8; break;
        case 1: *value = imm8 * 0x00010001u; if (!imm8) return false; break;
        case 2: *value = imm8 * 0x01000100u; if (!imm8) return false; break;
        default: *value = imm8 * 0x01010101u; if (!imm8) return false; break;
        }
        return true;
    }
    *value = ror32(0x80u | (imm12 & 0x7f), (imm12 >> 7) & 31);
    *carry_valid = true;
    *carry = (uint8_t)(*value >> 31);
    return true;
}

static inline uint32_t sign_extend(uint32_t v, unsigned bits)
{
    uint32_t m = 1u << (bits - 1);
    v &= (bits == 32) ? 0xffffffffu : ((1u << bits) - 1);
    return (v ^ m) - m;
}

#endif
