/* Placeholder until the owning issue lands: reports that the command is missing. */
#include "emu/cli.h"

int cmd_model(int argc, char **argv)
{
    (void)argc; (void)argv;
    tt_error("'model' is not built yet");
    return TT_EXIT_INTERNAL;
}
