/* The version --version prints: ttemu's own and the git description of the
 * tree it was built from (mk/version.mk writes BUILD/gen/git_describe.h). */
#include "emu/cli/opts.h"
#include "emu/version.h"

#if defined(__has_include)
#if __has_include("git_describe.h")
#include "git_describe.h"
#endif
#endif
#ifndef TTEMU_GIT_DESCRIBE
#define TTEMU_GIT_DESCRIBE "unknown"
#endif

const char *tt_version_string(void)
{
    return "ttemu " TTEMU_VERSION " (git " TTEMU_GIT_DESCRIBE ")";
}
