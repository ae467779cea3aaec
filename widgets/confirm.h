/* Confirmation dialog: a framed box centred in its placement with a title,
 * message lines and "[y]es / [n]o". y or Enter confirms; n, q or Esc
 * declines. */
#ifndef RELCAP_CONFIRM_H
#define RELCAP_CONFIRM_H

#include "widgets/widget.h"

enum { RC_CONFIRM_PENDING, RC_CONFIRM_YES, RC_CONFIRM_NO };

typedef struct {
    rc_widget base;
    char *title;
    char **lines;
    size_t nlines;
    int state;
    attr_t attr, title_attr;
} rc_confirm;

/* message is split at '\n' (copied). */
rc_confirm *rc_confirm_new(const char *title, const char *message);
void rc_confirm_free(rc_confirm *c);
int rc_confirm_feed(rc_confirm *c, int key);

#endif
