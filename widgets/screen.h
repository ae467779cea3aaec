/* Reading a window back as text: the snapshot mode of the cockpit and the
 * widget tests both dump what was drawn, cell by cell (mvwin_wch), so what
 * they compare is what the terminal would show. */
#ifndef RELCAP_SCREEN_H
#define RELCAP_SCREEN_H

#include "widgets/widget.h"

/* Names the markup of a cell from its colour pair and attributes, or NULL
 * for plain text. */
typedef const char *(*rc_screen_mark_fn)(short pair, attr_t attrs);

/* The window as UTF-8 text, one line per row, trailing spaces removed.
 * With mark, runs of cells of the same non-NULL mark are written as
 * {mark:text}, and literal braces are doubled. Returns a malloc'd string. */
char *rc_screen_dump(WINDOW *win, rc_screen_mark_fn mark);
/* One row (no newline), for tests. */
char *rc_screen_row(WINDOW *win, int y);

#endif
