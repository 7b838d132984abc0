/* Runs one kbench layer through the reference kernel, the ARMv7E-M entry
 * directly, or the dispatching tt_* entry of a KERNELS=opt build. */
#include "kbench.h"

int kb_run_ref(const kb_layer *l, const int8_t *in, const int8_t *w, const int32_t *bias, int8_t *out)
{
    switch (l->kind) {
    case KB_CONV: ref_conv2d_s8(&l->p, l->in_s, in, l->f_s, w, bias, l->out_s, out); break;
    case KB_DW: ref_dwconv2d_s8(&l->p, l->in_s, in, l->f_s, w, bias, l->out_s, out); break;
    case KB_FC: ref_fully_connected_s8(&l->p, l->in_s.n, l->in_s.c, in, l->out_s.c, w, bias, out); break;
    }
    return 1;
}

int kb_run_opt(const kb_layer *l, const int8_t *in, const int8_t *w, const int32_t *bias, int8_t *out)
{
    switch (l->kind) {
    case KB_CONV: return tt_conv2d_s8_armv7em(&l->p, l->in_s, in, l->f_s, w, bias, l->out_s, out);
    case KB_DW: return tt_dwconv2d_s8_armv7em(&l->p, l->in_s, in, l->f_s, w, bias, l->out_s, out);
    case KB_FC:
        return tt_fully_connected_s8_armv7em(&l->p, l->in_s.n, l->in_s.c, in, l->out_s.c, w, bias, out);
    }
    return 0;
}

int kb_run_dispatch(const kb_layer *l, const int8_t *in, const int8_t *w, const int32_t *bias, int8_t *out)
{
    switch (l->kind) {
    case KB_CONV: tt_conv2d_s8(&l->p, l->in_s, in, l->f_s, w, bias, l->out_s, out); break;
    case KB_DW: tt_dwconv2d_s8(&l->p, l->in_s, in, l->f_s, w, bias, l->out_s, out); break;
    case KB_FC: tt_fully_connected_s8(&l->p, l->in_s.n, l->in_s.c, in, l->out_s.c, w, bias, out); break;
    }
    return 1;
}
