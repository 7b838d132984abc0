/* The .tflite reader: hand-built flatbuffers for the error paths, and the
 * published model from ../shared (skipped, saying so, when absent) patched
 * at precise fields located with our own flatbuffer reader. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "models/tflite/fb.h"
#include "models/tflite/tflite.h"

static char err[512];

static int read_buf(const uint8_t *b, uint32_t n)
{
    tt_graph g;
    err[0] = 0;
    int rc = tflite_read(b, n, &g, err, sizeof err);
    if (!rc) tt_graph_free(&g);
    return rc;
}

static void assert_err_has(const char *needle)
{
    if (!strstr(err, needle)) fail_msg("error \"%s\" lacks \"%s\"", err, needle);
}

static void too_short_and_wrong_identifier(void **state)
{
    (void)state;
    const uint8_t tiny[4] = { 8, 0, 0, 0 };
    assert_int_equal(read_buf(tiny, 4), -1);
    assert_err_has("too short");
    uint8_t notfl[16] = { 8, 0, 0, 0, 'X', 'Y', 'Z', '3' };
    assert_int_equal(read_buf(notfl, 16), -1);
    assert_err_has("TFL3");
}

/* A minimal Model table: root offset 16, vtable at 8 (6 bytes: sizes 6 and
 * 8, field 0 at table offset 4), table at 16 (soffset 8, version). */
static void minimal_model(uint8_t b[24], uint32_t version)
{
    memset(b, 0, 24);
    b[0] = 16;
    memcpy(b + 4, "TFL3", 4);
    b[8] = 6; b[10] = 8; b[12] = 4;
    b[16] = 8;
    b[20] = (uint8_t)version;
}

static void model_tables(void **state)
{
    (void)state;
    uint8_t b[24];
    minimal_model(b, 3);
    assert_int_equal(read_buf(b, 24), -1);
    assert_err_has("Model.subgraphs: 0 subgraphs (expected exactly 1)");
    minimal_model(b, 2);
    assert_int_equal(read_buf(b, 24), -1);
    assert_err_has("Model.version 2 (expected schema version 3)");
    minimal_model(b, 3);
    b[0] = 200;                                       /* root outside the file */
    assert_int_equal(read_buf(b, 24), -1);
    assert_err_has("Model (root table): table at 0xc8 (expected inside the 24-byte file)");
    minimal_model(b, 3);
    b[16] = 0x80;                                     /* vtable before the file start */
    assert_int_equal(read_buf(b, 24), -1);
    assert_err_has("vtable");
    minimal_model(b, 3);
    b[10] = 200;                                      /* table size past the end */
    assert_int_equal(read_buf(b, 24), -1);
    assert_err_has("expected to end inside the 24-byte file");
    minimal_model(b, 3);
    b[12] = 30;                                       /* field outside its table */
    assert_int_equal(read_buf(b, 24), -1);
    assert_err_has("expected inside its 8-byte table");
}

/* ---- the published model ---- */

static uint8_t *pub;
static uint32_t pub_size;

static int load_pub(void **state)
{
    (void)state;
    FILE *f = fopen("../shared/models/TinyTracker.tflite", "rb");
    if (!f) return 0;
    pub = malloc(1 << 20);
    pub_size = (uint32_t)fread(pub, 1, 1 << 20, f);
    fclose(f);
    return 0;
}

static int free_pub(void **state)
{
    (void)state;
    free(pub);
    return 0;
}

/* Absolute position of field f of table t (0 if absent). */
static uint32_t field_pos(const fb_ctx *c, const fb_table *t, unsigned f)
{
    uint32_t slot = 4u + 2u * f;
    if (slot + 2u > t->vt_size) return 0;
    uint16_t off = (uint16_t)(c->buf[t->vt + slot] | c->buf[t->vt + slot + 1] << 8);
    return off ? t->pos + off : 0;
}

static void published_model_reads(void **state)
{
    (void)state;
    if (!pub) skip(); /* ../shared/models/TinyTracker.tflite not present */
    tt_graph g;
    assert_int_equal(tflite_read(pub, pub_size, &g, err, sizeof err), 0);
    assert_int_equal(g.nops, 51);
    assert_int_equal(g.n_inputs, 1);
    const tt_gtensor *in = &g.t[g.inputs[0]];
    assert_int_equal(in->type, TTM_T_INT8);
    assert_int_equal(in->dims[1], 128);
    assert_int_equal(in->dims[3], 5);
    assert_int_equal(in->zps[0], -5); /* PAPER.md: zero point -5 */
    tt_graph_free(&g);
}

static void published_model_patched(void **state)
{
    (void)state;
    if (!pub) skip();
    uint8_t *b = malloc(pub_size);
    fb_ctx c = { .buf = pub, .size = pub_size };
    fb_table model, sg, tensor0, oc0;
    uint32_t pos, n;
    assert_int_equal(fb_root(&c, &model), 0);
    /* Tensor[0].type -> 5 (STRING) */
    assert_int_equal(fb_vec(&c, &model, 2, 4, "sg", &pos, &n), 0);
    assert_int_equal(fb_vec_table(&c, pos, 0, "sg", &sg), 0);
    assert_int_equal(fb_vec(&c, &sg, 0, 4, "t", &pos, &n), 0);
    assert_int_equal(fb_vec_table(&c, pos, 0, "t", &tensor0), 0);
    uint32_t type_at = field_pos(&c, &tensor0, 1);
    assert_true(type_at != 0);
    memcpy(b, pub, pub_size);
    b[type_at] = 5;
    assert_int_equal(read_buf(b, pub_size), -1);
    assert_err_has("Tensor[0]: type STRING (5) unsupported");
    b[type_at] = 15; /* the schema's TensorType 15 */
    assert_int_equal(read_buf(b, pub_size), -1);
    assert_err_has("Tensor[0]: type UINT32 (15) unsupported");
    /* OperatorCode[0] -> SQUEEZE (43): both the byte and the int field */
    assert_int_equal(fb_vec(&c, &model, 1, 4, "oc", &pos, &n), 0);
    assert_int_equal(fb_vec_table(&c, pos, 0, "oc", &oc0), 0);
    uint32_t dep = field_pos(&c, &oc0, 0), code = field_pos(&c, &oc0, 3);
    memcpy(b, pub, pub_size);
    if (dep) b[dep] = 43;
    if (code) { b[code] = 43; b[code + 1] = b[code + 2] = b[code + 3] = 0; }
    assert_int_equal(read_buf(b, pub_size), -1);
    assert_err_has("unsupported operator SQUEEZE (builtin code 43)");
    /* BuiltinOperator 27 is SVDF in the schema; reported before the broken
     * tensor type that is also in the file (the operator comes first) */
    if (dep) b[dep] = 27;
    if (code) b[code] = 27;
    b[type_at] = 15;
    assert_int_equal(read_buf(b, pub_size), -1);
    assert_err_has("Operator[");
    assert_err_has("unsupported operator SVDF (builtin code 27)");
    /* CUSTOM (32) is named with its custom_code (absent here: empty) */
    if (dep) b[dep] = 32;
    if (code) b[code] = 32;
    assert_int_equal(read_buf(b, pub_size), -1);
    assert_err_has("unsupported operator CUSTOM \"\" (builtin code 32)");
    free(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(too_short_and_wrong_identifier),
        cmocka_unit_test(model_tables),
        cmocka_unit_test(published_model_reads),
        cmocka_unit_test(published_model_patched),
    };
    return cmocka_run_group_tests(tests, load_pub, free_pub);
}
