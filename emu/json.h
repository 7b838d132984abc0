/* The one JSON writer: every JSON output (the report, `trace export
 * --perfetto`, `model info --json`) goes through it, so escaping, numbers
 * and nesting are done once.
 *
 * A writer tracks the open containers; each value call takes the key it
 * has in the enclosing object, or NULL inside an array and at the root.
 * Strings are escaped as RFC 8259 asks; bytes that are not valid UTF-8 are
 * written as U+FFFD, so a damaged name still gives a file every parser
 * reads. A number that is not finite is written as null (JSON has no NaN).
 *
 * Layout: `pretty` puts each entry on its own line indented two spaces per
 * level and a space after the colon; compact writes no white space except
 * that entries at depth `line_depth` (if non-zero) start a new line, which
 * keeps a long event array readable one event per line. */
#ifndef TTEMU_EMU_JSON_H
#define TTEMU_EMU_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

struct json {
    FILE *f;
    bool pretty;
    int line_depth;
    int depth;                     /* open containers */
    bool empty[JSON_MAX_DEPTH + 1]; /* per depth: no entry written yet */
    bool is_list[JSON_MAX_DEPTH + 1];
};

void json_begin(struct json *j, FILE *f, bool pretty, int line_depth);
/* Closes what is still open and ends the text with a newline. */
void json_end(struct json *j);

void json_obj(struct json *j, const char *key);
void json_arr(struct json *j, const char *key);
void json_close(struct json *j); /* the innermost object or array */

void json_str(struct json *j, const char *key, const char *s); /* NULL: null */
void json_u64(struct json *j, const char *key, uint64_t v);
void json_i64(struct json *j, const char *key, int64_t v);
void json_num(struct json *j, const char *key, double v, int decimals);
void json_bool(struct json *j, const char *key, bool v);
void json_null(struct json *j, const char *key);

/* The string escaper alone, for a writer that quotes a scalar the JSON way
 * (a JSON string is also a valid YAML double-quoted scalar). */
void json_put_string(FILE *f, const char *s);

#endif
