/* Placeholder: replaced by the real runner in this same change series. */
#include "emu/cli.h"

int cmd_run(int argc, char **argv)
{
    (void)argc; (void)argv;
    tt_error("'run' is not built yet");
    return TT_EXIT_INTERNAL;
}
