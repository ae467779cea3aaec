/* Scrollable text viewer (detail views, logs, help). Lines longer than the
 * width wrap at a space (a word longer than the width is broken), the
 * continuation indented as the line is, so that nothing is cut off.
 * `follow` keeps the view at the end as text is appended (a log being
 * written). Scrolling counts screen rows. */
#ifndef RELCAP_TEXTVIEW_H
#define RELCAP_TEXTVIEW_H

#include "widgets/widget.h"

typedef struct {
    rc_widget base;
    char *title; /* first row when set, in title_attr */
    char **lines;
    size_t nlines, cap, top; /* top: the first screen row shown */
    /* the lines wrapped at wrap_w: per screen row, its line, bytes, indent */
    struct rc_tvrow {
        size_t line, off, len;
        int indent;
    } * rows;
    size_t nrows, rows_cap;
    int wrap_w; /* 0: not wrapped yet (or the text changed) */
    bool follow;
    attr_t title_attr;
} rc_textview;

rc_textview *rc_textview_new(const char *title);
void rc_textview_free(rc_textview *t);
/* Replaces the text (split at '\n'; copied). */
void rc_textview_set_text(rc_textview *t, const char *text);
/* Appends text; a trailing partial line continues on the next append. */
void rc_textview_append(rc_textview *t, const char *text);
void rc_textview_scroll(rc_textview *t, long delta);
void rc_textview_home(rc_textview *t);
void rc_textview_end(rc_textview *t);
/* Scrolls as a motion says (a page: the visible rows less one). */
void rc_textview_motion(rc_textview *t, rc_wmotion m);
int rc_textview_visible(const rc_textview *t);
/* Screen rows of the text at the current width. */
size_t rc_textview_rows(rc_textview *t);

#endif
