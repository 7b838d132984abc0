/* libFuzzer target: board YAML (emu/board/): the text parsed, the schema
 * sections read and every cross-check run (what `boards show` and `run`
 * read first). */
#include "emu/board/board.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct board_desc b;
    char err[512];
    board_load_text((const char *)data, size, "fuzz.yaml", &b, err, sizeof err);
    board_free(&b); /* a failed load keeps its source name for the caller: freed too */
    return 0;
}
