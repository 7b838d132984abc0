/* Checksums and hashes over a generated 64 KB buffer: CRC-32 (bitwise and
 * table-driven), CRC-16/CCITT-FALSE, Adler-32, FNV-1a (32 and 64-bit) and
 * SHA-256. The catalogue check values of each algorithm ("123456789" for
 * the CRCs, FIPS 180-2's "abc" for SHA-256, the Adler-32 of "Wikipedia")
 * are published constants, asserted here; the big-buffer digests are
 * compared against QEMU. */
#include <string.h>
#include "fwtest.h"

static uint8_t data[65536];
static uint32_t crc_table[256];

static uint32_t crc32_bitwise(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    while (n--) {
        c ^= *p++;
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & -(c & 1));
    }
    return ~c;
}

static void crc32_init(void)
{
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? (c >> 1) ^ 0xedb88320u : c >> 1;
        crc_table[i] = c;
    }
}

static uint32_t crc32_table(const uint8_t *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    while (n--)
        c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
    return ~c;
}

static uint16_t crc16_ccitt(const uint8_t *p, size_t n)
{
    uint16_t c = 0xffff;
    while (n--) {
        c ^= (uint16_t)(*p++ << 8);
        for (int k = 0; k < 8; k++)
            c = (c & 0x8000) ? (uint16_t)((c << 1) ^ 0x1021) : (uint16_t)(c << 1);
    }
    return c;
}

static uint32_t adler32(const uint8_t *p, size_t n)
{
    uint32_t a = 1, b = 0;
    while (n--) {
        a = (a + *p++) % 65521u;
        b = (b + a) % 65521u;
    }
    return (b << 16) | a;
}

static uint32_t fnv1a32(const uint8_t *p, size_t n)
{
    uint32_t h = 0x811c9dc5u;
    while (n--)
        h = (h ^ *p++) * 0x01000193u;
    return h;
}

static uint64_t fnv1a64(const uint8_t *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    while (n--)
        h = (h ^ *p++) * 0x100000001b3ull;
    return h;
}

/* SHA-256 as FIPS 180-4 specifies it. */
struct sha256 { uint32_t h[8]; uint8_t block[64]; size_t fill; uint64_t bits; };

static const uint32_t sha_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t ror(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

static void sha_block(struct sha256 *s, const uint8_t *b)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)b[4 * i] << 24 | (uint32_t)b[4 * i + 1] << 16 | (uint32_t)b[4 * i + 2] << 8 | b[4 * i + 3];
    for (int i = 16; i < 64; i++) {
        uint32_t s0 = ror(w[i - 15], 7) ^ ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ror(w[i - 2], 17) ^ ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = s->h[0], bb = s->h[1], c = s->h[2], d = s->h[3], e = s->h[4], f = s->h[5],
             g = s->h[6], h = s->h[7];
    for (int i = 0; i < 64; i++) {
        uint32_t t1 = h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + ((e & f) ^ (~e & g)) + sha_k[i] + w[i];
        uint32_t t2 = (ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & bb) ^ (a & c) ^ (bb & c));
        h = g; g = f; f = e; e = d + t1; d = c; c = bb; bb = a; a = t1 + t2;
    }
    s->h[0] += a; s->h[1] += bb; s->h[2] += c; s->h[3] += d;
    s->h[4] += e; s->h[5] += f; s->h[6] += g; s->h[7] += h;
}

static void sha_init(struct sha256 *s)
{
    static const uint32_t iv[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    memcpy(s->h, iv, sizeof iv);
    s->fill = 0;
    s->bits = 0;
}

static void sha_update(struct sha256 *s, const uint8_t *p, size_t n)
{
    s->bits += (uint64_t)n * 8;
    while (n--) {
        s->block[s->fill++] = *p++;
        if (s->fill == 64) {
            sha_block(s, s->block);
            s->fill = 0;
        }
    }
}

static void sha_final(struct sha256 *s, char hex[65])
{
    uint64_t bits = s->bits;
    uint8_t pad = 0x80;
    sha_update(s, &pad, 1);
    pad = 0;
    while (s->fill != 56)
        sha_update(s, &pad, 1);
    for (int i = 7; i >= 0; i--) {
        uint8_t byte = (uint8_t)(bits >> (8 * i));
        sha_update(s, &byte, 1);
    }
    for (int i = 0; i < 8; i++)
        sprintf(hex + 8 * i, "%08lx", (unsigned long)s->h[i]);
}

int main(void)
{
    const uint8_t *check = (const uint8_t *)"123456789";
    crc32_init();
    printf("check values: crc32=%08lx/%08lx crc16=%04x adler32(Wikipedia)=%08lx fnv1a32('')=%08lx\n",
           (unsigned long)crc32_bitwise(check, 9), (unsigned long)crc32_table(check, 9),
           crc16_ccitt(check, 9), (unsigned long)adler32((const uint8_t *)"Wikipedia", 9),
           (unsigned long)fnv1a32(check, 0));
    FW_CHECK(crc32_bitwise(check, 9) == 0xcbf43926u);
    FW_CHECK(crc32_table(check, 9) == 0xcbf43926u);
    FW_CHECK(crc16_ccitt(check, 9) == 0x29b1);
    FW_CHECK(adler32((const uint8_t *)"Wikipedia", 9) == 0x11e60398u);

    struct sha256 sh;
    char hex[65];
    sha_init(&sh);
    sha_update(&sh, (const uint8_t *)"abc", 3);
    sha_final(&sh, hex);
    printf("sha256(abc)=%s\n", hex);
    FW_CHECK(!strcmp(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));

    uint32_t rng = 0xc0ffee11u;
    for (size_t i = 0; i < sizeof data; i += 4) {
        uint32_t r = fw_rand(&rng);
        memcpy(data + i, &r, 4);
    }
    for (size_t len = 1; len <= sizeof data; len *= 4) {
        FW_CHECK(crc32_bitwise(data, len) == crc32_table(data, len));
        printf("len %6u: crc32=%08lx crc16=%04x adler=%08lx fnv32=%08lx fnv64=%016llx\n",
               (unsigned)len, (unsigned long)crc32_table(data, len), crc16_ccitt(data, len),
               (unsigned long)adler32(data, len), (unsigned long)fnv1a32(data, len),
               (unsigned long long)fnv1a64(data, len));
    }
    sha_init(&sh);
    sha_update(&sh, data, sizeof data);
    sha_final(&sh, hex);
    printf("sha256(64 KB)=%s\n", hex);
    /* CRC-32 of data followed by its own CRC (little-endian) is the
     * algorithm's fixed residue, whatever the data. */
    uint32_t c = crc32_table(data, 1000);
    uint8_t tail[1004];
    memcpy(tail, data, 1000);
    memcpy(tail + 1000, &c, 4);
    printf("crc32 residue: %08lx\n", (unsigned long)crc32_table(tail, 1004));
    FW_CHECK(crc32_table(tail, 1004) == 0x2144df1cu);
    fw_finish("crc_hash", 17);
}
