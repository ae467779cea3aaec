/* Colour roles. Each role is one colour pair (pair number = role) when the
 * terminal has colours and they are wanted, else a monochrome attribute.
 * Snapshot --attrs names the role of each run of cells: {r:regression}. */
#ifndef RELCAP_TUI_THEME_H
#define RELCAP_TUI_THEME_H

#include <curses.h>
#include <stdbool.h>

typedef enum {
    ROLE_NORMAL,
    ROLE_HEADER, /* table header */
    ROLE_SELECT, /* selected row */
    ROLE_TAB,    /* pane tab */
    ROLE_TABSEL, /* current pane tab */
    ROLE_TITLE,  /* pane title line */
    ROLE_STATUS, /* status line */
    ROLE_ERROR,  /* error message */
    ROLE_KEY,    /* function bar key */
    ROLE_LABEL,  /* function bar label */
    ROLE_GOOD,   /* success, improvement, picked, approved */
    ROLE_BAD,    /* failure, regression, conflict, revert-needed, rejected */
    ROLE_WARN,   /* pending, running, deferred */
    ROLE_DIM,    /* not-needed, noise, cancelled */
    ROLE_DIALOG,
    ROLE_COUNT
} rc_role;

/* mode: "auto", "always" or "never" (relcap.color); NO_COLOR in the
 * environment turns "auto" off. Call after the screen exists. */
void rc_theme_init(const char *mode);
bool rc_theme_colour(void);
attr_t rc_theme_attr(int role);
/* Markup name of a cell for snapshot --attrs (widgets/screen.h). */
const char *rc_theme_mark(short pair, attr_t attrs);
/* Role for common state words (success, regression, pending, ...). */
int rc_theme_role_for(const char *word);

#endif
