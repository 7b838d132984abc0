/* The built-in synthetic TinyTracker: the published graph's topology at the
 * paper's 112x112 input (RGB + 2 face-grid channels), with deterministic
 * synthetic int8 weights. No trained weights: use it for timing, memory and
 * pipeline tests, never for gaze accuracy. */
#ifndef TT_TINYTRACKER_GEN_H
#define TT_TINYTRACKER_GEN_H

#include <stddef.h>
#include "models/tflite/graph.h"

#define TT_GEN_SIDE      112
#define TT_GEN_CHANNELS  5
#define TT_GEN_SEED      0x7177u

int tt_gen_tinytracker(tt_graph *g, char *err, size_t errlen);

#endif
