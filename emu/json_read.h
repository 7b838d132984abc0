/* A small JSON reader (RFC 8259) for the files ttemu writes itself and
 * reads back: validation tables, sweep reports. The whole document is
 * parsed into a tree of nodes; errors name the line and column. */
#ifndef TTEMU_EMU_JSON_READ_H
#define TTEMU_EMU_JSON_READ_H

#include <stdbool.h>
#include <stddef.h>

enum jr_kind { JR_NULL, JR_BOOL, JR_NUMBER, JR_STRING, JR_ARRAY, JR_OBJECT };

struct jr_node {
    enum jr_kind kind;
    bool boolean;
    double number;
    char *string;            /* JR_STRING: UTF-8, NUL-terminated */
    size_t n;                /* JR_ARRAY / JR_OBJECT: members */
    struct jr_node *items;   /* the members' values */
    char **keys;             /* JR_OBJECT: the members' names */
};

/* Parses text (len bytes). Returns the root, or NULL with "line L, column
 * C: expected ..." in err. Nesting deeper than 64 levels is refused. */
struct jr_node *jr_parse(const char *text, size_t len, char *err, size_t errlen);
/* Reads and parses a file; err names the file too. */
struct jr_node *jr_parse_file(const char *path, char *err, size_t errlen);
void jr_free(struct jr_node *root);

/* The member named key of an object, or NULL (also for a non-object). */
const struct jr_node *jr_get(const struct jr_node *obj, const char *key);
/* The number at obj.key, or def when absent or not a number. */
double jr_number(const struct jr_node *obj, const char *key, double def);
/* The string at obj.key, or NULL. */
const char *jr_string(const struct jr_node *obj, const char *key);

#endif
