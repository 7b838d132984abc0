/* `ttemu run` options for the TinyTracker application (firmware/app):
 * --model places a model in the image's model partition before the run,
 * --dump-tensors writes the input and output tensors the firmware used. */
#ifndef TTEMU_CLI_RUN_MODEL_H
#define TTEMU_CLI_RUN_MODEL_H

#include <stddef.h>

struct machine;

/* Loads FILE (.tflite converted in memory, .ttm, or 'tinytracker') and
 * writes it at the firmware's __model_start__. Refuses, with the sizes, a
 * model larger than the partition or whose arena exceeds the heap the image
 * leaves (__heap_start__ .. __heap_end__). Returns 0 or a TT_EXIT_* code
 * after one line in err. */
int run_model_place(struct machine *m, const char *fw_path, const char *model_path,
                    char *err, size_t errlen);

/* Before the run: watches for the firmware's input marker (trace device
 * MARK = "TTIO") and copies the input tensor then, before the arena plan
 * reuses its bytes. Chains to a trace hook already installed. */
void run_model_watch(struct machine *m, const char *fw_path);

/* After the run: DIR/input.bin and DIR/output.bin from the firmware's
 * tt_app_io record. Returns 0 or a TT_EXIT_* code after one line in err. */
int run_model_dump(struct machine *m, const char *fw_path, const char *dir, char *err, size_t errlen);

#endif
