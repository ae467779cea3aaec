/* Status line and htop-style function bar: the first row shows a message on
 * the left and a note on the right (progress, last sync); the last row shows
 * key hints, each key in its own attribute followed by its label. With a
 * height of 1 only the function bar is drawn. Hints that do not fit whole
 * are left out (the first ones matter most). */
#ifndef RELCAP_STATUSBAR_H
#define RELCAP_STATUSBAR_H

#include "widgets/widget.h"

typedef struct {
    const char *key;   /* "F1", "a", "Tab" */
    const char *label; /* "Help" */
} rc_fnkey;

typedef struct {
    rc_widget base;
    char *left, *right;
    attr_t status_attr, left_attr;
    rc_fnkey *keys;
    size_t nkeys;
    attr_t key_attr, label_attr;
} rc_statusbar;

rc_statusbar *rc_statusbar_new(void);
void rc_statusbar_free(rc_statusbar *s);
/* Copies the texts; left_attr colours the message (e.g. an error). */
void rc_statusbar_set(rc_statusbar *s, const char *left, attr_t left_attr, const char *right);
/* Copies the hints. */
void rc_statusbar_set_keys(rc_statusbar *s, const rc_fnkey *keys, size_t n);

#endif
