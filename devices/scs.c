/* Placeholder until the system issue lands: no SCS devices yet. */
#include "devices/scs.h"

int scs_attach(struct machine *m, char *err, size_t errlen)
{
    (void)m; (void)err; (void)errlen;
    return 0;
}

void scs_reset(struct machine *m) { (void)m; }
void scs_detach(struct machine *m) { (void)m; }
