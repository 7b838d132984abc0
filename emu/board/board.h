/* Boards as data: the parsed form of models/boards/NAME.yaml.
 *
 * A board file names the cores, the memory map, the devices with their
 * parameters, the links between parts and the power model. board_load()
 * parses one (a built-in name or a path) into a struct board_desc that owns
 * all of its memory; board_free() releases it. Nothing here builds a
 * machine: the board assembly reads this description and creates the cores,
 * bus regions, devices and power components from it.
 *
 * Errors are one line, "FILE:LINE:COL: what was expected", written into the
 * caller's buffer. docs/boards.md describes the file format. */
#ifndef TTEMU_EMU_BOARD_H
#define TTEMU_EMU_BOARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where an item was written in its file (1-based), for later error
 * messages about it (for example a device rejecting a parameter). */
struct board_loc {
    unsigned line, col;
};

enum board_core_kind { BOARD_CORE_M4, BOARD_CORE_M4F, BOARD_CORE_M7 };

/* An optional Cortex-M7 cache (core keys icache/dcache): geometry and
 * cost, all whole numbers; size, line and ways are powers of two. */
struct board_cache {
    bool present;
    uint32_t size, line, ways;    /* bytes, bytes per line, associativity */
    unsigned hit_cycles;          /* extra cycles per hit (default 0) */
    unsigned miss_cycles;         /* miss latency before the fill's wait states */
    struct board_loc loc;
};

struct board_core {
    char *name;
    enum board_core_kind kind;
    uint64_t clock_hz;           /* clock at reset; one of clock_levels_hz */
    uint64_t *clock_levels_hz;   /* selectable clocks, as written (>= 1) */
    size_t nclock_levels;
    char *power;                 /* power component name, or NULL */
    struct board_cache icache, dcache; /* cortex-m7 only; absent: not modelled */
    struct board_loc loc;
};

enum board_mem_kind {
    BOARD_MEM_FLASH, BOARD_MEM_ROM, BOARD_MEM_SRAM, BOARD_MEM_TCM, BOARD_MEM_SDRAM
};

struct board_region {
    char *name;
    uint32_t base, size;          /* base + size <= 2^32, size > 0 */
    enum board_mem_kind kind;
    unsigned wait_read, wait_write; /* extra core cycles per access */
    bool has_energy;              /* read_pj/write_pj given */
    double read_pj, write_pj;     /* energy per access (any width) */
    char *power;                  /* power component name, or NULL */
    struct board_loc loc;
};

/* A device or link parameter: key -> number, string or list of numbers.
 * An unquoted scalar that reads as a number (see docs/boards.md) is a
 * number; anything else, or anything quoted, is a string. `text` always
 * holds the scalar as written (NULL for lists). */
enum board_param_kind { BOARD_PARAM_NUM, BOARD_PARAM_STR, BOARD_PARAM_LIST };

struct board_param {
    char *key;
    enum board_param_kind kind;
    double num;       /* BOARD_PARAM_NUM */
    char *text;       /* BOARD_PARAM_NUM and BOARD_PARAM_STR */
    double *list;     /* BOARD_PARAM_LIST */
    size_t nlist;
    struct board_loc loc;
};

struct board_device {
    char *name;
    char *type;                  /* e.g. "uart", "camera"; see docs/boards.md */
    uint32_t base, size;         /* MMIO window; size 0: no registers */
    int irq;                     /* external interrupt number, -1 for none */
    char *power;                 /* power component name, or NULL */
    struct board_param *params;  /* in file order */
    size_t nparams;
    bool no_model;               /* "model: none": declared without a model */
    struct board_loc loc;
};

enum board_link_kind { BOARD_LINK_PARALLEL, BOARD_LINK_SPI, BOARD_LINK_CSI2, BOARD_LINK_USB2, BOARD_LINK_USB3 };

struct board_link {
    char *name;
    enum board_link_kind kind;
    char *from, *to;             /* core or device names */
    uint64_t bandwidth_bps;      /* raw payload bit rate */
    uint64_t overhead_ps;        /* fixed cost per transfer */
    char *power;                 /* power component name, or NULL */
    struct board_param *params;  /* kind-specific extras (lanes, packet size) */
    size_t nparams;
    struct board_loc loc;
};

struct board_power_state {
    char *name;
    double power_mw;             /* static power in this state */
    double uw_per_mhz;           /* plus this much per MHz of the component clock */
    double voltage_v;            /* supply voltage, 0 when not given */
    struct board_loc loc;
};

struct board_power_action {
    char *name;                  /* e.g. "mac", "byte" */
    double energy_pj;            /* per occurrence */
    struct board_loc loc;
};

struct board_power_comp {
    char *name;
    struct board_power_state *states;   /* >= 1 */
    size_t nstates;
    size_t initial;                     /* index into states */
    uint64_t clock_hz;                  /* initial clock for uw_per_mhz, 0: none */
    struct board_power_action *actions;
    size_t nactions;
    struct board_loc loc;
};

struct board_desc {
    char *name;
    char *description;           /* one line */
    char *source;                /* the path, or "builtin:NAME.yaml" */
    uint32_t boot_addr;          /* vector table; inside a memory region */
    struct board_core *cores;         size_t ncores;
    struct board_region *regions;     size_t nregions;
    struct board_device *devices;     size_t ndevices;
    struct board_link *links;         size_t nlinks;
    struct board_power_comp *power;   size_t npower;
};

/* board_load*() results: the kind of error, for the command's exit status
 * (the values agree with enum fw_status, emu/loader.h). */
enum board_status {
    BOARD_OK = 0,
    BOARD_ENOENT = 1,  /* file cannot be opened, or no built-in of that name */
    BOARD_EPARSE = 2,  /* malformed YAML or a description that does not hold */
    BOARD_ENOMEM = 3,  /* out of memory (the YAML parser could not start) */
    BOARD_EOPTION = 4, /* a command-line edit (--clock, --set) the board refuses */
};

/* Parses `len` bytes of YAML; `source` names it in messages. On failure
 * *out is left empty (safe to board_free) and err holds one line. */
int board_load_text(const char *text, size_t len, const char *source,
                    struct board_desc *out, char *err, size_t errlen);
int board_load_file(const char *path, struct board_desc *out, char *err, size_t errlen);
int board_load_builtin(const char *name, struct board_desc *out, char *err, size_t errlen);
/* A path (contains '/' or ends in .yaml/.yml) or else a built-in name. */
int board_load(const char *spec, struct board_desc *out, char *err, size_t errlen);
void board_free(struct board_desc *b);

/* Built-in boards, embedded at build time from models/boards/ in name
 * order. Returns the count; *names_out gets a static array of names. */
size_t board_builtin_names(const char *const **names_out);
/* The embedded YAML text of a built-in, or NULL. */
const char *board_builtin_text(const char *name, size_t *len);

/* Lookups by name; NULL when absent. */
const struct board_core *board_find_core(const struct board_desc *b, const char *name);
const struct board_region *board_find_region(const struct board_desc *b, const char *name);
const struct board_device *board_find_device(const struct board_desc *b, const char *name);
const struct board_link *board_find_link(const struct board_desc *b, const char *name);
const struct board_power_comp *board_find_power(const struct board_desc *b, const char *name);
/* First device of a type (e.g. "uart"), or NULL. */
const struct board_device *board_find_device_type(const struct board_desc *b, const char *type);

/* Parameters of a device or link. */
const struct board_param *board_param_find(const struct board_param *params, size_t n,
                                           const char *key);
/* The number under key, or dflt when absent or not a number. */
double board_param_num(const struct board_param *params, size_t n, const char *key, double dflt);
/* The text under key (numbers too, as written), or dflt. */
const char *board_param_str(const struct board_param *params, size_t n, const char *key,
                            const char *dflt);

/* For device models checking their parameters: formats
 * "SOURCE:LINE:COL: <message>" into err (the form the parser uses) for an
 * item of board b at loc, and returns -1. */
int board_errorf(const struct board_desc *b, struct board_loc loc, char *err, size_t errlen,
                 const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* An optional numeric parameter in [min, max]: *out = dflt when absent;
 * 0 when fine, or -1 with a located message when the value is a string, a
 * list or out of range. */
int board_param_range(const struct board_desc *b, const struct board_param *params, size_t n,
                      const char *key, double min, double max, double dflt, double *out,
                      char *err, size_t errlen);

/* Names of the enums as written in the YAML. */
const char *board_core_kind_name(enum board_core_kind k);
const char *board_mem_kind_name(enum board_mem_kind k);
const char *board_link_kind_name(enum board_link_kind k);

/* The number grammar of board files: decimal (with '_' separators, an
 * optional fraction and exponent) or 0x hex, then an optional multiplier
 * k M G (x1e3, 1e6, 1e9) or Ki Mi Gi (x2^10, 2^20, 2^30). Returns false
 * when s is not such a number. */
bool board_parse_number(const char *s, double *out);

#endif
