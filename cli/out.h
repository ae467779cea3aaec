/* The terminal side of plain listings, shared by every command: the width
 * to fit on a TTY (none when piped, so nothing is cut for scripts), colour
 * per relcap.color and NO_COLOR, the pager for long outputs (as git does),
 * a header-and-columns printer sized by content, plurals and did-you-mean. */
#ifndef RELCAP_CLI_OUT_H
#define RELCAP_CLI_OUT_H

#include "cli/cmd.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Columns of the terminal on stdout ($COLUMNS first, as less and git do),
 * or 0 when stdout is not a terminal: no limit. */
int out_width(void);

/* Whether to colour stdout: relcap.color always/never, else (auto) a TTY
 * and NO_COLOR unset or empty. */
bool out_color(rc_ctx *ctx);

/* Sends the rest of stdout through the pager when stdout is a TTY:
 * $RELCAP_PAGER, else $PAGER, else `less` (with LESS=FRX when LESS is unset,
 * so a short output stays on the screen); an empty pager or "cat" is none.
 * The pager is waited for when the program exits. */
void out_pager(void);

/* How a long command reports progress on stderr: not at all, on one line
 * rewritten in place (a terminal), or as whole lines (`--progress-lines`:
 * a reader such as the cockpit reloads on each). */
typedef enum { OUT_PROGRESS_NONE, OUT_PROGRESS_TTY, OUT_PROGRESS_LINES } out_progress_mode;

typedef struct {
    out_progress_mode mode;
    bool shown; /* a line was printed: out_progress_end has one to end */
} out_progress;

/* The reporter for a command: lines when asked for, the rewritten line when
 * stderr is a terminal and quiet is false, else none. */
out_progress out_progress_of(bool lines, bool quiet);
/* Prints msg (sanitized: it may name a branch); an rc_picks_progress_fn /
 * rc_sync_opts.progress with ud an out_progress *. */
void out_progress_line(void *ud, const char *msg);
/* Ends the rewritten line of a terminal, if one was shown, so what follows
 * starts clean. */
void out_progress_end(out_progress *p);

/* "1 regression", "2 regressions": the word for n. */
const char *out_plural(size_t n, const char *one, const char *many);

/* A CI state as shown: NULL (JSON null, "-" in tables) when unknown, which
 * the cache writes as "none" until GitHub says otherwise. */
const char *out_ci(const char *ci);

/* Display width of UTF-8 text (a wide character counts 2). */
int out_text_width(const char *s);

typedef enum { OUT_LEFT, OUT_RIGHT } out_align;

typedef struct {
    const char *title;
    out_align align;
    bool free_text; /* cut (with …) to fit the width, the first such column first */
} out_col;

typedef struct out_table out_table;

out_table *out_table_new(const out_col *cols, size_t ncols);
/* Adds a row of ncols cells (copied, sanitized; NULL prints "-"); sgr is the
 * row's colour (an SGR parameter such as "31"), or NULL. */
void out_table_add(out_table *t, const char *const *cells, const char *sgr);
/* Prints the header row and the rows, each column as wide as its widest
 * value; with width > 0 the free-text column is cut to fit it, and
 * droppable columns are hidden when that is not enough. */
/* Column col may be hidden where the free text is cut to its least and the
 * table still does not fit: order 1 first, then 2...; 0 (default): never. */
void out_table_drop(out_table *t, size_t col, int order);
void out_table_print(const out_table *t, FILE *f, int width, bool color);
void out_table_free(out_table *t);

/* A listing printed as one JSON array (--json) or as a table: json or
 * table is set, for the caller's rows. */
typedef struct {
    cJSON *json;
    out_table *table;
} out_list;

void out_list_open(out_list *l, bool json, const out_col *cols, size_t ncols);
/* Prints the array, or the table when it has rows (n), and frees them. */
void out_list_close(out_list *l, rc_ctx *ctx, size_t n);

/* Fields of a JSON object that may be unknown (NULL, or !known): null. */
void out_json_str(cJSON *o, const char *key, const char *v);
/* Untrusted text, sanitized (valid UTF-8, no control sequences). */
void out_json_text(cJSON *o, const char *key, const char *v);
/* The JSON array text holds (a cache column), else an empty one. */
cJSON *out_json_array(const char *text);
/* A number: a PR, an exit code. */
void out_json_num(cJSON *o, const char *key, bool known, double v);
/* A time as ISO 8601 UTC. */
void out_json_time(cJSON *o, const char *key, bool known, int64_t t);

/* Damerau-Levenshtein with git's weights (swap 0, substitution 2, insertion
 * 1, deletion 3) and threshold: fills best with the most similar names of
 * the NULL-terminated list (at most max), returns how many (0: none close). */
size_t out_similar(const char **best, size_t max, const char *typed, const char *const *names);
/* Prints "relcap[ CMD]: 'typed' is not a relcap command|a CMD subcommand.",
 * with the most similar names when there are any; returns the exit status:
 * 1 for a command (as git), 2 for a subcommand (a usage error). */
int out_unknown_word(const char *cmd, const char *typed, const char *const *names);

#endif
