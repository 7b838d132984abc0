/* Runs that survive Ctrl-C: while a machine runs, SIGINT and SIGTERM ask
 * it to stop at the next slice boundary (an instruction boundary, within a
 * few milliseconds), so the command still finishes the trace and writes
 * the report; the exit status is then 128 + the signal (130, 143). A
 * second signal exits at once. --timeout arms a wall-clock alarm that
 * stops the run the same way (TT_EXIT_TIMEOUT). */
#ifndef TTEMU_CLI_SIGNALS_H
#define TTEMU_CLI_SIGNALS_H

struct machine;

/* Installs the handlers for m; timeout_s > 0 arms the wall-clock limit. */
void sig_run_begin(struct machine *m, double timeout_s);
/* Disarms the alarm and restores the default handlers. */
void sig_run_end(void);
/* The stop reason as words ("interrupted by SIGINT"), or NULL when
 * stop_request holds no signal or timeout. */
const char *sig_stop_reason(int stop_request);

#endif
