/* Choice menu (htop's and tig's pick-one lists): a framed box centred in
 * its placement with a title and one line per item, the chosen one in
 * reverse video, an optional dim note beside each. j/k or the arrows move,
 * Home/End/g/G jump, a digit 1-9 or an item's first letter (the next item
 * starting with it) selects, Enter chooses, Esc or q cancels. */
#ifndef RELCAP_MENU_H
#define RELCAP_MENU_H

#include "widgets/widget.h"

enum { RC_MENU_OPEN, RC_MENU_CHOSEN, RC_MENU_CANCELLED };

typedef struct {
    rc_widget base;
    char *title;
    char **items, **notes; /* notes[i] may be NULL */
    size_t n, sel, top;    /* top: first item shown when they do not all fit */
    int state;
    attr_t attr, title_attr, note_attr;
} rc_menu;

/* items and notes (notes may be NULL) are copied; sel is the item selected
 * first (clamped). */
rc_menu *rc_menu_new(const char *title, const char *const *items, const char *const *notes,
                     size_t n, size_t sel);
void rc_menu_free(rc_menu *m);
/* Feeds a key; returns the state afterwards (the choice is m->sel). */
int rc_menu_feed(rc_menu *m, int key);

#endif
