/* The one option parser of every ttemu command, on getopt_long: --opt=value
 * and --opt value, -- ends the options, an unambiguous prefix of a long
 * option is taken, -h/--help and -V/--version everywhere. Every error is
 * reported (one line each), not only the first.
 *
 * A command describes its options in a table; --help is printed from that
 * table, so the help cannot miss an option the parser takes (tests/suites/
 * 67-cli.sh checks the help against docs/cli.md and docs/ttemu.1).
 *
 * Adding an option to a command is one table entry (name, value name, help,
 * an id of the command's enum) plus its case in the command's take()
 * function; nothing else. */
#ifndef TTEMU_CLI_OPTS_H
#define TTEMU_CLI_OPTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct tt_opt {
    const char *name;   /* the long name, without the dashes */
    char short_name;    /* a one-letter form, 0 for none */
    const char *arg;    /* the value's name in --help ("FILE"); NULL: a flag */
    const char *help;   /* what it does; '\n' starts a continuation line */
    int id;             /* passed to take() */
};

struct tt_cmd {
    const char *name;     /* for messages: "run", "model info" */
    const char *usage;    /* the usage line(s), without "usage: " */
    const char *about;    /* a paragraph under the usage, or NULL */
    const struct tt_opt *opts;
    size_t nopts;
    const char *epilog;   /* after the options (exit status), or NULL */
    /* Stop at the first operand: the operands after it are not options
     * (run: FIRMWARE and the firmware's own arguments). Otherwise options
     * and operands may come in any order. */
    bool in_order;
    /* One option: returns 0, or non-zero after printing one line (the
     * parse goes on, so every error is seen). value is NULL for a flag. */
    int (*take)(void *ctx, int id, const char *value);
    void *ctx;
};

/* Parses argv[1..argc) (argv[0] is the command's name). Returns -1 with
 * *first the index of the first operand, or an exit status: 0 after
 * --help or --version (printed), 64 after errors (each printed; *first is
 * set then too, for a command that checks its operands all the same). */
int tt_opts_parse(const struct tt_cmd *c, int argc, char **argv, int *first);

/* take() of a command with no options of its own (only -h and -V). */
int tt_opts_none(void *ctx, int id, const char *value);

/* The command's help, as --help prints it. */
void tt_opts_help(const struct tt_cmd *c, FILE *out);

/* The option of the table an argument names, as getopt_long would take it
 * ("--board", "--board=X", an unambiguous prefix), or NULL. For the warning
 * about ttemu options among the firmware's arguments. */
const struct tt_opt *tt_opts_match(const struct tt_cmd *c, const char *arg);

/* "ttemu VERSION (git DESCRIPTION)" */
const char *tt_version_string(void);

#endif
