/* .tflite import: the flatbuffer (schema version 3) into a tt_graph. */
#ifndef TT_TFLITE_H
#define TT_TFLITE_H

#include <stddef.h>
#include <stdint.h>
#include "models/tflite/graph.h"

/* Reads subgraph 0 of a .tflite held in buf (which must outlive g: constant
 * tensors point into it). On failure returns -1 and err holds one line
 * naming the table/field, the file offset and what was expected. */
int tflite_read(const uint8_t *buf, uint32_t size, tt_graph *g, char *err, size_t errlen);

/* Name of a TFLite builtin operator code ("BUILTIN_43" when not known here). */
const char *tflite_builtin_name(int32_t code, char tmp[24]);
/* Name of a TFLite TensorType ("TYPE_n" when unknown). */
const char *tflite_type_name(unsigned type, char tmp[24]);

/* uint8 quantised tensors -> int8 with the zero point shifted by 128 (exact);
 * uint8 model inputs/outputs get a QUANTIZE at the edge (models/tflite/uint8.c). */
int tt_graph_uint8_to_int8(tt_graph *g, char *err, size_t errlen);

/* Loads FILE (.tflite or .ttm, by content), or the built-in "tinytracker",
 * into a .ttm blob ready for tt_model_open. *blob is malloc'ed (16-byte
 * aligned). Returns 0, or a TT_EXIT_* code after one line in err. */
int tt_load_any(const char *path, uint8_t **blob, uint32_t *size, char *err, size_t errlen);

#endif
