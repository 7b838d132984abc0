/* Opening a .ttm blob: every table, offset and tensor is checked against the
 * blob and arena sizes before anything runs (per-operator checks live next to
 * each operator in ttm_ops.c). */
#include <string.h>
#include "models/runtime/ttm.h"
#include "models/runtime/ttm_internal.h"

/* The on-disk record sizes are part of the format (docs/model-format.md). */
typedef char ttm_header_is_96_bytes[sizeof(ttm_header) == 96 ? 1 : -1];
typedef char ttm_tensor_rec_is_48_bytes[sizeof(ttm_tensor_rec) == 48 ? 1 : -1];
typedef char ttm_op_rec_is_68_bytes[sizeof(ttm_op_rec) == 68 ? 1 : -1];

static const char *const op_names[TTM_OP__COUNT] = {
    "?", "CONV_2D", "DEPTHWISE_CONV_2D", "FULLY_CONNECTED", "ADD", "MUL", "PAD",
    "RESHAPE", "CONCATENATION", "MEAN", "AVERAGE_POOL_2D", "MAX_POOL_2D", "SOFTMAX",
    "LOGISTIC", "TANH", "HARD_SWISH", "QUANTIZE", "DEQUANTIZE", "RELU", "RELU6", "RELU_N1_TO_1",
    "SUB", "CAST", "RESIZE_BILINEAR",
    "ARG_MAX", "FLOOR_DIV", "DIV", "SQRT", "PACK", "UNPACK", "GATHER_ND",
};

const char *tt_op_name(unsigned code)
{
    return code > 0 && code < TTM_OP__COUNT ? op_names[code] : "?";
}

const char *tt_type_name(unsigned type)
{
    static const char *const n[TTM_T__COUNT] = {
        "none", "int8", "int32", "float32", "uint8", "int64", "int16" };
    return type < TTM_T__COUNT ? n[type] : "?";
}

unsigned tt_type_size(unsigned type)
{
    static const unsigned char s[TTM_T__COUNT] = { 0, 1, 4, 4, 1, 8, 2 };
    return type < TTM_T__COUNT ? s[type] : 0;
}

int tt_fail(tt_status *st, const char *table, int32_t index, uint32_t offset, const char *what)
{
    if (st) {
        st->what = what;
        st->table = table;
        st->index = index;
        st->offset = offset;
    }
    return -1;
}

/* [off, off+len) inside [0, size) without overflow. */
int tt_in_range(uint32_t off, uint64_t len, uint32_t size)
{
    return off <= size && len <= (uint64_t)(size - off);
}

uint32_t tt_tensor_elems(const ttm_tensor_rec *t)
{
    uint32_t n = 1;
    for (unsigned d = 0; d < t->ndim && d < TTM_MAX_DIMS; d++) n *= (uint32_t)t->dims[d];
    return n;
}

const char *tt_tensor_name(const tt_model *m, int32_t t)
{
    if (t < 0 || (uint32_t)t >= m->hdr->n_tensors) return "";
    return m->names + m->tensors[t].name_off;
}

int32_t tt_op_input(const tt_model *m, uint32_t op, unsigned k)
{
    const ttm_op_rec *o = &m->ops[op];
    return k < o->n_in ? m->ints[o->io_at + k] : -1;
}

int tt_tensor_read_from(const tt_model *m, uint32_t split, int32_t t)
{
    for (uint32_t op = split; op < m->hdr->n_ops; op++)
        for (unsigned k = 0; k < m->ops[op].n_in; k++)
            if (tt_op_input(m, op, k) == t)
                return 1;
    for (uint32_t k = 0; k < m->hdr->n_outputs; k++)
        if (m->ints[m->hdr->outputs_at + k] == t)
            return 1;
    return 0;
}

int32_t tt_op_output(const tt_model *m, uint32_t op, unsigned k)
{
    const ttm_op_rec *o = &m->ops[op];
    return k < o->n_out ? m->ints[o->io_at + o->n_in + k] : -1;
}

void *tt_tensor_ptr(const tt_model *m, uint8_t *arena, int32_t t)
{
    if (t < 0 || (uint32_t)t >= m->hdr->n_tensors) return NULL;
    const ttm_tensor_rec *r = &m->tensors[t];
    if (r->kind == TTM_K_CONST) return (void *)(uintptr_t)(m->blob + r->data_off);
    return arena + r->data_off;
}

static int check_header(tt_model *m, tt_status *st)
{
    const ttm_header *h = m->hdr;
    if (m->size < sizeof *h) return tt_fail(st, "header", -1, 0, "at least 96 bytes");
    if (h->magic != TTM_MAGIC) return tt_fail(st, "header", -1, 0, "magic 'TTM1'");
    if (h->version != TTM_VERSION) return tt_fail(st, "header", -1, 4, "version 1");
    if (h->file_bytes != m->size) return tt_fail(st, "header", -1, 8, "file_bytes equal to the file size");
    if (h->header_bytes != sizeof *h) return tt_fail(st, "header", -1, 12, "header_bytes 96");
    if (!tt_in_range(h->tensors_off, (uint64_t)h->n_tensors * sizeof(ttm_tensor_rec), m->size) ||
        h->tensors_off % 4)
        return tt_fail(st, "header", -1, 20, "tensor table inside the file, 4-byte aligned");
    if (!tt_in_range(h->ops_off, (uint64_t)h->n_ops * sizeof(ttm_op_rec), m->size) || h->ops_off % 4)
        return tt_fail(st, "header", -1, 28, "operator table inside the file, 4-byte aligned");
    if (!tt_in_range(h->ints_off, (uint64_t)h->n_ints * 4u, m->size) || h->ints_off % 4)
        return tt_fail(st, "header", -1, 36, "index pool inside the file, 4-byte aligned");
    if (!tt_in_range(h->names_off, h->names_bytes, m->size) || h->names_bytes == 0 ||
        m->blob[h->names_off + h->names_bytes - 1] != 0)
        return tt_fail(st, "header", -1, 44, "NUL-terminated name table inside the file");
    if (h->name_off >= h->names_bytes) return tt_fail(st, "header", -1, 80, "model name inside the name table");
    if (!tt_in_range(h->inputs_at, h->n_inputs, h->n_ints) || h->n_inputs == 0 ||
        !tt_in_range(h->outputs_at, h->n_outputs, h->n_ints) || h->n_outputs == 0)
        return tt_fail(st, "header", -1, 52, "model inputs/outputs inside the index pool");
    m->tensors = (const ttm_tensor_rec *)(const void *)(m->blob + h->tensors_off);
    m->ops = (const ttm_op_rec *)(const void *)(m->blob + h->ops_off);
    m->ints = (const int32_t *)(const void *)(m->blob + h->ints_off);
    m->names = (const char *)(m->blob + h->names_off);
    return 0;
}

static int check_tensor(const tt_model *m, uint32_t i, tt_status *st)
{
    const ttm_tensor_rec *t = &m->tensors[i];
    const uint32_t at = m->hdr->tensors_off + i * (uint32_t)sizeof *t;
    unsigned es = tt_type_size(t->type);
    if (!es) return tt_fail(st, "tensor", (int32_t)i, at, "a known element type");
    if (t->ndim > TTM_MAX_DIMS) return tt_fail(st, "tensor", (int32_t)i, at + 1, "at most 4 dimensions");
    uint64_t n = 1;
    for (unsigned d = 0; d < t->ndim; d++) {
        if (t->dims[d] < 1 || t->dims[d] > (1 << 24))
            return tt_fail(st, "tensor", (int32_t)i, at + 4 + 4 * d, "dimension in 1..2^24");
        n *= (uint64_t)t->dims[d];
        if (n > 0x7fffffffu) return tt_fail(st, "tensor", (int32_t)i, at + 4, "fewer than 2^31 elements");
    }
    if ((uint64_t)t->bytes != n * es) return tt_fail(st, "tensor", (int32_t)i, at + 20, "bytes = elements x element size");
    if (t->data_off % 4) return tt_fail(st, "tensor", (int32_t)i, at + 24, "4-byte aligned data");
    if (t->kind == TTM_K_CONST) {
        if (!tt_in_range(t->data_off, t->bytes, m->size))
            return tt_fail(st, "tensor", (int32_t)i, at + 24, "constant data inside the file");
    } else if (t->kind == TTM_K_ARENA) {
        if (!tt_in_range(t->data_off, t->bytes, m->hdr->arena_bytes))
            return tt_fail(st, "tensor", (int32_t)i, at + 24, "activation inside the arena");
    } else {
        return tt_fail(st, "tensor", (int32_t)i, at + 2, "kind 0 (arena) or 1 (constant)");
    }
    if (t->nq > 1) {
        if (t->qdim >= t->ndim || t->nq != (uint32_t)t->dims[t->qdim])
            return tt_fail(st, "tensor", (int32_t)i, at + 36, "one scale per channel of the quantised dimension");
        if (t->q_off % 4 || !tt_in_range(t->q_off, (uint64_t)t->nq * 8u, m->size))
            return tt_fail(st, "tensor", (int32_t)i, at + 40, "per-channel quantisation inside the file");
    }
    if (t->name_off >= m->hdr->names_bytes) return tt_fail(st, "tensor", (int32_t)i, at + 44, "name inside the name table");
    return 0;
}

static int check_op_io(const tt_model *m, uint32_t k, tt_status *st)
{
    const ttm_op_rec *o = &m->ops[k];
    const uint32_t at = m->hdr->ops_off + k * (uint32_t)sizeof *o;
    if (o->code == 0 || o->code >= TTM_OP__COUNT) return tt_fail(st, "operator", (int32_t)k, at, "a known operator code");
    if (o->n_in + o->n_out > TTM_MAX_OP_IO || o->n_out == 0)
        return tt_fail(st, "operator", (int32_t)k, at + 2, "1..16 inputs+outputs with at least one output");
    if (!tt_in_range(o->io_at, (uint64_t)o->n_in + o->n_out, m->hdr->n_ints))
        return tt_fail(st, "operator", (int32_t)k, at + 4, "tensor indices inside the index pool");
    for (unsigned j = 0; j < (unsigned)o->n_in + o->n_out; j++) {
        int32_t t = m->ints[o->io_at + j];
        if (t < -1 || t >= (int32_t)m->hdr->n_tensors)
            return tt_fail(st, "operator", (int32_t)k, at + 4, "tensor index in range (or -1)");
        if (j >= o->n_in && (t < 0 || m->tensors[t].kind != TTM_K_ARENA))
            return tt_fail(st, "operator", (int32_t)k, at + 4, "outputs that are arena tensors");
    }
    if (o->params_off % 4 || !tt_in_range(o->params_off, o->params_bytes, m->size))
        return tt_fail(st, "operator", (int32_t)k, at + 8, "4-byte aligned parameters inside the file");
    return 0;
}

int tt_model_open(tt_model *m, const void *blob, uint32_t size, tt_status *st)
{
    memset(m, 0, sizeof *m);
    m->blob = blob;
    m->size = size;
    m->hdr = blob;
    if ((uintptr_t)blob % 4) return tt_fail(st, "header", -1, 0, "a 4-byte aligned blob");
    if (check_header(m, st)) return -1;
    for (uint32_t i = 0; i < m->hdr->n_tensors; i++)
        if (check_tensor(m, i, st)) return -1;
    for (uint32_t j = 0; j < m->hdr->n_inputs + m->hdr->n_outputs; j++) {
        uint32_t at = j < m->hdr->n_inputs ? m->hdr->inputs_at + j : m->hdr->outputs_at + j - m->hdr->n_inputs;
        int32_t t = m->ints[at];
        if (t < 0 || t >= (int32_t)m->hdr->n_tensors || m->tensors[t].kind != TTM_K_ARENA)
            return tt_fail(st, "header", -1, 48, "model inputs/outputs that are arena tensors");
    }
    for (uint32_t k = 0; k < m->hdr->n_ops; k++)
        if (check_op_io(m, k, st) || tt_check_op(m, k, st)) return -1;
    return 0;
}
