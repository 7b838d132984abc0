/* `ttemu boards`: lists the built-in boards, or prints one parsed board
 * (memory map, devices, links, power model) so a user can check that a
 * YAML file says what they meant. */
#include <stdio.h>
#include <string.h>
#include "emu/board/board.h"
#include "emu/machine.h"
#include "emu/cli/cli.h"
#include "emu/cli/opts.h"
#include "devices/device.h"

static const struct tt_cmd boards_cmd = {
    .name = "boards",
    .usage = "ttemu boards [list]              list the built-in boards\n"
             "       ttemu boards show NAME|FILE.yaml  print one board in detail",
    .about = "A NAME with '/' or ending in .yaml/.yml is read as a file.\n"
             "docs/boards.md describes the board file format.",
    .take = tt_opts_none,
};

static const struct tt_cmd show_cmd = {
    .name = "boards show",
    .usage = "ttemu boards show NAME|FILE.yaml",
    .about = "Parses a built-in board (NAME, see 'ttemu boards') or a board file and prints\n"
             "it: cores, memory map, devices and their models, links, power components. It\n"
             "accepts exactly what 'ttemu run --board' accepts (docs/boards.md).",
    .epilog = "exit status: 0; 64 usage, 65 malformed board, 66 no such file or board",
    .take = tt_opts_none,
};

static int list_boards(void)
{
    const char *const *names;
    size_t n = board_builtin_names(&names);
    for (size_t k = 0; k < n; k++) {
        struct board_desc b;
        char err[512];
        int rc = board_load_builtin(names[k], &b, err, sizeof err);
        if (rc) {  /* a broken built-in is a build bug; say so and go on */
            tt_error("%s", err);
            board_free(&b);
            return TT_EXIT_INTERNAL;
        }
        printf("%-12s %s\n", b.name, b.description);
        board_free(&b);
    }
    return TT_EXIT_OK;
}

static void print_params(const struct board_param *p, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        printf("      %s: ", p[k].key);
        if (p[k].kind == BOARD_PARAM_LIST) {
            putchar('[');
            for (size_t j = 0; j < p[k].nlist; j++)
                printf("%s%.10g", j ? ", " : "", p[k].list[j]);
            puts("]");
        } else if (p[k].kind == BOARD_PARAM_NUM) {
            printf("%s (%.10g)\n", p[k].text, p[k].num);
        } else {
            printf("\"%s\"\n", p[k].text);
        }
    }
}

static void print_cores(const struct board_desc *b)
{
    printf("\ncores:\n");
    for (size_t k = 0; k < b->ncores; k++) {
        const struct board_core *c = &b->cores[k];
        printf("  %-10s %-10s %.3f MHz  levels:", c->name, board_core_kind_name(c->kind),
               c->clock_hz / 1e6);
        for (size_t j = 0; j < c->nclock_levels; j++)
            printf(" %.3f", c->clock_levels_hz[j] / 1e6);
        printf(" MHz%s%s\n", c->power ? "  power: " : "", c->power ? c->power : "");
    }
}

static void print_memory(const struct board_desc *b)
{
    printf("\nmemory map:\n  %-12s %-10s %-10s %-10s %-6s %-5s %s\n",
           "name", "base", "end", "size", "kind", "wait", "energy/access");
    for (size_t k = 0; k < b->nregions; k++) {
        const struct board_region *r = &b->regions[k];
        char energy[64] = "-";
        if (r->has_energy)
            snprintf(energy, sizeof energy, "r %.3f pJ, w %.3f pJ", r->read_pj, r->write_pj);
        printf("  %-12s 0x%08x 0x%08llx %-10u %-6s %u/%-3u %s\n", r->name, (unsigned)r->base,
               (unsigned long long)r->base + r->size - 1, (unsigned)r->size,
               board_mem_kind_name(r->kind), r->wait_read, r->wait_write, energy);
    }
}

static void print_devices(const struct board_desc *b)
{
    if (!b->ndevices)
        return;
    printf("\ndevices:\n");
    for (size_t k = 0; k < b->ndevices; k++) {
        const struct board_device *d = &b->devices[k];
        printf("  %-12s %-16s", d->name, d->type);
        if (d->size)
            printf(" 0x%08x+0x%-6x", (unsigned)d->base, (unsigned)d->size);
        else
            printf(" %-17s", "(no registers)");
        if (d->irq >= 0)
            printf(" irq %d", d->irq);
        if (d->power)
            printf("  power: %s", d->power);
        const struct device_type *t = device_type_find(d->type);
        printf("\n      model: %s\n", t ? t->summary
                                       : "none (declared 'model: none': its window reads 0 and ignores writes)");
        print_params(d->params, d->nparams);
    }
}

static void print_links(const struct board_desc *b)
{
    if (!b->nlinks)
        return;
    printf("\nlinks:\n");
    for (size_t k = 0; k < b->nlinks; k++) {
        const struct board_link *l = &b->links[k];
        printf("  %-12s %-8s %s -> %s  %.3f Mbit/s, %.3f us per transfer%s%s\n", l->name,
               board_link_kind_name(l->kind), l->from, l->to, l->bandwidth_bps / 1e6,
               l->overhead_ps / 1e6, l->power ? "  power: " : "", l->power ? l->power : "");
        print_params(l->params, l->nparams);
    }
}

static void print_power(const struct board_desc *b)
{
    if (!b->npower)
        return;
    printf("\npower components:\n");
    for (size_t k = 0; k < b->npower; k++) {
        const struct board_power_comp *pc = &b->power[k];
        printf("  %s", pc->name);
        if (pc->clock_hz)
            printf("  (clock %.3f MHz)", pc->clock_hz / 1e6);
        putchar('\n');
        for (size_t j = 0; j < pc->nstates; j++) {
            const struct board_power_state *s = &pc->states[j];
            printf("    %c %-12s %10.3f mW", j == pc->initial ? '*' : ' ', s->name, s->power_mw);
            if (s->uw_per_mhz)
                printf(" + %.3f uW/MHz", s->uw_per_mhz);
            if (s->voltage_v)
                printf(" at %.3f V", s->voltage_v);
            putchar('\n');
        }
        for (size_t j = 0; j < pc->nactions; j++)
            printf("      action %-12s %.3f pJ\n", pc->actions[j].name, pc->actions[j].energy_pj);
    }
    printf("  (* initial state)\n");
}

/* The checks only a machine makes (device parameters, the bus's limits):
 * show accepts exactly what run accepts. */
static int machine_checks(const char *spec)
{
    static struct machine m; /* large */
    char err[512];
    int rc = machine_init(&m, spec, err, sizeof err);
    machine_free(&m);
    memset(&m, 0, sizeof m);
    if (!rc)
        return TT_EXIT_OK;
    fflush(stdout);
    tt_error("%s", err);
    return tt_exit_for(rc);
}

static int show_board(const char *spec)
{
    struct board_desc b;
    char err[512];
    int rc = board_load(spec, &b, err, sizeof err);
    if (rc) {
        tt_error("%s", err);
        board_free(&b);
        return tt_exit_for(rc);
    }
    if (device_check_board(&b, err, sizeof err)) {   /* what ttemu run checks too */
        tt_error("%s", err);
        board_free(&b);
        return TT_EXIT_BADINPUT;
    }
    printf("board %s: %s\nsource: %s\nboot (vector table): 0x%08x\n", b.name, b.description,
           b.source, (unsigned)b.boot_addr);
    print_cores(&b);
    print_memory(&b);
    print_devices(&b);
    print_links(&b);
    print_power(&b);
    board_free(&b);
    return machine_checks(spec);
}

int cmd_boards(int argc, char **argv)
{
    int first;
    bool show = argc >= 2 && !strcmp(argv[1], "show");
    const struct tt_cmd *c = show ? &show_cmd : &boards_cmd;
    int rc = tt_opts_parse(c, argc - show, argv + show, &first);
    if (rc >= 0)
        return rc;
    first += show;
    if (show) {
        if (argc - first != 1) {
            tt_error("boards show: expected one NAME or FILE.yaml (try 'ttemu boards show --help')");
            return TT_EXIT_USAGE;
        }
        return show_board(argv[first]);
    }
    if (first == argc || (argc - first == 1 && !strcmp(argv[first], "list")))
        return list_boards();
    tt_error("boards: unknown argument '%s' (try 'ttemu boards --help')", argv[first]);
    return TT_EXIT_USAGE;
}
