/* Board-file parser internals shared by emu/board*.c; not part of the
 * public API (emu/board/board.h).
 *
 * board_yaml.c      reading YAML: errors at marks, node access, typed
 *                   scalars and numbers, key mappings, lists, the document
 * board_sections.c  the schema's sections (cores, memory, devices, links,
 *                   power) and the top-level mapping
 * board_check.c     whole-board cross-checks and the lookups
 * board.c           loading (text, file, built-in) and freeing
 *
 * Every parse step returns 0, or -1 with the message already in the
 * context's err buffer as "file:line:col: expected ...". */
#ifndef TTEMU_BOARD_INTERNAL_H
#define TTEMU_BOARD_INTERNAL_H

#include "emu/board/board.h"
#include "emu/xalloc.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <yaml.h>

/* Board files are small; the cap keeps a hostile input cheap. */
#define BOARD_MAX_FILE_BYTES (1u << 20)
#define BOARD_MAX_ITEMS 256   /* per list: cores, regions, devices, ... */
#define BOARD_MAX_IRQ 479     /* ARMv7-M: 496 exceptions, 16 of them system */
#define BOARD_MAX_DEPTH 16     /* the schema needs 5 levels (params lists) */
#define BOARD_PAGE_BYTES 4096u /* emu/bus.h maps memory and MMIO in 4 KiB pages */

struct pctx {
    yaml_document_t *doc;
    const char *file;
    char *err;
    size_t errlen;
};

#define NKEYS(keys) (sizeof (keys) / sizeof (keys)[0])
#define REQ(k) (1u << (k))  /* keys[k] is required */

/* ---- board_yaml.c: errors and node access ------------------------------ */

void bp_failv(struct pctx *c, unsigned long line, unsigned long col,
              const char *fmt, va_list ap);
/* The message at n's start (1:1 for a NULL node); returns -1. */
int bp_fail(struct pctx *c, const yaml_node_t *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same, at an item's recorded location (checks after parsing). */
int bp_fail_at(struct pctx *c, struct board_loc l, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
yaml_node_t *bp_node(struct pctx *c, int index);
struct board_loc bp_loc_of(const yaml_node_t *n);
const char *bp_scalar(struct pctx *c, const yaml_node_t *n, const char *what);
/* Allocation: the one out-of-memory policy, emu/xalloc.h (exit 70). */
#define bp_xcalloc xcalloc
#define bp_xstrdup xstrdup

/* ---- board_yaml.c: typed values, mappings, lists ----------------------- */

int bp_get_str(struct pctx *c, const yaml_node_t *n, const char *what, char **dst);
int bp_get_name(struct pctx *c, const yaml_node_t *n, char **dst);
int bp_get_num(struct pctx *c, const yaml_node_t *n, const char *what,
               double min, double max, double *dst);
int bp_get_uint(struct pctx *c, const yaml_node_t *n, const char *what,
                uint64_t min, uint64_t max, uint64_t *dst);
int bp_get_u32(struct pctx *c, const yaml_node_t *n, const char *what,
               uint64_t min, uint64_t max, uint32_t *dst);
int bp_get_enum(struct pctx *c, const yaml_node_t *n, const char *what,
                const char *const names[], size_t nnames, int *dst);
int bp_get_keys(struct pctx *c, const yaml_node_t *n, const char *what,
                const char *const keys[], size_t nkeys, unsigned required,
                yaml_node_t *out[]);
int bp_get_list(struct pctx *c, const yaml_node_t *n, const char *what,
                size_t min, yaml_node_item_t **items, size_t *count);

/* ---- board_yaml.c: the document ---------------------------------------- */

int bp_check_depth(struct pctx *c, const char *text, size_t len);
int bp_load_document(struct pctx *c, yaml_parser_t *p, yaml_document_t *doc);

/* ---- board_sections.c / board_check.c ---------------------------------- */

/* Fills b from the document's root mapping, then runs bp_check_board. */
int bp_parse_board(struct pctx *c, yaml_node_t *root, struct board_desc *b);
/* Unique names, no overlapping windows, power/link references resolve,
 * the boot address (reported at node boot) lies in memory. */
int bp_check_board(struct pctx *c, const struct board_desc *b, const yaml_node_t *boot);

#endif
